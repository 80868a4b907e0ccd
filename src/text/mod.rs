//! Measuring, truncating, padding and wrapping text by its width in terminal columns, so that
//! umlauts, CJK and emoji keep columns aligned; making controls visible, in a string and on
//! the way out (`output`).

mod output;

use std::borrow::Cow;

pub use output::{Passes, VisibleWriter, json, json_pretty};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Text from outside (a file name, a key in a file, a value, an error from the system) made safe
/// to print: every control character, escape included, and every bidi control is shown as its
/// code (`\u{1b}`) instead of reaching the terminal.
pub fn visible(text: &str) -> Cow<'_, str> {
    visible_except(text, None)
}

/// As [`visible`], but line breaks stay line breaks: for messages of several lines.
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    visible_except(text, Some('\n'))
}

fn visible_except(text: &str, kept: Option<char>) -> Cow<'_, str> {
    let shown = |c: char| Some(c) == kept || !is_terminal_control(c);
    if text.chars().all(shown) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if shown(c) {
            out.push(c);
        } else {
            out.extend(c.escape_unicode());
        }
    }
    Cow::Owned(out)
}

/// A character a terminal acts on or that reorders text: C0 and C1 controls, DEL, and the bidi
/// embeddings, overrides, isolates and marks.
pub fn is_terminal_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// The width of text in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// The text cut to at most `max` columns, ending in `…` when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// The text truncated to `columns` and padded with spaces to exactly that width.
pub fn fit(text: &str, columns: usize) -> String {
    let mut out = truncate(text, columns);
    let used = width(&out);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(used)));
    out
}

/// Greedy word wrap to lines of at most `columns` (a word longer than a line is cut). Line
/// breaks in the text are kept.
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    wrap_words(text, columns, true)
}

/// Greedy word wrap to lines of `columns`, a word longer than a line on a line of its own and
/// whole (a URL a terminal shows, and a user copies, in one piece). Line breaks are kept.
pub fn wrap_keeping_words(text: &str, columns: usize) -> Vec<String> {
    wrap_words(text, columns, false)
}

fn wrap_words(text: &str, columns: usize, cut_long_words: bool) -> Vec<String> {
    let columns = columns.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let word = if cut_long_words {
                truncate(word, columns)
            } else {
                word.to_owned()
            };
            let needed = width(&line) + usize::from(!line.is_empty()) + width(&word);
            if needed > columns && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        lines.push(line);
    }
    lines
}

/// The 1-based line and column (in characters) of a byte offset in a text, for messages
/// about files.
pub fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// FNV-1a, 64 bits: a hash that stays the same across releases (std's hasher may change), for
/// what is kept or exchanged: bookmark file names, the guids lotse makes.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_text_shows_its_controls_as_codes() {
        assert_eq!(visible("plain ü 東京"), "plain ü 東京");
        assert_eq!(
            visible("a\u{1b}]0;x\u{7}b\u{9b}c\u{202e}d\ne"),
            "a\\u{1b}]0;x\\u{7}b\\u{9b}c\\u{202e}d\\u{a}e"
        );
        assert_eq!(visible_lines("one\u{1b}[2J\ntwo"), "one\\u{1b}[2J\ntwo");
    }

    #[test]
    fn byte_offsets_become_lines_and_columns() {
        assert_eq!(line_and_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_and_column("ab", 0), (1, 1));
        assert_eq!(line_and_column("äb", 1), (1, 1));
    }

    #[test]
    fn truncation_counts_columns_not_bytes() {
        assert_eq!(truncate("Universitätsklinikum", 8), "Univers…");
        assert_eq!(truncate("北京大学", 5), "北京…");
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn fit_pads_wide_text_to_exact_columns() {
        assert_eq!(width(&fit("北京", 6)), 6);
        assert_eq!(width(&fit("Müller", 4)), 4);
    }

    #[test]
    fn wrap_breaks_between_words_and_keeps_paragraphs() {
        assert_eq!(
            wrap("eins zwei drei vier\nfünf", 10),
            vec!["eins zwei", "drei vier", "fünf"]
        );
    }
}
