//! `rules` output: the rule sets, and one rule set's items with their applicability.

use super::Style;
use crate::i18n::{Lang, LocalText, fmt, tr};
use crate::rules::{ItemRule, RuleBook, RuleSet};
use comfy_table::Table;
use std::io::{self, Write};

fn table(style: Style) -> Table {
    super::table(style)
}

use super::labels::date;

pub fn list(out: &mut dyn Write, book: &RuleBook, style: Style) -> io::Result<()> {
    let lang = style.lang;
    let mut t = table(style);
    t.set_header(
        ["rules.id", "rules.title", "rules.effective", "rules.certificate", "rules.items"].map(|k| tr(lang, k)),
    );
    for s in book.sets.values() {
        let until = s.effective_until.map_or("…".to_string(), date);
        t.add_row(super::cells([
            s.id.clone(),
            s.title.get(lang).to_string(),
            format!("{} – {until}", date(s.effective_from)),
            fmt(lang, "rules.months", &[("months", &LocalText::plain(s.certificate_months.to_string()))]),
            s.items.len().to_string(),
        ]));
    }
    writeln!(out, "{t}")
}

/// The 26 product sets with their groups (`ocop rules sets`).
pub fn sets(out: &mut dyn Write, book: &RuleBook, style: Style) -> io::Result<()> {
    let lang = style.lang;
    let mut t = table(style);
    t.set_header(["rules.set", "rules.set_name", "rules.group"].map(|k| tr(lang, k)));
    for g in &book.groups {
        for s in &g.sets {
            t.add_row([s.id.to_string(), s.name.get(lang).to_string(), format!("{} {}", g.id, g.name.get(lang))]);
        }
    }
    writeln!(out, "{t}")
}

/// Where an item applies, in words: "all", "kinds: …", "groups: …", "except groups: …".
fn applies(lang: Lang, book: &RuleBook, item: &ItemRule) -> String {
    let a = &item.applies;
    let group_names = |ids: &[u8]| {
        ids.iter()
            .map(|id| book.groups.iter().find(|g| g.id == *id).map_or(id.to_string(), |g| g.name.get(lang).to_string()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sets = |ids: &[u8]| ids.iter().map(u8::to_string).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if !a.kinds.is_empty() {
        let kinds: Vec<&str> = a.kinds.iter().map(|k| super::labels::evaluation(lang, *k)).collect();
        parts.push(format!("{}: {}", tr(lang, "rules.kinds"), kinds.join(", ")));
    }
    if !a.groups.is_empty() {
        parts.push(format!("{}: {}", tr(lang, "rules.groups"), group_names(&a.groups)));
    }
    if !a.sets.is_empty() {
        parts.push(format!("{}: {}", tr(lang, "rules.sets"), sets(&a.sets)));
    }
    if !a.except_groups.is_empty() {
        parts.push(format!("{}: {}", tr(lang, "rules.except_groups"), group_names(&a.except_groups)));
    }
    if !a.except_sets.is_empty() {
        parts.push(format!("{}: {}", tr(lang, "rules.except_sets"), sets(&a.except_sets)));
    }
    if let Some(m) = a.min_stars {
        parts.push(format!("{} {}", tr(lang, "rules.min_stars"), super::labels::stars(m)));
    }
    if parts.is_empty() { tr(lang, "rules.all").to_string() } else { parts.join("; ") }
}

pub fn items(out: &mut dyn Write, set: &RuleSet, book: &RuleBook, style: Style) -> io::Result<()> {
    let lang = style.lang;
    writeln!(out, "{}", crate::safe::terminal(&format!("{} — {}", set.id, set.title.get(lang))))?;
    for doc in &set.legal_basis {
        writeln!(
            out,
            "  {}",
            crate::safe::terminal(&format!("{} ({}): {}", doc.code, date(doc.date.get()), doc.title.get(lang)))
        )?;
    }
    let w = set.reevaluation_window;
    writeln!(
        out,
        "{}",
        crate::safe::terminal(&fmt(
            lang,
            if w.is_none() { "rules.periods_no_window" } else { "rules.periods" },
            &[
                ("months", &LocalText::plain(set.certificate_months.to_string())),
                ("earliest", &LocalText::plain(w.earliest_days.to_string())),
                ("latest", &LocalText::plain(w.latest_days.to_string())),
                ("grace", &LocalText::plain(set.grace_days.to_string())),
                ("screening", &LocalText::plain(set.screening_working_days.to_string())),
            ]
        ))
    )?;
    let text = |s: &str| LocalText::plain(s);
    let g = &set.grace;
    let mut grace = Vec::new();
    if g.timely_filing {
        grace.push(tr(lang, "rules.grace_timely").to_string());
    }
    if let Some(d) = g.window_closed_before {
        grace.push(fmt(lang, "rules.grace_transition", &[("date", &text(&date(d.get())))]));
    }
    grace.push(fmt(lang, "rules.grace_never", &[("source", &text(&g.source))]));
    writeln!(out, "{}", grace.join("; "))?;
    let moves = |b: bool| LocalText::key(if b { "rules.day_off_moves" } else { "rules.day_off_stays" }, &[]);
    let day_off = [
        ("window", &moves(set.day_off.window_close)),
        ("validity", &moves(set.day_off.validity_end)),
        ("source", &text(&set.day_off.source)),
    ];
    writeln!(out, "{}", fmt(lang, "rules.day_off", &day_off))?;
    if let Some(t) = &set.old_rules_transition {
        let days = |n: u32| text(&n.to_string());
        let args = [
            ("first", &days(t.first_days)),
            ("upgrade", &days(t.upgrade_days)),
            ("reevaluation", &days(t.reevaluation_days)),
            ("source", &text(&t.source)),
        ];
        writeln!(out, "{}", fmt(lang, "rules.old_rules", &args))?;
    }
    let mut t = table(style);
    t.set_header(
        ["rules.item", "rules.section", "rules.name", "rules.applies", "rules.validity", "rules.source"]
            .map(|k| tr(lang, k)),
    );
    for item in &set.items {
        let section = set.section(&item.section).map_or(item.section.clone(), |s| s.short.get(lang).to_string());
        let validity = item
            .validity_months
            .map_or("—".to_string(), |m| fmt(lang, "rules.months", &[("months", &LocalText::plain(m.to_string()))]));
        t.add_row(super::cells([
            item.id.clone(),
            section,
            item.name.get(lang).to_string(),
            applies(lang, book, item),
            validity,
            item.source.clone(),
        ]));
    }
    writeln!(out, "{t}")
}
