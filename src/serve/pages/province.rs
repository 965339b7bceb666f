//! The roll-up pages of a province tree: every commune's products (as `ocop status` on
//! the province) with a subtotal per commune and the province's total, and every
//! commune's coming dates (as `ocop due`). A commune that did not load is named with why.

use crate::due::Due;
use crate::i18n::{fmt, fmt_count, tr};
use crate::province::StateKey;
use crate::province::rollup::{Group, StatusSubtotal};
use crate::render::labels;
use crate::render::report::doc::{due_header, due_rows};
use crate::serve::layout::{Ctx, Section};
use crate::serve::markup::Html;
use crate::status::StatusRow;

fn state_text(ctx: &Ctx, state: StateKey) -> &'static str {
    ctx.t(&format!("province.state_{}", state.key()))
}

fn complete(done: usize, required: usize) -> String {
    match crate::text::percent(done, required) {
        Some(p) => format!("{done}/{required} ({p}%)"),
        None => "—".into(),
    }
}

fn commune_heading(h: &mut Html, ctx: &Ctx, name: &str, key: &str, state: StateKey) {
    h.open("h2", &[("id", &format!("commune-{key}"))]).text(name).close("h2");
    if state != StateKey::Ready {
        h.el("p", &[("class", "bad")], state_text(ctx, state));
    }
}

/// The roll-up status: one table per commune, its subtotal under it, the province's
/// total at the end. `form` is the search form drawn above.
pub(crate) fn status(ctx: &Ctx, province: &str, groups: &[Group<'_, StatusRow>], form: Html) -> String {
    let lang = ctx.lang;
    let mut h = Html::new();
    h.el("h1", &[], province);
    h.part(form);
    let header = [
        ctx.t("col.product"),
        ctx.t("col.producer"),
        ctx.t("col.stars"),
        ctx.t("col.expiry"),
        ctx.t("col.stage"),
        ctx.t("col.complete"),
        ctx.t("col.next"),
    ];
    let mut total = StatusSubtotal::default();
    for g in groups {
        let m = g.member;
        commune_heading(&mut h, ctx, &m.entry.name, &m.key, g.state());
        let sub = StatusSubtotal::of(&g.rows);
        total = total.plus(sub);
        if !g.rows.is_empty() {
            h.raw(r#"<div class="scroll"><table class="cards rollup"><thead><tr>"#);
            for c in header {
                h.el("th", &[("scope", "col")], c);
            }
            h.raw("</tr></thead><tbody>");
            for r in &g.rows {
                let producer = r.producer_name.clone().unwrap_or_else(|| format!("{} (?)", r.producer));
                let rules = r.rule_set.as_deref().and_then(|id| g.book?.get(id));
                h.raw("<tr>");
                h.open("td", &[("data-label", header[0])]);
                h.link(&ctx.record_href("product", r.id.as_str()), &r.name).close("td");
                h.open("td", &[("data-label", header[1])]);
                h.link(&ctx.record_href("producer", &r.producer), &producer).close("td");
                h.el("td", &[("data-label", header[2])], &r.stars.map_or("—".into(), labels::stars));
                let expiry = r.certificate.as_ref().map_or("—".into(), |c| labels::certificate(lang, c));
                h.el("td", &[("data-label", header[3])], &expiry);
                h.el("td", &[("data-label", header[4])], labels::stage(lang, r.stage));
                h.el("td", &[("data-label", header[5])], &complete(r.done, r.required));
                h.el("td", &[("data-label", header[6])], &labels::next_action(lang, rules, &r.next));
                h.raw("</tr>");
            }
            h.raw("</tbody></table></div>");
        }
        let label = fmt(lang, "province.subtotal", &[("name", &m.entry.name.as_str().into())]);
        summary(&mut h, ctx, &label, sub);
    }
    h.el("h2", &[], ctx.t("province.total"));
    summary(&mut h, ctx, ctx.t("province.total"), total);
    ctx.page(ctx.t("serve.nav_province"), Section::Status, h)
}

/// A subtotal line: products, with stars, completeness.
fn summary(h: &mut Html, ctx: &Ctx, label: &str, s: StatusSubtotal) {
    let lang = ctx.lang;
    let text = format!(
        "{label}: {}, {}, {} {}",
        fmt_count(lang, "province.products", s.products as u64, &[]),
        fmt_count(lang, "province.rated", s.rated as u64, &[]),
        tr(lang, "col.complete").to_lowercase(),
        complete(s.done, s.required)
    );
    h.el("p", &[("class", "subtotal")], &text);
}

/// Every commune's coming dates, one table per commune.
pub(crate) fn due(ctx: &Ctx, province: &str, groups: &[Group<'_, Due>], within: u32) -> String {
    let lang = ctx.lang;
    let mut h = Html::new();
    h.el("h1", &[], ctx.t("serve.due_title"));
    h.el("p", &[("class", "muted")], province);
    let header = due_header(lang);
    for g in groups {
        let m = g.member;
        commune_heading(&mut h, ctx, &m.entry.name, &m.key, g.state());
        if g.rows.is_empty() {
            h.el("p", &[("class", "muted")], &fmt_count(lang, "due.empty", u64::from(within), &[]));
            continue;
        }
        h.raw(r#"<div class="scroll"><table class="cards"><thead><tr>"#);
        for c in &header {
            h.el("th", &[("scope", "col")], c);
        }
        h.raw("</tr></thead><tbody>");
        for (d, cells) in g.rows.iter().zip(due_rows(lang, &g.rows)) {
            h.open("tr", &[("class", if d.overdue { "overdue" } else { "" })]);
            for (j, (c, label)) in cells.iter().zip(&header).enumerate() {
                h.open("td", &[("data-label", label)]);
                match (&d.product, j) {
                    (Some(id), 3) => {
                        h.link(&ctx.record_href("product", id.as_str()), &c.show(lang));
                    }
                    _ => {
                        h.text(&c.show(lang));
                    }
                }
                h.close("td");
            }
            h.close("tr");
        }
        h.raw("</tbody></table></div>");
    }
    ctx.page(ctx.t("serve.due_title"), Section::Due, h)
}
