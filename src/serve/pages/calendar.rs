//! The pages over time: the `due` calendar, the quarterly and yearly report (drawn by the
//! report's own HTML renderer) and the changes between two git revisions (the outline
//! `ocop diff` prints).

use crate::due::Due;
use crate::render::report::doc::{Doc, due_header, due_rows};
use crate::report::Report;
use crate::serve::layout::{Ctx, Section};
use crate::serve::markup::Html;

/// The `due` calendar: overdue first, then the next `within` days.
pub(crate) fn due(ctx: &Ctx, dues: &[Due], within: u32) -> String {
    let lang = ctx.lang;
    let mut h = Html::new();
    h.el("h1", &[], ctx.t("serve.due_title"));
    h.open("form", &[("class", "filter"), ("method", "get"), ("action", "/due")]);
    h.open("label", &[("for", "within")]).text(ctx.t("serve.within_days"));
    let within_text = within.to_string();
    h.open(
        "input",
        &[
            ("type", "number"),
            ("id", "within"),
            ("name", "within"),
            ("min", "0"),
            ("max", "3660"),
            ("value", &within_text),
        ],
    );
    h.close("label");
    lang_field(&mut h, ctx);
    h.el("button", &[("type", "submit")], ctx.t("serve.show_button"));
    h.close("form");
    if dues.is_empty() {
        h.el("p", &[], &crate::i18n::fmt_count(lang, "due.empty", u64::from(within), &[]));
        return ctx.page(ctx.t("serve.due_title"), Section::Due, h);
    }
    let header = due_header(lang);
    h.raw(r#"<div class="scroll"><table class="cards" id="due"><thead><tr>"#);
    for c in &header {
        h.el("th", &[("scope", "col")], c);
    }
    h.raw("</tr></thead><tbody>");
    for (d, cells) in dues.iter().zip(due_rows(lang, dues)) {
        h.open("tr", &[("class", if d.overdue { "overdue" } else { "" })]);
        for (j, (c, label)) in cells.iter().zip(&header).enumerate() {
            let class = if j == 1 { "num" } else { "" };
            h.open("td", &[("data-label", label), ("class", class)]);
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
    ctx.page(ctx.t("serve.due_title"), Section::Due, h)
}

/// A hidden `lang` field, so a form keeps a language that is not the default.
fn lang_field(h: &mut Html, ctx: &Ctx) {
    if ctx.lang != ctx.default_lang {
        h.open("input", &[("type", "hidden"), ("name", "lang"), ("value", ctx.lang.code())]);
    }
}

/// The period chooser above a report.
pub(crate) fn report_form(ctx: &Ctx, period: &str) -> Html {
    let mut h = Html::new();
    h.open("form", &[("class", "filter"), ("method", "get"), ("action", "/report")]);
    h.open("label", &[("for", "period")]).text(ctx.t("serve.period")).text(" ");
    h.open(
        "input",
        &[("id", "period"), ("name", "period"), ("value", period), ("placeholder", "2026-Q3, 2026"), ("size", "10")],
    );
    h.close("label");
    lang_field(&mut h, ctx);
    h.el("button", &[("type", "submit")], ctx.t("serve.show_button"));
    h.close("form");
    h
}

/// The report as `report --format html` draws it, its style linked instead of inline,
/// the navigation and the period chooser above it.
pub(crate) fn report(ctx: &Ctx, layout: &Doc, report: &Report, period: &str) -> Vec<u8> {
    let mut before = ctx.nav(Section::Report);
    before.part(report_form(ctx, period));
    let before = before.finish();
    let frame = crate::render::report::html::Frame {
        stylesheets: &["/static/report.css", "/static/report-nav.css"],
        before: &before,
    };
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = crate::render::report::html::html_framed(&mut out, layout, report, &frame);
    out
}

/// The changes between two revisions, as the outline `ocop diff` prints.
pub(crate) fn diff(ctx: &Ctx, from: &str, to: &str, lines: &[(usize, String)]) -> String {
    let mut h = Html::new();
    h.el("h1", &[], ctx.t("serve.diff_title"));
    diff_form(&mut h, ctx, from, to);
    let mut depth_open = 0;
    for (n, (depth, line)) in lines.iter().enumerate() {
        while depth_open > *depth {
            h.raw("</ul>");
            depth_open -= 1;
        }
        match depth {
            0 if n == 0 => {
                h.el("p", &[("class", "muted")], line);
            }
            0 => {
                h.el("h2", &[], line);
            }
            d => {
                while depth_open < *d {
                    h.raw(r#"<ul class="outline">"#);
                    depth_open += 1;
                }
                h.el("li", &[], line);
            }
        }
    }
    while depth_open > 0 {
        h.raw("</ul>");
        depth_open -= 1;
    }
    ctx.page(ctx.t("serve.diff_title"), Section::Diff, h)
}

pub(crate) fn diff_form(h: &mut Html, ctx: &Ctx, from: &str, to: &str) {
    h.open("form", &[("class", "filter"), ("method", "get"), ("action", "/diff")]);
    h.open("label", &[("for", "from")]).text(ctx.t("serve.diff_from"));
    h.open("input", &[("id", "from"), ("name", "from"), ("value", from), ("placeholder", "HEAD")]);
    h.close("label");
    h.open("label", &[("for", "to")]).text(ctx.t("serve.diff_to"));
    h.open("input", &[("id", "to"), ("name", "to"), ("value", to), ("placeholder", ctx.t("diff.working_tree"))]);
    h.close("label");
    lang_field(h, ctx);
    h.el("button", &[("type", "submit")], ctx.t("serve.show_button"));
    h.close("form");
}
