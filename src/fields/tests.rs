//! Field coverage: walks the model and checks that every field of a producer and a
//! product can be set with `ocop set`, loads back without an unknown-key warning, is
//! shown by `ocop show` (text and JSON), is documented in docs/format.md and is in the
//! committed schema; and that every key of the commune, plan and activity files is
//! documented and in the schema. Nothing here lists a field: adding one to the model
//! without the rest makes this fail.

use super::*;
use crate::cli::Env;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let rel = entry.path().strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// Runs `ocop` in process on `root`; (exit code, stdout, stderr).
fn ocop(root: &Path, args: &[&str]) -> (u8, String, String) {
    let env = Env {
        system_today: chrono::NaiveDate::from_ymd_opt(2026, 11, 29).expect("date"),
        current_dir: root.to_path_buf(),
        ..Default::default()
    };
    let mut argv = vec!["ocop", "--lang", "vi"];
    argv.extend(args);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = crate::cli::main(argv.iter().map(std::ffi::OsString::from), &env, &mut out, &mut err);
    let code = if code == std::process::ExitCode::SUCCESS { 0 } else { 1 };
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

/// A value for `f` that the example record accepts: its current value when it has one,
/// else one of the field's type that keeps the record valid.
fn sample(f: &Field, current: Option<&serde_json::Value>) -> String {
    if let Some(v) = current.filter(|v| !v.is_null()) {
        return v.as_str().map_or_else(|| v.to_string(), str::to_string);
    }
    match (f.path.as_str(), f.ty) {
        ("code", _) => "31-11353-001-2023".into(),
        ("rule_set", _) => "qd-26-2026".into(),
        ("certificate.score", _) => "60".into(),
        ("certificate.expires", _) => "2026-03-28".into(),
        (_, FieldType::Choice(keys)) => keys[0].into(),
        (_, FieldType::Integer) => f.min.unwrap_or(1).max(f.max.map_or(1, |m| m.min(3))).to_string(),
        (_, FieldType::Float) => "1.5".into(),
        (_, FieldType::Date) => "2026-01-02".into(),
        (_, FieldType::Bool) => "true".into(),
        (_, FieldType::Text) => format!("Mẫu {}", f.path),
    }
}

/// How `show` writes a value: dates day first.
fn shown(f: &Field, value: &str) -> String {
    match (f.ty, chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")) {
        (FieldType::Date, Ok(d)) => d.format("%d/%m/%Y").to_string(),
        _ => value.to_string(),
    }
}

/// The `## ` section of `doc` whose heading names `file`, with its subsections.
fn section<'a>(doc: &'a str, file: &str) -> &'a str {
    let start = doc
        .lines()
        .position(|l| l.starts_with("## ") && l.contains(file))
        .map_or(0, |i| doc.lines().take(i).map(|l| l.len() + 1).sum::<usize>());
    let rest = &doc[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 4);
    &rest[..end]
}

fn documented(doc: &str, file: &str, path: &str) -> bool {
    let leaf = path.rsplit(['.', ']']).find(|s| !s.is_empty() && *s != "*" && !s.ends_with('[')).unwrap_or(path);
    let leaf = leaf.trim_end_matches("[]");
    let text = section(doc, file);
    [format!("`{leaf}`"), format!("`[{leaf}]`"), format!("`[[{leaf}]]`")].iter().any(|k| text.contains(k.as_str()))
}

fn in_committed_schema(kind: Kind, path: &str) -> bool {
    let text = std::fs::read_to_string(repo().join("schema").join(format!("{}.json", kind.name()))).expect("schema");
    let committed: serde_json::Value = serde_json::from_str(&text).expect("json");
    let leaf = path.rsplit(['.', ']']).next().unwrap_or(path);
    committed.to_string().contains(&format!("\"{leaf}\""))
}

#[test]
fn every_producer_and_product_field_is_settable_loadable_shown_documented_and_in_the_schema() {
    let format_md = std::fs::read_to_string(repo().join("docs/format.md")).expect("docs/format.md");
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&repo().join("examples/viet-khe"), dir.path());
    let root = dir.path();
    for (kind, id, file) in
        [(Kind::Producer, "htx-an-son", "producers/<id>.toml"), (Kind::Product, "mat-ong-an-son", "products/<id>.toml")]
    {
        assert!(!fields(kind).is_empty());
        for f in fields(kind) {
            let (_, json, _) = ocop(root, &["show", id, "--format", "json"]);
            let json: serde_json::Value = serde_json::from_str(&json).expect("show json");
            let record = if kind == Kind::Product { &json["record"] } else { &json["producer"] };
            let pointer = format!("/{}", f.path.replace('.', "/"));
            let value = sample(f, record.pointer(&pointer));
            // Settable.
            // A certificate already recorded changes only as a correction (issue 9).
            let assignment = format!("{}={value}", f.path);
            let mut set = vec!["set", id, assignment.as_str()];
            if f.path.starts_with("certificate.") {
                set.push("--correct");
            }
            let (code, _, err) = ocop(root, &set);
            assert_eq!(code, 0, "`ocop set {id} {}={value}` failed: {err}", f.path);
            // Loadable: the file reads back with the value and no unknown-key warning.
            let (_, check, _) = ocop(root, &["check"]);
            assert!(!check.contains("W006"), "{}: unknown key after set:\n{check}", f.path);
            // Shown, as text and as JSON.
            let (_, text, _) = ocop(root, &["show", id]);
            let label = crate::render::labels::field(crate::i18n::Lang::Vi, f);
            assert!(
                text.contains(&shown(f, &value)) || text.contains(label),
                "`ocop show {id}` shows neither {label:?} nor {value:?} for {}:\n{text}",
                f.path
            );
            let (_, json, _) = ocop(root, &["show", id, "--format", "json"]);
            let json: serde_json::Value = serde_json::from_str(&json).expect("show json");
            let record = if kind == Kind::Product { &json["record"] } else { &json["producer"] };
            assert!(record.pointer(&pointer).is_some_and(|v| !v.is_null()), "show --format json lacks {}", f.path);
            // Labelled in both languages, documented, in the schema.
            for lang in [crate::i18n::Lang::Vi, crate::i18n::Lang::En] {
                assert_ne!(crate::render::labels::field(lang, f), f.label_key(), "no {lang:?} label for {}", f.path);
            }
            assert!(!f.doc.trim().is_empty(), "{} {} has no doc comment in the model", kind.name(), f.path);
            assert!(documented(&format_md, file, &f.path), "docs/format.md does not document {}", f.path);
            assert!(in_committed_schema(kind, &f.path), "schema/{}.json lacks {}", kind.name(), f.path);
        }
    }
}

#[test]
fn every_key_of_every_file_kind_is_documented_and_in_the_schema() {
    let format_md = std::fs::read_to_string(repo().join("docs/format.md")).expect("docs/format.md");
    let plan_md = std::fs::read_to_string(repo().join("docs/plan-and-activities.md")).expect("plan docs");
    let mut missing = Vec::new();
    for kind in Kind::ALL {
        let (doc, file) = match kind {
            Kind::Commune => (&format_md, "ocop.toml"),
            Kind::Producer => (&format_md, "producers/<id>.toml"),
            Kind::Product => (&format_md, "products/<id>.toml"),
            Kind::Plan => (&plan_md, "plan.toml"),
            Kind::Activity => (&plan_md, "activities/<id>.toml"),
        };
        let paths = all_paths(kind);
        assert!(!paths.is_empty(), "{}", kind.name());
        for path in paths {
            if !documented(doc, file, &path) {
                missing.push(format!("the docs of {file} do not mention `{path}`"));
            }
            if matches!(kind, Kind::Commune | Kind::Producer | Kind::Product) && !in_committed_schema(kind, &path) {
                missing.push(format!("schema/{}.json lacks {path}", kind.name()));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn known_keys_follow_tables_lists_and_maps() {
    use crate::load::Seg;
    let keys = |kind, path: &[Seg]| keys(kind, path);
    assert!(keys(Kind::Product, &[]).contains(&"certificate"));
    assert!(keys(Kind::Product, &[Seg::from("certificate")]).contains(&"stars"));
    assert!(keys(Kind::Product, &[Seg::from("past_certificates"), Seg::Index(0)]).contains(&"decision"));
    assert!(keys(Kind::Product, &[Seg::from("dossier"), Seg::from("form_01")]).contains(&"evidence"));
    assert!(keys(Kind::Product, &[Seg::from("stages"), Seg::Index(2)]).contains(&"reference"));
    assert!(keys(Kind::Producer, &[Seg::from("guidance"), Seg::Index(0)]).contains(&"topics"));
    assert!(keys(Kind::Plan, &[Seg::from("targets"), Seg::Index(0)]).contains(&"measure"));
    assert!(keys(Kind::Activity, &[Seg::from("spending"), Seg::Index(0)]).contains(&"amount"));
    assert!(keys(Kind::Producer, &[Seg::from("nothing")]).is_empty());
}

#[test]
fn fields_carry_types_bounds_and_requirement_from_the_model() {
    let set = find(Kind::Product, "set").expect("set");
    assert_eq!((set.ty, set.required, set.min, set.max), (FieldType::Integer, true, Some(1), Some(26)));
    assert_eq!(find(Kind::Product, "certificate.issued").map(|f| f.ty), Some(FieldType::Date));
    assert_eq!(find(Kind::Product, "certificate.score").map(|f| f.ty), Some(FieldType::Float));
    assert_eq!(find(Kind::Producer, "kind").map(|f| f.ty), Some(FieldType::Choice(crate::model::ProducerKind::KEYS)));
    assert!(find(Kind::Producer, "id").is_none(), "the id is the file name, not a field");
    assert!(find(Kind::Product, "stages").is_none(), "lists are not fields");
}
