//! `ocop schema`: JSON Schema for the commune, producer, product, plan and activity
//! files, for editors.

use super::records::write_error;
use super::{Env, Options, Outcome};
use crate::edit::{Written, write};
use crate::i18n::Lang;
use crate::render::edit::status_line;
use anyhow::{Context, Result};
use clap::builder::PossibleValuesParser;
use std::io::Write;
use std::path::PathBuf;

/// Print the JSON Schema of one kind of file, or write them all (commune.json,
/// producer.json, product.json, plan.json, activity.json) into a folder. Point your editor at them with a
/// `#:schema` line (see README, "Editor set-up").
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["kind", "out"])))]
pub struct Args {
    /// The kind of file whose schema to print.
    #[arg(value_parser = PossibleValuesParser::new(crate::schema::KINDS))]
    pub kind: Option<String>,
    /// Write every schema into this folder (e.g. `schema/`); unchanged files are left
    /// alone.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub(super) fn run(args: &Args, opts: &Options, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let lang = opts.lang_arg.unwrap_or(Lang::Vi);
    if let Some(kind) = &args.kind {
        out.write_all(crate::schema::json(kind).unwrap_or_default().as_bytes())?;
    }
    if let Some(dir) = &args.out {
        let dir = if dir.is_absolute() { dir.clone() } else { env.current_dir.join(dir) };
        std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
        for (name, json) in crate::schema::all() {
            let path = dir.join(&name);
            let shown = args.out.as_ref().map_or_else(|| path.clone(), |o| o.join(&name));
            let existed = path.exists();
            let key = match write::write_output(&path, json.as_bytes()) {
                Ok(Written::Unchanged) => "editing.unchanged",
                Ok(Written::Written) if existed => "editing.written",
                Ok(Written::Written) => "editing.created",
                Err(e) => return Err(write_error(e, &shown)),
            };
            status_line(err, lang, key, &shown)?;
        }
    }
    Ok(Outcome::Clean)
}
