//! `due` output: a table for people, JSON and CSV for scripts.

use super::Style;
use super::report::doc::{due_header, due_rows};
use crate::due::Due;
use crate::i18n::{Lang, fmt_count, tr};
use crate::province::StateKey;
use crate::province::rollup::Group;
use chrono::NaiveDate;
use comfy_table::CellAlignment;
use serde::Serialize;
use std::io::{self, Write};

pub fn table(out: &mut dyn Write, dues: &[Due], within: u32, style: Style) -> io::Result<()> {
    let lang = style.lang;
    if dues.is_empty() {
        return writeln!(out, "{}", fmt_count(lang, "due.empty", u64::from(within), &[]));
    }
    let mut t = super::table(style);
    t.set_header(super::cells(due_header(lang)));
    for row in due_rows(lang, dues) {
        t.add_row(row.iter().enumerate().map(|(j, c)| {
            let cell = super::cell(&c.show(lang));
            if j == 1 { cell.set_alignment(CellAlignment::Right) } else { cell }
        }));
    }
    writeln!(out, "{t}")
}

/// A province's dates: the commune first on every row, a subtotal row under each
/// commune (dates, overdue), a row saying why for a commune that did not load, and the
/// province's total last.
pub fn province_table(out: &mut dyn Write, groups: &[Group<'_, Due>], within: u32, style: Style) -> io::Result<()> {
    let lang = style.lang;
    let mut t = super::table(style);
    let mut header = vec![tr(lang, "province.commune").to_string()];
    header.extend(due_header(lang));
    t.set_header(super::cells(header));
    let summary = |label: String, count: usize, overdue: usize, state: String| {
        let what =
            format!("{}: {count} · {}: {overdue}", tr(lang, "province.col_dues"), tr(lang, "province.col_overdue"));
        super::cells([label, String::new(), String::new(), what, state])
    };
    let (mut count, mut overdue) = (0, 0);
    for g in groups {
        let name = g.member.entry.name.clone();
        for row in due_rows(lang, &g.rows) {
            let mut cells = vec![super::cell(&name)];
            cells.extend(row.iter().enumerate().map(|(j, c)| {
                let cell = super::cell(&c.show(lang));
                if j == 1 { cell.set_alignment(CellAlignment::Right) } else { cell }
            }));
            t.add_row(cells);
        }
        let late = g.rows.iter().filter(|d| d.overdue).count();
        count += g.rows.len();
        overdue += late;
        let label = crate::i18n::fmt(lang, "province.subtotal", &[("name", &name.as_str().into())]);
        let state =
            if g.state() == StateKey::Ready { String::new() } else { super::status::state_text(lang, g.state()) };
        t.add_row(summary(label, g.rows.len(), late, state));
    }
    t.add_row(summary(tr(lang, "province.total").to_string(), count, overdue, String::new()));
    if count == 0 {
        writeln!(out, "{}", fmt_count(lang, "due.empty", u64::from(within), &[]))?;
    }
    writeln!(out, "{t}")
}

#[derive(Serialize)]
struct JsonDue<'a> {
    schema_version: u32,
    today: NaiveDate,
    within_days: u32,
    due: &'a [Due],
}

pub fn json(out: &mut dyn Write, dues: &[Due], today: NaiveDate, within: u32) -> io::Result<()> {
    let doc = JsonDue { schema_version: crate::report::REPORT_SCHEMA_VERSION, today, within_days: within, due: dues };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

pub fn csv(out: &mut dyn Write, dues: &[Due], lang: Lang) -> io::Result<()> {
    csv_with(out, dues, false, lang)
}

/// A province's dates as CSV: the commune's folder name first, ids qualified.
pub fn province_csv(out: &mut dyn Write, groups: &[Group<'_, Due>], lang: Lang) -> io::Result<()> {
    let dues: Vec<Due> = groups.iter().flat_map(|g| g.rows.iter().cloned()).collect();
    csv_with(out, &dues, true, lang)
}

#[derive(Serialize)]
struct JsonCommuneDue<'a> {
    key: &'a str,
    name: &'a str,
    state: StateKey,
    count: usize,
    overdue: usize,
}

#[derive(Serialize)]
struct JsonProvinceDue<'a> {
    schema_version: u32,
    today: NaiveDate,
    within_days: u32,
    communes: Vec<JsonCommuneDue<'a>>,
    due: Vec<&'a Due>,
}

/// A province's dates for scripts: `due`'s shape (each with `commune`, ids qualified)
/// and `communes`, one subtotal each.
pub fn province_json(out: &mut dyn Write, groups: &[Group<'_, Due>], today: NaiveDate, within: u32) -> io::Result<()> {
    let doc = JsonProvinceDue {
        schema_version: crate::report::REPORT_SCHEMA_VERSION,
        today,
        within_days: within,
        communes: groups
            .iter()
            .map(|g| JsonCommuneDue {
                key: &g.member.key,
                name: &g.member.entry.name,
                state: g.state(),
                count: g.rows.len(),
                overdue: g.rows.iter().filter(|d| d.overdue).count(),
            })
            .collect(),
        due: groups.iter().flat_map(|g| &g.rows).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn csv_with(out: &mut dyn Write, dues: &[Due], commune: bool, lang: Lang) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec!["date", "days", "kind", "overdue", "product", "product_name", "producer", "subject"];
    if commune {
        header.insert(0, "commune");
    }
    crate::render::csv_record(&mut w, header)?;
    for d in dues {
        let first = commune.then(|| d.commune.clone().unwrap_or_default());
        crate::render::csv_record(
            &mut w,
            first.into_iter().chain([
                d.date.to_string(),
                d.days.to_string(),
                d.kind.key().to_string(),
                d.overdue.to_string(),
                d.product.as_ref().map(|p| p.to_string()).unwrap_or_default(),
                d.product_name.clone().unwrap_or_default(),
                d.producer.clone().unwrap_or_default(),
                d.subject.as_ref().map(|s| s.get(lang).to_string()).unwrap_or_default(),
            ]),
        )?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty(lang: Lang, within: u32) -> String {
        let mut out = Vec::new();
        table(&mut out, &[], within, Style { lang, color: false, width: None }).expect("write");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn an_empty_list_says_how_far_it_looked() {
        assert_eq!(empty(Lang::En, 1), "Nothing falls due within 1 day\n");
        assert_eq!(empty(Lang::En, 90), "Nothing falls due within 90 days\n");
        assert_eq!(empty(Lang::Vi, 90), "Không có mốc nào trong 90 ngày tới\n");
    }
}
