//! `show`: one product in depth (checklist by section, evidence, dates, problems, next
//! steps), or one producer with its products.

use super::{Style, labels, paint};
use crate::diag::Diagnostic;
use crate::eval::{ItemState, ProductEval};
use crate::fields::{Field, FieldType};
use crate::i18n::{Lang, LocalText, fmt, tr};
use crate::load::Record;
use crate::model::{Producer, Product};
use crate::render::diagnostics::display_path;
use crate::safe::terminal as t;
use crate::status::{StatusRow, products_of};
use serde::Serialize;
use std::io::{self, Write};

fn field(out: &mut dyn Write, lang: Lang, key: &str, value: &str) -> io::Result<()> {
    writeln!(out, "  {:<22} {}", format!("{}:", tr(lang, key)), t(value))
}

fn state_mark(style: Style, s: ItemState) -> String {
    let (mark, color) = match s {
        ItemState::Done => ("✔", "32"),
        ItemState::InProgress => ("…", "33"),
        ItemState::Missing => ("✘", "31"),
        ItemState::Expired => ("⌛", "31"),
        ItemState::NotApplicable => ("–", "2"),
    };
    paint(style.color, color, mark)
}

#[allow(clippy::too_many_arguments)]
pub fn product(
    out: &mut dyn Write,
    rec: &Record<Product>,
    row: &StatusRow,
    eval: Option<&ProductEval<'_>>,
    producer: Option<&Record<Producer>>,
    problems: &[Diagnostic],
    style: Style,
) -> io::Result<()> {
    let lang = style.lang;
    let p = &rec.value;
    writeln!(out, "{} ({})", paint(style.color, "1", &p.name), t(rec.id.as_str()))?;
    field(out, lang, "field.file", &display_path(&rec.source.path))?;
    let producer_name =
        producer.map_or_else(|| format!("{} (?)", p.producer), |r| format!("{} ({})", r.value.name, r.id));
    field(out, lang, "field.producer", &producer_name)?;
    if let Some(e) = eval {
        let group = e.group.map_or("?".to_string(), |g| g.name.get(lang).to_string());
        let set_name = e.group.and_then(|g| g.sets.iter().find(|s| s.id == p.set)).map_or("?", |s| s.name.get(lang));
        field(out, lang, "field.set", &format!("{} — {set_name} ({group})", p.set))?;
        field(out, lang, "field.rules", &format!("{} — {}", e.rules.id, e.rules.title.get(lang)))?;
        field(out, lang, "field.target", &labels::stars(e.target.stars))?;
    }
    field(out, lang, "field.evaluation", labels::evaluation(lang, p.evaluation))?;
    if let Some(code) = &p.code {
        field(out, lang, "field.code", code)?;
    }
    if let Some(b) = &p.barcode {
        field(out, lang, "field.barcode", b)?;
    }
    match (&p.certificate, &row.certificate) {
        (Some(c), Some(ce)) => {
            let issuer = c.issued_by.as_deref().map(|i| format!(", {i}")).unwrap_or_default();
            let issued = format!("{} {}", tr(lang, "field.issued"), lang_date(c.issued.get()));
            field(
                out,
                lang,
                "field.certificate",
                &format!("{} {}{issuer}, {issued}", labels::stars(c.stars), c.decision),
            )?;
            field(out, lang, "col.expiry", &labels::certificate(lang, ce))?;
            if let Some(parts) = c.score_parts {
                let text =
                    format!("{} (A {}, B {}, C {})", c.score.unwrap_or(parts.total()), parts.a, parts.b, parts.c);
                field(out, lang, "field.score", &text)?;
            }
            if let Some(r) = &c.revoked {
                let reason = r.reason.as_deref().map(|x| format!(": {x}")).unwrap_or_default();
                let text = format!("{} {}{reason}", lang_date(r.date.get()), r.decision);
                field(out, lang, "field.revoked", &text)?;
            }
        }
        _ => field(out, lang, "field.certificate", "—")?,
    }
    if !p.past_certificates.is_empty() {
        let past: Vec<String> =
            p.past_certificates.iter().map(|c| format!("{} {}", labels::stars(c.stars), c.decision)).collect();
        field(out, lang, "field.past_certificates", &past.join("; "))?;
    }
    if let (Some(r), Some(state)) = (&p.review, row.review.as_ref().map(|v| v.state)) {
        let text = format!(
            "{} {} ({})",
            r.by,
            r.date.map(|d| lang_date(d.get())).unwrap_or_default(),
            tr(lang, &format!("review.state.{}", state.key()))
        );
        field(out, lang, "field.review", &text)?;
    }
    let stage_date = row.stage_date.map(|d| format!(" ({})", lang_date(d))).unwrap_or_default();
    field(out, lang, "field.stage", &format!("{}{stage_date}", labels::stage(lang, row.stage)))?;
    field(out, lang, "field.complete", &format!("{}/{}", row.done, row.required))?;
    other_fields(out, lang, crate::fields::Kind::Product, p, PRODUCT_LAID_OUT)?;
    if let Some(e) = eval {
        for section in &e.rules.sections {
            let items: Vec<_> = e.items.iter().filter(|i| i.rule.section == section.id).collect();
            if items.is_empty() {
                continue;
            }
            let (done, required) = e.section_counts(&section.id);
            writeln!(out)?;
            writeln!(out, "{} ({done}/{required})", paint(style.color, "1", section.name.get(lang)))?;
            for i in items {
                let line = format!("{} — {} [{}]", i.rule.name.get(lang), labels::item_state(lang, i.state), i.rule.id);
                writeln!(out, "  {} {}", state_mark(style, i.state), t(&line))?;
                if let Some(entry) = i.entry {
                    for ev in &entry.evidence {
                        writeln!(out, "      {}: {}", tr(lang, "field.evidence"), t(ev))?;
                    }
                    let mut dates = Vec::new();
                    if let Some(d) = entry.issued {
                        dates.push(format!("{} {}", tr(lang, "field.issued"), lang_date(d.get())));
                    }
                    if let Some(d) = i.expires {
                        dates.push(format!("{} {}", tr(lang, "field.expires"), lang_date(d)));
                    }
                    if let Some(d) = entry.since {
                        dates.push(format!("{} {}", tr(lang, "field.since"), lang_date(d.get())));
                    }
                    if !dates.is_empty() {
                        writeln!(out, "      {}", dates.join(", "))?;
                    }
                    if let Some(r) = &entry.reason {
                        writeln!(out, "      {}: {}", tr(lang, "field.reason"), t(r))?;
                    }
                    if let Some(n) = &entry.note {
                        writeln!(out, "      {}: {}", tr(lang, "field.note"), t(n))?;
                    }
                }
                if let Some(h) =
                    i.rule.hint.as_ref().filter(|_| !matches!(i.state, ItemState::Done | ItemState::NotApplicable))
                {
                    writeln!(out, "      → {}", t(h.get(lang)))?;
                }
                writeln!(out, "      {}: {}", tr(lang, "field.source"), t(&i.rule.source))?;
            }
        }
        let extra: Vec<&String> = p
            .dossier
            .keys()
            .filter(|k| e.rules.item(k).is_some() && !e.items.iter().any(|i| &i.rule.id == *k))
            .collect();
        if !extra.is_empty() {
            writeln!(out)?;
            let ids = extra.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
            writeln!(out, "{}", t(&fmt(lang, "show.not_required", &[("items", &LocalText::plain(ids))])))?;
        }
    }
    if !p.stages.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint(style.color, "1", tr(lang, "show.stages")))?;
        for s in &p.stages {
            let reference = s.reference.as_deref().map(|r| format!(" — {r}")).unwrap_or_default();
            let note = s.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
            let line = format!("{}  {}{reference}{note}", lang_date(s.date.get()), labels::stage(lang, s.stage));
            writeln!(out, "  {}", t(&line))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", paint(style.color, "1", tr(lang, "show.problems")))?;
    if problems.is_empty() {
        writeln!(out, "  {}", tr(lang, "show.no_problems"))?;
    }
    for d in problems {
        let line = d.position.as_ref().map(|p| format!(" ({} {})", tr(lang, "word.line"), p.line)).unwrap_or_default();
        writeln!(out, "  [{}]{line} {}", d.code.as_str(), t(&d.message(lang)))?;
    }
    writeln!(out)?;
    let rules = eval.map(|e| e.rules);
    writeln!(
        out,
        "{}: {}",
        paint(style.color, "1", tr(lang, "col.next")),
        t(&labels::next_action(lang, rules, &row.next))
    )?;
    if let Some(e) = eval {
        let outstanding: Vec<_> = e.outstanding().collect();
        for i in outstanding {
            writeln!(out, "  - {}", t(&format!("{} ({})", i.rule.name.get(lang), labels::item_state(lang, i.state))))?;
        }
    }
    Ok(())
}

fn lang_date(d: chrono::NaiveDate) -> String {
    super::labels::date(d)
}

pub fn producer(
    out: &mut dyn Write,
    rec: &Record<Producer>,
    catalog: &crate::load::Catalog,
    rows: &[StatusRow],
    problems: &[Diagnostic],
    style: Style,
) -> io::Result<()> {
    let lang = style.lang;
    let p = &rec.value;
    writeln!(out, "{} ({})", paint(style.color, "1", &p.name), t(rec.id.as_str()))?;
    field(out, lang, "field.file", &display_path(&rec.source.path))?;
    field(out, lang, "field.kind", labels::producer_kind(lang, p.kind))?;
    other_fields(out, lang, crate::fields::Kind::Producer, p, PRODUCER_LAID_OUT)?;
    if !p.guidance.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint(style.color, "1", tr(lang, "show.guidance")))?;
        for g in &p.guidance {
            let topics: Vec<&str> = g.topics.iter().map(|t| tr(lang, &format!("topic.{}", t.key()))).collect();
            let note = g.note.as_deref().map(|n| format!(" — {n}")).unwrap_or_default();
            writeln!(out, "  {}", t(&format!("{}  {}{note}", lang_date(g.date.get()), topics.join(", "))))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", paint(style.color, "1", tr(lang, "show.products")))?;
    let products = products_of(catalog, rec.id.as_str());
    if products.is_empty() {
        writeln!(out, "  —")?;
    }
    for prod in products {
        let Some(r) = rows.iter().find(|r| r.id == prod.id) else { continue };
        let stars = r.stars.map_or("—".into(), labels::stars);
        let rules = r.rule_set.as_deref().and_then(|id| catalog.rules.get(id));
        let line = format!(
            "{} ({}) {stars} — {} — {}/{} — {}",
            r.name,
            r.id,
            labels::stage(lang, r.stage),
            r.done,
            r.required,
            labels::next_action(lang, rules, &r.next)
        );
        writeln!(out, "  {}", t(&line))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", paint(style.color, "1", tr(lang, "show.problems")))?;
    if problems.is_empty() {
        writeln!(out, "  {}", tr(lang, "show.no_problems"))?;
    }
    for d in problems {
        let line = d.position.as_ref().map(|p| format!(":{}", p.line)).unwrap_or_default();
        writeln!(out, "  {}{line} [{}] {}", display_path(&d.path), d.code.as_str(), t(&d.message(lang)))?;
    }
    Ok(())
}

/// Fields the product page lays out in its own lines above; every other field of the
/// model is listed after them, so a field added to the model is shown with no change here.
pub(crate) const PRODUCT_LAID_OUT: &[&str] = &[
    "name",
    "producer",
    "set",
    "evaluation",
    "code",
    "barcode",
    "certificate.stars",
    "certificate.decision",
    "certificate.issued_by",
    "certificate.issued",
    "certificate.expires",
];

/// Fields the producer page lays out in its own lines.
pub(crate) const PRODUCER_LAID_OUT: &[&str] = &["name", "kind"];

/// The record's value of `f` for people: dates as dd/mm/yyyy, numbers and keys as
/// written; None when the record has none.
fn field_value(record: &serde_json::Value, f: &Field) -> Option<String> {
    let pointer = format!("/{}", f.path.replace('.', "/"));
    let v = record.pointer(&pointer)?;
    let text = match v {
        serde_json::Value::Null => return None,
        serde_json::Value::String(s) if f.ty == FieldType::Date => {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map(lang_date).unwrap_or_else(|_| s.clone())
        }
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    (!text.is_empty()).then_some(text)
}

/// Every field of the record not in `laid_out`, with a value, as `label: value` lines.
fn other_fields<T: Serialize>(
    out: &mut dyn Write,
    lang: Lang,
    kind: crate::fields::Kind,
    value: &T,
    laid_out: &[&str],
) -> io::Result<()> {
    for (label, v) in other_field_values(lang, kind, value, laid_out) {
        writeln!(out, "  {:<22} {}", format!("{label}:"), t(&v))?;
    }
    Ok(())
}

/// Every field of the record not in `laid_out` that has a value, as (label, value) for
/// people; `serve`'s pages list them too.
pub(crate) fn other_field_values<T: Serialize>(
    lang: Lang,
    kind: crate::fields::Kind,
    value: &T,
    laid_out: &[&str],
) -> Vec<(&'static str, String)> {
    let record = serde_json::to_value(value).unwrap_or_default();
    crate::fields::fields(kind)
        .iter()
        .filter(|f| !laid_out.contains(&f.path.as_str()))
        .filter_map(|f| Some((labels::field(lang, f), field_value(&record, f)?)))
        .collect()
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    section: &'a str,
    name: &'a str,
    state: ItemState,
    evidence: Vec<&'a str>,
    expires: Option<chrono::NaiveDate>,
    source: &'a str,
}

#[derive(Serialize)]
struct JsonProblem {
    code: &'static str,
    line: Option<usize>,
    message: String,
}

fn json_problems(problems: &[Diagnostic], lang: Lang) -> Vec<JsonProblem> {
    problems
        .iter()
        .map(|d| JsonProblem {
            code: d.code.as_str(),
            line: d.position.as_ref().map(|p| p.line),
            message: d.message(lang),
        })
        .collect()
}

/// `show --format json` for a product: its status row, the record as written (every
/// field), the checklist as evaluated and the problems.
pub fn product_json(
    out: &mut dyn Write,
    rec: &Record<Product>,
    row: &StatusRow,
    eval: Option<&ProductEval<'_>>,
    problems: &[Diagnostic],
    today: chrono::NaiveDate,
    lang: Lang,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Doc<'a> {
        schema_version: u32,
        today: chrono::NaiveDate,
        product: &'a StatusRow,
        record: &'a Product,
        items: Vec<JsonItem<'a>>,
        problems: Vec<JsonProblem>,
    }
    let items = eval
        .map(|e| {
            e.items
                .iter()
                .map(|i| JsonItem {
                    id: &i.rule.id,
                    section: &i.rule.section,
                    name: i.rule.name.get(lang),
                    state: i.state,
                    evidence: i.entry.map(|e| e.evidence.iter().map(String::as_str).collect()).unwrap_or_default(),
                    expires: i.expires,
                    source: &i.rule.source,
                })
                .collect()
        })
        .unwrap_or_default();
    let doc = Doc {
        schema_version: crate::status::SCHEMA_VERSION,
        today,
        product: row,
        record: &rec.value,
        items,
        problems: json_problems(problems, lang),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// `show --format json` for a producer: the record as written and its products' rows.
pub fn producer_json(out: &mut dyn Write, rec: &Record<Producer>, rows: &[StatusRow]) -> io::Result<()> {
    #[derive(Serialize)]
    struct Doc<'a> {
        schema_version: u32,
        id: &'a str,
        producer: &'a Producer,
        products: &'a [StatusRow],
    }
    let doc = Doc {
        schema_version: crate::status::SCHEMA_VERSION,
        id: rec.id.as_str(),
        producer: &rec.value,
        products: rows,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
