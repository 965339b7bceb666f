//! Diagnostics for people (`path:line:col`, the source line with a caret, the hint) and
//! for scripts (JSON).

use super::{Style, paint};
use crate::diag::{Diagnostic, Severity, Tally};
use crate::i18n::{Lang, fmt, tr};
use crate::safe::terminal;
use serde::Serialize;
use std::io::{self, Write};
use std::path::{MAIN_SEPARATOR_STR, Path};

/// A tree-relative path shown with the platform's separator.
/// Escaped for the terminal, as a file name may hold control characters too.
pub fn display_path(p: &Path) -> String {
    crate::safe::terminal(&p.to_string_lossy().replace('/', MAIN_SEPARATOR_STR)).into_owned()
}

/// After a province's diagnostics: one line per commune (its state, errors and
/// warnings) and the province's total (its own file's problems included).
pub fn province_summary(
    out: &mut dyn Write,
    lines: &[crate::province::rollup::CheckLine],
    all: Tally,
    style: Style,
) -> io::Result<()> {
    let lang = style.lang;
    let mut t = super::table(style);
    t.set_header(super::cells(
        ["province.commune", "province.col_path", "province.col_state", "province.col_errors", "province.col_warnings"]
            .map(|k| tr(lang, k)),
    ));
    for l in lines {
        t.add_row(super::cells([
            l.name.clone(),
            l.path.clone(),
            super::status::state_text(lang, l.state),
            l.errors.to_string(),
            l.warnings.to_string(),
        ]));
    }
    t.add_row(super::cells([
        tr(lang, "province.total").to_string(),
        String::new(),
        String::new(),
        all.errors.to_string(),
        all.warnings.to_string(),
    ]));
    writeln!(out, "{t}")
}

pub fn human(out: &mut dyn Write, diags: &[Diagnostic], style: Style) -> io::Result<()> {
    for d in diags {
        one(out, d, style)?;
    }
    Ok(())
}

fn one(out: &mut dyn Write, d: &Diagnostic, style: Style) -> io::Result<()> {
    let lang = style.lang;
    let (sev, color) = match d.severity {
        Severity::Error => (tr(lang, "severity.error"), "1;31"),
        Severity::Warning => (tr(lang, "severity.warning"), "1;33"),
        Severity::Info => (tr(lang, "severity.info"), "1;36"),
    };
    let path = display_path(&d.path);
    let loc = match &d.position {
        Some(p) => format!("{path}:{}:{}", p.line, p.column),
        None => path,
    };
    let head = paint(style.color, color, &format!("{sev}[{}]", d.code.as_str()));
    writeln!(out, "{}: {head}: {}", paint(style.color, "1", &loc), terminal(&d.message(lang)))?;
    if let Some(p) = &d.position {
        let gutter = p.line.to_string();
        let pad = " ".repeat(gutter.len());
        // A long line is cut around the column; controls in it are escaped, and the caret
        // moves by the width their escapes take.
        let (excerpt, column) = (&p.source_line, p.caret);
        let mut shown = String::new();
        let mut caret_pad = String::new();
        let mut caret_width = 0;
        for (i, c) in excerpt.chars().enumerate() {
            let before = shown.chars().count();
            if c == '\t' {
                shown.push('\t');
            } else {
                crate::safe::terminal_char(c, &mut shown);
            }
            let w = shown.chars().count() - before;
            if i + 1 < column {
                if c == '\t' {
                    caret_pad.push('\t');
                } else {
                    caret_pad.extend(std::iter::repeat_n(' ', w));
                }
            } else if i + 1 < column + p.width {
                caret_width += w;
            }
        }
        writeln!(out, "{pad} |")?;
        writeln!(out, "{gutter} | {shown}")?;
        writeln!(out, "{pad} | {caret_pad}{}", paint(style.color, color, &"^".repeat(caret_width.max(1))))?;
    }
    writeln!(out, "  = {}: {}", tr(lang, "word.hint"), terminal(&d.hint(lang)))?;
    writeln!(out)
}

/// The one-line summary printed after the diagnostics.
pub fn summary(lang: Lang, tally: Tally, files: usize) -> String {
    fmt(
        lang,
        "check.summary",
        &[
            ("errors", &tally.errors.to_string().into()),
            ("warnings", &tally.warnings.to_string().into()),
            ("files", &files.to_string().into()),
        ],
    )
}

#[derive(Serialize)]
struct JsonDiag<'a> {
    code: &'a str,
    severity: Severity,
    path: String,
    line: Option<usize>,
    column: Option<usize>,
    message: String,
    hint: String,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiag<'a>>,
}

/// `{"schema_version":1,"errors":N,"warnings":N,"diagnostics":[...]}`; paths always use
/// `/` so scripts see the same output on every platform.
pub fn json(out: &mut dyn Write, diags: &[Diagnostic], lang: Lang) -> io::Result<()> {
    let tally = Tally::of(diags);
    let report = JsonReport {
        schema_version: crate::status::SCHEMA_VERSION,
        errors: tally.errors,
        warnings: tally.warnings,
        diagnostics: diags
            .iter()
            .map(|d| JsonDiag {
                code: d.code.as_str(),
                severity: d.severity,
                path: d.path.to_string_lossy().replace('\\', "/"),
                line: d.position.as_ref().map(|p| p.line),
                column: d.position.as_ref().map(|p| p.column),
                message: d.message(lang),
                hint: d.hint(lang),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=E010::…`), one
/// line per diagnostic; `prefix` is the tree's folder inside the repository.
pub fn github(out: &mut dyn Write, diags: &[Diagnostic], prefix: &str, lang: Lang) -> io::Result<()> {
    fn data(s: &str) -> String {
        s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
    }
    fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    for d in diags {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let file = format!("{prefix}{}", d.path.to_string_lossy().replace('\\', "/"));
        let mut props = vec![format!("file={}", property(&file))];
        if let Some(p) = &d.position {
            props.push(format!("line={}", p.line));
            props.push(format!("col={}", p.column));
        }
        props.push(format!("title={}", property(d.code.as_str())));
        let text = format!("{} ({}: {})", d.message(lang), tr(lang, "word.hint"), d.hint(lang));
        writeln!(out, "::{level} {}::{}", props.join(","), data(&text))?;
    }
    Ok(())
}
