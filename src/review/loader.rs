//! Loading and extracting off the UI thread. A [`Loader`] reads files and extracts them on a
//! worker thread and reports each document as it is ready, so the window stays responsive and
//! can show progress; the workbench absorbs the results on its own thread.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;

use crate::corpus::{self, Document, LoadError, LoadOptions, LoadWarning};
use crate::engine::{Extraction, Extractor};
use crate::review::workbench::Workbench;

/// The engine, built once per process (its tables are compiled in; this only keeps one copy).
pub fn shared_extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(Extractor::new)
}

/// Extracts one loaded document; an engine failure is reported as that file's error, so the
/// other files still arrive.
fn extract_one(doc: Document) -> Result<Box<(Document, Extraction)>, LoadError> {
    match shared_extractor().try_extract_published(&doc.name, &doc.text, None) {
        Ok(extraction) => Ok(Box::new((doc, extraction))),
        Err(reason) => Err(LoadError {
            path: doc.path.clone().unwrap_or_else(|| PathBuf::from(&doc.name)),
            reason,
        }),
    }
}

/// What to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The corpus compiled into the binary.
    BundledSeeds,
    /// Files and folders (walked for `.txt` and `.md`).
    Paths(Vec<PathBuf>),
}

/// A report from the worker.
#[derive(Debug)]
pub enum LoadEvent {
    /// One file is done, loaded or not; `done` of `total` files.
    File {
        result: Result<Box<(Document, Extraction)>, LoadError>,
        /// What a file that loaded needs to say (damaged bytes replaced).
        warnings: Vec<LoadWarning>,
        done: usize,
        total: usize,
    },
    Finished,
}

/// A load in progress.
pub struct Loader {
    events: Receiver<LoadEvent>,
    done: usize,
    total: usize,
    finished: bool,
}

impl Loader {
    /// Starts loading on a worker thread. `wake` is called after each event (the window asks
    /// for a repaint with it).
    pub fn spawn(source: Source, wake: impl Fn() + Send + 'static) -> Loader {
        let (tx, events) = mpsc::channel();
        thread::Builder::new()
            .name("factdesk-loader".into())
            .spawn(move || {
                let send = |event| {
                    let sent = tx.send(event).is_ok();
                    wake();
                    sent
                };
                match source {
                    Source::BundledSeeds => {
                        let docs = crate::seeds::documents();
                        let total = docs.len();
                        for (i, doc) in docs.into_iter().enumerate() {
                            let result = extract_one(doc);
                            if !send(LoadEvent::File {
                                result,
                                warnings: Vec::new(),
                                done: i + 1,
                                total,
                            }) {
                                return;
                            }
                        }
                    }
                    Source::Paths(paths) => {
                        // Inputs keep the names `collect_inputs` gives (`2024/a.txt`), as the
                        // command line's documents do.
                        let (files, errors) = corpus::collect_inputs(&paths);
                        let total = files.len() + errors.len();
                        let mut done = 0;
                        for error in errors {
                            done += 1;
                            if !send(LoadEvent::File {
                                result: Err(error),
                                warnings: Vec::new(),
                                done,
                                total,
                            }) {
                                return;
                            }
                        }
                        for file in files {
                            done += 1;
                            let (result, warnings) =
                                match corpus::load_input(&file, &LoadOptions::default()) {
                                    Ok(loaded) => (extract_one(loaded.document), loaded.warnings),
                                    Err(error) => (Err(error), Vec::new()),
                                };
                            if !send(LoadEvent::File {
                                result,
                                warnings,
                                done,
                                total,
                            }) {
                                return;
                            }
                        }
                    }
                }
                send(LoadEvent::Finished);
            })
            .expect("spawn the loader thread");
        Loader {
            events,
            done: 0,
            total: 0,
            finished: false,
        }
    }

    /// Moves every result that has arrived into the workbench; returns whether any did.
    pub fn absorb_into(&mut self, wb: &mut Workbench) -> bool {
        let mut batch = Vec::new();
        let mut any = false;
        loop {
            match self.events.try_recv() {
                Ok(event) => {
                    any = true;
                    self.absorb(wb, event, &mut batch);
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.finished = true;
                    break;
                }
            }
        }
        wb.add_documents(batch);
        any
    }

    /// Waits for the worker to finish and absorbs everything (tests, the command line).
    pub fn wait_into(&mut self, wb: &mut Workbench) {
        let mut batch = Vec::new();
        while !self.finished {
            match self.events.recv() {
                Ok(event) => self.absorb(wb, event, &mut batch),
                Err(_) => self.finished = true,
            }
        }
        wb.add_documents(batch);
    }

    /// Takes one event: a loaded document joins `batch` (added to the workbench in one go),
    /// an error is recorded at once.
    fn absorb(
        &mut self,
        wb: &mut Workbench,
        event: LoadEvent,
        batch: &mut Vec<(Document, Extraction)>,
    ) {
        match event {
            LoadEvent::File {
                result,
                warnings,
                done,
                total,
            } => {
                self.done = done;
                self.total = total;
                for warning in warnings {
                    wb.add_load_warning(warning);
                }
                match result {
                    Ok(loaded) => {
                        let (doc, extraction) = *loaded;
                        // Already open: opening twice would duplicate its facts.
                        let open = |p: &std::path::Path| {
                            wb.has_path(p)
                                || batch.iter().any(|(d, _)| d.path.as_deref() == Some(p))
                        };
                        if !doc.path.as_deref().is_some_and(open) {
                            batch.push((doc, extraction));
                        }
                    }
                    Err(error) => wb.add_load_error(error),
                }
            }
            LoadEvent::Finished => self.finished = true,
        }
    }

    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Files done and in all (0 of 0 before the worker has counted them).
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.total)
    }
}
