//! Everything a project says is checked before the workbench sees it: a fact, document or
//! mention that the undo stack, the redo stack or the saved view names must exist, offsets must
//! be a span of the text, paths must be what factdesk writes. A project edited by hand or
//! damaged is refused here with what is wrong, rather than panicking later on Ctrl+Z or on every
//! frame.

use crate::fact::Mention;
use crate::review::edit::parse_iso_date;
use crate::review::workbench::{Change, MentionKey};

use super::{FORMAT, ProjectFile, stays_below};

/// The structure of a project: ids, references and spans.
pub(super) fn check(file: &ProjectFile) -> Result<(), String> {
    if file.format != FORMAT {
        return Err(format!("format `{}` is not {FORMAT}", file.format));
    }
    let docs = file.documents.len();
    let facts = file.facts.len();
    if u32::try_from(docs).is_err() || u32::try_from(facts).is_err() {
        return Err("more documents or facts than a project holds".into());
    }
    for (i, d) in file.documents.iter().enumerate() {
        let what = || format!("document {i} ({})", d.name);
        if let Some(path) = &d.path
            && !path.is_absolute()
        {
            return Err(format!(
                "{}: path {} is not absolute",
                what(),
                path.display()
            ));
        }
        if let Some(relative) = &d.relative_path
            && !stays_below(relative)
        {
            return Err(format!(
                "{}: relative path {} leaves the project's folder",
                what(),
                relative.display()
            ));
        }
        if d.sha256.len() != 64 || !d.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("{}: `{}` is not a SHA-256", what(), d.sha256));
        }
        if let Some(date) = &d.published {
            parse_iso_date(date).map_err(|e| format!("{}: publication date: {e}", what()))?;
        }
    }
    for (i, fact) in file.facts.iter().enumerate() {
        if fact.id.index() != i {
            return Err(format!("fact #{} is stored at position {i}", fact.id.0));
        }
        for m in &fact.mentions {
            if m.document >= docs {
                return Err(format!(
                    "fact #{i} names document {}, which is not listed",
                    m.document
                ));
            }
            span(&m.mention).map_err(|e| format!("fact #{i}: {e}"))?;
        }
    }
    for (stack, changes) in [("undo", &file.undo), ("redo", &file.redo)] {
        for (i, change) in changes.iter().enumerate() {
            check_change(change, facts, docs)
                .map_err(|e| format!("{stack} entry {}: {e}", i + 1))?;
        }
    }
    let view = &file.view;
    if let Some(selected) = view.selected
        && selected.index() >= facts
    {
        return Err(format!(
            "the saved view selects fact #{}, of {facts}",
            selected.0
        ));
    }
    if let Some(document) = view.document
        && document.index() >= docs
    {
        return Err(format!(
            "the saved view shows document {}, of {docs}",
            document.0
        ));
    }
    Ok(())
}

/// A mention's span: start before end, and the surface that many chars.
fn span(m: &Mention) -> Result<(), String> {
    if m.start >= m.end {
        return Err(format!("mention {}–{} is not a span", m.start, m.end));
    }
    if m.surface.chars().count() != m.end - m.start {
        return Err(format!(
            "mention {}–{} has a surface of another length ({:?})",
            m.start, m.end, m.surface
        ));
    }
    Ok(())
}

fn key(k: &MentionKey, docs: usize) -> Result<(), String> {
    if k.doc.index() >= docs {
        return Err(format!("document {} is not listed", k.doc.0));
    }
    if k.start >= k.end {
        return Err(format!("mention {}–{} is not a span", k.start, k.end));
    }
    Ok(())
}

/// What a history entry names must exist.
fn check_change(change: &Change, facts: usize, docs: usize) -> Result<(), String> {
    let fact = |id: crate::review::FactId| {
        if id.index() < facts {
            Ok(())
        } else {
            Err(format!("names fact #{}, of {facts}", id.0))
        }
    };
    match change {
        Change::Status { fact: f, .. } | Change::Note { fact: f, .. } => fact(*f),
        Change::Fields { fact: f, .. } => fact(*f),
        Change::MoveMention { mention, from, to } => {
            fact(*from)?;
            fact(*to)?;
            key(mention, docs)
        }
        Change::Regroup { moves } => moves.iter().try_for_each(|m| {
            fact(m.from)?;
            fact(m.to)?;
            key(&m.mention, docs)
        }),
        Change::AddMention {
            fact: f,
            doc,
            mention,
        }
        | Change::RemoveMention {
            fact: f,
            doc,
            mention,
        }
        | Change::AddFact {
            fact: f,
            doc,
            mention,
            ..
        }
        | Change::RemoveFact {
            fact: f,
            doc,
            mention,
            ..
        } => {
            fact(*f)?;
            if doc.index() >= docs {
                return Err(format!("names document {}, of {docs}", doc.0));
            }
            span(mention)
        }
        Change::Published {
            doc,
            from,
            to,
            mentions,
            facts: reframed,
        } => {
            if doc.index() >= docs {
                return Err(format!("names document {}, of {docs}", doc.0));
            }
            for date in [&from.date, &to.date].into_iter().flatten() {
                parse_iso_date(date).map_err(|e| format!("publication date: {e}"))?;
            }
            for m in mentions {
                fact(m.fact)?;
                key(&m.mention, docs)?;
            }
            reframed.iter().try_for_each(|f| fact(f.fact))
        }
    }
}

/// Mentions lie inside their document's text, for the documents whose length is known and
/// trusted (`chars_of` gives it; `None` for a document changed since, or missing).
pub(super) fn offsets(
    file: &ProjectFile,
    chars_of: impl Fn(usize) -> Option<usize>,
) -> Result<(), String> {
    let check = |doc: usize, end: usize, what: &dyn Fn() -> String| match chars_of(doc) {
        Some(chars) if end > chars => Err(format!(
            "{} ends at char {end}, past the end of document {doc} ({chars} chars)",
            what()
        )),
        _ => Ok(()),
    };
    for fact in &file.facts {
        for m in &fact.mentions {
            check(m.document, m.mention.end, &|| {
                format!("fact #{}'s mention {:?}", fact.id.0, m.mention.surface)
            })?;
        }
    }
    for (stack, changes) in [("undo", &file.undo), ("redo", &file.redo)] {
        for (i, change) in changes.iter().enumerate() {
            let what = || format!("{stack} entry {}", i + 1);
            match change {
                Change::AddMention { doc, mention, .. }
                | Change::RemoveMention { doc, mention, .. }
                | Change::AddFact { doc, mention, .. }
                | Change::RemoveFact { doc, mention, .. } => {
                    check(doc.index(), mention.end, &what)?
                }
                Change::MoveMention { mention, .. } => {
                    check(mention.doc.index(), mention.end, &what)?
                }
                Change::Regroup { moves } => {
                    for m in moves {
                        check(m.mention.doc.index(), m.mention.end, &what)?;
                    }
                }
                Change::Published { mentions, .. } => {
                    for m in mentions {
                        check(m.mention.doc.index(), m.mention.end, &what)?;
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}
