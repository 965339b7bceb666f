//! A product judged against its rules on a reference date: which rule set applies, which
//! items it needs and their state, and where its certificate stands. Shared by the
//! checks, `status` and `show`.

use crate::dates::{Calendar, days_until, end_of_period, minus_days, plus_days, valid_through};
use crate::load::Catalog;
use crate::model::{Certificate, EvaluationKind, Item, ItemStatus, Product, Stage};
use crate::rules::{Group, ItemRule, RuleSet, Target, required_items};
use chrono::NaiveDate;
use serde::Serialize;

/// The state of one required item on the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    Missing,
    InProgress,
    Done,
    /// Done once, but its paper has expired.
    Expired,
    NotApplicable,
}

impl ItemState {
    pub fn key(self) -> &'static str {
        match self {
            ItemState::Missing => "missing",
            ItemState::InProgress => "in_progress",
            ItemState::Done => "done",
            ItemState::Expired => "expired",
            ItemState::NotApplicable => "not_applicable",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ItemEval<'a> {
    pub rule: &'a ItemRule,
    pub entry: Option<&'a Item>,
    pub state: ItemState,
    /// Last day of validity: stated, or issue date plus the item's validity period.
    pub expires: Option<NaiveDate>,
}

/// Where a certificate stands on the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CertState {
    Valid,
    /// Inside the re-evaluation filing window (180 to 120 days before expiry).
    WindowOpen,
    /// Past the window's last day but not yet expired.
    WindowMissed,
    /// Expired, but a re-evaluation that earns the grace (`GraceRule`) awaits its
    /// decision: valid until the decision, at most the grace period after expiry.
    Grace,
    Expired,
    /// Revoked (thu hồi) by a later decision: no longer valid from that day.
    Revoked,
}

impl CertState {
    pub fn key(self) -> &'static str {
        match self {
            CertState::Valid => "valid",
            CertState::WindowOpen => "window_open",
            CertState::WindowMissed => "window_missed",
            CertState::Grace => "grace",
            CertState::Expired => "expired",
            CertState::Revoked => "revoked",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CertEval {
    pub stars: u8,
    pub issued: NaiveDate,
    pub valid_through: NaiveDate,
    pub days_left: i64,
    pub window_from: NaiveDate,
    /// The window's last day, moved off a weekend or holiday when the rules say so.
    pub window_until: NaiveDate,
    pub grace_until: NaiveDate,
    /// True when the re-evaluation filed earns the grace after expiry.
    #[serde(skip)]
    pub grace_earned: bool,
    /// False when the certificate's rules set no filing window (QĐ 1048): then
    /// `window_from` is the issue date and `window_until` the last valid day, and no
    /// window opens, closes or is missed.
    #[serde(skip)]
    pub window: bool,
    pub state: CertState,
    /// The day it was revoked, when it was by the reference date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked: Option<NaiveDate>,
}

/// The last day a certificate is valid: as stated, or issue + the period of the rule set
/// it was issued under, read by the tree's end-day convention (moved off a day off only
/// if the rules say so; they do not).
pub fn certificate_valid_through(cert: &Certificate, rules: &RuleSet, calendar: &Calendar) -> NaiveDate {
    let through = cert.expires.map_or_else(
        || end_of_period(cert.issued.get(), rules.certificate_months, calendar.certificate_end),
        |d| d.get(),
    );
    if rules.day_off.validity_end { calendar.next_working_day_from(through) } else { through }
}

/// True when a re-evaluation filed on `filed` keeps an expired certificate valid while
/// it is decided: filed before expiry, and either inside the window or, in the
/// transition, after a window that had closed before the rules took effect.
pub fn grace_earned(rules: &RuleSet, filed: NaiveDate, window: (NaiveDate, NaiveDate), through: NaiveDate) -> bool {
    let (from, until) = window;
    if filed > through || filed < from {
        return false;
    }
    let timely = rules.grace.timely_filing && filed <= until;
    let unmeetable = rules.grace.window_closed_before.is_some_and(|d| until < d.get());
    timely || unmeetable
}

/// A re-evaluation filed on `on`, judged by the rule set `rules` (the one in force on
/// that day, or the one the product is pinned to): who gets the grace is that rule
/// set's to say, so a new decision's transition covers certificates issued before it.
#[derive(Debug, Clone, Copy)]
pub struct Refiling<'a> {
    pub on: NaiveDate,
    pub rules: &'a RuleSet,
}

/// Judges a certificate, issued under `rules`, on `today`, with the re-evaluation filed
/// for it, if one was.
pub fn certificate(
    cert: &Certificate,
    rules: &RuleSet,
    calendar: &Calendar,
    today: NaiveDate,
    filed: Option<Refiling<'_>>,
) -> CertEval {
    let through = certificate_valid_through(cert, rules, calendar);
    let window = !rules.reevaluation_window.is_none();
    let (window_from, window_until) = if window {
        let from = minus_days(through, rules.reevaluation_window.earliest_days);
        let until = minus_days(through, rules.reevaluation_window.latest_days);
        (from, if rules.day_off.window_close { calendar.next_working_day_from(until) } else { until })
    } else {
        // No window to open or miss (QĐ 1048): any re-evaluation filed after the issue
        // and by the expiry is in time.
        (cert.issued.get(), through)
    };
    let grace_until = plus_days(through, rules.grace_days);
    let refiled = filed.is_some_and(|f| f.on >= window_from);
    let grace = filed.is_some_and(|f| {
        if window {
            grace_earned(f.rules, f.on, (window_from, window_until), through)
        } else {
            f.rules.grace.timely_filing && f.on >= window_from && f.on <= through
        }
    });
    let revoked = cert.revoked.as_ref().map(|r| r.date.get()).filter(|d| *d <= today);
    let state = if revoked.is_some() {
        CertState::Revoked
    } else if today > through {
        if grace && today <= grace_until { CertState::Grace } else { CertState::Expired }
    } else if !window {
        CertState::Valid
    } else if today >= window_from && today <= window_until && !refiled {
        CertState::WindowOpen
    } else if today > window_until && !refiled {
        CertState::WindowMissed
    } else {
        CertState::Valid
    };
    CertEval {
        stars: cert.stars,
        issued: cert.issued.get(),
        valid_through: through,
        days_left: days_until(today, through),
        window_from,
        window_until,
        grace_until,
        grace_earned: grace,
        window,
        state,
        revoked,
    }
}

/// A product judged against its rules.
#[derive(Debug, Clone)]
pub struct ProductEval<'a> {
    pub rules: &'a RuleSet,
    pub group: Option<&'a Group>,
    pub target: Target,
    /// Items the product needs, in rule order, with their state.
    pub items: Vec<ItemEval<'a>>,
    pub certificate: Option<CertEval>,
}

impl ProductEval<'_> {
    /// Items counted for completeness (not-applicable ones are left out).
    pub fn required(&self) -> impl Iterator<Item = &ItemEval<'_>> {
        self.items.iter().filter(|i| i.state != ItemState::NotApplicable)
    }

    pub fn done_count(&self) -> usize {
        self.required().filter(|i| i.state == ItemState::Done).count()
    }

    pub fn required_count(&self) -> usize {
        self.required().count()
    }

    /// Required items not done (missing, in progress or expired), in rule order.
    pub fn outstanding(&self) -> impl Iterator<Item = &ItemEval<'_>> {
        self.required().filter(|i| i.state != ItemState::Done)
    }

    /// (done, required) for one section.
    pub fn section_counts(&self, section: &str) -> (usize, usize) {
        let items = self.required().filter(|i| i.rule.section == section);
        items.fold((0, 0), |(d, r), i| (d + usize::from(i.state == ItemState::Done), r + 1))
    }
}

/// The rule set a product is judged by: its own `rule_set`, else the commune's, else
/// the one in force on its filing date (or `today` when not filed yet).
pub fn rules_for<'c>(catalog: &'c Catalog, product: &Product, today: NaiveDate) -> Option<&'c RuleSet> {
    let book = &catalog.rules;
    let pinned = product
        .rule_set
        .as_deref()
        .or_else(|| catalog.commune.as_ref().and_then(|c| c.value.rule_set.as_deref()))
        .and_then(|id| book.get(id));
    pinned.or_else(|| book.in_force_on(product.filed_on().map_or(today, |d| d.get())))
}

/// The re-evaluation filed for the product's certificate, judged by `rules` (the
/// product's rule set, see `rules_for`), if one was filed.
pub fn refiling<'r>(product: &Product, rules: &'r RuleSet) -> Option<Refiling<'r>> {
    let on = product.filed_on().filter(|_| product.evaluation == EvaluationKind::Reevaluation)?;
    Some(Refiling { on: on.get(), rules })
}

/// The rule set a certificate was issued under: its `legal_basis`, else the one in
/// force on its issue date.
pub fn rules_for_certificate<'c>(catalog: &'c Catalog, cert: &Certificate) -> Option<&'c RuleSet> {
    let book = &catalog.rules;
    cert.legal_basis.as_deref().and_then(|id| book.get(id)).or_else(|| book.in_force_on(cert.issued.get()))
}

/// The stars a dossier aims at: stated, else one more than held (upgrade), else what is
/// held (re-evaluation), else 3.
pub fn target_stars(product: &Product) -> u8 {
    let held = product.certificate.as_ref().map(|c| c.stars);
    product.target_stars.unwrap_or(match (product.evaluation, held) {
        (EvaluationKind::Upgrade, Some(s)) => s.saturating_add(1).min(5),
        (_, Some(s)) => s,
        _ => 3,
    })
}

/// Judges `product` on `today`. None when no rule set or product set can be found
/// (both are reported by the checks).
pub fn evaluate<'c>(catalog: &'c Catalog, product: &'c Product, today: NaiveDate) -> Option<ProductEval<'c>> {
    let rules = rules_for(catalog, product, today)?;
    let group = catalog.rules.group_of_set(product.set);
    let target = Target {
        group: group.map_or(0, |g| g.id),
        set: product.set,
        kind: product.evaluation,
        stars: target_stars(product),
    };
    let judged_on = validity_day(product, today);
    let items = required_items(rules, target)
        .into_iter()
        .map(|rule| {
            let entry = product.dossier.get(&rule.id);
            let expires = entry.and_then(|e| {
                e.expires.map(|d| d.get()).or_else(|| {
                    let months = rule.validity_months?;
                    e.issued.map(|i| valid_through(i.get(), months))
                })
            });
            let state = match entry.map(|e| e.status) {
                None | Some(ItemStatus::Missing) => ItemState::Missing,
                Some(ItemStatus::InProgress) => ItemState::InProgress,
                Some(ItemStatus::NotApplicable) => ItemState::NotApplicable,
                Some(ItemStatus::Done) if expires.is_some_and(|x| x < judged_on) => ItemState::Expired,
                Some(ItemStatus::Done) => ItemState::Done,
            };
            ItemEval { rule, entry, state, expires }
        })
        .collect();
    let certificate = product.certificate.as_ref().and_then(|cert| {
        let cert_rules = rules_for_certificate(catalog, cert)?;
        let filed = refiling(product, rules);
        Some(certificate(cert, cert_rules, &catalog.rules.calendar, today, filed))
    });
    Some(ProductEval { rules, group, target, items, certificate })
}

/// The day a dossier's papers must be valid on: the filing date while a filed dossier
/// awaits screening or the province (a paper that ages after filing does not spoil the
/// dossier it was filed with), `today` before filing and after the decision.
pub fn validity_day(product: &Product, today: NaiveDate) -> NaiveDate {
    match product.filed_on() {
        Some(filed) if is_filed(product) => filed.get().min(today),
        _ => today,
    }
}

/// True once the product's current stage means the dossier must be complete.
pub fn is_filed(product: &Product) -> bool {
    product.stage().is_filed()
}

/// True while the dossier is still being put together. A product known from a
/// published list (a `listed_certificate`, no stage recorded) has no dossier under way.
pub fn is_open(product: &Product) -> bool {
    let listed_only = product.stages.is_empty() && product.listed_certificate.is_some();
    matches!(product.stage(), Stage::Preparing | Stage::Returned) && !listed_only
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn rules() -> RuleSet {
        let mut diags = Vec::new();
        let book = crate::rules::load_rule_files(std::path::Path::new("/nonexistent"), &mut diags);
        book.get("qd-148-2023").expect("embedded").clone()
    }

    fn cert(issued: &str) -> Certificate {
        Certificate {
            stars: 3,
            decision: "1/QĐ-UBND".into(),
            issued_by: None,
            issued: Date(issued.parse().expect("date")),
            legal_basis: None,
            expires: None,
            score: None,
            score_parts: None,
            revoked: None,
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    /// The shipped calendar (holidays up to 2027).
    fn calendar() -> Calendar {
        let mut diags = Vec::new();
        crate::rules::load_rule_files(std::path::Path::new("/nonexistent"), &mut diags).calendar
    }

    #[test]
    fn certificate_expiry_and_window() {
        let r = rules();
        let cal = calendar();
        let at = |c: &Certificate, today: &str, filed: Option<NaiveDate>| {
            certificate(c, &r, &cal, d(today), filed.map(|on| Refiling { on, rules: &r }))
        };
        let c = cert("2023-05-10");
        let e = at(&c, "2026-05-10", None);
        // 10/05/2026 is a Sunday: a period of validity is no deadline for an act, so the
        // last valid day stays (Civil Code Art. 148 read in rules/*.toml `day_off`).
        assert_eq!(e.valid_through, d("2026-05-10"));
        assert_eq!(e.days_left, 0);
        assert_eq!(e.state, CertState::WindowMissed);
        assert_eq!(at(&c, "2026-05-11", None).state, CertState::Expired);
        assert_eq!(e.window_from, d("2025-11-11"));
        // The window closes 120 days before expiry, on Saturday 10/01/2026: filing is an
        // act with a deadline, so it closes with Monday 12/01/2026.
        assert_eq!(e.window_until, d("2026-01-12"));
        assert_eq!(at(&c, "2026-01-12", None).state, CertState::WindowOpen);
        assert_eq!(at(&c, "2026-01-13", None).state, CertState::WindowMissed);
        assert_eq!(at(&c, "2025-11-11", None).state, CertState::WindowOpen);
        assert_eq!(at(&c, "2025-11-10", None).state, CertState::Valid);
        // Filed inside the window, decided late: valid in grace up to 180 days.
        let filed = Some(d("2025-12-01"));
        assert_eq!(at(&c, "2026-06-01", filed).state, CertState::Grace);
        assert_eq!(at(&c, "2026-11-06", filed).state, CertState::Grace);
        assert_eq!(at(&c, "2026-11-07", filed).state, CertState::Expired);
        // Filed on the moved last day of the window: still in time.
        assert_eq!(at(&c, "2026-06-01", Some(d("2026-01-12"))).state, CertState::Grace);
    }

    #[test]
    fn a_window_closing_on_a_holiday_weekend_moves_to_the_next_working_day() {
        let r = rules();
        let cal = calendar();
        // Valid through 31/08/2026: 120 days before is Sunday 03/05/2026, after the
        // 30/04–01/05 holidays and a weekend; the window closes with Monday 04/05.
        let e = certificate(&cert("2023-08-31"), &r, &cal, d("2026-05-04"), None);
        assert_eq!(e.valid_through, d("2026-08-31"));
        assert_eq!(e.window_until, d("2026-05-04"));
        assert_eq!(e.state, CertState::WindowOpen);
        assert_eq!(certificate(&cert("2023-08-31"), &r, &cal, d("2026-05-05"), None).state, CertState::WindowMissed);
    }

    #[test]
    fn grace_only_for_a_timely_filing_or_an_unmeetable_window() {
        let r = rules();
        let cal = calendar();
        // Valid through 10/05/2026; window 11/11/2025 – 12/01/2026.
        let c = cert("2023-05-10");
        let state = |filed: &str, today: &str| {
            certificate(&c, &r, &cal, d(today), Some(Refiling { on: d(filed), rules: &r })).state
        };
        assert_eq!(state("2025-12-01", "2026-05-20"), CertState::Grace);
        // Filed after the window closed, before expiry: the window could be met, no grace.
        assert_eq!(state("2026-03-01", "2026-05-20"), CertState::Expired);
        // Filed after the certificate expired: it has lapsed, no grace.
        assert_eq!(state("2026-05-15", "2026-05-20"), CertState::Expired);
        // Transition: for a re-evaluation judged under QĐ 26/2026, a window that closed
        // before 22/05/2026 could not be met. A certificate issued under QĐ 148 on
        // 01/07/2023 (valid through 01/07/2026, window closed 03/03/2026): a filing after
        // the window but before expiry earns the grace, a filing after expiry does not.
        let r26 = {
            let mut diags = Vec::new();
            let book = crate::rules::load_rule_files(std::path::Path::new("/nonexistent"), &mut diags);
            book.get("qd-26-2026").expect("embedded").clone()
        };
        let c = cert("2023-07-01");
        let state = |filed: &str, today: &str| {
            certificate(&c, &r, &cal, d(today), Some(Refiling { on: d(filed), rules: &r26 })).state
        };
        assert_eq!(state("2026-06-15", "2026-07-10"), CertState::Grace);
        assert_eq!(state("2026-07-02", "2026-07-10"), CertState::Expired);
    }

    /// The item ids a product needs, judged by `rules` on 2026-11-29.
    fn needs(rules: &str, set: u8, evaluation: &str, stars: u8) -> Vec<String> {
        use crate::checks::testing::{PRODUCER, catalog, today};
        let product = format!(
            "name = \"X\"\nproducer = \"p\"\nset = {set}\nevaluation = \"{evaluation}\"\n\
             target_stars = {stars}\nrule_set = \"{rules}\"\n"
        );
        let c = catalog(&[("p", PRODUCER)], &[("x", &product)]);
        let p = &c.products.values().next().expect("product").value;
        let e = evaluate(&c, p, today()).expect("evaluates");
        assert_eq!(e.rules.id, rules);
        e.items.iter().map(|i| i.rule.id.clone()).collect()
    }

    const SHIPPED: [&str; 2] = ["qd-26-2026", "qd-148-2023"];

    /// Every product's first items; `extra` is spliced in after `insured_workers`.
    fn legal(extra: &[&'static str]) -> Vec<&'static str> {
        let mut v = vec!["form_01", "form_02", "business_registration"];
        v.extend(["ip_rights", "financial_statements", "insured_workers"]);
        v.extend(extra);
        v
    }

    const REEVALUATION: [&str; 2] = ["updates_report", "renewed_legal_papers"];
    const STORY_AND_BUSINESS: [&str; 4] =
        ["product_story", "promotion_materials", "business_plan", "distribution_evidence"];

    fn food(licence: bool, extra: &[&'static str], four_stars: bool) -> Vec<&'static str> {
        let mut v = legal(extra);
        if licence {
            v.insert(3, "production_licence");
        }
        v.extend(["raw_material_origin", "production_process", "environment"]);
        if four_stars {
            v.push("quality_management");
        }
        v.extend(["food_safety_certificate", "quality_declaration", "test_report", "product_samples"]);
        v.extend(["label", "packaging_design", "barcode"]);
        if four_stars {
            v.push("traceability_stamp");
        }
        v.extend(STORY_AND_BUSINESS);
        v
    }

    #[test]
    fn honey_set_4_needs_food_safety_papers() {
        for rules in SHIPPED {
            assert_eq!(needs(rules, 4, "first", 3), food(false, &[], false), "{rules}");
            assert_eq!(needs(rules, 4, "reevaluation", 3), food(false, &REEVALUATION, false), "{rules}");
            assert_eq!(needs(rules, 4, "upgrade", 4), food(false, &["changes_since_recognition"], true), "{rules}");
        }
    }

    #[test]
    fn spirits_set_14_also_need_a_production_licence() {
        for rules in SHIPPED {
            assert_eq!(needs(rules, 14, "first", 3), food(true, &[], false), "{rules}");
            assert_eq!(needs(rules, 14, "reevaluation", 3), food(true, &REEVALUATION, false), "{rules}");
            assert_eq!(needs(rules, 14, "first", 4), food(true, &[], true), "{rules}");
        }
    }

    #[test]
    fn crafts_set_21_need_no_food_safety_certificate() {
        let craft = |extra: &[&'static str], four_stars: bool| {
            let mut v = legal(extra);
            v.extend(["raw_material_origin", "production_process", "environment"]);
            if four_stars {
                v.push("quality_management");
            }
            v.extend(["quality_declaration", "test_report", "product_samples"]);
            v.extend(["label", "packaging_design", "barcode"]);
            if four_stars {
                v.push("traceability_stamp");
            }
            v.extend(STORY_AND_BUSINESS);
            v
        };
        for rules in SHIPPED {
            assert_eq!(needs(rules, 21, "first", 3), craft(&[], false), "{rules}");
            assert_eq!(needs(rules, 21, "reevaluation", 3), craft(&REEVALUATION, false), "{rules}");
            assert_eq!(needs(rules, 21, "upgrade", 5), craft(&["changes_since_recognition"], true), "{rules}");
        }
    }

    #[test]
    fn tourism_set_26_needs_no_samples_labels_or_food_papers() {
        let tourism = |extra: &[&'static str], four_stars: bool| {
            let mut v = legal(extra);
            v.extend(["production_process", "environment"]);
            if four_stars {
                v.push("quality_management");
            }
            v.extend(STORY_AND_BUSINESS);
            v
        };
        for rules in SHIPPED {
            assert_eq!(needs(rules, 26, "first", 3), tourism(&[], false), "{rules}");
            assert_eq!(needs(rules, 26, "reevaluation", 3), tourism(&REEVALUATION, false), "{rules}");
            assert_eq!(needs(rules, 26, "upgrade", 4), tourism(&["changes_since_recognition"], true), "{rules}");
        }
    }

    #[test]
    fn the_rule_set_follows_product_then_commune_then_filing_date() {
        use crate::checks::testing::{PRODUCER, catalog, today};
        let base = "name = \"X\"\nproducer = \"p\"\nset = 4\nevaluation = \"first\"\n";
        let stage = |stage: &str, date: &str| format!("[[stages]]\nstage = \"{stage}\"\ndate = {date}\n");
        let products = [
            ("not-filed", base.to_string()),
            ("filed-2026-05-21", format!("{base}{}", stage("submitted", "2026-05-21"))),
            ("filed-2026-05-22", format!("{base}{}", stage("submitted", "2026-05-22"))),
            // Returned and filed again after the new decision: the last filing counts.
            (
                "refiled",
                format!(
                    "{base}{}{}{}",
                    stage("submitted", "2026-04-01"),
                    stage("returned", "2026-04-20"),
                    stage("submitted", "2026-06-01")
                ),
            ),
            (
                "screened-after-old-filing",
                format!("{base}{}{}", stage("submitted", "2026-05-01"), stage("screened", "2026-06-01")),
            ),
            ("pinned", format!("{base}rule_set = \"qd-148-2023\"\n")),
        ];
        let refs: Vec<(&str, &str)> = products.iter().map(|(id, t)| (*id, t.as_str())).collect();
        let mut c = catalog(&[("p", PRODUCER)], &refs);
        let judged = |c: &Catalog, id: &str| {
            let p = &c.products.iter().find(|(k, _)| k.as_str() == id).expect("product").1.value;
            rules_for(c, p, today()).map(|r| r.id.clone()).expect("rules")
        };
        assert_eq!(judged(&c, "not-filed"), "qd-26-2026");
        assert_eq!(judged(&c, "filed-2026-05-21"), "qd-148-2023");
        assert_eq!(judged(&c, "filed-2026-05-22"), "qd-26-2026");
        assert_eq!(judged(&c, "refiled"), "qd-26-2026");
        assert_eq!(judged(&c, "screened-after-old-filing"), "qd-148-2023");
        assert_eq!(judged(&c, "pinned"), "qd-148-2023");
        // Before filing, "today" decides: on 2026-05-01 the old rules were still in force.
        let p = &c.products.iter().find(|(k, _)| k.as_str() == "not-filed").expect("product").1.value;
        assert_eq!(rules_for(&c, p, d("2026-05-01")).map(|r| r.id.as_str()), Some("qd-148-2023"));
        // The commune's rule set beats the date; the product's own beats the commune's.
        if let Some(commune) = c.commune.as_mut() {
            commune.value.rule_set = Some("qd-148-2023".into());
        }
        assert_eq!(judged(&c, "filed-2026-05-22"), "qd-148-2023");
        let pinned_26 = format!("{base}rule_set = \"qd-26-2026\"\n");
        let mut c2 = catalog(&[("p", PRODUCER)], &[("x", pinned_26.as_str())]);
        if let Some(commune) = c2.commune.as_mut() {
            commune.value.rule_set = Some("qd-148-2023".into());
        }
        assert_eq!(judged(&c2, "x"), "qd-26-2026");
    }

    #[test]
    fn target_stars_default_from_the_certificate() {
        use crate::checks::testing::{PRODUCER, catalog};
        let cert = "[certificate]\nstars = 3\ndecision = \"1\"\nissued = 2024-01-01\n";
        let product = |evaluation: &str, extra: &str| {
            format!("name = \"X\"\nproducer = \"p\"\nset = 4\nevaluation = \"{evaluation}\"\n{extra}")
        };
        let cases = [
            (product("first", ""), 3),
            (product("upgrade", cert), 4),
            (product("reevaluation", cert), 3),
            (product("upgrade", &format!("target_stars = 5\n{cert}")), 5),
            (product("upgrade", &cert.replace("stars = 3", "stars = 5")), 5),
        ];
        for (text, stars) in cases {
            let c = catalog(&[("p", PRODUCER)], &[("x", &text)]);
            let p = &c.products.values().next().expect("product").value;
            assert_eq!(target_stars(p), stars, "{text}");
        }
    }

    #[test]
    fn stated_expiry_wins() {
        let r = rules();
        let mut c = cert("2024-02-29");
        let cal = calendar();
        assert_eq!(certificate_valid_through(&c, &r, &cal), d("2027-02-28"));
        c.expires = Some(Date(d("2026-12-31")));
        assert_eq!(certificate_valid_through(&c, &r, &cal), d("2026-12-31"));
    }

    /// A certificate issued before QĐ 148 took effect is judged by QĐ 1048: valid until
    /// it expires with no window to miss, and a re-evaluation filed before expiry (under
    /// 148's transition) keeps it valid while it is decided.
    #[test]
    fn an_old_certificate_is_judged_by_the_rules_it_was_issued_under() {
        let mut diags = Vec::new();
        let book = crate::rules::load_rule_files(std::path::Path::new("/nonexistent"), &mut diags);
        let cal = calendar();
        let old = cert("2020-06-10");
        let rules_1048 = book.in_force_on(old.issued.get()).expect("a rule set");
        assert_eq!(rules_1048.id, "qd-1048-2019");
        let at = |today: &str, filed: Option<(&str, &RuleSet)>| {
            certificate(&old, rules_1048, &cal, d(today), filed.map(|(on, rules)| Refiling { on: d(on), rules }))
        };
        let e = at("2023-05-01", None);
        assert_eq!((e.state, e.window, e.valid_through), (CertState::Valid, false, d("2023-06-10")));
        assert_eq!(at("2023-06-11", None).state, CertState::Expired);
        let r148 = book.get("qd-148-2023").expect("148");
        assert_eq!(at("2023-08-01", Some(("2023-06-01", r148))).state, CertState::Grace);
        assert_eq!(at("2023-12-08", Some(("2023-06-01", r148))).state, CertState::Expired);
        assert_eq!(at("2023-08-01", Some(("2023-06-11", r148))).state, CertState::Expired, "filed after expiry");
    }

    /// The province's end-day convention on boundary days: the day itself, the day
    /// before and after, a leap day and a month's end; a stated expiry is left alone.
    #[test]
    fn the_end_day_convention_moves_the_last_day_and_the_window() {
        use crate::dates::EndDay;
        let r = rules();
        let mut cal = calendar();
        let through = |cal: &Calendar, issued: &str| certificate_valid_through(&cert(issued), &r, cal);
        assert_eq!(through(&cal, "2021-03-10"), d("2024-03-10"));
        assert_eq!(through(&cal, "2024-02-29"), d("2027-02-28"));
        assert_eq!(through(&cal, "2023-08-31"), d("2026-08-31"));
        let c = cert("2023-03-10");
        assert_eq!(certificate(&c, &r, &cal, d("2026-03-10"), None).state, CertState::WindowMissed);
        assert_eq!(certificate(&c, &r, &cal, d("2026-03-11"), None).state, CertState::Expired);
        cal.certificate_end = EndDay::DayBeforeAnniversary;
        assert_eq!(through(&cal, "2021-03-10"), d("2024-03-09"));
        assert_eq!(through(&cal, "2024-02-29"), d("2027-02-27"));
        assert_eq!(through(&cal, "2023-08-31"), d("2026-08-30"));
        assert_eq!(through(&cal, "2023-03-01"), d("2026-02-28"));
        assert_eq!(certificate(&c, &r, &cal, d("2026-03-09"), None).state, CertState::WindowMissed);
        assert_eq!(certificate(&c, &r, &cal, d("2026-03-10"), None).state, CertState::Expired);
        let e = certificate(&c, &r, &cal, d("2025-09-10"), None);
        assert_eq!((e.window_from, e.state), (d("2025-09-10"), CertState::WindowOpen));
        assert_eq!(certificate(&c, &r, &cal, d("2025-09-09"), None).state, CertState::Valid);
        let mut stated = cert("2021-03-10");
        stated.expires = Some(Date(d("2024-03-10")));
        assert_eq!(certificate_valid_through(&stated, &r, &cal), d("2024-03-10"));
    }

    #[test]
    fn the_convention_comes_from_ocop_toml() {
        use crate::dates::EndDay;
        let dir = tempfile::tempdir().expect("temp");
        let write = |text: &str| std::fs::write(dir.path().join("ocop.toml"), text).expect("write");
        let end = || crate::load::load(dir.path()).catalog.rules.calendar.certificate_end;
        write("name = \"X\"\n");
        assert_eq!(end(), EndDay::CivilCode);
        write("name = \"X\"\n[conventions]\ncertificate_end = \"day_before_anniversary\"\n");
        assert_eq!(end(), EndDay::DayBeforeAnniversary);
        write("name = \"X\"\n[conventions]\ncertificate_end = \"civil_code\"\n");
        assert_eq!(end(), EndDay::CivilCode);
        write("name = \"X\"\n[conventions]\ncertificate_end = \"inclusive\"\n");
        assert_eq!(end(), EndDay::CivilCode, "an unknown value falls back (W072)");
    }
}
