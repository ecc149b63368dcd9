//! The SQLite project (format version 3): the schema, reading a project whole, writing one whole
//! (atomically), and the [`Store`] that commits each analyst change in its own transaction,
//! writing only the rows the change touched.
//!
//! The schema (also in the README, for `sqlite3`, Datasette or pandas):
//!
//! ```sql
//! PRAGMA application_id = 1717857136;  -- 0x66647270, "fdrp": a factdesk project
//! PRAGMA user_version = 3;             -- the project format version
//! meta(key TEXT PRIMARY KEY, value TEXT)          -- format = factdesk-project, version = 3, …
//! documents(id, name, path, relative_path, sha256, published, published_given)
//! facts(id, status, fields, original, note, added_by_hand)  -- fields, original: JSON readings
//! mentions(fact, position, document, start, "end", surface, mention, before, after)
//! undo(position, change), redo(position, change)            -- the stacks, JSON changes
//! trail(seq, at, action, reason, change)                    -- the audit trail
//! view(id = 1, view)                                        -- selection and filters, JSON
//! fact_table                                                -- a view: one row a fact, flat
//! ```
//!
//! JSON columns hold what the JSON project held, so numbers stay exact decimals.

use std::collections::BTreeSet;
use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::{
    FORMAT, ProjectError, ProjectFile, SavedDocument, SavedFact, SavedMention, SavedView, VERSION,
    project_folder, saved_document, saved_facts,
};
use crate::review::record::{DocId, FactId, Status};
use crate::review::workbench::{Commit, StackEdit, Workbench};

/// The first bytes of every SQLite database file.
pub const MAGIC: &[u8] = b"SQLite format 3\0";
/// `PRAGMA application_id` of a factdesk project ("fdrp"), so that another program's SQLite
/// file is refused before anything reads it as a project.
pub const APPLICATION_ID: i32 = 0x6664_7270;

const SCHEMA: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    path TEXT,
    relative_path TEXT,
    sha256 TEXT NOT NULL,
    published TEXT,
    published_given INTEGER NOT NULL
);
CREATE TABLE facts (
    id INTEGER PRIMARY KEY,
    status TEXT NOT NULL,
    fields TEXT NOT NULL,
    original TEXT NOT NULL,
    note TEXT NOT NULL,
    added_by_hand INTEGER NOT NULL
);
CREATE TABLE mentions (
    fact INTEGER NOT NULL,
    position INTEGER NOT NULL,
    document INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    surface TEXT NOT NULL,
    mention TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    PRIMARY KEY (fact, position)
) WITHOUT ROWID;
CREATE TABLE undo (position INTEGER PRIMARY KEY, change TEXT NOT NULL);
CREATE TABLE redo (position INTEGER PRIMARY KEY, change TEXT NOT NULL);
CREATE TABLE trail (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    reason TEXT,
    change TEXT NOT NULL
);
CREATE TABLE view (id INTEGER PRIMARY KEY CHECK (id = 1), view TEXT NOT NULL);
CREATE VIEW fact_table AS
SELECT f.id, f.status,
    f.fields ->> '$.kind' AS kind,
    CASE json_type(f.fields, '$.value') WHEN 'text' THEN f.fields ->> '$.value'
        ELSE f.fields -> '$.value' END AS value,
    CASE json_type(f.fields, '$.value_max') WHEN 'text' THEN f.fields ->> '$.value_max'
        WHEN 'null' THEN NULL ELSE f.fields -> '$.value_max' END AS value_max,
    f.fields ->> '$.unit' AS unit,
    f.fields ->> '$.approx' AS approx,
    f.fields ->> '$.subject' AS subject,
    f.fields ->> '$.measure' AS measure,
    f.fields ->> '$.direction' AS direction,
    f.fields ->> '$.basis' AS basis,
    f.fields ->> '$.period' AS period,
    f.note, f.added_by_hand, f.fields <> f.original AS edited,
    (SELECT count(*) FROM mentions m WHERE m.fact = f.id) AS sources
FROM facts f;
"#;

fn sql_error(path: &Path) -> impl Fn(rusqlite::Error) -> ProjectError + '_ {
    move |e| ProjectError::damaged(path, e)
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("project records serialize")
}

fn path_text(path: &Path, project: &Path) -> Result<String, ProjectError> {
    path.to_str().map(str::to_string).ok_or_else(|| {
        ProjectError::write(project, format!("the path {} is not UTF-8", path.display()))
    })
}

/// The header fields SQLite keeps at fixed offsets: checked before SQLite opens the file, so a
/// foreign database is refused without being opened.
fn check_header(path: &Path) -> Result<(), ProjectError> {
    use std::io::Read;
    let mut head = Vec::with_capacity(100);
    std::fs::File::open(path)
        .and_then(|f| f.take(100).read_to_end(&mut head))
        .map_err(|source| ProjectError::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if head.len() < 100 || !head.starts_with(MAGIC) {
        return Err(ProjectError::damaged(
            path,
            "the SQLite header is cut short",
        ));
    }
    let word = |at: usize| i32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    let (user_version, application_id) = (word(60), word(68));
    if application_id != APPLICATION_ID {
        return Err(ProjectError::NotAProject {
            path: path.to_path_buf(),
            what: format!(
                "a SQLite database of another program (application_id {application_id:#x})"
            ),
        });
    }
    ProjectError::check_version(path, i64::from(user_version))?;
    Ok(())
}

/// Opens a project to read only. Nothing here can write the file. With no write-ahead log
/// beside it (no window has it open, none crashed with changes not folded in), it is opened
/// immutable, so that reading leaves no `-wal` and `-shm` files behind either; otherwise the
/// log is read with the file.
fn open_read_only(path: &Path) -> Result<Connection, ProjectError> {
    check_header(path)?;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let logged = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = match path.to_str().filter(|_| !logged) {
        Some(text) => {
            let mut uri = String::from("file:");
            for c in text.chars() {
                match c {
                    '?' => uri.push_str("%3f"),
                    '#' => uri.push_str("%23"),
                    '%' => uri.push_str("%25"),
                    c => uri.push(c),
                }
            }
            uri.push_str("?immutable=1");
            Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
        }
        None => Connection::open_with_flags(path, flags),
    }
    .map_err(sql_error(path))?;
    conn.busy_timeout(std::time::Duration::from_secs(2))
        .map_err(sql_error(path))?;
    Ok(conn)
}

/// Reads a whole SQLite project without touching it.
pub(super) fn read(path: &Path) -> Result<ProjectFile, ProjectError> {
    let conn = open_read_only(path)?;
    read_from(&conn, path, true)
}

/// One row of the meta table (`made_from` of a project made from a batch), read without
/// touching the file.
pub(super) fn read_meta(path: &Path, key: &str) -> Result<Option<String>, ProjectError> {
    let conn = open_read_only(path)?;
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
        .map_err(sql_error(path))
}

/// Reads every table; with `check`, SQLite's own structural check first (every page, index and
/// row count), so damage is found before any row is trusted.
fn read_from(conn: &Connection, path: &Path, check: bool) -> Result<ProjectFile, ProjectError> {
    let damaged = sql_error(path);
    if check {
        let verdict: String = conn
            .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
            .map_err(&damaged)?;
        if verdict != "ok" {
            return Err(ProjectError::damaged(path, verdict));
        }
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(&damaged)?;
    let version = ProjectError::check_version(path, version)?;
    let meta = |key: &str| -> Result<Option<String>, ProjectError> {
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(&damaged)
    };
    match meta("format")? {
        Some(f) if f == FORMAT => {}
        other => {
            return Err(ProjectError::NotAProject {
                path: path.to_path_buf(),
                what: format!("format {other:?} in its meta table"),
            });
        }
    }
    if meta("version")?.as_deref() != Some(&version.to_string()) {
        return Err(ProjectError::inconsistent(
            path,
            "the meta table's version is not the file's",
        ));
    }
    let bad = |what: String| ProjectError::damaged(path, what);

    let mut documents = Vec::new();
    let mut stmt = conn
        .prepare("SELECT id, name, path, relative_path, sha256, published, published_given FROM documents ORDER BY id")
        .map_err(&damaged)?;
    let mut rows = stmt.query([]).map_err(&damaged)?;
    while let Some(r) = rows.next().map_err(&damaged)? {
        let id: i64 = r.get(0).map_err(&damaged)?;
        if id != documents.len() as i64 {
            return Err(ProjectError::inconsistent(
                path,
                format!("document {id} is stored at position {}", documents.len()),
            ));
        }
        let text_path = |i| -> Result<Option<std::path::PathBuf>, ProjectError> {
            Ok(r.get::<_, Option<String>>(i)
                .map_err(&damaged)?
                .map(Into::into))
        };
        documents.push(SavedDocument {
            name: r.get(1).map_err(&damaged)?,
            path: text_path(2)?,
            relative_path: text_path(3)?,
            sha256: r.get(4).map_err(&damaged)?,
            published: r.get(5).map_err(&damaged)?,
            published_given: r.get(6).map_err(&damaged)?,
        });
    }
    drop(rows);
    drop(stmt);

    let mut facts: Vec<SavedFact> = Vec::new();
    let mut stmt = conn
        .prepare("SELECT id, status, fields, original, note, added_by_hand FROM facts ORDER BY id")
        .map_err(&damaged)?;
    let mut rows = stmt.query([]).map_err(&damaged)?;
    while let Some(r) = rows.next().map_err(&damaged)? {
        let id: i64 = r.get(0).map_err(&damaged)?;
        if id != facts.len() as i64 {
            return Err(ProjectError::inconsistent(
                path,
                format!("fact #{id} is stored at position {}", facts.len()),
            ));
        }
        let status: String = r.get(1).map_err(&damaged)?;
        let status = Status::ALL
            .into_iter()
            .find(|s| s.as_str() == status)
            .ok_or_else(|| bad(format!("fact #{id}: status `{status}`")))?;
        let reading = |i: usize, what: &str| -> Result<_, ProjectError> {
            let text: String = r.get(i).map_err(&damaged)?;
            serde_json::from_str(&text).map_err(|e| bad(format!("fact #{id}: {what}: {e}")))
        };
        facts.push(SavedFact {
            id: FactId(id as u32),
            status,
            fields: reading(2, "fields")?,
            original: reading(3, "original")?,
            note: r.get(4).map_err(&damaged)?,
            added_by_hand: r.get(5).map_err(&damaged)?,
            mentions: Vec::new(),
        });
    }
    drop(rows);
    drop(stmt);

    let mut stmt = conn
        .prepare("SELECT fact, position, document, start, \"end\", surface, mention, before, after FROM mentions ORDER BY fact, position")
        .map_err(&damaged)?;
    let mut rows = stmt.query([]).map_err(&damaged)?;
    while let Some(r) = rows.next().map_err(&damaged)? {
        let fact: i64 = r.get(0).map_err(&damaged)?;
        let position: i64 = r.get(1).map_err(&damaged)?;
        let Some(saved) = usize::try_from(fact).ok().and_then(|f| facts.get_mut(f)) else {
            return Err(ProjectError::inconsistent(
                path,
                format!("a mention names fact #{fact}, which is not stored"),
            ));
        };
        if position != saved.mentions.len() as i64 {
            return Err(ProjectError::inconsistent(
                path,
                format!("fact #{fact}'s mention {position} is stored out of order"),
            ));
        }
        let document: i64 = r.get(2).map_err(&damaged)?;
        let text: String = r.get(6).map_err(&damaged)?;
        let mention: crate::fact::Mention = serde_json::from_str(&text)
            .map_err(|e| bad(format!("fact #{fact}, mention {position}: {e}")))?;
        let (start, end, surface): (i64, i64, String) = (
            r.get(3).map_err(&damaged)?,
            r.get(4).map_err(&damaged)?,
            r.get(5).map_err(&damaged)?,
        );
        if (start, end, &surface) != (mention.start as i64, mention.end as i64, &mention.surface) {
            return Err(ProjectError::inconsistent(
                path,
                format!("fact #{fact}, mention {position}: its columns and its record disagree"),
            ));
        }
        saved.mentions.push(SavedMention {
            document: usize::try_from(document).map_err(|_| {
                ProjectError::inconsistent(path, format!("fact #{fact}: document {document}"))
            })?,
            mention,
            before: r.get(7).map_err(&damaged)?,
            after: r.get(8).map_err(&damaged)?,
        });
    }
    drop(rows);
    drop(stmt);

    let stack = |table: &str| -> Result<Vec<crate::review::Change>, ProjectError> {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT position, change FROM {table} ORDER BY position"
            ))
            .map_err(&damaged)?;
        let mut rows = stmt.query([]).map_err(&damaged)?;
        let mut changes = Vec::new();
        while let Some(r) = rows.next().map_err(&damaged)? {
            let position: i64 = r.get(0).map_err(&damaged)?;
            if position != changes.len() as i64 {
                return Err(ProjectError::inconsistent(
                    path,
                    format!("{table} entry {position} is stored out of order"),
                ));
            }
            let text: String = r.get(1).map_err(&damaged)?;
            changes.push(
                serde_json::from_str(&text)
                    .map_err(|e| bad(format!("{table} entry {position}: {e}")))?,
            );
        }
        Ok(changes)
    };
    let undo = stack("undo")?;
    let redo = stack("redo")?;

    let mut trail = Vec::new();
    let mut stmt = conn
        .prepare("SELECT seq, at, action, reason, change FROM trail ORDER BY seq")
        .map_err(&damaged)?;
    let mut rows = stmt.query([]).map_err(&damaged)?;
    while let Some(r) = rows.next().map_err(&damaged)? {
        let seq: i64 = r.get(0).map_err(&damaged)?;
        let reason: Option<String> = r.get(3).map_err(&damaged)?;
        let change: String = r.get(4).map_err(&damaged)?;
        trail.push(crate::review::AuditEntry {
            at: r.get(1).map_err(&damaged)?,
            action: r.get(2).map_err(&damaged)?,
            reason: reason
                .map(|r| serde_json::from_value(serde_json::Value::String(r)))
                .transpose()
                .map_err(|e| bad(format!("trail line {seq}: reason: {e}")))?,
            change: serde_json::from_str(&change)
                .map_err(|e| bad(format!("trail line {seq}: {e}")))?,
        });
    }
    drop(rows);
    drop(stmt);

    let view: Option<String> = conn
        .query_row("SELECT view FROM view WHERE id = 1", [], |r| r.get(0))
        .optional()
        .map_err(&damaged)?;
    let view = match view {
        Some(text) => {
            serde_json::from_str(&text).map_err(|e| bad(format!("the saved view: {e}")))?
        }
        None => SavedView::default(),
    };
    Ok(ProjectFile {
        format: FORMAT.to_string(),
        version,
        documents,
        facts,
        undo,
        redo,
        trail,
        view,
    })
}

/// Writes a whole project as a new SQLite file at `path`, atomically: into a temporary file in
/// the same folder, closed (so its write-ahead log is folded in), synced, then renamed over
/// `path`. A failure leaves `path` as it was.
pub(super) fn create(path: &Path, file: &ProjectFile) -> Result<(), ProjectError> {
    create_with_meta(path, file, &[])
}

/// As [`create`], with further rows of the meta table (`made_from`: what selection of a batch
/// made the project).
pub(super) fn create_with_meta(
    path: &Path,
    file: &ProjectFile,
    meta: &[(&str, String)],
) -> Result<(), ProjectError> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    remove_stale_temporaries(folder);
    let temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|e| ProjectError::write(path, e))?;
    {
        let mut conn = Connection::open(temp.path()).map_err(|e| ProjectError::write(path, e))?;
        write_all(&mut conn, file, path, meta).map_err(|e| match e {
            WriteError::Sql(e) => ProjectError::write(path, e),
            WriteError::Project(e) => e,
        })?;
        conn.close()
            .map_err(|(_, e)| ProjectError::write(path, e))?;
    }
    temp.as_file()
        .sync_all()
        .map_err(|e| ProjectError::write(path, e))?;
    temp.persist(path)
        .map_err(|e| ProjectError::write(path, e.error))?;
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// The name whole writes are made under before the rename.
const TEMP_PREFIX: &str = ".factdesk-project-";

/// Removes what a killed whole write left in `folder`: our own temporary files only (our prefix
/// and `.tmp`, regular files, not links), and only those older than an hour, so a write in
/// progress in another window is never touched.
fn remove_stale_temporaries(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let hour = std::time::Duration::from_secs(3600);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp")) {
            continue;
        }
        let stale = entry.path().symlink_metadata().is_ok_and(|m| {
            m.file_type().is_file()
                && m.modified()
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age > hour)
        });
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

enum WriteError {
    Sql(rusqlite::Error),
    Project(ProjectError),
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        WriteError::Sql(e)
    }
}

impl From<ProjectError> for WriteError {
    fn from(e: ProjectError) -> Self {
        WriteError::Project(e)
    }
}

fn write_all(
    conn: &mut Connection,
    file: &ProjectFile,
    path: &Path,
    extra_meta: &[(&str, String)],
) -> Result<(), WriteError> {
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    conn.pragma_update(None, "user_version", VERSION)?;
    let tx = conn.transaction()?;
    tx.execute_batch(SCHEMA)?;
    {
        let mut meta = tx.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)")?;
        meta.execute(["format", FORMAT])?;
        meta.execute(["version", &VERSION.to_string()])?;
        meta.execute([
            "written_by",
            &format!("factdesk {}", env!("CARGO_PKG_VERSION")),
        ])?;
        for (key, value) in extra_meta {
            meta.execute([*key, value.as_str()])?;
        }
        for (i, d) in file.documents.iter().enumerate() {
            write_document(&tx, i, d, path)?;
        }
        for f in &file.facts {
            write_fact(&tx, f)?;
            write_mentions(&tx, f)?;
        }
        write_stack(
            &tx,
            "undo",
            &StackEdit {
                truncate: Some(0),
                push: file.undo.clone(),
            },
        )?;
        write_stack(
            &tx,
            "redo",
            &StackEdit {
                truncate: Some(0),
                push: file.redo.clone(),
            },
        )?;
        for entry in &file.trail {
            write_trail(&tx, entry)?;
        }
        write_view(&tx, &file.view)?;
    }
    tx.commit()?;
    // The log of a file being made whole is of no use; a project is worked on in WAL mode.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(ProjectError::write(path, format!("journal mode {mode}, not WAL")).into());
    }
    Ok(())
}

fn write_document(
    conn: &Connection,
    id: usize,
    d: &SavedDocument,
    project: &Path,
) -> Result<(), WriteError> {
    let path = d
        .path
        .as_deref()
        .map(|p| path_text(p, project))
        .transpose()?;
    let relative = d
        .relative_path
        .as_deref()
        .map(|p| path_text(p, project))
        .transpose()?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO documents (id, name, path, relative_path, sha256, published, published_given) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id as i64,
        d.name,
        path,
        relative,
        d.sha256,
        d.published,
        d.published_given
    ])?;
    Ok(())
}

fn write_fact(conn: &Connection, f: &SavedFact) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO facts (id, status, fields, original, note, added_by_hand) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        f.id.0,
        f.status.as_str(),
        json(&f.fields),
        json(&f.original),
        f.note,
        f.added_by_hand
    ])?;
    Ok(())
}

/// Replaces a fact's mention rows.
fn write_mentions(conn: &Connection, f: &SavedFact) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM mentions WHERE fact = ?1")?
        .execute([f.id.0])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO mentions (fact, position, document, start, \"end\", surface, mention, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, m) in f.mentions.iter().enumerate() {
        insert.execute(params![
            f.id.0,
            i as i64,
            m.document as i64,
            m.mention.start as i64,
            m.mention.end as i64,
            m.mention.surface,
            json(&m.mention),
            m.before,
            m.after
        ])?;
    }
    Ok(())
}

fn write_stack(conn: &Connection, table: &str, edit: &StackEdit) -> rusqlite::Result<()> {
    let base = match edit.truncate {
        Some(len) => {
            conn.prepare_cached(&format!("DELETE FROM {table} WHERE position >= ?1"))?
                .execute([len as i64])?;
            len as i64
        }
        None if edit.push.is_empty() => return Ok(()),
        None => conn.query_row(
            &format!("SELECT COALESCE(MAX(position) + 1, 0) FROM {table}"),
            [],
            |r| r.get(0),
        )?,
    };
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO {table} (position, change) VALUES (?1, ?2)"
    ))?;
    for (i, change) in edit.push.iter().enumerate() {
        insert.execute(params![base + i as i64, json(change)])?;
    }
    Ok(())
}

fn write_trail(conn: &Connection, entry: &crate::review::AuditEntry) -> rusqlite::Result<()> {
    let reason = entry.reason.map(|r| json(&r).trim_matches('"').to_string());
    conn.prepare_cached("INSERT INTO trail (at, action, reason, change) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![entry.at, entry.action, reason, json(&entry.change)])?;
    Ok(())
}

fn write_view(conn: &Connection, view: &SavedView) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO view (id, view) VALUES (1, ?1)")?
        .execute([json(view)])?;
    Ok(())
}

/// Whether two facts' own rows (not their mentions) are the same.
fn same_row(a: &SavedFact, b: &SavedFact) -> bool {
    (a.status, &a.fields, &a.original, &a.note, a.added_by_hand)
        == (b.status, &b.fields, &b.original, &b.note, b.added_by_hand)
}

/// The facts and documents a project file holds rows for: newer ones are written as new rows by
/// the next batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stored {
    facts: usize,
    documents: usize,
}

impl Stored {
    /// What the file holds once the workbench as it is now has been written.
    pub fn of(wb: &Workbench) -> Stored {
        Stored {
            facts: wb.all_facts().len(),
            documents: wb.documents().len(),
        }
    }
}

/// One [`Commit`] with the rows it writes, read from the workbench when the commit is taken:
/// the writer (a thread of its own, [`super::writer`]) needs nothing of the workbench, and the
/// window only pays for copying a few rows, never for SQL or fsync.
#[derive(Debug)]
pub struct Batch {
    /// Handed back when the batch cannot be written, to be prepared again.
    pub(super) commit: Commit,
    /// What the file held before this batch (restored when it fails).
    pub(super) stored_before: Stored,
    documents: Vec<(usize, SavedDocument)>,
    /// Each fact with whether its own row and whether its mentions are written.
    facts: Vec<(SavedFact, bool, bool)>,
}

impl Batch {
    /// Reads the rows `commit` touched, and the facts and documents newer than `stored`, from
    /// `wb`; `stored` moves on to the workbench's size.
    pub fn prepare(wb: &Workbench, commit: Commit, stored: &mut Stored, project: &Path) -> Batch {
        let new_facts = (stored.facts..wb.all_facts().len()).map(|i| FactId(i as u32));
        let rows: BTreeSet<FactId> = commit
            .facts
            .iter()
            .copied()
            .chain(new_facts.clone())
            .collect();
        let mentions: BTreeSet<FactId> = commit.mentions.iter().copied().chain(new_facts).collect();
        let folder = project_folder(project);
        let documents = commit
            .documents
            .iter()
            .copied()
            .chain((stored.documents..wb.documents().len()).map(|i| DocId(i as u32)))
            .collect::<BTreeSet<DocId>>()
            .into_iter()
            .map(|doc| (doc.index(), saved_document(wb.document(doc), &folder)))
            .collect();
        let all: Vec<FactId> = rows.union(&mentions).copied().collect();
        let facts = saved_facts(wb, &all)
            .into_iter()
            .map(|f| {
                let (row, mention_rows) = (rows.contains(&f.id), mentions.contains(&f.id));
                (f, row, mention_rows)
            })
            .collect();
        let stored_before = *stored;
        *stored = Stored::of(wb);
        Batch {
            commit,
            stored_before,
            documents,
            facts,
        }
    }
}

/// A project open for changes: each [`Batch`] is written in its own transaction, WAL mode,
/// synchronous = FULL (a committed change survives a crash and a power cut). Only one store per
/// project: the [`super::Session`] holds the project's lock.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: std::path::PathBuf,
}

impl Store {
    /// Opens a project, already read and checked, for changes.
    pub fn open(path: &Path) -> Result<Store, ProjectError> {
        check_header(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql_error(path))?;
        let setup = || -> rusqlite::Result<()> {
            conn.busy_timeout(std::time::Duration::from_secs(2))?;
            let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(rusqlite::Error::InvalidQuery);
            }
            conn.pragma_update(None, "synchronous", "FULL")
        };
        setup().map_err(sql_error(path))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// What the file holds rows for.
    pub fn stored(&self) -> Result<Stored, ProjectError> {
        let count = |table: &str| -> rusqlite::Result<usize> {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(n as usize)
        };
        (|| {
            Ok(Stored {
                facts: count("facts")?,
                documents: count("documents")?,
            })
        })()
        .map_err(sql_error(&self.path))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one action: the rows it touched, facts and documents new since the batch before,
    /// the history and the trail, in one transaction. Returns the rows SQLite wrote (inserted,
    /// replaced or deleted).
    pub fn execute(&mut self, batch: &Batch) -> Result<u64, ProjectError> {
        let changes_before = self.conn.total_changes();
        self.write(batch)
            .map_err(|e| ProjectError::write(&self.path, e))?;
        Ok(self.conn.total_changes() - changes_before)
    }

    fn write(&mut self, batch: &Batch) -> rusqlite::Result<()> {
        let tx = self.conn.transaction()?;
        for (id, saved) in &batch.documents {
            write_document(&tx, *id, saved, &self.path).map_err(|e| match e {
                WriteError::Sql(e) => e,
                WriteError::Project(e) => rusqlite::Error::ToSqlConversionFailure(e.into()),
            })?;
        }
        for (fact, row, mentions) in &batch.facts {
            if *row {
                write_fact(&tx, fact)?;
            }
            if *mentions {
                write_mentions(&tx, fact)?;
            }
        }
        let commit = &batch.commit;
        write_stack(&tx, "undo", &commit.undo)?;
        write_stack(&tx, "redo", &commit.redo)?;
        for entry in &commit.trail {
            write_trail(&tx, entry)?;
        }
        tx.commit()
    }

    /// Writes the selection and filters.
    pub fn save_view(&mut self, view: &SavedView) -> Result<(), ProjectError> {
        write_view(&self.conn, view).map_err(|e| ProjectError::write(&self.path, e))
    }

    /// Brings the file to the workbench as opened: re-extraction found new mentions, re-anchored
    /// some, filled version-1 frames, dropped a history that no longer fits. Rows are compared and
    /// only those that differ are written, in one transaction; a clean reopening writes nothing.
    pub fn sync(&mut self, wb: &Workbench, view: &SavedView) -> Result<usize, ProjectError> {
        let path = self.path.clone();
        let stored = read_from(&self.conn, &path, false)?;
        let now = super::snapshot(wb, &path, view.clone());
        let mut written = 0;
        let result = (|| -> Result<(), WriteError> {
            let tx = self.conn.transaction()?;
            for (i, d) in now.documents.iter().enumerate() {
                if stored.documents.get(i) != Some(d) {
                    write_document(&tx, i, d, &path)?;
                    written += 1;
                }
            }
            tx.execute(
                "DELETE FROM documents WHERE id >= ?1",
                [now.documents.len() as i64],
            )?;
            tx.execute("DELETE FROM facts WHERE id >= ?1", [now.facts.len() as i64])?;
            tx.execute(
                "DELETE FROM mentions WHERE fact >= ?1",
                [now.facts.len() as i64],
            )?;
            for (i, f) in now.facts.iter().enumerate() {
                let before = stored.facts.get(i);
                if before.is_none_or(|b| !same_row(b, f)) {
                    write_fact(&tx, f)?;
                    written += 1;
                }
                if before.map(|b| &b.mentions) != Some(&f.mentions) {
                    write_mentions(&tx, f)?;
                    written += 1;
                }
            }
            for (table, stack, was) in [
                ("undo", &now.undo, &stored.undo),
                ("redo", &now.redo, &stored.redo),
            ] {
                if stack != was {
                    write_stack(
                        &tx,
                        table,
                        &StackEdit {
                            truncate: Some(0),
                            push: stack.clone(),
                        },
                    )?;
                    written += 1;
                }
            }
            if now.trail.len() != stored.trail.len() {
                tx.execute("DELETE FROM trail", [])?;
                for entry in &now.trail {
                    write_trail(&tx, entry)?;
                }
                written += 1;
            }
            if now.view != stored.view {
                write_view(&tx, &now.view)?;
            }
            tx.commit()?;
            Ok(())
        })();
        result.map_err(|e| match e {
            WriteError::Sql(e) => ProjectError::write(&path, e),
            WriteError::Project(e) => e,
        })?;
        Ok(written)
    }
}
