//! "Bắt đầu một xã mới" (docs/getting-started.md): a commune's tree from nothing, using
//! only commands; no file is written by hand, and the tree checks without an error or a
//! placeholder left from a template.

use crate::harness::{Scratch, stderr, stdout};

#[test]
fn a_commune_from_nothing_by_commands_only() {
    let s = Scratch::empty();
    let ok = |args: &[&str]| {
        let out = s.run(args);
        assert_eq!(out.status.code(), Some(0), "ocop {}\n{}{}", args.join(" "), stdout(&out), stderr(&out));
        stdout(&out)
    };
    ok(&[
        "init",
        ".",
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
        "2026",
    ]);
    // The usual abbreviation for the kind, as an officer types it.
    ok(&["new", "producer", "--name", "HTX Nông nghiệp An Sơn", "--kind", "HTX", "--phone", "0912 345 678"]);
    ok(&[
        "new",
        "product",
        "--name",
        "Mật ong An Sơn",
        "--producer",
        "htx-nong-nghiep-an-son",
        "--set",
        "4",
        "--evaluation",
        "lần đầu",
    ]);
    // The plan: a target measured from the records, and a milestone for the quarter.
    ok(&[
        "plan",
        "target",
        "add",
        "--id",
        "tap-huan",
        "--title",
        "01 lớp tập huấn quy trình OCOP",
        "--measure",
        "activities",
        "--kinds",
        "tập huấn",
        "--target",
        "1",
    ]);
    ok(&[
        "plan",
        "milestone",
        "add",
        "--quarter",
        "2026-Q3",
        "--task",
        "Tập huấn quy trình OCOP cho các chủ thể",
        "--departments",
        "phong-kinh-te,chu-the",
    ]);
    ok(&[
        "new",
        "activity",
        "--title",
        "Tập huấn quy trình OCOP",
        "--kind",
        "training",
        "--date",
        "22/07/2026",
        "--owner",
        "phong-kinh-te",
        "--participants",
        "25",
    ]);
    // Checklist items, with the Vietnamese words for their status.
    ok(&["set", "mat-ong-an-son", "form_01", "--status", "đang làm"]);
    ok(&["set", "mat-ong-an-son", "environment", "--status", "không áp dụng", "--reason", "Không phát sinh chất thải"]);
    ok(&["set", "mat-ong-an-son", "target_stars=4"]);
    let plan = ok(&["plan", "show"]);
    assert!(plan.contains("01 lớp tập huấn quy trình OCOP") && plan.contains("Đạt"), "{plan}");
    assert!(plan.contains("Tập huấn quy trình OCOP cho các chủ thể"), "{plan}");
    let report = ok(&["report"]);
    assert!(report.contains("xã An Sơn") && report.contains("Mật ong An Sơn"), "{report}");
    assert!(!report.contains("Tên xã"), "{report}");
    let check = ok(&["check"]);
    assert!(!check.contains("lỗi["), "{check}");
    assert!(!check.contains("[W081]"), "{check}");
    let product = std::fs::read_to_string(s.path().join("products/mat-ong-an-son.toml")).expect("product");
    assert!(product.contains("producer = \"htx-nong-nghiep-an-son\""), "{product}");
    let producer = std::fs::read_to_string(s.path().join("producers/htx-nong-nghiep-an-son.toml")).expect("producer");
    assert!(producer.contains("kind = \"cooperative\""), "{producer}");
    let plan = std::fs::read_to_string(s.path().join("plan.toml")).expect("plan");
    assert!(plan.contains("kinds = [\"training\"]") && plan.contains("quarter = \"2026-Q3\""), "{plan}");
    assert!(plan.contains("# Tên kế hoạch, năm"), "the template's comments are kept:\n{plan}");
}

#[test]
fn today_in_both_spellings() {
    let s = Scratch::empty();
    assert_eq!(s.run(&["init", ".", "--name", "xã An Sơn"]).status.code(), Some(0));
    let iso = s.run(&["--today", "2026-11-20", "status", "--format", "json"]);
    let vn = s.run(&["--today", "20/11/2026", "status", "--format", "json"]);
    assert_eq!(iso.status.code(), Some(0), "{}", stderr(&iso));
    assert_eq!(stdout(&iso), stdout(&vn));
    assert!(stdout(&vn).contains("2026-11-20"), "{}", stdout(&vn));
}
