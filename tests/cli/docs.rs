//! The documentation stays in step with the code: every diagnostic code has a fixture
//! that triggers it and a section in docs/diagnostics.md whose example is that
//! fixture's real output.

use crate::harness::repo;
use ocop::diag::{Code, Severity};
use std::path::PathBuf;

/// The fixture folders named `<code>-*`.
fn fixtures_of(code: &str) -> Vec<PathBuf> {
    let prefix = format!("{code}-");
    let mut found: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/cases"))
        .expect("tests/cases")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// The sections of a Markdown page by `## ` heading: (heading, body).
fn sections(page: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut starts: Vec<usize> = page.match_indices("\n## ").map(|(i, _)| i + 1).collect();
    starts.push(page.len());
    for w in starts.windows(2) {
        let text = &page[w[0]..w[1]];
        let (heading, body) = text.split_once('\n').unwrap_or((text, ""));
        out.push((heading.trim_start_matches("## "), body));
    }
    out
}

/// The first fenced `text` block of a section.
fn example(body: &str) -> Option<&str> {
    let start = body.find("```text\n")? + "```text\n".len();
    let len = body[start..].find("\n```")?;
    Some(&body[start..start + len])
}

#[test]
fn every_code_has_a_fixture_and_a_section() {
    let page = std::fs::read_to_string(repo().join("docs/diagnostics.md")).expect("docs/diagnostics.md");
    let sections = sections(&page);
    let mut problems = Vec::new();
    for code in Code::ALL {
        let code = code.as_str();
        let tag = format!("[{code}]");
        let outputs: Vec<String> = fixtures_of(code)
            .iter()
            .filter_map(|dir| std::fs::read_to_string(dir.join("stdout")).ok())
            .filter(|out| out.contains(&tag))
            .collect();
        if outputs.is_empty() {
            problems.push(format!("{code}: no tests/cases/{code}-*/ whose expected stdout shows {tag}"));
        }
        let Some((_, body)) = sections.iter().find(|(h, _)| h.split_whitespace().next() == Some(code)) else {
            problems.push(format!("{code}: no `## {code} ...` section in docs/diagnostics.md"));
            continue;
        };
        let severity = match Code::ALL.iter().find(|c| c.as_str() == code).map(|c| c.severity()) {
            Some(Severity::Error) => "error",
            _ => "warning",
        };
        if !body.contains(&format!("**Severity:** {severity}.")) {
            problems.push(format!("{code}: the section does not say `**Severity:** {severity}.`"));
        }
        match example(body) {
            Some(ex) if ex.contains(&tag) && outputs.iter().any(|out| out.contains(ex)) => {}
            Some(_) => problems.push(format!("{code}: the section's example is not the output of its fixture")),
            None => problems.push(format!("{code}: the section has no ```text example")),
        }
    }
    for (heading, _) in &sections {
        let first = heading.split_whitespace().next().unwrap_or("");
        let looks_like_code = first.len() == 4 && first[1..].chars().all(|c| c.is_ascii_digit());
        if looks_like_code && !Code::ALL.iter().any(|c| c.as_str() == first) {
            problems.push(format!("docs/diagnostics.md documents {first}, which the code does not have"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
