//! The keys a rule file may hold, by table, for "did you mean" on unknown keys. Rule
//! files are data the project ships (and trees override), not records: their keys are
//! listed here, beside the loader that reads them.

use crate::load::Seg;

/// Known keys of rule files, for the rules loader.
pub fn keys(parent: &[Seg]) -> Vec<&'static str> {
    match parent.first() {
        Some(Seg::Key(k)) if k == "items" => vec![
            "id",
            "section",
            "name",
            "source",
            "kinds",
            "groups",
            "sets",
            "except_groups",
            "except_sets",
            "min_stars",
            "validity_months",
            "hint",
        ],
        Some(Seg::Key(k)) if k == "grace" => vec!["timely_filing", "window_closed_before", "source"],
        Some(Seg::Key(k)) if k == "day_off" => vec!["window_close", "validity_end", "source"],
        Some(Seg::Key(k)) if k == "old_rules_transition" => {
            vec!["first_days", "upgrade_days", "reevaluation_days", "source"]
        }
        _ => vec![
            "id",
            "extends",
            "title",
            "legal_basis",
            "effective_from",
            "effective_until",
            "certificate_months",
            "reevaluation_window",
            "grace_days",
            "grace",
            "day_off",
            "old_rules_transition",
            "screening_working_days",
            "expiry_warning_days",
            "province_rounds",
            "star_bands",
            "score_parts",
            "sections",
            "items",
            "remove_items",
        ],
    }
}
