//! Loading a corpus: files and folders in a stable order, any encoding a Chinese newsroom uses.
//!
//! Source files are only ever read. A file that cannot be loaded yields a [`LoadError`] naming it
//! and the reason; the other files still load.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

/// One document of the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The name mentions carry as `doc`: the file name (`002_a71703915d167703.txt`) for a file
    /// given by itself, the path below the folder it was found in (`2024/a.txt`, `/` on every OS)
    /// for a file of a folder, `-` for standard input (see [`collect_inputs`]).
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

/// Something the user must hear about a file that did load (bad bytes replaced).
#[derive(Debug, Clone, PartialEq)]
pub struct LoadWarning {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// A document and what the user must be told about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub document: Document,
    pub warnings: Vec<LoadWarning>,
}

/// Extensions read when a folder is given.
const TEXT_EXTENSIONS: [&str; 2] = ["txt", "md"];

/// Files larger than this are refused unless the limit is raised (`--max-file-size`): a news
/// corpus file is kilobytes, and a runaway input (a log, `/dev/zero` behind a link) must not
/// exhaust memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 << 20;

/// How files are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Larger files (and standard input) are refused, naming their size and the limit.
    pub max_file_size: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// Everything that loaded and everything that did not.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub errors: Vec<LoadError>,
    /// Documents that loaded with something to say (bad bytes replaced).
    pub warnings: Vec<LoadWarning>,
}

/// A file to load and the name its document gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub name: String,
}

/// The files `paths` name: files as given, folders walked recursively for `.txt` and `.md`
/// files in file-name order. Missing paths and unreadable folders become errors.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<LoadError>) {
    let (inputs, errors) = collect_inputs(paths);
    (inputs.into_iter().map(|i| i.path).collect(), errors)
}

/// The files `paths` name (as [`collect_files`]), each with its document's name, so that two
/// `a.txt` of different folders never share a name:
/// - a file given by itself: its file name (`a.txt`);
/// - a file found in a folder given: its path below that folder, `/`-separated (`2024/a.txt`;
///   `a.txt` directly in it);
/// - when that still gives two different files the same name (`x/a.txt y/a.txt`, or two folders
///   both holding `a.txt`), each of those gets its path as given instead (`x/a.txt`).
///
/// An entry of a folder with a text extension that is not a regular file (a FIFO, a socket) is an
/// error; links inside folders are not followed.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<LoadError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                match entry {
                    Ok(e) if !has_text_extension(e.path()) => {}
                    Ok(e) if e.file_type().is_file() => {
                        let name = relative_name(e.path(), path);
                        inputs.push(Input {
                            path: e.into_path(),
                            name,
                        });
                    }
                    Ok(e) if e.file_type().is_dir() || e.file_type().is_symlink() => {}
                    Ok(e) => errors.push(LoadError {
                        reason: not_regular_reason(&e.file_type()),
                        path: e.into_path(),
                    }),
                    Err(e) => errors.push(LoadError {
                        path: e.path().unwrap_or(path).to_path_buf(),
                        reason: format!("cannot read folder: {e}"),
                    }),
                }
            }
        } else {
            inputs.push(Input {
                path: path.clone(),
                name: file_name(path),
            });
        }
    }
    disambiguate(&mut inputs);
    (inputs, errors)
}

/// Gives inputs of different paths that share a name their path as given.
pub fn disambiguate(inputs: &mut [Input]) {
    let mut paths_by_name: BTreeMap<&str, Vec<&Path>> = BTreeMap::new();
    for input in inputs.iter() {
        let paths = paths_by_name.entry(&input.name).or_default();
        if !paths.contains(&input.path.as_path()) {
            paths.push(&input.path);
        }
    }
    let clashing: Vec<String> = paths_by_name
        .into_iter()
        .filter(|(_, paths)| paths.len() > 1)
        .map(|(name, _)| name.to_string())
        .collect();
    for input in inputs.iter_mut() {
        if clashing.contains(&input.name) {
            input.name = slash_separated(&input.path);
        }
    }
}

/// `path` below `root`, `/`-separated on every OS.
fn relative_name(path: &Path, root: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(relative) if !relative.as_os_str().is_empty() => slash_separated(relative),
        _ => file_name(path),
    }
}

fn slash_separated(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            std::path::Component::ParentDir => Some("..".to_string()),
            std::path::Component::CurDir => None,
            std::path::Component::RootDir | std::path::Component::Prefix(_) => Some(String::new()),
        })
        .collect();
    if path.has_root() && parts.first().is_some_and(String::is_empty) {
        // `/x/a.txt`: one leading slash, whatever the prefix was.
        format!("/{}", parts[1..].join("/"))
    } else {
        parts.join("/")
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn has_text_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT_EXTENSIONS.iter().any(|t| t.eq_ignore_ascii_case(e)))
}

/// Loads every file `paths` name (see [`collect_inputs`]), with the default limits.
pub fn load(paths: &[PathBuf]) -> Corpus {
    load_with(paths, &LoadOptions::default())
}

/// Loads every file `paths` name (see [`collect_inputs`]).
pub fn load_with(paths: &[PathBuf], options: &LoadOptions) -> Corpus {
    let (inputs, errors) = collect_inputs(paths);
    load_inputs(inputs, errors, options)
}

/// Loads collected inputs; `errors` are those of collecting them.
pub fn load_inputs(
    inputs: Vec<Input>,
    mut errors: Vec<LoadError>,
    options: &LoadOptions,
) -> Corpus {
    let mut documents = Vec::with_capacity(inputs.len());
    let mut warnings = Vec::new();
    for input in &inputs {
        match load_input(input, options) {
            Ok(loaded) => {
                documents.push(loaded.document);
                warnings.extend(loaded.warnings);
            }
            Err(e) => errors.push(e),
        }
    }
    Corpus {
        documents,
        errors,
        warnings,
    }
}

/// Loads one file, named by its file name, with the default limits. A file that loads with
/// warnings (bad bytes replaced) loads here too; [`load_input`] also returns the warnings.
pub fn load_file(path: &Path) -> Result<Document, LoadError> {
    let input = Input {
        path: path.to_path_buf(),
        name: file_name(path),
    };
    load_input(&input, &LoadOptions::default()).map(|loaded| loaded.document)
}

/// Loads one file: only a regular file (a FIFO or a device is refused before it is opened for
/// reading, so nothing blocks), no larger than the limit, decoded (see [`decode_reporting`]), and
/// not empty.
pub fn load_input(input: &Input, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let path = &input.path;
    let error = |reason: String| LoadError {
        path: path.to_path_buf(),
        reason,
    };
    let decoded = match read_regular_text(path, options.max_file_size).map_err(error)? {
        ReadFile::Text(decoded) => decoded,
        ReadFile::Bytes(bytes) => {
            let decoded = decode_reporting(&bytes).map_err(error)?;
            check_not_empty(&bytes, &decoded.text).map_err(error)?;
            decoded
        }
    };
    let warnings = decoded
        .damage
        .map(|damage| LoadWarning {
            path: path.to_path_buf(),
            message: damage.to_string(),
        })
        .into_iter()
        .collect();
    Ok(Loaded {
        document: Document {
            name: input.name.clone(),
            path: Some(path.to_path_buf()),
            text: decoded.text,
            encoding: decoded.encoding,
        },
        warnings,
    })
}

/// Reads standard input as one document named `-`, with the default limits.
pub fn load_stdin() -> Result<Document, LoadError> {
    load_stdin_with(&LoadOptions::default()).map(|loaded| loaded.document)
}

/// Reads standard input as one document named `-`.
pub fn load_stdin_with(options: &LoadOptions) -> Result<Loaded, LoadError> {
    let path = PathBuf::from("-");
    let error = |reason: String| LoadError {
        path: path.clone(),
        reason,
    };
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(options.max_file_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| error(format!("cannot read standard input: {e}")))?;
    if bytes.len() as u64 > options.max_file_size {
        return Err(error(too_large(None, options.max_file_size)));
    }
    let decoded = decode_reporting(&bytes).map_err(error)?;
    check_not_empty(&bytes, &decoded.text).map_err(error)?;
    let warnings = decoded
        .damage
        .map(|damage| LoadWarning {
            path: path.clone(),
            message: damage.to_string(),
        })
        .into_iter()
        .collect();
    Ok(Loaded {
        document: Document {
            name: "-".into(),
            path: None,
            text: decoded.text,
            encoding: decoded.encoding,
        },
        warnings,
    })
}

/// An empty file is not a document with no facts: it is reported (a failed save, a wrong file).
pub fn check_not_empty(bytes: &[u8], text: &str) -> Result<(), String> {
    if bytes.is_empty() {
        Err("empty file: no text to extract".into())
    } else if text.trim().is_empty() {
        Err("holds only white space: no text to extract".into())
    } else {
        Ok(())
    }
}

/// The bytes of a regular file of at most `max` bytes. What the path names is checked before it
/// is opened (a FIFO would block the open and the read, a device would read forever), and the
/// opened file again (it may have been swapped since); the read stops after `max` bytes.
pub fn read_regular_file(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let metadata = std::fs::metadata(path).map_err(|e| open_error(&e))?;
    check_regular(&metadata, max)?;
    let file = open_without_blocking(path).map_err(|e| open_error(&e))?;
    let metadata = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    check_regular(&metadata, max)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(too_large(None, max));
    }
    Ok(bytes)
}

/// What [`read_regular_text`] read.
enum ReadFile {
    /// A file of valid UTF-8, not empty, decoded as [`decode_reporting`] decodes it.
    Text(Decoded),
    /// Any other file's bytes, for [`decode_reporting`].
    Bytes(Vec<u8>),
}

/// How much of a file is read at a time into its text.
const READ_CHUNK: usize = 1 << 16;

/// [`read_regular_file`], read straight into its text where the file is valid UTF-8 (nearly
/// every file): a large file's bytes are then never held beside its text (each page of them a
/// page the system must hand out). A file with a byte-order mark, one that looks binary, and one
/// with a byte that is not UTF-8 are returned as bytes, as [`read_regular_file`] reads them.
fn read_regular_text(path: &Path, max: u64) -> Result<ReadFile, String> {
    let metadata = std::fs::metadata(path).map_err(|e| open_error(&e))?;
    check_regular(&metadata, max)?;
    let file = open_without_blocking(path).map_err(|e| open_error(&e))?;
    let metadata = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    check_regular(&metadata, max)?;
    let mut file = file.take(max.saturating_add(1));
    let mut text = String::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    let mut chunk = vec![0u8; READ_CHUNK];
    // `chunk[..pending]`: the start of a char cut off at the end of the last read.
    let mut pending = 0;
    loop {
        let read = match file.read(&mut chunk[pending..]) {
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("cannot read: {e}")),
        };
        let filled = pending + read;
        let complete = if read == 0 {
            filled
        } else {
            complete_chars(&chunk[..filled])
        };
        match simdutf8::basic::from_utf8(&chunk[..complete]) {
            Ok(valid) => text.push_str(valid),
            _ => {
                // Not UTF-8 (or cut off inside its last char): the bytes as they are, for the
                // decoder that reads the other encodings.
                let mut bytes = text.into_bytes();
                bytes.extend_from_slice(&chunk[..filled]);
                file.read_to_end(&mut bytes)
                    .map_err(|e| format!("cannot read: {e}"))?;
                if bytes.len() as u64 > max {
                    return Err(too_large(None, max));
                }
                return Ok(ReadFile::Bytes(bytes));
            }
        }
        if read == 0 {
            break;
        }
        chunk.copy_within(complete..filled, 0);
        pending = filled - complete;
    }
    if text.len() as u64 > max {
        return Err(too_large(None, max));
    }
    let bytes = text.as_bytes();
    if Encoding::for_bom(bytes).is_some() || looks_binary(bytes) || text.trim().is_empty() {
        return Ok(ReadFile::Bytes(text.into_bytes()));
    }
    Ok(ReadFile::Text(Decoded {
        text,
        encoding: encoding_rs::UTF_8.name(),
        damage: None,
    }))
}

/// The length of `bytes` up to the last char it holds whole: a read may end inside a char.
fn complete_chars(bytes: &[u8]) -> usize {
    // The last lead byte (not 0b10xx_xxxx) within a char's length of the end.
    let Some(lead) = (bytes.len().saturating_sub(4)..bytes.len())
        .rev()
        .find(|&i| (bytes[i] as i8) >= -0x40)
    else {
        return bytes.len();
    };
    let needs = match bytes[lead] {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    };
    if lead + needs > bytes.len() {
        lead
    } else {
        bytes.len()
    }
}

/// Whether `path` names a regular file, from its metadata alone (nothing is opened): for files
/// another reader opens (a project), so that a FIFO or a device is refused before it can block.
pub fn check_regular_file(path: &Path) -> Result<(), String> {
    let metadata = std::fs::metadata(path).map_err(|e| open_error(&e))?;
    check_regular(&metadata, u64::MAX)
}

fn open_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    }
}

fn check_regular(metadata: &std::fs::Metadata, max: u64) -> Result<(), String> {
    if metadata.is_dir() {
        return Err("is a folder".into());
    }
    if !metadata.is_file() {
        return Err(not_regular_reason(&metadata.file_type()));
    }
    if metadata.len() > max {
        return Err(too_large(Some(metadata.len()), max));
    }
    Ok(())
}

fn too_large(size: Option<u64>, max: u64) -> String {
    let size = match size {
        Some(size) if size < 1 << 10 => format!("is {size} bytes"),
        Some(size) => format!("is {} ({size} bytes)", human_size(size)),
        None => "is larger".to_string(),
    };
    format!(
        "{size}, over the limit of {}; --max-file-size raises it",
        human_size(max)
    )
}

/// `64 MiB`, `1.5 GiB`, `512 bytes`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            return if bytes.is_multiple_of(size) {
                format!("{} {unit}", bytes / size)
            } else {
                format!("{:.1} {unit}", bytes as f64 / size as f64)
            };
        }
    }
    format!("{bytes} bytes")
}

/// Why something that is not a regular file or a folder is refused.
fn not_regular_reason(file_type: &std::fs::FileType) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let what = if file_type.is_fifo() {
            Some("a FIFO (named pipe)")
        } else if file_type.is_char_device() || file_type.is_block_device() {
            Some("a device")
        } else if file_type.is_socket() {
            Some("a socket")
        } else {
            None
        };
        if let Some(what) = what {
            return format!("not a regular file: {what}");
        }
    }
    let _ = file_type;
    "not a regular file".to_string()
}

/// Opens for reading without waiting for a writer: should a FIFO have taken the file's place
/// since it was checked, the open returns at once and the check of the opened file refuses it.
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Publication dates given for a corpus (`--metadata FILE`): a CSV of file name and ISO 8601
/// date, one document a line. A first line whose date cell is not a date is a header
/// (`file,published`); further columns are ignored, so a corpus's own metadata table can be used
/// as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// File name (or path ending) as written → (date, line).
    dates: BTreeMap<String, (String, u64)>,
    /// Keys made only of plain names (`a.txt`, `sub/a.txt`), by their components joined with `/`
    /// → the keys as written: a document's path is matched by looking up its few endings, not by
    /// trying every key (a corpus of 10,000 files and as many dates).
    by_ending: HashMap<String, Vec<String>>,
    /// The other keys (`./a.txt`, `/abs/a.txt`), tried one by one as `Path::ends_with` does.
    irregular: Vec<String>,
}

impl Metadata {
    /// Reads a metadata file; an error names the file and the line.
    pub fn read(path: &Path) -> Result<Self, LoadError> {
        let error = |reason: String| LoadError {
            path: path.to_path_buf(),
            reason,
        };
        let bytes = read_regular_file(path, DEFAULT_MAX_FILE_SIZE).map_err(error)?;
        // File names must be read exactly: bad bytes are an error here, not a warning.
        let decoded = decode_reporting(&bytes).map_err(error)?;
        if let Some(damage) = decoded.damage {
            return Err(error(damage.to_string()));
        }
        let text = decoded.text;
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
        let mut by_ending = HashMap::new();
        let mut irregular = Vec::new();
        for key in dates.keys() {
            match plain_ending(Path::new(key)) {
                Some(ending) => by_ending
                    .entry(ending)
                    .or_insert_with(Vec::new)
                    .push(key.clone()),
                None => irregular.push(key.clone()),
            }
        }
        Ok(Metadata {
            dates,
            by_ending,
            irregular,
        })
    }

    /// Every key a path ends with.
    fn keys_ending(&self, path: &Path) -> impl Iterator<Item = &str> {
        let names: Vec<&std::ffi::OsStr> = path
            .components()
            .rev()
            .map_while(|c| match c {
                std::path::Component::Normal(name) => Some(name),
                _ => None,
            })
            .collect();
        let mut ending = String::new();
        let plain = names.into_iter().map_while(move |name| {
            let name = name.to_str()?;
            ending = if ending.is_empty() {
                name.to_string()
            } else {
                format!("{name}/{ending}")
            };
            Some(ending.clone())
        });
        plain
            .filter_map(|ending| self.by_ending.get(&ending))
            .flatten()
            .map(String::as_str)
            .chain(
                self.irregular
                    .iter()
                    .filter(move |key| path.ends_with(Path::new(key.as_str())))
                    .map(String::as_str),
            )
    }

    /// The date given for `doc`: by its file name, or by a path its own path ends with.
    pub fn date_for(&self, doc: &Document) -> Option<&str> {
        self.dates
            .get(&doc.name)
            .or_else(|| {
                let path = doc.path.as_deref()?;
                // The first matching key in sorted order, as a scan of `dates` would find.
                let key = self.keys_ending(path).min()?;
                self.dates.get(key)
            })
            .map(|(date, _)| date.as_str())
    }

    /// Entries that name no document of `documents` (worth a warning: a typo, a missing file).
    pub fn unmatched<'a>(&'a self, documents: &[Document]) -> Vec<&'a str> {
        let mut matched: HashSet<&str> = HashSet::new();
        for d in documents {
            matched.insert(d.name.as_str());
            if let Some(path) = d.path.as_deref() {
                matched.extend(self.keys_ending(path));
            }
        }
        self.dates
            .keys()
            .map(String::as_str)
            .filter(|key| !matched.contains(key))
            .collect()
    }

    pub fn len(&self) -> usize {
        self.dates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }
}

/// A path of plain names only (`sub/a.txt`) as its names joined with `/`; `None` for one with a
/// root, `.` or `..`, or a name that is not UTF-8.
fn plain_ending(path: &Path) -> Option<String> {
    let mut names = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::Normal(name) => names.push(name.to_str()?),
            _ => return None,
        }
    }
    (!names.is_empty()).then(|| names.join("/"))
}

/// Decodes a text file (see [`decode_reporting`]); bad bytes are replaced without a word, so
/// callers that can warn should use [`decode_reporting`].
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    decode_reporting(bytes).map(|d| (d.text, d.encoding))
}

/// A decoded file.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// Bytes that were not valid in `encoding`, each sequence replaced by U+FFFD.
    pub damage: Option<Damage>,
}

/// Where a file was not valid in the encoding it was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Damage {
    pub encoding: &'static str,
    /// Byte offset in the file (byte-order mark included) of the first bad byte.
    pub first_bad_byte: usize,
    /// Bad byte sequences, each replaced by one U+FFFD.
    pub bad_sequences: usize,
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "not valid {} at byte {}",
            self.encoding, self.first_bad_byte
        )?;
        if self.bad_sequences > 1 {
            write!(f, " and {} more places", self.bad_sequences - 1)?;
        }
        write!(
            f,
            "; read as {} with each bad byte sequence replaced by U+FFFD (a damaged or truncated file?)",
            self.encoding
        )
    }
}

/// Decodes a text file: a BOM decides (UTF-8, UTF-16LE/BE); otherwise valid UTF-8 is UTF-8, and
/// anything else is detected (GB18030/GBK, Big5 …). Binary input is an error.
///
/// Text that is mostly valid UTF-8 (a truncated download, a few corrupted bytes) stays UTF-8 with
/// the bad bytes replaced and reported in [`Decoded::damage`]: a legacy guess would turn the
/// whole file into noise. A legacy encoding with a few bad bytes is treated the same way; input
/// that no encoding reads with few enough bad bytes is an error.
pub fn decode_reporting(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let mut decoded = decode_counting(encoding, body);
        if let Some(damage) = &mut decoded.damage {
            damage.first_bad_byte += bom_len;
            // Damaged Chinese UTF-8 reads the same with a BOM as without one.
            let readable = encoding == encoding_rs::UTF_8 && Utf8Shape::of(body).is_mostly_valid();
            if too_damaged(&decoded.text, damage) && !readable {
                return Err(format!(
                    "not valid {} after its byte-order mark",
                    encoding.name()
                ));
            }
        }
        return Ok(decoded);
    }
    if looks_binary(bytes) {
        return Err("binary file, not text".to_string());
    }
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: encoding_rs::UTF_8.name(),
            damage: None,
        });
    }
    let utf8 = Utf8Shape::of(bytes);
    if utf8.is_mostly_valid() {
        return Ok(decode_counting(encoding_rs::UTF_8, bytes));
    }
    let mut encoding = guess_legacy(bytes);
    // A file cut off inside its last char rules its real encoding out for the detector, leaving a
    // single-byte one that reads anything: guess again without the cut-off bytes.
    if is_single_byte(encoding) {
        let multibyte = (1..=3)
            .filter_map(|cut| bytes.len().checked_sub(cut).map(|end| &bytes[..end]))
            .map(guess_legacy)
            .find(|&e| !is_single_byte(e));
        encoding = multibyte.unwrap_or(encoding);
    }
    // A single-byte guess (windows-1252, ISO-8859-x …) reads any bytes at all; where there is more
    // valid UTF-8 than invalid, the text is damaged UTF-8, not Latin-1.
    if utf8.valid_multibyte > utf8.bad_sequences && is_single_byte(encoding) {
        return Ok(decode_counting(encoding_rs::UTF_8, bytes));
    }
    let decoded = decode_counting(encoding, bytes);
    match &decoded.damage {
        Some(damage) if too_damaged(&decoded.text, damage) => Err(format!(
            "cannot decode: not UTF-8, and not valid {} either",
            encoding.name()
        )),
        _ => Ok(decoded),
    }
}

/// chardetng's guess among legacy encodings; GBK is decoded with its superset GB18030, so every
/// GBK file reads.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if guess == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        guess
    }
}

/// How much of a byte string is valid UTF-8.
#[derive(Debug, Clone, Copy, Default)]
struct Utf8Shape {
    /// Valid chars of two to four bytes.
    valid_multibyte: usize,
    /// Valid chars of three bytes: Chinese (and all of CJK) in UTF-8.
    valid_three_byte: usize,
    /// Maximal invalid sequences (as `Utf8Chunks` yields them).
    bad_sequences: usize,
}

impl Utf8Shape {
    fn of(bytes: &[u8]) -> Self {
        let mut shape = Utf8Shape::default();
        for chunk in bytes.utf8_chunks() {
            for c in chunk.valid().chars() {
                match c.len_utf8() {
                    1 => {}
                    3 => {
                        shape.valid_multibyte += 1;
                        shape.valid_three_byte += 1;
                    }
                    _ => shape.valid_multibyte += 1,
                }
            }
            if !chunk.invalid().is_empty() {
                shape.bad_sequences += 1;
            }
        }
        shape
    }

    /// Valid three-byte sequences are rare by chance in GB18030, Big5 or Shift_JIS text (about one
    /// char in sixty lines up as one, while most chars are invalid UTF-8), and they are nearly
    /// every char of Chinese UTF-8: twice as many of them as bad sequences is damaged UTF-8.
    fn is_mostly_valid(&self) -> bool {
        self.valid_three_byte > 0 && self.valid_three_byte >= 2 * self.bad_sequences
    }
}

/// Encodings in which every byte is a char: they never fail, so they prove nothing.
fn is_single_byte(encoding: &'static Encoding) -> bool {
    !(encoding == encoding_rs::UTF_8
        || encoding == encoding_rs::GB18030
        || encoding == encoding_rs::GBK
        || encoding == encoding_rs::BIG5
        || encoding == encoding_rs::SHIFT_JIS
        || encoding == encoding_rs::EUC_JP
        || encoding == encoding_rs::EUC_KR
        || encoding == encoding_rs::ISO_2022_JP
        || encoding == encoding_rs::UTF_16LE
        || encoding == encoding_rs::UTF_16BE)
}

/// More than one char in four replaced: not a damaged file but the wrong encoding or no text.
fn too_damaged(text: &str, damage: &Damage) -> bool {
    damage.bad_sequences.saturating_mul(4) > text.chars().count()
}

/// Decodes `bytes` in `encoding` (no BOM handling), each malformed sequence replaced by U+FFFD,
/// noting where the first one was and how many there were.
fn decode_counting(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = |decoder: &encoding_rs::Decoder, len: usize| {
        decoder
            .max_utf8_buffer_length_without_replacement(len)
            .unwrap_or(len)
    };
    let mut text = String::with_capacity(capacity(&decoder, bytes.len()));
    let (mut read, mut first_bad, mut bad_sequences) = (0usize, None, 0usize);
    loop {
        let (result, consumed) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut text, true);
        read += consumed;
        match result {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::OutputFull => {
                let more = capacity(&decoder, bytes.len() - read).max(4);
                text.reserve(more);
            }
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                // `bad` bytes were malformed and `after` bytes were read past them.
                let at = read.saturating_sub(usize::from(after) + usize::from(bad));
                first_bad.get_or_insert(at);
                bad_sequences += 1;
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
    Decoded {
        text,
        encoding: encoding.name(),
        damage: first_bad.map(|first_bad_byte| Damage {
            encoding: encoding.name(),
            first_bad_byte,
            bad_sequences,
        }),
    }
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

    /// The bundled seeds: real Chinese news text, in UTF-8.
    fn seed_texts() -> Vec<String> {
        crate::seeds::documents()
            .into_iter()
            .map(|d| d.text)
            .collect()
    }

    #[test]
    fn legacy_chinese_encodings_are_never_taken_for_damaged_utf8() {
        for text in seed_texts() {
            let (gb, _, _) = encoding_rs::GB18030.encode(&text);
            let shape = Utf8Shape::of(&gb);
            // On the seeds about 1 three-byte sequence to 45 bad ones: far from 1 to 2.
            assert!(
                shape.valid_three_byte * 10 < shape.bad_sequences,
                "GB18030 as UTF-8: {shape:?}"
            );
            let decoded = decode_reporting(&gb).unwrap();
            assert_eq!((decoded.encoding, decoded.damage), ("gb18030", None));
            assert_eq!(decoded.text, text);
            // Big5 holds traditional characters only: the seed's chars Big5 cannot encode become
            // entities; what matters is that the bytes are Big5, not damaged UTF-8.
            let (big5, _, _) = encoding_rs::BIG5.encode(&text);
            let shape = Utf8Shape::of(&big5);
            assert!(!shape.is_mostly_valid(), "Big5 as UTF-8: {shape:?}");
        }
    }

    #[test]
    fn damaged_utf8_stays_utf8_and_names_the_first_bad_byte() {
        for text in seed_texts() {
            // A truncated download: the last char cut after its first byte.
            let mut bytes = text.as_bytes().to_vec();
            bytes.extend_from_slice(&"亿".as_bytes()[..1]);
            let decoded = decode_reporting(&bytes).unwrap();
            assert_eq!(decoded.encoding, "UTF-8");
            assert_eq!(decoded.text, format!("{text}\u{FFFD}"));
            let damage = decoded.damage.unwrap();
            assert_eq!(
                (damage.first_bad_byte, damage.bad_sequences),
                (text.len(), 1)
            );

            // Bytes lost in the middle: a char's first byte gone, and one flipped byte.
            let cut = text.char_indices().nth(40).unwrap().0;
            let mut bytes = text.as_bytes().to_vec();
            bytes.remove(cut);
            let flip = bytes.len() - 10;
            bytes[flip] = 0xFF;
            let decoded = decode_reporting(&bytes).unwrap();
            assert_eq!(decoded.encoding, "UTF-8");
            let damage = decoded.damage.unwrap();
            assert_eq!(damage.first_bad_byte, cut, "{damage}");
            assert!(damage.to_string().contains(&format!("at byte {cut}")));
            assert!(decoded.text.starts_with(&text[..cut]));
            assert!(decoded.text.contains('\u{FFFD}'));
        }
    }

    #[test]
    fn short_damaged_chinese_utf8_is_not_read_as_latin1() {
        for bytes in [
            b"\xe4\xb8\xad\xe5\x9b\xbd\xff".as_slice(),
            "贸易额948亿美元".as_bytes().split_last().unwrap().1,
            b"GDP \xe5\xa2\x9e\xe9\x95\xbf 6.7% \x80",
        ] {
            let decoded = decode_reporting(bytes).unwrap();
            assert_eq!(decoded.encoding, "UTF-8", "{bytes:?} → {}", decoded.text);
            assert!(decoded.damage.is_some());
        }
        // Latin-1 text with no UTF-8 in it is still Latin-1 (windows-1252).
        let decoded = decode_reporting(b"caf\xe9 cr\xe8me, 3 \x80").unwrap();
        assert_eq!(decoded.text, "café crème, 3 €");
        assert_eq!(decoded.damage, None);
    }

    #[test]
    fn a_damaged_gb18030_file_is_gb18030_with_a_warning() {
        let text = &seed_texts()[4];
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        let mut bytes = gb.into_owned();
        bytes.push(0x81); // a lead byte with nothing after it: cut off
        let decoded = decode_reporting(&bytes).unwrap();
        assert_eq!(decoded.encoding, "gb18030");
        assert_eq!(decoded.text, format!("{text}\u{FFFD}"));
        assert_eq!(decoded.damage.unwrap().first_bad_byte, bytes.len() - 1);
    }

    #[test]
    fn a_utf8_file_with_a_bom_and_a_bad_byte_names_its_offset_in_the_file() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("增长6.7%".as_bytes());
        let at = bytes.len();
        bytes.push(0xC0);
        let decoded = decode_reporting(&bytes).unwrap();
        assert_eq!(decoded.text, "增长6.7%\u{FFFD}");
        assert_eq!(decoded.damage.unwrap().first_bad_byte, at);
    }

    /// Found by the fuzzer (fuzz/regressions/corpus/bom-short-damaged-utf8): two Chinese chars
    /// and a bad byte were refused after a UTF-8 BOM and read as damaged UTF-8 without one.
    #[test]
    fn short_damaged_utf8_reads_the_same_with_and_without_a_bom() {
        let body = b"\xe4\xb8\xad\xe5\x9b\xbd\xff";
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(body);
        let (plain, bom) = (decode_reporting(body), decode_reporting(&with_bom));
        assert_eq!(plain.as_ref().unwrap().text, "中国\u{FFFD}");
        assert_eq!(bom.as_ref().unwrap().text, "中国\u{FFFD}");
        assert_eq!(bom.unwrap().damage.unwrap().first_bad_byte, 9);
    }

    #[test]
    fn empty_and_blank_files_are_errors_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [
            ("empty.txt", b"".as_slice()),
            ("blank.txt", " \r\n\t\u{3000}\n".as_bytes()),
            ("bom.txt", b"\xef\xbb\xbf"),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let err = load_file(&path).unwrap_err();
            assert_eq!(err.path, path);
            assert!(err.to_string().contains(name), "{err}");
            assert!(err.reason.contains("no text"), "{err}");
        }
    }

    #[test]
    fn files_over_the_limit_are_refused_naming_size_and_option() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        std::fs::write(&path, "增长6.7%。".repeat(200)).unwrap();
        let input = Input {
            path: path.clone(),
            name: "big.txt".into(),
        };
        let err = load_input(
            &input,
            &LoadOptions {
                max_file_size: 1024,
            },
        )
        .unwrap_err();
        assert!(
            err.reason.contains("2.5 KiB (2600 bytes)")
                && err.reason.contains("1 KiB")
                && err.reason.contains("--max-file-size"),
            "{err}"
        );
        let loaded = load_input(
            &input,
            &LoadOptions {
                max_file_size: 2600,
            },
        )
        .unwrap();
        assert_eq!(loaded.document.text.len(), 2600);
    }

    // Unix only: FIFOs, devices and symlinks as the tests make them are Unix things.
    #[cfg(unix)]
    #[test]
    fn what_is_not_a_regular_file_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let zero = dir.path().join("zero.txt");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let (done, finished) = std::sync::mpsc::channel();
        let paths = vec![fifo.clone(), zero.clone(), dir.path().to_path_buf()];
        std::thread::spawn(move || {
            let _ = done.send(load(&paths));
        });
        // A blocking open of the FIFO would never return: no writer ever comes.
        let corpus = finished
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("loading a FIFO and /dev/zero returns");
        assert!(corpus.documents.is_empty());
        let reasons: Vec<String> = corpus.errors.iter().map(|e| e.to_string()).collect();
        // The FIFO found in the folder (the link in it is not followed: the walk's error comes
        // first), then the FIFO and the link to /dev/zero given.
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        for (reason, (file, what)) in reasons.iter().zip([
            ("pipe.txt", "a FIFO"),
            ("pipe.txt", "a FIFO"),
            ("zero.txt", "a device"),
        ]) {
            assert!(
                reason.contains(file) && reason.contains(what),
                "{reasons:?}"
            );
        }
    }

    #[test]
    fn same_file_names_in_different_folders_get_different_names() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["x", "y", "y/deeper"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
            std::fs::write(dir.path().join(sub).join("a.txt"), "增长6.7%").unwrap();
        }
        std::fs::write(dir.path().join("a.txt"), "增长6.7%").unwrap();
        let names = |paths: &[PathBuf]| -> Vec<String> {
            collect_inputs(paths)
                .0
                .into_iter()
                .map(|i| i.name)
                .collect()
        };
        let root = dir.path().to_path_buf();
        assert_eq!(
            names(std::slice::from_ref(&root)),
            ["a.txt", "x/a.txt", "y/a.txt", "y/deeper/a.txt"]
        );
        assert_eq!(names(&[root.join("x/a.txt")]), ["a.txt"]);
        // Given by themselves, or from two folders: the clashing ones get their path as given.
        let (x, y) = (root.join("x"), root.join("y"));
        let both = names(&[x.join("a.txt"), y.join("a.txt")]);
        assert_eq!(
            both,
            [
                slash_separated(&x.join("a.txt")),
                slash_separated(&y.join("a.txt"))
            ]
        );
        let folders = names(&[x.clone(), y.clone()]);
        assert_eq!(folders.len(), 3);
        assert_eq!(folders[0], slash_separated(&x.join("a.txt")));
        assert_eq!(folders[1], slash_separated(&y.join("a.txt")));
        assert_eq!(folders[2], "deeper/a.txt");
        // The same file twice is one name.
        assert_eq!(
            names(&[x.join("a.txt"), x.join("a.txt")]),
            ["a.txt", "a.txt"]
        );
    }

    #[test]
    fn binary_is_refused() {
        let err = decode(&[0x89, b'P', b'N', b'G', 0, 0, 0, 13]).unwrap_err();
        assert!(err.contains("binary"), "{err}");
    }

    /// A file read straight into its text loads exactly as its bytes decode, whatever falls at
    /// the edges of the reads: chars cut by them, bad bytes before, on and after them, byte-order
    /// marks, other encodings, the size limit.
    #[test]
    fn reading_into_the_text_is_decoding_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let han = "中国同中亚国家贸易额948亿美元。".repeat(READ_CHUNK / 20);
        let mut files: Vec<Vec<u8>> = vec![
            Vec::new(),
            b" \n\t".to_vec(),
            "一".into(),
            [0xEF, 0xBB, 0xBF]
                .iter()
                .chain(han.as_bytes())
                .copied()
                .collect(),
            encoding_rs::GB18030.encode(&han).0.into_owned(),
            b"\x00\x01abc".repeat(100),
        ];
        for shift in 0..4 {
            let text = format!("{}{han}", "x".repeat(shift));
            files.push(text.clone().into_bytes());
            for at in [READ_CHUNK - 1, READ_CHUNK, READ_CHUNK + 1, text.len() - 1] {
                let mut bad = text.clone().into_bytes();
                bad.insert(at, 0xFF);
                files.push(bad);
                let mut cut = text.clone().into_bytes();
                cut.truncate(at);
                files.push(cut);
                let mut lone = text.clone().into_bytes();
                lone[at] = 0xE4;
                files.push(lone);
            }
        }
        for (k, bytes) in files.iter().enumerate() {
            let path = dir.path().join(format!("{k}.txt"));
            std::fs::write(&path, bytes).unwrap();
            for max in [
                u64::MAX,
                bytes.len() as u64,
                (bytes.len() as u64).saturating_sub(1),
            ] {
                let read = read_regular_text(&path, max).map(|read| match read {
                    ReadFile::Text(d) => Ok((d.text, d.encoding, d.damage)),
                    ReadFile::Bytes(b) => decode_reporting(&b)
                        .and_then(|d| check_not_empty(&b, &d.text).map(|()| d))
                        .map(|d| (d.text, d.encoding, d.damage)),
                });
                let expected = read_regular_file(&path, max).map(|b| {
                    decode_reporting(&b)
                        .and_then(|d| check_not_empty(&b, &d.text).map(|()| d))
                        .map(|d| (d.text, d.encoding, d.damage))
                });
                assert_eq!(read, expected, "file {k}, limit {max}");
            }
        }
    }
}
