//! The bad-input corpus: hostile or broken trees, arguments and environments, each run
//! through the real binary over a copy of `tests/corpus/base/`. Every case asserts the
//! exit code, a diagnostic code or message in the output, that nothing panicked or
//! printed the system's English or Rust's type names, and that the tree's bytes did not
//! change (or changed as the case says). One row per case: add a row for each new hole.

use crate::harness::{LOCK_FILE, Scratch, TODAY, bin, repo};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use unicode_normalization::UnicodeNormalization;

const PRODUCT: &str = include_str!("../corpus/base/products/mat-ong.toml");
const PRODUCER: &str = include_str!("../corpus/base/producers/htx-an-son.toml");
const RECORD: &str = "products/mat-ong.toml";

/// What must become of the tree.
enum Tree {
    /// Every byte and link as before.
    Unchanged,
    /// Changed: this function asserts how.
    Changed(fn(&Path)),
}

struct Case {
    name: &'static str,
    setup: Box<dyn Fn(&Path) + Send + Sync>,
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    exit: i32,
    /// Text that must appear in stdout or stderr (a diagnostic code, a message part).
    shows: &'static str,
    /// Text that must not (a secret read from outside the tree, an English error).
    hides: &'static [&'static str],
    tree: Tree,
    /// Run with stdout's reader already gone (`| head`).
    closed_pipe: bool,
}

fn case(name: &'static str, args: &[&str], exit: i32, shows: &'static str) -> Case {
    Case {
        name,
        setup: Box::new(|_| {}),
        args: args.iter().map(|s| s.to_string()).collect(),
        env: Vec::new(),
        exit,
        shows,
        hides: &[],
        tree: Tree::Unchanged,
        closed_pipe: false,
    }
}

impl Case {
    fn with(mut self, setup: impl Fn(&Path) + Send + Sync + 'static) -> Case {
        self.setup = Box::new(setup);
        self
    }

    fn env(mut self, key: &'static str, value: &str) -> Case {
        self.env.push((key, value.to_string()));
        self
    }

    fn hides(mut self, texts: &'static [&'static str]) -> Case {
        self.hides = texts;
        self
    }

    fn changes(mut self, check: fn(&Path)) -> Case {
        self.tree = Tree::Changed(check);
        self
    }

    fn closed_pipe(mut self) -> Case {
        self.closed_pipe = true;
        self
    }
}

fn put(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

/// The base product with `extra` appended (TOML after its last table goes into
/// `[dossier.test_report]`; start `extra` with a table header to go elsewhere).
fn product_with(root: &Path, extra: &str) {
    put(root, RECORD, format!("{PRODUCT}{extra}"));
}

/// The base product with `from` replaced by `to`.
fn product_edit(root: &Path, from: &str, to: &str) {
    assert!(PRODUCT.contains(from), "{from}");
    put(root, RECORD, PRODUCT.replacen(from, to, 1));
}

fn evidence(root: &Path, path: &str) {
    product_edit(root, "\"evidence/mat-ong/a.pdf\",", &format!("'{path}',"));
}

#[cfg(unix)]
fn link(root: &Path, target: impl AsRef<Path>, rel: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::os::unix::fs::symlink(target, path).expect("link");
}

fn set_mode(root: &Path, rel: &str, readonly: bool) {
    let path = root.join(rel);
    let mut perms = std::fs::metadata(&path).expect("meta").permissions();
    perms.set_readonly(readonly);
    std::fs::set_permissions(path, perms).expect("chmod");
}

/// Every file and link under `dir`: path, bytes or link target, and whether read-only.
fn state(dir: &Path) -> Vec<(PathBuf, String, Vec<u8>, bool)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != LOCK_FILE && !e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside").to_path_buf();
            let meta = std::fs::symlink_metadata(e.path()).expect("meta");
            if e.file_type().is_symlink() {
                let target = std::fs::read_link(e.path()).expect("link");
                (rel, format!("-> {}", target.display()), Vec::new(), false)
            } else {
                (rel, String::new(), std::fs::read(e.path()).expect("read"), meta.permissions().readonly())
            }
        })
        .collect()
}

fn cases() -> Vec<Case> {
    let check = |name, exit, shows| case(name, &["check"], exit, shows);
    let mut v = vec![
        // --- Text and encoding -----------------------------------------------------
        check("invalid-utf8", 1, "E002").with(|r| put(r, RECORD, b"name = \"M\xe1t ong\"\n")),
        check("random-bytes", 1, "E002").with(|r| put(r, RECORD, (0u8..=255).rev().collect::<Vec<_>>())),
        check("bom-and-crlf", 0, "0 lỗi")
            .with(|r| put(r, RECORD, format!("\u{feff}{}", PRODUCT.replace('\n', "\r\n")))),
        check("nfd-text", 0, "0 lỗi").with(|r| put(r, RECORD, PRODUCT.nfd().collect::<String>())),
        check("bom-only-file", 1, "E004").with(|r| put(r, RECORD, b"\xEF\xBB\xBF")),
        check("empty-record", 1, "E004").with(|r| put(r, RECORD, b"")),
        check("empty-commune-file", 1, "E004").with(|r| put(r, "ocop.toml", b"")),
        check("nul-byte", 1, "E003").with(|r| product_edit(r, "Chờ gửi mẫu", "Chờ\0gửi")),
        check("unterminated-string", 1, "E003").with(|r| product_with(r, "reason = \"không đóng\n")),
        check("truncated-record", 1, "E003")
            .with(|r| put(r, RECORD, &PRODUCT[..PRODUCT.find("evidence = [").expect("x") + 14])),
        // --- TOML structure ----------------------------------------------------------
        check("deep-arrays", 1, "E003")
            .with(|r| product_with(r, &format!("\n[x]\ny = {}{}\n", "[".repeat(5000), "]".repeat(5000)))),
        check("deep-inline-tables", 1, "E003")
            .with(|r| product_with(r, &format!("\n[x]\ny = {}1{}\n", "{ a = ".repeat(3000), " }".repeat(3000)))),
        check("long-table-header", 1, "E003")
            .with(|r| product_with(r, &format!("\n[{}]\nz = 1\n", vec!["a"; 2000].join(".")))),
        check("duplicate-key", 1, "E003").with(|r| product_edit(r, "set = 4\n", "set = 4\nset = 5\n")),
        check("duplicate-table", 1, "E003").with(|r| product_with(r, "\n[dossier.form_01]\nstatus = \"done\"\n")),
        check("unknown-key", 0, "W006").with(|r| product_edit(r, "set = 4\n", "set = 4\nsett = 4\n")),
        check("wrong-type", 1, "E004").with(|r| product_edit(r, "set = 4", "set = \"bốn\"")),
        check("huge-integer", 1, "E004")
            .with(|r| product_edit(r, "set = 4", "set = 99999999999999999999"))
            .hides(&["i128", "u8"]),
        check("i64-max", 1, "E004").with(|r| product_edit(r, "set = 4", "set = 9223372036854775807")).hides(&["u8"]),
        check("negative-set", 1, "E004").with(|r| product_edit(r, "set = 4", "set = -1")),
        check("float-set", 1, "E004").with(|r| product_edit(r, "set = 4", "set = 4.5")),
        // --- Dates ---------------------------------------------------------------------
        check("no-such-day", 1, "E005").with(|r| product_edit(r, "date = 2026-07-15", "date = 2026-02-30")),
        check("day-first-date", 1, "E005").with(|r| product_edit(r, "date = 2026-07-15", "date = \"15/07/2026\"")),
        check("date-with-time", 1, "E005").with(|r| product_edit(r, "date = 2026-07-15", "date = 2026-07-15T10:00:00")),
        check("holiday-no-such-day", 1, "E005").with(|r| put(r, "rules/holidays.toml", "holidays = [2026-02-30]\n")),
        // --- Records and ids ----------------------------------------------------------
        check("id-mismatch", 1, "E008").with(|r| product_edit(r, "set = 4\n", "set = 4\nid = \"khac\"\n")),
        check("file-name-not-an-id", 1, "E008").with(|r| put(r, "products/Mat Ong.toml", PRODUCT)),
        check("duplicate-id-in-subfolder", 1, "E007").with(|r| put(r, "products/cu/mat-ong.toml", PRODUCT)),
        check("unknown-producer", 1, "E009").with(|r| product_edit(r, "\"htx-an-son\"", "\"htx-khong-co\"")),
        check("folder-named-like-a-record", 0, "0 lỗi").with(|r| put(r, "products/x.toml/README", "")),
        check("tax-branch-000", 1, "E012")
            .with(|r| put(r, "producers/htx-an-son.toml", PRODUCER.replace("0201234583", "0201234583-000"))),
        check("tax-branch-000-no-dash", 1, "E012")
            .with(|r| put(r, "producers/htx-an-son.toml", PRODUCER.replace("0201234583", "0201234583000"))),
        check("tax-letters", 1, "E012")
            .with(|r| put(r, "producers/htx-an-son.toml", PRODUCER.replace("0201234583", "02012345AB"))),
        // --- Evidence -----------------------------------------------------------------
        check("evidence-climbs-out", 1, "E011").with(|r| evidence(r, "../../etc/passwd")),
        check("evidence-absolute", 1, "E011").with(|r| evidence(r, "/etc/passwd")),
        check("evidence-windows-drive", 1, "E011").with(|r| evidence(r, "C:\\ho-so\\mau-01.pdf")),
        check("evidence-windows-share", 1, "E011").with(|r| evidence(r, "\\\\may-chu\\ho-so\\mau-01.pdf")),
        check("evidence-backslash-climbs-out", 1, "E011").with(|r| evidence(r, "..\\..\\etc\\passwd")),
        check("evidence-backslash-inside", 0, "0 lỗi").with(|r| evidence(r, "evidence\\mat-ong\\a.pdf")),
        check("evidence-missing", 1, "E010").with(|r| evidence(r, "evidence/mat-ong/khong-co.pdf")),
        check("evidence-is-a-folder", 1, "E010").with(|r| evidence(r, "evidence/mat-ong")),
        check("evidence-empty-path", 1, "E010").with(|r| evidence(r, "")),
        check("evidence-nfd-on-disk", 0, "0 lỗi").with(|r| {
            put(r, &"evidence/mat-ong/Giấy phép.pdf".nfd().collect::<String>(), "");
            evidence(r, "evidence/mat-ong/Giấy phép.pdf");
        }),
        // --- Plan and rule files ------------------------------------------------------
        check("plan-is-a-folder", 1, "E051").with(|r| put(r, "plan.toml/README", "")),
        check("rules-bad-round", 1, "E027").with(|r| {
            put(
                r,
                "rules/dia-phuong.toml",
                "id = \"dia-phuong\"\nextends = \"qd-26-2026\"\nprovince_rounds = [\"13-45\"]\n",
            )
        }),
        check("rules-not-toml", 1, "E003").with(|r| put(r, "rules/dia-phuong.toml", "id = \n")),
        check("unknown-rule-set", 1, "E030")
            .with(|r| put(r, "ocop.toml", "name = \"Việt Khê\"\nrule_set = \"khong-co\"\n")),
        // --- Files that are never records ---------------------------------------------
        check("stale-temporary-file", 0, "0 lỗi").with(|r| put(r, "products/.ocop-Ab12Cd.tmp", "name = ")),
        check("hidden-toml-file", 0, "0 lỗi").with(|r| put(r, "products/.mat-ong.toml", "garbage = [")),
        check("hidden-folder", 0, "0 lỗi").with(|r| put(r, "products/.git/x.toml", "garbage = [")),
        // --- New records ----------------------------------------------------------------
        case(
            "new-empty-name",
            &["new", "producer", "--name", "", "--kind", "cooperative", "--id", "htx-moi"],
            2,
            "--name",
        ),
        case(
            "new-blank-name",
            &["new", "product", "--name", "  ", "--producer", "htx-an-son", "--set", "4", "--id", "x"],
            2,
            "--name",
        ),
        case(
            "new-id-con",
            &["new", "producer", "--name", "HTX Côn", "--kind", "cooperative", "--id", "con"],
            2,
            "Windows",
        ),
        case(
            "new-id-lpt1",
            &["new", "producer", "--name", "HTX L", "--kind", "cooperative", "--id", "lpt1"],
            2,
            "Windows",
        ),
        case(
            "new-id-com9",
            &["new", "producer", "--name", "HTX C", "--kind", "cooperative", "--id", "com9"],
            2,
            "Windows",
        ),
        case(
            "new-id-upper-nul",
            &["new", "producer", "--name", "HTX N", "--kind", "cooperative", "--id", "NUL"],
            2,
            "nul",
        ),
        case("new-name-slugs-to-aux", &["new", "producer", "--name", "Aux", "--kind", "cooperative"], 2, "Windows"),
        case(
            "new-id-climbs-out",
            &["new", "producer", "--name", "HTX X", "--kind", "cooperative", "--id", "../x"],
            2,
            "../x",
        ),
        case(
            "new-id-hidden",
            &["new", "producer", "--name", "HTX X", "--kind", "cooperative", "--id", ".x"],
            2,
            "`.x`",
        ),
        // --- The reference date -------------------------------------------------------
        case("today-negative-year", &["--today=-0001-01-01", "check"], 2, "1900"),
        case("today-far-future", &["--today", "9999-12-31", "due"], 2, "1900"),
        case("today-no-such-day", &["--today", "2026-02-30", "check"], 2, "2026-02-30"),
        case("today-vietnamese-no-such-day", &["--today", "30/02/2026", "check"], 2, "30/02/2026"),
        case("today-from-environment", &["status"], 2, "1900").env("OCOP_TODAY", "0000-01-01"),
        // --- set ------------------------------------------------------------------------
        case("set-read-only-record", &["set", "mat-ong", "form_01", "--note", "x"], 2, "chỉ đọc")
            .with(|r| set_mode(r, RECORD, true)),
        case(
            "set-dry-run-read-only-record",
            &["set", "mat-ong", "form_01", "--note", "x", "--dry-run"],
            0,
            "+note = \"x\"",
        )
        .with(|r| set_mode(r, RECORD, true)),
        case("set-broken-record", &["set", "mat-ong", "form_01", "--note", "x"], 1, "E003")
            .with(|r| put(r, RECORD, &PRODUCT[..PRODUCT.find("evidence = [").expect("x") + 14])),
        case("set-not-utf8-record", &["set", "mat-ong", "form_01", "--note", "x"], 1, "E002").with(|r| {
            put(
                r,
                RECORD,
                PRODUCT
                    .replacen("Mật", "M\u{7f}t", 1)
                    .into_bytes()
                    .into_iter()
                    .map(|b| if b == 0x7f { 0xff } else { b })
                    .collect::<Vec<_>>(),
            )
        }),
        case("set-cleans-stale-temporary-files", &["set", "mat-ong", "form_01", "--note", "x"], 0, "đã ghi")
            .with(|r| put(r, "products/.ocop-Zz99Yy.tmp", "name = "))
            .changes(|r| {
                assert!(!r.join("products/.ocop-Zz99Yy.tmp").exists(), "the stale file is still there");
                assert!(std::fs::read_to_string(r.join(RECORD)).expect("read").contains("note = \"x\""));
            }),
        case("set-evidence-windows-drive", &["set", "mat-ong", "form_01", "--evidence", "C:\\ho-so\\a.pdf"], 1, "E011"),
        case("set-evidence-climbs-out", &["set", "mat-ong", "form_01", "--evidence", "../../etc/passwd"], 1, "E011"),
        case("set-tax-branch-000", &["set", "htx-an-son", "registration_code=0201234583-000"], 1, "E012"),
        case("set-huge-integer", &["set", "mat-ong", "set=99999999999999999999"], 2, "set"),
        case("set-no-such-day", &["set", "mat-ong", "form_01", "--issued", "2026-02-30"], 2, "2026-02-30"),
        case("set-path-climbs-out", &["set", "../../etc/passwd", "form_01", "--status", "done"], 2, "passwd"),
        case("set-record-not-a-file", &["set", "x", "form_01", "--status", "done"], 2, "`x`")
            .with(|r| put(r, "products/x.toml/README", "")),
        // --- edit -------------------------------------------------------------------------
        case("edit-editor-deletes-the-file", &["edit", "mat-ong"], 2, "git checkout").env("EDITOR", "rm").changes(
            |r| {
                assert!(!r.join(RECORD).exists());
            },
        ),
        case("edit-editor-with-quotes", &["edit", "mat-ong"], 0, "không có lỗi").env("EDITOR", "sh -c 'exit 0'"),
        case("edit-editor-unclosed-quote", &["edit", "mat-ong"], 2, "VISUAL").env("EDITOR", "'vi"),
        case("edit-editor-fails", &["edit", "mat-ong"], 2, "mã thoát 1").env("EDITOR", "false"),
        case("edit-editor-not-installed", &["edit", "mat-ong"], 2, "không tồn tại")
            .env("EDITOR", "trinh-soan-thao-khong-co --wait"),
        // --- import -----------------------------------------------------------------------
        case("import-not-a-workbook", &["import", "bang.xlsx"], 2, "không phải bảng tính")
            .with(|r| put(r, "bang.xlsx", (0u8..200).collect::<Vec<_>>()))
            .hides(&["Zip", "EOCD"]),
        case("import-csv-not-utf8", &["import", "bang.csv"], 2, "UTF-8")
            .with(|r| put(r, "bang.csv", b"T\xean ch\xfa th\xea\n")),
        case("import-a-folder", &["import", "bang.xlsx"], 2, "bang.xlsx").with(|r| put(r, "bang.xlsx/README", "")),
        case("import-missing-file", &["import", "khong-co.csv"], 2, "không tồn tại"),
        // --- A closed pipe is not a failure ---------------------------------------------
        case("pipe-report-csv", &["report", "--format", "csv"], 0, "").closed_pipe(),
        case("pipe-report-md", &["report", "--format", "md"], 0, "").closed_pipe(),
        case("pipe-report-json", &["report", "--format", "json"], 0, "").closed_pipe(),
        case("pipe-show-json", &["show", "mat-ong", "--format", "json"], 0, "").closed_pipe(),
        case("pipe-show", &["show", "mat-ong"], 0, "").closed_pipe(),
        case("pipe-status-json", &["status", "--format", "json"], 0, "").closed_pipe(),
        case("pipe-status-csv", &["status", "--format", "csv"], 0, "").closed_pipe(),
        case("pipe-due-csv", &["due", "--format", "csv"], 0, "").closed_pipe(),
        case("pipe-check-json", &["check", "--format", "json"], 0, "").closed_pipe(),
        case("pipe-rules", &["rules"], 0, "").closed_pipe(),
        case("pipe-schema", &["schema", "product"], 0, "").closed_pipe(),
    ];
    #[cfg(unix)]
    v.extend([
        check("record-link-outside", 1, "E050")
            .with(|r| link(r, "/etc/passwd", "products/mat-khau.toml"))
            .hides(&["root:"]),
        check("records-folder-link-outside", 1, "E050").with(|r| link(r, "/etc", "producers/he-thong")),
        check("rules-link-outside", 1, "E050")
            .with(|r| link(r, "/etc/passwd", "rules/mat-khau.toml"))
            .hides(&["root:"]),
        check("plan-link-outside", 1, "E050").with(|r| link(r, "/etc/passwd", "plan.toml")).hides(&["root:"]),
        check("commune-file-link-outside", 1, "E050").with(|r| {
            std::fs::remove_file(r.join("ocop.toml")).expect("rm");
            link(r, "/etc/passwd", "ocop.toml");
        }),
        case(
            "new-template-link-outside",
            &["new", "producer", "--name", "HTX Mới", "--kind", "cooperative", "--dry-run"],
            0,
            "+kind",
        )
        .with(|r| link(r, "/etc/passwd", "templates/producer.toml"))
        .hides(&["root:"]),
        check("activity-link-outside", 1, "E050")
            .with(|r| link(r, "/etc/passwd", "activities/mat-khau.toml"))
            .hides(&["root:"]),
        check("plan-dangling-link", 1, "E051").with(|r| link(r, "khong-co.toml", "plan.toml")),
        check("record-link-loop", 1, "E001").with(|r| {
            link(r, "b.toml", "products/a.toml");
            link(r, "a.toml", "products/b.toml");
        }),
        check("record-dangling-link", 1, "E001").with(|r| link(r, "khong-co.toml", "products/x.toml")),
        check("editor-lock-link", 0, "0 lỗi").with(|r| link(r, "root@may.12345:1700000000", "products/.#mat-ong.toml")),
        check("evidence-link-outside", 1, "E011").with(|r| {
            link(r, "/etc/passwd", "evidence/mat-ong/mat-khau.pdf");
            evidence(r, "evidence/mat-ong/mat-khau.pdf");
        }),
        case("set-record-link-outside", &["set", "mat-khau", "form_01", "--status", "done"], 2, "ngoài cây")
            .with(|r| link(r, "/etc/passwd", "products/mat-khau.toml"))
            .hides(&["root:"]),
        case("set-hard-linked-record", &["set", "mat-ong", "form_01", "--note", "x"], 2, "liên kết cứng")
            .with(|r| std::fs::hard_link(r.join(RECORD), r.join("ban-sao.toml")).expect("hard link")),
        case("set-writes-through-a-link", &["set", "mat-ong", "form_01", "--note", "qua liên kết"], 0, "đã ghi")
            .with(|r| {
                put(r, "kho/mat-ong.toml", PRODUCT);
                std::fs::remove_file(r.join(RECORD)).expect("rm");
                link(r, "../kho/mat-ong.toml", RECORD);
            })
            .changes(|r| {
                let meta = std::fs::symlink_metadata(r.join(RECORD)).expect("meta");
                assert!(meta.file_type().is_symlink(), "the link was replaced by a file");
                let text = std::fs::read_to_string(r.join("kho/mat-ong.toml")).expect("read");
                assert!(text.contains("note = \"qua liên kết\""), "{text}");
            }),
    ]);
    v
}

/// Runs one case; the problems found, if any.
fn run(c: &Case) -> Result<(), String> {
    let s = Scratch::of(&repo().join("tests/corpus/base"));
    (c.setup)(s.path());
    let before = state(s.path());
    let mut cmd = Command::new(bin());
    cmd.args(&c.args)
        .current_dir(s.path())
        .env("OCOP_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in &c.env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().map_err(|e| format!("cannot start: {e}"))?;
    if c.closed_pipe {
        drop(child.stdout.take());
    }
    let out = child.wait_with_output().map_err(|e| format!("wait: {e}"))?;
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let mut problems = Vec::new();
    if out.status.code() != Some(c.exit) {
        problems.push(format!("exit {:?}, expected {}", out.status.code(), c.exit));
    }
    if !text.contains(c.shows) {
        problems.push(format!("the output does not show `{}`", c.shows));
    }
    for bad in ["panicked", "RUST_BACKTRACE", "(os error"].iter().chain(c.hides) {
        if text.contains(bad) {
            problems.push(format!("the output shows `{bad}`"));
        }
    }
    match c.tree {
        Tree::Unchanged if state(s.path()) != before => problems.push("the tree changed".into()),
        Tree::Unchanged => {}
        Tree::Changed(check) => {
            if let Err(e) = std::panic::catch_unwind(|| check(s.path())) {
                let msg = e.downcast_ref::<String>().cloned().unwrap_or_default();
                problems.push(format!("the tree is not as expected: {msg}"));
            }
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(format!("{}\n--- output\n{text}", problems.join("\n"))) }
}

#[test]
fn bad_input_corpus() {
    let cases = cases();
    assert!(cases.len() >= 60, "the corpus shrank to {} cases", cases.len());
    let mut names: Vec<_> = cases.iter().map(|c| c.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "two cases share a name");
    // Two workers: the machine has two cores, and each case is one short process.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(c) = cases.get(i) else { break };
                    if let Err(e) = run(c) {
                        failures.lock().expect("lock").push(format!("=== {}\n{e}", c.name));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().expect("lock");
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
