//! The report's activities: those held in the period, their totals by kind, and the
//! money they spent by source.

use super::{ActivityRow, BudgetRow, KindTotal, MoneyRow, QuarterMoney};
use crate::period::{Period, Quarter};
use crate::plan::{Activity, ActivityKind, FundingSource, Inspections, Programme};
use chrono::NaiveDate;

/// The activities held in `period`, by date.
pub(super) fn activities(programme: &Programme, period: &Period) -> Vec<ActivityRow> {
    let inspections = Inspections::held_by(programme, period.to);
    programme
        .activities_by_date()
        .into_iter()
        .filter(|r| period.contains(r.value.date.get()))
        .map(|r| {
            let a = &r.value;
            let spent: Vec<(FundingSource, u64)> = FundingSource::ALL
                .iter()
                .map(|s| (*s, saturating_sum(a.spending.iter().filter(|x| x.source == *s).map(|x| x.amount))))
                .filter(|(_, v)| *v > 0)
                .collect();
            ActivityRow {
                id: r.id.clone(),
                commune: None,
                date: a.date.get(),
                end: a.end.map(|d| d.get()),
                kind: a.kind,
                label: a.label.clone().filter(|_| a.kind == ActivityKind::Other),
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
                violation_list: a.violations.clone(),
                followed_up_on: followed_up_on(&inspections, a),
                findings: a.findings.clone(),
                remedies: a.remedies.clone(),
                follow_up: a.follow_up.map(|d| d.get()),
            }
        })
        .collect()
}

/// The first later inspection of the same products or producers, by the period's end.
fn followed_up_on(inspections: &Inspections<'_>, a: &Activity) -> Option<NaiveDate> {
    if a.kind != ActivityKind::Inspection || a.follow_up.is_none() {
        return None;
    }
    inspections.first_after(a)
}

/// Count, attendance and spending per kind of activity (kinds with none left out).
pub(super) fn kind_totals(activities: &[ActivityRow]) -> Vec<KindTotal> {
    ActivityKind::ALL
        .iter()
        .map(|k| {
            let of: Vec<_> = activities.iter().filter(|a| a.kind == *k).collect();
            KindTotal {
                kind: *k,
                count: u32::try_from(of.len()).unwrap_or(u32::MAX),
                participants: of.iter().map(|a| a.participants).sum(),
                spent: saturating_sum(of.iter().map(|a| a.spent_total)),
            }
        })
        .filter(|t| t.count > 0)
        .collect()
}

/// Money spent on `activities`, by source (every source, zero included).
pub(super) fn money(activities: &[ActivityRow]) -> Vec<MoneyRow> {
    FundingSource::ALL
        .iter()
        .map(|s| MoneyRow {
            source: *s,
            amount: saturating_sum(activities.iter().flat_map(|a| &a.spent).filter(|(x, _)| x == s).map(|(_, v)| *v)),
        })
        .collect()
}

/// Spent from `source` by activities held from `from` to `to`.
fn spent(programme: &Programme, source: FundingSource, from: NaiveDate, to: NaiveDate) -> u64 {
    let held = |a: &&Activity| from <= a.date.get() && a.date.get() <= to;
    programme
        .activities
        .values()
        .map(|r| &r.value)
        .filter(held)
        .flat_map(|a| &a.spending)
        .filter(|s| s.source == source)
        .map(|s| s.amount)
        .fold(0u64, u64::saturating_add)
}

/// The plan's budget by source against what was spent in the period and in the year to
/// `as_of`; empty when the plan has no budget.
pub(super) fn budget(programme: &Programme, period: &Period, as_of: NaiveDate) -> Vec<BudgetRow> {
    let Some(plan) = programme.plan.as_ref().map(|p| &p.value) else { return Vec::new() };
    if plan.budget.is_empty() {
        return Vec::new();
    }
    let quarters = period.quarters();
    let year_start = NaiveDate::from_ymd_opt(plan.year, 1, 1).unwrap_or(period.from);
    FundingSource::ALL
        .iter()
        .map(|s| {
            let lines = plan.budget.iter().filter(|b| b.source == *s);
            let in_period = |b: &&crate::plan::BudgetLine| {
                b.quarter.as_deref().and_then(Quarter::parse).is_some_and(|q| quarters.contains(&q))
            };
            BudgetRow {
                source: *s,
                planned_year: saturating_sum(lines.clone().map(|b| b.amount)),
                planned_period: saturating_sum(lines.filter(in_period).map(|b| b.amount)),
                spent_period: spent(programme, *s, period.from, as_of.min(period.to)),
                spent_year: spent(programme, *s, year_start, as_of),
            }
        })
        .collect()
}

/// Spending quarter by quarter, up to `as_of`.
pub(super) fn by_quarter(programme: &Programme, quarters: &[Quarter], as_of: NaiveDate) -> Vec<QuarterMoney> {
    quarters
        .iter()
        .filter(|q| q.first_day() <= as_of)
        .map(|q| {
            let by_source: Vec<MoneyRow> = FundingSource::ALL
                .iter()
                .map(|s| MoneyRow { source: *s, amount: spent(programme, *s, q.first_day(), q.last_day().min(as_of)) })
                .collect();
            QuarterMoney { quarter: *q, total: saturating_sum(by_source.iter().map(|m| m.amount)), by_source }
        })
        .collect()
}

/// Money added up without wrapping: a total that does not fit stops at `u64::MAX`, and
/// `check` reports it (E057), so a report never shows a small wrapped-around figure.
pub(super) fn saturating_sum(amounts: impl IntoIterator<Item = u64>) -> u64 {
    crate::plan::money_sum(amounts).unwrap_or(u64::MAX)
}
