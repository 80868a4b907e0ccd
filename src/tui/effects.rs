//! The effects the app queues and the loop carries out: saving bookmarks, writing an export,
//! copying with OSC 52, opening the browser. Each says how it went, for the status line.

use std::io::{self, Write};
use std::path::Path;

use crate::app::{App, ChangedBy, Effect, InternalEvent};
use crate::bookmark_file::BookmarkFile;

/// Does what the app asked for and says how it went (and, for bookmarks, what the file holds
/// now). `terminal` takes bytes that go to the terminal past ratatui (the clipboard sequence).
pub fn carry_out(
    effect: Effect,
    app: &App,
    bookmarks: Option<&BookmarkFile>,
    terminal: &mut dyn Write,
) -> Vec<InternalEvent> {
    let report = match effect {
        Effect::ChangeBookmarks(changes) => return change_bookmarks(&changes, app, bookmarks),
        Effect::Export {
            format,
            path,
            selection,
        } => {
            let exported = crate::export::export(
                app.dataset(),
                format,
                selection,
                &crate::export::Options::at(crate::export::stamp()),
                |bytes| {
                    crate::files::write_atomically(Path::new(&path), bytes)
                        .map(|()| Some(path.clone()))
                },
            );
            match exported {
                Ok(Some(summary)) => summary,
                Ok(None) => format!("export failed: {path}"),
                Err(error) => format!("export failed: {path}: {error}"),
            }
        }
        Effect::Copy(text) => match copy_with_osc52(&text, terminal) {
            Ok(()) => format!("copied: {text}"),
            Err(error) => format!("not copied: {error}"),
        },
        // The loop starts and cancels a reload itself (it runs on a thread and ends later).
        Effect::Reload | Effect::CancelReload => return Vec::new(),
        Effect::OpenUrl(url) => match open_in_browser(&url) {
            Ok(program) => format!("opening {url} with {program}"),
            Err(error) => format!("could not open {url}: {error}"),
        },
    };
    vec![InternalEvent::Report(report)]
}

/// Merges the app's changes into the bookmarks file as it is now, and hands back what it
/// holds then (another lotse's changes included); when the change is refused, what the file
/// holds all the same, so the explorer shows only what is kept.
fn change_bookmarks(
    changes: &[crate::bookmarks::Change],
    app: &App,
    bookmarks: Option<&BookmarkFile>,
) -> Vec<InternalEvent> {
    let done = app.message().unwrap_or("bookmarks saved").to_owned();
    let Some(file) = bookmarks else {
        let report = format!("{done} (not saved: this system has no data directory)");
        return vec![InternalEvent::Report(report)];
    };
    let (kept, report) =
        match file.change(|marked| crate::bookmarks::apply(app.dataset(), marked, changes)) {
            Ok(changed) => {
                let report = match changed.warning {
                    Some(warning) => format!("{done} · {warning}"),
                    None => done,
                };
                (changed.bookmarks, report)
            }
            Err(error) => (
                file.read().bookmarks,
                format!("bookmarks not saved: {error}"),
            ),
        };
    vec![
        InternalEvent::Bookmarks {
            kept,
            by: ChangedBy::ThisExplorer,
        },
        InternalEvent::Report(report),
    ]
}

/// Puts text on the clipboard of the terminal (and of the machine it runs on, over ssh too)
/// with the OSC 52 sequence. The text is base64-encoded, so nothing in it reaches the
/// terminal as a control sequence.
fn copy_with_osc52(text: &str, terminal: &mut dyn Write) -> io::Result<()> {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    write!(terminal, "\x1b]52;c;{encoded}\x07")?;
    terminal.flush()
}

/// Starts the browser on an http(s) URL (the app checked the scheme): `$BROWSER` if set, else
/// the platform's opener. The URL is one argument to the program; no shell is involved.
fn open_in_browser(url: &str) -> io::Result<String> {
    let program = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| {
            if cfg!(target_os = "macos") {
                "open".to_owned()
            } else if cfg!(windows) {
                "explorer".to_owned()
            } else {
                "xdg-open".to_owned()
            }
        });
    let mut child = std::process::Command::new(&program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    // Reaped in the background, so no zombie is left while the explorer runs on.
    std::thread::spawn(move || child.wait());
    Ok(program)
}
