//! `ocop rules`: embedded rule sets, and a tree's own overrides.

use crate::harness::{Scratch, repo, stderr, stdout};

#[test]
fn lists_the_embedded_rule_sets_outside_a_tree() {
    let out = Scratch::empty().run(&["rules", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let ids: Vec<&str> = v.as_array().expect("array").iter().map(|s| s["id"].as_str().expect("id")).collect();
    assert_eq!(ids, ["qd-1048-2019", "qd-148-2023", "qd-26-2026"]);
}

#[test]
fn shows_items_with_their_sources() {
    let out = Scratch::empty().run(&["--lang", "en", "rules", "qd-26-2026"]);
    let text = stdout(&out);
    assert!(text.contains("production_licence"), "{text}");
    assert!(text.contains("sets: 14, 15, 18"), "{text}");
    assert!(text.contains("NĐ 43/2017/NĐ-CP"), "{text}");
}

#[test]
fn states_grace_day_off_and_transition_rules_with_their_sources() {
    let out = Scratch::empty().run(&["--lang", "en", "rules", "qd-26-2026"]);
    let text = stdout(&out);
    assert!(text.contains("window had closed before 22/05/2026"), "{text}");
    assert!(text.contains("never for a filing after expiry"), "{text}");
    assert!(text.contains("window's close: yes; for a last valid day: no (Bộ luật Dân sự 2015, Điều 148)"), "{text}");
    assert!(text.contains("within 60 days (first), 60 (upgrade), 30 (re-evaluation)"), "{text}");
    assert!(text.contains("(QĐ 26/2026/QĐ-TTg, Điều 12)"), "{text}");
    // The old rules set no transition of their own.
    let old = stdout(&Scratch::empty().run(&["--lang", "en", "rules", "qd-148-2023"]));
    assert!(!old.contains("finish under the old ones"), "{old}");
}

#[test]
fn a_tree_can_extend_a_rule_set() {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    std::fs::create_dir_all(s.path().join("rules")).expect("mkdir");
    std::fs::write(
        s.path().join("rules/hai-phong.toml"),
        "id = \"hai-phong-2026\"\nextends = \"qd-26-2026\"\ncertificate_months = 24\n\n[[items]]\nid = \"hamlet_confirmation\"\nsection = \"legal\"\nname = { vi = \"Xác nhận của thôn\", en = \"Hamlet confirmation\" }\nsource = \"Hướng dẫn của thành phố (minh họa)\"\n",
    )
    .expect("write");
    let out = s.run(&["rules", "hai-phong-2026", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["certificate_months"], 24);
    assert_eq!(v["items"].as_array().expect("items").len(), 27);
}

#[test]
fn unknown_rule_set_is_a_usage_error_with_a_suggestion() {
    let out = Scratch::empty().run(&["rules", "qd-26-2025"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("qd-26-2026"), "{}", stderr(&out));
}
