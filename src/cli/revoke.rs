//! `ocop revoke PRODUCT --decision … --date DATE --reason …`: record that the
//! certificate in force was revoked (thu hồi). The certificate stays, marked revoked, so
//! that reports for earlier periods still show it valid.

use super::records::{commit, refused};
use super::{Options, Outcome};
use crate::edit::fields::{date_value, parse_date};
use crate::edit::{Change, RecordKind, plan_edit};
use anyhow::Result;
use std::io::Write;
use toml_edit::{InlineTable, Value};

/// Record the revocation (thu hồi) of a product's certificate. From that date `status`,
/// `show`, `due` and `report` show it as revoked; earlier periods are unchanged.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  ocop revoke ruou-nep-men-la-ky-son --decision \"45/QĐ-UBND\" --date 2026-11-20 --reason \"Vi phạm ATTP\"")]
pub struct Args {
    /// The product: its id (file name without .toml) or its file's path.
    pub product: String,
    /// The revocation decision's number.
    #[arg(long, value_name = "NUMBER")]
    pub decision: String,
    /// The day the revocation takes effect, YYYY-MM-DD or DD/MM/YYYY (default: --today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Why the certificate was revoked.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Show the change as a unified diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub(super) fn run(args: &Args, opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let lock = opts.lock_tree("revoke")?;
    let loaded = opts.load()?;
    let style = opts.style(Some(&loaded));
    let lang = style.lang;
    let id = crate::find::product(&loaded, &args.product)?;
    let product = loaded.products.get(&id).map(|r| &r.value);
    let Some(cert) = product.and_then(|p| p.certificate.as_ref()) else {
        return Err(
            crate::error::UserError::usage("history.nothing_to_revoke", &[("product", &id.as_str().into())]).into()
        );
    };
    if let Some(r) = &cert.revoked {
        return Err(crate::error::UserError::usage(
            "history.already_revoked",
            &[("date", &crate::render::labels::date(r.date.get()).into()), ("decision", &r.decision.as_str().into())],
        )
        .into());
    }
    let date = match &args.date {
        Some(raw) => parse_date(raw)
            .ok_or_else(|| crate::error::UserError::usage("editing.bad_date", &[("value", &raw.as_str().into())]))?,
        None => opts.today,
    };
    let decision = crate::text::nfc(args.decision.trim());
    if decision.is_empty() {
        return Err(crate::error::UserError::usage("history.no_decision", &[]).into());
    }
    let mut t = InlineTable::new();
    t.insert("date", date_value(date));
    t.insert("decision", Value::from(decision));
    if let Some(reason) = args.reason.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        t.insert("reason", Value::from(crate::text::nfc(reason)));
    }
    let changes = [Change::Set(vec!["certificate".into(), "revoked".into()], Value::InlineTable(t))];
    match plan_edit(&loaded, RecordKind::Product, &id, &changes, opts.today) {
        Ok(plan) => {
            commit(&plan, &lock, args.dry_run, lang, out, err)?;
            Ok(Outcome::Clean)
        }
        Err(e) => refused(e, style, err),
    }
}
