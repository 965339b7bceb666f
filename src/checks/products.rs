//! Checks on products: producer reference, product set, rule set, barcode, certificate
//! and pipeline stages.

use super::Ctx;
use crate::codes::{Ean13Error, check_ean13};
use crate::diag::{Code, Diagnostic, suggestion};
use crate::eval::{CertState, certificate, rules_for_certificate};
use crate::i18n::LocalText;
use crate::load::Seg;
use crate::model::{EvaluationKind, Stage};
use crate::path;

fn known_rule_sets(ctx: &Ctx<'_>) -> String {
    ctx.catalog.rules.sets.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
}

/// E030: the commune's `rule_set`, when given, names a known rule set.
pub fn commune_rule_set(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(rec) = &ctx.catalog.commune else { return };
    if let Some(id) = rec.value.rule_set.as_deref().filter(|id| ctx.catalog.rules.get(id).is_none()) {
        out.push(
            Diagnostic::new(Code::UnknownRuleSet, rec.source.path.clone())
                .at(rec.source.locate(&path!["rule_set"]))
                .arg("rules", id)
                .arg("known", known_rule_sets(ctx)),
        );
    }
}

/// E009: every product names a producer that has a file.
pub fn producer_exists(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let producers = &ctx.catalog.producers;
    for rec in ctx.catalog.products.values() {
        let p = &rec.value.producer;
        // A producer file that exists but is broken has its own diagnostic.
        if producers.contains_key(p.as_str()) || ctx.catalog.is_broken(crate::load::PRODUCERS_DIR, p) {
            continue;
        }
        let suggestion = suggestion(p, producers.keys().map(|id| id.as_str()));
        out.push(
            Diagnostic::new(Code::UnknownProducer, rec.source.path.clone())
                .at(rec.source.locate(&path!["producer"]))
                .arg("producer", p.as_str())
                .arg("suggestion", suggestion),
        );
    }
}

/// E023: the product set exists in the product-set table.
pub fn product_set(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.catalog.products.values() {
        if ctx.catalog.rules.product_set(rec.value.set).is_none() {
            out.push(
                Diagnostic::new(Code::UnknownProductSet, rec.source.path.clone())
                    .at(rec.source.locate(&path!["set"]))
                    .arg("set", rec.value.set.to_string())
                    .arg("known", set_ranges(ctx.catalog.rules.set_ids())),
            );
        }
    }
}

/// "1–26", or "1–13, 21" when a tree's own product-set table has gaps.
fn set_ranges(ids: impl Iterator<Item = u8>) -> String {
    let mut ids: Vec<u8> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ids.len() {
        let start = ids[i];
        while i + 1 < ids.len() && ids[i + 1] == ids[i] + 1 {
            i += 1;
        }
        parts.push(if ids[i] == start { start.to_string() } else { format!("{start}–{}", ids[i]) });
        i += 1;
    }
    parts.join(", ")
}

/// E030: a product's `rule_set` and its certificate's `legal_basis` name known rule sets.
pub fn rule_set(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.catalog.products.values() {
        let p = &rec.value;
        let mut named = vec![(p.rule_set.as_deref(), path!["rule_set"].to_vec())];
        if let Some(c) = &p.certificate {
            named.push((c.legal_basis.as_deref(), path!["certificate", "legal_basis"].to_vec()));
        }
        for (i, c) in p.past_certificates.iter().enumerate() {
            named.push((c.legal_basis.as_deref(), path!["past_certificates", i, "legal_basis"].to_vec()));
        }
        for (id, at) in named {
            let Some(id) = id.filter(|id| ctx.catalog.rules.get(id).is_none()) else { continue };
            out.push(
                Diagnostic::new(Code::UnknownRuleSet, rec.source.path.clone())
                    .at(rec.source.locate(&at))
                    .arg("rules", id)
                    .arg("known", known_rule_sets(ctx)),
            );
        }
    }
}

/// E013: the barcode, when given, is a valid EAN-13.
pub fn barcode(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.catalog.products.values() {
        let Some(code) = rec.value.barcode.as_deref() else { continue };
        let detail = match check_ean13(code) {
            Ok(()) => continue,
            Err(Ean13Error::Shape) => LocalText::key("detail.ean_shape", &[]),
            Err(Ean13Error::CheckDigit { expected }) => {
                LocalText::key("detail.ean_check_digit", &[("expected", &LocalText::plain(expected.to_string()))])
            }
        };
        out.push(
            Diagnostic::new(Code::InvalidBarcode, rec.source.path.clone())
                .at(rec.source.locate(&path!["barcode"]))
                .arg("code", code)
                .arg("detail", detail),
        );
    }
}

/// E024: a certificate has 3–5 stars and expires after it was issued.
pub fn certificate_fields(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.catalog.products.values() {
        let p = &rec.value;
        let certs = p.certificate.iter().map(|c| (c, vec![Seg::from("certificate")]));
        let past = p.past_certificates.iter().enumerate().map(|(i, c)| (c, path!["past_certificates", i].to_vec()));
        for (c, base) in certs.chain(past) {
            let at = |key: &str| {
                let mut path = base.clone();
                path.push(key.into());
                rec.source.locate(&path)
            };
            if !(3..=5).contains(&c.stars) {
                out.push(Diagnostic::new(Code::InvalidCertificate, rec.source.path.clone()).at(at("stars")).arg(
                    "detail",
                    LocalText::key("detail.cert_stars", &[("stars", &LocalText::plain(c.stars.to_string()))]),
                ));
            }
            let bands = crate::eval::rules_for_certificate(ctx.catalog, c);
            if let (Some(score), Some(rules)) = (c.score, bands) {
                let band = rules.stars_for(score);
                if !(0.0..=100.0).contains(&score) || band != c.stars {
                    out.push(Diagnostic::new(Code::InvalidCertificate, rec.source.path.clone()).at(at("score")).arg(
                        "detail",
                        LocalText::key(
                            "detail.cert_score",
                            &[
                                ("score", &LocalText::plain(score.to_string())),
                                ("band", &LocalText::plain(band.to_string())),
                                ("stars", &LocalText::plain(c.stars.to_string())),
                            ],
                        ),
                    ));
                }
            }
            if let Some(exp) = c.expires.filter(|e| *e <= c.issued) {
                out.push(Diagnostic::new(Code::InvalidCertificate, rec.source.path.clone()).at(at("expires")).arg(
                    "detail",
                    LocalText::key(
                        "detail.cert_expiry_order",
                        &[("expires", &exp.to_string().into()), ("issued", &c.issued.to_string().into())],
                    ),
                ));
            }
        }
    }
}

/// W018/W019: the current certificate has expired, or its re-evaluation window is open
/// and no re-evaluation has been filed.
pub fn certificate_expiry(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.catalog.products.values() {
        let p = &rec.value;
        let Some(cert) = &p.certificate else { continue };
        let Some(rules) = rules_for_certificate(ctx.catalog, cert) else { continue };
        let filed = (p.evaluation == EvaluationKind::Reevaluation).then(|| p.filed_on().map(|d| d.get())).flatten();
        let e = certificate(cert, rules, ctx.today, filed);
        let d = match e.state {
            CertState::Expired => Diagnostic::new(Code::CertificateExpired, rec.source.path.clone())
                .arg("stars", e.stars.to_string())
                .arg("expires", e.valid_through.to_string()),
            CertState::WindowOpen => Diagnostic::new(Code::ReevaluationWindow, rec.source.path.clone())
                .arg("from", e.window_from.to_string())
                .arg("until", e.window_until.to_string())
                .arg("expires", e.valid_through.to_string()),
            _ => continue,
        };
        let at = rec.source.locate(&path!["certificate", if cert.expires.is_some() { "expires" } else { "issued" }]);
        out.push(d.at(at));
    }
}

/// E025: stage entries are in date order.
pub fn stage_order(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.catalog.products.values() {
        for (i, pair) in rec.value.stages.windows(2).enumerate() {
            if pair[1].date < pair[0].date {
                out.push(
                    Diagnostic::new(Code::StageOrder, rec.source.path.clone())
                        .at(rec.source.locate(&path!["stages", i + 1, "date"]))
                        .arg("stage", LocalText::key(&format!("stage.{}", pair[1].stage.key()), &[]))
                        .arg("date", pair[1].date.to_string())
                        .arg("previous", pair[0].date.to_string()),
                );
            }
        }
    }
}

/// E039: a dossier recorded as rated has the certificate that rating produced: one
/// issued on or after the dossier was filed.
pub fn rated_with_certificate(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.catalog.products.values() {
        let p = &rec.value;
        if p.stage() != Stage::Rated {
            continue;
        }
        let Some(filed) = p.filed_on() else { continue };
        if p.certificate.as_ref().is_some_and(|c| c.issued >= filed) {
            continue;
        }
        let last = p.stages.len().saturating_sub(1);
        out.push(
            Diagnostic::new(Code::RatedWithoutCertificate, rec.source.path.clone())
                .at(rec.source.locate(&path!["stages", last, "stage"]))
                .arg("filed", filed.to_string())
                .arg("issued", p.certificate.as_ref().map_or("—".to_string(), |c| c.issued.to_string())),
        );
    }
}

/// E041: stage moves and certificates are not dated after the reference date.
pub fn no_future_dates(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.catalog.products.values() {
        let p = &rec.value;
        let stages = p.stages.iter().enumerate().map(|(i, s)| (s.date, path!["stages", i, "date"].to_vec()));
        let certs = p.certificate.iter().map(|c| (c.issued, path!["certificate", "issued"].to_vec()));
        let past = p
            .past_certificates
            .iter()
            .enumerate()
            .map(|(i, c)| (c.issued, path!["past_certificates", i, "issued"].to_vec()));
        for (date, at) in stages.chain(certs).chain(past) {
            if date.get() > ctx.today {
                out.push(
                    Diagnostic::new(Code::FutureDate, rec.source.path.clone())
                        .at(rec.source.locate(&at))
                        .arg("date", date.to_string())
                        .arg("today", ctx.today.to_string()),
                );
            }
        }
    }
}

/// W073: a certificate known only from a published list, without its decision's number
/// or date: the stars are recorded, but nothing can be timed until the decision is found.
pub fn listed_certificate(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.catalog.products.values() {
        let Some(c) = &rec.value.listed_certificate else { continue };
        let missing = match (&c.decision, c.issued) {
            (None, None) => "detail.listed_no_decision",
            (Some(_), None) => "detail.listed_no_date",
            (None, Some(_)) => "detail.listed_no_number",
            (Some(_), Some(_)) => "detail.listed_complete",
        };
        out.push(
            Diagnostic::new(Code::ListedCertificate, rec.source.path.clone())
                .at(rec.source.locate(&path!["listed_certificate", "stars"]))
                .arg("stars", c.stars.to_string())
                .arg("missing", LocalText::key(missing, &[])),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{PRODUCT as BASE, run_on_product as run};

    #[test]
    fn producer_must_exist() {
        assert!(run(producer_exists, BASE).is_empty());
        assert_eq!(run(producer_exists, &BASE.replace("\"p\"", "\"q\"")), [Code::UnknownProducer]);
    }

    #[test]
    fn set_ranges_read_like_people_write_them() {
        assert_eq!(set_ranges((1..=26).rev()), "1–26");
        assert_eq!(set_ranges([21, 1, 2, 3, 26, 22].into_iter()), "1–3, 21–22, 26");
        assert_eq!(set_ranges(std::iter::empty()), "");
    }

    #[test]
    fn the_score_must_match_the_stars() {
        assert!(run(certificate_fields, &format!("{BASE}{CERT}score = 62.5\n")).is_empty());
        assert_eq!(run(certificate_fields, &format!("{BASE}{CERT}score = 72.0\n")), [Code::InvalidCertificate]);
        assert_eq!(run(certificate_fields, &format!("{BASE}{CERT}score = 120.0\n")), [Code::InvalidCertificate]);
    }

    #[test]
    fn product_set_must_exist() {
        assert!(run(product_set, BASE).is_empty());
        assert_eq!(run(product_set, &BASE.replace("set = 4", "set = 27")), [Code::UnknownProductSet]);
    }

    #[test]
    fn rule_sets_must_exist() {
        assert!(run(rule_set, &format!("{BASE}rule_set = \"qd-26-2026\"\n")).is_empty());
        assert_eq!(run(rule_set, &format!("{BASE}rule_set = \"qd-999\"\n")), [Code::UnknownRuleSet]);
    }

    #[test]
    fn barcodes_are_checked() {
        assert!(run(barcode, &format!("{BASE}barcode = \"8935049500018\"\n")).is_empty());
        assert_eq!(run(barcode, &format!("{BASE}barcode = \"8935049500017\"\n")), [Code::InvalidBarcode]);
    }

    const CERT: &str = "[certificate]\nstars = 3\ndecision = \"1/QĐ-UBND\"\nissued = 2023-05-10\n";

    #[test]
    fn certificate_fields_are_checked() {
        assert!(run(certificate_fields, &format!("{BASE}{CERT}")).is_empty());
        assert_eq!(
            run(certificate_fields, &format!("{BASE}{}", CERT.replace("stars = 3", "stars = 2"))),
            [Code::InvalidCertificate]
        );
        assert_eq!(run(certificate_fields, &format!("{BASE}{CERT}expires = 2023-05-01\n")), [Code::InvalidCertificate]);
    }

    #[test]
    fn certificate_expiry_and_window() {
        assert_eq!(run(certificate_expiry, &format!("{BASE}{CERT}")), [Code::CertificateExpired]);
        // Issued 2024-01-15: expires 2027-01-15; window 2026-07-19 .. 2026-09-17: missed, silent.
        // Issued 2024-06-01: expires 2027-06-01; window 2026-12-03 .. : not yet open.
        assert!(run(certificate_expiry, &format!("{BASE}{}", CERT.replace("2023-05-10", "2024-06-01"))).is_empty());
        // Issued 2024-04-01: expires 2027-04-01; window 2026-10-03 .. 2026-12-02: open.
        assert_eq!(
            run(certificate_expiry, &format!("{BASE}{}", CERT.replace("2023-05-10", "2024-04-01"))),
            [Code::ReevaluationWindow]
        );
    }

    #[test]
    fn a_rated_dossier_has_its_new_certificate() {
        let filed =
            "[[stages]]\nstage = \"submitted\"\ndate = 2026-06-01\n[[stages]]\nstage = \"rated\"\ndate = 2026-09-01\n";
        assert_eq!(run(rated_with_certificate, &format!("{BASE}{filed}")), [Code::RatedWithoutCertificate]);
        assert_eq!(run(rated_with_certificate, &format!("{BASE}{CERT}{filed}")), [Code::RatedWithoutCertificate]);
        let new_cert = CERT.replace("2023-05-10", "2026-09-01");
        assert!(run(rated_with_certificate, &format!("{BASE}{new_cert}{filed}")).is_empty());
        // Rated before the tool knew of any filing: nothing to compare with.
        assert!(
            run(rated_with_certificate, &format!("{BASE}[[stages]]\nstage = \"rated\"\ndate = 2026-09-01\n"))
                .is_empty()
        );
    }

    #[test]
    fn stage_and_certificate_dates_are_not_in_the_future() {
        let stage = |d: &str| format!("{BASE}[[stages]]\nstage = \"preparing\"\ndate = {d}\n");
        assert!(run(no_future_dates, &stage("2026-11-29")).is_empty());
        assert_eq!(run(no_future_dates, &stage("2026-11-30")), [Code::FutureDate]);
        let cert = CERT.replace("2023-05-10", "2026-12-01");
        assert_eq!(run(no_future_dates, &format!("{BASE}{cert}")), [Code::FutureDate]);
    }

    #[test]
    fn stages_in_date_order() {
        let ok = format!(
            "{BASE}[[stages]]\nstage = \"preparing\"\ndate = 2026-06-01\n[[stages]]\nstage = \"submitted\"\ndate = 2026-07-01\n"
        );
        assert!(run(stage_order, &ok).is_empty());
        let bad = ok.replace("2026-07-01", "2026-05-01");
        assert_eq!(run(stage_order, &bad), [Code::StageOrder]);
    }
}
