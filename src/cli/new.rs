//! `ocop new producer|product`: a new record from the template, filled from flags, or by
//! asking for what is missing when stdin is a terminal.

use super::prompt::{Empty, Field, ask};
use super::records::{commit, refused};
use super::{Options, Outcome};
use crate::edit::fields::{self, Field as FieldDef, FieldType};
use crate::edit::{Change, RecordKind, plan_new, same, template};
use crate::error::UserError;

use crate::model::Id;
use crate::render::diagnostics::display_path;
use crate::text::{is_slug, slug};
use anyhow::Result;
use clap::{Arg, ArgAction, ArgMatches};
use std::io::Write;
use std::marker::PhantomData;

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
    Producer(FieldArgs<ProducerFile>),
    /// A product: products/<id>.toml, at stage `preparing` from --today.
    Product(FieldArgs<ProductFile>),
    /// An activity under the plan: activities/<date>-<slug of the title>.toml.
    Activity(FieldArgs<ActivityFile>),
}

/// What a `FieldArgs` fills: its fields (one flag each) and the flags every command of
/// its kind has besides (`--id`, `--dry-run`).
pub trait FieldSource {
    type Common: clap::Args + clap::FromArgMatches + std::fmt::Debug;
    fn fields() -> Vec<&'static FieldDef>;
}

/// A record of one kind, one per file.
pub trait NewKind {
    const KIND: RecordKind;
}

impl<K: NewKind> FieldSource for K {
    type Common = Common;

    fn fields() -> Vec<&'static FieldDef> {
        // `id` is `--id` of every kind (the file name).
        K::KIND.fields().iter().filter(|f| f.is_top_level() && f.path != "id").collect()
    }
}

#[derive(Debug)]
pub struct ProducerFile;
#[derive(Debug)]
pub struct ProductFile;
#[derive(Debug)]
pub struct ActivityFile;

impl NewKind for ActivityFile {
    const KIND: RecordKind = RecordKind::Activity;
}

impl NewKind for ProducerFile {
    const KIND: RecordKind = RecordKind::Producer;
}

impl NewKind for ProductFile {
    const KIND: RecordKind = RecordKind::Product;
}

/// One flag per top-level field of the record, made from the model (`crate::fields`):
/// a field added to the model is a flag of `new` with no change here.
#[derive(Debug)]
pub struct FieldArgs<K: FieldSource> {
    /// The values given, by field; a list (`many`) joined with commas.
    pub values: Vec<(&'static FieldDef, String)>,
    pub common: K::Common,
    kind: PhantomData<K>,
}

impl<K: FieldSource> FieldArgs<K> {
    fn flags() -> impl Iterator<Item = &'static FieldDef> {
        K::fields().into_iter()
    }
}

/// The clap argument for a field: its flag, the model's doc as help, its choices or
/// bounds as the value parser.
fn arg_for((order, f): (usize, &'static FieldDef)) -> Arg {
    // The help shown is the catalogue's (`fieldhelp`, see `help::command`).
    let help = f.doc.split_whitespace().collect::<Vec<_>>().join(" ");
    let arg = Arg::new(f.path.clone())
        .long(f.flag())
        .help(help)
        .action(ArgAction::Set)
        .display_order(100 + order)
        .value_name(f.path.to_uppercase());
    // A list: the flag again, or values separated by commas.
    let arg = if f.many { arg.action(ArgAction::Append).value_delimiter(',') } else { arg };
    match f.ty {
        FieldType::Choice(keys) => arg.value_parser(super::values::keys(keys)),
        FieldType::Integer => {
            let (min, max) = (f.min.unwrap_or(i64::MIN), f.max.unwrap_or(i64::MAX));
            arg.value_name("N").value_parser(move |s: &str| -> Result<String, String> {
                match s.trim().parse::<i64>() {
                    Ok(n) if (min..=max).contains(&n) => Ok(n.to_string()),
                    _ => Err(format!("{min}..={max}")),
                }
            })
        }
        FieldType::Date => arg.value_name("DATE"),
        _ => arg,
    }
}

impl<K: FieldSource> clap::FromArgMatches for FieldArgs<K> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        Self::from_arg_matches_mut(&mut matches.clone())
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        let values = Self::flags()
            .filter_map(|f| {
                let value = if f.many {
                    matches.remove_many::<String>(&f.path).map(|v| v.collect::<Vec<_>>().join(","))
                } else {
                    matches.remove_one::<String>(&f.path)
                };
                value.map(|v| (f, v))
            })
            .collect();
        Ok(FieldArgs { values, common: K::Common::from_arg_matches_mut(matches)?, kind: PhantomData })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl<K: FieldSource> clap::Args for FieldArgs<K> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        K::Common::augment_args(Self::flags().enumerate().fold(cmd, |cmd, f| cmd.arg(arg_for(f))))
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

#[derive(Debug, clap::Args)]
pub struct Common {
    /// The record's id (file name); default: the slug of the name.
    #[arg(long, display_order = 900)]
    pub id: Option<String>,
    /// Show the new file as a diff and write nothing.
    #[arg(long, display_order = 901)]
    pub dry_run: bool,
}

/// The fields of `kind` with the values given on the command line.
pub(super) fn fields_of<K: FieldSource>(a: &FieldArgs<K>) -> Vec<Field> {
    FieldArgs::<K>::flags()
        .map(|def| Field { def, value: a.values.iter().find(|(f, _)| f.path == def.path).map(|(_, v)| v.clone()) })
        .collect()
}

pub(super) fn run(args: &Args, opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let mut lock = opts.lock_tree("new")?;
    let mut catalog = opts.load()?;
    let style = opts.style(Some(&catalog));
    let lang = style.lang;
    let (kind, mut fields, common) = match &args.what {
        What::Producer(a) => (RecordKind::Producer, fields_of(a), &a.common),
        What::Product(a) => (RecordKind::Product, fields_of(a), &a.common),
        What::Activity(a) => (RecordKind::Activity, fields_of(a), &a.common),
    };
    let missing: Vec<&FieldDef> =
        fields.iter().filter(|f| f.def.required && f.value.is_none()).map(|f| f.def).collect();
    if !missing.is_empty() {
        if !opts.interactive {
            let flags = missing.iter().map(|f| format!("--{}", f.flag())).collect::<Vec<_>>().join(", ");
            return Err(UserError::usage("editing.new.missing", &[("flags", &flags.into())]).into());
        }
        // Nobody waits for the lock while the officer types: let go of it while asking,
        // then take it again and read the tree afresh.
        drop(lock);
        let stdin = std::io::stdin();
        ask(&mut fields, Empty::SkipsOptional, lang, &mut stdin.lock(), err)?;
        lock = opts.lock_tree("new")?;
        catalog = opts.load()?;
    }
    let catalog = &catalog;
    let value_of = |key: &str| fields.iter().find(|f| f.def.path == key).and_then(|f| f.value.clone());
    // What names the record: an activity's title, a producer's or product's name.
    let name_key = if kind == RecordKind::Activity { "title" } else { "name" };
    let name = value_of(name_key).unwrap_or_default();
    // An activity's file starts with its date, so the folder reads in order.
    let default_id = match kind {
        RecordKind::Activity => {
            let date = value_of("date").and_then(|d| fields::parse_date(&d)).map(|d| d.to_string()).unwrap_or_default();
            slug(&format!("{date} {}", value_of("title").unwrap_or_default()))
        }
        _ => slug(&name),
    };
    let id = match &common.id {
        Some(id) if !is_slug(id) => {
            return Err(UserError::usage(
                "editing.new.bad_id",
                &[("id", &id.as_str().into()), ("slug", &slug(id).into())],
            )
            .into());
        }
        Some(id) => id.clone(),
        None => default_id,
    };
    if name.trim().is_empty() {
        let kind = crate::i18n::LocalText::key(crate::edit::request::kind_key(kind), &[]);
        let flag = crate::i18n::LocalText::plain(name_key);
        return Err(UserError::usage("editing.new.empty_name", &[("kind", &kind), ("flag", &flag)]).into());
    }
    if id.is_empty() {
        return Err(UserError::usage("editing.new.empty_id", &[("name", &name.as_str().into())]).into());
    }
    if crate::text::is_reserved_on_windows(&id) {
        return Err(UserError::usage("editing.new.reserved_id", &[("id", &id.as_str().into())]).into());
    }
    // The same producer or product already in the tree (under this id or another):
    // refuse, naming its file.
    let found = match kind {
        RecordKind::Producer => same::producer(catalog, &name, value_of("registration_code").as_deref()),
        RecordKind::Product => same::product(catalog, &name, &Id(value_of("producer").unwrap_or_default())),
        RecordKind::Activity | RecordKind::Plan => None,
    };
    if let Some((theirs, by)) = found {
        let key = match kind {
            RecordKind::Producer => "editing.new.same_producer",
            RecordKind::Product | RecordKind::Activity | RecordKind::Plan => "editing.new.same_product",
        };
        let args = [
            ("path", &display_path(&kind.rel_path(theirs.as_str())).into()),
            ("id", &theirs.to_string().into()),
            ("by", &crate::render::edit::same(lang, &by).into()),
            ("producer", &value_of("producer").unwrap_or_default().into()),
        ];
        return Err(UserError::usage(key, &args).into());
    }
    let rel = kind.rel_path(&id);
    if catalog.root.join(&rel).exists() {
        return Err(super::records::path_error("editing.exists", &rel).into());
    }
    let mut changes = Vec::new();
    for f in &fields {
        if let Some(value) = f.typed(lang)? {
            changes.push(Change::set(&f.def.keys(), value));
        }
    }
    let template = template::text(&catalog.root, kind);
    match plan_new(catalog, kind, &Id(id), &template, &changes, opts.today) {
        Ok(plan) => {
            commit(&plan, &lock, common.dry_run, lang, out, err)?;
            Ok(Outcome::Clean)
        }
        Err(e) => refused(e, style, err),
    }
}
