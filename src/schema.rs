//! JSON Schema for the record files, for editors (taplo, "Even Better TOML"): generated
//! from the model's serde structs, so the schema cannot drift from what the loader reads.

use crate::model::{Commune, Producer, Product};
use crate::plan::{Activity, Plan};
use schemars::Schema;
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use serde_json::Value;

/// TOML has no null: an optional key is simply left out. Drops the `null` that serde's
/// `Option` brings into types, `anyOf` and defaults.
fn drop_nulls(schema: &mut Schema) {
    let Some(obj) = schema.as_object_mut() else { return };
    if obj.get("default") == Some(&Value::Null) {
        obj.remove("default");
    }
    if let Some(Value::Array(types)) = obj.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            obj.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(any)) = obj.get_mut("anyOf") {
        any.retain(|s| s.get("type") != Some(&Value::from("null")));
        if let [Value::Object(only)] = any.as_slice() {
            let only = only.clone();
            obj.remove("anyOf");
            obj.extend(only);
        }
    }
}

/// The kinds of file a schema is written for.
pub const KINDS: [&str; 5] = ["commune", "producer", "product", "plan", "activity"];

/// The schema for `kind` (`commune`, `producer`, `product`, `plan`, `activity`) as a
/// JSON value, or None for another name.
pub fn value(kind: &str) -> Option<Value> {
    let mut settings = SchemaSettings::draft2020_12();
    settings.transforms.push(Box::new(RecursiveTransform(drop_nulls)));
    let generator = settings.into_generator();
    let schema = match kind {
        "commune" => generator.into_root_schema_for::<Commune>(),
        "producer" => generator.into_root_schema_for::<Producer>(),
        "product" => generator.into_root_schema_for::<Product>(),
        "plan" => generator.into_root_schema_for::<Plan>(),
        "activity" => generator.into_root_schema_for::<Activity>(),
        _ => return None,
    };
    let mut value = schema.to_value();
    if kind == "product" {
        list_dossier_items(&mut value);
    }
    Some(value)
}

/// Names every dossier item id of the bundled rule sets under `dossier`, so an editor
/// completes `[dossier.<id>]` and shows what the item is. Other ids stay allowed (a
/// tree's own rules may add items; `ocop check` warns about unknown ones, W022).
fn list_dossier_items(schema: &mut Value) {
    let book = crate::rules::load_rule_files(std::path::Path::new(""), &mut Vec::new());
    let mut items: std::collections::BTreeMap<&str, (&crate::rules::ItemRule, Vec<&str>)> = Default::default();
    for set in book.sets.values() {
        for item in &set.items {
            items.entry(item.id.as_str()).or_insert((item, Vec::new())).1.push(set.id.as_str());
        }
    }
    let Some(dossier) = schema.pointer_mut("/properties/dossier").and_then(Value::as_object_mut) else { return };
    let Some(entry) = dossier.get("additionalProperties").cloned() else { return };
    let properties: serde_json::Map<String, Value> = items
        .into_iter()
        .map(|(id, (item, sets))| {
            let mut p = entry.clone();
            if let Some(p) = p.as_object_mut() {
                let text = format!("{} ({}). Rule sets: {}.", item.name.vi, item.name.en, sets.join(", "));
                p.insert("description".into(), Value::from(text));
            }
            (id.to_string(), p)
        })
        .collect();
    dossier.insert("properties".into(), Value::Object(properties));
}

/// The schema for `kind` as pretty JSON with a final newline, or None for another name.
pub fn json(kind: &str) -> Option<String> {
    let mut text = serde_json::to_string_pretty(&value(kind)?).ok()?;
    text.push('\n');
    Some(text)
}

/// Every schema as (file name, JSON).
pub fn all() -> Vec<(String, String)> {
    KINDS.iter().filter_map(|k| json(k).map(|j| (format!("{k}.json"), j))).collect()
}
