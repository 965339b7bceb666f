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
}

pub(super) fn run(
    args: &Args,
    opts: &Options,
    env: &super::Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let lock = opts.lock_tree("import")?;
    let catalog = opts.load()?;
    let lang = opts.lang(Some(&catalog));
    let file = if args.file.is_absolute() { args.file.clone() } else { env.current_dir.join(&args.file) };
    let rows = sheet::read(&file).map_err(|e| {
        too_large(&e).unwrap_or_else(|| {
            let file = args.file.display().to_string().into();
            UserError::usage("editing.import.unreadable", &[("file", &file)])
                .with_suffix(Some(UserError::usage(unreadable_reason(&e), &[])))
        })
    })?;
    let plan = plan(&catalog, &rows, opts.today).map_err(|e| match e {
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
    })?;
    if !args.dry_run {
        for p in plan.planned() {
            p.write(&lock).map_err(|e| write_error(e, &p.rel))?;
        }
    }
    render::actions(out, &plan, args.dry_run, lang)?;
    render::problems(err, &plan, args.dry_run, lang)?;
    Ok(if plan.has_problems() { Outcome::Problems } else { Outcome::Clean })
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
