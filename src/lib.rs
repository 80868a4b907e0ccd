//! lotse: a keyboard-driven terminal explorer for a knowledge base of events, speakers, topics,
//! organizations and projects. The library holds everything testable; `main.rs` only runs it.
//!
//! The core, which knows nothing of the terminal:
//! - [`model`]: the dataset types, loading, validation and indexes.
//! - [`search`]: the query language, filters, facets, folding and ranking.
//! - [`schedule`]: a dataset read as a conference programme: days, rooms, times, now and
//!   next, clashes.
//! - [`import`] and [`export`]: schedules in, iCalendar, CSV and lotse files out.
//! - [`app`]: the explorer's state, `Action`s and `InternalEvent`s, and the pure `update`.
//! - [`bookmarks`]: bookmarks by stable key, read against a dataset.
//! - [`layout`] (where panes go), [`entity_fields`] (an entity as wrapped text), [`text`]
//!   (widths, wrapping, making controls visible).
//!
//! Around it:
//! - [`config`]: `default.toml` with the user's `config.toml` over it: key bindings, colours.
//! - [`ui`]: draws the app's state into a frame.
//! - [`tui`]: the terminal: the event loop, the search worker, the effects, the restore.
//! - [`cli`] and [`commands`]: the command line and its runners.
//! - [`bookmark_file`], [`user_dirs`], [`files`]: the user's files, where they live, how they
//!   are written; [`snapshot_file`]: the copy of a schedule as last opened. [`embedded`]:
//!   the built-in dataset. [`synthetic`]: generated datasets.
//!
//! `docs/architecture.md` draws the flow and says where to add what.

pub mod app;
pub mod bookmark_file;
pub mod bookmarks;
pub mod cli;
pub mod commands;
pub mod config;
pub mod embedded;
pub mod entity_fields;
pub mod export;
pub mod files;
pub mod import;
pub mod layout;
pub mod memory;
pub mod model;
pub mod schedule;
pub mod search;
pub mod snapshot_file;
pub mod synthetic;
pub mod text;
pub mod tui;
pub mod ui;
pub mod user_dirs;
pub mod web;

pub use model::{Dataset, Kind, LoadError, Loaded};
