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

/// The file name that keeps one dataset's bookmarks: the built-in dataset by name, a file by
/// its name and a hash of its absolute path, so that two `schedule.json` in different
/// directories keep different bookmarks.
pub fn bookmarks_file_name(dataset: Option<&Path>) -> String {
    let Some(path) = dataset else {
        return "built-in.json".to_owned();
    };
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let stem = path
        .file_stem()
        .map(|s| crate::model::slugify(&s.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "dataset".to_owned());
    format!(
        "{stem}-{:016x}.json",
        crate::text::stable_hash(absolute.to_string_lossy().as_bytes())
    )
}

/// The bookmarks file of a conference: `schedule-ACRONYM.json` (else its title), so that the
/// same conference opened from another file finds its bookmarks; `None` when the dataset
/// names no conference.
pub fn schedule_bookmarks_file_name(dataset: &crate::model::Dataset) -> Option<String> {
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
    fn bookmark_files_are_named_by_dataset_and_stable() {
        assert_eq!(bookmarks_file_name(None), "built-in.json");
        let a = bookmarks_file_name(Some(Path::new("/tmp/x/Schedule.json")));
        let b = bookmarks_file_name(Some(Path::new("/tmp/y/Schedule.json")));
        assert!(a.starts_with("schedule-") && a.ends_with(".json"), "{a}");
        assert_ne!(a, b);
        assert_eq!(
            a,
            bookmarks_file_name(Some(Path::new("/tmp/x/Schedule.json")))
        );
        assert_eq!(crate::text::stable_hash(b""), 0xcbf2_9ce4_8422_2325);
    }
}
