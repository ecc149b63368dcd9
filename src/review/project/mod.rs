//! Projects: a corpus and every decision on it.
//!
//! A project is a SQLite file (`*.factdesk`, schema in [`sqlite`] and the README): documents with
//! their hash and publication date, facts, mentions, the undo and redo stacks, the audit trail and
//! the saved view. Every analyst change is written in its own transaction the moment it is made
//! ([`Store::execute`], on a writer thread of its own): only the rows the change touched. The JSON projects of earlier versions
//! (`*.factdesk.json`, versions 1 and 2) are still read; opening one for review imports it into
//! a new SQLite project beside it ([`open_for_review`]) and never writes the JSON.
//!
//! Opening a project extracts the corpus again with the current engine and lays the saved
//! decisions over the result: a saved mention is found again by its identity (document, offsets,
//! surface); in a document whose text changed it is re-anchored by its surface and the text
//! around it. Mentions the engine finds anew become unreviewed facts; saved mentions that cannot
//! be found are kept on their facts and listed, never dropped.
//!
//! Everything read is checked before anything is used (`validate.rs`): a project that fails is
//! refused with a message naming the file and what is wrong, and is never written.

mod json;
pub mod script;
mod session;
pub mod sqlite;
mod validate;
mod writer;

use std::collections::HashMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::corpus::{self, Document, LoadError};
use crate::fact::Mention;
use crate::review::loader::shared_extractor;
use crate::review::record::{DocId, FactFields, FactId, ReviewFact, SourceMention, Status};
use crate::review::view::{Column, Query};
use crate::review::workbench::{AuditEntry, Change, PublicationDate, Workbench};

pub use session::{Opened, Session, imported_path, open_for_review};
pub use sqlite::Store;

/// The project's format name (the JSON `format`, the SQLite `meta` table's `format`).
pub const FORMAT: &str = "factdesk-project";
/// The newest project version this build reads, and the one it writes: 3 is the SQLite project.
pub const VERSION: u32 = 3;
/// The newest JSON project version (read, and written only by [`save_json`]).
pub const JSON_VERSION: u32 = 2;
/// The file name ending projects use.
pub const EXTENSION: &str = ".factdesk";
/// The file name ending of the JSON projects of earlier versions.
pub const JSON_EXTENSION: &str = ".factdesk.json";

/// The encoding shown for a document whose file could not be read.
const MISSING: &str = "missing";

/// Chars of context kept on each side of a mention, to re-anchor it in a changed text.
const CONTEXT_CHARS: usize = 12;

/// Whether `path` names a project by its ending (`.factdesk`, or `.factdesk.json` of old).
pub fn is_project_path(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name.ends_with(EXTENSION) || name.ends_with(JSON_EXTENSION)
}

/// A project as stored: read from either kind of file, or to be written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectFile {
    pub format: String,
    /// 1 and 2: JSON; 3: SQLite.
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

/// Why a project could not be opened (or written). A project that cannot be opened is never
/// touched.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a factdesk project or damaged: {reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error(
        "{path}: written by a newer factdesk (project version {version}; this one reads up to {VERSION}); open it with a newer factdesk"
    )]
    Newer { path: PathBuf, version: u32 },
    #[error("{path}: not a valid project version: {version}")]
    BadVersion { path: PathBuf, version: i64 },
    #[error("{path}: not a factdesk project: {what}")]
    NotAProject { path: PathBuf, what: String },
    #[error("{path}: inconsistent: {reason}")]
    Inconsistent { path: PathBuf, reason: String },
    #[error("{path}: cannot write: {reason}")]
    Write { path: PathBuf, reason: String },
}

impl ProjectError {
    pub(crate) fn damaged(path: &Path, reason: impl fmt::Display) -> Self {
        ProjectError::Damaged {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        }
    }

    pub(crate) fn inconsistent(path: &Path, reason: impl fmt::Display) -> Self {
        ProjectError::Inconsistent {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        }
    }

    pub(crate) fn write(path: &Path, reason: impl fmt::Display) -> Self {
        ProjectError::Write {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        }
    }

    /// Checks a stored version number: 0 and negatives are not versions, above [`VERSION`] is a
    /// newer factdesk.
    pub(crate) fn check_version(path: &Path, version: i64) -> Result<u32, ProjectError> {
        if version > i64::from(VERSION) {
            Err(ProjectError::Newer {
                path: path.to_path_buf(),
                version: u32::try_from(version).unwrap_or(u32::MAX),
            })
        } else if version < 1 {
            Err(ProjectError::BadVersion {
                path: path.to_path_buf(),
                version,
            })
        } else {
            Ok(version as u32)
        }
    }
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

/// The context kept around each of `spans` (char offsets) of `text`: up to [`CONTEXT_CHARS`]
/// chars before and after. One walk over the text serves all spans, so saving costs one pass per
/// document, and a change a pass over the documents it touches.
pub(crate) fn contexts(text: &str, spans: &[(usize, usize)]) -> Vec<(String, String)> {
    let mut wanted: Vec<usize> = spans
        .iter()
        .flat_map(|&(start, end)| {
            let end = end.max(start);
            [
                start.saturating_sub(CONTEXT_CHARS),
                start,
                end,
                end.saturating_add(CONTEXT_CHARS),
            ]
        })
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    // Char offset → byte offset, clamped to the text's end.
    let mut starts = text.char_indices().map(|(b, _)| b).chain([text.len()]);
    let mut bytes = Vec::with_capacity(wanted.len());
    let (mut char_at, mut byte) = (0usize, starts.next().unwrap_or(0));
    for &w in &wanted {
        while char_at < w {
            match starts.next() {
                Some(b) => {
                    byte = b;
                    char_at += 1;
                }
                None => break,
            }
        }
        bytes.push(byte);
    }
    let at = |c: usize| wanted.binary_search(&c).map_or(text.len(), |i| bytes[i]);
    spans
        .iter()
        .map(|&(start, end)| {
            let end = end.max(start);
            let (b0, b1) = (at(start.saturating_sub(CONTEXT_CHARS)), at(start));
            let (b2, b3) = (at(end), at(end.saturating_add(CONTEXT_CHARS)));
            (text[b0..b1].to_string(), text[b2..b3].to_string())
        })
        .collect()
}

/// The folder a project's relative paths start from: its file's folder, the current directory
/// for a bare file name (`factdesk new a.factdesk corpus`).
pub fn project_folder(project_path: &Path) -> PathBuf {
    let parent = project_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::path::absolute(parent).unwrap_or_else(|_| parent.to_path_buf())
}

fn relative_to(path: &Path, folder: &Path) -> Option<PathBuf> {
    // Only below the project folder: enough to follow a project moved with its corpus.
    path.strip_prefix(folder)
        .ok()
        .filter(|r| !r.as_os_str().is_empty())
        .map(Path::to_path_buf)
}

/// Whether a stored relative path stays below the folder it is joined to: no root, no `..`.
pub(crate) fn stays_below(relative: &Path) -> bool {
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        && relative
            .components()
            .any(|c| matches!(c, Component::Normal(_)))
}

/// A document as saved: absolute path and the path relative to the project's folder.
pub(crate) fn saved_document(d: &crate::review::ReviewDocument, folder: &Path) -> SavedDocument {
    let path = d
        .path
        .as_ref()
        .map(|p| std::path::absolute(p).unwrap_or(p.clone()));
    SavedDocument {
        name: d.name.clone(),
        relative_path: path.as_deref().and_then(|p| relative_to(p, folder)),
        path,
        sha256: sha256_hex(&d.text),
        published: d.published.clone(),
        published_given: d.published_given,
    }
}

/// The saved form of facts `ids`, with their mentions' contexts.
pub(crate) fn saved_facts(wb: &Workbench, ids: &[FactId]) -> Vec<SavedFact> {
    // Per document the spans whose contexts are wanted, then one walk per document.
    let mut spans: HashMap<DocId, Vec<(usize, usize)>> = HashMap::new();
    for &id in ids {
        for m in &wb.all_facts()[id.index()].mentions {
            spans
                .entry(m.doc_id)
                .or_default()
                .push((m.mention.start, m.mention.end));
        }
    }
    type Contexts = HashMap<(usize, usize), (String, String)>;
    let windows: HashMap<DocId, Contexts> = spans
        .into_iter()
        .map(|(doc, spans)| {
            let found = contexts(&wb.document(doc).text, &spans);
            (doc, spans.into_iter().zip(found).collect())
        })
        .collect();
    ids.iter()
        .map(|&id| {
            let f = &wb.all_facts()[id.index()];
            SavedFact {
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
                            windows[&m.doc_id][&(m.mention.start, m.mention.end)].clone();
                        SavedMention {
                            document: m.doc_id.index(),
                            mention: m.mention.clone(),
                            before,
                            after,
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The project of a workbench, ready to be written.
pub fn snapshot(wb: &Workbench, project_path: &Path, view: SavedView) -> ProjectFile {
    let folder = project_folder(project_path);
    let ids: Vec<FactId> = wb.all_facts().iter().map(|f| f.id).collect();
    ProjectFile {
        format: FORMAT.to_string(),
        version: VERSION,
        documents: wb
            .documents()
            .iter()
            .map(|d| saved_document(d, &folder))
            .collect(),
        facts: saved_facts(wb, &ids),
        undo: wb.history().to_vec(),
        redo: wb.undone().to_vec(),
        trail: wb.trail().to_vec(),
        view,
    }
}

/// Writes the workbench as a new SQLite project at `path`, whole and atomically (a temporary
/// file in the same folder, then a rename): "Save project as", `factdesk new`, importing a JSON
/// project. Changes after that are committed one by one through a [`Store`].
pub fn save(wb: &Workbench, path: &Path, view: SavedView) -> Result<(), ProjectError> {
    sqlite::create(path, &snapshot(wb, path, view))
}

/// Writes the workbench as a JSON project (version 2), as factdesk did before projects were
/// SQLite. The window never does; tests use it to make the projects an earlier factdesk wrote.
pub fn save_json(wb: &Workbench, path: &Path, view: SavedView) -> std::io::Result<()> {
    let mut file = snapshot(wb, path, view);
    file.version = JSON_VERSION;
    crate::atomic::write_atomically(path, |out| {
        serde_json::to_writer_pretty(&mut *out, &file)?;
        out.write_all(b"\n")
    })
}

/// Which kind of project a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Sqlite,
    Json,
}

/// Tells a SQLite project from a JSON one by the file's first bytes.
pub fn file_kind(path: &Path) -> Result<FileKind, ProjectError> {
    use std::io::Read;
    let read_error = |source| ProjectError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut head = Vec::with_capacity(16);
    file.take(16).read_to_end(&mut head).map_err(read_error)?;
    Ok(if head.starts_with(sqlite::MAGIC) {
        FileKind::Sqlite
    } else {
        FileKind::Json
    })
}

/// Reads and checks a project file of either kind without touching it.
pub fn read(path: &Path) -> Result<ProjectFile, ProjectError> {
    let file = match file_kind(path)? {
        FileKind::Sqlite => sqlite::read(path)?,
        FileKind::Json => json::read(path)?,
    };
    validate::check(&file).map_err(|reason| ProjectError::inconsistent(path, reason))?;
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
    // The document keeps the name it was saved under (`sub/a.txt` for a file of a folder), not
    // the bare file name a single file loads with.
    let named = |mut doc: Document| {
        doc.name = saved.name.clone();
        doc
    };
    match corpus::load_file(path).map(named) {
        Ok(doc) => Some(doc),
        Err(first_error) => match saved
            .relative_path
            .as_deref()
            .map(|r| find_moved(r, project_path).map(named))
        {
            Some(Ok(doc)) if doc.path.as_deref() != Some(path) => {
                report.moved.push(saved.name.clone());
                Some(doc)
            }
            Some(Err(outside)) => {
                report.missing.push(LoadError {
                    path: path.clone(),
                    reason: format!("{}; {outside}", first_error.reason),
                });
                None
            }
            _ => {
                report.missing.push(first_error);
                None
            }
        },
    }
}

/// A moved corpus's document, looked for at its path relative to the project's folder. The
/// path must stay below that folder: no root, no `..` (a project that says otherwise is refused
/// on reading), and no symbolic link out of it either.
fn find_moved(relative: &Path, project_path: &Path) -> Result<Document, String> {
    if !stays_below(relative) {
        return Err(format!(
            "{} leaves the project's folder",
            relative.display()
        ));
    }
    let folder = project_folder(project_path);
    let candidate = folder.join(relative);
    let (Ok(real_folder), Ok(real)) = (folder.canonicalize(), candidate.canonicalize()) else {
        return Err(format!("not at {} either", candidate.display()));
    };
    if !real.starts_with(&real_folder) {
        return Err(format!(
            "{} leads out of the project's folder; not read",
            candidate.display()
        ));
    }
    corpus::load_file(&candidate)
        .map_err(|e| format!("not at {} either: {}", candidate.display(), e.reason))
}

/// Opens a project (either kind) to read: reads its corpus, extracts it again, and restores every
/// decision. Nothing is written; [`open_for_review`] is the opening that takes it for changes.
pub fn open(path: &Path) -> Result<(Workbench, SavedView, RestoreReport), ProjectError> {
    let file = read(path)?;
    // A project made from a batch holds the mentions the batch found (perhaps a sample): its
    // documents are not re-extracted, or opening would bring back every mention left out.
    let from_batch = matches!(file_kind(path)?, FileKind::Sqlite)
        && sqlite::read_meta(path, MADE_FROM)?.is_some();
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
                let extraction = if from_batch {
                    crate::engine::Extraction {
                        mentions: Vec::new(),
                        published: saved.published.clone(),
                    }
                } else {
                    shared_extractor().extract_published(&doc.name, &doc.text, given)
                };
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
                        encoding: MISSING,
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

    // The offsets of mentions in unchanged documents must lie in the text (a changed document's
    // mentions are re-anchored; a missing one's are kept as saved).
    validate::offsets(&file, |document| {
        let (id, changed) = &slots[document];
        (changed.is_none() && wb.document(*id).encoding != MISSING).then(|| wb.document(*id).chars)
    })
    .map_err(|reason| ProjectError::inconsistent(path, reason))?;
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
                            if !from_batch
                                && !saved.added_by_hand
                                && !wb.document(doc_id).text.is_empty()
                            {
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
pub fn create(path: &Path, documents: Vec<Document>) -> Result<Workbench, ProjectError> {
    create_dated(path, documents.into_iter().map(|d| (d, None)).collect())
}

/// A new project over `documents`, each with its publication date when one is given (a given
/// date wins over the text's).
pub fn create_dated(
    path: &Path,
    documents: Vec<(Document, Option<String>)>,
) -> Result<Workbench, ProjectError> {
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

/// The meta row that marks a project made from a batch run; its value is the selection.
pub const MADE_FROM: &str = "made_from";

/// A new project over documents whose mentions were extracted elsewhere (a batch run, checked by
/// [`crate::batch`]): nothing is re-extracted. Each item says whether its publication date was
/// given; `meta` rows are recorded in the project (what selection made it).
pub fn create_extracted(
    path: &Path,
    items: Vec<(Document, crate::engine::Extraction, bool)>,
    meta: &[(&str, String)],
) -> Result<Workbench, ProjectError> {
    let mut wb = Workbench::new();
    wb.add_dated_documents(items);
    sqlite::create_with_meta(path, &snapshot(&wb, path, SavedView::default()), meta)?;
    wb.mark_saved();
    Ok(wb)
}
