//! `ocop edit RECORD`: open a record in the officer's editor, then check it. On errors,
//! show them and offer to reopen (on a terminal); never leave a broken file unsaid.

use super::{Env, Options, Outcome};
use crate::diag::{Code, Diagnostic, Severity};
use crate::error::UserError;
use crate::i18n::{Lang, LocalText, fmt, tr};
use crate::render::diagnostics::{display_path, human};
use anyhow::{Result, anyhow};
use std::io::{BufRead, Write};
use std::path::Path;

/// Open a product or producer file in $VISUAL or $EDITOR, then check it. On a terminal,
/// offers to reopen the file while it has errors.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The product or producer: its id (file name without .toml) or its file's path.
    pub record: String,
}

pub fn run(args: &Args, opts: &Options, env: &Env, _out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    // Held while the editor is open, so `set` or `import` cannot write the file under
    // the officer's feet.
    let _lock = opts.lock_tree("edit")?;
    let catalog = opts.load()?;
    let style = opts.style(Some(&catalog));
    let lang = style.lang;
    let (kind, id) = crate::find::record(&catalog, &args.record, crate::find::By::IdOrPath)?;
    let rel = kind.rel_path(id.as_str());
    let path = catalog.root.join(&rel);
    let editor = env
        .editor
        .as_deref()
        .filter(|e| !e.trim().is_empty())
        .ok_or_else(|| UserError::usage("editing.edit.no_editor", &[]))?;
    loop {
        open(editor, &path, lang)?;
        if std::fs::symlink_metadata(&path).is_err() {
            let p: LocalText = display_path(&rel).into();
            return Err(UserError::usage("editing.edit.deleted", &[("path", &p)]).into());
        }
        let diags = diagnostics_of(opts, &rel)?;
        human(err, &diags, style)?;
        let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
        let p: LocalText = display_path(&rel).into();
        if errors == 0 {
            writeln!(
                err,
                "{}",
                crate::safe::terminal(&fmt(
                    lang,
                    "editing.edit.ok",
                    &[("path", &p), ("warnings", &diags.len().to_string().into())]
                ))
            )?;
            return Ok(Outcome::Clean);
        }
        if opts.interactive && ask_reopen(lang, &mut std::io::stdin().lock(), err)? {
            continue;
        }
        let broken =
            diags.iter().find(|d| matches!(d.code, Code::NotUtf8 | Code::TomlSyntax | Code::WrongType | Code::BadDate));
        match broken {
            Some(d) => {
                let at = d.position.as_ref().map_or(String::new(), |pos| format!(":{}:{}", pos.line, pos.column));
                writeln!(
                    err,
                    "{}",
                    crate::safe::terminal(&fmt(lang, "editing.edit.broken", &[("path", &p), ("at", &at.into())]))
                )?;
            }
            None => writeln!(
                err,
                "{}",
                crate::safe::terminal(&fmt(
                    lang,
                    "editing.edit.errors",
                    &[("path", &p), ("errors", &errors.to_string().into())]
                ))
            )?,
        }
        return Ok(Outcome::Problems);
    }
}

/// Runs the editor on `path` and waits for it. `editor` may carry arguments, split as
/// a shell would (`code --wait`, `"/opt/My Editor/edit" -w`).
fn open(editor: &str, path: &Path, lang: Lang) -> Result<()> {
    let words = shell_words::split(editor)
        .ok()
        .filter(|w| !w.is_empty())
        .ok_or_else(|| UserError::usage("editing.edit.bad_editor", &[("editor", &editor.into())]))?;
    let status = std::process::Command::new(&words[0]).args(&words[1..]).arg(path).status().map_err(|e| {
        let why = crate::load::io_detail(&e);
        anyhow!("{}: {}", fmt(lang, "editing.edit.cannot_start", &[("editor", &editor.into())]), why.get(lang))
    })?;
    if !status.success() {
        return Err(UserError::usage(
            "editing.edit.editor_failed",
            &[
                ("editor", &editor.into()),
                ("status", &status.code().map_or_else(|| "-".to_string(), |c| c.to_string()).into()),
            ],
        )
        .into());
    }
    Ok(())
}

/// Every diagnostic on the file `rel`, from loading the tree again.
fn diagnostics_of(opts: &Options, rel: &Path) -> Result<Vec<Diagnostic>> {
    Ok(opts.open()?.diagnostics_of(rel).cloned().collect())
}

/// "Reopen? [Y/n]": yes unless the answer starts with n/k (không); end of input is no.
fn ask_reopen(lang: Lang, input: &mut dyn BufRead, err: &mut dyn Write) -> Result<bool> {
    write!(err, "{}", tr(lang, "editing.edit.reopen"))?;
    err.flush()?;
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        return Ok(false);
    }
    let answer = crate::text::fold(line.trim());
    Ok(!(answer.starts_with('n') || answer.starts_with('k')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reopen_answers() {
        let ask =
            |s: &str| ask_reopen(Lang::Vi, &mut std::io::Cursor::new(s.to_string()), &mut Vec::new()).expect("io");
        assert!(ask("\n"));
        assert!(ask("có\n"));
        assert!(!ask("không\n"));
        assert!(!ask("n\n"));
        assert!(!ask(""));
    }
}
