//! The text of an XML schedule written in another encoding than UTF-8. XML names its own
//! (a byte-order mark, or `encoding="ISO-8859-1"` in its declaration), and lotse decodes it
//! by that name, with encoding_rs (the encodings of the WHATWG standard, as browsers read
//! them), instead of refusing it. JSON and iCalendar are UTF-8 by their standards.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// An XML file's text decoded from the encoding it names, and that encoding's name; `None`
/// when the bytes are no XML in another encoding than UTF-8 (they are then read as UTF-8,
/// which says what is wrong with them); an error when the declared encoding is unknown or
/// the bytes are not in it.
pub fn decoded_xml(bytes: &[u8]) -> Option<Result<(String, &'static str), String>> {
    let (named, skip) = match Encoding::for_bom(bytes) {
        Some((encoding, _)) if encoding == UTF_8 => return None,
        Some((encoding, length)) => (Ok(encoding), length),
        None => (utf16_without_mark(bytes).or_else(|| declared(bytes))?, 0),
    };
    let encoding = match named {
        Err(label) => {
            return Some(Err(format!(
                "its XML declaration names the encoding {label:?}, which lotse does not know"
            )));
        }
        Ok(encoding) if encoding == UTF_8 => return None,
        Ok(encoding) => encoding,
    };
    let text = encoding.decode_without_bom_handling_and_without_replacement(&bytes[skip..]);
    Some(
        text.map(|text| (text.into_owned(), encoding.name()))
            .ok_or_else(|| {
                format!(
                    "it is not {} text throughout, as its XML declaration says",
                    encoding.name()
                )
            }),
    )
}

/// UTF-16 without a byte-order mark, told by how `<?` is written.
fn utf16_without_mark(bytes: &[u8]) -> Option<Result<&'static Encoding, String>> {
    match bytes.get(..4)? {
        [b'<', 0, b'?', 0] => Some(Ok(UTF_16LE)),
        [0, b'<', 0, b'?'] => Some(Ok(UTF_16BE)),
        _ => None,
    }
}

/// The encoding an XML declaration names (`<?xml version="1.0" encoding="ISO-8859-1"?>`).
fn declared(bytes: &[u8]) -> Option<Result<&'static Encoding, String>> {
    let head = bytes.get(..bytes.len().min(200))?;
    let end = head.windows(2).position(|w| w == b"?>")?;
    let declaration = std::str::from_utf8(head.strip_prefix(b"<?xml")?.get(..end - 5)?).ok()?;
    let after = declaration.split_once("encoding")?.1.trim_start();
    let quoted = after.strip_prefix('=')?.trim_start();
    let quote = quoted.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    let label = quoted[1..].split(quote).next()?;
    Some(Encoding::for_label(label.as_bytes()).ok_or_else(|| label.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_in_latin_1_and_utf_16_is_read_by_the_encoding_it_names() {
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>Stra\xdfe M\xfcnchen</t>";
        let (text, name) = decoded_xml(latin).unwrap().unwrap();
        assert!(text.ends_with("<t>Straße München</t>"), "{text}");
        assert_eq!(name, "windows-1252");
        let source = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><t>Grüße</t>";
        let mut le: Vec<u8> = vec![0xff, 0xfe];
        le.extend(source.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decoded_xml(&le).unwrap().unwrap().0, source);
        let be: Vec<u8> = source.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decoded_xml(&be).unwrap().unwrap().0, source);
        // UTF-8, said or not, is read as UTF-8.
        assert!(decoded_xml(b"<?xml version=\"1.0\" encoding=\"utf-8\"?><t/>").is_none());
        assert!(decoded_xml(b"<?xml version=\"1.0\"?><t/>").is_none());
        assert!(decoded_xml(b"{\"schedule\": {}}").is_none());
        let unknown = decoded_xml(b"<?xml version='1.0' encoding='klingon'?><t/>").unwrap();
        assert!(unknown.unwrap_err().contains("\"klingon\""));
    }
}
