//! The dates that matter next: certificate expiries, the re-evaluation filing window,
//! the transitional grace, expiring papers, the commune's screening deadline, the
//! province's rounds, decisions awaited and inspection follow-ups. Data only;
//! `render::due` draws it and `report` lists the ones around a period's end.

use crate::asof;
use crate::calendar_rounds::{decision_due, next_round};
use crate::dates::days_until;
use crate::eval::{CertState, ItemState, ProductEval, evaluate, rules_for_certificate};
use crate::i18n::LocalText;
use crate::load::{Catalog, Record};
use crate::model::{Id, Product, Stage};
use crate::plan::{Inspections, Programme};
use crate::text::sort_key;
use chrono::NaiveDate;
use serde::Serialize;

/// What falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    /// The commune must screen a submitted dossier (Form 03) by this day.
    ScreeningDue,
    /// Inspection follow-up: check that the remedies were carried out.
    FollowUp,
    /// A paper in the dossier stops being valid after this day.
    ItemExpires,
    /// The re-evaluation filing window opens (180 days before expiry).
    WindowOpens,
    /// The re-evaluation filing window closes (120 days before expiry).
    WindowCloses,
    /// The certificate's last valid day.
    CertificateExpires,
    /// The certificate was revoked (thu hồi) on this day: the product has no valid
    /// certificate until it is rated again.
    CertificateRevoked,
    /// The transitional grace ends (180 days after expiry).
    GraceEnds,
    /// The commune's proposals to the province are due (30/04, 30/10).
    ProvinceRound,
    /// The province should decide a dossier sent to it by this day.
    DecisionDue,
}

impl DueKind {
    pub fn key(self) -> &'static str {
        match self {
            DueKind::ScreeningDue => "screening_due",
            DueKind::FollowUp => "follow_up",
            DueKind::ItemExpires => "item_expires",
            DueKind::WindowOpens => "window_opens",
            DueKind::WindowCloses => "window_closes",
            DueKind::CertificateExpires => "certificate_expires",
            DueKind::CertificateRevoked => "certificate_revoked",
            DueKind::GraceEnds => "grace_ends",
            DueKind::ProvinceRound => "province_round",
            DueKind::DecisionDue => "decision_due",
        }
    }
}

/// One date that matters.
#[derive(Debug, Clone, Serialize)]
pub struct Due {
    pub date: NaiveDate,
    /// Days from the reference day (negative when overdue).
    pub days: i64,
    pub kind: DueKind,
    /// Past and still to be done.
    pub overdue: bool,
    pub product: Option<Id>,
    pub product_name: Option<String>,
    pub producer: Option<String>,
    /// What it is about: an item's name, an activity's title, the products ready for a
    /// round.
    pub subject: Option<LocalText>,
    /// In a province's roll-up: the commune's folder name (ids are then qualified).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune: Option<String>,
}

/// How far `due` and reports look.
#[derive(Debug, Clone, Copy)]
pub struct Horizon {
    pub today: NaiveDate,
    /// Last day to list (inclusive).
    pub until: NaiveDate,
}

impl Horizon {
    /// Listed: overdue whatever its age, or due between today and the horizon's end.
    fn shows(&self, d: &Due) -> bool {
        d.overdue || (d.date >= self.today && d.date <= self.until)
    }

    fn due(&self, date: NaiveDate, kind: DueKind, overdue: bool, about: About<'_>, subject: Option<LocalText>) -> Due {
        Due {
            date,
            days: days_until(self.today, date),
            kind,
            overdue,
            product: about.product.map(|(id, _)| id.clone()),
            product_name: about.product.map(|(_, p)| p.name.clone()),
            producer: about.producer.or(about.product.map(|(_, p)| p.producer.as_str())).map(str::to_string),
            subject,
            commune: None,
        }
    }
}

/// The product (and producer) a date concerns.
#[derive(Clone, Copy, Default)]
struct About<'a> {
    product: Option<(&'a Id, &'a Product)>,
    producer: Option<&'a str>,
}

impl<'a> About<'a> {
    fn product(id: &'a Id, p: &'a Product) -> Self {
        About { product: Some((id, p)), producer: None }
    }
}

/// Every date that matters from `h.today` to `h.until`, plus overdue ones still open
/// (whatever their age), overdue first, then soonest first. Records are read as they
/// stood on `h.today`. Each kind of date comes from one function below.
pub fn list(catalog: &Catalog, programme: &Programme, h: Horizon) -> Vec<Due> {
    let mut out = Vec::new();
    let mut ready = Vec::new();
    // Each product on its own, on every core.
    let products: Vec<&Record<Product>> = catalog.products.values().collect();
    let dates = crate::load::parallel_map(&products, |rec| {
        let mut out = Vec::new();
        let Some(p) = asof::product(&rec.value, h.today) else { return (out, None) };
        let Some(e) = evaluate(catalog, &p, h.today) else { return (out, None) };
        let about = About::product(&rec.id, &p);
        out.extend(certificate_dates(catalog, h, &p, &e, about));
        out.extend(item_dates(h, &p, &e, about));
        out.extend(stage_deadline(catalog, h, &p, &e, about));
        out.retain(|d| h.shows(d));
        (out, (p.stage() == Stage::Screened).then(|| p.name.clone()))
    });
    for (dues, screened) in dates {
        out.extend(dues);
        ready.extend(screened);
    }
    ready.sort_by_cached_key(|name| sort_key(name));
    out.extend(province_rounds(catalog, h, &ready));
    out.extend(follow_ups(catalog, programme, h));
    out.retain(|d| h.shows(d));
    // Overdue first (the longest overdue at the top), then the coming dates, soonest first.
    // Same day and kind: names in Vietnamese alphabetical order.
    let name = |d: &Due| sort_key(d.product_name.as_deref().unwrap_or(""));
    let subject = |d: &Due| sort_key(d.subject.as_ref().map_or("", |s| s.vi.as_str()));
    out.sort_by_cached_key(|d| (!d.overdue, d.date, d.kind, name(d), subject(d)));
    out
}

/// The certificate's filing window, expiry and grace end. `asof::product` keeps the
/// latest certificate issued by today, so an expired one stays here (and overdue) until
/// the product is rated again.
fn certificate_dates(catalog: &Catalog, h: Horizon, p: &Product, e: &ProductEval<'_>, about: About<'_>) -> Vec<Due> {
    let today = h.today;
    let Some(cert) = &p.certificate else { return Vec::new() };
    let Some(rules) = rules_for_certificate(catalog, cert) else { return Vec::new() };
    let filed = crate::eval::refiling(p, e.rules);
    let c = crate::eval::certificate(cert, rules, &catalog.rules.calendar, today, filed);
    if let Some(revoked) = c.revoked {
        // Like an expired one, a revoked certificate stays listed until the product is
        // rated again; its windows and expiry no longer matter.
        return vec![h.due(revoked, DueKind::CertificateRevoked, true, about, None)];
    }
    let refiled = filed.is_some_and(|f| f.on >= c.window_from);
    // Only a filing that earns the grace (in time, or in the transition) has one.
    let grace = c.grace_earned;
    let expired = c.state == CertState::Expired;
    let mut out = Vec::new();
    // Rules that set no window (QĐ 1048) have none to open, close or miss.
    if c.window {
        out.push(h.due(c.window_from, DueKind::WindowOpens, false, about, None));
        if !refiled {
            out.push(h.due(c.window_until, DueKind::WindowCloses, today > c.window_until, about, None));
        }
    }
    out.push(h.due(c.valid_through, DueKind::CertificateExpires, expired, about, None));
    if grace {
        out.push(h.due(c.grace_until, DueKind::GraceEnds, expired, about, None));
    }
    out
}

/// Papers in the dossier that stop being valid; an expired one is overdue while the
/// dossier is still open.
fn item_dates(h: Horizon, p: &Product, e: &ProductEval<'_>, about: About<'_>) -> Vec<Due> {
    let open = matches!(p.stage(), Stage::Preparing | Stage::Returned | Stage::Submitted);
    e.items
        .iter()
        .filter_map(|i| {
            let x = i.expires?;
            let expired_open = i.state == ItemState::Expired && open;
            (i.state == ItemState::Done || expired_open)
                .then(|| h.due(x, DueKind::ItemExpires, expired_open, about, Some(i.rule.name.clone())))
        })
        .collect()
}

/// The commune's screening deadline for a submitted dossier, or the province's decision
/// for one sent to it.
fn stage_deadline(catalog: &Catalog, h: Horizon, p: &Product, e: &ProductEval<'_>, about: About<'_>) -> Option<Due> {
    let d = p.stage_date()?.get();
    let (due, kind) = match p.stage() {
        Stage::Submitted => {
            (catalog.rules.calendar.add_working_days(d, e.rules.screening_working_days), DueKind::ScreeningDue)
        }
        Stage::SentToProvince => {
            (decision_due(&e.rules.province_rounds, &catalog.rules.calendar, d), DueKind::DecisionDue)
        }
        _ => return None,
    };
    Some(h.due(due, kind, due < h.today, about, None))
}

/// The province's rounds up to the horizon, naming the products ready for them.
fn province_rounds(catalog: &Catalog, h: Horizon, ready: &[String]) -> Vec<Due> {
    let Some(rules) = catalog.rules.in_force_on(h.today) else { return Vec::new() };
    let mut out = Vec::new();
    let mut day = h.today;
    while day <= h.until {
        let round = next_round(&rules.province_rounds, &catalog.rules.calendar, day);
        if round < day {
            break;
        }
        let subject = (!ready.is_empty()).then(|| LocalText::plain(ready.join(", ")));
        out.push(h.due(round, DueKind::ProvinceRound, false, About::default(), subject));
        day = crate::dates::plus_days(round, 1);
    }
    out
}

/// Inspection follow-ups not yet done: no later inspection of the same products or
/// producers by today.
fn follow_ups(catalog: &Catalog, programme: &Programme, h: Horizon) -> Vec<Due> {
    let today = h.today;
    let inspections = Inspections::held_by(programme, today);
    let mut out = Vec::new();
    for a in programme.activities.values().map(|r| &r.value) {
        let Some(f) = a.follow_up.map(|d| d.get()).filter(|_| a.date.get() <= today) else { continue };
        if inspections.first_after(a).is_some() {
            continue;
        }
        let product = a.products.first().and_then(|id| catalog.products.get_key_value(&Id(id.clone())));
        let about =
            About { product: product.map(|(id, r)| (id, &r.value)), producer: a.producers.first().map(String::as_str) };
        out.push(h.due(f, DueKind::FollowUp, f < today, about, Some(LocalText::plain(a.title.clone()))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{PRODUCER, catalog};

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    /// A re-evaluation of a 3-star certificate issued on 2023-03-28 (valid through
    /// 2026-03-28), with `extra` appended.
    fn product(extra: &str) -> String {
        format!(
            "name = \"X\"\nproducer = \"p\"\nset = 1\nevaluation = \"reevaluation\"\n{extra}\
             [certificate]\nstars = 3\ndecision = \"1\"\nissued = 2023-03-28\n"
        )
    }

    /// (date, kind, overdue) of every row on `today`, looking 90 days ahead.
    fn rows(product: &str, today: &str) -> Vec<(String, DueKind, bool)> {
        let c = catalog(&[("p", PRODUCER)], &[("x", product)]);
        let today = d(today);
        let h = Horizon { today, until: crate::dates::plus_days(today, 90) };
        list(&c, &Programme::default(), h)
            .into_iter()
            .filter(|r| r.kind != DueKind::ProvinceRound)
            .map(|r| (r.date.to_string(), r.kind, r.overdue))
            .collect()
    }

    fn row(date: &str, kind: DueKind, overdue: bool) -> (String, DueKind, bool) {
        (date.to_string(), kind, overdue)
    }

    #[test]
    fn an_expired_certificate_stays_overdue_until_rated_again() {
        let p = product("");
        let missed = row("2025-11-28", DueKind::WindowCloses, true);
        let expired = row("2026-03-28", DueKind::CertificateExpires, true);
        assert_eq!(rows(&p, "2026-03-29"), [missed.clone(), expired.clone()]);
        assert_eq!(rows(&p, "2027-12-31"), [missed, expired]);
        // Rated again: the new certificate replaces it, and the old one is done with.
        let again = p.replace("[certificate]", "[[past_certificates]]")
            + "[certificate]\nstars = 3\ndecision = \"2\"\nissued = 2026-06-01\n";
        assert_eq!(rows(&again, "2026-05-31").len(), 2);
        assert_eq!(rows(&again, "2026-06-01"), []);
    }

    #[test]
    fn a_missed_window_is_overdue_before_the_expiry() {
        let p = product("");
        assert_eq!(
            rows(&p, "2026-01-10"),
            [row("2025-11-28", DueKind::WindowCloses, true), row("2026-03-28", DueKind::CertificateExpires, false)]
        );
        // On its last day the window is not overdue yet.
        assert_eq!(rows(&p, "2025-11-28")[0], row("2025-11-28", DueKind::WindowCloses, false));
    }

    /// A certificate issued under QĐ 1048 (before 148 took effect) is judged by 1048,
    /// which set no filing window: `due` never reports a window missed years before
    /// the tool knew the product, only the expiry.
    #[test]
    fn an_old_certificate_has_no_window_to_miss() {
        let old = "name = \"X\"\nproducer = \"p\"\nset = 1\n[certificate]\nstars = 3\ndecision = \"1\"\nissued = 2020-06-10\n";
        assert_eq!(rows(old, "2023-01-01"), []);
        assert_eq!(rows(old, "2023-05-01"), [row("2023-06-10", DueKind::CertificateExpires, false)]);
        assert_eq!(rows(old, "2026-11-29"), [row("2023-06-10", DueKind::CertificateExpires, true)]);
        // The same certificate issued under QĐ 148 has its window, missed.
        let new = old.replace("2020-06-10", "2023-06-10");
        assert_eq!(
            rows(&new, "2026-05-01"),
            [row("2026-02-10", DueKind::WindowCloses, true), row("2026-06-10", DueKind::CertificateExpires, false)]
        );
    }

    #[test]
    fn a_filing_in_the_window_brings_the_grace_end() {
        let stages = |filed: &str| {
            format!(
                "[[stages]]\nstage = \"submitted\"\ndate = {filed}\n[[stages]]\nstage = \"returned\"\ndate = {filed}\n"
            )
        };
        let p = product(&stages("2025-10-01"));
        // In grace: the certificate is still valid, the grace end is what matters.
        assert_eq!(rows(&p, "2026-07-01"), [row("2026-09-24", DueKind::GraceEnds, false)]);
        // The grace is over and no decision came: both overdue.
        assert_eq!(
            rows(&p, "2026-09-25"),
            [row("2026-03-28", DueKind::CertificateExpires, true), row("2026-09-24", DueKind::GraceEnds, true)]
        );
        // Filed after the grace ended: there never was one.
        let late = product(&stages("2026-10-01"));
        assert_eq!(rows(&late, "2026-10-02"), [row("2026-03-28", DueKind::CertificateExpires, true)]);
    }
}
