//! The command line: `factdesk extract` prints the facts of a corpus.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::atomic::Protected;
use crate::corpus::{self, Document, LoadError, LoadOptions, LoadWarning};
use crate::engine::{Extraction, Extractor};
use crate::output::{self, DocumentSummary, Format};

/// Input larger than this shows a progress bar on stderr (when stderr is a terminal).
const PROGRESS_THRESHOLD_BYTES: usize = 2 << 20;

#[derive(Debug, Parser)]
#[command(
    name = "factdesk",
    version,
    about = "Turn Chinese news articles into verified, quantitative datasets"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files or folders to open in the window (the bundled corpus when none).
    pub paths: Vec<PathBuf>,
    /// Close the window after this many frames once loading is done (screenshots, smoke tests).
    #[arg(long, hide = true)]
    pub exit_after_frames: Option<u64>,
    /// Never show the platform's file dialogs; ask for paths in a text field instead.
    #[arg(long)]
    pub no_native_dialogs: bool,
    /// Print to stderr how long the window took to its first frame, and to the first frame with
    /// facts in the table, from process start.
    #[arg(long)]
    pub report_start: bool,
    /// The window's language, `en` or `zh` (also `FACTDESK_LANG`); otherwise the one chosen last
    /// in the View menu, or the system's.
    #[arg(long, value_parser = ["en", "zh"])]
    pub lang: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print every quantitative fact of a corpus.
    Extract(ExtractArgs),
    /// Create a project (`*.factdesk`, SQLite) from a corpus, without a window.
    New(NewArgs),
    /// Export a project's facts as JSON, CSV or an Excel workbook, without a window (the same
    /// content as the window's export).
    Export(ExportArgs),
    /// Apply review decisions read from standard input, one a line (`status FACT verified`,
    /// `note FACT TEXT`, `undo`, `redo`), each committed to the project as it is read.
    Review(ReviewArgs),
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The project file to create (refused if it exists).
    pub project: PathBuf,
    /// Files or folders of the corpus; the bundled corpus when none.
    #[arg(conflicts_with = "from_jsonl")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub dates: DateArgs,
    #[command(flatten)]
    pub load: LoadArgs,
    #[command(flatten)]
    pub batch: BatchArgs,
}

/// A project from the mentions of a batch run instead of extracting here.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct BatchArgs {
    /// JSONL shards of mentions (`factdesk extract --format jsonl`, the Python package's
    /// `extract_jsonl`); each mention is checked against its document's text below --corpus.
    #[arg(long, value_name = "SHARD", num_args = 1.., requires = "corpus")]
    pub from_jsonl: Vec<PathBuf>,
    /// The folder the batch ran over: a mention's `doc` is its file's path below it.
    #[arg(long, value_name = "ROOT", requires = "from_jsonl")]
    pub corpus: Option<PathBuf>,
    /// Only mentions of this kind (money, percent, quantity, date, period, duration, ordinal);
    /// repeatable.
    #[arg(long, value_name = "KIND", requires = "from_jsonl")]
    pub kind: Vec<crate::fact::Kind>,
    /// Only mentions whose subject contains this text.
    #[arg(long, value_name = "TEXT", requires = "from_jsonl")]
    pub subject: Option<String>,
    /// At most N mentions (after --kind and --subject), a reproducible random sample.
    #[arg(long, value_name = "N", requires = "from_jsonl")]
    pub sample: Option<usize>,
    /// The sample's seed: the same seed picks the same mentions, whatever the shards' order.
    #[arg(long, value_name = "S", default_value_t = 0, requires = "sample")]
    pub seed: u64,
}

/// How corpus files are read.
#[derive(Debug, Clone, clap::Args)]
pub struct LoadArgs {
    /// Refuse corpus files larger than this (bytes, or with KiB, MiB, GiB: 64MiB, 200MiB, 1GiB).
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = parse_size)]
    pub max_file_size: u64,
}

impl Default for LoadArgs {
    fn default() -> Self {
        LoadArgs {
            max_file_size: corpus::DEFAULT_MAX_FILE_SIZE,
        }
    }
}

impl LoadArgs {
    pub fn options(&self) -> LoadOptions {
        LoadOptions {
            max_file_size: self.max_file_size,
        }
    }
}

/// `65536`, `64KiB`, `64MiB`, `1GiB` (also `K`, `M`, `G`, `KB`, `MB`, `GB`, all binary).
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (64MiB, 1GiB, 65536)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("`{text}`: the unit is KiB, MiB or GiB")),
    };
    number
        .checked_mul(1u64 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// Publication dates given for the corpus. A given date wins over one found in the text, and
/// relative times (`今年`, `上半年`) are resolved against it.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DateArgs {
    /// The publication date of the documents given (ISO 8601: 2016-10-19, 2016-10, 2016).
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub published: Option<String>,
    /// A CSV of file name and publication date, one document a line (a header line and further
    /// columns are allowed); a date here wins over --published for the documents it names.
    #[arg(long, value_name = "FILE")]
    pub metadata: Option<PathBuf>,
}

fn parse_date_arg(text: &str) -> Result<String, String> {
    crate::review::edit::parse_iso_date(text.trim()).map(str::to_string)
}

impl DateArgs {
    /// The date given for each document, in order; an unreadable metadata file is an error
    /// naming it and the line. Metadata entries that name no document are warned about.
    pub fn given_dates(&self, documents: &[Document]) -> Result<Vec<Option<String>>, LoadError> {
        let metadata = match &self.metadata {
            Some(path) => {
                let metadata = corpus::Metadata::read(path)?;
                for name in metadata.unmatched(documents) {
                    eprintln!(
                        "factdesk: {}: `{name}` names no document of the corpus",
                        path.display()
                    );
                }
                metadata
            }
            None => corpus::Metadata::default(),
        };
        Ok(documents
            .iter()
            .map(|d| {
                metadata
                    .date_for(d)
                    .map(str::to_string)
                    .or_else(|| self.published.clone())
            })
            .collect())
    }
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The project file.
    pub project: PathBuf,
    #[arg(long, value_enum)]
    pub format: crate::review::export::ExportFormat,
    /// Only verified facts (the dataset); otherwise every fact with its status.
    #[arg(long)]
    pub verified_only: bool,
    /// The CSV for a spreadsheet (`excel`: a UTF-8 byte-order mark, and a leading apostrophe on
    /// every cell that starts like a formula, a partial date `--06-18` too) or for data tools
    /// (`data`: no byte-order mark, every cell exactly as extracted).
    #[arg(long, value_enum, default_value_t = output::CsvFlavour::Excel)]
    pub csv: output::CsvFlavour,
    /// Deprecated: the same as `--csv data`.
    #[arg(long, conflicts_with = "csv")]
    pub no_bom: bool,
    /// The header row of the CSV and of the workbook's sheets: the contract's codes (`en`) or
    /// Chinese (`zh`). Values keep the contract's codes either way.
    #[arg(long, value_enum, default_value_t = crate::review::export::HeaderLanguage::English)]
    pub headers: crate::review::export::HeaderLanguage,
    /// Write to this file (atomically) instead of standard output; needed for xlsx.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Files or folders (`.txt`, `.md`, recursively); `-` reads standard input. The bundled
    /// corpus when none.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// CSV cells for a spreadsheet (`excel`: a cell that starts like a formula gets a leading
    /// apostrophe, as in the project export) or exactly as extracted (`data`).
    #[arg(long, value_enum, default_value_t = output::CsvFlavour::Excel)]
    pub csv: output::CsvFlavour,
    #[command(flatten)]
    pub dates: DateArgs,
    #[command(flatten)]
    pub load: LoadArgs,
}

/// Loads what `paths` name: the bundled seeds when empty, standard input for `-`. Documents are
/// named as [`corpus::collect_inputs`] says, across all the paths: two `a.txt` never share a name.
pub fn load_inputs(paths: &[PathBuf], options: &LoadOptions) -> corpus::Corpus {
    if paths.is_empty() {
        return corpus::Corpus {
            documents: crate::seeds::documents(),
            ..Default::default()
        };
    }
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if is_stdin(path) {
            inputs.push(corpus::Input {
                path: path.clone(),
                name: "-".into(),
            });
        } else {
            let (found, failed) = corpus::collect_inputs(std::slice::from_ref(path));
            inputs.extend(found);
            errors.extend(failed);
        }
    }
    corpus::disambiguate(&mut inputs);
    let mut loaded = corpus::Corpus {
        errors,
        ..Default::default()
    };
    for input in &inputs {
        let result = if is_stdin(&input.path) {
            corpus::load_stdin_with(options)
        } else {
            corpus::load_input(input, options)
        };
        match result {
            Ok(doc) => {
                loaded.documents.push(doc.document);
                loaded.warnings.extend(doc.warnings);
            }
            Err(e) => loaded.errors.push(e),
        }
    }
    loaded
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Refuses `out` when it would overwrite what the command reads (see [`crate::atomic::check_output`]);
/// the message goes to stderr and the exit code is 2.
fn refuse_output_over(out: Option<&Path>, protected: &[Protected<'_>]) -> Option<ExitCode> {
    let out = out?;
    let refused = crate::atomic::check_output(out, protected).err()?;
    eprintln!("factdesk: {refused}");
    Some(ExitCode::from(2))
}

/// The inputs of `extract` and `new`: every path given (not `-`) and the metadata file.
fn protected_inputs<'a>(paths: &'a [PathBuf], dates: &'a DateArgs) -> Vec<Protected<'a>> {
    let mut protected: Vec<Protected<'a>> = paths
        .iter()
        .filter(|p| !is_stdin(p))
        .map(|path| Protected {
            path,
            role: "an input",
        })
        .collect();
    protected.extend(dates.metadata.as_deref().map(|path| Protected {
        path,
        role: "the metadata file",
    }));
    protected
}

fn print_warnings(warnings: &[LoadWarning]) {
    for w in warnings {
        eprintln!("factdesk: warning: {w}");
    }
}

/// Extracts every document, files in parallel, results in input order; `given` holds each
/// document's given publication date (or is empty: none given). A document the engine fails on
/// is an error naming it.
pub fn extract_all(
    extractor: &Extractor,
    documents: &[Document],
    given: &[Option<String>],
    progress: &ProgressBar,
) -> Vec<Result<Extraction, String>> {
    let extract = |(i, doc): (usize, &Document)| {
        let date = given.get(i).and_then(Option::as_deref);
        let extraction = extractor.try_extract_published(&doc.name, &doc.text, date);
        progress.inc(doc.text.len() as u64);
        extraction
    };
    // One document has nothing to share out: no thread pool is started for it (its threads'
    // start and their spinning while they wait for work are CPU time of their own).
    if documents.len() < 2 {
        return documents.iter().enumerate().map(extract).collect();
    }
    documents.par_iter().enumerate().map(extract).collect()
}

fn progress_bar(total_bytes: usize) -> ProgressBar {
    if total_bytes < PROGRESS_THRESHOLD_BYTES || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total_bytes as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} extracting {bytes}/{total_bytes} [{bar:30}] {eta}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar
}

/// Writes through `write` to `out` (atomically) or to standard output; the error says where.
fn write_output(
    out: Option<&std::path::Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), String> {
    match out {
        Some(path) => crate::atomic::write_atomically(path, write)
            .map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => {
            let stdout = io::stdout();
            let mut lock = io::BufWriter::new(stdout.lock());
            write(&mut lock)
                .and_then(|_| lock.flush())
                .map_err(|e| format!("cannot write standard output: {e}"))
        }
    }
}

/// Runs `factdesk extract`. Exit code 1 when any input failed to load or extract (the rest is still
/// printed), 2 when the output cannot be written.
pub fn run_extract(args: &ExtractArgs) -> ExitCode {
    if let Some(refused) = refuse_output_over(
        args.out.as_deref(),
        &protected_inputs(&args.paths, &args.dates),
    ) {
        return refused;
    }
    let corpus::Corpus {
        documents,
        mut errors,
        warnings,
    } = load_inputs(&args.paths, &args.load.options());
    for e in &errors {
        eprintln!("factdesk: {e}");
    }
    print_warnings(&warnings);
    let given = match args.dates.given_dates(&documents) {
        Ok(given) => given,
        Err(e) => {
            eprintln!("factdesk: {e}");
            return ExitCode::from(2);
        }
    };
    let extractor = Arc::new(Extractor::new());
    let total: usize = documents.iter().map(|d| d.text.len()).sum();
    let progress = progress_bar(total);
    let results = extract_all(&extractor, &documents, &given, &progress);
    progress.finish_and_clear();
    // A document the engine failed on is reported like one that did not load.
    let mut extracted = Vec::with_capacity(documents.len());
    for ((doc, result), given) in documents.into_iter().zip(results).zip(given) {
        match result {
            Ok(extraction) => extracted.push((doc, (extraction, given))),
            Err(reason) => {
                eprintln!("factdesk: {reason}");
                errors.push(LoadError {
                    path: doc.path.unwrap_or_else(|| doc.name.into()),
                    reason,
                });
            }
        }
    }
    let (documents, extractions): (Vec<Document>, Vec<(Extraction, Option<String>)>) =
        extracted.into_iter().unzip();
    let (extractions, given): (Vec<Extraction>, Vec<Option<String>>) =
        extractions.into_iter().unzip();

    // Only the JSON output lists the documents (counting a document's chars is a pass over it).
    let listed = if args.format == Format::Json {
        documents.len()
    } else {
        0
    };
    let summaries: Vec<DocumentSummary> = documents[..listed]
        .iter()
        .zip(&extractions)
        .zip(&given)
        .map(|((doc, ex), given)| DocumentSummary {
            doc: doc.name.clone(),
            path: doc.path.as_ref().map(|p| p.display().to_string()),
            encoding: doc.encoding.to_string(),
            chars: doc.text.chars().count(),
            published: ex.published.clone(),
            published_given: given.is_some(),
            mentions: ex.mentions.len(),
        })
        .collect();
    // The first document's mentions are the buffer the others join: one document's mentions
    // (hundreds of thousands for a large file) are not copied into a second one.
    let mut extractions = extractions.into_iter();
    let mut mentions = extractions.next().map(|e| e.mentions).unwrap_or_default();
    for e in extractions {
        mentions.extend(e.mentions);
    }
    let write = |w: &mut dyn Write| -> io::Result<()> {
        match args.format {
            Format::Jsonl => output::write_jsonl(w, &mentions),
            Format::Json => output::write_json(w, &summaries, &mentions, &errors, &warnings),
            Format::Csv => output::write_csv(w, &mentions, args.csv),
        }
    };
    let written = write_output(args.out.as_deref(), write);
    // The process ends right after: its memory goes back with it, without the mentions'
    // hundreds of thousands of strings freed one by one first.
    std::mem::forget(mentions);
    match written {
        Err(e) if e.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("factdesk: {e}");
            ExitCode::from(2)
        }
        Ok(()) if errors.is_empty() => ExitCode::SUCCESS,
        Ok(()) => {
            eprintln!(
                "factdesk: {} of {} inputs failed to load or extract",
                errors.len(),
                errors.len() + documents.len()
            );
            ExitCode::from(1)
        }
    }
}

/// Runs `factdesk new`. Exit code 1 when inputs failed to load (the project holds the rest),
/// 2 when the project cannot be written or already exists.
pub fn run_new(args: &NewArgs) -> ExitCode {
    if args.project.to_string_lossy().ends_with(".json") {
        eprintln!(
            "factdesk: {}: projects are SQLite files now; name it …{}",
            args.project.display(),
            crate::review::project::EXTENSION
        );
        return ExitCode::from(2);
    }
    if args.project.exists() {
        eprintln!(
            "factdesk: {} already exists; not overwritten",
            args.project.display()
        );
        return ExitCode::from(2);
    }
    if !args.batch.from_jsonl.is_empty() {
        return run_new_from_batch(args);
    }
    if let Some(refused) = refuse_output_over(
        Some(&args.project),
        &protected_inputs(&args.paths, &args.dates),
    ) {
        return refused;
    }
    let corpus::Corpus {
        documents,
        errors,
        warnings,
    } = load_inputs(&args.paths, &args.load.options());
    for e in &errors {
        eprintln!("factdesk: {e}");
    }
    print_warnings(&warnings);
    let given = match args.dates.given_dates(&documents) {
        Ok(given) => given,
        Err(e) => {
            eprintln!("factdesk: {e}");
            return ExitCode::from(2);
        }
    };
    let dated = documents.into_iter().zip(given).collect();
    match crate::review::project::create_dated(&args.project, dated) {
        Ok(wb) => {
            let s = wb.summary();
            eprintln!(
                "factdesk: created {} with {} documents and {} facts",
                args.project.display(),
                wb.documents().len(),
                s.total
            );
            if errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("factdesk: {e}");
            ExitCode::from(2)
        }
    }
}

/// `factdesk new PROJECT --from-jsonl SHARD... --corpus ROOT`: the batch checked against the
/// corpus (any mismatch refuses the whole batch, and no project is written), the selection
/// applied, the project made from those mentions without extracting.
fn run_new_from_batch(args: &NewArgs) -> ExitCode {
    let batch_args = &args.batch;
    let Some(root) = batch_args.corpus.as_deref() else {
        eprintln!("factdesk: --from-jsonl needs --corpus ROOT");
        return ExitCode::from(2);
    };
    let mut protected = vec![Protected {
        path: root,
        role: "the corpus folder",
    }];
    protected.extend(batch_args.from_jsonl.iter().map(|path| Protected {
        path,
        role: "a shard",
    }));
    protected.extend(args.dates.metadata.as_deref().map(|path| Protected {
        path,
        role: "the metadata file",
    }));
    if let Some(refused) = refuse_output_over(Some(&args.project), &protected) {
        return refused;
    }
    let selection = crate::batch::Selection {
        kinds: batch_args.kind.clone(),
        subject: batch_args.subject.clone(),
        sample: batch_args.sample,
        seed: batch_args.seed,
    };
    let batch = match crate::batch::read(
        &batch_args.from_jsonl,
        root,
        &args.load.options(),
        &selection,
    ) {
        Ok(batch) => batch,
        Err(e) => {
            eprintln!("factdesk: {e}; no project written");
            return ExitCode::from(2);
        }
    };
    print_warnings(&batch.warnings);
    let documents: Vec<Document> = batch.documents.iter().map(|(d, _)| d.clone()).collect();
    let given = match args.dates.given_dates(&documents) {
        Ok(given) => given,
        Err(e) => {
            eprintln!("factdesk: {e}");
            return ExitCode::from(2);
        }
    };
    let extractor = crate::review::loader::shared_extractor();
    let items: Vec<(Document, Extraction, bool)> = batch
        .documents
        .into_iter()
        .zip(given)
        .map(|((doc, mentions), given)| {
            // The date the batch resolved against is not in its records: the one given here,
            // else the text's own dateline, as `factdesk new` finds it.
            let published_given = given.is_some();
            let published = given.or_else(|| extractor.publication_date(&doc.text));
            let extraction = Extraction {
                mentions,
                published,
            };
            (doc, extraction, published_given)
        })
        .collect();
    let made_from = format!(
        "{} of {} mentions of {} documents from {} shards: {selection}",
        batch.mentions_kept,
        batch.mentions_read,
        batch.documents_read,
        batch_args.from_jsonl.len()
    );
    let meta = [(crate::review::project::MADE_FROM, made_from)];
    match crate::review::project::create_extracted(&args.project, items, &meta) {
        Ok(wb) => {
            eprintln!(
                "factdesk: created {} from the batch: kept {} of {} mentions ({selection}), {} \
                 of {} documents, {} facts",
                args.project.display(),
                batch.mentions_kept,
                batch.mentions_read,
                wb.documents().len(),
                batch.documents_read,
                wb.summary().total
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("factdesk: {e}");
            ExitCode::from(2)
        }
    }
}

/// Runs `factdesk export`. A damaged or newer project exits 2 and is left untouched.
pub fn run_export(args: &ExportArgs) -> ExitCode {
    use crate::review::export::{self, ExportOptions, Scope};
    let project = Protected {
        path: &args.project,
        role: "the project",
    };
    if args.format.is_binary() && args.out.is_none() {
        eprintln!(
            "factdesk: an {} workbook is a binary file: give --out FILE.{}",
            args.format.extension(),
            args.format.extension()
        );
        return ExitCode::from(2);
    }
    if let Some(refused) = refuse_output_over(args.out.as_deref(), &[project]) {
        return refused;
    }
    if let Err(reason) = corpus::check_regular_file(&args.project) {
        eprintln!("factdesk: {}: {reason}", args.project.display());
        return ExitCode::from(2);
    }
    let (wb, _view, report) = match crate::review::project::open(&args.project) {
        Ok(opened) => opened,
        Err(e) => {
            eprintln!("factdesk: {e}");
            return ExitCode::from(2);
        }
    };
    if !report.is_clean() {
        eprintln!("factdesk: {}: {report}", args.project.display());
    }
    let corpus_files: Vec<Protected> = wb
        .documents()
        .iter()
        .filter_map(|d| d.path.as_deref())
        .map(|path| Protected {
            path,
            role: "a corpus file of the project",
        })
        .collect();
    if let Some(refused) = refuse_output_over(args.out.as_deref(), &corpus_files) {
        return refused;
    }
    let options = ExportOptions {
        format: args.format,
        scope: if args.verified_only {
            Scope::Verified
        } else {
            Scope::All
        },
        csv: if args.no_bom {
            output::CsvFlavour::Data
        } else {
            args.csv
        },
        headers: args.headers,
    };
    if args.no_bom {
        eprintln!(
            "factdesk: --no-bom is deprecated; it means --csv data (no formula guard either)"
        );
    }
    let facts = export::select(&wb, options.scope, &[]);
    let write = |w: &mut dyn Write| export::write(w, &wb, options, &facts);
    let written = write_output(args.out.as_deref(), write);
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("factdesk: {e}");
            ExitCode::from(2)
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// The project (`*.factdesk`; a `*.factdesk.json` is imported beside it first).
    pub project: PathBuf,
}

/// Runs `factdesk review`: exit 1 when a line could not apply, 2 when the project cannot be
/// opened or written.
pub fn run_review(args: &ReviewArgs) -> ExitCode {
    let stdin = io::stdin();
    match crate::review::project::script::run(&args.project, stdin.lock(), io::stdout()) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => {
            eprintln!("factdesk: {e}");
            ExitCode::from(2)
        }
    }
}
