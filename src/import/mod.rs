//! Importing producers and products from the spreadsheet a commune already keeps: one
//! row per product (or per producer), columns found by their headers. Every record is
//! made from the template and checked like `ocop new`; a row with a problem is skipped
//! whole and named by its row number; records that already exist are left alone, so a
//! second run creates nothing. A producer already in the tree under another id (the
//! same tax code or name) or a product with the same name and producer is recognised and
//! used, not created again.

pub mod columns;
pub mod sheet;

pub mod cells;
pub mod suggest;

use crate::codes::tax_code_digits;
use crate::diag::Diagnostic;
use crate::edit::same::{self, Same};
use crate::edit::{AnyRecord, Change, Planned, RecordKind, Refusal, plan_new, template};
use crate::load::{Catalog, Record};
use crate::model::{Id, SetSource, Stage};
use crate::text::{fold, name_key, record_id};
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
    /// A certificate's star cell that cannot be read.
    BadCertificateStars(String),
    /// A date cell (decision, expiry) that cannot be read.
    BadDate(String),
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

/// Something a row is imported with, for a person to review.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// The set was suggested from the product's name.
    SetSuggested { set: u8, name: String },
    /// The list gives a decision number but no date, or a date but no number.
    HalfDecision { missing_date: bool },
    /// The list gives stars and no decision at all.
    NoDecision,
    /// The star cell proposes the product for the national level; kept as a note.
    Proposal(String),
    /// The certificate was revoked or removed: kept as a past certificate.
    Revoked(String),
    /// Another producer makes a product of the same name: the id has the producer's slug.
    IdWithProducer(Id),
    /// The name gives no letters for an id: a fallback id made from it.
    FallbackId(RecordKind, Id),
    /// The name was too long for an id: shortened.
    Shortened(RecordKind, Id),
}

/// The outcome of one row.
#[derive(Debug)]
pub struct RowReport {
    pub row: usize,
    pub actions: Vec<Action>,
    pub problems: Vec<Problem>,
    pub warnings: Vec<Warning>,
}

/// The whole import, worked out and checked, not yet written.
#[derive(Debug)]
pub struct ImportPlan {
    pub header_row: usize,
    /// Headers that match no column, left out.
    pub ignored: Vec<String>,
    pub rows: Vec<RowReport>,
    /// A list with a commune column (a province's): the tree's commune, whose rows are
    /// taken.
    pub commune: Option<String>,
    /// The rows of other communes, left out: each commune as the list writes it, with
    /// its number of rows, in the list's order.
    pub other_communes: Vec<(String, usize)>,
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
    /// The tree's own `rules/set-keywords.toml` does not parse (the file, why).
    Keywords(String, String),
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
        // A cell a spreadsheet would run as a formula, neutralised by `ocop export`.
        let t = crate::safe::uncsv(cell.text.trim());
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

    fn numeric(&self, c: Column) -> bool {
        self.0.get(&c).is_some_and(|cell| cell.numeric)
    }
}

/// How many rows from the top the header row is looked for in (titles above the table).
const HEADER_SEARCH: usize = 15;

/// Longest id the import makes from a name, in bytes.
const MAX_ID: usize = 60;

/// The row that holds the headers: the first of the top rows with a producer-name column.
fn header_index(rows: &[Row]) -> Option<usize> {
    rows.iter()
        .take(HEADER_SEARCH)
        .position(|r| r.cells.iter().any(|c| column_of(&c.text) == Some(Column::ProducerName)))
}

/// The tree's commune as a list's commune column is matched against.
struct Here {
    name: String,
    key: String,
    code: Option<String>,
}

impl Here {
    fn of(catalog: &Catalog) -> Option<Here> {
        let c = &catalog.commune.as_ref()?.value;
        let code = c.commune_code.as_deref().map(str::trim).filter(|x| !x.is_empty()).map(String::from);
        Some(Here { name: c.name.clone(), key: columns::commune_key(&c.name), code })
    }

    /// None when the row is this commune's (or names none); else the commune as the
    /// row writes it. A code, when the list has a code column, decides; else the name
    /// (or a code written in the name column).
    fn other(&self, v: &Values<'_>) -> Option<String> {
        if let Some(code) = v.get(Column::CommuneCode) {
            return (self.code.as_deref() != Some(code.trim())).then(|| v.get(Column::Commune).unwrap_or(code));
        }
        let name = v.get(Column::Commune)?;
        let mine = columns::commune_key(&name) == self.key || self.code.as_deref() == Some(name.trim());
        (!mine).then_some(name)
    }
}

/// Plans the import of `rows` (blank rows already left out) into `catalog`. A list with
/// a commune column gives only the rows of the tree's commune, unless `any_commune`.
pub fn plan(catalog: &Catalog, rows: &[Row], today: NaiveDate, any_commune: bool) -> Result<ImportPlan, SheetError> {
    let Header { at, map, ignored } = header(rows)?;
    let header = &rows[at];
    let data = &rows[at + 1..];
    // A broken override is refused by name, never replaced by the built-in table unsaid.
    let keywords = suggest::Keywords::for_tree(&catalog.root).map_err(|e| {
        let file = crate::load::relative(&catalog.root, &catalog.root.join("rules").join(suggest::FILE));
        SheetError::Keywords(file.display().to_string(), format!("{:#}", e.root_cause()))
    })?;
    let mut state = State::new(catalog, keywords);
    let has_commune = map.iter().any(|(_, c)| matches!(c, Column::Commune | Column::CommuneCode));
    let here = Here::of(catalog).filter(|_| has_commune && !any_commune);
    let mut other_communes: Vec<(String, usize)> = Vec::new();
    let mut reports = Vec::new();
    for row in data {
        let values = Values(map.iter().filter_map(|(i, c)| row.cells.get(*i).map(|cell| (*c, cell))).collect());
        // Footnotes, totals and section titles ("I | Huyện A") name no producer and
        // fill one cell at most besides the row number: read past them.
        let filled = values.0.iter().filter(|(c, cell)| **c != Column::Index && !cell.text.trim().is_empty()).count();
        if values.get(Column::ProducerName).is_none() && filled <= 1 {
            continue;
        }
        if let Some(other) = here.as_ref().and_then(|h| h.other(&values)) {
            let key = columns::commune_key(&other);
            match other_communes.iter_mut().find(|(c, _)| columns::commune_key(c) == key) {
                Some((_, n)) => *n += 1,
                None => other_communes.push((other, 1)),
            }
            continue;
        }
        let mut report = RowReport { row: row.number, actions: Vec::new(), problems: Vec::new(), warnings: Vec::new() };
        plan_row(&mut state, &values, today, &mut report);
        reports.push(report);
    }
    Ok(ImportPlan { header_row: header.number, ignored, rows: reports, commune: here.map(|h| h.name), other_communes })
}

/// The header row and what its columns hold.
struct Header {
    /// Its index in the rows.
    at: usize,
    /// Column index → what it holds (the first column of each kind).
    map: Vec<(usize, Column)>,
    /// Headers that match no column.
    ignored: Vec<String>,
}

fn header(rows: &[Row]) -> Result<Header, SheetError> {
    let Some(first) = rows.first() else { return Err(SheetError::Empty) };
    let Some(at) = header_index(rows) else {
        return Err(SheetError::NoNameColumn {
            row: first.number,
            headers: first.cells.iter().map(|c| c.text.clone()).filter(|t| !t.is_empty()).collect(),
        });
    };
    let mut map: Vec<(usize, Column)> = Vec::new();
    let mut ignored = Vec::new();
    for (i, cell) in rows[at].cells.iter().enumerate() {
        match column_of(&cell.text) {
            Some(c) if !map.iter().any(|(_, m)| *m == c) => map.push((i, c)),
            _ if cell.text.is_empty() => {}
            _ => ignored.push(cell.text.clone()),
        }
    }
    Ok(Header { at, map, ignored })
}

/// A data row's commune as the list writes it: its name cell and its code cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommuneCells {
    pub name: Option<String>,
    pub code: Option<String>,
}

/// The commune cells of every row that names a producer, for a province tree to say
/// which commune each row is for; None when the list has no commune column.
pub fn commune_cells(rows: &[Row]) -> Result<Option<Vec<CommuneCells>>, SheetError> {
    let Header { at, map, .. } = header(rows)?;
    if !map.iter().any(|(_, c)| matches!(c, Column::Commune | Column::CommuneCode)) {
        return Ok(None);
    }
    let cells = rows[at + 1..]
        .iter()
        .map(|row| Values(map.iter().filter_map(|(i, c)| row.cells.get(*i).map(|cell| (*c, cell))).collect()))
        .filter(|v| v.get(Column::ProducerName).is_some())
        .map(|v| CommuneCells { name: v.get(Column::Commune), code: v.get(Column::CommuneCode) })
        .collect();
    Ok(Some(cells))
}

/// What the import knows while it goes down the sheet: the tree's records and those
/// earlier rows create, indexed so each row costs the same however long the sheet.
struct State<'a> {
    catalog: &'a Catalog,
    /// The tree without its producers and products: each new record is checked in it
    /// with only the records it refers to, not against the whole tree again.
    bare: Catalog,
    templates: (String, String),
    keywords: suggest::Keywords,
    /// Producers by registration-code digits and by name key.
    by_code: BTreeMap<String, Id>,
    by_name: BTreeMap<String, Id>,
    /// Products by (producer, name key), with the name as written.
    by_product: BTreeMap<(Id, String), (Id, String)>,
    /// Product id → its producer, for the tree's products and those created.
    product_owner: BTreeMap<Id, Id>,
    /// Producers created by earlier rows, with their records.
    new_producers: BTreeMap<Id, Record<crate::model::Producer>>,
    /// The first row of each (producer, product name) or producer-only row.
    seen: BTreeMap<(Id, String), usize>,
}

impl<'a> State<'a> {
    fn new(catalog: &'a Catalog, keywords: suggest::Keywords) -> State<'a> {
        let mut by_code = BTreeMap::new();
        let mut by_name = BTreeMap::new();
        // The first by id wins, as in `same::producer`.
        for (id, rec) in catalog.producers.iter().rev() {
            if let Some(code) = rec.value.registration_code.as_deref() {
                let digits = tax_code_digits(code);
                if !digits.is_empty() {
                    by_code.insert(digits, id.clone());
                }
            }
            by_name.insert(same::producer_key(&rec.value.name), id.clone());
        }
        let mut by_product = BTreeMap::new();
        let mut product_owner = BTreeMap::new();
        for (id, rec) in catalog.products.iter().rev() {
            let producer = Id(rec.value.producer.clone());
            by_product.insert((producer.clone(), name_key(&rec.value.name)), (id.clone(), rec.value.name.clone()));
            product_owner.insert(id.clone(), producer);
        }
        let bare = Catalog {
            root: catalog.root.clone(),
            commune: catalog.commune.clone(),
            producers: BTreeMap::new(),
            products: BTreeMap::new(),
            rules: catalog.rules.clone(),
            broken: catalog.broken.clone(),
            positions: catalog.positions,
            hashes: std::sync::Arc::clone(&catalog.hashes),
        };
        let templates =
            (template::text(&catalog.root, RecordKind::Producer), template::text(&catalog.root, RecordKind::Product));
        State {
            catalog,
            bare,
            templates,
            keywords,
            by_code,
            by_name,
            by_product,
            product_owner,
            new_producers: BTreeMap::new(),
            seen: BTreeMap::new(),
        }
    }

    fn producer_exists(&self, id: &Id) -> bool {
        self.new_producers.contains_key(id) || exists(self.catalog, RecordKind::Producer, id)
    }

    fn product_exists(&self, id: &Id) -> bool {
        self.product_owner.contains_key(id) || exists(self.catalog, RecordKind::Product, id)
    }

    /// The producer record `id` (the tree's or one created by an earlier row).
    fn producer_record(&self, id: &Id) -> Option<Record<crate::model::Producer>> {
        self.new_producers.get(id).or_else(|| self.catalog.producers.get(id)).cloned()
    }
}

/// An id made from `name`: its slug, shortened at a dash to `MAX_ID`; a name with no
/// letters or digits gets `prefix` and a stable hash of the name.
fn id_for(name: &str, prefix: &str, kind: RecordKind, warnings: &mut Vec<Warning>) -> Id {
    let s = record_id(name);
    if s.is_empty() {
        let id = Id(format!("{prefix}-{:08x}", fnv(&crate::text::nfc(name.trim()))));
        warnings.push(Warning::FallbackId(kind, id.clone()));
        return id;
    }
    if s.len() <= MAX_ID {
        return Id(s);
    }
    let cut = s[..MAX_ID].rfind('-').filter(|i| *i > MAX_ID / 2).unwrap_or(MAX_ID);
    let id = Id(record_id(&s[..cut]));
    warnings.push(Warning::Shortened(kind, id.clone()));
    id
}

/// FNV-1a: a hash that is the same on every machine and in every version.
fn fnv(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

fn plan_row(state: &mut State<'_>, v: &Values<'_>, today: NaiveDate, report: &mut RowReport) {
    let problems = &mut report.problems;
    let warnings = &mut report.warnings;
    let Some(producer_name) = v.get(Column::ProducerName) else {
        problems.push(Problem::NoProducerName);
        return;
    };
    let slug_id = id_for(&producer_name, "chu-the", RecordKind::Producer, warnings);
    let code_digits = v.get(Column::RegistrationCode).map(|c| tax_code_digits(&c)).filter(|d| !d.is_empty());
    let found = code_digits
        .as_ref()
        .and_then(|d| state.by_code.get(d).map(|id| (id.clone(), true)))
        .or_else(|| state.by_name.get(&same::producer_key(&producer_name)).map(|id| (id.clone(), false)));
    let (producer_id, producer_step) = match found {
        Some((id, _)) if id == slug_id => (id, Step::Exists),
        Some((id, by_code)) => {
            let rec = state.producer_record(&id);
            let by = match (by_code, rec) {
                (true, Some(r)) => Same::Code(r.value.registration_code.clone().unwrap_or_default()),
                (_, Some(r)) => Same::Name(r.value.name.clone()),
                (_, None) => Same::Name(producer_name.clone()),
            };
            (id, Step::Matched(by))
        }
        None if state.producer_exists(&slug_id) => (slug_id, Step::Exists),
        None => {
            let with_note = v.get(Column::ProductName).is_none();
            (slug_id, Step::Create(producer_changes(v, &producer_name, with_note, problems)))
        }
    };

    let product = v.get(Column::ProductName);
    let key = (producer_id.clone(), product.as_deref().map(name_key).unwrap_or_default());
    if let Some(first) = state.seen.get(&key) {
        problems.push(Problem::Duplicate(*first));
        return;
    }

    let mut product_step = None;
    if let Some(name) = &product {
        let step = match state.by_product.get(&(producer_id.clone(), name_key(name))) {
            // Its own id, or the one with its producer's slug that an earlier import gave it.
            Some((id, _)) if id.0 == record_id(name) || id.0 == format!("{}-{producer_id}", record_id(name)) => {
                (id.clone(), Step::Exists)
            }
            Some((id, theirs)) => (id.clone(), Step::Matched(Same::Name(theirs.clone()))),
            None => {
                let base = id_for(name, "san-pham", RecordKind::Product, warnings);
                let mut id = base.clone();
                let owner = state.product_owner.get(&id).cloned();
                let other_owner = match &owner {
                    Some(o) => o != &producer_id,
                    None => exists(state.catalog, RecordKind::Product, &id),
                };
                if other_owner {
                    // Another producer makes a product of this name: this one's id carries
                    // its producer.
                    id = Id(format!("{base}-{producer_id}"));
                    if state.product_exists(&id) && state.product_owner.get(&id) != Some(&producer_id) {
                        problems.push(Problem::ProductOfAnother {
                            path: RecordKind::Product.rel_path(base.as_str()),
                            producer: owner.unwrap_or_else(|| Id(String::new())),
                            row_producer: producer_name.clone(),
                        });
                        return;
                    }
                    warnings.push(Warning::IdWithProducer(id.clone()));
                }
                if state.product_owner.get(&id) == Some(&producer_id) {
                    (id, Step::Exists)
                } else {
                    let changes = product_changes(state, v, name, &producer_id, problems, warnings);
                    (id, Step::Create(changes))
                }
            }
        };
        product_step = Some(step);
    }
    if !problems.is_empty() {
        return;
    }

    // Each new record is checked with the records it refers to only (see `State::bare`).
    let mut scratch = state.bare.clone();
    if let Some(rec) = state.producer_record(&producer_id) {
        scratch.producers.insert(producer_id.clone(), rec);
    }
    let mut actions = Vec::new();
    let steps = [
        Some((RecordKind::Producer, producer_id.clone(), state.templates.0.as_str(), producer_step)),
        product_step.map(|(id, step)| (RecordKind::Product, id, state.templates.1.as_str(), step)),
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
    state.seen.insert(key, report.row);
    for a in &actions {
        if let Action::Create(p) = a {
            match &p.record {
                AnyRecord::Producer(r) => {
                    if let Some(d) = r.value.registration_code.as_deref().map(tax_code_digits).filter(|d| !d.is_empty())
                    {
                        state.by_code.entry(d).or_insert_with(|| r.id.clone());
                    }
                    state.by_name.entry(same::producer_key(&r.value.name)).or_insert_with(|| r.id.clone());
                    state.new_producers.insert(r.id.clone(), r.clone());
                }
                // An import makes producers and products only.
                AnyRecord::Activity(_) | AnyRecord::Plan(_) => {}
                AnyRecord::Product(r) => {
                    let producer = Id(r.value.producer.clone());
                    let key = (producer.clone(), name_key(&r.value.name));
                    state.by_product.insert(key, (r.id.clone(), r.value.name.clone()));
                    state.product_owner.insert(r.id.clone(), producer);
                }
            }
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
/// value that cannot be read is added to `problems`, what needs review to `warnings`.
fn product_changes(
    state: &State<'_>,
    v: &Values<'_>,
    name: &str,
    producer: &Id,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Warning>,
) -> Vec<Change> {
    let catalog = state.catalog;
    let mut changes = vec![Change::set(&["name"], name), Change::set(&["producer"], producer.as_str())];
    match v.get(Column::Set).map(|s| product_set(catalog, &s).ok_or(Problem::BadSet(s))) {
        Some(Ok(set)) => changes.push(Change::set(&["set"], i64::from(set))),
        Some(Err(p)) => problems.push(p),
        None => match state.keywords.suggest(name).filter(|s| catalog.rules.product_set(*s).is_some()) {
            Some(set) => {
                changes.push(Change::set(&["set"], i64::from(set)));
                changes.push(Change::set(&["set_source"], SetSource::Suggested.key()));
                warnings.push(Warning::SetSuggested { set, name: name.to_string() });
            }
            None => problems.push(Problem::NoSet),
        },
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
    let mut notes: Vec<String> = v.get(Column::Note).into_iter().collect();
    certificate_changes(v, &mut changes, &mut notes, problems, warnings);
    for (c, key) in [(Column::Barcode, "barcode"), (Column::ProductCode, "code")] {
        if let Some(value) = v.get(c) {
            changes.push(Change::set(&[key], Value::from(value)));
        }
    }
    if !notes.is_empty() {
        changes.push(Change::set(&["note"], Value::from(notes.join("; "))));
    }
    changes
}

/// The certificate a row's list gives: a full decision (number and date) makes a rated
/// product; stars with half a decision or none are kept as a listed certificate; a
/// revocation with its decision and date is recorded as `certificate.revoked`, one the
/// list only marks makes the certificate a past one.
fn certificate_changes(
    v: &Values<'_>,
    changes: &mut Vec<Change>,
    notes: &mut Vec<String>,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Warning>,
) {
    let Some(raw_stars) = v.get(Column::Stars) else { return };
    let Some(stars) = cells::stars(&raw_stars) else {
        problems.push(Problem::BadCertificateStars(raw_stars));
        return;
    };
    if let Some(p) = &stars.proposal {
        notes.push(p.clone());
        warnings.push(Warning::Proposal(p.clone()));
    }
    let (mut number, mut issued) = v.get(Column::Decision).map(|d| cells::decision(&d)).unwrap_or_default();
    if let Some(raw) = v.get(Column::DecisionDate) {
        match cells::date(&raw, v.numeric(Column::DecisionDate)) {
            Some(d) => issued = Some(d),
            None => match cells::decision(&raw) {
                (n, Some(d)) => {
                    issued = Some(d);
                    number = number.or(n);
                }
                _ => problems.push(Problem::BadDate(raw)),
            },
        }
    }
    // A decision column holding only a serial date.
    if number.is_none()
        && issued.is_none()
        && let Some(raw) = v.get(Column::Decision)
        && let Some(d) = cells::date(&raw, v.numeric(Column::Decision))
    {
        issued = Some(d);
    }
    let expires = match v.get(Column::Expires) {
        Some(raw) => match cells::date(&raw, v.numeric(Column::Expires)) {
            Some(d) => Some(d),
            None => {
                problems.push(Problem::BadDate(raw));
                None
            }
        },
        None => None,
    };
    let score = v.get(Column::Score).and_then(|s| cells::score(&s));
    let issued_by = v.get(Column::IssuedBy);
    let revoked = v.get(Column::Revoked).filter(|r| !matches!(fold(r).trim(), "khong" | "no" | "-" | "0"));
    let revoked = revoked.or_else(|| v.get(Column::State).filter(|s| columns::is_revoked_state(&fold(s))));
    match (&number, issued) {
        (Some(number), Some(issued)) => {
            // A revocation the list dates and numbers is recorded on the certificate, as
            // `ocop revoke` records one; a bare marker cannot be, so the certificate is
            // kept as an earlier one with the marker as a note.
            let revocation = revoked.as_deref().map(cells::decision);
            let recorded = matches!(&revocation, Some((Some(_), Some(_))));
            let base = if revoked.is_some() && !recorded { "past_certificates" } else { "certificate" };
            let mut fields: Vec<(&str, Value)> = vec![
                ("stars", i64::from(stars.stars).into()),
                ("decision", number.as_str().into()),
                ("issued", crate::edit::fields::date_value(issued)),
            ];
            if let Some(by) = &issued_by {
                fields.push(("issued_by", by.as_str().into()));
            }
            if let Some(e) = expires {
                fields.push(("expires", crate::edit::fields::date_value(e)));
            }
            if let Some(s) = score {
                fields.push(("score", s.into()));
            }
            if let Some((Some(decision), Some(date))) = &revocation {
                fields.push(("revoked.date", crate::edit::fields::date_value(*date)));
                fields.push(("revoked.decision", decision.as_str().into()));
            } else if let Some(r) = &revoked {
                // Kept as an earlier certificate: the product holds none now.
                let table: toml_edit::InlineTable = fields.into_iter().collect();
                changes.push(Change::Set(
                    vec![base.to_string()],
                    Value::Array([Value::InlineTable(table)].into_iter().collect()),
                ));
                notes.push(r.clone());
                warnings.push(Warning::Revoked(r.clone()));
                return;
            }
            for (k, value) in fields {
                let mut path = vec![base];
                path.extend(k.split('.'));
                changes.push(Change::set(&path, value));
            }
            // Rated on the decision's date: the dossier that led to it is history, so
            // the template's checklist is not demanded.
            changes.push(Change::Remove(vec!["stages".into()]));
            changes.push(Change::Remove(vec!["dossier".into()]));
            changes.push(Change::PushStage(vec![
                ("stage".into(), Stage::Rated.key().into()),
                ("date".into(), crate::edit::fields::date_value(issued)),
            ]));
        }
        _ => {
            let base = "listed_certificate";
            changes.push(Change::set(&[base, "stars"], i64::from(stars.stars)));
            if let Some(n) = &number {
                changes.push(Change::set(&[base, "decision"], n.as_str()));
            }
            if let Some(d) = issued {
                changes.push(Change::set(&[base, "issued"], crate::edit::fields::date_value(d)));
            }
            if let Some(by) = &issued_by {
                changes.push(Change::set(&[base, "issued_by"], by.as_str()));
            }
            if let Some(e) = expires {
                changes.push(Change::set(&[base, "expires"], crate::edit::fields::date_value(e)));
            }
            if let Some(s) = score {
                changes.push(Change::set(&[base, "score"], s));
            }
            // No dossier is being prepared: the product was rated, on the list's date
            // when it gives one.
            changes.push(Change::Remove(vec!["dossier".into()]));
            changes.push(Change::Remove(vec!["stages".into()]));
            if let Some(d) = issued {
                changes.push(Change::PushStage(vec![
                    ("stage".into(), Stage::Rated.key().into()),
                    ("date".into(), crate::edit::fields::date_value(d)),
                ]));
            }
            match (&number, issued) {
                (None, None) => warnings.push(Warning::NoDecision),
                (n, _) => warnings.push(Warning::HalfDecision { missing_date: n.is_some() }),
            }
            if let Some(r) = revoked {
                notes.push(r.clone());
                warnings.push(Warning::Revoked(r));
            }
        }
    }
}

fn exists(catalog: &Catalog, kind: RecordKind, id: &Id) -> bool {
    let in_catalog = match kind {
        RecordKind::Producer => catalog.producers.contains_key(id),
        RecordKind::Product => catalog.products.contains_key(id),
        RecordKind::Activity | RecordKind::Plan => false,
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
