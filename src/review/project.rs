//! Projects: a corpus and every decision on it, in one versioned JSON file
//! (`*.factdesk.json`), written atomically.
//!
//! Opening a project extracts the corpus again with the current engine and lays the saved
//! decisions over the result: a saved mention is found again by its identity (document, offsets,
//! surface); in a document whose text changed it is re-anchored by its surface and the text
//! around it. Mentions the engine finds anew become unreviewed facts; saved mentions that cannot
//! be found are kept on their facts and listed, never dropped.
//!
//! Version 2 stores each fact's frame (measure, direction, basis, period, original and corrected)
//! and each document's publication date. A version-1 project opens as it is: its decisions are
//! kept and its facts' frames are filled from the re-extraction; it is written as version 2 only
//! when it is next saved after a change, never by opening it.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::corpus::{self, Document, LoadError};
use crate::fact::Mention;
use crate::review::loader::shared_extractor;
use crate::review::record::{DocId, FactFields, FactId, ReviewFact, SourceMention, Status};
use crate::review::view::{Column, Query};
use crate::review::workbench::{AuditEntry, Change, PublicationDate, Workbench};

/// The project file's format name and the newest version this build reads and writes.
pub const FORMAT: &str = "factdesk-project";
pub const VERSION: u32 = 2;
/// The file name ending projects use.
pub const EXTENSION: &str = ".factdesk.json";

/// Chars of context kept on each side of a mention, to re-anchor it in a changed text.
const CONTEXT_CHARS: usize = 12;

/// A project as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectFile {
    pub format: String,
    pub version: u32,
    pub documents: Vec<SavedDocument>,
    pub facts: Vec<SavedFact>,
    #[serde(default)]
    pub undo: Vec<Change>,
    #[serde(default)]
    pub redo: Vec<Change>,
    #[serde(default)]
    pub trail: Vec<AuditEntry>,
    #[serde(default)]
    pub view: SavedView,
}

/// A corpus document: where it was read from and a hash of its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedDocument {
    pub name: String,
    /// Absolute path; `None` for a document of the bundled corpus.
    pub path: Option<PathBuf>,
    /// The path relative to the project's folder, tried when `path` is gone (the folder moved).
    pub relative_path: Option<PathBuf>,
    /// SHA-256 of the decoded text, hex.
    pub sha256: String,
    /// The publication date (version 2; absent in version 1).
    #[serde(default)]
    pub published: Option<String>,
    /// Whether the date was given (metadata, the analyst) rather than found in the text; only a
    /// given date is passed to the engine when the project is opened.
    #[serde(default)]
    pub published_given: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedFact {
    pub id: FactId,
    pub status: Status,
    pub fields: FactFields,
    pub original: FactFields,
    pub note: String,
    #[serde(default)]
    pub added_by_hand: bool,
    pub mentions: Vec<SavedMention>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedMention {
    /// Index into `documents`.
    pub document: usize,
    pub mention: Mention,
    pub before: String,
    pub after: String,
}

/// Selection and filters, so the window reopens where the analyst stopped.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedView {
    pub selected: Option<FactId>,
    pub kinds: Vec<crate::fact::Kind>,
    pub statuses: Vec<Status>,
    pub document: Option<DocId>,
    pub search: String,
    pub sort: Option<String>,
    pub descending: bool,
    #[serde(default)]
    pub measures: Vec<crate::fact::Measure>,
}

impl SavedView {
    pub fn of(query: &Query, selected: Option<FactId>) -> Self {
        SavedView {
            selected,
            kinds: query.kinds.iter().copied().collect(),
            statuses: query.statuses.iter().copied().collect(),
            document: query.document,
            search: query.search.clone(),
            sort: Some(query.sort.title().to_string()),
            descending: query.descending,
            measures: query.measures.iter().copied().collect(),
        }
    }

    /// Whether this is what [`SavedView::of`] would give, without building one (the window
    /// asks every frame whether the view changed since the last save).
    pub fn describes(&self, query: &Query, selected: Option<FactId>) -> bool {
        self.selected == selected
            && self.kinds.iter().eq(query.kinds.iter())
            && self.statuses.iter().eq(query.statuses.iter())
            && self.document == query.document
            && self.search == query.search
            && self.sort.as_deref() == Some(query.sort.title())
            && self.descending == query.descending
            && self.measures.iter().eq(query.measures.iter())
    }

    pub fn query(&self) -> Query {
        Query {
            kinds: self.kinds.iter().copied().collect(),
            statuses: self.statuses.iter().copied().collect(),
            document: self.document,
            search: self.search.clone(),
            sort: Column::ALL
                .into_iter()
                .find(|c| Some(c.title()) == self.sort.as_deref())
                .unwrap_or_default(),
            descending: self.descending,
            measures: self.measures.iter().copied().collect(),
        }
    }
}

/// Why a project could not be opened. The file is never touched.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a factdesk project or damaged: {source}")]
    Damaged {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error(
        "{path}: written by a newer factdesk (project version {version}; this one reads up to {VERSION}); open it with a newer factdesk"
    )]
    Newer { path: PathBuf, version: u32 },
    #[error("{path}: not a factdesk project (format `{format}`)")]
    NotAProject { path: PathBuf, format: String },
    #[error("{path}: inconsistent: {reason}")]
    Inconsistent { path: PathBuf, reason: String },
}

/// What opening a project found: changed, moved or missing documents and mentions that could
/// not be placed again.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RestoreReport {
    /// Documents whose text differs from when the project was saved.
    pub changed: Vec<String>,
    /// Documents found at their path relative to the project, not at the saved path.
    pub moved: Vec<String>,
    /// Documents that could not be read (their facts are kept, with no source text).
    pub missing: Vec<LoadError>,
    /// Mentions re-anchored in a changed text.
    pub reanchored: usize,
    /// Saved mentions that could not be found again, by fact.
    pub unanchored: Vec<(FactId, Mention)>,
    /// Mentions the engine finds that the project did not have (new, unreviewed).
    pub new_mentions: usize,
    /// Saved extracted mentions the engine no longer finds (kept on their facts).
    pub vanished: Vec<(FactId, Mention)>,
}

impl RestoreReport {
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty()
            && self.moved.is_empty()
            && self.missing.is_empty()
            && self.unanchored.is_empty()
            && self.vanished.is_empty()
    }
}

impl fmt::Display for RestoreReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if !self.changed.is_empty() {
            parts.push(format!("changed since saved: {}", self.changed.join(", ")));
        }
        if !self.moved.is_empty() {
            parts.push(format!("moved: {}", self.moved.join(", ")));
        }
        for e in &self.missing {
            parts.push(format!("missing: {e}"));
        }
        if self.reanchored > 0 {
            parts.push(format!("{} mention(s) re-anchored", self.reanchored));
        }
        if !self.unanchored.is_empty() {
            parts.push(format!(
                "{} mention(s) could not be found again",
                self.unanchored.len()
            ));
        }
        if !self.vanished.is_empty() {
            parts.push(format!(
                "{} mention(s) no longer extracted",
                self.vanished.len()
            ));
        }
        if self.new_mentions > 0 {
            parts.push(format!("{} new mention(s)", self.new_mentions));
        }
        if parts.is_empty() {
            f.write_str("corpus unchanged")
        } else {
            f.write_str(&parts.join("; "))
        }
    }
}

pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The context kept around chars `start..end` of a document given as chars.
fn char_window(chars: &[char], start: usize, end: usize) -> (String, String) {
    let start = start.min(chars.len());
    let end = end.clamp(start, chars.len());
    let before = chars[start.saturating_sub(CONTEXT_CHARS)..start]
        .iter()
        .collect();
    let after = chars[end..(end + CONTEXT_CHARS).min(chars.len())]
        .iter()
        .collect();
    (before, after)
}

/// The project of a workbench, ready to be written.
pub fn snapshot(wb: &Workbench, project_path: &Path, view: SavedView) -> ProjectFile {
    let folder = project_path.parent().unwrap_or(Path::new("."));
    let documents = wb
        .documents()
        .iter()
        .map(|d| SavedDocument {
            name: d.name.clone(),
            path: d
                .path
                .as_ref()
                .map(|p| std::path::absolute(p).unwrap_or(p.clone())),
            relative_path: d.path.as_ref().and_then(|p| {
                relative_to(
                    &std::path::absolute(p).ok()?,
                    &std::path::absolute(folder).ok()?,
                )
            }),
            sha256: sha256_hex(&d.text),
            published: d.published.clone(),
            published_given: d.published_given,
        })
        .collect();
    // Each document as chars once: contexts are then slices, not a walk from the start.
    let doc_chars: Vec<Vec<char>> = wb
        .documents()
        .iter()
        .map(|d| d.text.chars().collect())
        .collect();
    let facts = wb
        .all_facts()
        .iter()
        .map(|f| SavedFact {
            id: f.id,
            status: f.status,
            fields: f.fields.clone(),
            original: f.original.clone(),
            note: f.note.clone(),
            added_by_hand: f.added_by_hand,
            mentions: f
                .mentions
                .iter()
                .map(|m| {
                    let (before, after) =
                        char_window(&doc_chars[m.doc_id.index()], m.mention.start, m.mention.end);
                    SavedMention {
                        document: m.doc_id.index(),
                        mention: m.mention.clone(),
                        before,
                        after,
                    }
                })
                .collect(),
        })
        .collect();
    ProjectFile {
        format: FORMAT.to_string(),
        version: VERSION,
        documents,
        facts,
        undo: wb.history().to_vec(),
        redo: wb.undone().to_vec(),
        trail: wb.trail().to_vec(),
        view,
    }
}

fn relative_to(path: &Path, folder: &Path) -> Option<PathBuf> {
    // Only below the project folder: enough to follow a project moved with its corpus.
    path.strip_prefix(folder).ok().map(Path::to_path_buf)
}

/// Writes the project atomically (temporary file in the same folder, sync, rename).
pub fn save(wb: &Workbench, path: &Path, view: SavedView) -> std::io::Result<()> {
    let file = snapshot(wb, path, view);
    crate::atomic::write_atomically(path, |out| {
        serde_json::to_writer_pretty(&mut *out, &file)?;
        out.write_all(b"\n")
    })
}

/// Reads and checks a project file without touching it.
pub fn read(path: &Path) -> Result<ProjectFile, ProjectError> {
    let text = std::fs::read_to_string(path).map_err(|source| ProjectError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    // Check format and version first, so a newer file says so rather than "damaged".
    #[derive(Deserialize)]
    struct Header {
        format: String,
        version: u32,
    }
    let header: Header = serde_json::from_str(&text).map_err(|source| ProjectError::Damaged {
        path: path.to_path_buf(),
        source,
    })?;
    if header.format != FORMAT {
        return Err(ProjectError::NotAProject {
            path: path.to_path_buf(),
            format: header.format,
        });
    }
    if header.version > VERSION {
        return Err(ProjectError::Newer {
            path: path.to_path_buf(),
            version: header.version,
        });
    }
    let file: ProjectFile =
        serde_json::from_str(&text).map_err(|source| ProjectError::Damaged {
            path: path.to_path_buf(),
            source,
        })?;
    let inconsistent = |reason: String| ProjectError::Inconsistent {
        path: path.to_path_buf(),
        reason,
    };
    for (i, fact) in file.facts.iter().enumerate() {
        if fact.id.index() != i {
            return Err(inconsistent(format!(
                "fact #{} is stored at position {i}",
                fact.id.0
            )));
        }
        if let Some(m) = fact
            .mentions
            .iter()
            .find(|m| m.document >= file.documents.len())
        {
            return Err(inconsistent(format!(
                "fact #{i} names document {}, which is not listed",
                m.document
            )));
        }
    }
    Ok(file)
}

/// Reads a saved document: the bundled corpus by name, else its path, else its path relative to
/// the project folder.
fn load_document(
    saved: &SavedDocument,
    project_path: &Path,
    report: &mut RestoreReport,
) -> Option<Document> {
    let Some(path) = &saved.path else {
        return crate::seeds::documents()
            .into_iter()
            .find(|d| d.name == saved.name)
            .or_else(|| {
                report.missing.push(LoadError {
                    path: PathBuf::from(&saved.name),
                    reason: "not in this build's bundled corpus".into(),
                });
                None
            });
    };
    match corpus::load_file(path) {
        Ok(doc) => Some(doc),
        Err(first_error) => {
            let folder = project_path.parent().unwrap_or(Path::new("."));
            let moved = saved
                .relative_path
                .as_ref()
                .map(|r| folder.join(r))
                .filter(|p| p != path)
                .and_then(|p| corpus::load_file(&p).ok());
            match moved {
                Some(doc) => {
                    report.moved.push(saved.name.clone());
                    Some(doc)
                }
                None => {
                    report.missing.push(first_error);
                    None
                }
            }
        }
    }
}

/// Opens a project: reads its corpus, extracts it again, and restores every decision.
pub fn open(path: &Path) -> Result<(Workbench, SavedView, RestoreReport), ProjectError> {
    let file = read(path)?;
    let mut report = RestoreReport::default();
    let mut wb = Workbench::new();
    // Per saved document: its id in the workbench, its text as chars if it changed since the
    // save (for re-anchoring), and the fresh mentions by identity.
    let mut slots: Vec<(DocId, Option<Vec<char>>)> = Vec::new();
    let mut fresh: Vec<HashMap<(usize, usize, String), Mention>> = Vec::new();
    let mut fresh_order: Vec<Vec<(usize, usize, String)>> = Vec::new();
    for saved in &file.documents {
        match load_document(saved, path, &mut report) {
            Some(doc) => {
                let changed = (sha256_hex(&doc.text) != saved.sha256).then(|| {
                    report.changed.push(saved.name.clone());
                    doc.text.chars().collect::<Vec<char>>()
                });
                let given = saved.published.as_deref().filter(|_| saved.published_given);
                let extraction = shared_extractor().extract_published(&doc.name, &doc.text, given);
                let published = PublicationDate {
                    given: given.is_some(),
                    date: extraction.published.clone(),
                };
                let id = wb.push_document(doc, published);
                let keys: Vec<_> = extraction
                    .mentions
                    .iter()
                    .map(|m| (m.start, m.end, m.surface.clone()))
                    .collect();
                fresh.push(
                    extraction
                        .mentions
                        .into_iter()
                        .map(|m| ((m.start, m.end, m.surface.clone()), m))
                        .collect(),
                );
                fresh_order.push(keys);
                slots.push((id, changed));
            }
            None => {
                // Keep the facts: an empty placeholder document holds their mentions.
                let id = wb.push_document(
                    Document {
                        name: saved.name.clone(),
                        path: saved.path.clone(),
                        text: String::new(),
                        encoding: "missing",
                    },
                    PublicationDate {
                        date: saved.published.clone(),
                        given: saved.published_given,
                    },
                );
                fresh.push(HashMap::new());
                fresh_order.push(Vec::new());
                slots.push((id, None));
            }
        }
    }

    let mut docs_changed = !report.changed.is_empty() || !report.missing.is_empty();
    for saved in &file.facts {
        let mut mentions = Vec::new();
        for sm in &saved.mentions {
            let (doc_id, changed) = &slots[sm.document];
            let doc_id = *doc_id;
            let placed = match changed {
                None => Some((sm.mention.start, sm.mention.end)),
                Some(chars) => reanchor(chars, sm),
            };
            match placed.map(|(start, end)| (start, end, sm.mention.surface.clone())) {
                Some(k) => {
                    if changed.is_some() {
                        report.reanchored += 1;
                    }
                    let mention = match fresh[sm.document].remove(&k) {
                        Some(now) => now,
                        None => {
                            if !saved.added_by_hand && !wb.document(doc_id).text.is_empty() {
                                report.vanished.push((saved.id, sm.mention.clone()));
                            }
                            Mention {
                                start: k.0,
                                end: k.1,
                                ..sm.mention.clone()
                            }
                        }
                    };
                    mentions.push(SourceMention { doc_id, mention });
                }
                None => {
                    report.unanchored.push((saved.id, sm.mention.clone()));
                    docs_changed = true;
                    mentions.push(SourceMention {
                        doc_id,
                        mention: sm.mention.clone(),
                    });
                }
            }
        }
        let (mut original, mut fields) = (saved.original.clone(), saved.fields.clone());
        if file.version < 2
            && !saved.added_by_hand
            && let Some(first) = mentions.first()
        {
            // Version 1 had no frames and no way to correct one: the frame is what the engine
            // reads now, in the original and the corrected reading alike.
            let now = FactFields::of_mention(&first.mention);
            original.take_frame_of(&now);
            fields.take_frame_of(&now);
        }
        let mut fact = ReviewFact::new(saved.id, mentions, original);
        fact.fields = fields;
        fact.value_text = fact.fields.value_text();
        fact.status = saved.status;
        fact.note = saved.note.clone();
        fact.added_by_hand = saved.added_by_hand;
        wb.push_fact(fact);
    }
    // What the engine finds now and the project did not have: new, unreviewed facts.
    for (slot, order) in fresh_order.iter().enumerate() {
        let doc_id = slots[slot].0;
        for key in order {
            if let Some(m) = fresh[slot].remove(key) {
                report.new_mentions += 1;
                wb.push_mention(doc_id, m);
            }
        }
    }
    // Undo across a changed corpus could name mentions that moved: keep the trail, drop the stacks.
    let (undo, redo) = if docs_changed {
        (Vec::new(), Vec::new())
    } else {
        (file.undo, file.redo)
    };
    wb.finish_restore(undo, redo, file.trail);
    Ok((wb, file.view, report))
}

/// Where a saved mention's surface is in a changed text: the occurrence whose surroundings
/// best match the saved context, nearest the old offset on a tie; none if the surface is gone
/// or no occurrence shares any context.
fn reanchor(chars: &[char], saved: &SavedMention) -> Option<(usize, usize)> {
    let surface: Vec<char> = saved.mention.surface.chars().collect();
    if surface.is_empty() || surface.len() > chars.len() {
        return None;
    }
    let before: Vec<char> = saved.before.chars().collect();
    let after: Vec<char> = saved.after.chars().collect();
    let mut best: Option<(usize, usize, usize)> = None; // (score, distance, start)
    let mut occurrences = 0;
    for start in 0..=chars.len() - surface.len() {
        if chars[start..start + surface.len()] != surface[..] {
            continue;
        }
        occurrences += 1;
        let end = start + surface.len();
        let left = before
            .iter()
            .rev()
            .zip(chars[..start].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let right = after
            .iter()
            .zip(chars[end..].iter())
            .take_while(|(a, b)| a == b)
            .count();
        let score = left + right;
        let distance = start.abs_diff(saved.mention.start);
        let better = match best {
            None => true,
            Some((s, d, _)) => score > s || (score == s && distance < d),
        };
        if better {
            best = Some((score, distance, start));
        }
    }
    let (score, _, start) = best?;
    (score >= 2 || occurrences == 1).then_some((start, start + surface.len()))
}

/// A new project over `documents`, extracted here.
pub fn create(path: &Path, documents: Vec<Document>) -> std::io::Result<Workbench> {
    create_dated(path, documents.into_iter().map(|d| (d, None)).collect())
}

/// A new project over `documents`, each with its publication date when one is given (a given
/// date wins over the text's).
pub fn create_dated(
    path: &Path,
    documents: Vec<(Document, Option<String>)>,
) -> std::io::Result<Workbench> {
    let items = documents.into_iter().map(|(d, given)| {
        let extraction = shared_extractor().extract_published(&d.name, &d.text, given.as_deref());
        (d, extraction, given.is_some())
    });
    let mut wb = Workbench::new();
    wb.add_dated_documents(items);
    save(&wb, path, SavedView::default())?;
    wb.mark_saved();
    Ok(wb)
}
