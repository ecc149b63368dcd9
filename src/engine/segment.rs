//! jieba's segmentation with part-of-speech tags, as its `Jieba::tag(text, false)` gives them
//! (the dictionary's most probable route, no HMM for unknown words), over tables that build.rs
//! compiles from jieba's own dictionary (`assets/jieba_dict.txt`).
//!
//! The tables are read in place from the binary, so nothing is parsed or built at start-up:
//! loading jieba's dictionary took most of a short run. The tests compare this segmenter with
//! jieba itself, word for word and tag for tag.

mod tables {
    include!(concat!(env!("OUT_DIR"), "/segment_tables.rs"));
}

/// A word of the text and its part-of-speech tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag<'t> {
    pub word: &'t str,
    pub tag: &'static str,
}

/// A node of the dictionary trie; the root, 0, is no word, so 0 also stands for "no word".
type Node = u32;
const NO_WORD: Node = 0;

/// The `i`-th little-endian `u32` of a table (0 past its end, which the tables never reach).
#[inline(always)]
fn u32_at(table: &[u8], i: usize) -> u32 {
    match table.get(i * 4..i * 4 + 4) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
        _ => 0,
    }
}

/// Bytes per node in `tables::NODES`: first child, end of children, log probability (see
/// build.rs).
const NODE_BYTES: usize = 16;

/// The children of `node`: consecutive nodes, sorted by char.
#[inline(always)]
fn children(node: Node) -> (usize, usize) {
    let at = node as usize * (NODE_BYTES / 4);
    (
        u32_at(tables::NODES, at) as usize,
        u32_at(tables::NODES, at + 1) as usize,
    )
}

/// The log probability of the word ending at `node`, `ln(freq) - ln(total)`, precomputed by
/// build.rs (0.0: no word ends there; a word's is below 0.0).
#[inline(always)]
fn log_prob(node: Node) -> f64 {
    let at = node as usize * (NODE_BYTES / 4) + 2;
    let low = u64::from(u32_at(tables::NODES, at));
    let high = u64::from(u32_at(tables::NODES, at + 1));
    f64::from_bits(high << 32 | low)
}

/// Whether a word of the dictionary ends at `node`.
#[inline(always)]
fn is_word(node: Node) -> bool {
    log_prob(node) != 0.0
}

/// The child of `node` on `c`. The search has no early exit and halves the range with a
/// conditional move, not a branch: a node under the root has hundreds of children, and a
/// branch per halving mispredicted about half the time.
#[inline]
fn child(node: Node, c: char) -> Option<Node> {
    if node == 0 && (c as usize) < 0x10000 {
        let n = u32_at(tables::ROOT_BMP, c as usize);
        return (n != 0).then_some(n);
    }
    let (lo, hi) = children(node);
    let target = c as u32;
    let (mut base, mut len) = (lo, hi.saturating_sub(lo));
    if len == 0 {
        return None;
    }
    while len > 1 {
        let half = len / 2;
        if u32_at(tables::NODE_CHAR, base + half) <= target {
            base += half;
        }
        len -= half;
    }
    (u32_at(tables::NODE_CHAR, base) == target).then_some(base as Node)
}

fn tag_name(index: u8) -> &'static str {
    tables::TAGS.get(index as usize).copied().unwrap_or("x")
}

fn word_tag(node: Node) -> &'static str {
    tag_name(tables::NODE_TAG.get(node as usize).copied().unwrap_or(0))
}

/// The dictionary word that `word` is, if it is one.
fn lookup(word: &str) -> Option<Node> {
    let mut node = 0;
    for c in word.chars() {
        node = child(node, c)?;
    }
    (node != 0 && is_word(node)).then_some(node)
}

/// jieba's `is_cjk`: the CJK Unified Ideographs blocks.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2B73F}'
        | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}'
        | '\u{2CEB0}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}')
}

/// jieba's block class (`RE_HAN_DEFAULT`): CJK, ASCII alphanumerics and `+#&._%-`.
fn is_han_default(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
    } else {
        is_cjk(c)
    }
}

/// jieba's tag for a word its dictionary lacks: `m` for ASCII digits, `eng` for other ASCII
/// alphanumerics, its part-of-speech HMM's guess for a CJK char (precomputed per char), else `x`.
/// Without the HMM, jieba's route yields no unknown CJK word longer than one char.
fn guess_tag(word: &str) -> &'static str {
    let (mut alnum, mut digits) = (0, 0);
    for c in word.chars() {
        if c.is_ascii_alphanumeric() {
            alnum += 1;
            digits += usize::from(c.is_ascii_digit());
        }
    }
    if alnum > 0 {
        return if alnum == digits { "m" } else { "eng" };
    }
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if is_cjk(c) => oov_guess(c),
        _ => "x",
    }
}

fn oov_guess(c: char) -> &'static str {
    let (mut lo, mut hi) = (0, tables::OOV_TAGS.len());
    let target = c as u32;
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match u32_at(tables::OOV_CHARS, mid).cmp(&target) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return tag_name(tables::OOV_TAGS[mid]),
        }
    }
    "x"
}

/// One step of the best route through a block: the log probability of the rest of the block
/// from here, where the chosen word ends, and the word (`NO_WORD` for a char the dictionary
/// lacks).
#[derive(Clone, Copy)]
struct Step {
    prob: f64,
    end: usize,
    word: Node,
}

/// Buffers one segmentation needs, kept per thread: the frame segments a short window per
/// figure, and allocating them for each window cost more than segmenting it.
#[derive(Default)]
struct Scratch {
    chars: Vec<(usize, char)>,
    edges: Vec<(usize, Node)>,
    starts: Vec<usize>,
    route: Vec<Step>,
    steps: StepCache,
}

/// The last steps down the trie below the root, by a hash of (node, char): the child, or
/// `NO_WORD` for none. A step searches a node's children in tables of megabytes, a miss of the
/// processor's caches at nearly every halving, while the words of a text recur (`增长`, `同比`,
/// `国内`…), so most steps are answered here from a few kilobytes.
#[derive(Default)]
struct StepCache {
    /// `[node, char, child]`; a node of `u32::MAX` marks an empty slot (no node is numbered so).
    slots: Vec<[u32; 3]>,
}

/// Slots in a [`StepCache`]: 12 bytes each, 48 KB in all.
const STEP_SLOTS: usize = 4096;

impl StepCache {
    /// [`child`], remembered.
    #[inline]
    fn child(&mut self, node: Node, c: char) -> Option<Node> {
        if node == 0 {
            // The root's children are one direct lookup already.
            return child(node, c);
        }
        if self.slots.is_empty() {
            self.slots = vec![[u32::MAX, 0, 0]; STEP_SLOTS];
        }
        let key = (u64::from(node) << 21 | u64::from(c as u32)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = (key >> 52) as usize % STEP_SLOTS;
        let entry = &mut self.slots[slot];
        if entry[0] == node && entry[1] == c as u32 {
            return (entry[2] != NO_WORD).then_some(entry[2]);
        }
        let found = child(node, c);
        *entry = [node, c as u32, found.unwrap_or(NO_WORD)];
        found
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Words and tags of `text`, exactly as jieba's `tag(text, false)` gives them.
pub fn tag(text: &str) -> Vec<Tag<'_>> {
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => tag_with(text, &mut scratch),
        // Not reentrant in practice; a fresh scratch keeps it correct if it ever is.
        Err(_) => tag_with(text, &mut Scratch::default()),
    })
}

/// Whether jieba keeps `text` as one word: `tag(text).len() == 1`, answered without segmenting
/// when it cannot be. One word is one char, a dictionary word, a run of ASCII alphanumerics
/// (which the route joins) or `\r\n`; anything else is cut in two at least.
pub fn is_one_word(text: &str) -> bool {
    let mut chars = text.chars();
    let one_char = chars.next().is_some() && chars.next().is_none();
    let may_be = one_char
        || lookup(text).is_some()
        || text.bytes().all(|b| b.is_ascii_alphanumeric())
        || text == "\r\n";
    may_be && tag(text).len() == 1
}

fn tag_with<'t>(text: &'t str, scratch: &mut Scratch) -> Vec<Tag<'t>> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(text.len() / 3 + 1);
    let Scratch {
        chars,
        edges,
        starts,
        route,
        steps,
    } = scratch;
    let mut iter = text.char_indices().peekable();
    while let Some(&(_, first)) = iter.peek() {
        let han = is_han_default(first);
        chars.clear();
        while let Some(&(b, c)) = iter.peek() {
            if is_han_default(c) != han {
                break;
            }
            chars.push((b, c));
            iter.next();
        }
        let block_end = iter.peek().map_or(text.len(), |&(b, _)| b);
        if han {
            let buffers = Buffers {
                edges,
                starts,
                route,
                steps,
            };
            cut_block(text, chars, block_end, buffers, &mut out);
        } else {
            let mut i = 0;
            while let Some(&(b, c)) = chars.get(i) {
                // jieba keeps `\r\n` together.
                let len = if c == '\r' && matches!(chars.get(i + 1), Some((_, '\n'))) {
                    2
                } else {
                    1
                };
                let end = chars.get(i + len).map_or(block_end, |&(e, _)| e);
                let word = &text[b..end];
                let tag = lookup(word).map_or_else(|| guess_tag(word), word_tag);
                out.push(Tag { word, tag });
                i += len;
            }
        }
    }
    out
}

/// The scratch buffers [`cut_block`] works in.
struct Buffers<'s> {
    edges: &'s mut Vec<(usize, Node)>,
    starts: &'s mut Vec<usize>,
    route: &'s mut Vec<Step>,
    steps: &'s mut StepCache,
}

/// Segments one block of han-class chars (`chars`: byte offset in `text` and char) along the
/// most probable route of dictionary words, as jieba's `cut_route` without the HMM does.
fn cut_block<'t>(
    text: &'t str,
    chars: &[(usize, char)],
    block_end: usize,
    buffers: Buffers<'_>,
    out: &mut Vec<Tag<'t>>,
) {
    let Buffers {
        edges,
        starts,
        route,
        steps,
    } = buffers;
    let n = chars.len();
    // The DAG: every dictionary word starting at each char, shortest first.
    edges.clear();
    starts.clear();
    for pos in 0..n {
        starts.push(edges.len());
        let mut node = 0;
        let mut next = pos;
        while next < n {
            let Some(c) = steps.child(node, chars[next].1) else {
                break;
            };
            node = c;
            next += 1;
            if is_word(node) {
                edges.push((next, node));
            }
        }
    }
    starts.push(edges.len());

    // The route, from the end: the same sums in the same order as jieba's `calc`, so ties fall
    // the same way.
    let log_total = f64::from_bits(tables::LOG_TOTAL_BITS);
    let log1 = 0.0f64 - log_total;
    route.clear();
    route.resize(
        n + 1,
        Step {
            prob: 0.0,
            end: n,
            word: NO_WORD,
        },
    );
    for idx in (0..n).rev() {
        let mut best: Option<Step> = None;
        for &(end, word) in &edges[starts[idx]..starts[idx + 1]] {
            // `ln(freq) - ln(total)` taken at build time, then the sum as jieba's `calc`.
            let prob = log_prob(word) + route[end].prob;
            if best.is_none_or(|b| prob > b.prob || (prob == b.prob && end > b.end)) {
                best = Some(Step { prob, end, word });
            }
        }
        route[idx] = best.unwrap_or(Step {
            prob: log1 + route[idx + 1].prob,
            end: idx + 1,
            word: NO_WORD,
        });
    }

    let byte = |i: usize| chars.get(i).map_or(block_end, |&(b, _)| b);
    let mut emit = |x: usize, y: usize, word: Node| {
        let surface = &text[byte(x)..byte(y)];
        let word = if word != NO_WORD {
            Some(word)
        } else {
            edges[starts[x]..starts[x + 1]]
                .iter()
                .find(|&&(end, _)| end == y)
                .map(|&(_, w)| w)
        };
        let tag = word.map_or_else(|| guess_tag(surface), word_tag);
        out.push(Tag { word: surface, tag });
    };
    // Single ASCII alphanumerics the route leaves alone are joined into one word.
    let mut x = 0;
    let mut run: Option<usize> = None;
    while x < n {
        let Step { end: y, word, .. } = route[x];
        if y - x == 1 && chars[x].1.is_ascii_alphanumeric() {
            run.get_or_insert(x);
        } else {
            if let Some(start) = run.take() {
                let id = if x - start == 1 {
                    route[start].word
                } else {
                    NO_WORD
                };
                emit(start, x, id);
            }
            emit(x, y, word);
        }
        x = y;
    }
    if let Some(start) = run {
        let id = if n - start == 1 {
            route[start].word
        } else {
            NO_WORD
        };
        emit(start, n, id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Windows of the bundled seeds and the frame texts, every clause, and each line whole,
    /// segmented by this module and by jieba: the same words with the same tags.
    #[test]
    fn agrees_with_jieba_on_real_text() {
        let jieba = jieba_rs::Jieba::new();
        let mut texts: Vec<String> = crate::seeds::documents()
            .into_iter()
            .map(|d| d.text)
            .collect();
        let frames = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/frames/texts");
        for entry in std::fs::read_dir(frames).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
        let mut pieces = 0;
        let mut windows: Vec<String> = Vec::new();
        for text in &texts {
            // Windows cut anywhere, as the frame cuts them around figures.
            let chars: Vec<char> = text.chars().collect();
            for start in (0..chars.len()).step_by(5) {
                windows.push(chars[start..(start + 16).min(chars.len())].iter().collect());
            }
        }
        for window in &windows {
            let ours: Vec<(&str, &str)> = tag(window).iter().map(|t| (t.word, t.tag)).collect();
            let theirs: Vec<(&str, &str)> = jieba
                .tag(window, false)
                .iter()
                .map(|t| (t.word, t.tag))
                .collect();
            assert_eq!(ours, theirs, "{window}");
        }
        for text in &texts {
            for line in text.lines() {
                let clauses = line.split(['，', '。', '；', '：', '、']);
                for piece in std::iter::once(line).chain(clauses) {
                    let ours: Vec<(&str, &str)> =
                        tag(piece).iter().map(|t| (t.word, t.tag)).collect();
                    let theirs: Vec<(&str, &str)> = jieba
                        .tag(piece, false)
                        .iter()
                        .map(|t| (t.word, t.tag))
                        .collect();
                    assert_eq!(ours, theirs, "{piece}");
                    pieces += 1;
                }
            }
        }
        assert!(pieces > 1000, "{pieces}");
    }

    /// The quick answer of `is_one_word` is segmenting and counting, on windows of real text
    /// (every dictionary word among them) and odd forms.
    #[test]
    fn one_word_is_what_segmenting_gives() {
        let mut texts: Vec<String> = crate::seeds::documents()
            .into_iter()
            .map(|d| d.text)
            .collect();
        texts.truncate(40);
        let mut checked = 0;
        for text in &texts {
            let chars: Vec<char> = text.chars().collect();
            for start in (0..chars.len()).step_by(3) {
                for len in 0..=6.min(chars.len() - start) {
                    let window: String = chars[start..start + len].iter().collect();
                    assert_eq!(is_one_word(&window), tag(&window).len() == 1, "{window:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
        for text in [
            "",
            "\r\n",
            "\r",
            "4S",
            "GDP",
            "C++",
            "C#",
            "a b",
            "增长",
            "增长率",
            "。",
            "——",
            "𠀀",
            "１２",
            "iPhone15",
            "3.7%",
            "x增",
        ] {
            assert_eq!(is_one_word(text), tag(text).len() == 1, "{text:?}");
        }
    }

    /// A remembered step is the step: every pair of a node and a char met in real text, asked
    /// twice (the second time from the cache, or after its slot was taken by another).
    #[test]
    fn remembered_steps_are_the_steps() {
        let mut cache = StepCache::default();
        let text: String = crate::seeds::documents()
            .into_iter()
            .take(20)
            .map(|d| d.text)
            .collect();
        let chars: Vec<char> = text.chars().collect();
        let mut asked = 0;
        for round in 0..2 {
            for start in 0..chars.len() {
                let mut node = 0;
                for &c in &chars[start..(start + 6).min(chars.len())] {
                    let found = cache.child(node, c);
                    assert_eq!(found, child(node, c), "{round} {start} {c}");
                    asked += 1;
                    match found {
                        Some(n) => node = n,
                        None => break,
                    }
                }
            }
        }
        assert!(asked > 10_000, "{asked}");
    }

    /// The logarithms build.rs took are the ones this machine takes at run time, as jieba does.
    #[test]
    fn build_time_logarithms_are_run_time_ones() {
        let log_total = (tables::TOTAL as f64).ln();
        assert_eq!(log_total.to_bits(), tables::LOG_TOTAL_BITS);
        let dict = include_str!("../../assets/jieba_dict.txt");
        // A repeated word keeps its last entry, as in build.rs.
        let mut freqs = std::collections::HashMap::new();
        for line in dict.lines().filter(|l| !l.starts_with("# ")) {
            let mut fields = line.split_ascii_whitespace();
            if let (Some(word), Some(freq)) = (fields.next(), fields.next()) {
                freqs.insert(word, freq.parse::<u32>().unwrap());
            }
        }
        assert!(freqs.len() > 300_000, "{}", freqs.len());
        for (word, freq) in freqs {
            let node = lookup(word).unwrap_or_else(|| panic!("{word}"));
            let expected = (freq as f64).ln() - log_total;
            assert_eq!(log_prob(node).to_bits(), expected.to_bits(), "{word}");
        }
        assert_eq!(lookup("增长增长增长"), None);
    }

    /// Forms real text rarely holds: mixed scripts, ASCII runs, `\r\n`, rare and extension
    /// ideographs jieba's dictionary lacks, symbols of the han class.
    #[test]
    fn agrees_with_jieba_on_odd_text() {
        let jieba = jieba_rs::Jieba::new();
        for text in [
            "",
            "GDP增长5.2%，CPI上涨0.3%",
            "4S店和iPhone15在C++、C#里",
            "行1\r\n行2\r\r\n",
            "㐀㐁䶵𠀀𠀁丂丌鿿豈",
            "龘靐齉齾爩鱻麤龗灪",
            "a-b_c.d&e#f+g%h",
            "１２３ＡＢＣ　全角",
            "😀表情🎉和符号★☆",
            "中华人民共和国国务院总理李强在北京人民大会堂",
            "长江大桥南京市长江大桥",
            "研究生命起源结婚的和尚未结婚的",
        ] {
            let ours: Vec<(&str, &str)> = tag(text).iter().map(|t| (t.word, t.tag)).collect();
            let theirs: Vec<(&str, &str)> = jieba
                .tag(text, false)
                .iter()
                .map(|t| (t.word, t.tag))
                .collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }
}
