//! `ocop init`: a new tree from the bundled template, never over existing files.

use crate::harness::{Scratch, run_in, snapshot, stderr, stdout};

#[test]
fn a_new_tree_is_clean_and_commented() {
    let s = Scratch::empty();
    let out = s.run(&[
        "init",
        "xa-moi",
        "--name",
        "xã An Sơn",
        "--province",
        "Thanh Hóa",
        "--province-code",
        "38",
        "--commune-code",
        "16012",
        "--office",
        "Phòng Kinh tế xã An Sơn",
        "--year",
        "2027",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("xa-moi"), "{}", stdout(&out));
    let tree = s.path().join("xa-moi");
    for file in [
        "ocop.toml",
        "plan.toml",
        "templates/producer.toml",
        "templates/product.toml",
        "templates/activity.toml",
        "schema/product.json",
    ] {
        assert!(tree.join(file).is_file(), "{file} missing");
    }
    let commune = std::fs::read_to_string(tree.join("ocop.toml")).expect("ocop.toml");
    assert!(commune.lines().filter(|l| l.starts_with('#')).count() >= 5, "the template explains its keys");
    for line in [
        "name = \"xã An Sơn\"",
        "province = \"Thanh Hóa\"",
        "province_code = \"38\"",
        "commune_code = \"16012\"",
        "office = \"Phòng Kinh tế xã An Sơn\"",
        "year = 2027",
    ] {
        assert!(commune.lines().any(|l| l == line), "{line} not in\n{commune}");
    }
    let out = run_in(&tree, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(stdout(&out), "", "a new tree has nothing to report");
}

#[test]
fn copied_templates_pass_the_check() {
    let s = Scratch::empty();
    assert_eq!(s.run(&["init", "."]).status.code(), Some(0));
    let copy = |from: &str, to: &str| std::fs::copy(s.path().join(from), s.path().join(to)).expect("copy");
    copy("templates/producer.toml", "producers/ma-chu-the.toml");
    copy("templates/activity.toml", "activities/2026-07-22-tap-huan.toml");
    let out = s.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
}

#[test]
fn refuses_to_overwrite_and_changes_nothing() {
    let s = Scratch::empty();
    std::fs::write(s.path().join("ocop.toml"), "name = \"Xã của tôi\"\n").expect("write");
    let before = snapshot(s.path());
    let out = s.run(&["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("ocop.toml"), "{}", stderr(&out));
    assert_eq!(before, snapshot(s.path()), "a refused init writes nothing");
}

#[test]
fn without_flags_the_placeholders_are_warned_about() {
    let s = Scratch::empty();
    assert_eq!(s.run(&["init", "."]).status.code(), Some(0));
    let out = s.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("[W081]") && stdout(&out).contains("Tên xã"), "{}", stdout(&out));
}

#[test]
fn refuses_inside_an_existing_tree() {
    let s = Scratch::empty();
    assert_eq!(s.run(&["init", ".", "--name", "xã An Sơn"]).status.code(), Some(0));
    let before = snapshot(s.path());
    for dir in ["producers", "moi/xa-con"] {
        let out = s.run(&["init", dir]);
        assert_eq!(out.status.code(), Some(2), "{dir}: {}", stderr(&out));
        assert!(stderr(&out).contains("ocop.toml"), "{}", stderr(&out));
    }
    assert_eq!(before, snapshot(s.path()), "a refused init writes nothing");
}

#[test]
fn a_bad_year_is_a_usage_error() {
    let s = Scratch::empty();
    let out = s.run(&["init", ".", "--year", "26"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!s.path().join("ocop.toml").exists());
}
