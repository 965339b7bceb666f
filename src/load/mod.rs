//! Loading a dossier tree: find its root, read every record in sorted order, and return
//! the healthy records together with every diagnostic found on the way.

mod around;
pub(crate) mod messages;
mod source;

pub use around::around;
pub use source::{Positions, Seg, SourceFile, relative};

use crate::diag::{Code, Diagnostic};
use crate::i18n::LocalText;
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
    /// Whether the record files' diagnostics are located (the plan's and activities'
    /// follow the records').
    pub positions: Positions,
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
    load_with(root, Positions::Wanted)
}

/// `load`, locating the diagnostics of record files or not (`Positions`). The commune
/// file and the rules are few and always located.
pub fn load_with(root: &Path, positions: Positions) -> Loaded {
    let mut diags = Vec::new();
    let mut rules = load_rule_files(root, &mut diags);
    let commune = load_commune(root, &mut diags);
    if let Some(c) = &commune {
        rules.calendar.certificate_end = c.value.certificate_end();
    }
    let mut broken = BTreeSet::new();
    let producers = load_dir::<Producer>(root, PRODUCERS_DIR, &keys_producer, positions, &mut diags, &mut broken);
    let products = load_dir::<Product>(root, PRODUCTS_DIR, &keys_product, positions, &mut diags, &mut broken);
    Loaded {
        catalog: Catalog { root: root.to_path_buf(), commune, producers, products, rules, broken, positions },
        diagnostics: diags,
    }
}

/// The `language` of the tree's `ocop.toml`, when it reads and says one.
pub fn commune_language(root: &Path) -> Option<crate::i18n::Lang> {
    let source = read_source(root, &root.join(COMMUNE_FILE)).ok()?;
    source.parse::<Commune>(&keys_commune).ok().and_then(|(c, _)| c.language)
}

/// The largest record, rule or plan file read, in bytes (1 MiB). The example's records
/// are 1–3 KB and a product with every checklist item, note and stage stays under 20 KB;
/// anything larger is not a record someone typed (a pasted export, a log), and reading,
/// parsing and locating diagnostics in it would cost time and memory for nothing. Such a
/// file is refused with one diagnostic (E056) and its content is never echoed.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Reads and decodes one file, turning I/O and encoding failures into diagnostics, and a
/// file over `MAX_FILE_BYTES` into E056 without reading it.
pub fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Box<Diagnostic>> {
    use std::io::Read;
    let rel = relative(root, path);
    let failed =
        |e: std::io::Error| Box::new(Diagnostic::new(Code::ReadFailed, rel.clone()).arg("detail", io_detail(&e)));
    let too_large = |size: u64| {
        Box::new(
            Diagnostic::new(Code::FileTooLarge, rel.clone()).arg("size", kib(size)).arg("limit", kib(MAX_FILE_BYTES)),
        )
    };
    let file = std::fs::File::open(path).map_err(failed)?;
    let size = file.metadata().map_err(failed)?.len();
    if size > MAX_FILE_BYTES {
        return Err(too_large(size));
    }
    // The size can change between the look and the read: read one byte past the limit.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(failed)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    SourceFile::decode(rel, &bytes)
}

/// A size as whole KiB, rounded up ("1025 KiB").
fn kib(bytes: u64) -> String {
    format!("{} KiB", bytes.div_ceil(1024))
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
    if !Inside::new(root).contains(&path) {
        diags.push(Diagnostic::new(Code::FileOutsideTree, COMMUNE_FILE));
        return None;
    }
    let (source, value) = parse_file::<Commune>(root, &path, &keys_commune, diags)?;
    Some(Record { id: Id::from("ocop"), source, value })
}

/// Every `*.toml` under `root/dir`, in sorted order, as a record keyed by its file name.
pub fn load_dir<T: DeserializeOwned + HasId + Send>(
    root: &Path,
    dir: &str,
    known: &(dyn Fn(&[Seg]) -> Vec<&'static str> + Sync),
    positions: Positions,
    diags: &mut Vec<Diagnostic>,
    broken: &mut BTreeSet<PathBuf>,
) -> BTreeMap<Id, Record<T>> {
    let mut out: BTreeMap<Id, Record<T>> = BTreeMap::new();
    let base = root.join(dir);
    if !base.is_dir() {
        return out;
    }
    // Walk first (cheap, in order), then read and parse on every core, then take the
    // results in walk order, so the output is the same whatever the number of cores.
    let mut paths: Vec<Result<PathBuf, Diagnostic>> = Vec::new();
    let inside = Inside::new(root);
    let mut outside = Vec::new();
    // Hidden entries are never records: editors' lock links (`.#x.toml`), backups, our
    // own temporary files (`.ocop-*.tmp`). A link to outside the tree is refused unread.
    let walker = WalkDir::new(&base).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
        if e.depth() > 0 && is_hidden(e.file_name()) {
            return false;
        }
        if e.path_is_symlink() && !inside.contains(e.path()) {
            if e.file_type().is_dir() || e.path().extension().is_some_and(|x| x == "toml") {
                outside.push(e.path().to_path_buf());
            }
            return false;
        }
        true
    });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) if e.path().and_then(Path::file_name).is_some_and(is_hidden) => continue,
            Err(e) => {
                let rel = relative(root, e.path().unwrap_or(&base));
                broken.insert(rel.clone());
                // The walker's own message repeats the absolute path the diagnostic
                // already shows (relative to the root); keep only the cause.
                let detail = match (e.loop_ancestor(), e.io_error()) {
                    (Some(_), _) => LocalText::key("detail.io.link_loop", &[]),
                    (None, Some(io)) => io_detail(io),
                    (None, None) => LocalText::plain(e.to_string()),
                };
                paths.push(Err(Diagnostic::new(Code::ReadFailed, rel).arg("detail", detail)));
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_file() && path.extension().is_some_and(|e| e == "toml") {
            paths.push(Ok(path.to_path_buf()));
        }
    }
    let parsed = parallel_map(&paths, |p| {
        let mut found = Vec::new();
        let parsed = p.as_ref().ok().and_then(|path| {
            let source = read_source(root, path).map_err(|d| found.push(*d)).ok()?;
            let (mut source, value) = source.with_positions(positions).parse_collect::<T>(known, &mut found)?;
            // Nothing but locating reads a file's text once it is parsed: without
            // positions it goes now, so the text of 80,000 files is never held at once.
            if positions == Positions::Counted {
                source.release();
            }
            Some((source, value))
        });
        (found, parsed)
    });
    for (entry, (found, parsed)) in paths.into_iter().zip(parsed) {
        diags.extend(found);
        let path = match entry {
            Ok(path) => path,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let path = path.as_path();
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let Some((source, value)) = parsed else {
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
    for path in outside {
        let rel = relative(root, &path);
        broken.insert(rel.clone());
        diags.push(Diagnostic::new(Code::FileOutsideTree, rel));
    }
    out
}

/// `f` over `items` on every available core, the results in the order of `items`.
/// Reading and parsing the files is most of loading a tree, and each file is independent.
pub fn parallel_map<I: Sync, O: Send>(items: &[I], f: impl Fn(&I) -> O + Sync) -> Vec<O> {
    parallel_chunks(items, |part| part.iter().map(&f).collect::<Vec<O>>()).into_iter().flatten().collect()
}

/// `f` over consecutive parts of `items` on every available core (scoped threads), the
/// results in the order of the parts. Threads take the next part as they finish one, so
/// a core slowed by another program does not hold the others up. Few items run here.
pub fn parallel_chunks<I: Sync, O: Send>(items: &[I], f: impl Fn(&[I]) -> O + Sync) -> Vec<O> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || items.len() < 64 {
        return vec![f(items)];
    }
    // About eight parts per thread, of at least 16 items.
    let size = items.len().div_ceil(threads * 8).max(16);
    let parts: Vec<&[I]> = items.chunks(size).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(part) = parts.get(i) else { break };
            done.push((i, f(part)));
        }
        done
    };
    let mut results: Vec<(usize, O)> = std::thread::scope(|s| {
        let handles: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        let mut all = work();
        // A panic in a worker is a bug; surface it on this thread rather than lose results.
        for h in handles {
            all.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        all
    });
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, o)| o).collect()
}

/// `f` over `items` on every available core, each thread taking the next item as it
/// finishes one, the results in the order of `items`. For few items of uneven cost (a
/// province's communes), where `parallel_map`'s fixed chunks would leave a core idle.
pub fn parallel_each<I: Sync, O: Send>(items: &[I], f: impl Fn(&I) -> O + Sync) -> Vec<O> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(items.len());
    if threads < 2 {
        return items.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, O)>> = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    done.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend(mine);
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        }
    });
    let mut done = done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, o)| o).collect()
}

/// Why a file could not be read, in words rather than the system's English message.
pub fn io_detail(e: &std::io::Error) -> LocalText {
    use std::io::ErrorKind;
    let key = match e.kind() {
        ErrorKind::NotFound => "detail.io.not_found",
        ErrorKind::PermissionDenied => "detail.io.denied",
        ErrorKind::IsADirectory => "detail.io.folder",
        _ if e.raw_os_error() == Some(40) && cfg!(target_os = "linux") => "detail.io.link_loop",
        _ => return LocalText::plain(e.to_string()),
    };
    LocalText::key(key, &[])
}

/// Whether the optional file `name` at the root is there to read. A folder or a
/// dangling link in its place gets E051 (it is no file, so it would be silently
/// ignored); a link to outside the tree gets E050.
pub fn optional_file(root: &Path, name: &str, diags: &mut Vec<Diagnostic>) -> bool {
    let path = root.join(name);
    let Ok(link) = std::fs::symlink_metadata(&path) else { return false };
    let what = match std::fs::metadata(&path) {
        Ok(m) if m.is_file() => {
            if link.file_type().is_symlink() && !Inside::new(root).contains(&path) {
                diags.push(Diagnostic::new(Code::FileOutsideTree, name));
                return false;
            }
            return true;
        }
        Ok(m) if m.is_dir() => "detail.not_a_file_folder",
        Ok(_) => return false,
        Err(_) => "detail.not_a_file_dangling",
    };
    diags.push(Diagnostic::new(Code::NotAFile, name).arg("name", name).arg("what", LocalText::key(what, &[])));
    false
}

/// True for a name that starts with a dot: hidden on Unix, and never a record.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// The tree's real location, to tell whether a link leads outside it.
pub struct Inside {
    root: PathBuf,
}

impl Inside {
    pub fn new(root: &Path) -> Inside {
        Inside { root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()) }
    }

    /// False when `path` resolves (through links) to somewhere outside the tree. A
    /// dangling link counts as inside: reading it fails with its own diagnostic.
    pub fn contains(&self, path: &Path) -> bool {
        std::fs::canonicalize(path).map_or(true, |real| real.starts_with(&self.root))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_each_keeps_the_order_of_items_of_uneven_cost() {
        let items: Vec<u64> = (0..37).collect();
        let out = parallel_each(&items, |&i| {
            // The first items take longest, so later ones finish first.
            std::thread::sleep(std::time::Duration::from_millis(if i < 3 { 20 } else { 0 }));
            i * 2
        });
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert!(parallel_each(&[] as &[u8], |_| 0).is_empty());
    }
}
