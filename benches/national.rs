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

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// A 10-digit enterprise code with a valid check digit.
fn tax_code(rng: &mut Rng) -> String {
    const W: [u64; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];
    loop {
        let digits: Vec<u64> = (0..9).map(|_| rng.below(10)).collect();
        let s = W.iter().zip(&digits).map(|(w, d)| w * d).sum::<u64>() % 11;
        if s != 0 && 10 - s < 10 {
            let mut code: String = digits.iter().map(|d| char::from(b'0' + *d as u8)).collect();
            code.push(char::from(b'0' + (10 - s) as u8));
            return code;
        }
    }
}

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

/// The example grown to about `products` products and producers and twice as many
/// activities; `shared` keeps every clone's tax code and name.
fn grow(example: &Path, root: &Path, products: usize, shared: bool) {
    let _ = std::fs::remove_dir_all(root);
    std::fs::create_dir_all(root).unwrap();
    for f in ["ocop.toml", "plan.toml"] {
        std::fs::copy(example.join(f), root.join(f)).unwrap();
    }
    copy_dir(&example.join("evidence"), &root.join("evidence"));
    let producers = files(&example.join("producers"));
    let prods = files(&example.join("products"));
    let acts = files(&example.join("activities"));
    let ids: Vec<String> = producers.iter().chain(&prods).map(|(id, _)| id.clone()).collect();
    let copies = products.div_ceil(prods.len());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
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
    for k in 0..copies {
        for (id, text) in &producers {
            let mut t = text.clone();
            if !shared {
                let line = t.lines().find(|l| l.starts_with("registration_code")).unwrap().to_string();
                t = t.replace(&line, &format!("registration_code = \"{}\"", tax_code(&mut rng)));
                let name = t.lines().find(|l| l.starts_with("name = ")).unwrap().to_string();
                t = t.replacen(&name, &format!("{} {k}\"", name.trim_end_matches('"')), 1);
            }
            std::fs::write(root.join(format!("producers/{id}-{k}.toml")), t).unwrap();
        }
        for (id, text) in &prods {
            std::fs::write(root.join(format!("products/{id}-{k}.toml")), rename(text, k)).unwrap();
        }
        // Two activities per product: the example's eight per four products.
        for (id, text) in &acts {
            std::fs::write(root.join(format!("activities/{id}-{k}.toml")), rename(text, k)).unwrap();
        }
    }
}

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

/// What GNU time measured of one run.
struct Run {
    /// Wall seconds.
    wall: f64,
    /// CPU seconds, user and system: steadier than wall time on a shared machine.
    cpu: f64,
    /// Peak resident MB.
    mb: f64,
    /// The exit code.
    code: i32,
}

/// Runs `program` under GNU time.
fn timed(program: &Path, args: &[&str], cwd: &Path) -> Run {
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("@@%e %U %S %M %x")
        .arg(program)
        .args(args)
        .current_dir(cwd)
        .stdout(std::process::Stdio::null())
        .output()
        .expect("/usr/bin/time");
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err.lines().rev().find(|l| l.starts_with("@@")).unwrap_or("@@0 0 0 0 -1");
    let v: Vec<f64> = line[2..].split_whitespace().map(|x| x.parse::<f64>().unwrap_or(-1.0)).collect();
    let at = |i: usize| v.get(i).copied().unwrap_or(0.0);
    Run { wall: at(0), cpu: at(1) + at(2), mb: at(3) / 1024.0, code: at(4) as i32 }
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
