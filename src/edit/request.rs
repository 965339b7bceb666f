//! What `ocop set` asks for, as changes to a record: `KEY=VALUE` fields checked against
//! the model's fields, a checklist item's flags, a new stage. The command line fills a
//! `SetRequest`; this module validates every name and value and returns the changes
//! for the edit pipeline, or a `UserError`.

use super::fields::{self, BadValue, FieldType};
use super::{Change, RecordKind};
use crate::eval::rules_for;
use crate::i18n::{Lang, LocalText, fmt};
use crate::load::Catalog;
use crate::text::did_you_mean;
use anyhow::{Result, bail};
use chrono::NaiveDate;
use std::path::{Component, Path};
use toml_edit::Value;

/// What `set` was asked to change, as typed (the CLI's flags, without clap).
#[derive(Debug, Clone, Default)]
pub struct SetRequest {
    /// A checklist item id and/or `KEY=VALUE` fields.
    pub targets: Vec<String>,
    pub status: Option<String>,
    pub evidence: Vec<String>,
    pub remove_evidence: Vec<String>,
    pub issued: Option<String>,
    pub expires: Option<String>,
    pub note: Option<String>,
    pub reason: Option<String>,
    pub stage: Option<String>,
    pub date: Option<String>,
    pub reference: Option<String>,
}

fn usage(_lang: Lang, key: &'static str, args: &[(&'static str, &LocalText)]) -> anyhow::Error {
    crate::error::UserError::usage(key, args).into()
}

/// Turns the arguments into changes, validating every name and value first.
pub fn changes(
    req: &SetRequest,
    kind: RecordKind,
    record: &str,
    catalog: &Catalog,
    today: NaiveDate,
    current_dir: &Path,
    lang: Lang,
) -> Result<Vec<Change>> {
    refuse_control_characters(req, lang)?;
    let mut changes = Vec::new();
    let (fields, items): (Vec<&String>, Vec<&String>) = req.targets.iter().partition(|t| t.contains('='));
    for raw in fields {
        let (key, value) = raw.split_once('=').unwrap_or((raw, ""));
        changes.push(field_change(kind, key.trim(), value, lang)?);
    }
    let item_flags = req.status.is_some()
        || !req.evidence.is_empty()
        || !req.remove_evidence.is_empty()
        || req.issued.is_some()
        || req.expires.is_some()
        || req.note.is_some()
        || req.reason.is_some();
    match (items.as_slice(), kind) {
        ([], _) if item_flags => {
            return Err(usage(lang, "editing.item_flags_need_item", &[("record", &record.into())]));
        }
        ([], _) => {}
        ([_, ..], RecordKind::Activity | RecordKind::Plan) => {
            return Err(usage(lang, "editing.activity_no_item", &[("target", &items[0].as_str().into())]));
        }
        ([_, ..], RecordKind::Producer) => {
            return Err(usage(lang, "editing.producer_no_item", &[("target", &items[0].as_str().into())]));
        }
        ([item], RecordKind::Product) => {
            check_item(catalog, record, item, today, lang)?;
            if !item_flags {
                return Err(usage(lang, "editing.item_needs_flags", &[("item", &item.as_str().into())]));
            }
            changes.extend(item_changes(req, record, item, catalog, today, current_dir, lang)?);
        }
        (many, RecordKind::Product) => {
            let list = many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
            return Err(usage(lang, "editing.one_item", &[("items", &list.into())]));
        }
    }
    if req.date.is_some() && req.stage.is_none() && req.status.is_none() {
        return Err(usage(lang, "editing.date_needs_stage_or_status", &[]));
    }
    if let Some(stage) = &req.stage {
        if kind != RecordKind::Product {
            return Err(usage(lang, "editing.producer_no_stage", &[]));
        }
        let date = match &req.date {
            Some(d) => fields::parse_date(d).ok_or_else(|| bad_date(lang, d))?,
            None => today,
        };
        let mut entry =
            vec![("stage".to_string(), Value::from(stage.as_str())), ("date".into(), fields::date_value(date))];
        if let Some(r) = req.reference.as_deref().filter(|r| !r.trim().is_empty()) {
            entry.push(("reference".into(), Value::from(crate::text::nfc(r))));
        }
        changes.push(Change::PushStage(entry));
    }
    if changes.is_empty() {
        return Err(usage(lang, "editing.nothing", &[("record", &record.into())]));
    }
    Ok(changes)
}

/// Refuses text holding a control or bidi character (`safe::control`) in any argument
/// that becomes part of the record: it would break the Word report and terminals.
fn refuse_control_characters(req: &SetRequest, lang: Lang) -> Result<()> {
    let mut texts: Vec<(&str, &str)> = req.targets.iter().map(|t| t.split_once('=').unwrap_or((t, t))).collect();
    let flags = [("--note", &req.note), ("--reason", &req.reason), ("--reference", &req.reference)];
    texts.extend(flags.iter().filter_map(|(name, v)| v.as_deref().map(|v| (*name, v))));
    texts.extend(req.evidence.iter().chain(&req.remove_evidence).map(|p| ("--evidence", p.as_str())));
    for (field, text) in texts {
        if let Some(c) = crate::safe::control(text).or_else(|| crate::safe::control(field)) {
            let shown = format!("U+{:04X}", c as u32);
            return Err(usage(lang, "editing.control_character", &[("field", &field.into()), ("char", &shown.into())]));
        }
    }
    Ok(())
}

fn bad_date(lang: Lang, raw: &str) -> anyhow::Error {
    usage(lang, "editing.bad_date", &[("value", &raw.into())])
}

/// `KEY=VALUE` as a change, after checking the key is a field of `kind` and the value
/// has its type.
fn field_change(kind: RecordKind, key: &str, value: &str, lang: Lang) -> Result<Change> {
    let names = kind.fields().iter().map(|f| f.path.as_str());
    let Some(spec) = kind.field(key) else {
        let hint = did_you_mean(key, names.clone())
            .map(|s| fmt(lang, "detail.did_you_mean", &[("suggestion", &s.into())]))
            .unwrap_or_default();
        let all = names.collect::<Vec<_>>().join(", ");
        bail!(
            "{}",
            fmt(
                lang,
                "editing.unknown_field",
                &[
                    ("field", &key.into()),
                    ("kind", &LocalText::key(kind_key(kind), &[])),
                    ("hint", &hint.into()),
                    ("fields", &all.into())
                ]
            )
        );
    };
    let path: Vec<String> = spec.keys().into_iter().map(str::to_string).collect();
    if value.trim().is_empty() {
        return Ok(Change::Remove(path));
    }
    let v = fields::parse_value(spec.ty, value).map_err(|e| {
        let expected = match (e, spec.ty) {
            (BadValue::NotAChoice(s), FieldType::Choice(keys)) => {
                let hint =
                    s.map(|s| fmt(lang, "detail.did_you_mean", &[("suggestion", &s.into())])).unwrap_or_default();
                format!("{}{hint}", keys.join(", "))
            }
            (_, FieldType::Bool) => "true, false".to_string(),
            (BadValue::NotInteger, _) => fmt(lang, "editing.expected.integer", &[]),
            (BadValue::NotNumber, _) => fmt(lang, "editing.expected.number", &[]),
            _ => fmt(lang, "editing.expected.date", &[]),
        };
        usage(
            lang,
            "editing.bad_value",
            &[("field", &key.into()), ("value", &value.into()), ("expected", &expected.into())],
        )
    })?;
    Ok(Change::Set(path, v))
}

pub fn kind_key(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Producer => "editing.kind.producer",
        RecordKind::Product => "editing.kind.product",
        RecordKind::Activity => "editing.kind.activity",
        RecordKind::Plan => "editing.kind.plan",
    }
}

/// Refuses an item id the product's rule set does not know, suggesting the closest.
fn check_item(catalog: &Catalog, record: &str, item: &str, today: NaiveDate, lang: Lang) -> Result<()> {
    let Some(product) = catalog.products.get(&crate::model::Id::from(record)) else { return Ok(()) };
    let Some(rules) = rules_for(catalog, &product.value, today) else { return Ok(()) };
    if rules.item(item).is_some() {
        return Ok(());
    }
    let hint = did_you_mean(item, rules.items.iter().map(|i| i.id.as_str()))
        .map(|s| fmt(lang, "detail.did_you_mean", &[("suggestion", &s.into())]))
        .unwrap_or_default();
    Err(usage(
        lang,
        "editing.unknown_item",
        &[("item", &item.into()), ("rules", &rules.id.as_str().into()), ("hint", &hint.into())],
    ))
}

fn item_changes(
    req: &SetRequest,
    record: &str,
    item: &str,
    catalog: &Catalog,
    today: NaiveDate,
    current_dir: &Path,
    lang: Lang,
) -> Result<Vec<Change>> {
    let at = |key: &str| vec!["dossier".to_string(), item.to_string(), key.to_string()];
    let mut out = Vec::new();
    if let Some(s) = &req.status {
        out.push(Change::Set(at("status"), Value::from(s.as_str())));
        // The day of the progress: given, else kept when the status does not change,
        // else the reference day. Going back to missing or in progress drops it.
        let before = catalog
            .products
            .get(&crate::model::Id::from(record))
            .and_then(|r| r.value.dossier.get(item))
            .map(|i| (i.status, i.since));
        if s == "done" || s == "not_applicable" {
            let given = match req.date.as_deref() {
                Some(d) => Some(fields::parse_date(d).ok_or_else(|| bad_date(lang, d))?),
                None => None,
            };
            match (given, before) {
                (Some(d), _) => out.push(Change::Set(at("since"), fields::date_value(d))),
                (None, Some((status, Some(_)))) if status.key() == s => {}
                (None, _) => out.push(Change::Set(at("since"), fields::date_value(today))),
            }
        } else {
            out.push(Change::Remove(at("since")));
        }
    }
    for p in &req.evidence {
        let path = evidence_path(p, &catalog.root, current_dir);
        // A file that is not there gets no fingerprint; the check says it is missing.
        let value = catalog.file_fingerprint(&path);
        out.push(Change::AddEvidence { item: item.into(), path: path.clone() });
        if let Some(value) = value {
            out.push(Change::Fingerprint { item: item.into(), path, value: Some(value) });
        }
    }
    for p in &req.remove_evidence {
        let path = evidence_path(p, &catalog.root, current_dir);
        out.push(Change::RemoveEvidence { item: item.into(), path: path.clone() });
        out.push(Change::Fingerprint { item: item.into(), path, value: None });
    }
    for (key, raw) in [("issued", &req.issued), ("expires", &req.expires)] {
        match raw.as_deref().map(str::trim) {
            None => {}
            Some("") => out.push(Change::Remove(at(key))),
            Some(d) => out.push(Change::Set(
                at(key),
                fields::date_value(fields::parse_date(d).ok_or_else(|| bad_date(lang, d))?),
            )),
        }
    }
    for (key, raw) in [("note", &req.note), ("reason", &req.reason)] {
        match raw.as_deref() {
            None => {}
            Some(t) if t.trim().is_empty() => out.push(Change::Remove(at(key))),
            Some(t) => out.push(Change::Set(at(key), Value::from(crate::text::nfc(t)))),
        }
    }
    Ok(out)
}

/// An evidence path as the tree stores it: relative to the root with `/`. A path that
/// names a file from the current folder is turned into one from the root; anything else
/// is kept as typed, for the checks to judge.
fn evidence_path(typed: &str, root: &Path, current_dir: &Path) -> String {
    let from_cwd = current_dir.join(typed);
    if from_cwd.is_file()
        && let (Ok(file), Ok(root)) = (from_cwd.canonicalize(), root.canonicalize())
        && let Ok(rel) = file.strip_prefix(&root)
    {
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        return crate::text::nfc(&parts.join("/"));
    }
    crate::text::nfc(&typed.replace('\\', "/"))
}
