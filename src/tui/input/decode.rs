//! The bytes a terminal sends, decoded into crossterm's event types.
//!
//! crossterm's own reader takes two Escapes that arrive in one read (`ESC ESC`, as when a user
//! types fast, a link batches keys, or tmux sends them together) as a single Esc, so a keypress
//! is lost. This decoder takes each sequence whole and is tested byte by byte.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

const ESC: u8 = 0x1b;
const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// What the bytes at the front of the buffer are.
#[derive(Debug, PartialEq)]
enum Step {
    /// An event, made of this many bytes.
    Event(Event, usize),
    /// This many bytes mean nothing lotse uses (a malformed or unknown sequence).
    Skip(usize),
    /// The start of a sequence whose end has not arrived yet.
    NeedMore,
}

/// Turns terminal bytes into events, keeping an unfinished sequence for the next read.
#[derive(Default)]
pub struct Decoder {
    pending: Vec<u8>,
    /// How far a bracketed paste in `pending` has been searched for its end, so that a long
    /// paste arriving in many reads is scanned once, not once per read.
    paste_scanned: usize,
}

impl Decoder {
    /// Decodes `bytes`. `more` says that more input is already waiting: then an Escape at the
    /// very end may begin a sequence, and waits for the next read instead of being a key.
    pub fn feed(&mut self, bytes: &[u8], more: bool) -> Vec<Event> {
        self.pending.extend_from_slice(bytes);
        let mut events = Vec::new();
        let mut start = 0;
        while start < self.pending.len() {
            let rest = &self.pending[start..];
            let step = if rest.starts_with(PASTE_START) {
                self.paste(start)
            } else {
                decode(rest, more)
            };
            match step {
                Step::Event(event, used) => {
                    events.push(event);
                    start += used;
                }
                Step::Skip(used) => start += used,
                Step::NeedMore => break,
            }
        }
        self.pending.drain(..start);
        if start > 0 {
            self.paste_scanned = 0;
        }
        events
    }

    /// A bracketed paste starting at `start`: everything up to the end marker, as one event.
    fn paste(&mut self, start: usize) -> Step {
        let body_start = start + PASTE_START.len();
        let from = body_start.max(self.paste_scanned.saturating_sub(PASTE_END.len()));
        let found = self.pending[from..]
            .windows(PASTE_END.len())
            .position(|window| window == PASTE_END);
        let Some(offset) = found else {
            self.paste_scanned = self.pending.len();
            return Step::NeedMore;
        };
        let body_end = from + offset;
        let text = String::from_utf8_lossy(&self.pending[body_start..body_end]).into_owned();
        Step::Event(Event::Paste(text), body_end + PASTE_END.len() - start)
    }
}

/// Decodes the sequence at the front of `bytes` (never empty).
fn decode(bytes: &[u8], more: bool) -> Step {
    match bytes[0] {
        ESC => escape(bytes, more),
        b'\r' => key(KeyCode::Enter, KeyModifiers::NONE, 1),
        b'\t' => key(KeyCode::Tab, KeyModifiers::NONE, 1),
        0x7f => key(KeyCode::Backspace, KeyModifiers::NONE, 1),
        // In raw mode a newline is Ctrl-J, as in crossterm.
        c @ 0x01..=0x1a => key(
            KeyCode::Char(char::from(c - 1 + b'a')),
            KeyModifiers::CONTROL,
            1,
        ),
        c @ 0x1c..=0x1f => key(
            KeyCode::Char(char::from(c - 0x1c + b'4')),
            KeyModifiers::CONTROL,
            1,
        ),
        0 => key(KeyCode::Char(' '), KeyModifiers::CONTROL, 1),
        _ => character(bytes),
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers, used: usize) -> Step {
    Step::Event(Event::Key(KeyEvent::new(code, modifiers)), used)
}

/// Everything that starts with ESC: Escape itself, CSI and SS3 sequences, Alt with a key.
fn escape(bytes: &[u8], more: bool) -> Step {
    let Some(&second) = bytes.get(1) else {
        return if more {
            Step::NeedMore
        } else {
            key(KeyCode::Esc, KeyModifiers::NONE, 1)
        };
    };
    match second {
        // Escape, then whatever the next ESC starts: two Escapes are two keys.
        ESC => key(KeyCode::Esc, KeyModifiers::NONE, 1),
        b'[' => csi(bytes),
        b'O' if bytes.len() > 2 || more => ss3(bytes),
        _ => match decode(&bytes[1..], more) {
            Step::Event(Event::Key(mut pressed), used) => {
                pressed.modifiers |= KeyModifiers::ALT;
                Step::Event(Event::Key(pressed), used + 1)
            }
            Step::Event(event, used) => Step::Event(event, used + 1),
            Step::Skip(used) => Step::Skip(used + 1),
            Step::NeedMore => Step::NeedMore,
        },
    }
}

/// `ESC O x`: the keys some terminals send in application mode.
fn ss3(bytes: &[u8]) -> Step {
    let Some(&last) = bytes.get(2) else {
        return Step::NeedMore;
    };
    match last {
        b'A' => key(KeyCode::Up, KeyModifiers::NONE, 3),
        b'B' => key(KeyCode::Down, KeyModifiers::NONE, 3),
        b'C' => key(KeyCode::Right, KeyModifiers::NONE, 3),
        b'D' => key(KeyCode::Left, KeyModifiers::NONE, 3),
        b'H' => key(KeyCode::Home, KeyModifiers::NONE, 3),
        b'F' => key(KeyCode::End, KeyModifiers::NONE, 3),
        b'P'..=b'S' => key(KeyCode::F(last - b'P' + 1), KeyModifiers::NONE, 3),
        _ => Step::Skip(3),
    }
}

/// `ESC [ parameters final`: cursor and editing keys, function keys, mouse reports, focus.
fn csi(bytes: &[u8]) -> Step {
    if bytes.get(2) == Some(&b'M') {
        return x10_mouse(bytes);
    }
    let Some(end) = bytes[2..]
        .iter()
        .position(|b| !(0x20..=0x3f).contains(b))
        .map(|offset| offset + 2)
    else {
        return Step::NeedMore;
    };
    let used = end + 1;
    let last = bytes[end];
    if !(0x40..=0x7e).contains(&last) {
        // Not a sequence after all: drop the introducer and decode the rest anew.
        return Step::Skip(2);
    }
    // Parameters are ASCII by the check above.
    let parameters = std::str::from_utf8(&bytes[2..end]).unwrap_or_default();
    if let Some(mouse) = parameters.strip_prefix('<') {
        return sgr_mouse(mouse, last, used);
    }
    let mut numbers = parameters.split(';').map(|n| n.parse::<u16>().ok());
    let first = numbers.next().flatten();
    let modifiers = numbers
        .next()
        .flatten()
        .map_or(KeyModifiers::NONE, modifier_mask);
    let code = match (last, first) {
        (b'A', _) => KeyCode::Up,
        (b'B', _) => KeyCode::Down,
        (b'C', _) => KeyCode::Right,
        (b'D', _) => KeyCode::Left,
        (b'H', _) => KeyCode::Home,
        (b'F', _) => KeyCode::End,
        (b'Z', _) => return key(KeyCode::BackTab, KeyModifiers::SHIFT, used),
        (b'P'..=b'S', _) => KeyCode::F(last - b'P' + 1),
        (b'I', None) => return Step::Event(Event::FocusGained, used),
        (b'O', None) => return Step::Event(Event::FocusLost, used),
        (b'~', Some(number)) => match tilde_key(number) {
            Some(code) => code,
            None => return Step::Skip(used),
        },
        _ => return Step::Skip(used),
    };
    key(code, modifiers, used)
}

/// The keys of `ESC [ n ~`.
fn tilde_key(number: u16) -> Option<KeyCode> {
    Some(match number {
        1 | 7 => KeyCode::Home,
        2 => KeyCode::Insert,
        3 => KeyCode::Delete,
        4 | 8 => KeyCode::End,
        5 => KeyCode::PageUp,
        6 => KeyCode::PageDown,
        11..=15 => KeyCode::F(u8::try_from(number - 10).ok()?),
        17..=21 => KeyCode::F(u8::try_from(number - 11).ok()?),
        23..=24 => KeyCode::F(u8::try_from(number - 12).ok()?),
        _ => return None,
    })
}

/// xterm's modifier parameter: one more than a mask of Shift 1, Alt 2, Ctrl 4.
fn modifier_mask(parameter: u16) -> KeyModifiers {
    let mask = parameter.saturating_sub(1);
    let mut modifiers = KeyModifiers::NONE;
    if mask & 1 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if mask & 2 != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if mask & 4 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    modifiers
}

/// An SGR mouse report, `ESC [ < button ; column ; row M` (press) or `m` (release).
fn sgr_mouse(parameters: &str, last: u8, used: usize) -> Step {
    let numbers: Vec<Option<u16>> = parameters.split(';').map(|n| n.parse().ok()).collect();
    let [Some(button), Some(column), Some(row)] = numbers[..] else {
        return Step::Skip(used);
    };
    let Some(kind) = mouse_kind(button, last == b'm') else {
        return Step::Skip(used);
    };
    let mut modifiers = KeyModifiers::NONE;
    for (bit, modifier) in [
        (4, KeyModifiers::SHIFT),
        (8, KeyModifiers::ALT),
        (16, KeyModifiers::CONTROL),
    ] {
        if button & bit != 0 {
            modifiers |= modifier;
        }
    }
    let event = MouseEvent {
        kind,
        column: column.saturating_sub(1),
        row: row.saturating_sub(1),
        modifiers,
    };
    Step::Event(Event::Mouse(event), used)
}

/// A mouse report of terminals without SGR reports: `ESC [ M` and three bytes, each 32 more
/// than the button and the 1-based column and row. Taken whole, so its bytes never type.
fn x10_mouse(bytes: &[u8]) -> Step {
    let Some(&[button, column, row]) = bytes.get(3..6) else {
        return Step::NeedMore;
    };
    let [button, column, row] = [button, column, row].map(|b| u16::from(b.saturating_sub(32)));
    // Button 3 is a release of whichever button was down.
    let Some(kind) = mouse_kind(button, false) else {
        return Step::Skip(6);
    };
    let event = MouseEvent {
        kind,
        column: column.saturating_sub(1),
        row: row.saturating_sub(1),
        modifiers: KeyModifiers::NONE,
    };
    Step::Event(Event::Mouse(event), 6)
}

fn mouse_kind(button: u16, released: bool) -> Option<MouseEventKind> {
    let number = (button & 0b11) | ((button & 0b1100_0000) >> 4);
    let dragging = button & 0b10_0000 != 0;
    let pressed = [MouseButton::Left, MouseButton::Middle, MouseButton::Right];
    Some(match (number, dragging) {
        (0..=2, false) if released => MouseEventKind::Up(pressed[usize::from(number)]),
        (0..=2, false) => MouseEventKind::Down(pressed[usize::from(number)]),
        (0..=2, true) => MouseEventKind::Drag(pressed[usize::from(number)]),
        (3, false) => MouseEventKind::Up(MouseButton::Left),
        (3..=5, true) => MouseEventKind::Moved,
        (4, false) => MouseEventKind::ScrollUp,
        (5, false) => MouseEventKind::ScrollDown,
        (6, false) => MouseEventKind::ScrollLeft,
        (7, false) => MouseEventKind::ScrollRight,
        _ => return None,
    })
}

/// One UTF-8 character; an uppercase letter carries Shift, as crossterm reports it.
fn character(bytes: &[u8]) -> Step {
    let width = match bytes[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Step::Skip(1),
    };
    let Some(encoded) = bytes.get(..width) else {
        return if bytes[1..].iter().all(|b| b & 0xc0 == 0x80) {
            Step::NeedMore
        } else {
            Step::Skip(1)
        };
    };
    let Some(c) = std::str::from_utf8(encoded)
        .ok()
        .and_then(|text| text.chars().next())
    else {
        return Step::Skip(1);
    };
    let modifiers = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    key(KeyCode::Char(c), modifiers, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> Vec<Event> {
        Decoder::default().feed(bytes, false)
    }

    fn pressed(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    fn plain(code: KeyCode) -> Event {
        pressed(code, KeyModifiers::NONE)
    }

    #[test]
    fn two_escapes_in_one_read_are_two_escapes() {
        assert_eq!(
            decode_all(b"\x1b\x1b"),
            [plain(KeyCode::Esc), plain(KeyCode::Esc)]
        );
        assert_eq!(decode_all(b"\x1b\x1b\x1b").len(), 3);
        // An Escape before an arrow key is an Escape, then the arrow.
        assert_eq!(
            decode_all(b"\x1b\x1b[A"),
            [plain(KeyCode::Esc), plain(KeyCode::Up)]
        );
    }

    #[test]
    fn an_escape_at_the_end_of_a_read_waits_only_when_more_is_coming() {
        let mut decoder = Decoder::default();
        assert_eq!(decoder.feed(b"\x1b", true), []);
        assert_eq!(decoder.feed(b"[B", false), [plain(KeyCode::Down)]);
        assert_eq!(decoder.feed(b"\x1b", false), [plain(KeyCode::Esc)]);
    }

    #[test]
    fn sequences_split_across_reads_are_joined() {
        let mut decoder = Decoder::default();
        assert_eq!(decoder.feed(b"\x1b[1;", true), []);
        assert_eq!(
            decoder.feed(b"5C", false),
            [pressed(KeyCode::Right, KeyModifiers::CONTROL)]
        );
        assert_eq!(decoder.feed("ü".as_bytes().get(..1).unwrap(), false), []);
        assert_eq!(
            decoder.feed(&"ü".as_bytes()[1..], false),
            [plain(KeyCode::Char('ü'))]
        );
    }

    #[test]
    fn letters_controls_and_alt_decode_as_crossterm_reports_them() {
        assert_eq!(
            decode_all(b"aB\r\t\x7f\x03\x1bb\x1bB"),
            [
                plain(KeyCode::Char('a')),
                pressed(KeyCode::Char('B'), KeyModifiers::SHIFT),
                plain(KeyCode::Enter),
                plain(KeyCode::Tab),
                plain(KeyCode::Backspace),
                pressed(KeyCode::Char('c'), KeyModifiers::CONTROL),
                pressed(KeyCode::Char('b'), KeyModifiers::ALT),
                pressed(KeyCode::Char('B'), KeyModifiers::ALT | KeyModifiers::SHIFT),
            ]
        );
    }

    #[test]
    fn cursor_editing_and_function_keys() {
        assert_eq!(
            decode_all(
                b"\x1b[A\x1bOB\x1b[H\x1b[4~\x1b[5~\x1b[6~\x1b[3~\x1b[Z\x1bOP\x1b[15~\x1b[24~"
            ),
            [
                plain(KeyCode::Up),
                plain(KeyCode::Down),
                plain(KeyCode::Home),
                plain(KeyCode::End),
                plain(KeyCode::PageUp),
                plain(KeyCode::PageDown),
                plain(KeyCode::Delete),
                pressed(KeyCode::BackTab, KeyModifiers::SHIFT),
                plain(KeyCode::F(1)),
                plain(KeyCode::F(5)),
                plain(KeyCode::F(12)),
            ]
        );
    }

    #[test]
    fn sgr_mouse_reports() {
        let mouse = |kind, column, row| {
            Event::Mouse(MouseEvent {
                kind,
                column,
                row,
                modifiers: KeyModifiers::NONE,
            })
        };
        assert_eq!(
            decode_all(b"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<64;1;1M\x1b[<65;3;4M"),
            [
                mouse(MouseEventKind::Down(MouseButton::Left), 9, 4),
                mouse(MouseEventKind::Up(MouseButton::Left), 9, 4),
                mouse(MouseEventKind::ScrollUp, 0, 0),
                mouse(MouseEventKind::ScrollDown, 2, 3),
            ]
        );
    }

    #[test]
    fn x10_mouse_reports_are_taken_whole() {
        assert_eq!(
            decode_all(b"\x1b[M !!\x1b[M#!!x"),
            [
                Event::Mouse(MouseEvent {
                    kind: MouseEventKind::Down(MouseButton::Left),
                    column: 0,
                    row: 0,
                    modifiers: KeyModifiers::NONE,
                }),
                Event::Mouse(MouseEvent {
                    kind: MouseEventKind::Up(MouseButton::Left),
                    column: 0,
                    row: 0,
                    modifiers: KeyModifiers::NONE,
                }),
                plain(KeyCode::Char('x')),
            ]
        );
    }

    #[test]
    fn a_bracketed_paste_is_one_event_however_it_arrives() {
        let mut decoder = Decoder::default();
        assert_eq!(decoder.feed(b"\x1b[200~first \x1b", true), []);
        assert_eq!(decoder.feed(b"[2", true), []);
        assert_eq!(
            decoder.feed(b"01~x", false),
            [Event::Paste("first ".to_owned()), plain(KeyCode::Char('x'))]
        );
        // Escapes inside a paste are text for the query, not keys.
        assert_eq!(
            decode_all(b"\x1b[200~a\x1b\x1bb\x1b[201~"),
            [Event::Paste("a\x1b\x1bb".to_owned())]
        );
    }

    #[test]
    fn malformed_and_unknown_input_is_skipped_without_losing_what_follows() {
        assert_eq!(
            decode_all(b"\xff\x1b[99~\x1b[<1;2M\x1b[\x01x"),
            [
                pressed(KeyCode::Char('a'), KeyModifiers::CONTROL),
                plain(KeyCode::Char('x'))
            ]
        );
        assert_eq!(
            decode_all(b"\x1b[I\x1b[O"),
            [Event::FocusGained, Event::FocusLost]
        );
    }

    /// Bytes as terminals send them, heavy on the ones that start and end sequences.
    fn terminal_bytes() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let byte = prop_oneof![
            Just(ESC),
            Just(b'['),
            Just(b'O'),
            Just(b'<'),
            Just(b';'),
            Just(b'~'),
            Just(b'M'),
            Just(b'm'),
            b'0'..=b'9',
            b'A'..=b'Z',
            b'a'..=b'z',
            0u8..=0x1f,
            0x80u8..=0xff,
        ];
        let paste = Just(PASTE_START.to_vec()).boxed();
        let paste_end = Just(PASTE_END.to_vec()).boxed();
        let umlaut = Just("ü".as_bytes().to_vec()).boxed();
        let piece = prop_oneof![
            8 => byte.prop_map(|b| vec![b]),
            1 => paste,
            1 => paste_end,
            1 => umlaut,
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 3_000,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// However the bytes are split into reads (with "more is waiting" said at each split,
        /// as the reader says it when its buffer was full), the same events come out, and no
        /// input makes the decoder panic.
        #[test]
        fn how_bytes_are_split_into_reads_changes_no_event(
            bytes in terminal_bytes(),
            cuts in proptest::collection::vec(0usize..64, 0..4),
        ) {
            let whole = Decoder::default().feed(&bytes, false);
            let mut decoder = Decoder::default();
            let mut events = Vec::new();
            let mut start = 0;
            let mut points: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            points.sort_unstable();
            for point in points {
                events.extend(decoder.feed(&bytes[start..point], true));
                start = point;
            }
            events.extend(decoder.feed(&bytes[start..], false));
            proptest::prop_assert_eq!(events, whole);
        }
    }
}
