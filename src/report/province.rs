//! The province's report: each commune's report computed with its own tree (its own
//! rules and plan), then added up. Targets are the province plan's, measured in every
//! commune and summed, when the province tree has a `plan.toml`; otherwise the
//! communes' own targets summed by target id. Products, activities, alerts and missing
//! items are the communes' lists with ids qualified by commune (`viet-khe/mat-ong`);
//! money is summed by source; `communes` holds one subtotal line per commune.

use super::{
    ActivityRow, BudgetRow, Column, CommuneTotal, MoneyRow, ProducerMissing, ProductRow, Report, TargetRow, activities,
    build, targets,
};
use crate::model::Id;
use crate::period::Period;
use crate::plan::Programme;
use crate::province::{Member, Province, StateKey};
use crate::status::SectionCount;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The roll-up report for `period` over every commune that loads.
pub fn build_province(p: &Province, period: Period, as_of: NaiveDate, dated: NaiveDate) -> Report {
    let as_of = as_of.min(period.to);
    let seen = Period { to: as_of, ..period };
    let ready: Vec<(&Member, &crate::tree::Tree)> = p.ready().collect();
    let parts: Vec<Report> =
        crate::load::parallel_each(&ready, |(_, t)| build(&t.catalog, &t.programme, period, as_of, dated));
    // The province's own plan and texts, with every commune's activities (ids
    // qualified) so budget lines and quarterly spending count the communes' money.
    let mut merged = Programme {
        plan: p.programme.plan.clone(),
        activities: BTreeMap::new(),
        narratives: p.programme.narratives.clone(),
    };
    merged.activities.extend(p.programme.activities.clone());
    for (m, t) in &ready {
        for (id, rec) in &t.programme.activities {
            let q = Id(m.qualify(id.as_str()));
            merged.activities.insert(q.clone(), crate::load::Record { id: q, ..rec.clone() });
        }
    }
    let mut r = build(&p.catalog, &merged, period, as_of, dated);
    let file = p.file.as_ref();
    r.commune = p.name();
    r.province = file.map(|f| f.name.clone());
    r.office = file.and_then(|f| f.office.clone());
    r.targets = match p.programme.plan.as_ref().map(|x| &x.value) {
        Some(plan) => plan
            .targets
            .iter()
            .map(|spec| {
                let rows: Vec<(&Member, TargetRow)> = ready
                    .iter()
                    .map(|(m, t)| (*m, targets::measure(&t.catalog, &t.programme, plan.year, &seen, spec)))
                    .collect();
                // No commune loaded: the target measured on the province's own (empty)
                // records, so its row keeps its title and measure.
                sum_targets(&rows, Some(spec.target))
                    .unwrap_or_else(|| targets::measure(&p.catalog, &p.programme, plan.year, &seen, spec))
            })
            .collect(),
        None => communes_targets(&ready, &parts),
    };
    r.sections = union(parts.iter().flat_map(|x| &x.sections));
    r.items = union(parts.iter().flat_map(|x| &x.items));
    r.products = Vec::new();
    r.missing = Vec::new();
    r.alerts = Vec::new();
    let mut acts: Vec<ActivityRow> = Vec::new();
    for ((m, _), part) in ready.iter().zip(&parts) {
        r.products.extend(part.products.iter().map(|x| qualify_product(m, x)));
        r.missing.extend(part.missing.iter().map(|x| qualify_missing(m, x)));
        r.alerts.extend(part.alerts.iter().map(|d| crate::province::rollup::qualify_due(m, d)));
        // Grouped by commune (each in date order), for the per-commune subtotals.
        acts.extend(part.activities.iter().map(|a| ActivityRow {
            id: Id(m.qualify(a.id.as_str())),
            commune: Some(m.key.clone()),
            ..a.clone()
        }));
    }
    r.activity_totals = activities::kind_totals(&acts);
    r.money = activities::money(&acts);
    r.money_total = activities::saturating_sum(r.money.iter().map(|m| m.amount));
    r.activities = acts;
    if r.budget.is_empty() {
        r.budget = sum_budgets(parts.iter().map(|x| x.budget.as_slice()));
    }
    let mut by_member = ready.iter().map(|(m, _)| m.key.as_str()).zip(&parts).collect::<BTreeMap<_, _>>();
    r.communes = p
        .communes
        .iter()
        .map(|m| {
            let part = by_member.remove(m.key.as_str());
            commune_total(m, part, &r.sections)
        })
        .collect();
    r
}

/// One commune's line of the subtotal table; its sections in the order of `sections`.
fn commune_total(m: &Member, part: Option<&Report>, sections: &[Column]) -> CommuneTotal {
    let mut t = CommuneTotal {
        key: m.key.clone(),
        path: m.entry.path.clone(),
        code: m.entry.code.clone(),
        name: m.entry.name.clone(),
        state: m.state_key(),
        products: 0,
        rated: 0,
        done: 0,
        required: 0,
        percent: 0,
        activities: 0,
        participants: 0,
        spent: 0,
        overdue: 0,
        targets_met: 0,
        targets: 0,
        money: Vec::new(),
        sections: Vec::new(),
        missing_products: 0,
        missing_items: 0,
    };
    let Some(r) = part else { return t };
    t.money = r.money.clone();
    t.sections = sections
        .iter()
        .map(|s| {
            let of = r.products.iter().flat_map(|p| &p.sections).filter(|c| c.id == s.id);
            let (done, required) = of.fold((0, 0), |(d, q), c| (d + c.done, q + c.required));
            SectionCount { id: s.id.clone(), done, required }
        })
        .filter(|c| c.required > 0)
        .collect();
    t.missing_products = r.missing.iter().map(|x| x.products.len()).sum();
    t.missing_items = r.missing.iter().flat_map(|x| &x.products).map(|p| p.items.len()).sum();
    t.products = r.products.len();
    t.rated = r.products.iter().filter(|p| p.stars.is_some() && p.certificate_revoked.is_none()).count();
    t.done = r.products.iter().map(|p| p.done).sum();
    t.required = r.products.iter().map(|p| p.required).sum();
    t.percent = percent(t.done, t.required);
    t.activities = r.activities.len();
    t.participants = r.activities.iter().map(|a| u64::from(a.participants)).sum();
    t.spent = r.money_total;
    t.overdue = r.alerts.iter().filter(|d| d.overdue).count();
    t.targets = r.targets.len();
    t.targets_met = r.targets.iter().filter(|x| x.met).count();
    t
}

/// The province's line: the communes' lines added up.
pub fn province_total(communes: &[CommuneTotal]) -> CommuneTotal {
    let sum = |f: fn(&CommuneTotal) -> usize| communes.iter().map(f).sum::<usize>();
    let (done, required) = (sum(|c| c.done), sum(|c| c.required));
    CommuneTotal {
        key: String::new(),
        path: String::new(),
        code: String::new(),
        name: String::new(),
        state: StateKey::Ready,
        products: sum(|c| c.products),
        rated: sum(|c| c.rated),
        done,
        required,
        percent: percent(done, required),
        activities: sum(|c| c.activities),
        participants: communes.iter().map(|c| c.participants).sum(),
        spent: activities::saturating_sum(communes.iter().map(|c| c.spent)),
        overdue: sum(|c| c.overdue),
        targets_met: sum(|c| c.targets_met),
        targets: sum(|c| c.targets),
        money: crate::plan::FundingSource::ALL
            .iter()
            .map(|s| MoneyRow {
                source: *s,
                amount: activities::saturating_sum(
                    communes.iter().flat_map(|c| &c.money).filter(|m| m.source == *s).map(|m| m.amount),
                ),
            })
            .collect(),
        sections: sum_sections(communes.iter().flat_map(|c| &c.sections)),
        missing_products: sum(|c| c.missing_products),
        missing_items: sum(|c| c.missing_items),
    }
}

/// Section counts added up by section id, in first-seen order.
fn sum_sections<'a>(all: impl Iterator<Item = &'a SectionCount>) -> Vec<SectionCount> {
    let mut out: Vec<SectionCount> = Vec::new();
    for c in all {
        match out.iter_mut().find(|x| x.id == c.id) {
            Some(x) => {
                x.done += c.done;
                x.required += c.required;
            }
            None => out.push(c.clone()),
        }
    }
    out
}

fn percent(done: usize, required: usize) -> u32 {
    crate::text::percent(done, required).map_or(0, |p| u32::try_from(p).unwrap_or(100))
}

/// Without a province plan: the communes' own targets, added up by target id (the
/// template gives every commune the same ids), in the order they first appear.
fn communes_targets(ready: &[(&Member, &crate::tree::Tree)], parts: &[Report]) -> Vec<TargetRow> {
    let mut order: Vec<String> = Vec::new();
    let mut by_id: BTreeMap<String, Vec<(&Member, TargetRow)>> = BTreeMap::new();
    for ((m, _), part) in ready.iter().zip(parts) {
        for t in &part.targets {
            if !by_id.contains_key(&t.id) {
                order.push(t.id.clone());
            }
            by_id.entry(t.id.clone()).or_default().push((*m, t.clone()));
        }
    }
    order.iter().filter_map(|id| by_id.get(id)).filter_map(|rows| sum_targets(rows, None)).collect()
}

/// One target over the communes: counts added, percentages recomputed from the counts;
/// the goal is the province's when given, else the communes' goals added.
fn sum_targets(rows: &[(&Member, TargetRow)], goal: Option<u32>) -> Option<TargetRow> {
    let (_, first) = rows.first()?;
    let mut out = TargetRow { details: Vec::new(), ..first.clone() };
    // A share is not added up: without a province goal, the highest commune's goal.
    out.target = goal.unwrap_or_else(|| {
        let goals = rows.iter().map(|(_, t)| t.target);
        if first.unit == "percent" { goals.max().unwrap_or(0) } else { goals.fold(0, u32::saturating_add) }
    });
    let opt_sum = |f: fn(&TargetRow) -> Option<u32>| rows.iter().filter_map(|(_, t)| f(t)).reduce(u32::saturating_add);
    out.in_period = opt_sum(|t| t.in_period);
    out.counted = opt_sum(|t| t.counted);
    out.of = opt_sum(|t| t.of);
    out.actual = match (out.unit, out.counted, out.of) {
        ("percent", Some(c), Some(o)) => (c.saturating_mul(100)).checked_div(o).unwrap_or(0),
        _ => rows.iter().map(|(_, t)| t.actual).fold(0, u32::saturating_add),
    };
    out.met = out.actual >= out.target;
    for (m, t) in rows {
        out.details.extend(t.details.iter().map(|d| super::TargetDetail { id: m.qualify(&d.id), ..d.clone() }));
    }
    Some(out)
}

/// Columns (sections, items) of every commune, each id once, in first-seen order.
fn union<'a>(cols: impl Iterator<Item = &'a Column>) -> Vec<Column> {
    let mut seen = std::collections::BTreeSet::new();
    cols.filter(|c| seen.insert(c.id.clone())).cloned().collect()
}

fn qualify_product(m: &Member, p: &ProductRow) -> ProductRow {
    ProductRow {
        id: Id(m.qualify(p.id.as_str())),
        producer: m.qualify(&p.producer),
        commune: Some(m.key.clone()),
        ..p.clone()
    }
}

fn qualify_missing(m: &Member, x: &ProducerMissing) -> ProducerMissing {
    ProducerMissing {
        commune: Some(m.key.clone()),
        producer: m.qualify(&x.producer),
        producer_name: x.producer_name.clone(),
        products: x
            .products
            .iter()
            .map(|p| super::ProductMissing { id: Id(m.qualify(p.id.as_str())), ..p.clone() })
            .collect(),
    }
}

/// The communes' budget lines added up by source.
fn sum_budgets<'a>(all: impl Iterator<Item = &'a [BudgetRow]>) -> Vec<BudgetRow> {
    let mut out: Vec<BudgetRow> = Vec::new();
    for rows in all {
        for b in rows {
            match out.iter_mut().find(|x| x.source == b.source) {
                Some(x) => {
                    x.planned_year = x.planned_year.saturating_add(b.planned_year);
                    x.planned_period = x.planned_period.saturating_add(b.planned_period);
                    x.spent_period = x.spent_period.saturating_add(b.spent_period);
                    x.spent_year = x.spent_year.saturating_add(b.spent_year);
                }
                None => out.push(b.clone()),
            }
        }
    }
    out
}
