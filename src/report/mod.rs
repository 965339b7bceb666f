//! The periodic report on the commune's OCOP plan, computed from the records as they
//! stood on the period's last day: targets against actuals, each product's progress and
//! what changed, activities and money, overdue and expiring items, what comes next.
//! Data only; the renderers under `render::report` format it.

mod activities;
mod products;
mod province;
mod targets;

pub use province::{build_province, province_total};

pub use targets::{TargetDetail, TargetRow};

use crate::asof;
use crate::due::{self, Due, Horizon};
use crate::eval::ItemState;
use crate::i18n::LocalText;
use crate::load::Catalog;
use crate::model::{Id, Stage};
use crate::period::{Period, PeriodKind, Quarter};
use crate::plan::{ActivityKind, FundingSource, Milestone, MilestoneState, NarrativeKey, Programme, ReportHeader};
use crate::status::{NextAction, SectionCount};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// Version of the report's JSON shape; bumped on any breaking change.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub commune: String,
    pub province: Option<String>,
    pub office: Option<String>,
    pub plan_title: Option<String>,
    pub plan_number: Option<String>,
    pub plan_year: Option<i32>,
    pub plan_issued: Option<NaiveDate>,
    pub header: ReportHeader,
    pub period: Period,
    /// Everything is computed as of this day: the period's last, or the reference day
    /// for a period not yet over (or `--as-of`).
    pub as_of: NaiveDate,
    /// The period is over on `as_of`: an unmet target is missed, not only not yet met.
    pub closed: bool,
    /// The date written on the document.
    pub dated: NaiveDate,
    pub targets: Vec<TargetRow>,
    /// The checklist sections, for the per-section columns.
    pub sections: Vec<Column>,
    /// Every checklist item any product needs, for the matrix.
    pub items: Vec<Column>,
    pub products: Vec<ProductRow>,
    pub activities: Vec<ActivityRow>,
    pub activity_totals: Vec<KindTotal>,
    pub money: Vec<MoneyRow>,
    pub money_total: u64,
    /// Overdue items, and those falling due before the end of the next quarter.
    pub alerts: Vec<Due>,
    /// The plan's milestones for the quarters the period covers.
    pub milestones: Vec<MilestoneRow>,
    pub next_quarter: Quarter,
    pub next_milestones: Vec<MilestoneRow>,
    /// What each producer still has to supply, by product.
    pub missing: Vec<ProducerMissing>,
    /// The plan's budget against spending (empty when the plan has no budget).
    pub budget: Vec<BudgetRow>,
    /// A yearly report's spending quarter by quarter.
    pub money_by_quarter: Vec<QuarterMoney>,
    /// For a yearly report: the year its directions are for.
    pub next_year: Option<i32>,
    /// The officer's text (`reports/<period>.toml`); none for a custom range.
    pub narrative: Option<NarrativeText>,
    /// A province's report: one subtotal line per commune, in the order the province
    /// lists them (absent from a commune's report).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub communes: Vec<CommuneTotal>,
}

/// One commune's figures in a province's report.
#[derive(Debug, Clone, Serialize)]
pub struct CommuneTotal {
    /// The folder name that qualifies the commune's ids.
    pub key: String,
    pub path: String,
    pub code: String,
    pub name: String,
    /// Whether it rolled up (`ready`), is not checked out (`missing`) or could not be
    /// read (`failed`); only a ready commune has figures.
    pub state: crate::province::StateKey,
    pub products: usize,
    /// Products with stars and a certificate not revoked.
    pub rated: usize,
    pub done: usize,
    pub required: usize,
    pub percent: u32,
    pub activities: usize,
    pub participants: u64,
    pub spent: u64,
    /// Alerts already overdue.
    pub overdue: usize,
    pub targets_met: usize,
    pub targets: usize,
    /// Money spent by the commune's activities in the period, by source (every source).
    pub money: Vec<MoneyRow>,
    /// The commune's products' checklist items, done and required, by section (in the
    /// province report's section order; sections none of its products need left out).
    pub sections: Vec<SectionCount>,
    /// Products with items still to supply, and how many items.
    pub missing_products: usize,
    pub missing_items: usize,
}

/// The officer's text for the period, by part, and the file it is kept in.
#[derive(Debug, Clone, Serialize)]
pub struct NarrativeText {
    /// Relative to the tree: `reports/2026-Q3.toml`.
    pub file: String,
    /// The parts written (blank ones left out).
    pub parts: BTreeMap<NarrativeKey, String>,
}

impl NarrativeText {
    /// The parts not written yet, in report order.
    pub fn missing(&self) -> Vec<NarrativeKey> {
        NarrativeKey::ALL.into_iter().filter(|k| !self.parts.contains_key(k)).collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub id: String,
    pub name: LocalText,
    pub short: Option<LocalText>,
    pub section: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProductRow {
    pub id: Id,
    /// In a province's report: the commune's folder name (`communes` has its name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune: Option<String>,
    pub name: String,
    /// The OCOP product code as written.
    pub code: Option<String>,
    pub producer: String,
    pub producer_name: Option<String>,
    pub set: u8,
    pub evaluation: crate::model::EvaluationKind,
    pub rule_set: Option<String>,
    pub stage: Stage,
    pub stage_date: Option<NaiveDate>,
    pub stars: Option<u8>,
    pub certificate_valid_through: Option<NaiveDate>,
    pub certificate_state: Option<crate::eval::CertState>,
    /// The day the certificate was revoked, when it was by the period's end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_revoked: Option<NaiveDate>,
    pub done: usize,
    pub required: usize,
    /// done / required in whole percent (0 when nothing is required).
    pub percent: u32,
    pub sections: Vec<SectionCount>,
    /// Item id → state, for the matrix (absent: not needed).
    pub items: Vec<(String, ItemState)>,
    pub changes: Changes,
    pub next: NextAction,
}

/// What changed for a product within the period, from the dates on its records.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Changes {
    /// Items done in the period: by their `since` date, else their issue date.
    pub items_completed: Vec<String>,
    pub stages: Vec<StageMove>,
    pub certificates_issued: Vec<CertMove>,
    pub certificates_expired: Vec<CertMove>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub certificates_revoked: Vec<CertMove>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageMove {
    pub stage: Stage,
    pub date: NaiveDate,
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CertMove {
    pub stars: u8,
    pub decision: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActivityRow {
    pub id: Id,
    /// In a province's report: the commune's folder name (`communes` has its name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune: Option<String>,
    pub date: NaiveDate,
    pub end: Option<NaiveDate>,
    pub kind: ActivityKind,
    /// Kind `other`: its name.
    pub label: Option<String>,
    pub title: String,
    pub owner: String,
    pub owner_name: String,
    pub participants: u32,
    pub producers: Vec<String>,
    pub products: Vec<String>,
    pub topics: Vec<String>,
    pub spent: Vec<(FundingSource, u64)>,
    pub spent_total: u64,
    pub violations: usize,
    /// What each violation was (inspections).
    pub violation_list: Vec<String>,
    /// The day a later inspection of the same products or producers checked the
    /// remedies, by the report's day.
    pub followed_up_on: Option<NaiveDate>,
    pub findings: Option<String>,
    pub remedies: Option<String>,
    pub follow_up: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KindTotal {
    pub kind: ActivityKind,
    pub count: u32,
    pub participants: u32,
    pub spent: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct MoneyRow {
    pub source: FundingSource,
    pub amount: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct MilestoneRow {
    pub quarter: String,
    pub task: String,
    pub departments: Vec<String>,
    /// Where it stood on the report's day: as marked in the plan (by then), else from
    /// its linked activities and the calendar.
    pub state: MilestoneState,
    /// The day it reached `state`, when known.
    pub state_date: Option<NaiveDate>,
    pub note: Option<String>,
}

/// The plan's estimate and the spending recorded, for one funding source.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetRow {
    pub source: FundingSource,
    /// The plan's estimate for the year.
    pub planned_year: u64,
    /// The plan's estimate for the period's quarters (quarterly lines only).
    pub planned_period: u64,
    /// Spent within the period.
    pub spent_period: u64,
    /// Spent from 1 January of the plan year to the report's day.
    pub spent_year: u64,
}

/// Spending in one quarter of a yearly report, by source.
#[derive(Debug, Clone, Serialize)]
pub struct QuarterMoney {
    pub quarter: Quarter,
    pub by_source: Vec<MoneyRow>,
    pub total: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProducerMissing {
    /// In a province's report: the commune's folder name (`communes` has its name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune: Option<String>,
    pub producer: String,
    pub producer_name: Option<String>,
    pub products: Vec<ProductMissing>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProductMissing {
    pub id: Id,
    pub name: String,
    /// Outstanding items: (item id, name, state).
    pub items: Vec<(String, LocalText, ItemState)>,
}

/// Computes the report for `period` as the records stood on `as_of` (the period's last
/// day at the latest); `dated` is the date written on the document. Each
/// part is one function over the records (`targets`, `products`, `activities`, `money`,
/// `alerts`, `milestones`), so a new section is one more function and one more field.
pub fn build(catalog: &Catalog, programme: &Programme, period: Period, as_of: NaiveDate, dated: NaiveDate) -> Report {
    let as_of = as_of.min(period.to);
    // What has happened of the period by `as_of`: the days counted.
    let seen = Period { to: as_of, ..period };
    let commune = catalog.commune.as_ref().map(|c| &c.value);
    let plan = programme.plan.as_ref().map(|p| &p.value);
    let products::Products { products, sections, items, missing } = products::products(catalog, &seen);
    let activities = activities::activities(programme, &seen);
    let activity_totals = activities::kind_totals(&activities);
    let money = activities::money(&activities);
    let next_quarter = period.next_quarter();
    let next_year = match period.kind {
        PeriodKind::Year { year } => Some(year + 1),
        _ => None,
    };
    let next_quarters: Vec<Quarter> = match next_year {
        Some(y) => (1..=4).map(|q| Quarter { year: y, q }).collect(),
        None => vec![next_quarter],
    };
    Report {
        schema_version: REPORT_SCHEMA_VERSION,
        commune: commune.map_or_else(String::new, |c| c.name.clone()),
        province: commune.and_then(|c| c.province.clone()),
        office: commune.and_then(|c| c.office.clone()),
        plan_title: plan.map(|p| p.title.clone()),
        plan_number: plan.and_then(|p| p.number.clone()),
        plan_year: plan.map(|p| p.year),
        plan_issued: plan.and_then(|p| p.issued.map(|d| d.get())),
        header: plan.map(|p| p.report.clone()).unwrap_or_default(),
        period,
        as_of,
        closed: as_of >= period.to,
        dated,
        targets: targets(catalog, programme, &seen),
        sections,
        items,
        products,
        money_total: activities::saturating_sum(money.iter().map(|m| m.amount)),
        money,
        activities,
        activity_totals,
        alerts: alerts(catalog, programme, as_of, next_quarter),
        milestones: milestones(programme, &period.quarters(), as_of),
        next_quarter,
        next_milestones: milestones(programme, &next_quarters, as_of),
        budget: activities::budget(programme, &period, as_of),
        money_by_quarter: match period.kind {
            PeriodKind::Year { .. } => activities::by_quarter(programme, &period.quarters(), as_of),
            _ => Vec::new(),
        },
        missing,
        next_year,
        narrative: narrative(programme, &period),
        communes: Vec::new(),
    }
}

/// The plan's targets, measured.
fn targets(catalog: &Catalog, programme: &Programme, period: &Period) -> Vec<TargetRow> {
    let Some(plan) = programme.plan.as_ref().map(|p| &p.value) else { return Vec::new() };
    plan.targets.iter().map(|t| targets::measure(catalog, programme, plan.year, period, t)).collect()
}

/// What is overdue on `as_of`, and what falls due before the end of the next quarter.
fn alerts(catalog: &Catalog, programme: &Programme, as_of: NaiveDate, next: Quarter) -> Vec<Due> {
    due::list(catalog, programme, Horizon { today: as_of, until: next.last_day() })
}

/// The officer's text for `period`, from `reports/<period>.toml`.
fn narrative(programme: &Programme, period: &Period) -> Option<NarrativeText> {
    let stem = crate::plan::narrative_file_stem(period)?;
    let text = programme.narratives.get(&stem).map(|r| &r.value);
    let parts =
        NarrativeKey::ALL.into_iter().filter_map(|k| text.and_then(|t| t.get(k)).map(|t| (k, t.to_string()))).collect();
    Some(NarrativeText { file: format!("{}/{stem}.toml", crate::plan::REPORTS_DIR), parts })
}

/// The plan's milestones for `quarters`, each with its state on `as_of`.
fn milestones(programme: &Programme, quarters: &[Quarter], as_of: NaiveDate) -> Vec<MilestoneRow> {
    let Some(plan) = programme.plan.as_ref().map(|p| &p.value) else { return Vec::new() };
    plan.milestones
        .iter()
        .filter(|m| Quarter::parse(&m.quarter).is_some_and(|q| quarters.contains(&q)))
        .map(|m| {
            let (state, state_date) = milestone_state(programme, m, as_of);
            MilestoneRow {
                quarter: m.quarter.clone(),
                task: m.task.clone(),
                departments: m.departments.iter().map(|d| programme.department_name(d)).collect(),
                state,
                state_date,
                note: m.note.clone().filter(|_| m.date.is_some_and(|d| d.get() <= as_of)),
            }
        })
        .collect()
}

/// A milestone's state on `as_of`: as marked when the mark's day has come; else done
/// when every linked activity took place, in progress when some did or its quarter is
/// running, late when its quarter is over, planned before it starts.
fn milestone_state(programme: &Programme, m: &Milestone, as_of: NaiveDate) -> (MilestoneState, Option<NaiveDate>) {
    if let (Some(state), Some(date)) = (m.state, m.date)
        && date.get() <= as_of
    {
        return (state, Some(date.get()));
    }
    let dates: Vec<NaiveDate> = m
        .activities
        .iter()
        .filter_map(|id| programme.activities.get(&Id(id.clone())))
        .map(|r| r.value.end.unwrap_or(r.value.date).get())
        .collect();
    let held: Vec<NaiveDate> = dates.iter().copied().filter(|d| *d <= as_of).collect();
    if !dates.is_empty() && held.len() == dates.len() {
        return (MilestoneState::Done, held.iter().max().copied());
    }
    let Some(q) = Quarter::parse(&m.quarter) else { return (MilestoneState::Planned, None) };
    let state = if as_of > q.last_day() {
        MilestoneState::Late
    } else if as_of >= q.first_day() || !held.is_empty() {
        MilestoneState::InProgress
    } else {
        MilestoneState::Planned
    };
    (state, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn milestone(quarter: &str) -> Milestone {
        Milestone {
            quarter: quarter.into(),
            task: "T".into(),
            departments: Vec::new(),
            state: None,
            date: None,
            note: None,
            activities: Vec::new(),
        }
    }

    #[test]
    fn a_milestone_without_a_mark_follows_the_calendar() {
        let p = Programme::default();
        let m = milestone("2026-Q3");
        assert_eq!(milestone_state(&p, &m, d("2026-06-30")), (MilestoneState::Planned, None));
        assert_eq!(milestone_state(&p, &m, d("2026-08-01")), (MilestoneState::InProgress, None));
        assert_eq!(milestone_state(&p, &m, d("2026-10-01")), (MilestoneState::Late, None));
    }

    #[test]
    fn a_mark_counts_from_its_day() {
        let p = Programme::default();
        let m = Milestone {
            state: Some(MilestoneState::Dropped),
            date: Some(crate::model::Date::from(d("2026-09-15"))),
            note: Some("Hết kinh phí".into()),
            ..milestone("2026-Q3")
        };
        // Before the mark's day a report sees the milestone as the calendar has it.
        assert_eq!(milestone_state(&p, &m, d("2026-09-01")).0, MilestoneState::InProgress);
        assert_eq!(milestone_state(&p, &m, d("2026-09-30")), (MilestoneState::Dropped, Some(d("2026-09-15"))));
    }
}
