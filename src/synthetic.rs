//! A deterministic generator of large, realistic datasets (German and English names, umlauts,
//! conferences with talks, speakers with affiliations) for benchmarks and load tests. The same
//! size always gives the same file.

use std::fmt::Write as _;

const FIRST_NAMES: &[&str] = &[
    "Anna",
    "Lukas",
    "Sophie",
    "Jonas",
    "Marie",
    "Felix",
    "Lea",
    "Paul",
    "Laura",
    "Jan",
    "Katharina",
    "Tobias",
    "Julia",
    "Maximilian",
    "Eike",
    "Cord",
    "Iwan",
    "Jürgen",
    "Jörg",
    "Björn",
    "Günter",
    "Sören",
    "Ursula",
    "Käthe",
    "Renée",
    "Zoë",
    "André",
    "Hélène",
    "James",
    "Emily",
    "Oliver",
    "Charlotte",
    "Harry",
    "Amelia",
    "George",
    "Isla",
    "Noah",
    "Olivia",
    "Liam",
    "Ava",
    "Mia",
    "Elias",
    "Hannah",
    "Emil",
    "Clara",
    "Theo",
    "Greta",
    "Anton",
];

const SURNAMES: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Spreckelsen",
    "Dazert",
    "Schie",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Taylor",
    "Clarke",
    "Walker",
    "Wright",
    "Thompson",
    "Robinson",
    "Hughes",
    "Green",
    "Evans",
    "O'Brien",
    "Ångström",
];

const CITIES: &[(&str, &str)] = &[
    ("Jena", "DE"),
    ("Essen", "DE"),
    ("Berlin", "DE"),
    ("München", "DE"),
    ("Köln", "DE"),
    ("Düsseldorf", "DE"),
    ("Leipzig", "DE"),
    ("Dresden", "DE"),
    ("Hamburg", "DE"),
    ("Frankfurt am Main", "DE"),
    ("Stuttgart", "DE"),
    ("Erfurt", "DE"),
    ("Weimar", "DE"),
    ("Zürich", "CH"),
    ("Wien", "AT"),
    ("Luxemburg", "LU"),
    ("Esch-sur-Alzette", "LU"),
    ("London", "GB"),
    ("Manchester", "GB"),
    ("Boston", "US"),
    ("Amsterdam", "NL"),
];

const TOPIC_WORDS: &[(&str, &str)] = &[
    ("Datenschutz", "privacy"),
    ("Künstliche Intelligenz", "artificial intelligence"),
    ("Robotik", "robotics"),
    ("Telemedizin", "telemedicine"),
    ("Bildgebung", "imaging"),
    ("Genomik", "genomics"),
    ("Pflege", "nursing"),
    ("Radiologie", "radiology"),
    ("Onkologie", "oncology"),
    ("Interoperabilität", "interoperability"),
    ("Cybersicherheit", "cybersecurity"),
    ("Maschinelles Lernen", "machine learning"),
    ("Digitale Zwillinge", "digital twins"),
    ("Wearables", "wearables"),
    ("Präzisionsmedizin", "precision medicine"),
    ("Gesundheitsdaten", "health data"),
    ("Medizintechnik", "medical technology"),
    ("Versorgungsforschung", "health services research"),
    ("Prävention", "prevention"),
    ("Rehabilitation", "rehabilitation"),
];

const TOPIC_CONTEXTS: &[&str] = &[
    "",
    " in der Pflege",
    " im Krankenhaus",
    " für Start-ups",
    " in der Forschung",
    " in Europa",
    " im ländlichen Raum",
    " und Ethik",
    " in der Praxis",
    " für Patienten",
];

const ORG_PATTERNS: &[&str] = &[
    "Universitätsklinikum {city}",
    "Hochschule {city}",
    "{surname} Health GmbH",
    "{surname} & Partner",
    "Institut für {topic} {city}",
    "{topic} Cluster {city}",
    "{surname} MedTech AG",
    "Fraunhofer-Zentrum {city}",
    "{city} Digital Health e.V.",
];

const SERIES: &[&str] = &[
    "IKT meets…",
    "KI-Biennale",
    "Health Data Summit",
    "MedTech Forum",
    "Digital Health Days",
    "Pflege 4.0",
    "Datenraum-Tage",
    "Open Science Health",
];

const TALK_PATTERNS: &[&str] = &[
    "{topic}: was wir gelernt haben",
    "Workshop: {topic}",
    "{topic} zwischen Anspruch und Alltag",
    "Fachvortrag: {topic}",
    "Lessons learned from {topic_en}",
    "Scaling {topic_en} in hospitals",
    "Panel: Die Zukunft von {topic}",
    "{topic} – ein Praxisbericht",
    "Keynote: {topic_en}",
];

/// A small, fast, deterministic random number generator (SplitMix64).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// A lotse v1 dataset with about `entities` entities, as JSON text.
pub fn dataset_json(entities: usize) -> String {
    let mut random = Random(u64::try_from(entities).unwrap_or(0) ^ 0x10_75E);
    let topics = (entities / 50).max(10);
    let orgs = (entities / 12).max(5);
    let speakers = entities / 4;
    let conferences = (entities / 40).max(1);
    let talks = entities.saturating_sub(topics + orgs + speakers + conferences + 1);
    let mut out = String::with_capacity(entities * 220);
    out.push_str("{\n\"lotse\": 1,\n\"title\": \"Synthetic health-tech dataset\",\n");
    out.push_str(
        "\"sources\": [{\"id\": \"src-synthetic\", \"title\": \"Generated for benchmarks\"}],\n",
    );
    write_topics(&mut out, &mut random, topics);
    write_organizations(&mut out, &mut random, orgs, topics);
    write_speakers(&mut out, &mut random, speakers, orgs);
    write_events(
        &mut out,
        &mut random,
        conferences,
        talks,
        (speakers, topics, orgs),
    );
    out.push_str("}\n");
    out
}

fn topic_name(index: usize) -> (String, String) {
    let (word, english) = TOPIC_WORDS[index % TOPIC_WORDS.len()];
    let context = TOPIC_CONTEXTS[(index / TOPIC_WORDS.len()) % TOPIC_CONTEXTS.len()];
    let round = index / (TOPIC_WORDS.len() * TOPIC_CONTEXTS.len());
    let suffix = if round > 0 {
        format!(" {}", round + 1)
    } else {
        String::new()
    };
    (
        format!("{word}{context}{suffix}"),
        format!("{english}{suffix}"),
    )
}

fn write_topics(out: &mut String, random: &mut Random, count: usize) {
    out.push_str("\"topics\": [\n");
    for i in 0..count {
        let (name, english) = topic_name(i);
        let broader = if i >= TOPIC_WORDS.len() && random.below(3) == 0 {
            format!(", \"broader\": [\"t{}\"]", i % TOPIC_WORDS.len())
        } else {
            String::new()
        };
        let comma = if i + 1 < count { "," } else { "" };
        let _ = writeln!(
            out,
            "{{\"id\": \"t{i}\", \"name\": {}, \"aliases\": [{}]{broader}}}{comma}",
            quote(&name),
            quote(&english)
        );
    }
    out.push_str("],\n");
}

fn fill(pattern: &str, random: &mut Random) -> String {
    let (city, _) = random.pick(CITIES);
    let (topic, topic_en) = random.pick(TOPIC_WORDS);
    let surname: &str = random.pick(SURNAMES);
    pattern
        .replace("{city}", city)
        .replace("{surname}", surname)
        .replace("{topic_en}", topic_en)
        .replace("{topic}", topic)
}

fn write_organizations(out: &mut String, random: &mut Random, count: usize, topics: usize) {
    out.push_str("\"organizations\": [\n");
    for i in 0..count {
        let pattern = random.pick(ORG_PATTERNS);
        let name = fill(pattern, random);
        let (city, country) = random.pick(CITIES);
        let comma = if i + 1 < count { "," } else { "" };
        let _ = writeln!(
            out,
            "{{\"id\": \"o{i}\", \"name\": {}, \"city\": {}, \"country\": \"{country}\", \"sources\": [\"src-synthetic\"]}}{comma}",
            quote(&format!("{name} {}", i / 1000 + 1)),
            quote(city),
        );
    }
    out.push_str("],\n\"projects\": [\n");
    let projects = (count / 4).max(1);
    for i in 0..projects {
        let comma = if i + 1 < projects { "," } else { "" };
        let _ = writeln!(
            out,
            "{{\"id\": \"p{i}\", \"name\": \"PROJEKT-{i}\", \"kind\": \"project\", \"organizations\": [\"o{}\"], \"topics\": [\"t{}\"]}}{comma}",
            random.below(count),
            random.below(topics),
        );
    }
    out.push_str("],\n");
}

fn write_speakers(out: &mut String, random: &mut Random, count: usize, orgs: usize) {
    out.push_str("\"speakers\": [\n");
    for i in 0..count {
        let name = format!("{} {}", random.pick(FIRST_NAMES), random.pick(SURNAMES));
        let honorific = ["", "Dr. ", "Prof. ", ""][random.below(4)];
        let comma = if i + 1 < count { "," } else { "" };
        let _ = writeln!(
            out,
            "{{\"id\": \"s{i}\", \"name\": {}, \"honorific\": {}, \"affiliations\": [\"o{}\"]}}{comma}",
            quote(&name),
            quote(honorific.trim_end()),
            random.below(orgs),
        );
    }
    out.push_str("],\n");
}

fn write_events(
    out: &mut String,
    random: &mut Random,
    conferences: usize,
    talks: usize,
    (speakers, topics, orgs): (usize, usize, usize),
) {
    out.push_str("\"events\": [\n");
    for i in 0..conferences {
        let series = SERIES[i % SERIES.len()];
        let year = 2000 + (i / SERIES.len()) % 26;
        let (city, country) = random.pick(CITIES);
        let _ = writeln!(
            out,
            "{{\"id\": \"c{i}\", \"title\": {}, \"kind\": \"conference\", \"series\": {}, \"start\": \"{year}-{:02}-{:02}\", \"city\": {}, \"country\": \"{country}\", \"organizers\": [\"o{}\"]}},",
            quote(&format!("{series} {year} {}", city)),
            quote(series),
            1 + random.below(12),
            1 + random.below(28),
            quote(city),
            random.below(orgs),
        );
    }
    for i in 0..talks {
        let conference = random.below(conferences);
        let pattern = random.pick(TALK_PATTERNS);
        let title = fill(pattern, random);
        let speaker_list = (0..1 + random.below(2))
            .map(|_| format!("\"s{}\"", random.below(speakers.max(1))))
            .collect::<Vec<_>>()
            .join(", ");
        let comma = if i + 1 < talks { "," } else { "" };
        let _ = writeln!(
            out,
            "{{\"id\": \"e{i}\", \"title\": {}, \"kind\": \"talk\", \"parent\": \"c{conference}\", \"speakers\": [{speaker_list}], \"topics\": [\"t{}\"]}}{comma}",
            quote(&title),
            random.below(topics),
        );
    }
    out.push_str("]\n");
}

fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::dataset_json;
    use crate::model::Dataset;

    #[test]
    fn generated_datasets_are_valid_deterministic_and_about_the_size_asked() {
        let json = dataset_json(2_000);
        assert_eq!(json, dataset_json(2_000));
        let loaded = Dataset::from_text(&json, "synthetic").expect("valid");
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        let count = loaded.dataset.entities().count();
        assert!((1_900..=2_200).contains(&count), "{count} entities");
    }
}
