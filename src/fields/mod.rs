//! The fields of every kind of file, described once: read from the JSON Schema that the
//! model's serde structs generate (`crate::schema`), so a field added to the model is at
//! once a known key (no "unknown key" warning), a field `set` can change, a flag of
//! `new`, a column `import` reads, a line `show` prints and a property of the schema.
//! Nothing here lists a field by hand; `tests` walks the model and checks that every
//! field is all of these, and documented in docs/format.md.

use crate::load::Seg;
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// A kind of file in the tree whose fields come from the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `ocop.toml`.
    Commune,
    /// `producers/<id>.toml`.
    Producer,
    /// `products/<id>.toml`.
    Product,
    /// `plan.toml`.
    Plan,
    /// `activities/<id>.toml`.
    Activity,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Commune, Kind::Producer, Kind::Product, Kind::Plan, Kind::Activity];

    /// The schema's name (`ocop schema KIND`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Commune => "commune",
            Kind::Producer => "producer",
            Kind::Product => "product",
            Kind::Plan => "plan",
            Kind::Activity => "activity",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The generated schema, built once per process.
    pub fn schema(self) -> &'static Value {
        static SCHEMAS: OnceLock<Vec<Value>> = OnceLock::new();
        &SCHEMAS
            .get_or_init(|| Kind::ALL.iter().map(|k| crate::schema::value(k.name()).unwrap_or(Value::Null)).collect())
            [self.index()]
    }
}

/// What a scalar field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Integer,
    Float,
    Date,
    Bool,
    /// One of a fixed set of keys.
    Choice(&'static [&'static str]),
}

/// A scalar field of a record: a key at the top level, or in a single table below it
/// (`certificate.stars`). Lists and maps (stages, the checklist, guidance visits) are
/// edited by their own commands, not as fields.
#[derive(Debug, Clone)]
pub struct Field {
    /// The kind of file it belongs to.
    pub kind: Kind,
    /// Dotted path, e.g. `phone` or `certificate.stars`.
    pub path: String,
    pub ty: FieldType,
    /// The model requires it (no serde default).
    pub required: bool,
    /// The model's doc comment.
    pub doc: &'static str,
    /// Bounds of a number, from the model (`#[schemars(range(...))]`).
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// The field holds a list of values of `ty` (a target's `products`), not one.
    pub many: bool,
    /// The array of tables whose entries hold it (`targets` of the plan); None for a
    /// field of the file itself.
    pub entry: Option<&'static str>,
}

impl Field {
    /// The keys of the path (`["certificate", "stars"]`).
    pub fn keys(&self) -> Vec<&str> {
        self.path.split('.').collect()
    }

    /// True for a key at the top level of the file.
    pub fn is_top_level(&self) -> bool {
        !self.path.contains('.')
    }

    /// The catalogue key of its label (`fields.product.certificate_stars`,
    /// `fields.plan.targets.measure` for a field of an entry).
    pub fn label_key(&self) -> String {
        match self.entry {
            Some(list) => format!("fields.{}.{list}.{}", self.kind.name(), self.path),
            None => format!("fields.{}.{}", self.kind.name(), self.path.replace('.', "_")),
        }
    }

    /// The catalogue key of its help text (`fieldhelp.plan.targets.measure`).
    pub fn help_key(&self) -> String {
        match self.entry {
            Some(list) => format!("fieldhelp.{}.{list}.{}", self.kind.name(), self.path),
            None => format!("fieldhelp.{}.{}", self.kind.name(), self.path),
        }
    }

    /// The flag that sets it on the command line (`--registration-code`).
    pub fn flag(&self) -> String {
        self.path.replace(['_', '.'], "-")
    }
}

/// Keys that are never set as fields: the id is the file name.
const NOT_FIELDS: &[&str] = &["id"];

/// Every scalar field of `kind`, in the model's order.
pub fn fields(kind: Kind) -> &'static [Field] {
    static FIELDS: OnceLock<Vec<Vec<Field>>> = OnceLock::new();
    &FIELDS.get_or_init(|| Kind::ALL.iter().map(|k| collect_fields(*k)).collect())[kind.index()]
}

/// The field at `path` (`phone`, `certificate.stars`) of `kind`.
pub fn find(kind: Kind, path: &str) -> Option<&'static Field> {
    fields(kind).iter().find(|f| f.path == path)
}

/// The fields of one entry of the array of tables `list` of `kind` (`targets` and
/// `milestones` of the plan), in the model's order: its scalars, and its lists of
/// scalars (`many`). Empty for a key that is not an array of tables.
pub fn entry_fields(kind: Kind, list: &str) -> &'static [Field] {
    static ENTRIES: OnceLock<Vec<(Kind, &'static str, Vec<Field>)>> = OnceLock::new();
    let all = ENTRIES.get_or_init(|| Kind::ALL.iter().flat_map(|k| collect_entries(*k)).collect());
    all.iter().find(|(k, l, _)| *k == kind && *l == list).map_or(&[], |(_, _, f)| f.as_slice())
}

fn collect_entries(kind: Kind) -> Vec<(Kind, &'static str, Vec<Field>)> {
    let root = kind.schema();
    let top = resolve(root, root);
    let mut out = Vec::new();
    for (key, schema) in properties(top).into_iter().flatten() {
        let Some(item) = resolve(root, schema).get("items").map(|i| resolve(root, i)) else { continue };
        let Some(props) = properties(item) else { continue };
        let required = required_keys(item);
        let mut fields = Vec::new();
        for (k, s) in props {
            let node = resolve(root, s);
            let (ty, many) = match scalar_type(root, node) {
                Some(ty) => (ty, false),
                None => match node.get("items").and_then(|i| scalar_type(root, resolve(root, i))) {
                    Some(ty) => (ty, true),
                    None => continue,
                },
            };
            let mut f = field(kind, k.clone(), ty, required.contains(&k.as_str()), s, node);
            f.many = many;
            f.entry = Some(key.as_str());
            fields.push(f);
        }
        out.push((kind, key.as_str(), fields));
    }
    out
}

/// The keys a table of a `kind` file may hold, for "did you mean" on unknown keys:
/// `parent` is the path of the table (empty for the top level).
pub fn keys(kind: Kind, parent: &[Seg]) -> Vec<&'static str> {
    let root = kind.schema();
    let mut node = resolve(root, root);
    for seg in parent {
        let next = match seg {
            Seg::Key(k) => {
                properties(node).and_then(|p| p.get(k.as_str())).or_else(|| node.get("additionalProperties"))
            }
            Seg::Index(_) => node.get("items"),
        };
        match next {
            Some(n) => node = resolve(root, n),
            None => return Vec::new(),
        }
    }
    properties(node).map(|p| p.keys().map(String::as_str).collect()).unwrap_or_default()
}

/// Every key path of `kind` down to the leaves, for the coverage test and the docs:
/// `guidance[].date`, `dossier.*.status`, `certificate.stars`.
pub fn all_paths(kind: Kind) -> Vec<String> {
    let root = kind.schema();
    let mut out = Vec::new();
    walk(root, resolve(root, root), String::new(), &mut out, 0);
    out
}

fn walk(root: &Value, node: &Value, prefix: String, out: &mut Vec<String>, depth: usize) {
    let Some(props) = properties(node) else { return };
    if depth > 8 {
        return;
    }
    for (key, schema) in props {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        out.push(path.clone());
        let child = resolve(root, schema);
        if let Some(items) = child.get("items") {
            walk(root, resolve(root, items), format!("{path}[]"), out, depth + 1);
        } else if let Some(values) = child.get("additionalProperties").filter(|v| v.is_object()) {
            walk(root, resolve(root, values), format!("{path}.*"), out, depth + 1);
        } else {
            walk(root, child, path, out, depth + 1);
        }
    }
}

fn properties(node: &Value) -> Option<&Map<String, Value>> {
    node.get("properties").and_then(Value::as_object)
}

/// Follows `$ref` (to `#/$defs/Name`) and a lone `allOf`/`anyOf` wrapper.
fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..8 {
        if let Some(name) = node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
            match root.get("$defs").and_then(|d| d.get(name)) {
                Some(n) => node = n,
                None => return node,
            }
        } else if let Some([only]) =
            node.get("allOf").or_else(|| node.get("anyOf")).and_then(Value::as_array).map(Vec::as_slice)
        {
            node = only;
        } else {
            break;
        }
    }
    node
}

fn collect_fields(kind: Kind) -> Vec<Field> {
    let root = kind.schema();
    let top = resolve(root, root);
    let mut out = Vec::new();
    let Some(props) = properties(top) else { return out };
    let required = required_keys(top);
    for (key, schema) in props {
        if NOT_FIELDS.contains(&key.as_str()) {
            continue;
        }
        let node = resolve(root, schema);
        if let Some(ty) = scalar_type(root, node) {
            let required = required.contains(&key.as_str());
            out.push(field(kind, key.clone(), ty, required, schema, node));
        } else if let Some(inner) = properties(node).filter(|_| node.get("items").is_none()) {
            // A single table (the certificate, the report header): its scalars by path.
            let inner_required = required_keys(node);
            for (k, s) in inner {
                let n = resolve(root, s);
                if let Some(ty) = scalar_type(root, n) {
                    out.push(field(kind, format!("{key}.{k}"), ty, inner_required.contains(&k.as_str()), s, n));
                }
            }
        }
    }
    out
}

fn field(
    kind: Kind,
    path: String,
    ty: FieldType,
    required: bool,
    schema: &'static Value,
    node: &'static Value,
) -> Field {
    let bound = |key: &str| schema.get(key).or_else(|| node.get(key)).and_then(Value::as_i64);
    let (min, max) = match ty {
        FieldType::Integer => (bound("minimum"), bound("maximum")),
        _ => (None, None),
    };
    Field { kind, path, ty, required, doc: doc(schema, node), min, max, many: false, entry: None }
}

fn required_keys(node: &Value) -> Vec<&str> {
    node.get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The doc comment: the property's own, else its type's.
fn doc(schema: &'static Value, node: &'static Value) -> &'static str {
    schema.get("description").or_else(|| node.get("description")).and_then(Value::as_str).unwrap_or("")
}

fn scalar_type(root: &'static Value, node: &'static Value) -> Option<FieldType> {
    if let Some(choices) = choices(root, node) {
        return Some(FieldType::Choice(choices));
    }
    match node.get("type").and_then(Value::as_str)? {
        "string" if node.get("format").and_then(Value::as_str) == Some("date") => Some(FieldType::Date),
        "string" => Some(FieldType::Text),
        "integer" => Some(FieldType::Integer),
        "number" => Some(FieldType::Float),
        "boolean" => Some(FieldType::Bool),
        _ => None,
    }
}

/// The keys of an enum schema (`enum: [...]`, or `oneOf` of `const`s when the variants
/// have doc comments). Leaked so they can be `'static` slices: this runs once per field
/// per process, under the `OnceLock` of `fields`.
fn choices(root: &'static Value, node: &'static Value) -> Option<&'static [&'static str]> {
    let keys: Vec<&'static str> = if let Some(values) = node.get("enum").and_then(Value::as_array) {
        values.iter().filter_map(Value::as_str).collect()
    } else if let Some(variants) = node.get("oneOf").and_then(Value::as_array) {
        variants.iter().map(|v| resolve(root, v).get("const").and_then(Value::as_str)).collect::<Option<Vec<_>>>()?
    } else {
        return None;
    };
    (!keys.is_empty()).then(|| &*Box::leak(keys.into_boxed_slice()))
}

#[cfg(test)]
mod tests;
