//! `ocop import FILE.csv|FILE.xlsx`: create producers and products from the commune's
//! own spreadsheet. Exit 1 when some rows were skipped.

use super::{Options, Outcome};
use crate::edit::WriteError;
use crate::error::UserError;
use crate::i18n::fmt;
use crate::import::{SheetError, plan, sheet};
use crate::render::import as render;
use anyhow::{Context, Result};
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

pub fn run(args: &Args, opts: &Options, env: &super::Env, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let catalog = opts.load()?;
    let lang = opts.lang(Some(&catalog));
    let file = if args.file.is_absolute() { args.file.clone() } else { env.current_dir.join(&args.file) };
    let rows = sheet::read(&file).with_context(|| {
        fmt(lang, "editing.import.unreadable", &[("file", &args.file.display().to_string().into())])
    })?;
    let plan = plan(&catalog, &rows, opts.today).map_err(|e| match e {
        SheetError::Empty => {
            UserError::usage("editing.import.empty", &[("file", &args.file.display().to_string().into())])
        }
        SheetError::NoNameColumn { row, headers } => UserError::usage(
            "editing.import.no_name_column",
            &[("row", &row.to_string().into()), ("headers", &headers.join(", ").into())],
        ),
    })?;
    if !args.dry_run {
        for p in plan.planned() {
            match p.write() {
                Ok(_) => {}
                Err(WriteError::Exists(_)) => return Err(super::records::path_error("editing.exists", &p.rel).into()),
                Err(e) => return Err(e.into()),
            }
        }
    }
    render::actions(out, &plan, args.dry_run, lang)?;
    render::problems(err, &plan, args.dry_run, lang)?;
    Ok(if plan.has_problems() { Outcome::Problems } else { Outcome::Clean })
}
