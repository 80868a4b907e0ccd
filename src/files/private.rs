//! lotse's own files (bookmarks, the copies of schedules from the web, the copies of schedules
//! as last opened): private to the user, and never reached through a link.
//!
//! - A directory lotse makes has mode 0700, and so have the parents it makes (`~/.cache`,
//!   `~/.local/share` on a new account).
//! - Below the root it was given (the data or cache directory, which the user may point
//!   anywhere, a shared directory too), every directory must be a real directory of this
//!   user's. A link there, or a directory of another user, may have been planted by another
//!   local user (the cache's names are predictable): it is refused with an error that says so,
//!   never followed. One of the user's own that others may read (made by an earlier lotse) is
//!   made private.
//! - A file is read and written never through a link, and written atomically with mode 0600.
//! - A change that reads, merges and writes holds the directory's [`Lock`], an advisory lock
//!   the system releases when lotse ends, however it ends: no lock is ever left behind.

use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::Path;

use super::unfinished::{Temporary, open_without_following};

/// Makes `directory` lotse's own: the last `levels` components of its path are made (mode
/// 0700) or checked (a real directory of this user's, made private); what lies above them
/// (the root the user chose) is made when missing and otherwise left as it is.
pub fn private_directory(directory: &Path, levels: usize) -> io::Result<()> {
    let mut own: Vec<&Path> = directory.ancestors().take(levels.max(1)).collect();
    own.reverse();
    if let Some(root) = own[0].parent().filter(|p| !p.as_os_str().is_empty()) {
        make_missing(root)?;
    }
    own.into_iter().try_for_each(own_directory)
}

/// Makes a directory and its missing parents with mode 0700; one that exists stays as it is.
fn make_missing(directory: &Path) -> io::Result<()> {
    if directory.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder.create(directory)
}

/// Makes `directory` (mode 0700), or checks that it is a real directory of this user's and
/// makes it private.
fn own_directory(directory: &Path) -> io::Result<()> {
    match fs::symlink_metadata(directory) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            match fs::DirBuilder::new().create(directory) {
                Ok(()) => make_private(directory, 0o700),
                // Made by another lotse meanwhile: checked as any other.
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                    check_own(directory, &fs::symlink_metadata(directory)?)
                }
                Err(error) => Err(error),
            }
        }
        Err(error) => Err(error),
        Ok(meta) => check_own(directory, &meta),
    }
}

fn check_own(directory: &Path, meta: &fs::Metadata) -> io::Result<()> {
    if meta.file_type().is_symlink() {
        return Err(refused(
            directory,
            "is a symbolic link, and lotse keeps its files only in directories of its own \
             (another user may have put it there: remove it)",
        ));
    }
    if !meta.is_dir() {
        return Err(refused(directory, "is not a directory"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.uid() != me {
            return Err(refused(
                directory,
                "belongs to another user, and lotse keeps its files only in directories of \
                 its own",
            ));
        }
        if meta.permissions().mode() & 0o077 != 0 {
            return make_private(directory, 0o700);
        }
    }
    Ok(())
}

#[cfg(unix)]
fn make_private(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn make_private(_: &Path, _: u32) -> io::Result<()> {
    Ok(())
}

/// Why a link in place of one of lotse's own files is refused.
const LINK: &str = "is a symbolic link, and lotse reads and writes its own files only where it \
                    made them (another user may have put it there: remove it)";

fn refused(path: &Path, why: &str) -> io::Error {
    io::Error::other(format!("{} {why}", crate::model::origin_of(path)))
}

/// Reads one of lotse's own files, never through a link.
pub fn read_private(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = open_without_following(path).map_err(|error| explain_link(path, error))?;
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut file, &mut bytes)?;
    Ok(bytes)
}

/// An error that says a link was refused, where the system says only "too many levels of
/// symbolic links".
fn explain_link(path: &Path, error: io::Error) -> io::Error {
    #[cfg(unix)]
    if error.raw_os_error() == Some(libc::ELOOP) {
        return refused(path, LINK);
    }
    let _ = path;
    error
}

/// Writes one of lotse's own files: atomically (a temporary file of mode 0600 beside it,
/// renamed over it), never through a link, the directory entry synced.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(refused(path, LINK));
        }
        Ok(meta) if meta.is_dir() => {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "is a directory",
            ));
        }
        _ => {}
    }
    let mut temporary = Temporary::beside(path, 0o600)?;
    temporary.file().write_all(bytes)?;
    temporary.persist(path)?;
    if let Some(directory) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        // The rename itself reaches the disk too; where a directory cannot be synced, the
        // file is still whole.
        let _ = File::open(directory).and_then(|d| d.sync_all());
    }
    Ok(())
}

/// An exclusive advisory lock on one of lotse's directories, held until dropped (or until the
/// process ends, however it ends).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Waits for the lock of `directory` (its `.lock` file, made private) and holds it.
pub fn lock(directory: &Path) -> io::Result<Lock> {
    let path = directory.join(".lock");
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let file = options
        .open(&path)
        .map_err(|error| explain_link(&path, error))?;
    file.lock()?;
    Ok(Lock { _file: file })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt as _, symlink};

    fn mode(path: &Path) -> u32 {
        fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn directories_and_files_are_made_private_and_missing_parents_too() {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join(".local/share/lotse/bookmarks");
        private_directory(&dir, 1).unwrap();
        for made in [
            ".local",
            ".local/share",
            ".local/share/lotse",
            ".local/share/lotse/bookmarks",
        ] {
            assert_eq!(mode(&home.path().join(made)), 0o700, "{made}");
        }
        let file = dir.join("x.json");
        write_private(&file, b"[]").unwrap();
        assert_eq!(mode(&file), 0o600);
        assert_eq!(read_private(&file).unwrap(), b"[]");
        // One an earlier lotse made readable by others is made private.
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        private_directory(&dir, 1).unwrap();
        assert_eq!(mode(&dir), 0o700);
    }

    #[test]
    fn a_planted_link_is_refused_never_followed() {
        let shared = tempfile::tempdir().unwrap();
        let victim = tempfile::tempdir().unwrap();
        // A link where lotse's directory would be.
        symlink(victim.path(), shared.path().join("web")).unwrap();
        let error = private_directory(&shared.path().join("web/host-1"), 2).unwrap_err();
        assert!(error.to_string().contains("is a symbolic link"), "{error}");
        assert_eq!(fs::read_dir(victim.path()).unwrap().count(), 0);
        // A link where lotse's file would be: neither written through nor read through.
        let own = shared.path().join("own");
        private_directory(&own, 1).unwrap();
        let target = victim.path().join("authorized_keys");
        fs::write(&target, "keep").unwrap();
        symlink(&target, own.join("record.json")).unwrap();
        let error = write_private(&own.join("record.json"), b"evil").unwrap_err();
        assert!(error.to_string().contains("is a symbolic link"), "{error}");
        let error = read_private(&own.join("record.json")).unwrap_err();
        assert!(error.to_string().contains("is a symbolic link"), "{error}");
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep");
    }

    #[test]
    fn a_lock_is_exclusive_while_held() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock(dir.path()).unwrap();
        let other = fs::File::open(dir.path().join(".lock")).unwrap();
        assert!(other.try_lock().is_err(), "a second holder must wait");
        drop(held);
        assert!(other.try_lock().is_ok());
    }
}
