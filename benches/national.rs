//! National scale, command by command, next to the floor (issue 8, "Speed and memory").
//!
//! `cargo bench --bench national` grows a tree from `examples/viet-khe` to
//! `OCOP_BENCH_PRODUCTS` products (default 20,000) and as many producers, with two
//! activities per product, in two variants: **unique** (every producer its own valid tax
//! code and name) and **shared** (every clone keeps its original's code and name, so
//! thousands of producers share one, as a careless import can produce). The trees are
//! the same on every run (no randomness but a fixed xorshift).
//!
//! For each variant it measures the floor (walk, read and TOML-parse every file with the
//! same `toml` crate, in this binary run as a child process) and then runs the release
//! `ocop` binary for `check`, `status --format json`, `show`, `due`, every `report`
//! format and one `set`, each under `/usr/bin/time` for wall time and peak memory, and
//! prints both next to the floor as ratios. Run `cargo build --release` first.
//!
//! `national --grow DIR N unique|shared` only writes such a tree, to profile a command
//! on it.

#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use common::{grow, timed};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The floor: walk, read and parse every `.toml` with the `toml` crate, on one thread.
fn floor(root: &Path) {
    let mut n = 0usize;
    for e in walkdir::WalkDir::new(root).sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "toml") {
            let text = std::fs::read_to_string(e.path()).unwrap();
            let v: toml::Table = toml::from_str(&text).unwrap();
            n += v.len();
        }
    }
    assert!(n > 0);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--floor") {
        floor(Path::new(&args[i + 1]));
        return;
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // `--grow DIR PRODUCTS unique|shared`: only write a tree, to profile a command on it.
    if let Some(i) = args.iter().position(|a| a == "--grow") {
        let products = args[i + 2].parse().unwrap();
        grow(&repo.join("examples/viet-khe"), Path::new(&args[i + 1]), products, args[i + 3] == "shared");
        return;
    }
    let ocop = repo.join("target/release/ocop");
    assert!(ocop.is_file(), "run `cargo build --release` first");
    let products: usize = std::env::var("OCOP_BENCH_PRODUCTS").ok().and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let scratch =
        std::env::var_os("OCOP_BENCH_DIR").map_or_else(|| std::env::temp_dir().join("ocop-national"), PathBuf::from);
    let me = std::env::current_exe().unwrap();
    println!("ocop national benchmark: {products} products, as many producers, 2 activities per product");
    for shared in [false, true] {
        let variant = if shared { "shared" } else { "unique" };
        let root = scratch.join(variant);
        let t = Instant::now();
        grow(&repo.join("examples/viet-khe"), &root, products, shared);
        println!("\n## variant {variant} (tree written in {:.1} s, not timed below)", t.elapsed().as_secs_f64());
        let root_s = root.display().to_string();
        // Warm the file cache, then the floor, best of two.
        let _ = timed(&me, &["--floor", &root_s], &root);
        let (a, b) = (timed(&me, &["--floor", &root_s], &root), timed(&me, &["--floor", &root_s], &root));
        let floor = if a.wall <= b.wall { a } else { b };
        let (fs, fc, fmb) = (floor.wall, floor.cpu, floor.mb);
        println!("| command | s | ÷ floor | CPU s | ÷ floor CPU | peak MB |\n|---|---|---|---|---|---|");
        println!("| floor (walk + read + parse) | {fs:.2} | 1.0 | {fc:.2} | 1.0 | {fmb:.0} |");
        let out = |ext: &str| root.join(format!("r.{ext}")).display().to_string();
        let (docx, xlsx) = (out("docx"), out("xlsx"));
        let commands: Vec<(String, Vec<String>)> = vec![
            ("check".into(), vec!["check".into()]),
            ("status --format json".into(), vec!["status".into(), "--format".into(), "json".into()]),
            ("show one product".into(), vec!["show".into(), "mat-ong-an-son-7".into()]),
            ("due".into(), vec!["due".into()]),
            ("report text".into(), vec!["report".into(), "--year".into(), "2026".into()]),
            ("report md".into(), vec!["report".into(), "--year".into(), "2026".into(), "--format".into(), "md".into()]),
            (
                "report html".into(),
                vec![
                    "report".into(),
                    "--year".into(),
                    "2026".into(),
                    "--draft".into(),
                    "--format".into(),
                    "html".into(),
                ],
            ),
            (
                "report csv".into(),
                vec!["report".into(), "--year".into(), "2026".into(), "--format".into(), "csv".into()],
            ),
            (
                "report json".into(),
                vec!["report".into(), "--year".into(), "2026".into(), "--format".into(), "json".into()],
            ),
            // A file or a web page is the signed report: without the officer's text it
            // needs --draft (else it is refused, and that refusal is what would be timed).
            (
                "report xlsx".into(),
                vec!["report".into(), "--year".into(), "2026".into(), "--draft".into(), "-o".into(), xlsx],
            ),
            (
                "report docx".into(),
                vec!["report".into(), "--year".into(), "2026".into(), "--draft".into(), "-o".into(), docx],
            ),
            (
                "set one product".into(),
                vec![
                    "set".into(),
                    "mat-ong-an-son-7".into(),
                    "form_02".into(),
                    "--note".into(),
                    format!("benchmark {variant}"),
                ],
            ),
        ];
        for (name, args) in commands {
            let mut all: Vec<&str> = vec!["--today", "2026-11-29"];
            all.extend(args.iter().map(String::as_str));
            let run = timed(&ocop, &all, &root);
            let (s, cpu, mb) = (run.wall, run.cpu, run.mb);
            println!("| {name} | {s:.2} | {:.1} | {cpu:.2} | {:.1} | {mb:.0} |", s / fs.max(0.01), cpu / fc.max(0.01));
            // `check` finds the errors the grown tree has (exit 1); every other command
            // must succeed, or the row timed a refusal.
            let ok = if name == "check" { matches!(run.code, 0 | 1) } else { run.code == 0 };
            assert!(ok, "`ocop {}` exited {}: the figures above time a failure", all.join(" "), run.code);
        }
    }
}
