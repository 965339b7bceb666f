//! Glue shared by the editing commands: turning a planned edit into a diff, a write or
//! a refusal with the right exit code.

use super::Outcome;
use crate::edit::{Planned, Refusal, TreeLock, WriteError, Written};
use crate::error::UserError;
use crate::i18n::{Lang, LocalText};
use crate::render::{Style, edit as render};
use anyhow::Result;
use std::io::Write;
use std::path::Path;

/// Shows a refusal on `err` and returns `Problems` (exit 1); a write refused for the
/// file's sake (changed on disk, read-only...) becomes its message (exit 2); other
/// errors pass through.
pub(super) fn refused(e: anyhow::Error, style: Style, err: &mut dyn Write) -> Result<Outcome> {
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
            Err(write_error(w, &shown))
        }
        Err(e) => Err(e),
    }
}

/// Prints the diff (`--dry-run`) or writes the file under `lock`, with one status line
/// on `err`.
pub(super) fn commit(
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
        Err(e) => return Err(write_error(e, &plan.rel)),
    }
    Ok(())
}

/// A refused or failed write as a user error naming the file as `shown` (exit 2).
pub(super) fn write_error(e: WriteError, shown: &Path) -> anyhow::Error {
    let key = match &e {
        WriteError::Changed(_) => "editing.changed_on_disk",
        WriteError::Exists(_) => "editing.exists",
        WriteError::ReadOnly(_) => "editing.read_only",
        WriteError::HardLinked(..) => "editing.hard_linked",
        WriteError::OutsideTree(_) => "editing.link_outside",
        WriteError::Owner(..) => "editing.owner",
        WriteError::Io(..) => "editing.io",
    };
    let why = match &e {
        WriteError::Io(_, cause) | WriteError::Owner(_, cause) => crate::load::io_detail(cause),
        _ => LocalText::default(),
    };
    let path: LocalText = crate::render::diagnostics::display_path(shown).into();
    UserError::usage(key, &[("path", &path), ("why", &why)]).into()
}

/// A failure about one file, named as the user sees it (`/` whatever the platform).
pub(super) fn path_error(key: &'static str, path: &Path) -> UserError {
    let p: LocalText = crate::render::diagnostics::display_path(path).into();
    UserError::usage(key, &[("path", &p)])
}
