//! The dataset a command reads, as the command line gave it: the built-in dataset, a file, or
//! a schedule from the web (its copy in the cache, or a new body already read, kept in memory
//! when the cache could not keep it), with where it comes from, which names the user's files
//! about it (bookmarks) and what messages call it.

use std::path::{Path, PathBuf};

use crate::import::Imported;
use crate::model::{LoadError, Loaded};
use crate::user_dirs::Origin;

/// A dataset to read and where it comes from.
#[derive(Debug)]
pub struct Input {
    pub content: Content,
    pub origin: Origin,
}

/// What there is to read.
#[derive(Debug)]
pub enum Content {
    BuiltIn,
    File(PathBuf),
    /// Read already: a new body from the web (checked as it came in).
    Read(Box<Imported>),
}

impl Input {
    /// The built-in dataset, or a file as given.
    pub fn file(path: Option<&Path>) -> Self {
        Self {
            content: path.map_or(Content::BuiltIn, |p| Content::File(p.to_path_buf())),
            origin: Origin::file(path),
        }
    }

    /// The file lotse reads, if it reads one (an output must never be it).
    pub fn path(&self) -> Option<&Path> {
        match &self.content {
            Content::File(path) => Some(path),
            Content::BuiltIn | Content::Read(_) => None,
        }
    }

    /// How messages name it (`None`: the built-in dataset): the file, or the address.
    pub fn shown(&self) -> Option<String> {
        match &self.origin {
            Origin::BuiltIn => None,
            Origin::File(path) => Some(path.display().to_string()),
            Origin::Web { address, .. } => Some(address.clone()),
        }
    }

    /// Reads the dataset.
    pub fn load(self) -> Result<Loaded, LoadError> {
        match self.content {
            Content::BuiltIn => crate::embedded::load(),
            Content::File(path) => crate::import::load(Some(&path)),
            Content::Read(imported) => Ok(imported.loaded),
        }
    }

    /// Reads a schedule as `lotse import` reports it (`None`: the built-in dataset, which is
    /// no schedule).
    pub fn import(self) -> Option<Result<Imported, LoadError>> {
        match self.content {
            Content::BuiltIn => None,
            Content::File(path) => Some(crate::import::open(&path)),
            Content::Read(imported) => Some(Ok(*imported)),
        }
    }
}
