//! The province's `ocop.toml`: `kind = "province"`, the province's name, and one
//! `[[communes]]` table per commune (path, commune code, name). Read with the same
//! loader as every record (positions, W055), then checked: unknown keys (W084), a path
//! that leaves the tree (E082), two communes with the same path, folder name or code
//! (E083). A commune entry with an error is left out of the roll-up.

use crate::diag::{Code, Diagnostic};
use crate::i18n::Lang;
use crate::load::{COMMUNE_FILE, Inside, Seg, read_source};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Component, Path};

/// The province's `ocop.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct ProvinceFile {
    /// Always `"province"`: what makes the tree a province tree.
    pub kind: String,
    /// The province or city, e.g. "Thành phố Hải Phòng".
    pub name: String,
    /// Province code from Decision 19/2025/QĐ-TTg.
    #[serde(default)]
    pub code: Option<String>,
    /// The office that follows the programme, e.g. "Sở Nông nghiệp và Môi trường".
    #[serde(default)]
    pub office: Option<String>,
    /// Output language when `--lang` is not given.
    #[serde(default)]
    pub language: Option<Lang>,
    #[serde(default)]
    pub communes: Vec<CommuneEntry>,
}

/// One `[[communes]]` entry.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct CommuneEntry {
    /// The commune tree's folder, relative to the province's root (`communes/viet-khe`).
    pub path: String,
    /// Commune code from Decision 19/2025/QĐ-TTg.
    pub code: String,
    /// The commune's name, e.g. "Việt Khê".
    pub name: String,
}

const TOP_KEYS: [&str; 6] = ["kind", "name", "code", "office", "language", "communes"];
const COMMUNE_KEYS: [&str; 3] = ["path", "code", "name"];

/// Known keys of a province's `ocop.toml`, for the "did you mean" hint.
pub fn keys_province(parent: &[Seg]) -> Vec<&'static str> {
    match parent {
        [] => TOP_KEYS.to_vec(),
        [Seg::Key(k), Seg::Index(_)] if k == "communes" => COMMUNE_KEYS.to_vec(),
        _ => Vec::new(),
    }
}

/// True when the `ocop.toml` at `root` says `kind = "province"`. Only the top-level key
/// is looked at; a file that does not parse is no province (the commune loader then
/// reports it).
pub fn is_province(root: &Path) -> bool {
    let path = root.join(COMMUNE_FILE);
    // A file over the loader's limit is no province (the loader refuses it, E056).
    if std::fs::metadata(&path).map_or(true, |m| m.len() > crate::load::MAX_FILE_BYTES) {
        return false;
    }
    let Ok(text) = std::fs::read_to_string(&path) else { return false };
    // Cheap test first: a commune's file never mentions the word.
    if !text.contains("province\"") && !text.contains("province'") {
        return false;
    }
    text.parse::<toml::Table>().is_ok_and(|t| t.get("kind").and_then(|k| k.as_str()) == Some("province"))
}

/// The folder name that qualifies a commune's ids: the last part of its path.
pub(super) fn key_of(path: &str) -> String {
    Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.to_string())
}

/// `communes/viet-khe` from `./communes/viet-khe/`; None when the path is empty,
/// absolute or climbs out with `..`.
fn normalised(path: &str) -> Option<String> {
    let mut parts = Vec::new();
    for c in Path::new(path).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Reads and checks the province's `ocop.toml`, pushing every diagnostic found; the
/// entries with an error are left out of the result.
pub(super) fn load(root: &Path, diags: &mut Vec<Diagnostic>) -> Option<ProvinceFile> {
    let path = root.join(COMMUNE_FILE);
    let source = read_source(root, &path).map_err(|d| diags.push(*d)).ok()?;
    let mut found = Vec::new();
    let parsed = source.parse_collect::<ProvinceFile>(&keys_province, &mut found);
    for mut d in found {
        if d.code == Code::UnknownKey {
            d.code = Code::ProvinceUnknownKey;
            d.severity = d.code.severity();
        }
        diags.push(d);
    }
    let (source, mut file) = parsed?;
    let inside = Inside::new(root);
    let mut seen: BTreeMap<(&'static str, String), usize> = BTreeMap::new();
    let mut kept = Vec::new();
    for (i, entry) in file.communes.iter().enumerate() {
        let at = |key: &str| source.locate(&crate::path!["communes", i, key]);
        let Some(norm) = normalised(&entry.path).filter(|_| inside.contains(&root.join(&entry.path))) else {
            diags.push(
                Diagnostic::new(Code::CommuneOutside, COMMUNE_FILE)
                    .at(at("path"))
                    .arg("path", entry.path.clone())
                    .arg("name", entry.name.clone()),
            );
            continue;
        };
        let mut clash = false;
        for (what, value) in
            [("path", norm.clone()), ("folder", key_of(&norm)), ("code", entry.code.trim().to_string())]
        {
            if let Some(first) = seen.get(&(what, value.clone())) {
                let first_name = file.communes.get(*first).map_or_else(String::new, |e| e.name.clone());
                diags.push(
                    Diagnostic::new(Code::CommuneDuplicate, COMMUNE_FILE)
                        .at(at(if what == "folder" { "path" } else { what }))
                        .arg("what", crate::i18n::LocalText::key(&format!("province.dup_{what}"), &[]))
                        .arg("value", value)
                        .arg("name", entry.name.clone())
                        .arg("other", first_name),
                );
                clash = true;
                break;
            }
        }
        if clash {
            continue;
        }
        for (what, value) in
            [("path", norm.clone()), ("folder", key_of(&norm)), ("code", entry.code.trim().to_string())]
        {
            seen.insert((what, value), i);
        }
        kept.push(CommuneEntry { path: norm, ..entry.clone() });
    }
    file.communes = kept;
    Some(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalised_or_refused() {
        assert_eq!(normalised("./communes/viet-khe/").as_deref(), Some("communes/viet-khe"));
        assert_eq!(normalised("a"), Some("a".into()));
        for bad in ["", ".", "../x", "/etc", "a/../../b"] {
            assert_eq!(normalised(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_a_file_that_says_province_is_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let write = |text: &str| std::fs::write(dir.path().join(COMMUNE_FILE), text).expect("write");
        write("kind = \"province\"\nname = \"T\"\n");
        assert!(is_province(dir.path()));
        write("name = \"Việt Khê\"\nprovince = \"Thành phố Hải Phòng\"\n");
        assert!(!is_province(dir.path()));
        write("name = \"X\"\nnote = \"province\"\n");
        assert!(!is_province(dir.path()));
        write("kind = \"province\"\nname = ");
        assert!(!is_province(dir.path()));
    }

    #[test]
    fn the_folder_name_qualifies() {
        assert_eq!(key_of("communes/viet-khe"), "viet-khe");
        assert_eq!(key_of("an-son"), "an-son");
    }
}
