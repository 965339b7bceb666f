//! Edits under pressure, with the real binary: concurrent `set` runs on one record keep
//! every edit (the tree's lock), and `set` killed at any moment leaves every record
//! whole and no temporary files piling up (the atomic writer). A few seconds in all.

use crate::harness::{LOCK_FILE, Scratch, TODAY, bin, repo, stderr};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn base() -> Scratch {
    Scratch::of(&repo().join("tests/corpus/base"))
}

fn spawn(root: &Path, args: &[&str]) -> Child {
    Command::new(bin())
        .args(args)
        .current_dir(root)
        .env("OCOP_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ocop")
}

fn record(root: &Path) -> String {
    std::fs::read_to_string(root.join("products/mat-ong.toml")).expect("read record")
}

fn temp_files(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for dir in ["", "products", "producers"] {
        for e in std::fs::read_dir(root.join(dir)).expect("read dir").filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(".ocop-") {
                found.push(format!("{dir}/{name}"));
            }
        }
    }
    found
}

#[test]
fn fifty_pairs_of_concurrent_sets_keep_both_edits() {
    let s = base();
    for pair in 0..50 {
        let (a, b) = (format!("ghi chú A{pair}"), format!("ghi chú B{pair}"));
        let first = spawn(s.path(), &["set", "mat-ong", "form_01", "--note", &a]);
        let second = spawn(s.path(), &["set", "mat-ong", "test_report", "--note", &b]);
        for (name, child) in [("A", first), ("B", second)] {
            let out = child.wait_with_output().expect("wait");
            assert!(out.status.success(), "pair {pair}, set {name}: {}", stderr(&out));
        }
        let text = record(s.path());
        assert!(text.contains(&a) && text.contains(&b), "pair {pair} lost an edit:\n{text}");
        toml::from_str::<toml::Table>(&text).expect("the record parses");
    }
    assert!(temp_files(s.path()).is_empty(), "{:?}", temp_files(s.path()));
}

#[test]
fn a_set_waits_while_another_holds_the_lock() {
    let s = base();
    // Held by this test for a moment: `set` waits, then writes.
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(s.path().join(LOCK_FILE))
        .expect("lock file");
    lock.lock().expect("lock");
    let child = spawn(s.path(), &["set", "mat-ong", "form_01", "--note", "sau khi chờ"]);
    std::thread::sleep(Duration::from_millis(300));
    assert!(!record(s.path()).contains("sau khi chờ"), "set wrote while the lock was held");
    lock.unlock().expect("unlock");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(record(s.path()).contains("sau khi chờ"));
}

/// Kills `set` at moments spread over its run, many times: the record is always the old
/// or the new text whole, never a mix or a truncation, and the temporary files a kill
/// leaves are gone after the next write.
#[test]
fn set_killed_mid_write_leaves_every_record_whole() {
    let s = base();
    let mut seen = vec![record(s.path())];
    let mut killed = 0;
    for round in 0..40u64 {
        let note = format!("lần {round}");
        let mut child = spawn(s.path(), &["set", "mat-ong", "form_01", "--note", &note]);
        // 0–19 ms: from before the tree is read to after the rename.
        std::thread::sleep(Duration::from_micros((round * 7919) % 20_000));
        if child.try_wait().expect("poll").is_none() {
            child.kill().expect("kill");
            killed += 1;
        }
        child.wait().expect("reap");
        let text = record(s.path());
        toml::from_str::<toml::Table>(&text).unwrap_or_else(|e| panic!("round {round}: not whole: {e}\n{text}"));
        let old = seen.last().cloned().unwrap_or_default();
        let whole = text.starts_with("# Mật ong: the bad-input corpus") && text.contains("note = \"Chờ gửi mẫu\"");
        assert!(whole, "round {round}: not the whole record:\n{text}");
        assert!(text == old || text.contains(&format!("\"{note}\"")), "round {round}: neither old nor new:\n{text}");
        if text != old {
            seen.push(text);
        }
    }
    assert!(killed > 0, "no run was killed: the test proves nothing");
    let out = spawn(s.path(), &["set", "mat-ong", "form_01", "--note", "cuối cùng"]).wait_with_output().expect("run");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(temp_files(s.path()).is_empty(), "left behind: {:?}", temp_files(s.path()));
}
