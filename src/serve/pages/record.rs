//! A product's page (facts, certificate history, dossier steps, approval, the checklist
//! by section with links to its evidence, problems, next action) and a producer's page
//! (facts, guidance, products), the same content as `ocop show`.

use crate::diag::Diagnostic;
use crate::eval::{ItemState, ProductEval};
use crate::i18n::{LocalText, fmt, tr};
use crate::load::{Catalog, Record};
use crate::model::{Producer, Product};
use crate::render::diagnostics::display_path;
use crate::render::labels::{self, date};
use crate::render::show::{PRODUCER_LAID_OUT, PRODUCT_LAID_OUT, other_field_values};
use crate::serve::layout::{Ctx, Section};
use crate::serve::markup::Html;
use crate::status::StatusRow;

/// Fields the web page lays out in its own sections, besides the ones `show` does.
const PAGE_LAID_OUT: &[&str] = &[
    "certificate.legal_basis",
    "certificate.score",
    "certificate.score_parts.a",
    "certificate.score_parts.b",
    "certificate.score_parts.c",
    "certificate.revoked.date",
    "certificate.revoked.decision",
    "certificate.revoked.reason",
    "review.by",
    "review.date",
    "review.fingerprint",
];

/// A `dl` of label/value pairs.
fn facts(h: &mut Html, pairs: &[(&str, String)]) {
    h.raw(r#"<dl class="facts">"#);
    for (label, value) in pairs {
        h.el("dt", &[], label).el("dd", &[], value);
    }
    h.raw("</dl>");
}

/// A table with a header and text cells, laid out as cards on a phone.
fn table(h: &mut Html, header: &[&str], rows: &[Vec<String>]) {
    h.raw(r#"<div class="scroll"><table class="cards"><thead><tr>"#);
    for c in header {
        h.el("th", &[("scope", "col")], c);
    }
    h.raw("</tr></thead><tbody>");
    for row in rows {
        h.raw("<tr>");
        for (c, label) in row.iter().zip(header) {
            h.el("td", &[("data-label", label)], c);
        }
        h.raw("</tr>");
    }
    h.raw("</tbody></table></div>");
}

fn problems(h: &mut Html, ctx: &Ctx, list: &[Diagnostic], with_file: bool) {
    h.el("h2", &[], ctx.t("show.problems"));
    if list.is_empty() {
        h.el("p", &[("class", "muted")], ctx.t("show.no_problems"));
        return;
    }
    h.raw("<ul>");
    for d in list {
        let line = d.position.as_ref().map(|p| format!(":{}", p.line)).unwrap_or_default();
        let file = if with_file { display_path(&d.path) } else { String::new() };
        h.open("li", &[]);
        h.el("code", &[], &format!("{file}{line} [{}]", d.code.as_str()));
        h.text(" ").text(&d.message(ctx.lang)).close("li");
    }
    h.raw("</ul>");
}

/// What a product page shows, computed by the caller.
pub(crate) struct ProductView<'a> {
    pub(crate) rec: &'a Record<Product>,
    pub(crate) row: &'a StatusRow,
    pub(crate) eval: Option<&'a ProductEval<'a>>,
    pub(crate) producer: Option<&'a Record<Producer>>,
    pub(crate) problems: &'a [Diagnostic],
}

pub(crate) fn product(ctx: &Ctx, v: &ProductView<'_>) -> String {
    let lang = ctx.lang;
    let p = &v.rec.value;
    let row = v.row;
    let mut h = Html::new();
    h.el("h1", &[], &p.name);
    let mut top: Vec<(&str, String)> =
        vec![(ctx.t("serve.id"), v.rec.id.to_string()), (ctx.t("field.file"), display_path(&v.rec.source.path))];
    if let Some(e) = v.eval {
        let group = e.group.map_or("?".to_string(), |g| g.name.get(lang).to_string());
        let set = e.group.and_then(|g| g.sets.iter().find(|s| s.id == p.set)).map_or("?", |s| s.name.get(lang));
        top.push((ctx.t("field.set"), format!("{} — {set} ({group})", p.set)));
        top.push((ctx.t("field.rules"), format!("{} — {}", e.rules.id, e.rules.title.get(lang))));
        top.push((ctx.t("field.target"), labels::stars(e.target.stars)));
    }
    top.push((ctx.t("field.evaluation"), labels::evaluation(lang, p.evaluation).to_string()));
    if let Some(c) = &p.code {
        top.push((ctx.t("field.code"), c.clone()));
    }
    if let Some(b) = &p.barcode {
        top.push((ctx.t("field.barcode"), b.clone()));
    }
    let stage_date = row.stage_date.map(|d| format!(" ({})", date(d))).unwrap_or_default();
    top.push((ctx.t("field.stage"), format!("{}{stage_date}", labels::stage(lang, row.stage))));
    top.push((ctx.t("field.complete"), format!("{}/{}", row.done, row.required)));
    let rules = v.eval.map(|e| e.rules);
    top.push((ctx.t("col.next"), labels::next_action(lang, rules, &row.next)));
    let laid_out: Vec<&str> = PRODUCT_LAID_OUT.iter().chain(PAGE_LAID_OUT).copied().collect();
    top.extend(other_field_values(lang, crate::fields::Kind::Product, p, &laid_out));
    h.raw(r#"<dl class="facts">"#);
    for (label, value) in &top[..2] {
        h.el("dt", &[], label).el("dd", &[], value);
    }
    h.el("dt", &[], ctx.t("field.producer")).open("dd", &[]);
    let producer_name = v.producer.map_or_else(|| format!("{} (?)", p.producer), |r| r.value.name.clone());
    h.link(&ctx.record_href("producer", &p.producer), &producer_name);
    h.close("dd");
    for (label, value) in &top[2..] {
        h.el("dt", &[], label).el("dd", &[], value);
    }
    h.raw("</dl>");

    certificates(&mut h, ctx, p, row);
    h.el("h2", &[], ctx.t("show.stages"));
    if p.stages.is_empty() {
        h.el("p", &[("class", "muted")], "—");
    } else {
        let header = [ctx.t("serve.date"), ctx.t("col.stage"), ctx.t("serve.reference"), ctx.t("serve.note")];
        let rows: Vec<Vec<String>> = p
            .stages
            .iter()
            .map(|s| {
                vec![
                    date(s.date.get()),
                    labels::stage(lang, s.stage).to_string(),
                    s.reference.clone().unwrap_or_default(),
                    s.note.clone().unwrap_or_default(),
                ]
            })
            .collect();
        table(&mut h, &header, &rows);
    }
    h.el("h2", &[], ctx.t("serve.approval"));
    match (&p.review, &row.review) {
        (Some(r), Some(state)) => {
            let when = r.date.map(|d| date(d.get())).unwrap_or_default();
            let state = tr(lang, &format!("review.state.{}", state.state.key()));
            facts(
                &mut h,
                &[
                    (ctx.t("serve.approved_by"), r.by.clone()),
                    (ctx.t("serve.date"), when),
                    (ctx.t("serve.approval_state"), state.to_string()),
                ],
            );
        }
        _ => {
            h.el("p", &[("class", "muted")], tr(lang, "review.state.unreviewed"));
        }
    }
    if let Some(e) = v.eval {
        checklist(&mut h, ctx, p, e);
    }
    problems(&mut h, ctx, v.problems, false);
    ctx.page(&p.name, Section::Other, h)
}

/// The current certificate (with where it stands), the earlier ones and one known from
/// a published list, newest first.
fn certificates(h: &mut Html, ctx: &Ctx, p: &Product, row: &StatusRow) {
    let lang = ctx.lang;
    h.el("h2", &[], ctx.t("serve.certificates"));
    let header = [
        ctx.t("col.stars"),
        ctx.t("serve.decision"),
        ctx.t("serve.issued_by"),
        ctx.t("serve.issued"),
        ctx.t("serve.valid_through"),
        ctx.t("field.revoked"),
    ];
    let mut rows = Vec::new();
    let revoked = |c: &crate::model::Certificate| {
        c.revoked.as_ref().map_or(String::new(), |r| {
            let reason = r.reason.as_deref().map(|x| format!(": {x}")).unwrap_or_default();
            format!("{} {}{reason}", date(r.date.get()), r.decision)
        })
    };
    if let Some(c) = &p.certificate {
        let through = row
            .certificate
            .as_ref()
            .map_or_else(|| c.expires.map(|d| date(d.get())).unwrap_or_default(), |ce| labels::certificate(lang, ce));
        rows.push(vec![
            labels::stars(c.stars),
            c.decision.clone(),
            c.issued_by.clone().unwrap_or_default(),
            date(c.issued.get()),
            through,
            revoked(c),
        ]);
    }
    if let Some(c) = &p.listed_certificate {
        rows.push(vec![
            labels::stars(c.stars),
            c.decision.clone().unwrap_or_else(|| "?".into()),
            c.issued_by.clone().unwrap_or_default(),
            c.issued.map(|d| date(d.get())).unwrap_or_default(),
            c.expires.map(|d| date(d.get())).unwrap_or_default(),
            String::new(),
        ]);
    }
    let mut past: Vec<&crate::model::Certificate> = p.past_certificates.iter().collect();
    past.sort_by_key(|c| std::cmp::Reverse(c.issued.get()));
    for c in past {
        rows.push(vec![
            labels::stars(c.stars),
            c.decision.clone(),
            c.issued_by.clone().unwrap_or_default(),
            date(c.issued.get()),
            c.expires.map(|d| date(d.get())).unwrap_or_default(),
            revoked(c),
        ]);
    }
    if rows.is_empty() {
        h.el("p", &[("class", "muted")], "—");
    } else {
        table(h, &header, &rows);
    }
}

/// The checklist by section, each item with its state, evidence links, dates and notes.
fn checklist(h: &mut Html, ctx: &Ctx, p: &Product, e: &ProductEval<'_>) {
    let lang = ctx.lang;
    h.open("h2", &[("id", "checklist")]).text(ctx.t("serve.checklist")).close("h2");
    for section in &e.rules.sections {
        let items: Vec<_> = e.items.iter().filter(|i| i.rule.section == section.id).collect();
        if items.is_empty() {
            continue;
        }
        let (done, required) = e.section_counts(&section.id);
        h.open("h3", &[]).text(section.name.get(lang)).text(" ");
        h.el("span", &[("class", "count")], &format!("{done}/{required}")).close("h3");
        h.raw(r#"<ul class="items">"#);
        for i in items {
            let state = labels::item_state(lang, i.state);
            let class = format!("state-{}", i.state.key());
            h.open("li", &[("id", &format!("item-{}", i.rule.id))]);
            h.el("span", &[("class", &format!("mark {class}")), ("aria-hidden", "true")], mark(i.state));
            h.text(i.rule.name.get(lang)).text(" — ");
            h.el("span", &[("class", &class)], state);
            h.text(" ").el("code", &[("class", "muted")], &format!("[{}]", i.rule.id));
            if let Some(entry) = i.entry {
                for ev in &entry.evidence {
                    h.open("div", &[("class", "detail")]).text(ctx.t("field.evidence")).text(": ");
                    match ctx.evidence_href(ev) {
                        Some(href) => h.link(&href, ev),
                        None => h.text(ev),
                    };
                    h.close("div");
                }
                let mut dates = Vec::new();
                if let Some(d) = entry.issued {
                    dates.push(format!("{} {}", ctx.t("field.issued"), date(d.get())));
                }
                if let Some(d) = i.expires {
                    dates.push(format!("{} {}", ctx.t("field.expires"), date(d)));
                }
                if let Some(d) = entry.since {
                    dates.push(format!("{} {}", ctx.t("field.since"), date(d.get())));
                }
                if !dates.is_empty() {
                    h.el("div", &[("class", "detail")], &dates.join(", "));
                }
                if let Some(r) = &entry.reason {
                    h.el("div", &[("class", "detail")], &format!("{}: {r}", ctx.t("field.reason")));
                }
                if let Some(n) = &entry.note {
                    h.el("div", &[("class", "detail")], &format!("{}: {n}", ctx.t("field.note")));
                }
            }
            if let Some(hint) =
                i.rule.hint.as_ref().filter(|_| !matches!(i.state, ItemState::Done | ItemState::NotApplicable))
            {
                h.el("div", &[("class", "detail hint")], &format!("→ {}", hint.get(lang)));
            }
            h.el("div", &[("class", "detail hint")], &format!("{}: {}", ctx.t("field.source"), i.rule.source));
            h.close("li");
        }
        h.raw("</ul>");
    }
    let extra: Vec<&str> = p
        .dossier
        .keys()
        .filter(|k| e.rules.item(k).is_some() && !e.items.iter().any(|i| &i.rule.id == *k))
        .map(String::as_str)
        .collect();
    if !extra.is_empty() {
        let text = fmt(lang, "show.not_required", &[("items", &LocalText::plain(extra.join(", ")))]);
        h.el("p", &[("class", "muted")], &text);
    }
}

fn mark(s: ItemState) -> &'static str {
    match s {
        ItemState::Done => "✔",
        ItemState::InProgress => "…",
        ItemState::Missing => "✘",
        ItemState::Expired => "⌛",
        ItemState::NotApplicable => "–",
    }
}

pub(crate) fn producer(
    ctx: &Ctx,
    rec: &Record<Producer>,
    catalog: &Catalog,
    rows: &[StatusRow],
    list: &[Diagnostic],
) -> String {
    let lang = ctx.lang;
    let p = &rec.value;
    let mut h = Html::new();
    h.el("h1", &[], &p.name);
    let mut top: Vec<(&str, String)> = vec![
        (ctx.t("serve.id"), rec.id.to_string()),
        (ctx.t("field.file"), display_path(&rec.source.path)),
        (ctx.t("field.kind"), labels::producer_kind(lang, p.kind).to_string()),
    ];
    top.extend(other_field_values(lang, crate::fields::Kind::Producer, p, PRODUCER_LAID_OUT));
    facts(&mut h, &top);
    h.el("h2", &[], ctx.t("show.products"));
    if rows.is_empty() {
        h.el("p", &[("class", "muted")], "—");
    } else {
        let header =
            [ctx.t("col.product"), ctx.t("col.stars"), ctx.t("col.stage"), ctx.t("col.complete"), ctx.t("col.next")];
        h.raw(r#"<div class="scroll"><table class="cards"><thead><tr>"#);
        for c in header {
            h.el("th", &[("scope", "col")], c);
        }
        h.raw("</tr></thead><tbody>");
        for r in rows {
            let rules = r.rule_set.as_deref().and_then(|id| catalog.rules.get(id));
            h.raw("<tr>");
            h.open("td", &[("data-label", header[0])]);
            h.link(&ctx.record_href("product", r.id.as_str()), &r.name).close("td");
            h.el("td", &[("data-label", header[1])], &r.stars.map_or("—".into(), labels::stars));
            h.el("td", &[("data-label", header[2])], labels::stage(lang, r.stage));
            h.el("td", &[("data-label", header[3])], &format!("{}/{}", r.done, r.required));
            h.el("td", &[("data-label", header[4])], &labels::next_action(lang, rules, &r.next));
            h.raw("</tr>");
        }
        h.raw("</tbody></table></div>");
    }
    if !p.guidance.is_empty() {
        h.el("h2", &[], ctx.t("show.guidance"));
        h.raw("<ul>");
        for g in &p.guidance {
            let topics: Vec<&str> = g.topics.iter().map(|t| tr(lang, &format!("topic.{}", t.key()))).collect();
            let note = g.note.as_deref().map(|n| format!(" — {n}")).unwrap_or_default();
            h.el("li", &[], &format!("{}  {}{note}", date(g.date.get()), topics.join(", ")));
        }
        h.raw("</ul>");
    }
    problems(&mut h, ctx, list, true);
    ctx.page(&p.name, Section::Other, h)
}
