//! The tree as it is on disk now, opened again only when something changed: before each
//! page the tree's files are listed with their sizes and modification times (no file is
//! read), and the tree is re-opened when that list differs from the last one's
//! (docs/serve.md has the figures). Generic over what "opening" gives, so a commune tree
//! and a province of communes are cached alike.

use chrono::NaiveDate;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

/// The last tree opened, and what the files looked like then.
#[derive(Debug)]
pub(crate) struct Cache<T> {
    stamp: Option<(u64, NaiveDate)>,
    tree: Option<Arc<T>>,
    /// How many times the tree was opened (for tests and the docs' measurements).
    pub(crate) opened: u64,
}

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Cache { stamp: None, tree: None, opened: 0 }
    }
}

impl<T> Cache<T> {
    /// The tree at `root` as of `today`, opened with `open` again when a file was added,
    /// removed, resized or touched since the last call, or the day changed.
    pub(crate) fn get(&mut self, root: &Path, today: NaiveDate, open: impl FnOnce(&Path, NaiveDate) -> T) -> Arc<T> {
        let now = (stamp(root), today);
        match &self.tree {
            Some(tree) if self.stamp == Some(now) => Arc::clone(tree),
            _ => {
                let tree = Arc::new(open(root, today));
                self.opened += 1;
                self.stamp = Some(now);
                self.tree = Some(Arc::clone(&tree));
                tree
            }
        }
    }
}

/// A digest of every path under `root`, each file's with its size and modification
/// time. `.git` is left out: commits change nothing on disk that the tree reads.
pub fn stamp(root: &Path) -> u64 {
    let mut h = DefaultHasher::new();
    let walk = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || e.file_name() != ".git");
    for entry in walk.filter_map(Result::ok) {
        entry.path().hash(&mut h);
        // Links are followed as the loader follows them: a changed target shows. A
        // folder counts by its name alone: its time changes with `.git`'s creation too,
        // and what it holds is listed anyway.
        if let Ok(meta) = std::fs::metadata(entry.path())
            && !meta.is_dir()
        {
            meta.len().hash(&mut h);
            if let Ok(t) = meta.modified() {
                t.hash(&mut h);
            }
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_is_opened_again_only_after_a_change() {
        let dir = tempfile::tempdir().expect("dir");
        let root = dir.path();
        std::fs::write(root.join("ocop.toml"), "name = \"A\"\n").expect("write");
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        let mut cache = Cache::default();
        let open = |root: &Path, today| crate::tree::open(root, today);
        cache.get(root, today, open);
        cache.get(root, today, open);
        assert_eq!(cache.opened, 1);
        std::fs::create_dir_all(root.join("products")).expect("mkdir");
        std::fs::write(root.join("products/a.toml"), "name = \"B\"\n").expect("write");
        cache.get(root, today, open);
        assert_eq!(cache.opened, 2);
        // The same size, a later time.
        std::fs::write(root.join("ocop.toml"), "name = \"C\"\n").expect("write");
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(root.join("ocop.toml"))
            .and_then(|f| f.set_modified(later))
            .expect("touch");
        cache.get(root, today, open);
        assert_eq!(cache.opened, 3);
        cache.get(root, today.succ_opt().expect("date"), open);
        assert_eq!(cache.opened, 4);
        std::fs::create_dir_all(root.join(".git")).expect("mkdir");
        std::fs::write(root.join(".git/HEAD"), "x").expect("write");
        cache.get(root, today.succ_opt().expect("date"), open);
        assert_eq!(cache.opened, 4, "git's own files are not the tree's");
    }
}
