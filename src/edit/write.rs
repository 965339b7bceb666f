//! The one way `ocop` writes files. Records (inside a tree, under its edit lock): a
//! temporary file in the same folder with the original's permissions and owner, renamed
//! over the original only if the file on disk is still the one that was read; links are
//! written through to their target inside the tree, and read-only or hard-linked records
//! are refused. Outputs (reports, schemas, a new tree): the same temporary file and
//! rename, without the lock. Nothing is written when nothing changed.
//!
//! `std::fs::write`, `std::fs::rename` and `File::create` are forbidden elsewhere
//! (clippy.toml), so every write goes through here.
#![allow(clippy::disallowed_methods)]

use super::lock::TreeLock;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Temporary files of record writes: `.ocop-XXXXXX.tmp`. A killed write leaves one
/// behind; the next write in the same folder removes it, and loading never reads it.
const TMP_PREFIX: &str = ".ocop-";
const TMP_SUFFIX: &str = ".tmp";

/// True for a name `ocop` gives its temporary files while writing a record.
pub fn is_temp_name(name: &str) -> bool {
    name.len() > TMP_PREFIX.len() + TMP_SUFFIX.len() && name.starts_with(TMP_PREFIX) && name.ends_with(TMP_SUFFIX)
}

/// A file as it was read before an edit: its bytes and modification time.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The path as named (a link stays a link).
    pub path: PathBuf,
    bytes: Vec<u8>,
    modified: Option<SystemTime>,
}

impl Snapshot {
    pub fn read(path: &Path) -> io::Result<Snapshot> {
        let modified = fs::metadata(path)?.modified().ok();
        let bytes = fs::read(path)?;
        Ok(Snapshot { path: path.to_path_buf(), bytes, modified })
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// True when the file on disk still has the bytes and time it had when read.
    fn still_on_disk(&self) -> io::Result<bool> {
        let modified = fs::metadata(&self.path)?.modified().ok();
        Ok(modified == self.modified && fs::read(&self.path)? == self.bytes)
    }
}

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The new bytes equal the old ones: the file was not touched.
    Unchanged,
    Written,
}

/// Why a write did not happen. The path is the one the command was given.
#[derive(Debug)]
pub enum WriteError {
    /// The file changed on disk (another editor, a `git pull`) since it was read.
    Changed(PathBuf),
    /// A new record's file appeared meanwhile.
    Exists(PathBuf),
    /// The file has no write permission: someone marked it read-only.
    ReadOnly(PathBuf),
    /// The file has other names (hard links), which a replacement would cut off.
    HardLinked(PathBuf, u64),
    /// The file is a link to a file outside the tree.
    OutsideTree(PathBuf),
    /// The file's owner could not be kept on the replacement.
    Owner(PathBuf, io::Error),
    Io(PathBuf, io::Error),
}

impl WriteError {
    pub fn path(&self) -> &Path {
        match self {
            WriteError::Changed(p)
            | WriteError::Exists(p)
            | WriteError::ReadOnly(p)
            | WriteError::HardLinked(p, _)
            | WriteError::OutsideTree(p)
            | WriteError::Owner(p, _)
            | WriteError::Io(p, _) => p,
        }
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let p = self.path().display();
        match self {
            WriteError::Changed(_) => write!(f, "{p} changed on disk since it was read"),
            WriteError::Exists(_) => write!(f, "{p} already exists"),
            WriteError::ReadOnly(_) => write!(f, "{p} is read-only"),
            WriteError::HardLinked(_, n) => write!(f, "{p} has {n} names (hard links)"),
            WriteError::OutsideTree(_) => write!(f, "{p} is a link to outside the tree"),
            WriteError::Owner(_, e) | WriteError::Io(_, e) => write!(f, "{p}: {e}"),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Io(_, e) | WriteError::Owner(_, e) => Some(e),
            _ => None,
        }
    }
}

/// Replaces the record read as `snapshot` with `new`, atomically, under the tree's lock.
pub fn write_atomic(lock: &TreeLock, snapshot: &Snapshot, new: &[u8]) -> Result<Written, WriteError> {
    write_atomic_with(lock, snapshot, new, || {})
}

/// `write_atomic`, running `before_rename` once the temporary file is ready; tests use it
/// to change the file under the writer's feet.
pub fn write_atomic_with(
    lock: &TreeLock,
    snapshot: &Snapshot,
    new: &[u8],
    before_rename: impl FnOnce(),
) -> Result<Written, WriteError> {
    if new == snapshot.bytes.as_slice() {
        return Ok(Written::Unchanged);
    }
    let path = &snapshot.path;
    let io = |e: io::Error| WriteError::Io(path.clone(), e);
    // A link is written through: the rename replaces its target, and the link stays.
    let target = fs::canonicalize(path).map_err(io)?;
    let root = fs::canonicalize(lock.root()).map_err(io)?;
    if !target.starts_with(&root) {
        return Err(WriteError::OutsideTree(path.clone()));
    }
    let meta = fs::metadata(&target).map_err(io)?;
    if meta.permissions().readonly() || fs::OpenOptions::new().append(true).open(&target).is_err() {
        return Err(WriteError::ReadOnly(path.clone()));
    }
    if let Some(n) = links(&meta).filter(|n| *n > 1) {
        return Err(WriteError::HardLinked(path.clone(), n));
    }
    clean_stale(&target);
    let tmp = temp_beside(&target, TMP_PREFIX, TMP_SUFFIX, new).map_err(io)?;
    tmp.as_file().set_permissions(meta.permissions()).map_err(io)?;
    keep_owner(tmp.as_file(), &meta).map_err(|e| WriteError::Owner(path.clone(), e))?;
    before_rename();
    if !snapshot.still_on_disk().map_err(io)? {
        return Err(WriteError::Changed(path.clone()));
    }
    tmp.persist(&target).map_err(|e| io(e.error))?;
    Ok(Written::Written)
}

/// Creates the record `path` with `bytes`, atomically, under the tree's lock, refusing
/// to replace a file that exists.
pub fn create_new(_held: &TreeLock, path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    // The lock is asked for as proof that the caller holds it: cleaning the folder's
    // stale temporary files is safe only then.
    create(path, TMP_PREFIX, TMP_SUFFIX, bytes)
}

/// Creates a file outside any record folder (a new tree's files), refusing to replace one.
pub fn create_output(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    create(path, &output_prefix(path), OUTPUT_SUFFIX, bytes)
}

fn create(path: &Path, prefix: &str, suffix: &str, bytes: &[u8]) -> Result<(), WriteError> {
    let io = |e: io::Error| WriteError::Io(path.to_path_buf(), e);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(io)?;
    }
    if prefix == TMP_PREFIX {
        clean_stale(path);
    }
    let tmp = temp_beside(path, prefix, suffix, bytes).map_err(io)?;
    tmp.persist_noclobber(path).map_err(|e| match e.error.kind() {
        io::ErrorKind::AlreadyExists => WriteError::Exists(path.to_path_buf()),
        _ => io(e.error),
    })?;
    Ok(())
}

/// Temporary files of outputs: `.<name>.XXXXXX.ocop-part`, never taken for a record.
const OUTPUT_SUFFIX: &str = ".ocop-part";

fn output_prefix(path: &Path) -> String {
    format!(".{}.", path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
}

/// Writes an output (a report, a schema) at `path`, atomically, replacing what is there
/// and keeping its permissions; a link is written through to its target. Nothing is
/// written when the file already holds `bytes`.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<Written, WriteError> {
    let io = |e: io::Error| WriteError::Io(path.to_path_buf(), e);
    let target = match fs::canonicalize(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(io(e)),
    };
    let old = fs::metadata(&target).ok().filter(|m| m.is_file());
    if old.is_some() && fs::read(&target).is_ok_and(|b| b == bytes) {
        return Ok(Written::Unchanged);
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(io)?;
    }
    let tmp = temp_beside(&target, &output_prefix(&target), OUTPUT_SUFFIX, bytes).map_err(io)?;
    if let Some(meta) = &old {
        tmp.as_file().set_permissions(meta.permissions()).map_err(io)?;
    }
    tmp.persist(&target).map_err(|e| io(e.error))?;
    Ok(Written::Written)
}

/// A temporary file holding `bytes` in `path`'s folder, so the rename stays on one
/// file system.
fn temp_beside(path: &Path, prefix: &str, suffix: &str, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(suffix);
    // A new file gets the permissions any program's new file gets (0666 less the umask),
    // not a temporary file's owner-only 0600: a report or record a colleague, a backup or
    // a web server running as another user cannot read is no use. A replaced file keeps
    // its own (the callers set them).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(folder(path))?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

fn folder(path: &Path) -> &Path {
    path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Removes the temporary files killed writes left in the tree's record folders. Called
/// when the lock is taken, so no write of ours is using them. Best effort.
pub(super) fn clean_record_folders(root: &Path) {
    for dir in [crate::load::PRODUCERS_DIR, crate::load::PRODUCTS_DIR, crate::plan::ACTIVITIES_DIR] {
        clean_stale(&root.join(dir).join("x"));
    }
}

/// Removes the temporary files a killed write left in `path`'s folder. Called under the
/// tree's lock, so no other write of ours is using them. Best effort.
fn clean_stale(path: &Path) {
    let Ok(entries) = fs::read_dir(folder(path)) else { return };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        if name.to_str().is_some_and(is_temp_name) && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn links(meta: &fs::Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    Some(meta.nlink())
}

#[cfg(not(unix))]
fn links(_meta: &fs::Metadata) -> Option<u64> {
    None
}

/// Gives `file` the owner and group of `meta` when they differ from its own (as when
/// root edits an officer's file).
#[cfg(unix)]
fn keep_owner(file: &fs::File, meta: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let mine = file.metadata()?;
    if mine.uid() == meta.uid() && mine.gid() == meta.gid() {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()))
}

#[cfg(not(unix))]
fn keep_owner(_file: &fs::File, _meta: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::lock::{TreeLock, WAIT};
    use super::*;

    fn files(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != super::super::lock::LOCK_FILE)
            .collect();
        v.sort();
        v
    }

    /// A folder with `a.toml` holding `a = 1`, and its lock.
    fn tree() -> (tempfile::TempDir, PathBuf, TreeLock) {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("a.toml");
        fs::write(&p, "a = 1\n").expect("write");
        let lock = TreeLock::acquire(dir.path(), "test", WAIT).expect("lock");
        (dir, p, lock)
    }

    #[test]
    fn writes_and_skips_unchanged() {
        let (dir, p, lock) = tree();
        let snap = Snapshot::read(&p).expect("read");
        assert_eq!(write_atomic(&lock, &snap, b"a = 1\n").expect("ok"), Written::Unchanged);
        assert_eq!(write_atomic(&lock, &snap, b"a = 2\n").expect("ok"), Written::Written);
        assert_eq!(fs::read_to_string(&p).expect("read"), "a = 2\n");
        assert_eq!(files(dir.path()), ["a.toml"], "no temporary file is left behind");
    }

    #[test]
    fn refuses_when_the_file_changed_between_read_and_write() {
        let (dir, p, lock) = tree();
        let snap = Snapshot::read(&p).expect("read");
        let r = write_atomic_with(&lock, &snap, b"a = 2\n", || fs::write(&p, "a = 3 # someone else\n").expect("write"));
        assert!(matches!(r, Err(WriteError::Changed(_))), "{r:?}");
        assert_eq!(fs::read_to_string(&p).expect("read"), "a = 3 # someone else\n");
        assert_eq!(files(dir.path()), ["a.toml"]);
    }

    #[test]
    fn refuses_a_same_length_change_too() {
        let (_dir, p, lock) = tree();
        let snap = Snapshot::read(&p).expect("read");
        fs::write(&p, "a = 9\n").expect("write");
        assert!(matches!(write_atomic(&lock, &snap, b"a = 2\n"), Err(WriteError::Changed(_))));
    }

    #[test]
    fn taking_the_lock_cleans_every_record_folder() {
        let dir = tempfile::tempdir().expect("tmp");
        for rel in ["producers/.ocop-a1.tmp", "products/.ocop-b2.tmp", "activities/.ocop-c3.tmp", "products/x.toml"] {
            fs::create_dir_all(dir.path().join(rel).parent().expect("parent")).expect("mkdir");
            fs::write(dir.path().join(rel), "x").expect("write");
        }
        let _lock = TreeLock::acquire(dir.path(), "test", WAIT).expect("lock");
        assert_eq!(files(&dir.path().join("producers")), Vec::<String>::new());
        assert_eq!(files(&dir.path().join("activities")), Vec::<String>::new());
        assert_eq!(files(&dir.path().join("products")), ["x.toml"]);
    }

    #[test]
    fn cleans_temporary_files_a_killed_write_left() {
        let (dir, p, lock) = tree();
        fs::write(dir.path().join(".ocop-AbC123.tmp"), "a = ").expect("write");
        fs::write(dir.path().join(".ocop-notes.txt"), "kept").expect("write");
        let snap = Snapshot::read(&p).expect("read");
        write_atomic(&lock, &snap, b"a = 2\n").expect("ok");
        assert_eq!(files(dir.path()), [".ocop-notes.txt", "a.toml"]);
        assert!(is_temp_name(".ocop-x.tmp") && !is_temp_name(".ocop-.tmp") && !is_temp_name("ocop-x.tmp"));
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, p, lock) = tree();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).expect("chmod");
        let snap = Snapshot::read(&p).expect("read");
        write_atomic(&lock, &snap, b"a = 2\n").expect("ok");
        assert_eq!(fs::metadata(&p).expect("meta").permissions().mode() & 0o777, 0o640);
    }

    /// New records and outputs get the permissions of any new file (the umask's), not
    /// a temporary file's 0600.
    #[cfg(unix)]
    #[test]
    fn new_files_get_the_usual_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let plain = dir.path().join("plain");
        fs::File::create(&plain).expect("create");
        let usual = fs::metadata(&plain).expect("meta").permissions().mode() & 0o777;
        let mode = |p: &Path| fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        let out = dir.path().join("bao-cao.docx");
        write_output(&out, b"x").expect("output");
        let made = dir.path().join("new.toml");
        create_output(&made, b"a = 1\n").expect("create");
        assert_eq!((mode(&out), mode(&made)), (usual, usual));
        // A replaced output keeps its own.
        fs::set_permissions(&out, fs::Permissions::from_mode(0o600)).expect("chmod");
        write_output(&out, b"y").expect("output");
        assert_eq!(mode(&out), 0o600);
    }

    /// As root (CI runs so), an officer's file keeps its owner through an edit; as
    /// anyone else the file cannot be given away, and the case cannot arise.
    #[cfg(unix)]
    #[test]
    fn keeps_the_owner() {
        use std::os::unix::fs::MetadataExt;
        let (_dir, p, lock) = tree();
        if std::os::unix::fs::chown(&p, Some(4242), Some(4343)).is_err() {
            return;
        }
        let snap = Snapshot::read(&p).expect("read");
        write_atomic(&lock, &snap, b"a = 2\n").expect("ok");
        let meta = fs::metadata(&p).expect("meta");
        assert_eq!((meta.uid(), meta.gid()), (4242, 4343));
    }

    #[test]
    fn refuses_a_read_only_file() {
        let (_dir, p, lock) = tree();
        let mut perms = fs::metadata(&p).expect("meta").permissions();
        perms.set_readonly(true);
        fs::set_permissions(&p, perms).expect("chmod");
        let snap = Snapshot::read(&p).expect("read");
        assert!(matches!(write_atomic(&lock, &snap, b"a = 2\n"), Err(WriteError::ReadOnly(_))));
        assert_eq!(fs::read_to_string(&p).expect("read"), "a = 1\n");
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_link_inside_the_tree_and_refuses_one_outside() {
        let (dir, p, lock) = tree();
        let link = dir.path().join("b.toml");
        std::os::unix::fs::symlink("a.toml", &link).expect("link");
        let snap = Snapshot::read(&link).expect("read");
        write_atomic(&lock, &snap, b"a = 2\n").expect("ok");
        assert!(fs::symlink_metadata(&link).expect("meta").file_type().is_symlink(), "the link stays a link");
        assert_eq!(fs::read_to_string(&p).expect("read"), "a = 2\n");

        let outside = tempfile::tempdir().expect("tmp");
        fs::write(outside.path().join("x.toml"), "x = 1\n").expect("write");
        let out_link = dir.path().join("c.toml");
        std::os::unix::fs::symlink(outside.path().join("x.toml"), &out_link).expect("link");
        let snap = Snapshot::read(&out_link).expect("read");
        assert!(matches!(write_atomic(&lock, &snap, b"x = 2\n"), Err(WriteError::OutsideTree(_))));
        assert_eq!(fs::read_to_string(outside.path().join("x.toml")).expect("read"), "x = 1\n");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_to_cut_a_hard_link() {
        let (dir, p, lock) = tree();
        fs::hard_link(&p, dir.path().join("b.toml")).expect("link");
        let snap = Snapshot::read(&p).expect("read");
        assert!(matches!(write_atomic(&lock, &snap, b"a = 2\n"), Err(WriteError::HardLinked(_, 2))));
        assert_eq!(fs::read_to_string(dir.path().join("b.toml")).expect("read"), "a = 1\n");
    }

    #[test]
    fn create_new_never_replaces() {
        let (dir, _p, lock) = tree();
        let p = dir.path().join("sub/b.toml");
        create_new(&lock, &p, b"b = 1\n").expect("created");
        assert!(matches!(create_new(&lock, &p, b"b = 2\n"), Err(WriteError::Exists(_))));
        assert_eq!(fs::read_to_string(&p).expect("read"), "b = 1\n");
    }

    #[test]
    fn outputs_replace_skip_unchanged_and_leave_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("out/q3.csv");
        assert_eq!(write_output(&p, b"a\n").expect("ok"), Written::Written);
        assert_eq!(write_output(&p, b"a\n").expect("ok"), Written::Unchanged);
        assert_eq!(write_output(&p, b"b\n").expect("ok"), Written::Written);
        assert_eq!(fs::read_to_string(&p).expect("read"), "b\n");
        assert_eq!(files(&dir.path().join("out")), ["q3.csv"]);
        create_output(&dir.path().join("new/x.md"), b"x").expect("created");
        assert!(matches!(create_output(&dir.path().join("new/x.md"), b"y"), Err(WriteError::Exists(_))));
    }
}
