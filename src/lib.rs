//! factdesk: turns Chinese news articles into verified, quantitative datasets.
//!
//! - [`engine`]: the extraction engine (no I/O, no GUI): text in, [`fact::Mention`]s out.
//! - [`fact`]: the fact record of `FACTS.md`.
//! - [`corpus`]: loading files and folders in any encoding; [`seeds`]: the bundled corpus.
//! - [`output`]: JSONL, JSON and CSV writers; [`atomic`]: crash-safe file writes.
//! - [`review`]: the review model behind the window (no GUI types): facts, decisions, views,
//!   background loading, exports.
//! - [`i18n`]: the window's strings, one catalogue per language; [`settings`]: what the window
//!   remembers across starts.
//! - [`cli`]: the command line; `gui` (feature `gui`): the desktop window.

pub mod atomic;
pub mod batch;
pub mod cli;
pub mod corpus;
pub mod engine;
pub mod fact;
#[cfg(feature = "gui")]
pub mod gui;
pub mod i18n;
pub mod output;
pub mod review;
pub mod seeds;
pub mod session;
pub mod settings;

pub use engine::{Extraction, Extractor};
pub use fact::{Approx, Direction, Frame, Kind, Measure, Mention, Value};
