//! Temporary files that are being written: created exclusively under an unpredictable name
//! beside the file they will replace, locked for as long as they are written, and never left
//! behind. Should lotse end on a signal meanwhile, the signal path removes them
//! ([`remove_unfinished`]); should it be killed outright (SIGKILL, a power cut), the next
//! write beside them sweeps them away: a temporary file nobody holds locked is nobody's.

use std::fs::{self, File, Permissions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The temporary files this process is writing now.
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temporary file this process is writing: for the signal path, just before
/// the process ends. Safe to call from any thread.
pub fn remove_unfinished() {
    let paths = UNFINISHED
        .lock()
        .map_or_else(|e| e.into_inner().clone(), |p| p.clone());
    for path in paths {
        let _ = fs::remove_file(path);
    }
}

/// Watches, on a thread of its own, for the signals that end a process (SIGTERM, SIGHUP,
/// SIGINT, SIGQUIT), and removes the temporary files being written before ending the process
/// the way the signal would have. For the command line; the explorer's own watcher, which
/// restores the terminal first, does the same. Installed once, however often called.
pub fn remove_unfinished_on_signals() -> io::Result<()> {
    static WATCHING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if WATCHING.swap(true, std::sync::atomic::Ordering::SeqCst) {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                remove_unfinished();
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
    }
    Ok(())
}

/// A temporary file being written: registered for the signal path until it is renamed into
/// place or dropped (which removes it).
pub struct Temporary {
    file: tempfile::NamedTempFile,
    _registered: Registered,
}

/// A temporary file's name in the registry of the signal path, until dropped.
struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        let path = &self.0;
        lock_registry().retain(|p| p != path);
    }
}

impl Temporary {
    /// A new temporary file beside `path` (named `.NAME.XXXXXX.tmp`), with `mode`'s permission
    /// bits as the umask allows; earlier ones left behind by a lotse that was killed are
    /// swept away first.
    pub fn beside(path: &Path, mode: u32) -> io::Result<Self> {
        let (directory, name) = directory_and_name(path);
        sweep(directory, &name);
        let prefix = format!(".{name}.");
        // A few tries: a file system that tells a file's identity differently by name and by
        // handle must not keep lotse here for ever.
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut builder = tempfile::Builder::new();
            builder.prefix(&prefix).suffix(".tmp");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                builder.permissions(Permissions::from_mode(mode));
            }
            #[cfg(not(unix))]
            let _ = mode;
            // tempfile adds the temporary name to its errors; the user asked for `path`, and
            // the caller names it.
            let file = builder
                .tempfile_in(directory)
                .map_err(without_temporary_name)?;
            file.as_file().lock()?;
            // A sweep by another lotse may have taken the file in the instant between its
            // creation and the lock: then it is gone, and another is made.
            if attempt >= 8 || still_there(&file) {
                let path = file.path().to_path_buf();
                lock_registry().push(path.clone());
                return Ok(Self {
                    file,
                    _registered: Registered(path),
                });
            }
        }
    }

    pub fn file(&mut self) -> &mut File {
        self.file.as_file_mut()
    }

    /// Gives the file `permissions` (those of the file it replaces).
    pub fn set_permissions(&self, permissions: Permissions) -> io::Result<()> {
        self.file.as_file().set_permissions(permissions)
    }

    /// Renames the file over `path` once its bytes are on disk.
    pub fn persist(self, path: &Path) -> io::Result<()> {
        self.file.as_file().sync_all()?;
        pause_for_tests("rename");
        // A failed rename drops the file, which removes it; either way it leaves the registry.
        self.file
            .persist(path)
            .map(drop)
            .map_err(|error| error.error)
    }
}

fn lock_registry() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    UNFINISHED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The directory a file is in (`.` for a bare name) and its name.
fn directory_and_name(path: &Path) -> (&Path, String) {
    let directory = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "lotse".into(), |n| n.to_string_lossy().into_owned());
    (directory, name)
}

/// Whether the temporary file's name still leads to the file this process holds.
fn still_there(file: &tempfile::NamedTempFile) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let (Ok(named), Ok(held)) = (fs::symlink_metadata(file.path()), file.as_file().metadata())
        else {
            return false;
        };
        named.dev() == held.dev() && named.ino() == held.ino()
    }
    #[cfg(not(unix))]
    {
        file.path().exists()
    }
}

/// Removes the temporary files of `name` in `directory` that a lotse killed while writing
/// left behind: those no writer holds locked. Best effort: what cannot be removed stays.
pub fn sweep(directory: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(random) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|n| n.strip_suffix(".tmp"))
        else {
            continue;
        };
        if random.len() != 6 || !random.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let path = entry.path();
        let Ok(file) = open_without_following(&path) else {
            continue;
        };
        if file.try_lock().is_ok() {
            let _ = fs::remove_file(&path);
        }
    }
}

/// Opens a file for reading, never through a symbolic link.
pub fn open_without_following(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// The system's error without the temporary file's name tempfile appends to its message
/// (` at path "…"`, with no other way to reach the system's own error).
fn without_temporary_name(error: io::Error) -> io::Error {
    let message = error.to_string();
    match message.split_once(" at path \"") {
        Some((cause, _)) => io::Error::new(error.kind(), cause.to_owned()),
        None => error,
    }
}

/// In debug builds only (the tests' binary), `LOTSE_TEST_PAUSE=POINT` holds lotse at the
/// named point of a write for `LOTSE_TEST_PAUSE_MS` (default 10 s), after saying so on
/// stderr (`lotse-test: paused at POINT`), so that a test can kill it there for certain.
/// The points: `rename` (a temporary file written, not yet renamed into place) and
/// `cache-record` (a new body kept in the cache, its record not yet). A release build has no
/// such pause.
pub fn pause_for_tests(point: &str) {
    #[cfg(debug_assertions)]
    {
        if std::env::var("LOTSE_TEST_PAUSE").ok().as_deref() != Some(point) {
            return;
        }
        let millis: u64 = std::env::var("LOTSE_TEST_PAUSE_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(10_000);
        use std::io::Write as _;
        let _ = writeln!(io::stderr(), "lotse-test: paused at {point}");
        std::thread::sleep(std::time::Duration::from_millis(millis));
    }
    #[cfg(not(debug_assertions))]
    let _ = point;
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_file_nobody_holds_is_swept_and_one_being_written_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x.csv");
        // Left by a lotse that was killed: nobody holds it.
        let left = dir.path().join(".x.csv.AbC123.tmp");
        fs::write(&left, "half").unwrap();
        // Being written by another lotse right now: locked.
        let mut writing = Temporary::beside(&target, 0o600).unwrap();
        let writing_path = writing.file.path().to_path_buf();
        // Not lotse's: a name of another shape, and another file's temporary.
        let other = dir.path().join(".x.csv.notes.tmp");
        let neighbour = dir.path().join(".y.csv.AbC123.tmp");
        fs::write(&other, "mine").unwrap();
        fs::write(&neighbour, "theirs").unwrap();
        sweep(dir.path(), "x.csv");
        assert!(!left.exists(), "the abandoned file is swept");
        assert!(
            writing_path.exists(),
            "the locked one is left to its writer"
        );
        assert!(other.exists() && neighbour.exists());
        use std::io::Write as _;
        writing.file().write_all(b"whole").unwrap();
        writing.persist(&target).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "whole");
    }

    #[test]
    fn a_temporary_file_is_in_the_signal_paths_registry_while_it_is_written() {
        // (Removing them is the signal path's, tested on a real process in tests/cli: here
        // it would take the files of the tests running beside this one.)
        let dir = tempfile::tempdir().unwrap();
        let temporary = Temporary::beside(&dir.path().join("big.ics"), 0o600).unwrap();
        let path = temporary.file.path().to_path_buf();
        assert!(lock_registry().contains(&path));
        temporary.persist(&dir.path().join("big.ics")).unwrap();
        assert!(
            !lock_registry().contains(&path),
            "unregistered once in place"
        );
    }
}
