//! The searched text of every fact in one buffer, so a query is one SIMD pass over it (memchr's
//! `memmem`) instead of a substring search per field per fact: over 100k facts the calls, not
//! the bytes, were the cost (about 20 ms a keystroke). Kept up to date by appending the facts a
//! change touched; their old text stays behind, dead, until a rebuild.

use memchr::memmem::Finder;

use crate::review::record::{FactId, ReviewFact};
use crate::review::workbench::Workbench;

/// Ends every field. A needle holding it is searched fact by fact instead (see
/// [`SearchIndex::can_search`]), so no hit spans two fields.
const SEPARATOR: u8 = 0;

/// No segment.
const NONE: usize = usize::MAX;

#[derive(Debug, Default)]
pub struct SearchIndex {
    text: Vec<u8>,
    /// Where each fact's segment starts in `text`, and whose it is, in order of start.
    segments: Vec<(usize, FactId)>,
    /// Each fact's live segment (an index into `segments`), or `NONE`.
    current: Vec<usize>,
    /// Bytes of segments a later one replaced.
    dead: usize,
    /// The workbench instance and revision the index is up to date with, for facts `..upto`.
    built_for: Option<(u64, u64)>,
    /// Facts from this id on are not indexed yet: idle frames index a few at a time, a search
    /// the rest.
    upto: usize,
}

impl SearchIndex {
    /// Whether the index answers for `needle` (lowercased, see [`searched_text`]).
    pub fn can_search(needle: &str) -> bool {
        !needle.is_empty() && !needle.as_bytes().contains(&SEPARATOR)
    }

    /// Brings the index up to date with `wb` and indexes at most `budget` facts more (with
    /// `None`, every one): the facts changed since are appended, or, for a new workbench, a load,
    /// or when half the text is dead, the index starts over.
    pub fn update(&mut self, wb: &Workbench, budget: Option<usize>) {
        let state = (wb.instance(), wb.revision());
        if self.built_for != Some(state) {
            let touched = self
                .built_for
                .filter(|&(instance, _)| instance == wb.instance())
                // A status is not searched: verifying does not rewrite a fact's text.
                .and_then(|(_, revision)| wb.content_touched_since(revision));
            match touched {
                Some(touched) if self.dead <= self.text.len() / 2 => {
                    // Facts not indexed yet are indexed as they are when their turn comes.
                    let upto = self.upto;
                    for id in touched.into_iter().filter(|id| id.index() < upto) {
                        if let Some(fact) = wb.fact(id) {
                            self.append(fact);
                        }
                    }
                }
                _ => {
                    self.text.clear();
                    self.segments.clear();
                    self.current.clear();
                    self.dead = 0;
                    self.upto = 0;
                }
            }
            self.built_for = Some(state);
        }
        let facts = wb.all_facts();
        let end = budget.map_or(facts.len(), |n| {
            self.upto.saturating_add(n).min(facts.len())
        });
        for fact in facts.get(self.upto..end).unwrap_or_default() {
            self.append(fact);
        }
        self.upto = self.upto.max(end);
    }

    /// Whether every fact of `wb` as it is now is indexed.
    pub fn is_complete(&self, wb: &Workbench) -> bool {
        self.built_for == Some((wb.instance(), wb.revision())) && self.upto >= wb.all_facts().len()
    }

    fn append(&mut self, fact: &ReviewFact) {
        let id = fact.id.index();
        if self.current.len() <= id {
            self.current.resize(id + 1, NONE);
        }
        if let Some(old) = self.segment_range(self.current[id]) {
            self.dead += old.len();
        }
        let start = self.text.len();
        searched_text(fact, |field| {
            self.text.extend_from_slice(field.as_bytes());
            self.text.push(SEPARATOR);
            if field.chars().any(changes_when_lowercased) {
                self.text.extend_from_slice(field.to_lowercase().as_bytes());
                self.text.push(SEPARATOR);
            }
        });
        self.current[id] = self.segments.len();
        self.segments.push((start, fact.id));
    }

    fn segment_range(&self, i: usize) -> Option<std::ops::Range<usize>> {
        let &(start, _) = self.segments.get(i)?;
        let end = self
            .segments
            .get(i + 1)
            .map_or(self.text.len(), |&(s, _)| s);
        Some(start..end)
    }

    /// Which facts' text holds `finder`'s needle, indexed by fact id (`facts` long).
    pub fn matching(&self, finder: &Finder<'_>, facts: usize) -> Vec<bool> {
        let mut hits = vec![false; facts];
        let mut from = 0;
        while let Some(found) = self.text.get(from..).and_then(|rest| finder.find(rest)) {
            let at = from + found;
            let Some(segment) = self
                .segments
                .partition_point(|&(start, _)| start <= at)
                .checked_sub(1)
            else {
                break;
            };
            let (_, id) = self.segments[segment];
            if self.current.get(id.index()) == Some(&segment)
                && let Some(hit) = hits.get_mut(id.index())
            {
                *hit = true;
            }
            // One hit is enough for a fact: go on at the next one.
            from = self
                .segments
                .get(segment + 1)
                .map_or(self.text.len(), |&(start, _)| start);
        }
        hits
    }
}

/// The fields a search looks in: the fact's subject, note, value and period, and each mention's
/// surface, subject and sentence.
pub fn searched_text<'a>(fact: &'a ReviewFact, mut field: impl FnMut(&'a str)) {
    field(&fact.fields.subject);
    field(&fact.note);
    field(&fact.value_text);
    if let Some(period) = fact.fields.period.as_deref() {
        field(period);
    }
    for m in &fact.mentions {
        field(&m.mention.surface);
        field(&m.mention.subject);
        field(&m.mention.sentence);
    }
}

/// Whether `c.to_lowercase()` is not `c` itself; CJK ideographs and punctuation are answered
/// without the Unicode tables.
pub fn changes_when_lowercased(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    if ('\u{2E80}'..='\u{9FFF}').contains(&c) {
        return false;
    }
    let mut lower = c.to_lowercase();
    lower.next() != Some(c) || lower.next().is_some()
}
