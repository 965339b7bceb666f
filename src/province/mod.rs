//! A province tree: an `ocop.toml` that says `kind = "province"` and lists the communes
//! (each a commune tree of its own, usually a git submodule), loaded together so
//! `status`, `check`, `due` and `report` can roll them up.
//!
//! `open(root, today)` reads the province's own file and plan, then opens every listed
//! commune with its own `tree::open` (its own rules overrides, conventions and language)
//! on every core. A commune that is not checked out, is no commune tree or is newer than
//! this binary is kept as a failure naming the commune; the others still roll up.
//! Data only: `rollup` combines the communes' computations, the renderers draw them.

mod config;
pub mod new;
pub mod rollup;

pub use config::{CommuneEntry, ProvinceFile, is_province, keys_province};

use crate::diag::{Code, Diagnostic};
use crate::load::{COMMUNE_FILE, Catalog};
use crate::plan::Programme;
use crate::tree::Tree;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A loaded province tree.
#[derive(Debug)]
pub struct Province {
    pub root: PathBuf,
    /// The province's `ocop.toml`, when it parsed.
    pub file: Option<ProvinceFile>,
    /// The province's own plan (`plan.toml`), activities and report texts, if any.
    pub programme: Programme,
    /// The province's own records: no products, the embedded rules plus the province's
    /// `rules/` overrides (for the plan's checks and the report's labels).
    pub catalog: Catalog,
    /// The province's own diagnostics (its `ocop.toml`, its plan, communes not checked
    /// out), with province-relative paths.
    pub diagnostics: Vec<Diagnostic>,
    /// The communes, in the order `ocop.toml` lists them.
    pub communes: Vec<Member>,
    /// How much of each commune was read: with `Records`, the communes' diagnostics
    /// are loading's only, not the checks'.
    pub depth: Depth,
}

/// One commune of the province.
#[derive(Debug)]
pub struct Member {
    pub entry: CommuneEntry,
    /// The commune's folder name: it qualifies the commune's ids in roll-up output
    /// (`viet-khe/mat-ong`), and the loader keeps it unique (E083).
    pub key: String,
    pub state: State,
}

/// How a commune's tree came out.
#[derive(Debug)]
pub enum State {
    /// Loaded (possibly with problems of its own, which `check` lists): it rolls up.
    Ready(Box<Tree>),
    /// The folder is absent or empty: a submodule not checked out (W085).
    Missing,
    /// Not a commune tree it can roll up: no readable `ocop.toml`, or a format newer
    /// than this binary. Its own diagnostics say why.
    Failed(Box<Tree>),
}

/// A commune's state as scripts read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StateKey {
    Ready,
    Missing,
    Failed,
}

impl StateKey {
    pub fn key(self) -> &'static str {
        match self {
            StateKey::Ready => "ready",
            StateKey::Missing => "missing",
            StateKey::Failed => "failed",
        }
    }
}

impl Member {
    /// The tree when it rolls up.
    pub fn tree(&self) -> Option<&Tree> {
        match &self.state {
            State::Ready(t) => Some(t),
            _ => None,
        }
    }

    pub fn state_key(&self) -> StateKey {
        match self.state {
            State::Ready(_) => StateKey::Ready,
            State::Missing => StateKey::Missing,
            State::Failed(_) => StateKey::Failed,
        }
    }

    /// The commune's own diagnostics with paths from the province's root
    /// (`communes/viet-khe/products/x.toml`).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let tree = match &self.state {
            State::Ready(t) | State::Failed(t) => t,
            State::Missing => return Vec::new(),
        };
        let base = Path::new(&self.entry.path);
        tree.diagnostics
            .iter()
            .map(|d| {
                let mut d = d.clone();
                d.path = base.join(&d.path);
                d
            })
            .collect()
    }

    /// `viet-khe/mat-ong`: an id of this commune, qualified for roll-up output.
    pub fn qualify(&self, id: &str) -> String {
        format!("{}/{id}", self.key)
    }
}

impl Province {
    /// The province's name as its file gives it.
    pub fn name(&self) -> String {
        self.file.as_ref().map_or_else(String::new, |f| f.name.clone())
    }

    /// The output language named in the province's file.
    pub fn language(&self) -> Option<crate::i18n::Lang> {
        self.file.as_ref().and_then(|f| f.language)
    }

    /// The communes that roll up, with their trees.
    pub fn ready(&self) -> impl Iterator<Item = (&Member, &Tree)> {
        self.communes.iter().filter_map(|m| m.tree().map(|t| (m, t)))
    }

    /// Every diagnostic: the province's own, then each commune's in list order, all
    /// with province-relative paths.
    pub fn all_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.diagnostics.clone();
        for m in &self.communes {
            all.extend(m.diagnostics());
        }
        all
    }
}

/// The province's `ocop.toml` at `root`, read and checked (entries with an error left
/// out) without opening any commune: for a command that only names the communes.
pub fn read_file(root: &Path) -> Option<ProvinceFile> {
    config::load(root, &mut Vec::new())
}

/// The diagnostics of the province's `ocop.toml` at `root` alone (no commune opened).
pub fn file_diagnostics(root: &Path) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    config::load(root, &mut diagnostics);
    diagnostics
}

/// How much of each commune a roll-up reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// `tree::open`: records, plan, activities and every check (`check`, `due`,
    /// `report`).
    Checked,
    /// The records and rules only, with loading's own diagnostics (a file that cannot
    /// be read or parsed) and E071: what `status` shows, at close to the cost of reading
    /// the files. The checks are `check`'s job.
    Records,
}

/// Opens the province tree at `root` and every commune it lists, each with its own
/// `tree::open` as of `today`. Never fails: what cannot be read becomes a diagnostic or
/// a failed commune.
pub fn open(root: &Path, today: NaiveDate) -> Province {
    open_with(root, today, Depth::Checked)
}

/// `open` reading each commune to `depth`.
pub fn open_with(root: &Path, today: NaiveDate, depth: Depth) -> Province {
    let mut diagnostics = Vec::new();
    let file = config::load(root, &mut diagnostics);
    let rules = crate::rules::load_rule_files(root, &mut diagnostics);
    let catalog = Catalog {
        root: root.to_path_buf(),
        commune: None,
        producers: BTreeMap::new(),
        products: BTreeMap::new(),
        rules,
        broken: BTreeSet::new(),
        positions: crate::load::Positions::Wanted,
        hashes: Default::default(),
    };
    let programme = crate::plan::load(&catalog, &mut diagnostics);
    let entries: Vec<CommuneEntry> = file.as_ref().map(|f| f.communes.clone()).unwrap_or_default();
    let states = crate::load::parallel_each(&entries, |e| open_commune(&root.join(&e.path), today, depth));
    let mut communes = Vec::new();
    for (entry, state) in entries.into_iter().zip(states) {
        if matches!(state, State::Missing) {
            diagnostics.push(
                Diagnostic::new(Code::CommuneMissing, entry.path.clone())
                    .arg("name", entry.name.clone())
                    .arg("path", entry.path.clone()),
            );
        }
        let key = config::key_of(&entry.path);
        communes.push(Member { entry, key, state });
    }
    crate::checks::sort(&mut diagnostics);
    Province { root: root.to_path_buf(), file, programme, catalog, diagnostics, communes, depth }
}

/// One commune's tree, or why it cannot roll up.
fn open_commune(dir: &Path, today: NaiveDate, depth: Depth) -> State {
    let empty = std::fs::read_dir(dir).map_or(true, |mut entries| entries.next().is_none());
    if empty {
        return State::Missing;
    }
    let mut tree = match depth {
        Depth::Checked => crate::tree::open(dir, today),
        Depth::Records => {
            let loaded = crate::load::load_with(dir, crate::load::Positions::Counted);
            let mut diagnostics = loaded.diagnostics;
            diagnostics.extend(crate::checks::format_too_new(&loaded.catalog));
            Tree { catalog: loaded.catalog, programme: Programme::default(), diagnostics }
        }
    };
    // A roll-up only reads: every commune's text would otherwise stay in memory.
    tree.release_sources();
    let too_new = tree.diagnostics.iter().any(|d| d.code == Code::FormatTooNew);
    if tree.catalog.commune.is_none() || too_new || !dir.join(COMMUNE_FILE).is_file() {
        State::Failed(Box::new(tree))
    } else {
        State::Ready(Box::new(tree))
    }
}

#[cfg(test)]
mod tests;
