//! Where a record's evidence path leads on disk: the one reading of an `evidence` entry
//! that `check` (E010, E011), `serve`'s evidence files and its links all use, so a file
//! `check` finds is a file the dashboard serves, and one it refuses is refused there.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What an evidence entry names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A file inside the tree, at this path (the tree's root joined with the entry, or
    /// with the names as they are on disk when only their NFC forms match).
    File(PathBuf),
    /// Blank, or no file there (nothing, a folder, a dangling link).
    Missing,
    /// Absolute, a drive or share, climbing out with `..`, into `.git`, or through a
    /// link to somewhere outside the tree.
    Outside,
}

/// The tree-relative path an evidence entry names: its plain names joined by `/`, in
/// NFC. `./` and empty parts are dropped and `\` is read as a separator too, so a tree
/// written on Windows reads the same. `Err(Missing)` when blank, `Err(Outside)` when it
/// cannot be inside the tree: absolute (`/x`, `\x`, `C:…`, `\\server\…`), with a `..`,
/// or inside `.git` (the repository's own store, which is not in git either).
pub fn relative(ev: &str) -> Result<String, Found> {
    if ev.trim().is_empty() {
        return Err(Found::Missing);
    }
    if ev.starts_with(['/', '\\']) || drive(ev) {
        return Err(Found::Outside);
    }
    let mut parts = Vec::new();
    for part in ev.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return Err(Found::Outside),
            git if git.eq_ignore_ascii_case(".git") => return Err(Found::Outside),
            name => parts.push(name),
        }
    }
    if parts.is_empty() {
        return Err(Found::Missing);
    }
    Ok(crate::text::nfc(&parts.join("/")))
}

/// True for a path from a Windows drive (`C:\scans`, `c:/scans`): outside the tree
/// whatever the platform.
fn drive(ev: &str) -> bool {
    let b = ev.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// Resolves evidence entries against one tree with as few file-system calls as a
/// national tree needs: one `lstat` per file, one `realpath` per folder (cached, since
/// many scans share a folder), and a folder's listing only when a name is not found as
/// written. A link is followed to its end, wherever it is.
#[derive(Debug)]
pub struct Lookup {
    base: PathBuf,
    /// The tree's real path; None when it cannot be resolved (then nothing is outside).
    root: Option<PathBuf>,
    folders: HashMap<PathBuf, Option<PathBuf>>,
    listings: HashMap<PathBuf, Vec<std::ffi::OsString>>,
}

impl Lookup {
    pub fn new(root: &Path) -> Lookup {
        Lookup {
            base: root.to_path_buf(),
            root: root.canonicalize().ok(),
            folders: HashMap::new(),
            listings: HashMap::new(),
        }
    }

    /// Where the entry `ev` (as a record writes it) leads.
    pub fn resolve(&mut self, ev: &str) -> Found {
        match relative(ev) {
            Ok(rel) => {
                let full = self.base.join(rel);
                self.find(&full)
            }
            Err(found) => found,
        }
    }

    fn inside(&self, real: &Path) -> bool {
        self.root.as_ref().is_none_or(|r| real.starts_with(r))
    }

    fn find(&mut self, full: &Path) -> Found {
        let meta = match std::fs::symlink_metadata(full) {
            Ok(meta) => meta,
            Err(_) => match self.on_disk(full) {
                Some(found) if found != full => return self.find(&found),
                _ => return Found::Missing,
            },
        };
        if meta.file_type().is_symlink() {
            return match full.canonicalize() {
                Ok(real) if !self.inside(&real) => Found::Outside,
                Ok(real) if real.is_file() => Found::File(full.to_path_buf()),
                _ => Found::Missing,
            };
        }
        let folder = full.parent().map(Path::to_path_buf).unwrap_or_default();
        let real = self.folders.entry(folder.clone()).or_insert_with(|| folder.canonicalize().ok()).clone();
        match real {
            Some(real) if !self.inside(&real) => Found::Outside,
            _ if meta.is_file() => Found::File(full.to_path_buf()),
            _ => Found::Missing,
        }
    }

    /// The path on disk whose names equal `full`'s once both are NFC: the tree stores
    /// names NFC, while macOS writes file names NFD.
    fn on_disk(&mut self, full: &Path) -> Option<PathBuf> {
        let mut at = PathBuf::new();
        for c in full.components() {
            let next = at.join(c);
            if std::fs::symlink_metadata(&next).is_ok() {
                at = next;
                continue;
            }
            let want = crate::text::nfc(c.as_os_str().to_str()?);
            let names = self.listings.entry(at.clone()).or_insert_with(|| {
                std::fs::read_dir(&at)
                    .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.file_name())).collect())
                    .unwrap_or_default()
            });
            let name = names.iter().find(|n| n.to_str().is_some_and(|n| crate::text::nfc(n) == want))?;
            at.push(name);
        }
        Some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_read_as_plain_names_from_the_root() {
        for (ev, want) in [
            ("evidence/a.pdf", "evidence/a.pdf"),
            ("./evidence/a.pdf", "evidence/a.pdf"),
            ("evidence//x/./a.pdf/", "evidence/x/a.pdf"),
            ("evidence\\x\\a.pdf", "evidence/x/a.pdf"),
            ("evidence/100% chắc: #1?.pdf", "evidence/100% chắc: #1?.pdf"),
            ("evidence/.scan.pdf", "evidence/.scan.pdf"),
            ("evidence/Ma\u{302}\u{303}u.pdf", "evidence/Mẫu.pdf"),
        ] {
            assert_eq!(relative(ev), Ok(want.to_string()), "{ev}");
        }
        for ev in [
            "../a.pdf",
            "evidence/../../a.pdf",
            "evidence/x/../a.pdf",
            "/etc/passwd",
            "\\a.pdf",
            "\\\\server\\a.pdf",
            "C:\\scans\\a.pdf",
            "c:/scans/a.pdf",
            "..\\..\\a.pdf",
            ".git/config",
            "evidence/.GIT/HEAD",
        ] {
            assert_eq!(relative(ev), Err(Found::Outside), "{ev}");
        }
        for ev in ["", "  ", ".", "./", "evidence/.."] {
            assert!(relative(ev).is_err(), "{ev:?}");
        }
        assert_eq!(relative("./"), Err(Found::Missing));
    }

    #[test]
    fn names_stored_nfd_are_found_from_their_nfc_form() {
        use unicode_normalization::UnicodeNormalization;
        let tree = tempfile::tempdir().expect("temp dir");
        let root = tree.path();
        let folder: String = "evidence/Giấy tờ".nfd().collect();
        std::fs::create_dir_all(root.join(&folder)).expect("mkdir");
        let on_disk = root.join(&folder).join("Mẫu số 01.pdf".nfd().collect::<String>());
        std::fs::write(&on_disk, "").expect("write");
        let mut lookup = Lookup::new(root);
        assert_eq!(lookup.resolve("evidence/Giấy tờ/Mẫu số 01.pdf"), Found::File(on_disk));
        assert_eq!(lookup.resolve("evidence/Giấy tờ/Mẫu số 02.pdf"), Found::Missing);
        assert_eq!(lookup.resolve("evidence/Giấy tờ"), Found::Missing, "a folder is no file");
    }
}
