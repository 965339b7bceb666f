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
