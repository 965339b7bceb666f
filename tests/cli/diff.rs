//! `ocop diff` and `ocop log` over a real git repository built in a temporary folder with
//! the `git` binary: the example is committed, changed over several commits, and the
//! comparison of each commit with the one before is pinned in every format
//! (`tests/data/diff/<step>.{txt,md,json}`; `OCOP_BLESS=1` rewrites them).

use crate::harness::{TODAY, bin, copy_tree, repo, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A git repository holding the example tree under `tree/`.
pub struct GitTree {
    pub dir: tempfile::TempDir,
    step: u32,
}

impl GitTree {
    pub fn new() -> GitTree {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&repo().join("examples/viet-khe"), &dir.path().join("tree"));
        let t = GitTree { dir, step: 0 };
        t.git(&["init", "-q", "-b", "main"]);
        t.git(&["config", "user.name", "Cán bộ OCOP"]);
        t.git(&["config", "user.email", "ocop@example.invalid"]);
        t.git(&["config", "commit.gpgsign", "false"]);
        t
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("tree")
    }

    pub fn git(&self, args: &[&str]) -> Output {
        let out = Command::new("git")
            .args(args)
            .current_dir(self.dir.path())
            .env("HOME", self.dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_DATE", "2026-11-29T08:00:00+07:00")
            .env("GIT_COMMITTER_DATE", "2026-11-29T08:00:00+07:00")
            .output()
            .expect("run git");
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
        out
    }

    pub fn commit(&mut self, message: &str) {
        self.step += 1;
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Runs `ocop` in the tree.
    pub fn ocop(&self, args: &[&str]) -> Output {
        Command::new(bin())
            .args(args)
            .current_dir(self.root())
            .env("OCOP_TODAY", TODAY)
            .env("NO_COLOR", "1")
            .env("HOME", self.dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("run ocop")
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.ocop(args);
        assert_eq!(out.status.code(), Some(0), "ocop {args:?}\n{}", stderr(&out));
        stdout(&out)
    }
}

fn pin(name: &str, ext: &str, got: &str, problems: &mut Vec<String>) {
    let path = repo().join("tests/data/diff").join(format!("{name}.{ext}"));
    if std::env::var_os("OCOP_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
        std::fs::write(&path, got).expect("write");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if want != got {
        problems.push(format!("--- {name}.{ext} expected\n{want}\n--- actual\n{got}"));
    }
}

/// Pins `ocop diff HEAD~1..HEAD` in the three formats.
fn pin_last_commit(t: &GitTree, name: &str, problems: &mut Vec<String>) {
    pin(name, "txt", &t.ok(&["diff", "HEAD~1..HEAD"]), problems);
    pin(name, "md", &t.ok(&["diff", "HEAD~1", "HEAD", "--format", "md"]), problems);
    let json = t.ok(&["diff", "HEAD~1..HEAD", "--format", "json"]);
    serde_json::from_str::<serde_json::Value>(&json).expect("diff JSON parses");
    pin(name, "json", &json, problems);
}

fn write(root: &Path, rel: &str, text: &str) {
    std::fs::write(root.join(rel), text).expect("write");
}

#[test]
fn diff_tells_each_commit_in_the_records_terms() {
    let mut t = GitTree::new();
    t.commit("Ví dụ Việt Khê");
    assert!(t.ok(&["diff"]).contains("hồ sơ không có thay đổi"));
    let mut problems = Vec::new();

    // 1. An item done, with its evidence and dates.
    t.ok(&[
        "set",
        "mat-ong-an-son",
        "test_report",
        "--status",
        "done",
        "--evidence",
        "evidence/mat-ong-an-son/phieu-kiem-nghiem-2026.pdf",
        "--issued",
        "2026-11-20",
        "--date",
        "2026-11-21",
    ]);
    // Before committing, the default compares HEAD with the working tree.
    pin("0-working-tree", "txt", &t.ok(&["diff"]), &mut problems);
    t.commit("Phiếu kiểm nghiệm mới");
    pin_last_commit(&t, "1-item-done", &mut problems);

    // 2. A scan replaced under the same name.
    write(&t.root(), "evidence/mat-ong-an-son/nhan-san-pham.pdf", "%PDF-1.4 nhãn mới\n");
    t.commit("Thay bản scan nhãn");
    pin_last_commit(&t, "2-evidence-replaced", &mut problems);

    // 3. A product renamed: a new file name, the same product.
    t.git(&["mv", "tree/products/na-bo-an-son.toml", "tree/products/na-bo-an-son-viet-khe.toml"]);
    t.commit("Đổi mã sản phẩm na");
    pin_last_commit(&t, "3-product-renamed", &mut problems);

    // 4. The certificate renewed.
    t.ok(&[
        "certify",
        "mat-ong-an-son",
        "--stars",
        "3",
        "--decision",
        "12/QĐ-UBND",
        "--issued",
        "2026-11-26",
        "--score-parts",
        "A=30,B=18,C=24.5",
    ]);
    t.commit("Quyết định công nhận mới");
    pin_last_commit(&t, "4-certificate-renewed", &mut problems);

    // 5. The certificate revoked.
    t.ok(&["revoke", "mat-ong-an-son", "--decision", "45/QĐ-UBND", "--date", "2026-11-28", "--reason", "Vi phạm ATTP"]);
    t.commit("Thu hồi giấy chứng nhận");
    pin_last_commit(&t, "5-certificate-revoked", &mut problems);

    // 6. A file broken: its problem is reported, the rest is still compared.
    let path = t.root().join("products/gao-nep-cai-hoa-vang-viet-khe.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replacen("set = 3", "set = = 3", 1)).expect("write");
    t.ok(&["set", "htx-an-son", "phone=0912 345 678"]);
    t.commit("Sửa tay làm hỏng tệp");
    pin_last_commit(&t, "6-file-broken", &mut problems);
    // Broken on the before side too: comparing back the other way still works.
    let back = t.ok(&["diff", "HEAD..HEAD~1"]);
    assert!(back.contains("[E003]"), "{back}");

    // ocop log lists the product's commits, newest first, with their changes.
    let log = t.ok(&["log", "mat-ong-an-son"]);
    let subjects: Vec<&str> =
        log.lines().filter(|l| l.contains(" Cán bộ OCOP: ")).map(|l| l.split_once(": ").map_or("", |x| x.1)).collect();
    assert_eq!(
        subjects,
        [
            "Thu hồi giấy chứng nhận",
            "Quyết định công nhận mới",
            "Thay bản scan nhãn",
            "Phiếu kiểm nghiệm mới",
            "Ví dụ Việt Khê"
        ],
        "{log}"
    );
    assert!(log.contains("bị thu hồi từ 28/11/2026 theo 45/QĐ-UBND"), "{log}");
    let json: serde_json::Value =
        serde_json::from_str(&t.ok(&["log", "mat-ong-an-son", "--format", "json"])).expect("json");
    assert_eq!(json.as_array().map(Vec::len), Some(5));

    assert!(problems.is_empty(), "{}\n(run with OCOP_BLESS=1 to accept)", problems.join("\n"));
}

#[test]
fn diff_refuses_clearly_outside_a_repository_or_without_the_revision() {
    let dir = tempfile::tempdir().expect("temp");
    copy_tree(&repo().join("examples/viet-khe"), dir.path());
    let out = crate::harness::run_in(dir.path(), &["diff"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("không nằm trong kho git"), "{}", stderr(&out));

    let mut t = GitTree::new();
    t.commit("Ví dụ");
    let out = t.ocop(&["diff", "v-khong-co"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("git không có phiên bản `v-khong-co`"), "{}", stderr(&out));
    // A shallow clone without the history names the fix.
    let clone = tempfile::tempdir().expect("temp");
    t.git(&["commit", "-q", "--allow-empty", "-m", "hai"]);
    let url = format!("file://{}", t.dir.path().display());
    let st = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url, "c"])
        .current_dir(clone.path())
        .output()
        .expect("clone");
    assert!(st.status.success(), "{}", stderr(&st));
    let out = crate::harness::run_in(&clone.path().join("c/tree"), &["diff", "HEAD~1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("shallow clone"), "{}", stderr(&out));
}
