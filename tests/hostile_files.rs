//! Hostile files: one clear message, never a crash, a hang or unbounded memory.

use lotse::model::Dataset;

#[test]
fn a_fifo_is_refused_at_once_instead_of_blocking() {
    let dir = std::env::temp_dir().join(format!("lotse-fifo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("pipe.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // Nobody ever writes to it: reading would block forever.
    let message = Dataset::from_path(&fifo).unwrap_err().to_string();
    assert!(
        message.contains("is a FIFO (named pipe), not a regular file"),
        "{message}"
    );
    let imported = lotse::import::open(&fifo).unwrap_err().to_string();
    assert_eq!(imported, message);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_hundred_thousand_open_brackets_are_a_syntax_error_not_a_stack_overflow() {
    let deep = "[".repeat(100_000);
    let message = Dataset::from_str(&deep).unwrap_err().to_string();
    assert!(message.contains("recursion limit exceeded"), "{message}");
    let deep_object = format!("{{\"lotse\": 1, \"events\": {deep}");
    let message = Dataset::from_str(&deep_object).unwrap_err().to_string();
    assert!(message.starts_with("<string>:1:"), "{message}");
    let imported = lotse::import::from_bytes(
        format!("{{\"schedule\": {deep}").as_bytes(),
        "deep.json",
        "deep.json",
    )
    .unwrap_err()
    .to_string();
    assert!(imported.contains("recursion limit exceeded"), "{imported}");
}

#[test]
fn a_gigabyte_of_spaces_is_empty_and_costs_no_memory() {
    let spaces = std::io::Read::take(std::io::repeat(b' '), 1 << 30);
    let bytes = lotse::model::read_all(spaces, "spaces.json").unwrap();
    assert!(bytes.is_empty(), "kept {} bytes of blank", bytes.len());
    let message = Dataset::from_bytes(&bytes, "spaces.json")
        .unwrap_err()
        .to_string();
    assert!(message.contains("the file is empty"), "{message}");
}

#[test]
fn squeezed_leading_whitespace_keeps_lines_and_columns_right() {
    let text = "\n\n   \r\n    {\"lotse\": 1, \"title\": 7}";
    let bytes = lotse::model::read_all(text.as_bytes(), "x.json").unwrap();
    let from_squeezed = Dataset::from_bytes(&bytes, "x.json")
        .unwrap_err()
        .to_string();
    let from_original = Dataset::from_str(text).unwrap_err().to_string();
    assert_eq!(
        from_squeezed.replace("x.json", "<string>"),
        from_original,
        "the same line and column"
    );
    assert!(from_original.starts_with("<string>:4:"), "{from_original}");
}

#[test]
fn an_invalid_byte_inside_a_name_gives_its_line_and_column() {
    let bytes = b"{\"lotse\": 1,\n \"speakers\": [{\"id\": \"a\", \"name\": \"Bj\xF6rk\"}]}";
    let message = Dataset::from_bytes(bytes, "names.json")
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "names.json:2:38: not valid UTF-8 (byte 50); save the file as UTF-8"
    );
}

/// A reader whose file goes away after the first bytes.
struct Vanishing(bool);

impl std::io::Read for Vanishing {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        if std::mem::replace(&mut self.0, true) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "No such file or directory",
            ));
        }
        buffer[..12].copy_from_slice(b"{\"lotse\": 1,");
        Ok(12)
    }
}

#[test]
fn a_file_that_disappears_while_loading_gives_one_clear_error() {
    let message = Dataset::from_reader(Vanishing(false), "gone.json")
        .unwrap_err()
        .to_string();
    assert_eq!(message, "gone.json: cannot read: No such file or directory");
}
