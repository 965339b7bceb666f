//! `ocop diff [REV_A] [REV_B]`: what changed in the dossier between two revisions (by
//! default HEAD and the working tree), told in the records' terms.

use super::{Options, Outcome};
use crate::git::{GitError, Repo};
use crate::i18n::{Lang, tr};
use crate::render::diff as render;
use crate::tree::Tree;
use anyhow::Result;
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

/// Compare the dossier tree at two git revisions and say what changed: records added,
/// removed or renamed, checklist items, evidence, stages and certificates, completeness,
/// and the problems introduced and fixed.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  ocop diff                      HEAD against the working tree
  ocop diff main                 main against the working tree
  ocop diff main..HEAD           (or: ocop diff main HEAD)
  ocop diff origin/main --format md > comment.md")]
pub struct Args {
    /// The revision before (default: HEAD); `A..B` compares A with B.
    #[arg(value_name = "REV_A")]
    pub from: Option<String>,
    /// The revision after (default: the working tree).
    #[arg(value_name = "REV_B")]
    pub to: Option<String>,
    /// Output format: for a terminal, Markdown (a pull-request comment) or JSON.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people in a terminal (also accepted: `terminal`).
    #[value(alias = "terminal")]
    Table,
    /// Markdown, ready to paste as a pull-request comment.
    Md,
    Json,
}

/// A git failure as a sentence for the officer.
pub(crate) fn git_error(e: GitError) -> anyhow::Error {
    use crate::error::UserError;
    let user = match e {
        GitError::NoGit(detail) => UserError::usage("git.no_git", &[("detail", &detail.into())]),
        GitError::NotARepository => UserError::usage("git.not_a_repository", &[]),
        GitError::NoRevision { rev, shallow } => {
            let key = if shallow { "git.no_revision_shallow" } else { "git.no_revision" };
            UserError::usage(key, &[("rev", &rev.into())])
        }
        GitError::Failed(detail) => UserError::usage("git.failed", &[("detail", &detail.into())]),
    };
    user.into()
}

/// The tree at `rev` (checked out into `scratch`), or the working tree when None.
pub(crate) fn side(
    repo: &Repo,
    rev: Option<&str>,
    root: &Path,
    scratch: &Path,
    today: NaiveDate,
    _lang: Lang,
) -> Result<Tree> {
    match rev {
        None => Ok(crate::tree::open(root, today)),
        Some(rev) => {
            let commit = repo.resolve(rev).map_err(git_error)?;
            let at = repo.materialize(&commit, scratch).map_err(git_error)?;
            Ok(crate::tree::open(&at, today))
        }
    }
}

/// (before, after) from the arguments: none → HEAD and the working tree; `A..B`;
/// `A..` → A and HEAD; A → A and the working tree; A B.
fn revisions(args: &Args) -> (String, Option<String>) {
    match (&args.from, &args.to) {
        (None, _) => ("HEAD".into(), None),
        (Some(a), None) => match a.split_once("..") {
            Some((x, y)) => (
                if x.is_empty() { "HEAD".into() } else { x.to_string() },
                Some(if y.is_empty() { "HEAD".into() } else { y.to_string() }),
            ),
            None => (a.clone(), None),
        },
        (Some(a), Some(b)) => (a.clone(), Some(b.clone())),
    }
}

pub fn run(args: &Args, opts: &Options, out: &mut dyn Write, _err: &mut dyn Write) -> Result<Outcome> {
    let lang = opts.lang_arg.unwrap_or_default();
    let root = opts.root.clone().ok_or_else(|| crate::error::UserError::usage("error.no_root", &[]))?;
    let repo = Repo::around(&root).map_err(git_error)?;
    let (from, to) = revisions(args);
    let scratch_a = tempfile::tempdir()?;
    let scratch_b = tempfile::tempdir()?;
    let a = side(&repo, Some(&from), &root, scratch_a.path(), opts.today, lang)?;
    let b = side(&repo, to.as_deref(), &root, scratch_b.path(), opts.today, lang)?;
    let lang = opts.lang(Some(&b.catalog));
    let diff = crate::diff::compare(
        &crate::diff::Side { catalog: &a.catalog, diags: &a.diagnostics },
        &crate::diff::Side { catalog: &b.catalog, diags: &b.diagnostics },
        opts.today,
        lang,
    );
    let to_label = to.clone().unwrap_or_else(|| tr(lang, "diff.working_tree").to_string());
    match args.format {
        Format::Json => render::json(out, &diff, &from, to.as_deref().unwrap_or("working_tree"))?,
        Format::Table => render::text(out, &render::outline(&diff, &from, &to_label, lang))?,
        Format::Md => render::markdown(out, &render::outline(&diff, &from, &to_label, lang))?,
    }
    Ok(Outcome::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn revs(a: Option<&str>, b: Option<&str>) -> (String, Option<String>) {
        revisions(&Args { from: a.map(String::from), to: b.map(String::from), format: Format::Table })
    }

    #[test]
    fn revisions_read_like_git() {
        assert_eq!(revs(None, None), ("HEAD".into(), None));
        assert_eq!(revs(Some("main"), None), ("main".into(), None));
        assert_eq!(revs(Some("main..HEAD"), None), ("main".into(), Some("HEAD".into())));
        assert_eq!(revs(Some("main.."), None), ("main".into(), Some("HEAD".into())));
        assert_eq!(revs(Some("..v2"), None), ("HEAD".into(), Some("v2".into())));
        assert_eq!(revs(Some("a"), Some("b")), ("a".into(), Some("b".into())));
    }
}
