//! Writing a record safely: a temporary file in the same folder with the original's
//! permissions, renamed over the original only if the file on disk is still the one that
//! was read. Nothing is written when nothing changed.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A file as it was read before an edit: its bytes and modification time.
#[derive(Debug, Clone)]
pub struct Snapshot {
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

/// Why a write did not happen.
#[derive(Debug)]
pub enum WriteError {
    /// The file changed on disk (another editor, a `git pull`) since it was read.
    Changed(PathBuf),
    /// A new record's file appeared meanwhile.
    Exists(PathBuf),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed(p) => write!(f, "{} changed on disk since it was read", p.display()),
            WriteError::Exists(p) => write!(f, "{} already exists", p.display()),
            WriteError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Io(_, e) => Some(e),
            _ => None,
        }
    }
}

/// Replaces the file read as `snapshot` with `new`, atomically.
pub fn write_atomic(snapshot: &Snapshot, new: &[u8]) -> Result<Written, WriteError> {
    write_atomic_with(snapshot, new, || {})
}

/// `write_atomic`, running `before_rename` once the temporary file is ready; tests use it
/// to change the file under the writer's feet.
pub fn write_atomic_with(snapshot: &Snapshot, new: &[u8], before_rename: impl FnOnce()) -> Result<Written, WriteError> {
    if new == snapshot.bytes.as_slice() {
        return Ok(Written::Unchanged);
    }
    let path = &snapshot.path;
    let io = |e: io::Error| WriteError::Io(path.clone(), e);
    let permissions = fs::metadata(path).map_err(io)?.permissions();
    let tmp = temp_beside(path, new).map_err(io)?;
    tmp.as_file().set_permissions(permissions).map_err(io)?;
    before_rename();
    if !snapshot.still_on_disk().map_err(io)? {
        return Err(WriteError::Changed(path.clone()));
    }
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(Written::Written)
}

/// Creates `path` with `bytes`, atomically, refusing to replace a file that exists.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let io = |e: io::Error| WriteError::Io(path.to_path_buf(), e);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io)?;
    }
    let tmp = temp_beside(path, bytes).map_err(io)?;
    tmp.persist_noclobber(path).map_err(|e| match e.error.kind() {
        io::ErrorKind::AlreadyExists => WriteError::Exists(path.to_path_buf()),
        _ => io(e.error),
    })?;
    Ok(())
}

/// A temporary file holding `bytes` in `path`'s folder, so the rename stays on one
/// file system.
fn temp_beside(path: &Path, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".ocop-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn writes_and_skips_unchanged() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("a.toml");
        fs::write(&p, "a = 1\n").expect("write");
        let snap = Snapshot::read(&p).expect("read");
        assert_eq!(write_atomic(&snap, b"a = 1\n").expect("ok"), Written::Unchanged);
        assert_eq!(write_atomic(&snap, b"a = 2\n").expect("ok"), Written::Written);
        assert_eq!(fs::read_to_string(&p).expect("read"), "a = 2\n");
        assert_eq!(files(dir.path()), ["a.toml"], "no temporary file is left behind");
    }

    #[test]
    fn refuses_when_the_file_changed_between_read_and_write() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("a.toml");
        fs::write(&p, "a = 1\n").expect("write");
        let snap = Snapshot::read(&p).expect("read");
        let r = write_atomic_with(&snap, b"a = 2\n", || fs::write(&p, "a = 3 # someone else\n").expect("write"));
        assert!(matches!(r, Err(WriteError::Changed(_))), "{r:?}");
        assert_eq!(fs::read_to_string(&p).expect("read"), "a = 3 # someone else\n");
        assert_eq!(files(dir.path()), ["a.toml"]);
    }

    #[test]
    fn refuses_a_same_length_change_too() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("a.toml");
        fs::write(&p, "a = 1\n").expect("write");
        let snap = Snapshot::read(&p).expect("read");
        fs::write(&p, "a = 9\n").expect("write");
        assert!(matches!(write_atomic(&snap, b"a = 2\n"), Err(WriteError::Changed(_))));
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("a.toml");
        fs::write(&p, "a = 1\n").expect("write");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).expect("chmod");
        let snap = Snapshot::read(&p).expect("read");
        write_atomic(&snap, b"a = 2\n").expect("ok");
        assert_eq!(fs::metadata(&p).expect("meta").permissions().mode() & 0o777, 0o640);
    }

    #[test]
    fn create_new_never_replaces() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("sub/b.toml");
        create_new(&p, b"b = 1\n").expect("created");
        assert!(matches!(create_new(&p, b"b = 2\n"), Err(WriteError::Exists(_))));
        assert_eq!(fs::read_to_string(&p).expect("read"), "b = 1\n");
    }
}
