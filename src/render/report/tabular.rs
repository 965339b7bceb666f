//! The report for scripts: JSON (the whole `Report`, versioned by `schema_version`) and
//! CSV in long form, one value per line as `table,id,field,value`, with stable English
//! keys whatever the language.

use crate::report::Report;
use std::io::{self, Write};

pub fn json(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, r)?;
    writeln!(out)
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

pub fn csv(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    crate::render::csv_record(&mut w, ["table", "id", "field", "value"])?;
    let mut put = |table: &str, id: &str, field: &str, value: String| {
        crate::render::csv_record(&mut w, [table, id, field, value.as_str()])
    };
    put("report", "period", "label", r.period.label())?;
    put("report", "period", "from", r.period.from.to_string())?;
    put("report", "period", "to", r.period.to.to_string())?;
    // A province's: each commune's subtotals, then the province's total.
    let total = (!r.communes.is_empty()).then(|| crate::report::province_total(&r.communes));
    for (table, c) in r.communes.iter().map(|c| ("communes", c)).chain(total.iter().map(|c| ("province", c))) {
        let id = if table == "province" { "total" } else { c.key.as_str() };
        if table == "communes" {
            put(table, id, "name", c.name.clone())?;
            put(table, id, "code", c.code.clone())?;
            put(table, id, "state", c.state.key().into())?;
        }
        for (field, v) in [
            ("products", c.products),
            ("rated", c.rated),
            ("done", c.done),
            ("required", c.required),
            ("activities", c.activities),
            ("overdue", c.overdue),
            ("targets_met", c.targets_met),
            ("targets", c.targets),
            ("missing_products", c.missing_products),
            ("missing_items", c.missing_items),
        ] {
            put(table, id, field, v.to_string())?;
        }
        put(table, id, "percent", c.percent.to_string())?;
        put(table, id, "spent", c.spent.to_string())?;
        for m in &c.money {
            put(table, id, &format!("money.{}", m.source.key()), m.amount.to_string())?;
        }
        for s in &c.sections {
            put(table, id, &format!("section.{}.done", s.id), s.done.to_string())?;
            put(table, id, &format!("section.{}.required", s.id), s.required.to_string())?;
        }
    }
    for t in &r.targets {
        put("targets", &t.id, "measure", t.measure.key().into())?;
        put("targets", &t.id, "unit", t.unit.into())?;
        put("targets", &t.id, "target", t.target.to_string())?;
        put("targets", &t.id, "actual", t.actual.to_string())?;
        put("targets", &t.id, "in_period", opt(t.in_period))?;
        put("targets", &t.id, "counted", opt(t.counted))?;
        put("targets", &t.id, "of", opt(t.of))?;
        put("targets", &t.id, "met", t.met.to_string())?;
    }
    for p in &r.products {
        let id = p.id.as_str();
        put("products", id, "code", opt(p.code.as_deref()))?;
        put("products", id, "stage", p.stage.key().into())?;
        put("products", id, "stage_date", opt(p.stage_date))?;
        put("products", id, "stars", opt(p.stars))?;
        put("products", id, "certificate_valid_through", opt(p.certificate_valid_through))?;
        put("products", id, "done", p.done.to_string())?;
        put("products", id, "required", p.required.to_string())?;
        put("products", id, "percent", p.percent.to_string())?;
        put("products", id, "items_completed", p.changes.items_completed.len().to_string())?;
        put("products", id, "stage_moves", p.changes.stages.len().to_string())?;
        for s in &p.sections {
            put("products", id, &format!("section.{}.done", s.id), s.done.to_string())?;
            put("products", id, &format!("section.{}.required", s.id), s.required.to_string())?;
        }
        for (item, state) in &p.items {
            put("products", id, &format!("item.{item}"), state.key().into())?;
        }
    }
    for a in &r.activities {
        let id = a.id.as_str();
        put("activities", id, "date", a.date.to_string())?;
        put("activities", id, "kind", a.kind.key().into())?;
        put("activities", id, "participants", a.participants.to_string())?;
        put("activities", id, "producers", a.producers.len().to_string())?;
        put("activities", id, "spent", a.spent_total.to_string())?;
        if a.kind == crate::plan::ActivityKind::Inspection {
            put("activities", id, "findings", a.findings.clone().unwrap_or_default())?;
            put("activities", id, "violations", a.violation_list.join("; "))?;
            put("activities", id, "remedies", a.remedies.clone().unwrap_or_default())?;
            put("activities", id, "follow_up", opt(a.follow_up))?;
            put("activities", id, "followed_up_on", opt(a.followed_up_on))?;
        }
        for (source, amount) in &a.spent {
            put("activities", id, &format!("spent.{}", source.key()), amount.to_string())?;
        }
    }
    for m in &r.money {
        put("money", m.source.key(), "amount", m.amount.to_string())?;
    }
    put("money", "total", "amount", r.money_total.to_string())?;
    for b in &r.budget {
        let id = b.source.key();
        put("budget", id, "planned_year", b.planned_year.to_string())?;
        put("budget", id, "planned_period", b.planned_period.to_string())?;
        put("budget", id, "spent_period", b.spent_period.to_string())?;
        put("budget", id, "spent_year", b.spent_year.to_string())?;
    }
    for (i, m) in r.milestones.iter().enumerate() {
        let id = format!("{}", i + 1);
        put("milestones", &id, "quarter", m.quarter.clone())?;
        put("milestones", &id, "state", m.state.key().into())?;
        put("milestones", &id, "state_date", opt(m.state_date))?;
    }
    if let Some(n) = &r.narrative {
        for (k, text) in &n.parts {
            put("narrative", k.key(), "text", text.clone())?;
        }
    }
    for (i, d) in r.alerts.iter().enumerate() {
        let id = format!("{}", i + 1);
        put("due", &id, "date", d.date.to_string())?;
        put("due", &id, "kind", d.kind.key().into())?;
        put("due", &id, "product", d.product.as_ref().map(|p| p.to_string()).unwrap_or_default())?;
        put("due", &id, "overdue", d.overdue.to_string())?;
    }
    w.flush()
}
