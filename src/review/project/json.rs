//! The JSON projects of earlier versions (`*.factdesk.json`, versions 1 and 2): read, never
//! written by the window.

use std::path::Path;

use serde::Deserialize;

use super::{FORMAT, JSON_VERSION, ProjectError, ProjectFile};

/// Reads a JSON project, its format and version checked first so that a newer or foreign file
/// says so rather than "damaged".
pub(super) fn read(path: &Path) -> Result<ProjectFile, ProjectError> {
    let text = std::fs::read_to_string(path).map_err(|source| ProjectError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    #[derive(Deserialize)]
    struct Header {
        format: String,
        version: i64,
    }
    let header: Header = serde_json::from_str(&text).map_err(|e| ProjectError::damaged(path, e))?;
    if header.format != FORMAT {
        return Err(ProjectError::NotAProject {
            path: path.to_path_buf(),
            what: format!("format `{}`", header.format),
        });
    }
    if header.version > i64::from(JSON_VERSION) {
        return Err(ProjectError::Newer {
            path: path.to_path_buf(),
            version: u32::try_from(header.version).unwrap_or(u32::MAX),
        });
    }
    ProjectError::check_version(path, header.version)?;
    serde_json::from_str(&text).map_err(|e| ProjectError::damaged(path, e))
}
