//! Loading a dossier tree: find its root, read every record in sorted order, and return
//! the healthy records together with every diagnostic found on the way.

pub(crate) mod messages;
mod source;

pub use source::{Seg, SourceFile, relative};

use crate::diag::{Code, Diagnostic};
use crate::model::{Commune, Id, Producer, Product};
use crate::rules::{RuleBook, load_rule_files};
use crate::text::{is_slug, slug};
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The commune file that marks a tree's root.
pub const COMMUNE_FILE: &str = "ocop.toml";
pub const PRODUCERS_DIR: &str = "producers";
pub const PRODUCTS_DIR: &str = "products";
pub const RULES_DIR: &str = "rules";

/// A record read from its own file.
#[derive(Debug, Clone)]
pub struct Record<T> {
    pub id: Id,
    pub source: SourceFile,
    pub value: T,
}

/// Everything read from a tree that parsed.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub root: PathBuf,
    pub commune: Option<Record<Commune>>,
    pub producers: BTreeMap<Id, Record<Producer>>,
    pub products: BTreeMap<Id, Record<Product>>,
    pub rules: RuleBook,
    /// Tree-relative paths of record files that exist but could not be read or parsed
    /// (their own diagnostics say why), so references to them are not called dangling.
    pub broken: BTreeSet<PathBuf>,
}

impl Catalog {
    /// True when `dir` holds a file for `id` that could not be loaded.
    pub fn is_broken(&self, dir: &str, id: &str) -> bool {
        self.broken.iter().any(|p| p.starts_with(dir) && p.file_stem().is_some_and(|s| s == id))
    }
}

/// The catalog and the diagnostics found while loading it.
#[derive(Debug)]
pub struct Loaded {
    pub catalog: Catalog,
    pub diagnostics: Vec<Diagnostic>,
}

/// The nearest folder at or above `start` that holds `ocop.toml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start.ancestors().find(|dir| dir.join(COMMUNE_FILE).is_file()).map(Path::to_path_buf)
}

/// Loads the tree at `root`. Never fails: what cannot be read becomes a diagnostic.
pub fn load(root: &Path) -> Loaded {
    let mut diags = Vec::new();
    let rules = load_rule_files(root, &mut diags);
    let commune = load_commune(root, &mut diags);
    let mut broken = BTreeSet::new();
    let producers = load_dir::<Producer>(root, PRODUCERS_DIR, &keys_producer, &mut diags, &mut broken);
    let products = load_dir::<Product>(root, PRODUCTS_DIR, &keys_product, &mut diags, &mut broken);
    Loaded {
        catalog: Catalog { root: root.to_path_buf(), commune, producers, products, rules, broken },
        diagnostics: diags,
    }
}

/// The `language` of the tree's `ocop.toml`, when it reads and says one.
pub fn commune_language(root: &Path) -> Option<crate::i18n::Lang> {
    let source = read_source(root, &root.join(COMMUNE_FILE)).ok()?;
    source.parse::<Commune>(&keys_commune).ok().and_then(|(c, _)| c.language)
}

/// Reads and decodes one file, turning I/O and encoding failures into diagnostics.
pub fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Box<Diagnostic>> {
    let rel = relative(root, path);
    let bytes = std::fs::read(path)
        .map_err(|e| Box::new(Diagnostic::new(Code::ReadFailed, rel.clone()).arg("detail", e.to_string())))?;
    SourceFile::decode(rel, &bytes)
}

/// Reads and parses one file into `T`, pushing every diagnostic found.
pub fn parse_file<T: DeserializeOwned>(
    root: &Path,
    path: &Path,
    known: &dyn Fn(&[Seg]) -> Vec<&'static str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(SourceFile, T)> {
    read_source(root, path).map_err(|d| diags.push(*d)).ok()?.parse_collect(known, diags)
}

fn load_commune(root: &Path, diags: &mut Vec<Diagnostic>) -> Option<Record<Commune>> {
    let path = root.join(COMMUNE_FILE);
    if !path.is_file() {
        diags.push(Diagnostic::new(Code::MissingCommuneFile, COMMUNE_FILE).arg("root", root.display().to_string()));
        return None;
    }
    let (source, value) = parse_file::<Commune>(root, &path, &keys_commune, diags)?;
    Some(Record { id: Id::from("ocop"), source, value })
}

/// Every `*.toml` under `root/dir`, in sorted order, as a record keyed by its file name.
pub fn load_dir<T: DeserializeOwned + HasId>(
    root: &Path,
    dir: &str,
    known: &dyn Fn(&[Seg]) -> Vec<&'static str>,
    diags: &mut Vec<Diagnostic>,
    broken: &mut BTreeSet<PathBuf>,
) -> BTreeMap<Id, Record<T>> {
    let mut out: BTreeMap<Id, Record<T>> = BTreeMap::new();
    let base = root.join(dir);
    if !base.is_dir() {
        return out;
    }
    let walker = WalkDir::new(&base).follow_links(true).sort_by_file_name().into_iter();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = relative(root, e.path().unwrap_or(&base));
                broken.insert(rel.clone());
                // The walker's own message repeats the absolute path the diagnostic
                // already shows (relative to the root); keep only the cause.
                let detail = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                diags.push(Diagnostic::new(Code::ReadFailed, rel).arg("detail", detail));
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let Some((source, value)) = parse_file::<T>(root, path, known, diags) else {
            broken.insert(relative(root, path));
            continue;
        };
        if !is_slug(&stem) {
            diags.push(
                Diagnostic::new(Code::IdMismatch, source.path.clone())
                    .arg("id", stem.clone())
                    .arg("expected", slug(&stem)),
            );
            continue;
        }
        if let Some(declared) = value.declared_id().filter(|d| *d != stem) {
            diags.push(
                Diagnostic::new(Code::IdMismatch, source.path.clone())
                    .at(source.locate(&crate::path!["id"]))
                    .arg("id", declared.to_string())
                    .arg("expected", stem.clone()),
            );
        }
        let id = Id(stem);
        if let Some(first) = out.get(&id) {
            diags.push(
                Diagnostic::new(Code::DuplicateId, source.path.clone())
                    .arg("id", id.to_string())
                    .arg("other", first.source.path.display().to_string()),
            );
            continue;
        }
        out.insert(id.clone(), Record { id, source, value });
    }
    out
}

/// Records that may state their own id (which must then equal the file name).
pub trait HasId {
    fn declared_id(&self) -> Option<&str>;
}

impl HasId for Producer {
    fn declared_id(&self) -> Option<&str> {
        self.id.as_deref()
    }
}

impl HasId for Product {
    fn declared_id(&self) -> Option<&str> {
        self.id.as_deref()
    }
}

/// Known keys of `ocop.toml`, from the model.
pub fn keys_commune(parent: &[Seg]) -> Vec<&'static str> {
    crate::fields::keys(crate::fields::Kind::Commune, parent)
}

/// Known keys of producer files, from the model.
pub fn keys_producer(parent: &[Seg]) -> Vec<&'static str> {
    crate::fields::keys(crate::fields::Kind::Producer, parent)
}

/// Known keys of product files, from the model.
pub fn keys_product(parent: &[Seg]) -> Vec<&'static str> {
    crate::fields::keys(crate::fields::Kind::Product, parent)
}
