//! Bad input for issue 8's items 6–13, one case each: the exit code, the diagnostic or
//! message, no panic, and the tree's bytes unchanged where nothing should change.
//! (Kept apart from the corpus under `tests/corpus/`; the lead may fold them together.)

use crate::harness::{Scratch, snapshot, stderr, stdout};
use std::path::Path;

const PRODUCER: &str = "name = \"Hợp tác xã A\"\nkind = \"cooperative\"\nregistration_code = \"0201234583\"\n";
const PRODUCT: &str = "name = \"Sản phẩm X\"\nproducer = \"htx-a\"\nset = 21\nevaluation = \"first\"\n";

/// A small healthy tree, with `extra` files written over it.
fn tree(extra: &[(&str, &str)]) -> Scratch {
    let s = Scratch::empty();
    let mut files =
        vec![("ocop.toml", "name = \"Xã Thử\"\n"), ("producers/htx-a.toml", PRODUCER), ("products/x.toml", PRODUCT)];
    files.extend_from_slice(extra);
    for (path, text) in files {
        write(s.path(), path, text.as_bytes());
    }
    s
}

fn write(root: &Path, path: &str, bytes: &[u8]) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
    std::fs::write(full, bytes).expect("write");
}

/// Runs `args` with a pinned date and checks the exit code, that nothing panicked, that
/// the tree did not change, and that `expect` is in stdout or stderr.
fn case(s: &Scratch, args: &[&str], code: i32, expect: &str) -> (String, String) {
    let before = snapshot(s.path());
    let out = s.run(&[&["--today", "2026-11-29"][..], args].concat());
    let (o, e) = (stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(code), "{args:?}\n{o}\n{e}");
    assert!(!e.contains("panicked"), "{args:?}: {e}");
    assert!(o.contains(expect) || e.contains(expect), "{args:?}: `{expect}` not in\n{o}\n{e}");
    assert!(snapshot(s.path()) == before, "{args:?} changed the tree");
    (o, e)
}

fn no_controls(what: &str, text: &str) {
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{what}: raw control in\n{text}");
}

#[test]
fn a_record_over_the_size_limit_is_refused_unread() {
    let big = format!("{PRODUCT}# {}\n", "SECRET".repeat(200_000));
    let s = tree(&[("products/x.toml", &big)]);
    let (o, e) = case(&s, &["check"], 1, "[E056]");
    assert!(!o.contains("SECRET") && !e.contains("SECRET"));
    assert_eq!(o.matches("[E056]").count(), 1);
}

#[test]
fn a_two_megabyte_line_is_one_diagnostic_and_never_echoed() {
    let line = format!("{PRODUCT}note = \"{}\"\n", "x".repeat(2 * 1024 * 1024));
    let s = tree(&[("products/x.toml", &line)]);
    let (o, _) = case(&s, &["check"], 1, "[E056]");
    assert!(o.len() < 2000, "{} bytes", o.len());
}

#[test]
fn a_long_line_under_the_limit_is_cut_around_the_column() {
    let line = format!("{PRODUCT}bogus = [{}\"here\"]\n", "\"x\", ".repeat(100_000));
    let s = tree(&[("products/x.toml", &line)]);
    let (o, _) = case(&s, &["check"], 0, "[W006]");
    // The source line shown under the diagnostic is cut (messages may be long: W015
    // names the items still to do).
    let echoed: Vec<&str> = o.lines().filter(|l| l.contains("\"x\"")).collect();
    assert!(!echoed.is_empty(), "{o}");
    assert!(echoed.iter().all(|l| l.chars().count() < 400), "a line was echoed whole");
}

#[test]
fn thousands_of_unknown_keys_in_one_file_are_all_reported() {
    let mut text = PRODUCT.to_string();
    for i in 0..2500 {
        text.push_str(&format!("unknown_{i} = {i}\n"));
    }
    let s = tree(&[("products/x.toml", &text)]);
    let (o, _) = case(&s, &["check"], 0, "[W006]");
    assert_eq!(o.matches("[W006]").count(), 2500);
}

#[test]
fn escapes_in_names_are_warned_and_never_reach_the_terminal() {
    let s = tree(&[("products/x.toml", &PRODUCT.replace("Sản phẩm X", "X\\u001b[2J\\u001b]0;t\\u0007"))]);
    let (o, e) = case(&s, &["check"], 0, "[W055]");
    no_controls("check", &format!("{o}{e}"));
    for args in [&["status"][..], &["show", "x"], &["report", "--format", "text"]] {
        let (o, e) = case(&s, args, 0, "");
        no_controls(&format!("{args:?}"), &format!("{o}{e}"));
    }
}

#[test]
fn a_bidi_override_in_a_note_is_warned() {
    let s = tree(&[(
        "products/x.toml",
        &format!("{PRODUCT}[dossier.form_01]\nstatus = \"in_progress\"\nnote = \"a\u{202E}b\"\n"),
    )]);
    case(&s, &["check"], 0, "U+202E");
}

#[test]
fn a_newline_in_a_name_keeps_the_table_row_whole() {
    let s = tree(&[("products/x.toml", &PRODUCT.replace("Sản phẩm X", "Dòng một\\nDòng hai"))]);
    let (o, _) = case(&s, &["status"], 0, "Dòng một\\nDòng hai");
    assert!(o.lines().any(|l| l.contains("Dòng một\\nDòng hai") && l.contains("Hợp tác xã A")), "{o}");
}

#[test]
fn set_refuses_escapes_and_bidi_in_every_text_argument() {
    let s = tree(&[]);
    case(&s, &["set", "x", "form_01", "--note", "a\u{1b}[2Jb"], 2, "U+001B");
    case(&s, &["set", "htx-a", "representative=a\u{202E}b"], 2, "U+202E");
    case(&s, &["set", "x", "--stage", "submitted", "--reference", "15\u{b}PĐK"], 2, "U+000B");
}

#[test]
fn an_id_typed_with_escapes_is_echoed_escaped() {
    let s = tree(&[]);
    let (_, e) = case(&s, &["show", "\u{1b}]0;pwned\u{7}"], 2, "\\u{1b}]0;pwned\\u{7}");
    no_controls("stderr", &e);
}

#[test]
fn csv_cells_that_look_like_formulas_are_neutralised() {
    for name in ["=1+1", "+1+1", "-1+1", "@SUM(A1)"] {
        let s = tree(&[("products/x.toml", &PRODUCT.replace("Sản phẩm X", name))]);
        let (o, _) = case(&s, &["status", "--format", "csv"], 0, &format!("'{name}"));
        assert!(!o.contains(&format!(",{name},")), "{o}");
    }
}

#[test]
fn markdown_escapes_html_in_names() {
    let s = tree(&[("products/x.toml", &PRODUCT.replace("Sản phẩm X", "<img src=x onerror=alert(1)>"))]);
    let (o, _) = case(&s, &["report", "--format", "md"], 0, "&lt;img src=x onerror=alert(1)&gt;");
    assert!(!o.contains("<img"));
}

#[test]
fn date_ranges_are_bounded() {
    let s = tree(&[]);
    case(&s, &["due", "--within", "100000000"], 2, "3660");
    let out = s.run(&["--today", "9999-12-31", "due", "--within", "3660"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // The latest day allowed, looking as far as allowed, finishes.
    let out = s.run(&["--today", "2199-12-31", "due", "--within", "3660"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
}

#[test]
fn money_that_overflows_is_an_error_not_a_wrapped_total() {
    let amount = "[[spending]]\namount = 9000000000000000000\nsource = \"state_budget\"\n";
    let activity =
        format!("title = \"T\"\nkind = \"training\"\ndate = 2026-07-15\nowner = \"kt\"\n{amount}{amount}{amount}");
    let plan = "title = \"K\"\nyear = 2026\n[departments]\nkt = \"Phòng Kinh tế\"\n";
    let s = tree(&[("plan.toml", plan), ("activities/a.toml", &activity)]);
    case(&s, &["check"], 1, "[E057]");
}

#[test]
fn import_cleans_a_vertical_tab_from_a_spreadsheet() {
    let s = tree(&[("sheet.csv", "Producer;Kind;Tax code\nHTX\u{b}Mới;cooperative;0100109106\n")]);
    let out = s.run(&["--today", "2026-11-29", "import", "sheet.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let created = std::fs::read_to_string(s.path().join("producers/htx-moi.toml")).expect("created");
    assert!(created.contains("name = \"HTX Mới\""), "{created}");
}

#[test]
fn import_refuses_a_sheet_that_claims_the_last_cell() {
    let s = tree(&[]);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Producer").expect("cell");
    ws.write_string(1_048_575, 16_383, "x").expect("cell");
    wb.save(s.path().join("big.xlsx")).expect("save");
    case(&s, &["import", "big.xlsx"], 2, "1048576");
}

#[test]
fn a_record_that_is_not_utf8_with_controls_does_not_panic() {
    let s = tree(&[]);
    write(s.path(), "products/y.toml", b"name = \"\x1b[2J\xff\"\nproducer = \"htx-a\"\n");
    let (o, e) = case(&s, &["check"], 1, "[E002]");
    no_controls("check", &format!("{o}{e}"));
}
