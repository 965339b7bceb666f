//! `ocop init [DIR]`: create a new dossier tree from the bundled template.

use super::{Env, Options, Outcome};
use crate::i18n::{LocalText, fmt};
use anyhow::{Result, bail};
use std::io::Write;
use std::path::PathBuf;

/// The template tree (`data-template/`), embedded: (relative path, contents).
pub const TEMPLATE: &[(&str, &str)] = &[
    ("ocop.toml", include_str!("../../data-template/ocop.toml")),
    ("README.md", include_str!("../../data-template/README.md")),
    (".gitignore", include_str!("../../data-template/.gitignore")),
    ("producers/.gitkeep", ""),
    ("products/.gitkeep", ""),
    ("evidence/.gitkeep", ""),
    ("templates/producer.toml", include_str!("../../data-template/templates/producer.toml")),
    ("templates/product.toml", include_str!("../../data-template/templates/product.toml")),
    ("templates/activity.toml", include_str!("../../data-template/templates/activity.toml")),
    ("plan.toml", include_str!("../../data-template/plan.toml")),
    ("activities/.gitkeep", ""),
    ("schema/commune.json", include_str!("../../data-template/schema/commune.json")),
    ("schema/producer.json", include_str!("../../data-template/schema/producer.json")),
    ("schema/product.json", include_str!("../../data-template/schema/product.json")),
];

/// Create a new dossier tree (ocop.toml, producers/, products/, evidence/, templates/)
/// with comments in Vietnamese explaining every key. Never overwrites a file.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to create the tree in (default: the current folder).
    pub dir: Option<PathBuf>,
}

pub fn run(args: &Args, opts: &Options, env: &Env, out: &mut dyn Write) -> Result<Outcome> {
    let lang = opts.lang(None);
    let dir = match &args.dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => env.current_dir.join(d),
        None => env.current_dir.clone(),
    };
    // Refuse before writing anything, so a refusal leaves the folder as it was.
    let existing: Vec<String> =
        TEMPLATE.iter().filter(|(rel, _)| dir.join(rel).exists()).map(|(rel, _)| rel.to_string()).collect();
    if !existing.is_empty() {
        bail!(
            "{}",
            fmt(
                lang,
                "init.exists",
                &[("files", &LocalText::plain(existing.join(", "))), ("dir", &dir.display().to_string().into())]
            )
        );
    }
    for (rel, text) in TEMPLATE {
        let path = dir.join(rel);
        crate::edit::write::create_output(&path, text.as_bytes()).map_err(|e| super::records::write_error(e, &path))?;
    }
    writeln!(out, "{}", crate::safe::terminal(&fmt(lang, "init.done", &[("dir", &dir.display().to_string().into())])))?;
    Ok(Outcome::Clean)
}
