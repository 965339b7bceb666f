//! Editing records beside the people who also edit them by hand: open the file with
//! `toml_edit`, change only the keys meant, re-parse and re-check the result, and write
//! it atomically, or show the diff. Used by `set`, `new` and `import`; nothing here
//! prints.

pub mod diff;
pub mod document;
pub mod fields;
pub mod lock;
pub mod request;
pub mod same;
pub mod template;
pub mod write;

pub use document::Document;
pub use lock::{LockError, TreeLock};
pub use write::{Snapshot, WriteError, Written};

use crate::checks::run_all;
use crate::codes::tax_code_digits;
use crate::diag::{Diagnostic, Severity};
use crate::load::{Catalog, PRODUCERS_DIR, PRODUCTS_DIR, Record, Seg, SourceFile, keys_producer, keys_product};
use crate::model::{Id, Producer, Product};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use toml_edit::{Item, Value};

/// The kinds of record that live one per file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Producer,
    Product,
    /// An activity under the plan (`activities/<id>.toml`).
    Activity,
    /// The commune's plan, `plan.toml` at the root (its id is `plan`).
    Plan,
}

impl RecordKind {
    pub fn dir(self) -> &'static str {
        match self {
            RecordKind::Producer => PRODUCERS_DIR,
            RecordKind::Product => PRODUCTS_DIR,
            RecordKind::Activity => crate::plan::ACTIVITIES_DIR,
            RecordKind::Plan => "",
        }
    }

    /// `producers/<id>.toml`, relative to the root; `plan.toml` for the plan.
    pub fn rel_path(self, id: &str) -> PathBuf {
        match self {
            RecordKind::Plan => PathBuf::from(crate::plan::PLAN_FILE),
            _ => Path::new(self.dir()).join(format!("{id}.toml")),
        }
    }

    /// The fields of this kind of record (from the model).
    pub fn fields(self) -> &'static [fields::Field] {
        crate::fields::fields(self.schema_kind())
    }

    /// The field at a dotted path (`phone`, `certificate.stars`).
    pub fn field(self, path: &str) -> Option<&'static fields::Field> {
        crate::fields::find(self.schema_kind(), path)
    }

    pub fn schema_kind(self) -> crate::fields::Kind {
        match self {
            RecordKind::Producer => crate::fields::Kind::Producer,
            RecordKind::Product => crate::fields::Kind::Product,
            RecordKind::Activity => crate::fields::Kind::Activity,
            RecordKind::Plan => crate::fields::Kind::Plan,
        }
    }

    fn known_keys(self) -> fn(&[Seg]) -> Vec<&'static str> {
        match self {
            RecordKind::Producer => keys_producer,
            RecordKind::Product => keys_product,
            RecordKind::Activity => keys_activity,
            RecordKind::Plan => keys_plan,
        }
    }
}

fn keys_activity(parent: &[Seg]) -> Vec<&'static str> {
    crate::fields::keys(crate::fields::Kind::Activity, parent)
}

fn keys_plan(parent: &[Seg]) -> Vec<&'static str> {
    crate::fields::keys(crate::fields::Kind::Plan, parent)
}

/// One change to a record's document.
#[derive(Debug, Clone)]
pub enum Change {
    /// Sets the value at a path of keys (`["dossier", "test_report", "status"]`).
    Set(Vec<String>, Value),
    /// Removes the key at a path, if present.
    Remove(Vec<String>),
    /// Adds a path to an item's `evidence`, unless it is already there.
    AddEvidence {
        item: String,
        path: String,
    },
    RemoveEvidence {
        item: String,
        path: String,
    },
    /// Appends a `[[stages]]` entry.
    PushStage(Vec<(String, Value)>),
    /// Appends an entry to an array of tables (`[[targets]]` of the plan).
    Push(String, Vec<(String, Value)>),
    /// Records a new certificate, moving the current one to `past_certificates`.
    Certify(Vec<(String, Value)>),
    /// Records (or, with None, forgets) the fingerprint of an item's evidence file.
    Fingerprint {
        item: String,
        path: String,
        value: Option<String>,
    },
}

impl Change {
    pub fn set(path: &[&str], value: impl Into<Value>) -> Change {
        Change::Set(path.iter().map(|s| s.to_string()).collect(), value.into())
    }
}

/// Applies `changes` in order.
pub fn apply(doc: &mut Document, changes: &[Change]) {
    for change in changes {
        match change {
            Change::Set(path, value) => doc.set(&strs(path), value.clone()),
            Change::Remove(path) => {
                doc.remove(&strs(path));
            }
            Change::AddEvidence { item, path } => {
                let table = doc.table(&["dossier", item]);
                match table.get_mut("evidence") {
                    Some(Item::Value(Value::Array(arr))) => {
                        if !arr.iter().any(|v| v.as_str() == Some(path)) {
                            document::push_like_last(arr, Value::from(path.as_str()));
                        }
                    }
                    _ => {
                        let mut arr = toml_edit::Array::new();
                        arr.push(path.as_str());
                        table.insert("evidence", Item::Value(Value::Array(arr)));
                    }
                }
            }
            Change::RemoveEvidence { item, path } => {
                if let Some(Item::Value(Value::Array(arr))) = doc.table(&["dossier", item]).get_mut("evidence") {
                    arr.retain(|v| v.as_str() != Some(path));
                }
            }
            Change::PushStage(entries) => {
                let entries: Vec<(&str, Value)> = entries.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                doc.push_table("stages", &entries);
            }
            Change::Push(list, entries) => {
                let entries: Vec<(&str, Value)> = entries.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                doc.push_table(list, &entries);
            }
            Change::Fingerprint { item, path, value } => {
                let table = doc.table(&["dossier", item]);
                match (table.get_mut("fingerprints"), value) {
                    (Some(Item::Value(Value::InlineTable(prints))), Some(v))
                        if prints.get(path).and_then(Value::as_str) != Some(v.as_str()) =>
                    {
                        prints.insert(path, Value::from(v.as_str()));
                        prints.fmt();
                    }
                    (Some(Item::Table(prints)), Some(v)) => {
                        prints.insert(path, Item::Value(Value::from(v.as_str())));
                    }
                    (Some(Item::Value(Value::InlineTable(prints))), None) => {
                        prints.remove(path);
                    }
                    (Some(Item::Table(prints)), None) => {
                        prints.remove(path);
                    }
                    (None, Some(v)) => {
                        let mut t = toml_edit::InlineTable::new();
                        t.insert(path, Value::from(v.as_str()));
                        t.fmt();
                        table.insert("fingerprints", Item::Value(Value::InlineTable(t)));
                    }
                    _ => {}
                }
            }
            Change::Certify(entries) => {
                let entries: Vec<(&str, Value)> = entries.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                doc.replace_certificate(&entries);
            }
        }
    }
}

fn strs(path: &[String]) -> Vec<&str> {
    path.iter().map(String::as_str).collect()
}

/// A record of any kind.
// One exists per edit and lives briefly: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum AnyRecord {
    Producer(Record<Producer>),
    Product(Record<Product>),
    Activity(Record<crate::plan::Activity>),
    Plan(Record<crate::plan::Plan>),
}

impl AnyRecord {
    /// Puts the record into `catalog`, replacing one with the same id.
    pub fn insert_into(self, catalog: &mut Catalog) {
        match self {
            AnyRecord::Producer(r) => {
                catalog.producers.insert(r.id.clone(), r);
            }
            AnyRecord::Product(r) => {
                catalog.products.insert(r.id.clone(), r);
            }
            // The plan and activities live in the programme, read from the tree when
            // checked.
            AnyRecord::Activity(_) | AnyRecord::Plan(_) => {}
        }
    }
}

/// Why an edit was not made. The CLI shows the diagnostics and exits 1.
#[derive(Debug)]
pub enum Refusal {
    /// The file does not parse, so it is never rewritten.
    Broken { path: PathBuf, diagnostics: Vec<Diagnostic> },
    /// The edit would add these errors to the file (`creating`: a new file).
    NewErrors { path: PathBuf, diagnostics: Vec<Diagnostic>, creating: bool },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Broken { path, .. } => write!(f, "{} does not parse", path.display()),
            Refusal::NewErrors { path, .. } => write!(f, "the edit would add errors to {}", path.display()),
        }
    }
}

impl std::error::Error for Refusal {}

/// An edit worked out and checked, not yet written.
#[derive(Debug)]
pub struct Planned {
    pub kind: RecordKind,
    pub id: Id,
    /// The file, absolute.
    pub path: PathBuf,
    /// The file, relative to the root (as diagnostics show it).
    pub rel: PathBuf,
    /// The file as read; None for a new record.
    pub snapshot: Option<Snapshot>,
    pub old: Option<String>,
    pub new: String,
    /// What the checks still say about the file after the edit (warnings, and errors
    /// that were there before).
    pub remaining: Vec<Diagnostic>,
    /// The record after the edit, to put into a catalog.
    pub record: AnyRecord,
}

impl Planned {
    pub fn changed(&self) -> bool {
        self.old.as_deref() != Some(self.new.as_str())
    }

    /// The unified diff, with `/` in the path whatever the platform.
    pub fn diff(&self) -> String {
        diff::unified(&self.rel.to_string_lossy().replace('\\', "/"), self.old.as_deref(), &self.new)
    }

    /// Writes the file under the tree's lock: atomically over the old one (refusing if
    /// it changed on disk), or as a new file (refusing to replace one).
    pub fn write(&self, lock: &TreeLock) -> Result<Written, WriteError> {
        match &self.snapshot {
            Some(s) => write::write_atomic(lock, s, self.new.as_bytes()),
            None => write::create_new(lock, &self.path, self.new.as_bytes()).map(|()| Written::Written),
        }
    }
}

/// Parses `text` as a record of `kind` and runs every check on a copy of `catalog` that
/// holds it. Returns the record and the diagnostics on its file, or the parse error.
pub fn check_text(
    catalog: &Catalog,
    kind: RecordKind,
    id: &Id,
    rel: &Path,
    text: &str,
    today: NaiveDate,
) -> Result<(AnyRecord, Vec<Diagnostic>), Vec<Diagnostic>> {
    let source = SourceFile::decode(rel.to_path_buf(), text.as_bytes()).map_err(|d| vec![*d])?;
    let known = kind.known_keys();
    let mut diags = Vec::new();
    let (record, more) = match kind {
        RecordKind::Producer => {
            let (value, w) = source.parse::<Producer>(&known).map_err(|d| vec![*d])?;
            (AnyRecord::Producer(Record { id: id.clone(), source, value }), w)
        }
        RecordKind::Product => {
            let (value, w) = source.parse::<Product>(&known).map_err(|d| vec![*d])?;
            (AnyRecord::Product(Record { id: id.clone(), source, value }), w)
        }
        RecordKind::Activity => {
            let (value, w) = source.parse::<crate::plan::Activity>(&known).map_err(|d| vec![*d])?;
            let record = Record { id: id.clone(), source, value };
            diags.extend(w);
            // The plan's checks, over the tree's programme holding this version.
            let mut ignored = Vec::new();
            let mut programme = crate::plan::load(catalog, &mut ignored);
            programme.activities.insert(id.clone(), record.clone());
            diags.extend(crate::plan::check(catalog, &programme).into_iter().filter(|d| d.path == rel));
            crate::checks::sort(&mut diags);
            return Ok((AnyRecord::Activity(record), diags));
        }
        RecordKind::Plan => {
            let (value, w) = source.parse::<crate::plan::Plan>(&known).map_err(|d| vec![*d])?;
            let record = Record { id: id.clone(), source, value };
            diags.extend(w);
            // The plan's checks, over the tree's programme holding this version.
            let mut ignored = Vec::new();
            let mut programme = crate::plan::load(catalog, &mut ignored);
            programme.plan = Some(record.clone());
            diags.extend(crate::plan::check(catalog, &programme).into_iter().filter(|d| d.path == rel));
            crate::checks::sort(&mut diags);
            return Ok((AnyRecord::Plan(record), diags));
        }
    };
    diags.extend(more);
    let near = neighbourhood(catalog, &record);
    diags.extend(run_all(&near, today).into_iter().filter(|d| d.path == rel));
    crate::checks::sort(&mut diags);
    Ok((record, diags))
}

/// The part of `catalog` the checks on `record` look at, with `record` in it: the rules,
/// the commune, a product's producer, the producers sharing a producer's tax code (W040).
/// The record gets the diagnostics a check of the whole tree gives it, at a cost that
/// does not grow with the tree (a copy of a national tree took seconds per edit).
fn neighbourhood(catalog: &Catalog, record: &AnyRecord) -> Catalog {
    let mut near = Catalog {
        root: catalog.root.clone(),
        commune: catalog.commune.clone(),
        producers: Default::default(),
        products: Default::default(),
        rules: catalog.rules.clone(),
        broken: catalog.broken.clone(),
        positions: catalog.positions,
    };
    match record {
        AnyRecord::Product(r) => match catalog.producers.get_key_value(r.value.producer.as_str()) {
            Some((id, p)) => {
                near.producers.insert(id.clone(), p.clone());
            }
            // An unknown producer (E009) is told the closest of every producer's id.
            None => near.producers = catalog.producers.clone(),
        },
        AnyRecord::Producer(r) => {
            let digits = |p: &Producer| p.registration_code.as_deref().map(tax_code_digits).filter(|d| !d.is_empty());
            if let Some(code) = digits(&r.value) {
                for (id, p) in catalog.producers.iter().filter(|(_, p)| digits(&p.value).as_ref() == Some(&code)) {
                    near.producers.insert(id.clone(), p.clone());
                }
            }
        }
        // The plan and activities are checked against the programme, not here.
        AnyRecord::Activity(_) | AnyRecord::Plan(_) => {}
    }
    record.clone().insert_into(&mut near);
    near
}

/// Errors in `after` that `before` did not have (matched by code and message, since
/// positions move when lines are added).
fn new_errors(before: &[Diagnostic], after: &[Diagnostic]) -> Vec<Diagnostic> {
    let key = |d: &Diagnostic| (d.code, d.message(crate::i18n::Lang::En));
    let mut old: Vec<_> = before.iter().filter(|d| d.severity == Severity::Error).map(key).collect();
    after
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| match old.iter().position(|k| *k == key(d)) {
            Some(i) => {
                old.swap_remove(i);
                false
            }
            None => true,
        })
        .cloned()
        .collect()
}

/// A tree written in a newer format than this binary knows is never written to: the
/// files may hold what this version cannot keep.
pub fn refuse_newer_format(catalog: &Catalog) -> anyhow::Result<()> {
    let format = catalog.commune.as_ref().map_or(1, |c| c.value.format_version());
    if format > crate::model::FORMAT_VERSION {
        let _lang = catalog.commune.as_ref().and_then(|c| c.value.language).unwrap_or_default();
        return Err(crate::error::UserError::usage(
            "history.format_too_new",
            &[("format", &format.to_string().into()), ("supported", &crate::model::FORMAT_VERSION.to_string().into())],
        )
        .into());
    }
    Ok(())
}

/// Works out `changes` to the record `id` of `kind`: reads its file, refuses when it does
/// not parse, applies the changes with `toml_edit`, and refuses when the result would
/// have an error the file did not have.
pub fn plan_edit(
    catalog: &Catalog,
    kind: RecordKind,
    id: &Id,
    changes: &[Change],
    today: NaiveDate,
) -> anyhow::Result<Planned> {
    refuse_newer_format(catalog)?;
    let rel = kind.rel_path(id.as_str());
    let path = catalog.root.join(&rel);
    // A link to outside the tree is never read (its content would show in a refusal).
    if !crate::load::Inside::new(&catalog.root).contains(&path) {
        return Err(WriteError::OutsideTree(rel).into());
    }
    let snapshot = Snapshot::read(&path).map_err(|e| WriteError::Io(rel.clone(), e))?;
    let broken = |diagnostics| Refusal::Broken { path: rel.clone(), diagnostics };
    let old = match std::str::from_utf8(snapshot.bytes()) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let d = SourceFile::decode(rel.clone(), snapshot.bytes()).err().map(|d| vec![*d]).unwrap_or_default();
            return Err(broken(d).into());
        }
    };
    let checked = check_text(catalog, kind, id, &rel, &old, today);
    // The file must be the one loaded at the start, which parsed: a file that another
    // program is part-way through writing, or that was broken then, is not edited.
    let loaded = match kind {
        RecordKind::Producer => catalog.producers.get(id).map(|r| &r.source),
        RecordKind::Product => catalog.products.get(id).map(|r| &r.source),
        // Activities and the plan live in the programme, not the catalog: their text is
        // verified only by parsing it as it is now.
        RecordKind::Activity | RecordKind::Plan => None,
    }
    .filter(|s| s.path == rel);
    let now = SourceFile::decode(rel.clone(), snapshot.bytes()).ok().map(|s| s.text);
    let before = match (loaded, checked) {
        (Some(at_start), _) if now.as_ref() != Some(&at_start.text) => return Err(WriteError::Changed(rel).into()),
        (_, Err(d)) => return Err(broken(d).into()),
        (None, Ok(_)) if catalog.is_broken(kind.dir(), id.as_str()) => return Err(WriteError::Changed(rel).into()),
        (_, Ok((_, before))) => before,
    };
    let mut doc = Document::parse(&old).map_err(|e| {
        let d = crate::diag::Diagnostic::new(crate::diag::Code::TomlSyntax, rel.clone())
            .arg("detail", e.message().to_string());
        broken(vec![d])
    })?;
    apply(&mut doc, changes);
    let new = doc.render();
    finish(catalog, kind, id, rel, path, Some(snapshot), Some(old), new, &before, today)
}

/// Works out a new record of `kind` from `template` (a template file's text) and the
/// changes that fill it in. The caller makes sure no record has this id yet.
pub fn plan_new(
    catalog: &Catalog,
    kind: RecordKind,
    id: &Id,
    template: &str,
    changes: &[Change],
    today: NaiveDate,
) -> anyhow::Result<Planned> {
    refuse_newer_format(catalog)?;
    let rel = kind.rel_path(id.as_str());
    let path = catalog.root.join(&rel);
    let mut text = template::with_schema_line(template, kind, &catalog.root);
    for change in changes {
        if let Change::Set(path, value) = change
            && let [key] = path.as_slice()
        {
            text = template::uncomment(&text, key, value);
        }
    }
    let mut doc = Document::parse(&text).map_err(|e| anyhow::anyhow!("template: {e}"))?;
    template::fill(&mut doc, kind, today);
    apply(&mut doc, changes);
    let new = doc.render();
    finish(catalog, kind, id, rel, path, None, None, new, &[], today)
}

#[allow(clippy::too_many_arguments)]
fn finish(
    catalog: &Catalog,
    kind: RecordKind,
    id: &Id,
    rel: PathBuf,
    path: PathBuf,
    snapshot: Option<Snapshot>,
    old: Option<String>,
    new: String,
    before: &[Diagnostic],
    today: NaiveDate,
) -> anyhow::Result<Planned> {
    let creating = snapshot.is_none();
    let refuse = |diagnostics| Refusal::NewErrors { path: rel.clone(), diagnostics, creating };
    let (record, after) = check_text(catalog, kind, id, &rel, &new, today).map_err(refuse)?;
    let added = new_errors(before, &after);
    if !added.is_empty() {
        return Err(refuse(added).into());
    }
    Ok(Planned { kind, id: id.clone(), path, rel, snapshot, old, new, remaining: after, record })
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod props;
