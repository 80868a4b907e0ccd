//! lotse: a keyboard-driven terminal explorer for a knowledge base of events, speakers, topics,
//! organizations and projects. The library holds everything testable; `main.rs` only runs it.
//!
//! - [`model`]: the dataset types, loading, validation and indexes.
//! - [`search`]: folding and fuzzy ranking.
//! - [`cli`] and [`commands`]: the command line.

pub mod app;
pub mod bookmark_file;
pub mod cli;
pub mod commands;
pub mod config;
pub mod embedded;
pub mod entity_fields;
pub mod export;
pub mod files;
pub mod import;
pub mod layout;
pub mod model;
pub mod search;
pub mod synthetic;
pub mod text;
pub mod tui;
pub mod ui;
pub mod user_dirs;

pub use model::{Dataset, Kind, LoadError, Loaded};
