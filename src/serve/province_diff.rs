//! The changes page of a province tree: between two revisions of the province's
//! repository (or a revision and the folders as they are), each commune compared as
//! `ocop diff` compares one tree. A commune that is a submodule is read at the commit the
//! province pinned it to, from the commune's own repository; a commune kept as a plain
//! folder is read from the province's commit. Communes whose pinned commit and files
//! did not change are only named, so a province of a hundred communes costs what its
//! changed communes cost.

use super::layout::Ctx;
use super::pages;
use super::request::Target;
use super::{Response, Site};
use crate::git::{GitError, Repo};
use crate::i18n::{Lang, fmt, tr};
use crate::province::{Member, Province};
use crate::tree::Tree;
use chrono::NaiveDate;
use std::path::Path;

/// A commune read at a revision: its tree, and the scratch folder holding its files.
type AtRev = (Tree, tempfile::TempDir);

/// What one commune is at one side of the comparison.
enum Side<'a> {
    /// The files as they are: the tree the request already has.
    Working(&'a Tree),
    /// Read at a revision.
    At(Box<AtRev>),
    /// Not in the province's repository at that revision.
    Absent,
}

impl Side<'_> {
    fn tree(&self) -> Option<&Tree> {
        match self {
            Side::Working(t) => Some(t),
            Side::At(at) => Some(&at.0),
            Side::Absent => None,
        }
    }
}

impl Site {
    /// `/diff` on a province tree.
    pub(super) fn province_diff(&self, ctx: &Ctx, target: &Target, p: &Province, today: NaiveDate) -> Response {
        let Some(repo) = &self.repo else {
            return Response::html(404, ctx.error_page("serve.error_404", ctx.t("git.not_a_repository")));
        };
        let (from, to) = match super::revisions(ctx, target) {
            Ok(r) => r,
            Err(r) => return *r,
        };
        let commits = repo.resolve(&from).and_then(|f| Ok((f, to.as_deref().map(|t| repo.resolve(t)).transpose()?)));
        let (from_c, to_c) = match commits {
            Ok(c) => c,
            Err(e) => return super::diff_refused(ctx, &from, to.as_deref(), &e),
        };
        let to_label = to.clone().unwrap_or_else(|| tr(ctx.lang, "diff.working_tree").to_string());
        let title = fmt(ctx.lang, "diff.title", &[("from", &from.as_str().into()), ("to", &to_label.as_str().into())]);
        let mut lines: Vec<(usize, String)> = vec![(0, title)];
        let mut unchanged = Vec::new();
        for m in &p.communes {
            let heading = format!("{} ({})", m.entry.name, m.entry.path);
            match self.commune_lines(repo, p, m, &from_c, to_c.as_deref(), today, ctx.lang) {
                Ok(None) => unchanged.push(m.entry.name.clone()),
                Ok(Some(mine)) => {
                    lines.push((0, heading));
                    // The commune's own outline one level down, without its title.
                    lines.extend(mine.into_iter().skip(1).map(|(d, l)| (d + 1, l)));
                }
                Err(why) => {
                    lines.push((0, heading));
                    lines.push((1, why));
                }
            }
        }
        if !unchanged.is_empty() {
            lines.push((0, fmt(ctx.lang, "serve.diff_unchanged", &[("communes", &unchanged.join(", ").into())])));
        }
        Response::html(200, pages::calendar::diff(ctx, &from, to.as_deref().unwrap_or_default(), &lines))
    }

    /// The outline of commune `m`'s changes; None when nothing changed; the reason as
    /// text when it cannot be compared.
    #[allow(clippy::too_many_arguments)]
    fn commune_lines(
        &self,
        repo: &Repo,
        p: &Province,
        m: &Member,
        from: &str,
        to: Option<&str>,
        today: NaiveDate,
        lang: Lang,
    ) -> Result<Option<Vec<(usize, String)>>, String> {
        let dir = p.root.join(&m.entry.path);
        let problem = |e: &GitError| super::git_problem(lang, e);
        // The pinned commits first: the same on both sides is no change to read.
        let pin_from = repo.gitlink(from, &m.entry.path).map_err(|e| problem(&e))?;
        let own = own_repo(repo, &dir);
        // A submodule not checked out here: its history is not on this computer.
        if pin_from.is_some() && own.is_none() {
            return Err(crate::render::status::state_text(lang, crate::province::StateKey::Missing));
        }
        match (to, &pin_from, &own) {
            (Some(to), Some(a), _) if repo.gitlink(to, &m.entry.path).ok().flatten().as_ref() == Some(a) => {
                return Ok(None);
            }
            (None, Some(a), Some(own)) if own.resolve("HEAD").ok().as_ref() == Some(a) && own.clean() => {
                return Ok(None);
            }
            _ => {}
        }
        let a = self.side_at(repo, from, pin_from.as_deref(), own.as_ref(), &dir, today).map_err(|e| problem(&e))?;
        let b = match to {
            Some(to) => {
                let pin = repo.gitlink(to, &m.entry.path).map_err(|e| problem(&e))?;
                self.side_at(repo, to, pin.as_deref(), own.as_ref(), &dir, today).map_err(|e| problem(&e))?
            }
            None => match m.tree() {
                Some(t) => Side::Working(t),
                None => return Err(crate::render::status::state_text(lang, m.state_key())),
            },
        };
        // A side where the commune is absent: no records, the province's rules.
        let empty =
            Tree { catalog: p.catalog.clone(), programme: crate::plan::Programme::default(), diagnostics: Vec::new() };
        if a.tree().is_none() && b.tree().is_none() {
            return Ok(None);
        }
        let (ta, tb) = (a.tree().unwrap_or(&empty), b.tree().unwrap_or(&empty));
        let diff = crate::diff::compare(
            &crate::diff::Side { catalog: &ta.catalog, diags: &ta.diagnostics },
            &crate::diff::Side { catalog: &tb.catalog, diags: &tb.diagnostics },
            today,
            lang,
        );
        if diff.is_empty() {
            return Ok(None);
        }
        let mut lines = crate::render::diff::outline(&diff, from, to.unwrap_or_default(), lang);
        let absent = |side: &Side<'_>, rev: &str| {
            matches!(side, Side::Absent).then(|| {
                let short: String = rev.chars().take(12).collect();
                (1, fmt(lang, "serve.diff_absent", &[("rev", &short.into())]))
            })
        };
        lines.splice(1..1, absent(&a, from).into_iter().chain(absent(&b, to.unwrap_or_default())));
        Ok(Some(lines))
    }

    /// The commune in `dir` as the province's commit `commit` has it: a submodule from
    /// its own repository at the pinned commit `pin`, a plain folder from the province's.
    fn side_at(
        &self,
        province: &Repo,
        commit: &str,
        pin: Option<&str>,
        own: Option<&Repo>,
        dir: &Path,
        today: NaiveDate,
    ) -> Result<Side<'static>, GitError> {
        let (repo, at) = match (pin, own) {
            (Some(pin), Some(own)) => (own.clone(), own.resolve(pin)?),
            (Some(_), None) => return Err(GitError::NotARepository),
            (None, _) => {
                let prefix = dir
                    .strip_prefix(&province.top)
                    .map(|rel| format!("{}/", rel.to_string_lossy().replace('\\', "/").trim_end_matches('/')))
                    .unwrap_or_default();
                (Repo { top: province.top.clone(), prefix }, commit.to_string())
            }
        };
        let scratch = tempfile::tempdir().map_err(|e| GitError::Failed(e.to_string()))?;
        let root = repo.materialize(&at, scratch.path())?;
        if !root.join(crate::load::COMMUNE_FILE).is_file() {
            return Ok(Side::Absent);
        }
        let mut tree = crate::tree::open(&root, today);
        if self.config.redact {
            super::redact_tree(&mut tree, self.config.lang);
        }
        Ok(Side::At(Box::new((tree, scratch))))
    }
}

/// The commune's own repository when it is a submodule checked out in `dir` (its top is
/// the folder itself), else None.
fn own_repo(province: &Repo, dir: &Path) -> Option<Repo> {
    let own = Repo::around(dir).ok()?;
    let same = |a: &Path, b: &Path| a.canonicalize().ok().is_some_and(|x| b.canonicalize().ok() == Some(x));
    (same(&own.top, dir) && !same(&own.top, &province.top)).then_some(own)
}
