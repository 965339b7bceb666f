//! What every page shares: the language and how links keep it, the head, the navigation
//! bar with the language switch, and the error page.

use super::markup::{Html, encode, encode_path};
use crate::i18n::{Lang, tr};
use std::collections::BTreeMap;

/// The request's language and what links need to keep it.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub(crate) lang: Lang,
    /// The language a link without `lang=` gets.
    pub(crate) default_lang: Lang,
    /// The commune's name, for the title bar.
    pub(crate) commune: String,
    /// This page's path and query (without `lang`), for the language switch.
    pub(crate) path: String,
    pub(crate) query: BTreeMap<String, String>,
    /// True when the tree is in a git repository (the changes page exists).
    pub(crate) git: bool,
    /// True when the tree is a province tree (the roll-up page exists).
    pub(crate) province: bool,
    /// On a page of one commune of a province: the commune's key, which qualifies the
    /// ids in links (`/product/viet-khe/mat-ong`), and its folder, which evidence paths
    /// start from.
    pub(crate) commune_key: Option<String>,
    pub(crate) commune_path: Option<String>,
}

/// The sections of the navigation bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Status,
    Due,
    Report,
    Diff,
    Other,
}

impl Ctx {
    pub(crate) fn t(&self, key: &str) -> &'static str {
        tr(self.lang, key)
    }

    /// A link to `path` with `query`, keeping the language when it is not the default.
    pub(crate) fn href(&self, path: &str, query: &[(&str, &str)]) -> String {
        self.href_in(self.lang, path, query)
    }

    /// The page of a product or producer (`kind`), its id qualified by the commune on a
    /// province's commune page.
    pub(crate) fn record_href(&self, kind: &str, id: &str) -> String {
        let id = match &self.commune_key {
            Some(key) => format!("{key}/{id}"),
            None => id.to_string(),
        };
        self.href(&format!("/{kind}/{}", encode_path(&id)), &[])
    }

    /// The address of an evidence file a record names, from the path `check` reads in
    /// it (`./` dropped, `\` read as `/`, NFC); None when that path cannot be inside the
    /// tree (E011), so no link is drawn to what would be refused.
    pub(crate) fn evidence_href(&self, evidence: &str) -> Option<String> {
        let rel = crate::evidence::relative(evidence).ok()?;
        Some(match &self.commune_path {
            Some(dir) => format!("/evidence/{}/{}", encode_path(dir.trim_end_matches('/')), encode_path(&rel)),
            None => format!("/evidence/{}", encode_path(&rel)),
        })
    }

    fn href_in(&self, lang: Lang, path: &str, query: &[(&str, &str)]) -> String {
        let mut pairs: Vec<String> =
            query.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        if lang != self.default_lang {
            pairs.push(format!("lang={}", lang.code()));
        }
        if pairs.is_empty() { path.to_string() } else { format!("{path}?{}", pairs.join("&")) }
    }

    /// This page in the other language.
    fn switch(&self) -> (String, &'static str) {
        let other = if self.lang == Lang::Vi { Lang::En } else { Lang::Vi };
        let query: Vec<(&str, &str)> =
            self.query.iter().filter(|(k, _)| k.as_str() != "lang").map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let label = if other == Lang::En { "English" } else { "Tiếng Việt" };
        (self.href_in(other, &self.path, &query), label)
    }

    /// The navigation bar.
    pub(crate) fn nav(&self, current: Section) -> Html {
        let mut h = Html::new();
        h.open("nav", &[("class", "top"), ("aria-label", self.t("serve.nav"))]);
        h.el("span", &[("class", "commune")], &self.commune);
        // On a province tree the first page is the roll-up.
        let first = if self.province { "serve.nav_province" } else { "serve.nav_status" };
        let mut entries = vec![
            (Section::Status, "/", first),
            (Section::Due, "/due", "serve.nav_due"),
            (Section::Report, "/report", "serve.nav_report"),
        ];
        if self.git {
            entries.push((Section::Diff, "/diff", "serve.nav_diff"));
        }
        for (section, path, key) in entries {
            let href = self.href(path, &[]);
            let class = if section == current { "current" } else { "" };
            h.el("a", &[("href", &href), ("class", class)], self.t(key));
        }
        let (href, label) = self.switch();
        let code = if self.lang == Lang::Vi { "en" } else { "vi" };
        h.el("a", &[("href", &href), ("hreflang", code), ("lang", code)], label);
        h.close("nav");
        h
    }

    /// A whole page: head, navigation, `body` inside `<main>`.
    pub(crate) fn page(&self, title: &str, current: Section, body: Html) -> String {
        let mut h = Html::new();
        h.raw("<!DOCTYPE html>\n");
        h.open("html", &[("lang", self.lang.code())]);
        h.raw(r#"<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">"#);
        h.raw(r#"<meta name="referrer" content="no-referrer">"#);
        h.open("title", &[]).text(title).text(" — ").text(&self.commune).close("title");
        h.raw(r#"<link rel="stylesheet" href="/static/app.css">"#);
        h.raw(r#"<script src="/static/app.js" defer></script>"#);
        h.raw("</head>\n<body>");
        h.part(self.nav(current));
        h.raw("<main>");
        h.part(body);
        h.raw("</main>");
        h.el("footer", &[("class", "page")], self.t("serve.footer"));
        h.raw("</body></html>\n");
        h.finish()
    }

    /// A page that says what went wrong, for a status code.
    pub(crate) fn error_page(&self, title_key: &str, detail: &str) -> String {
        let mut body = Html::new();
        body.open("div", &[("class", "error-page")]);
        body.el("h1", &[], self.t(title_key));
        if !detail.is_empty() {
            body.el("p", &[], detail);
        }
        let home = self.href("/", &[]);
        body.open("p", &[]).link(&home, self.t("serve.back_home")).close("p");
        body.close("div");
        self.page(self.t(title_key), Section::Other, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(lang: Lang) -> Ctx {
        Ctx {
            lang,
            default_lang: Lang::Vi,
            commune: "Việt Khê".into(),
            path: "/".into(),
            query: BTreeMap::from([("q".into(), "mật ong".into()), ("lang".into(), "en".into())]),
            git: false,
            province: false,
            commune_key: None,
            commune_path: None,
        }
    }

    #[test]
    fn links_keep_a_language_that_is_not_the_default() {
        assert_eq!(ctx(Lang::Vi).href("/due", &[]), "/due");
        assert_eq!(ctx(Lang::En).href("/due", &[("within", "30")]), "/due?within=30&lang=en");
        assert_eq!(ctx(Lang::En).switch(), ("/?q=m%E1%BA%ADt%20ong".to_string(), "Tiếng Việt"));
        assert_eq!(ctx(Lang::Vi).switch().0, "/?q=m%E1%BA%ADt%20ong&lang=en");
    }
}
