//! The dates that matter next: certificate expiries, the re-evaluation filing window,
//! the transitional grace, expiring papers, the commune's screening deadline, the
//! province's rounds, decisions awaited and inspection follow-ups. Data only;
//! `render::due` draws it and `report` lists the ones around a period's end.

use crate::asof;
use crate::calendar_rounds::{decision_due, next_round};
use crate::dates::days_until;
use crate::eval::{CertState, ItemState, evaluate, rules_for_certificate};
use crate::i18n::LocalText;
use crate::load::Catalog;
use crate::model::{Id, Stage};
use crate::plan::{ActivityKind, Programme};
use crate::text::{compare, sort_key};
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
}

/// How far `due` and reports look.
#[derive(Debug, Clone, Copy)]
pub struct Horizon {
    pub today: NaiveDate,
    /// Last day to list (inclusive).
    pub until: NaiveDate,
}

/// Every date that matters from `h.today` to `h.until`, plus overdue ones still open
/// (whatever their age), overdue first, then soonest first. Records are read as they
/// stood on `h.today`.
pub fn list(catalog: &Catalog, programme: &Programme, h: Horizon) -> Vec<Due> {
    let today = h.today;
    let mut out = Vec::new();
    let mut push = |date: NaiveDate,
                    kind: DueKind,
                    overdue: bool,
                    product: Option<(&Id, &crate::model::Product)>,
                    subject: Option<LocalText>| {
        if overdue || (date >= today && date <= h.until) {
            out.push(Due {
                date,
                days: days_until(today, date),
                kind,
                overdue,
                product: product.map(|(id, _)| id.clone()),
                product_name: product.map(|(_, p)| p.name.clone()),
                producer: product.map(|(_, p)| p.producer.clone()),
                subject,
            });
        }
    };
    let mut ready = Vec::new();
    for rec in catalog.products.values() {
        let Some(p) = asof::product(&rec.value, today) else { continue };
        let Some(e) = evaluate(catalog, &p, today) else { continue };
        let who = Some((&rec.id, &p));
        // `asof::product` keeps the latest certificate issued by today, so an expired one
        // stays here (and overdue) until the product is rated again.
        if let Some(cert) = &p.certificate
            && let Some(rules) = rules_for_certificate(catalog, cert)
        {
            let filed = crate::eval::refiling(&p, e.rules);
            let c = crate::eval::certificate(cert, rules, &catalog.rules.calendar, today, filed);
            let refiled = filed.is_some_and(|f| f.on >= c.window_from);
            // Only a filing that earns the grace (in time, or in the transition) has one.
            let grace = c.grace_earned;
            let expired = c.state == CertState::Expired;
            push(c.window_from, DueKind::WindowOpens, false, who, None);
            if !refiled {
                push(c.window_until, DueKind::WindowCloses, today > c.window_until, who, None);
            }
            push(c.valid_through, DueKind::CertificateExpires, expired, who, None);
            if grace {
                push(c.grace_until, DueKind::GraceEnds, expired, who, None);
            }
        }
        let open = matches!(p.stage(), Stage::Preparing | Stage::Returned | Stage::Submitted);
        for i in &e.items {
            let Some(x) = i.expires else { continue };
            let expired_open = i.state == ItemState::Expired && open;
            if i.state == ItemState::Done || expired_open {
                push(x, DueKind::ItemExpires, expired_open, who, Some(i.rule.name.clone()));
            }
        }
        let stage_date = p.stage_date().map(|d| d.get());
        match (p.stage(), stage_date) {
            (Stage::Submitted, Some(d)) => {
                let due = catalog.rules.calendar.add_working_days(d, e.rules.screening_working_days);
                push(due, DueKind::ScreeningDue, due < today, who, None);
            }
            (Stage::SentToProvince, Some(d)) => {
                let due = decision_due(&e.rules.province_rounds, &catalog.rules.calendar, d);
                push(due, DueKind::DecisionDue, due < today, who, None);
            }
            (Stage::Screened, _) => ready.push(p.name.clone()),
            _ => {}
        }
    }
    ready.sort_by(|a, b| compare(a, b));
    if let Some(rules) = catalog.rules.in_force_on(today) {
        let mut day = today;
        while day <= h.until {
            let round = next_round(&rules.province_rounds, &catalog.rules.calendar, day);
            if round < day {
                break;
            }
            let subject = (!ready.is_empty()).then(|| LocalText::plain(ready.join(", ")));
            push(round, DueKind::ProvinceRound, false, None, subject);
            day = crate::dates::plus_days(round, 1);
        }
    }
    for a in programme.activities.values().map(|r| &r.value) {
        let Some(f) = a.follow_up.map(|d| d.get()).filter(|_| a.date.get() <= today) else { continue };
        let checked_again = programme.activities.values().map(|r| &r.value).any(|b| {
            b.kind == ActivityKind::Inspection
                && b.date > a.date
                && b.date.get() <= today
                && (b.products.iter().any(|x| a.products.contains(x))
                    || b.producers.iter().any(|x| a.producers.contains(x)))
        });
        if !checked_again && f <= h.until {
            let product = a.products.first().and_then(|id| catalog.products.get_key_value(&Id(id.clone())));
            out.push(Due {
                date: f,
                days: days_until(today, f),
                kind: DueKind::FollowUp,
                overdue: f < today,
                product: product.map(|(id, _)| id.clone()),
                product_name: product.map(|(_, r)| r.value.name.clone()),
                producer: a.producers.first().cloned().or_else(|| product.map(|(_, r)| r.value.producer.clone())),
                subject: Some(LocalText::plain(a.title.clone())),
            });
        }
    }
    // Overdue first (the longest overdue at the top), then the coming dates, soonest first.
    // Same day and kind: names in Vietnamese alphabetical order.
    let name = |d: &Due| sort_key(d.product_name.as_deref().unwrap_or(""));
    let subject = |d: &Due| sort_key(d.subject.as_ref().map_or("", |s| s.vi.as_str()));
    out.sort_by_cached_key(|d| (!d.overdue, d.date, d.kind, name(d), subject(d)));
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
