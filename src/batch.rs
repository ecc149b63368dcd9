//! Mentions that came back from a batch run (JSONL shards written by `factdesk extract --format
//! jsonl` or the Python package), checked against the corpus they were extracted from and
//! selected for review: `factdesk new PROJECT --from-jsonl SHARD... --corpus ROOT`.
//!
//! The check: every mention's `surface` must be the document's chars `[start, end)`, and a record
//! that carries a `sha256` field (not part of FACTS.md; a batch job may add it) must hash the
//! decoded text as the project does. A corpus changed since the batch ran fails the first check
//! at the first figure that moved.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::io::BufRead;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::corpus::{self, Document, LoadOptions, LoadWarning};
use crate::fact::{Kind, Mention};

/// Which of the batch's mentions go into the project. Filters apply first, then the sample.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Only these kinds (all when empty).
    pub kinds: Vec<Kind>,
    /// Only mentions whose subject contains this text.
    pub subject: Option<String>,
    /// At most this many mentions, chosen by [`sample_rank`] with `seed`.
    pub sample: Option<usize>,
    pub seed: u64,
}

impl Selection {
    pub fn is_everything(&self) -> bool {
        self.kinds.is_empty() && self.subject.is_none() && self.sample.is_none()
    }

    fn admits(&self, m: &Mention) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&m.kind))
            && self
                .subject
                .as_deref()
                .is_none_or(|s| m.subject.contains(s))
    }
}

impl fmt::Display for Selection {
    /// The selection as the options that make it (recorded in the project).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        for k in &self.kinds {
            parts.push(format!("--kind {k}"));
        }
        if let Some(s) = &self.subject {
            parts.push(format!("--subject {s:?}"));
        }
        if let Some(n) = self.sample {
            parts.push(format!("--sample {n} --seed {}", self.seed));
        }
        if parts.is_empty() {
            f.write_str("every mention")
        } else {
            f.write_str(&parts.join(" "))
        }
    }
}

/// A mention's place in a sample: a hash of the seed and where the mention is, so the same seed
/// picks the same mentions whatever the order or split of the shards, on every platform and
/// Rust version (SHA-256, not the std hasher).
pub fn sample_rank(seed: u64, m: &Mention) -> u64 {
    let mut hash = Sha256::new();
    hash.update(seed.to_le_bytes());
    hash.update(m.doc.as_bytes());
    hash.update([0]);
    hash.update((m.start as u64).to_le_bytes());
    hash.update((m.end as u64).to_le_bytes());
    hash.update(m.kind.as_str().as_bytes());
    let digest = hash.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// The checked batch: the documents, in the order `factdesk new ROOT` would load them, each with
/// the mentions selected of it (documents left with none are dropped).
#[derive(Debug, Default)]
pub struct Batch {
    pub documents: Vec<(Document, Vec<Mention>)>,
    pub warnings: Vec<LoadWarning>,
    /// Mentions read from the shards, and documents they name.
    pub mentions_read: usize,
    pub documents_read: usize,
    pub mentions_kept: usize,
}

/// Where a mention was read.
#[derive(Debug, Clone)]
struct Origin {
    shard: PathBuf,
    line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.shard.display(), self.line)
    }
}

/// Reads, checks and selects. The first problem is the error, naming the shard, the line and the
/// document: nothing of a batch that does not match its corpus is kept.
pub fn read(
    shards: &[PathBuf],
    root: &Path,
    options: &LoadOptions,
    selection: &Selection,
) -> Result<Batch, String> {
    let root_canonical = std::fs::canonicalize(root)
        .map_err(|e| format!("{}: the corpus folder: {e}", root.display()))?;
    if !root_canonical.is_dir() {
        return Err(format!("{}: the corpus is not a folder", root.display()));
    }
    // Document name → (components, mentions with their origins).
    let mut by_doc: BTreeMap<String, Vec<(Origin, Mention, Option<String>)>> = BTreeMap::new();
    let mut seen: HashSet<(String, usize, usize, Kind)> = HashSet::new();
    let mut mentions_read = 0usize;
    // Shards in file-name order (`part-00000`, `part-00001` …), so that a document split across
    // shards keeps the batch's order of its mentions however the shards were listed.
    let mut shards: Vec<&PathBuf> = shards.iter().collect();
    shards.sort();
    shards.dedup();
    for shard in shards {
        let bytes = corpus::read_regular_file(shard, u64::MAX)
            .map_err(|e| format!("{}: {e}", shard.display()))?;
        for (i, line) in bytes.lines().enumerate() {
            let origin = Origin {
                shard: shard.to_path_buf(),
                line: i + 1,
            };
            let line = line.map_err(|e| format!("{origin}: {e}"))?;
            if line.trim().is_empty() {
                continue;
            }
            let (mention, sha256) = parse_line(&line).map_err(|e| format!("{origin}: {e}"))?;
            check_doc_name(&mention.doc)
                .map_err(|e| format!("{origin}: document `{}`: {e}", mention.doc))?;
            if !seen.insert((
                mention.doc.clone(),
                mention.start,
                mention.end,
                mention.kind,
            )) {
                return Err(format!(
                    "{origin}: document `{}`: the mention at [{}, {}) is in the batch twice \
                     (shards given twice, or overlapping runs?)",
                    mention.doc, mention.start, mention.end
                ));
            }
            mentions_read += 1;
            by_doc
                .entry(mention.doc.clone())
                .or_default()
                .push((origin, mention, sha256));
        }
    }
    let documents_read = by_doc.len();
    // The order `factdesk new ROOT` loads them in: the folder walked, file names sorted.
    let mut names: Vec<String> = by_doc.keys().cloned().collect();
    names.sort_by(|a, b| a.split('/').cmp(b.split('/')));

    let mut checked = Vec::with_capacity(names.len());
    let mut warnings = Vec::new();
    for name in names {
        let records = by_doc.remove(&name).unwrap_or_default();
        let first = records[0].0.clone();
        let path = root.join(&name);
        let inside = std::fs::canonicalize(&path)
            .map_err(|e| format!("{first}: document `{name}`: {}: {e}", path.display()))?;
        if !inside.starts_with(&root_canonical) {
            return Err(format!(
                "{first}: document `{name}`: {} leads outside the corpus {}",
                path.display(),
                root.display()
            ));
        }
        let input = corpus::Input {
            path: path.clone(),
            name: name.clone(),
        };
        let loaded = corpus::load_input(&input, options)
            .map_err(|e| format!("{first}: document `{name}`: {e}"))?;
        warnings.extend(loaded.warnings);
        let document = loaded.document;
        let chars: Vec<char> = document.text.chars().collect();
        let text_hash = records
            .iter()
            .any(|r| r.2.is_some())
            .then(|| crate::review::project::sha256_hex(&document.text));
        let mut mentions = Vec::with_capacity(records.len());
        for (origin, mention, sha256) in records {
            if let (Some(given), Some(actual)) = (&sha256, &text_hash)
                && !given.eq_ignore_ascii_case(actual)
            {
                return Err(format!(
                    "{origin}: document `{name}`: its text hash is {actual}, the batch's is \
                     {given}: {} changed since the batch ran",
                    path.display()
                ));
            }
            check_surface(&chars, &mention).map_err(|e| {
                format!(
                    "{origin}: document `{name}`: {e}: {} is not the text the batch ran on",
                    path.display()
                )
            })?;
            mentions.push(mention);
        }
        checked.push((document, mentions));
    }

    let mut kept: Vec<(usize, usize)> = Vec::new();
    for (d, (_, mentions)) in checked.iter().enumerate() {
        kept.extend(
            (0..mentions.len())
                .filter(|&m| selection.admits(&mentions[m]))
                .map(|m| (d, m)),
        );
    }
    if let Some(n) = selection.sample {
        kept.sort_by_key(|&(d, m)| (sample_rank(selection.seed, &checked[d].1[m]), d, m));
        kept.truncate(n);
        kept.sort_unstable();
    }
    let mentions_kept = kept.len();
    let mut keep: Vec<Vec<bool>> = checked
        .iter()
        .map(|(_, ms)| vec![false; ms.len()])
        .collect();
    for (d, m) in kept {
        keep[d][m] = true;
    }
    let documents = checked
        .into_iter()
        .zip(keep)
        .filter_map(|((doc, mentions), keep)| {
            let mentions: Vec<Mention> = mentions
                .into_iter()
                .zip(keep)
                .filter_map(|(m, k)| k.then_some(m))
                .collect();
            (!mentions.is_empty()).then_some((doc, mentions))
        })
        .collect();
    Ok(Batch {
        documents,
        warnings,
        mentions_read,
        documents_read,
        mentions_kept,
    })
}

/// One JSONL record: a FACTS.md mention, with an optional `sha256` of the document's text.
fn parse_line(line: &str) -> Result<(Mention, Option<String>), String> {
    let mut record: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(line).map_err(|e| format!("not a mention record: {e}"))?;
    let sha256 = match record.remove("sha256") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s),
        Some(other) => return Err(format!("`sha256` is not a string: {other}")),
    };
    let mention: Mention = serde_json::from_value(serde_json::Value::Object(record))
        .map_err(|e| format!("not a mention record: {e}"))?;
    Ok((mention, sha256))
}

/// A document name must be a relative path below the corpus, `/`-separated, as the command line
/// names the files of a folder: no `..`, no `.`, no root, no empty part.
fn check_doc_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("an empty document name".into());
    }
    if name == "-" {
        return Err(
            "read from standard input: there is no file of the corpus to check it against".into(),
        );
    }
    for part in name.split('/') {
        let mut components = Path::new(part).components();
        let normal = matches!(
            (components.next(), components.next()),
            (Some(Component::Normal(_)), None)
        );
        if part.is_empty() || part == "." || !normal || part.contains('\\') {
            return Err(
                "not a path below the corpus folder (`..`, `.`, absolute or empty parts are refused)"
                    .into(),
            );
        }
    }
    Ok(())
}

/// `surface` must be exactly the text's chars `[start, end)`.
fn check_surface(chars: &[char], m: &Mention) -> Result<(), String> {
    let found: Option<String> =
        (m.start < m.end && m.end <= chars.len()).then(|| chars[m.start..m.end].iter().collect());
    match found {
        Some(found) if found == m.surface => Ok(()),
        Some(found) => Err(format!(
            "the mention `{}` at [{}, {}) reads `{found}` in the text",
            m.surface, m.start, m.end
        )),
        None => Err(format!(
            "the mention `{}` at [{}, {}) lies outside the text ({} chars)",
            m.surface,
            m.start,
            m.end,
            chars.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_names_that_leave_the_corpus_are_refused() {
        for bad in [
            "../a.txt",
            "/etc/passwd",
            "a/../../b.txt",
            "./a.txt",
            "a//b.txt",
            "",
            "-",
        ] {
            assert!(check_doc_name(bad).is_err(), "{bad:?} accepted");
        }
        for good in ["a.txt", "2024/06/a.txt", "a..b.txt"] {
            assert!(check_doc_name(good).is_ok(), "{good:?} refused");
        }
    }
}
