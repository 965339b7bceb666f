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

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn files(dir: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    v.sort();
    v
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// One commune: the example grown to about `products` products (each clone of a product
/// keeps its producer's clone, and its two activities).
fn grow(example: &Path, root: &Path, products: usize) {
    std::fs::create_dir_all(root).unwrap();
    for f in ["ocop.toml", "plan.toml"] {
        std::fs::copy(example.join(f), root.join(f)).unwrap();
    }
    copy_dir(&example.join("evidence"), &root.join("evidence"));
    let producers = files(&example.join("producers"));
    let prods = files(&example.join("products"));
    let acts = files(&example.join("activities"));
    let ids: Vec<String> = producers.iter().chain(&prods).map(|(id, _)| id.clone()).collect();
    for dir in ["producers", "products", "activities"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    let rename = |text: &str, k: usize| {
        let mut t = text.to_string();
        for id in &ids {
            t = t.replace(&format!("\"{id}\""), &format!("\"{id}-{k}\""));
        }
        t
    };
    for k in 0..products.div_ceil(prods.len()) {
        for (id, text) in &producers {
            let name = text.lines().find(|l| l.starts_with("name = ")).unwrap().to_string();
            let t = text.replacen(&name, &format!("{} {k}\"", name.trim_end_matches('"')), 1);
            std::fs::write(root.join(format!("producers/{id}-{k}.toml")), t).unwrap();
        }
        for (id, text) in &prods {
            std::fs::write(root.join(format!("products/{id}-{k}.toml")), rename(text, k)).unwrap();
        }
        for (id, text) in &acts {
            std::fs::write(root.join(format!("activities/{id}-{k}.toml")), rename(text, k)).unwrap();
        }
    }
}

/// The province: `communes` copies of one grown commune, listed in `ocop.toml`.
fn province(example: &Path, root: &Path, communes: usize, products: usize) {
    let _ = std::fs::remove_dir_all(root);
    let first = root.join("communes/xa-000");
    grow(example, &first, products);
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

/// Wall seconds and peak resident MB of `cmd`, measured by GNU time.
fn timed(program: &Path, args: &[&str], cwd: &Path) -> (f64, f64) {
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("@@%e %M")
        .arg(program)
        .args(args)
        .current_dir(cwd)
        .stdout(std::process::Stdio::null())
        .output()
        .expect("/usr/bin/time");
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err.lines().rev().find(|l| l.starts_with("@@")).unwrap_or("@@0 0");
    let mut parts = line[2..].split_whitespace().map(|x| x.parse::<f64>().unwrap_or(0.0));
    (parts.next().unwrap_or(0.0), parts.next().unwrap_or(0.0) / 1024.0)
}

/// Best of two runs (after one to warm the file cache).
fn best(program: &Path, args: &[&str], cwd: &Path) -> (f64, f64) {
    let _ = timed(program, args, cwd);
    let a = timed(program, args, cwd);
    let b = timed(program, args, cwd);
    if a.0 <= b.0 { a } else { b }
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
