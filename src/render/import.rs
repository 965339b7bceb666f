//! The import's report: one line per file created (stdout, the data), one per skipped
//! row and a summary (stderr).

use super::diagnostics::display_path;
use crate::edit::RecordKind;
use crate::i18n::{Lang, LocalText, fmt};
use crate::import::{Action, ImportPlan, Problem, Warning};
use std::io::{self, Write};

fn n(v: usize) -> LocalText {
    v.to_string().into()
}

/// What each row does (or would do, with `dry_run`).
pub fn actions(out: &mut dyn Write, plan: &ImportPlan, dry_run: bool, lang: Lang) -> io::Result<()> {
    for r in &plan.rows {
        for a in &r.actions {
            let (key, path, by) = match a {
                Action::Create(p) if dry_run => ("editing.import.would_create", p.rel.clone(), None),
                Action::Create(p) => ("editing.import.create", p.rel.clone(), None),
                Action::Exists(kind, id) => ("editing.import.exists", kind.rel_path(id.as_str()), None),
                Action::Matched(kind, id, by) => {
                    ("editing.import.matched", kind.rel_path(id.as_str()), Some(super::edit::same(lang, by)))
                }
            };
            let by: LocalText = by.unwrap_or_default().into();
            let args = [("row", &n(r.row)), ("path", &display_path(&path).into()), ("by", &by)];
            writeln!(out, "{}", crate::safe::terminal(&fmt(lang, key, &args)))?;
        }
    }
    Ok(())
}

fn problem(p: &Problem, lang: Lang) -> Vec<String> {
    let one = |key: &str, value: &str| vec![fmt(lang, key, &[("value", &value.into())])];
    match p {
        Problem::NoProducerName => one("editing.import.no_producer_name", ""),
        Problem::NoKind => one("editing.import.no_kind", ""),
        Problem::BadKind(v) => one("editing.import.bad_kind", v),
        Problem::NoSet => one("editing.import.no_set", ""),
        Problem::BadSet(v) => one("editing.import.bad_set", v),
        Problem::BadEvaluation(v) => one("editing.import.bad_evaluation", v),
        Problem::BadStars(v) => one("editing.import.bad_stars", v),
        Problem::BadCertificateStars(v) => one("editing.import.bad_certificate_stars", v),
        Problem::BadDate(v) => one("editing.import.bad_date", v),
        Problem::Duplicate(row) => one("editing.import.duplicate", &row.to_string()),
        Problem::ProductOfAnother { path, producer, row_producer } => vec![fmt(
            lang,
            "editing.import.product_of_another",
            &[
                ("path", &display_path(path).into()),
                ("producer", &producer.to_string().into()),
                ("name", &row_producer.as_str().into()),
            ],
        )],
        Problem::Errors(diags) => diags.iter().map(|d| format!("[{}] {}", d.code.as_str(), d.message(lang))).collect(),
    }
}

fn warning(w: &Warning, lang: Lang) -> String {
    let one = |key: &str, value: String| fmt(lang, key, &[("value", &value.into())]);
    match w {
        Warning::SetSuggested { set, name } => fmt(
            lang,
            "editing.import.set_suggested",
            &[("set", &n(usize::from(*set))), ("name", &name.as_str().into())],
        ),
        Warning::HalfDecision { missing_date: true } => one("editing.import.no_decision_date", String::new()),
        Warning::HalfDecision { missing_date: false } => one("editing.import.no_decision_number", String::new()),
        Warning::NoDecision => one("editing.import.no_decision", String::new()),
        Warning::Proposal(p) => one("editing.import.proposal", p.clone()),
        Warning::Revoked(r) => one("editing.import.revoked", r.clone()),
        Warning::IdWithProducer(id) => one("editing.import.id_with_producer", id.to_string()),
        Warning::FallbackId(kind, id) => one("editing.import.fallback_id", display_path(&kind.rel_path(id.as_str()))),
        Warning::Shortened(kind, id) => one("editing.import.shortened", display_path(&kind.rel_path(id.as_str()))),
    }
}

/// Skipped rows, ignored columns and the summary.
pub fn problems(err: &mut dyn Write, plan: &ImportPlan, dry_run: bool, lang: Lang) -> io::Result<()> {
    if !plan.ignored.is_empty() {
        let cols = plan.ignored.join(", ");
        writeln!(
            err,
            "{}",
            crate::safe::terminal(&fmt(
                lang,
                "editing.import.ignored",
                &[("row", &n(plan.header_row)), ("columns", &cols.into())]
            ))
        )?;
    }
    if !plan.other_communes.is_empty() {
        let rows: usize = plan.other_communes.iter().map(|(_, n)| n).sum();
        let list = plan.other_communes.iter().map(|(c, n)| format!("{c} ({n})")).collect::<Vec<_>>().join(", ");
        let key =
            if plan.rows.is_empty() { "editing.import.no_row_of_commune" } else { "editing.import.other_communes" };
        let args = [
            ("rows", &n(rows)),
            ("communes", &list.into()),
            ("commune", &plan.commune.clone().unwrap_or_default().into()),
        ];
        writeln!(err, "{}", crate::safe::terminal(&fmt(lang, key, &args)))?;
    }
    for r in plan.rows.iter().filter(|r| r.problems.is_empty()) {
        for w in &r.warnings {
            let args = [("row", &n(r.row)), ("warning", &warning(w, lang).into())];
            writeln!(err, "{}", fmt(lang, "editing.import.warning", &args))?;
        }
    }
    let mut skipped = 0;
    for r in plan.rows.iter().filter(|r| !r.problems.is_empty()) {
        skipped += 1;
        for p in &r.problems {
            for line in problem(p, lang) {
                writeln!(
                    err,
                    "{}",
                    crate::safe::terminal(&fmt(
                        lang,
                        "editing.import.skipped",
                        &[("row", &n(r.row)), ("problem", &line.into())]
                    ))
                )?;
            }
        }
    }
    let count = |kind: RecordKind| plan.planned().filter(|p| p.kind == kind).count();
    let existing = plan
        .rows
        .iter()
        .flat_map(|r| &r.actions)
        .filter(|a| matches!(a, Action::Exists(..) | Action::Matched(..)))
        .count();
    let key = if dry_run { "editing.import.summary_dry_run" } else { "editing.import.summary" };
    let args = [
        ("producers", &n(count(RecordKind::Producer))),
        ("products", &n(count(RecordKind::Product))),
        ("existing", &n(existing)),
        ("skipped", &n(skipped)),
    ];
    writeln!(err, "{}", crate::safe::terminal(&fmt(lang, key, &args)))?;
    let matched = plan.rows.iter().flat_map(|r| &r.actions).filter(|a| matches!(a, Action::Matched(..))).count();
    if matched > 0 {
        writeln!(
            err,
            "{}",
            crate::safe::terminal(&fmt(lang, "editing.import.summary_matched", &[("matched", &n(matched))]))
        )?;
    }
    Ok(())
}
