//! Folding text for matching: diacritics go, so "muller" finds "Müller" and "schie" finds
//! "Schié". Case is kept, so that smart case still works on the folded text.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The text without diacritics: `Müller` → `Muller`, `Straße` → `Strasse`.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_into(text, &mut folded);
    folded
}

/// `fold`, appended to `folded`.
pub fn fold_into(text: &str, folded: &mut String) {
    if text.is_ascii() {
        folded.push_str(text);
        return;
    }
    for c in text.chars() {
        fold_char(c, folded);
    }
}

/// The folded text and, for each of its characters, the index of the character of `text` it
/// came from, so that match positions in the folded text can be shown on the original.
pub fn fold_with_origins(text: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut origins = Vec::with_capacity(text.len());
    for (index, c) in text.chars().enumerate() {
        let before = folded.chars().count();
        fold_char(c, &mut folded);
        let added = folded.chars().count() - before;
        origins.extend(std::iter::repeat_n(index, added));
    }
    (folded, origins)
}

/// The German transliteration: `Müller` → `Mueller`, so that "mueller" finds Müller too.
/// Other letters fold as in `fold`.
pub fn fold_german(text: &str) -> String {
    let mut folded = String::with_capacity(text.len() + 4);
    fold_german_into(text, &mut folded);
    folded
}

/// `fold_german`, appended to `folded`.
pub fn fold_german_into(text: &str, folded: &mut String) {
    for c in text.chars() {
        match c {
            'ä' => folded.push_str("ae"),
            'ö' => folded.push_str("oe"),
            'ü' => folded.push_str("ue"),
            'Ä' => folded.push_str("Ae"),
            'Ö' => folded.push_str("Oe"),
            'Ü' => folded.push_str("Ue"),
            c => fold_char(c, folded),
        }
    }
}

/// The German transliteration with origins, as `fold_with_origins`.
pub fn fold_german_with_origins(text: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len() + 4);
    let mut origins = Vec::with_capacity(text.len() + 4);
    for (index, c) in text.chars().enumerate() {
        let before = folded.chars().count();
        folded.push_str(&fold_german(c.encode_utf8(&mut [0; 4])));
        let added = folded.chars().count() - before;
        origins.extend(std::iter::repeat_n(index, added));
    }
    (folded, origins)
}

fn fold_char(c: char, folded: &mut String) {
    if c.is_ascii() {
        folded.push(c);
        return;
    }
    for c in std::iter::once(c).nfd().filter(|&c| !is_combining_mark(c)) {
        match c {
            'ß' => folded.push_str("ss"),
            'ẞ' => folded.push_str("SS"),
            'æ' => folded.push_str("ae"),
            'Æ' => folded.push_str("AE"),
            'œ' => folded.push_str("oe"),
            'Œ' => folded.push_str("OE"),
            'ø' => folded.push('o'),
            'Ø' => folded.push('O'),
            'ł' => folded.push('l'),
            'Ł' => folded.push('L'),
            'đ' => folded.push('d'),
            'Đ' => folded.push('D'),
            _ => folded.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{fold, fold_with_origins};

    #[test]
    fn umlauts_and_accents_lose_their_marks_and_keep_their_case() {
        assert_eq!(fold("Müller"), "Muller");
        assert_eq!(fold("Ökosystem Thüringen"), "Okosystem Thuringen");
        assert_eq!(fold("Café Zoë"), "Cafe Zoe");
    }

    #[test]
    fn ligatures_and_sharp_s_become_two_letters() {
        assert_eq!(fold("Straße"), "Strasse");
        assert_eq!(fold("Æther"), "AEther");
    }

    #[test]
    fn origins_point_back_at_the_original_characters() {
        let (folded, origins) = fold_with_origins("Straße ü");
        assert_eq!(folded, "Strasse u");
        assert_eq!(origins, [0, 1, 2, 3, 4, 4, 5, 6, 7]);
    }

    #[test]
    fn german_transliteration_spells_umlauts_out() {
        assert_eq!(
            super::fold_german("Müller Öl Straße café"),
            "Mueller Oel Strasse cafe"
        );
    }

    #[test]
    fn text_without_letters_to_fold_is_unchanged() {
        assert_eq!(fold("IKT meets… 2025 北京"), "IKT meets… 2025 北京");
    }
}
