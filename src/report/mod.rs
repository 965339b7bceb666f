//! The periodic report on the commune's OCOP plan, computed from the records as they
//! stood on the period's last day: targets against actuals, each product's progress and
//! what changed, activities and money, overdue and expiring items, what comes next.
//! Data only; the renderers under `render::report` format it.

mod targets;

pub use targets::{TargetDetail, TargetRow};

use crate::asof;
use crate::due::{self, Due, Horizon};
use crate::eval::{ItemState, certificate_valid_through, evaluate, rules_for_certificate};
use crate::i18n::LocalText;
use crate::load::{Catalog, Record};
use crate::model::{Id, Stage};
use crate::period::{Period, Quarter};
use crate::plan::{ActivityKind, FundingSource, Programme, ReportHeader};
use crate::status::{NextAction, SectionCount, row};
use crate::text::{compare, sort_key};
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
    pub header: ReportHeader,
    pub period: Period,
    /// Everything is computed as of this day: the period's last.
    pub as_of: NaiveDate,
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

/// Computes the report for `period`; `dated` is the date written on the document.
pub fn build(catalog: &Catalog, programme: &Programme, period: Period, dated: NaiveDate) -> Report {
    let as_of = period.to;
    let commune = catalog.commune.as_ref().map(|c| &c.value);
    let plan = programme.plan.as_ref().map(|p| &p.value);
    let plan_year = plan.map(|p| p.year);
    let targets = plan
        .map(|p| p.targets.iter().map(|t| targets::measure(catalog, programme, p.year, &period, t)).collect())
        .unwrap_or_default();

    let mut products = Vec::new();
    let mut items: Vec<Column> = Vec::new();
    let mut sections: Vec<Column> = Vec::new();
    let mut missing: Vec<ProducerMissing> = Vec::new();
    let mut recs: Vec<&Record<crate::model::Product>> = catalog.products.values().collect();
    // One collation key per product (benches/collate.rs: a quarter of the time of a
    // comparison per pair at 20,000 names).
    recs.sort_by_cached_key(|r| (sort_key(&r.value.name), r.id.clone()));
    for rec in recs {
        let Some(snap) = asof::product(&rec.value, as_of) else { continue };
        let snap_rec = Record { id: rec.id.clone(), source: rec.source.clone(), value: snap };
        let r = row(catalog, &snap_rec, as_of);
        let eval = evaluate(catalog, &snap_rec.value, as_of);
        let mut cells = Vec::new();
        let mut outstanding = Vec::new();
        if let Some(e) = &eval {
            for s in &e.rules.sections {
                if !sections.iter().any(|c| c.id == s.id) {
                    sections.push(Column {
                        id: s.id.clone(),
                        name: s.name.clone(),
                        short: Some(s.short.clone()),
                        section: None,
                    });
                }
            }
            for i in &e.items {
                if !items.iter().any(|c| c.id == i.rule.id) {
                    items.push(Column {
                        id: i.rule.id.clone(),
                        name: i.rule.name.clone(),
                        short: None,
                        section: Some(i.rule.section.clone()),
                    });
                }
                cells.push((i.rule.id.clone(), i.state));
            }
            if matches!(snap_rec.value.stage(), Stage::Preparing | Stage::Returned) {
                outstanding = e.outstanding().map(|i| (i.rule.id.clone(), i.rule.name.clone(), i.state)).collect();
            }
        }
        let changes = changes(catalog, &rec.value, &snap_rec.value, eval.as_ref(), &period);
        if !outstanding.is_empty() {
            let pm = ProductMissing { id: rec.id.clone(), name: rec.value.name.clone(), items: outstanding };
            match missing.iter_mut().find(|m| m.producer == rec.value.producer) {
                Some(m) => m.products.push(pm),
                None => missing.push(ProducerMissing {
                    producer: rec.value.producer.clone(),
                    producer_name: r.producer_name.clone(),
                    products: vec![pm],
                }),
            }
        }
        let percent = u32::try_from((r.done * 100).checked_div(r.required).unwrap_or(0)).unwrap_or(0);
        products.push(ProductRow {
            id: r.id,
            name: r.name,
            code: r.code,
            producer: r.producer,
            producer_name: r.producer_name,
            set: r.set,
            evaluation: r.evaluation,
            rule_set: r.rule_set,
            stage: r.stage,
            stage_date: r.stage_date,
            stars: r.stars,
            certificate_valid_through: r.certificate.as_ref().map(|c| c.valid_through),
            certificate_state: r.certificate.as_ref().map(|c| c.state),
            done: r.done,
            required: r.required,
            percent,
            sections: r.sections,
            items: cells,
            changes,
            next: r.next,
        });
    }
    // Items in section order, so the matrix reads like the checklist.
    items.sort_by_key(|c| sections.iter().position(|s| Some(&s.id) == c.section.as_ref()).unwrap_or(usize::MAX));
    missing.sort_by(|a, b| {
        compare(a.producer_name.as_deref().unwrap_or(&a.producer), b.producer_name.as_deref().unwrap_or(&b.producer))
    });

    let activities: Vec<ActivityRow> = programme
        .activities_by_date()
        .into_iter()
        .filter(|r| period.contains(r.value.date.get()))
        .map(|r| {
            let a = &r.value;
            let spent: Vec<(FundingSource, u64)> = FundingSource::ALL
                .iter()
                .map(|s| (*s, a.spending.iter().filter(|x| x.source == *s).map(|x| x.amount).sum()))
                .filter(|(_, v)| *v > 0)
                .collect();
            ActivityRow {
                id: r.id.clone(),
                date: a.date.get(),
                end: a.end.map(|d| d.get()),
                kind: a.kind,
                title: a.title.clone(),
                owner: a.owner.clone(),
                owner_name: programme.department_name(&a.owner),
                participants: a.participants.unwrap_or(0),
                producers: a.producers.clone(),
                products: a.products.clone(),
                topics: a.topics.iter().map(|t| programme.topic_name(t)).collect(),
                spent,
                spent_total: a.spent(),
                violations: a.violations.len(),
                findings: a.findings.clone(),
                remedies: a.remedies.clone(),
                follow_up: a.follow_up.map(|d| d.get()),
            }
        })
        .collect();
    let activity_totals = ActivityKind::ALL
        .iter()
        .map(|k| {
            let of: Vec<_> = activities.iter().filter(|a| a.kind == *k).collect();
            KindTotal {
                kind: *k,
                count: u32::try_from(of.len()).unwrap_or(u32::MAX),
                participants: of.iter().map(|a| a.participants).sum(),
                spent: of.iter().map(|a| a.spent_total).sum(),
            }
        })
        .filter(|t| t.count > 0)
        .collect();
    let money: Vec<MoneyRow> = FundingSource::ALL
        .iter()
        .map(|s| MoneyRow {
            source: *s,
            amount: activities.iter().flat_map(|a| &a.spent).filter(|(x, _)| x == s).map(|(_, v)| v).sum(),
        })
        .collect();
    let money_total = money.iter().map(|m| m.amount).sum();

    let next_quarter = period.next_quarter();
    let alerts = due::list(catalog, programme, Horizon { today: as_of, until: next_quarter.last_day() });
    let milestone_rows = |quarters: &[Quarter]| -> Vec<MilestoneRow> {
        plan.map(|p| {
            p.milestones
                .iter()
                .filter(|m| Quarter::parse(&m.quarter).is_some_and(|q| quarters.contains(&q)))
                .map(|m| MilestoneRow {
                    quarter: m.quarter.clone(),
                    task: m.task.clone(),
                    departments: m.departments.iter().map(|d| programme.department_name(d)).collect(),
                })
                .collect()
        })
        .unwrap_or_default()
    };
    Report {
        schema_version: REPORT_SCHEMA_VERSION,
        commune: commune.map_or_else(String::new, |c| c.name.clone()),
        province: commune.and_then(|c| c.province.clone()),
        office: commune.and_then(|c| c.office.clone()),
        plan_title: plan.map(|p| p.title.clone()),
        plan_number: plan.and_then(|p| p.number.clone()),
        plan_year,
        header: plan.map(|p| p.report.clone()).unwrap_or_default(),
        period,
        as_of,
        dated,
        targets,
        sections,
        items,
        products,
        activities,
        activity_totals,
        money,
        money_total,
        alerts,
        milestones: milestone_rows(&period.quarters()),
        next_quarter,
        next_milestones: milestone_rows(&[next_quarter]),
        missing,
    }
}

/// What changed in the period, read from the full record (`full`) and its state at the
/// period's end (`snap`): only dates up to the period's end are used.
fn changes(
    catalog: &Catalog,
    full: &crate::model::Product,
    snap: &crate::model::Product,
    eval: Option<&crate::eval::ProductEval<'_>>,
    period: &Period,
) -> Changes {
    let mut c = Changes::default();
    if let Some(e) = eval {
        c.items_completed = e
            .items
            .iter()
            .filter(|i| matches!(i.state, ItemState::Done | ItemState::Expired))
            .filter(|i| i.entry.and_then(|x| x.issued).is_some_and(|d| period.contains(d.get())))
            .map(|i| i.rule.id.clone())
            .collect();
    }
    c.stages = snap
        .stages
        .iter()
        .filter(|s| period.contains(s.date.get()))
        .map(|s| StageMove { stage: s.stage, date: s.date.get(), reference: s.reference.clone() })
        .collect();
    for cert in full.certificate.iter().chain(&full.past_certificates) {
        let mv = |date| CertMove { stars: cert.stars, decision: cert.decision.clone(), date };
        if period.contains(cert.issued.get()) {
            c.certificates_issued.push(mv(cert.issued.get()));
        }
        if let Some(rules) = rules_for_certificate(catalog, cert) {
            let through = certificate_valid_through(cert, rules, &catalog.rules.calendar);
            // Expired within the period: its first day without validity falls in it.
            if through.succ_opt().is_some_and(|d| period.contains(d)) {
                c.certificates_expired.push(mv(through));
            }
        }
    }
    c.certificates_issued.sort_by_key(|m| m.date);
    c.certificates_expired.sort_by_key(|m| m.date);
    c
}
