//! What the benchmarks that grow a tree from `examples/viet-khe` and time the release
//! binary share: the grown tree, and a run under GNU time.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// A small deterministic generator (xorshift).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// A 10-digit enterprise code with a valid check digit.
pub(crate) fn tax_code(rng: &mut Rng) -> String {
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

pub(crate) fn files(dir: &Path) -> Vec<(String, String)> {
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

pub(crate) fn copy_dir(from: &Path, to: &Path) {
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
pub(crate) fn grow(example: &Path, root: &Path, products: usize, shared: bool) {
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

/// What GNU time measured of one run.
pub(crate) struct Run {
    /// Wall seconds.
    pub(crate) wall: f64,
    /// CPU seconds, user and system: steadier than wall time on a shared machine.
    pub(crate) cpu: f64,
    /// Peak resident MB.
    pub(crate) mb: f64,
    /// The exit code.
    pub(crate) code: i32,
}

/// Runs `program` under GNU time.
pub(crate) fn timed(program: &Path, args: &[&str], cwd: &Path) -> Run {
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
