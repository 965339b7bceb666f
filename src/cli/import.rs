//! `ocop import FILE.csv|FILE.xlsx`: create producers and products from the commune's
//! own spreadsheet. Exit 1 when some rows were skipped.

use super::records::write_error;
use super::{Options, Outcome};
use crate::error::UserError;
use crate::import::{SheetError, plan, sheet};
use crate::render::import as render;
use anyhow::Result;
use std::io::Write;
use std::path::PathBuf;

/// Create producers and products from a spreadsheet (.csv, .xlsx, .xls, .ods): one row
/// per product, or per producer with no product. Columns are found by their headers, in
/// Vietnamese or English, with or without diacritics (see docs/editing.md). Rows with
/// problems are named and skipped, the others imported; records that exist are left
/// alone, so running it twice creates nothing twice. A producer the tree has under
/// another id (same tax code, or same name) is used for the row's product, not created
/// again; so is a product with the same name and producer.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spreadsheet.
    pub file: PathBuf,
    /// Show what would be created and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Take every row, whatever the list's commune column ("Xã") says. Without it, a
    /// list with that column (a province's) gives only the rows of this tree's commune,
    /// found by its name or code.
    #[arg(long)]
    pub any_commune: bool,
}

pub(super) fn run(
    args: &Args,
    opts: &Options,
    env: &super::Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let file = if args.file.is_absolute() { args.file.clone() } else { env.current_dir.join(&args.file) };
    let root = opts.root_dir()?;
    if crate::province::is_province(&root) {
        let rows = read(args, &file)?;
        return Err(province_refusal(args, opts, env, &root, &rows).into());
    }
    let lock = opts.lock_tree("import")?;
    let catalog = opts.load()?;
    let lang = opts.lang(Some(&catalog));
    let rows = read(args, &file)?;
    let plan = plan(&catalog, &rows, opts.today, args.any_commune).map_err(|e| sheet_error(args, e))?;
    if !args.dry_run {
        for p in plan.planned() {
            p.write(&lock).map_err(|e| write_error(e, &p.rel))?;
        }
    }
    render::actions(out, &plan, args.dry_run, lang)?;
    render::problems(err, &plan, args.dry_run, lang)?;
    // A province's list with no row of this commune: most likely the tree names the
    // commune otherwise than the list does.
    let none_here = plan.rows.is_empty() && !plan.other_communes.is_empty();
    Ok(if plan.has_problems() || none_here { Outcome::Problems } else { Outcome::Clean })
}

/// The spreadsheet's rows, or why it cannot be read.
fn read(args: &Args, file: &std::path::Path) -> Result<Vec<sheet::Row>> {
    Ok(sheet::read(file).map_err(|e| {
        too_large(&e).unwrap_or_else(|| {
            let file = args.file.display().to_string().into();
            UserError::usage("editing.import.unreadable", &[("file", &file)])
                .with_suffix(Some(UserError::usage(unreadable_reason(&e), &[])))
        })
    })?)
}

/// A sheet that cannot be imported at all, said in the reader's language.
fn sheet_error(args: &Args, e: SheetError) -> UserError {
    match e {
        SheetError::Empty => {
            UserError::usage("editing.import.empty", &[("file", &args.file.display().to_string().into())])
        }
        SheetError::NoNameColumn { row, headers } => UserError::usage(
            "editing.import.no_name_column",
            &[("row", &row.to_string().into()), ("headers", &headers.join(", ").into())],
        ),
        SheetError::Keywords(file, why) => {
            UserError::usage("editing.import.bad_keywords", &[("file", &file.into()), ("why", &why.into())])
        }
    }
}

/// A province's root takes no import: each commune's records live in the commune's own
/// repository, so the rows go in there, one commune at a time. The refusal gives the
/// command for each commune the list has rows of (and names rows of communes the
/// province does not list).
fn province_refusal(
    args: &Args,
    opts: &Options,
    env: &super::Env,
    root: &std::path::Path,
    rows: &[sheet::Row],
) -> UserError {
    use crate::i18n::LocalText;
    use crate::import::columns::commune_key;
    let entries = crate::province::read_file(root).map(|f| f.communes).unwrap_or_default();
    let cells = match crate::import::commune_cells(rows) {
        Ok(c) => c,
        Err(e) => return sheet_error(args, e),
    };
    // The folder as the officer types it: from where the command runs.
    let at = |path: &str| {
        let abs = root.join(path);
        abs.strip_prefix(&env.current_dir).map_or(abs.clone(), std::path::Path::to_path_buf).display().to_string()
    };
    let file = args.file.display().to_string();
    let root_shown = opts.root.as_ref().map_or_else(|| root.display().to_string(), |r| r.display().to_string());
    let Some(cells) = cells else {
        let example = entries.first().map_or_else(|| "communes/<xã>".to_string(), |e| at(&e.path));
        return UserError::usage(
            "editing.import.province_no_column",
            &[("root", &root_shown.into()), ("example", &example.into()), ("file", &file.into())],
        );
    };
    let mut counts = vec![0usize; entries.len()];
    let mut unknown: Vec<(String, usize)> = Vec::new();
    for c in cells {
        let found = entries.iter().position(|e| match (&c.code, &c.name) {
            (Some(code), _) => e.code.trim() == code.trim(),
            (None, Some(name)) => commune_key(name) == commune_key(&e.name) || e.code.trim() == name.trim(),
            (None, None) => false,
        });
        match found {
            Some(i) => counts[i] += 1,
            None => {
                let label = c.name.or(c.code).unwrap_or_else(|| "—".into());
                match unknown.iter_mut().find(|(l, _)| commune_key(l) == commune_key(&label)) {
                    Some((_, n)) => *n += 1,
                    None => unknown.push((label, 1)),
                }
            }
        }
    }
    let both = |f: &dyn Fn(crate::i18n::Lang) -> String| LocalText {
        vi: f(crate::i18n::Lang::Vi),
        en: f(crate::i18n::Lang::En),
    };
    let commands = both(&|lang| {
        let lines: Vec<String> = entries
            .iter()
            .zip(&counts)
            .filter(|(_, n)| **n > 0)
            .map(|(e, n)| {
                crate::i18n::fmt(
                    lang,
                    "editing.import.province_line",
                    &[
                        ("path", &at(&e.path).into()),
                        ("file", &file.as_str().into()),
                        ("name", &e.name.as_str().into()),
                        ("rows", &n.to_string().into()),
                    ],
                )
            })
            .collect();
        if lines.is_empty() {
            crate::i18n::tr(lang, "editing.import.province_none").to_string()
        } else {
            lines.join("; ")
        }
    });
    let error =
        UserError::usage("editing.import.province_here", &[("root", &root_shown.into()), ("commands", &commands)]);
    if unknown.is_empty() {
        return error;
    }
    let list = unknown.iter().map(|(l, n)| format!("{l} ({n})")).collect::<Vec<_>>().join(", ");
    let rows: usize = unknown.iter().map(|(_, n)| n).sum();
    error.with_suffix(Some(UserError::usage(
        "editing.import.province_unknown",
        &[("rows", &rows.to_string().into()), ("communes", &list.into())],
    )))
}

/// A spreadsheet refused for its size, said in the reader's language.
fn too_large(e: &anyhow::Error) -> Option<UserError> {
    let n = |v: u64| crate::i18n::LocalText::plain(v.to_string());
    Some(match e.downcast_ref::<sheet::TooLarge>()? {
        sheet::TooLarge::Bytes { size_mib, limit_mib } => {
            UserError::usage("editing.import.too_large", &[("size", &n(*size_mib)), ("limit", &n(*limit_mib))])
        }
        sheet::TooLarge::Cell { row, column } => UserError::usage(
            "editing.import.too_many_cells",
            &[
                ("row", &n(u64::from(*row))),
                ("column", &n(u64::from(*column))),
                ("rows", &n(u64::from(sheet::MAX_ROWS))),
                ("columns", &n(u64::from(sheet::MAX_COLUMNS))),
            ],
        ),
    })
}

/// Why a spreadsheet could not be read, as a catalogue key: the readers' own messages
/// are English and name their internals ("Zip error: Could not find EOCD").
fn unreadable_reason(e: &anyhow::Error) -> &'static str {
    let io = e.chain().find_map(|c| c.downcast_ref::<std::io::Error>());
    match io.map(std::io::Error::kind) {
        Some(std::io::ErrorKind::NotFound) => "editing.import.why.not_found",
        Some(std::io::ErrorKind::PermissionDenied) => "editing.import.why.denied",
        Some(std::io::ErrorKind::IsADirectory) => "editing.import.why.folder",
        _ if e.chain().any(|c| c.to_string() == sheet::NOT_UTF8) => "editing.import.why.not_utf8",
        _ => "editing.import.why.damaged",
    }
}
