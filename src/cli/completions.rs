//! `ocop completions SHELL` and `ocop man`: shell completions and a man page, both made
//! from the clap definitions so they never drift from the real options.

use super::{Cli, Outcome};
use anyhow::Result;
use clap::CommandFactory;
use std::io::Write;

/// Print a completion script: `ocop completions bash > ~/.local/share/bash-completion/completions/ocop`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub(super) fn run(args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let mut cmd = Cli::command();
    // `generate` panics when a write fails, so a closed pipe (`| head`) would crash:
    // build the script in memory, then write it and pass a write error on.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "ocop", &mut script);
    out.write_all(&script)?;
    Ok(Outcome::Clean)
}

/// Print the man page (roff): `ocop man > ocop.1 && man ./ocop.1`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {}

/// The page is in the help's language, from the same translated tree as `--help`.
pub(super) fn man(out: &mut dyn Write, lang: crate::i18n::Lang) -> Result<Outcome> {
    clap_mangen::Man::new(super::help::command(lang)).render(out)?;
    Ok(Outcome::Clean)
}
