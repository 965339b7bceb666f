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
    let root = catalog.root.as_path();
    let path = root.join(PLAN_FILE);
    let plan = crate::load::optional_file(root, PLAN_FILE, diags)
        .then(|| parse_file::<Plan>(root, &path, &keys_plan, diags))
        .flatten()
        .map(|(source, value)| Record { id: Id::from("plan"), source, value });
    let activities = load_activities(root, catalog.positions, diags);
    let narratives = narrative::load(root, diags);
    let programme = Programme { plan, activities, narratives };
    checks::run(catalog, &programme, diags);
    programme
}

/// The plan's checks on `programme` (as `load` runs them).
pub fn check(catalog: &Catalog, programme: &Programme) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    checks::run(catalog, programme, &mut out);
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
