//! `ocop new producer|product`: a new record from the template, filled from flags, or by
//! asking for what is missing when stdin is a terminal.

use super::records::{commit, refused};
use super::{Options, Outcome};
use crate::edit::fields::{EVALUATION_KINDS, PRODUCER_KINDS};
use crate::edit::{Change, RecordKind, plan_new, same, template};
use crate::i18n::{Lang, fmt, tr};
use crate::model::Id;
use crate::render::diagnostics::display_path;
use crate::text::{is_slug, nfc, slug};
use anyhow::{Context, Result, anyhow};
use clap::builder::PossibleValuesParser;
use std::io::{BufRead, Write};
use toml_edit::Value;

/// Create a producer or product record from the tree's template (or the bundled one).
/// The id is the slug of the name ("Mật ong An Sơn" → mat-ong-an-son) unless --id is
/// given; an id already in use is refused, and so is a producer the tree already has
/// under another id (same tax code, or same name ignoring case and diacritics) or a
/// product with the same name and producer. Without the required flags, asks for them
/// when stdin is a terminal.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// A producer (chủ thể): producers/<id>.toml.
    Producer(ProducerArgs),
    /// A product: products/<id>.toml, at stage `preparing` from --today.
    Product(ProductArgs),
}

#[derive(Debug, clap::Args)]
pub struct ProducerArgs {
    /// Full name, e.g. "Hợp tác xã Nông nghiệp An Sơn" (required).
    #[arg(long)]
    pub name: Option<String>,
    /// Legal form (required).
    #[arg(long, value_parser = PossibleValuesParser::new(PRODUCER_KINDS))]
    pub kind: Option<String>,
    /// Enterprise/tax code (10 digits; a branch 10-3; a household's 12-digit number).
    #[arg(long)]
    pub registration_code: Option<String>,
    #[arg(long)]
    pub representative: Option<String>,
    #[arg(long)]
    pub hamlet: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, clap::Args)]
pub struct ProductArgs {
    /// Product name, e.g. "Mật ong An Sơn" (required).
    #[arg(long)]
    pub name: Option<String>,
    /// The producer's id (required).
    #[arg(long)]
    pub producer: Option<String>,
    /// Product set 1–26 (required).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=26))]
    pub set: Option<u8>,
    /// Kind of evaluation (default: the template's, `first`).
    #[arg(long, value_parser = PossibleValuesParser::new(EVALUATION_KINDS))]
    pub evaluation: Option<String>,
    /// Stars aimed for.
    #[arg(long, value_parser = clap::value_parser!(u8).range(3..=5))]
    pub target_stars: Option<u8>,
    /// EAN-13 barcode.
    #[arg(long)]
    pub barcode: Option<String>,
    /// OCOP product code.
    #[arg(long)]
    pub code: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, clap::Args)]
pub struct Common {
    /// The record's id (file name); default: the slug of the name.
    #[arg(long)]
    pub id: Option<String>,
    /// Show the new file as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// A field to fill: its key, the flag's value, whether it is required, its choices.
struct Field<'a> {
    key: &'static str,
    value: Option<String>,
    required: bool,
    choices: &'a [&'a str],
    integer: bool,
}

fn text<'a>(key: &'static str, v: &Option<String>, required: bool) -> Field<'a> {
    Field { key, value: v.clone(), required, choices: &[], integer: false }
}

pub fn run(args: &Args, opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let catalog = opts.load()?;
    let style = opts.style(Some(&catalog));
    let lang = style.lang;
    let catalog = &catalog;
    let (kind, mut fields, common) = match &args.what {
        What::Producer(a) => (
            RecordKind::Producer,
            vec![
                text("name", &a.name, true),
                Field { key: "kind", value: a.kind.clone(), required: true, choices: PRODUCER_KINDS, integer: false },
                text("registration_code", &a.registration_code, false),
                text("representative", &a.representative, false),
                text("hamlet", &a.hamlet, false),
                text("address", &a.address, false),
                text("phone", &a.phone, false),
                text("email", &a.email, false),
            ],
            &a.common,
        ),
        What::Product(a) => (
            RecordKind::Product,
            vec![
                text("name", &a.name, true),
                text("producer", &a.producer, true),
                Field { key: "set", value: a.set.map(|s| s.to_string()), required: true, choices: &[], integer: true },
                Field {
                    key: "evaluation",
                    value: a.evaluation.clone(),
                    required: false,
                    choices: EVALUATION_KINDS,
                    integer: false,
                },
                Field {
                    key: "target_stars",
                    value: a.target_stars.map(|s| s.to_string()),
                    required: false,
                    choices: &[],
                    integer: true,
                },
                text("barcode", &a.barcode, false),
                text("code", &a.code, false),
            ],
            &a.common,
        ),
    };
    let missing: Vec<&'static str> = fields.iter().filter(|f| f.required && f.value.is_none()).map(|f| f.key).collect();
    if !missing.is_empty() {
        if !opts.interactive {
            let flags = missing.iter().map(|k| format!("--{}", k.replace('_', "-"))).collect::<Vec<_>>().join(", ");
            return Err(anyhow!("{}", fmt(lang, "editing.new.missing", &[("flags", &flags.into())])));
        }
        let stdin = std::io::stdin();
        ask(&mut fields, lang, &mut stdin.lock(), err)?;
    }
    let value_of = |key: &str| fields.iter().find(|f| f.key == key).and_then(|f| f.value.clone());
    let name = value_of("name").unwrap_or_default();
    let id = match &common.id {
        Some(id) if !is_slug(id) => {
            return Err(anyhow!(
                "{}",
                fmt(lang, "editing.new.bad_id", &[("id", &id.as_str().into()), ("slug", &slug(id).into())])
            ));
        }
        Some(id) => id.clone(),
        None => slug(&name),
    };
    if id.is_empty() {
        return Err(anyhow!("{}", fmt(lang, "editing.new.empty_id", &[("name", &name.as_str().into())])));
    }
    // The same producer or product already in the tree (under this id or another):
    // refuse, naming its file.
    let found = match kind {
        RecordKind::Producer => same::producer(catalog, &name, value_of("registration_code").as_deref()),
        RecordKind::Product => same::product(catalog, &name, &Id(value_of("producer").unwrap_or_default())),
    };
    if let Some((theirs, by)) = found {
        let key = match kind {
            RecordKind::Producer => "editing.new.same_producer",
            RecordKind::Product => "editing.new.same_product",
        };
        let args = [
            ("path", &display_path(&kind.rel_path(theirs.as_str())).into()),
            ("id", &theirs.to_string().into()),
            ("by", &crate::render::edit::same(lang, &by).into()),
            ("producer", &value_of("producer").unwrap_or_default().into()),
        ];
        return Err(anyhow!("{}", fmt(lang, key, &args)));
    }
    let rel = kind.rel_path(&id);
    if catalog.root.join(&rel).exists() {
        return Err(anyhow!("{}", super::records::path_msg(lang, "editing.exists", &rel)));
    }
    let mut changes = Vec::new();
    for f in &fields {
        let Some(v) = f.value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else { continue };
        let value = match v.parse::<i64>() {
            Ok(n) if f.integer => Value::from(n),
            _ if f.integer => {
                return Err(anyhow!(
                    "{}",
                    fmt(
                        lang,
                        "editing.bad_value",
                        &[
                            ("field", &f.key.into()),
                            ("value", &v.into()),
                            ("expected", &tr(lang, "editing.expected.integer").into())
                        ]
                    )
                ));
            }
            _ => Value::from(nfc(v)),
        };
        changes.push(Change::set(&[f.key], value));
    }
    let template = template::text(&catalog.root, kind);
    match plan_new(catalog, kind, &Id(id), &template, &changes, opts.today) {
        Ok(plan) => {
            commit(&plan, common.dry_run, lang, out, err)?;
            Ok(Outcome::Clean)
        }
        Err(e) => refused(e, style, err),
    }
}

/// Asks on `err` for every field without a value, reading answers from `input`. A
/// required field is asked again until answered; an empty answer skips an optional one.
fn ask(fields: &mut [Field<'_>], lang: Lang, input: &mut dyn BufRead, err: &mut dyn Write) -> Result<()> {
    for f in fields.iter_mut().filter(|f| f.value.is_none()) {
        let label = tr(lang, &format!("editing.new.field.{}", f.key));
        loop {
            let choices = if f.choices.is_empty() { String::new() } else { format!(" [{}]", f.choices.join(", ")) };
            let optional = if f.required { "" } else { tr(lang, "editing.new.optional") };
            write!(err, "{label}{choices}{optional}: ")?;
            err.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line).context("stdin")? == 0 {
                return Err(anyhow!("{}", tr(lang, "editing.new.eof")));
            }
            let answer = line.trim();
            let ok_choice = f.choices.is_empty() || f.choices.contains(&answer);
            let ok_int = !f.integer || answer.parse::<u8>().is_ok();
            match answer {
                "" if !f.required => break,
                "" => continue,
                a if ok_choice && ok_int => {
                    f.value = Some(a.to_string());
                    break;
                }
                _ => continue,
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_until_required_fields_are_answered() {
        let mut fields = vec![
            text("name", &None, true),
            Field { key: "kind", value: None, required: true, choices: PRODUCER_KINDS, integer: false },
            text("phone", &None, false),
            text("email", &Some("a@b.vn".into()), false),
        ];
        let mut input = std::io::Cursor::new("\nHTX Đồng Tâm\ncooprative\ncooperative\n\n");
        let mut err = Vec::new();
        ask(&mut fields, Lang::Vi, &mut input, &mut err).expect("answered");
        let values: Vec<_> = fields.iter().map(|f| f.value.as_deref()).collect();
        assert_eq!(values, [Some("HTX Đồng Tâm"), Some("cooperative"), None, Some("a@b.vn")]);
        let asked = String::from_utf8(err).expect("utf-8");
        assert_eq!(asked.matches("Tên").count(), 2, "{asked}");
        let mut eof = std::io::Cursor::new("");
        assert!(ask(&mut [text("name", &None, true)], Lang::Vi, &mut eof, &mut Vec::new()).is_err());
    }
}
