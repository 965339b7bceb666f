//! `ocop schema`: the committed schemas are what the tool generates, they accept every
//! record file in `examples/` and `data-template/`, and every `#:schema` line resolves.

use crate::harness::{Scratch, repo, stdout};
use std::path::{Path, PathBuf};

/// The committed schema folders: the repository's, the template's (copied into every
/// tree by `ocop init`) and the example's own (so its `#:schema` lines keep working
/// when the example is copied out of the repository).
const SCHEMA_DIRS: [&str; 3] = ["schema", "data-template/schema", "examples/viet-khe/schema"];

/// Every kind of file with a schema.
const KINDS: [&str; 5] = ["commune", "producer", "product", "plan", "activity"];

#[test]
fn committed_schemas_equal_the_generated_ones() {
    for dir in SCHEMA_DIRS {
        for kind in KINDS {
            let out = Scratch::empty().run(&["schema", kind]);
            assert_eq!(out.status.code(), Some(0));
            let committed = std::fs::read_to_string(repo().join(dir).join(format!("{kind}.json"))).expect("committed");
            assert_eq!(committed, stdout(&out), "{dir}/{kind}.json is stale: run `cargo run -- schema --out {dir}`");
        }
    }
}

#[test]
fn schema_out_writes_then_leaves_unchanged_files_alone() {
    let s = Scratch::empty();
    let out = s.run(&["schema", "--out", "schema"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(crate::harness::stderr(&out).contains("đã tạo schema/product.json"));
    let again = s.run(&["schema", "--out", "schema"]);
    assert!(crate::harness::stderr(&again).contains("schema/product.json: không có gì thay đổi"));
}

/// Which schema a record file follows, from where it lies.
fn kind_of(path: &Path) -> Option<&'static str> {
    let name = path.file_name()?.to_str()?;
    let parent = path.parent()?.file_name()?.to_str()?;
    match (parent, name) {
        (_, "ocop.toml") => Some("commune"),
        (_, "plan.toml") => Some("plan"),
        ("producers", _) | ("templates", "producer.toml") => Some("producer"),
        ("products", _) | ("templates", "product.toml") => Some("product"),
        ("activities", _) | ("templates", "activity.toml") => Some("activity"),
        _ => None,
    }
}

fn record_files() -> Vec<(PathBuf, &'static str)> {
    let mut files = Vec::new();
    for root in ["examples", "data-template"] {
        for entry in walkdir::WalkDir::new(repo().join(root)).sort_by_file_name() {
            let entry = entry.expect("walk");
            let p = entry.path();
            if p.extension().is_some_and(|e| e == "toml")
                && let Some(kind) = kind_of(p)
            {
                files.push((p.to_path_buf(), kind));
            }
        }
    }
    files
}

/// TOML as JSON the way taplo sees it: dates become strings.
fn to_json(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => J::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect()),
    }
}

#[test]
fn the_schemas_accept_every_example_and_template_file() {
    let files = record_files();
    assert!(files.len() >= 22, "{files:?}");
    for kind in KINDS {
        assert!(files.iter().any(|(_, k)| *k == kind), "no {kind} file is validated");
    }
    for (path, kind) in files {
        let schema: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(repo().join("schema").join(format!("{kind}.json"))).expect("schema"),
        )
        .expect("json");
        let validator = jsonschema::validator_for(&schema).expect("valid schema");
        let text = std::fs::read_to_string(&path).expect("read");
        let value = to_json(toml::from_str::<toml::Value>(&text).expect("toml"));
        let errors: Vec<String> =
            validator.iter_errors(&value).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{} ({kind}): {errors:?}", path.display());
    }
}

#[test]
fn the_schemas_reject_a_typo_and_a_wrong_type() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("schema/product.json")).expect("schema"))
            .expect("json");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let good = "name = \"A\"\nproducer = \"b\"\nset = 4\nevaluation = \"first\"\n";
    assert!(validator.is_valid(&to_json(toml::from_str(good).expect("toml"))));
    for bad in [
        good.replace("set = 4", "set = \"4\""),
        good.replace("evaluation = \"first\"", "evaluation = \"frist\""),
        format!("{good}[dossier.form_01]\nstatsu = \"done\"\n"),
        format!("{good}[[stages]]\nstage = \"preparing\"\ndate = \"1/6/2026\"\n"),
    ] {
        assert!(!validator.is_valid(&to_json(toml::from_str(&bad).expect("toml"))), "{bad}");
    }
}

/// The product schema names every dossier item of the bundled rule sets, so an editor
/// completes `[dossier.<id>]`; an id of no rule set is still allowed (W022 warns).
#[test]
fn the_product_schema_lists_the_dossier_items() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("schema/product.json")).expect("schema"))
            .expect("json");
    let items = schema.pointer("/properties/dossier/properties").and_then(|p| p.as_object()).expect("item ids");
    for id in ["form_01", "test_report", "food_safety_certificate", "product_story"] {
        let item = items.get(id).unwrap_or_else(|| panic!("{id} is not listed"));
        let about = item["description"].as_str().unwrap_or_default();
        assert!(about.contains("qd-26-2026"), "{id}: {about}");
    }
    assert!(items["form_01"]["description"].as_str().is_some_and(|d| d.contains("Phiếu đăng ký")));
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let own = "name = \"A\"\nproducer = \"b\"\nset = 4\n[dossier.own_item]\nstatus = \"done\"\n";
    assert!(validator.is_valid(&to_json(toml::from_str(own).expect("toml"))));
}

/// Copied out of the repository, the example's `#:schema` lines still find its own
/// schema folder.
#[test]
fn the_example_keeps_its_schemas_when_copied_out() {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(s.path()).sort_by_file_name() {
        let entry = entry.expect("walk");
        let p = entry.path();
        let Some(kind) = kind_of(p).filter(|_| p.extension().is_some_and(|e| e == "toml")) else { continue };
        let text = std::fs::read_to_string(p).expect("read");
        let rel = text.lines().next().and_then(|l| l.strip_prefix("#:schema ")).expect("a #:schema line");
        let target = p.parent().expect("parent").join(rel);
        assert!(target.is_file(), "{}: {rel} does not resolve in the copy", p.display());
        assert!(target.starts_with(s.path()), "{}: {rel} points outside the example", p.display());
        assert!(rel.ends_with(&format!("{kind}.json")), "{}: {rel}", p.display());
        seen += 1;
    }
    assert!(seen >= 18, "only {seen} files");
}

#[test]
fn every_schema_line_resolves_to_the_right_schema() {
    for (path, kind) in record_files() {
        let text = std::fs::read_to_string(&path).expect("read");
        let first = text.lines().next().unwrap_or_default();
        let rel = first.strip_prefix("#:schema ").unwrap_or_else(|| panic!("{}: no #:schema line", path.display()));
        // A template lies in templates/, one folder below the root like producers/ and
        // products/ where it is copied, so its line resolves from where it lies too.
        let target = path.parent().expect("parent").join(rel);
        assert!(target.is_file(), "{}: {rel} does not resolve", path.display());
        assert_eq!(
            target.file_name().and_then(|n| n.to_str()),
            Some(format!("{kind}.json").as_str()),
            "{}",
            path.display()
        );
    }
}
