//! Line editing of the query, readline style. The cursor counts characters, not bytes.

/// The byte offset of the `chars`th character (the end when past it).
fn byte_at(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(at, _)| at)
}

pub fn insert(query: &mut String, cursor: &mut usize, text: &str) {
    query.insert_str(byte_at(query, *cursor), text);
    *cursor += text.chars().count();
}

pub fn clear(query: &mut String, cursor: &mut usize) {
    query.clear();
    *cursor = 0;
}

pub fn delete_backward(query: &mut String, cursor: &mut usize) {
    if *cursor > 0 {
        *cursor -= 1;
        query.remove(byte_at(query, *cursor));
    }
}

pub fn delete_forward(query: &mut String, cursor: &mut usize) {
    if *cursor < query.chars().count() {
        query.remove(byte_at(query, *cursor));
    }
}

/// Deletes back to the start of the word before the cursor, and the spaces after it (Ctrl-w).
pub fn delete_word(query: &mut String, cursor: &mut usize) {
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

pub fn left(_query: &str, cursor: usize) -> usize {
    cursor.saturating_sub(1)
}

pub fn right(query: &str, cursor: usize) -> usize {
    (cursor + 1).min(query.chars().count())
}

pub fn start(_query: &str, _cursor: usize) -> usize {
    0
}

pub fn end(query: &str, _cursor: usize) -> usize {
    query.chars().count()
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
    fn the_cursor_stays_inside_the_query() {
        assert_eq!(left("ab", 0), 0);
        assert_eq!(right("äb", 2), 2);
        assert_eq!(end("äb", 0), 2);
    }
}
