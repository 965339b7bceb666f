//! The report's sections, one function each, in the order `ALL` lists them: adding a
//! section to every format is writing one function here and naming it in `ALL`.

use super::doc::{Block, Cell, Chart, Ctx, Table, date, due_header, due_rows, f, n, quarter, t, with_quarter};
use crate::i18n::{Lang, tr};
use crate::period::Quarter;
use crate::render::labels;
use crate::report::{Changes, MilestoneRow, Report};

/// A section: the blocks it adds to the report.
pub type Section = fn(&Ctx<'_>) -> Vec<Block>;

/// The report's sections, in order.
pub const ALL: &[Section] = &[targets, products, activities, money, alerts, next_period];

fn milestone_table(lang: Lang, id: &'static str, ms: &[MilestoneRow]) -> Table {
    Table {
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
    }
}

/// A target met; not met when the period is over; not yet met while it runs.
fn assessment(met: bool, closed: bool) -> &'static str {
    match (met, closed) {
        (true, _) => "met",
        (false, true) => "missed",
        (false, false) => "not_met",
    }
}

/// I. The plan's targets against the records, with what was counted, and the quarters'
/// milestones.
fn targets(cx: &Ctx<'_>) -> Vec<Block> {
    let (r, lang) = (cx.r, cx.lang);
    let mut blocks = vec![Block::Heading(t(lang, "h_targets"))];
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
                    Cell::text(t(lang, assessment(x.met, r.closed))),
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
        blocks.push(Block::Para(t(lang, "legend")));
    }
    if !r.milestones.is_empty() {
        blocks.push(Block::Subheading(t(lang, "h_planned")));
        blocks.push(Block::Table(milestone_table(lang, "planned", &r.milestones)));
    }
    blocks
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

/// II. Each product's progress and what changed, completeness by checklist section, and
/// what each one does next.
fn products(cx: &Ctx<'_>) -> Vec<Block> {
    let (r, lang) = (cx.r, cx.lang);
    let mut blocks = vec![Block::Heading(t(lang, "h_products"))];
    if r.products.is_empty() {
        blocks.push(Block::Para(t(lang, "none")));
        return blocks;
    }
    let mut header: Vec<String> = ["col.product", "col.producer", "col.kind", "col.stars", "col.expiry", "col.stage"]
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
                let rules = p.rule_set.as_deref().and_then(|id| cx.book.get(id));
                format!("{}: {}", p.name, labels::next_action(lang, rules, &p.next))
            })
            .collect(),
    ));
    blocks
}

/// III. The activities held in the period, with totals by kind.
fn activities(cx: &Ctx<'_>) -> Vec<Block> {
    let (r, lang) = (cx.r, cx.lang);
    let mut blocks = vec![Block::Heading(t(lang, "h_activities"))];
    if r.activities.is_empty() {
        blocks.push(Block::Para(t(lang, "no_activities")));
        return blocks;
    }
    let header = ["col_date", "col_kind", "col_title", "col_owner", "col_participants", "col_producers", "col_spent"];
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
    blocks
}

/// IV. Money spent, by source.
fn money(cx: &Ctx<'_>) -> Vec<Block> {
    let (r, lang) = (cx.r, cx.lang);
    let rows = r
        .money
        .iter()
        .map(|m| vec![Cell::text(tr(lang, &format!("funding.{}", m.source.key()))), Cell::Money(m.amount)])
        .collect();
    vec![
        Block::Heading(t(lang, "h_money")),
        Block::Table(Table {
            id: "money",
            header: vec![t(lang, "col_source"), t(lang, "col_amount")],
            rows,
            total: Some(vec![Cell::text(t(lang, "total")), Cell::Money(r.money_total)]),
        }),
    ]
}

/// V. What is overdue and what falls due soon.
fn alerts(cx: &Ctx<'_>) -> Vec<Block> {
    let (r, lang) = (cx.r, cx.lang);
    let body = if r.alerts.is_empty() {
        Block::Para(t(lang, "none"))
    } else {
        Block::Table(Table { id: "due", header: due_header(lang), rows: due_rows(lang, &r.alerts), total: None })
    };
    vec![Block::Heading(t(lang, "h_alerts")), body]
}

/// VI. The next quarter's milestones and what each producer still has to supply.
fn next_period(cx: &Ctx<'_>) -> Vec<Block> {
    let (r, lang) = (cx.r, cx.lang);
    let mut blocks = vec![Block::Heading(with_quarter(lang, "report.h_next", r.next_quarter, &[]))];
    if r.next_milestones.is_empty() {
        blocks.push(Block::Para(t(lang, "no_milestones")));
    } else {
        blocks.push(Block::Table(milestone_table(lang, "milestones", &r.next_milestones)));
    }
    blocks.push(Block::Subheading(t(lang, "h_missing")));
    if r.missing.is_empty() {
        blocks.push(Block::Para(t(lang, "none")));
        return blocks;
    }
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
    blocks
}
