//! Unified diffs for `--dry-run`: what an edit would change, as `git diff` shows it.

use similar::TextDiff;

/// The unified diff from `old` to `new`, labelled `a/<path>` and `b/<path>`; empty when
/// they are equal. A new file is diffed against nothing (`/dev/null`).
pub fn unified(path: &str, old: Option<&str>, new: &str) -> String {
    let before = old.unwrap_or("");
    if old == Some(new) {
        return String::new();
    }
    let from = if old.is_some() { format!("a/{path}") } else { "/dev/null".to_string() };
    TextDiff::from_lines(before, new).unified_diff().context_radius(3).header(&from, &format!("b/{path}")).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_line_change_is_a_one_line_diff() {
        let d = unified("p.toml", Some("a = 1\nb = 2\n"), "a = 1\nb = 3\n");
        assert_eq!(d, "--- a/p.toml\n+++ b/p.toml\n@@ -1,2 +1,2 @@\n a = 1\n-b = 2\n+b = 3\n");
        assert_eq!(unified("p.toml", Some("x\n"), "x\n"), "");
        assert!(unified("p.toml", None, "x\n").starts_with("--- /dev/null\n+++ b/p.toml\n"));
    }
}
