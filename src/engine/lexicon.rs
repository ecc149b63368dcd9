//! The word lists the grammar consults: units, classifiers, currencies, qualifiers, traps.
//!
//! They are data files under `assets/`, compiled into the binary so the engine needs no files at
//! run time. [`Lexicon::bundled`] parses them once; an [`Extractor`](super::Extractor) owns one.

use rustc_hash::FxHashMap;

use regex::bytes::Regex;

use super::numeral;
use crate::fact::Approx;

const CLASSIFIERS: &str = include_str!("../../assets/classifiers.tsv");
const CURRENCIES: &str = include_str!("../../assets/currencies.tsv");
const QUALIFIERS: &str = include_str!("../../assets/qualifiers.tsv");
const TIME_UNITS: &str = include_str!("../../assets/time_units.tsv");
const TRAPS: &str = include_str!("../../assets/traps.txt");
const VARIANTS: &str = include_str!("../../assets/variants.tsv");
const TRADITIONAL: &str = include_str!("../../assets/TSCharacters.txt");
const STANDARD_CHARACTERS: &str =
    include_str!("../../assets/general-standard-chinese-characters-8105.txt");
const SPAN_WORDS: &str = include_str!("../../assets/span_words.txt");
const CHANGE_VERBS: &str = include_str!("../../assets/change_verbs.txt");

/// What a unit word after a figure makes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitClass {
    /// A classifier for counting (`个`, `项`, `人次`).
    Count,
    /// A unit of measurement (`公里`, `吨`, `千瓦时`).
    Measure,
    /// Percentage points (`个百分点`).
    Point,
}

/// A table of words keyed by their first char, for longest-match lookups at a position.
#[derive(Debug)]
pub struct WordTable<T> {
    by_first: FxHashMap<char, Vec<(Vec<char>, T)>>,
    /// One bit per char of the Basic Multilingual Plane: whether a word starts with it. Most
    /// chars start no word, and the grammar and the frame ask at nearly every char, so this
    /// answers most lookups without hashing.
    firsts: Box<[u64; BMP_WORDS]>,
}

/// `u64` words in a bitmap of the Basic Multilingual Plane.
const BMP_WORDS: usize = 0x10000 / 64;

impl<T> Default for WordTable<T> {
    fn default() -> Self {
        WordTable {
            by_first: FxHashMap::default(),
            firsts: Box::new([0; BMP_WORDS]),
        }
    }
}

impl<T> WordTable<T> {
    /// Whether some word may start with `c` (always true outside the BMP, then the map decides).
    #[inline]
    pub(crate) fn may_start(&self, c: char) -> bool {
        let n = c as usize;
        n >= 0x10000 || self.firsts[n / 64] & (1 << (n % 64)) != 0
    }

    pub(crate) fn insert(&mut self, word: &str, value: T) {
        let chars: Vec<char> = word.chars().collect();
        let Some(&first) = chars.first() else { return };
        if let Some(bits) = self.firsts.get_mut(first as usize / 64) {
            *bits |= 1 << (first as usize % 64);
        }
        let bucket = self.by_first.entry(first).or_default();
        bucket.push((chars, value));
        // Longest first, so the first hit is the longest match.
        bucket.sort_by_key(|(word, _)| std::cmp::Reverse(word.len()));
    }

    /// The longest word that starts at `text[at..]`: its length in chars and its value.
    #[inline]
    pub fn longest_at(&self, text: &[char], at: usize) -> Option<(usize, &T)> {
        let first = text.get(at)?;
        if !self.may_start(*first) {
            return None;
        }
        self.longest_from_bucket(text, at, first)
    }

    /// [`WordTable::longest_at`] past the bitmap, out of line: most lookups stop at the bitmap.
    #[inline(never)]
    fn longest_from_bucket(&self, text: &[char], at: usize, first: &char) -> Option<(usize, &T)> {
        let bucket = self.by_first.get(first)?;
        bucket
            .iter()
            .find(|(word, _)| text[at..].starts_with(word))
            .map(|(word, value)| (word.len(), value))
    }

    /// The longest word that ends right before `text[end]`: its length in chars and its value.
    /// Words are stored reversed for this direction (see [`WordTable::insert_reversed`]).
    pub fn longest_ending_at(&self, text: &[char], end: usize) -> Option<(usize, &T)> {
        let last = *text.get(end.checked_sub(1)?)?;
        if !self.may_start(last) {
            return None;
        }
        let bucket = self.by_first.get(&last)?;
        bucket
            .iter()
            .find(|(reversed, _)| {
                reversed.len() <= end
                    && reversed
                        .iter()
                        .zip(text[..end].iter().rev())
                        .all(|(a, b)| a == b)
            })
            .map(|(word, value)| (word.len(), value))
    }

    pub(crate) fn insert_reversed(&mut self, word: &str, value: T) {
        let reversed: String = word.chars().rev().collect();
        self.insert(&reversed, value);
    }

    pub fn len(&self) -> usize {
        self.by_first.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }
}

/// Numerals inside these expressions are not facts (idioms, slogans, names, page markers).
pub struct Traps {
    literal: CharTrie,
    /// Entries with `#` standing for any numeral, e.g. `下转第#版`.
    patterns: Option<Regex>,
    /// The longest literal part of a pattern, in chars: every char of a pattern's match is this
    /// close to a numeral char of the match.
    pattern_reach: usize,
    /// One bit per BMP char of the patterns' literal parts (`下转第版…`), when every pattern has
    /// one: a stretch of text with none of them holds no match.
    pattern_chars: Option<Vec<u64>>,
}

impl Traps {
    /// Char ranges `[start, end)` of every trap in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<(usize, usize)> {
        let chars: Vec<char> = text.chars().collect();
        self.find_in(&chars)
    }

    /// As [`Traps::find`], for a text given as chars. Literal traps are matched leftmost-longest
    /// (at the first position where one starts, the longest), without overlap, as a
    /// leftmost-longest Aho–Corasick scan would.
    pub fn find_in(&self, chars: &[char]) -> Vec<(usize, usize)> {
        let mut ranges = Vec::new();
        // The numeral chars the patterns are sought near are found in the same pass.
        let mut near = self
            .patterns
            .as_ref()
            .map(|re| Stretches::new(self, re, chars));
        // Where the next literal trap may start: they do not overlap.
        let mut free_from = 0;
        // The text is read a block of 64 chars at a time, first into two masks, with no branch
        // a char to mispredict: where a trap may start (most chars start none, and most pairs
        // of chars start none), and where a numeral char stands. Then only the positions set
        // are visited, in order.
        for (block, block_chars) in chars.chunks(64).enumerate() {
            let base = block * 64;
            let mut starts = 0u64;
            let mut numerals = 0u64;
            // The char after each of the block's: one fewer at the end of the text.
            let seconds = chars
                .get(base + 1..(base + 65).min(chars.len()))
                .unwrap_or_default();
            for (j, (&first, &second)) in block_chars.iter().zip(seconds).enumerate() {
                starts |= u64::from(self.literal.may_start_pair(first, second)) << j;
                numerals |= u64::from(numeral::is_numeral_char(first)) << j;
            }
            if let Some(&last) = block_chars.get(seconds.len()) {
                // The text's last char, which starts no pair.
                numerals |= u64::from(numeral::is_numeral_char(last)) << seconds.len();
            }
            if self.literal.any_alone {
                for (j, &first) in block_chars.iter().enumerate() {
                    starts |= u64::from(self.literal.may_be_alone(first)) << j;
                }
            }
            while starts != 0 {
                let i = base + starts.trailing_zeros() as usize;
                starts &= starts - 1;
                if i < free_from {
                    continue;
                }
                if let Some(len) = self.literal.longest_at(chars, i) {
                    ranges.push((i, i + len));
                    free_from = i + len;
                }
            }
            if let Some(near) = near.as_mut() {
                while numerals != 0 {
                    near.numeral_at(base + numerals.trailing_zeros() as usize);
                    numerals &= numerals - 1;
                }
            }
        }
        if let Some(near) = near {
            ranges.extend(near.finish());
            ranges.sort_unstable();
        }
        ranges
    }

    /// The char ranges the `#` patterns match in `chars`, in order.
    #[cfg(test)]
    fn pattern_ranges(&self, chars: &[char]) -> Vec<(usize, usize)> {
        let Some(re) = &self.patterns else {
            return Vec::new();
        };
        let mut near = Stretches::new(self, re, chars);
        for (p, &c) in chars.iter().enumerate() {
            if numeral::is_numeral_char(c) {
                near.numeral_at(p);
            }
        }
        near.finish()
    }

    /// Whether the numeral char at `p` stands next to a char of the patterns' literal parts
    /// (always, without the set): every match holds such a numeral, as a pattern's literal parts
    /// stand between its `#`s, so a stretch without one is not handed to the regex.
    #[inline]
    fn next_to_literal(&self, chars: &[char], p: usize) -> bool {
        let Some(bits) = &self.pattern_chars else {
            return true;
        };
        let literal = |c: &char| {
            let n = *c as usize;
            n >= 0x10000 || bits[n / 64] & (1 << (n % 64)) != 0
        };
        p.checked_sub(1)
            .and_then(|before| chars.get(before))
            .is_some_and(literal)
            || chars.get(p + 1).is_some_and(literal)
    }
}

/// The matches of the `#` patterns, sought near numerals. A pattern's match holds a numeral char
/// and reaches no further than `pattern_reach` chars from one, so the regex reads only the
/// stretches of text within that reach of a numeral (a sixth of news text), each as a text of
/// its own: no match crosses from one stretch to the next, so it finds the same matches.
struct Stretches<'t> {
    traps: &'t Traps,
    re: &'t Regex,
    chars: &'t [char],
    /// The stretch that the numerals so far make and later ones may extend.
    open: Option<(usize, usize)>,
    /// Whether a numeral of the open stretch stands next to a char of a literal part (the
    /// neighbours of a numeral lie within its stretch, as `pattern_reach` is at least one
    /// where a pattern has a literal char).
    anchored: bool,
    /// A buffer for the UTF-8 of a stretch.
    bytes: Vec<u8>,
    ranges: Vec<(usize, usize)>,
}

impl<'t> Stretches<'t> {
    fn new(traps: &'t Traps, re: &'t Regex, chars: &'t [char]) -> Self {
        Stretches {
            traps,
            re,
            chars,
            open: None,
            anchored: false,
            bytes: Vec::new(),
            ranges: Vec::new(),
        }
    }

    /// A numeral char at `p`, after every one before it.
    #[inline]
    fn numeral_at(&mut self, p: usize) {
        let reach = self.traps.pattern_reach;
        let window = (
            p.saturating_sub(reach),
            p.saturating_add(reach + 1).min(self.chars.len()),
        );
        let anchored = self.traps.next_to_literal(self.chars, p);
        match self.open {
            Some((from, to)) if window.0 <= to => {
                self.open = Some((from, to.max(window.1)));
                self.anchored |= anchored;
            }
            _ => {
                self.close();
                self.open = Some(window);
                self.anchored = anchored;
            }
        }
    }

    /// Seeks the matches in the open stretch, if any.
    fn close(&mut self) {
        if let Some((from, to)) = self.open.take()
            && self.anchored
        {
            pattern_matches(
                self.re,
                self.chars,
                from,
                to,
                &mut self.bytes,
                &mut self.ranges,
            );
        }
    }

    /// The char ranges the patterns match, in order.
    fn finish(mut self) -> Vec<(usize, usize)> {
        self.close();
        self.ranges
    }
}

/// The matches of the pattern regex in `chars[from..to]`, as char ranges of `chars`; `bytes` is
/// a buffer for their UTF-8.
fn pattern_matches(
    re: &Regex,
    chars: &[char],
    from: usize,
    to: usize,
    bytes: &mut Vec<u8>,
    ranges: &mut Vec<(usize, usize)>,
) {
    super::clean::utf8_into(&chars[from..to], bytes);
    let bytes = &bytes[..];
    let (mut byte, mut char_at) = (0, from);
    let mut char_of = |b: usize| {
        // Chars are counted by their lead bytes (all but 0b10xx_xxxx).
        char_at += bytes[byte..b]
            .iter()
            .filter(|&&x| (x as i8) >= -0x40)
            .count();
        byte = b;
        char_at
    };
    for m in re.find_iter(bytes) {
        let start = char_of(m.start());
        let end = char_of(m.end());
        ranges.push((start, end));
    }
}

/// A set of words as a trie of chars, for longest matches at a position.
#[derive(Debug)]
struct CharTrie {
    /// (node, char) → child node; the root is node 0. First chars of the BMP are in `root`.
    edges: FxHashMap<(u32, char), u32>,
    /// Per BMP char: the node of a word's first char, 0 if no word starts with it.
    root: Vec<u32>,
    /// Whether a word ends at each node.
    ends: Vec<bool>,
    /// The words' first two chars: most positions are ruled out here, before `root` (256 KiB,
    /// a cache miss a char on Chinese text) is read.
    pairs: PairFilter<1024>,
    /// One bit per BMP char that is a word alone: the positions the pair filter cannot rule in.
    alone: Box<[u64; 1024]>,
    /// Whether any word is one char alone (none of the bundled traps is): if none, the pair
    /// filter rules on its own.
    any_alone: bool,
}

/// A set of pairs of chars (the first two of each word of a list) kept as one bit per hash of
/// the pair in `WORDS` 64-bit words: a pair that is not in it starts no word; one that is may.
/// Word lists consult it at most chars of a text, before anything larger is read.
#[derive(Debug)]
pub(crate) struct PairFilter<const WORDS: usize> {
    bits: Box<[u64; WORDS]>,
}

impl<const WORDS: usize> PairFilter<WORDS> {
    pub(crate) fn new() -> Self {
        PairFilter {
            bits: Box::new([0; WORDS]),
        }
    }

    /// The pair's bit: the hash's high bits scaled to the set's size (a multiply, no division).
    #[inline]
    fn bit(first: char, second: char) -> usize {
        let h =
            (first as u32).wrapping_mul(0x9E37_79B9) ^ (second as u32).wrapping_mul(0x85EB_CA6B);
        ((u64::from(h) * (WORDS as u64 * 64)) >> 32) as usize
    }

    pub(crate) fn insert(&mut self, first: char, second: char) {
        let bit = Self::bit(first, second);
        self.bits[bit / 64] |= 1 << (bit % 64);
    }

    /// False where no word starts with `first` and `second`.
    #[inline]
    pub(crate) fn may_hold(&self, first: char, second: char) -> bool {
        let bit = Self::bit(first, second);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }
}

impl CharTrie {
    fn new(words: &[String]) -> Self {
        let mut trie = CharTrie {
            edges: FxHashMap::default(),
            root: vec![0; 0x10000],
            ends: vec![false],
            pairs: PairFilter::new(),
            alone: Box::new([0; 1024]),
            any_alone: false,
        };
        for word in words {
            let chars: Vec<char> = word.chars().collect();
            let mut node = 0;
            for (k, &c) in chars.iter().enumerate() {
                let next = trie.ends.len() as u32;
                let slot = match trie.root.get_mut(c as usize) {
                    Some(slot) if k == 0 => slot,
                    _ => trie.edges.entry((node, c)).or_insert(0),
                };
                if *slot == 0 {
                    *slot = next;
                    trie.ends.push(false);
                }
                node = *slot;
            }
            if let [first, second, ..] = chars[..] {
                trie.pairs.insert(first, second);
            }
            if !chars.is_empty() {
                trie.ends[node as usize] = true;
            }
            if let [alone] = chars[..] {
                trie.any_alone = true;
                if let Some(bits) = trie.alone.get_mut(alone as usize / 64) {
                    *bits |= 1 << (alone as usize % 64);
                }
            }
        }
        trie
    }

    /// False where no word of two chars or more starts with `first` and `second` (at most
    /// pairs). Asked at every char of a text, so it reads only a bitset of 8 KiB, never `root`.
    #[inline]
    fn may_start_pair(&self, first: char, second: char) -> bool {
        self.pairs.may_hold(first, second)
    }

    /// False where `first` is surely no word alone. A word that begins outside the BMP is not
    /// in the bitset: such a char is always looked up.
    #[inline]
    fn may_be_alone(&self, first: char) -> bool {
        let n = first as usize;
        self.any_alone && (n >= 0x10000 || self.alone[n / 64] & (1 << (n % 64)) != 0)
    }

    /// The length in chars of the longest word starting at `text[at]`.
    #[inline]
    fn longest_at(&self, text: &[char], at: usize) -> Option<usize> {
        let first = *text.get(at)?;
        let mut node = match self.root.get(first as usize) {
            Some(&0) => return None,
            Some(&node) => node,
            None => *self.edges.get(&(0, first))?,
        };
        let mut longest = self.ends[node as usize].then_some(1);
        let Some(&second) = text.get(at + 1) else {
            return longest;
        };
        if !self.pairs.may_hold(first, second) {
            return longest;
        }
        for (len, &c) in text[at + 1..].iter().enumerate() {
            let Some(&next) = self.edges.get(&(node, c)) else {
                break;
            };
            node = next;
            if self.ends[node as usize] {
                longest = Some(len + 2);
            }
        }
        longest
    }
}

/// Walks sorted trap ranges alongside a left-to-right scan.
pub struct TrapCursor<'a> {
    ranges: &'a [(usize, usize)],
    next: usize,
}

impl<'a> TrapCursor<'a> {
    pub fn new(ranges: &'a [(usize, usize)]) -> Self {
        TrapCursor { ranges, next: 0 }
    }

    /// When position `i` lies inside a trap, the position right after it. Positions must be
    /// asked in increasing order.
    pub fn skip_from(&mut self, i: usize) -> Option<usize> {
        while self.ranges.get(self.next).is_some_and(|r| r.1 <= i) {
            self.next += 1;
        }
        self.ranges.get(self.next).filter(|r| r.0 <= i).map(|r| r.1)
    }
}

/// Char folding for the cleaned view. Every char of a corpus is looked up, so a bitset over the
/// low 16 bits of the code point rules out almost all of them before the map is consulted.
#[derive(Debug, Clone)]
pub struct Variants {
    maybe: Box<[u64; 1024]>,
    /// `maybe` and the chars the cleaned view drops or changes (see [`Variants::is_plain`]).
    not_plain: Box<[u64; 1024]>,
    map: FxHashMap<char, char>,
}

impl Variants {
    pub fn new(pairs: impl IntoIterator<Item = (char, char)>) -> Self {
        let map: FxHashMap<char, char> = pairs.into_iter().collect();
        let mut maybe = Box::new([0u64; 1024]);
        for &c in map.keys() {
            let low = c as usize & 0xFFFF;
            maybe[low >> 6] |= 1 << (low & 63);
        }
        let mut not_plain = Box::new(super::clean::SPECIAL_CHARS);
        for (bits, folded) in not_plain.iter_mut().zip(maybe.iter()) {
            *bits |= folded;
        }
        Variants {
            maybe,
            not_plain,
            map,
        }
    }

    #[inline]
    pub fn get(&self, c: char) -> Option<char> {
        if !self.may_fold(c) {
            return None;
        }
        self.map.get(&c).copied()
    }

    /// Whether the cleaned view surely copies `c`, inside a line, as it is: not one of
    /// [`super::clean::SPECIAL_CHARS`], and not folded. Asked at nearly every char of a text, so
    /// it is one probe of a bitset of 8 KiB over the low 16 bits of the code point; a char above
    /// the BMP may be taken for one that is not plain, never the other way round.
    #[inline]
    pub fn is_plain(&self, c: char) -> bool {
        let low = c as usize & 0xFFFF;
        self.not_plain[low >> 6] & (1 << (low & 63)) == 0
    }

    /// False for a char that is surely not folded (most chars); true for one that may be.
    #[inline]
    pub fn may_fold(&self, c: char) -> bool {
        let low = c as usize & 0xFFFF;
        self.maybe[low >> 6] & (1 << (low & 63)) != 0
    }
}

/// Every word list the grammar uses.
pub struct Lexicon {
    pub units: WordTable<UnitClass>,
    /// Written time unit → the unit recorded in the fact (`个月` → `月`).
    pub time_units: WordTable<String>,
    /// Currency name → ISO 4217 code.
    pub currencies: WordTable<String>,
    /// Currency names of two or more chars, reversed, for a currency written before its amount
    /// (`港币两千九百六十元`, `人民币3.14`); a one-char name before a number is another word (`公元`).
    pub currencies_before: WordTable<String>,
    /// Qualifiers before a figure, stored reversed for lookups that end at the figure; `None`
    /// for a word that holds a qualifier but is not one (`最近`).
    pub qualifiers_before: WordTable<Option<Approx>>,
    pub qualifiers_after: WordTable<Option<Approx>>,
    /// Verbs of change (`增加`, `下降`), stored reversed for lookups that end at a figure.
    pub change_verbs: WordTable<()>,
    /// Words before `N日` that make it a span of days (`连续5日`), reversed.
    pub span_words: WordTable<()>,
    pub traps: Traps,
    /// Variant char → canonical char (`萬` → `万`), applied in the cleaned view.
    pub variants: Variants,
}

impl Lexicon {
    /// Whether a unit word of two or more chars starts at `text[i]` (`千瓦`, `千米`): a
    /// multiplier char there ends the numeral instead of scaling it.
    pub fn begins_unit_word(&self, text: &[char], i: usize) -> bool {
        self.units
            .longest_at(text, i)
            .is_some_and(|(len, _)| len >= 2)
    }
}

/// Data lines of a bundled list: comments (`# …`) and blank lines dropped, fields split on tabs.
pub(crate) fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !is_comment(l))
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// A comment line: `#` alone or before a space or tab. (`#` before anything else begins a trap
/// pattern whose first part is a numeral, `#.#版`.)
fn is_comment(line: &str) -> bool {
    line == "#" || line.starts_with("# ") || line.starts_with("#\t")
}

/// The one char `s` holds, if it holds exactly one.
fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// The numeral wildcard in trap entries.
const NUMERAL_CLASS: &str = "[0-9零〇一二两三四五六七八九十百千万亿]+";

impl Lexicon {
    /// The lists compiled into the binary. Panics only if a bundled file is malformed, which the
    /// test suite would catch.
    pub fn bundled() -> Self {
        let mut units = WordTable::default();
        for row in rows(CLASSIFIERS) {
            let class = match row.get(1).copied() {
                Some("count") => UnitClass::Count,
                Some("measure") => UnitClass::Measure,
                Some("point") => UnitClass::Point,
                other => panic!("assets/classifiers.tsv: bad class {other:?} in {row:?}"),
            };
            units.insert(row[0], class);
        }
        let mut time_units = WordTable::default();
        for row in rows(TIME_UNITS) {
            time_units.insert(row[0], row[1].to_string());
        }
        let mut currencies = WordTable::default();
        let mut currencies_before = WordTable::default();
        for row in rows(CURRENCIES) {
            currencies.insert(row[0], row[1].to_string());
            if row[0].chars().count() >= 2 && !row[1].contains('/') && !row[0].ends_with('钱') {
                currencies_before.insert_reversed(row[0], row[1].to_string());
            }
        }
        let mut qualifiers_before = WordTable::default();
        let mut qualifiers_after = WordTable::default();
        for row in rows(QUALIFIERS) {
            let approx: Option<Approx> = (row[1] != "none").then(|| {
                row[1]
                    .parse()
                    .unwrap_or_else(|e| panic!("assets/qualifiers.tsv: {e}"))
            });
            match row[2] {
                "before" => qualifiers_before.insert_reversed(row[0], approx),
                "after" => qualifiers_after.insert(row[0], approx),
                _ => {}
            }
        }
        let mut change_verbs = WordTable::default();
        for row in rows(CHANGE_VERBS) {
            change_verbs.insert_reversed(row[0], ());
        }
        let mut span_words = WordTable::default();
        for row in rows(SPAN_WORDS) {
            span_words.insert_reversed(row[0], ());
        }
        let mut literal = Vec::new();
        let mut patterns = Vec::new();
        let mut pattern_reach = 0;
        let mut pattern_chars = Some(vec![0u64; BMP_WORDS]);
        for row in rows(TRAPS) {
            if row[0].contains('#') {
                for part in row[0].split('#') {
                    pattern_reach = pattern_reach.max(part.chars().count());
                }
                let literal_chars: Vec<char> = row[0].chars().filter(|&c| c != '#').collect();
                if literal_chars.is_empty() {
                    pattern_chars = None;
                }
                if let Some(bits) = pattern_chars.as_mut() {
                    for c in literal_chars {
                        if let Some(word) = bits.get_mut(c as usize / 64) {
                            *word |= 1 << (c as usize % 64);
                        }
                    }
                }
                let parts: Vec<String> = row[0].split('#').map(regex::escape).collect();
                patterns.push(parts.join(NUMERAL_CLASS));
            } else {
                literal.push(row[0].to_string());
            }
        }
        let traps = Traps {
            // A trie of chars, not an automaton: it costs next to nothing to build, and it reads
            // the cleaned chars directly, with no byte offsets to convert.
            literal: CharTrie::new(&literal),
            patterns: (!patterns.is_empty())
                .then(|| Regex::new(&patterns.join("|")).expect("trap patterns compile")),
            pattern_reach,
            pattern_chars,
        };
        // OpenCC's traditional → simplified table, where it is one char to one char and
        // unambiguous, and never for a char of the standard simplified list (吒 of 哪吒 is
        // written so in simplified text too); then the hand-written variants, which win.
        let standard: std::collections::HashSet<char> = STANDARD_CHARACTERS
            .lines()
            .filter(|l| !is_comment(l))
            .flat_map(str::chars)
            .collect();
        let traditional = rows(TRADITIONAL).filter_map(|row| {
            let from = single_char(row[0])?;
            let to = single_char(row.get(1)?)?;
            (from != to && !standard.contains(&from)).then_some((from, to))
        });
        let hand = rows(VARIANTS).filter_map(|row| {
            let mut from = row[0].chars();
            let mut to = row.get(1)?.chars();
            Some((from.next()?, to.next()?))
        });
        let variants = Variants::new(traditional.chain(hand));
        Lexicon {
            units,
            time_units,
            currencies,
            currencies_before,
            qualifiers_before,
            qualifiers_after,
            change_verbs,
            span_words,
            traps,
            variants,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn longest_match_wins() {
        let lex = Lexicon::bundled();
        let text = chars("平方公里内");
        let (len, class) = lex.units.longest_at(&text, 0).unwrap();
        assert_eq!((len, *class), (4, UnitClass::Measure));
        let text = chars("亿美元");
        assert_eq!(lex.currencies.longest_at(&text, 1).unwrap().1, "USD");
    }

    #[test]
    fn qualifiers_match_backwards() {
        let lex = Lexicon::bundled();
        let text = chars("将近100");
        let (len, approx) = lex.qualifiers_before.longest_ending_at(&text, 2).unwrap();
        assert_eq!((len, *approx), (2, Some(Approx::Nearly)));
    }

    /// The char trie finds what a leftmost-longest Aho–Corasick automaton over the same literal
    /// traps finds, on real text and on text dense with trap prefixes.
    #[test]
    fn literal_traps_match_as_leftmost_longest_aho_corasick() {
        use aho_corasick::{AhoCorasick, MatchKind};
        let literal: Vec<String> = rows(TRAPS)
            .filter(|row| !row[0].contains('#'))
            .map(|row| row[0].to_string())
            .collect();
        let trie = CharTrie::new(&literal);
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&literal)
            .unwrap();
        let mut texts: Vec<String> = crate::seeds::documents()
            .into_iter()
            .map(|d| d.text)
            .collect();
        texts.push(literal.join(""));
        texts.push(
            literal
                .iter()
                .map(|w| &w[..w.len() - w.chars().last().unwrap().len_utf8()])
                .collect::<Vec<_>>()
                .join("一"),
        );
        for text in &texts {
            let chars: Vec<char> = text.chars().collect();
            let mut ours = Vec::new();
            let mut i = 0;
            while i < chars.len() {
                match trie.longest_at(&chars, i) {
                    Some(len) => {
                        ours.push((i, i + len));
                        i += len;
                    }
                    None => i += 1,
                }
            }
            let char_at = |b: usize| text[..b].chars().count();
            let theirs: Vec<(usize, usize)> = automaton
                .find_iter(text.as_str())
                .map(|m| (char_at(m.start()), char_at(m.end())))
                .collect();
            assert!(!theirs.is_empty());
            assert_eq!(ours, theirs);
        }
    }

    /// The pattern regex is run only near numeral chars: every char its numeral class
    /// matches must be one.
    #[test]
    fn numeral_class_holds_only_numeral_chars() {
        let inside = NUMERAL_CLASS.trim_start_matches('[').trim_end_matches("]+");
        let chars: Vec<char> = inside.replace("0-9", "0123456789").chars().collect();
        assert!(chars.len() > 10);
        assert!(
            chars.iter().all(|&c| numeral::is_numeral_char(c)),
            "{chars:?}"
        );
    }

    /// Patterns found near numerals only are the patterns the regex finds over the whole text.
    #[test]
    fn patterns_near_numerals_are_all_the_patterns() {
        let lex = Lexicon::bundled();
        let re = lex.traps.patterns.as_ref().unwrap();
        let mut text: String = crate::seeds::documents()
            .into_iter()
            .map(|d| d.text)
            .collect();
        text.push_str("（下转第三版）中铁十一局、〔2024〕5号和〔2023〕第12号、工业4.0，见第A版");
        let chars: Vec<char> = text.chars().collect();
        let char_at = |b: usize| text[..b].chars().count();
        let whole: Vec<(usize, usize)> = re
            .find_iter(text.as_bytes())
            .map(|m| (char_at(m.start()), char_at(m.end())))
            .collect();
        assert!(whole.len() >= 5, "{whole:?}");
        assert_eq!(lex.traps.pattern_ranges(&chars), whole);
    }

    /// The scan that finds the literal traps and the numerals the patterns are sought near in one
    /// pass finds what the two find apart, on real text and where traps hold numerals next to
    /// patterns (the numerals inside a trap are passed over by the literal scan).
    #[test]
    fn one_pass_finds_literals_and_patterns_as_two() {
        let lex = Lexicon::bundled();
        let mut text: String = crate::seeds::documents()
            .into_iter()
            .map(|d| d.text)
            .collect();
        text.push_str("一带一路第三号、三心二意〔2024〕5号、一五一十第12号、十一五规划下转第一版");
        for text in [text.as_str(), "第1号", "一带一路", "", "一"] {
            let chars: Vec<char> = text.chars().collect();
            let mut apart = Vec::new();
            let mut i = 0;
            while i < chars.len() {
                match lex.traps.literal.longest_at(&chars, i) {
                    Some(len) => {
                        apart.push((i, i + len));
                        i += len;
                    }
                    None => i += 1,
                }
            }
            apart.extend(lex.traps.pattern_ranges(&chars));
            apart.sort_unstable();
            assert_eq!(lex.traps.find_in(&chars), apart, "{text}");
        }
    }

    #[test]
    fn traps_cover_idioms_and_markers() {
        let lex = Lexicon::bundled();
        let text = "共建一带一路（下转第二版）";
        let ranges = lex.traps.find(text);
        assert!(ranges.contains(&(2, 6)), "{ranges:?}");
        assert!(ranges.iter().any(|&(s, e)| s <= 9 && e >= 10), "{ranges:?}");
    }
}
