//! The report's sections, one function each, in the order `ALL` lists them: adding a
//! section to every format is writing one function here and naming it in `ALL`.

use super::doc::{Block, Cell, Chart, Ctx, Table, date, due_header, due_rows, f, n, quarter, t, with_quarter};
use crate::i18n::{Lang, tr};
use crate::period::Quarter;
use crate::plan::NarrativeKey;
use crate::render::labels;
use crate::report::{Changes, MilestoneRow, Report};

/// A section: the blocks it adds to the report.
pub(super) type Section = fn(&Ctx<'_>) -> Vec<Block>;

/// The report's sections, in order.
pub(super) const ALL: &[Section] =
    &[communes, targets, products, activities, money, alerts, assessment, next_period, proposals];

fn milestone_table(lang: Lang, id: &'static str, ms: &[MilestoneRow]) -> Table {
    Table {
        id,
        header: ["col_quarter", "col_task", "col_departments", "col_state"].iter().map(|k| t(lang, k)).collect(),
        rows: ms
            .iter()
            .map(|m| {
                let when = Quarter::parse(&m.quarter).map_or_else(|| m.quarter.clone(), |q| quarter(lang, q));
                let mut state = tr(lang, &format!("milestone_state.{}", m.state.key())).to_string();
                if let Some(d) = m.state_date {
                    state.push_str(&format!(" ({})", date(d)));
                }
                if let Some(note) = &m.note {
                    state.push_str(&format!(": {note}"));
                }
                vec![
                    Cell::text(when),
                    Cell::text(m.task.clone()),
                    Cell::text(m.departments.join(", ")),
                    Cell::text(state),
                ]
            })
            .collect(),
        total: None,
    }
}

/// A province's report opens with one line per commune (products, with stars, dossier
/// completeness, activities, money, overdue dates, targets met) and the province's
/// total; a commune that did not load says why. Nothing in a commune's report.
fn communes(cx: &Ctx<'_>) -> Vec<Block> {
    let (r, lang) = (cx.r, cx.lang);
    if r.communes.is_empty() {
        return Vec::new();
    }
    let header = [
        "province.commune",
        "province.col_code",
        "province.col_products",
        "province.col_rated",
        "report.col_done",
        "report.col_required",
        "report.col_percent",
        "province.col_activities",
        "report.col_spent",
        "province.col_overdue",
        "province.col_targets",
        "province.col_state",
    ];
    let line = |c: &crate::report::CommuneTotal, name: String, state: String| {
        vec![
            Cell::text(name),
            Cell::text(c.code.clone()),
            Cell::Int(c.products as i64),
            Cell::Int(c.rated as i64),
            Cell::Int(c.done as i64),
            Cell::Int(c.required as i64),
            Cell::Percent(c.percent),
            Cell::Int(c.activities as i64),
            Cell::Money(c.spent),
            Cell::Int(c.overdue as i64),
            Cell::text(format!("{}/{}", c.targets_met, c.targets)),
            Cell::text(state),
        ]
    };
    let rows =
        r.communes.iter().map(|c| line(c, c.name.clone(), crate::render::status::state_text(lang, c.state))).collect();
    let total = crate::report::province_total(&r.communes);
    vec![
        Block::Heading(tr(lang, "province.h_communes").to_string()),
        Block::Table(Table {
            id: "communes",
            header: header.iter().map(|k| tr(lang, k).to_string()).collect(),
            rows,
            total: Some(line(&total, t(lang, "total"), String::new())),
        }),
    ]
}

/// A target met; not met when the period is over; not yet met while it runs.
fn verdict(met: bool, closed: bool) -> &'static str {
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
                    Cell::text(t(lang, verdict(x.met, r.closed))),
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
    for m in &c.certificates_revoked {
        parts.push(f(
            lang,
            "change_cert_revoked",
            &[("stars", m.stars.to_string()), ("decision", m.decision.clone()), ("date", date(m.date))],
        ));
    }
    if parts.is_empty() { t(lang, "no_changes") } else { parts.join("; ") }
}

/// A product's stars; with the certificate's state when it no longer stands, so an
/// expired or revoked certificate's stars never read as current.
fn stars(lang: Lang, p: &crate::report::ProductRow) -> Cell {
    use crate::eval::CertState;
    match (p.stars, p.certificate_state) {
        (None, _) => Cell::Empty,
        (Some(s), _) if p.certificate_revoked.is_some() => {
            Cell::text(f(lang, "stars_revoked", &[("stars", s.to_string())]))
        }
        (Some(s), Some(CertState::Expired)) => Cell::text(f(lang, "stars_expired", &[("stars", s.to_string())])),
        (Some(s), _) => Cell::Int(i64::from(s)),
    }
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
    // A province's report names each product's commune first.
    let province = !r.communes.is_empty();
    let mut header: Vec<String> = Vec::new();
    if province {
        header.push(tr(lang, "province.commune").to_string());
    }
    header.extend(
        ["col.product", "col.code", "col.producer", "col.kind", "col.stars", "col.expiry", "col.stage"]
            .iter()
            .map(|k| tr(lang, k).to_string()),
    );
    header.extend(["col_done", "col_required", "col_percent", "col_changes"].iter().map(|k| t(lang, k)));
    let rows: Vec<Vec<Cell>> = r
        .products
        .iter()
        .map(|p| {
            let stage = match p.stage_date {
                Some(d) => format!("{} ({})", labels::stage(lang, p.stage), date(d)),
                None => labels::stage(lang, p.stage).to_string(),
            };
            let commune = province.then(|| Cell::text(commune_name(r, p.commune.as_deref())));
            commune
                .into_iter()
                .chain([
                    Cell::text(p.name.clone()),
                    p.code.clone().map_or(Cell::Empty, Cell::text),
                    Cell::text(p.producer_name.clone().unwrap_or_else(|| p.producer.clone())),
                    Cell::text(labels::evaluation(lang, p.evaluation)),
                    stars(lang, p),
                    match (p.certificate_revoked, p.certificate_valid_through) {
                        (Some(d), _) => Cell::text(f(lang, "cert_revoked", &[("date", date(d))])),
                        (None, through) => through.map_or(Cell::Empty, Cell::Date),
                    },
                    Cell::text(stage),
                    Cell::Int(p.done as i64),
                    Cell::Int(p.required as i64),
                    Cell::Percent(p.percent),
                    Cell::text(changes_text(lang, r, &p.changes)),
                ])
                .collect()
        })
        .collect();
    let (rows, total) = if province {
        let c = crate::report::province_total(&r.communes);
        (with_subtotals(lang, r, rows), Some(subtotal_row(lang, t(lang, "total"), c.products, c.done, c.required)))
    } else {
        (rows, None)
    };
    blocks.push(Block::Table(Table { id: "products", header, rows, total }));
    blocks.push(Block::Chart(Chart::Completeness));
    let mut header: Vec<String> = province.then(|| tr(lang, "province.commune").to_string()).into_iter().collect();
    header.push(tr(lang, "col.product").to_string());
    header.extend(r.sections.iter().map(|s| s.name.get(lang).to_string()));
    let rows = r
        .products
        .iter()
        .map(|p| {
            let mut row: Vec<Cell> =
                province.then(|| Cell::text(commune_name(r, p.commune.as_deref()))).into_iter().collect();
            row.push(Cell::text(p.name.clone()));
            for s in &r.sections {
                let c = p.sections.iter().find(|c| c.id == s.id);
                row.push(Cell::text(
                    c.filter(|c| c.required > 0).map_or("—".into(), |c| format!("{}/{}", c.done, c.required)),
                ));
            }
            row
        })
        .collect();
    // A province's: a subtotal per commune and the province's total, by section.
    let (rows, total) = if province {
        let line = |label: String, c: &crate::report::CommuneTotal| -> Vec<Cell> {
            let mut row = vec![
                Cell::text(label),
                Cell::text(crate::i18n::fmt_count(lang, "province.products", c.products as u64, &[])),
            ];
            for s in &r.sections {
                let x = c.sections.iter().find(|x| x.id == s.id);
                row.push(Cell::text(x.map_or("—".into(), |x| format!("{}/{}", x.done, x.required))));
            }
            row
        };
        let rows = interleave(r, rows, r.products.iter().map(|p| p.commune.as_deref()), |c| {
            (c.products > 0).then(|| line(subtotal_label(lang, c), c))
        });
        (rows, Some(line(t(lang, "total"), &crate::report::province_total(&r.communes))))
    } else {
        (rows, None)
    };
    blocks.push(Block::Subheading(t(lang, "h_sections")));
    blocks.push(Block::Table(Table { id: "sections", header, rows, total }));
    blocks.push(Block::Chart(Chart::Sections));
    blocks.push(Block::Subheading(t(lang, "h_next_actions")));
    blocks.push(Block::Bullets(
        r.products
            .iter()
            .map(|p| {
                // Each commune's own rules name its items (a province's rows).
                let rules = p.rule_set.as_deref().and_then(|id| cx.books.of(p.commune.as_deref()).get(id));
                let commune =
                    p.commune.as_ref().map(|c| format!("{} — ", commune_name(r, Some(c)))).unwrap_or_default();
                format!("{commune}{}: {}", p.name, labels::next_action(lang, rules, &p.next))
            })
            .collect(),
    ));
    blocks
}

/// The name of the commune in folder `key`, for a province's tables.
fn commune_name(r: &Report, key: Option<&str>) -> String {
    r.communes
        .iter()
        .find(|c| Some(c.key.as_str()) == key)
        .map_or_else(|| key.unwrap_or_default().to_string(), |c| c.name.clone())
}

/// A province's product rows with a subtotal row after each commune's (the products
/// come grouped by commune, in the province's order).
fn with_subtotals(lang: Lang, r: &Report, rows: Vec<Vec<Cell>>) -> Vec<Vec<Cell>> {
    interleave(r, rows, r.products.iter().map(|p| p.commune.as_deref()), |c| {
        (c.products > 0).then(|| subtotal_row(lang, subtotal_label(lang, c), c.products, c.done, c.required))
    })
}

/// "Cộng Việt Khê": the label of a commune's subtotal row.
fn subtotal_label(lang: Lang, c: &crate::report::CommuneTotal) -> String {
    crate::i18n::fmt(lang, "province.subtotal", &[("name", &c.name.as_str().into())])
}

/// A province table's rows, which come grouped by commune in the province's order (the
/// commune of each row in `of`), with the row `subtotal` gives after each commune's.
fn interleave<'a>(
    r: &Report,
    rows: Vec<Vec<Cell>>,
    of: impl Iterator<Item = Option<&'a str>>,
    subtotal: impl Fn(&crate::report::CommuneTotal) -> Option<Vec<Cell>>,
) -> Vec<Vec<Cell>> {
    let mut out = Vec::with_capacity(rows.len() + r.communes.len());
    let mut rows = of.zip(rows).peekable();
    for c in &r.communes {
        while let Some((_, row)) = rows.next_if(|(k, _)| *k == Some(c.key.as_str())) {
            out.push(row);
        }
        out.extend(subtotal(c));
    }
    out.extend(rows.map(|(_, row)| row));
    out
}

/// A subtotal line of the province's products table: label, count, items done and
/// required, share.
fn subtotal_row(lang: Lang, label: String, products: usize, done: usize, required: usize) -> Vec<Cell> {
    let mut row =
        vec![Cell::text(label), Cell::text(crate::i18n::fmt_count(lang, "province.products", products as u64, &[]))];
    row.extend(std::iter::repeat_n(Cell::Empty, 6));
    let percent = crate::text::percent(done, required).map_or(0, |p| u32::try_from(p).unwrap_or(100));
    row.extend([Cell::Int(done as i64), Cell::Int(required as i64), Cell::Percent(percent), Cell::Empty]);
    row
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
    // A province's report names each activity's commune first, with a subtotal per
    // commune (the activities come grouped by commune).
    let province = !r.communes.is_empty();
    let mut header: Vec<String> = header.iter().map(|k| t(lang, k)).collect();
    if province {
        header.insert(0, tr(lang, "province.commune").to_string());
    }
    let line = |a: &crate::report::ActivityRow| -> Vec<Cell> {
        let mut title = a.title.clone();
        if !a.topics.is_empty() {
            title.push_str(&format!(" ({})", a.topics.join("; ")));
        }
        if a.kind == crate::plan::ActivityKind::Inspection {
            let follow = a.follow_up.map(|d| f(lang, "follow_up", &[("date", date(d))])).unwrap_or_default();
            title.push_str(&format!(" — {}{follow}", n(lang, "report.violations", a.violations, &[])));
        }
        let first = province.then(|| Cell::text(commune_name(r, a.commune.as_deref())));
        first
            .into_iter()
            .chain([
                Cell::Date(a.date),
                Cell::text(
                    a.label.clone().unwrap_or_else(|| tr(lang, &format!("activity_kind.{}", a.kind.key())).into()),
                ),
                Cell::text(title),
                Cell::text(a.owner_name.clone()),
                Cell::Int(i64::from(a.participants)),
                Cell::Int(a.producers.len() as i64),
                Cell::Money(a.spent_total),
            ])
            .collect()
    };
    let summary = |label: String, of: &[&crate::report::ActivityRow], spent: u64| -> Vec<Cell> {
        let first = province.then(|| Cell::text(label.clone()));
        let label = if province { Cell::Empty } else { Cell::text(label) };
        first
            .into_iter()
            .chain([
                Cell::Empty,
                label,
                Cell::text(n(lang, "report.activities", of.len(), &[])),
                Cell::Empty,
                Cell::Int(of.iter().map(|a| i64::from(a.participants)).sum()),
                Cell::Empty,
                Cell::Money(spent),
            ])
            .collect()
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    if province {
        for c in &r.communes {
            let of: Vec<&crate::report::ActivityRow> =
                r.activities.iter().filter(|a| a.commune.as_deref() == Some(c.key.as_str())).collect();
            if of.is_empty() {
                continue;
            }
            rows.extend(of.iter().map(|a| line(a)));
            let label = crate::i18n::fmt(lang, "province.subtotal", &[("name", &c.name.as_str().into())]);
            rows.push(summary(label, &of, c.spent));
        }
    } else {
        rows.extend(r.activities.iter().map(line));
    }
    let all: Vec<&crate::report::ActivityRow> = r.activities.iter().collect();
    let total = summary(t(lang, "total"), &all, r.money_total);
    blocks.push(Block::Table(Table { id: "activities", header, rows, total: Some(total) }));
    let inspections: Vec<String> = r
        .activities
        .iter()
        .filter(|a| a.kind == crate::plan::ActivityKind::Inspection)
        .map(|a| inspection_text(lang, a))
        .collect();
    let totals_at = blocks.len();
    if !inspections.is_empty() {
        blocks.push(Block::Subheading(t(lang, "h_inspections")));
        blocks.push(Block::Bullets(inspections));
    }
    blocks.insert(
        totals_at,
        Block::Bullets(
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
        ),
    );
    blocks
}

/// One inspection for people: what was found, the violations, the remedies, and the
/// follow-up with whether it took place.
fn inspection_text(lang: Lang, a: &crate::report::ActivityRow) -> String {
    let mut parts = vec![format!("{} — {}", date(a.date), a.title)];
    if let Some(x) = &a.findings {
        parts.push(f(lang, "inspection_findings", &[("text", x.trim_end_matches('.').to_string())]));
    }
    if a.violation_list.is_empty() {
        parts.push(t(lang, "inspection_no_violation"));
    } else {
        parts.push(f(lang, "inspection_violations", &[("text", a.violation_list.join("; "))]));
    }
    if let Some(x) = &a.remedies {
        parts.push(f(lang, "inspection_remedies", &[("text", x.trim_end_matches('.').to_string())]));
    }
    if let Some(d) = a.follow_up {
        let key = if a.followed_up_on.is_some() { "inspection_followed_up" } else { "inspection_follow_up" };
        let done = a.followed_up_on.map(date).unwrap_or_default();
        parts.push(f(lang, key, &[("date", date(d)), ("done", done)]));
    }
    parts.join(". ") + "."
}

/// IV. Money spent, by source; beside the plan's estimate when it has a budget, and
/// quarter by quarter in a yearly report.
fn money(cx: &Ctx<'_>) -> Vec<Block> {
    let (r, lang) = (cx.r, cx.lang);
    let source = |s: crate::plan::FundingSource| Cell::text(tr(lang, &format!("funding.{}", s.key())));
    let mut blocks = vec![Block::Heading(t(lang, "h_money"))];
    let province = !r.communes.is_empty();
    if province && r.budget.is_empty() {
        blocks.push(Block::Table(money_by_commune(lang, r, "money")));
    } else if r.budget.is_empty() {
        let rows = r.money.iter().map(|m| vec![source(m.source), Cell::Money(m.amount)]).collect();
        blocks.push(Block::Table(Table {
            id: "money",
            header: vec![t(lang, "col_source"), t(lang, "col_amount")],
            rows,
            total: Some(vec![Cell::text(t(lang, "total")), Cell::Money(r.money_total)]),
        }));
    } else {
        let percent = |spent: u64, planned: u64| {
            spent
                .saturating_mul(100)
                .checked_div(planned)
                .map_or(Cell::Empty, |p| Cell::Percent(u32::try_from(p).unwrap_or(u32::MAX)))
        };
        // The period's estimate only when the plan splits its budget by quarter.
        let quarterly = r.budget.iter().any(|b| b.planned_period > 0);
        let row = |s: Cell, py: u64, pp: u64, sp: u64, sy: u64| {
            let mut row = vec![s, Cell::Money(py)];
            if quarterly {
                row.push(Cell::Money(pp));
            }
            row.extend([Cell::Money(sp), Cell::Money(sy), percent(sy, py)]);
            row
        };
        let rows = r
            .budget
            .iter()
            .map(|b| row(source(b.source), b.planned_year, b.planned_period, b.spent_period, b.spent_year))
            .collect();
        let sum = |f: fn(&crate::report::BudgetRow) -> u64| r.budget.iter().map(f).sum::<u64>();
        let total = row(
            Cell::text(t(lang, "total")),
            sum(|b| b.planned_year),
            sum(|b| b.planned_period),
            sum(|b| b.spent_period),
            sum(|b| b.spent_year),
        );
        let mut header = vec!["col_source", "col_planned_year"];
        if quarterly {
            header.push("col_planned_period");
        }
        header.extend(["col_spent_period", "col_spent_year", "col_used"]);
        blocks.push(Block::Table(Table {
            id: "money",
            header: header.iter().map(|k| t(lang, k)).collect(),
            rows,
            total: Some(total),
        }));
        if province {
            blocks.push(Block::Subheading(tr(lang, "province.h_money").to_string()));
            blocks.push(Block::Table(money_by_commune(lang, r, "money_communes")));
        }
    }
    if !r.money_by_quarter.is_empty() {
        let mut header = vec![t(lang, "col_quarter")];
        header.extend(
            crate::plan::FundingSource::ALL.iter().map(|s| tr(lang, &format!("funding.{}", s.key())).to_string()),
        );
        header.push(t(lang, "total"));
        let rows = r
            .money_by_quarter
            .iter()
            .map(|q| {
                let mut row = vec![Cell::text(quarter(lang, q.quarter))];
                row.extend(q.by_source.iter().map(|m| Cell::Money(m.amount)));
                row.push(Cell::Money(q.total));
                row
            })
            .collect();
        blocks.push(Block::Subheading(t(lang, "h_money_by_quarter")));
        blocks.push(Block::Table(Table { id: "money_quarters", header, rows, total: None }));
    }
    blocks
}

/// A province's spending: each commune's sources with money spent and its subtotal,
/// then the province's figure for every source and the total.
fn money_by_commune(lang: Lang, r: &Report, id: &'static str) -> Table {
    let source = |s: crate::plan::FundingSource| Cell::text(tr(lang, &format!("funding.{}", s.key())));
    let mut rows = Vec::new();
    for c in r.communes.iter().filter(|c| c.state == crate::province::StateKey::Ready) {
        for m in c.money.iter().filter(|m| m.amount > 0) {
            rows.push(vec![Cell::text(c.name.clone()), source(m.source), Cell::Money(m.amount)]);
        }
        rows.push(vec![Cell::text(subtotal_label(lang, c)), Cell::Empty, Cell::Money(c.spent)]);
    }
    let all = crate::report::province_total(&r.communes);
    for m in &all.money {
        rows.push(vec![Cell::text(tr(lang, "province.total").to_string()), source(m.source), Cell::Money(m.amount)]);
    }
    Table {
        id,
        header: vec![tr(lang, "province.commune").to_string(), t(lang, "col_source"), t(lang, "col_amount")],
        rows,
        total: Some(vec![Cell::text(t(lang, "total")), Cell::Empty, Cell::Money(r.money_total)]),
    }
}

/// V. What is overdue and what falls due soon.
fn alerts(cx: &Ctx<'_>) -> Vec<Block> {
    let (r, lang) = (cx.r, cx.lang);
    let body = if r.alerts.is_empty() {
        Block::Para(t(lang, "none"))
    } else if r.communes.is_empty() {
        Block::Table(Table { id: "due", header: due_header(lang), rows: due_rows(lang, &r.alerts), total: None })
    } else {
        // A province's: the commune first, and how many dates (overdue) per commune.
        let mut header = vec![tr(lang, "province.commune").to_string()];
        header.extend(due_header(lang));
        let count = |of: &[crate::due::Due]| {
            let overdue = of.iter().filter(|d| d.overdue).count();
            let what = format!(
                "{}: {} · {}: {overdue}",
                tr(lang, "province.col_dues"),
                of.len(),
                tr(lang, "province.col_overdue")
            );
            vec![Cell::Empty, Cell::Empty, Cell::text(what), Cell::Empty]
        };
        let mut rows = Vec::new();
        for c in &r.communes {
            let of: Vec<crate::due::Due> =
                r.alerts.iter().filter(|d| d.commune.as_deref() == Some(c.key.as_str())).cloned().collect();
            if of.is_empty() {
                continue;
            }
            for row in due_rows(lang, &of) {
                rows.push(std::iter::once(Cell::text(c.name.clone())).chain(row).collect());
            }
            let label = crate::i18n::fmt(lang, "province.subtotal", &[("name", &c.name.as_str().into())]);
            rows.push(std::iter::once(Cell::text(label)).chain(count(&of)).collect());
        }
        let total = std::iter::once(Cell::text(t(lang, "total"))).chain(count(&r.alerts)).collect();
        Block::Table(Table { id: "due", header, rows, total: Some(total) })
    };
    vec![Block::Heading(t(lang, "h_alerts")), body]
}

/// The officer's text for part `k`, a paragraph per blank-line-separated block; in a
/// draft, a placeholder saying where to write it.
fn narrative(cx: &Ctx<'_>, k: NarrativeKey) -> Vec<Block> {
    let Some(n) = &cx.r.narrative else { return Vec::new() };
    match n.parts.get(&k) {
        Some(text) => text
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .map(Block::Para)
            .collect(),
        None => vec![Block::Para(f(cx.lang, "placeholder", &[("file", n.file.clone()), ("key", k.key().to_string())]))],
    }
}

/// VI. The officer's overall assessment, shortcomings and their causes.
fn assessment(cx: &Ctx<'_>) -> Vec<Block> {
    if cx.r.narrative.is_none() {
        return Vec::new();
    }
    let lang = cx.lang;
    let mut blocks = vec![Block::Heading(t(lang, "h_assessment"))];
    blocks.extend(narrative(cx, NarrativeKey::Assessment));
    blocks.push(Block::Subheading(t(lang, "h_shortcomings")));
    blocks.extend(narrative(cx, NarrativeKey::Shortcomings));
    blocks.push(Block::Subheading(t(lang, "h_causes")));
    blocks.extend(narrative(cx, NarrativeKey::Causes));
    blocks
}

/// VIII. The officer's proposals.
fn proposals(cx: &Ctx<'_>) -> Vec<Block> {
    if cx.r.narrative.is_none() {
        return Vec::new();
    }
    let mut blocks = vec![Block::Heading(t(cx.lang, "h_proposals"))];
    blocks.extend(narrative(cx, NarrativeKey::Proposals));
    blocks
}

/// VII. The next quarter's (or year's) directions, the plan's milestones for it, and
/// what each producer still has to supply.
fn next_period(cx: &Ctx<'_>) -> Vec<Block> {
    let (r, lang) = (cx.r, cx.lang);
    let heading = match r.next_year {
        Some(year) => f(lang, "h_next_year", &[("year", year.to_string())]),
        None => with_quarter(lang, "report.h_next", r.next_quarter, &[]),
    };
    let mut blocks = vec![Block::Heading(heading)];
    blocks.extend(narrative(cx, NarrativeKey::Directions));
    let written = r.narrative.as_ref().is_some_and(|n| n.parts.contains_key(&NarrativeKey::Directions));
    if r.next_milestones.is_empty() {
        // A year's directions come from the officer's text when next year's plan is not
        // in the tree yet.
        if !written {
            blocks.push(Block::Para(t(lang, "no_milestones")));
        }
    } else {
        blocks.push(Block::Table(milestone_table(lang, "milestones", &r.next_milestones)));
    }
    blocks.push(Block::Subheading(t(lang, "h_missing")));
    if r.missing.is_empty() {
        blocks.push(Block::Para(t(lang, "none")));
        return blocks;
    }
    if !r.communes.is_empty() {
        blocks.push(Block::Table(missing_by_commune(lang, r)));
        return blocks;
    }
    let mut lines = Vec::new();
    for m in &r.missing {
        for p in &m.products {
            lines.push(format!(
                "{} — {}: {}",
                m.producer_name.clone().unwrap_or_else(|| m.producer.clone()),
                p.name,
                missing_items(lang, p)
            ));
        }
    }
    blocks.push(Block::Bullets(lines));
    blocks
}

/// What each item list reads as: "Phiếu đăng ký (chưa có); …".
fn missing_items(lang: Lang, p: &crate::report::ProductMissing) -> String {
    let items: Vec<String> = p
        .items
        .iter()
        .map(|(_, name, state)| format!("{} ({})", name.get(lang), labels::item_state(lang, *state)))
        .collect();
    items.join("; ")
}

/// A province's missing items as a table: commune, producer, product, the items; a
/// subtotal per commune (products, items) and the province's total.
fn missing_by_commune(lang: Lang, r: &Report) -> Table {
    let mut rows = Vec::new();
    let mut of = Vec::new();
    for m in &r.missing {
        for p in &m.products {
            of.push(m.commune.as_deref());
            rows.push(vec![
                Cell::text(commune_name(r, m.commune.as_deref())),
                Cell::text(m.producer_name.clone().unwrap_or_else(|| m.producer.clone())),
                Cell::text(p.name.clone()),
                Cell::text(missing_items(lang, p)),
            ]);
        }
    }
    let line = |label: String, c: &crate::report::CommuneTotal| {
        vec![
            Cell::text(label),
            Cell::Empty,
            Cell::text(crate::i18n::fmt_count(lang, "province.products", c.missing_products as u64, &[])),
            Cell::text(crate::i18n::fmt_count(lang, "province.items", c.missing_items as u64, &[])),
        ]
    };
    let rows =
        interleave(r, rows, of.into_iter(), |c| (c.missing_products > 0).then(|| line(subtotal_label(lang, c), c)));
    Table {
        id: "missing",
        header: vec![
            tr(lang, "province.commune").to_string(),
            tr(lang, "col.producer").to_string(),
            tr(lang, "col.product").to_string(),
            tr(lang, "province.col_missing").to_string(),
        ],
        rows,
        total: Some(line(t(lang, "total"), &crate::report::province_total(&r.communes))),
    }
}
