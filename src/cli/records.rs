//! Glue shared by the editing commands: turning a planned edit into a diff, a write or
//! a refusal with the right exit code.

use super::Outcome;
use crate::edit::{Planned, Refusal, WriteError, Written};
use crate::error::UserError;
use crate::i18n::{Lang, LocalText};
use crate::render::{Style, edit as render};
use anyhow::Result;
use std::io::Write;
use std::path::Path;

/// Shows a refusal on `err` and returns `Problems` (exit 1); other errors pass through.
pub fn refused(e: anyhow::Error, style: Style, err: &mut dyn Write) -> Result<Outcome> {
    match e.downcast::<Refusal>() {
        Ok(r) => {
            render::refusal(err, &r, style)?;
            Ok(Outcome::Problems)
        }
        Err(e) => Err(e),
    }
}

/// Prints the diff (`--dry-run`) or writes the file, with one status line on `err`.
pub fn commit(plan: &Planned, dry_run: bool, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    if !plan.changed() {
        render::status_line(err, lang, "editing.unchanged", &plan.rel)?;
        return Ok(());
    }
    if dry_run {
        out.write_all(plan.diff().as_bytes())?;
        return Ok(());
    }
    let created = plan.snapshot.is_none();
    match plan.write() {
        Ok(Written::Unchanged) => render::status_line(err, lang, "editing.unchanged", &plan.rel)?,
        Ok(Written::Written) => {
            render::status_line(err, lang, if created { "editing.created" } else { "editing.written" }, &plan.rel)?
        }
        Err(WriteError::Changed(_)) => return Err(path_error("editing.changed_on_disk", &plan.rel).into()),
        Err(WriteError::Exists(_)) => return Err(path_error("editing.exists", &plan.rel).into()),
        Err(e @ WriteError::Io(..)) => return Err(e.into()),
    }
    Ok(())
}

/// A failure about one file, named as the user sees it (`/` whatever the platform).
pub fn path_error(key: &'static str, path: &Path) -> UserError {
    let p: LocalText = crate::render::diagnostics::display_path(path).into();
    UserError::usage(key, &[("path", &p)])
}
