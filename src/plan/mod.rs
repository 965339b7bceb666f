//! The commune's yearly plan (`plan.toml`) and its activities (`activities/<id>.toml`):
//! loading with the same diagnostics as the other records, and the checks on them.
//! Kept apart from `load::Catalog` so that trees without a plan work as before.

mod checks;
mod inspections;
mod model;
mod narrative;

pub use inspections::Inspections;
pub use model::{
    Activity, ActivityKind, BudgetLine, FundingSource, Measure, Milestone, MilestoneState, Plan, ReportHeader,
    Spending, TargetSpec, money_sum,
};
pub use narrative::{Narrative, NarrativeKey, REPORTS_DIR, file_stem as narrative_file_stem};

use crate::diag::Diagnostic;
use crate::load::{Catalog, HasId, Positions, Record, Seg, load_dir, parse_file};
use crate::model::Id;
use std::collections::BTreeMap;
use std::path::Path;

pub const PLAN_FILE: &str = "plan.toml";
pub const ACTIVITIES_DIR: &str = "activities";

/// The plan and the activities read from a tree.
#[derive(Debug, Clone, Default)]
pub struct Programme {
    pub plan: Option<Record<Plan>>,
    pub activities: BTreeMap<Id, Record<Activity>>,
    /// The officer's text for a report, by period (`2026-Q3`, `2026`).
    pub narratives: BTreeMap<String, Record<Narrative>>,
}

impl Programme {
    /// Activities in date order (then id), for reports.
    pub fn activities_by_date(&self) -> Vec<&Record<Activity>> {
        let mut v: Vec<_> = self.activities.values().collect();
        v.sort_by(|a, b| a.value.date.cmp(&b.value.date).then_with(|| a.id.cmp(&b.id)));
        v
    }

    /// A department's name from the plan, or its id when the plan does not name it.
    pub fn department_name(&self, id: &str) -> String {
        self.plan.as_ref().and_then(|p| p.value.departments.get(id)).cloned().unwrap_or_else(|| id.to_string())
    }

    pub fn topic_name(&self, id: &str) -> String {
        self.plan.as_ref().and_then(|p| p.value.training_topics.get(id)).cloned().unwrap_or_else(|| id.to_string())
    }
}

/// Reads `plan.toml` (optional) and every `activities/*.toml` in sorted order, then checks
/// them against `catalog`. Never fails: problems become diagnostics.
pub fn load(catalog: &Catalog, diags: &mut Vec<Diagnostic>) -> Programme {
    let programme = read(&catalog.root, catalog.positions, diags);
    checks::run(catalog, &programme, diags);
    counts::checked();
    programme
}

/// Reads `plan.toml` (optional), every `activities/*.toml` in sorted order and the
/// report texts, without checking them: for an edit, which checks the programme once
/// with its own version of the file in it (`check`). `positions` as the catalog's.
pub fn read(root: &Path, positions: Positions, diags: &mut Vec<Diagnostic>) -> Programme {
    let path = root.join(PLAN_FILE);
    let plan = crate::load::optional_file(root, PLAN_FILE, diags)
        .then(|| parse_file::<Plan>(root, &path, &keys_plan, diags))
        .flatten()
        .map(|(source, value)| Record { id: Id::from("plan"), source, value });
    let activities = load_activities(root, positions, diags);
    let narratives = narrative::load(root, diags);
    counts::read();
    Programme { plan, activities, narratives }
}

/// The plan's checks on `programme` (as `load` runs them).
pub fn check(catalog: &Catalog, programme: &Programme) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    checks::run(catalog, programme, &mut out);
    counts::checked();
    out
}

fn load_activities(root: &Path, positions: Positions, diags: &mut Vec<Diagnostic>) -> BTreeMap<Id, Record<Activity>> {
    // Nothing refers to activities by id, so their broken files need no tracking here.
    load_dir::<Activity>(root, ACTIVITIES_DIR, &keys_activity, positions, diags, &mut Default::default())
}

impl HasId for Activity {
    fn declared_id(&self) -> Option<&str> {
        self.id.as_deref()
    }
}

/// Known keys of `plan.toml`, from the model.
fn keys_plan(parent: &[Seg]) -> Vec<&'static str> {
    crate::fields::keys(crate::fields::Kind::Plan, parent)
}

/// Known keys of activity files, from the model.
fn keys_activity(parent: &[Seg]) -> Vec<&'static str> {
    crate::fields::keys(crate::fields::Kind::Activity, parent)
}

/// How many times this thread read the programme and ran its checks, for tests that
/// hold a command to reading the activities once and checking them once.
#[cfg(test)]
pub(crate) mod counts {
    use std::cell::Cell;

    thread_local! {
        static COUNTS: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
    }

    pub(crate) fn read() {
        COUNTS.with(|c| c.set((c.get().0 + 1, c.get().1)));
    }

    pub(crate) fn checked() {
        COUNTS.with(|c| c.set((c.get().0, c.get().1 + 1)));
    }

    /// (reads, check runs) on this thread so far.
    pub(crate) fn get() -> (usize, usize) {
        COUNTS.with(Cell::get)
    }
}

#[cfg(not(test))]
mod counts {
    pub(super) fn read() {}
    pub(super) fn checked() {}
}
