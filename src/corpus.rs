//! Loading a corpus: files and folders in a stable order, any encoding a Chinese newsroom uses.
//!
//! Source files are only ever read. A file that cannot be loaded yields a [`LoadError`] naming it
//! and the reason; the other files still load.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

/// One document of the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The file name (`002_a71703915d167703.txt`), or `-` for standard input.
    pub name: String,
    pub path: Option<PathBuf>,
    /// The decoded text: BOM removed, nothing else changed.
    pub text: String,
    /// The encoding it was read in (`UTF-8`, `GB18030`, `UTF-16LE` …).
    pub encoding: &'static str,
}

/// Why a file did not load.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    pub path: PathBuf,
    pub reason: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for LoadError {}

/// Extensions read when a folder is given.
const TEXT_EXTENSIONS: [&str; 2] = ["txt", "md"];

/// Everything that loaded and everything that did not.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub errors: Vec<LoadError>,
}

/// The files `paths` name: files as given, folders walked recursively for `.txt` and `.md`
/// files in file-name order. Missing paths and unreadable folders become errors.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<LoadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                match entry {
                    Ok(e) if e.file_type().is_file() && has_text_extension(e.path()) => {
                        files.push(e.into_path())
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(LoadError {
                        path: e.path().unwrap_or(path).to_path_buf(),
                        reason: format!("cannot read folder: {e}"),
                    }),
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    (files, errors)
}

fn has_text_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT_EXTENSIONS.iter().any(|t| t.eq_ignore_ascii_case(e)))
}

/// Loads every file `paths` name (see [`collect_files`]).
pub fn load(paths: &[PathBuf]) -> Corpus {
    let (files, mut errors) = collect_files(paths);
    let mut documents = Vec::with_capacity(files.len());
    for file in files {
        match load_file(&file) {
            Ok(doc) => documents.push(doc),
            Err(e) => errors.push(e),
        }
    }
    Corpus { documents, errors }
}

/// Loads one file.
pub fn load_file(path: &Path) -> Result<Document, LoadError> {
    let error = |reason: String| LoadError {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| {
        error(match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ if path.is_dir() => "is a folder".to_string(),
            _ => format!("cannot read: {e}"),
        })
    })?;
    let (text, encoding) = decode(&bytes).map_err(error)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    Ok(Document {
        name,
        path: Some(path.to_path_buf()),
        text,
        encoding,
    })
}

/// Reads standard input as one document named `-`.
pub fn load_stdin() -> Result<Document, LoadError> {
    let mut bytes = Vec::new();
    let error = |reason: String| LoadError {
        path: PathBuf::from("-"),
        reason,
    };
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| error(format!("cannot read standard input: {e}")))?;
    let (text, encoding) = decode(&bytes).map_err(error)?;
    Ok(Document {
        name: "-".into(),
        path: None,
        text,
        encoding,
    })
}

/// Publication dates given for a corpus (`--metadata FILE`): a CSV of file name and ISO 8601
/// date, one document a line. A first line whose date cell is not a date is a header
/// (`file,published`); further columns are ignored, so a corpus's own metadata table can be used
/// as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// File name (or path ending) as written → (date, line).
    dates: BTreeMap<String, (String, u64)>,
}

impl Metadata {
    /// Reads a metadata file; an error names the file and the line.
    pub fn read(path: &Path) -> Result<Self, LoadError> {
        let error = |reason: String| LoadError {
            path: path.to_path_buf(),
            reason,
        };
        let bytes = std::fs::read(path).map_err(|e| error(format!("cannot read: {e}")))?;
        let (text, _) = decode(&bytes).map_err(error)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut dates: BTreeMap<String, (String, u64)> = BTreeMap::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                error(format!("line {line}: not CSV: {e}"))
            })?;
            let line = record.position().map_or(i as u64 + 1, |p| p.line());
            let (file, date) = (record.get(0).unwrap_or(""), record.get(1).unwrap_or(""));
            if file.is_empty() && date.is_empty() {
                continue;
            }
            if let Err(e) = crate::review::edit::parse_iso_date(date) {
                if i == 0 && !date.is_empty() {
                    continue; // a header line
                }
                return Err(error(format!(
                    "line {line}: {}",
                    if date.is_empty() {
                        format!("no publication date for `{file}` (file name, ISO date)")
                    } else {
                        e
                    }
                )));
            }
            if file.is_empty() {
                return Err(error(format!("line {line}: no file name before `{date}`")));
            }
            if let Some((other, at)) = dates.get(file)
                && other != date
            {
                return Err(error(format!(
                    "line {line}: `{file}` is dated {date} here and {other} on line {at}"
                )));
            }
            dates.insert(file.to_string(), (date.to_string(), line));
        }
        Ok(Metadata { dates })
    }

    /// The date given for `doc`: by its file name, or by a path its own path ends with.
    pub fn date_for(&self, doc: &Document) -> Option<&str> {
        self.dates
            .get(&doc.name)
            .or_else(|| {
                let path = doc.path.as_deref()?;
                self.dates
                    .iter()
                    .find(|(key, _)| path.ends_with(Path::new(key.as_str())))
                    .map(|(_, v)| v)
            })
            .map(|(date, _)| date.as_str())
    }

    /// Entries that name no document of `documents` (worth a warning: a typo, a missing file).
    pub fn unmatched<'a>(&'a self, documents: &[Document]) -> Vec<&'a str> {
        self.dates
            .keys()
            .filter(|key| {
                !documents.iter().any(|d| {
                    d.name == **key
                        || d.path
                            .as_deref()
                            .is_some_and(|p| p.ends_with(Path::new(key.as_str())))
                })
            })
            .map(String::as_str)
            .collect()
    }

    pub fn len(&self) -> usize {
        self.dates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }
}

/// Decodes a text file: a BOM decides (UTF-8, UTF-16LE/BE); otherwise valid UTF-8 is UTF-8, and
/// anything else is detected (GB18030/GBK, Big5 …). Binary and undecodable input is an error.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        return encoding
            .decode_without_bom_handling_and_without_replacement(body)
            .map(|text| (text.into_owned(), encoding.name()))
            .ok_or_else(|| format!("not valid {} after its byte-order mark", encoding.name()));
    }
    if looks_binary(bytes) {
        return Err("binary file, not text".to_string());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), encoding_rs::UTF_8.name()));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    // GBK is a subset of GB18030: decode with the superset so every GBK file reads.
    let encoding = if guess == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        guess
    };
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| (text.into_owned(), encoding.name()))
        .ok_or_else(|| {
            format!(
                "cannot decode: not UTF-8, and not valid {} either",
                encoding.name()
            )
        })
}

/// NUL bytes or many control chars mean the file is not text (UTF-16 without a BOM included,
/// which cannot be told apart reliably).
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    sample.contains(&0) || controls * 20 > sample.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_supported_encoding() {
        let text = "中国同中亚国家贸易额948亿美元。\r\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        assert_eq!(decode(&gb).unwrap(), (text.to_string(), "gb18030"));
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom8).unwrap().0, text);
        for (bom, le) in [([0xFF, 0xFE], true), ([0xFE, 0xFF], false)] {
            let mut bytes = bom.to_vec();
            for unit in text.encode_utf16() {
                bytes.extend_from_slice(&if le {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                });
            }
            assert_eq!(
                decode(&bytes).unwrap().0,
                text,
                "UTF-16 little-endian: {le}"
            );
        }
    }

    #[test]
    fn metadata_gives_dates_by_file_name_and_names_the_line_of_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meta.csv");
        std::fs::write(
            &path,
            "file,published,title\na.txt,2016-10-19,统计公报\nsub/b.txt, 2019-01 \n",
        )
        .unwrap();
        let meta = Metadata::read(&path).unwrap();
        let doc = |name: &str, path: &str| Document {
            name: name.into(),
            path: Some(PathBuf::from(path)),
            text: String::new(),
            encoding: "UTF-8",
        };
        assert_eq!(meta.date_for(&doc("a.txt", "/x/a.txt")), Some("2016-10-19"));
        assert_eq!(
            meta.date_for(&doc("b.txt", "/x/sub/b.txt")),
            Some("2019-01")
        );
        assert_eq!(meta.date_for(&doc("b.txt", "/x/other/b.txt")), None);
        assert_eq!(meta.unmatched(&[doc("a.txt", "/x/a.txt")]), ["sub/b.txt"]);

        std::fs::write(&path, "a.txt,2016-10-19\nb.txt,2016/10/19\n").unwrap();
        let err = Metadata::read(&path).unwrap_err().to_string();
        assert!(err.contains("meta.csv") && err.contains("line 2"), "{err}");
        std::fs::write(&path, "a.txt,2016-10-19\na.txt,2016-10-20\n").unwrap();
        let err = Metadata::read(&path).unwrap_err().to_string();
        assert!(err.contains("line 2") && err.contains("line 1"), "{err}");
    }

    #[test]
    fn binary_is_refused() {
        let err = decode(&[0x89, b'P', b'N', b'G', 0, 0, 0, 13]).unwrap_err();
        assert!(err.contains("binary"), "{err}");
    }
}
