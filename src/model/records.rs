//! The six kinds of entity as records of a dataset file: what serde reads and writes, and how
//! each offers its references and text to the loader through the `Entity` trait.

use serde::{Deserialize, Deserializer, Serialize};

use super::entity::{Entity, Kind, References, TextField};
use super::role::Role;

/// A `null` list is the same as an absent one: "everything else may be absent or null".
fn nullable_list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// Builds a `References` entry.
fn refs<'a>(
    field: &'static str,
    target: Kind,
    (forward, reverse): (Role, Role),
    ids: &'a [String],
) -> References<'a> {
    References {
        field,
        target,
        forward,
        reverse,
        ids,
        single: false,
    }
}

/// Collects the text fields of an entity: single-line `Option<String>`s, multi-line ones and
/// lists of strings.
struct TextFields<'a>(Vec<TextField<'a>>);

impl<'a> TextFields<'a> {
    fn line(mut self, field: &'static str, text: &'a mut String) -> Self {
        self.0.push(TextField {
            field,
            item: None,
            text,
            multiline: false,
        });
        self
    }

    fn lines<const N: usize>(
        mut self,
        fields: [(&'static str, &'a mut Option<String>); N],
    ) -> Self {
        for (field, text) in fields {
            if let Some(text) = text {
                self = self.line(field, text);
            }
        }
        self
    }

    fn block(mut self, field: &'static str, text: &'a mut Option<String>) -> Self {
        if let Some(text) = text {
            self.0.push(TextField {
                field,
                item: None,
                text,
                multiline: true,
            });
        }
        self
    }

    fn list(mut self, field: &'static str, texts: &'a mut [String]) -> Self {
        for (i, text) in texts.iter_mut().enumerate() {
            self.0.push(TextField {
                field,
                item: Some(i),
                text,
                multiline: false,
            });
        }
        self
    }
}

macro_rules! to_json_impl {
    () => {
        fn to_json(&self) -> serde_json::Value {
            // Serializing plain structs of strings cannot fail.
            serde_json::to_value(self).unwrap_or_default()
        }
    };
}

/// A document an entity's facts come from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Source {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// ISO 8601 date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The document's file name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Entity for Source {
    fn kind(&self) -> Kind {
        Kind::Source
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.title
    }
    fn name_field(&self) -> &'static str {
        "title"
    }
    fn references(&self) -> Vec<References<'_>> {
        Vec::new()
    }
    fn text_fields(&mut self) -> Vec<TextField<'_>> {
        TextFields(Vec::new())
            .line("title", &mut self.title)
            .lines([
                ("publisher", &mut self.publisher),
                ("published", &mut self.published),
                ("language", &mut self.language),
                ("file", &mut self.file),
                ("url", &mut self.url),
            ])
            .0
    }
    to_json_impl!();
}

/// A conference, workshop, talk or any other happening. Talks and workshops name their
/// conference as `parent`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Event {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// ISO 8601 date or date-time with offset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub organizers: Vec<String>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub partners: Vec<String>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub speakers: Vec<String>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub topics: Vec<String>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub projects: Vec<String>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The language the event is held in, as a code such as `de` or `en`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Further addresses: slides, recordings, a project page.
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub links: Vec<String>,
}

impl Entity for Event {
    fn kind(&self) -> Kind {
        Kind::Event
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.title
    }
    fn name_field(&self) -> &'static str {
        "title"
    }
    fn references(&self) -> Vec<References<'_>> {
        vec![
            References {
                single: true,
                ..refs(
                    "parent",
                    Kind::Event,
                    (Role::PartOf, Role::Sessions),
                    self.parent.as_slice(),
                )
            },
            refs(
                "speakers",
                Kind::Speaker,
                (Role::Speakers, Role::Talks),
                &self.speakers,
            ),
            refs(
                "topics",
                Kind::Topic,
                (Role::Topics, Role::Events),
                &self.topics,
            ),
            refs(
                "organizers",
                Kind::Organization,
                (Role::Organizers, Role::Organized),
                &self.organizers,
            ),
            refs(
                "partners",
                Kind::Organization,
                (Role::Partners, Role::PartnerOf),
                &self.partners,
            ),
            refs(
                "projects",
                Kind::Project,
                (Role::Projects, Role::Events),
                &self.projects,
            ),
            refs(
                "sources",
                Kind::Source,
                (Role::Sources, Role::CitedBy),
                &self.sources,
            ),
        ]
    }
    fn text_fields(&mut self) -> Vec<TextField<'_>> {
        TextFields(Vec::new())
            .line("title", &mut self.title)
            .lines([
                ("kind", &mut self.kind),
                ("start", &mut self.start),
                ("end", &mut self.end),
                ("venue", &mut self.venue),
                ("city", &mut self.city),
                ("country", &mut self.country),
                ("series", &mut self.series),
                ("url", &mut self.url),
                ("language", &mut self.language),
            ])
            .block("summary", &mut self.summary)
            .list("links", &mut self.links)
            .0
    }
    to_json_impl!();
}

/// A person who speaks at events.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Speaker {
    pub id: String,
    pub name: String,
    /// Title before the name, such as "Prof." or "Dr.".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub honorific: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub affiliations: Vec<String>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub topics: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub sources: Vec<String>,
}

impl Entity for Speaker {
    fn kind(&self) -> Kind {
        Kind::Speaker
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn references(&self) -> Vec<References<'_>> {
        vec![
            refs(
                "affiliations",
                Kind::Organization,
                (Role::Affiliations, Role::People),
                &self.affiliations,
            ),
            refs(
                "topics",
                Kind::Topic,
                (Role::Topics, Role::Speakers),
                &self.topics,
            ),
            refs(
                "sources",
                Kind::Source,
                (Role::Sources, Role::CitedBy),
                &self.sources,
            ),
        ]
    }
    fn text_fields(&mut self) -> Vec<TextField<'_>> {
        TextFields(Vec::new())
            .line("name", &mut self.name)
            .lines([
                ("honorific", &mut self.honorific),
                ("role", &mut self.role),
                ("url", &mut self.url),
            ])
            .0
    }
    to_json_impl!();
}

/// A subject events, speakers and projects are about.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Topic {
    pub id: String,
    pub name: String,
    /// Other names, e.g. English ones for German topics, so "privacy" finds "Datenschutz".
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub aliases: Vec<String>,
    /// Wider topics this one belongs to.
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub broader: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub sources: Vec<String>,
}

impl Entity for Topic {
    fn kind(&self) -> Kind {
        Kind::Topic
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn references(&self) -> Vec<References<'_>> {
        vec![
            refs(
                "broader",
                Kind::Topic,
                (Role::Broader, Role::Narrower),
                &self.broader,
            ),
            refs(
                "sources",
                Kind::Source,
                (Role::Sources, Role::CitedBy),
                &self.sources,
            ),
        ]
    }
    fn text_fields(&mut self) -> Vec<TextField<'_>> {
        TextFields(Vec::new())
            .line("name", &mut self.name)
            .list("aliases", &mut self.aliases)
            .block("description", &mut self.description)
            .0
    }
    to_json_impl!();
}

/// A company, association, university, ministry or any other body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Organization {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub sources: Vec<String>,
}

impl Entity for Organization {
    fn kind(&self) -> Kind {
        Kind::Organization
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn references(&self) -> Vec<References<'_>> {
        vec![refs(
            "sources",
            Kind::Source,
            (Role::Sources, Role::CitedBy),
            &self.sources,
        )]
    }
    fn text_fields(&mut self) -> Vec<TextField<'_>> {
        TextFields(Vec::new())
            .line("name", &mut self.name)
            .lines([
                ("short", &mut self.short),
                ("kind", &mut self.kind),
                ("city", &mut self.city),
                ("country", &mut self.country),
                ("url", &mut self.url),
            ])
            .0
    }
    to_json_impl!();
}

/// A project, strategy, initiative, infrastructure or study.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Project {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub organizations: Vec<String>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub topics: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(
        deserialize_with = "nullable_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub sources: Vec<String>,
}

impl Entity for Project {
    fn kind(&self) -> Kind {
        Kind::Project
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn references(&self) -> Vec<References<'_>> {
        vec![
            refs(
                "organizations",
                Kind::Organization,
                (Role::Organizations, Role::Projects),
                &self.organizations,
            ),
            refs(
                "topics",
                Kind::Topic,
                (Role::Topics, Role::Projects),
                &self.topics,
            ),
            refs(
                "sources",
                Kind::Source,
                (Role::Sources, Role::CitedBy),
                &self.sources,
            ),
        ]
    }
    fn text_fields(&mut self) -> Vec<TextField<'_>> {
        TextFields(Vec::new())
            .line("name", &mut self.name)
            .lines([("kind", &mut self.kind), ("url", &mut self.url)])
            .block("summary", &mut self.summary)
            .0
    }
    to_json_impl!();
}
