//! The report's activities: those held in the period, their totals by kind, and the
//! money they spent by source.

use super::{ActivityRow, KindTotal, MoneyRow};
use crate::period::Period;
use crate::plan::{ActivityKind, FundingSource, Programme};

/// The activities held in `period`, by date.
pub(super) fn activities(programme: &Programme, period: &Period) -> Vec<ActivityRow> {
    programme
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
        .collect()
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
                spent: of.iter().map(|a| a.spent_total).sum(),
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
            amount: activities.iter().flat_map(|a| &a.spent).filter(|(x, _)| x == s).map(|(_, v)| v).sum(),
        })
        .collect()
}
