//! Embeds the bundled corpus (`seeds/`) so `factdesk` runs on it from any folder, and compiles
//! jieba's dictionary (`assets/jieba_dict.txt`) into the tables `src/engine/segment.rs` reads in
//! place, so no dictionary is parsed at start-up.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read at run time: a build script compiled for a clone elsewhere may be reused from a
    // shared target folder, and `env!` would bake in that other clone's path.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let seeds = Path::new(&manifest_dir).join("seeds");
    println!("cargo:rerun-if-changed={}", seeds.display());
    let mut names: Vec<String> = std::fs::read_dir(&seeds)
        .expect("seeds/ exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt") || n.ends_with(".md"))
        .collect();
    names.sort();
    let mut code = String::from(
        "/// The bundled corpus: (file name, bytes), in file-name order.\npub const SEEDS: &[(&str, &[u8])] = &[\n",
    );
    for name in &names {
        let path = seeds.join(name);
        writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").unwrap();
    let out = Path::new(&out_dir).join("seeds.rs");
    std::fs::write(out, code).unwrap();
    segmentation_tables(Path::new(&manifest_dir), Path::new(&out_dir));
}

/// jieba's dictionary as a trie in breadth-first order, children sorted by char, so that the
/// children of a node are consecutive nodes and a node needs no child list of its own:
/// `node_char.bin` (u32 per node, searched for a child) and `nodes.bin`, 16 bytes per node:
/// its children (first and end, u32 each) and the log probability of the word ending there
/// (f64, `ln(freq) - ln(total)` as jieba's route sums it; 0.0 when no word ends there), so
/// that a step down the trie reads the chars it searches and then one record, and no
/// logarithm is taken at run time; `node_tag.bin` (u8 per node),
/// `root_bmp.bin` (u32 per Basic Multilingual Plane char: its node under the root, 0 if none);
/// and the tag jieba guesses for each CJK char that is not a word of the dictionary
/// (`oov_chars.bin`, u32 sorted, `oov_tags.bin`, u8), asked of jieba itself with no dictionary.
/// All little-endian; `segment_tables.rs` names them with the word total and the tag names.
fn segmentation_tables(manifest_dir: &Path, out_dir: &Path) {
    let dict_path = manifest_dir.join("assets").join("jieba_dict.txt");
    println!("cargo:rerun-if-changed={}", dict_path.display());
    let dict = std::fs::read_to_string(&dict_path).expect("assets/jieba_dict.txt is readable");

    let mut tags: Vec<String> = Vec::new();
    let tag_id = |tag: &str, tags: &mut Vec<String>| -> u8 {
        let at = tags.iter().position(|t| t == tag).unwrap_or_else(|| {
            tags.push(tag.to_string());
            tags.len() - 1
        });
        u8::try_from(at).expect("fewer than 256 tags")
    };
    // A trie of maps first; words in file order, so a repeated word keeps its last entry, as
    // jieba's own loader does (every entry still counts in the total).
    let mut children: Vec<std::collections::BTreeMap<char, usize>> = vec![Default::default()];
    let mut word: Vec<(u32, u8)> = vec![(0, 0)];
    let mut total: u64 = 0;
    for line in dict.lines().filter(|l| !l.starts_with("# ")) {
        let mut fields = line.split_ascii_whitespace();
        let Some(w) = fields.next() else { continue };
        let freq: u32 = fields.next().map_or(0, |f| {
            f.parse().expect("a frequency in assets/jieba_dict.txt")
        });
        assert!(freq > 0, "assets/jieba_dict.txt: {w} has no frequency");
        let tag = tag_id(fields.next().unwrap_or(""), &mut tags);
        total += u64::from(freq);
        let mut node = 0;
        for c in w.chars() {
            node = match children[node].get(&c) {
                Some(&n) => n,
                None => {
                    children.push(Default::default());
                    word.push((0, 0));
                    let n = children.len() - 1;
                    children[node].insert(c, n);
                    n
                }
            };
        }
        word[node] = (freq, tag);
    }
    // Breadth-first renumbering.
    let mut order = vec![0usize];
    let mut node_char = vec![0u32];
    let mut first_child = Vec::with_capacity(children.len() + 1);
    let mut at = 0;
    while at < order.len() {
        first_child.push(u32::try_from(order.len()).unwrap());
        for (&c, &n) in &children[order[at]] {
            order.push(n);
            node_char.push(c as u32);
        }
        at += 1;
    }
    first_child.push(u32::try_from(order.len()).unwrap());
    let mut root_bmp = vec![0u32; 0x10000];
    for node in first_child[0]..first_child[1] {
        if let Some(slot) = root_bmp.get_mut(node_char[node as usize] as usize) {
            *slot = node;
        }
    }
    let le32 =
        |values: &[u32]| -> Vec<u8> { values.iter().flat_map(|v| v.to_le_bytes()).collect() };
    let write = |name: &str, bytes: &[u8]| std::fs::write(out_dir.join(name), bytes).unwrap();
    // The same operations on the same values as the route's sums at run time took: the same
    // bits. Every word is rarer than the whole, so a word's log probability is below 0.0.
    let log_total = (total as f64).ln();
    let mut nodes = Vec::with_capacity(order.len() * 16);
    for (at, &o) in order.iter().enumerate() {
        let freq = word[o].0;
        let log_prob = if freq > 0 {
            (freq as f64).ln() - log_total
        } else {
            0.0
        };
        assert!(
            freq == 0 || log_prob < 0.0,
            "a word as frequent as all words together"
        );
        nodes.extend(first_child[at].to_le_bytes());
        nodes.extend(first_child[at + 1].to_le_bytes());
        nodes.extend(log_prob.to_bits().to_le_bytes());
    }
    write("node_char.bin", &le32(&node_char));
    write("nodes.bin", &nodes);
    write(
        "node_tag.bin",
        &order.iter().map(|&o| word[o].1).collect::<Vec<_>>(),
    );
    write("root_bmp.bin", &le32(&root_bmp));

    // What jieba tags a CJK char it does not know: its part-of-speech HMM's guess, which depends
    // on the char alone.
    let untrained = jieba_rs::Jieba::empty();
    let single_words: std::collections::HashSet<char> = children[0]
        .iter()
        .filter(|&(_, &n)| word[n].0 > 0)
        .map(|(&c, _)| c)
        .collect();
    let mut unknown: Vec<char> = CJK_RANGES
        .iter()
        .flat_map(|range| range.clone().filter_map(char::from_u32))
        .filter(|c| !single_words.contains(c))
        .collect();
    unknown.sort_unstable();
    let mut oov_chars = Vec::new();
    let mut oov_tags = Vec::new();
    let mut buf = [0u8; 4];
    for c in unknown {
        let tagged = untrained.tag(c.encode_utf8(&mut buf), false);
        assert_eq!(tagged.len(), 1, "jieba keeps {c} as one word");
        oov_chars.push(c as u32);
        oov_tags.push(tag_id(tagged[0].tag, &mut tags));
    }
    write("oov_chars.bin", &le32(&oov_chars));
    write("oov_tags.bin", &oov_tags);

    let mut code = String::new();
    writeln!(code, "/// The sum of all frequencies in the dictionary.").unwrap();
    writeln!(code, "#[cfg_attr(not(test), allow(dead_code))]").unwrap();
    writeln!(code, "pub const TOTAL: u64 = {total};").unwrap();
    writeln!(code, "/// `ln(TOTAL)`, as its bits.").unwrap();
    writeln!(
        code,
        "pub const LOG_TOTAL_BITS: u64 = {:#x};",
        log_total.to_bits()
    )
    .unwrap();
    writeln!(
        code,
        "/// Tag names, indexed by the tag bytes of the tables."
    )
    .unwrap();
    writeln!(code, "pub const TAGS: &[&str] = &{tags:?};").unwrap();
    for name in [
        "node_char",
        "nodes",
        "node_tag",
        "root_bmp",
        "oov_chars",
        "oov_tags",
    ] {
        writeln!(
            code,
            "pub static {}: &[u8] = include_bytes!({:?});",
            name.to_uppercase(),
            out_dir.join(format!("{name}.bin")).display().to_string()
        )
        .unwrap();
    }
    std::fs::write(out_dir.join("segment_tables.rs"), code).unwrap();
}

/// The CJK Unified Ideographs blocks jieba treats as Chinese (its `is_cjk`).
const CJK_RANGES: [std::ops::RangeInclusive<u32>; 9] = [
    0x4E00..=0x9FFF,
    0x3400..=0x4DBF,
    0xF900..=0xFAFF,
    0x20000..=0x2A6DF,
    0x2A700..=0x2B73F,
    0x2B740..=0x2B81F,
    0x2B820..=0x2CEAF,
    0x2CEB0..=0x2EBEF,
    0x2F800..=0x2FA1F,
];
