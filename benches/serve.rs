//! What `ocop serve` pays per page: listing the tree's files with their sizes and times
//! (the cache's check, `serve::stamp`) against opening the tree (`tree::open`), and a
//! whole status page with the tree unchanged and after a file changed.
//!
//! Run with `cargo bench --bench serve`. It copies the example into a scratch folder
//! and grows it to `OCOP_BENCH_PRODUCTS` products (default 2,000) by copying its
//! product files under new names (not timed), then prints the best of
//! `OCOP_BENCH_RUNS` runs (default 5) of each.
// The benchmark writes its scratch tree directly; the product writes only through `edit::write`.
#![allow(clippy::disallowed_methods)]
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use chrono::NaiveDate;
use ocop::serve::{Config, Site, Today, stamp};
use std::path::Path;
use std::time::{Duration, Instant};

fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn copy(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

fn main() {
    let env = |k: &str, d: usize| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
    let products = env("OCOP_BENCH_PRODUCTS", 2_000);
    let runs = env("OCOP_BENCH_RUNS", 5);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/viet-khe"), root);
    let originals: Vec<_> = std::fs::read_dir(root.join("products")).unwrap().map(|e| e.unwrap().path()).collect();
    for n in 0..products.saturating_sub(originals.len()) {
        let from = &originals[n % originals.len()];
        let stem = from.file_stem().unwrap().to_string_lossy();
        let text = std::fs::read_to_string(from).unwrap();
        std::fs::write(root.join(format!("products/{stem}-{n}.toml")), text).unwrap();
    }
    let files =
        walkdir::WalkDir::new(root).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()).count();
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let listing = best(runs, || {
        stamp(root);
    });
    let opening = best(runs, || {
        ocop::tree::open(root, today);
    });
    let mut site = Site::new(Config {
        root: root.to_path_buf(),
        today: Today::Fixed(today),
        lang: None,
        local_port: None,
        redact: false,
    });
    site.handle("GET", "/");
    let unchanged = best(runs, || {
        site.handle("GET", "/");
    });
    let product = root.join("products/mat-ong-an-son.toml");
    let mut k = 0u64;
    let changed = best(runs, || {
        k += 1;
        let text = std::fs::read_to_string(&product).unwrap();
        std::fs::write(&product, format!("{}\n# {k}\n", text.trim_end())).unwrap();
        site.handle("GET", "/");
    });
    println!("serve: {products} products, {files} files, best of {runs}");
    println!("  list the files (cache check)   {:>10.2?}", listing);
    println!("  open the tree (tree::open)     {:>10.2?}", opening);
    println!("  status page, tree unchanged    {:>10.2?}", unchanged);
    println!("  status page, one file changed  {:>10.2?}", changed);
    println!("  trees opened by the site: {}", site.trees_opened());
}
