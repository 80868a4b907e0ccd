//! One line of text being edited, readline style: the query and the export prompt's path
//! both are one. The cursor counts characters, not bytes.

use super::Action;

/// A line and the cursor in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// In characters, from 0 to the line's length.
    cursor: usize,
}

/// What an action did to a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// Only the cursor moved (or nothing happened, as Backspace at the start).
    Moved,
    /// The action is not line editing.
    NotAnEdit,
}

impl LineInput {
    /// A line with the cursor at its end.
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let cursor = text.chars().count();
        Self { text, cursor }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Applies an editing action: typing, pasting (control characters cleaned), deleting a
    /// character, a word or the line, moving the cursor.
    pub fn apply(&mut self, action: &Action) -> Edit {
        let before = self.text.len();
        let old = (before, self.cursor);
        let (text, cursor) = (&mut self.text, &mut self.cursor);
        match action {
            Action::Insert(c) => insert(text, cursor, c.encode_utf8(&mut [0; 4])),
            Action::Paste(pasted) => insert(text, cursor, &crate::model::clean_line(pasted)),
            Action::DeleteBackward => delete_backward(text, cursor),
            Action::DeleteForward => delete_forward(text, cursor),
            Action::DeleteWord => delete_word(text, cursor),
            Action::ClearLine => clear(text, cursor),
            Action::CursorLeft => *cursor = cursor.saturating_sub(1),
            Action::CursorRight => *cursor = (*cursor + 1).min(text.chars().count()),
            Action::CursorStart => *cursor = 0,
            Action::CursorEnd => *cursor = text.chars().count(),
            _ => return Edit::NotAnEdit,
        }
        // Every edit that changes the text changes its length.
        if self.text.len() != old.0 {
            Edit::Changed
        } else {
            Edit::Moved
        }
    }

    /// Replaces the whole line; the cursor goes to its end.
    pub fn set(&mut self, text: impl Into<String>) {
        *self = Self::new(text);
    }
}

impl std::fmt::Display for LineInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq<&str> for LineInput {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl std::ops::Deref for LineInput {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

/// The byte offset of the `chars`th character (the end when past it).
fn byte_at(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(at, _)| at)
}

fn insert(query: &mut String, cursor: &mut usize, text: &str) {
    query.insert_str(byte_at(query, *cursor), text);
    *cursor += text.chars().count();
}

fn clear(query: &mut String, cursor: &mut usize) {
    query.clear();
    *cursor = 0;
}

fn delete_backward(query: &mut String, cursor: &mut usize) {
    if *cursor > 0 {
        *cursor -= 1;
        query.remove(byte_at(query, *cursor));
    }
}

fn delete_forward(query: &mut String, cursor: &mut usize) {
    if *cursor < query.chars().count() {
        query.remove(byte_at(query, *cursor));
    }
}

/// Deletes back to the start of the word before the cursor, and the spaces after it (Ctrl-w).
fn delete_word(query: &mut String, cursor: &mut usize) {
    let chars: Vec<char> = query.chars().collect();
    let end = (*cursor).min(chars.len());
    let mut start = end;
    while start > 0 && chars[start - 1].is_whitespace() {
        start -= 1;
    }
    while start > 0 && !chars[start - 1].is_whitespace() {
        start -= 1;
    }
    query.replace_range(byte_at(query, start)..byte_at(query, end), "");
    *cursor = start;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(query: &str, cursor: usize, f: fn(&mut String, &mut usize)) -> (String, usize) {
        let mut query = query.to_owned();
        let mut cursor = cursor;
        f(&mut query, &mut cursor);
        (query, cursor)
    }

    #[test]
    fn editing_counts_characters_not_bytes() {
        let mut query = "Mller".to_owned();
        let mut cursor = 1;
        insert(&mut query, &mut cursor, "ü");
        assert_eq!((query.as_str(), cursor), ("Müller", 2));
        assert_eq!(edit("Müller", 2, delete_backward), ("Mller".to_owned(), 1));
        assert_eq!(edit("Müller", 1, delete_forward), ("Mller".to_owned(), 1));
    }

    #[test]
    fn ctrl_w_deletes_the_word_before_the_cursor() {
        assert_eq!(
            edit("ikt meets jena  ", 16, delete_word),
            ("ikt meets ".to_owned(), 10)
        );
        assert_eq!(edit("ikt meets", 3, delete_word), (" meets".to_owned(), 0));
        assert_eq!(edit("", 0, delete_word), (String::new(), 0));
    }

    #[test]
    fn the_cursor_stays_inside_the_line() {
        let mut line = LineInput::new("äb");
        assert_eq!(line.apply(&Action::CursorRight), Edit::Moved);
        assert_eq!(line.cursor(), 2);
        line.apply(&Action::CursorStart);
        assert_eq!(line.apply(&Action::CursorLeft), Edit::Moved);
        assert_eq!(line.cursor(), 0);
        assert_eq!(line.apply(&Action::DeleteBackward), Edit::Moved);
        assert_eq!(line.apply(&Action::Insert('x')), Edit::Changed);
        assert_eq!((line.text(), line.cursor()), ("xäb", 1));
        assert_eq!(line.apply(&Action::Quit), Edit::NotAnEdit);
    }

    #[test]
    fn a_paste_is_cleaned_of_control_characters() {
        let mut line = LineInput::default();
        assert_eq!(
            line.apply(&Action::Paste("a\u{1b}[31mb\nc".into())),
            Edit::Changed
        );
        assert!(!line.text().contains('\u{1b}'), "{:?}", line.text());
    }
}
