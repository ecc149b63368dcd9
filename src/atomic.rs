//! Atomic file writes: a temporary file in the same folder, flushed and synced, then renamed over
//! the target. A crash mid-write leaves the old file (or none), never a half-written one; the
//! temporary files a killed write leaves are removed by a later write into the same folder.
//!
//! Also the guard every writing command runs first: an output path must not be one of the files
//! the command reads ([`check_output`]).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Temporary files are `.factdesk-XXXXXX.tmp` (six random letters and digits): hidden, and
/// recognisable as ours by a later write.
const TEMP_PREFIX: &str = ".factdesk-";
const TEMP_SUFFIX: &str = ".tmp";
const TEMP_RANDOM_CHARS: usize = 6;

/// A temporary file of ours older than this is a leftover of a killed write: no save takes so
/// long, and a live one keeps touching its file.
pub const STALE_AFTER: Duration = Duration::from_secs(15 * 60);

/// Symbolic links followed before giving up (as the kernel's `ELOOP` limit).
const MAX_LINKS: usize = 40;

/// The write buffer: outputs run to tens of megabytes, and each 8 KiB write of the default buffer
/// is a system call (2,500 of them for one 20 MB extraction).
const WRITE_BUFFER: usize = 1 << 20;

/// Writes `path` through `fill`, atomically. On error the target is untouched.
///
/// A symbolic link is written through: its final target is replaced (a temporary file in the
/// target's folder, renamed onto it) and the link stays. An existing target that is not a
/// regular file (`/dev/null`, a FIFO) is written into directly, as a shell redirection would.
pub fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let target = resolve_links(path)?;
    match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "is a folder, not a file",
            ));
        }
        Ok(m) if !m.is_file() => {
            let file = std::fs::OpenOptions::new().write(true).open(&target)?;
            let mut writer = BufWriter::with_capacity(WRITE_BUFFER, file);
            fill(&mut writer)?;
            return writer.flush();
        }
        _ => {}
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    remove_stale_temporaries(dir, STALE_AFTER);
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .rand_bytes(TEMP_RANDOM_CHARS);
    // Temporary files are private (0600); the result should read like any file the user writes,
    // or keep the permissions of the file it replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&target)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        builder.permissions(std::fs::Permissions::from_mode(mode & 0o777));
    }
    let mut temp = builder.tempfile_in(dir)?;
    {
        let mut writer = BufWriter::with_capacity(WRITE_BUFFER, temp.as_file_mut());
        fill(&mut writer)?;
        writer.flush()?;
    }
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// The path a write to `path` lands on: symbolic links at the end of the path followed (the
/// folders on the way are the system's to resolve). A path that is not a link is itself.
pub fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links from {}",
        path.display()
    )))
}

/// Whether `name` is one of our temporary files: the prefix, six ASCII letters or digits, the
/// suffix, nothing else.
fn is_our_temporary(name: &str) -> bool {
    name.strip_prefix(TEMP_PREFIX)
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|random| {
            random.len() == TEMP_RANDOM_CHARS && random.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Removes the temporary files of ours in `dir` last modified longer than `age` ago; returns how
/// many. Only regular files (never a link, never a folder) whose name has exactly our pattern are
/// touched; anything unreadable is left alone, silently, since this is housekeeping.
pub fn remove_stale_temporaries(dir: &Path, age: Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_our_temporary) {
            continue;
        }
        // `DirEntry::metadata` does not follow links: a link of that name is not ours.
        let Ok(metadata) = entry.metadata() else {
            continue;
        };
        let stale = metadata
            .modified()
            .ok()
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|elapsed| elapsed > age);
        if metadata.file_type().is_file() && stale && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// A file a command reads, which its output must not overwrite.
#[derive(Debug, Clone, Copy)]
pub struct Protected<'a> {
    pub path: &'a Path,
    /// What it is to the command: `an input`, `the project`, `a corpus file of the project`.
    pub role: &'a str,
}

/// Refuses an output path that would overwrite what the command reads: the same file as a
/// protected one (by identity, so hard links, symbolic links and other spellings of the path are
/// caught), or a file inside a protected folder. The error says which and why.
pub fn check_output(out: &Path, protected: &[Protected<'_>]) -> Result<(), String> {
    let target = resolve_links(out).map_err(|e| format!("{}: {e}", out.display()))?;
    // Where the target lives, spelled canonically, for the folder checks (it may not exist yet).
    let canonical_target = std::fs::canonicalize(&target).ok().or_else(|| {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        Some(
            std::fs::canonicalize(parent)
                .ok()?
                .join(target.file_name()?),
        )
    });
    for p in protected {
        let refused = |what: String| {
            Err(format!(
                "refusing to write {}: it {what} ({}); nothing was written",
                out.display(),
                p.path.display()
            ))
        };
        if p.path.is_dir() {
            let inside = canonical_target
                .as_deref()
                .zip(std::fs::canonicalize(p.path).ok())
                .is_some_and(|(t, folder)| t.starts_with(folder));
            if inside {
                return refused(format!("is inside {} folder", p.role));
            }
        } else if same_file::is_same_file(&target, p.path).unwrap_or(false) {
            return refused(format!("is {}", p.role));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, "old").unwrap();
        let err = write_atomically(&path, |w: &mut dyn Write| {
            w.write_all(b"half")?;
            Err(io::Error::other("interrupted"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temporary file removed"
        );
        write_atomically(&path, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn only_our_own_temporary_names_match() {
        assert!(is_our_temporary(".factdesk-a1B2c3.tmp"));
        for name in [
            ".factdesk-a1B2c.tmp",
            ".factdesk-a1B2c3d.tmp",
            ".factdesk-a1-2c3.tmp",
            ".factdesk-a1B2c3.tmp~",
            "factdesk-a1B2c3.tmp",
            ".factdesk-a1B2c3.json",
            "notes.txt",
        ] {
            assert!(!is_our_temporary(name), "{name}");
        }
    }

    /// Sets a file's modification time `age` into the past.
    fn age_file(path: &Path, age: Duration) {
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(SystemTime::now() - age).unwrap();
    }

    #[test]
    fn a_write_removes_stale_temporaries_of_its_own_naming_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let hour = Duration::from_secs(3600);
        let stale = dir.path().join(".factdesk-Ab3dE9.tmp");
        let fresh = dir.path().join(".factdesk-Zz9yX8.tmp");
        let other = dir.path().join(".factdesk-notes.tmp");
        let user = dir.path().join("corpus.txt");
        for file in [&stale, &fresh, &other, &user] {
            std::fs::write(file, "x").unwrap();
        }
        for file in [&stale, &other, &user] {
            age_file(file, hour);
        }
        // A folder and a link with our naming, both old: not ours to remove.
        let folder = dir.path().join(".factdesk-Dir000.tmp");
        std::fs::create_dir(&folder).unwrap();
        #[cfg(unix)]
        let link = {
            let link = dir.path().join(".factdesk-Lnk000.tmp");
            std::os::unix::fs::symlink(&user, &link).unwrap();
            link
        };

        write_atomically(&dir.path().join("out.json"), |w| w.write_all(b"{}")).unwrap();
        assert!(!stale.exists(), "the stale temporary is removed");
        for kept in [&fresh, &other, &user, &folder] {
            assert!(kept.exists(), "{} kept", kept.display());
        }
        #[cfg(unix)]
        assert!(std::fs::symlink_metadata(&link).is_ok(), "the link is kept");
    }

    // Unix only: the test makes symbolic links.
    #[cfg(unix)]
    #[test]
    fn a_link_is_written_through_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        let target = dir.path().join("data/facts.jsonl");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("latest.jsonl");
        std::os::unix::fs::symlink("data/facts.jsonl", &link).unwrap();
        let chained = dir.path().join("chained.jsonl");
        std::os::unix::fs::symlink("latest.jsonl", &chained).unwrap();

        write_atomically(&chained, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        for l in [&link, &chained] {
            assert!(
                std::fs::symlink_metadata(l)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
        }
        // A dangling link creates its target.
        let dangling = dir.path().join("next.jsonl");
        std::os::unix::fs::symlink("data/next.jsonl", &dangling).unwrap();
        write_atomically(&dangling, |w| w.write_all(b"first")).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("data/next.jsonl")).unwrap(),
            "first"
        );
        // A loop is an error, not a hang.
        let a = dir.path().join("loop_a");
        std::os::unix::fs::symlink("loop_b", &a).unwrap();
        std::os::unix::fs::symlink("loop_a", dir.path().join("loop_b")).unwrap();
        assert!(write_atomically(&a, |w| w.write_all(b"x")).is_err());
    }

    #[test]
    fn outputs_onto_protected_files_and_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        let source = corpus.join("a.txt");
        std::fs::write(&source, "增长6.7%").unwrap();
        let single = dir.path().join("b.txt");
        std::fs::write(&single, "增长6.7%").unwrap();
        let protected = [
            Protected {
                path: &corpus,
                role: "an input",
            },
            Protected {
                path: &single,
                role: "an input",
            },
        ];
        let hard = dir.path().join("hard.txt");
        std::fs::hard_link(&single, &hard).unwrap();
        let refused = [
            source.clone(),
            corpus.join("new.jsonl"),
            corpus.join("../corpus/a.txt"),
            single.clone(),
            dir.path().join("./b.txt"),
            hard,
        ];
        for out in &refused {
            let err = check_output(out, &protected).unwrap_err();
            assert!(err.contains("an input"), "{err}");
            assert!(err.contains("nothing was written"), "{err}");
        }
        let err = check_output(&single, &protected).unwrap_err();
        assert!(
            err.contains("b.txt") && err.contains("is an input"),
            "{err}"
        );
        let err = check_output(&source, &protected).unwrap_err();
        assert!(err.contains("is inside an input folder"), "{err}");
        assert!(check_output(&dir.path().join("facts.jsonl"), &protected).is_ok());
        assert!(check_output(&dir.path().join("corpus2.txt"), &protected).is_ok());
    }
}
