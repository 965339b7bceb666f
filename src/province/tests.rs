//! Opening province trees built in temporary folders.

use super::*;
use crate::diag::Code;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).expect("date")
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/viet-khe")
}

fn copy(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.expect("walk");
        let dest = to.join(e.path().strip_prefix(from).expect("inside"));
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}

const TWO: &str = r#"kind = "province"
name = "Tỉnh Thử"

[[communes]]
path = "communes/viet-khe"
code = "10660"
name = "Việt Khê"

[[communes]]
path = "communes/an-son"
code = "10661"
name = "An Sơn"
"#;

fn province(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("ocop.toml"), text).expect("write");
    dir
}

#[test]
fn every_commune_is_opened_with_its_own_tree() {
    let dir = province(TWO);
    copy(&example(), &dir.path().join("communes/viet-khe"));
    copy(&example(), &dir.path().join("communes/an-son"));
    let p = open(dir.path(), today());
    assert!(is_province(dir.path()));
    assert_eq!(p.name(), "Tỉnh Thử");
    assert_eq!(p.communes.len(), 2);
    assert!(p.communes.iter().all(|m| m.state_key() == StateKey::Ready));
    assert_eq!(p.communes[1].key, "an-son");
    assert_eq!(p.communes[1].qualify("mat-ong"), "an-son/mat-ong");
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
}

#[test]
fn a_missing_commune_is_named_and_the_others_still_load() {
    let dir = province(TWO);
    copy(&example(), &dir.path().join("communes/viet-khe"));
    std::fs::create_dir_all(dir.path().join("communes/an-son")).expect("mkdir");
    let p = open(dir.path(), today());
    assert_eq!(p.communes[0].state_key(), StateKey::Ready);
    assert_eq!(p.communes[1].state_key(), StateKey::Missing);
    let d = p.diagnostics.iter().find(|d| d.code == Code::CommuneMissing).expect("W085");
    assert_eq!(d.path, Path::new("communes/an-son"));
    assert!(d.message(crate::i18n::Lang::En).contains("An Sơn"));
}

#[test]
fn a_commune_newer_than_the_binary_or_without_a_commune_file_fails_alone() {
    let dir = province(TWO);
    let vk = dir.path().join("communes/viet-khe");
    copy(&example(), &vk);
    let text = std::fs::read_to_string(vk.join("ocop.toml")).expect("read");
    std::fs::write(vk.join("ocop.toml"), format!("format = 99\n{text}")).expect("write");
    std::fs::create_dir_all(dir.path().join("communes/an-son/products")).expect("mkdir");
    let p = open(dir.path(), today());
    assert_eq!(p.communes[0].state_key(), StateKey::Failed);
    assert_eq!(p.communes[1].state_key(), StateKey::Failed);
    let all = p.all_diagnostics();
    assert!(all.iter().any(|d| d.code == Code::FormatTooNew && d.path == Path::new("communes/viet-khe/ocop.toml")));
    assert!(all.iter().any(|d| d.code == Code::MissingCommuneFile && d.path == Path::new("communes/an-son/ocop.toml")));
}

#[test]
fn the_list_is_checked() {
    let dir = province(
        r#"kind = "province"
name = "T"
comunes = 1

[[communes]]
path = "../elsewhere"
code = "1"
name = "Ngoài"

[[communes]]
path = "a/x"
code = "2"
name = "A"

[[communes]]
path = "./a/x/"
code = "3"
name = "A lần hai"

[[communes]]
path = "b/x"
code = "4"
name = "Cùng tên thư mục"

[[communes]]
path = "c"
code = "2"
name = "Cùng mã"
nam = "?"
"#,
    );
    let p = open(dir.path(), today());
    let codes: Vec<&str> = p.diagnostics.iter().map(|d| d.code.as_str()).collect();
    // The surviving "a/x" is empty: not checked out (W085, on its folder, sorts first).
    assert_eq!(codes, ["W085", "W084", "E082", "E083", "E083", "E083", "W084"], "{:?}", p.diagnostics);
    let hint = p.diagnostics[1].hint(crate::i18n::Lang::En);
    assert!(hint.contains("communes"), "{hint}");
    assert_eq!(p.communes.len(), 1);
    assert_eq!(p.communes[0].entry.path, "a/x");
}
