//! The commented templates new records start from: the tree's own `templates/` when it
//! has them, else the ones embedded from `data-template/templates/`.

use super::{Document, RecordKind, fields::date_value};
use chrono::NaiveDate;
use std::path::Path;
use toml_edit::Item;

pub const PRODUCER: &str = include_str!("../../data-template/templates/producer.toml");
pub const PRODUCT: &str = include_str!("../../data-template/templates/product.toml");
pub const ACTIVITY: &str = include_str!("../../data-template/templates/activity.toml");
pub const PLAN: &str = include_str!("../../data-template/plan.toml");

/// The tree's template for `kind`, else the embedded one. A template that is a link to
/// outside the tree is not read (its text would end up in the new record).
pub fn text(root: &Path, kind: RecordKind) -> String {
    let (file, embedded) = match kind {
        RecordKind::Producer => ("producer.toml", PRODUCER),
        RecordKind::Product => ("product.toml", PRODUCT),
        RecordKind::Activity => ("activity.toml", ACTIVITY),
        // The plan is no record made from `templates/`: the tree's starting plan.
        RecordKind::Plan => return PLAN.to_string(),
    };
    let path = root.join("templates").join(file);
    if !crate::load::Inside::new(root).contains(&path) {
        return embedded.to_string();
    }
    std::fs::read_to_string(path).unwrap_or_else(|_| embedded.to_string())
}

fn schema_file(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Producer => "producer.json",
        RecordKind::Product => "product.json",
        RecordKind::Activity => "activity.json",
        RecordKind::Plan => "plan.json",
    }
}

/// The `#:schema` path for a record file of `kind`: to the nearest `schema/` folder at
/// or up to three folders above the root that holds the schema, else to `schema/` in
/// the root (where `ocop schema --out schema` puts it).
pub fn schema_path(kind: RecordKind, root: &Path) -> String {
    let file = schema_file(kind);
    let ups = root.ancestors().take(4).position(|dir| dir.join("schema").join(file).is_file()).unwrap_or(0);
    // plan.toml sits in the root itself, the records one folder below it.
    let depth = if kind == RecordKind::Plan { ups } else { ups + 1 };
    format!("{}schema/{file}", "../".repeat(depth))
}

/// `template` with its first line the `#:schema` directive for a record in this tree.
pub fn with_schema_line(template: &str, kind: RecordKind, root: &Path) -> String {
    let line = format!("#:schema {}", schema_path(kind, root));
    match template.strip_prefix("#:schema") {
        Some(rest) => format!("{line}{}", &rest[rest.find('\n').unwrap_or(rest.len())..]),
        None => format!("{line}\n{template}"),
    }
}

/// Turns the template's commented-out example of a top-level key (`# code = "..."`)
/// into the real line, so a value given for it lands where the template explains it.
pub fn uncomment(text: &str, key: &str, value: &toml_edit::Value) -> String {
    let is_key = |l: &str, prefix: &str| {
        l.strip_prefix(prefix).is_some_and(|rest| rest.trim_start().starts_with('=') && rest.starts_with([' ', '=']))
    };
    if text.lines().any(|l| is_key(l, key)) {
        return text.to_string();
    }
    let commented = format!("# {key}");
    let mut done = false;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if !done && is_key(line, &commented) {
            let end = if line.ends_with("\r\n") {
                "\r\n"
            } else if line.ends_with('\n') {
                "\n"
            } else {
                ""
            };
            out.push_str(&format!("{key} = {value}{end}"));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Dates the template's first stage `today`.
pub fn fill(doc: &mut Document, kind: RecordKind, today: NaiveDate) {
    if kind == RecordKind::Activity {
        // The template's date and training topic are examples: the activity is dated
        // today unless `--date` says otherwise, and its topics are added by hand.
        if let Some(Item::Value(v)) = doc.root().get_mut("date") {
            let decor = v.decor().clone();
            *v = date_value(today);
            *v.decor_mut() = decor;
        }
        doc.root().remove("topics");
        return;
    }
    if kind != RecordKind::Product {
        return;
    }
    if let Some(Item::ArrayOfTables(stages)) = doc.root().get_mut("stages")
        && let Some(first) = stages.get_mut(0)
        && let Some(Item::Value(v)) = first.get_mut("date")
    {
        let decor = v.decor().clone();
        *v = date_value(today);
        *v.decor_mut() = decor;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_line_points_at_the_nearest_schema_folder() {
        let dir = tempfile::tempdir().expect("tmp");
        let tree = dir.path().join("a/tree");
        std::fs::create_dir_all(&tree).expect("mkdir");
        assert_eq!(schema_path(RecordKind::Product, &tree), "../schema/product.json");
        std::fs::create_dir_all(dir.path().join("schema")).expect("mkdir");
        std::fs::write(dir.path().join("schema/product.json"), "{}").expect("write");
        assert_eq!(schema_path(RecordKind::Product, &tree), "../../../schema/product.json");
        let t = with_schema_line("#:schema x\nname = 1\n", RecordKind::Product, &tree);
        assert_eq!(t, "#:schema ../../../schema/product.json\nname = 1\n");
        let t = with_schema_line("name = 1\n", RecordKind::Producer, &tree);
        assert_eq!(t, "#:schema ../schema/producer.json\nname = 1\n");
        // plan.toml lies in the root itself.
        assert_eq!(schema_path(RecordKind::Plan, &tree), "schema/plan.json");
        std::fs::write(dir.path().join("schema/plan.json"), "{}").expect("write");
        assert_eq!(schema_path(RecordKind::Plan, &tree), "../../schema/plan.json");
    }

    #[test]
    fn commented_examples_become_real_lines() {
        let t = "name = 1\n# Mã vạch.\n# barcode = \"893\"\n# barcodes = 2\n";
        let v = toml_edit::Value::from("8936123450021");
        assert_eq!(uncomment(t, "barcode", &v), "name = 1\n# Mã vạch.\nbarcode = \"8936123450021\"\n# barcodes = 2\n");
        assert_eq!(uncomment(t, "name", &v), t);
        assert_eq!(uncomment(t, "code", &v), t);
    }
}
