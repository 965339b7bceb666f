//! `ocop certify PRODUCT --stars N --decision … --issued DATE`: record a new recognition
//! decision. The certificate in force moves to the history with every key it had, and
//! the product gets its `rated` stage on the decision date.

use super::records::{commit, refused};
use super::{Options, Outcome};
use crate::edit::fields::{date_value, parse_date};
use crate::edit::{Change, RecordKind, plan_edit};
use crate::i18n::Lang;
use crate::model::{Id, Stage};
use anyhow::Result;
use std::io::Write;
use toml_edit::{InlineTable, Value};

/// Record a new OCOP decision and certificate for a product. The current certificate is
/// kept, unchanged, in `past_certificates`; nothing is overwritten.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  ocop certify mat-ong-an-son --stars 3 --decision \"12/QĐ-UBND\" --issued 2026-11-26
  ocop certify mat-ong-an-son --stars 4 --decision \"12/QĐ-UBND\" --issued 26/11/2026 --score-parts A=30,B=18,C=24.5")]
pub struct Args {
    /// The product: its id (file name without .toml) or its file's path.
    pub product: String,
    /// Stars awarded: 3, 4 or 5.
    #[arg(long, value_parser = clap::value_parser!(u8).range(3..=5))]
    pub stars: u8,
    /// The decision's number, e.g. "12/QĐ-UBND".
    #[arg(long, value_name = "NUMBER")]
    pub decision: String,
    /// The decision's date, YYYY-MM-DD or DD/MM/YYYY.
    #[arg(long, value_name = "DATE")]
    pub issued: String,
    /// Who issued it, e.g. "UBND thành phố Hải Phòng".
    #[arg(long, value_name = "TEXT")]
    pub issued_by: Option<String>,
    /// The rule set the product was rated under (default: the one in force on the date).
    #[arg(long, value_name = "RULE_SET")]
    pub legal_basis: Option<String>,
    /// The council's score out of 100.
    #[arg(long, value_name = "SCORE", conflicts_with = "score_parts")]
    pub score: Option<f64>,
    /// The council's score by part, e.g. `A=30,B=18,C=24.5`; the score is their sum.
    #[arg(long, value_name = "A=..,B=..,C=..")]
    pub score_parts: Option<String>,
    /// The last day of validity when the decision states one.
    #[arg(long, value_name = "DATE")]
    pub expires: Option<String>,
    /// Show the change as a unified diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub(super) fn run(args: &Args, opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let lock = opts.lock_tree("certify")?;
    let loaded = opts.load()?;
    let style = opts.style(Some(&loaded));
    let lang = style.lang;
    let id = crate::find::product(&loaded, &args.product)?;
    let changes = changes(args, &loaded, &id, lang)?;
    match plan_edit(&loaded, RecordKind::Product, &id, &changes, opts.today) {
        Ok(plan) => {
            commit(&plan, &lock, args.dry_run, lang, out, err)?;
            Ok(Outcome::Clean)
        }
        Err(e) => refused(e, style, err),
    }
}

fn date_arg(lang: Lang, raw: &str) -> Result<chrono::NaiveDate> {
    let _ = lang;
    Ok(parse_date(raw).ok_or_else(|| crate::error::UserError::usage("editing.bad_date", &[("value", &raw.into())]))?)
}

/// `A=30,B=18,C=24.5` (any order, `,` or `;` between, a decimal comma allowed inside a
/// value when parts are split by `;`).
pub(super) fn parse_parts(raw: &str) -> Option<[f64; 3]> {
    let sep = if raw.contains(';') { ';' } else { ',' };
    let mut parts = [None; 3];
    for piece in raw.split(sep).map(str::trim).filter(|p| !p.is_empty()) {
        let (k, v) = piece.split_once('=')?;
        let slot = match k.trim() {
            "A" | "a" => 0,
            "B" | "b" => 1,
            "C" | "c" => 2,
            _ => return None,
        };
        let v: f64 = v.trim().replace(',', ".").parse().ok()?;
        if parts[slot].replace(v).is_some() {
            return None;
        }
    }
    Some([parts[0]?, parts[1]?, parts[2]?])
}

/// Rounds a sum of parts to the sheet's precision, so 30 + 18 + 24.5 is 72.5 exactly.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn changes(args: &Args, catalog: &crate::load::Catalog, id: &Id, lang: Lang) -> Result<Vec<Change>> {
    let issued = date_arg(lang, &args.issued)?;
    let decision = crate::text::nfc(args.decision.trim());
    if decision.is_empty() {
        return Err(crate::error::UserError::usage("history.no_decision", &[]).into());
    }
    let product = catalog.products.get(id).map(|r| &r.value);
    if let Some(cur) = product.and_then(|p| p.certificate.as_ref()) {
        if cur.decision == decision {
            return Err(crate::error::UserError::usage(
                "history.same_decision",
                &[("decision", &decision.as_str().into()), ("product", &id.as_str().into())],
            )
            .into());
        }
        if cur.issued.get() > issued {
            return Err(crate::error::UserError::usage(
                "history.older_than_current",
                &[
                    ("issued", &crate::render::labels::date(issued).into()),
                    ("current", &crate::render::labels::date(cur.issued.get()).into()),
                ],
            )
            .into());
        }
    }
    let mut entries: Vec<(String, Value)> =
        vec![("stars".into(), Value::from(i64::from(args.stars))), ("decision".into(), Value::from(decision.as_str()))];
    if let Some(by) = args.issued_by.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        entries.push(("issued_by".into(), Value::from(crate::text::nfc(by))));
    }
    entries.push(("issued".into(), date_value(issued)));
    if let Some(basis) = args.legal_basis.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        entries.push(("legal_basis".into(), Value::from(basis)));
    }
    if let Some(raw) = &args.expires {
        entries.push(("expires".into(), date_value(date_arg(lang, raw)?)));
    }
    if let Some(score) = args.score {
        entries.push(("score".into(), Value::from(score)));
    }
    if let Some(raw) = &args.score_parts {
        let [a, b, c] = parse_parts(raw).ok_or_else(|| {
            crate::error::UserError::usage("history.bad_score_parts", &[("value", &raw.as_str().into())])
        })?;
        entries.push(("score".into(), Value::from(round2(a + b + c))));
        let mut t = InlineTable::new();
        for (k, v) in [("a", a), ("b", b), ("c", c)] {
            t.insert(k, Value::from(v));
        }
        entries.push(("score_parts".into(), Value::InlineTable(t)));
    }
    let mut out = vec![Change::Certify(entries)];
    let rated_that_day =
        product.is_some_and(|p| p.stages.iter().any(|s| s.stage == Stage::Rated && s.date.get() == issued));
    if !rated_that_day {
        let mut stage =
            vec![("stage".to_string(), Value::from(Stage::Rated.key())), ("date".into(), date_value(issued))];
        stage.push(("reference".into(), Value::from(decision.as_str())));
        out.push(Change::PushStage(stage));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_parts_in_any_order() {
        assert_eq!(parse_parts("A=30,B=18,C=24.5"), Some([30.0, 18.0, 24.5]));
        assert_eq!(parse_parts("c=24,5; a=30; b=18"), Some([30.0, 18.0, 24.5]));
        assert_eq!(parse_parts("A=30,B=18"), None);
        assert_eq!(parse_parts("A=30,A=1,B=18,C=2"), None);
        assert_eq!(parse_parts("A=30,B=x,C=2"), None);
        assert_eq!(round2(30.0 + 18.0 + 24.5), 72.5);
    }
}
