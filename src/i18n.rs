//! The message catalogue: every user-facing string, in Vietnamese and English, kept as
//! data in `locales/*.toml` and looked up by key.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The language output is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

/// A text given in both languages, as rule data and localised arguments carry it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LocalText {
    pub vi: String,
    pub en: String,
}

impl LocalText {
    /// The same text in both languages (names, numbers, paths).
    pub fn plain(s: impl Into<String>) -> Self {
        let s = s.into();
        LocalText { vi: s.clone(), en: s }
    }

    /// Both languages' forms of a catalogue message.
    pub fn key(key: &str, args: &[(&str, &LocalText)]) -> Self {
        LocalText { vi: fmt(Lang::Vi, key, args), en: fmt(Lang::En, key, args) }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En if self.en.is_empty() => &self.vi,
            Lang::En => &self.en,
        }
    }
}

type Catalogue = BTreeMap<String, String>;

fn parse(src: &str) -> Catalogue {
    // The catalogues are embedded and checked by the unit tests below, so a parse failure
    // here is a build defect, not a user error.
    let table: toml::Table = toml::from_str(src).unwrap_or_default();
    let mut out = Catalogue::new();
    flatten("", &table, &mut out);
    out
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut Catalogue) {
    for (k, v) in table {
        let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}

fn catalogue(lang: Lang) -> &'static Catalogue {
    static VI: OnceLock<Catalogue> = OnceLock::new();
    static EN: OnceLock<Catalogue> = OnceLock::new();
    match lang {
        Lang::Vi => VI.get_or_init(|| parse(include_str!("../locales/vi.toml"))),
        Lang::En => EN.get_or_init(|| parse(include_str!("../locales/en.toml"))),
    }
}

/// The message for `key`; a missing key shows itself, so a gap is visible, not silent.
pub fn tr(lang: Lang, key: &str) -> &'static str {
    match catalogue(lang).get(key) {
        Some(s) => s.as_str(),
        None => match catalogue(Lang::Vi).get(key) {
            Some(s) => s.as_str(),
            None => "?",
        },
    }
}

/// The message for `key` in `lang` alone, when the catalogue has it.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    catalogue(lang).get(key).map(String::as_str)
}

/// The message for `key` with `{name}` placeholders filled from `args`.
pub fn fmt(lang: Lang, key: &str, args: &[(&str, &LocalText)]) -> String {
    let mut out = tr(lang, key).to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value.get(lang));
    }
    out
}

/// The catalogue key for a message about `n` things: `{key}_one` when `n` is 1, else
/// `{key}_other`. Both forms are in every catalogue (the same text in Vietnamese, which
/// does not inflect), so English can say "1 item" and "2 items".
pub fn plural_key(key: &str, n: u64) -> String {
    format!("{key}_{}", if n == 1 { "one" } else { "other" })
}

/// The message about `n` things, with `{count}` set to `n` and the other placeholders
/// from `args`.
pub fn fmt_count(lang: Lang, key: &str, n: u64, args: &[(&str, &LocalText)]) -> String {
    let count = LocalText::plain(n.to_string());
    let mut all = vec![("count", &count)];
    all.extend_from_slice(args);
    fmt(lang, &plural_key(key, n), &all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(s: &str) -> BTreeSet<&str> {
        s.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(name, _)| name)).collect()
    }

    #[test]
    fn catalogues_parse_and_have_the_same_keys() {
        let vi = parse(include_str!("../locales/vi.toml"));
        let en = parse(include_str!("../locales/en.toml"));
        assert!(vi.len() > 50, "the Vietnamese catalogue did not parse");
        let vi_keys: BTreeSet<_> = vi.keys().collect();
        let en_keys: BTreeSet<_> = en.keys().collect();
        assert_eq!(vi_keys.difference(&en_keys).collect::<Vec<_>>(), Vec::<&&String>::new());
        assert_eq!(en_keys.difference(&vi_keys).collect::<Vec<_>>(), Vec::<&&String>::new());
        for (k, v) in &vi {
            assert_eq!(placeholders(v), placeholders(&en[k]), "placeholders differ for {k}");
        }
    }

    #[test]
    fn plural_forms_come_in_pairs() {
        for lang in [Lang::Vi, Lang::En] {
            for k in catalogue(lang).keys() {
                if let Some(stem) = k.strip_suffix("_one") {
                    assert!(catalogue(lang).contains_key(&format!("{stem}_other")), "{k} without _other");
                }
                if let Some(stem) = k.strip_suffix("_other") {
                    assert!(catalogue(lang).contains_key(&format!("{stem}_one")), "{k} without _one");
                }
            }
        }
        assert_eq!(fmt_count(Lang::En, "report.activities", 1, &[]), "1 activity");
        assert_eq!(fmt_count(Lang::En, "report.activities", 2, &[]), "2 activities");
        assert_eq!(fmt_count(Lang::Vi, "report.activities", 1, &[]), "1 hoạt động");
    }

    #[test]
    fn formats_placeholders_in_each_language() {
        let s = fmt(Lang::Vi, "diag.E009.message", &[("producer", &LocalText::plain("htx-x"))]);
        assert!(s.contains("htx-x"));
        assert!(!s.contains('{'));
    }

    /// Every literal key passed to the catalogue in `src/` (`tr(lang, "…")`,
    /// `fmt(lang, "…", …)`, `UserError::usage("…", …)`, `LocalText::key("…", …)`, …)
    /// exists in both languages; `_one`/`_other` pairs count under their stem.
    #[test]
    fn every_key_used_in_the_source_exists_in_both_languages() {
        let calls = ["tr(", "fmt(", "fmt_count(", "usage(", "LocalText::key(", "path_error(", "status_line("];
        let mut missing = Vec::new();
        let mut seen = 0;
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).expect("source");
            for call in calls {
                for (at, _) in text.match_indices(call) {
                    // The first string literal among the call's first two arguments.
                    let args = &text[at + call.len()..];
                    let args = &args[..args.find(')').unwrap_or(args.len()).min(160)];
                    let Some(start) = args.find('"') else { continue };
                    if args[..start].matches(',').count() > 1 {
                        continue;
                    }
                    let rest = &args[start + 1..];
                    let Some(end) = rest.find('"') else { continue };
                    let key = &rest[..end];
                    let looks_like_key = key.contains('.')
                        && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._".contains(c))
                        || key.starts_with("diag.E")
                        || key.starts_with("diag.W");
                    if !looks_like_key {
                        continue;
                    }
                    seen += 1;
                    for lang in [Lang::Vi, Lang::En] {
                        let c = catalogue(lang);
                        let known = c.contains_key(key) || c.contains_key(&format!("{key}_one"));
                        if !known {
                            missing.push(format!("{}: {key} ({lang:?})", entry.path().display()));
                        }
                    }
                }
            }
        }
        assert!(seen > 100, "the scan found only {seen} keys: the patterns are stale");
        assert!(missing.is_empty(), "keys used in src/ but missing from locales/:\n{}", missing.join("\n"));
    }
}
