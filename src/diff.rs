//! What changed between two states of a dossier tree, in the records' terms rather than
//! lines: producers and products added, removed or renamed; fields, checklist items,
//! evidence, stages and certificates that changed; completeness before and after; and
//! the diagnostics introduced and fixed. The two sides are loaded and checked the same
//! way every command does; a broken file is a diagnostic, and the rest still compares.

use crate::diag::Diagnostic;
use crate::eval::rules_for;
use crate::i18n::Lang;
use crate::load::Catalog;
use crate::model::{Certificate, Item, ItemStatus, Product, Stage};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One side of a comparison: a loaded tree and everything the checks say about it.
pub struct Side<'a> {
    pub catalog: &'a Catalog,
    pub diags: &'a [Diagnostic],
}

#[derive(Debug, Clone, Serialize)]
pub struct TreeDiff {
    pub producers: Vec<RecordDiff>,
    pub products: Vec<RecordDiff>,
    pub diagnostics_introduced: Vec<DiagLine>,
    pub diagnostics_fixed: Vec<DiagLine>,
}

impl TreeDiff {
    pub fn is_empty(&self) -> bool {
        self.producers.is_empty()
            && self.products.is_empty()
            && self.diagnostics_introduced.is_empty()
            && self.diagnostics_fixed.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordChange {
    Added,
    Removed,
    Renamed,
    Changed,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecordDiff {
    pub id: String,
    pub name: String,
    pub change: RecordChange,
    /// The id before, when the record was renamed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldDiff>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemDiff>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<StageDiff>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<CertDiff>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completeness: Option<Completeness>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<FieldDiff>,
}

/// A value before and after (None: absent), as written in the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldDiff {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemDiff {
    pub id: String,
    /// The item's name in the output language.
    pub name: String,
    pub status_before: ItemStatus,
    pub status_after: ItemStatus,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldDiff>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_added: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_removed: Vec<String>,
    /// Listed on both sides, with different bytes: a scan replaced.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_replaced: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageDiff {
    pub added: bool,
    pub stage: Stage,
    pub date: NaiveDate,
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CertDiff {
    Issued {
        stars: u8,
        decision: String,
        issued: NaiveDate,
    },
    Revoked {
        stars: u8,
        decision: String,
        revoked_by: String,
        date: NaiveDate,
    },
    /// Same decision, fields corrected (`set --correct`).
    Corrected {
        decision: String,
        fields: Vec<FieldDiff>,
    },
    Removed {
        stars: u8,
        decision: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    pub done: usize,
    pub required: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Completeness {
    pub before: Option<Count>,
    pub after: Option<Count>,
    /// Sections whose count changed: (section id, short label, before, after).
    pub sections: Vec<SectionDiff>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionDiff {
    pub id: String,
    pub name: String,
    pub before: Option<Count>,
    pub after: Option<Count>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DiagLine {
    pub path: String,
    pub code: String,
    pub message: String,
}

/// Compares `a` (before) with `b` (after), judging both on `today`, in `lang`.
pub fn compare(a: &Side<'_>, b: &Side<'_>, today: NaiveDate, lang: Lang) -> TreeDiff {
    // A record whose file does not parse on one side is neither added nor removed: its
    // diagnostics say what is wrong, and the rest of the tree is still compared.
    let broken: BTreeSet<String> = a
        .catalog
        .broken
        .iter()
        .chain(&b.catalog.broken)
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    let keep = |id: &String| !broken.contains(id);
    let producers = compare_records(
        &json_map(
            a.catalog
                .producers
                .iter()
                .filter(|(id, _)| keep(&id.0))
                .map(|(id, r)| (id.0.clone(), (&r.value, r.value.name.clone()))),
        ),
        &json_map(
            b.catalog
                .producers
                .iter()
                .filter(|(id, _)| keep(&id.0))
                .map(|(id, r)| (id.0.clone(), (&r.value, r.value.name.clone()))),
        ),
        |_, _, _| {},
    );
    let status_a = status_by_id(a.catalog, today);
    let status_b = status_by_id(b.catalog, today);
    let products = compare_records(
        &json_map(
            a.catalog
                .products
                .iter()
                .filter(|(id, _)| keep(&id.0))
                .map(|(id, r)| (id.0.clone(), (&r.value, r.value.name.clone()))),
        ),
        &json_map(
            b.catalog
                .products
                .iter()
                .filter(|(id, _)| keep(&id.0))
                .map(|(id, r)| (id.0.clone(), (&r.value, r.value.name.clone()))),
        ),
        |d: &mut RecordDiff, before: Option<&str>, after: Option<&str>| {
            let pa = before.and_then(|id| a.catalog.products.get(id)).map(|r| &r.value);
            let pb = after.and_then(|id| b.catalog.products.get(id)).map(|r| &r.value);
            product_details(d, (a.catalog, pa), (b.catalog, pb), today, lang);
            d.completeness = completeness(
                before.and_then(|id| status_a.get(id)),
                after.and_then(|id| status_b.get(id)),
                b.catalog,
                lang,
            );
        },
    );
    let key = |d: &Diagnostic| DiagLine {
        path: d.path.to_string_lossy().replace('\\', "/"),
        code: d.code.as_str().to_string(),
        message: d.message(lang),
    };
    let (mut da, mut db): (Vec<DiagLine>, Vec<DiagLine>) =
        (a.diags.iter().map(key).collect(), b.diags.iter().map(key).collect());
    da.sort();
    db.sort();
    TreeDiff { producers, products, diagnostics_introduced: minus(&db, &da), diagnostics_fixed: minus(&da, &db) }
}

/// The lines of `x` not matched one for one in `y`.
fn minus(x: &[DiagLine], y: &[DiagLine]) -> Vec<DiagLine> {
    let mut left: Vec<&DiagLine> = y.iter().collect();
    x.iter()
        .filter(|d| match left.iter().position(|e| e == d) {
            Some(i) => {
                left.swap_remove(i);
                false
            }
            None => true,
        })
        .cloned()
        .collect()
}

type JsonRecords = BTreeMap<String, (serde_json::Value, String)>;

fn json_map<'a, T: Serialize + 'a>(records: impl Iterator<Item = (String, (&'a T, String))>) -> JsonRecords {
    records.map(|(id, (v, name))| (id, (serde_json::to_value(v).unwrap_or_default(), name))).collect()
}

/// Keys compared by `product_details` instead of as plain fields.
const STRUCTURED: &[&str] = &["dossier", "stages", "certificate", "past_certificates", "review", "guidance", "id"];

fn compare_records(
    a: &JsonRecords,
    b: &JsonRecords,
    mut details: impl FnMut(&mut RecordDiff, Option<&str>, Option<&str>),
) -> Vec<RecordDiff> {
    let removed: Vec<&String> = a.keys().filter(|id| !b.contains_key(*id)).collect();
    let added: Vec<&String> = b.keys().filter(|id| !a.contains_key(*id)).collect();
    // A record that left one id and appeared under another with the same name, or the
    // same code or barcode, was renamed.
    let mut renamed: BTreeMap<&String, &String> = BTreeMap::new();
    for new in &added {
        let (vb, nb) = &b[*new];
        let same = |va: &serde_json::Value, na: &str| {
            na == nb
                || ["code", "barcode", "registration_code"]
                    .iter()
                    .any(|k| vb.get(k).is_some_and(|x| !x.is_null() && va.get(k) == Some(x)))
        };
        if let Some(old) =
            removed.iter().find(|old| !renamed.values().any(|v| v == *old) && same(&a[**old].0, &a[**old].1))
        {
            renamed.insert(*new, *old);
        }
    }
    let mut out = Vec::new();
    for (id, (vb, name)) in b {
        let (change, before) = match (a.get(id), renamed.get(id)) {
            (Some(_), _) => (RecordChange::Changed, Some(id)),
            (None, Some(old)) => (RecordChange::Renamed, Some(*old)),
            (None, None) => (RecordChange::Added, None),
        };
        let va = before.map(|old| &a[old].0);
        let mut d = RecordDiff {
            id: id.clone(),
            name: name.clone(),
            change,
            renamed_from: (change == RecordChange::Renamed).then(|| before.cloned()).flatten(),
            fields: va.map(|va| field_diffs(va, vb, STRUCTURED)).unwrap_or_default(),
            items: Vec::new(),
            stages: Vec::new(),
            certificates: Vec::new(),
            completeness: None,
            review: None,
        };
        details(&mut d, before.map(String::as_str), Some(id));
        let quiet = d.fields.is_empty()
            && d.items.is_empty()
            && d.stages.is_empty()
            && d.certificates.is_empty()
            && d.review.is_none()
            && va.is_some_and(|va| va == vb);
        if change == RecordChange::Changed && quiet {
            continue;
        }
        if change == RecordChange::Added {
            // A new record is listed, not itemised.
            d.items.clear();
            d.stages.clear();
            d.certificates.clear();
            d.fields.clear();
            d.review = None;
        }
        out.push(d);
    }
    for id in removed.into_iter().filter(|id| !renamed.values().any(|v| v == id)) {
        let mut d = RecordDiff {
            id: id.clone(),
            name: a[id].1.clone(),
            change: RecordChange::Removed,
            renamed_from: None,
            fields: Vec::new(),
            items: Vec::new(),
            stages: Vec::new(),
            certificates: Vec::new(),
            completeness: None,
            review: None,
        };
        details(&mut d, Some(id), None);
        d.items.clear();
        d.stages.clear();
        d.certificates.clear();
        d.review = None;
        out.push(d);
    }
    out.sort_by(|x, y| crate::text::compare(&x.name, &y.name).then_with(|| x.id.cmp(&y.id)));
    out
}

/// A JSON value as written in a TOML file: text without quotes, numbers and dates as
/// they are, lists and tables compactly.
fn show(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Array(a) if a.is_empty() => None,
        serde_json::Value::Object(o) if o.is_empty() => None,
        other => Some(other.to_string()),
    }
}

fn field_diffs(a: &serde_json::Value, b: &serde_json::Value, skip: &[&str]) -> Vec<FieldDiff> {
    let empty = serde_json::Map::new();
    let (ma, mb) = (a.as_object().unwrap_or(&empty), b.as_object().unwrap_or(&empty));
    let keys: BTreeSet<&String> = ma.keys().chain(mb.keys()).collect();
    let null = serde_json::Value::Null;
    keys.into_iter()
        .filter(|k| !skip.contains(&k.as_str()))
        .filter_map(|k| {
            let (before, after) = (show(ma.get(k).unwrap_or(&null)), show(mb.get(k).unwrap_or(&null)));
            (before != after).then(|| FieldDiff { field: k.clone(), before, after })
        })
        .collect()
}

fn product_details(
    d: &mut RecordDiff,
    (ca, a): (&Catalog, Option<&Product>),
    (cb, b): (&Catalog, Option<&Product>),
    today: NaiveDate,
    lang: Lang,
) {
    let (Some(a), Some(b)) = (a, b) else { return };
    let rules = rules_for(cb, b, today).or_else(|| rules_for(ca, a, today));
    let none = Item::default();
    let ids: BTreeSet<&String> = a.dossier.keys().chain(b.dossier.keys()).collect();
    let mut items = Vec::new();
    for id in ids {
        let (ia, ib) = (a.dossier.get(id).unwrap_or(&none), b.dossier.get(id).unwrap_or(&none));
        let ja = serde_json::to_value(ia).unwrap_or_default();
        let jb = serde_json::to_value(ib).unwrap_or_default();
        let fields = field_diffs(&ja, &jb, &["status", "evidence", "fingerprints"]);
        let evidence_added: Vec<String> = ib.evidence.iter().filter(|e| !ia.evidence.contains(e)).cloned().collect();
        let evidence_removed: Vec<String> = ia.evidence.iter().filter(|e| !ib.evidence.contains(e)).cloned().collect();
        let evidence_replaced: Vec<String> = ib
            .evidence
            .iter()
            .filter(|e| ia.evidence.contains(e))
            .filter(|e| ca.file_fingerprint(e) != cb.file_fingerprint(e))
            .cloned()
            .collect();
        if ia.status == ib.status
            && fields.is_empty()
            && evidence_added.is_empty()
            && evidence_removed.is_empty()
            && evidence_replaced.is_empty()
        {
            continue;
        }
        let name = rules.and_then(|r| r.item(id)).map_or_else(|| id.clone(), |r| r.name.get(lang).to_string());
        items.push(ItemDiff {
            id: id.clone(),
            name,
            status_before: ia.status,
            status_after: ib.status,
            fields,
            evidence_added,
            evidence_removed,
            evidence_replaced,
        });
    }
    d.items = items;
    let key = |s: &crate::model::StageEntry| (s.stage, s.date, s.reference.clone());
    let sa: Vec<_> = a.stages.iter().map(key).collect();
    let sb: Vec<_> = b.stages.iter().map(key).collect();
    for (list, other, added) in [(&sb, &sa, true), (&sa, &sb, false)] {
        for s in list.iter().filter(|s| !other.contains(s)) {
            d.stages.push(StageDiff { added, stage: s.0, date: s.1.get(), reference: s.2.clone() });
        }
    }
    d.certificates = certificate_diffs(a, b);
    let review = |p: &Product| {
        p.review.as_ref().map(|r| {
            let day = r.date.map(|d| format!(" ({})", d.get().format("%d/%m/%Y"))).unwrap_or_default();
            format!("{}{day}", r.by)
        })
    };
    let (ra, rb) = (review(a), review(b));
    if ra != rb {
        d.review = Some(FieldDiff { field: "review".into(), before: ra, after: rb });
    }
}

fn certificate_diffs(a: &Product, b: &Product) -> Vec<CertDiff> {
    let all = |p: &Product| -> Vec<Certificate> { p.past_certificates.iter().chain(&p.certificate).cloned().collect() };
    let (ca, cb) = (all(a), all(b));
    let mut out = Vec::new();
    for c in &cb {
        match ca.iter().find(|o| o.decision == c.decision) {
            None => out.push(CertDiff::Issued { stars: c.stars, decision: c.decision.clone(), issued: c.issued.get() }),
            Some(old) => {
                if let (None, Some(r)) = (&old.revoked, &c.revoked) {
                    out.push(CertDiff::Revoked {
                        stars: c.stars,
                        decision: c.decision.clone(),
                        revoked_by: r.decision.clone(),
                        date: r.date.get(),
                    });
                }
                let ja = serde_json::to_value(old).unwrap_or_default();
                let jb = serde_json::to_value(c).unwrap_or_default();
                let fields = field_diffs(&ja, &jb, &["revoked"]);
                if !fields.is_empty() {
                    out.push(CertDiff::Corrected { decision: c.decision.clone(), fields });
                }
            }
        }
    }
    for c in ca.iter().filter(|o| !cb.iter().any(|c| c.decision == o.decision)) {
        out.push(CertDiff::Removed { stars: c.stars, decision: c.decision.clone() });
    }
    out
}

fn status_by_id(catalog: &Catalog, today: NaiveDate) -> BTreeMap<String, crate::status::StatusRow> {
    crate::status::rows(catalog, today, &crate::status::Filter::default())
        .into_iter()
        .map(|r| (r.id.0.clone(), r))
        .collect()
}

fn completeness(
    a: Option<&crate::status::StatusRow>,
    b: Option<&crate::status::StatusRow>,
    book: &Catalog,
    lang: Lang,
) -> Option<Completeness> {
    let count = |r: &crate::status::StatusRow| Count { done: r.done, required: r.required };
    let (before, after) = (a.map(count), b.map(count));
    let mut sections = Vec::new();
    let ids: Vec<String> = {
        let mut v: Vec<String> =
            a.iter().chain(b.iter()).flat_map(|r| r.sections.iter().map(|s| s.id.clone())).collect();
        v.dedup();
        let mut seen = BTreeSet::new();
        v.retain(|x| seen.insert(x.clone()));
        v
    };
    let rules = b.or(a).and_then(|r| r.rule_set.as_deref()).and_then(|id| book.rules.get(id));
    for id in ids {
        let find = |r: Option<&crate::status::StatusRow>| {
            r.and_then(|r| r.sections.iter().find(|s| s.id == id)).map(|s| Count { done: s.done, required: s.required })
        };
        let (sa, sb) = (find(a), find(b));
        if sa != sb {
            let name = rules.and_then(|r| r.section(&id)).map_or(id.clone(), |s| s.name.get(lang).to_string());
            sections.push(SectionDiff { id, name, before: sa, after: sb });
        }
    }
    (before != after || !sections.is_empty()).then_some(Completeness { before, after, sections })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{PRODUCER, PRODUCT, catalog, today};

    fn diff(before: &[(&str, &str)], after: &[(&str, &str)]) -> TreeDiff {
        let (a, b) = (catalog(&[("p", PRODUCER)], before), catalog(&[("p", PRODUCER)], after));
        compare(&Side { catalog: &a, diags: &[] }, &Side { catalog: &b, diags: &[] }, today(), Lang::En)
    }

    #[test]
    fn same_records_give_no_change() {
        assert!(diff(&[("x", PRODUCT)], &[("x", PRODUCT)]).is_empty());
    }

    #[test]
    fn a_record_under_a_new_id_with_the_same_name_is_renamed() {
        let d = diff(&[("x", PRODUCT)], &[("y", PRODUCT)]);
        assert_eq!(d.products.len(), 1);
        assert_eq!((d.products[0].change, d.products[0].renamed_from.as_deref()), (RecordChange::Renamed, Some("x")));
        let other = PRODUCT.replace("Mật ong", "Na bở");
        let d = diff(&[("x", PRODUCT)], &[("y", &other)]);
        let changes: Vec<RecordChange> = d.products.iter().map(|p| p.change).collect();
        // Listed by name: Mật ong (gone) before Na bở (new).
        assert_eq!(changes, [RecordChange::Removed, RecordChange::Added]);
    }

    #[test]
    fn items_certificates_and_fields_are_told_apart() {
        let cert = "[certificate]\nstars = 3\ndecision = \"1\"\nissued = 2025-01-10\n";
        let before = format!("{PRODUCT}barcode = \"8936123450021\"\n{cert}[dossier.label]\nstatus = \"missing\"\n");
        let after = format!(
            "{PRODUCT}{cert}revoked = {{ date = 2026-11-01, decision = \"9\" }}\n[dossier.label]\nstatus = \"done\"\nissued = 2026-11-20\n"
        );
        let d = diff(&[("x", &before)], &[("x", &after)]);
        let p = &d.products[0];
        assert_eq!(
            p.fields,
            [FieldDiff { field: "barcode".into(), before: Some("8936123450021".into()), after: None }]
        );
        assert_eq!((p.items[0].status_before, p.items[0].status_after), (ItemStatus::Missing, ItemStatus::Done));
        assert_eq!(p.items[0].fields[0].field, "issued");
        assert!(matches!(&p.certificates[..], [CertDiff::Revoked { revoked_by, .. }] if revoked_by == "9"));
    }

    #[test]
    fn diagnostics_are_matched_one_for_one() {
        let line = |m: &str| DiagLine { path: "p".into(), code: "W015".into(), message: m.into() };
        assert_eq!(minus(&[line("a"), line("a")], &[line("a")]), [line("a")]);
        assert!(minus(&[line("a")], &[line("a"), line("b")]).is_empty());
    }
}
