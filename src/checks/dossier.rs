//! Checks on the dossier checklist: item ids, not-applicable reasons, evidence paths,
//! dates, expiry and completeness.

use super::Ctx;
use crate::dates::days_until;
use crate::diag::{Code, Diagnostic, suggestion};
use crate::eval::{ItemState, evaluate, is_filed, is_open, rules_for, validity_day};
use crate::evidence::Found;
use crate::i18n::LocalText;
use crate::model::ItemStatus;
use crate::path;

/// W022: every checklist key is an item of the product's rule set.
pub(super) fn item_known(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
        let Some(rules) = rules_for(ctx.catalog, &rec.value, ctx.today) else { continue };
        for id in rec.value.dossier.keys().filter(|id| rules.item(id).is_none()) {
            let suggestion = suggestion(id, rules.items.iter().map(|i| i.id.as_str()));
            out.push(
                Diagnostic::new(Code::UnknownItem, rec.source.path.clone())
                    .at(rec.source.locate_key(&path!["dossier", id.as_str()]))
                    .arg("item", id.as_str())
                    .arg("rules", rules.id.as_str())
                    .arg("suggestion", suggestion),
            );
        }
    }
}

/// E020: a not-applicable item says why.
pub(super) fn not_applicable_reason(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
        for (id, item) in &rec.value.dossier {
            let blank = item.reason.as_deref().is_none_or(|r| r.trim().is_empty());
            if item.status == ItemStatus::NotApplicable && blank {
                out.push(
                    Diagnostic::new(Code::NotApplicableWithoutReason, rec.source.path.clone())
                        .at(rec.source.locate(&path!["dossier", id.as_str(), "status"]))
                        .arg("item", id.as_str())
                        .arg("item_name", super::item_name(rules_for(ctx.catalog, &rec.value, ctx.today), id)),
                );
            }
        }
    }
}

/// E010/E011: evidence paths are relative, inside the tree, and exist.
pub(super) fn evidence_paths(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
        for (id, item) in &rec.value.dossier {
            for (i, ev) in item.evidence.iter().enumerate() {
                let found = ctx.with_evidence(|lookup| lookup.resolve(ev));
                let code = match found {
                    Found::File(_) => continue,
                    Found::Missing => Code::EvidenceMissing,
                    Found::Outside => Code::EvidenceOutsideTree,
                };
                // Locating re-reads the file, so it is done only for the paths at fault.
                let at = rec.source.locate(&path!["dossier", id.as_str(), "evidence", i]);
                out.push(Diagnostic::new(code, rec.source.path.clone()).at(at).arg("evidence", ev.as_str()));
            }
        }
    }
}

/// W026: a done item names its evidence.
pub(super) fn done_without_evidence(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
        for (id, item) in &rec.value.dossier {
            if item.status == ItemStatus::Done && item.evidence.is_empty() {
                out.push(
                    Diagnostic::new(Code::DoneWithoutEvidence, rec.source.path.clone())
                        .at(rec.source.locate(&path!["dossier", id.as_str(), "status"]))
                        .arg("item", id.as_str())
                        .arg("item_name", super::item_name(rules_for(ctx.catalog, &rec.value, ctx.today), id)),
                );
            }
        }
    }
}

/// E029: an item's expiry follows its issue date, and it was not issued in the future.
pub(super) fn item_dates(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
        for (id, item) in &rec.value.dossier {
            let problem = match (item.issued, item.expires) {
                (Some(i), Some(e)) if e <= i => Some((
                    "expires",
                    LocalText::key(
                        "detail.expires_before_issued",
                        &[
                            ("expires", &crate::render::labels::date(e.get()).into()),
                            ("issued", &crate::render::labels::date(i.get()).into()),
                        ],
                    ),
                )),
                (Some(i), _) if i.get() > ctx.today => Some((
                    "issued",
                    LocalText::key(
                        "detail.issued_in_future",
                        &[("issued", &crate::render::labels::date(i.get()).into())],
                    ),
                )),
                _ => None,
            };
            if let Some((key, detail)) = problem {
                out.push(
                    Diagnostic::new(Code::ItemDates, rec.source.path.clone())
                        .at(rec.source.locate(&path!["dossier", id.as_str(), key]))
                        .arg("item", id.as_str())
                        .arg("item_name", super::item_name(rules_for(ctx.catalog, &rec.value, ctx.today), id))
                        .arg("detail", detail),
                );
            }
        }
    }
}

/// W016/W017: a done item's paper has expired, or expires soon, on the day it must be
/// valid on: the filing date for a filed dossier (so a paper that ages after filing is
/// no problem, and "soon" no longer matters), the reference date otherwise.
pub(super) fn item_expiry(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
        let Some(eval) = evaluate(ctx.catalog, &rec.value, ctx.today) else { continue };
        let judged_on = validity_day(&rec.value, ctx.today);
        for item in &eval.items {
            let (Some(entry), Some(expires)) = (item.entry, item.expires) else { continue };
            if entry.status != ItemStatus::Done {
                continue;
            }
            let days = days_until(ctx.today, expires);
            let d = if item.state == ItemState::Expired {
                Diagnostic::new(Code::ItemExpired, rec.source.path.clone()).date("today", judged_on)
            } else if judged_on == ctx.today && days <= i64::from(eval.rules.expiry_warning_days) {
                Diagnostic::new(Code::ItemExpiringSoon, rec.source.path.clone()).arg("days", days.to_string())
            } else {
                continue;
            };
            let key = if entry.expires.is_some() { "expires" } else { "issued" };
            let at = rec.source.locate(&path!["dossier", item.rule.id.as_str(), key]);
            let name = super::item_name(Some(eval.rules), &item.rule.id);
            out.push(d.at(at).arg("item", item.rule.id.as_str()).arg("item_name", name).date("expires", expires));
        }
    }
}

/// E014/W015: a filed dossier has every required item; one being prepared is told
/// what is still to do.
pub(super) fn required_items(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
        let p = &rec.value;
        let code = if is_filed(p) {
            Code::RequiredItemMissing
        } else if is_open(p) {
            Code::RequiredItemPending
        } else {
            continue;
        };
        let Some(eval) = evaluate(ctx.catalog, p, ctx.today) else { continue };
        let missing: Vec<&str> = eval.outstanding().map(|i| i.rule.id.as_str()).collect();
        if missing.is_empty() {
            continue;
        }
        let items = super::item_names(Some(eval.rules), missing.iter().copied());
        let at = rec.source.locate_key(&path!["dossier"]).or_else(|| rec.source.locate(&path!["name"]));
        out.push(
            Diagnostic::new(code, rec.source.path.clone())
                .at(at)
                .arg("count", missing.len().to_string())
                .arg("items", items)
                .arg("product", rec.id.to_string())
                .arg("stage", LocalText::key(&format!("stage.{}", p.stage().key()), &[])),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{PRODUCER, PRODUCT as BASE, catalog, codes, run_on_product as run, today};

    #[test]
    fn unknown_items_are_flagged() {
        assert!(run(item_known, &format!("{BASE}[dossier.label]\nstatus = \"done\"\n")).is_empty());
        assert_eq!(run(item_known, &format!("{BASE}[dossier.lable]\nstatus = \"done\"\n")), [Code::UnknownItem]);
    }

    #[test]
    fn not_applicable_needs_a_reason() {
        let na = format!("{BASE}[dossier.barcode]\nstatus = \"not_applicable\"\n");
        assert_eq!(run(not_applicable_reason, &na), [Code::NotApplicableWithoutReason]);
        assert_eq!(run(not_applicable_reason, &format!("{na}reason = \"  \"\n")), [Code::NotApplicableWithoutReason]);
        assert!(run(not_applicable_reason, &format!("{na}reason = \"bán lẻ tại chỗ\"\n")).is_empty());
    }

    #[test]
    fn evidence_must_stay_inside_and_exist() {
        let ev = |p: &str| format!("{BASE}[dossier.label]\nstatus = \"done\"\nevidence = [\"{p}\"]\n");
        assert_eq!(run(evidence_paths, &ev("../secret.pdf")), [Code::EvidenceOutsideTree]);
        assert_eq!(run(evidence_paths, &ev("/etc/passwd")), [Code::EvidenceOutsideTree]);
        assert_eq!(run(evidence_paths, &ev("evidence/x/../../../y.pdf")), [Code::EvidenceOutsideTree]);
        assert_eq!(run(evidence_paths, &ev(".git/config")), [Code::EvidenceOutsideTree]);
        let literal = |p: &str| format!("{BASE}[dossier.label]\nstatus = \"done\"\nevidence = ['{p}']\n");
        for windows in ["C:\\scans\\a.pdf", "c:/scans/a.pdf", "\\\\server\\a.pdf", "\\a.pdf", "..\\..\\a.pdf"] {
            assert_eq!(run(evidence_paths, &literal(windows)), [Code::EvidenceOutsideTree], "{windows}");
        }
        assert_eq!(run(evidence_paths, &ev("evidence/missing.pdf")), [Code::EvidenceMissing]);
        assert_eq!(run(evidence_paths, &ev("")), [Code::EvidenceMissing]);
    }

    #[cfg(unix)]
    #[test]
    fn evidence_links_are_followed_to_their_end() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().expect("temp dir");
        let tree = tempfile::tempdir().expect("temp dir");
        let root = tree.path();
        std::fs::write(outside.path().join("secret.pdf"), "").expect("write");
        std::fs::create_dir_all(root.join("evidence/x")).expect("mkdir");
        std::fs::write(root.join("evidence/x/a.pdf"), "").expect("write");
        symlink(root.join("evidence/x/a.pdf"), root.join("evidence/x/link-in.pdf")).expect("link");
        symlink(outside.path().join("secret.pdf"), root.join("evidence/x/link-out.pdf")).expect("link");
        symlink(outside.path(), root.join("evidence/elsewhere")).expect("link");
        let paths = [
            ("evidence/x/a.pdf", None),
            ("evidence\\x\\a.pdf", None),
            ("evidence/x/link-in.pdf", None),
            ("evidence/x/link-out.pdf", Some(Code::EvidenceOutsideTree)),
            ("evidence/elsewhere/secret.pdf", Some(Code::EvidenceOutsideTree)),
            ("evidence/elsewhere/none.pdf", Some(Code::EvidenceMissing)),
            ("evidence/x/none.pdf", Some(Code::EvidenceMissing)),
            ("evidence/x", Some(Code::EvidenceMissing)),
        ];
        for (ev, want) in paths {
            let text =
                format!("{BASE}[dossier.label]\nstatus = \"done\"\nevidence = [\"{}\"]\n", ev.replace('\\', "\\\\"));
            let mut c = catalog(&[("p", PRODUCER)], &[("x", &text)]);
            c.root = root.to_path_buf();
            let mut out = Vec::new();
            evidence_paths(&Ctx::new(&c, today()), &mut out);
            assert_eq!(codes(&out), want.into_iter().collect::<Vec<_>>(), "{ev}");
        }
    }

    #[test]
    fn evidence_names_written_nfd_on_disk_are_found() {
        use unicode_normalization::UnicodeNormalization;
        let tree = tempfile::tempdir().expect("temp dir");
        let root = tree.path();
        let folder: String = "evidence/Giấy tờ".nfd().collect();
        std::fs::create_dir_all(root.join(&folder)).expect("mkdir");
        std::fs::write(root.join(&folder).join("Mẫu số 01.pdf".nfd().collect::<String>()), "").expect("write");
        for (ev, want) in
            [("evidence/Giấy tờ/Mẫu số 01.pdf", None), ("evidence/Giấy tờ/Mẫu số 02.pdf", Some(Code::EvidenceMissing))]
        {
            let text = format!("{BASE}[dossier.label]\nstatus = \"done\"\nevidence = [\"{ev}\"]\n");
            let mut c = catalog(&[("p", PRODUCER)], &[("x", &text)]);
            c.root = root.to_path_buf();
            let mut out = Vec::new();
            evidence_paths(&Ctx::new(&c, today()), &mut out);
            assert_eq!(codes(&out), want.into_iter().collect::<Vec<_>>(), "{ev}");
        }
    }

    #[test]
    fn done_items_need_evidence() {
        assert_eq!(
            run(done_without_evidence, &format!("{BASE}[dossier.label]\nstatus = \"done\"\n")),
            [Code::DoneWithoutEvidence]
        );
        assert!(run(done_without_evidence, &format!("{BASE}[dossier.label]\nstatus = \"in_progress\"\n")).is_empty());
    }

    #[test]
    fn item_dates_are_ordered_and_not_future() {
        let item = |extra: &str| format!("{BASE}[dossier.test_report]\nstatus = \"done\"\n{extra}");
        assert!(run(item_dates, &item("issued = 2026-01-01\nexpires = 2027-01-01\n")).is_empty());
        assert_eq!(run(item_dates, &item("issued = 2026-01-01\nexpires = 2025-01-01\n")), [Code::ItemDates]);
        assert_eq!(run(item_dates, &item("issued = 2026-12-01\n")), [Code::ItemDates]);
    }

    #[test]
    fn expiry_uses_the_items_validity_period() {
        let item = |extra: &str| format!("{BASE}[dossier.test_report]\nstatus = \"done\"\n{extra}");
        // A test report is good for 12 months: issued 2025-11-20 → through 2026-11-20.
        assert_eq!(run(item_expiry, &item("issued = 2025-11-20\n")), [Code::ItemExpired]);
        // Issued 2025-12-20 → through 2026-12-20: 21 days left, within the 30-day warning.
        assert_eq!(run(item_expiry, &item("issued = 2025-12-20\n")), [Code::ItemExpiringSoon]);
        assert!(run(item_expiry, &item("issued = 2026-06-01\n")).is_empty());
        // A stated expiry wins over the period.
        assert!(run(item_expiry, &item("issued = 2025-11-20\nexpires = 2027-11-20\n")).is_empty());
    }

    #[test]
    fn a_filed_dossiers_papers_are_judged_on_the_filing_day() {
        // A test report valid through 20/10/2026 (12 months from 20/10/2025).
        let item = "[dossier.test_report]\nstatus = \"done\"\nissued = 2025-10-20\n";
        let stage = |stage: &str, date: &str| format!("[[stages]]\nstage = \"{stage}\"\ndate = {date}\n");
        let items = |p: &str| {
            let c = catalog(&[("p", PRODUCER)], &[("x", p)]);
            let p = &c.products.values().next().expect("product").value;
            let e = evaluate(&c, p, today()).expect("evaluates");
            e.items.iter().find(|i| i.rule.id == "test_report").map(|i| i.state)
        };
        // Filed on 01/10/2026 and still with the commune or the province: valid on filing.
        for then in ["screened", "sent_to_province"] {
            let filed = format!("{BASE}{item}{}{}", stage("submitted", "2026-10-01"), stage(then, "2026-10-15"));
            assert_eq!(items(&filed), Some(ItemState::Done), "{then}");
            assert!(run(item_expiry, &filed).is_empty(), "{then}");
        }
        // Filed after it expired: expired on filing.
        let late = format!("{BASE}{item}{}", stage("submitted", "2026-10-25"));
        assert_eq!(items(&late), Some(ItemState::Expired));
        assert_eq!(run(item_expiry, &late), [Code::ItemExpired]);
        // Not filed yet, returned, or decided: judged today.
        for open in [
            stage("preparing", "2026-09-01"),
            format!("{}{}", stage("submitted", "2026-10-01"), stage("returned", "2026-10-10")),
        ] {
            assert_eq!(items(&format!("{BASE}{item}{open}")), Some(ItemState::Expired), "{open}");
        }
    }

    #[test]
    fn required_items_depend_on_stage() {
        assert_eq!(run(required_items, BASE), [Code::RequiredItemPending]);
        let filed = format!("{BASE}[[stages]]\nstage = \"submitted\"\ndate = 2026-10-01\n");
        assert_eq!(run(required_items, &filed), [Code::RequiredItemMissing]);
        let rated = format!("{BASE}[[stages]]\nstage = \"rated\"\ndate = 2026-10-01\n");
        assert!(run(required_items, &rated).is_empty());
    }
}
