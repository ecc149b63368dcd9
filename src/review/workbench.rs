//! The review model: documents, the facts found in them, and every change the analyst makes,
//! as commands that can be undone. No GUI here: the window and the tests drive the same API.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::path::PathBuf;

use crate::corpus::{Document, LoadError, LoadWarning};
use crate::engine::{Extraction, Extractor};
use crate::fact::Mention;
use crate::review::grouping::FigureKey;
use crate::review::record::{DocId, FactFields, FactId, ReviewFact, SourceMention, Status};

/// A document open in the workbench.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewDocument {
    pub id: DocId,
    /// The file name; mentions name their document by it.
    pub name: String,
    pub path: Option<PathBuf>,
    pub text: String,
    pub encoding: String,
    /// The publication date, ISO 8601: given (corpus metadata, the analyst) or found in the text.
    pub published: Option<String>,
    /// Whether `published` was given rather than found in the text; a given date is passed to
    /// the engine again whenever the document is extracted.
    pub published_given: bool,
    pub chars: usize,
}

/// Per-document counts for the documents panel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocumentStats {
    pub facts: usize,
    pub reviewed: usize,
}

/// Review counts over the live facts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub total: usize,
    pub verified: usize,
    pub rejected: usize,
}

impl Summary {
    pub fn unreviewed(&self) -> usize {
        self.total
            .saturating_sub(self.verified)
            .saturating_sub(self.rejected)
    }
}

/// One mention's place: enough to find it again in its fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct MentionKey {
    pub doc: DocId,
    pub start: usize,
    pub end: usize,
}

impl MentionKey {
    pub fn of(m: &SourceMention) -> Self {
        MentionKey {
            doc: m.doc_id,
            start: m.mention.start,
            end: m.mention.end,
        }
    }
}

/// A document's publication date and where it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PublicationDate {
    pub date: Option<String>,
    /// Given (metadata, the analyst) rather than found in the text.
    pub given: bool,
}

/// The part of a frame that depends on the publication date.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TimeFrame {
    pub period: Option<String>,
    pub basis: Option<String>,
}

impl TimeFrame {
    pub fn of_mention(m: &Mention) -> Self {
        TimeFrame {
            period: m.period.clone(),
            basis: m.basis.clone(),
        }
    }

    pub fn of_fields(f: &FactFields) -> Self {
        TimeFrame {
            period: f.period.clone(),
            basis: f.basis.clone(),
        }
    }
}

/// One mention's period and basis, before and after its document's date changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MentionReframe {
    pub fact: FactId,
    pub mention: MentionKey,
    pub from: TimeFrame,
    pub to: TimeFrame,
}

/// One fact's extracted and corrected period and basis, before and after. A correction the analyst
/// made stays: only a field still equal to the extracted original follows the new date.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FactReframe {
    pub fact: FactId,
    pub original_from: TimeFrame,
    pub original_to: TimeFrame,
    pub fields_from: TimeFrame,
    pub fields_to: TimeFrame,
}

/// One mention moved from one fact to another, as part of a [`Change::Regroup`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MentionMove {
    pub mention: MentionKey,
    pub from: FactId,
    pub to: FactId,
}

/// A change to the model. Every change has an inverse, which is how undo works.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
// Externally tagged: an internally tagged enum would buffer its content and lose serde_json's
// exact numbers (a value such as 94800000000.5 or a confidence would no longer read back).
#[serde(rename_all = "snake_case")]
pub enum Change {
    Status {
        fact: FactId,
        from: Status,
        to: Status,
    },
    Fields {
        fact: FactId,
        from: Box<FactFields>,
        to: Box<FactFields>,
    },
    Note {
        fact: FactId,
        from: String,
        to: String,
    },
    /// Moves one mention between facts: a split (into a fresh fact) or, inverted, a merge.
    MoveMention {
        mention: MentionKey,
        from: FactId,
        to: FactId,
    },
    /// Gives a fact added by hand its mention; inverted, takes it away (the fact is hidden).
    AddMention {
        fact: FactId,
        doc: DocId,
        mention: Box<Mention>,
    },
    RemoveMention {
        fact: FactId,
        doc: DocId,
        mention: Box<Mention>,
    },
    /// Moves several mentions at once: merging facts by hand (every mention of the others into
    /// the first) or, inverted, taking that merge apart again.
    Regroup { moves: Vec<MentionMove> },
    /// A fact the analyst added by hand, read as `fields`, with its one mention; inverted
    /// ([`Change::RemoveFact`]) the fact loses its mention and is hidden (ids stay dense).
    AddFact {
        fact: FactId,
        doc: DocId,
        mention: Box<Mention>,
        fields: Box<FactFields>,
    },
    RemoveFact {
        fact: FactId,
        doc: DocId,
        mention: Box<Mention>,
        fields: Box<FactFields>,
    },
    /// Sets a document's publication date and re-resolves the periods and bases of its facts
    /// against it, as one change (statuses, notes and corrections are untouched).
    Published {
        doc: DocId,
        from: PublicationDate,
        to: PublicationDate,
        mentions: Vec<MentionReframe>,
        facts: Vec<FactReframe>,
    },
}

impl Change {
    pub fn inverse(&self) -> Change {
        match self.clone() {
            Change::Status { fact, from, to } => Change::Status {
                fact,
                from: to,
                to: from,
            },
            Change::Fields { fact, from, to } => Change::Fields {
                fact,
                from: to,
                to: from,
            },
            Change::Note { fact, from, to } => Change::Note {
                fact,
                from: to,
                to: from,
            },
            Change::MoveMention { mention, from, to } => Change::MoveMention {
                mention,
                from: to,
                to: from,
            },
            Change::AddMention { fact, doc, mention } => {
                Change::RemoveMention { fact, doc, mention }
            }
            Change::RemoveMention { fact, doc, mention } => {
                Change::AddMention { fact, doc, mention }
            }
            Change::Regroup { moves } => Change::Regroup {
                moves: moves
                    .into_iter()
                    .rev()
                    .map(|m| MentionMove {
                        mention: m.mention,
                        from: m.to,
                        to: m.from,
                    })
                    .collect(),
            },
            Change::AddFact {
                fact,
                doc,
                mention,
                fields,
            } => Change::RemoveFact {
                fact,
                doc,
                mention,
                fields,
            },
            Change::RemoveFact {
                fact,
                doc,
                mention,
                fields,
            } => Change::AddFact {
                fact,
                doc,
                mention,
                fields,
            },
            Change::Published {
                doc,
                from,
                to,
                mentions,
                facts,
            } => Change::Published {
                doc,
                from: to,
                to: from,
                mentions: mentions
                    .into_iter()
                    .map(|m| MentionReframe {
                        from: m.to,
                        to: m.from,
                        ..m
                    })
                    .collect(),
                facts: facts
                    .into_iter()
                    .map(|f| FactReframe {
                        fact: f.fact,
                        original_from: f.original_to,
                        original_to: f.original_from,
                        fields_from: f.fields_to,
                        fields_to: f.fields_from,
                    })
                    .collect(),
            },
        }
    }

    /// The fact the analyst acted on (for selecting it again after an undo); for a publication
    /// date, the first fact it re-framed, if any.
    pub fn fact(&self) -> Option<FactId> {
        match self {
            Change::Status { fact, .. }
            | Change::Fields { fact, .. }
            | Change::Note { fact, .. } => Some(*fact),
            Change::MoveMention { from, .. } => Some(*from),
            Change::AddMention { fact, .. }
            | Change::RemoveMention { fact, .. }
            | Change::AddFact { fact, .. }
            | Change::RemoveFact { fact, .. } => Some(*fact),
            // The fact the mentions end in: the merged fact, or after an undo the first restored.
            Change::Regroup { moves } => moves.first().map(|m| m.to),
            Change::Published {
                mentions, facts, ..
            } => facts
                .first()
                .map(|f| f.fact)
                .or(mentions.first().map(|m| m.fact)),
        }
    }

    /// Whether the change touches `fact`.
    pub fn touches(&self, fact: FactId) -> bool {
        match self {
            Change::MoveMention { from, to, .. } => *from == fact || *to == fact,
            Change::Regroup { moves } => moves.iter().any(|m| m.from == fact || m.to == fact),
            Change::Published {
                mentions, facts, ..
            } => facts.iter().any(|f| f.fact == fact) || mentions.iter().any(|m| m.fact == fact),
            other => other.fact() == Some(fact),
        }
    }
}

/// Why the analyst made a change, picked from a short list while editing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    WrongValue,
    WrongUnit,
    WrongPeriod,
    WrongSubject,
    NotAFact,
    Duplicate,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 7] = [
        Reason::WrongValue,
        Reason::WrongUnit,
        Reason::WrongPeriod,
        Reason::WrongSubject,
        Reason::NotAFact,
        Reason::Duplicate,
        Reason::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Reason::WrongValue => "wrong value",
            Reason::WrongUnit => "wrong unit",
            Reason::WrongPeriod => "wrong period",
            Reason::WrongSubject => "wrong subject",
            Reason::NotAFact => "not a fact",
            Reason::Duplicate => "duplicate",
            Reason::Other => "other",
        }
    }
}

/// One line of the audit trail: a change as it happened (undo and redo are lines too).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AuditEntry {
    /// When, RFC 3339 in UTC.
    pub at: String,
    /// `apply`, `undo` or `redo`.
    pub action: String,
    /// The change as applied to the model (for an undo, the inverse that was applied).
    pub change: Change,
    pub reason: Option<Reason>,
}

fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// Why a change could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error("there is no fact #{0}")]
    NoSuchFact(u32),
    #[error("fact #{0} no longer holds that mention")]
    NoSuchMention(u32),
    #[error("fact #{0} has only one mention; there is nothing to split off")]
    NothingToSplit(u32),
    #[error("fact #{fact} was changed since: expected {expected}")]
    Stale { fact: u32, expected: &'static str },
    #[error("there is no document #{0}")]
    NoSuchDocument(u32),
    #[error("{0}")]
    Invalid(String),
}

/// How one change moved a history stack, for a store that keeps the stack as rows: cut it to
/// `truncate` entries (when set), then append `push`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StackEdit {
    pub truncate: Option<usize>,
    pub push: Vec<Change>,
}

/// What one action did to the model, for a project store to write at once and alone: the rows it
/// touched (not the whole project), how the undo and redo stacks moved, and the trail lines it
/// added. The workbench emits one per action while a journal is kept
/// ([`Workbench::start_journal`]); the store reads the touched rows' current state from the
/// workbench, so it must commit before the next action.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Commit {
    /// Facts whose own row (status, readings, note) changed.
    pub facts: BTreeSet<FactId>,
    /// Facts whose mentions changed (moved, added, removed, re-framed).
    pub mentions: BTreeSet<FactId>,
    /// Documents whose row changed (publication date).
    pub documents: BTreeSet<DocId>,
    pub undo: StackEdit,
    pub redo: StackEdit,
    pub trail: Vec<AuditEntry>,
}

impl Commit {
    /// The rows `change` touches.
    fn touching(change: &Change) -> Commit {
        let mut commit = Commit::default();
        match change {
            Change::Status { fact, .. }
            | Change::Fields { fact, .. }
            | Change::Note { fact, .. } => {
                commit.facts.insert(*fact);
            }
            Change::MoveMention { from, to, .. } => {
                commit.facts.extend([*from, *to]);
                commit.mentions.extend([*from, *to]);
            }
            Change::AddMention { fact, .. }
            | Change::RemoveMention { fact, .. }
            | Change::AddFact { fact, .. }
            | Change::RemoveFact { fact, .. } => {
                commit.facts.insert(*fact);
                commit.mentions.insert(*fact);
            }
            Change::Regroup { moves } => {
                for m in moves {
                    commit.facts.extend([m.from, m.to]);
                    commit.mentions.extend([m.from, m.to]);
                }
            }
            Change::Published {
                doc,
                mentions,
                facts,
                ..
            } => {
                commit.documents.insert(*doc);
                commit.mentions.extend(mentions.iter().map(|m| m.fact));
                commit.facts.extend(facts.iter().map(|f| f.fact));
            }
        }
        commit
    }
}

/// The review model.
#[derive(Debug, Default)]
pub struct Workbench {
    documents: Vec<ReviewDocument>,
    facts: Vec<ReviewFact>,
    load_errors: Vec<LoadError>,
    /// Files that loaded with something to say (damaged bytes replaced).
    load_warnings: Vec<LoadWarning>,
    /// Live facts by figure, for grouping new mentions with the facts they repeat.
    by_figure: HashMap<FigureKey, Vec<FactId>>,
    done: Vec<Change>,
    undone: Vec<Change>,
    trail: Vec<AuditEntry>,
    /// Bumped by every change, loads included; views cache on it.
    revision: u64,
    content_revision: u64,
    /// The analyst changed something since the last save (loading documents is not a change).
    unsaved: bool,
    summary: Summary,
    doc_stats: Vec<DocumentStats>,
    /// Per document, (start, end, fact) of every mention, sorted by start.
    marks: Vec<Vec<(usize, usize, FactId)>>,
    /// What each action changed, for a project store (kept only once a store asks for it).
    journal: Option<Vec<Commit>>,
    /// The facts each recent change touched, oldest first: caches over every fact (the table's
    /// order and filter, the search index) patch what a change touched instead of starting over.
    recent: VecDeque<Touched>,
    /// Every change after this revision is in `recent` (a load, a restore or the log's length
    /// cut it there).
    recent_from: u64,
    /// Which workbench this is: a cache keyed on the revision alone would take a new
    /// workbench at the same revision for the old one.
    instance: Instance,
}

/// The facts one change touched, and the revision it made.
#[derive(Debug)]
struct Touched {
    revision: u64,
    /// Not only a status.
    content: bool,
    facts: Vec<FactId>,
}

/// How many changes [`Workbench::touched_since`] remembers; a cache older than that starts over.
const RECENT_CHANGES: usize = 64;

/// A number no other workbench of this process has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Instance(u64);

impl Default for Instance {
    fn default() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Instance(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

impl Workbench {
    pub fn new() -> Self {
        Self::default()
    }

    /// A workbench over already extracted documents (tests, the command line).
    pub fn from_extractions(items: impl IntoIterator<Item = (Document, Extraction)>) -> Self {
        let mut wb = Workbench::new();
        wb.add_documents(items);
        wb.mark_saved();
        wb
    }

    pub fn documents(&self) -> &[ReviewDocument] {
        &self.documents
    }

    pub fn document(&self, id: DocId) -> &ReviewDocument {
        &self.documents[id.index()]
    }

    pub fn document_by_name(&self, name: &str) -> Option<&ReviewDocument> {
        self.documents.iter().find(|d| d.name == name)
    }

    /// Every fact ever created, including hidden ones (see [`ReviewFact::is_live`]).
    pub fn all_facts(&self) -> &[ReviewFact] {
        &self.facts
    }

    pub fn live_facts(&self) -> impl Iterator<Item = &ReviewFact> {
        self.facts.iter().filter(|f| f.is_live())
    }

    pub fn fact(&self, id: FactId) -> Option<&ReviewFact> {
        self.facts.get(id.index())
    }

    pub fn load_errors(&self) -> &[LoadError] {
        &self.load_errors
    }

    pub fn load_warnings(&self) -> &[LoadWarning] {
        &self.load_warnings
    }

    /// Bumped by every change except a status change: what the table's sort order depends on
    /// (unless it sorts by status).
    pub fn content_revision(&self) -> u64 {
        self.content_revision
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The facts changed after `revision` (sorted, once each), or `None` when that is not known:
    /// documents were loaded or a project restored since, or more changes were made than are
    /// remembered. A cache computed at `revision` is brought up to date by redoing these facts.
    pub fn touched_since(&self, revision: u64) -> Option<Vec<FactId>> {
        self.touched_after(revision, false)
    }

    /// As [`Workbench::touched_since`], leaving out facts of which only the status changed.
    pub fn content_touched_since(&self, revision: u64) -> Option<Vec<FactId>> {
        self.touched_after(revision, true)
    }

    fn touched_after(&self, revision: u64, content_only: bool) -> Option<Vec<FactId>> {
        if revision < self.recent_from || revision > self.revision {
            return None;
        }
        let mut facts: Vec<FactId> = self
            .recent
            .iter()
            .filter(|t| t.revision > revision && (t.content || !content_only))
            .flat_map(|t| t.facts.iter().copied())
            .collect();
        facts.sort_unstable();
        facts.dedup();
        Some(facts)
    }

    /// This workbench's number, unique in the process; with [`Workbench::revision`] it names
    /// one state of one model, for caches that outlive a workbench (the chart panel's).
    pub fn instance(&self) -> u64 {
        self.instance.0
    }

    /// Whether the analyst changed anything since [`Workbench::mark_saved`].
    pub fn is_dirty(&self) -> bool {
        self.unsaved
    }

    pub fn mark_saved(&mut self) {
        self.unsaved = false;
    }

    /// From now on every action leaves a [`Commit`] for [`Workbench::take_commits`].
    pub fn start_journal(&mut self) {
        self.journal.get_or_insert_with(Vec::new);
    }

    /// The actions not yet taken by the store, oldest first.
    pub fn take_commits(&mut self) -> Vec<Commit> {
        self.journal
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Whether actions wait in the journal for the store.
    pub fn has_uncommitted(&self) -> bool {
        self.journal.as_ref().is_some_and(|j| !j.is_empty())
    }

    /// Puts back commits the store could not write, before any newer ones.
    pub fn return_commits(&mut self, mut commits: Vec<Commit>) {
        if let Some(journal) = &mut self.journal {
            commits.append(journal);
            *journal = commits;
        }
    }

    fn journal(&mut self, commit: Commit) {
        if let Some(journal) = &mut self.journal {
            journal.push(commit);
        }
    }

    pub fn summary(&self) -> Summary {
        self.summary
    }

    pub fn document_stats(&self, id: DocId) -> DocumentStats {
        self.doc_stats.get(id.index()).copied().unwrap_or_default()
    }

    /// Every mention in a document, sorted by start: (start, end, fact).
    pub fn marks(&self, id: DocId) -> &[(usize, usize, FactId)] {
        self.marks.get(id.index()).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The fact whose mention covers char `offset` of a document.
    pub fn fact_at(&self, doc: DocId, offset: usize) -> Option<FactId> {
        let marks = self.marks(doc);
        let i = marks.partition_point(|&(start, _, _)| start <= offset);
        marks[..i]
            .iter()
            .rev()
            .take(8)
            .find(|&&(start, end, _)| start <= offset && offset < end)
            .map(|&(_, _, f)| f)
    }

    /// Records a file that did not load (it changes no fact, so nothing is recounted).
    pub fn add_load_error(&mut self, error: LoadError) {
        self.load_errors.push(error);
    }

    /// Records what a file that loaded needs to say (bad bytes replaced); changes no fact.
    pub fn add_load_warning(&mut self, warning: LoadWarning) {
        self.load_warnings.push(warning);
    }

    /// Whether a file at `path` is already open.
    pub fn has_path(&self, path: &std::path::Path) -> bool {
        self.documents
            .iter()
            .any(|d| d.path.as_deref() == Some(path))
    }

    /// Adds a document and its mentions. A mention joins the unreviewed fact with the same figure
    /// and frame (see [`crate::review::grouping`]); otherwise it starts a new fact.
    pub fn add_document(&mut self, doc: Document, extraction: Extraction) -> DocId {
        self.add_documents([(doc, extraction)])[0]
    }

    /// Adds documents and their mentions, then recounts once: recounting per document would
    /// make loading a large corpus quadratic.
    pub fn add_documents(
        &mut self,
        items: impl IntoIterator<Item = (Document, Extraction)>,
    ) -> Vec<DocId> {
        self.add_dated_documents(items.into_iter().map(|(d, e)| (d, e, false)))
    }

    /// As [`Workbench::add_documents`], with for each document whether its extraction was given
    /// its publication date (metadata, `--published`) rather than finding it in the text.
    pub fn add_dated_documents(
        &mut self,
        items: impl IntoIterator<Item = (Document, Extraction, bool)>,
    ) -> Vec<DocId> {
        let mut ids = Vec::new();
        let mut joined = BTreeSet::new();
        for (doc, extraction, published_given) in items {
            let id = DocId(self.documents.len() as u32);
            let chars = doc.text.chars().count();
            self.documents.push(ReviewDocument {
                id,
                name: doc.name,
                path: doc.path,
                text: doc.text,
                encoding: doc.encoding.to_string(),
                published_given: published_given && extraction.published.is_some(),
                published: extraction.published,
                chars,
            });
            for mention in extraction.mentions {
                joined.insert(self.add_mention(id, mention));
            }
            ids.push(id);
        }
        if !ids.is_empty() {
            self.recount_all();
            // New documents and facts are written by the store as new rows; facts that existed
            // before and took a mention are touched rows.
            self.journal(Commit {
                mentions: joined,
                ..Commit::default()
            });
        }
        ids
    }

    /// Groups a mention with the unreviewed fact it repeats (see [`crate::review::grouping`]), or
    /// starts a fact of its own.
    fn add_mention(&mut self, doc_id: DocId, mention: Mention) -> FactId {
        let fact_id = FactId(self.facts.len() as u32);
        let joined = match FigureKey::of(&mention) {
            None => None,
            Some(key) => {
                let candidates = self.by_figure.entry(key).or_default();
                let joined = candidates
                    .iter()
                    .copied()
                    .find(|f| self.facts[f.index()].status == Status::Unreviewed);
                if joined.is_none() {
                    candidates.push(fact_id);
                }
                joined
            }
        };
        let source = SourceMention { doc_id, mention };
        match joined {
            Some(f) => {
                self.facts[f.index()].mentions.push(source);
                f
            }
            None => {
                let original = FactFields::of_mention(&source.mention);
                self.facts
                    .push(ReviewFact::new(fact_id, vec![source], original));
                fact_id
            }
        }
    }

    /// Applies a change and records it for undo and in the audit trail.
    pub fn apply(&mut self, change: Change) -> Result<(), ChangeError> {
        self.apply_with_reason(change, None)
    }

    pub fn apply_with_reason(
        &mut self,
        change: Change,
        reason: Option<Reason>,
    ) -> Result<(), ChangeError> {
        if self.is_noop(&change) {
            return Ok(());
        }
        self.perform(&change)?;
        let mut commit = Commit::touching(&change);
        commit
            .trail
            .push(self.record("apply", change.clone(), reason));
        commit.undo = StackEdit {
            truncate: Some(self.done.len()),
            push: vec![change.clone()],
        };
        commit.redo.truncate = Some(0);
        self.done.push(change);
        self.undone.clear();
        self.journal(commit);
        Ok(())
    }

    /// Appends a trail line; returns it.
    fn record(&mut self, action: &str, change: Change, reason: Option<Reason>) -> AuditEntry {
        let entry = AuditEntry {
            at: now_rfc3339(),
            action: action.to_string(),
            change,
            reason,
        };
        self.trail.push(entry.clone());
        entry
    }

    /// Every change ever made, oldest first.
    pub fn trail(&self) -> &[AuditEntry] {
        &self.trail
    }

    /// The audit lines that touch `fact`.
    pub fn trail_of(&self, fact: FactId) -> impl Iterator<Item = &AuditEntry> {
        self.trail.iter().filter(move |e| e.change.touches(fact))
    }

    fn is_noop(&self, change: &Change) -> bool {
        match change {
            Change::Status { from, to, .. } => from == to,
            Change::Fields { from, to, .. } => from == to,
            Change::Note { from, to, .. } => from == to,
            Change::MoveMention { from, to, .. } => from == to,
            Change::AddMention { .. }
            | Change::RemoveMention { .. }
            | Change::AddFact { .. }
            | Change::RemoveFact { .. } => false,
            Change::Regroup { moves } => moves.iter().all(|m| m.from == m.to),
            Change::Published {
                from,
                to,
                mentions,
                facts,
                ..
            } => from == to && mentions.is_empty() && facts.is_empty(),
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// Reverts the last change; returns it (`None`: nothing to undo). A history entry that no
    /// longer fits the model (a project edited outside factdesk) cannot apply: the model is left
    /// as it was, the entry is dropped from the stack so the rest stays usable, and the error
    /// says why.
    pub fn undo(&mut self) -> Result<Option<Change>, ChangeError> {
        let Some(change) = self.done.pop() else {
            return Ok(None);
        };
        let inverse = change.inverse();
        let mut commit = Commit::touching(&change);
        commit.undo.truncate = Some(self.done.len());
        if let Err(e) = self.perform(&inverse) {
            self.journal(Commit {
                undo: commit.undo,
                ..Commit::default()
            });
            return Err(e);
        }
        commit.trail.push(self.record("undo", inverse, None));
        commit.redo = StackEdit {
            truncate: Some(self.undone.len()),
            push: vec![change.clone()],
        };
        self.undone.push(change.clone());
        self.journal(commit);
        Ok(Some(change))
    }

    /// Applies the last undone change again; returns it (`None`: nothing to redo). As with
    /// [`Workbench::undo`], an entry that cannot apply is dropped and reported.
    pub fn redo(&mut self) -> Result<Option<Change>, ChangeError> {
        let Some(change) = self.undone.pop() else {
            return Ok(None);
        };
        let mut commit = Commit::touching(&change);
        commit.redo.truncate = Some(self.undone.len());
        if let Err(e) = self.perform(&change) {
            self.journal(Commit {
                redo: commit.redo,
                ..Commit::default()
            });
            return Err(e);
        }
        commit.trail.push(self.record("redo", change.clone(), None));
        commit.undo = StackEdit {
            truncate: Some(self.done.len()),
            push: vec![change.clone()],
        };
        self.done.push(change.clone());
        self.journal(commit);
        Ok(Some(change))
    }

    /// The changes applied so far, oldest first.
    pub fn history(&self) -> &[Change] {
        &self.done
    }

    pub fn set_status(&mut self, fact: FactId, to: Status) -> Result<(), ChangeError> {
        let from = self.live(fact)?.status;
        self.apply(Change::Status { fact, from, to })
    }

    pub fn set_fields(&mut self, fact: FactId, to: FactFields) -> Result<(), ChangeError> {
        self.set_fields_because(fact, to, None)
    }

    pub fn set_fields_because(
        &mut self,
        fact: FactId,
        to: FactFields,
        reason: Option<Reason>,
    ) -> Result<(), ChangeError> {
        let from = Box::new(self.live(fact)?.fields.clone());
        let to = Box::new(to);
        self.apply_with_reason(Change::Fields { fact, from, to }, reason)
    }

    pub fn set_note(&mut self, fact: FactId, to: String) -> Result<(), ChangeError> {
        let from = self.live(fact)?.note.clone();
        self.apply(Change::Note { fact, from, to })
    }

    /// Sets (or, with `None`, clears) the publication date of `doc`: the document is extracted
    /// again with that date and the periods and bases of its facts are re-resolved, as one change.
    /// Decisions stay: statuses, notes and corrections are not touched, and a corrected period or
    /// basis keeps the analyst's value. Returns how many facts' readings changed.
    pub fn set_published(
        &mut self,
        doc: DocId,
        date: Option<String>,
        extractor: &Extractor,
    ) -> Result<usize, ChangeError> {
        let date = date.map(|d| d.trim().to_string()).filter(|d| !d.is_empty());
        if let Some(d) = &date {
            crate::review::edit::parse_iso_date(d).map_err(ChangeError::Invalid)?;
        }
        let document = self
            .documents
            .get(doc.index())
            .ok_or(ChangeError::NoSuchDocument(doc.0))?;
        let extraction = extractor
            .try_extract_published(&document.name, &document.text, date.as_deref())
            .map_err(ChangeError::Invalid)?;
        let from = PublicationDate {
            date: document.published.clone(),
            given: document.published_given,
        };
        let to = PublicationDate {
            given: date.is_some(),
            date: extraction.published,
        };
        let fresh: HashMap<(usize, usize, &str), TimeFrame> = extraction
            .mentions
            .iter()
            .map(|m| {
                (
                    (m.start, m.end, m.surface.as_str()),
                    TimeFrame::of_mention(m),
                )
            })
            .collect();
        let mut mentions = Vec::new();
        let mut facts = Vec::new();
        for fact in self.facts.iter().filter(|f| f.is_live()) {
            for (i, m) in fact.mentions.iter().enumerate() {
                if m.doc_id != doc {
                    continue;
                }
                let key = (m.mention.start, m.mention.end, m.mention.surface.as_str());
                let Some(now) = fresh.get(&key) else {
                    continue; // added by hand, or no longer extracted: nothing to re-resolve
                };
                let was = TimeFrame::of_mention(&m.mention);
                if *now != was {
                    mentions.push(MentionReframe {
                        fact: fact.id,
                        mention: MentionKey::of(m),
                        from: was,
                        to: now.clone(),
                    });
                }
                // The fact's reading was taken from its first mention.
                if i == 0 && !fact.added_by_hand {
                    let (original, fields) = (
                        TimeFrame::of_fields(&fact.original),
                        TimeFrame::of_fields(&fact.fields),
                    );
                    let follow =
                        |field: &Option<String>, was: &Option<String>, now: &Option<String>| {
                            if field == was {
                                now.clone()
                            } else {
                                field.clone()
                            }
                        };
                    let fields_to = TimeFrame {
                        period: follow(&fields.period, &original.period, &now.period),
                        basis: follow(&fields.basis, &original.basis, &now.basis),
                    };
                    if original != *now || fields != fields_to {
                        facts.push(FactReframe {
                            fact: fact.id,
                            original_from: original,
                            original_to: now.clone(),
                            fields_from: fields,
                            fields_to,
                        });
                    }
                }
            }
        }
        let changed = facts.len();
        self.apply(Change::Published {
            doc,
            from,
            to,
            mentions,
            facts,
        })?;
        Ok(changed)
    }

    /// Splits mention `index` off `fact` into a new, unreviewed fact of its own; returns it.
    pub fn split(&mut self, fact: FactId, index: usize) -> Result<FactId, ChangeError> {
        let source = self.live(fact)?;
        if source.mentions.len() < 2 {
            return Err(ChangeError::NothingToSplit(fact.0));
        }
        let mention = source
            .mentions
            .get(index)
            .ok_or(ChangeError::NoSuchMention(fact.0))?;
        let key = MentionKey::of(mention);
        let new_id = FactId(self.facts.len() as u32);
        let original = FactFields::of_mention(&mention.mention);
        self.facts
            .push(ReviewFact::new(new_id, Vec::new(), original));
        self.apply(Change::MoveMention {
            mention: key,
            from: fact,
            to: new_id,
        })?;
        Ok(new_id)
    }

    /// Merges `others` into `into` by hand: every mention of the others moves to `into`, which
    /// keeps its status, reading and note; the others are then empty and hidden. One change, so
    /// one undo takes it apart again. Facts of different kinds cannot be one figure.
    pub fn merge(&mut self, into: FactId, others: &[FactId]) -> Result<(), ChangeError> {
        let kind = self.live(into)?.fields.kind;
        let mut moves = Vec::new();
        let mut seen = BTreeSet::from([into]);
        for &other in others {
            if !seen.insert(other) {
                continue;
            }
            let fact = self.live(other)?;
            if fact.fields.kind != kind {
                return Err(ChangeError::Invalid(format!(
                    "fact #{} is a {} and fact #{} a {}: not one figure",
                    into.0,
                    kind.as_str(),
                    other.0,
                    fact.fields.kind.as_str()
                )));
            }
            moves.extend(fact.mentions.iter().map(|m| MentionMove {
                mention: MentionKey::of(m),
                from: other,
                to: into,
            }));
        }
        if moves.is_empty() {
            return Err(ChangeError::Invalid(
                "select at least two facts to merge".into(),
            ));
        }
        self.apply(Change::Regroup { moves })
    }

    /// The redo stack, most recent last.
    pub fn undone(&self) -> &[Change] {
        &self.undone
    }

    /// Adds a document without extracting anything (a project restores its facts itself).
    pub(crate) fn push_document(&mut self, doc: Document, published: PublicationDate) -> DocId {
        self.add_dated_documents([(
            doc,
            Extraction {
                mentions: Vec::new(),
                published: published.date,
            },
            published.given,
        )])[0]
    }

    /// Appends a restored fact; its id must be the next one.
    pub(crate) fn push_fact(&mut self, fact: ReviewFact) {
        assert_eq!(fact.id.index(), self.facts.len(), "fact ids are dense");
        if fact.status == Status::Unreviewed
            && let Some(key) = fact
                .mentions
                .first()
                .and_then(|m| FigureKey::of(&m.mention))
        {
            self.by_figure.entry(key).or_default().push(fact.id);
        }
        self.facts.push(fact);
    }

    /// Groups one freshly extracted mention like [`Workbench::add_document`] does.
    pub(crate) fn push_mention(&mut self, doc: DocId, mention: Mention) {
        self.add_mention(doc, mention);
    }

    /// Restores history and trail, then recomputes everything derived.
    pub(crate) fn finish_restore(
        &mut self,
        done: Vec<Change>,
        undone: Vec<Change>,
        trail: Vec<AuditEntry>,
    ) {
        self.done = done;
        self.undone = undone;
        self.trail = trail;
        self.recount_all();
        self.unsaved = false;
    }

    /// Adds a fact the extractor missed: chars `start..end` of `doc`, read as `fields`.
    /// Undo hides it again.
    pub fn add_by_hand(
        &mut self,
        doc: DocId,
        start: usize,
        end: usize,
        fields: FactFields,
    ) -> Result<FactId, ChangeError> {
        let document = self
            .documents
            .get(doc.index())
            .ok_or(ChangeError::NoSuchFact(u32::MAX))?;
        let chars: Vec<char> = document.text.chars().collect();
        if start >= end || end > chars.len() {
            return Err(ChangeError::NoSuchMention(u32::MAX));
        }
        let is_end = |c: &char| crate::engine::ends_sentence(*c);
        let sentence_start = chars[..start].iter().rposition(is_end).map_or(0, |i| i + 1);
        let sentence_end = chars[end..]
            .iter()
            .position(is_end)
            .map_or(chars.len(), |i| end + i + 1);
        let mention = Mention {
            doc: document.name.clone(),
            start,
            end,
            surface: chars[start..end].iter().collect(),
            kind: fields.kind,
            value: fields.value.clone(),
            value_max: fields.value_max.clone(),
            unit: fields.unit.clone(),
            approx: fields.approx,
            subject: fields.subject.clone(),
            sentence: chars[sentence_start..sentence_end]
                .iter()
                .filter(|c| !c.is_control())
                .collect::<String>()
                .trim()
                .to_string(),
            confidence: 1.0,
            measure: fields.measure,
            direction: fields.direction,
            basis: fields.basis.clone(),
            period: fields.period.clone(),
            per: None,
        };
        let id = FactId(self.facts.len() as u32);
        self.apply(Change::AddFact {
            fact: id,
            doc,
            mention: Box::new(mention),
            fields: Box::new(fields),
        })?;
        Ok(id)
    }

    fn live(&self, fact: FactId) -> Result<&ReviewFact, ChangeError> {
        self.facts
            .get(fact.index())
            .filter(|f| f.is_live())
            .ok_or(ChangeError::NoSuchFact(fact.0))
    }

    fn fact_mut(&mut self, fact: FactId) -> Result<&mut ReviewFact, ChangeError> {
        self.facts
            .get_mut(fact.index())
            .ok_or(ChangeError::NoSuchFact(fact.0))
    }

    /// Applies `change` and brings the counts and marks up to date for the facts it touches
    /// only: their share is taken out before and put back after, so one change costs its own
    /// facts, not a pass over 100k of them.
    fn perform(&mut self, change: &Change) -> Result<(), ChangeError> {
        let touched = {
            let commit = Commit::touching(change);
            let mut facts: Vec<FactId> = commit.facts.union(&commit.mentions).copied().collect();
            facts.sort_unstable();
            facts
        };
        let mut exact = true;
        for &fact in &touched {
            exact &= self.count_fact(fact, false);
        }
        let marked_in = self.documents_of(&touched);
        // A change that fails has left the model as it was (every change checks before it
        // writes), so putting the same facts back restores the counts either way.
        let changed = self.change_model(change);
        for &fact in &touched {
            exact &= self.count_fact(fact, true);
        }
        self.remark(&touched, marked_in);
        changed?;
        self.unsaved = true;
        self.revision += 1;
        if !matches!(change, Change::Status { .. }) {
            self.content_revision += 1;
        }
        if self.recent.len() == RECENT_CHANGES
            && let Some(oldest) = self.recent.pop_front()
        {
            self.recent_from = oldest.revision;
        }
        self.recent.push_back(Touched {
            revision: self.revision,
            content: !matches!(change, Change::Status { .. }),
            facts: touched,
        });
        if !exact {
            debug_assert!(false, "the counts drifted from the facts at {change:?}");
            // Counted again from the facts rather than left wrong.
            self.recount_all();
        }
        Ok(())
    }

    /// Adds (or takes out) one fact's share of the review counts and the documents' counts.
    /// Returns false when a count would go below zero: the counts had drifted from the facts,
    /// which a change that misses a fact it touched would cause.
    fn count_fact(&mut self, id: FactId, add: bool) -> bool {
        let Some(fact) = self.facts.get(id.index()) else {
            return true;
        };
        if !fact.is_live() {
            return true;
        }
        let mut exact = true;
        let mut step = |n: &mut usize| match if add {
            n.checked_add(1)
        } else {
            n.checked_sub(1)
        } {
            Some(m) => *n = m,
            None => exact = false,
        };
        step(&mut self.summary.total);
        match fact.status {
            Status::Verified => step(&mut self.summary.verified),
            Status::Rejected => step(&mut self.summary.rejected),
            Status::Unreviewed => {}
        }
        let reviewed = fact.status != Status::Unreviewed;
        let mut docs: Vec<DocId> = fact.mentions.iter().map(|m| m.doc_id).collect();
        docs.sort_unstable();
        docs.dedup();
        for doc in docs {
            if let Some(stats) = self.doc_stats.get_mut(doc.index()) {
                step(&mut stats.facts);
                if reviewed {
                    step(&mut stats.reviewed);
                }
            }
        }
        exact
    }

    /// The documents `facts` have mentions in, sorted, once each.
    fn documents_of(&self, facts: &[FactId]) -> Vec<DocId> {
        let mut docs: Vec<DocId> = facts
            .iter()
            .filter_map(|id| self.facts.get(id.index()))
            .flat_map(|f| f.mentions.iter().map(|m| m.doc_id))
            .collect();
        docs.sort_unstable();
        docs.dedup();
        docs
    }

    /// Marks `touched` (sorted) again in the documents they were in (`before`) and are in now:
    /// one pass per document, however many of its facts a change touched.
    fn remark(&mut self, touched: &[FactId], before: Vec<DocId>) {
        let mut fresh: Vec<(DocId, (usize, usize, FactId))> = touched
            .iter()
            .filter_map(|id| self.facts.get(id.index()))
            .flat_map(|f| {
                f.mentions
                    .iter()
                    .map(|m| (m.doc_id, (m.mention.start, m.mention.end, f.id)))
            })
            .collect();
        fresh.sort_unstable();
        let mut docs = before;
        docs.extend(fresh.iter().map(|(d, _)| *d));
        docs.sort_unstable();
        docs.dedup();
        for doc in docs {
            let Some(marks) = self.marks.get_mut(doc.index()) else {
                continue;
            };
            marks.retain(|&(_, _, f)| touched.binary_search(&f).is_err());
            let from = fresh.partition_point(|(d, _)| *d < doc);
            let to = fresh.partition_point(|(d, _)| *d <= doc);
            let new = &fresh[from..to];
            if new.len() <= 32 {
                for &(_, mark) in new {
                    let at = marks.partition_point(|&e| e < mark);
                    marks.insert(at, mark);
                }
            } else {
                marks.extend(new.iter().map(|&(_, mark)| mark));
                marks.sort_unstable();
            }
        }
    }

    fn change_model(&mut self, change: &Change) -> Result<(), ChangeError> {
        match change {
            Change::Status { fact, from, to } => {
                let f = self.fact_mut(*fact)?;
                if f.status != *from {
                    return Err(ChangeError::Stale {
                        fact: fact.0,
                        expected: from.as_str(),
                    });
                }
                f.status = *to;
            }
            Change::Fields { fact, from, to } => {
                let f = self.fact_mut(*fact)?;
                if f.fields != **from {
                    return Err(ChangeError::Stale {
                        fact: fact.0,
                        expected: "other fields",
                    });
                }
                f.fields = (**to).clone();
                f.value_text = f.fields.value_text();
            }
            Change::Note { fact, from, to } => {
                let f = self.fact_mut(*fact)?;
                if f.note != *from {
                    return Err(ChangeError::Stale {
                        fact: fact.0,
                        expected: "another note",
                    });
                }
                f.note = to.clone();
            }
            Change::MoveMention { mention, from, to } => self.move_mention(*mention, *from, *to)?,
            Change::Regroup { moves } => {
                // Check every move first, so a stale regroup leaves the model untouched.
                for m in moves {
                    self.fact_mut(m.to)?;
                    let source = self.fact_mut(m.from)?;
                    if !source
                        .mentions
                        .iter()
                        .any(|s| MentionKey::of(s) == m.mention)
                    {
                        return Err(ChangeError::NoSuchMention(m.from.0));
                    }
                }
                let mut distinct = std::collections::HashSet::new();
                if !moves.iter().all(|m| distinct.insert(m.mention)) {
                    return Err(ChangeError::Invalid("a mention moves twice".into()));
                }
                for m in moves {
                    self.move_mention(m.mention, m.from, m.to)?;
                }
            }
            Change::AddFact {
                fact,
                doc,
                mention,
                fields,
            } => {
                if doc.index() >= self.documents.len() {
                    return Err(ChangeError::NoSuchDocument(doc.0));
                }
                let source = SourceMention {
                    doc_id: *doc,
                    mention: (**mention).clone(),
                };
                if fact.index() == self.facts.len() {
                    let mut added = ReviewFact::new(*fact, vec![source], (**fields).clone());
                    added.added_by_hand = true;
                    self.facts.push(added);
                } else {
                    // Redo after undo: the hidden fact comes back as it was added.
                    let f = self.fact_mut(*fact)?;
                    if f.is_live() || !f.added_by_hand {
                        return Err(ChangeError::Stale {
                            fact: fact.0,
                            expected: "a hidden fact added by hand",
                        });
                    }
                    f.fields = (**fields).clone();
                    f.original = (**fields).clone();
                    f.value_text = f.fields.value_text();
                    f.mentions = vec![source];
                }
            }
            Change::RemoveFact {
                fact, doc, mention, ..
            } => {
                let f = self.fact_mut(*fact)?;
                let only = f.mentions.len() == 1
                    && f.mentions[0].doc_id == *doc
                    && f.mentions[0].mention == **mention;
                if !only || !f.added_by_hand {
                    return Err(ChangeError::NoSuchMention(fact.0));
                }
                f.mentions.clear();
            }
            Change::AddMention { fact, doc, mention } => {
                if doc.index() >= self.documents.len() {
                    return Err(ChangeError::NoSuchMention(fact.0));
                }
                let f = self.fact_mut(*fact)?;
                f.mentions.push(SourceMention {
                    doc_id: *doc,
                    mention: (**mention).clone(),
                });
            }
            Change::RemoveMention { fact, doc, mention } => {
                let f = self.fact_mut(*fact)?;
                let i = f
                    .mentions
                    .iter()
                    .position(|m| m.doc_id == *doc && m.mention == **mention)
                    .ok_or(ChangeError::NoSuchMention(fact.0))?;
                f.mentions.remove(i);
            }
            Change::Published {
                doc,
                from,
                to,
                mentions,
                facts,
            } => self.reframe(*doc, from, to, mentions, facts)?,
        }
        Ok(())
    }

    fn move_mention(
        &mut self,
        mention: MentionKey,
        from: FactId,
        to: FactId,
    ) -> Result<(), ChangeError> {
        self.fact_mut(to)?;
        let source = self.fact_mut(from)?;
        let i = source
            .mentions
            .iter()
            .position(|m| MentionKey::of(m) == mention)
            .ok_or(ChangeError::NoSuchMention(from.0))?;
        let moved = source.mentions.remove(i);
        let target = self.fact_mut(to)?;
        let at = target
            .mentions
            .partition_point(|m| (m.doc_id, m.mention.start) < (moved.doc_id, moved.mention.start));
        target.mentions.insert(at, moved);
        Ok(())
    }

    /// Applies a publication date change: checks that everything is as `from` says first, so a
    /// stale change leaves the model untouched.
    fn reframe(
        &mut self,
        doc: DocId,
        from: &PublicationDate,
        to: &PublicationDate,
        mentions: &[MentionReframe],
        facts: &[FactReframe],
    ) -> Result<(), ChangeError> {
        let document = self
            .documents
            .get(doc.index())
            .ok_or(ChangeError::NoSuchDocument(doc.0))?;
        if document.published != from.date || document.published_given != from.given {
            return Err(ChangeError::Invalid(format!(
                "the publication date of {} was changed since",
                document.name
            )));
        }
        let stale = |fact: FactId, expected| ChangeError::Stale {
            fact: fact.0,
            expected,
        };
        let mut places = Vec::with_capacity(mentions.len());
        for m in mentions {
            let fact = self.fact(m.fact).ok_or(ChangeError::NoSuchFact(m.fact.0))?;
            let i = fact
                .mentions
                .iter()
                .position(|s| MentionKey::of(s) == m.mention)
                .ok_or(ChangeError::NoSuchMention(m.fact.0))?;
            if TimeFrame::of_mention(&fact.mentions[i].mention) != m.from {
                return Err(stale(m.fact, "another period of a mention"));
            }
            places.push(i);
        }
        for f in facts {
            let fact = self.fact(f.fact).ok_or(ChangeError::NoSuchFact(f.fact.0))?;
            if TimeFrame::of_fields(&fact.original) != f.original_from
                || TimeFrame::of_fields(&fact.fields) != f.fields_from
            {
                return Err(stale(f.fact, "another period"));
            }
        }
        let document = &mut self.documents[doc.index()];
        document.published = to.date.clone();
        document.published_given = to.given;
        for (m, i) in mentions.iter().zip(places) {
            let mention = &mut self.facts[m.fact.index()].mentions[i].mention;
            mention.period = m.to.period.clone();
            mention.basis = m.to.basis.clone();
        }
        for f in facts {
            let fact = &mut self.facts[f.fact.index()];
            fact.original.period = f.original_to.period.clone();
            fact.original.basis = f.original_to.basis.clone();
            fact.fields.period = f.fields_to.period.clone();
            fact.fields.basis = f.fields_to.basis.clone();
        }
        Ok(())
    }

    /// Recomputes everything that depends on facts, after a load or a restore: one pass over all
    /// of them (a change recounts only its own facts, see [`Workbench::perform`]).
    fn recount_all(&mut self) {
        self.content_revision += 1;
        self.revision += 1;
        self.recent.clear();
        self.recent_from = self.revision;
        let mut summary = Summary::default();
        let mut stats = vec![DocumentStats::default(); self.documents.len()];
        let mut seen_doc = Vec::new();
        for fact in self.facts.iter().filter(|f| f.is_live()) {
            summary.total += 1;
            match fact.status {
                Status::Verified => summary.verified += 1,
                Status::Rejected => summary.rejected += 1,
                Status::Unreviewed => {}
            }
            seen_doc.clear();
            for m in &fact.mentions {
                if !seen_doc.contains(&m.doc_id) {
                    seen_doc.push(m.doc_id);
                    let s = &mut stats[m.doc_id.index()];
                    s.facts += 1;
                    if fact.status != Status::Unreviewed {
                        s.reviewed += 1;
                    }
                }
            }
        }
        self.summary = summary;
        self.doc_stats = stats;
        let mut marks = vec![Vec::new(); self.documents.len()];
        for fact in &self.facts {
            for m in &fact.mentions {
                marks[m.doc_id.index()].push((m.mention.start, m.mention.end, fact.id));
            }
        }
        for doc_marks in &mut marks {
            doc_marks.sort_unstable();
        }
        self.marks = marks;
    }
}
