//! The built-in dataset against the documents it was made from (`../shared/seeds/`): every
//! person and organization is named in the document it cites, every entity cites a document,
//! and no speaker is invented where a document names none.

mod common;

use std::path::{Path, PathBuf};

use lotse::model::{Dataset, EntityRef, Kind, Role, schema};

fn dataset() -> Dataset {
    let loaded = lotse::embedded::load().expect("the built-in dataset loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    loaded.dataset
}

/// The seed documents, which live beside the checkout. CI always has them; elsewhere the test
/// says on standard error that it skipped rather than pass without looking.
fn seeds_dir(test: &str) -> Option<PathBuf> {
    common::shared("seeds", test)
}

/// The text of the document a source names in `file`.
fn document(dataset: &Dataset, seeds: &Path, source: EntityRef) -> String {
    let file = dataset
        .text(source, schema::source::FILE)
        .expect("every source names its document");
    std::fs::read_to_string(seeds.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Whether a name appears in a German text, allowing for inflection: each word of the name must
/// occur, its last two letters dropped when it is long ("Europäische Union" is found in "der
/// Europäischen Union", "Digitaler Campus" in "vom digitalen Campus").
fn named_in(name: &str, text: &str) -> bool {
    let text = text.to_lowercase();
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .all(|word| {
            let chars: Vec<char> = word.chars().collect();
            let stem: String = if chars.len() > 5 {
                chars[..chars.len() - 2].iter().collect()
            } else {
                word.to_owned()
            };
            text.contains(&stem)
        })
}

#[test]
fn every_person_and_organization_is_named_in_the_document_it_cites() {
    let Some(seeds) = seeds_dir("every_person_and_organization_is_named_in_the_document_it_cites")
    else {
        return;
    };
    let dataset = dataset();
    let mut checked = 0;
    for entity in dataset.entities() {
        if !matches!(entity.kind(), Kind::Speaker | Kind::Organization) {
            continue;
        }
        let name = dataset.name(entity);
        let sources = dataset.related(entity, Role::Sources);
        assert!(!sources.is_empty(), "{name} cites no source");
        for &source in sources {
            let text = document(&dataset, &seeds, source);
            assert!(
                named_in(name, &text),
                "{name:?} is not named in {}",
                dataset.id(source)
            );
            checked += 1;
        }
    }
    assert!(checked >= 16, "only {checked} names checked");
    // The check can fail: a name from one document is not found in another.
    let essen = dataset.resolve("src-essen-ki-biennale-2024").unwrap();
    assert!(!named_in("Eike Dazert", &document(&dataset, &seeds, essen)));
    assert!(!named_in(
        "Stiftung Jena",
        &document(&dataset, &seeds, essen)
    ));
}

#[test]
fn the_three_speakers_appear_verbatim() {
    let Some(seeds) = seeds_dir("the_three_speakers_appear_verbatim") else {
        return;
    };
    let dataset = dataset();
    let speakers = dataset.to_document().speakers;
    for speaker in &speakers {
        let source = dataset.resolve(&speaker.sources[0]).unwrap();
        assert!(document(&dataset, &seeds, source).contains(&speaker.name));
    }
    let names: Vec<&str> = speakers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Cord Spreckelsen", "Iwan Schie", "Eike Dazert"]);
}

#[test]
fn every_source_is_a_seed_document() {
    let Some(seeds) = seeds_dir("every_source_is_a_seed_document") else {
        return;
    };
    let dataset = dataset();
    assert_eq!(dataset.count(Kind::Source), 3);
    for source in dataset.entities_of(Kind::Source) {
        let text = document(&dataset, &seeds, source);
        assert!(!text.trim().is_empty());
    }
}

#[test]
fn every_entity_cites_a_source() {
    let dataset = dataset();
    for entity in dataset.entities().filter(|e| e.kind() != Kind::Source) {
        assert!(
            !dataset.related(entity, Role::Sources).is_empty(),
            "{} cites no source",
            dataset.id(entity)
        );
    }
}

#[test]
fn no_speaker_is_invented_where_the_documents_name_none() {
    let dataset = dataset();
    let essen = dataset.resolve("src-essen-ki-biennale-2024").unwrap();
    for &cited in dataset.related(essen, Role::CitedBy) {
        assert_ne!(
            cited.kind(),
            Kind::Speaker,
            "the Essen text names no speaker"
        );
    }
    for event in &dataset.to_document().events {
        if event.title.starts_with("Fachvortrag")
            || event
                .sources
                .contains(&"src-essen-ki-biennale-2024".to_owned())
        {
            assert!(event.speakers.is_empty(), "{} has speakers", event.id);
        }
    }
}

#[test]
fn german_topics_have_english_aliases() {
    let dataset = dataset();
    for (topic, query) in [
        ("datenschutz", "privacy"),
        ("ki", "artificial intelligence"),
        ("medizintechnik", "medical technology"),
        ("praezisionsmedizin", "precision medicine"),
    ] {
        assert!(
            dataset
                .to_document()
                .topics
                .iter()
                .any(|t| t.id == topic && t.aliases.iter().any(|a| a == query)),
            "{topic} has no alias {query:?}"
        );
    }
}

#[test]
fn the_drill_down_of_the_readme_works_on_the_built_in_data() {
    let dataset = dataset();
    let dazert = dataset.resolve("eike-dazert").unwrap();
    let talks = dataset.related(dazert, Role::Talks);
    assert_eq!(
        dataset.names(talks),
        ["[Projekt AVATAR: sicherer Umgang mit Gesundheitsdaten]"]
    );
    let projects = dataset.names(dataset.related(dazert, Role::Projects));
    assert_eq!(projects, ["AVATAR"]);
    let affiliation = dataset.names(dataset.related(dazert, Role::Affiliations));
    assert_eq!(affiliation, ["medways e.V."]);
    assert_eq!(dataset.name(dazert), "Eike Dazert");
}
