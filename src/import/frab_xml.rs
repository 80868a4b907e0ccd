//! frab's and Pentabarf's `schedule.xml` into the shape of frab's `schedule.json`, so that one
//! importer maps both: `<day><room><event>` (or, in older Pentabarf files, `<day><event>` with the
//! room as the event's `<room>` text) become `days[].rooms{}[]`, `<person id>` a person object,
//! `<link href>` a link object. Every `<event>` of the file is either placed or reported.
//!
//! The tree is built without recursion and nested at most `MAX_DEPTH` deep (a schedule needs 6),
//! so no file can exhaust the stack while it is parsed, read or dropped.

use quick_xml::Reader;
use quick_xml::events::Event as Xml;
use serde_json::{Map, Value, json};

use crate::model::Problem;

/// How deep elements may nest. A schedule needs 6 (schedule, day, room, event, persons,
/// person); the rest is room for extensions.
const MAX_DEPTH: usize = 64;

/// An XML element with its attributes, child elements and text.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Child elements with text only, as a JSON object of strings.
    fn leaves(&self) -> Map<String, Value> {
        self.children
            .iter()
            .filter(|c| c.children.is_empty())
            .map(|c| (c.name.clone(), Value::String(c.text.clone())))
            .collect()
    }
}

/// Where the XML is broken: the byte offset and what is wrong.
#[derive(Debug)]
pub struct XmlError {
    pub offset: usize,
    pub message: String,
}

/// Parses a frab or Pentabarf `schedule.xml` into the JSON a frab `schedule.json` would hold,
/// with a repair line for every `<event>` that stands where no schedule puts one.
pub fn to_schedule_json(xml: &str) -> Result<(Value, Vec<Problem>), XmlError> {
    let root = parse_tree(xml)?;
    if root.name != "schedule" {
        return Err(XmlError {
            offset: 0,
            message: format!("the root element is <{}>, not <schedule>", root.name),
        });
    }
    let mut conference = root
        .child("conference")
        .map(Element::leaves)
        .unwrap_or_default();
    if let Some(days) = conference.remove("days") {
        conference.insert("daysCount".to_owned(), days);
    }
    let days: Vec<Value> = root.children("day").map(day).collect();
    let placed: usize = root.children("day").map(events_of_day).sum();
    let repairs = unplaced_events(&root, placed);
    conference.insert("days".to_owned(), Value::Array(days));
    // Pentabarf lists the tracks beside the conference, with a colour in newer files.
    if let Some(tracks) = root.child("tracks") {
        let tracks: Vec<Value> = tracks
            .children("track")
            .map(|track| json!({ "name": track.text, "color": track.attribute("color") }))
            .collect();
        conference.insert("tracks".to_owned(), Value::Array(tracks));
    }
    let mut schedule = Map::new();
    if let Some(version) = root.child("version") {
        schedule.insert("version".to_owned(), Value::String(version.text.clone()));
    }
    if let Some(base_url) = root.child("conference").and_then(|c| c.child("base_url")) {
        schedule.insert("base_url".to_owned(), Value::String(base_url.text.clone()));
    }
    schedule.insert("conference".to_owned(), Value::Object(conference));
    Ok((json!({ "schedule": schedule }), repairs))
}

/// The events a day holds: under its rooms, and directly under it (older Pentabarf).
fn events_of_day(day: &Element) -> usize {
    day.children("event").count()
        + day
            .children("room")
            .map(|room| room.children("event").count())
            .sum::<usize>()
}

/// A repair line when the file holds more `<event>` elements than the days place.
fn unplaced_events(root: &Element, placed: usize) -> Vec<Problem> {
    let mut all = 0;
    let mut pending = vec![root];
    while let Some(element) = pending.pop() {
        all += usize::from(element.name == "event");
        pending.extend(element.children.iter());
    }
    if all == placed {
        return Vec::new();
    }
    vec![Problem::new(
        "schedule",
        format!(
            "{} of {all} <event> elements are not in a <day> (nor in a <room> of one); \
             not imported",
            all - placed
        ),
    )]
}

fn day(day: &Element) -> Value {
    let mut rooms = Map::new();
    let mut add = |name: String, events: Vec<Value>| match rooms.get_mut(&name) {
        Some(Value::Array(existing)) => existing.extend(events),
        _ => {
            rooms.insert(name, Value::Array(events));
        }
    };
    for room in day.children("room") {
        let events: Vec<Value> = room.children("event").map(event).collect();
        add(
            room.attribute("name").unwrap_or_default().to_owned(),
            events,
        );
    }
    // Older Pentabarf: events straight under the day, each naming its room.
    for loose in day.children("event") {
        let room = loose
            .child("room")
            .map(|r| r.text.clone())
            .unwrap_or_default();
        add(room, vec![event(loose)]);
    }
    json!({
        "index": day.attribute("index"),
        "date": day.attribute("date"),
        "day_start": day.attribute("start"),
        "day_end": day.attribute("end"),
        "rooms": rooms,
    })
}

fn event(event: &Element) -> Value {
    let mut fields = event.leaves();
    for key in ["id", "guid"] {
        if let Some(value) = event.attribute(key) {
            fields.insert(key.to_owned(), Value::String(value.to_owned()));
        }
    }
    let persons: Vec<Value> = event
        .child("persons")
        .into_iter()
        .flat_map(|p| p.children("person"))
        .map(|person| json!({ "id": person.attribute("id"), "public_name": person.text }))
        .collect();
    let links: Vec<Value> = event
        .child("links")
        .into_iter()
        .flat_map(|l| l.children("link"))
        .map(|link| json!({ "url": link.attribute("href"), "title": link.text }))
        .collect();
    fields.insert("persons".to_owned(), Value::Array(persons));
    fields.insert("links".to_owned(), Value::Array(links));
    Value::Object(fields)
}

/// Reads the whole document into a tree of elements.
fn parse_tree(xml: &str) -> Result<Element, XmlError> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    // A parser error knows where it is; lotse's own checks point at the end of the tag.
    let fail = |reader: &Reader<&[u8]>, message: String| XmlError {
        offset: usize::try_from(reader.error_position()).unwrap_or(usize::MAX),
        message,
    };
    let refuse = |reader: &Reader<&[u8]>, message: String| XmlError {
        offset: usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX),
        message,
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|error| fail(&reader, error.to_string()))?;
        match event {
            Xml::Start(start) => {
                if stack.len() > MAX_DEPTH {
                    return Err(refuse(
                        &reader,
                        format!("elements nested more than {MAX_DEPTH} deep; not a schedule"),
                    ));
                }
                stack.push(element(&start).map_err(|m| refuse(&reader, m))?);
            }
            Xml::Empty(start) => {
                let element = element(&start).map_err(|m| refuse(&reader, m))?;
                push_child(&mut stack, element);
            }
            Xml::End(_) => {
                let Some(done) = stack.pop().filter(|_| !stack.is_empty()) else {
                    return Err(fail(
                        &reader,
                        "a closing tag without its opening".to_owned(),
                    ));
                };
                push_child(&mut stack, done);
            }
            Xml::Text(text) => {
                let text = text.decode().map_err(|e| fail(&reader, e.to_string()))?;
                append_text(&mut stack, &text);
            }
            Xml::CData(data) => {
                let text = data.decode().map_err(|e| fail(&reader, e.to_string()))?;
                append_text(&mut stack, &text);
            }
            Xml::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = reference
                            .decode()
                            .map_err(|e| fail(&reader, e.to_string()))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .map(str::to_owned)
                            .unwrap_or_else(|| format!("&{name};"))
                    }
                };
                append_text(&mut stack, &resolved);
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    let mut document = stack
        .pop()
        .filter(|_| stack.is_empty())
        .ok_or_else(|| XmlError {
            offset: xml.len(),
            message: "the document ends inside an element".to_owned(),
        })?;
    document.children.pop().ok_or_else(|| XmlError {
        offset: 0,
        message: "no root element".to_owned(),
    })
}

fn element(start: &quick_xml::events::BytesStart<'_>) -> Result<Element, String> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    // quick-xml's own duplicate check compares every attribute with every other; a set does
    // the same in linear time.
    let mut seen = rustc_hash::FxHashSet::default();
    for attribute in start.attributes().with_checks(false) {
        let attribute = attribute.map_err(|e| e.to_string())?;
        let key = String::from_utf8_lossy(attribute.key.local_name().as_ref()).into_owned();
        if !seen.insert(key.clone()) {
            return Err(format!("attribute {key:?} appears twice in <{name}>"));
        }
        let value = attribute.unescape_value().map_err(|e| e.to_string())?;
        attributes.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attributes,
        ..Element::default()
    })
}

fn push_child(stack: &mut [Element], child: Element) {
    if let Some(parent) = stack.last_mut() {
        parent.children.push(child);
    }
}

fn append_text(stack: &mut [Element], text: &str) {
    if let Some(current) = stack.last_mut() {
        current.text.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_becomes_the_json_shape_with_persons_and_links() {
        let xml = r#"<?xml version="1.0"?><schedule><conference><acronym>x</acronym>
            <title>X &amp; Y</title></conference><day index="1" date="2019-12-27">
            <room name="Ada"><event id="7" guid="g"><title>Talk</title><start>11:00</start>
            <persons><person id="3">Ann</person></persons>
            <links><link href="https://x.org">Slides</link></links></event></room></day>
            </schedule>"#;
        let (json, repairs) = to_schedule_json(xml).unwrap();
        assert!(repairs.is_empty(), "{repairs:?}");
        let conference = &json["schedule"]["conference"];
        assert_eq!(conference["title"], "X & Y");
        let event = &conference["days"][0]["rooms"]["Ada"][0];
        assert_eq!(event["id"], "7");
        assert_eq!(event["persons"][0]["public_name"], "Ann");
        assert_eq!(event["links"][0]["url"], "https://x.org");
    }

    #[test]
    fn broken_xml_says_where() {
        let error = to_schedule_json("<schedule><day></schedule>").unwrap_err();
        assert!(error.offset > 0, "{error:?}");
    }
}
