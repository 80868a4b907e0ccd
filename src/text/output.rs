//! The one path every line of the command line goes through on its way out, so that nothing
//! read from outside (a hand-edited bookmarks file, a file name, a server's message) acts on
//! the terminal, whatever a command forgot to clean:
//!
//! - [`VisibleWriter`] shows every control character and bidi control as its code, except
//!   line breaks and, on standard output, tabs, CRLF (an iCalendar export) and the colour
//!   sequences lotse writes itself (SGR, `ESC [ … m`, which only colour);
//! - [`json`] writes JSON with those characters escaped (`\u202e`), so that a value stays
//!   exact for the program reading it and harmless on a terminal.

use std::io::{self, Write};

/// What passes a [`VisibleWriter`] as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passes {
    /// Line breaks only: diagnostics.
    LineBreaks,
    /// Line breaks, CRLF, tabs and SGR colour sequences: results.
    Results,
}

/// A writer that makes controls visible (see the module).
pub struct VisibleWriter<W> {
    inner: W,
    passes: Passes,
}

impl<W: Write> VisibleWriter<W> {
    pub fn new(inner: W, passes: Passes) -> Self {
        Self { inner, passes }
    }
}

impl<W: Write> Write for VisibleWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if is_plain(bytes, self.passes) {
            // The common case, and a large export's: no copy.
            self.inner.write_all(bytes)?;
        } else {
            // Formatted output arrives in whole `str` pieces; anything else passes as it is
            // lossily decoded, which is still free of controls once shown.
            let text = String::from_utf8_lossy(bytes);
            self.inner.write_all(shown(&text, self.passes).as_bytes())?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Whether bytes hold nothing to show as a code: a quick scan for the bytes that begin a
/// control (C0, DEL, C1 as `C2 80..9F`, the bidi controls as `E2 80 8E/8F/AA..AE`,
/// `E2 81 A6..A9` and `D8 9C`).
fn is_plain(bytes: &[u8], passes: Passes) -> bool {
    let results = passes == Passes::Results;
    bytes.iter().enumerate().all(|(i, &b)| match b {
        b'\n' => true,
        b'\t' => results,
        b'\r' => results && bytes.get(i + 1) == Some(&b'\n'),
        0x1b => false,
        0..0x20 | 0x7f => false,
        0xc2 => !matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
        0xd8 => bytes.get(i + 1) != Some(&0x9c),
        0xe2 => !matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0x8e | 0x8f | 0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
        ),
        _ => true,
    })
}

/// The text with every control shown as its code but what `passes` lets through.
fn shown(text: &str, passes: Passes) -> String {
    let results = passes == Passes::Results;
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let length = match c {
            '\u{1b}' if results => sgr_length(rest),
            '\r' if results && rest[1..].starts_with('\n') => 1,
            '\t' if results => 1,
            '\n' => 1,
            _ => 0,
        };
        if length > 0 {
            out.push_str(&rest[..length]);
            rest = &rest[length..];
        } else {
            if super::is_terminal_control(c) {
                out.extend(c.escape_unicode());
            } else {
                out.push(c);
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The length of an SGR sequence (`ESC [ 1;36 m`) at the start of `text`, else 0.
fn sgr_length(text: &str) -> usize {
    let Some(parameters) = text.strip_prefix("\u{1b}[") else {
        return 0;
    };
    let digits = parameters
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    if parameters.as_bytes().get(digits) == Some(&b'm') {
        2 + digits + 1
    } else {
        0
    }
}

/// `value` as compact JSON, every control and bidi control escaped (`\u001b`, `\u202e`): the
/// same value for a program, nothing that acts on a terminal.
pub fn json(value: &serde_json::Value) -> String {
    escaped(&value.to_string())
}

/// As [`json`], indented.
pub fn json_pretty(value: &serde_json::Value) -> String {
    escaped(&format!("{value:#}"))
}

/// Serialised JSON with the controls serde_json leaves raw (DEL, C1, bidi) escaped: outside
/// strings it writes none but the line breaks of indentation, inside them it has escaped
/// every other character below U+0020 already.
fn escaped(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c != '\n' && super::is_terminal_control(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(passes: Passes, text: &str) -> String {
        let mut out = Vec::new();
        VisibleWriter::new(&mut out, passes)
            .write_all(text.as_bytes())
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn results_keep_colours_crlf_and_tabs_and_show_every_other_control() {
        let hostile = "a\u{1b}]52;c;aGk=\u{7}b\u{1b}[2Jc\u{9d}d\u{202e}e\u{61c}f\rg";
        let shown = through(Passes::Results, hostile);
        assert_eq!(
            shown,
            "a\\u{1b}]52;c;aGk=\\u{7}b\\u{1b}[2Jc\\u{9d}d\\u{202e}e\\u{61c}f\\u{d}g"
        );
        let kept = "\u{1b}[1mTitle\u{1b}[0m\tx\r\nnext\n";
        assert_eq!(through(Passes::Results, kept), kept);
        assert_eq!(
            through(Passes::LineBreaks, kept),
            "\\u{1b}[1mTitle\\u{1b}[0m\\u{9}x\\u{d}\nnext\n"
        );
        // Every byte a control begins with is seen by the quick scan.
        for c in [
            '\u{0}', '\u{7f}', '\u{85}', '\u{200e}', '\u{202a}', '\u{2066}', '\u{61c}',
        ] {
            assert!(
                !is_plain(c.to_string().as_bytes(), Passes::Results),
                "{c:?}"
            );
        }
        assert!(is_plain("Grüße ✓ 東京 ‐ – “”".as_bytes(), Passes::Results));
    }

    #[test]
    fn json_keeps_values_exact_and_escapes_what_a_terminal_acts_on() {
        let value = serde_json::json!({"name": "a\u{1b}]0;x\u{7}\u{202e}b\u{9d}ü\"\n"});
        let text = json(&value);
        assert_eq!(text, r#"{"name":"a\u001b]0;x\u0007\u202eb\u009dü\"\n"}"#);
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        let pretty = json_pretty(&serde_json::json!([value]));
        assert!(
            pretty.contains("\n  {\n") && !pretty.contains('\u{202e}'),
            "{pretty}"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&pretty).unwrap()[0],
            value
        );
    }
}
