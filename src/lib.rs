//! factdesk: turns Chinese news articles into verified, quantitative datasets.
//!
//! - [`engine`]: the extraction engine (no I/O, no GUI): text in, [`fact::Mention`]s out.
//! - [`fact`]: the fact record of `FACTS.md`.
//! - [`corpus`]: loading files and folders in any encoding; [`seeds`]: the bundled corpus.
//! - [`output`]: JSONL, JSON and CSV writers; [`atomic`]: crash-safe file writes.
//! - [`cli`]: the command line.

pub mod atomic;
pub mod cli;
pub mod corpus;
pub mod engine;
pub mod fact;
pub mod output;
pub mod seeds;

pub use engine::{Extraction, Extractor};
pub use fact::{Approx, Kind, Mention, Value};
