//! The health-tech dataset that ships inside the binary, so `lotse` runs with no file.

use crate::model::{Dataset, LoadError, Loaded};

/// The text of `data/health-tech.json`.
pub const DATASET_JSON: &str = include_str!("../data/health-tech.json");

/// The name the embedded dataset goes by in messages.
pub const ORIGIN: &str = "<embedded>";

/// Loads the embedded dataset. It is checked by the test suite, so this fails only in a build
/// whose `data/` was edited without running the tests.
pub fn load() -> Result<Loaded, LoadError> {
    Dataset::from_text(DATASET_JSON, ORIGIN)
}
