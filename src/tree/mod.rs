//! The checked tree: everything a command, a benchmark or a test needs from a dossier
//! folder in one call — the records, the plan and its activities, and every diagnostic
//! (loading, the record checks and the plan's checks), sorted for output.
//!
//! This is the one place that decides what "checking a tree" means, so the CLI, the
//! edit pipeline, the benchmark, the fuzz target and the property tests all see the
//! same thing.

use crate::diag::{Code, Diagnostic};
use crate::load::{Catalog, Positions, SourceFile, load_with};
use crate::plan::Programme;
use chrono::NaiveDate;
use std::path::Path;

/// A loaded and checked dossier tree.
#[derive(Debug, Clone)]
pub struct Tree {
    /// The records that parsed.
    pub catalog: Catalog,
    /// The plan and the activities that parsed.
    pub programme: Programme,
    /// Every diagnostic, from loading and from every check, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Tree {
    /// True when the folder has no `ocop.toml` (E028 was reported): not a tree at all.
    pub fn is_missing_commune(&self) -> bool {
        self.diagnostics.iter().any(|d| d.code == Code::MissingCommuneFile)
    }

    /// Lets go of every file's text (`SourceFile::release`) once the tree is checked, for
    /// a command that only reads the records and the diagnostics (status, show, due,
    /// report, export): never before an edit, which compares and re-checks the text.
    pub fn release_sources(&mut self) {
        let c = &mut self.catalog;
        let p = &mut self.programme;
        c.commune
            .iter_mut()
            .map(|r| &mut r.source)
            .chain(p.plan.as_mut().map(|r| &mut r.source))
            .for_each(SourceFile::release);
        c.producers.values_mut().for_each(|r| r.source.release());
        c.products.values_mut().for_each(|r| r.source.release());
        p.activities.values_mut().for_each(|r| r.source.release());
        p.narratives.values_mut().for_each(|r| r.source.release());
    }

    /// The diagnostics on one tree-relative file.
    pub fn diagnostics_of<'a>(&'a self, rel: &'a Path) -> impl Iterator<Item = &'a Diagnostic> + 'a {
        self.diagnostics.iter().filter(move |d| d.path == rel)
    }
}

/// Loads the tree at `root` and runs every check as of `today`. Never fails: what cannot
/// be read becomes a diagnostic, and one broken file never hides the others.
pub fn open(root: &Path, today: NaiveDate) -> Tree {
    open_with(root, today, Positions::Wanted)
}

/// `open`, locating the diagnostics of record, plan and activity files or not
/// (`Positions::Counted` for a command that prints no diagnostic, only counts them). The
/// diagnostics are the same either way, but for their positions and so their order
/// within a file.
pub fn open_with(root: &Path, today: NaiveDate, positions: Positions) -> Tree {
    let loaded = load_with(root, positions);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(crate::checks::run_all(&loaded.catalog, today));
    let programme = crate::plan::load(&loaded.catalog, &mut diagnostics);
    // After every check: the years their computations needed that the holidays lack.
    diagnostics.extend(crate::checks::holidays_missing(&loaded.catalog.rules.calendar));
    crate::checks::sort(&mut diagnostics);
    Tree { catalog: loaded.catalog, programme, diagnostics }
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).expect("date")
    }

    #[test]
    fn the_example_opens_with_its_plan_and_activities() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/viet-khe");
        let tree = open(&root, today());
        assert!(tree.programme.plan.is_some());
        assert!(!tree.programme.activities.is_empty());
        assert!(!tree.catalog.products.is_empty());
        assert!(!tree.is_missing_commune());
        assert!(tree.diagnostics.iter().all(|d| d.severity != crate::diag::Severity::Error), "{:?}", tree.diagnostics);
    }

    #[test]
    fn plan_problems_are_part_of_the_tree() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("ocop.toml"), "name = \"X\"\n").expect("write");
        std::fs::create_dir(dir.path().join("activities")).expect("mkdir");
        std::fs::write(dir.path().join("activities/a.toml"), "kind = 3\n").expect("write");
        let tree = open(dir.path(), today());
        assert!(tree.diagnostics.iter().any(|d| d.path == Path::new("activities/a.toml")), "{:?}", tree.diagnostics);
    }

    /// Counting instead of locating changes nothing but the positions: every fixture
    /// tree gives the same diagnostics (code, file, message) either way.
    #[test]
    fn counted_diagnostics_are_the_located_ones_without_positions() {
        let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
        let mut roots: Vec<_> =
            std::fs::read_dir(&cases).expect("cases").filter_map(|e| e.ok()).map(|e| e.path().join("in")).collect();
        roots.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/viet-khe"));
        let mut located_somewhere = 0;
        for root in roots.iter().filter(|r| r.join("ocop.toml").is_file()) {
            let key = |t: &Tree| {
                let mut v: Vec<_> = t
                    .diagnostics
                    .iter()
                    .map(|d| (d.code, d.path.clone(), d.message(crate::i18n::Lang::En), d.hint(crate::i18n::Lang::En)))
                    .collect();
                v.sort();
                v
            };
            let wanted = open_with(root, today(), Positions::Wanted);
            let counted = open_with(root, today(), Positions::Counted);
            assert_eq!(key(&wanted), key(&counted), "{}", root.display());
            // A file that does not parse keeps its error's position (it costs nothing
            // more); a check's finding on a record file is not located.
            let record = |d: &&Diagnostic| d.path.starts_with("products") || d.path.starts_with("activities");
            let check =
                |d: &&Diagnostic| !matches!(d.code, Code::NotUtf8 | Code::TomlSyntax | Code::WrongType | Code::BadDate);
            let unlocated = |d: &Diagnostic| d.position.is_none();
            assert!(counted.diagnostics.iter().filter(record).filter(check).all(unlocated), "{}", root.display());
            located_somewhere +=
                wanted.diagnostics.iter().filter(record).filter(check).filter(|d| !unlocated(d)).count();
        }
        assert!(located_somewhere > 20, "the fixtures locate record diagnostics: {located_somewhere}");
    }

    #[test]
    fn a_folder_without_a_commune_file_says_so() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(open(dir.path(), today()).is_missing_commune());
    }
}
