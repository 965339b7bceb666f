//! `ocop edit` with a scripted editor: a good edit is checked and accepted; a broken
//! one is reported with its place and exit 1. (The editor is a shell script, so these
//! run on Unix; the no-editor case is a fixture under tests/cases.)

#![cfg(unix)]

use crate::harness::{Scratch, TODAY, bin, repo, stderr};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

/// A fake editor: a script that runs `sed` on the file it is given.
fn editor(dir: &Path, sed: &str) -> String {
    let script = dir.join("fake-editor.sh");
    std::fs::write(&script, format!("#!/bin/sh\nsed -i.bak '{sed}' \"$1\" && rm -f \"$1.bak\"\n")).expect("write");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    script.display().to_string()
}

fn run_with_editor(s: &Scratch, editor: &str, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(s.path())
        .env("OCOP_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("VISUAL")
        .env("EDITOR", editor)
        .output()
        .expect("run ocop")
}

fn example() -> Scratch {
    Scratch::of(&repo().join("examples/viet-khe"))
}

#[test]
fn a_good_edit_is_checked_and_kept() {
    let s = example();
    let tools = tempfile::tempdir().expect("tmp");
    let ed = editor(tools.path(), "s/^phone = .*/phone = \"0912 000 111\"/");
    let out = run_with_editor(&s, &ed, &["edit", "htx-an-son"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("producers/htx-an-son.toml: không có lỗi"), "{}", stderr(&out));
    let text = std::fs::read_to_string(s.path().join("producers/htx-an-son.toml")).expect("read");
    assert!(text.contains("phone = \"0912 000 111\""));
}

#[test]
fn a_broken_edit_says_where_and_exits_1() {
    let s = example();
    let tools = tempfile::tempdir().expect("tmp");
    let ed = editor(tools.path(), "s/^set = 4$/set = [4/");
    let out = run_with_editor(&s, &ed, &["edit", "mat-ong-an-son"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("lỗi[E003]"), "{err}");
    assert!(err.contains("products/mat-ong-an-son.toml:6:1: TỆP BỊ HỎNG"), "{err}");
}

#[test]
fn errors_that_are_not_syntax_are_named_too() {
    let s = example();
    let tools = tempfile::tempdir().expect("tmp");
    let ed = editor(tools.path(), "s/^registration_code = .*/registration_code = \"0201234584\"/");
    let out = run_with_editor(&s, &ed, &["edit", "producers/htx-an-son.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("lỗi[E012]"), "{err}");
    assert!(err.contains("producers/htx-an-son.toml còn 1 lỗi"), "{err}");
}

#[test]
fn a_failing_editor_is_an_error() {
    let s = example();
    let out = run_with_editor(&s, "false", &["edit", "htx-an-son"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`false`"), "{}", stderr(&out));
}

#[test]
fn an_editor_that_cannot_start_is_an_error() {
    let s = example();
    let out = run_with_editor(&s, "ocop-no-such-editor --wait", &["edit", "htx-an-son"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("không mở được trình soạn thảo `ocop-no-such-editor --wait`"), "{}", stderr(&out));
}
