//! Cleaning of untrusted text. Done once at load, so that the rest of lotse may print any string
//! of a dataset to a terminal: no control character, escape sequence or bidi override survives.

use std::borrow::Cow;

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';
/// The C1 forms of "ESC [" (CSI), "ESC ]" (OSC) and of the other string introducers.
const C1_CSI: char = '\u{9b}';
const C1_OSC: char = '\u{9d}';
const C1_STRINGS: [char; 4] = ['\u{90}', '\u{98}', '\u{9e}', '\u{9f}'];
const C1_ST: char = '\u{9c}';

/// Cleans text meant for one line: line breaks become spaces too.
pub fn clean_line(text: &str) -> Cow<'_, str> {
    clean(text, false)
}

/// Cleans long text (summaries, descriptions): line breaks are kept, `\r\n` becomes `\n`.
pub fn clean_block(text: &str) -> Cow<'_, str> {
    clean(text, true)
}

/// Whether cleaning removes more than layout: tabs and line breaks are harmless and turn into
/// spaces silently; anything else that goes is worth a warning.
pub(super) fn has_hostile_characters(text: &str) -> bool {
    text.chars()
        .any(|c| !is_plain(c) && !matches!(c, '\t' | '\r' | '\n'))
}

fn clean(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if text.chars().all(is_plain) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ESC => skip_escape_sequence(&mut chars),
            C1_CSI => skip_csi(&mut chars),
            C1_OSC => skip_string(&mut chars),
            c if C1_STRINGS.contains(&c) => skip_string(&mut chars),
            '\r' if keep_newlines && chars.peek() == Some(&'\n') => {}
            '\n' if keep_newlines => out.push('\n'),
            '\t' | '\r' | '\n' => out.push(' '),
            c if is_plain(c) => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// A character that may reach the terminal as it is.
fn is_plain(c: char) -> bool {
    !(c.is_control() || is_bidi_control(c))
}

/// Characters that reorder the text around them and can make a line lie about its content.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Skips what follows an ESC: a CSI or string sequence, or a single final character.
fn skip_escape_sequence(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // Intermediate bytes (e.g. `ESC ( B`) are followed by one final byte.
        Some(' '..='/') => {
            while chars.next_if(|c| (' '..='/').contains(c)).is_some() {}
            chars.next();
        }
        _ => {}
    }
}

/// Skips a control sequence's parameters and intermediates up to its final byte (`@`..`~`).
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) || !(' '..='?').contains(&c) {
            break;
        }
    }
}

/// Skips an OSC/DCS/APC/PM/SOS string up to its terminator: BEL, ST (`ESC \` or U+009C).
/// An unterminated string swallows the rest of the text, as a terminal would.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            BEL | C1_ST => return,
            ESC => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(
            clean_line("Jena – Müller 北京 🎉"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn csi_sequences_are_removed_whole() {
        assert_eq!(clean_line("a\u{1b}[2Jb\u{1b}[1;31mc\u{1b}[0m"), "abc");
        assert_eq!(clean_line("a\u{9b}31mb"), "ab");
    }

    #[test]
    fn osc_title_and_clipboard_writes_are_removed() {
        assert_eq!(clean_line("x\u{1b}]0;pwned\u{7}y"), "xy");
        assert_eq!(clean_line("x\u{1b}]52;c;aGk=\u{1b}\\y"), "xy");
        assert_eq!(clean_line("x\u{9d}2;t\u{9c}y"), "xy");
        assert_eq!(
            clean_line("\u{1b}]8;;http://e.x\u{1b}\\link\u{1b}]8;;\u{1b}\\"),
            "link"
        );
    }

    #[test]
    fn controls_bidi_and_del_are_removed() {
        assert_eq!(clean_line("a\u{0}b\u{7f}c\u{8}d\u{85}e"), "abcde");
        assert_eq!(clean_line("\u{202e}abc\u{202c}\u{2066}d\u{2069}"), "abcd");
    }

    #[test]
    fn tabs_and_carriage_returns_become_spaces() {
        assert_eq!(clean_line("a\tb\rc\nd"), "a b c d");
        assert_eq!(clean_block("a\tb\r\nc\rd\ne"), "a b\nc d\ne");
    }

    #[test]
    fn charset_designations_and_unterminated_strings_are_removed() {
        assert_eq!(clean_line("a\u{1b}(Bb"), "ab");
        assert_eq!(clean_line("a\u{1b}]0;never ends"), "a");
        assert_eq!(clean_line("trailing\u{1b}"), "trailing");
    }
}
