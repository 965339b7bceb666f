//! `ocop review approve PRODUCT [--by NAME]` and `ocop review status`: sign-off kept in
//! the records, with a fingerprint of what was approved so a later change shows.

use super::records::{commit, refused};
use super::{Options, Outcome};
use crate::edit::fields::date_value;
use crate::edit::{Change, RecordKind, plan_edit};
use crate::render::review as render;
use anyhow::Result;
use std::io::Write;
use std::path::Path;
use toml_edit::Value;

/// Approve a product's record and evidence, or list what awaits review.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Record that NAME approved the product as it is now: who, the day, and a
    /// fingerprint of the record and its evidence files.
    Approve(ApproveArgs),
    /// List every product's sign-off: approved, stale (changed since) or never reviewed.
    Status(StatusArgs),
}

#[derive(Debug, clap::Args)]
pub struct ApproveArgs {
    /// The product: its id (file name without .toml) or its file's path.
    pub product: String,
    /// Who approves (default: git's user.name).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Show the change as a unified diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

pub(super) fn run(args: &Args, opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    match &args.action {
        Action::Approve(a) => approve(a, opts, out, err),
        Action::Status(a) => {
            let tree = opts.open_tree()?;
            let style = opts.style(Some(&tree.catalog));
            let rows = crate::review::rows(&tree.catalog);
            match a.format {
                Format::Table => render::table(out, &rows, style)?,
                Format::Json => render::json(out, &rows)?,
            }
            Ok(Outcome::Clean)
        }
    }
}

/// git's `user.name` as seen from `dir`, if git is there and has one.
pub(crate) fn git_user(dir: &Path) -> Option<String> {
    let out = std::process::Command::new("git").args(["config", "user.name"]).current_dir(dir).output().ok()?;
    let name = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !name.is_empty()).then_some(name)
}

fn approve(args: &ApproveArgs, opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let lock = opts.lock_tree("review approve")?;
    let loaded = opts.load()?;
    let style = opts.style(Some(&loaded));
    let lang = style.lang;
    let catalog = &loaded;
    let id = crate::find::product(catalog, &args.product)?;
    let by = match args.by.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        Some(b) => crate::text::nfc(b),
        None => git_user(&catalog.root).ok_or_else(|| crate::error::UserError::usage("review.no_name", &[]))?,
    };
    let product = catalog.products.get(&id).map(|r| &r.value).ok_or_else(|| {
        crate::error::UserError::usage("editing.not_found", &[("name", &args.product.as_str().into())])
    })?;
    // The review table is left out of the fingerprint, so writing it keeps it valid.
    let fingerprint = catalog.product_fingerprint(product);
    let at = |k: &str| vec!["review".to_string(), k.to_string()];
    let changes = [
        Change::Set(at("by"), Value::from(by)),
        Change::Set(at("date"), date_value(opts.today)),
        Change::Set(at("fingerprint"), Value::from(fingerprint)),
    ];
    match plan_edit(catalog, RecordKind::Product, &id, &changes, opts.today) {
        Ok(plan) => {
            commit(&plan, &lock, args.dry_run, lang, out, err)?;
            Ok(Outcome::Clean)
        }
        Err(e) => refused(e, style, err),
    }
}
