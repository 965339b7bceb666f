//! `ocop rules [ID]`: the rule sets in use (embedded plus the tree's overrides), or one
//! rule set's dossier items and where each applies.

use super::{Options, Outcome};
use crate::error::UserError;
use crate::i18n::LocalText;
use crate::load::load;
use crate::render::rules as render;
use crate::text::did_you_mean;
use anyhow::Result;
use std::io::Write;

/// List the OCOP rule sets (legal basis, dates, periods), or one rule set's dossier items
/// with the product groups, sets and evaluation kinds that need them; `ocop rules sets`
/// lists the 26 product sets with their groups.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule set id, e.g. qd-26-2026; or `sets` for the product sets and their groups.
    pub id: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

pub fn run(args: &Args, opts: &Options, out: &mut dyn Write) -> Result<Outcome> {
    // Rules work outside a tree too: then only the embedded ones are shown.
    let loaded = opts.root.as_ref().filter(|r| r.is_dir()).map(|r| load(r));
    let book = match &loaded {
        Some(l) => l.catalog.rules.clone(),
        None => crate::rules::load_rule_files(std::path::Path::new(""), &mut Vec::new()),
    };
    let style = opts.style(loaded.as_ref().map(|l| &l.catalog));
    match &args.id {
        None => match args.format {
            Format::Table => render::list(out, &book, style)?,
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &book.sets.values().collect::<Vec<_>>())?;
                writeln!(out)?;
            }
        },
        Some(id) if id == "sets" && book.get(id).is_none() => match args.format {
            Format::Table => render::sets(out, &book, style)?,
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &book.groups)?;
                writeln!(out)?;
            }
        },
        Some(id) => {
            let Some(set) = book.get(id) else {
                let hint = did_you_mean(id, book.sets.keys().map(String::as_str))
                    .map(|s| UserError::usage("show.did_you_mean", &[("name", &LocalText::plain(s))]));
                let known = book.sets.keys().cloned().collect::<Vec<_>>().join(", ");
                let args = [("rules", &id.as_str().into()), ("known", &known.into())];
                return Err(UserError::usage("diag.E030.message", &args).with_suffix(hint).into());
            };
            match args.format {
                Format::Table => render::items(out, set, &book, style)?,
                Format::Json => {
                    serde_json::to_writer_pretty(&mut *out, set)?;
                    writeln!(out)?;
                }
            }
        }
    }
    Ok(Outcome::Clean)
}
