//! The roll-up computations: each commune's `status`, `due` and `check` computed with
//! its own tree, as the single-commune commands compute them, then grouped by commune
//! with ids qualified (`viet-khe/mat-ong`) and a subtotal per commune. Data only; the
//! renderers draw the groups.

use super::{Member, Province, StateKey};
use crate::diag::{Diagnostic, Tally};
use crate::due::{Due, Horizon};
use crate::model::Id;
use crate::rules::RuleBook;
use crate::status::{Filter, StatusRow};
use chrono::NaiveDate;
use serde::Serialize;

/// A commune's figures under a roll-up table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusSubtotal {
    pub products: usize,
    /// Products with stars (certified or listed).
    pub rated: usize,
    pub done: usize,
    pub required: usize,
}

impl StatusSubtotal {
    pub fn of(rows: &[StatusRow]) -> StatusSubtotal {
        StatusSubtotal {
            products: rows.len(),
            // As the province report counts them: a revoked certificate is no rating.
            rated: rows
                .iter()
                .filter(|r| r.stars.is_some() && r.certificate.as_ref().is_none_or(|c| c.revoked.is_none()))
                .count(),
            done: rows.iter().map(|r| r.done).sum(),
            required: rows.iter().map(|r| r.required).sum(),
        }
    }

    pub fn plus(self, o: StatusSubtotal) -> StatusSubtotal {
        StatusSubtotal {
            products: self.products + o.products,
            rated: self.rated + o.rated,
            done: self.done + o.done,
            required: self.required + o.required,
        }
    }
}

/// One commune's part of a roll-up.
#[derive(Debug)]
pub struct Group<'a, T> {
    pub member: &'a Member,
    /// The commune's rules (for labels); None when it did not load.
    pub book: Option<&'a RuleBook>,
    pub rows: Vec<T>,
}

impl<T> Group<'_, T> {
    pub fn state(&self) -> StateKey {
        self.member.state_key()
    }
}

/// The filter one commune applies: a producer given as the roll-up prints it
/// (`viet-khe/htx-an-son`) asks only its own commune, by its own id, and None for the
/// others. A bare id or a name (even one holding a `/`) asks every commune, as before.
fn for_member(p: &Province, filter: &Filter, m: &super::Member) -> Option<Filter> {
    let qualified = filter.producer.as_deref().and_then(|w| w.split_once('/'));
    match qualified {
        Some((key, id)) if m.key == key => Some(Filter { producer: Some(id.to_string()), ..filter.clone() }),
        Some((key, _)) if p.communes.iter().any(|c| c.key == key) => None,
        _ => Some(filter.clone()),
    }
}

/// Every commune's status rows (ids and producers qualified), in list order; a commune
/// that did not load has no rows and says why through its state.
pub fn status<'a>(p: &'a Province, today: NaiveDate, filter: &Filter) -> Vec<Group<'a, StatusRow>> {
    let rows = crate::load::parallel_each(&p.communes, |m| {
        let Some(filter) = for_member(p, filter, m) else { return Vec::new() };
        m.tree().map(|t| crate::status::rows(&t.catalog, today, &filter)).unwrap_or_default()
    });
    p.communes
        .iter()
        .zip(rows)
        .map(|(m, rows)| Group {
            member: m,
            book: m.tree().map(|t| &t.catalog.rules),
            rows: rows
                .into_iter()
                .map(|r| StatusRow {
                    id: Id(m.qualify(r.id.as_str())),
                    producer: m.qualify(&r.producer),
                    commune: Some(m.key.clone()),
                    ..r
                })
                .collect(),
        })
        .collect()
}

/// A due date of commune `m`, with its ids qualified.
pub fn qualify_due(m: &Member, d: &Due) -> Due {
    Due {
        product: d.product.as_ref().map(|id| Id(m.qualify(id.as_str()))),
        producer: d.producer.as_ref().map(|id| m.qualify(id)),
        commune: Some(m.key.clone()),
        ..d.clone()
    }
}

/// Every commune's due dates within `horizon`, in list order.
pub fn due<'a>(p: &'a Province, horizon: Horizon) -> Vec<Group<'a, Due>> {
    let dues = crate::load::parallel_each(&p.communes, |m| {
        m.tree().map(|t| crate::due::list(&t.catalog, &t.programme, horizon)).unwrap_or_default()
    });
    p.communes
        .iter()
        .zip(dues)
        .map(|(m, dues)| Group {
            member: m,
            book: m.tree().map(|t| &t.catalog.rules),
            rows: dues.iter().map(|d| qualify_due(m, d)).collect(),
        })
        .collect()
}

/// A commune's line in the `check` summary.
#[derive(Debug, Clone, Serialize)]
pub struct CheckLine {
    pub key: String,
    pub path: String,
    pub name: String,
    pub state: StateKey,
    pub errors: usize,
    pub warnings: usize,
}

/// Every diagnostic (the province's own first, then each commune's, paths from the
/// province's root) and one summary line per commune.
pub fn check(p: &Province) -> (Vec<Diagnostic>, Vec<CheckLine>) {
    let mut all = p.diagnostics.clone();
    let mut lines = Vec::new();
    for m in &p.communes {
        let mine = m.diagnostics();
        let missing: Vec<&Diagnostic> =
            p.diagnostics.iter().filter(|d| d.path.as_os_str() == m.entry.path.as_str()).collect();
        let tally = Tally::of(&mine);
        let own = Tally::of(&missing.into_iter().cloned().collect::<Vec<_>>());
        lines.push(CheckLine {
            key: m.key.clone(),
            path: m.entry.path.clone(),
            name: m.entry.name.clone(),
            state: m.state_key(),
            errors: tally.errors + own.errors,
            warnings: tally.warnings + own.warnings,
        });
        all.extend(mine);
    }
    (all, lines)
}
