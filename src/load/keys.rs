//! The keys each kind of file may hold, by table, for "did you mean" on unknown keys.

use super::Seg;

pub fn commune(_: &[Seg]) -> Vec<&'static str> {
    vec!["name", "province", "province_code", "commune_code", "office", "year", "language", "rule_set", "format"]
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
    const CERT: &[&str] =
        &["stars", "decision", "issued_by", "issued", "legal_basis", "expires", "score", "score_parts", "revoked"];
    match parent {
        [Seg::Key(k), _, Seg::Key(sub), ..] if k == "past_certificates" && sub == "score_parts" => {
            return vec!["a", "b", "c"];
        }
        [Seg::Key(k), _, Seg::Key(sub), ..] if k == "past_certificates" && sub == "revoked" => {
            return vec!["date", "decision", "reason"];
        }
        [Seg::Key(k), Seg::Key(sub), ..] if k == "certificate" && sub == "score_parts" => return vec!["a", "b", "c"],
        [Seg::Key(k), Seg::Key(sub), ..] if k == "certificate" && sub == "revoked" => {
            return vec!["date", "decision", "reason"];
        }
        [Seg::Key(k), _, Seg::Key(sub), ..] if k == "dossier" && sub == "fingerprints" => return Vec::new(),
        _ => {}
    }
    match parent.first() {
        Some(Seg::Key(k)) if k == "certificate" || k == "past_certificates" => CERT.to_vec(),
        Some(Seg::Key(k)) if k == "stages" => vec!["stage", "date", "reference", "note"],
        Some(Seg::Key(k)) if k == "dossier" => {
            vec!["status", "evidence", "issued", "expires", "note", "reason", "since", "fingerprints"]
        }
        Some(Seg::Key(k)) if k == "review" => vec!["by", "date", "fingerprint"],
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
            "review",
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
