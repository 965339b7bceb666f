//! `ocop status` on the bundled example.

use crate::harness::{Scratch, repo, stdout};

fn example() -> Scratch {
    Scratch::of(&repo().join("examples/viet-khe"))
}

#[test]
fn four_products_in_vietnamese_order_with_expiry_against_today() {
    let out = example().run(&["status", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["today"], "2026-11-29");
    let names: Vec<&str> =
        v["products"].as_array().expect("array").iter().map(|p| p["name"].as_str().expect("name")).collect();
    assert_eq!(names, ["Gạo nếp cái hoa vàng Việt Khê", "Mật ong An Sơn", "Na bở An Sơn", "Rượu nếp men lá Kỳ Sơn"]);
    let honey = &v["products"][1];
    // Issued 2023-03-28, 36 months: valid through 2026-03-28, 246 days before 2026-11-29.
    assert_eq!(honey["certificate"]["valid_through"], "2026-03-28");
    assert_eq!(honey["certificate"]["days_left"], -246);
    assert_eq!(honey["certificate"]["state"], "expired");
    assert_eq!(v["products"][3]["next"]["kind"], "screen_by");
    assert_eq!(v["products"][3]["next"]["deadline"], "2026-12-07");
}

#[test]
fn search_ignores_diacritics() {
    for query in [&["mat", "ong"][..], &["Mật ong"][..], &["MAT ONG"][..]] {
        let mut args = vec!["status", "--format", "csv"];
        args.extend(query);
        let out = example().run(&args);
        let text = stdout(&out);
        assert_eq!(text.lines().count(), 2, "{query:?}: {text}");
        assert!(text.contains("mat-ong-an-son"));
    }
}

#[test]
fn filters_by_producer_and_stage() {
    let out = example().run(&["status", "--producer", "htx-ky-son", "--format", "csv"]);
    assert_eq!(stdout(&out).lines().count(), 2);
    let out = example().run(&["status", "--stage", "preparing", "--format", "csv"]);
    assert_eq!(stdout(&out).lines().count(), 4);
}

#[test]
fn english_on_request() {
    let out = example().run(&["--lang", "en", "status"]);
    let text = stdout(&out);
    assert!(text.contains("Re-evaluation"), "{text}");
    assert!(text.contains("expired 246 days ago"), "{text}");
}

#[test]
fn yaml_carries_the_same_rows() {
    let out = example().run(&["status", "--format", "yaml"]);
    let text = stdout(&out);
    assert!(text.starts_with("schema_version: 1"), "{text}");
    assert_eq!(text.matches("\n- id: ").count(), 4, "{text}");
}

#[test]
fn a_narrow_screen_gets_a_table_that_fits() {
    let s = example();
    let out = std::process::Command::new(crate::harness::bin())
        .args(["--color", "always", "status"])
        .current_dir(s.path())
        .env("OCOP_TODAY", crate::harness::TODAY)
        .env("COLUMNS", "100")
        .output()
        .expect("run");
    let text = stdout(&out);
    let table = text.lines().filter(|l| l.starts_with(['┌', '│', '╞', '└']));
    assert!(table.clone().count() > 5 && table.into_iter().all(|l| l.chars().count() <= 100), "{text}");
    assert!(text.contains("Mật ong An Sơn"), "{text}");
    assert!(text.contains("bảng rút gọn"), "{text}");
    // Without a screen (a file or a pipe) the table is never wrapped.
    let wide = example().run(&["status"]);
    assert!(stdout(&wide).lines().any(|l| l.chars().count() > 200), "{}", stdout(&wide));
}
