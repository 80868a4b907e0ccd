//! Semantic checks of a parsed dataset, all collected rather than stopping at the first, and the
//! building of the index from the references that passed them.

use std::collections::HashMap;

use super::date::When;
use super::entity::{Entity, EntityRef, Kind};
use super::index::{Index, IndexBuilder};
use super::role::Role;
use super::{Dataset, Problem};

/// Checks ids, names, dates, references and cycles; returns the index or every problem found.
pub(super) fn index(dataset: &Dataset) -> Result<Index, Vec<Problem>> {
    let mut problems = Vec::new();
    let by_id = collect_ids(dataset, &mut problems);
    check_names(dataset, &mut problems);
    check_dates(dataset, &mut problems);
    let counts = Kind::ALL.map(|kind| dataset.count(kind));
    let mut builder = IndexBuilder::new(by_id, counts);
    link_references(dataset, &mut builder, &mut problems);
    check_cycles(dataset, &builder, Kind::Event, Role::PartOf, &mut problems);
    check_cycles(dataset, &builder, Kind::Topic, Role::Broader, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    link_through_talks(dataset, &mut builder);
    Ok(builder.build())
}

fn entity_path(entity: EntityRef) -> String {
    format!("{}[{}]", entity.kind.plural(), entity.index())
}

/// Whether an id is a lowercase ASCII slug: `[a-z0-9][a-z0-9._-]*`.
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// A slug made from any text, to suggest in place of an invalid id.
fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.to_lowercase().chars() {
        match c {
            'a'..='z' | '0'..='9' | '.' | '_' => slug.push(c),
            'ä' => slug.push_str("ae"),
            'ö' => slug.push_str("oe"),
            'ü' => slug.push_str("ue"),
            'ß' => slug.push_str("ss"),
            _ if !slug.is_empty() && !slug.ends_with('-') => slug.push('-'),
            _ => {}
        }
    }
    slug.trim_matches('-').to_owned()
}

fn collect_ids(dataset: &Dataset, problems: &mut Vec<Problem>) -> HashMap<String, EntityRef> {
    let mut by_id: HashMap<String, EntityRef> = HashMap::with_capacity(dataset.entities().count());
    for entity in dataset.entities() {
        let id = dataset.id(entity);
        let path = format!("{}.id", entity_path(entity));
        if id.is_empty() {
            let kind = entity.kind.with_article();
            problems.push(Problem::new(path, format!("missing; {kind} needs an id")));
            continue;
        }
        if !is_valid_id(id) {
            problems.push(Problem::new(
                &path,
                format!(
                    "{id:?} is not a valid id; ids are lowercase ASCII slugs \
                     ([a-z0-9][a-z0-9._-]*) such as {:?}",
                    slugify(id)
                ),
            ));
        }
        if let Some(&first) = by_id.get(id) {
            problems.push(Problem::new(
                path,
                format!("{id:?} also used at {}.id", entity_path(first)),
            ));
        } else {
            by_id.insert(id.to_owned(), entity);
        }
    }
    by_id
}

fn check_names(dataset: &Dataset, problems: &mut Vec<Problem>) {
    for entity in dataset.entities() {
        dataset.with_entity(entity, |e| {
            if e.name().trim().is_empty() {
                let field = e.name_field();
                let kind = entity.kind.with_article();
                problems.push(Problem::new(
                    format!("{}.{field}", entity_path(entity)),
                    format!("missing; {kind} needs a {field}"),
                ));
            }
        });
    }
}

fn check_dates(dataset: &Dataset, problems: &mut Vec<Problem>) {
    for (index, event) in dataset.events.iter().enumerate() {
        let path = |field| format!("events[{index}].{field}");
        let parse = |field, value: &Option<String>, problems: &mut Vec<Problem>| {
            let value = value.as_deref()?;
            When::parse(value)
                .map_err(|message| problems.push(Problem::new(path(field), message)))
                .ok()
        };
        let start = parse("start", &event.start, problems);
        let end = parse("end", &event.end, problems);
        if let (Some(start), Some(end)) = (start, end)
            && end.is_before(start)
        {
            problems.push(Problem::new(
                path("end"),
                format!(
                    "{:?} is before start {:?}",
                    event.end.as_deref().unwrap_or_default(),
                    event.start.as_deref().unwrap_or_default()
                ),
            ));
        }
    }
    for (index, source) in dataset.sources.iter().enumerate() {
        if let Some(published) = &source.published
            && let Err(message) = When::parse_date(published)
        {
            problems.push(Problem::new(format!("sources[{index}].published"), message));
        }
    }
}

/// Resolves every id an entity names and records both directions of each link.
fn link_references(dataset: &Dataset, builder: &mut IndexBuilder, problems: &mut Vec<Problem>) {
    for entity in dataset.entities() {
        dataset.with_entity(entity, |e: &dyn Entity| {
            for references in e.references() {
                for (position, id) in references.ids.iter().enumerate() {
                    let path = references.path(&entity_path(entity), position);
                    match builder.resolve(id) {
                        Some(target) if target.kind == references.target => {
                            builder.link(entity, references.forward, target);
                            builder.link(target, references.reverse, entity);
                        }
                        Some(target) => problems.push(Problem::new(
                            path,
                            format!(
                                "{id:?} is {}, not {}",
                                target.kind.with_article(),
                                references.target.with_article()
                            ),
                        )),
                        None => problems.push(Problem::new(
                            path,
                            format!("no {} {id:?}", references.target),
                        )),
                    }
                }
            }
        });
    }
}

/// Reports each cycle among the links of one role (an event that is its own ancestor, a topic
/// broader than itself) once, at the entity where the search first closed it.
fn check_cycles(
    dataset: &Dataset,
    builder: &IndexBuilder,
    kind: Kind,
    role: Role,
    problems: &mut Vec<Problem>,
) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Unseen,
        OnPath,
        Done,
    }
    let count = dataset.count(kind);
    let edges: Vec<Vec<usize>> = (0..count)
        .map(|i| {
            let targets = builder.targets(EntityRef::new(kind, i), role);
            targets.iter().map(|t| t.index()).collect()
        })
        .collect();
    let mut marks = vec![Mark::Unseen; count];
    for root in 0..count {
        if marks[root] != Mark::Unseen {
            continue;
        }
        // Iterative depth-first search: a deep chain of parents cannot overflow the stack.
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        marks[root] = Mark::OnPath;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let Some(&child) = edges[node].get(*next) else {
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
                    let field = if role == Role::PartOf {
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
fn link_through_talks(dataset: &Dataset, builder: &mut IndexBuilder) {
    for index in 0..dataset.events.len() {
        let event = EntityRef::new(Kind::Event, index);
        let speakers = builder.targets(event, Role::Speakers);
        if speakers.is_empty() {
            continue;
        }
        let topics = builder.targets(event, Role::Topics);
        let projects = builder.targets(event, Role::Projects);
        for &speaker in &speakers {
            for &topic in &topics {
                builder.link(speaker, Role::Topics, topic);
                builder.link(topic, Role::Speakers, speaker);
            }
            for &project in &projects {
                builder.link(speaker, Role::Projects, project);
                builder.link(project, Role::Speakers, speaker);
            }
        }
    }
}
