//! `review status` output: a table for people, JSON for scripts.

use super::Style;
use crate::i18n::tr;
use crate::review::ReviewRow;
use serde::Serialize;
use std::io::{self, Write};

pub fn table(out: &mut dyn Write, rows: &[ReviewRow], style: Style) -> io::Result<()> {
    let lang = style.lang;
    if rows.is_empty() {
        return writeln!(out, "{}", tr(lang, "status.no_products"));
    }
    let mut t = super::table(style);
    t.set_header(["col.product", "review.col_state", "review.col_by", "review.col_date"].map(|k| tr(lang, k)));
    for r in rows {
        t.add_row([
            r.name.clone(),
            tr(lang, &format!("review.state.{}", r.state.key())).to_string(),
            r.by.clone().unwrap_or_else(|| "—".into()),
            r.date.map_or("—".into(), super::labels::date),
        ]);
    }
    writeln!(out, "{t}")?;
    let waiting = rows.iter().filter(|r| r.awaits_review()).count();
    let args = [("count", &waiting.to_string().into())];
    writeln!(out, "{}", crate::i18n::fmt(lang, "review.waiting", &args))
}

#[derive(Serialize)]
struct Json<'a> {
    schema_version: u32,
    products: &'a [ReviewRow],
}

pub fn json(out: &mut dyn Write, rows: &[ReviewRow]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Json { schema_version: crate::status::SCHEMA_VERSION, products: rows })?;
    writeln!(out)
}
