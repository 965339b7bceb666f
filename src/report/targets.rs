//! Measuring the plan's targets from the records as they stood on the report's last
//! day: nothing is typed in, everything is counted.

use crate::asof;
use crate::load::Catalog;
use crate::model::{Id, Stage};
use crate::period::Period;
use crate::plan::{Activity, Measure, Programme, TargetSpec};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// One target against what the records show.
#[derive(Debug, Clone, Serialize)]
pub struct TargetRow {
    pub id: String,
    pub title: String,
    pub measure: Measure,
    /// "count" or "percent".
    pub unit: &'static str,
    pub target: u32,
    /// Since the start of the plan year, as of the report's last day.
    pub actual: u32,
    /// Within the report's period (counts only).
    pub in_period: Option<u32>,
    /// For percentages: how many of how many.
    pub counted: Option<u32>,
    pub of: Option<u32>,
    pub met: bool,
    /// What was counted, and what was not yet, one line per record.
    pub details: Vec<TargetDetail>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetDetail {
    pub id: String,
    pub name: String,
    pub counted: bool,
    /// The product's stage as of the report's last day (products only).
    pub stage: Option<Stage>,
}

/// Pipeline order, for "reached at least this stage"; a returned dossier reaches nothing.
fn rank(s: Stage) -> Option<u8> {
    match s {
        Stage::Preparing => Some(0),
        Stage::Submitted => Some(1),
        Stage::Screened => Some(2),
        Stage::SentToProvince => Some(3),
        Stage::Rated => Some(4),
        Stage::Returned => None,
    }
}

/// The days a target counts over: from 1 January of the plan year to `as_of`.
fn year_window(year: i32, as_of: NaiveDate) -> (NaiveDate, NaiveDate) {
    (NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN), as_of)
}

pub(super) fn measure(
    catalog: &Catalog,
    programme: &Programme,
    year: i32,
    period: &Period,
    t: &TargetSpec,
) -> TargetRow {
    let as_of = period.to;
    let (from, to) = year_window(year, as_of);
    let in_year = |d: NaiveDate| from <= d && d <= to;
    let mut row = TargetRow {
        id: t.id.clone(),
        title: t.title.clone(),
        measure: t.measure,
        unit: if t.measure == Measure::ProducersGuided { "percent" } else { "count" },
        target: t.target,
        actual: 0,
        in_period: None,
        counted: None,
        of: None,
        met: false,
        details: Vec::new(),
    };
    match t.measure {
        Measure::Products => {
            let want = t.reached.unwrap_or(Stage::Rated);
            let mut in_period = 0;
            for rec in catalog.products.values() {
                let p = &rec.value;
                if t.evaluation.is_some_and(|k| k != p.evaluation)
                    || (!t.products.is_empty() && !t.products.iter().any(|x| x == rec.id.as_str()))
                {
                    continue;
                }
                let Some(snap) = asof::product(p, as_of) else { continue };
                // The first day in the year the product reached the stage (and stars).
                let reached = snap
                    .stages
                    .iter()
                    .filter(|s| in_year(s.date.get()))
                    .filter(|s| rank(s.stage).zip(rank(want)).is_some_and(|(a, b)| a >= b))
                    .map(|s| s.date.get())
                    .min();
                let stars_ok = t.min_stars.is_none_or(|min| {
                    snap.certificate.as_ref().is_some_and(|c| c.stars >= min && in_year(c.issued.get()))
                });
                let counted = reached.is_some() && stars_ok;
                if counted {
                    row.actual += 1;
                    let cert_day = snap.certificate.as_ref().filter(|_| t.min_stars.is_some()).map(|c| c.issued.get());
                    let on = reached.into_iter().chain(cert_day).max();
                    if on.is_some_and(|d| period.contains(d)) {
                        in_period += 1;
                    }
                }
                row.details.push(TargetDetail {
                    id: rec.id.to_string(),
                    name: p.name.clone(),
                    counted,
                    stage: Some(snap.stage()),
                });
            }
            row.in_period = Some(in_period);
        }
        Measure::ProducersGuided => {
            let mut counted = 0;
            let mut of = 0;
            // Who takes part, and the trainings each attended, gathered in one pass each
            // (not a scan of every product and activity per producer).
            let taking_part: HashSet<&str> = catalog
                .products
                .values()
                .filter(|p| asof::existed(&p.value, as_of))
                .map(|p| p.value.producer.as_str())
                .collect();
            let mut trainings: HashMap<&str, Vec<&[crate::model::GuidanceTopic]>> = HashMap::new();
            let held = programme
                .activities
                .values()
                .map(|r| &r.value)
                .filter(|a| a.kind == crate::plan::ActivityKind::Training && in_year(a.date.get()));
            for a in held {
                let mut named: Vec<&str> = a.producers.iter().map(String::as_str).collect();
                named.sort_unstable();
                named.dedup();
                for p in named {
                    trainings.entry(p).or_default().push(a.guidance_topics.as_slice());
                }
            }
            for rec in catalog.producers.values() {
                if !taking_part.contains(rec.id.as_str()) {
                    continue;
                }
                of += 1;
                // Guided: a guidance visit on the topics, or a training on them that the
                // producer's people attended.
                let mut sessions: Vec<&[crate::model::GuidanceTopic]> =
                    rec.value.guidance.iter().filter(|g| in_year(g.date.get())).map(|g| g.topics.as_slice()).collect();
                sessions.extend(trainings.get(rec.id.as_str()).into_iter().flatten().copied());
                let ok = if t.topics.is_empty() {
                    !sessions.is_empty()
                } else {
                    t.topics.iter().all(|topic| sessions.iter().any(|g| g.contains(topic)))
                };
                counted += u32::from(ok);
                row.details.push(TargetDetail {
                    id: rec.id.to_string(),
                    name: rec.value.name.clone(),
                    counted: ok,
                    stage: None,
                });
            }
            row.actual = (counted * 100).checked_div(of).unwrap_or(0);
            row.counted = Some(counted);
            row.of = Some(of);
        }
        Measure::Activities | Measure::Participants => {
            let picked: Vec<(&Id, &Activity)> = programme
                .activities
                .iter()
                .map(|(id, r)| (id, &r.value))
                .filter(|(_, a)| t.kinds.is_empty() || t.kinds.contains(&a.kind))
                .filter(|(_, a)| in_year(a.date.get()))
                .collect();
            let value = |a: &Activity| if t.measure == Measure::Activities { 1 } else { a.participants.unwrap_or(0) };
            row.actual = picked.iter().map(|(_, a)| value(a)).sum();
            row.in_period =
                Some(picked.iter().filter(|(_, a)| period.contains(a.date.get())).map(|(_, a)| value(a)).sum());
            let mut sorted = picked;
            sorted.sort_by_key(|(id, a)| (a.date, (*id).clone()));
            row.details = sorted
                .iter()
                .map(|(id, a)| TargetDetail { id: id.to_string(), name: a.title.clone(), counted: true, stage: None })
                .collect();
        }
    }
    row.met = row.actual >= row.target;
    row
}
