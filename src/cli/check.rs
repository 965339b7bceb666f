//! `ocop check`: load the tree, run every check, print the diagnostics. Exit 0 when there
//! is no error (warnings are shown), 1 when there is one, or with `--strict` any warning.

use super::{Options, Outcome};
use crate::diag::Tally;
use crate::render::diagnostics;
use crate::tree::Tree;
use anyhow::Result;
use std::io::Write;

/// Check every record against the OCOP rules and report all problems at once.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Treat warnings as problems too (exit 1).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// For people: a table or page in the terminal (also accepted: `human`).
    #[value(alias = "human")]
    Table,
    Json,
    /// GitHub Actions workflow commands: one annotation per diagnostic, on its file and
    /// line in the pull request.
    Github,
}

pub(super) fn run(args: &Args, opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    if let Some(p) = opts.province(crate::province::Depth::Checked)? {
        return province(args, opts, &p, out, err);
    }
    let Tree { catalog, programme, diagnostics: diags } = opts.open()?;
    let style = opts.style(Some(&catalog));
    let tally = Tally::of(&diags);
    match args.format {
        Format::Json => diagnostics::json(out, &diags, style.lang)?,
        Format::Github => {
            // Annotations name files from the repository's top, which may be above the
            // tree's root.
            let prefix = crate::git::Repo::around(&catalog.root).map(|r| r.prefix).unwrap_or_default();
            diagnostics::github(out, &diags, &prefix, style.lang)?;
        }
        Format::Table => {
            diagnostics::human(out, &diags, style)?;
            if !diags.is_empty() {
                let files = 1
                    + catalog.producers.len()
                    + catalog.products.len()
                    + usize::from(programme.plan.is_some())
                    + programme.activities.len()
                    + programme.narratives.len();
                writeln!(err, "{}", diagnostics::summary(style.lang, tally, files))?;
            }
        }
    }
    let failing = tally.errors > 0 || (args.strict && tally.warnings > 0);
    Ok(if failing { Outcome::Problems } else { Outcome::Clean })
}

/// Every commune's diagnostics (paths from the province's root), the province's own,
/// then a line per commune; a commune that cannot be read is one more problem, the
/// others are checked all the same.
fn province(
    args: &Args,
    opts: &Options,
    p: &crate::province::Province,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let style = opts.province_style(p);
    let (diags, lines) = crate::province::rollup::check(p);
    let tally = Tally::of(&diags);
    match args.format {
        Format::Json => diagnostics::json(out, &diags, style.lang)?,
        Format::Github => {
            let prefix = crate::git::Repo::around(&p.root).map(|r| r.prefix).unwrap_or_default();
            diagnostics::github(out, &diags, &prefix, style.lang)?;
        }
        Format::Table => {
            diagnostics::human(out, &diags, style)?;
            diagnostics::province_summary(out, &lines, tally, style)?;
            if !diags.is_empty() {
                let files: usize = 1 + p
                    .ready()
                    .map(|(_, t)| {
                        1 + t.catalog.producers.len()
                            + t.catalog.products.len()
                            + usize::from(t.programme.plan.is_some())
                            + t.programme.activities.len()
                            + t.programme.narratives.len()
                    })
                    .sum::<usize>();
                writeln!(err, "{}", diagnostics::summary(style.lang, tally, files))?;
            }
        }
    }
    let failing = tally.errors > 0 || (args.strict && tally.warnings > 0);
    Ok(if failing { Outcome::Problems } else { Outcome::Clean })
}
