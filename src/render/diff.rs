//! `ocop diff` and `ocop log` output: an outline of what changed, drawn for a terminal
//! or as Markdown (for a pull-request comment), and JSON from the same data.

use super::labels;
use super::labels::date;
use crate::diff::{CertDiff, Count, FieldDiff, RecordChange, RecordDiff, TreeDiff};
use crate::i18n::{Lang, LocalText, fmt, tr};
use serde::Serialize;
use std::io::{self, Write};

/// One line of the outline: its depth (0 a heading) and its text.
type Line = (usize, String);

fn f(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let owned: Vec<(&str, LocalText)> = args.iter().map(|(k, v)| (*k, LocalText::plain(v.clone()))).collect();
    let refs: Vec<(&str, &LocalText)> = owned.iter().map(|(k, v)| (*k, v)).collect();
    fmt(lang, &format!("diff.{key}"), &refs)
}

fn value(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "—".into())
}

fn field(lang: Lang, fd: &FieldDiff) -> String {
    f(lang, "field", &[("field", fd.field.clone()), ("before", value(&fd.before)), ("after", value(&fd.after))])
}

/// A checklist item's field: `cấp 20/11/2026`, `cấp 10/09/2025 → 20/11/2026`.
fn item_field(lang: Lang, fd: &FieldDiff) -> String {
    let key = format!("diff.item_field.{}", fd.field);
    let label = match tr(lang, &key) {
        "?" => fd.field.clone(),
        l => l.to_string(),
    };
    let shown =
        |v: &Option<String>| v.as_deref().map(|v| v.parse::<chrono::NaiveDate>().map_or_else(|_| v.to_string(), date));
    match (shown(&fd.before), shown(&fd.after)) {
        (None, Some(a)) => format!("{label} {a}"),
        (Some(b), None) => f(lang, "item_field_removed", &[("field", label), ("before", b)]),
        (b, a) => format!("{label} {} → {}", b.unwrap_or_default(), a.unwrap_or_default()),
    }
}

fn count(c: &Option<Count>) -> String {
    c.as_ref().map_or("—".into(), |c| format!("{}/{}", c.done, c.required))
}

fn record_lines(lang: Lang, d: &RecordDiff, out: &mut Vec<Line>) {
    let head = match d.change {
        RecordChange::Added => f(lang, "added", &[("name", d.name.clone()), ("id", d.id.clone())]),
        RecordChange::Removed => f(lang, "removed", &[("name", d.name.clone()), ("id", d.id.clone())]),
        RecordChange::Renamed => f(
            lang,
            "renamed",
            &[("name", d.name.clone()), ("id", d.id.clone()), ("from", d.renamed_from.clone().unwrap_or_default())],
        ),
        RecordChange::Changed => f(lang, "changed", &[("name", d.name.clone()), ("id", d.id.clone())]),
    };
    out.push((1, head));
    for fd in &d.fields {
        out.push((2, field(lang, fd)));
    }
    for i in &d.items {
        let mut line = if i.status_before != i.status_after {
            f(
                lang,
                "item_status",
                &[
                    ("item", i.name.clone()),
                    ("before", labels::item_status(lang, i.status_before).to_string()),
                    ("after", labels::item_status(lang, i.status_after).to_string()),
                ],
            )
        } else {
            f(lang, "item", &[("item", i.name.clone())])
        };
        let mut rest: Vec<String> = i.fields.iter().map(|fd| item_field(lang, fd)).collect();
        rest.extend(i.evidence_added.iter().map(|e| f(lang, "evidence_added", &[("file", e.clone())])));
        rest.extend(i.evidence_replaced.iter().map(|e| f(lang, "evidence_replaced", &[("file", e.clone())])));
        rest.extend(i.evidence_removed.iter().map(|e| f(lang, "evidence_removed", &[("file", e.clone())])));
        if !rest.is_empty() {
            line.push_str(", ");
            line.push_str(&rest.join(", "));
        }
        out.push((2, line));
    }
    for s in &d.stages {
        let key = if s.added { "stage_added" } else { "stage_removed" };
        let reference = s.reference.as_ref().map(|r| format!(", {r}")).unwrap_or_default();
        out.push((
            2,
            f(
                lang,
                key,
                &[
                    ("stage", labels::stage(lang, s.stage).to_string()),
                    ("date", date(s.date)),
                    ("reference", reference),
                ],
            ),
        ));
    }
    for c in &d.certificates {
        let line = match c {
            CertDiff::Issued { stars, decision, issued } => f(
                lang,
                "cert_issued",
                &[("stars", stars.to_string()), ("decision", decision.clone()), ("date", date(*issued))],
            ),
            CertDiff::Revoked { stars, decision, revoked_by, date: d } => f(
                lang,
                "cert_revoked",
                &[
                    ("stars", stars.to_string()),
                    ("decision", decision.clone()),
                    ("by", revoked_by.clone()),
                    ("date", date(*d)),
                ],
            ),
            CertDiff::Corrected { decision, fields } => f(
                lang,
                "cert_corrected",
                &[
                    ("decision", decision.clone()),
                    ("fields", fields.iter().map(|fd| field(lang, fd)).collect::<Vec<_>>().join(", ")),
                ],
            ),
            CertDiff::Removed { stars, decision } => {
                f(lang, "cert_removed", &[("stars", stars.to_string()), ("decision", decision.clone())])
            }
        };
        out.push((2, line));
    }
    if let Some(r) = &d.review {
        out.push((2, f(lang, "review", &[("before", value(&r.before)), ("after", value(&r.after))])));
    }
    if let Some(c) = &d.completeness {
        let mut parts = vec![f(lang, "completeness", &[("before", count(&c.before)), ("after", count(&c.after))])];
        parts.extend(c.sections.iter().map(|s| format!("{} {} → {}", s.name, count(&s.before), count(&s.after))));
        out.push((2, parts.join("; ")));
    }
}

/// The outline of a comparison, headed by what was compared.
pub fn outline(diff: &TreeDiff, from: &str, to: &str, lang: Lang) -> Vec<Line> {
    let mut out = vec![(0, f(lang, "title", &[("from", from.to_string()), ("to", to.to_string())]))];
    if diff.is_empty() {
        out.push((1, tr(lang, "diff.nothing").to_string()));
        return out;
    }
    for (key, list) in [("producers", &diff.producers), ("products", &diff.products)] {
        if list.is_empty() {
            continue;
        }
        out.push((0, tr(lang, &format!("diff.{key}")).to_string()));
        for d in list {
            record_lines(lang, d, &mut out);
        }
    }
    for (key, list) in [("introduced", &diff.diagnostics_introduced), ("fixed", &diff.diagnostics_fixed)] {
        if list.is_empty() {
            continue;
        }
        out.push((0, tr(lang, &format!("diff.{key}")).to_string()));
        for d in list {
            out.push((1, format!("{} [{}] {}", d.path, d.code, d.message)));
        }
    }
    out
}

/// For a terminal: headings flush left, the rest indented by depth.
pub fn text(out: &mut dyn Write, lines: &[Line]) -> io::Result<()> {
    for (depth, line) in lines {
        // Names, notes and commit subjects are user text: never terminal controls.
        writeln!(out, "{}{}", "  ".repeat(*depth), crate::safe::terminal(line))?;
    }
    Ok(())
}

/// Markdown: the title as `###`, sections as `####`, the rest as nested bullets.
pub fn markdown(out: &mut dyn Write, lines: &[Line]) -> io::Result<()> {
    for (n, (depth, line)) in lines.iter().enumerate() {
        match depth {
            0 if n == 0 => writeln!(out, "### {}", escape(line))?,
            0 => writeln!(out, "\n#### {}\n", escape(line))?,
            1 if n == 1 => writeln!(out, "\n{}", escape(line))?,
            d => writeln!(out, "{}- {}", "  ".repeat(d - 1), escape(line))?,
        }
    }
    Ok(())
}

/// Keeps text from turning into Markdown markup by accident; inside `code` spans the
/// text is shown as is.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, part) in s.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            // Inside a code span Markdown shows text as is; only characters XML forbids
            // (and so no HTML renderer shows) are replaced.
            out.push_str(&crate::safe::xml(part).replace(['\n', '\r'], " "));
        } else {
            out.push_str(&crate::safe::markdown(part).replace('*', "\\*").replace('_', "\\_"));
        }
    }
    out
}

#[derive(Serialize)]
struct Json<'a> {
    schema_version: u32,
    from: &'a str,
    to: &'a str,
    #[serde(flatten)]
    diff: &'a TreeDiff,
}

pub fn json(out: &mut dyn Write, diff: &TreeDiff, from: &str, to: &str) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Json { schema_version: crate::status::SCHEMA_VERSION, from, to, diff })?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_is_inert_in_both_drawings() {
        let lines = vec![
            (0, "Mật ong <script>alert(1)</script> | x".to_string()),
            (1, "tên \u{1b}]0;pwned\u{7} `a\nb` *đậm*".to_string()),
        ];
        let mut md = Vec::new();
        markdown(&mut md, &lines).expect("write");
        let md = String::from_utf8(md).expect("utf-8");
        assert!(!md.contains("<script>") && md.contains("&lt;script&gt;") && md.contains("\\|"), "{md}");
        assert!(md.contains("\\*đậm\\*") && md.contains("`a b`") && !md.contains('\u{1b}'), "{md}");
        let mut text = Vec::new();
        super::text(&mut text, &lines).expect("write");
        let text = String::from_utf8(text).expect("utf-8");
        assert!(!text.contains('\u{1b}') && text.contains("\\u{1b}"), "{text}");
    }

    #[test]
    fn markdown_escapes_outside_code_spans_only() {
        assert_eq!(escape("form_02 and `test_report` *x*"), "form\\_02 and `test_report` \\*x\\*");
        assert_eq!(escape("a <b>"), "a &lt;b&gt;");
    }
}
