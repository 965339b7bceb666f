//! The dates that matter next: certificate expiries, the re-evaluation filing window,
//! the transitional grace, expiring papers, the commune's screening deadline, the
//! province's rounds, decisions awaited and inspection follow-ups. Data only;
//! `render::due` draws it and `report` lists the ones around a period's end.

use crate::calendar_rounds::{decision_due, next_round};
use crate::dates::days_until;
use crate::eval::{ItemState, certificate_valid_through, evaluate, rules_for_certificate};
use crate::i18n::LocalText;
use crate::load::Catalog;
use crate::model::{EvaluationKind, Id, Stage};
use crate::plan::{ActivityKind, Programme};
use crate::report::asof;
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

/// Every date that matters from `h.today` to `h.until`, plus overdue ones still open,
/// soonest first. Records are read as they stood on `h.today`.
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
        if let Some(cert) = &p.certificate
            && let Some(rules) = rules_for_certificate(catalog, cert)
        {
            let through = certificate_valid_through(cert, rules);
            let c = crate::eval::certificate(cert, rules, today, None);
            let refiled =
                p.evaluation == EvaluationKind::Reevaluation && p.filed_on().is_some_and(|f| f.get() >= c.window_from);
            push(c.window_from, DueKind::WindowOpens, false, who, None);
            if !refiled {
                push(c.window_until, DueKind::WindowCloses, false, who, None);
            }
            push(through, DueKind::CertificateExpires, false, who, None);
            if today > through {
                push(c.grace_until, DueKind::GraceEnds, false, who, None);
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
                let due = decision_due(&e.rules.province_rounds, d);
                push(due, DueKind::DecisionDue, due < today, who, None);
            }
            (Stage::Screened, _) => ready.push(p.name.clone()),
            _ => {}
        }
    }
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
    out.sort_by(|a, b| {
        (a.date, a.kind, &a.product_name, a.subject.as_ref().map(|s| &s.vi)).cmp(&(
            b.date,
            b.kind,
            &b.product_name,
            b.subject.as_ref().map(|s| &s.vi),
        ))
    });
    out
}
