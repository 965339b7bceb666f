//! The tree's edit lock: an advisory lock on `.ocop.lock` at the root, held by every
//! command that writes records from before it reads them until it exits, so two edits
//! never interleave their read → check → write. The operating system releases it when
//! the process ends, however it ends; the file itself stays (empty but for who holds it).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The lock file's name, at the tree's root.
pub const LOCK_FILE: &str = ".ocop.lock";

/// How long a command waits for another edit to finish before giving up.
pub const WAIT: Duration = Duration::from_secs(10);

/// The lock, held until dropped (or the process ends).
#[derive(Debug)]
pub struct TreeLock {
    // Held for its lock; closing it releases the lock.
    _file: File,
    root: PathBuf,
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another command held it for the whole wait; `holder` is what it wrote in the file
    /// ("set, pid 1234"), when readable.
    Held {
        holder: Option<String>,
        waited: Duration,
    },
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Held { holder, waited } => {
                write!(f, "{LOCK_FILE} is held by {} after {waited:?}", holder.as_deref().unwrap_or("?"))
            }
            LockError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for LockError {}

impl TreeLock {
    /// Takes the lock of the tree at `root`, waiting up to `wait` for another holder to
    /// let go. `holder` says who takes it (the command's name), for the message another
    /// waiting command shows.
    pub fn acquire(root: &Path, holder: &str, wait: Duration) -> Result<TreeLock, LockError> {
        let path = root.join(LOCK_FILE);
        let io = |e: io::Error| LockError::Io(path.clone(), e);
        let mut file =
            OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(io)?;
        let start = Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(pause.min(wait.saturating_sub(start.elapsed())));
                    pause = (pause * 2).min(Duration::from_millis(25));
                }
                Err(TryLockError::WouldBlock) => {
                    let mut text = String::new();
                    let holder = file.read_to_string(&mut text).ok().map(|_| text.trim().to_string());
                    return Err(LockError::Held { holder: holder.filter(|h| !h.is_empty()), waited: wait });
                }
                Err(TryLockError::Error(e)) => return Err(io(e)),
            }
        }
        // Who holds it, for the message of a command that waits. Best effort: the lock
        // works without it.
        let _ = file.set_len(0).and_then(|()| file.rewind()).and_then(|()| {
            write!(file, "ocop {holder}, pid {}", std::process::id())?;
            file.flush()
        });
        // What killed writes left behind is ours to remove now that nobody else writes.
        super::write::clean_record_folders(root);
        Ok(TreeLock { _file: file, root: root.to_path_buf() })
    }

    /// The root of the tree this lock guards.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_taker_waits_then_gives_up_naming_the_holder() {
        let dir = tempfile::tempdir().expect("tmp");
        let first = TreeLock::acquire(dir.path(), "set", WAIT).expect("first");
        let second = TreeLock::acquire(dir.path(), "new", Duration::from_millis(50));
        match second {
            Err(LockError::Held { holder: Some(h), .. }) => assert!(h.starts_with("ocop set, pid "), "{h}"),
            other => panic!("expected Held, got {other:?}"),
        }
        drop(first);
        TreeLock::acquire(dir.path(), "new", Duration::from_millis(50)).expect("free again");
    }

    #[test]
    fn a_waiting_taker_gets_it_once_released() {
        let dir = tempfile::tempdir().expect("tmp");
        let first = TreeLock::acquire(dir.path(), "set", WAIT).expect("first");
        let root = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || TreeLock::acquire(&root, "set", Duration::from_secs(5)).is_ok());
        std::thread::sleep(Duration::from_millis(50));
        drop(first);
        assert!(waiter.join().expect("thread"));
    }
}
