//! How lotse writes files, so that nothing is lost and nothing is written where it should not be:
//!
//! - a regular file is replaced atomically: the bytes go to a temporary file beside it, created
//!   exclusively under an unpredictable name (a link planted there cannot redirect the write),
//!   then renamed over it; it keeps its permission bits;
//! - a symbolic link is followed: the file it points to is replaced and the link stays;
//! - a device, FIFO or socket (`-o /dev/stdout`) is written to directly, never replaced;
//! - `create_new` never replaces anything, not even a link.

use std::fs::{self, OpenOptions, Permissions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// How many links a path may go through before lotse gives up (as the kernel's ELOOP).
const MAX_LINKS: usize = 40;

/// Writes `bytes` to `path` as the module says: atomically for a file, directly for a device.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        )),
        Ok(meta) if !meta.is_file() => write_in_place(path, bytes),
        Ok(meta) => replace(&follow_links(path)?, bytes, Some(meta.permissions())),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            replace(&follow_links(path)?, bytes, None)
        }
        Err(error) => Err(error),
    }
}

/// Creates a new file with `bytes`, failing if anything (a file, a link, even a dangling one)
/// already has that name.
pub fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// A device, FIFO or socket: opened for writing as it is, neither created nor replaced.
fn write_in_place(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut target = OpenOptions::new().write(true).open(path)?;
    target.write_all(bytes)?;
    target.flush()
}

/// The path a chain of symbolic links ends at (which need not exist yet), so that the file is
/// replaced, not the link.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) => parent.join(target),
                    None => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Replaces the regular file at `path` (or creates it) through an exclusive temporary file in
/// the same directory. `keep` is the permission bits of the file replaced.
fn replace(path: &Path, bytes: &[u8], keep: Option<Permissions>) -> io::Result<()> {
    let directory = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "lotse".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        // A new file gets what the umask allows of rw-rw-rw-, as with any program's output;
        // tempfile's own default is private (rw-------).
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(Permissions::from_mode(0o666));
    }
    // tempfile adds the temporary name to its errors; the user asked for `path`, and the
    // caller names it.
    let mut temporary = builder
        .tempfile_in(directory)
        .map_err(without_temporary_name)?;
    if let Some(permissions) = keep {
        temporary.as_file().set_permissions(permissions)?;
    }
    temporary.write_all(bytes)?;
    slow_down_for_tests();
    temporary.as_file().sync_all()?;
    // On failure the temporary file is removed when the error drops it.
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
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

/// In debug builds only (the tests' binary), `LOTSE_TEST_WRITE_PAUSE_MS` holds every write
/// between its bytes and its rename, so that a test can kill lotse in the middle of a write
/// for certain. A release build has no such pause.
fn slow_down_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(millis) = std::env::var("LOTSE_TEST_WRITE_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(millis));
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt as _, symlink};

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("lotse-files-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_link_is_followed_and_kept() {
        let dir = scratch("link");
        fs::write(dir.join("real.json"), "old").unwrap();
        symlink("real.json", dir.join("link.json")).unwrap();
        write_atomically(&dir.join("link.json"), b"new").unwrap();
        assert!(
            fs::symlink_metadata(dir.join("link.json"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(dir.join("real.json")).unwrap(), "new");
        // A dangling link: the file it names is created.
        symlink("later.json", dir.join("dangling.json")).unwrap();
        write_atomically(&dir.join("dangling.json"), b"made").unwrap();
        assert_eq!(fs::read_to_string(dir.join("later.json")).unwrap(), "made");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_existing_file_keeps_its_permission_bits_and_no_temporary_is_left() {
        let dir = scratch("mode");
        let path = dir.join("out.ics");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(mode(&path), 0o640);
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.ics"]);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_new_file_is_readable_by_others_as_the_umask_allows() {
        let dir = scratch("new");
        let path = dir.join("new.csv");
        write_atomically(&path, b"x").unwrap();
        // Not tempfile's private 0600: group and others may read (the usual umask 022 or 002).
        assert_eq!(mode(&path) & 0o044, 0o044, "{:o}", mode(&path));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_character_device_is_written_to_not_replaced() {
        write_atomically(Path::new("/dev/null"), b"gone").unwrap();
        let meta = fs::metadata("/dev/null").unwrap();
        use std::os::unix::fs::FileTypeExt as _;
        assert!(
            meta.file_type().is_char_device(),
            "/dev/null is still a device"
        );
    }

    #[test]
    fn create_new_replaces_nothing_not_even_a_dangling_link() {
        let dir = scratch("create");
        let path = dir.join("config.toml");
        symlink(dir.join("elsewhere.toml"), &path).unwrap();
        let error = create_new(&path, b"x").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert!(!dir.join("elsewhere.toml").exists());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_directory_is_refused() {
        let dir = scratch("dir");
        let error = write_atomically(&dir, b"x").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::IsADirectory);
        fs::remove_dir_all(dir).unwrap();
    }
}
