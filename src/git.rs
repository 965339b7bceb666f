//! The `git` binary, for reading a dossier tree as it was at a revision: find the
//! repository around a tree, check that a revision exists, and write the tree's files at
//! that revision into a scratch folder (through a temporary index, so the repository's
//! own index and working tree are never touched).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Why git could not give what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// `git` could not be run at all.
    NoGit(String),
    /// The tree is not inside a git repository.
    NotARepository,
    /// The revision does not name a commit here (a typo, or history a shallow clone
    /// does not have).
    NoRevision { rev: String, shallow: bool },
    /// Git failed otherwise; its message.
    Failed(String),
}

/// A dossier tree inside a git repository.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The repository's top folder.
    pub top: PathBuf,
    /// The tree's root relative to `top`, with `/` and a trailing `/` (empty at the top).
    pub prefix: String,
}

fn git(dir: &Path, args: &[&str]) -> Result<Output, GitError> {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| GitError::NoGit(e.to_string()))
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).trim_end_matches(['\n', '\r']).to_string()
}

fn failed(o: &Output) -> GitError {
    GitError::Failed(String::from_utf8_lossy(&o.stderr).trim().to_string())
}

impl Repo {
    /// The repository that holds the tree at `root`.
    pub fn around(root: &Path) -> Result<Repo, GitError> {
        let o = git(root, &["rev-parse", "--show-toplevel", "--show-prefix"])?;
        if !o.status.success() {
            return Err(GitError::NotARepository);
        }
        let out = text(&o);
        let mut lines = out.lines();
        let top = PathBuf::from(lines.next().unwrap_or_default());
        let prefix = lines.next().unwrap_or_default().to_string();
        Ok(Repo { top, prefix })
    }

    /// The full commit id `rev` names, or why not.
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        let spec = format!("{rev}^{{commit}}");
        let o = git(&self.top, &["rev-parse", "--verify", "--quiet", "--end-of-options", &spec])?;
        if o.status.success() {
            return Ok(text(&o));
        }
        let shallow = git(&self.top, &["rev-parse", "--is-shallow-repository"]).is_ok_and(|o| text(&o) == "true");
        Err(GitError::NoRevision { rev: rev.to_string(), shallow })
    }

    /// Writes the tree's files as they were at `commit` into `dest`; returns the tree's
    /// root inside it.
    pub fn materialize(&self, commit: &str, dest: &Path) -> Result<PathBuf, GitError> {
        let index = dest.join(".ocop-index");
        let files = dest.join("files");
        let run = |args: &[&str], stdin: Option<&[u8]>| -> Result<Output, GitError> {
            let mut cmd = Command::new("git");
            cmd.args(args)
                .current_dir(&self.top)
                .env("GIT_INDEX_FILE", &index)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
            let mut child = cmd.spawn().map_err(|e| GitError::NoGit(e.to_string()))?;
            if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
                use std::io::Write;
                pipe.write_all(bytes).map_err(|e| GitError::Failed(e.to_string()))?;
            }
            let o = child.wait_with_output().map_err(|e| GitError::Failed(e.to_string()))?;
            if o.status.success() { Ok(o) } else { Err(failed(&o)) }
        };
        run(&["read-tree", commit], None)?;
        let pathspec = if self.prefix.is_empty() { ".".to_string() } else { self.prefix.clone() };
        let listed = run(&["ls-files", "-z", "--", &pathspec], None)?;
        let mut prefix_arg = files.to_string_lossy().into_owned();
        prefix_arg.push('/');
        let prefix_opt = format!("--prefix={prefix_arg}");
        run(&["checkout-index", "-z", "--stdin", &prefix_opt], Some(&listed.stdout))?;
        let root = files.join(&self.prefix);
        std::fs::create_dir_all(&root).map_err(|e| GitError::Failed(e.to_string()))?;
        Ok(root)
    }

    /// Commits that touched `paths` (relative to the tree's root), newest first: (full
    /// id, date, author, subject).
    pub fn log(&self, paths: &[String]) -> Result<Vec<Commit>, GitError> {
        let mut args = vec!["log".to_string(), "--format=%H%x09%ad%x09%an%x09%s".into(), "--date=short".into()];
        args.push("--".into());
        args.extend(paths.iter().map(|p| format!("{}{p}", self.prefix)));
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = git(&self.top, &argv)?;
        if !o.status.success() {
            return Err(failed(&o));
        }
        Ok(text(&o)
            .lines()
            .filter_map(|l| {
                let mut f = l.splitn(4, '\t');
                Some(Commit {
                    id: f.next()?.to_string(),
                    date: f.next()?.to_string(),
                    author: f.next()?.to_string(),
                    subject: f.next().unwrap_or_default().to_string(),
                })
            })
            .collect())
    }

    /// The commit the submodule at `path` (relative to the tree's root) is pinned to in
    /// `commit`; None when `path` is no submodule there (a plain folder, or absent).
    pub fn gitlink(&self, commit: &str, path: &str) -> Result<Option<String>, GitError> {
        let spec = format!("{}{}", self.prefix, path.trim_end_matches('/'));
        let o = git(&self.top, &["ls-tree", commit, "--", &spec])?;
        if !o.status.success() {
            return Err(failed(&o));
        }
        Ok(text(&o).lines().find_map(|l| {
            let (meta, _) = l.split_once('\t')?;
            let f: Vec<&str> = meta.split_whitespace().collect();
            (f.first() == Some(&"160000")).then(|| f.get(2).map(|s| (*s).to_string())).flatten()
        }))
    }

    /// True when nothing under the tree's root differs from `HEAD` (new files included).
    pub fn clean(&self) -> bool {
        let pathspec = if self.prefix.is_empty() { ".".to_string() } else { self.prefix.clone() };
        git(&self.top, &["status", "--porcelain", "--untracked-files=all", "--", &pathspec])
            .is_ok_and(|o| o.status.success() && o.stdout.is_empty())
    }

    /// The first parent of `commit`, if it has one.
    pub fn parent(&self, commit: &str) -> Option<String> {
        self.resolve(&format!("{commit}^")).ok()
    }

    /// The day git first saw each line of `path` (relative to the tree's root) as it is
    /// in the working tree (`git blame`), by line number from 1; None for a line not
    /// committed yet. Empty when git cannot say.
    pub fn line_dates(&self, path: &str) -> Vec<Option<String>> {
        let full = format!("{}{path}", self.prefix);
        let Ok(o) = git(&self.top, &["blame", "--line-porcelain", "--", &full]) else { return Vec::new() };
        if !o.status.success() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let (mut time, mut committed) = (None, false);
        for line in String::from_utf8_lossy(&o.stdout).lines() {
            if let Some(t) = line.strip_prefix("committer-time ") {
                time = t.trim().parse::<i64>().ok();
            } else if line.starts_with('\t') {
                let day = time.and_then(|t| chrono::DateTime::from_timestamp(t, 0)).map(|d| d.date_naive().to_string());
                out.push(day.filter(|_| committed));
            } else if let Some(hash) = line.split(' ').next().filter(|h| h.len() == 40) {
                committed = hash.bytes().any(|b| b != b'0');
            }
        }
        out
    }

    /// The day of the first commit that added `path` (relative to the tree's root).
    pub fn added_on(&self, path: &str) -> Option<String> {
        let full = format!("{}{path}", self.prefix);
        let o = git(&self.top, &["log", "--diff-filter=A", "--format=%cs", "--", &full]).ok()?;
        text(&o).lines().last().map(str::to_string).filter(|s| !s.is_empty())
    }
}

/// One commit, for `ocop log`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Commit {
    pub id: String,
    pub date: String,
    pub author: String,
    pub subject: String,
}
