//! The roles in which entities relate to each other, which are also the headings relations are
//! listed under.

/// The part one entity plays for another, which is also the heading it is listed under.
/// Relations are shown in the order of this enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// The conference a talk or workshop belongs to.
    PartOf,
    /// The talks and workshops of a conference.
    Sessions,
    Speakers,
    /// A speaker's events.
    Talks,
    /// Events of a topic or project.
    Events,
    Affiliations,
    Organizers,
    Partners,
    /// Events an organization organized.
    Organized,
    /// Events an organization was a partner of.
    PartnerOf,
    /// Speakers affiliated with an organization.
    People,
    /// Organizations behind a project.
    Organizations,
    Topics,
    Broader,
    Narrower,
    Projects,
    Sources,
    /// Entities that cite a source.
    CitedBy,
}

impl Role {
    /// Every role, in the order of the enum.
    pub const ALL: [Role; 18] = [
        Role::PartOf,
        Role::Sessions,
        Role::Speakers,
        Role::Talks,
        Role::Events,
        Role::Affiliations,
        Role::Organizers,
        Role::Partners,
        Role::Organized,
        Role::PartnerOf,
        Role::People,
        Role::Organizations,
        Role::Topics,
        Role::Broader,
        Role::Narrower,
        Role::Projects,
        Role::Sources,
        Role::CitedBy,
    ];

    /// The role's place in `Role::ALL`.
    pub const fn position(self) -> usize {
        self as usize
    }

    /// The heading the relation is shown under.
    pub fn label(self) -> &'static str {
        match self {
            Role::PartOf => "Part of",
            Role::Sessions => "Sessions",
            Role::Speakers => "Speakers",
            Role::Talks => "Talks",
            Role::Topics => "Topics",
            Role::Organizers => "Organizers",
            Role::Partners => "Partners",
            Role::Affiliations => "Affiliations",
            Role::Projects => "Projects",
            Role::Events => "Events",
            Role::Organizations => "Organizations",
            Role::People => "People",
            Role::Organized => "Organized",
            Role::PartnerOf => "Partner of",
            Role::Broader => "Broader topics",
            Role::Narrower => "Narrower topics",
            Role::Sources => "Sources",
            Role::CitedBy => "Cited by",
        }
    }

    /// The key used in JSON output (`partner_of`).
    pub fn key(self) -> &'static str {
        match self {
            Role::PartOf => "part_of",
            Role::Sessions => "sessions",
            Role::Speakers => "speakers",
            Role::Talks => "talks",
            Role::Topics => "topics",
            Role::Organizers => "organizers",
            Role::Partners => "partners",
            Role::Affiliations => "affiliations",
            Role::Projects => "projects",
            Role::Events => "events",
            Role::Organizations => "organizations",
            Role::People => "people",
            Role::Organized => "organized",
            Role::PartnerOf => "partner_of",
            Role::Broader => "broader",
            Role::Narrower => "narrower",
            Role::Sources => "sources",
            Role::CitedBy => "cited_by",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Role;

    #[test]
    fn a_roles_position_is_its_place_in_all() {
        for (place, role) in Role::ALL.into_iter().enumerate() {
            assert_eq!(role.position(), place, "{role:?}");
        }
    }
}
