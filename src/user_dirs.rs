//! Where lotse keeps the user's files: the configuration directory (config.toml), the data
//! directory (bookmarks) and the cache directory (schedules from the web), as the platform has
//! them (the `directories` crate: XDG on Linux, Application Support on macOS, AppData on
//! Windows). `LOTSE_CONFIG_DIR`, `LOTSE_DATA_DIR` and `LOTSE_CACHE_DIR` move them, for tests
//! and for users who keep dotfiles elsewhere.

use std::path::{Path, PathBuf};

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "lotse")
}

fn from_env(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
}

/// The directory config.toml lives in.
pub fn config_dir() -> Option<PathBuf> {
    from_env("LOTSE_CONFIG_DIR").or_else(|| project().map(|p| p.config_dir().to_path_buf()))
}

/// The user's config.toml (which may not exist).
pub fn config_file() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join("config.toml"))
}

/// The directory copies of schedules from the web are kept in (`web::cache`).
pub fn cache_dir() -> Option<PathBuf> {
    from_env("LOTSE_CACHE_DIR").or_else(|| project().map(|p| p.cache_dir().to_path_buf()))
}

/// The directory bookmarks are kept in.
pub fn data_dir() -> Option<PathBuf> {
    from_env("LOTSE_DATA_DIR").or_else(|| project().map(|p| p.data_dir().to_path_buf()))
}

/// Where a dataset comes from, as the user's files about it (bookmarks, the copy as last
/// opened) name it when it names no conference of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    /// A file, by its path as given.
    File(PathBuf),
    /// An address: as messages show it (no credentials, no secret values), and the last part
    /// of its path (`schedule.json`). `legacy` is the file its copy was kept in by earlier
    /// versions of lotse, whose bookmarks are read until the address has its own.
    Web {
        address: String,
        name: String,
        legacy: Option<PathBuf>,
    },
}

impl Origin {
    /// The file or the address's copy as it was named before; `None`: the built-in dataset.
    pub fn file(path: Option<&Path>) -> Self {
        path.map_or(Self::BuiltIn, |path| Self::File(path.to_path_buf()))
    }

    /// The name of the user's files about this dataset when it names no conference: the
    /// built-in dataset by name, a file by its name and a hash of its absolute path (two
    /// `schedule.json` in different directories are different schedules), an address by the
    /// name of its file and a hash of the address.
    pub fn file_name(&self) -> String {
        match self {
            Origin::BuiltIn => "built-in.json".to_owned(),
            Origin::File(path) => path_file_name(path),
            Origin::Web { address, name, .. } => {
                let stem = Path::new(name).file_stem().unwrap_or_default();
                named(stem, address.as_bytes())
            }
        }
    }

    /// The names this dataset's files had in earlier versions of lotse: a schedule from the
    /// web by its copy's file; one that names itself nothing (`untitled`), a calendar, also
    /// after its file's name (`schedule-basic.json`), as its title was made up then.
    pub fn earlier_file_names(&self, untitled: bool) -> Vec<String> {
        match self {
            Origin::Web {
                legacy: Some(path), ..
            } => vec![path_file_name(path)],
            Origin::File(path) if untitled => path
                .file_stem()
                .map(|stem| crate::model::slugify(&stem.to_string_lossy()))
                .filter(|slug| !slug.is_empty())
                .map(|slug| vec![format!("schedule-{slug}.json")])
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

/// A file's name by its stem and a hash of its absolute path.
fn path_file_name(path: &Path) -> String {
    let absolute = std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf());
    named(
        path.file_stem().unwrap_or_default(),
        absolute.to_string_lossy().as_bytes(),
    )
}

fn named(stem: &std::ffi::OsStr, hashed: &[u8]) -> String {
    let stem = Some(crate::model::slugify(&stem.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "dataset".to_owned());
    format!("{stem}-{:016x}.json", crate::text::stable_hash(hashed))
}

/// The name of the user's files about a conference: `schedule-ACRONYM.json` (else its
/// title), so that the same conference opened from another file, or downloaded again, finds
/// its bookmarks; `None` when the dataset names no conference of its own (an importer never
/// makes up a title: a calendar without a name has none).
pub fn conference_file_name(dataset: &crate::model::Dataset) -> Option<String> {
    let acronym = dataset
        .programme
        .as_ref()
        .and_then(|p| p.acronym.as_deref());
    let name = acronym.or(dataset.title.as_deref())?;
    let slug = crate::model::slugify(name);
    (!slug.is_empty()).then(|| format!("schedule-{slug}.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_by_origin_and_stable() {
        assert_eq!(Origin::BuiltIn.file_name(), "built-in.json");
        let file = |path: &str| Origin::file(Some(Path::new(path))).file_name();
        let a = file("/tmp/x/Schedule.json");
        let b = file("/tmp/y/Schedule.json");
        assert!(a.starts_with("schedule-") && a.ends_with(".json"), "{a}");
        assert_ne!(a, b);
        assert_eq!(a, file("/tmp/x/Schedule.json"));
        let web = |address: &str| Origin::Web {
            address: address.to_owned(),
            name: "schedule.json".to_owned(),
            legacy: None,
        };
        let c = web("https://a.example/schedule.json").file_name();
        assert!(c.starts_with("schedule-"), "{c}");
        assert_ne!(c, web("https://b.example/schedule.json").file_name());
        assert_eq!(crate::text::stable_hash(b""), 0xcbf2_9ce4_8422_2325);
    }
}
