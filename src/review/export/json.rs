//! The JSON export (`factdesk/2`, documented in the README) and reading it back ([`read_json`],
//! which also reads `factdesk/1`). Version 2 adds the frame (measure, direction, basis, period) to
//! each reading and whether a document's publication date was given.

use serde::{Deserialize, Serialize};

use super::{FORMAT_TAG, READABLE_TAGS, Scope};
use crate::fact::Mention;
use crate::review::record::{FactFields, FactId, ReviewFact, Status};
use crate::review::workbench::{AuditEntry, Workbench};

/// A JSON export, as written and as read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    pub format: String,
    pub scope: Scope,
    pub documents: Vec<ExportDocument>,
    pub facts: Vec<ExportFact>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportDocument {
    pub doc: String,
    pub path: Option<String>,
    pub published: Option<String>,
    /// The date was given (metadata, the analyst), not found in the text.
    #[serde(default)]
    pub published_given: bool,
    pub encoding: String,
    pub chars: usize,
}

/// One fact: the reviewed reading, the extractor's original beside it, and every mention
/// (FACTS.md records: document, offsets, surface, sentence).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFact {
    pub id: FactId,
    pub status: Status,
    /// The reviewed reading (kind, value, value_max, unit, approx, subject, measure, direction,
    /// basis, period).
    pub fields: FactFields,
    pub note: String,
    pub edited: bool,
    /// Added by the analyst, not found by the extractor.
    #[serde(default)]
    pub added_by_hand: bool,
    pub original: FactFields,
    pub mentions: Vec<Mention>,
    /// Every change to this fact, oldest first: what changed from what to what, when, why.
    #[serde(default)]
    pub trail: Vec<AuditEntry>,
}

pub(super) fn export_file(wb: &Workbench, scope: Scope, facts: &[&ReviewFact]) -> ExportFile {
    ExportFile {
        format: FORMAT_TAG.to_string(),
        scope,
        documents: wb
            .documents()
            .iter()
            .map(|d| ExportDocument {
                doc: d.name.clone(),
                path: d.path.as_ref().map(|p| p.display().to_string()),
                published: d.published.clone(),
                published_given: d.published_given,
                encoding: d.encoding.clone(),
                chars: d.chars,
            })
            .collect(),
        facts: facts
            .iter()
            .map(|f| ExportFact {
                id: f.id,
                status: f.status,
                fields: f.fields.clone(),
                note: f.note.clone(),
                edited: f.is_edited(),
                added_by_hand: f.added_by_hand,
                original: f.original.clone(),
                mentions: f.mentions.iter().map(|m| m.mention.clone()).collect(),
                trail: wb.trail_of(f.id).cloned().collect(),
            })
            .collect(),
    }
}

/// Why an export could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("not a factdesk export: {0}")]
    Malformed(#[from] serde_json::Error),
    #[error("written in format `{0}`, which this factdesk ({FORMAT_TAG}) cannot read")]
    UnknownFormat(String),
}

/// Reads a JSON export back (`factdesk/2`, or `factdesk/1`, whose readings have no frame).
pub fn read_json(text: &str) -> Result<ExportFile, ReadError> {
    // The tag first, so a newer export says so rather than failing on a field.
    #[derive(Deserialize)]
    struct Tag {
        format: String,
    }
    let tag: Tag = serde_json::from_str(text)?;
    if !READABLE_TAGS.contains(&tag.format.as_str()) {
        return Err(ReadError::UnknownFormat(tag.format));
    }
    Ok(serde_json::from_str(text)?)
}
