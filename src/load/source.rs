//! One TOML file's text and the two things every record needs from it: a typed value
//! (with unknown keys collected, not fatal) and positions for diagnostics.

use crate::diag::{Code, Diagnostic, Position};
use crate::i18n::LocalText;
use crate::model::BAD_DATE_MARKER;
use crate::text::nfc;
use serde::de::DeserializeOwned;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A step in a path through a TOML document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(s: &str) -> Self {
        Seg::Key(s.to_string())
    }
}

impl From<usize> for Seg {
    fn from(i: usize) -> Self {
        Seg::Index(i)
    }
}

/// Builds an array of `Seg` from keys and indexes: `path!["dossier", id, "status"]`.
#[macro_export]
macro_rules! path {
    ($($seg:expr),* $(,)?) => { [$($crate::load::Seg::from($seg)),*] };
}

/// A file's text, already decoded and normalised to NFC, and its tree-relative path.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    cache: Cache,
    /// Whether `locate` answers (`Positions::Wanted`): a command that only counts the
    /// diagnostics has no use for their lines and columns, and locating is the one cost
    /// of a diagnostic that grows with its file.
    positions: Positions,
}

/// Whether the diagnostics of a load carry their line and column. `Counted` is for
/// commands that print no diagnostic, only how many there are and which files they
/// concern (`status`, `due`, `report`, `export`): every diagnostic is still found, with
/// the same code, file and values, but none is located.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Positions {
    #[default]
    Wanted,
    Counted,
}

/// What locating diagnostics in one file needs once, not once per diagnostic: the line
/// starts, built on the first lookup, and the file's identity for the index of its
/// keys' spans (`LAST_INDEX`).
#[derive(Debug)]
struct Cache {
    lines: OnceLock<Vec<usize>>,
    id: u64,
    /// The index of the file's keys, built from the parse that made its value, until the
    /// checks that may locate in it have run (`forget_index`): without it, the first
    /// diagnostic located in a file parses it a second time.
    index: std::sync::Mutex<Option<KeyIndex>>,
}

impl Default for Cache {
    fn default() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        Cache { lines: OnceLock::new(), id: NEXT.fetch_add(1, Ordering::Relaxed), index: Default::default() }
    }
}

/// Built again when needed rather than copied.
impl Clone for Cache {
    fn clone(&self) -> Self {
        Cache::default()
    }
}

std::thread_local! {
    /// The index of the last file a diagnostic was located in on this thread, by the
    /// file's `Cache::id`. A file's diagnostics are made one after the other (its parse
    /// warnings, then its checks), so the file is parsed once for all of them, and no
    /// index outlives the next file's: keeping one per file held about 45 MB at 20,000
    /// products.
    static LAST_INDEX: std::cell::RefCell<Option<(u64, Option<KeyIndex>)>> = const { std::cell::RefCell::new(None) };
}

/// A key's span (absent for array elements) and its value's span, as byte offsets (a
/// file is at most `MAX_FILE_BYTES`, far below `u32::MAX`).
#[derive(Debug, Clone, Copy)]
struct Spans {
    key: Option<(u32, u32)>,
    value: (u32, u32),
}

/// Every key and array element of a file by the hash of its path, sorted by hash (the
/// first of equal hashes is the first in the file). A hash rather than the path itself
/// keeps the index to 32 bytes a key with no allocation per key; two paths of one file
/// sharing a 64-bit hash is far less likely than any other failure.
#[derive(Debug)]
struct KeyIndex(Vec<(u64, Spans)>);

impl KeyIndex {
    fn get(&self, hash: u64) -> Option<Spans> {
        let i = self.0.partition_point(|(h, _)| *h < hash);
        self.0.get(i).filter(|(h, _)| *h == hash).map(|(_, s)| *s)
    }
}

/// The hash of a path one step longer than the path hashed as `parent`.
fn step(parent: u64, seg: &Seg) -> u64 {
    match seg {
        Seg::Key(k) => step_key(parent, k),
        Seg::Index(i) => step_index(parent, *i),
    }
}

fn step_key(parent: u64, key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (parent, 0u8, key).hash(&mut h);
    h.finish()
}

fn step_index(parent: u64, index: usize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (parent, 1u8, index).hash(&mut h);
    h.finish()
}

/// The hash of the empty path.
const ROOT: u64 = 0;

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> SourceFile {
        SourceFile { path: path.into(), text: text.into(), cache: Cache::default(), positions: Positions::Wanted }
    }

    /// The same file, locating its diagnostics or not (`Positions`).
    pub fn with_positions(mut self, positions: Positions) -> SourceFile {
        self.positions = positions;
        self
    }

    /// Decodes raw bytes: UTF-8 with or without BOM, any line ends, NFD or NFC. Returns
    /// E002 at the first invalid byte for anything else.
    pub fn decode(path: PathBuf, bytes: &[u8]) -> Result<SourceFile, Box<Diagnostic>> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(path, nfc(text))),
            Err(e) => {
                let valid = e.valid_up_to();
                // Show the position using the valid prefix; the bad byte is just after.
                let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
                let line_end = bytes[valid..].iter().position(|b| *b == b'\n').map_or(bytes.len(), |i| valid + i);
                let lossy = String::from_utf8_lossy(&bytes[..line_end]).into_owned();
                let mut pos = Position::of(&lossy, prefix.len()..prefix.len() + 1);
                pos.width = 1;
                Err(Box::new(
                    Diagnostic::new(Code::NotUtf8, path).at(Some(pos)).arg("byte", format!("0x{:02X}", bytes[valid])),
                ))
            }
        }
    }

    /// Lets go of the text and what locating needed, for a command that only reads once
    /// every check has run: a tree of 20,000 products holds about 80 MB of record text.
    /// Afterwards nothing can be located in this file (`locate` answers `None`).
    pub fn release(&mut self) {
        self.text = String::new();
        self.cache = Cache::default();
    }

    pub fn position(&self, span: Range<usize>) -> Position {
        let starts = self.cache.lines.get_or_init(|| crate::diag::line_starts(&self.text));
        Position::at(&self.text, starts, span)
    }

    /// The span of the value at `path`, or of the key itself when `key` is true. Falls
    /// back to the nearest ancestor that exists.
    pub fn span_of(&self, path: &[Seg], key: bool) -> Option<Range<usize>> {
        if let Ok(kept) = self.cache.index.lock()
            && let Some(index) = kept.as_ref()
        {
            return Self::span_in(index, path, key);
        }
        LAST_INDEX.with_borrow_mut(|last| {
            if !matches!(last, Some((id, _)) if *id == self.cache.id) {
                *last = Some((self.cache.id, index(&self.text)));
            }
            let index = last.as_ref().and_then(|(_, i)| i.as_ref())?;
            Self::span_in(index, path, key)
        })
    }

    fn span_in(index: &KeyIndex, path: &[Seg], key: bool) -> Option<Range<usize>> {
        let mut hashes = Vec::with_capacity(path.len());
        let mut h = ROOT;
        for seg in path {
            h = step(h, seg);
            hashes.push(h);
        }
        let range = |(a, b): (u32, u32)| a as usize..b as usize;
        (1..=path.len()).rev().find_map(|len| {
            let found = index.get(hashes[len - 1])?;
            let by_key = key && matches!(path[len - 1], Seg::Key(_));
            Some(range(if by_key { found.key.unwrap_or(found.value) } else { found.value }))
        })
    }

    /// Lets go of the index kept from parsing (`Cache::index`) once nothing more will be
    /// located in this file during the checks; a later lookup builds one again.
    pub fn forget_index(&self) {
        if let Ok(mut kept) = self.cache.index.lock() {
            *kept = None;
        }
    }

    /// What `span_of` answers, by walking a fresh parse: the reference the index is
    /// tested against.
    #[cfg(test)]
    fn span_by_parsing(&self, path: &[Seg], key: bool) -> Option<Range<usize>> {
        let root = DeTable::parse(&self.text).ok()?;
        let mut best: Option<Range<usize>> = None;
        let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
        let mut value: Option<&Spanned<DeValue<'_>>> = None;
        for seg in path {
            let next = match (seg, table, value) {
                (Seg::Key(k), Some(t), _) => t.iter().find(|(name, _)| name.get_ref() == k).map(|(name, v)| {
                    if key {
                        best = Some(name.span());
                    }
                    v
                }),
                (Seg::Index(i), _, Some(v)) => v.get_ref().as_array().and_then(|a| a.get(*i)),
                _ => None,
            };
            let Some(v) = next else { break };
            if !key || matches!(seg, Seg::Index(_)) {
                best = Some(v.span());
            }
            value = Some(v);
            table = v.get_ref().as_table();
        }
        best
    }

    /// The position of the value (or key) at `path`, for a diagnostic.
    pub fn locate(&self, path: &[Seg]) -> Option<Position> {
        self.located().then(|| self.span_of(path, false).map(|s| self.position(s))).flatten()
    }

    pub fn locate_key(&self, path: &[Seg]) -> Option<Position> {
        self.located().then(|| self.span_of(path, true).map(|s| self.position(s))).flatten()
    }

    /// True when this file's diagnostics carry positions (`Positions::Wanted`).
    pub fn located(&self) -> bool {
        self.positions == Positions::Wanted
    }

    /// Parses the file into `T`. Unknown keys become W006 warnings (with a suggestion
    /// from `known_keys`); a syntax, type or date error becomes one E003/E004/E005.
    pub fn parse<T: DeserializeOwned>(
        &self,
        known_keys: &dyn Fn(&[Seg]) -> Vec<&'static str>,
    ) -> Result<(T, Vec<Diagnostic>), Box<Diagnostic>> {
        let table = DeTable::parse(&self.text).map_err(|e| Box::new(self.toml_error(Code::TomlSyntax, &e)))?;
        if self.located()
            && let Ok(mut kept) = self.cache.index.lock()
        {
            *kept = Some(index_of(&table));
        }
        // Read from this parse, before the value is built from it (see `control_characters`).
        let controls = self.control_characters(&table);
        let de = toml::Deserializer::from(table);
        let mut unknown: Vec<Vec<Seg>> = Vec::new();
        let value: T = match serde_ignored::deserialize(de, |p| unknown.push(segments(&p))) {
            Ok(v) => v,
            Err(e) => {
                let d = self.misspelt_key(&e, &unknown).unwrap_or_else(|| self.toml_error(Code::WrongType, &e));
                return Err(Box::new(d));
            }
        };
        let mut warnings: Vec<Diagnostic> = unknown
            .into_iter()
            .map(|path| {
                let (name, parent) = match path.split_last() {
                    Some((Seg::Key(k), parent)) => (k.clone(), parent.to_vec()),
                    _ => (String::new(), Vec::new()),
                };
                let mut d = Diagnostic::new(Code::UnknownKey, self.path.clone())
                    .at(self.locate_key(&path))
                    .arg("key", name.clone());
                d = d.arg("suggestion", crate::diag::suggestion(&name, known_keys(&parent)));
                d
            })
            .collect();
        warnings.extend(controls);
        warnings.sort_by_cached_key(Diagnostic::sort_key);
        Ok((value, warnings))
    }

    /// Parses into `T`, pushing warnings (or the one error) onto `diags`; the source and
    /// value come back only when the file parsed.
    pub fn parse_collect<T: DeserializeOwned>(
        self,
        known: &dyn Fn(&[Seg]) -> Vec<&'static str>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<(SourceFile, T)> {
        match self.parse::<T>(known) {
            Ok((value, warnings)) => {
                diags.extend(warnings);
                Some((self, value))
            }
            Err(d) => {
                diags.push(*d);
                None
            }
        }
    }

    /// W055 for every string value holding a control or bidi character (`safe::control`),
    /// such as a vertical tab pasted from Word: it breaks Word reports and terminals.
    /// Such a character reaches a value only through an escape (`\u000B`, `\e`) or as a
    /// raw C1 or bidi character, so the strings of files with neither are not walked.
    fn control_characters(&self, root: &Spanned<DeTable<'_>>) -> Vec<Diagnostic> {
        let maybe = self.text.contains('\\') || crate::safe::control(&self.text).is_some();
        if !maybe {
            return Vec::new();
        }
        strings_with_controls(root)
            .into_iter()
            .map(|(path, span, c)| {
                let key = path
                    .iter()
                    .map(|s| match s {
                        Seg::Key(k) => k.clone(),
                        Seg::Index(i) => i.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(".");
                let shown = format!("U+{:04X}", c as u32);
                Diagnostic::new(Code::ControlCharacter, self.path.clone())
                    .at(self.located().then(|| self.position(span)))
                    .arg("key", key)
                    .arg("char", shown)
            })
            .collect()
    }

    /// A required key reported missing while a key close to it was not recognised in
    /// the same table: the key was misspelt, so point at it rather than at the table.
    fn misspelt_key(&self, e: &toml::de::Error, unknown: &[Vec<Seg>]) -> Option<Diagnostic> {
        let field = e.message().trim().strip_prefix("missing field `")?.split('`').next()?;
        let table = e.span()?;
        // The error spans the table (its header, or nothing for the root table): keep
        // the unrecognised keys whose parent table starts there.
        let parent_start = |p: &[Seg]| match p.split_last() {
            Some((_, [])) => Some(0),
            Some((_, parent)) => self.span_of(parent, false).map(|s| s.start),
            None => None,
        };
        let in_table: Vec<(&Vec<Seg>, Range<usize>)> = unknown
            .iter()
            .filter(|p| parent_start(p) == Some(table.start))
            .filter_map(|p| self.span_of(p, true).map(|s| (p, s)))
            .collect();
        let names = in_table.iter().filter_map(|(p, _)| match p.last() {
            Some(Seg::Key(k)) => Some(k.as_str()),
            _ => None,
        });
        let key = crate::text::did_you_mean(field, names)?;
        let (_, span) = in_table.iter().find(|(p, _)| matches!(p.last(), Some(Seg::Key(k)) if k == key))?;
        let detail = LocalText::key("serde.misspelt_field", &[("field", &field.into()), ("key", &key.into())]);
        Some(
            Diagnostic::new(Code::WrongType, self.path.clone())
                .at(Some(self.position(span.clone())))
                .arg("detail", detail),
        )
    }

    fn toml_error(&self, code: Code, e: &toml::de::Error) -> Diagnostic {
        let message = e.message().trim().to_string();
        let token = e.span().and_then(|s| self.text.get(s)).unwrap_or("");
        let (code, detail) = match (message.split_once(BAD_DATE_MARKER), super::messages::date_problem(token)) {
            (Some((_, value)), _) => {
                (Code::BadDate, super::messages::date_problem(value).unwrap_or_else(|| LocalText::plain(value)))
            }
            (None, Some(problem)) => (Code::BadDate, problem),
            (None, None) if code == Code::TomlSyntax => (code, super::messages::toml_syntax(&message)),
            (None, None) => (code, super::messages::serde_message(&message)),
        };
        Diagnostic::new(code, self.path.clone()).at(e.span().map(|s| self.position(s))).arg("detail", detail)
    }
}

/// Every key and array element of `text` by the hash of its path, parsed once; `None`
/// when the text does not parse. The first of duplicate keys wins, as in the parser's
/// own lookup.
fn index(text: &str) -> Option<KeyIndex> {
    DeTable::parse(text).ok().map(|root| index_of(&root))
}

/// The index of a parsed file's keys (see `index`).
fn index_of(root: &Spanned<DeTable<'_>>) -> KeyIndex {
    fn span(r: Range<usize>) -> (u32, u32) {
        (u32::try_from(r.start).unwrap_or(u32::MAX), u32::try_from(r.end).unwrap_or(u32::MAX))
    }
    fn walk(parent: u64, v: &Spanned<DeValue<'_>>, out: &mut Vec<(u64, Spans)>) {
        match v.get_ref() {
            DeValue::Table(t) => table(parent, t, out),
            DeValue::Array(a) => {
                for (i, child) in a.iter().enumerate() {
                    let h = step_index(parent, i);
                    out.push((h, Spans { key: None, value: span(child.span()) }));
                    walk(h, child, out);
                }
            }
            _ => {}
        }
    }
    fn table(parent: u64, t: &DeTable<'_>, out: &mut Vec<(u64, Spans)>) {
        for (name, child) in t.iter() {
            let h = step_key(parent, name.get_ref());
            out.push((h, Spans { key: Some(span(name.span())), value: span(child.span()) }));
            walk(h, child, out);
        }
    }
    let mut out = Vec::new();
    table(ROOT, root.get_ref(), &mut out);
    // Stable: of equal hashes (a duplicate key), the first in the file stays first.
    out.sort_by_key(|(h, _)| *h);
    out.dedup_by_key(|(h, _)| *h);
    out.shrink_to_fit();
    KeyIndex(out)
}

/// A string value's path, span and first control character.
type Found = (Vec<Seg>, Range<usize>, char);

/// (path, span, first control character) of every string value of a parsed file that
/// holds one.
fn strings_with_controls(root: &Spanned<DeTable<'_>>) -> Vec<Found> {
    fn walk(prefix: &mut Vec<Seg>, v: &Spanned<DeValue<'_>>, out: &mut Vec<Found>) {
        match v.get_ref() {
            DeValue::String(s) => {
                if let Some(c) = crate::safe::control(s) {
                    out.push((prefix.clone(), v.span(), c));
                }
            }
            DeValue::Table(t) => {
                for (name, child) in t.iter() {
                    prefix.push(Seg::Key(name.get_ref().to_string()));
                    walk(prefix, child, out);
                    prefix.pop();
                }
            }
            DeValue::Array(a) => {
                for (i, child) in a.iter().enumerate() {
                    prefix.push(Seg::Index(i));
                    walk(prefix, child, out);
                    prefix.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut prefix = Vec::new();
    for (name, child) in root.get_ref().iter() {
        prefix.push(Seg::Key(name.get_ref().to_string()));
        walk(&mut prefix, child, &mut out);
        prefix.pop();
    }
    out
}

fn segments(p: &serde_ignored::Path<'_>) -> Vec<Seg> {
    use serde_ignored::Path as P;
    match p {
        P::Root => Vec::new(),
        P::Seq { parent, index } => {
            let mut v = segments(parent);
            v.push(Seg::Index(*index));
            v
        }
        P::Map { parent, key } => {
            let mut v = segments(parent);
            v.push(Seg::Key(key.clone()));
            v
        }
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => segments(parent),
    }
}

/// A path relative to `root`, with `/` separators whatever the platform.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Rec {
        name: String,
        #[serde(default)]
        items: std::collections::BTreeMap<String, Item>,
    }
    #[derive(Debug, Deserialize)]
    struct Item {
        status: String,
    }

    fn src(text: &str) -> SourceFile {
        SourceFile::new("x.toml", text)
    }

    fn keys(_: &[Seg]) -> Vec<&'static str> {
        vec!["name", "items", "status"]
    }

    #[test]
    fn unknown_keys_are_warnings_with_positions_and_suggestions() {
        let s = src("name = \"a\"\nnmae = 1\n[items.x]\nstatus = \"done\"\nstatsu = 2\n");
        let (rec, warnings) = s.parse::<Rec>(&keys).expect("parses");
        assert_eq!(rec.name, "a");
        assert_eq!(rec.items["x"].status, "done");
        let found: Vec<_> = warnings
            .iter()
            .map(|d| (d.position.as_ref().map(|p| p.line), d.args[0].1.vi.clone(), d.hint(crate::i18n::Lang::En)))
            .collect();
        let hint = |k: &str| format!("unknown keys are ignored (did you mean `{k}`?)");
        assert_eq!(found, [(Some(2), "nmae".into(), hint("name")), (Some(5), "statsu".into(), hint("status"))]);
        let (_, far) = src("name = \"a\"\nzzz = 1\n").parse::<Rec>(&keys).expect("parses");
        assert_eq!(far[0].hint(crate::i18n::Lang::En), "unknown keys are ignored");
    }

    #[test]
    fn a_misspelt_required_key_is_pointed_at() {
        let at = |text: &str| {
            let e = src(text).parse::<Rec>(&keys).expect_err("missing key");
            (e.code, e.position.map(|p| (p.line, p.column)), e.args[0].1.en.clone())
        };
        let misspelt = "required key `name` is missing: is `nmae` a misspelling of `name`?";
        assert_eq!(at("\nnmae = \"a\"\n"), (Code::WrongType, Some((2, 1)), misspelt.to_string()));
        let status = "required key `status` is missing: is `statsu` a misspelling of `status`?";
        assert_eq!(
            at("name = \"a\"\n[items.x]\nnote = 1\nstatsu = \"done\"\n"),
            (Code::WrongType, Some((4, 1)), status.to_string())
        );
        // Nothing close: the table is all there is to point at.
        let (code, _, detail) = at("zzz = \"a\"\n");
        assert_eq!((code, detail.contains("is missing")), (Code::WrongType, true));
        // A close key in another table is not the one missing here.
        let e = src("[items.x]\nname = \"done\"\n").parse::<Rec>(&keys).expect_err("missing");
        assert!(!e.args[0].1.en.contains("misspelling"), "{:?}", e.args);
    }

    #[test]
    fn syntax_and_type_errors_point_at_the_value() {
        let e = src("name = \n").parse::<Rec>(&keys).expect_err("syntax");
        assert_eq!(e.code, Code::TomlSyntax);
        assert_eq!(e.position.as_ref().map(|p| p.line), Some(1));
        let e = src("\nname = 5\n").parse::<Rec>(&keys).expect_err("type");
        assert_eq!(e.code, Code::WrongType);
        assert_eq!(e.position.as_ref().map(|p| (p.line, p.column)), Some((2, 8)));
    }

    #[test]
    fn decodes_bom_crlf_nfd_and_rejects_latin1() {
        let s = SourceFile::decode("a".into(), b"\xEF\xBB\xBFname = \"Ma\xCC\xA3\xCC\x82t\"\r\n").expect("utf-8");
        assert_eq!(s.text, "name = \"Mật\"\r\n");
        let e = SourceFile::decode("a".into(), b"a = 1\nname = \"M\xe2t\"\n").expect_err("latin-1");
        assert_eq!(e.code, Code::NotUtf8);
        assert_eq!(e.position.as_ref().map(|p| (p.line, p.column)), Some((2, 10)));
    }

    #[test]
    fn the_index_finds_what_parsing_finds() {
        let text = "[dossier.dkkd]\nstatus = \"done\"\nevidence = [\"a\", \"b\"]\n[[x]]\ny = 1\n";
        let paths: Vec<Vec<Seg>> = vec![
            path!["dossier", "dkkd", "evidence", 1usize].to_vec(),
            path!["dossier", "nope"].to_vec(),
            path!["dossier", "dkkd", "status"].to_vec(),
            path!["x", 0usize, "y"].to_vec(),
            path!["nothing"].to_vec(),
        ];
        let s = src(text);
        for key in [false, true] {
            let parsed: Vec<_> = paths.iter().map(|p| s.span_by_parsing(p, key)).collect();
            let indexed: Vec<_> = paths.iter().map(|p| index_lookup(&s, p, key)).collect();
            assert_eq!(parsed, indexed);
        }
    }

    fn index_lookup(s: &SourceFile, p: &[Seg], key: bool) -> Option<Range<usize>> {
        s.span_of(p, key)
    }

    #[test]
    fn thousands_of_unknown_keys_are_located_once_each() {
        let mut text = String::from("name = \"a\"\n[items]\n");
        for i in 0..3000 {
            text.push_str(&format!("[items.k{i}]\nstatus = \"done\"\nextra{i} = 1\n"));
        }
        let (_, warnings) = src(&text).parse::<Rec>(&keys).expect("parses");
        assert_eq!(warnings.len(), 3000);
        let lines: Vec<_> = warnings.iter().filter_map(|d| d.position.as_ref().map(|p| p.line)).collect();
        assert_eq!(lines.len(), 3000);
        assert!(lines.iter().all(|l| l % 3 == 2), "{:?}", &lines[..3]);
    }

    #[test]
    fn locates_nested_values_and_array_elements() {
        let s = src("[dossier.dkkd]\nstatus = \"done\"\nevidence = [\"a\", \"b\"]\n");
        let p = s.locate(&path!["dossier", "dkkd", "evidence", 1usize]).expect("found");
        assert_eq!((p.line, p.column), (3, 18));
        let p = s.locate(&path!["dossier", "nope"]).expect("falls back to parent");
        assert_eq!(p.line, 1);
    }
}
