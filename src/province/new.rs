//! A new province's `ocop.toml`, written by `ocop init --kind province`: the commune
//! trees it lists are found in folders given, or under the province's folder, and each
//! entry takes the commune's own name and code from the commune's `ocop.toml`, so the
//! province's list agrees with the communes from the start. Data only; the command
//! writes the text.

use crate::i18n::{Lang, tr};
use crate::load::COMMUNE_FILE;
use std::path::{Component, Path, PathBuf};

/// How deep under the province's folder communes are looked for: `viet-khe`,
/// `communes/viet-khe`, `huyen/communes/viet-khe`.
const DEPTH: usize = 3;

/// A commune found for the new province's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Relative to the province's folder, with `/` (`communes/viet-khe`).
    pub path: String,
    /// The commune's `name`.
    pub name: String,
    /// The commune's `commune_code`, when its file gives one.
    pub code: Option<String>,
}

/// Why a folder given as a commune cannot be listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotCommune {
    /// Outside the province's folder.
    Outside(PathBuf),
    /// No `ocop.toml` in it (a submodule not checked out yet?).
    NoFile(PathBuf),
    /// Its `ocop.toml` does not parse, names no commune, or is a province's.
    NotACommune(PathBuf),
}

/// The commune tree in `dir`: its `ocop.toml` parses, is no province's and has a `name`.
fn read_commune(dir: &Path) -> Option<(String, Option<String>)> {
    let text = std::fs::read_to_string(dir.join(COMMUNE_FILE)).ok()?;
    let table: toml::Table = text.parse().ok()?;
    if table.get("kind").and_then(toml::Value::as_str) == Some("province") {
        return None;
    }
    let name = table.get("name")?.as_str()?.trim().to_string();
    let code = table.get("commune_code").and_then(toml::Value::as_str).map(str::trim).filter(|c| !c.is_empty());
    Some((name, code.map(String::from)))
}

/// `communes/viet-khe` for `root/communes/viet-khe`; None outside `root`.
fn relative(root: &Path, dir: &Path) -> Option<String> {
    let rel = dir.strip_prefix(root).ok()?;
    let parts: Option<Vec<String>> = rel
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.filter(|p| !p.is_empty()).map(|p| p.join("/"))
}

/// The communes in the folders `given` (relative to `root` or absolute, inside it), in
/// that order.
pub fn given(root: &Path, given: &[PathBuf]) -> Result<Vec<Found>, NotCommune> {
    let mut out = Vec::new();
    for g in given {
        let dir = if g.is_absolute() { g.clone() } else { root.join(g) };
        // `..` and links are resolved before the folder is judged inside or not.
        let canon = dir.canonicalize().map_err(|_| NotCommune::NoFile(g.clone()))?;
        let base = root.canonicalize().map_err(|_| NotCommune::Outside(g.clone()))?;
        let path = relative(&base, &canon).ok_or_else(|| NotCommune::Outside(g.clone()))?;
        if !canon.join(COMMUNE_FILE).is_file() {
            return Err(NotCommune::NoFile(g.clone()));
        }
        let (name, code) = read_commune(&canon).ok_or_else(|| NotCommune::NotACommune(g.clone()))?;
        out.push(Found { path, name, code });
    }
    Ok(out)
}

/// Every commune tree under `root` (not `root` itself), to `DEPTH` folders down, in
/// sorted order; a commune's own folders are not searched, nor hidden folders.
pub fn discover(root: &Path) -> Vec<Found> {
    let mut out = Vec::new();
    walk(root, root, 1, &mut out);
    out
}

fn walk(root: &Path, dir: &Path, depth: usize, out: &mut Vec<Found>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for d in dirs {
        if d.join(COMMUNE_FILE).is_file() {
            if let (Some((name, code)), Some(path)) = (read_commune(&d), relative(root, &d)) {
                out.push(Found { path, name, code });
            }
        } else if depth < DEPTH {
            walk(root, &d, depth + 1, out);
        }
    }
}

/// The submodules `.gitmodules` lists whose folder holds no commune tree (not checked
/// out yet), so `init` can say they were left out.
pub fn submodules_left_out(root: &Path, found: &[Found]) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(root.join(".gitmodules")) else { return Vec::new() };
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("path")?.trim_start().strip_prefix('=').map(str::trim))
        .map(|p| p.trim_end_matches('/').to_string())
        .filter(|p| !p.is_empty() && !found.iter().any(|f| &f.path == p))
        .filter(|p| !root.join(p).join(COMMUNE_FILE).is_file())
        .collect()
}

/// The province's header values.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub name: String,
    pub code: Option<String>,
    pub office: Option<String>,
}

/// The province's `ocop.toml`, with comments in `lang` saying what each part is.
pub fn text(header: &Header, communes: &[Found], lang: Lang) -> String {
    let q = |s: &str| toml_edit::Value::from(s).to_string();
    let comment = |key: &str| {
        tr(lang, key).lines().map(|l| if l.is_empty() { "#".to_string() } else { format!("# {l}") }).collect::<Vec<_>>()
    };
    let mut lines = comment("init.province_file");
    lines.push(String::new());
    lines.push("kind = \"province\"".into());
    lines.push(format!("name = {}", q(&header.name)));
    if let Some(code) = &header.code {
        lines.push(format!("code = {}", q(code)));
    }
    if let Some(office) = &header.office {
        lines.push(format!("office = {}", q(office)));
    }
    for c in communes {
        lines.push(String::new());
        lines.push("[[communes]]".into());
        lines.push(format!("path = {}", q(&c.path)));
        lines.push(format!("code = {}", q(c.code.as_deref().unwrap_or_default())));
        lines.push(format!("name = {}", q(&c.name)));
    }
    lines.push(String::new());
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commune(root: &Path, rel: &str, body: &str) {
        std::fs::create_dir_all(root.join(rel)).expect("mkdir");
        std::fs::write(root.join(rel).join(COMMUNE_FILE), body).expect("write");
    }

    #[test]
    fn communes_are_found_below_and_not_inside_each_other() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        commune(root, "communes/viet-khe", "name = \"Việt Khê\"\ncommune_code = \"11353\"\n");
        commune(root, "communes/an-son", "name = \"An Sơn\"\n");
        // A commune's own subfolder with an ocop.toml, a province, a hidden folder, a
        // broken file: none is a commune of this province.
        commune(root, "communes/viet-khe/sub", "name = \"X\"\n");
        commune(root, "other-province", "kind = \"province\"\nname = \"T\"\n");
        commune(root, ".git/modules/x", "name = \"Y\"\n");
        commune(root, "broken", "name = ");
        commune(root, "a/b/c/too-deep", "name = \"Z\"\n");
        let found = discover(root);
        let paths: Vec<&str> = found.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["communes/an-son", "communes/viet-khe"]);
        assert_eq!(found[1].code.as_deref(), Some("11353"));
        assert_eq!(found[0].code, None);
    }

    #[test]
    fn a_submodule_not_checked_out_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        commune(root, "communes/viet-khe", "name = \"Việt Khê\"\n");
        std::fs::create_dir_all(root.join("communes/an-son")).expect("mkdir");
        let modules =
            "[submodule \"a\"]\n\tpath = communes/viet-khe\n\turl = x\n[submodule \"b\"]\n\tpath = communes/an-son\n";
        std::fs::write(root.join(".gitmodules"), modules).expect("write");
        let found = discover(root);
        assert_eq!(submodules_left_out(root, &found), ["communes/an-son"]);
    }

    #[test]
    fn a_given_folder_must_be_a_commune_inside() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("p");
        commune(&root, "communes/viet-khe", "name = \"Việt Khê\"\n");
        std::fs::create_dir_all(root.join("communes/empty")).expect("mkdir");
        commune(dir.path(), "outside", "name = \"O\"\n");
        let ok = given(&root, &[PathBuf::from("./communes/viet-khe/")]).expect("found");
        assert_eq!(ok[0].path, "communes/viet-khe");
        assert!(matches!(given(&root, &[PathBuf::from("communes/empty")]), Err(NotCommune::NoFile(_))));
        assert!(matches!(given(&root, &[PathBuf::from("../outside")]), Err(NotCommune::Outside(_))));
    }

    #[test]
    fn the_text_reads_back_as_a_province() {
        let header = Header { name: "Thành phố \"Hải Phòng\"".into(), code: Some("31".into()), office: None };
        let found =
            vec![Found { path: "communes/viet-khe".into(), name: "Việt Khê".into(), code: Some("11353".into()) }];
        let text = text(&header, &found, Lang::Vi);
        let table: toml::Table = text.parse().expect("parses");
        assert_eq!(table["kind"].as_str(), Some("province"));
        assert_eq!(table["name"].as_str(), Some("Thành phố \"Hải Phòng\""));
        assert_eq!(table["communes"][0]["code"].as_str(), Some("11353"));
        assert!(text.starts_with("# "), "{text}");
    }
}
