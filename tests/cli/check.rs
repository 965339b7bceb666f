//! `ocop check` over the bundled example and broken copies of it.

use crate::harness::{Scratch, repo, snapshot, stderr, stdout};

fn example() -> std::path::PathBuf {
    repo().join("examples/viet-khe")
}

#[test]
fn the_example_has_only_its_documented_warnings() {
    let s = Scratch::of(&example());
    let out = s.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let codes: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_once("[").map(|(_, r)| &r[..4]))
        .filter(|c| c.starts_with('W') || c.starts_with('E'))
        .collect();
    assert_eq!(codes, ["W015", "W018", "W015", "W016", "W018", "W015", "W018"], "{text}");
}

#[test]
fn three_broken_files_are_reported_in_one_run_and_nothing_changes() {
    let s = Scratch::of(&example());
    let products = s.path().join("products");
    let edit = |name: &str, from: &str, to: &str| {
        let p = products.join(name);
        let text = std::fs::read_to_string(&p).expect("read").replacen(from, to, 1);
        std::fs::write(&p, text).expect("write");
    };
    edit("mat-ong-an-son.toml", "set = 4", "set = [4");
    edit("na-bo-an-son.toml", "set = 1", "set = \"một\"");
    edit("ruou-nep-men-la-ky-son.toml", "producer = \"htx-ky-son\"", "producer = \"htx-ky-sn\"");
    let before = snapshot(s.path());
    let out = s.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("products/mat-ong-an-son.toml:6:"), "{text}");
    assert!(text.contains("lỗi[E003]"), "{text}");
    assert!(text.contains("products/na-bo-an-son.toml:5:7: lỗi[E004]"), "{text}");
    assert!(text.contains("products/ruou-nep-men-la-ky-son.toml:4:12: lỗi[E009]"), "{text}");
    assert!(text.contains("htx-ky-son"), "the E009 hint suggests the close id: {text}");
    assert_eq!(before, snapshot(s.path()), "check must not change the tree");
}

#[test]
fn json_output_has_the_same_diagnostics() {
    let s = Scratch::of(&example());
    let out = s.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["errors"], 0);
    assert_eq!(v["warnings"], 7);
    assert_eq!(v["diagnostics"][0]["code"], "W015");
    assert_eq!(v["diagnostics"][0]["path"], "products/gao-nep-cai-hoa-vang-viet-khe.toml");
}

#[test]
fn strict_makes_warnings_fail() {
    let s = Scratch::of(&example());
    assert_eq!(s.run(&["check", "--strict"]).status.code(), Some(1));
}

#[test]
fn no_tree_is_a_usage_error() {
    let s = Scratch::empty();
    let out = s.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("ocop.toml"), "{}", stderr(&out));
}

#[test]
fn bom_crlf_and_nfd_input_reads_as_nfc() {
    let tree = repo().join("tests/cases/ok-bom-crlf-nfd/in");
    let raw = std::fs::read(tree.join("products/mat-ong-an-son.toml")).expect("fixture");
    assert!(
        raw.starts_with(b"\xEF\xBB\xBF") && raw.windows(2).any(|w| w == b"\r\n"),
        "the fixture lost its BOM or CRLF"
    );
    let s = Scratch::of(&tree);
    let out = s.run(&["status", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let product = &v["products"][0];
    // NFC "Mật ong An Sơn": the composed characters, whatever the file held.
    assert_eq!(product["name"], "M\u{1ead}t ong An S\u{01a1}n");
    assert_eq!(product["producer_name"], "T\u{1ed5} h\u{1ee3}p t\u{e1}c nu\u{f4}i ong An S\u{01a1}n");
    assert_eq!(product["sections"][3]["done"], 1, "the label's NFD evidence path finds the NFC file name");
}
