//! SHA-256 fingerprints: of one evidence file (so a replaced scan is noticed), and of a
//! product's record with its evidence (so a sign-off goes stale when anything it covered
//! changes). Fingerprints are written `sha256:<hex>`.

use crate::model::Product;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

const PREFIX: &str = "sha256:";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `sha256:<hex>` of `bytes`.
pub fn of_bytes(bytes: &[u8]) -> String {
    format!("{PREFIX}{}", hex(&Sha256::digest(bytes)))
}

/// The fingerprint of the file at `rel` under `root`, or None when it cannot be read or
/// is not a plain file inside the tree: a hand-written path (`/dev/zero`, `../x`, a link
/// leading out) is never read, as evidence outside the tree is not (E011). The path is
/// found as `check` finds evidence (`crate::evidence`): `\` separators, and names stored
/// NFD on disk, lead to the same file on every system. For one file at a time; a run
/// over many records asks the catalog's `Hashes`.
pub fn of_file(root: &Path, rel: &str) -> Option<String> {
    Hashes::default().file(root, rel)
}

/// The fingerprint of what a reviewer approves (see `Hashes::product`), for one product.
pub fn of_product(root: &Path, product: &Product) -> String {
    Hashes::default().product(root, product)
}

/// The fingerprints of the evidence files read so far, by the file's real path: a run
/// that asks for one file several times (W069 and W070 on the same product, the review
/// state, redaction, two products sharing a scan) reads and hashes it once. Lives with
/// the catalog it was loaded with, so a tree opened again starts afresh.
#[derive(Debug, Default)]
pub struct Hashes {
    seen: Mutex<HashMap<PathBuf, Arc<OnceLock<Option<String>>>>>,
}

impl Hashes {
    /// `of_file`, each real file read once.
    pub fn file(&self, root: &Path, rel: &str) -> Option<String> {
        let crate::evidence::Found::File(path) = crate::evidence::Lookup::new(root).resolve(rel) else { return None };
        if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            return None;
        }
        let real = std::fs::canonicalize(&path).unwrap_or(path);
        // The map is held only to find the file's cell: two threads asking for one file
        // wait for one hash, two files are hashed side by side.
        let cell = {
            let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(seen.entry(real.clone()).or_default())
        };
        cell.get_or_init(|| {
            #[cfg(test)]
            READS.with(|n| n.set(n.get() + 1));
            std::fs::read(&real).ok().map(|b| of_bytes(&b))
        })
        .clone()
    }

    /// The fingerprint of what a reviewer approves: the record's meaning (its values, not
    /// its comments or layout, and without the approval itself) and every evidence
    /// file's bytes.
    pub fn product(&self, root: &Path, product: &Product) -> String {
        let mut p = product.clone();
        p.review = None;
        let mut h = Sha256::new();
        h.update(serde_json::to_string(&p).unwrap_or_default().as_bytes());
        let mut paths: Vec<&str> =
            product.dossier.values().flat_map(|i| i.evidence.iter().map(String::as_str)).collect();
        paths.sort_unstable();
        paths.dedup();
        for rel in paths {
            h.update(b"\n");
            h.update(rel.as_bytes());
            h.update(b"\0");
            h.update(self.file(root, rel).unwrap_or_else(|| "missing".into()).as_bytes());
        }
        format!("{PREFIX}{}", hex(&h.finalize()))
    }
}

#[cfg(test)]
thread_local! {
    /// How many evidence files this thread read and hashed.
    static READS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many evidence files this thread read and hashed so far, for tests that hold a
/// run to reading each file once.
#[cfg(test)]
pub(crate) fn reads() -> usize {
    READS.with(std::cell::Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_files_inside_the_tree_are_read() {
        let outer = tempfile::tempdir().expect("temp");
        let root = outer.path().join("tree");
        std::fs::create_dir_all(root.join("evidence")).expect("mkdir");
        std::fs::write(root.join("evidence/a.pdf"), b"abc").expect("write");
        std::fs::write(outer.path().join("secret.txt"), b"abc").expect("write");
        assert_eq!(of_file(&root, "evidence/a.pdf").as_deref(), Some(of_bytes(b"abc").as_str()));
        assert_eq!(of_file(&root, "../secret.txt"), None);
        assert_eq!(of_file(&root, "/dev/zero"), None);
        assert_eq!(of_file(&root, "evidence"), None);
        // Read as check reads evidence: a Windows path, and an NFC name stored NFD.
        assert_eq!(of_file(&root, "evidence\\a.pdf").as_deref(), Some(of_bytes(b"abc").as_str()));
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("evidence/Mẫu.pdf").collect();
        std::fs::write(root.join(nfd), b"nfd").expect("write");
        assert_eq!(of_file(&root, "evidence/Mẫu.pdf").as_deref(), Some(of_bytes(b"nfd").as_str()));
    }

    #[test]
    fn known_digest() {
        assert_eq!(of_bytes(b"abc"), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn a_product_fingerprint_follows_values_and_evidence_not_the_review() {
        let dir = tempfile::tempdir().expect("temp");
        std::fs::write(dir.path().join("a.pdf"), b"one").expect("write");
        let mut p: Product = toml::from_str(
            "name = \"X\"\nproducer = \"p\"\nset = 4\nevaluation = \"first\"\n[dossier.label]\nstatus = \"done\"\nevidence = [\"a.pdf\"]\n",
        )
        .expect("product");
        let first = of_product(dir.path(), &p);
        p.review = Some(crate::model::Review {
            by: "A".into(),
            date: Some(crate::model::Date("2026-11-29".parse().expect("date"))),
            fingerprint: Some(first.clone()),
        });
        assert_eq!(of_product(dir.path(), &p), first);
        std::fs::write(dir.path().join("a.pdf"), b"two").expect("write");
        assert_ne!(of_product(dir.path(), &p), first);
        std::fs::write(dir.path().join("a.pdf"), b"one").expect("write");
        p.note = Some("changed".into());
        assert_ne!(of_product(dir.path(), &p), first);
    }

    /// A product whose scan changed since it was fingerprinted and approved: W069 and
    /// W070 both read the scan.
    const STALE: &str = "\
name = \"Mật ong\"
producer = \"p\"
set = 4
evaluation = \"first\"

[review]
by = \"A\"
fingerprint = \"sha256:00\"

[dossier.label]
status = \"in_progress\"
evidence = [\"evidence/a.pdf\"]
fingerprints = { \"evidence/a.pdf\" = \"sha256:00\" }
";

    #[test]
    fn a_run_reads_each_evidence_file_once() {
        let dir = tempfile::tempdir().expect("temp");
        let root = dir.path();
        for d in ["producers", "products", "evidence"] {
            std::fs::create_dir_all(root.join(d)).expect("mkdir");
        }
        std::fs::write(root.join("ocop.toml"), "name = \"X\"\n").expect("write");
        std::fs::write(root.join("producers/p.toml"), crate::checks::testing::PRODUCER).expect("write");
        std::fs::write(root.join("evidence/a.pdf"), b"scan").expect("write");
        // Three products share the scan; `z`'s approval still holds.
        for id in ["x", "y"] {
            std::fs::write(root.join(format!("products/{id}.toml")), STALE.replace("Mật ong", id)).expect("write");
        }
        let z = STALE.replace("Mật ong", "z");
        let approved = of_product(root, &toml::from_str(&z).expect("product"));
        let z = z.replace("fingerprint = \"sha256:00\"", &format!("fingerprint = \"{approved}\""));
        std::fs::write(root.join("products/z.toml"), z).expect("write");
        let start = reads();
        let mut tree = crate::tree::open(root, crate::checks::testing::today());
        let codes: Vec<&str> = tree.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes.iter().filter(|c| **c == "W069").count(), 3, "{codes:?}");
        assert_eq!(codes.iter().filter(|c| **c == "W070").count(), 2, "{codes:?}");
        assert_eq!(reads() - start, 1, "the checks read the scan once");
        let states: Vec<_> = crate::review::rows(&tree.catalog).iter().map(|r| r.state.key()).collect();
        assert_eq!(states, ["stale", "stale", "approved"]);
        crate::redact::tree(&mut tree, crate::i18n::Lang::Vi);
        assert_eq!(reads() - start, 1, "the review state and redaction read it again");
        assert_eq!(
            crate::review::state(&tree.catalog, &tree.catalog.products[&crate::model::Id::from("z")].value).key(),
            "approved"
        );
        // A tree opened again reads the files as they are now.
        let start = reads();
        crate::tree::open(root, crate::checks::testing::today());
        assert_eq!(reads() - start, 1);
    }
}
