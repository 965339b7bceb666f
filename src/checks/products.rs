//! Checks on products: producer reference, product set, rule set, barcode, certificate
//! and pipeline stages.

use super::Ctx;
use crate::codes::{Ean13Error, check_ean13, parse_product_code};
use crate::diag::{Code, Diagnostic, suggestion};
use crate::eval::{CertState, certificate, refiling, rules_for, rules_for_certificate};
use crate::i18n::LocalText;
use crate::load::Seg;
use crate::model::Stage;
use crate::path;
use chrono::Datelike;

fn known_rule_sets(ctx: &Ctx<'_>) -> String {
    ctx.catalog.rules.sets.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
}

/// E030: the commune's `rule_set`, when given, names a known rule set.
pub(super) fn commune_rule_set(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
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

/// W072: `[conventions] certificate_end` names a reading the tool knows; an unknown one
/// is ignored (the Civil Code reading is used), so every date would silently differ
/// from the province's.
pub(super) fn commune_conventions(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(rec) = &ctx.catalog.commune else { return };
    let Some(value) = rec.value.conventions.as_ref().and_then(|c| c.certificate_end.as_deref()) else { return };
    if crate::dates::EndDay::from_key(value).is_none() {
        out.push(
            Diagnostic::new(Code::UnknownConvention, rec.source.path.clone())
                .at(rec.source.locate(&path!["conventions", "certificate_end"]))
                .arg("value", value)
                .arg("known", crate::dates::EndDay::KEYS.map(|k| format!("\"{k}\"")).join(", ")),
        );
    }
}

/// E009: every product names a producer that has a file.
pub(super) fn producer_exists(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let producers = &ctx.catalog.producers;
    // The closest id once per unknown one: thousands of products naming one missing
    // producer (an import gone wrong) cost one search, not one each.
    let mut suggested: std::collections::HashMap<&str, LocalText> = std::collections::HashMap::new();
    for rec in ctx.products() {
        let p = &rec.value.producer;
        // A producer file that exists but is broken has its own diagnostic.
        if producers.contains_key(p.as_str()) || ctx.catalog.is_broken(crate::load::PRODUCERS_DIR, p) {
            continue;
        }
        let suggestion = suggested
            .entry(p.as_str())
            .or_insert_with(|| suggestion(p, producers.keys().map(|id| id.as_str())))
            .clone();
        out.push(
            Diagnostic::new(Code::UnknownProducer, rec.source.path.clone())
                .at(rec.source.locate(&path!["producer"]))
                .arg("producer", p.as_str())
                .arg("suggestion", suggestion),
        );
    }
}

/// E023: the product set exists in the product-set table.
pub(super) fn product_set(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
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
pub(super) fn rule_set(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
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
pub(super) fn barcode(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
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
pub(super) fn certificate_fields(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
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
                let plain = |x: f64| LocalText::plain(x.to_string());
                // Below the band of the stars awarded is a contradiction; above it is
                // allowed, since a starred minimum not met holds the stars down.
                if !(0.0..=100.0).contains(&score) || band < c.stars {
                    out.push(Diagnostic::new(Code::InvalidCertificate, rec.source.path.clone()).at(at("score")).arg(
                        "detail",
                        LocalText::key(
                            "detail.cert_score",
                            &[
                                ("score", &plain(score)),
                                ("band", &LocalText::plain(band.to_string())),
                                ("stars", &LocalText::plain(c.stars.to_string())),
                            ],
                        ),
                    ));
                } else if band > c.stars {
                    out.push(
                        Diagnostic::new(Code::ScoreAboveBand, rec.source.path.clone())
                            .at(at("score"))
                            .arg("score", plain(score))
                            .arg("band", band.to_string())
                            .arg("stars", c.stars.to_string()),
                    );
                }
            }
            if let (Some(parts), Some(rules)) = (c.score_parts, bands) {
                let plain = |x: f64| LocalText::plain(x.to_string());
                let mut problems = Vec::new();
                if let Some(max) = rules.score_parts {
                    for (part, value, max) in [("A", parts.a, max.a), ("B", parts.b, max.b), ("C", parts.c, max.c)] {
                        if !(0.0..=max).contains(&value) {
                            let args =
                                [("part", &LocalText::plain(part)), ("value", &plain(value)), ("max", &plain(max))];
                            problems.push(LocalText::key("detail.parts_over_max", &args));
                        }
                    }
                }
                // Sheets carry one decimal at most; compare at that precision.
                if let Some(score) = c.score.filter(|s| (s - parts.total()).abs() > 0.05) {
                    let sum = (parts.total() * 100.0).round() / 100.0;
                    problems
                        .push(LocalText::key("detail.parts_sum", &[("sum", &plain(sum)), ("score", &plain(score))]));
                }
                for detail in problems {
                    out.push(
                        Diagnostic::new(Code::ScorePartsInvalid, rec.source.path.clone())
                            .at(at("score_parts"))
                            .arg("detail", detail)
                            .arg("rules", rules.id.as_str()),
                    );
                }
            }
            if let Some(exp) = c.expires.filter(|e| *e <= c.issued) {
                out.push(Diagnostic::new(Code::InvalidCertificate, rec.source.path.clone()).at(at("expires")).arg(
                    "detail",
                    LocalText::key(
                        "detail.cert_expiry_order",
                        &[
                            ("expires", &crate::render::labels::date(exp.get()).into()),
                            ("issued", &crate::render::labels::date(c.issued.get()).into()),
                        ],
                    ),
                ));
            }
        }
    }
}

/// W018/W019/W042: the current certificate has expired, its re-evaluation window is open
/// and no re-evaluation has been filed, or it expires within the rule set's warning
/// period (`expiry_warning_days`; under QĐ 148 the issuer warned at least 30 days ahead).
pub(super) fn certificate_expiry(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
        let p = &rec.value;
        let Some(cert) = &p.certificate else { continue };
        let Some(rules) = rules_for_certificate(ctx.catalog, cert) else { continue };
        let filed = rules_for(ctx.catalog, p, ctx.today).and_then(|r| refiling(p, r));
        let e = certificate(cert, rules, &ctx.catalog.rules.calendar, ctx.today, filed);
        let soon = (0..=i64::from(rules.expiry_warning_days)).contains(&e.days_left);
        let d = match e.state {
            CertState::Expired => Diagnostic::new(Code::CertificateExpired, rec.source.path.clone())
                .arg("stars", e.stars.to_string())
                .date("expires", e.valid_through),
            CertState::WindowOpen => Diagnostic::new(Code::ReevaluationWindow, rec.source.path.clone())
                .date("from", e.window_from)
                .date("until", e.window_until)
                .date("expires", e.valid_through),
            CertState::Valid | CertState::WindowMissed if soon => {
                Diagnostic::new(Code::CertificateExpiringSoon, rec.source.path.clone())
                    .arg("stars", e.stars.to_string())
                    .date("expires", e.valid_through)
                    .arg("days", e.days_left.to_string())
                    .arg("warning", rules.expiry_warning_days.to_string())
            }
            _ => continue,
        };
        let at = rec.source.locate(&path!["certificate", if cert.expires.is_some() { "expires" } else { "issued" }]);
        out.push(d.at(at));
    }
}

/// E043/W044: the product code, when given, has the shape of an OCOP code; in the new
/// form its province and commune parts are the tree's codes, and in either form its
/// year is the year one of the product's certificates was issued (a re-evaluated
/// product keeps the code of its first recognition).
pub(super) fn product_code(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let commune = ctx.catalog.commune.as_ref().map(|c| &c.value);
    for rec in ctx.products() {
        let p = &rec.value;
        let Some(code) = p.code.as_deref() else { continue };
        // Locating re-parses the file: only for a code with something to say.
        let at = || rec.source.locate(&path!["code"]);
        let Some(parts) = parse_product_code(code) else {
            out.push(Diagnostic::new(Code::InvalidProductCode, rec.source.path.clone()).at(at()).arg("code", code));
            continue;
        };
        let mut problems = Vec::new();
        if parts.district.is_none() {
            let tree = [
                ("detail.code_province", parts.province, commune.and_then(|c| c.province_code.as_deref())),
                ("detail.code_commune", parts.commune, commune.and_then(|c| c.commune_code.as_deref())),
            ];
            for (key, part, expected) in tree {
                if let Some(expected) = expected.filter(|e| e.trim() != part) {
                    problems.push(LocalText::key(key, &[("part", &part.into()), ("expected", &expected.into())]));
                }
            }
        }
        let mut years = p.certificate.iter().chain(&p.past_certificates).map(|c| c.issued.get().year());
        if let Some(current) = p.certificate.as_ref().map(|c| c.issued.get().year())
            && !years.any(|y| y == parts.year)
        {
            let (part, expected) = (parts.year.to_string(), current.to_string());
            problems
                .push(LocalText::key("detail.code_year", &[("part", &part.into()), ("expected", &expected.into())]));
        }
        for detail in problems {
            out.push(
                Diagnostic::new(Code::ProductCodeMismatch, rec.source.path.clone())
                    .at(at())
                    .arg("code", code)
                    .arg("detail", detail),
            );
        }
    }
}

/// W046: a dossier filed before a rule set took effect, and so judged under the old
/// rules, has no decision after the transition the new rule set allows
/// (`old_rules_transition`, counted from the day it took effect).
pub(super) fn old_rules_transition(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
        let p = &rec.value;
        if !matches!(p.stage(), Stage::Submitted | Stage::Screened | Stage::SentToProvince | Stage::Returned) {
            continue;
        }
        let Some(filed) = p.filed_on().map(|d| d.get()) else { continue };
        let Some(old) = crate::eval::rules_for(ctx.catalog, p, ctx.today) else { continue };
        // The newest rule set that took effect after the filing and sets a transition.
        let newer =
            ctx.catalog.rules.sets.values().filter(|s| s.effective_from > filed && s.effective_from <= ctx.today);
        let Some((new, t)) = newer
            .filter(|s| s.id != old.id)
            .filter_map(|s| s.old_rules_transition.as_ref().map(|t| (s, t)))
            .max_by_key(|(s, _)| s.effective_from)
        else {
            continue;
        };
        let limit = t.days(p.evaluation);
        let until = crate::dates::plus_days(new.effective_from, limit);
        if ctx.today <= until {
            continue;
        }
        let at =
            p.stages.iter().rposition(|s| s.stage == Stage::Submitted).map(|i| path!["stages", i, "date"].to_vec());
        out.push(
            Diagnostic::new(Code::OldRulesTransitionOver, rec.source.path.clone())
                .at(at.and_then(|a| rec.source.locate(&a)))
                .date("filed", filed)
                .arg("rules", old.id.as_str())
                .date("until", until)
                .arg("new", new.id.as_str())
                .arg("limit", limit.to_string())
                .date("from", new.effective_from),
        );
    }
}

/// E025: stage entries are in date order.
pub(super) fn stage_order(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
        for (i, pair) in rec.value.stages.windows(2).enumerate() {
            if pair[1].date < pair[0].date {
                out.push(
                    Diagnostic::new(Code::StageOrder, rec.source.path.clone())
                        .at(rec.source.locate(&path!["stages", i + 1, "date"]))
                        .arg("stage", LocalText::key(&format!("stage.{}", pair[1].stage.key()), &[]))
                        .date("date", pair[1].date)
                        .date("previous", pair[0].date),
                );
            }
        }
    }
}

/// E039: a dossier recorded as rated has the certificate that rating produced: one
/// issued on or after the dossier was filed.
pub(super) fn rated_with_certificate(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
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
                .date("filed", filed)
                .arg(
                    "issued",
                    p.certificate.as_ref().map_or("—".to_string(), |c| crate::render::labels::date(c.issued.get())),
                ),
        );
    }
}

/// E041: stage moves and certificates are not dated after the reference date.
pub(super) fn no_future_dates(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
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
                        .date("date", date)
                        .date("today", ctx.today),
                );
            }
        }
    }
}

/// W073: a certificate known only from a published list, without its decision's number
/// or date: the stars are recorded, but nothing can be timed until the decision is found.
pub(super) fn listed_certificate(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
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
    fn the_score_must_reach_the_stars_band() {
        assert!(run(certificate_fields, &format!("{BASE}{CERT}score = 62.5\n")).is_empty());
        // Above the band: allowed (a starred minimum held the stars down), said as info.
        assert_eq!(run(certificate_fields, &format!("{BASE}{CERT}score = 72.0\n")), [Code::ScoreAboveBand]);
        let four = CERT.replace("stars = 3", "stars = 4");
        assert_eq!(run(certificate_fields, &format!("{BASE}{four}score = 62.5\n")), [Code::InvalidCertificate]);
        assert_eq!(run(certificate_fields, &format!("{BASE}{CERT}score = 120.0\n")), [Code::InvalidCertificate]);
    }

    #[test]
    fn score_parts_add_up_and_stay_within_their_maxima() {
        let parts = |score: &str, parts: &str| format!("{BASE}{CERT}score = {score}\nscore_parts = {{ {parts} }}\n");
        assert!(run(certificate_fields, &parts("62.5", "a = 30, b = 12, c = 20.5")).is_empty());
        assert_eq!(run(certificate_fields, &parts("62.5", "a = 30, b = 12, c = 21")), [Code::ScorePartsInvalid]);
        assert_eq!(run(certificate_fields, &parts("62.5", "a = 41, b = 1, c = 20.5")), [Code::ScorePartsInvalid]);
        assert_eq!(
            run(certificate_fields, &parts("62.5", "a = 41, b = 26, c = -4.5")),
            [Code::ScorePartsInvalid, Code::ScorePartsInvalid, Code::ScorePartsInvalid]
        );
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

    /// The codes `check` finds on `today` for a product of `text`.
    fn run_on(check: fn(&Ctx<'_>, &mut Vec<Diagnostic>), text: &str, today: &str) -> Vec<Code> {
        use crate::checks::testing::{PRODUCER, catalog, codes};
        let c = catalog(&[("p", PRODUCER)], &[("x", text)]);
        let mut out = Vec::new();
        check(&Ctx::new(&c, today.parse().expect("date")), &mut out);
        codes(&out)
    }

    #[test]
    fn a_certificate_is_flagged_thirty_days_before_it_expires() {
        // Valid through Sunday 10/05/2026; the window closed on Monday 12/01/2026.
        let p = format!("{BASE}{CERT}");
        let on = |today: &str| run_on(certificate_expiry, &p, today);
        assert!(on("2026-04-09").is_empty(), "31 days ahead");
        for today in ["2026-04-10", "2026-05-01", "2026-05-10"] {
            assert_eq!(on(today), [Code::CertificateExpiringSoon], "{today}");
        }
        assert_eq!(on("2026-05-11"), [Code::CertificateExpired]);
        // A re-evaluation filed in the window does not change the expiry: still flagged.
        let filed = format!(
            "{}{CERT}[[stages]]\nstage = \"submitted\"\ndate = 2025-12-01\n",
            BASE.replace("first", "reevaluation")
        );
        assert_eq!(run_on(certificate_expiry, &filed, "2026-05-01"), [Code::CertificateExpiringSoon]);
        assert!(run_on(certificate_expiry, &filed, "2026-05-11").is_empty(), "in grace");
    }

    #[test]
    fn product_codes_have_the_shape_and_the_trees_parts() {
        use crate::checks::testing::{PRODUCER, catalog, codes};
        let cert = CERT.replace("2023-05-10", "2024-06-03");
        let product = |code: &str| format!("{BASE}code = \"{code}\"\n{cert}");
        let run_with = |code: &str, province: Option<&str>, commune: Option<&str>| {
            let mut c = catalog(&[("p", PRODUCER)], &[("x", &product(code))]);
            if let Some(rec) = c.commune.as_mut() {
                rec.value.province_code = province.map(String::from);
                rec.value.commune_code = commune.map(String::from);
            }
            let mut out = Vec::new();
            product_code(&Ctx::new(&c, crate::checks::testing::today()), &mut out);
            codes(&out)
        };
        let tree = (Some("31"), Some("11353"));
        assert!(run_with("31-11353-001-2024", tree.0, tree.1).is_empty());
        assert_eq!(run_with("31-11353-001", tree.0, tree.1), [Code::InvalidProductCode]);
        assert_eq!(run_with("32-11353-001-2024", tree.0, tree.1), [Code::ProductCodeMismatch]);
        assert_eq!(run_with("31-11354-001-2024", tree.0, tree.1), [Code::ProductCodeMismatch]);
        assert_eq!(run_with("32-11354-001-2025", tree.0, tree.1), [Code::ProductCodeMismatch; 3]);
        // Without the tree's codes only the year is compared.
        assert!(run_with("32-11354-001-2024", None, None).is_empty());
        // The old form's parts predate the 2025 codes: only its year is compared.
        assert!(run_with("83-829-28780-3-2024", tree.0, tree.1).is_empty());
        assert_eq!(run_with("83-829-28780-3-2022", tree.0, tree.1), [Code::ProductCodeMismatch]);
        // A re-evaluated product keeps the code of an earlier certificate.
        let past = format!(
            "{BASE}code = \"31-11353-001-2021\"\n{cert}[[past_certificates]]\nstars = 3\ndecision = \"9\"\nissued = 2021-03-01\n"
        );
        assert!(run_on(product_code, &past, "2026-11-29").is_empty());
        // No certificate yet: no year to compare.
        assert!(run_on(product_code, &format!("{BASE}code = \"31-11353-001-2026\"\n"), "2026-11-29").is_empty());
    }

    #[test]
    fn old_rules_dossiers_finish_within_the_transition() {
        let stages = |kind: &str, filed: &str, then: &str| {
            format!(
                "{}[[stages]]\nstage = \"submitted\"\ndate = {filed}\n[[stages]]\nstage = \"{then}\"\ndate = {filed}\n",
                BASE.replace("first", kind)
            )
        };
        let first = stages("first", "2026-05-15", "sent_to_province");
        // 60 days from 22/05/2026 end on 21/07/2026.
        assert!(run_on(old_rules_transition, &first, "2026-07-21").is_empty());
        assert_eq!(run_on(old_rules_transition, &first, "2026-07-22"), [Code::OldRulesTransitionOver]);
        // A re-evaluation has 30 days: to 21/06/2026.
        let reeval = format!("{}{CERT}", stages("reevaluation", "2026-05-15", "screened"));
        assert!(run_on(old_rules_transition, &reeval, "2026-06-21").is_empty());
        assert_eq!(run_on(old_rules_transition, &reeval, "2026-06-22"), [Code::OldRulesTransitionOver]);
        // Decided, filed under the new rules, or pinned to them: nothing to say.
        assert!(run_on(old_rules_transition, &stages("first", "2026-05-15", "rated"), "2026-11-29").is_empty());
        assert!(run_on(old_rules_transition, &stages("first", "2026-05-22", "screened"), "2026-11-29").is_empty());
        let pinned = first.replace("evaluation", "rule_set = \"qd-26-2026\"\nevaluation");
        assert!(run_on(old_rules_transition, &pinned, "2026-11-29").is_empty());
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
