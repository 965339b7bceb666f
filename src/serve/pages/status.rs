//! The status page: one row per product (as `ocop status`), a form that filters by
//! words and stage, and column headers that sort. Everything works without the script;
//! the script only filters while typing.

use crate::model::Stage;
use crate::render::labels;
use crate::rules::RuleBook;
use crate::serve::layout::{Ctx, Section};
use crate::serve::markup::Html;
use crate::status::StatusRow;

/// The columns the table sorts by, as the `sort` query value names them.
pub(crate) const SORTS: &[&str] = &["name", "producer", "stars", "expiry", "stage", "complete"];

/// What the form and the headers show as chosen.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shown {
    pub(crate) search: String,
    pub(crate) stage: Option<Stage>,
    pub(crate) sort: &'static str,
    pub(crate) descending: bool,
    /// Products in the tree before filtering.
    pub(crate) total: usize,
}

pub(crate) fn page(ctx: &Ctx, rows: &[StatusRow], book: &RuleBook, shown: &Shown) -> String {
    let lang = ctx.lang;
    let mut h = Html::new();
    h.el("h1", &[], ctx.t("serve.status_title"));
    form(&mut h, ctx, shown);
    h.open("p", &[("class", "muted")]);
    h.el("span", &[("id", "shown")], &rows.len().to_string());
    h.text(" / ").text(&shown.total.to_string()).text(" ").text(ctx.t("serve.products_shown"));
    h.close("p");
    if rows.is_empty() {
        h.el("p", &[], ctx.t("status.empty"));
        return ctx.page(ctx.t("serve.status_title"), Section::Status, h);
    }
    let sections = rows
        .iter()
        .find_map(|r| r.rule_set.as_deref().and_then(|id| book.get(id)))
        .map(|r| r.sections.clone())
        .unwrap_or_default();
    h.raw(r#"<div class="scroll">"#);
    h.open("table", &[("id", "status"), ("class", "cards")]);
    h.raw("<thead><tr>");
    let headers: [(&str, Option<&'static str>); 8] = [
        ("col.product", Some("name")),
        ("col.producer", Some("producer")),
        ("col.set", None),
        ("col.stars", Some("stars")),
        ("col.expiry", Some("expiry")),
        ("col.stage", Some("stage")),
        ("col.complete", Some("complete")),
        ("col.next", None),
    ];
    for (key, sort) in headers {
        h.open("th", &[("scope", "col")]);
        match sort {
            Some(s) => {
                let now = shown.sort == s;
                let descending = now && !shown.descending;
                let stage = shown.stage.map(|s| s.key()).unwrap_or_default();
                let dir = if descending { "desc" } else { "" };
                let href = ctx.href("/", &[("q", &shown.search), ("stage", stage), ("sort", s), ("dir", dir)]);
                let class = match (now, shown.descending) {
                    (false, _) => "",
                    (true, false) => "asc",
                    (true, true) => "desc",
                };
                h.el("a", &[("href", &href), ("class", class)], ctx.t(key));
            }
            None => {
                h.text(ctx.t(key));
            }
        }
        h.close("th");
    }
    h.raw("</tr></thead><tbody>");
    for r in rows {
        let producer = r.producer_name.clone().unwrap_or_else(|| format!("{} (?)", r.producer));
        let search = crate::text::search_key(&format!("{} {} {}", r.name, r.id, producer));
        h.open("tr", &[("data-search", &search)]);
        let label = |k: &str| ctx.t(k);
        h.open("td", &[("data-label", label("col.product"))]);
        h.link(&ctx.record_href("product", r.id.as_str()), &r.name);
        h.close("td");
        h.open("td", &[("data-label", label("col.producer"))]);
        h.link(&ctx.record_href("producer", &r.producer), &producer);
        h.close("td");
        h.el("td", &[("data-label", label("col.set")), ("class", "num")], &r.set.to_string());
        h.el("td", &[("data-label", label("col.stars"))], &r.stars.map_or("—".into(), labels::stars));
        let expiry = r.certificate.as_ref().map_or("—".into(), |c| labels::certificate(lang, c));
        let overdue = r.certificate.as_ref().is_some_and(|c| c.days_left < 0);
        h.el("td", &[("data-label", label("col.expiry")), ("class", if overdue { "bad" } else { "" })], &expiry);
        h.el("td", &[("data-label", label("col.stage"))], labels::stage(lang, r.stage));
        let complete = match crate::text::percent(r.done, r.required) {
            Some(p) => format!("{}/{} ({p}%)", r.done, r.required),
            None => "—".into(),
        };
        let by_section: Vec<String> = sections
            .iter()
            .filter_map(|s| {
                let c = r.sections.iter().find(|c| c.id == s.id)?;
                Some(format!("{} {}/{}", s.short.get(lang), c.done, c.required))
            })
            .collect();
        h.open("td", &[("data-label", label("col.complete")), ("title", &by_section.join(" · "))]);
        h.text(&complete).close("td");
        let rules = r.rule_set.as_deref().and_then(|id| book.get(id));
        h.el("td", &[("data-label", label("col.next"))], &labels::next_action(lang, rules, &r.next));
        h.close("tr");
    }
    h.raw("</tbody></table></div>");
    ctx.page(ctx.t("serve.status_title"), Section::Status, h)
}

/// The filter form alone (the province's roll-up draws it too).
pub(crate) fn search_form(ctx: &Ctx, shown: &Shown) -> Html {
    let mut h = Html::new();
    form(&mut h, ctx, shown);
    h
}

/// The filter form: words, stage, and the chosen sort kept in hidden fields.
fn form(h: &mut Html, ctx: &Ctx, shown: &Shown) {
    h.open("form", &[("class", "filter"), ("method", "get"), ("action", "/"), ("role", "search")]);
    h.open("label", &[("for", "q")]).text(ctx.t("serve.search"));
    h.open(
        "input",
        &[
            ("type", "search"),
            ("id", "q"),
            ("name", "q"),
            ("value", &shown.search),
            ("placeholder", ctx.t("serve.search_hint")),
            ("autocomplete", "off"),
        ],
    );
    h.close("label");
    h.open("label", &[("for", "stage")]).text(ctx.t("col.stage"));
    h.open("select", &[("id", "stage"), ("name", "stage")]);
    h.el("option", &[("value", "")], ctx.t("serve.all_stages"));
    for s in Stage::ALL {
        if shown.stage == Some(*s) {
            h.el("option", &[("value", s.key()), ("selected", "selected")], labels::stage(ctx.lang, *s));
        } else {
            h.el("option", &[("value", s.key())], labels::stage(ctx.lang, *s));
        }
    }
    h.close("select").close("label");
    if shown.sort != "name" {
        h.open("input", &[("type", "hidden"), ("name", "sort"), ("value", shown.sort)]);
    }
    if shown.descending {
        h.open("input", &[("type", "hidden"), ("name", "dir"), ("value", "desc")]);
    }
    if ctx.lang != ctx.default_lang {
        h.open("input", &[("type", "hidden"), ("name", "lang"), ("value", ctx.lang.code())]);
    }
    h.el("button", &[("type", "submit")], ctx.t("serve.search_button"));
    h.close("form");
}
