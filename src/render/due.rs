//! `due` output: a table for people, JSON and CSV for scripts.

use super::Style;
use super::report::doc::{Cell, due_header, due_rows};
use crate::due::Due;
use crate::i18n::{Lang, LocalText, fmt};
use chrono::NaiveDate;
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use serde::Serialize;
use std::io::{self, Write};

pub fn table(out: &mut dyn Write, dues: &[Due], within: u32, style: Style) -> io::Result<()> {
    let lang = style.lang;
    if dues.is_empty() {
        return writeln!(out, "{}", fmt(lang, "due.empty", &[("days", &LocalText::plain(within.to_string()))]));
    }
    let mut t = Table::new();
    t.load_preset(if style.color { presets::UTF8_FULL_CONDENSED } else { presets::ASCII_MARKDOWN });
    t.set_content_arrangement(if style.color { ContentArrangement::Dynamic } else { ContentArrangement::Disabled });
    t.set_header(due_header(lang));
    for (d, row) in dues.iter().zip(due_rows(lang, dues)) {
        t.add_row(row.iter().enumerate().map(|(j, c)| {
            let text = match (j, c) {
                (1, Cell::Int(n)) if d.overdue => {
                    fmt(lang, "due.overdue", &[("days", &LocalText::plain((-n).to_string()))])
                }
                _ => c.show(lang),
            };
            let cell = comfy_table::Cell::new(text);
            if j == 1 { cell.set_alignment(CellAlignment::Right) } else { cell }
        }));
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
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["date", "days", "kind", "overdue", "product", "product_name", "producer", "subject"])?;
    for d in dues {
        w.write_record([
            d.date.to_string(),
            d.days.to_string(),
            d.kind.key().to_string(),
            d.overdue.to_string(),
            d.product.as_ref().map(|p| p.to_string()).unwrap_or_default(),
            d.product_name.clone().unwrap_or_default(),
            d.producer.clone().unwrap_or_default(),
            d.subject.as_ref().map(|s| s.get(lang).to_string()).unwrap_or_default(),
        ])?;
    }
    w.flush()
}
