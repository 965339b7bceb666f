//! `ocop status`: one row per product with its stage, certificate, completeness and next
//! action.

use super::{Options, Outcome, warn_if_problems, warn_missing_holidays};
use crate::i18n::tr;
use crate::model::Stage;
use crate::render::status as render;
use crate::status::{Filter, rows};
use crate::tree::Tree;
use anyhow::Result;
use std::io::Write;

/// Show where every product stands: stage, stars, certificate expiry, dossier
/// completeness (overall and by section) and the next action.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only products whose name (or id, or producer) contains these words; diacritics
    /// and case are ignored (`ocop status mat ong` finds "Mật ong").
    pub search: Vec<String>,
    /// Only this producer's products (id or part of the name).
    #[arg(long)]
    pub producer: Option<String>,
    /// Only products at this stage.
    #[arg(long, value_parser = super::values::keys(Stage::KEYS))]
    pub stage: Option<String>,
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
    Table,
    Json,
    Csv,
    Yaml,
}

pub(super) fn run(args: &Args, opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let filter = Filter {
        producer: args.producer.clone(),
        stage: args.stage.as_deref().and_then(Stage::from_key),
        search: (!args.search.is_empty()).then(|| args.search.join(" ")),
    };
    if let Some(mut p) = opts.province(crate::province::Depth::Records)? {
        if args.redact {
            let lang = opts.province_style(&p).lang;
            crate::redact::province(&mut p, lang);
        }
        return province(args, opts, &p, &filter, out, err);
    }
    let mut tree = opts.open_to_count()?;
    if args.redact {
        let lang = opts.lang(Some(&tree.catalog));
        crate::redact::tree(&mut tree, lang);
    }
    let Tree { catalog, diagnostics: diags, .. } = tree;
    let style = opts.style(Some(&catalog));
    warn_if_problems(&diags, style.lang, err)?;
    let rows = rows(&catalog, opts.today, &filter);
    let book = &catalog.rules;
    match args.format {
        Format::Table if catalog.products.is_empty() => writeln!(out, "{}", tr(style.lang, "status.no_products"))?,
        Format::Table => {
            render::table(out, &rows, book, style)?;
            render::stale_reviews(out, &rows, style.lang)?;
        }
        Format::Json => render::json(out, &rows, opts.today)?,
        Format::Csv => render::csv(out, &rows, book, style.lang)?,
        Format::Yaml => render::yaml(out, &rows, opts.today)?,
    }
    warn_missing_holidays(&catalog.rules, style, err)?;
    Ok(Outcome::Clean)
}

/// The roll-up over a province's communes: the commune as a column, a subtotal per
/// commune, and a commune that did not load named on stderr and in the table.
fn province(
    args: &Args,
    opts: &Options,
    p: &crate::province::Province,
    filter: &Filter,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let style = opts.province_style(p);
    let groups = crate::province::rollup::status(p, opts.today, filter);
    // The rows status cannot judge (unknown producer, set or rule set) stand for the
    // errors `check` would find in them, at no cost.
    let unjudged = groups
        .iter()
        .map(|g| {
            let n = g.rows.iter().filter(|r| r.next == crate::status::NextAction::FixRecord).count();
            (g.member.key.as_str(), n)
        })
        .collect();
    super::warn_province_with(p, &unjudged, style, err)?;
    match args.format {
        Format::Table => render::province_table(out, &groups, style)?,
        Format::Json => render::province_json(out, p.name(), &groups, opts.today)?,
        Format::Csv => render::province_csv(out, &groups, style.lang)?,
        Format::Yaml => render::province_yaml(out, p.name(), &groups, opts.today)?,
    }
    Ok(Outcome::Clean)
}
