//! docs/review.md runs as written: the walkthrough's commands and the `ocop` lines of the
//! GitHub Actions and GitLab CI workflows, on the example tree in a real git repository;
//! the pull-request comment it shows is what `ocop diff --format md` writes.

use crate::diff::GitTree;
use crate::harness::{TODAY, bin, repo, stderr};

/// The fenced blocks of `lang` in the section headed `heading` (a prefix of the `## `
/// line).
fn blocks<'a>(page: &'a str, heading: &str, lang: &str) -> Vec<&'a str> {
    let start = page.find(&format!("\n## {heading}")).unwrap_or_else(|| panic!("docs/review.md: no ## {heading}"));
    let rest = &page[start + 1..];
    let section = &rest[..rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3)];
    let fence = format!("```{lang}\n");
    section
        .match_indices(&fence)
        .map(|(i, _)| {
            let body = &section[i + fence.len()..];
            &body[..body.find("```").expect("closed block")]
        })
        .collect()
}

fn run_lines(t: &GitTree, lines: &[String]) {
    let path = format!("{}:{}", bin().parent().expect("bin dir").display(), std::env::var("PATH").unwrap_or_default());
    for line in lines {
        let out = std::process::Command::new("sh")
            .args(["-c", line])
            .current_dir(t.root())
            .env("PATH", &path)
            .env("HOME", t.dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("OCOP_TODAY", TODAY)
            .env("NO_COLOR", "1")
            .env("GITHUB_BASE_REF", "main")
            .env("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run sh");
        assert_eq!(out.status.code(), Some(0), "docs/review.md: `{line}` failed:\n{}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
}

#[cfg(unix)]
#[test]
fn the_review_workflow_runs_on_the_example() {
    let page = std::fs::read_to_string(repo().join("docs/review.md")).expect("docs/review.md");
    let mut t = GitTree::new();
    t.commit("Ví dụ Việt Khê");
    t.git(&["update-ref", "refs/remotes/origin/main", "HEAD"]);

    let walkthrough = blocks(&page, "Walkthrough", "sh");
    let lines: Vec<String> = walkthrough[0].lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
    assert!(lines.iter().any(|l| l.starts_with("ocop review approve")), "{lines:?}");
    run_lines(&t, &lines);
    let comment = std::fs::read_to_string(t.root().join("ocop-diff.md")).expect("the walkthrough writes ocop-diff.md");
    let shown = blocks(&page, "Walkthrough", "text");
    assert_eq!(shown.first().copied(), Some(comment.as_str()), "docs/review.md shows another comment than ocop writes");
    let status = t.ok(&["review", "status", "--format", "json"]);
    assert!(status.contains("\"approved\""), "{status}");

    // The ocop lines of both CI workflows, on the branch against origin/main.
    let mut ci = Vec::new();
    for heading in ["On every pull request", "On every merge request"] {
        for block in blocks(&page, heading, "yaml") {
            for line in block.lines() {
                let l = line.trim().trim_start_matches("- ").trim();
                if l.starts_with("ocop ") {
                    ci.push(l.to_string());
                }
            }
        }
    }
    assert!(ci.iter().any(|l| l.contains("--format github")) && ci.iter().any(|l| l.contains("--format md")), "{ci:?}");
    assert!(ci.len() >= 4, "{ci:?}");
    run_lines(&t, &ci);
    let md = std::fs::read_to_string(t.root().join("ocop-diff.md")).expect("CI writes ocop-diff.md");
    assert!(md.starts_with("### Thay đổi hồ sơ: origin/main → HEAD"), "{md}");
    assert!(md.contains("lần duyệt: — → Nguyễn Thị Hoa (29/11/2026)"), "{md}");
}

#[test]
fn pre_commit_hooks_run_ocop_check() {
    let text = std::fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).expect(".pre-commit-hooks.yaml");
    let hooks: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).expect("valid YAML");
    let list = hooks.as_sequence().expect("a list of hooks");
    assert!(!list.is_empty());
    for h in list {
        assert_eq!(h["entry"].as_str(), Some("ocop check"));
        assert_eq!(h["pass_filenames"].as_bool(), Some(false));
        assert!(h["id"].as_str().is_some_and(|id| id.starts_with("ocop-check")));
    }
}
