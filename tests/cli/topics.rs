//! `ocop help format|diagnostics|plan-format`: pages generated from the model and the
//! catalogue, in the officer's language.

use crate::harness::{Scratch, stderr, stdout};

fn help(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["help"];
    all.extend_from_slice(args);
    let out = Scratch::empty().run(&all);
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

#[test]
fn format_product_lists_its_keys_with_type_label_and_help() {
    let (code, out, err) = help(&["format", "product", "--lang", "en"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(out.starts_with("products/<id>.toml — "), "{out}");
    assert!(out.contains("\n  set — Product set [integer 1–26; required]\n"), "{out}");
    assert!(out.contains("\n  evaluation — Kind of evaluation [one of: first, upgrade, reevaluation]\n"), "{out}");
    assert!(out.contains("      EAN-13 barcode (GS1 Vietnam prefix 893).\n"), "{out}");
    let (code, vi, _) = help(&["format", "product"]);
    assert_eq!(code, 0);
    assert!(vi.contains("\n  set — ") && vi.contains("số nguyên 1–26; bắt buộc"), "{vi}");
}

#[test]
fn format_without_a_kind_shows_the_tree_layout() {
    let (code, out, _) = help(&["format", "--lang", "en"]);
    assert_eq!(code, 0);
    for file in ["ocop.toml", "producers/<id>.toml", "products/<id>.toml", "plan.toml", "activities/<id>.toml"] {
        assert!(out.contains(file), "{file}:\n{out}");
    }
}

#[test]
fn diagnostics_e014_in_both_languages() {
    let (code, out, _) = help(&["diagnostics", "E014", "--lang", "en"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().filter(|l| !l.is_empty()).count(), 3, "{out}");
    assert!(
        out.contains("E014 (error)") && out.contains("required items are missing") && out.contains("hint: "),
        "{out}"
    );
    let (code, out, _) = help(&["diagnostics", "E014"]);
    assert_eq!(code, 0);
    assert!(out.contains("E014 (lỗi)") && out.contains("mục bắt buộc") && out.contains("gợi ý: "), "{out}");
    let (_, all, _) = help(&["diagnostics", "--lang", "en"]);
    assert!(all.contains("E001 (error)") && all.contains("W006 (warning)") && all.contains("I066 (info)"), "{all}");
}

#[test]
fn unknown_topic_kind_and_code_are_usage_errors_with_a_suggestion() {
    let (code, _, err) = help(&["formt", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(err.contains("no command or help topic `formt`") && err.contains("`format`"), "{err}");
    let (code, _, err) = help(&["diagnostics", "E14", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(err.contains("no diagnostic `E14`") && err.contains("`E014`"), "{err}");
    let (code, _, err) = help(&["format", "prodct"]);
    assert_eq!(code, 2);
    assert!(err.contains("không có loại tệp `prodct`") && err.contains("`product`"), "{err}");
}

#[test]
fn topics_do_not_shadow_commands_and_bare_help_lists_them() {
    let (code, out, _) = help(&["plan"]);
    assert_eq!(code, 0);
    assert!(out.contains("ocop plan [") && out.contains("`ocop help plan-format`"), "{out}");
    let (code, out, _) = help(&["check"]);
    assert_eq!(code, 0);
    assert!(out.contains("ocop check"), "{out}");
    // Global flags go before `help COMMAND` (clap's own `help` takes no flags).
    let bare = Scratch::empty().run(&["--lang", "en", "help"]);
    let (code, out) = (bare.status.code(), stdout(&bare));
    assert_eq!(code, Some(0));
    for topic in ["ocop help format", "ocop help diagnostics", "ocop help plan-format"] {
        assert!(out.contains(topic), "{topic}:\n{out}");
    }
    let (code, out, _) = help(&["plan-format"]);
    assert_eq!(code, 0);
    assert!(out.contains("[[targets]]") && out.contains("[[milestones]]") && out.contains("study_tour"), "{out}");
}

#[test]
fn flags_after_help_and_a_command_are_taken() {
    let (code, out, err) = help(&["check", "--lang", "en"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(out.starts_with("Check every record against the OCOP rules"), "{out}");
    let (code, out, err) = help(&["--lang", "en"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(out.contains("Usage: ocop [OPTIONS] <COMMAND>"), "{out}");
}
