//! Importing producers and products from the spreadsheet a commune already keeps: one
//! row per product (or per producer), columns found by their headers. Every record is
//! made from the template and checked like `ocop new`; a row with a problem is skipped
//! whole and named by its row number; records that already exist are left alone, so a
//! second run creates nothing. A producer already in the tree under another id (the
//! same tax code or name) or a product with the same name and producer is recognised and
//! used, not created again.

pub mod columns;
pub mod sheet;

use crate::diag::Diagnostic;
use crate::edit::same::{self, Same};
use crate::edit::{AnyRecord, Change, Planned, RecordKind, Refusal, plan_new, template};
use crate::load::Catalog;
use crate::model::Id;
use crate::text::{fold, record_id};
use chrono::NaiveDate;
use columns::{Column, column_of, evaluation_of, kind_from_name, kind_of};
use sheet::{Cell, Row};
use std::collections::BTreeMap;
use std::path::PathBuf;
use toml_edit::Value;

/// What happens to one record of a row.
#[derive(Debug)]
pub enum Action {
    Create(Box<Planned>),
    /// A record with this id is already in the tree (or earlier in the sheet).
    Exists(RecordKind, Id),
    /// The row's record is already in the tree (or earlier in the sheet) under another
    /// id, recognised by its tax code or name: that one is used.
    Matched(RecordKind, Id, Same),
}

/// Why a row is skipped.
#[derive(Debug)]
pub enum Problem {
    NoProducerName,
    /// The legal form is blank and the name does not imply one.
    NoKind,
    BadKind(String),
    NoSet,
    BadSet(String),
    BadEvaluation(String),
    BadStars(String),
    /// The same producer or product as an earlier row.
    Duplicate(usize),
    /// The product's file exists, but for another producer than the row's.
    ProductOfAnother {
        path: PathBuf,
        producer: Id,
        row_producer: String,
    },
    /// What the checks found in the record the row would create.
    Errors(Vec<Diagnostic>),
}

/// The outcome of one row.
#[derive(Debug)]
pub struct RowReport {
    pub row: usize,
    pub actions: Vec<Action>,
    pub problems: Vec<Problem>,
}

/// The whole import, worked out and checked, not yet written.
#[derive(Debug)]
pub struct ImportPlan {
    pub header_row: usize,
    /// Headers that match no column, left out.
    pub ignored: Vec<String>,
    pub rows: Vec<RowReport>,
}

/// Why a sheet cannot be imported at all.
#[derive(Debug)]
pub enum SheetError {
    Empty,
    /// No column for the producer's name; the headers found.
    NoNameColumn {
        row: usize,
        headers: Vec<String>,
    },
}

impl ImportPlan {
    pub fn planned(&self) -> impl Iterator<Item = &Planned> {
        self.rows.iter().flat_map(|r| &r.actions).filter_map(|a| match a {
            Action::Create(p) => Some(p.as_ref()),
            Action::Exists(..) | Action::Matched(..) => None,
        })
    }

    pub fn has_problems(&self) -> bool {
        self.rows.iter().any(|r| !r.problems.is_empty())
    }
}

/// One row's values by column.
struct Values<'a>(BTreeMap<Column, &'a Cell>);

impl Values<'_> {
    fn get(&self, c: Column) -> Option<String> {
        let cell = self.0.get(&c)?;
        let t = cell.text.trim();
        if t.is_empty() {
            return None;
        }
        // A number cell drops the leading zero of tax codes (0201234583 → 201234583) and
        // phone numbers: put it back.
        let digits = t.chars().all(|ch| ch.is_ascii_digit());
        let restored = match c {
            Column::RegistrationCode if cell.numeric && digits && matches!(t.len(), 9 | 11) => format!("0{t}"),
            Column::Phone if cell.numeric && digits && t.len() == 9 => format!("0{t}"),
            _ => t.to_string(),
        };
        Some(restored)
    }
}

/// Plans the import of `rows` (blank rows already left out) into `catalog`.
pub fn plan(catalog: &Catalog, rows: &[Row], today: NaiveDate) -> Result<ImportPlan, SheetError> {
    let Some((header, data)) = rows.split_first() else { return Err(SheetError::Empty) };
    let mut map: Vec<(usize, Column)> = Vec::new();
    let mut ignored = Vec::new();
    for (i, cell) in header.cells.iter().enumerate() {
        match column_of(&cell.text) {
            Some(c) if !map.iter().any(|(_, m)| *m == c) => map.push((i, c)),
            _ if cell.text.is_empty() => {}
            _ => ignored.push(cell.text.clone()),
        }
    }
    if !map.iter().any(|(_, c)| *c == Column::ProducerName) {
        return Err(SheetError::NoNameColumn {
            row: header.number,
            headers: header.cells.iter().map(|c| c.text.clone()).filter(|t| !t.is_empty()).collect(),
        });
    }
    let mut catalog = catalog.clone();
    let mut seen: BTreeMap<(u8, String), usize> = BTreeMap::new();
    let producer_templ = template::text(&catalog.root, RecordKind::Producer);
    let product_templ = template::text(&catalog.root, RecordKind::Product);
    let mut reports = Vec::new();
    for row in data {
        let values = Values(map.iter().filter_map(|(i, c)| row.cells.get(*i).map(|cell| (*c, cell))).collect());
        let mut report = RowReport { row: row.number, actions: Vec::new(), problems: Vec::new() };
        let templates = (producer_templ.as_str(), product_templ.as_str());
        plan_row(&mut catalog, &values, &mut seen, row.number, templates, today, &mut report);
        reports.push(report);
    }
    Ok(ImportPlan { header_row: header.number, ignored, rows: reports })
}

fn plan_row(
    catalog: &mut Catalog,
    v: &Values<'_>,
    seen: &mut BTreeMap<(u8, String), usize>,
    row: usize,
    (producer_templ, product_templ): (&str, &str),
    today: NaiveDate,
    report: &mut RowReport,
) {
    let problems = &mut report.problems;
    let Some(producer_name) = v.get(Column::ProducerName) else {
        problems.push(Problem::NoProducerName);
        return;
    };
    let slug_id = Id(record_id(&producer_name));
    let product = v.get(Column::ProductName).map(|n| (Id(record_id(&n)), n));
    // The sheet's own duplicates: a repeated product, or a repeated producer-only row.
    let key = match &product {
        Some((id, _)) => (1, id.to_string()),
        None => (0, slug_id.to_string()),
    };
    if let Some(first) = seen.get(&key) {
        problems.push(Problem::Duplicate(*first));
        return;
    }

    let (producer_id, producer_step) =
        match same::producer(catalog, &producer_name, v.get(Column::RegistrationCode).as_deref()) {
            Some((id, _)) if id == slug_id => (id, Step::Exists),
            Some((id, by)) => (id, Step::Matched(by)),
            None if exists(catalog, RecordKind::Producer, &slug_id) => (slug_id, Step::Exists),
            None => (slug_id, Step::Create(producer_changes(v, &producer_name, product.is_none(), problems))),
        };

    let mut product_step = None;
    if let Some((slug_id, name)) = &product {
        let step = match same::product(catalog, name, &producer_id) {
            Some((id, _)) if id == *slug_id => (id, Step::Exists),
            Some((id, by)) => (id, Step::Matched(by)),
            None => match catalog.products.get(slug_id) {
                Some(rec) if rec.value.producer.as_str() == producer_id.as_str() => (slug_id.clone(), Step::Exists),
                // The sheet and the tree disagree about who makes it: skip the row.
                Some(rec) => {
                    problems.push(Problem::ProductOfAnother {
                        path: RecordKind::Product.rel_path(slug_id.as_str()),
                        producer: Id(rec.value.producer.clone()),
                        row_producer: producer_name.clone(),
                    });
                    return;
                }
                None if exists(catalog, RecordKind::Product, slug_id) => (slug_id.clone(), Step::Exists),
                None => (slug_id.clone(), Step::Create(product_changes(catalog, v, name, &producer_id, problems))),
            },
        };
        product_step = Some(step);
    }
    if !problems.is_empty() {
        return;
    }

    // Plan on a copy, so a row that fails half-way leaves no trace.
    let mut scratch = catalog.clone();
    let mut actions = Vec::new();
    let steps = [
        Some((RecordKind::Producer, producer_id, producer_templ, producer_step)),
        product_step.map(|(id, step)| (RecordKind::Product, id, product_templ, step)),
    ];
    for (kind, id, templ, step) in steps.into_iter().flatten() {
        match step {
            Step::Create(changes) => match plan_new(&scratch, kind, &id, templ, &changes, today) {
                Ok(p) => {
                    p.record.clone().insert_into(&mut scratch);
                    actions.push(Action::Create(Box::new(p)));
                }
                Err(e) => {
                    let diags = match e.downcast::<Refusal>() {
                        Ok(Refusal::NewErrors { diagnostics, .. } | Refusal::Broken { diagnostics, .. }) => diagnostics,
                        Err(e) => vec![
                            Diagnostic::new(crate::diag::Code::ReadFailed, kind.rel_path(id.as_str()))
                                .arg("detail", e.to_string()),
                        ],
                    };
                    report.problems.push(Problem::Errors(diags));
                    return;
                }
            },
            Step::Exists => actions.push(Action::Exists(kind, id)),
            Step::Matched(by) => actions.push(Action::Matched(kind, id, by)),
        }
    }
    seen.insert(key, row);
    for a in &actions {
        if let Action::Create(p) = a {
            let record: AnyRecord = p.record.clone();
            record.insert_into(catalog);
        }
    }
    report.actions = actions;
}

/// What a row does to one of its records.
enum Step {
    Create(Vec<Change>),
    Exists,
    Matched(Same),
}

/// The changes that make the row's producer from the template (with the note when the
/// row has no product); a value that cannot be read is added to `problems`.
fn producer_changes(v: &Values<'_>, name: &str, with_note: bool, problems: &mut Vec<Problem>) -> Vec<Change> {
    let kind = match v.get(Column::Kind) {
        Some(k) => kind_of(&k).ok_or(Problem::BadKind(k)),
        None => kind_from_name(name).ok_or(Problem::NoKind),
    };
    let mut changes = vec![Change::set(&["name"], name)];
    match kind {
        Ok(k) => changes.push(Change::set(&["kind"], k)),
        Err(p) => problems.push(p),
    }
    for (c, key) in [
        (Column::RegistrationCode, "registration_code"),
        (Column::Representative, "representative"),
        (Column::Hamlet, "hamlet"),
        (Column::Address, "address"),
        (Column::Phone, "phone"),
        (Column::Email, "email"),
    ] {
        if let Some(value) = v.get(c) {
            changes.push(Change::set(&[key], value.as_str()));
        }
    }
    if with_note && let Some(note) = v.get(Column::Note) {
        changes.push(Change::set(&["note"], note.as_str()));
    }
    changes
}

/// The changes that make the row's product from the template, made by `producer`; a
/// value that cannot be read is added to `problems`.
fn product_changes(
    catalog: &Catalog,
    v: &Values<'_>,
    name: &str,
    producer: &Id,
    problems: &mut Vec<Problem>,
) -> Vec<Change> {
    let mut changes = vec![Change::set(&["name"], name), Change::set(&["producer"], producer.as_str())];
    match v.get(Column::Set).map(|s| product_set(catalog, &s).ok_or(Problem::BadSet(s))) {
        Some(Ok(set)) => changes.push(Change::set(&["set"], i64::from(set))),
        Some(Err(p)) => problems.push(p),
        None => problems.push(Problem::NoSet),
    }
    if let Some(e) = v.get(Column::Evaluation) {
        match evaluation_of(&e) {
            Some(k) => changes.push(Change::set(&["evaluation"], k)),
            None => problems.push(Problem::BadEvaluation(e)),
        }
    }
    if let Some(s) = v.get(Column::TargetStars) {
        match s.parse::<i64>() {
            Ok(n) if (3..=5).contains(&n) => changes.push(Change::set(&["target_stars"], n)),
            _ => problems.push(Problem::BadStars(s)),
        }
    }
    for (c, key) in [(Column::Barcode, "barcode"), (Column::ProductCode, "code"), (Column::Note, "note")] {
        if let Some(value) = v.get(c) {
            changes.push(Change::set(&[key], Value::from(value)));
        }
    }
    changes
}

fn exists(catalog: &Catalog, kind: RecordKind, id: &Id) -> bool {
    let in_catalog = match kind {
        RecordKind::Producer => catalog.producers.contains_key(id),
        RecordKind::Product => catalog.products.contains_key(id),
        RecordKind::Activity => false,
    };
    in_catalog || catalog.root.join(kind.rel_path(id.as_str())).exists()
}

/// A product set written as its number ("4", "4 - Mật ong") or its name.
fn product_set(catalog: &Catalog, raw: &str) -> Option<u8> {
    let digits: String = raw.trim().chars().take_while(char::is_ascii_digit).collect();
    if let Ok(n) = digits.parse::<u8>() {
        return catalog.rules.product_set(n).map(|s| s.id);
    }
    let want = fold(raw.trim());
    catalog
        .rules
        .groups
        .iter()
        .flat_map(|g| &g.sets)
        .find(|s| fold(&s.name.vi) == want || fold(&s.name.en) == want)
        .map(|s| s.id)
}
