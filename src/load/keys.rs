//! The keys each kind of file may hold, by table, for "did you mean" on unknown keys.

use super::Seg;

pub fn commune(_: &[Seg]) -> Vec<&'static str> {
    vec!["name", "province", "province_code", "commune_code", "office", "year", "language", "rule_set"]
}

pub fn producer(parent: &[Seg]) -> Vec<&'static str> {
    match parent.first() {
        Some(Seg::Key(k)) if k == "guidance" => vec!["date", "topics", "note"],
        _ => vec![
            "id",
            "name",
            "kind",
            "registration_code",
            "representative",
            "hamlet",
            "address",
            "phone",
            "email",
            "guidance",
            "note",
        ],
    }
}

pub fn product(parent: &[Seg]) -> Vec<&'static str> {
    const CERT: &[&str] = &["stars", "decision", "issued_by", "issued", "legal_basis", "expires", "score"];
    match parent.first() {
        Some(Seg::Key(k)) if k == "certificate" || k == "past_certificates" => CERT.to_vec(),
        Some(Seg::Key(k)) if k == "stages" => vec!["stage", "date", "reference", "note"],
        Some(Seg::Key(k)) if k == "dossier" => vec!["status", "evidence", "issued", "expires", "note", "reason"],
        _ => vec![
            "id",
            "name",
            "producer",
            "set",
            "evaluation",
            "code",
            "barcode",
            "target_stars",
            "rule_set",
            "certificate",
            "past_certificates",
            "stages",
            "dossier",
            "note",
        ],
    }
}

pub fn rules(parent: &[Seg]) -> Vec<&'static str> {
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
            "sections",
            "items",
            "remove_items",
        ],
    }
}
