//! What the editing commands (`set`, `new`, `edit`, `import`) tell people: refusals with
//! the diagnostics that explain them, and one status line per file written.

use super::Style;
use super::diagnostics::{display_path, human};
use crate::edit::Refusal;
use crate::edit::same::Same;
use crate::i18n::{Lang, fmt};
use std::io::{self, Write};
use std::path::Path;

fn path_arg(p: &Path) -> crate::i18n::LocalText {
    display_path(p).into()
}

/// Why an edit was refused, then the diagnostics (the E003 display for a broken file).
pub fn refusal(out: &mut dyn Write, r: &Refusal, style: Style) -> io::Result<()> {
    let (key, path, diags) = match r {
        Refusal::Broken { path, diagnostics } => ("editing.broken", path, diagnostics),
        Refusal::NewErrors { path, diagnostics, creating: false } => ("editing.refused", path, diagnostics),
        Refusal::NewErrors { path, diagnostics, creating: true } => ("editing.refused_new", path, diagnostics),
    };
    writeln!(out, "{}", crate::safe::terminal(&fmt(style.lang, key, &[("path", &path_arg(path))])))?;
    writeln!(out)?;
    human(out, diags, style)
}

/// One line saying what happened to a file: `key` is `editing.written`,
/// `editing.created` or `editing.unchanged`.
pub fn status_line(out: &mut dyn Write, lang: Lang, key: &str, path: &Path) -> io::Result<()> {
    writeln!(out, "{}", crate::safe::terminal(&fmt(lang, key, &[("path", &path_arg(path))])))
}

/// Why a record was taken for one already in the tree: "same tax code 0201234583",
/// "same name “Mật ong An Sơn”".
pub fn same(lang: Lang, by: &Same) -> String {
    match by {
        Same::Code(code) => fmt(lang, "editing.same.code", &[("code", &code.as_str().into())]),
        Same::Name(name) => fmt(lang, "editing.same.name", &[("name", &name.as_str().into())]),
    }
}
