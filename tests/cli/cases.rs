//! Snapshot cases: each folder under `tests/cases/` holds
//!
//! - `cmd`: the arguments, one per line (no shell quoting needed);
//! - `in/`: the tree the command runs in (copied to a scratch folder first);
//! - `stdout`, `stderr`, `status`: what the command must print and its exit code;
//! - `out/` (optional): the tree after the command; without it the tree must not change;
//! - `pad` (optional): lines `PATH BYTES`; each file of the scratch tree is grown with
//!   comment lines to that size, so a case about size needs no large file in git.
//!
//! The scratch path is written `[ROOT]` in expected output. Run with `OCOP_BLESS=1` to
//! write the actual output as the new expectation (then review the diff in git).

use crate::harness::{Scratch, snapshot, stderr, stdout};
use std::path::{MAIN_SEPARATOR_STR, Path};

fn normalise(text: &str, root: &Path) -> String {
    let mut s = text.replace(&root.display().to_string(), "[ROOT]");
    if MAIN_SEPARATOR_STR != "/" {
        s = s.replace(MAIN_SEPARATOR_STR, "/");
    }
    s
}

fn pad(case: &Path, root: &Path) -> Result<(), String> {
    let Ok(spec) = std::fs::read_to_string(case.join("pad")) else { return Ok(()) };
    for line in spec.lines().filter(|l| !l.trim().is_empty()) {
        let (path, bytes) = line.split_once(' ').ok_or_else(|| format!("pad: `{line}`"))?;
        let bytes: usize = bytes.trim().parse().map_err(|_| format!("pad: `{line}`"))?;
        let file = root.join(path);
        let mut text = std::fs::read_to_string(&file).map_err(|e| format!("pad {path}: {e}"))?;
        let filler = format!("# {}\n", "x".repeat(77));
        while text.len() < bytes {
            text.push_str(&filler);
        }
        std::fs::write(&file, text).map_err(|e| format!("pad {path}: {e}"))?;
    }
    Ok(())
}

fn check_case(case: &Path, bless: bool) -> Result<(), String> {
    let cmd = std::fs::read_to_string(case.join("cmd")).map_err(|e| format!("cmd: {e}"))?;
    let args: Vec<&str> = cmd.lines().map(str::trim_end).filter(|l| !l.is_empty()).collect();
    let input = case.join("in");
    let scratch = if input.is_dir() { Scratch::of(&input) } else { Scratch::empty() };
    pad(case, scratch.path())?;
    let before = snapshot(scratch.path());
    let out = scratch.run(&args);
    let actual = [
        ("stdout", normalise(&stdout(&out), scratch.path())),
        ("stderr", normalise(&stderr(&out), scratch.path())),
        ("status", format!("{}\n", out.status.code().unwrap_or(-1))),
    ];
    let mut problems = Vec::new();
    for (name, got) in &actual {
        let path = case.join(name);
        if bless {
            std::fs::write(&path, got).map_err(|e| e.to_string())?;
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if &want != got {
            problems.push(format!("--- {name} expected\n{want}\n--- {name} actual\n{got}"));
        }
    }
    let expected_out = case.join("out");
    let after = snapshot(scratch.path());
    if expected_out.is_dir() {
        if bless {
            let _ = std::fs::remove_dir_all(&expected_out);
            crate::harness::copy_tree(scratch.path(), &expected_out);
        } else if snapshot(&expected_out) != after {
            problems.push("the tree after the command differs from out/".into());
        }
    } else if before != after {
        problems.push("the command changed the tree, and the case has no out/".into());
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n")) }
}

#[test]
fn fixture_cases() {
    let root = crate::harness::repo().join("tests/cases");
    let bless = std::env::var_os("OCOP_BLESS").is_some();
    let mut failures = Vec::new();
    let mut count = 0;
    let mut cases: Vec<_> =
        std::fs::read_dir(&root).expect("tests/cases").filter_map(Result::ok).map(|e| e.path()).collect();
    cases.sort();
    for case in cases.iter().filter(|c| c.join("cmd").is_file()) {
        count += 1;
        if let Err(e) = check_case(case, bless) {
            failures.push(format!(
                "=== case {}\n{e}",
                case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
            ));
        }
    }
    assert!(count > 0, "no cases found under tests/cases");
    assert!(failures.is_empty(), "{} of {count} cases failed:\n{}", failures.len(), failures.join("\n"));
}
