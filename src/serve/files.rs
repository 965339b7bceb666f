//! The files `serve` hands out as they are: evidence from inside the tree, and the style
//! sheets and script built into the binary.

use crate::evidence::Found;
use std::fs::File;
use std::path::Path;

/// The dashboard's style: screen, phone and print.
pub(crate) const APP_CSS: &str = include_str!("assets/app.css");
/// The status table's live filter (the page works without it, through its form).
pub(crate) const APP_JS: &str = include_str!("assets/app.js");
/// What the report page adds to the report's own style: the navigation bar.
pub(crate) const REPORT_NAV_CSS: &str = include_str!("assets/report-nav.css");

/// A built-in file by name: its content and type.
pub(crate) fn asset(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "app.css" => Some((APP_CSS, "text/css; charset=utf-8")),
        "app.js" => Some((APP_JS, "text/javascript; charset=utf-8")),
        "report.css" => Some((crate::render::report::html::CSS, "text/css; charset=utf-8")),
        "report-nav.css" => Some((REPORT_NAV_CSS, "text/css; charset=utf-8")),
        _ => None,
    }
}

/// Why an evidence file is not served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The path is not one a link names (`..`, `.`, empty parts, a backslash, absolute,
    /// `.git`), or it leads out of the tree through a link: 403.
    Forbidden,
    /// No record names it as evidence, or it is not a file: 404.
    NotFound,
}

/// An evidence file to send.
#[derive(Debug)]
pub(crate) struct Evidence {
    pub(crate) file: File,
    pub(crate) content_type: &'static str,
    /// Types a browser would run (HTML, SVG, scripts) or that have no known type are
    /// sent as downloads, never shown in the dashboard's origin.
    pub(crate) download: bool,
    pub(crate) name: String,
}

/// The file at `rel` (a path from the tree's root, as decoded from the URL) when the
/// tree at `root` would pass it in `check`: `rel` is written as the dashboard's links
/// write it (plain names joined by `/`, see `crate::evidence::relative`), some record
/// lists it as evidence (`listed`), and it resolves, NFC names and links followed, to a
/// file inside the tree (`crate::evidence::Lookup`, the resolver `check` uses). The file
/// opened is checked once more to be inside the tree by its real path.
pub(crate) fn evidence(root: &Path, rel: &str, listed: impl Fn(&str) -> bool) -> Result<Evidence, Refusal> {
    if !plain_relative(rel) {
        return Err(Refusal::Forbidden);
    }
    if !listed(rel) {
        return Err(Refusal::NotFound);
    }
    let path = match crate::evidence::Lookup::new(root).resolve(rel) {
        Found::File(path) => path,
        Found::Missing => return Err(Refusal::NotFound),
        Found::Outside => return Err(Refusal::Forbidden),
    };
    let root = root.canonicalize().map_err(|_| Refusal::NotFound)?;
    let real = path.canonicalize().map_err(|_| Refusal::NotFound)?;
    if !real.starts_with(&root) {
        return Err(Refusal::Forbidden);
    }
    if !real.is_file() {
        return Err(Refusal::NotFound);
    }
    let file = File::open(&real).map_err(|_| Refusal::NotFound)?;
    let ext = real.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    let (content_type, download) = match ext.as_str() {
        "pdf" => ("application/pdf", false),
        "png" => ("image/png", false),
        "jpg" | "jpeg" => ("image/jpeg", false),
        "gif" => ("image/gif", false),
        "webp" => ("image/webp", false),
        "txt" => ("text/plain; charset=utf-8", false),
        _ => ("application/octet-stream", true),
    };
    let name = real.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Evidence { file, content_type, download, name })
}

/// True when `rel` is a path the dashboard's links could name: the plain names of a
/// record's evidence joined by `/` (`crate::evidence::relative` gives it back
/// unchanged), so not absolute, no drive letter, no `..` or `.`, no empty part, no
/// backslash, nothing in `.git`, and no NUL. Anything else is an attempt to leave the
/// tree or a link not made here. `%` and `:` are plain characters of a name: the URL is
/// decoded once, and the path is only looked up, never decoded again.
fn plain_relative(rel: &str) -> bool {
    !rel.contains('\0') && crate::evidence::relative(rel).is_ok_and(|r| r == rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_as_links_write_them_pass() {
        // `%` and `:` are characters of a name here: the URL was decoded once, and the
        // path is looked up as it is, never decoded again.
        for ok in
            ["evidence/a.pdf", "evidence/mật ong/a b.pdf", "a", "evidence/100% chắc: #1?.pdf", "evidence/.scan.pdf"]
        {
            assert!(plain_relative(ok), "{ok}");
        }
        for bad in [
            "",
            "../etc/passwd",
            "evidence/../../etc/passwd",
            "/etc/passwd",
            "./evidence/a.pdf",
            "evidence/./a.pdf",
            "evidence//a.pdf",
            "evidence/a.pdf/",
            "evidence\\..\\a.pdf",
            "evidence\\a.pdf",
            "C:/x",
            ".git/config",
            "evidence/.GIT/config",
            "a\0b",
        ] {
            assert!(!plain_relative(bad), "{bad:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_tree_is_refused() {
        let root = tempfile::tempdir().expect("dir");
        let outside = tempfile::tempdir().expect("dir");
        std::fs::create_dir_all(root.path().join("evidence")).expect("mkdir");
        std::fs::write(root.path().join("evidence/in.pdf"), "in").expect("write");
        std::fs::write(outside.path().join("secret.pdf"), "secret").expect("write");
        std::os::unix::fs::symlink(outside.path().join("secret.pdf"), root.path().join("evidence/out.pdf"))
            .expect("link");
        let all = |_: &str| true;
        assert!(evidence(root.path(), "evidence/in.pdf", all).is_ok());
        assert_eq!(evidence(root.path(), "evidence/out.pdf", all).err(), Some(Refusal::Forbidden));
        assert_eq!(evidence(root.path(), "evidence/in.pdf", |_| false).err(), Some(Refusal::NotFound));
        assert_eq!(evidence(root.path(), "evidence/none.pdf", all).err(), Some(Refusal::NotFound));
        assert_eq!(evidence(root.path(), "evidence", all).err(), Some(Refusal::NotFound));
    }

    #[test]
    fn names_are_found_as_check_finds_them() {
        use unicode_normalization::UnicodeNormalization;
        let root = tempfile::tempdir().expect("dir");
        let folder = root.path().join("evidence").join("Giấy tờ".nfd().collect::<String>());
        std::fs::create_dir_all(&folder).expect("mkdir");
        std::fs::write(folder.join("100% Mẫu: 01.pdf".nfd().collect::<String>()), "nfd").expect("write");
        let all = |_: &str| true;
        let mut ev = evidence(root.path(), "evidence/Giấy tờ/100% Mẫu: 01.pdf", all).expect("found");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut ev.file, &mut text).expect("read");
        assert_eq!(text, "nfd");
        assert_eq!(ev.content_type, "application/pdf");
    }
}
