//! `plan show`: the plan's targets against the records and its milestones, as tables
//! for people and as JSON for scripts. The figures are the report's (`report::build`
//! for the plan year as of --today); only the drawing is here.

use super::Style;
use super::report::doc::quarter;
use crate::i18n::{Lang, fmt, tr};
use crate::period::Quarter;
use crate::report::{MilestoneRow, TargetRow};
use chrono::NaiveDate;
use serde::Serialize;
use std::io::{self, Write};

/// The version of `plan show --format json`'s shape.
pub const SCHEMA_VERSION: u32 = 1;

/// What `plan show` shows.
#[derive(Debug, Serialize)]
pub struct Shown<'a> {
    pub title: &'a str,
    pub year: i32,
    pub number: Option<&'a str>,
    /// The day the figures are counted to.
    pub as_of: NaiveDate,
    /// The plan year is over.
    pub closed: bool,
    pub targets: &'a [TargetRow],
    pub milestones: &'a [MilestoneRow],
}

fn col(lang: Lang, key: &str) -> String {
    tr(lang, &format!("report.{key}")).to_string()
}

/// A goal or an actual figure: a count, or a percentage.
fn figure(lang: Lang, unit: &str, n: u32) -> String {
    if unit == "percent" { fmt(lang, "plan.percent", &[("n", &n.to_string().into())]) } else { n.to_string() }
}

pub fn table(out: &mut dyn Write, s: &Shown<'_>, style: Style) -> io::Result<()> {
    let lang = style.lang;
    let number = s.number.map(|n| format!(" ({n})")).unwrap_or_default();
    writeln!(out, "{}", crate::safe::terminal(&format!("{}{number}", s.title)))?;
    let date = super::labels::date(s.as_of);
    writeln!(out, "{}", fmt(lang, "plan.as_of", &[("date", &date.into()), ("year", &s.year.to_string().into())]))?;
    writeln!(out)?;
    writeln!(out, "{}", tr(lang, "plan.h_targets"))?;
    if s.targets.is_empty() {
        writeln!(out, "{}", tr(lang, "plan.no_targets"))?;
    } else {
        let mut t = super::table(style);
        t.set_header(
            ["plan.col_id", "report.col_target", "report.col_goal", "report.col_actual", "report.col_assessment"]
                .map(|k| tr(lang, k)),
        );
        for x in s.targets {
            let verdict = match (x.met, s.closed) {
                (true, _) => "met",
                (false, true) => "missed",
                (false, false) => "not_met",
            };
            let actual = match (x.counted, x.of) {
                (Some(c), Some(o)) => format!("{} ({c}/{o})", figure(lang, x.unit, x.actual)),
                _ => figure(lang, x.unit, x.actual),
            };
            t.add_row(super::cells([
                x.id.clone(),
                x.title.clone(),
                figure(lang, x.unit, x.target),
                actual,
                col(lang, verdict),
            ]));
        }
        writeln!(out, "{t}")?;
    }
    writeln!(out)?;
    writeln!(out, "{}", tr(lang, "plan.h_milestones"))?;
    if s.milestones.is_empty() {
        return writeln!(out, "{}", tr(lang, "plan.no_milestones"));
    }
    let mut t = super::table(style);
    t.set_header(["col_quarter", "col_task", "col_departments", "col_state"].map(|k| col(lang, k)));
    for m in s.milestones {
        let when = Quarter::parse(&m.quarter).map_or_else(|| m.quarter.clone(), |q| quarter(lang, q));
        let mut state = tr(lang, &format!("milestone_state.{}", m.state.key())).to_string();
        if let Some(d) = m.state_date {
            state.push_str(&format!(" ({})", super::labels::date(d)));
        }
        if let Some(note) = &m.note {
            state.push_str(&format!(": {note}"));
        }
        t.add_row(super::cells([when, m.task.clone(), m.departments.join(", "), state]));
    }
    writeln!(out, "{t}")
}

#[derive(Serialize)]
struct Json<'a> {
    schema_version: u32,
    #[serde(flatten)]
    shown: &'a Shown<'a>,
}

pub fn json(out: &mut dyn Write, s: &Shown<'_>) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Json { schema_version: SCHEMA_VERSION, shown: s })?;
    writeln!(out)
}
