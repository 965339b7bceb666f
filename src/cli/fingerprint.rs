//! `ocop fingerprint [--update] [PRODUCT]`: list evidence files whose bytes differ from
//! the fingerprint recorded for them, or, with `--update`, record them as they are now.

use super::records::{commit, refused};
use super::{Options, Outcome};
use crate::edit::{Change, RecordKind, plan_edit};
use crate::i18n::fmt;
use crate::model::Id;
use anyhow::Result;
use std::io::Write;

/// Check evidence files against their recorded SHA-256, or record them anew after a
/// scan was replaced on purpose.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this product (default: every product).
    pub product: Option<String>,
    /// Record the fingerprint of every evidence file as it is now (and forget those of
    /// files no longer listed).
    #[arg(long)]
    pub update: bool,
    /// With --update: show the changes as a unified diff and write nothing.
    #[arg(long, requires = "update")]
    pub dry_run: bool,
}

pub(super) fn run(args: &Args, opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let lock = opts.lock_tree("fingerprint")?;
    let loaded = opts.load()?;
    let style = opts.style(Some(&loaded));
    let lang = style.lang;
    let catalog = &loaded;
    let ids: Vec<Id> = match &args.product {
        Some(name) => {
            let id = crate::find::product(catalog, name)?;
            vec![id]
        }
        None => catalog.products.keys().cloned().collect(),
    };
    let mut outcome = Outcome::Clean;
    for id in ids {
        let Some(rec) = catalog.products.get(&id) else { continue };
        let mut changes = Vec::new();
        for (item, entry) in &rec.value.dossier {
            for path in &entry.evidence {
                let now = catalog.file_fingerprint(path);
                let recorded = entry.fingerprints.get(path);
                if args.update {
                    if now.is_some() && now.as_ref() != recorded {
                        changes.push(Change::Fingerprint { item: item.clone(), path: path.clone(), value: now });
                    }
                } else {
                    let key = match (recorded, &now) {
                        (_, None) => "fingerprint.missing",
                        (None, Some(_)) => "fingerprint.unrecorded",
                        (Some(r), Some(n)) if r != n => "fingerprint.changed",
                        _ => continue,
                    };
                    let args = [
                        ("product", &id.as_str().into()),
                        ("item", &item.as_str().into()),
                        ("file", &path.as_str().into()),
                    ];
                    writeln!(out, "{}", fmt(lang, key, &args))?;
                }
            }
            if args.update {
                for gone in entry.fingerprints.keys().filter(|p| !entry.evidence.contains(p)) {
                    changes.push(Change::Fingerprint { item: item.clone(), path: gone.clone(), value: None });
                }
            }
        }
        if changes.is_empty() {
            continue;
        }
        match plan_edit(catalog, RecordKind::Product, &id, &changes, opts.today) {
            Ok(plan) => commit(&plan, &lock, args.dry_run, lang, out, err)?,
            Err(e) => outcome = refused(e, style, err)?,
        }
    }
    Ok(outcome)
}
