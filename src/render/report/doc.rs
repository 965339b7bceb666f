//! The report laid out once, in the reader's language, as headings, paragraphs, lists
//! and tables of typed cells. The text, Markdown, HTML, Word and Excel renderers draw
//! this same layout, so every format carries the same numbers.

use crate::due::Due;
use crate::i18n::{Lang, LocalText, fmt, fmt_count, tr};
use crate::period::{PeriodKind, Quarter};
use crate::render::labels;
use crate::report::{Changes, Report};
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

pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

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
}

fn t(lang: Lang, key: &str) -> String {
    tr(lang, &format!("report.{key}")).to_string()
}

fn f(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let owned: Vec<(&str, LocalText)> = args.iter().map(|(k, v)| (*k, LocalText::plain(v.clone()))).collect();
    let refs: Vec<(&str, &LocalText)> = owned.iter().map(|(k, v)| (*k, v)).collect();
    fmt(lang, &format!("report.{key}"), &refs)
}

/// `n` things in `lang`, singular or plural: "1 activity", "2 activities".
fn n(lang: Lang, key: &str, count: usize, args: &[(&str, String)]) -> String {
    let owned: Vec<(&str, LocalText)> = args.iter().map(|(k, v)| (*k, LocalText::plain(v.clone()))).collect();
    let refs: Vec<(&str, &LocalText)> = owned.iter().map(|(k, v)| (*k, v)).collect();
    fmt_count(lang, key, u64::try_from(count).unwrap_or(u64::MAX), &refs)
}

/// A catalogue message about quarter `q`: `{quarter}` is written the way each language
/// writes it (III in Vietnamese, 3 in English), `{year}` is the year.
fn with_quarter(lang: Lang, key: &str, q: Quarter, more: &[(&str, &LocalText)]) -> String {
    let quarter = LocalText { vi: q.roman().into(), en: q.q.to_string() };
    let year = LocalText::plain(q.year.to_string());
    let mut args = vec![("quarter", &quarter), ("year", &year)];
    args.extend_from_slice(more);
    fmt(lang, key, &args)
}

/// A quarter for people: "Quý III/2026", "Q3 2026". Scripts get `2026-Q3`.
pub fn quarter(lang: Lang, q: Quarter) -> String {
    with_quarter(lang, "report.quarter", q, &[])
}

/// "Kết quả thực hiện Chương trình OCOP quý III/2026 trên địa bàn xã …".
pub fn subtitle(r: &Report, lang: Lang) -> String {
    match r.period.kind {
        PeriodKind::Quarter { year, quarter } => with_quarter(
            lang,
            "report.subtitle_quarter",
            Quarter { year, q: quarter },
            &[("commune", &LocalText::plain(r.commune.clone()))],
        ),
        PeriodKind::Year { year } => {
            f(lang, "subtitle_year", &[("year", year.to_string()), ("commune", r.commune.clone())])
        }
        PeriodKind::Range => f(
            lang,
            "subtitle_range",
            &[("from", date(r.period.from)), ("to", date(r.period.to)), ("commune", r.commune.clone())],
        ),
    }
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

fn changes_text(lang: Lang, r: &Report, c: &Changes) -> String {
    let mut parts = Vec::new();
    for s in &c.stages {
        parts.push(f(lang, "change_stage", &[("stage", labels::stage(lang, s.stage).into()), ("date", date(s.date))]));
    }
    if !c.items_completed.is_empty() {
        let names: Vec<String> = c
            .items_completed
            .iter()
            .map(|id| r.items.iter().find(|i| &i.id == id).map_or(id.clone(), |i| i.name.get(lang).to_string()))
            .collect();
        parts.push(n(lang, "report.change_items", names.len(), &[("items", names.join("; "))]));
    }
    for m in &c.certificates_issued {
        parts.push(f(
            lang,
            "change_cert_issued",
            &[("stars", m.stars.to_string()), ("decision", m.decision.clone()), ("date", date(m.date))],
        ));
    }
    for m in &c.certificates_expired {
        parts.push(f(lang, "change_cert_expired", &[("stars", m.stars.to_string()), ("date", date(m.date))]));
    }
    if parts.is_empty() { t(lang, "no_changes") } else { parts.join("; ") }
}

/// Lays the report out in `lang`.
pub fn layout(r: &Report, book: &RuleBook, lang: Lang) -> Doc {
    let mut blocks = Vec::new();
    let as_of = f(lang, "as_of", &[("date", date(r.as_of))]);
    let milestone_table = |id, ms: &[crate::report::MilestoneRow]| Table {
        id,
        header: vec![t(lang, "col_quarter"), t(lang, "col_task"), t(lang, "col_departments")],
        rows: ms
            .iter()
            .map(|m| {
                let when = Quarter::parse(&m.quarter).map_or_else(|| m.quarter.clone(), |q| quarter(lang, q));
                vec![Cell::text(when), Cell::text(m.task.clone()), Cell::text(m.departments.join(", "))]
            })
            .collect(),
        total: None,
    };

    // I. Targets.
    blocks.push(Block::Heading(t(lang, "h_targets")));
    if r.targets.is_empty() {
        blocks.push(Block::Para(t(lang, "no_plan")));
    } else {
        let rows = r
            .targets
            .iter()
            .map(|x| {
                let actual = if x.unit == "percent" { Cell::Percent(x.actual) } else { Cell::Int(i64::from(x.actual)) };
                let goal = if x.unit == "percent" { Cell::Percent(x.target) } else { Cell::Int(i64::from(x.target)) };
                vec![
                    Cell::text(x.title.clone()),
                    goal,
                    actual,
                    x.in_period.map_or(Cell::Empty, |n| Cell::Int(i64::from(n))),
                    Cell::text(t(lang, if x.met { "met" } else { "not_met" })),
                ]
            })
            .collect();
        let header = ["col_target", "col_goal", "col_actual", "col_in_period", "col_assessment"];
        blocks.push(Block::Table(Table {
            id: "targets",
            header: header.iter().map(|k| t(lang, k)).collect(),
            rows,
            total: None,
        }));
        blocks.push(Block::Chart(Chart::Targets));
        let notes: Vec<String> = r
            .targets
            .iter()
            .map(|x| {
                let detail: Vec<String> = x
                    .details
                    .iter()
                    .map(|d| {
                        let stage = d.stage.map(|s| format!(" ({})", labels::stage(lang, s))).unwrap_or_default();
                        let mark = if d.counted { "✓" } else { "–" };
                        format!("{mark} {}{stage}", d.name)
                    })
                    .collect();
                let counted = match (x.counted, x.of) {
                    (Some(c), Some(o)) => format!(" ({c}/{o})"),
                    _ => String::new(),
                };
                let list = if detail.is_empty() { t(lang, "none") } else { detail.join(", ") };
                format!("{}{counted}: {list}", x.title)
            })
            .collect();
        blocks.push(Block::Bullets(notes));
    }

    if !r.milestones.is_empty() {
        blocks.push(Block::Subheading(t(lang, "h_planned")));
        blocks.push(Block::Table(milestone_table("planned", &r.milestones)));
    }

    // II. Products.
    blocks.push(Block::Heading(t(lang, "h_products")));
    if r.products.is_empty() {
        blocks.push(Block::Para(t(lang, "none")));
    } else {
        let mut header: Vec<String> =
            ["col.product", "col.code", "col.producer", "col.kind", "col.stars", "col.expiry", "col.stage"]
                .iter()
                .map(|k| tr(lang, k).to_string())
                .collect();
        header.extend(["col_done", "col_required", "col_percent", "col_changes"].iter().map(|k| t(lang, k)));
        let rows = r
            .products
            .iter()
            .map(|p| {
                let stage = match p.stage_date {
                    Some(d) => format!("{} ({})", labels::stage(lang, p.stage), date(d)),
                    None => labels::stage(lang, p.stage).to_string(),
                };
                vec![
                    Cell::text(p.name.clone()),
                    p.code.clone().map_or(Cell::Empty, Cell::text),
                    Cell::text(p.producer_name.clone().unwrap_or_else(|| p.producer.clone())),
                    Cell::text(labels::evaluation(lang, p.evaluation)),
                    p.stars.map_or(Cell::Empty, |s| Cell::Int(i64::from(s))),
                    p.certificate_valid_through.map_or(Cell::Empty, Cell::Date),
                    Cell::text(stage),
                    Cell::Int(p.done as i64),
                    Cell::Int(p.required as i64),
                    Cell::Percent(p.percent),
                    Cell::text(changes_text(lang, r, &p.changes)),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table { id: "products", header, rows, total: None }));
        blocks.push(Block::Chart(Chart::Completeness));
        // Completeness by section.
        let mut header = vec![tr(lang, "col.product").to_string()];
        header.extend(r.sections.iter().map(|s| s.name.get(lang).to_string()));
        let rows = r
            .products
            .iter()
            .map(|p| {
                let mut row = vec![Cell::text(p.name.clone())];
                for s in &r.sections {
                    let c = p.sections.iter().find(|c| c.id == s.id);
                    row.push(Cell::text(
                        c.filter(|c| c.required > 0).map_or("—".into(), |c| format!("{}/{}", c.done, c.required)),
                    ));
                }
                row
            })
            .collect();
        blocks.push(Block::Subheading(t(lang, "h_sections")));
        blocks.push(Block::Table(Table { id: "sections", header, rows, total: None }));
        blocks.push(Block::Chart(Chart::Sections));
        blocks.push(Block::Subheading(t(lang, "h_next_actions")));
        blocks.push(Block::Bullets(
            r.products
                .iter()
                .map(|p| {
                    let rules = p.rule_set.as_deref().and_then(|id| book.get(id));
                    format!("{}: {}", p.name, labels::next_action(lang, rules, &p.next))
                })
                .collect(),
        ));
    }

    // III. Activities.
    blocks.push(Block::Heading(t(lang, "h_activities")));
    if r.activities.is_empty() {
        blocks.push(Block::Para(t(lang, "no_activities")));
    } else {
        let header =
            ["col_date", "col_kind", "col_title", "col_owner", "col_participants", "col_producers", "col_spent"];
        let rows = r
            .activities
            .iter()
            .map(|a| {
                let mut title = a.title.clone();
                if !a.topics.is_empty() {
                    title.push_str(&format!(" ({})", a.topics.join("; ")));
                }
                if a.kind == crate::plan::ActivityKind::Inspection {
                    let follow = a.follow_up.map(|d| f(lang, "follow_up", &[("date", date(d))])).unwrap_or_default();
                    title.push_str(&format!(" — {}{follow}", n(lang, "report.violations", a.violations, &[])));
                }
                vec![
                    Cell::Date(a.date),
                    Cell::text(tr(lang, &format!("activity_kind.{}", a.kind.key()))),
                    Cell::text(title),
                    Cell::text(a.owner_name.clone()),
                    Cell::Int(i64::from(a.participants)),
                    Cell::Int(a.producers.len() as i64),
                    Cell::Money(a.spent_total),
                ]
            })
            .collect();
        let total = vec![
            Cell::Empty,
            Cell::text(t(lang, "total")),
            Cell::text(n(lang, "report.activities", r.activities.len(), &[])),
            Cell::Empty,
            Cell::Int(r.activities.iter().map(|a| i64::from(a.participants)).sum()),
            Cell::Empty,
            Cell::Money(r.money_total),
        ];
        blocks.push(Block::Table(Table {
            id: "activities",
            header: header.iter().map(|k| t(lang, k)).collect(),
            rows,
            total: Some(total),
        }));
        blocks.push(Block::Bullets(
            r.activity_totals
                .iter()
                .map(|k| {
                    f(
                        lang,
                        "kind_total",
                        &[
                            ("kind", tr(lang, &format!("activity_kind.{}", k.kind.key())).to_string()),
                            ("activities", n(lang, "report.activities", k.count as usize, &[])),
                            ("attendances", n(lang, "report.attendances", k.participants as usize, &[])),
                        ],
                    )
                })
                .collect(),
        ));
    }

    // IV. Money.
    blocks.push(Block::Heading(t(lang, "h_money")));
    let rows = r
        .money
        .iter()
        .map(|m| vec![Cell::text(tr(lang, &format!("funding.{}", m.source.key()))), Cell::Money(m.amount)])
        .collect();
    blocks.push(Block::Table(Table {
        id: "money",
        header: vec![t(lang, "col_source"), t(lang, "col_amount")],
        rows,
        total: Some(vec![Cell::text(t(lang, "total")), Cell::Money(r.money_total)]),
    }));

    // V. Overdue and coming due.
    blocks.push(Block::Heading(t(lang, "h_alerts")));
    if r.alerts.is_empty() {
        blocks.push(Block::Para(t(lang, "none")));
    } else {
        blocks.push(Block::Table(Table {
            id: "due",
            header: due_header(lang),
            rows: due_rows(lang, &r.alerts),
            total: None,
        }));
    }

    // VI. Next quarter.
    let nq = r.next_quarter;
    blocks.push(Block::Heading(with_quarter(lang, "report.h_next", nq, &[])));
    if r.next_milestones.is_empty() {
        blocks.push(Block::Para(t(lang, "no_milestones")));
    } else {
        blocks.push(Block::Table(milestone_table("milestones", &r.next_milestones)));
    }
    blocks.push(Block::Subheading(t(lang, "h_missing")));
    if r.missing.is_empty() {
        blocks.push(Block::Para(t(lang, "none")));
    } else {
        let mut lines = Vec::new();
        for m in &r.missing {
            for p in &m.products {
                let items: Vec<String> = p
                    .items
                    .iter()
                    .map(|(_, name, state)| format!("{} ({})", name.get(lang), labels::item_state(lang, *state)))
                    .collect();
                lines.push(format!(
                    "{} — {}: {}",
                    m.producer_name.clone().unwrap_or_else(|| m.producer.clone()),
                    p.name,
                    items.join("; ")
                ));
            }
        }
        blocks.push(Block::Bullets(lines));
    }

    let intro = match (&r.plan_title, &r.plan_number) {
        (Some(title), Some(n)) => {
            f(lang, "intro_numbered", &[("plan", title.clone()), ("number", n.clone()), ("as_of", as_of)])
        }
        (Some(title), None) => f(lang, "intro", &[("plan", title.clone()), ("as_of", as_of)]),
        _ => as_of,
    };
    Doc { lang, title: t(lang, "title"), subtitle: subtitle(r, lang), intro, blocks }
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
        assert_eq!(with_quarter(Lang::Vi, "report.h_next", q.next(), &[]), "VI. NHIỆM VỤ QUÝ IV/2026");
        assert_eq!(with_quarter(Lang::En, "report.h_next", q.next(), &[]), "VI. TASKS FOR Q4 2026");
    }
}
