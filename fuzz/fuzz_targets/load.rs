//! Fuzzes the loader and the checks: the input is split at NUL bytes into the commune
//! file, a producer, a product, a tree rule file, the plan and an activity, written into a
//! scratch tree, then opened (`tree::open`: loaded and checked) and summarised as
//! `ocop check` and `ocop status` would. Any panic is a bug: a broken file must become a
//! diagnostic.

#![no_main]
// The target writes its scratch tree directly; the product writes only through `edit::write`.
#![allow(clippy::disallowed_methods)]

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where each part of the input goes, in order.
const FILES: [&str; 6] =
    ["ocop.toml", "producers/a.toml", "products/x.toml", "rules/local.toml", "plan.toml", "activities/a.toml"];

/// One scratch tree for the whole run, rewritten for every input (creating a folder per
/// input would make the file system, not the loader, the bottleneck).
fn scratch() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, root) = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("scratch dir");
        let root = dir.path().to_path_buf();
        for sub in ["producers", "products", "rules", "activities"] {
            std::fs::create_dir_all(root.join(sub)).expect("mkdir");
        }
        (dir, root)
    });
    root
}

fuzz_target!(|data: &[u8]| {
    let root = scratch();
    let mut parts = data.split(|b| *b == 0);
    for file in FILES {
        let bytes = parts.next().unwrap_or_default();
        std::fs::write(root.join(file), bytes).expect("write");
    }
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let tree = ocop::tree::open(root, today);
    let rows = ocop::status::rows(&tree.catalog, today, &ocop::status::Filter::default());
    assert_eq!(rows.len(), tree.catalog.products.len());
    for d in &tree.diagnostics {
        let _ = (d.message(ocop::i18n::Lang::Vi), d.hint(ocop::i18n::Lang::En));
    }
});
