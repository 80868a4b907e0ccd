//! Schedule abstracts come as HTML, Markdown or plain text; lotse shows plain text. This
//! reduces the first two to the third, keeping paragraphs, list items and link targets, and
//! leaves everything else to the loader's cleaning (control characters, escape sequences).

/// The plain text of an abstract or description in HTML, Markdown or plain text.
pub fn to_plain_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace(['\r', '\u{a0}'], " ");
    let text = if looks_like_html(&text) {
        strip_html(&text)
    } else {
        text
    };
    let lines: Vec<String> = text.lines().map(strip_markdown_line).collect();
    collapse_blank_lines(&lines)
}

fn looks_like_html(text: &str) -> bool {
    const TAGS: [&str; 9] = [
        "<p", "<br", "<a ", "<ul", "<li", "<div", "<em", "<strong", "<b>",
    ];
    let lower = text.to_ascii_lowercase();
    TAGS.iter().any(|tag| lower.contains(tag)) || lower.contains("&amp;")
}

/// Drops tags, turning block tags into line breaks and `<a href>` into `text (href)`.
fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut pending_href: Vec<Option<String>> = Vec::new();
    while let Some(open) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..open]));
        let Some(close) = rest[open..].find('>') else {
            // A lone `<` is text.
            out.push_str(&decode_entities(&rest[open..]));
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let lower = tag.to_ascii_lowercase();
        let name: String = lower
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let closing = lower.starts_with('/');
        match name.as_str() {
            "br" => out.push('\n'),
            "p" | "div" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote"
            | "pre" | "table" | "tr" => out.push_str("\n\n"),
            "li" if !closing => out.push_str("\n- "),
            "a" if !closing => pending_href.push(href_of(tag)),
            "a" => {
                if let Some(Some(href)) = pending_href.pop()
                    && !out.ends_with(&href)
                {
                    out.push_str(&format!(" ({href})"));
                }
            }
            "script" | "style" if !closing => {
                let end = format!("</{name}");
                let at = rest.to_ascii_lowercase().find(&end).unwrap_or(rest.len());
                rest = &rest[at..];
            }
            _ => {}
        }
    }
    out.push_str(&decode_entities(rest));
    out
}

fn href_of(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find("href=")? + 5;
    let value = &tag[at..];
    let quote = value.chars().next()?;
    let href = if quote == '"' || quote == '\'' {
        value[1..].split(quote).next()?
    } else {
        value.split_whitespace().next()?
    };
    Some(decode_entities(href))
}

/// Decodes the named entities schedules use and every numeric one.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Bytes, not characters: the window may end inside a character, `;` cannot.
        let window = &rest.as_bytes()[..rest.len().min(12)];
        let end = window.iter().position(|&b| b == b';');
        let decoded = end.and_then(|end| entity(&rest[1..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    let named = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "szlig" => 'ß',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            return char::from_u32(code);
        }
    };
    Some(named)
}

/// Markdown to text for one line: headings and emphasis marks go, `[text](url)` becomes
/// `text (url)`, list bullets become `- `.
fn strip_markdown_line(line: &str) -> String {
    let trimmed = line.trim_end();
    let indent = &trimmed[..trimmed.len() - trimmed.trim_start().len()];
    let mut body = trimmed.trim_start();
    let heading = body.trim_start_matches('#');
    if heading.len() < body.len() && (heading.is_empty() || heading.starts_with(' ')) {
        body = heading.trim_start();
    }
    let bullet = ["* ", "+ "].iter().find_map(|b| body.strip_prefix(b));
    let mut out = String::from(indent);
    if let Some(item) = bullet {
        out.push_str("- ");
        body = item;
    }
    out.push_str(&markdown_links(&strip_emphasis(body)));
    out
}

fn strip_emphasis(text: &str) -> String {
    let mut text = text.replace("**", "").replace("__", "");
    if text.matches('`').count().is_multiple_of(2) {
        text = text.replace('`', "");
    }
    text
}

fn markdown_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(mid) = rest[open..].find("](") else {
            break;
        };
        let Some(close) = rest[open + mid..].find(')') else {
            break;
        };
        let label = &rest[open + 1..open + mid];
        let url = &rest[open + mid + 2..open + mid + close];
        out.push_str(&rest[..open]);
        if label == url || label.is_empty() {
            out.push_str(url);
        } else {
            out.push_str(&format!("{label} ({url})"));
        }
        rest = &rest[open + mid + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Trims the text and keeps at most one blank line between paragraphs.
fn collapse_blank_lines(lines: &[String]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in lines {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_plain_text;

    #[test]
    fn html_becomes_paragraphs_with_link_targets() {
        let html = "<p>Hello&nbsp;<b>world</b> &amp; more.</p><ul><li>one</li><li><a \
                    href=\"https://x.org/a\">two</a></li></ul>";
        assert_eq!(
            to_plain_text(html),
            "Hello world & more.\n\n- one\n- two (https://x.org/a)"
        );
    }

    #[test]
    fn markdown_loses_its_marks_but_keeps_its_structure() {
        let markdown =
            "## Intro\r\n\r\nThis is **bold** and a [link](https://x.org).\r\n\r\n\r\n* item\r\n";
        assert_eq!(
            to_plain_text(markdown),
            "Intro\n\nThis is bold and a link (https://x.org).\n\n- item"
        );
    }

    /// Found by `cargo fuzz run load`: an `&` a few bytes before a multi-byte character.
    #[test]
    fn an_ampersand_before_a_wide_character_is_text() {
        assert_eq!(
            to_plain_text("<p>a &amp; b \u{feff} x</p>"),
            "a & b \u{feff} x"
        );
        assert_eq!(
            to_plain_text("<b>&\u{feff}\u{feff}\u{feff}\u{feff};</b>"),
            "&\u{feff}\u{feff}\u{feff}\u{feff};"
        );
    }

    #[test]
    fn plain_text_keeps_its_line_breaks_and_loses_no_break_spaces() {
        assert_eq!(to_plain_text("a\u{a0}b\nc < d"), "a b\nc < d");
    }
}
