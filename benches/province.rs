//! The province roll-up against the floor (issue 13): `cargo bench --bench province`.
//!
//! Writes a province tree under `OCOP_BENCH_DIR` (default: the system temp folder) with
//! `OCOP_BENCH_COMMUNES` communes (default 100), each grown from `examples/viet-khe` to
//! `OCOP_BENCH_PRODUCTS` products (default 200), as many producers and two activities
//! per product. Then it measures, side by side on the same tree:
//!
//! - the floor: walk, read and TOML-parse every file of every commune with the same
//!   `toml` crate, in this binary run as a child process, on one thread and on every
//!   core (the roll-up loads communes on every core, so both are printed);
//! - the release `ocop` for `status` (table and JSON), `check`, `due` and the yearly
//!   `report` in JSON on the province, each under `/usr/bin/time`,
//!
//! and prints seconds, the ratio to each floor and peak memory. The goal is `status` at
//! most 1.5× the floor. The tree is deleted at the end unless `OCOP_BENCH_KEEP` is set.
//! Run `cargo build --release` first.

#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use common::{copy_dir, grow, timed};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The province: `communes` copies of one grown commune, listed in `ocop.toml`.
fn province(example: &Path, root: &Path, communes: usize, products: usize) {
    let _ = std::fs::remove_dir_all(root);
    let first = root.join("communes/xa-000");
    grow(example, &first, products, false);
    let mut list = String::from("kind = \"province\"\nname = \"Tỉnh Thử\"\n");
    for i in 0..communes {
        let path = format!("communes/xa-{i:03}");
        if i > 0 {
            copy_dir(&first, &root.join(&path));
        }
        list.push_str(&format!("\n[[communes]]\npath = \"{path}\"\ncode = \"{:05}\"\nname = \"Xã {i}\"\n", 10000 + i));
    }
    std::fs::write(root.join("ocop.toml"), list).unwrap();
}

/// Every `.toml` under `root`, in walk order.
fn tomls(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .map(|e| e.into_path())
        .collect()
}

fn parse_all(paths: &[PathBuf]) -> usize {
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            toml::from_str::<toml::Table>(&text).unwrap().len()
        })
        .sum()
}

/// The floor: walk, read and parse every `.toml` with the `toml` crate, on `threads`.
fn floor(root: &Path, threads: usize) {
    let paths = tomls(root);
    let chunk = paths.len().div_ceil(threads.max(1)).max(1);
    let n: usize = std::thread::scope(|s| {
        let hs: Vec<_> = paths.chunks(chunk).map(|part| s.spawn(move || parse_all(part))).collect();
        hs.into_iter().map(|h| h.join().unwrap()).sum()
    });
    assert!(n > 0);
}

/// Best of two runs (after one to warm the file cache).
fn best(program: &Path, args: &[&str], cwd: &Path) -> (f64, f64) {
    let _ = timed(program, args, cwd);
    let a = timed(program, args, cwd);
    let b = timed(program, args, cwd);
    let best = if a.wall <= b.wall { a } else { b };
    (best.wall, best.mb)
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--floor") {
        floor(Path::new(&args[i + 1]), args[i + 2].parse().unwrap());
        return;
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let ocop = repo.join("target/release/ocop");
    assert!(ocop.is_file(), "run `cargo build --release` first");
    let communes = env_or("OCOP_BENCH_COMMUNES", 100);
    let products = env_or("OCOP_BENCH_PRODUCTS", 200);
    let scratch =
        std::env::var_os("OCOP_BENCH_DIR").map_or_else(|| std::env::temp_dir().join("ocop-province"), PathBuf::from);
    let root = scratch.join("province");
    let t = Instant::now();
    province(&repo.join("examples/viet-khe"), &root, communes, products);
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!(
        "ocop province benchmark: {communes} communes × {products} products ({} files; written in {:.1} s, not timed)",
        tomls(&root).len(),
        t.elapsed().as_secs_f64()
    );
    let me = std::env::current_exe().unwrap();
    let root_s = root.display().to_string();
    let (f1, f1mb) = best(&me, &["--floor", &root_s, "1"], &root);
    let cores_s = cores.to_string();
    let (fn_, fnmb) = best(&me, &["--floor", &root_s, &cores_s], &root);
    println!("| command | s | ÷ floor (1 thread) | ÷ floor ({cores} threads) | peak MB |\n|---|---|---|---|---|");
    println!("| floor, 1 thread | {f1:.2} | 1.0 | {:.2} | {f1mb:.0} |", f1 / fn_.max(0.01));
    println!("| floor, {cores} threads | {fn_:.2} | {:.2} | 1.0 | {fnmb:.0} |", fn_ / f1.max(0.01));
    let commands: [(&str, &[&str]); 5] = [
        ("status", &["status"]),
        ("status --format json", &["status", "--format", "json"]),
        ("check", &["check"]),
        ("due", &["due"]),
        ("report --year 2026 --format json", &["report", "--year", "2026", "--format", "json"]),
    ];
    for (name, args) in commands {
        let mut all: Vec<&str> = vec!["--today", "2026-11-29"];
        all.extend(args);
        let (s, mb) = best(&ocop, &all, &root);
        println!("| {name} | {s:.2} | {:.2} | {:.2} | {mb:.0} |", s / f1.max(0.01), s / fn_.max(0.01));
    }
    if std::env::var_os("OCOP_BENCH_KEEP").is_none() {
        std::fs::remove_dir_all(&root).unwrap();
    }
}
