//! `ocop log PRODUCT`: the product's changes through git history, commit by commit, in
//! the same terms as `ocop diff`.

use super::diff::{Format, git_error, side};
use super::{Options, Outcome};
use crate::git::Repo;
use crate::i18n::fmt;
use crate::render::diff as render;
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// List the commits that changed a product (its record or its evidence), newest first,
/// each with what it changed.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The product's id (file name without .toml).
    pub product: String,
    /// At most this many commits.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub max_count: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Serialize)]
struct Entry {
    commit: crate::git::Commit,
    changes: crate::diff::TreeDiff,
}

pub fn run(args: &Args, opts: &Options, out: &mut dyn Write, _err: &mut dyn Write) -> Result<Outcome> {
    let lang = opts.lang_arg.unwrap_or_default();
    let root = opts.root.clone().ok_or_else(|| crate::error::UserError::usage("error.no_root", &[]))?;
    let repo = Repo::around(&root).map_err(git_error)?;
    let id = args.product.trim_end_matches(".toml").rsplit('/').next().unwrap_or(&args.product).to_string();
    let paths = vec![format!("products/{id}.toml"), format!("evidence/{id}")];
    let commits = repo.log(&paths).map_err(git_error)?;
    if commits.is_empty() {
        return Err(crate::error::UserError::usage("git.no_history", &[("product", &id.as_str().into())]).into());
    }
    let mut entries = Vec::new();
    for c in commits.into_iter().take(args.max_count) {
        let (sa, sb) = (tempfile::tempdir()?, tempfile::tempdir()?);
        let after = side(&repo, Some(&c.id), &root, sb.path(), opts.today, lang)?;
        let before = match repo.parent(&c.id) {
            Some(p) => side(&repo, Some(&p), &root, sa.path(), opts.today, lang)?,
            None => crate::tree::open(sa.path(), opts.today),
        };
        let lang = opts.lang(Some(&after.catalog));
        let mut d = crate::diff::compare(
            &crate::diff::Side { catalog: &before.catalog, diags: &before.diagnostics },
            &crate::diff::Side { catalog: &after.catalog, diags: &after.diagnostics },
            opts.today,
            lang,
        );
        d.producers.clear();
        d.products.retain(|p| p.id == id || p.renamed_from.as_deref() == Some(id.as_str()));
        let file = format!("products/{id}.toml");
        d.diagnostics_introduced.retain(|x| x.path == file);
        d.diagnostics_fixed.retain(|x| x.path == file);
        entries.push(Entry { commit: c, changes: d });
    }
    let lang = opts.lang(None);
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &entries)?;
            writeln!(out)?;
        }
        Format::Table | Format::Md => {
            for e in &entries {
                let short: String = e.commit.id.chars().take(8).collect();
                let head = fmt(
                    lang,
                    "git.log_entry",
                    &[
                        ("commit", &short.into()),
                        ("date", &e.commit.date.as_str().into()),
                        ("author", &e.commit.author.as_str().into()),
                        ("subject", &e.commit.subject.as_str().into()),
                    ],
                );
                let mut lines = render::outline(&e.changes, "", "", lang);
                lines[0] = (0, head);
                if args.format == Format::Md {
                    render::markdown(out, &lines)?;
                } else {
                    render::text(out, &lines)?;
                }
                writeln!(out)?;
            }
        }
    }
    Ok(Outcome::Clean)
}
