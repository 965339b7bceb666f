//! `due` output: a table for people, JSON and CSV for scripts.

use super::Style;
use super::report::doc::{due_header, due_rows};
use crate::due::Due;
use crate::i18n::{Lang, fmt_count};
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
    crate::render::csv_record(
        &mut w,
        ["date", "days", "kind", "overdue", "product", "product_name", "producer", "subject"],
    )?;
    for d in dues {
        crate::render::csv_record(
            &mut w,
            [
                d.date.to_string(),
                d.days.to_string(),
                d.kind.key().to_string(),
                d.overdue.to_string(),
                d.product.as_ref().map(|p| p.to_string()).unwrap_or_default(),
                d.product_name.clone().unwrap_or_default(),
                d.producer.clone().unwrap_or_default(),
                d.subject.as_ref().map(|s| s.get(lang).to_string()).unwrap_or_default(),
            ],
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
