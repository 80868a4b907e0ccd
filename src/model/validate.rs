//! Semantic checks of a parsed dataset, all collected rather than stopping at the first, and the
//! building of the index from the references that passed them.

use super::date::When;
use super::entity::{EntityRef, Kind};
use super::ids::IdTable;
use super::index::IndexBuilder;
use super::role::Role;
use super::schema::{self, event, source};
use super::{Dataset, Problem};

/// Checks ids, names, dates, references and cycles; returns the links for the index and the
/// entity each reference names (in the order of the store's references), or every problem
/// found.
pub(super) fn check(dataset: &Dataset) -> Result<(IndexBuilder, Vec<EntityRef>), Vec<Problem>> {
    let mut problems = Vec::new();
    let by_id = collect_ids(dataset, &mut problems);
    check_names(dataset, &mut problems);
    check_dates(dataset, &mut problems);
    let mut builder = IndexBuilder::new(by_id, dataset.numbering());
    let mut parents: Vec<Option<usize>> = vec![None; dataset.count(Kind::Event)];
    let mut broader: Vec<Vec<usize>> = vec![Vec::new(); dataset.count(Kind::Topic)];
    let mut resolved = Resolved(Vec::new());
    // Every reference names an entity once the load succeeds; until then, a stand-in.
    let mut targets = vec![EntityRef::new(Kind::Source, 0); dataset.store.reference_count()];
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let mut parts: Vec<LookUps<'_>> = (0..threads).map(|_| LookUps::default()).collect();
    for (kind, block) in blocks(dataset) {
        // Looking ids up is most of the work and reads only: the block's entities are looked up
        // on every core, then linked here in their order, so problems keep the file's order.
        let parts = look_up_references(dataset, &builder, kind, block, &mut parts);
        for part in parts.iter_mut() {
            problems.append(&mut part.problems);
        }
        // Each part holds whole entities: an entity's links are in one.
        let links = parts
            .iter()
            .flat_map(|part| part.links.chunk_by(|a, b| a.from == b.from));
        for entity_links in links {
            let entity = entity_links[0].from;
            resolved.0.clear();
            for link in entity_links {
                targets[link.item as usize] = link.to;
                builder.link(entity, link.forward, link.to);
                builder.link(link.to, link.reverse, entity);
                resolved.0.push((link.forward, link.to));
            }
            match entity.kind() {
                Kind::Event => {
                    parents[entity.index()] = resolved.first(Role::PartOf);
                    link_through_talk(&resolved, &mut builder);
                }
                Kind::Topic => broader[entity.index()] = resolved.indexes(Role::Broader),
                _ => {}
            }
        }
    }
    check_cycles(
        dataset,
        Kind::Event,
        |i| parents[i].as_slice(),
        &mut problems,
    );
    check_cycles(
        dataset,
        Kind::Topic,
        |i| broader[i].as_slice(),
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((builder, targets))
}

/// The references of one entity that resolved, by role.
struct Resolved(Vec<(Role, EntityRef)>);

impl Resolved {
    fn of(&self, role: Role) -> impl Iterator<Item = EntityRef> + '_ {
        self.0
            .iter()
            .filter(move |(r, _)| *r == role)
            .map(|&(_, e)| e)
    }

    fn first(&self, role: Role) -> Option<usize> {
        self.of(role).next().map(EntityRef::index)
    }

    fn indexes(&self, role: Role) -> Vec<usize> {
        self.of(role).map(EntityRef::index).collect()
    }
}

fn entity_path(entity: EntityRef) -> String {
    format!("{}[{}]", entity.kind().plural(), entity.index())
}

/// Whether an id is a lowercase ASCII slug: `[a-z0-9][a-z0-9._-]*`.
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// A slug made from any text: to suggest in place of an invalid id, and to make ids for
/// imported entities. German umlauts are spelled out; other accents are dropped. The result
/// may be empty (a name of symbols only); otherwise it is a valid id.
pub fn slugify(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut slug = String::new();
    let push = |slug: &mut String, c: char| match c {
        'a'..='z' | '0'..='9' => slug.push(c),
        '.' | '_' if !slug.is_empty() => slug.push(c),
        _ if !slug.is_empty() && !slug.ends_with('-') => slug.push('-'),
        _ => {}
    };
    for c in text.to_lowercase().chars() {
        match c {
            'ä' => slug.push_str("ae"),
            'ö' => slug.push_str("oe"),
            'ü' => slug.push_str("ue"),
            'ß' => slug.push_str("ss"),
            c if c.is_ascii() => push(&mut slug, c),
            c => {
                let base: Vec<char> = std::iter::once(c).nfkd().filter(char::is_ascii).collect();
                if base.is_empty() {
                    push(&mut slug, '-');
                }
                for b in base {
                    push(&mut slug, b);
                }
            }
        }
    }
    slug.trim_end_matches(['-', '.', '_']).to_owned()
}

fn collect_ids(dataset: &Dataset, problems: &mut Vec<Problem>) -> IdTable {
    const AHEAD: usize = 16;
    let mut by_id = IdTable::with_capacity(dataset.len());
    let numbering = dataset.numbering();
    for global in 0..numbering.total() {
        if global + AHEAD < numbering.total() {
            by_id.prefetch(dataset.id(numbering.entity(global + AHEAD)));
        }
        let entity = numbering.entity(global);
        let id = dataset.id(entity);
        // Made only for a message: a million entities need no million paths.
        let path = || format!("{}.id", entity_path(entity));
        if id.is_empty() {
            let kind = entity.kind().with_article();
            problems.push(Problem::new(path(), format!("missing; {kind} needs an id")));
            continue;
        }
        if !is_valid_id(id) {
            problems.push(Problem::new(
                path(),
                format!(
                    "{id:?} is not a valid id; ids are lowercase ASCII slugs \
                     ([a-z0-9][a-z0-9._-]*) such as {:?}",
                    slugify(id)
                ),
            ));
        }
        // One lookup for both the check and the insert.
        let span = dataset.store.id_span(entity);
        if let Err(first) = by_id.insert(entity, span, dataset.store.arena()) {
            problems.push(Problem::new(
                path(),
                format!("{id:?} also used at {}.id", entity_path(first)),
            ));
        }
    }
    by_id
}

fn check_names(dataset: &Dataset, problems: &mut Vec<Problem>) {
    for entity in dataset.entities() {
        if dataset.name(entity).trim().is_empty() {
            let field = Dataset::name_field(entity.kind());
            let kind = entity.kind().with_article();
            problems.push(Problem::new(
                format!("{}.{field}", entity_path(entity)),
                format!("missing; {kind} needs a {field}"),
            ));
        }
    }
}

fn check_dates(dataset: &Dataset, problems: &mut Vec<Problem>) {
    for index in 0..dataset.count(Kind::Event) {
        let path = |field| format!("events[{index}].{field}");
        let start_text = dataset.event_text(index, event::START);
        let end_text = dataset.event_text(index, event::END);
        let parse = |field, value: Option<&str>, problems: &mut Vec<Problem>| {
            When::parse(value?)
                .map_err(|message| problems.push(Problem::new(path(field), message)))
                .ok()
        };
        let start = parse("start", start_text, problems);
        let end = parse("end", end_text, problems);
        if let (Some(start), Some(end)) = (start, end)
            && end.is_before(start)
        {
            problems.push(Problem::new(
                path("end"),
                format!(
                    "{:?} is before start {:?}",
                    end_text.unwrap_or_default(),
                    start_text.unwrap_or_default()
                ),
            ));
        }
    }
    for entity in dataset.entities_of(Kind::Source) {
        if let Some(published) = dataset.text(entity, source::PUBLISHED)
            && let Err(message) = When::parse_date(published)
        {
            let path = format!("sources[{}].published", entity.index());
            problems.push(Problem::new(path, message));
        }
    }
}

/// How many entities are looked up between two rounds of linking: enough to share among the
/// cores, few enough that their links take little memory.
const BLOCK: usize = 65_536;

/// Below this many entities in a block, one thread looks them up.
const PARALLEL_FROM: usize = 8_192;

/// The entities in blocks: each kind's indexes, `BLOCK` at a time.
fn blocks(dataset: &Dataset) -> impl Iterator<Item = (Kind, std::ops::Range<usize>)> + '_ {
    Kind::ALL.into_iter().flat_map(move |kind| {
        let count = dataset.count(kind);
        (0..count)
            .step_by(BLOCK)
            .map(move |start| (kind, start..(start + BLOCK).min(count)))
    })
}

/// One reference that resolved: `from` names `to` in the role `forward`; `item` is its place
/// among the store's references.
struct Link {
    from: EntityRef,
    forward: Role,
    reverse: Role,
    to: EntityRef,
    item: u32,
}

/// Resolves every id the entities of `kind` at `indexes` name, into `parts` (one per core,
/// each reused from block to block): the links, in the order of the entities and of their
/// references, and the problems in the same order, part after part. Returns the parts used.
fn look_up_references<'p, 'd>(
    dataset: &'d Dataset,
    builder: &IndexBuilder,
    kind: Kind,
    indexes: std::ops::Range<usize>,
    parts: &'p mut [LookUps<'d>],
) -> &'p mut [LookUps<'d>] {
    let look_up = |indexes: std::ops::Range<usize>, part: &mut LookUps<'d>| {
        look_up_many(dataset, builder, kind, indexes, part);
    };
    if indexes.len() < PARALLEL_FROM || parts.len() == 1 {
        look_up(indexes, &mut parts[0]);
        return &mut parts[..1];
    }
    let chunk = indexes.len().div_ceil(parts.len());
    let used = indexes.len().div_ceil(chunk);
    std::thread::scope(|scope| {
        let look_up = &look_up;
        for (start, part) in indexes.clone().step_by(chunk).zip(parts.iter_mut()) {
            scope.spawn(move || look_up(start..(start + chunk).min(indexes.end), part));
        }
    });
    &mut parts[..used]
}

/// What one core's look-ups of a block need and find, kept from block to block: at a million
/// entities, buffers made afresh for each block would touch a hundred megabytes of new memory.
#[derive(Default)]
struct LookUps<'d> {
    wanted: Vec<Wanted<'d>>,
    found: Vec<Option<EntityRef>>,
    links: Vec<Link>,
    problems: Vec<Problem>,
}

/// One id a reference names, waiting to be looked up.
struct Wanted<'d> {
    entity: EntityRef,
    slot: u8,
    position: usize,
    /// Its place among the store's references.
    item: usize,
    id: &'d str,
}

/// Resolves every id the entities of `kind` at `indexes` name, all looked up at once (so that
/// their reads of memory overlap): a link for each that names an entity of the right kind, a
/// problem for each other, both in the order of the entities and of their references.
fn look_up_many<'d>(
    dataset: &'d Dataset,
    builder: &IndexBuilder,
    kind: Kind,
    indexes: std::ops::Range<usize>,
    part: &mut LookUps<'d>,
) {
    let LookUps {
        wanted,
        found,
        links,
        problems,
    } = part;
    wanted.clear();
    links.clear();
    problems.clear();
    for index in indexes {
        let entity = EntityRef::new(kind, index);
        for &slot in schema::reference_order(kind) {
            let (first_item, ids) = dataset.store.reference_ids(entity, slot);
            wanted.extend(ids.enumerate().map(|(position, id)| Wanted {
                entity,
                slot,
                position,
                item: first_item + position,
                id,
            }));
        }
    }
    builder
        .ids()
        .get_many(wanted, |w| w.id, dataset.store.arena(), found);
    for (wanted, &found) in wanted.iter().zip(found.iter()) {
        let spec = schema::fields(kind)[usize::from(wanted.slot)];
        let Some(link) = spec.shape.link() else {
            continue;
        };
        let id = wanted.id;
        let path = || {
            let entity = entity_path(wanted.entity);
            match spec.shape.is_list() {
                false => format!("{entity}.{}", spec.name),
                true => format!("{entity}.{}[{}]", spec.name, wanted.position),
            }
        };
        match found {
            Some(target) if target.kind() == link.target => links.push(Link {
                from: wanted.entity,
                forward: link.forward,
                reverse: link.reverse,
                to: target,
                // Fewer than 2^32 references: the store counts them in u32.
                item: wanted.item as u32,
            }),
            Some(target) => problems.push(Problem::new(
                path(),
                format!(
                    "{id:?} is {}, not {}",
                    target.kind().with_article(),
                    link.target.with_article()
                ),
            )),
            None => problems.push(Problem::new(path(), format!("no {} {id:?}", link.target))),
        }
    }
}

/// Reports each cycle among the links of one role (an event that is its own ancestor, a topic
/// broader than itself) once, at the entity where the search first closed it.
fn check_cycles<'a>(
    dataset: &Dataset,
    kind: Kind,
    edges: impl Fn(usize) -> &'a [usize],
    problems: &mut Vec<Problem>,
) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Unseen,
        OnPath,
        Done,
    }
    let count = dataset.count(kind);
    let mut marks = vec![Mark::Unseen; count];
    for root in 0..count {
        if marks[root] != Mark::Unseen {
            continue;
        }
        // Iterative depth-first search: a deep chain of parents cannot overflow the stack.
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        marks[root] = Mark::OnPath;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let Some(&child) = edges(node).get(*next) else {
                marks[node] = Mark::Done;
                path.pop();
                continue;
            };
            *next += 1;
            match marks[child] {
                Mark::Unseen => {
                    marks[child] = Mark::OnPath;
                    path.push((child, 0));
                }
                Mark::OnPath => {
                    let start = path.iter().position(|&(n, _)| n == child).unwrap_or(0);
                    let ids: Vec<String> = path[start..]
                        .iter()
                        .chain(std::iter::once(&(child, 0)))
                        .map(|&(n, _)| format!("{:?}", dataset.id(EntityRef::new(kind, n))))
                        .collect();
                    let field = if kind == Kind::Event {
                        "parent"
                    } else {
                        "broader"
                    };
                    problems.push(Problem::new(
                        format!("{}[{node}].{field}", kind.plural()),
                        format!("cycle: {}", ids.join(" → ")),
                    ));
                }
                Mark::Done => {}
            }
        }
    }
}

/// A speaker is related to the topics and projects of their talks, and those to the speaker, so
/// that "who speaks about Datenschutz" needs no speaker to list the topic a second time.
fn link_through_talk(talk: &Resolved, builder: &mut IndexBuilder) {
    for speaker in talk.of(Role::Speakers) {
        for topic in talk.of(Role::Topics) {
            builder.link(speaker, Role::Topics, topic);
            builder.link(topic, Role::Speakers, speaker);
        }
        for project in talk.of(Role::Projects) {
            builder.link(speaker, Role::Projects, project);
            builder.link(project, Role::Speakers, speaker);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Dataset, LoadError};

    #[test]
    fn references_looked_up_on_every_core_report_problems_in_the_files_order() {
        // Enough events for a block to be shared among threads; broken references spread over
        // them, first, in the middle of each half, and last.
        let json = crate::synthetic::dataset_json(30_000);
        let mut document: serde_json::Value = serde_json::from_str(&json).unwrap();
        let events = document["events"].as_array_mut().unwrap();
        let count = events.len();
        assert!(count >= super::PARALLEL_FROM * 2, "{count} events");
        let broken = [
            0,
            count / 4,
            count / 2,
            count / 2 + 1,
            3 * count / 4,
            count - 1,
        ];
        for &index in &broken {
            events[index]["speakers"] = serde_json::json!([format!("nobody-{index}")]);
        }
        let text = serde_json::to_string(&document).unwrap();
        let Err(LoadError::Invalid { problems, .. }) = Dataset::from_text(&text, "broken") else {
            panic!("the broken references are errors");
        };
        let paths: Vec<String> = problems.iter().map(|p| p.path.clone()).collect();
        let expected: Vec<String> = broken
            .iter()
            .map(|index| format!("events[{index}].speakers[0]"))
            .collect();
        assert_eq!(paths, expected);
    }
}
