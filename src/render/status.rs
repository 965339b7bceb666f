//! `status` output: a table for people, JSON, CSV and YAML for scripts.

use super::Style;
use super::labels;
use crate::i18n::{Lang, tr};
use crate::province::StateKey;
use crate::province::rollup::{Group, StatusSubtotal};
use crate::rules::RuleBook;
use crate::status::{SCHEMA_VERSION, StatusRow};
use chrono::NaiveDate;
use comfy_table::Table;
use serde::Serialize;
use std::io::{self, Write};

fn pct(done: usize, required: usize) -> String {
    match crate::text::percent(done, required) {
        Some(p) => format!("{done}/{required} ({p}%)"),
        None => "—".into(),
    }
}

fn frac(done: usize, required: usize) -> String {
    if required == 0 { "—".into() } else { format!("{done}/{required}") }
}

/// The certificate cell: stars or "—", and the expiry.
fn cert_cell(lang: Lang, r: &StatusRow) -> (String, String) {
    let stars = r.stars.map_or("—".into(), labels::stars);
    let expiry = r.certificate.as_ref().map_or("—".into(), |c| labels::certificate(lang, c));
    (stars, expiry)
}

pub fn table(out: &mut dyn Write, rows: &[StatusRow], book: &RuleBook, style: Style) -> io::Result<()> {
    let lang = style.lang;
    if rows.is_empty() {
        return writeln!(out, "{}", tr(lang, "status.empty"));
    }
    let sections = rows
        .iter()
        .find_map(|r| r.rule_set.as_deref().and_then(|id| book.get(id)))
        .map(|r| r.sections.clone())
        .unwrap_or_default();
    let full = full_table(rows, book, &sections, style);
    // On a narrow terminal the full table would wrap inside words; show the essentials
    // and say where the rest is.
    if style.width.is_some_and(|w| super::natural_width(&full) > usize::from(w)) {
        writeln!(out, "{}", compact_table(rows, book, style))?;
        return writeln!(out, "{}", tr(lang, "status.compact"));
    }
    writeln!(out, "{full}")?;
    let legend: Vec<String> =
        sections.iter().map(|s| format!("{} = {}", s.short.get(lang), s.name.get(lang))).collect();
    if !legend.is_empty() {
        writeln!(out, "{}", crate::safe::terminal(&legend.join(" · ")))?;
    }
    Ok(())
}

fn full_table(rows: &[StatusRow], book: &RuleBook, sections: &[crate::rules::Section], style: Style) -> Table {
    let mut t = super::table(style);
    t.set_header(super::cells(header(style.lang, sections, false)));
    for r in rows {
        t.add_row(super::cells(row_cells(r, Some(book), sections, style.lang)));
    }
    t
}

/// The full table's header, with the commune first in a province's roll-up.
fn header(lang: Lang, sections: &[crate::rules::Section], commune: bool) -> Vec<String> {
    let mut header: Vec<String> = Vec::new();
    if commune {
        header.push(tr(lang, "province.commune").to_string());
    }
    header.extend(
        ["col.product", "col.producer", "col.set", "col.kind", "col.stars", "col.expiry", "col.stage", "col.complete"]
            .iter()
            .map(|k| tr(lang, k).to_string()),
    );
    header.extend(sections.iter().map(|s| s.short.get(lang).to_string()));
    header.push(tr(lang, "col.next").to_string());
    header
}

/// One product's cells in the full table; `book` is the rules of the product's tree.
fn row_cells(r: &StatusRow, book: Option<&RuleBook>, sections: &[crate::rules::Section], lang: Lang) -> Vec<String> {
    let (stars, expiry) = cert_cell(lang, r);
    let rules = r.rule_set.as_deref().and_then(|id| book.and_then(|b| b.get(id)));
    let mut cells = vec![
        r.name.clone(),
        r.producer_name.clone().unwrap_or_else(|| format!("{} (?)", r.producer)),
        r.set.to_string(),
        labels::evaluation(lang, r.evaluation).to_string(),
        stars,
        expiry,
        labels::stage(lang, r.stage).to_string(),
        pct(r.done, r.required),
    ];
    for s in sections {
        let c = r.sections.iter().find(|c| c.id == s.id);
        cells.push(c.map_or("—".into(), |c| frac(c.done, c.required)));
    }
    cells.push(labels::next_action(lang, rules, &r.next));
    cells
}

/// Product, stars, certificate expiry (date only), stage, completeness, next action.
fn compact_table(rows: &[StatusRow], book: &RuleBook, style: Style) -> Table {
    let lang = style.lang;
    let mut t = super::table(style);
    t.set_header(
        ["col.product", "col.stars", "col.expiry", "col.stage", "col.complete", "col.next"].map(|k| tr(lang, k)),
    );
    for r in rows {
        let rules = r.rule_set.as_deref().and_then(|id| book.get(id));
        let expiry = r.certificate.as_ref().map_or("—".to_string(), |c| {
            let date = super::labels::date(c.valid_through);
            if c.days_left < 0 { format!("{date} ⚠") } else { date }
        });
        t.add_row(super::cells([
            r.name.clone(),
            r.stars.map_or("—".into(), labels::stars),
            expiry,
            labels::stage(lang, r.stage).to_string(),
            pct(r.done, r.required),
            labels::next_action(lang, rules, &r.next),
        ]));
    }
    t
}

#[derive(Serialize)]
struct JsonStatus<'a> {
    schema_version: u32,
    today: NaiveDate,
    products: &'a [StatusRow],
}

pub fn json(out: &mut dyn Write, rows: &[StatusRow], today: NaiveDate) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &JsonStatus { schema_version: SCHEMA_VERSION, today, products: rows })?;
    writeln!(out)
}

pub fn yaml(out: &mut dyn Write, rows: &[StatusRow], today: NaiveDate) -> io::Result<()> {
    let doc = JsonStatus { schema_version: SCHEMA_VERSION, today, products: rows };
    let text = serde_yaml_ng::to_string(&doc).map_err(io::Error::other)?;
    out.write_all(text.as_bytes())
}

/// One flat row per product; columns are stable English keys so scripts can rely on
/// them whatever the language; section columns follow the rule set's section ids.
pub fn csv(out: &mut dyn Write, rows: &[StatusRow], book: &RuleBook, lang: Lang) -> io::Result<()> {
    let rows: Vec<(&StatusRow, Option<&RuleBook>)> = rows.iter().map(|r| (r, Some(book))).collect();
    csv_rows(out, &rows, false, lang)
}

/// A province's roll-up as CSV: the commune's folder name first, then the columns of
/// `csv`, with ids qualified by commune.
pub fn province_csv(out: &mut dyn Write, groups: &[Group<'_, StatusRow>], lang: Lang) -> io::Result<()> {
    let rows: Vec<(&StatusRow, Option<&RuleBook>)> =
        groups.iter().flat_map(|g| g.rows.iter().map(move |r| (r, g.book))).collect();
    csv_rows(out, &rows, true, lang)
}

fn rules_of<'b>(r: &StatusRow, book: Option<&'b RuleBook>) -> Option<&'b crate::rules::RuleSet> {
    r.rule_set.as_deref().and_then(|id| book?.get(id))
}

fn csv_rows(
    out: &mut dyn Write,
    rows: &[(&StatusRow, Option<&RuleBook>)],
    commune: bool,
    lang: Lang,
) -> io::Result<()> {
    let sections: Vec<String> = rows
        .iter()
        .find_map(|(r, book)| rules_of(r, *book))
        .map(|r| r.sections.iter().map(|s| s.id.clone()).collect())
        .unwrap_or_default();
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<String> = Vec::new();
    if commune {
        header.push("commune".into());
    }
    header.extend(
        [
            "id",
            "name",
            "producer",
            "producer_name",
            "set",
            "group",
            "evaluation",
            "rule_set",
            "stars",
            "certificate_valid_through",
            "certificate_days_left",
            "certificate_state",
            "stage",
            "stage_date",
            "done",
            "required",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    header.extend(sections.iter().map(|s| format!("{s}_done")));
    header.extend(sections.iter().map(|s| format!("{s}_required")));
    header.push("next_action".into());
    header.push("next_action_text".into());
    crate::render::csv_record(&mut w, &header)?;
    for (r, book) in rows {
        let c = r.certificate.as_ref();
        let mut rec = Vec::new();
        if commune {
            rec.push(r.commune.clone().unwrap_or_default());
        }
        rec.extend([
            r.id.to_string(),
            r.name.clone(),
            r.producer.clone(),
            r.producer_name.clone().unwrap_or_default(),
            r.set.to_string(),
            r.group.clone().unwrap_or_default(),
            r.evaluation.key().to_string(),
            r.rule_set.clone().unwrap_or_default(),
            r.stars.map(|s| s.to_string()).unwrap_or_default(),
            c.map(|c| c.valid_through.to_string()).unwrap_or_default(),
            c.map(|c| c.days_left.to_string()).unwrap_or_default(),
            c.map(|c| c.state.key().to_string()).unwrap_or_default(),
            r.stage.key().to_string(),
            r.stage_date.map(|d| d.to_string()).unwrap_or_default(),
            r.done.to_string(),
            r.required.to_string(),
        ]);
        let count = |id: &str, done: bool| {
            r.sections
                .iter()
                .find(|s| s.id == id)
                .map(|s| if done { s.done } else { s.required })
                .unwrap_or(0)
                .to_string()
        };
        rec.extend(sections.iter().map(|s| count(s, true)));
        rec.extend(sections.iter().map(|s| count(s, false)));
        let kind =
            serde_json::to_value(&r.next).ok().and_then(|v| v.get("kind").and_then(|k| k.as_str().map(String::from)));
        rec.push(kind.unwrap_or_default());
        rec.push(labels::next_action(lang, rules_of(r, *book), &r.next));
        crate::render::csv_record(&mut w, &rec)?;
    }
    w.flush()
}

/// The text a commune that did not roll up shows in place of its rows.
pub fn state_text(lang: Lang, state: StateKey) -> String {
    tr(lang, &format!("province.state_{}", state.key())).to_string()
}

/// A province's roll-up for people: the commune first on every row, a subtotal row
/// under each commune (products, with stars, completeness), a row saying why for a
/// commune that did not load, and the province's total last.
pub fn province_table(out: &mut dyn Write, groups: &[Group<'_, StatusRow>], style: Style) -> io::Result<()> {
    let lang = style.lang;
    let sections = groups
        .iter()
        .flat_map(|g| g.rows.iter().map(move |r| (r, g.book)))
        .find_map(|(r, book)| r.rule_set.as_deref().and_then(|id| book?.get(id)))
        .map(|r| r.sections.clone())
        .unwrap_or_default();
    let mut t = super::table(style);
    let head = header(lang, &sections, true);
    let width = head.len();
    t.set_header(super::cells(head));
    let summary = |label: String, s: StatusSubtotal, last: String| {
        let mut cells = vec![label, crate::i18n::fmt_count(lang, "province.products", s.products as u64, &[])];
        cells.extend([String::new(), String::new(), String::new()]);
        cells.push(crate::i18n::fmt_count(lang, "province.rated", s.rated as u64, &[]));
        cells.extend([String::new(), String::new()]);
        cells.push(pct(s.done, s.required));
        cells.resize(width - 1, String::new());
        cells.push(last);
        cells
    };
    let mut total = StatusSubtotal::default();
    for g in groups {
        let name = g.member.entry.name.clone();
        for r in &g.rows {
            let mut cells = vec![name.clone()];
            cells.extend(row_cells(r, g.book, &sections, lang));
            t.add_row(super::cells(cells));
        }
        let sub = StatusSubtotal::of(&g.rows);
        total = total.plus(sub);
        let label = crate::i18n::fmt(lang, "province.subtotal", &[("name", &name.as_str().into())]);
        let state = if g.state() == StateKey::Ready { String::new() } else { state_text(lang, g.state()) };
        t.add_row(super::cells(summary(label, sub, state)));
    }
    t.add_row(super::cells(summary(tr(lang, "province.total").to_string(), total, String::new())));
    writeln!(out, "{t}")?;
    let legend: Vec<String> =
        sections.iter().map(|s| format!("{} = {}", s.short.get(lang), s.name.get(lang))).collect();
    if !legend.is_empty() {
        writeln!(out, "{}", crate::safe::terminal(&legend.join(" · ")))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonCommune<'a> {
    key: &'a str,
    path: &'a str,
    code: &'a str,
    name: &'a str,
    state: StateKey,
    subtotal: StatusSubtotal,
}

#[derive(Serialize)]
struct JsonProvince<'a> {
    schema_version: u32,
    today: NaiveDate,
    province: String,
    communes: Vec<JsonCommune<'a>>,
    total: StatusSubtotal,
    products: Vec<&'a StatusRow>,
}

fn province_doc<'a>(province: String, groups: &'a [Group<'a, StatusRow>], today: NaiveDate) -> JsonProvince<'a> {
    let communes: Vec<JsonCommune<'a>> = groups
        .iter()
        .map(|g| JsonCommune {
            key: &g.member.key,
            path: &g.member.entry.path,
            code: &g.member.entry.code,
            name: &g.member.entry.name,
            state: g.state(),
            subtotal: StatusSubtotal::of(&g.rows),
        })
        .collect();
    let total = communes.iter().fold(StatusSubtotal::default(), |a, c| a.plus(c.subtotal));
    let products = groups.iter().flat_map(|g| &g.rows).collect();
    JsonProvince { schema_version: SCHEMA_VERSION, today, province, communes, total, products }
}

/// A province's roll-up for scripts: `status`'s shape (products with `commune` and
/// qualified ids) plus `province`, `communes` (state and subtotal each) and `total`.
pub fn province_json(
    out: &mut dyn Write,
    province: String,
    groups: &[Group<'_, StatusRow>],
    today: NaiveDate,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &province_doc(province, groups, today))?;
    writeln!(out)
}

pub fn province_yaml(
    out: &mut dyn Write,
    province: String,
    groups: &[Group<'_, StatusRow>],
    today: NaiveDate,
) -> io::Result<()> {
    let text = serde_yaml_ng::to_string(&province_doc(province, groups, today)).map_err(io::Error::other)?;
    out.write_all(text.as_bytes())
}

/// One line per approval that no longer covers its product, after the table.
pub fn stale_reviews(out: &mut dyn Write, rows: &[StatusRow], lang: Lang) -> io::Result<()> {
    for r in rows {
        let Some(review) = r.review.as_ref().filter(|v| v.state == crate::review::ReviewState::Stale) else { continue };
        let args = [
            ("product", &r.name.as_str().into()),
            ("by", &review.by.as_str().into()),
            ("date", &review.date.map_or("—".to_string(), super::labels::date).into()),
            ("id", &r.id.as_str().into()),
        ];
        writeln!(out, "{}", crate::safe::terminal(&crate::i18n::fmt(lang, "review.stale_line", &args)))?;
    }
    Ok(())
}
