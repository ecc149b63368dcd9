//! What the facts table shows: the live facts that pass the filters and the search, in the
//! chosen order, and which one is selected. Recomputed only when the query or the model changes,
//! never per frame.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use crate::fact::{Approx, Direction, Kind, Measure, Value};
use crate::review::record::{DocId, FactId, ReviewFact, Status};
use crate::review::search::{SearchIndex, changes_when_lowercased, searched_text};
use crate::review::workbench::Workbench;

/// A column of the facts table; also a sort key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Column {
    Status,
    Kind,
    Surface,
    Value,
    Unit,
    Approx,
    Subject,
    Measure,
    Direction,
    Basis,
    Period,
    #[default]
    Document,
    Sources,
}

impl Column {
    pub const ALL: [Column; 13] = [
        Column::Status,
        Column::Kind,
        Column::Surface,
        Column::Value,
        Column::Unit,
        Column::Approx,
        Column::Subject,
        Column::Measure,
        Column::Direction,
        Column::Basis,
        Column::Period,
        Column::Document,
        Column::Sources,
    ];

    /// Columns the analyst shows when needed (View menu); the fact panel always has them.
    pub const HIDDEN_BY_DEFAULT: [Column; 2] = [Column::Direction, Column::Basis];

    pub fn title(self) -> &'static str {
        match self {
            Column::Status => "status",
            Column::Kind => "kind",
            Column::Surface => "surface",
            Column::Value => "value",
            Column::Unit => "unit",
            Column::Approx => "approx",
            Column::Subject => "subject",
            Column::Measure => "measure",
            Column::Direction => "direction",
            Column::Basis => "basis",
            Column::Period => "period",
            Column::Document => "document",
            Column::Sources => "sources",
        }
    }
}

/// Filters, search and order of the facts table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Kinds shown; empty shows all.
    pub kinds: BTreeSet<Kind>,
    /// Statuses shown; empty shows all.
    pub statuses: BTreeSet<Status>,
    /// Measures shown; empty shows all.
    pub measures: BTreeSet<Measure>,
    /// Only facts with a mention in this document.
    pub document: Option<DocId>,
    /// Case-insensitive text searched in surface, subjects (the fact's and each mention's),
    /// period, sentence and note.
    pub search: String,
    pub sort: Column,
    pub descending: bool,
}

impl Query {
    /// Sorts by `column`, or flips the direction when it already sorts by it.
    pub fn sort_by(&mut self, column: Column) {
        if self.sort == column {
            self.descending = !self.descending;
        } else {
            self.sort = column;
            self.descending = false;
        }
    }

    /// Whether `fact` passes every filter but the search and the statuses.
    fn admits_but_search(&self, fact: &ReviewFact) -> bool {
        fact.is_live()
            && (self.kinds.is_empty() || self.kinds.contains(&fact.fields.kind))
            && (self.measures.is_empty()
                || fact
                    .fields
                    .measure
                    .is_some_and(|m| self.measures.contains(&m)))
            && self
                .document
                .is_none_or(|d| fact.mentions.iter().any(|m| m.doc_id == d))
    }
}

/// The search text, lowercased, with its SIMD substring finder (memchr's `memmem`: several
/// times faster than `str::contains` over the sentences of 100k facts) built once per query.
struct Needle {
    text: String,
    finder: memchr::memmem::Finder<'static>,
    caseless: bool,
}

impl Needle {
    fn new(search: &str) -> Needle {
        let text = search.trim().to_lowercase();
        Needle {
            finder: memchr::memmem::Finder::new(text.as_bytes()).into_owned(),
            caseless: is_caseless(&text),
            text,
        }
    }
}

fn matches_search(fact: &ReviewFact, needle: &Needle) -> bool {
    // `needle` is lowercased. Most text (Chinese) has no case: it is searched as it is, and only
    // text with a char that lowercasing changes is lowercased (an allocation per field per fact
    // made searching 100k facts cost about 90 ms a keystroke). A needle of digits, CJK and
    // punctuation only (`948亿`, `万元`) cannot match anything lowercasing makes: a plain
    // substring search then answers, with no pass over the text's chars.
    let (caseless, finder) = (needle.caseless, &needle.finder);
    let needle = needle.text.as_str();
    let hit = |s: &str| {
        if finder.find(s.as_bytes()).is_some() {
            true
        } else if caseless || !s.chars().any(changes_when_lowercased) {
            false
        } else if s.is_ascii() && needle.is_ascii() {
            s.to_ascii_lowercase().contains(needle)
        } else {
            s.to_lowercase().contains(needle)
        }
    };
    let mut found = false;
    searched_text(fact, |field| found = found || hit(field));
    found
}

/// Whether no char of `needle` can come out of lowercasing: ASCII digits and punctuation, CJK
/// ideographs and punctuation, full-width digits and punctuation.
fn is_caseless(needle: &str) -> bool {
    needle.chars().all(|c| {
        (c.is_ascii() && !c.is_ascii_alphabetic())
            || ('\u{2E80}'..='\u{9FFF}').contains(&c)
            || ('\u{FF01}'..='\u{FF20}').contains(&c)
    })
}

/// The rows of the facts table and the selection, cached against the model's revision.
#[derive(Debug, Default)]
pub struct FactView {
    rows: Vec<FactId>,
    computed_for: Option<((u64, u64), Query)>,
    /// Every live fact in the query's order. Reused while only statuses change, reversed when
    /// only the direction flips, and patched with the facts a change touched.
    sorted: Vec<FactId>,
    sorted_for: Option<OrderKey>,
    /// `sorted` through every filter but the status one: reused while only statuses change (a
    /// verify then checks 100k statuses, not 100k searches) and patched like `sorted`.
    admitted: Vec<FactId>,
    admitted_for: Option<(OrderKey, Query)>,
    rows_for: Option<(OrderKey, Query)>,
    /// What a new search runs over.
    index: SearchIndex,
    selected: Option<FactId>,
    /// The row of `selected` in `rows`, if it is shown.
    selected_row: Option<usize>,
}

/// What an order depends on: the workbench, the revision of what it sorts by, the column and
/// the direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct OrderKey {
    instance: u64,
    revision: u64,
    column: Column,
    descending: bool,
}

impl OrderKey {
    /// How a list in order `self` becomes one in order `to`.
    fn step_to(self, to: OrderKey) -> Step {
        if self == to {
            Step::Keep
        } else if self.instance != to.instance || self.column != to.column {
            Step::Rebuild
        } else if self.revision == to.revision {
            Step::Reverse
        } else if self.descending == to.descending {
            Step::Patch
        } else {
            Step::Rebuild
        }
    }
}

enum Step {
    Keep,
    Reverse,
    /// Take out and put back in place the facts changed since the list was made.
    Patch,
    Rebuild,
}

impl FactView {
    pub fn rows(&self) -> &[FactId] {
        &self.rows
    }

    pub fn selected(&self) -> Option<FactId> {
        self.selected
    }

    pub fn selected_row(&self) -> Option<usize> {
        self.selected_row
    }

    /// Brings the rows up to date with the model and the query; returns whether they changed.
    /// When the selected fact leaves the view (it was verified under an "unreviewed" filter),
    /// the selection moves to the fact that took its row, so review can go on.
    pub fn refresh(&mut self, wb: &Workbench, query: &Query) -> bool {
        let state = (wb.instance(), wb.revision());
        if self
            .computed_for
            .as_ref()
            .is_some_and(|(at, q)| *at == state && q == query)
        {
            return false;
        }
        // What changed since the lists below were last brought up to date (each refresh brings
        // all three).
        let touched = self
            .computed_for
            .as_ref()
            .filter(|((instance, _), _)| *instance == wb.instance())
            .and_then(|((_, revision), _)| wb.touched_since(*revision));
        let needle = Needle::new(&query.search);
        let key = OrderKey {
            instance: wb.instance(),
            revision: if query.sort == Column::Status {
                wb.revision()
            } else {
                wb.content_revision()
            },
            column: query.sort,
            descending: query.descending,
        };
        let key_of = |id: &FactId| sort_key(wb, query.sort, &wb.all_facts()[id.index()]);
        // Ties in id order, so the descending order is exactly the ascending one reversed.
        let order = |a: &FactId, b: &FactId| {
            let order = key_of(a).cmp(&key_of(b)).then(a.cmp(b));
            if query.descending {
                order.reverse()
            } else {
                order
            }
        };
        let step = self.sorted_for.map_or(Step::Rebuild, |k| k.step_to(key));
        match (step, &touched) {
            (Step::Keep, _) => {}
            (Step::Reverse, _) => self.sorted.reverse(),
            (Step::Patch, Some(touched)) => {
                patch(&mut self.sorted, wb, touched, |f| f.is_live(), order);
            }
            (Step::Patch | Step::Rebuild, _) => {
                self.sorted = wb.live_facts().map(|f| f.id).collect();
                // Ties are broken by id: no two facts compare equal, so an unstable sort gives
                // the one order.
                self.sorted.sort_unstable_by(order);
            }
        }
        self.sorted_for = Some(key);

        // The filters the admitted list depends on; its order is `key`'s.
        let filters = Query {
            statuses: BTreeSet::new(),
            sort: Column::default(),
            descending: false,
            ..query.clone()
        };
        let admits = |fact: &ReviewFact| {
            filters.admits_but_search(fact)
                && (needle.text.is_empty() || matches_search(fact, &needle))
        };
        let step = match &self.admitted_for {
            Some((k, q)) if *q == filters => k.step_to(key),
            _ => Step::Rebuild,
        };
        match (step, &touched) {
            (Step::Keep, _) => {}
            (Step::Reverse, _) => self.admitted.reverse(),
            (Step::Patch, Some(touched)) => {
                patch(&mut self.admitted, wb, touched, admits, order);
            }
            (Step::Patch | Step::Rebuild, _) => {
                let hits = SearchIndex::can_search(&needle.text).then(|| {
                    self.index.update(wb, None);
                    self.index.matching(&needle.finder, wb.all_facts().len())
                });
                // `sorted` holds live facts only: with no filter on the facts' fields and the
                // search answered by the index, no fact is read (100k reads in sorted order
                // miss the cache: about 4 ms).
                let fields_filtered = !filters.kinds.is_empty()
                    || !filters.measures.is_empty()
                    || filters.document.is_some();
                let facts = wb.all_facts();
                if !fields_filtered && needle.text.is_empty() {
                    self.admitted.clone_from(&self.sorted);
                } else {
                    self.admitted = self
                        .sorted
                        .iter()
                        .copied()
                        .filter(|&id| {
                            let fact = &facts[id.index()];
                            (!fields_filtered || filters.admits_but_search(fact))
                                && match &hits {
                                    Some(hits) => hits[id.index()],
                                    None => needle.text.is_empty() || matches_search(fact, &needle),
                                }
                        })
                        .collect();
                }
            }
        }

        // The rows: the admitted list through the status filter. Keyed on every change (a
        // verify moves a fact out of an "unreviewed" table) and patched like the lists above, so
        // a verify under a status filter reads the facts it touched, not 100k statuses.
        let rows_key = OrderKey {
            revision: wb.revision(),
            ..key
        };
        let rows_query = Query {
            statuses: query.statuses.clone(),
            ..filters.clone()
        };
        let step = match &self.rows_for {
            Some((k, q)) if *q == rows_query => k.step_to(rows_key),
            _ => Step::Rebuild,
        };
        let shown = |fact: &ReviewFact| admits(fact) && query.statuses.contains(&fact.status);
        match (step, &touched) {
            _ if query.statuses.is_empty() => self.rows.clone_from(&self.admitted),
            (Step::Keep, _) => {}
            (Step::Reverse, _) => self.rows.reverse(),
            (Step::Patch, Some(touched)) => patch(&mut self.rows, wb, touched, shown, order),
            (Step::Patch | Step::Rebuild, _) => {
                self.rows.clear();
                self.rows.extend(
                    self.admitted
                        .iter()
                        .copied()
                        .filter(|id| query.statuses.contains(&wb.all_facts()[id.index()].status)),
                );
            }
        }
        self.rows_for = Some((rows_key, rows_query));
        self.admitted_for = Some((key, filters));
        self.computed_for = Some((state, query.clone()));
        let previous_row = self.selected_row;
        self.selected_row = self
            .selected
            .and_then(|id| self.rows.iter().position(|&r| r == id));
        if self.selected_row.is_none() && !self.rows.is_empty() {
            let row = previous_row.unwrap_or(0).min(self.rows.len() - 1);
            self.select_row(row);
        }
        true
    }

    /// Indexes up to `facts` more facts for searching, so the first search over a large corpus
    /// does not index 100k facts in its frame; returns whether some are left.
    pub fn prepare_search(&mut self, wb: &Workbench, facts: usize) -> bool {
        self.index.update(wb, Some(facts));
        !self.index.is_complete(wb)
    }

    pub fn select(&mut self, fact: Option<FactId>) {
        self.selected = fact;
        self.selected_row = fact.and_then(|id| self.rows.iter().position(|&r| r == id));
    }

    pub fn select_row(&mut self, row: usize) {
        if let Some(&id) = self.rows.get(row) {
            self.selected = Some(id);
            self.selected_row = Some(row);
        }
    }

    /// Moves the selection by `delta` rows, clamped to the table.
    pub fn move_selection(&mut self, delta: isize) {
        if self.rows.is_empty() {
            return;
        }
        let row = match self.selected_row {
            Some(r) => r.saturating_add_signed(delta).min(self.rows.len() - 1),
            None => 0,
        };
        self.select_row(row);
    }
}

/// Brings `list`, in `order`, up to date after a change touched the facts `touched` (sorted):
/// they are taken out, and those that `keep` admits go back in place (a few by binary search,
/// more merged in one pass over the list). Nothing else moved, since an order compares only the
/// two facts' own fields.
fn patch(
    list: &mut Vec<FactId>,
    wb: &Workbench,
    touched: &[FactId],
    keep: impl Fn(&ReviewFact) -> bool,
    order: impl Fn(&FactId, &FactId) -> Ordering,
) {
    if touched.is_empty() {
        return;
    }
    list.retain(|id| touched.binary_search(id).is_err());
    let mut back: Vec<FactId> = touched
        .iter()
        .copied()
        .filter(|id| wb.fact(*id).is_some_and(&keep))
        .collect();
    if back.is_empty() {
        return;
    }
    back.sort_by(&order);
    if back.len() <= 16 {
        // A few: each found by binary search, no pass of comparisons over the list.
        for id in back {
            let at = list.partition_point(|x| order(x, &id) == Ordering::Less);
            list.insert(at, id);
        }
        return;
    }
    let mut merged = Vec::with_capacity(list.len() + back.len());
    let mut back = back.into_iter().peekable();
    for id in list.drain(..) {
        while let Some(b) = back.next_if(|b| order(b, &id) == Ordering::Less) {
            merged.push(b);
        }
        merged.push(id);
    }
    merged.extend(back);
    *list = merged;
}

/// What a column sorts a fact by.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey<'a> {
    Status(Status),
    Kind(Kind),
    Text(&'a str),
    /// Numbers by magnitude, before ISO dates, which sort as text.
    Value(ValueKey<'a>),
    Optional(Option<&'a str>),
    Approx(Option<Approx>),
    Measure(Option<Measure>),
    Direction(Option<Direction>),
    /// The document's name, then where in it the fact is first mentioned.
    Place(Option<&'a str>, Option<(DocId, usize)>),
    Count(usize),
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum ValueKey<'a> {
    Number(rust_decimal::Decimal),
    Text(&'a str),
}

fn sort_key<'a>(wb: &'a Workbench, column: Column, f: &'a ReviewFact) -> SortKey<'a> {
    let fields = &f.fields;
    match column {
        Column::Status => SortKey::Status(f.status),
        Column::Kind => SortKey::Kind(fields.kind),
        Column::Surface => SortKey::Text(f.primary().map_or("", |m| m.mention.surface.as_str())),
        Column::Value => SortKey::Value(match &fields.value {
            Value::Number(n) => ValueKey::Number(*n),
            Value::Text(t) => ValueKey::Text(t),
        }),
        Column::Unit => SortKey::Optional(fields.unit.as_deref()),
        Column::Approx => SortKey::Approx(fields.approx),
        Column::Subject => SortKey::Text(&fields.subject),
        Column::Measure => SortKey::Measure(fields.measure),
        Column::Direction => SortKey::Direction(fields.direction),
        Column::Basis => SortKey::Optional(fields.basis.as_deref()),
        Column::Period => SortKey::Optional(fields.period.as_deref()),
        Column::Document => SortKey::Place(
            f.primary().map(|m| wb.document(m.doc_id).name.as_str()),
            f.primary().map(|m| (m.doc_id, m.mention.start)),
        ),
        Column::Sources => SortKey::Count(f.mentions.len()),
    }
}
