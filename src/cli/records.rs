//! Glue shared by the editing commands: finding the record a command names, and turning
//! a planned edit into a diff, a write or a refusal with the right exit code.

use super::Outcome;
use crate::edit::{Planned, RecordKind, Refusal, TreeLock, WriteError, Written};
use crate::i18n::{Lang, LocalText, fmt};
use crate::load::Catalog;
use crate::model::Id;
use crate::render::{Style, edit as render};
use crate::text::did_you_mean;
use anyhow::{Result, anyhow};
use std::io::Write;
use std::path::Path;

/// The record `name` names: a product or producer id, or its file's path
/// (`products/mat-ong-an-son.toml`). A file that does not parse is still found, so that
/// the command can say where it is broken.
pub fn resolve(catalog: &Catalog, name: &str, lang: Lang) -> Result<(RecordKind, Id)> {
    let as_path = Path::new(name);
    let from_path = |kind: RecordKind| {
        let parent_ok = as_path.parent().and_then(|p| p.file_name()).is_some_and(|d| d == kind.dir());
        let stem = as_path.file_stem().map(|s| s.to_string_lossy().into_owned());
        (parent_ok && as_path.extension().is_some_and(|e| e == "toml")).then_some(stem).flatten()
    };
    for kind in [RecordKind::Product, RecordKind::Producer] {
        if let Some(id) = from_path(kind) {
            return Ok((kind, Id(id)));
        }
    }
    let exists = |kind: RecordKind| catalog.root.join(kind.rel_path(name)).is_file();
    match (exists(RecordKind::Product), exists(RecordKind::Producer)) {
        (true, false) => Ok((RecordKind::Product, Id::from(name))),
        (false, true) => Ok((RecordKind::Producer, Id::from(name))),
        (true, true) => Err(anyhow!("{}", fmt(lang, "editing.ambiguous", &[("name", &name.into())]))),
        (false, false) => {
            let ids = catalog.products.keys().chain(catalog.producers.keys()).map(|id| id.as_str());
            let hint = did_you_mean(name, ids)
                .map(|s| fmt(lang, "show.did_you_mean", &[("name", &s.into())]))
                .unwrap_or_default();
            Err(anyhow!("{}{hint}", fmt(lang, "editing.not_found", &[("name", &name.into())])))
        }
    }
}

/// Shows a refusal on `err` and returns `Problems` (exit 1); a write refused for the
/// file's sake (changed on disk, read-only...) becomes its message (exit 2); other
/// errors pass through.
pub fn refused(e: anyhow::Error, style: Style, err: &mut dyn Write) -> Result<Outcome> {
    let e = match e.downcast::<Refusal>() {
        Ok(r) => {
            render::refusal(err, &r, style)?;
            return Ok(Outcome::Problems);
        }
        Err(e) => e,
    };
    match e.downcast::<WriteError>() {
        Ok(w) => {
            let shown = w.path().to_path_buf();
            Err(write_error(style.lang, w, &shown))
        }
        Err(e) => Err(e),
    }
}

/// Prints the diff (`--dry-run`) or writes the file under `lock`, with one status line
/// on `err`.
pub fn commit(
    plan: &Planned,
    lock: &TreeLock,
    dry_run: bool,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    if !plan.changed() {
        render::status_line(err, lang, "editing.unchanged", &plan.rel)?;
        return Ok(());
    }
    if dry_run {
        out.write_all(plan.diff().as_bytes())?;
        return Ok(());
    }
    let created = plan.snapshot.is_none();
    match plan.write(lock) {
        Ok(Written::Unchanged) => render::status_line(err, lang, "editing.unchanged", &plan.rel)?,
        Ok(Written::Written) => {
            render::status_line(err, lang, if created { "editing.created" } else { "editing.written" }, &plan.rel)?
        }
        Err(e) => return Err(write_error(lang, e, &plan.rel)),
    }
    Ok(())
}

/// A refused or failed write as a message in `lang`, naming the file as `shown`.
pub fn write_error(lang: Lang, e: WriteError, shown: &Path) -> anyhow::Error {
    let key = match &e {
        WriteError::Changed(_) => "editing.changed_on_disk",
        WriteError::Exists(_) => "editing.exists",
        WriteError::ReadOnly(_) => "editing.read_only",
        WriteError::HardLinked(..) => "editing.hard_linked",
        WriteError::OutsideTree(_) => "editing.link_outside",
        WriteError::Owner(..) => "editing.owner",
        WriteError::Io(..) => "editing.io",
    };
    let msg = path_msg(lang, key, shown);
    match e {
        WriteError::Io(_, cause) | WriteError::Owner(_, cause) => anyhow::Error::new(cause).context(msg),
        _ => anyhow!("{msg}"),
    }
}

pub fn path_msg(lang: Lang, key: &str, path: &Path) -> String {
    let p: LocalText = crate::render::diagnostics::display_path(path).into();
    fmt(lang, key, &[("path", &p)])
}
