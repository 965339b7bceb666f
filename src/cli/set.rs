//! `ocop set RECORD [ITEM] [KEY=VALUE]... [--flags]`: change one checklist item, the
//! stage, the certificate or any field of a product or producer, in place.

use super::records::{commit, refused};
use super::{Env, Options, Outcome};
use crate::edit::fields::{self, BadValue, FieldType};
use crate::edit::{Change, RecordKind, plan_edit};
use crate::eval::rules_for;
use crate::i18n::{Lang, LocalText, fmt};
use crate::load::Catalog;
use crate::model::{ItemStatus, Stage};
use crate::text::did_you_mean;
use anyhow::{Result, bail};
use std::io::Write;
use std::path::{Component, Path};
use toml_edit::Value;

/// Change one record in place: a checklist item, the product's stage, its certificate,
/// or any field of a product or producer. Only the values named change; comments and
/// layout stay. The result is checked before it is written.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  ocop set mat-ong-an-son test_report --status done --evidence evidence/x.pdf --issued 2026-11-20
  ocop set mat-ong-an-son form_02 --note \"Đã bổ sung phần B\"
  ocop set mat-ong-an-son --stage submitted --date 2026-11-30 --reference \"15/PĐK\"
  ocop set mat-ong-an-son certificate.stars=4 certificate.decision=\"12/QĐ-UBND\" certificate.issued=2026-12-01
  ocop set htx-an-son phone=\"0912 345 603\" representative=\"Trần Văn Bình\"
  ocop set htx-an-son email=            (an empty value removes the key)")]
pub struct Args {
    /// The product or producer: its id (file name without .toml) or its file's path.
    pub record: String,
    /// A checklist item id (e.g. `test_report`) for the item flags, and/or fields as
    /// KEY=VALUE (`phone="0912 345 603"`, `barcode=8936123450021`, `certificate.stars=4`).
    /// An empty VALUE removes the key.
    #[arg(value_name = "ITEM|KEY=VALUE")]
    pub targets: Vec<String>,
    /// The item's status.
    #[arg(long, value_parser = super::values::keys(ItemStatus::KEYS), help_heading = "Checklist item")]
    pub status: Option<String>,
    /// Add a scan to the item's evidence; the file must exist inside the tree. A path
    /// relative to the current folder or to the tree's root. Repeatable.
    #[arg(long, value_name = "PATH", help_heading = "Checklist item")]
    pub evidence: Vec<String>,
    /// Remove a path from the item's evidence. Repeatable.
    #[arg(long, value_name = "PATH", help_heading = "Checklist item")]
    pub remove_evidence: Vec<String>,
    /// The paper's issue date, YYYY-MM-DD or DD/MM/YYYY ("" removes it).
    #[arg(long, value_name = "DATE", help_heading = "Checklist item")]
    pub issued: Option<String>,
    /// The paper's expiry date, YYYY-MM-DD or DD/MM/YYYY ("" removes it).
    #[arg(long, value_name = "DATE", help_heading = "Checklist item")]
    pub expires: Option<String>,
    /// A note on the item ("" removes it).
    #[arg(long, value_name = "TEXT", help_heading = "Checklist item")]
    pub note: Option<String>,
    /// Why the item does not apply (needed with `--status not_applicable`).
    #[arg(long, value_name = "TEXT", help_heading = "Checklist item")]
    pub reason: Option<String>,
    /// Move the product to a new stage: appends a [[stages]] entry.
    #[arg(long, value_parser = super::values::keys(Stage::KEYS), help_heading = "Stage")]
    pub stage: Option<String>,
    /// The date of the new stage, YYYY-MM-DD or DD/MM/YYYY (default: --today).
    #[arg(long, value_name = "DATE", requires = "stage", help_heading = "Stage")]
    pub date: Option<String>,
    /// The document reference of the new stage (e.g. the Form 03 number).
    #[arg(long, value_name = "TEXT", requires = "stage", help_heading = "Stage")]
    pub reference: Option<String>,
    /// Show the change as a unified diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(args: &Args, opts: &Options, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let lock = opts.lock_tree("set")?;
    let catalog = opts.load()?;
    let style = opts.style(Some(&catalog));
    let catalog = &catalog;
    let (kind, id) = crate::find::record(catalog, &args.record, crate::find::By::IdOrPath)?;
    let changes = changes(args, kind, id.as_str(), catalog, opts, env, style.lang)?;
    match plan_edit(catalog, kind, &id, &changes, opts.today) {
        Ok(plan) => {
            commit(&plan, &lock, args.dry_run, style.lang, out, err)?;
            Ok(Outcome::Clean)
        }
        Err(e) => refused(e, style, err),
    }
}

fn usage(_lang: Lang, key: &'static str, args: &[(&'static str, &LocalText)]) -> anyhow::Error {
    crate::error::UserError::usage(key, args).into()
}

/// Turns the arguments into changes, validating every name and value first.
fn changes(
    args: &Args,
    kind: RecordKind,
    record: &str,
    catalog: &Catalog,
    opts: &Options,
    env: &Env,
    lang: Lang,
) -> Result<Vec<Change>> {
    refuse_control_characters(args, lang)?;
    let mut changes = Vec::new();
    let (fields, items): (Vec<&String>, Vec<&String>) = args.targets.iter().partition(|t| t.contains('='));
    for raw in fields {
        let (key, value) = raw.split_once('=').unwrap_or((raw, ""));
        changes.push(field_change(kind, key.trim(), value, lang)?);
    }
    let item_flags = args.status.is_some()
        || !args.evidence.is_empty()
        || !args.remove_evidence.is_empty()
        || args.issued.is_some()
        || args.expires.is_some()
        || args.note.is_some()
        || args.reason.is_some();
    match (items.as_slice(), kind) {
        ([], _) if item_flags => {
            return Err(usage(lang, "editing.item_flags_need_item", &[("record", &record.into())]));
        }
        ([], _) => {}
        ([_, ..], RecordKind::Activity) => {
            return Err(usage(lang, "editing.activity_no_item", &[("target", &items[0].as_str().into())]));
        }
        ([_, ..], RecordKind::Producer) => {
            return Err(usage(lang, "editing.producer_no_item", &[("target", &items[0].as_str().into())]));
        }
        ([item], RecordKind::Product) => {
            check_item(catalog, record, item, opts, lang)?;
            if !item_flags {
                return Err(usage(lang, "editing.item_needs_flags", &[("item", &item.as_str().into())]));
            }
            changes.extend(item_changes(args, item, catalog, env, lang)?);
        }
        (many, RecordKind::Product) => {
            let list = many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
            return Err(usage(lang, "editing.one_item", &[("items", &list.into())]));
        }
    }
    if let Some(stage) = &args.stage {
        if kind != RecordKind::Product {
            return Err(usage(lang, "editing.producer_no_stage", &[]));
        }
        let date = match &args.date {
            Some(d) => fields::parse_date(d).ok_or_else(|| bad_date(lang, d))?,
            None => opts.today,
        };
        let mut entry =
            vec![("stage".to_string(), Value::from(stage.as_str())), ("date".into(), fields::date_value(date))];
        if let Some(r) = args.reference.as_deref().filter(|r| !r.trim().is_empty()) {
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
fn refuse_control_characters(args: &Args, lang: Lang) -> Result<()> {
    let mut texts: Vec<(&str, &str)> = args.targets.iter().map(|t| t.split_once('=').unwrap_or((t, t))).collect();
    let flags = [("--note", &args.note), ("--reason", &args.reason), ("--reference", &args.reference)];
    texts.extend(flags.iter().filter_map(|(name, v)| v.as_deref().map(|v| (*name, v))));
    texts.extend(args.evidence.iter().chain(&args.remove_evidence).map(|p| ("--evidence", p.as_str())));
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

pub(crate) fn kind_key(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Producer => "editing.kind.producer",
        RecordKind::Product => "editing.kind.product",
        RecordKind::Activity => "editing.kind.activity",
    }
}

/// Refuses an item id the product's rule set does not know, suggesting the closest.
fn check_item(catalog: &Catalog, record: &str, item: &str, opts: &Options, lang: Lang) -> Result<()> {
    let Some(product) = catalog.products.get(&crate::model::Id::from(record)) else { return Ok(()) };
    let Some(rules) = rules_for(catalog, &product.value, opts.today) else { return Ok(()) };
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

fn item_changes(args: &Args, item: &str, catalog: &Catalog, env: &Env, lang: Lang) -> Result<Vec<Change>> {
    let at = |key: &str| vec!["dossier".to_string(), item.to_string(), key.to_string()];
    let mut out = Vec::new();
    if let Some(s) = &args.status {
        out.push(Change::Set(at("status"), Value::from(s.as_str())));
    }
    for p in &args.evidence {
        out.push(Change::AddEvidence { item: item.into(), path: evidence_path(p, &catalog.root, env) });
    }
    for p in &args.remove_evidence {
        out.push(Change::RemoveEvidence { item: item.into(), path: evidence_path(p, &catalog.root, env) });
    }
    for (key, raw) in [("issued", &args.issued), ("expires", &args.expires)] {
        match raw.as_deref().map(str::trim) {
            None => {}
            Some("") => out.push(Change::Remove(at(key))),
            Some(d) => out.push(Change::Set(
                at(key),
                fields::date_value(fields::parse_date(d).ok_or_else(|| bad_date(lang, d))?),
            )),
        }
    }
    for (key, raw) in [("note", &args.note), ("reason", &args.reason)] {
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
fn evidence_path(typed: &str, root: &Path, env: &Env) -> String {
    let from_cwd = env.current_dir.join(typed);
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
