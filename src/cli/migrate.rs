//! `ocop migrate`: bring a tree up to this binary's file format. For format 2 it dates
//! checklist progress (`since`) from git history, issue dates and evidence, lists what
//! it could not date, and writes `format = 2` into `ocop.toml`.

use super::records::{commit, refused};
use super::{Options, Outcome};
use crate::edit::fields::date_value;
use crate::edit::{Change, Document, RecordKind, Snapshot, Written, plan_edit, refuse_newer_format};
use crate::git::Repo;
use crate::i18n::fmt;
use crate::model::{FORMAT_VERSION, ItemStatus, Product};
use crate::path;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use std::io::Write;

/// Bring the tree up to the newest file format: date the progress of every checklist
/// item from git history, its issue date or its evidence, and record the format.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show the changes as unified diffs and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Where a `since` date came from, in order of preference.
fn date_for(
    repo: Option<&Repo>,
    blame: &[Option<String>],
    line: Option<usize>,
    item: &crate::model::Item,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let from_git = line.and_then(|l| blame.get(l - 1)).cloned().flatten().and_then(|d| d.parse::<NaiveDate>().ok());
    let from_evidence = || {
        repo.and_then(|r| {
            item.evidence.iter().filter_map(|e| r.added_on(e)).filter_map(|d| d.parse::<NaiveDate>().ok()).max()
        })
    };
    from_git.or(item.issued.map(|d| d.get())).or_else(from_evidence).filter(|d| *d <= today)
}

pub fn run(args: &Args, opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let lock = opts.lock_tree("migrate")?;
    let tree = opts.open_tree()?;
    let catalog = &tree.catalog;
    let style = opts.style(Some(catalog));
    let lang = style.lang;
    refuse_newer_format(catalog)?;
    let commune = catalog.commune.as_ref().ok_or_else(|| crate::error::UserError::usage("error.no_root", &[]))?;
    if commune.value.format_version() >= FORMAT_VERSION {
        writeln!(err, "{}", fmt(lang, "migrate.up_to_date", &[("format", &FORMAT_VERSION.to_string().into())]))?;
        return Ok(Outcome::Clean);
    }
    let repo = Repo::around(&catalog.root).ok();
    let mut undated = Vec::new();
    let mut outcome = Outcome::Clean;
    for (id, rec) in &catalog.products {
        let p: &Product = &rec.value;
        let rel = RecordKind::Product.rel_path(id.as_str()).to_string_lossy().replace('\\', "/");
        let blame = repo.as_ref().map(|r| r.line_dates(&rel)).unwrap_or_default();
        let mut changes = Vec::new();
        for (item_id, item) in &p.dossier {
            if !matches!(item.status, ItemStatus::Done | ItemStatus::NotApplicable) || item.since.is_some() {
                continue;
            }
            let line = rec.source.locate(&path!["dossier", item_id.as_str(), "status"]).map(|p| p.line);
            match date_for(repo.as_ref(), &blame, line, item, opts.today) {
                Some(d) => {
                    changes.push(Change::Set(vec!["dossier".into(), item_id.clone(), "since".into()], date_value(d)))
                }
                None => undated.push((id.as_str().to_string(), item_id.clone())),
            }
        }
        if changes.is_empty() {
            continue;
        }
        match plan_edit(catalog, RecordKind::Product, id, &changes, opts.today) {
            Ok(plan) => commit(&plan, &lock, args.dry_run, lang, out, err)?,
            Err(e) => outcome = refused(e, style, err)?,
        }
    }
    for (product, item) in &undated {
        writeln!(
            out,
            "{}",
            fmt(lang, "migrate.undated", &[("product", &product.as_str().into()), ("item", &item.as_str().into())])
        )?;
    }
    if outcome == Outcome::Problems {
        return Ok(outcome);
    }
    // ocop.toml is not a record: it is edited the same careful way, by hand here.
    let path = catalog.root.join(crate::load::COMMUNE_FILE);
    let snapshot = Snapshot::read(&path).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let old = String::from_utf8_lossy(snapshot.bytes()).into_owned();
    let mut doc = Document::parse(&old).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    doc.set(&["format"], toml_edit::Value::from(i64::from(FORMAT_VERSION)));
    let new = doc.render();
    let rel = std::path::Path::new(crate::load::COMMUNE_FILE);
    if args.dry_run {
        out.write_all(crate::edit::diff::unified(crate::load::COMMUNE_FILE, Some(&old), &new).as_bytes())?;
    } else {
        match crate::edit::write::write_atomic(&lock, &snapshot, new.as_bytes()) {
            Ok(Written::Written) => crate::render::edit::status_line(err, lang, "editing.written", rel)?,
            Ok(Written::Unchanged) => crate::render::edit::status_line(err, lang, "editing.unchanged", rel)?,
            Err(e) => return Err(super::records::write_error(e, rel)),
        }
    }
    let args_ = [("format", &FORMAT_VERSION.to_string().into()), ("undated", &undated.len().to_string().into())];
    writeln!(err, "{}", fmt(lang, "migrate.done", &args_))?;
    Ok(outcome)
}
