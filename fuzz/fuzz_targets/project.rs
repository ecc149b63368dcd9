//! Arbitrary bytes as a project file (SQLite or JSON), through `project::open`: the reader of
//! either kind, every check, and the restore over the corpus it names; then the saved view is
//! applied and every undo and redo is run. No panic anywhere: a file that fails a check is an
//! error, a history entry that cannot apply is an error.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use factdesk::review::project;
use factdesk::review::view::FactView;
use libfuzzer_sys::fuzz_target;

/// One file per fuzzing process, rewritten for every input.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("factdesk-fuzz-{}.factdesk", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let path = scratch();
    std::fs::write(path, data).expect("write the scratch project");
    let Ok((mut wb, view, _report)) = project::open(path) else {
        return;
    };
    let mut table = FactView::default();
    table.refresh(&wb, &view.query());
    table.select(view.selected);
    // Each call takes one entry off its stack, applied or dropped as unappliable.
    while wb.can_undo() {
        let _ = wb.undo();
    }
    while wb.can_redo() {
        let _ = wb.redo();
    }
    table.refresh(&wb, &view.query());
    for doc in wb.documents() {
        let _ = wb.marks(doc.id);
    }
});
