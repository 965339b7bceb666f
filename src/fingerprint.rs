//! SHA-256 fingerprints: of one evidence file (so a replaced scan is noticed), and of a
//! product's record with its evidence (so a sign-off goes stale when anything it covered
//! changes). Fingerprints are written `sha256:<hex>`.

use crate::model::Product;
use sha2::{Digest, Sha256};
use std::path::Path;

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
/// NFD on disk, lead to the same file on every system.
pub fn of_file(root: &Path, rel: &str) -> Option<String> {
    let crate::evidence::Found::File(path) = crate::evidence::Lookup::new(root).resolve(rel) else { return None };
    if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    std::fs::read(path).ok().map(|b| of_bytes(&b))
}

/// The fingerprint of what a reviewer approves: the record's meaning (its values, not
/// its comments or layout, and without the approval itself) and every evidence file's
/// bytes.
pub fn of_product(root: &Path, product: &Product) -> String {
    let mut p = product.clone();
    p.review = None;
    let mut h = Sha256::new();
    h.update(serde_json::to_string(&p).unwrap_or_default().as_bytes());
    let mut paths: Vec<&str> = product.dossier.values().flat_map(|i| i.evidence.iter().map(String::as_str)).collect();
    paths.sort_unstable();
    paths.dedup();
    for rel in paths {
        h.update(b"\n");
        h.update(rel.as_bytes());
        h.update(b"\0");
        h.update(of_file(root, rel).unwrap_or_else(|| "missing".into()).as_bytes());
    }
    format!("{PREFIX}{}", hex(&h.finalize()))
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
}
