//! `ocop completions SHELL` and `ocop man`, made from the clap definitions.

use crate::harness::{Scratch, stdout};

#[test]
fn completions_for_every_shell_know_the_editing_commands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = Scratch::empty().run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = stdout(&out);
        for word in ["import", "schema", "dry-run"] {
            assert!(text.contains(word), "{shell} completions lack {word}");
        }
    }
}

#[test]
fn man_page_is_roff() {
    let out = Scratch::empty().run(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains(".TH ocop 1"), "{text}");
    assert!(text.contains("completions"), "{text}");
}

/// `ocop completions fish | head -3`: the reader goes away before everything is
/// written. That is not a failure (exit 0, nothing on stderr), whether the pipe closes
/// after a few bytes or before the first write.
#[test]
fn a_closed_pipe_is_not_a_failure() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut runs: Vec<(Vec<&str>, usize)> = Vec::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        runs.push((vec!["completions", shell], 16));
        runs.push((vec!["completions", shell], 0));
    }
    runs.push((vec!["man"], 16));
    runs.push((vec!["man"], 0));
    for (args, read) in runs {
        let mut child = Command::new(crate::harness::bin())
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run ocop");
        let mut reader = child.stdout.take().expect("piped");
        let mut head = vec![0; read];
        reader.read_exact(&mut head).expect("the first bytes");
        drop(reader);
        let out = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?} after {read} bytes: {err}");
        assert!(err.is_empty(), "{args:?} after {read} bytes: {err}");
    }
}
