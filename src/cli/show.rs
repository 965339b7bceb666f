//! `ocop show NAME`: one product or producer in depth.

use super::{Options, Outcome};
use crate::eval::evaluate;
use crate::i18n::{LocalText, fmt};
use crate::render::show as render;
use crate::status::{Filter, StatusRow, row, rows};
use crate::text::{did_you_mean, matches};
use crate::tree::Tree;
use anyhow::{Result, anyhow};
use serde::Serialize;
use std::io::Write;

/// Show one product (every checklist item by section, evidence, dates, problems, next
/// steps) or one producer with its products.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A product or producer: its id (file name) or part of its name, with or without
    /// diacritics.
    pub name: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

enum Found {
    Product(crate::model::Id),
    Producer(crate::model::Id),
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    section: &'a str,
    name: &'a str,
    state: crate::eval::ItemState,
    evidence: Vec<&'a str>,
    expires: Option<chrono::NaiveDate>,
    source: &'a str,
}

#[derive(Serialize)]
struct JsonProduct<'a> {
    schema_version: u32,
    today: chrono::NaiveDate,
    product: &'a StatusRow,
    items: Vec<JsonItem<'a>>,
    problems: Vec<JsonProblem>,
}

#[derive(Serialize)]
struct JsonProblem {
    code: &'static str,
    line: Option<usize>,
    message: String,
}

pub fn run(args: &Args, opts: &Options, out: &mut dyn Write, _err: &mut dyn Write) -> Result<Outcome> {
    let Tree { catalog, diagnostics: diags, .. } = opts.open_tree()?;
    let style = opts.style(Some(&catalog));
    let lang = style.lang;
    let catalog = &catalog;

    for dir in [crate::load::PRODUCTS_DIR, crate::load::PRODUCERS_DIR] {
        if catalog.is_broken(dir, &args.name) {
            let file = format!("{dir}/{}.toml", args.name);
            return Err(anyhow!("{}", fmt(lang, "show.broken", &[("file", &LocalText::plain(file))])));
        }
    }
    let found = if let Some(id) = catalog.products.keys().find(|id| id.as_str() == args.name) {
        Found::Product(id.clone())
    } else if let Some(id) = catalog.producers.keys().find(|id| id.as_str() == args.name) {
        Found::Producer(id.clone())
    } else {
        let products: Vec<_> = catalog.products.values().filter(|r| matches(&r.value.name, &args.name)).collect();
        let producers: Vec<_> = catalog.producers.values().filter(|r| matches(&r.value.name, &args.name)).collect();
        match (products.as_slice(), producers.as_slice()) {
            ([one], []) => Found::Product(one.id.clone()),
            ([], [one]) => Found::Producer(one.id.clone()),
            ([], []) => {
                let names = catalog.products.keys().chain(catalog.producers.keys()).map(|id| id.as_str());
                let hint = did_you_mean(&args.name, names)
                    .map(|s| fmt(lang, "show.did_you_mean", &[("name", &s.into())]))
                    .unwrap_or_default();
                return Err(anyhow!("{}{hint}", fmt(lang, "show.not_found", &[("name", &args.name.as_str().into())])));
            }
            _ => {
                let ids: Vec<String> = products
                    .iter()
                    .map(|r| r.id.to_string())
                    .chain(producers.iter().map(|r| r.id.to_string()))
                    .collect();
                return Err(anyhow!(
                    "{}",
                    fmt(
                        lang,
                        "show.ambiguous",
                        &[("name", &args.name.as_str().into()), ("ids", &LocalText::plain(ids.join(", ")))]
                    )
                ));
            }
        }
    };

    match found {
        Found::Product(id) => {
            let rec = &catalog.products[&id];
            let r = row(catalog, rec, opts.today);
            let eval = evaluate(catalog, &rec.value, opts.today);
            let producer = catalog.producers.get(rec.value.producer.as_str());
            let problems: Vec<_> = diags.iter().filter(|d| d.path == rec.source.path).cloned().collect();
            match args.format {
                Format::Text => render::product(out, rec, &r, eval.as_ref(), producer, &problems, style)?,
                Format::Json => {
                    let items = eval
                        .as_ref()
                        .map(|e| {
                            e.items
                                .iter()
                                .map(|i| JsonItem {
                                    id: &i.rule.id,
                                    section: &i.rule.section,
                                    name: i.rule.name.get(lang),
                                    state: i.state,
                                    evidence: i
                                        .entry
                                        .map(|e| e.evidence.iter().map(String::as_str).collect())
                                        .unwrap_or_default(),
                                    expires: i.expires,
                                    source: &i.rule.source,
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    let problems = problems
                        .iter()
                        .map(|d| JsonProblem {
                            code: d.code.as_str(),
                            line: d.position.as_ref().map(|p| p.line),
                            message: d.message(lang),
                        })
                        .collect();
                    let doc = JsonProduct {
                        schema_version: crate::status::SCHEMA_VERSION,
                        today: opts.today,
                        product: &r,
                        items,
                        problems,
                    };
                    serde_json::to_writer_pretty(&mut *out, &doc)?;
                    writeln!(out)?;
                }
            }
        }
        Found::Producer(id) => {
            let rec = &catalog.producers[&id];
            let all = rows(catalog, opts.today, &Filter { producer: Some(id.to_string()), ..Default::default() });
            let own: Vec<&str> = crate::status::products_of(catalog, id.as_str())
                .iter()
                .map(|r| r.source.path.to_str().unwrap_or(""))
                .collect();
            let problems: Vec<_> = diags
                .iter()
                .filter(|d| d.path == rec.source.path || own.iter().any(|p| d.path.to_str() == Some(p)))
                .cloned()
                .collect();
            match args.format {
                Format::Text => render::producer(out, rec, catalog, &all, &problems, style)?,
                Format::Json => {
                    #[derive(Serialize)]
                    struct JsonProducer<'a> {
                        schema_version: u32,
                        id: &'a str,
                        producer: &'a crate::model::Producer,
                        products: &'a [StatusRow],
                    }
                    let doc = JsonProducer {
                        schema_version: crate::status::SCHEMA_VERSION,
                        id: id.as_str(),
                        producer: &rec.value,
                        products: &all,
                    };
                    serde_json::to_writer_pretty(&mut *out, &doc)?;
                    writeln!(out)?;
                }
            }
        }
    }
    Ok(Outcome::Clean)
}
