//! How lotse writes files, so that nothing is lost and nothing is written where it should not be.
//!
//! What the user asked for (an export, `import -o`), by [`write_atomically`]:
//! - a regular file is replaced atomically: the bytes go to a temporary file beside it, then
//!   it is renamed over it; it keeps its permission bits (a new one gets what the umask
//!   allows, as any program's output);
//! - a symbolic link is followed: the file it points to is replaced and the link stays;
//! - a device, FIFO or socket (`-o /dev/stdout`) is written to directly, never replaced;
//! - `create_new` never replaces anything, not even a link.
//!
//! lotse's own state (bookmarks, the web cache, the copies of schedules as last opened) is
//! private and never reached through a link: [`private`].
//!
//! Every temporary file is created exclusively under an unpredictable name (a link planted
//! there cannot redirect the write), locked while it is written, removed on the signal path,
//! and swept away by the next write beside it when a killed lotse left it: [`unfinished`].
//! Errors never name a temporary file: the caller names the file the user asked for.

pub mod private;
mod unfinished;

use std::fs::{self, OpenOptions, Permissions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

pub use private::{Lock, lock, private_directory, read_private, write_private};
pub use unfinished::{pause_for_tests, remove_unfinished, remove_unfinished_on_signals};

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

/// Replaces the regular file at `path` (or creates it) through a temporary file in the same
/// directory. `keep` is the permission bits of the file replaced.
fn replace(path: &Path, bytes: &[u8], keep: Option<Permissions>) -> io::Result<()> {
    let mut temporary = unfinished::Temporary::beside(path, 0o666)?;
    if let Some(permissions) = keep {
        temporary.set_permissions(permissions)?;
    }
    temporary.file().write_all(bytes)?;
    // On failure the temporary file is removed when the error drops it.
    temporary.persist(path)
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
