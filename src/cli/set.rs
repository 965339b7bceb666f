//! `ocop set RECORD [ITEM] [KEY=VALUE]... [--flags]`: change one checklist item, the
//! stage, the certificate or any field of a product or producer, in place.

use super::records::{commit, refused};
use super::{Env, Options, Outcome};
use crate::edit::plan_edit;
use crate::edit::request::{self, SetRequest};
use crate::i18n::fmt;
use crate::model::{ItemStatus, Stage};
use anyhow::Result;
use std::io::Write;

/// Change one record in place: a checklist item, the product's stage, its certificate,
/// or any field of a product or producer. Only the values named change; comments and
/// layout stay. The result is checked before it is written.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  ocop set mat-ong-an-son test_report --status done --evidence evidence/x.pdf --issued 2026-11-20
  ocop set mat-ong-an-son form_02 --note \"Đã bổ sung phần B\"
  ocop set mat-ong-an-son --stage submitted --date 2026-11-30 --reference \"15/PĐK\"
  ocop set mat-ong-an-son certificate.issued_by=\"UBND thành phố Hải Phòng\" --correct   (a typo; a new decision is `ocop certify`)
  ocop set htx-an-son phone=\"0912 345 603\" representative=\"Trần Văn Bình\"
  ocop set htx-an-son email=            (an empty value removes the key)")]
pub struct Args {
    /// The product or producer: its id (file name without .toml) or its file's path.
    pub record: String,
    /// A checklist item id (e.g. `test_report`) for the item flags, and/or fields as
    /// KEY=VALUE (`phone="0912 345 603"`, `barcode=8936123450021`, `certificate.stars=4`).
    /// An empty VALUE removes the key.
    #[arg(value_name = "ITEM|KEY=VALUE")]
    pub targets: Vec<String>,
    /// The item's status.
    #[arg(long, value_parser = super::values::keys(ItemStatus::KEYS), help_heading = "Checklist item")]
    pub status: Option<String>,
    /// Add a scan to the item's evidence; the file must exist inside the tree. A path
    /// relative to the current folder or to the tree's root. Repeatable.
    #[arg(long, value_name = "PATH", help_heading = "Checklist item")]
    pub evidence: Vec<String>,
    /// Remove a path from the item's evidence. Repeatable.
    #[arg(long, value_name = "PATH", help_heading = "Checklist item")]
    pub remove_evidence: Vec<String>,
    /// The paper's issue date, YYYY-MM-DD or DD/MM/YYYY ("" removes it).
    #[arg(long, value_name = "DATE", help_heading = "Checklist item")]
    pub issued: Option<String>,
    /// The paper's expiry date, YYYY-MM-DD or DD/MM/YYYY ("" removes it).
    #[arg(long, value_name = "DATE", help_heading = "Checklist item")]
    pub expires: Option<String>,
    /// A note on the item ("" removes it).
    #[arg(long, value_name = "TEXT", help_heading = "Checklist item")]
    pub note: Option<String>,
    /// Why the item does not apply (needed with `--status not_applicable`).
    #[arg(long, value_name = "TEXT", help_heading = "Checklist item")]
    pub reason: Option<String>,
    /// Move the product to a new stage: appends a [[stages]] entry.
    #[arg(long, value_parser = super::values::keys(Stage::KEYS), help_heading = "Stage")]
    pub stage: Option<String>,
    /// The date of the new stage, or the day the item became done or not applicable
    /// (its `since`), YYYY-MM-DD or DD/MM/YYYY (default: --today).
    #[arg(long, value_name = "DATE", help_heading = "Stage")]
    pub date: Option<String>,
    /// The document reference of the new stage (e.g. the Form 03 number).
    #[arg(long, value_name = "TEXT", requires = "stage", help_heading = "Stage")]
    pub reference: Option<String>,
    /// Allow `certificate.*` fields on a product that has a certificate: for correcting
    /// a typo in the current one only (a new decision is `ocop certify`).
    #[arg(long)]
    pub correct: bool,
    /// Show the change as a unified diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub(super) fn run(args: &Args, opts: &Options, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let lock = opts.lock_tree("set")?;
    let catalog = opts.load_for_edit(&args.record)?;
    let style = opts.style(Some(&catalog));
    let catalog = &catalog;
    let (kind, id) = crate::find::record(catalog, &args.record, crate::find::By::IdOrPath)?;
    let changes =
        request::changes(&args.request(), kind, id.as_str(), catalog, opts.today, &env.current_dir, style.lang)?;
    let touches_certificate =
        args.targets.iter().any(|t| t.contains('=') && t.trim_start().starts_with("certificate."));
    let has_certificate = catalog.products.get(&id).is_some_and(|r| r.value.certificate.is_some());
    if touches_certificate && has_certificate {
        if !args.correct {
            return Err(crate::error::UserError::usage(
                "history.certificate_needs_certify",
                &[("product", &id.as_str().into())],
            )
            .into());
        }
        writeln!(err, "{}", fmt(style.lang, "history.correcting", &[("product", &id.as_str().into())]))?;
    }
    match plan_edit(catalog, kind, &id, &changes, opts.today) {
        Ok(plan) => {
            commit(&plan, &lock, args.dry_run, style.lang, out, err)?;
            Ok(Outcome::Clean)
        }
        Err(e) => refused(e, style, err),
    }
}

impl Args {
    /// The request, apart from how it was typed.
    fn request(&self) -> SetRequest {
        SetRequest {
            targets: self.targets.clone(),
            status: self.status.clone(),
            evidence: self.evidence.clone(),
            remove_evidence: self.remove_evidence.clone(),
            issued: self.issued.clone(),
            expires: self.expires.clone(),
            note: self.note.clone(),
            reason: self.reason.clone(),
            stage: self.stage.clone(),
            date: self.date.clone(),
            reference: self.reference.clone(),
        }
    }
}
