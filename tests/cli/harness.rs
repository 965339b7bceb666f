//! Running the binary over a copy of a fixture tree, with a pinned date and no colour.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) const TODAY: &str = "2026-11-29";

pub(crate) fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_ocop"))
}

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies `from` into `to` recursively. Links are recreated as links, not followed, so a
/// fixture can hold a broken one (the E001 case).
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else if entry.file_type().is_symlink() {
            copy_link(entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

#[cfg(unix)]
fn copy_link(from: &Path, to: &Path) {
    let target = std::fs::read_link(from).expect("read link");
    std::os::unix::fs::symlink(target, to).expect("make link");
}

/// Without Unix links (Windows without developer mode), a link stays out of the copy;
/// the cases that need one fail there, visibly, instead of testing something else.
#[cfg(not(unix))]
fn copy_link(_from: &Path, _to: &Path) {}

/// A scratch copy of a tree that is removed when dropped.
pub(crate) struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub(crate) fn of(tree: &Path) -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(tree, dir.path());
        Scratch { dir }
    }

    pub(crate) fn empty() -> Scratch {
        Scratch { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `ocop` with `args` in this tree.
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        run_in(self.path(), args)
    }
}

pub(crate) fn run_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .env("OCOP_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .env_remove("LC_ALL")
        .env_remove("LANG")
        .output()
        .expect("run ocop")
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The edit lock every writing command leaves at the root (empty but for its holder's
/// name): not data, so comparisons leave it out.
pub(crate) const LOCK_FILE: &str = ".ocop.lock";

/// Every file under `dir` with its bytes, for before/after comparisons (the lock file
/// aside).
pub(crate) fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != LOCK_FILE)
        .map(|e| (e.path().strip_prefix(dir).expect("inside").to_path_buf(), std::fs::read(e.path()).expect("read")))
        .collect()
}
