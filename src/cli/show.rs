//! `ocop show NAME`: one product or producer in depth.

use super::{Options, Outcome};
use crate::edit::RecordKind;
use crate::error::UserError;
use crate::eval::evaluate;
use crate::find;
use crate::i18n::LocalText;
use crate::render::diagnostics::display_path;
use crate::render::show as render;
use crate::status::{Filter, row, rows};
use crate::tree::Tree;
use anyhow::Result;
use std::io::Write;

/// Show one product (every checklist item by section, evidence, dates, problems, next
/// steps) or one producer with its products.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A product or producer: its id (file name) or part of its name, with or without
    /// diacritics.
    pub name: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Replace personal data (phone numbers, e-mails, ID numbers, household
    /// representatives' names) with a mark.
    #[arg(long)]
    pub redact: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// For people: a table or page in the terminal (also accepted: `text`).
    #[value(alias = "text")]
    Table,
    Json,
}

pub(super) fn run(args: &Args, opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let mut tree = opts.open_to_read()?;
    if args.redact {
        let lang = opts.lang(Some(&tree.catalog));
        crate::redact::tree(&mut tree, lang);
    }
    let Tree { catalog, diagnostics: diags, .. } = tree;
    let style = opts.style(Some(&catalog));
    let catalog = &catalog;
    let (kind, id) = find::record(catalog, &args.name, find::By::IdPathOrName)?;
    if catalog.is_broken(kind.dir(), id.as_str()) {
        let file = display_path(&kind.rel_path(id.as_str()));
        return Err(UserError::usage("show.broken", &[("file", &LocalText::plain(file))]).into());
    }
    match kind {
        RecordKind::Product => {
            let Some(rec) = catalog.products.get(&id) else { return Err(not_found(&args.name)) };
            let r = row(catalog, rec, opts.today);
            let eval = evaluate(catalog, &rec.value, opts.today);
            let producer = catalog.producers.get(rec.value.producer.as_str());
            let problems: Vec<_> = diags.iter().filter(|d| d.path == rec.source.path).cloned().collect();
            match args.format {
                Format::Table => render::product(out, rec, &r, eval.as_ref(), producer, &problems, style)?,
                Format::Json => render::product_json(out, rec, &r, eval.as_ref(), &problems, opts.today, style.lang)?,
            }
        }
        // The finder names activities only to commands that write.
        RecordKind::Activity | RecordKind::Plan => return Err(not_found(&args.name)),
        RecordKind::Producer => {
            let Some(rec) = catalog.producers.get(&id) else { return Err(not_found(&args.name)) };
            let all = rows(catalog, opts.today, &Filter { producer: Some(id.to_string()), ..Default::default() });
            let own: Vec<&std::path::Path> =
                crate::status::products_of(catalog, id.as_str()).iter().map(|r| r.source.path.as_path()).collect();
            let problems: Vec<_> = diags
                .iter()
                .filter(|d| d.path == rec.source.path || own.contains(&d.path.as_path()))
                .cloned()
                .collect();
            match args.format {
                Format::Table => render::producer(out, rec, catalog, &all, &problems, style)?,
                Format::Json => render::producer_json(out, rec, &all)?,
            }
        }
    }
    super::warn_missing_holidays(&catalog.rules, style, err)?;
    Ok(Outcome::Clean)
}

fn not_found(name: &str) -> anyhow::Error {
    UserError::usage("show.not_found", &[("name", &name.into())]).into()
}
