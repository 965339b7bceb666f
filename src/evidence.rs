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
/// national tree needs: a folder is listed once (its names and their kinds, without a
/// `stat` per file) and its real path resolved once, so the fifteen scans of a product's
/// folder cost one listing rather than fifteen `lstat`s. A link is followed to its end,
/// wherever it is. Listings are kept for the life of the lookup: make one per run, never
/// one that outlives a change on disk.
#[derive(Debug)]
pub struct Lookup {
    base: PathBuf,
    /// The tree's real path; None when it cannot be resolved (then nothing is outside).
    root: Option<PathBuf>,
    folders: HashMap<PathBuf, Folder>,
}

/// One folder as listed: None when it cannot be read as written (absent, a file, or
/// named differently on disk).
#[derive(Debug)]
struct Folder {
    listing: Option<Listing>,
}

#[derive(Debug)]
struct Listing {
    /// Whether the folder's real path is inside the tree (true when either cannot be
    /// resolved).
    inside: bool,
    /// Each entry by its name in NFC: the name as on disk and what it is.
    names: HashMap<String, (std::ffi::OsString, Kind)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Link,
    Other,
}

impl Lookup {
    pub fn new(root: &Path) -> Lookup {
        Lookup { base: root.to_path_buf(), root: root.canonicalize().ok(), folders: HashMap::new() }
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
        let (Some(folder), Some(name)) = (full.parent(), full.file_name().and_then(|n| n.to_str())) else {
            return Found::Missing;
        };
        let folder = match self.listed(folder) {
            Some(_) => folder.to_path_buf(),
            // Not there as written: its names may be NFD on disk.
            None => match self.on_disk(folder) {
                Some(found) if self.listed(&found).is_some() => found,
                _ => return Found::Missing,
            },
        };
        let Some(listing) = self.listed(&folder) else { return Found::Missing };
        // `relative` gave the name in NFC, the listing's keys are NFC.
        let listed = listing.names.get(name).cloned();
        let folder_inside = listing.inside;
        // Not listed under that name: a file system that ignores case (macOS, Windows)
        // still finds it, as it always did.
        let Some((on_disk, kind)) = listed.or_else(|| {
            let meta = std::fs::symlink_metadata(folder.join(name)).ok()?;
            Some((name.into(), kind(meta.file_type())))
        }) else {
            return Found::Missing;
        };
        let path = folder.join(on_disk);
        match kind {
            Kind::Link => match path.canonicalize() {
                Ok(real) if !self.inside(&real) => Found::Outside,
                Ok(real) if real.is_file() => Found::File(path),
                _ => Found::Missing,
            },
            _ if !folder_inside => Found::Outside,
            Kind::File => Found::File(path),
            Kind::Other => Found::Missing,
        }
    }

    /// The listing of `folder`, read on first use.
    fn listed(&mut self, folder: &Path) -> Option<&Listing> {
        self.folders
            .entry(folder.to_path_buf())
            .or_insert_with(|| Folder { listing: list(folder, self.root.as_deref()) })
            .listing
            .as_ref()
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
            let (name, _) = self.listed(&at)?.names.get(&want)?.clone();
            at.push(name);
        }
        Some(at)
    }
}

fn kind(t: std::fs::FileType) -> Kind {
    if t.is_symlink() {
        Kind::Link
    } else if t.is_file() {
        Kind::File
    } else {
        Kind::Other
    }
}

/// Reads a folder's names and their kinds (from the listing itself where the file system
/// says, as most do), and its real path.
fn list(folder: &Path, root: Option<&Path>) -> Option<Listing> {
    let entries = std::fs::read_dir(folder).ok()?;
    let mut names = HashMap::new();
    for entry in entries.filter_map(Result::ok) {
        let Ok(kind) = entry.file_type().map(kind) else { continue };
        let name = entry.file_name();
        let Some(key) = name.to_str().map(crate::text::nfc) else { continue };
        // Two names with one NFC form (possible on Linux): the one written NFC wins, as
        // it is the one a lookup by the exact name would have found.
        let exact = name.to_str() == Some(key.as_str());
        match names.entry(key) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert((name, kind));
            }
            std::collections::hash_map::Entry::Occupied(mut o) if exact => {
                o.insert((name, kind));
            }
            std::collections::hash_map::Entry::Occupied(_) => {}
        }
    }
    let inside = match (folder.canonicalize(), root) {
        (Ok(real), Some(root)) => real.starts_with(root),
        _ => true,
    };
    Some(Listing { inside, names })
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

    /// One lookup answering many entries from its folder listings says what a fresh
    /// lookup per entry says, for files, folders, links in and out, NFD names and
    /// entries that name nothing.
    #[cfg(unix)]
    #[test]
    fn a_shared_lookup_answers_as_fresh_ones() {
        use std::os::unix::fs::symlink;
        use unicode_normalization::UnicodeNormalization;
        let outside = tempfile::tempdir().expect("temp dir");
        std::fs::write(outside.path().join("secret.pdf"), "").expect("write");
        let tree = tempfile::tempdir().expect("temp dir");
        let root = tree.path();
        let ev = root.join("evidence");
        std::fs::create_dir_all(ev.join("sub")).expect("mkdir");
        std::fs::create_dir_all(root.join("Giấy tờ".nfd().collect::<String>())).expect("mkdir");
        for f in ["a.pdf", "sub/b.pdf"] {
            std::fs::write(ev.join(f), "").expect("write");
        }
        std::fs::write(ev.join("Mẫu.pdf".nfd().collect::<String>()), "").expect("write");
        std::fs::write(root.join("Giấy tờ".nfd().collect::<String>()).join("c.pdf"), "").expect("write");
        symlink(ev.join("a.pdf"), ev.join("in.pdf")).expect("link");
        symlink(outside.path().join("secret.pdf"), ev.join("out.pdf")).expect("link");
        symlink(outside.path(), ev.join("away")).expect("link");
        symlink(ev.join("gone.pdf"), ev.join("dangling.pdf")).expect("link");
        let entries = [
            "evidence/a.pdf",
            "evidence/sub/b.pdf",
            "evidence/Mẫu.pdf",
            "Giấy tờ/c.pdf",
            "evidence/in.pdf",
            "evidence/out.pdf",
            "evidence/away/secret.pdf",
            "evidence/dangling.pdf",
            "evidence/sub",
            "evidence/none.pdf",
            "nowhere/none.pdf",
            "evidence/a.pdf/x",
            "./evidence/a.pdf",
        ];
        let mut shared = Lookup::new(root);
        let found: Vec<Found> = entries.iter().map(|e| shared.resolve(e)).collect();
        let fresh: Vec<Found> = entries.iter().map(|e| Lookup::new(root).resolve(e)).collect();
        assert_eq!(found, fresh);
        let kinds: Vec<&str> = found
            .iter()
            .map(|f| match f {
                Found::File(_) => "file",
                Found::Missing => "missing",
                Found::Outside => "outside",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "file", "file", "file", "file", "file", "outside", "outside", "missing", "missing", "missing",
                "missing", "missing", "file"
            ]
        );
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
