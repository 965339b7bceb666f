//! Checks on what the records say about their own history: revocations, the dates of
//! checklist progress, evidence that changed since it was recorded, stale sign-offs and
//! a tree written by a newer binary.

use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::i18n::LocalText;
use crate::load::Seg;
use crate::model::{FORMAT_VERSION, ItemStatus};
use crate::path;

/// E067: a revocation is dated on or after its certificate's issue date, not in the
/// future, and names its decision.
pub(super) fn revocation(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
        let p = &rec.value;
        let current = p.certificate.iter().map(|c| (c, vec![Seg::from("certificate")]));
        let past = p.past_certificates.iter().enumerate().map(|(i, c)| (c, path!["past_certificates", i].to_vec()));
        for (c, mut base) in current.chain(past) {
            let Some(r) = &c.revoked else { continue };
            base.push("revoked".into());
            let at = |key: &str| {
                let mut path = base.clone();
                path.push(key.into());
                rec.source.locate(&path)
            };
            let date = LocalText::plain(crate::render::labels::date(r.date.get()));
            let (detail, key) = if r.date < c.issued {
                let issued = LocalText::plain(crate::render::labels::date(c.issued.get()));
                (LocalText::key("detail.revoked_before_issued", &[("date", &date), ("issued", &issued)]), "date")
            } else if r.date.get() > ctx.today {
                let today = LocalText::plain(crate::render::labels::date(ctx.today));
                (LocalText::key("detail.revoked_in_future", &[("date", &date), ("today", &today)]), "date")
            } else if r.decision.trim().is_empty() {
                (LocalText::key("detail.revoked_no_decision", &[]), "decision")
            } else {
                continue;
            };
            out.push(
                Diagnostic::new(Code::RevocationInvalid, rec.source.path.clone()).at(at(key)).arg("detail", detail),
            );
        }
    }
}

/// W068: in a tree of format 2 or later, an item that is done or does not apply says
/// since when (older trees are brought up to date by `ocop migrate`).
pub(super) fn undated_progress(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let format = ctx.catalog.commune.as_ref().map_or(1, |c| c.value.format_version());
    if format < 2 {
        return;
    }
    for rec in ctx.products() {
        for (id, item) in &rec.value.dossier {
            if matches!(item.status, ItemStatus::Done | ItemStatus::NotApplicable) && item.since.is_none() {
                out.push(
                    Diagnostic::new(Code::UndatedProgress, rec.source.path.clone())
                        .at(rec.source.locate(&path!["dossier", id.as_str(), "status"]))
                        .arg("item", id.as_str())
                        .arg(
                            "item_name",
                            super::item_name(crate::eval::rules_for(ctx.catalog, &rec.value, ctx.today), id),
                        )
                        .arg("status", item.status.key())
                        .arg("status_name", LocalText::key(&format!("item_state.{}", item.status.key()), &[]))
                        .arg("product", rec.id.as_str()),
                );
            }
        }
    }
}

/// W069: an evidence file no longer matches the fingerprint recorded for it. A file that
/// is gone is E010's business.
pub(super) fn evidence_fingerprints(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
        for (id, item) in &rec.value.dossier {
            for (file, recorded) in &item.fingerprints {
                let Some(now) = ctx.catalog.file_fingerprint(file) else { continue };
                if &now != recorded {
                    out.push(
                        Diagnostic::new(Code::EvidenceChanged, rec.source.path.clone())
                            .at(rec.source.locate(&path!["dossier", id.as_str(), "fingerprints", file.as_str()]))
                            .arg("file", file.as_str())
                            .arg("product", rec.id.as_str()),
                    );
                }
            }
        }
    }
}

/// W070: a sign-off whose fingerprint no longer matches the record and its evidence.
pub(super) fn approval_stale(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
        let Some(review) = &rec.value.review else { continue };
        if Some(ctx.catalog.product_fingerprint(&rec.value)) != review.fingerprint {
            out.push(
                Diagnostic::new(Code::ApprovalStale, rec.source.path.clone())
                    .at(rec.source.locate(&path!["review", "fingerprint"]))
                    .arg("by", review.by.as_str())
                    .arg("date", review.date.map_or("—".to_string(), |d| crate::render::labels::date(d.get())))
                    .arg("product", rec.id.as_str()),
            );
        }
    }
}

/// E071: the tree's format is newer than this binary understands.
pub(super) fn format_version(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    out.extend(format_too_new(ctx.catalog));
}

/// E071 when the tree's format is newer than this binary understands: also what a
/// province's roll-up asks of a commune it only reads.
pub fn format_too_new(catalog: &crate::load::Catalog) -> Option<Diagnostic> {
    let commune = catalog.commune.as_ref()?;
    let format = commune.value.format_version();
    (format > FORMAT_VERSION).then(|| {
        Diagnostic::new(Code::FormatTooNew, commune.source.path.clone())
            .at(commune.source.locate(&path!["format"]))
            .arg("format", format.to_string())
            .arg("supported", FORMAT_VERSION.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{PRODUCT, run_on_product};

    #[test]
    fn revocations_are_dated_after_issue_and_not_ahead() {
        let cert = |revoked: &str| {
            format!(
                "{PRODUCT}[certificate]\nstars = 3\ndecision = \"1\"\nissued = 2025-01-10\n[certificate.revoked]\n{revoked}\n"
            )
        };
        assert!(run_on_product(revocation, &cert("date = 2026-02-01\ndecision = \"9/QĐ\"")).is_empty());
        assert_eq!(
            run_on_product(revocation, &cert("date = 2024-02-01\ndecision = \"9/QĐ\"")),
            [Code::RevocationInvalid]
        );
        assert_eq!(
            run_on_product(revocation, &cert("date = 2026-12-01\ndecision = \"9/QĐ\"")),
            [Code::RevocationInvalid]
        );
        assert_eq!(run_on_product(revocation, &cert("date = 2026-02-01\ndecision = \" \"")), [Code::RevocationInvalid]);
    }

    #[test]
    fn undated_progress_only_in_a_dated_tree() {
        let item = format!("{PRODUCT}[dossier.label]\nstatus = \"done\"\n");
        assert!(run_on_product(undated_progress, &item).is_empty(), "a format-1 tree is not warned");
        let mut c = crate::checks::testing::catalog(&[("p", crate::checks::testing::PRODUCER)], &[("x", &item)]);
        if let Some(commune) = c.commune.as_mut() {
            commune.value.format = Some(2);
        }
        let mut out = Vec::new();
        undated_progress(&Ctx::new(&c, crate::checks::testing::today()), &mut out);
        assert_eq!(crate::checks::testing::codes(&out), [Code::UndatedProgress]);
        let dated = c.products.values_mut().next().expect("product");
        if let Some(i) = dated.value.dossier.get_mut("label") {
            i.since = Some(crate::model::Date("2026-11-01".parse().expect("date")));
        }
        let mut out = Vec::new();
        undated_progress(&Ctx::new(&c, crate::checks::testing::today()), &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn a_newer_format_is_an_error() {
        let mut c = crate::checks::testing::catalog(&[], &[]);
        let mut out = Vec::new();
        format_version(&Ctx::new(&c, crate::checks::testing::today()), &mut out);
        assert!(out.is_empty());
        if let Some(commune) = c.commune.as_mut() {
            commune.value.format = Some(FORMAT_VERSION + 1);
        }
        format_version(&Ctx::new(&c, crate::checks::testing::today()), &mut out);
        assert_eq!(crate::checks::testing::codes(&out), [Code::FormatTooNew]);
    }
}
