//! Writes one `#[test]` per fixture case folder under `tests/cases/` (into `OUT_DIR`),
//! so each case runs as its own test and a failure names its case. The CLI test binary
//! includes the file; adding a case is adding a folder.

// A build script cannot use the crate's writer (`edit::write`); its output is Cargo's.
#![allow(clippy::disallowed_methods)]

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=tests/cases");
    let mut names: Vec<String> = std::fs::read_dir("tests/cases")
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| e.path().join("cmd").is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::new();
    for name in &names {
        let ident: String =
            name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
        let _ = writeln!(code, "#[test]\nfn case_{ident}() {{\n    run_case({name:?});\n}}\n");
    }
    let _ = writeln!(code, "/// Every case folder, as the build saw them.\nconst CASES: &[&str] = &{names:?};");
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    if let Err(e) = std::fs::write(Path::new(&out).join("cases.rs"), code) {
        println!("cargo:warning=could not write the fixture case list: {e}");
    }
}
