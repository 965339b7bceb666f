//! The periodic report on the commune's OCOP plan, computed from the records as they
//! stood on the period's last day: targets against actuals, each product's progress and
//! what changed, activities and money, overdue and expiring items, what comes next.
//! Data only; the renderers under `render::report` format it.

mod activities;
pub mod asof;
mod products;
mod targets;

pub use targets::{TargetDetail, TargetRow};

use crate::due::{self, Due, Horizon};
use crate::eval::ItemState;
use crate::i18n::LocalText;
use crate::load::Catalog;
use crate::model::{Id, Stage};
use crate::period::{Period, Quarter};
use crate::plan::{ActivityKind, FundingSource, Programme, ReportHeader};
use crate::status::{NextAction, SectionCount};
use chrono::NaiveDate;
use serde::Serialize;

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
    pub name: String,
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
    /// Items done with an issue date in the period.
    pub items_completed: Vec<String>,
    pub stages: Vec<StageMove>,
    pub certificates_issued: Vec<CertMove>,
    pub certificates_expired: Vec<CertMove>,
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
    pub date: NaiveDate,
    pub end: Option<NaiveDate>,
    pub kind: ActivityKind,
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
}

#[derive(Debug, Clone, Serialize)]
pub struct ProducerMissing {
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
        money_total: money.iter().map(|m| m.amount).sum(),
        money,
        activities,
        activity_totals,
        alerts: alerts(catalog, programme, as_of, next_quarter),
        milestones: milestones(programme, &period.quarters()),
        next_quarter,
        next_milestones: milestones(programme, &[next_quarter]),
        missing,
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

/// The plan's milestones for `quarters`.
fn milestones(programme: &Programme, quarters: &[Quarter]) -> Vec<MilestoneRow> {
    let Some(plan) = programme.plan.as_ref().map(|p| &p.value) else { return Vec::new() };
    plan.milestones
        .iter()
        .filter(|m| Quarter::parse(&m.quarter).is_some_and(|q| quarters.contains(&q)))
        .map(|m| MilestoneRow {
            quarter: m.quarter.clone(),
            task: m.task.clone(),
            departments: m.departments.iter().map(|d| programme.department_name(d)).collect(),
        })
        .collect()
}
