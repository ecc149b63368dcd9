//! The project's writer: a thread that owns the [`Store`] and writes each [`Batch`] in its own
//! transaction, so the SQL and the fsync (a few ms, at worst tens) never hold up a frame. The
//! window prepares batches and sends them; the writer reports each back, in order.
//!
//! A batch that fails puts the writer into refusal for that batch's generation: every later batch
//! of the generation is handed back unwritten, so that the session can return all of them to the
//! workbench, in order, and prepare them again (a failed change is never written out of order).

use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use super::sqlite::{Batch, Store, Stored};
use super::{ProjectError, SavedView};
use crate::review::workbench::Commit;

enum Job {
    Batch {
        batch: Batch,
        generation: u64,
    },
    /// The selection and filters: refused with the rest of a failed generation too, since the
    /// view may name a fact or document that a failed batch was adding (a file whose view names
    /// a fact it does not hold is refused when opened).
    View {
        view: SavedView,
        generation: u64,
    },
}

/// What the writer did with one job, in the order the jobs were sent.
pub(super) enum Report {
    Written {
        rows: u64,
    },
    /// The first batch of its generation that could not be written.
    Failed {
        error: ProjectError,
        commit: Commit,
        stored_before: Stored,
    },
    /// A batch sent after a failed one of its generation, not tried.
    Skipped {
        commit: Commit,
    },
    View(Result<(), ProjectError>),
    /// A view sent after a failed batch of its generation, not written.
    ViewSkipped,
}

/// What asking for the next report found.
// Returned once per report and matched at once: boxing the report would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub(super) enum Polled {
    Report(Report),
    /// None yet (only when not waiting).
    Empty,
    /// The writer thread is gone (it panicked): nothing sent and unreported was written.
    Gone,
}

/// The writer thread and its two channels. Dropping it waits until every job sent is written.
#[derive(Debug)]
pub(super) struct Writer {
    jobs: Option<Sender<Job>>,
    reports: Receiver<Report>,
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    pub(super) fn spawn(mut store: Store) -> Result<Writer, ProjectError> {
        let (jobs, job_queue) = channel::<Job>();
        let (report, reports) = channel();
        let path = store.path().to_path_buf();
        let thread = std::thread::Builder::new()
            .name("factdesk project writer".into())
            .spawn(move || {
                let mut refused: Option<u64> = None;
                for job in job_queue {
                    let done = match job {
                        Job::Batch { batch, generation } if refused == Some(generation) => {
                            Report::Skipped {
                                commit: batch.commit,
                            }
                        }
                        Job::Batch { batch, generation } => match store.execute(&batch) {
                            Ok(rows) => Report::Written { rows },
                            Err(error) => {
                                refused = Some(generation);
                                Report::Failed {
                                    error,
                                    commit: batch.commit,
                                    stored_before: batch.stored_before,
                                }
                            }
                        },
                        Job::View { generation, .. } if refused == Some(generation) => {
                            Report::ViewSkipped
                        }
                        Job::View { view, .. } => Report::View(store.save_view(&view)),
                    };
                    if report.send(done).is_err() {
                        break;
                    }
                }
            })
            .map_err(|e| ProjectError::write(&path, format!("no writer thread: {e}")))?;
        Ok(Writer {
            jobs: Some(jobs),
            reports,
            thread: Some(thread),
        })
    }

    /// Queues a batch; hands it back when the writer is gone (it panicked), so nothing can be
    /// written.
    pub(super) fn send_batch(&self, batch: Batch, generation: u64) -> Result<(), Box<Batch>> {
        let Some(jobs) = &self.jobs else {
            return Err(Box::new(batch));
        };
        match jobs.send(Job::Batch { batch, generation }) {
            Ok(()) => Ok(()),
            Err(std::sync::mpsc::SendError(Job::Batch { batch, .. })) => Err(Box::new(batch)),
            // Not what was sent: the error hands back the job it could not send.
            Err(std::sync::mpsc::SendError(Job::View { .. })) => Ok(()),
        }
    }

    pub(super) fn send_view(&self, view: SavedView, generation: u64) -> bool {
        self.jobs
            .as_ref()
            .is_some_and(|jobs| jobs.send(Job::View { view, generation }).is_ok())
    }

    /// The next report, waiting for it when `wait`.
    pub(super) fn report(&self, wait: bool) -> Polled {
        use std::sync::mpsc::TryRecvError;
        if wait {
            return self.reports.recv().map_or(Polled::Gone, Polled::Report);
        }
        match self.reports.try_recv() {
            Ok(report) => Polled::Report(report),
            Err(TryRecvError::Empty) => Polled::Empty,
            Err(TryRecvError::Disconnected) => Polled::Gone,
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Closing the queue ends the thread once it has written everything sent.
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
