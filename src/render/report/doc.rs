//! The report laid out once, in the reader's language, as headings, paragraphs, lists
//! and tables of typed cells. The text, Markdown, HTML, Word and Excel renderers draw
//! this same layout, so every format carries the same numbers.

use crate::due::Due;
use crate::i18n::{Lang, LocalText, fmt, fmt_count, tr};
use crate::period::{PeriodKind, Quarter};
use crate::report::Report;
use crate::rules::RuleBook;
use chrono::NaiveDate;

/// A table cell with its type, so Excel gets real numbers and dates.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// VND.
    Money(u64),
    Date(NaiveDate),
    /// Whole percent.
    Percent(u32),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// The cell as text in `lang` (thousands separated the local way).
    pub fn show(&self, lang: Lang) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Money(n) => money(lang, *n),
            Cell::Date(d) => date(*d),
            Cell::Percent(p) => format!("{p}%"),
            Cell::Empty => String::new(),
        }
    }
}

/// "12.000.000" in Vietnamese, "12,000,000" in English.
pub fn money(lang: Lang, n: u64) -> String {
    let sep = if lang == Lang::Vi { '.' } else { ',' };
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

pub use crate::render::labels::date;

#[derive(Debug, Clone)]
pub struct Table {
    /// Stable id, also the Excel sheet it lands on.
    pub id: &'static str,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// A closing "total" row.
    pub total: Option<Vec<Cell>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    Targets,
    Completeness,
    Sections,
}

#[derive(Debug, Clone)]
pub enum Block {
    Heading(String),
    Subheading(String),
    Para(String),
    Bullets(Vec<String>),
    Table(Table),
    Chart(Chart),
}

/// The laid-out report.
#[derive(Debug, Clone)]
pub struct Doc {
    pub lang: Lang,
    pub title: String,
    pub subtitle: String,
    pub intro: String,
    pub blocks: Vec<Block>,
    /// The closing sentence, ending in "./." as Vietnamese documents do.
    pub closing: String,
}

/// The "Nơi nhận" lines as a document writes them: each ends in ";" and the last in
/// ".", whatever punctuation the plan's lines already carry.
pub fn recipient_lines(lines: &[String]) -> Vec<String> {
    let n = lines.len();
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let bare = l.trim().trim_end_matches([';', '.', ',']).trim_end();
            format!("{bare}{}", if i + 1 == n { "." } else { ";" })
        })
        .collect()
}

pub(super) fn t(lang: Lang, key: &str) -> String {
    tr(lang, &format!("report.{key}")).to_string()
}

pub(super) fn f(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let owned: Vec<(&str, LocalText)> = args.iter().map(|(k, v)| (*k, LocalText::plain(v.clone()))).collect();
    let refs: Vec<(&str, &LocalText)> = owned.iter().map(|(k, v)| (*k, v)).collect();
    fmt(lang, &format!("report.{key}"), &refs)
}

/// `n` things in `lang`, singular or plural: "1 activity", "2 activities".
pub(super) fn n(lang: Lang, key: &str, count: usize, args: &[(&str, String)]) -> String {
    let owned: Vec<(&str, LocalText)> = args.iter().map(|(k, v)| (*k, LocalText::plain(v.clone()))).collect();
    let refs: Vec<(&str, &LocalText)> = owned.iter().map(|(k, v)| (*k, v)).collect();
    fmt_count(lang, key, u64::try_from(count).unwrap_or(u64::MAX), &refs)
}

/// A catalogue message about quarter `q`: `{quarter}` is written the way each language
/// writes it (III in Vietnamese, 3 in English), `{year}` is the year.
pub(super) fn with_quarter(lang: Lang, key: &str, q: Quarter, more: &[(&str, &LocalText)]) -> String {
    let quarter = LocalText { vi: q.roman().into(), en: q.q.to_string() };
    let year = LocalText::plain(q.year.to_string());
    let mut args = vec![("quarter", &quarter), ("year", &year)];
    args.extend_from_slice(more);
    fmt(lang, key, &args)
}

/// "Kết quả …" → "kết quả …", to continue a sentence.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}

/// A quarter for people: "Quý III/2026", "Q3 2026". Scripts get `2026-Q3`.
pub fn quarter(lang: Lang, q: Quarter) -> String {
    with_quarter(lang, "report.quarter", q, &[])
}

/// "Kết quả thực hiện Chương trình OCOP quý III/2026 trên địa bàn xã …".
pub fn subtitle(r: &Report, lang: Lang) -> String {
    let p = province_suffix(r);
    match r.period.kind {
        PeriodKind::Quarter { year, quarter } => with_quarter(
            lang,
            &format!("report.subtitle_quarter{p}"),
            Quarter { year, q: quarter },
            &[("commune", &LocalText::plain(r.commune.clone()))],
        ),
        PeriodKind::Year { year } => {
            f(lang, &format!("subtitle_year{p}"), &[("year", year.to_string()), ("commune", r.commune.clone())])
        }
        PeriodKind::Range => f(
            lang,
            &format!("subtitle_range{p}"),
            &[("from", date(r.period.from)), ("to", date(r.period.to)), ("commune", r.commune.clone())],
        ),
    }
}

/// `_province` for a province's report, whose sentences name the province and say the
/// figures are added up from the communes; nothing for a commune's.
fn province_suffix(r: &Report) -> &'static str {
    if r.communes.is_empty() { "" } else { "_province" }
}

/// How far off a date is, the same way everywhere people read it: "quá hạn 20 ngày",
/// "hôm nay", "còn 30 ngày". Scripts get the signed number of days.
pub fn days(lang: Lang, days: i64) -> String {
    let count = days.unsigned_abs();
    match days {
        0 => tr(lang, "due.today").to_string(),
        d if d < 0 => fmt_count(lang, "due.days_overdue", count, &[]),
        _ => fmt_count(lang, "due.days_left", count, &[]),
    }
}

fn due_text(lang: Lang, d: &Due) -> String {
    let what = tr(lang, &format!("due_kind.{}", d.kind.key())).to_string();
    match &d.subject {
        Some(s) => format!("{what}: {}", s.get(lang)),
        None => what,
    }
}

/// One row per due date: date, how far off, what, product.
pub fn due_rows(lang: Lang, dues: &[Due]) -> Vec<Vec<Cell>> {
    dues.iter()
        .map(|d| {
            vec![
                Cell::Date(d.date),
                Cell::text(days(lang, d.days)),
                Cell::text(due_text(lang, d)),
                Cell::text(d.product_name.clone().unwrap_or_default()),
            ]
        })
        .collect()
}

pub fn due_header(lang: Lang) -> Vec<String> {
    ["col_date", "col_days", "col_what", "col_product"].iter().map(|k| t(lang, k)).collect()
}

/// The rule books a report's labels come from: the tree's own, and in a province's
/// report each commune's (its own rules overrides), by the commune's folder name.
pub struct Books<'a> {
    pub own: &'a RuleBook,
    pub communes: std::collections::BTreeMap<&'a str, &'a RuleBook>,
}

impl<'a> Books<'a> {
    /// A commune's report: its one rule book.
    pub fn one(own: &'a RuleBook) -> Books<'a> {
        Books { own, communes: std::collections::BTreeMap::new() }
    }

    /// A province's report: the province's rules, and each loaded commune's own.
    pub fn province(p: &'a crate::province::Province) -> Books<'a> {
        Books { own: &p.catalog.rules, communes: p.ready().map(|(m, t)| (m.key.as_str(), &t.catalog.rules)).collect() }
    }

    /// The rules of the commune in folder `commune` (a province's row), else the tree's.
    pub fn of(&self, commune: Option<&str>) -> &'a RuleBook {
        commune.and_then(|k| self.communes.get(k).copied()).unwrap_or(self.own)
    }
}

/// What every section reads: the computed report, the rule books and the language.
pub struct Ctx<'a> {
    pub r: &'a Report,
    pub books: &'a Books<'a>,
    pub lang: Lang,
}

/// Lays the report out in `lang`: the sections of `sections::ALL`, in order.
pub fn layout(r: &Report, books: &Books<'_>, lang: Lang) -> Doc {
    let cx = Ctx { r, books, lang };
    let p = province_suffix(r);
    let blocks = super::sections::ALL.iter().flat_map(|section| section(&cx)).collect();
    let day = [("date", date(r.as_of))];
    let clause = f(lang, if r.closed { "as_of_clause" } else { "as_of_today_clause" }, &day);
    let commune = ("commune", r.commune.clone());
    let intro = match (&r.plan_title, &r.plan_number) {
        (Some(title), Some(n)) => {
            let subject = title.strip_prefix("Kế hoạch ").map_or_else(|| title.clone(), lower_first);
            let issued = r.plan_issued.map(|d| f(lang, "issued", &[("date", date(d))])).unwrap_or_default();
            let args = [
                ("number", n.clone()),
                ("issued", issued),
                ("subject", subject),
                ("plan", title.clone()),
                commune,
                ("as_of", clause),
            ];
            f(lang, &format!("intro_numbered{p}"), &args)
        }
        (Some(title), None) => f(lang, &format!("intro{p}"), &[("plan", title.clone()), commune, ("as_of", clause)]),
        _ => f(lang, &format!("{}{p}", if r.closed { "as_of" } else { "as_of_today" }), &day),
    };
    let subtitle = subtitle(r, lang);
    // Vietnamese continues the sentence in lower case; English keeps "OCOP …" as it is.
    let what = if lang == Lang::Vi { lower_first(&subtitle) } else { subtitle.clone() };
    let closing = f(lang, "closing", &[("what", what)]);
    Doc { lang, title: t(lang, "title"), subtitle, intro, blocks, closing }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_the_same_in_every_human_format() {
        assert_eq!(days(Lang::Vi, -20), "quá hạn 20 ngày");
        assert_eq!(days(Lang::Vi, 0), "hôm nay");
        assert_eq!(days(Lang::Vi, 30), "còn 30 ngày");
        assert_eq!(days(Lang::En, -1), "1 day overdue");
        assert_eq!(days(Lang::En, -20), "20 days overdue");
        assert_eq!(days(Lang::En, 0), "today");
        assert_eq!(days(Lang::En, 1), "in 1 day");
    }

    #[test]
    fn quarters_read_the_way_each_language_writes_them() {
        let q = Quarter { year: 2026, q: 3 };
        assert_eq!(quarter(Lang::Vi, q), "Quý III/2026");
        assert_eq!(quarter(Lang::En, q), "Q3 2026");
        assert_eq!(with_quarter(Lang::Vi, "report.h_next", q.next(), &[]), "VII. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV/2026");
        assert_eq!(with_quarter(Lang::En, "report.h_next", q.next(), &[]), "VII. DIRECTIONS AND TASKS FOR Q4 2026");
    }

    #[test]
    fn recipients_end_in_one_semicolon_and_a_full_stop() {
        let lines = ["Sở Nông nghiệp;", "Lưu: VT.", "CT UBND xã"].map(String::from);
        assert_eq!(recipient_lines(&lines), ["Sở Nông nghiệp;", "Lưu: VT;", "CT UBND xã."]);
    }
}
