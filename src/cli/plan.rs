//! `ocop plan show|target add|milestone add`: the commune's plan as the officer reads
//! it (targets measured from the records, milestones with where each stands), and new
//! targets and milestones written into `plan.toml` through the edit pipeline (comments
//! kept, re-checked, atomic, `--dry-run`). The flags of `add` are the model's fields.

use super::new::{FieldArgs, FieldSource, fields_of};
use super::prompt::{Empty, Field, ask};
use super::records::{commit, refused};
use super::{Options, Outcome, warn_if_problems};
use crate::edit::{Change, RecordKind, plan_edit, plan_new, template};
use crate::error::UserError;
use crate::fields::{Field as FieldDef, Kind, entry_fields};
use crate::model::Id;
use crate::period::Period;
use crate::plan::PLAN_FILE;
use crate::tree::Tree;
use anyhow::Result;
use std::io::Write;

/// Show the plan or add to it: targets, which the tool measures from the records, and
/// milestones, the plan's timeline by quarter.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// The plan's targets with what the records show so far, and its milestones with
    /// where each one stands, as of --today.
    Show(ShowArgs),
    /// The plan's targets (`[[targets]]` in plan.toml).
    Target {
        #[command(subcommand)]
        action: TargetAction,
    },
    /// The plan's milestones (`[[milestones]]` in plan.toml).
    Milestone {
        #[command(subcommand)]
        action: MilestoneAction,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum TargetAction {
    /// Add a target to plan.toml (creating the file from the template when the tree has
    /// none).
    Add(FieldArgs<TargetEntry>),
}

#[derive(Debug, clap::Subcommand)]
pub enum MilestoneAction {
    /// Add a milestone to plan.toml (creating the file from the template when the tree
    /// has none).
    Add(FieldArgs<MilestoneEntry>),
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

/// The flags `add` has besides the entry's fields.
#[derive(Debug, clap::Args)]
pub struct EntryCommon {
    /// Show the change to plan.toml as a diff and write nothing.
    #[arg(long, display_order = 901)]
    pub dry_run: bool,
}

#[derive(Debug)]
pub struct TargetEntry;
#[derive(Debug)]
pub struct MilestoneEntry;

impl FieldSource for TargetEntry {
    type Common = EntryCommon;

    fn fields() -> Vec<&'static FieldDef> {
        entry_fields(Kind::Plan, TARGETS).iter().collect()
    }
}

impl FieldSource for MilestoneEntry {
    type Common = EntryCommon;

    fn fields() -> Vec<&'static FieldDef> {
        entry_fields(Kind::Plan, MILESTONES).iter().collect()
    }
}

const TARGETS: &str = "targets";
const MILESTONES: &str = "milestones";

/// The array of tables of plan.toml whose entry the command `path` adds
/// (`plan target add` → `targets`), for the help texts of its flags.
pub(super) fn entry_of(path: &str) -> Option<&'static str> {
    match path {
        "plan target add" => Some(TARGETS),
        "plan milestone add" => Some(MILESTONES),
        _ => None,
    }
}

pub(super) fn run(args: &Args, opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    match &args.what {
        What::Show(a) => show(a, opts, out, err),
        What::Target { action: TargetAction::Add(a) } => add(TARGETS, fields_of(a), &a.common, opts, out, err),
        What::Milestone { action: MilestoneAction::Add(a) } => add(MILESTONES, fields_of(a), &a.common, opts, out, err),
    }
}

fn show(args: &ShowArgs, opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let Tree { catalog, diagnostics, programme } = opts.open_tree()?;
    let style = opts.style(Some(&catalog));
    warn_if_problems(&diagnostics, style.lang, err)?;
    let Some(plan) = programme.plan.as_ref().map(|p| &p.value) else {
        return Err(UserError::usage("plan.none", &[]).into());
    };
    // The plan year as of --today: the figures the report for the year would show.
    let period = Period::year(plan.year).ok_or_else(|| UserError::usage("plan.none", &[]))?;
    let report = crate::report::build(&catalog, &programme, period, opts.today, opts.today);
    let shown = crate::render::plan::Shown {
        title: &plan.title,
        year: plan.year,
        number: plan.number.as_deref(),
        as_of: report.as_of,
        closed: report.closed,
        targets: &report.targets,
        milestones: &report.milestones,
    };
    match args.format {
        Format::Table => crate::render::plan::table(out, &shown, style)?,
        Format::Json => crate::render::plan::json(out, &shown)?,
    }
    Ok(Outcome::Clean)
}

/// Appends one entry to the plan's `list` from the fields given, through the edit
/// pipeline: plan.toml is re-read under the lock, the entry appended with `toml_edit`,
/// the result re-checked (a duplicate target id, an unknown department... refuse it).
fn add(
    list: &'static str,
    mut fields: Vec<Field>,
    common: &EntryCommon,
    opts: &Options,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let mut lock = opts.lock_tree("plan")?;
    let mut catalog = opts.load()?;
    let lang = opts.style(Some(&catalog)).lang;
    let missing = |fields: &[Field]| -> Vec<&'static FieldDef> {
        fields.iter().filter(|f| f.def.required && f.value.is_none()).map(|f| f.def).collect()
    };
    if !missing(&fields).is_empty() {
        if !opts.interactive {
            let flags = missing(&fields).iter().map(|f| format!("--{}", f.flag())).collect::<Vec<_>>().join(", ");
            let command = format!("ocop plan {} add --help", if list == TARGETS { "target" } else { "milestone" });
            return Err(
                UserError::usage("plan.missing", &[("flags", &flags.into()), ("command", &command.into())]).into()
            );
        }
        // Only what the plan cannot do without is asked; the rest has flags.
        drop(lock);
        let mut asked: Vec<Field> = Vec::new();
        let mut rest = Vec::new();
        for f in fields {
            if f.def.required && f.value.is_none() { asked.push(f) } else { rest.push(f) }
        }
        let stdin = std::io::stdin();
        ask(&mut asked, Empty::SkipsOptional, lang, &mut stdin.lock(), err)?;
        rest.extend(asked);
        let order = |f: &Field| entry_fields(Kind::Plan, list).iter().position(|d| d.path == f.def.path);
        rest.sort_by_key(order);
        fields = rest;
        lock = opts.lock_tree("plan")?;
        catalog = opts.load()?;
    }
    let style = opts.style(Some(&catalog));
    let mut entry = Vec::new();
    for f in &fields {
        if let Some(value) = f.typed(lang)? {
            entry.push((f.def.path.clone(), value));
        }
    }
    let push = Change::Push(list.to_string(), entry);
    let id = Id::from("plan");
    let planned = if catalog.root.join(PLAN_FILE).exists() {
        plan_edit(&catalog, RecordKind::Plan, &id, &[push], opts.today)
    } else {
        // A tree without a plan gets the template's, for the commune's year.
        let year = catalog.commune.as_ref().and_then(|c| c.value.year).map(i64::from);
        let mut changes: Vec<Change> = year.map(|y| Change::set(&["year"], y)).into_iter().collect();
        changes.push(push);
        let text = template::text(&catalog.root, RecordKind::Plan);
        plan_new(&catalog, RecordKind::Plan, &id, &text, &changes, opts.today)
    };
    match planned {
        Ok(plan) => {
            commit(&plan, &lock, common.dry_run, lang, out, err)?;
            Ok(Outcome::Clean)
        }
        Err(e) => refused(e, style, err),
    }
}
