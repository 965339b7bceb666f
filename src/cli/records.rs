//! Glue shared by the editing commands: turning a planned edit into a diff, a write or
//! a refusal with the right exit code.

use super::Outcome;
use crate::edit::{Planned, Refusal, WriteError, Written};
use crate::i18n::{Lang, LocalText, fmt};
use crate::render::{Style, edit as render};
use anyhow::{Result, anyhow};
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
        Err(WriteError::Changed(_)) => return Err(anyhow!("{}", path_msg(lang, "editing.changed_on_disk", &plan.rel))),
        Err(WriteError::Exists(_)) => return Err(anyhow!("{}", path_msg(lang, "editing.exists", &plan.rel))),
        Err(e @ WriteError::Io(..)) => return Err(e.into()),
    }
    Ok(())
}

pub fn path_msg(lang: Lang, key: &str, path: &Path) -> String {
    let p: LocalText = crate::render::diagnostics::display_path(path).into();
    fmt(lang, key, &[("path", &p)])
}
