//! `ocop due`: the dates that matter next, soonest first.

use super::{Options, Outcome, warn_if_problems, warn_missing_holidays};
use crate::dates::plus_days;
use crate::due::{Horizon, list};
use crate::render::due as render;
use crate::tree::Tree;
use anyhow::Result;
use std::io::Write;

/// List the dates that matter next, soonest first: certificate expiries, the
/// re-evaluation filing window (180 to 120 days before expiry), the transitional grace
/// (180 days after expiry), expiring papers, the commune's 15-working-day screening
/// deadline, the province's rounds (30/04, 30/10), decisions awaited and inspection
/// follow-ups. Overdue items that are still open come first, however old: a missed
/// filing window, a certificate expired and not yet renewed (listed until the product is
/// rated again), an ended grace, an expired paper, a screening or follow-up not done.
/// The longest look ahead: every date range the tool walks stays bounded, whatever is
/// typed (`--within 100000000` once made `due` generate rounds for 270,000 years).
pub(super) const MAX_WITHIN: u32 = 3660;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many days ahead to look, at most 3660 (ten years).
    #[arg(long, value_name = "DAYS", default_value_t = 90,
          value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_WITHIN)))]
    pub within: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

pub(super) fn run(args: &Args, opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    if let Some(p) = opts.province(crate::province::Depth::Checked)? {
        let style = opts.province_style(&p);
        super::warn_province(&p, style, err)?;
        let horizon = Horizon { today: opts.today, until: plus_days(opts.today, args.within) };
        let groups = crate::province::rollup::due(&p, horizon);
        match args.format {
            Format::Table => render::province_table(out, &groups, args.within, style)?,
            Format::Json => render::province_json(out, &groups, opts.today, args.within)?,
            Format::Csv => render::province_csv(out, &groups, style.lang)?,
        }
        return Ok(Outcome::Clean);
    }
    let Tree { catalog, diagnostics: diags, programme } = opts.open_to_count()?;
    let style = opts.style(Some(&catalog));
    warn_if_problems(&diags, style.lang, err)?;
    let horizon = Horizon { today: opts.today, until: plus_days(opts.today, args.within) };
    let dues = list(&catalog, &programme, horizon);
    match args.format {
        Format::Table => render::table(out, &dues, args.within, style)?,
        Format::Json => render::json(out, &dues, opts.today, args.within)?,
        Format::Csv => render::csv(out, &dues, style.lang)?,
    }
    warn_missing_holidays(&catalog.rules, style, err)?;
    Ok(Outcome::Clean)
}
