//! The documentation stays in step with the code: every diagnostic code has a fixture
//! that triggers it and a section in docs/diagnostics.md whose example is that
//! fixture's real output.

use crate::harness::repo;
use ocop::diag::{Code, Severity};
use ocop::rules::{Group, ItemRule, RuleBook, RuleSet};
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
            // Diagnostics are stdout for `check`, stderr for commands whose stdout is data.
            .filter_map(|dir| {
                let out = std::fs::read_to_string(dir.join("stdout")).ok()?;
                Some(out + &std::fs::read_to_string(dir.join("stderr")).unwrap_or_default())
            })
            .filter(|out| out.contains(&tag))
            .collect();
        if outputs.is_empty() {
            problems.push(format!("{code}: no tests/cases/{code}-*/ whose expected output shows {tag}"));
        }
        let Some((_, body)) = sections.iter().find(|(h, _)| h.split_whitespace().next() == Some(code)) else {
            problems.push(format!("{code}: no `## {code} ...` section in docs/diagnostics.md"));
            continue;
        };
        let severity = match Code::ALL.iter().find(|c| c.as_str() == code).map(|c| c.severity()) {
            Some(Severity::Error) => "error",
            Some(Severity::Info) => "info",
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

/// Roman numerals for the six product groups, as the decisions write them.
fn roman(n: u8) -> &'static str {
    ["?", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"].get(usize::from(n)).copied().unwrap_or("?")
}

fn product_sets_table(book: &RuleBook) -> String {
    let mut s = String::from("| group | set | product set (bộ sản phẩm) | English |\n|---|---|---|---|\n");
    for g in &book.groups {
        for set in &g.sets {
            let group = format!("{} {} (`{}`)", roman(g.id), g.name.vi, g.key);
            s.push_str(&format!("| {group} | {} | {} | {} |\n", set.id, set.name.vi, set.name.en));
        }
    }
    s
}

/// Where an item applies within one group: every set (✔), none (–) or the sets listed.
fn group_cell(item: &ItemRule, group: &Group) -> String {
    let a = &item.applies;
    let applies = |set: u8| {
        (a.groups.is_empty() || a.groups.contains(&group.id))
            && (a.sets.is_empty() || a.sets.contains(&set))
            && !a.except_groups.contains(&group.id)
            && !a.except_sets.contains(&set)
    };
    let sets: Vec<u8> = group.sets.iter().map(|s| s.id).filter(|s| applies(*s)).collect();
    match sets.len() {
        0 => "–".into(),
        n if n == group.sets.len() => "✔".into(),
        _ => sets.iter().map(u8::to_string).collect::<Vec<_>>().join(", "),
    }
}

fn rule_set_section(book: &RuleBook, set: &RuleSet) -> String {
    let mut s = String::new();
    s.push_str(&format!("- Title: {} (*{}*)\n", set.title.en, set.title.vi));
    let basis: Vec<String> = set.legal_basis.iter().map(|l| format!("{} of {}", l.code, l.date)).collect();
    s.push_str(&format!("- Legal basis: {}\n", basis.join("; ")));
    let until = set.effective_until.map_or("no end date set".to_string(), |d| format!("until {d}"));
    s.push_str(&format!("- In force: from {}, {until}\n", set.effective_from));
    s.push_str(&format!("- Certificate valid for: {} months\n", set.certificate_months));
    let w = set.reevaluation_window;
    let window = if w.is_none() {
        "no filing window before expiry".to_string()
    } else {
        format!("{} to {} days before expiry", w.earliest_days, w.latest_days)
    };
    s.push_str(&format!(
        "- Re-evaluation filed: {window}; grace after expiry while it is decided: {} days\n",
        set.grace_days
    ));
    let g = &set.grace;
    let mut who = Vec::new();
    if g.timely_filing {
        who.push("a re-evaluation filed inside the window".to_string());
    }
    if let Some(d) = g.window_closed_before {
        who.push(format!("one filed before expiry when the window had closed before {d} (it could not be met)"));
    }
    s.push_str(&format!("- Grace given to: {}; never to a filing after expiry ({})\n", who.join(", or "), g.source));
    let moves = |b: bool| if b { "moves to the next working day" } else { "stays" };
    s.push_str(&format!(
        "- Ending on a weekend or holiday: the window's close {}, a last valid day {} ({})\n",
        moves(set.day_off.window_close),
        moves(set.day_off.validity_end),
        set.day_off.source
    ));
    if let Some(t) = &set.old_rules_transition {
        s.push_str(&format!(
            "- Dossiers filed before it took effect finish under the old rules within {} days (first), {} (upgrade), {} (re-evaluation) of that day ({})\n",
            t.first_days, t.upgrade_days, t.reevaluation_days, t.source
        ));
    }
    s.push_str(&format!("- Commune screening: {} working days\n", set.screening_working_days));
    s.push_str(&format!("- Items and certificates flagged as expiring: {} days ahead\n", set.expiry_warning_days));
    let rounds: Vec<String> =
        set.province_rounds.iter().map(|r| r.split_once('-').map_or(r.clone(), |(m, d)| format!("{d}/{m}"))).collect();
    s.push_str(&format!("- Province rounds (commune proposals by): {}\n", rounds.join(", ")));
    let bands: Vec<String> = set.star_bands.iter().map(|b| format!("{}★ from {}", b.stars, b.min_score)).collect();
    s.push_str(&format!("- Stars by score: {}\n\n", bands.join(", ")));
    let groups: Vec<&str> = book.groups.iter().map(|g| roman(g.id)).collect();
    s.push_str(&format!("| item id | section | item | {} | kinds | stars | valid for |\n", groups.join(" | ")));
    s.push_str(&format!("|---|---|---|{}---|---|---|\n", "---|".repeat(groups.len())));
    for item in &set.items {
        let cells: Vec<String> = book.groups.iter().map(|g| group_cell(item, g)).collect();
        let a = &item.applies;
        let kinds = if a.kinds.is_empty() {
            "all".to_string()
        } else {
            a.kinds.iter().map(|k| k.key()).collect::<Vec<_>>().join(", ")
        };
        let stars = a.min_stars.map_or("all".to_string(), |m| format!("{m}★ and up"));
        let valid = item.validity_months.map_or("—".to_string(), |m| format!("{m} months"));
        s.push_str(&format!(
            "| `{}` | {} | {} (*{}*) | {} | {kinds} | {stars} | {valid} |\n",
            item.id,
            item.section,
            item.name.en,
            item.name.vi,
            cells.join(" | ")
        ));
    }
    let legend: Vec<String> = book.groups.iter().map(|g| format!("{} {}", roman(g.id), g.name.en)).collect();
    s.push_str(&format!(
        "\nGroups: {}. ✔ every set of the group, – none, numbers: only those sets.\n",
        legend.join(", ")
    ));
    s
}

/// Replaces (with `OCOP_BLESS`) or compares the text between
/// `<!-- BEGIN GENERATED: name -->` and `<!-- END GENERATED: name -->`.
fn generated_region(page: &mut String, name: &str, want: &str, bless: bool) -> Result<(), String> {
    let begin = format!("<!-- BEGIN GENERATED: {name} -->\n");
    let end = format!("<!-- END GENERATED: {name} -->");
    let start = page.find(&begin).ok_or_else(|| format!("docs/format.md has no `{}`", begin.trim()))? + begin.len();
    let stop = start + page[start..].find(&end).ok_or_else(|| format!("docs/format.md has no `{end}`"))?;
    if &page[start..stop] == want {
        return Ok(());
    }
    if bless {
        page.replace_range(start..stop, want);
        return Ok(());
    }
    Err(format!("docs/format.md, {name}, is out of date; run OCOP_BLESS=1 cargo test --test cli docs\n{want}"))
}

#[test]
fn format_tables_follow_the_rule_data() {
    let path = repo().join("docs/format.md");
    let mut page = std::fs::read_to_string(&path).expect("docs/format.md");
    let bless = std::env::var_os("OCOP_BLESS").is_some();
    let mut diags = Vec::new();
    let book = ocop::rules::load_rule_files(std::path::Path::new("/nonexistent-ocop-tree"), &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    let mut problems = Vec::new();
    let mut regions = vec![("product-sets".to_string(), product_sets_table(&book))];
    regions.extend(book.sets.values().rev().map(|set| (format!("rules {}", set.id), rule_set_section(&book, set))));
    for (name, want) in &regions {
        if let Err(e) = generated_region(&mut page, name, want, bless) {
            problems.push(e);
        }
    }
    if bless {
        std::fs::write(&path, &page).expect("write docs/format.md");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// The README's "Editing records" block runs as written, line by line, from a folder
/// laid out like the repository (the example and the sample sheet): each command exits
/// 0, or 1 where its comment says `exit 1`.
#[cfg(unix)]
#[test]
fn readme_editing_commands_run_as_written() {
    use crate::harness::{Scratch, TODAY, bin, copy_tree, stderr};
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let body =
        sections(&readme).into_iter().find(|(h, _)| *h == "Editing records").expect("an Editing records section").1;
    let start = body.find("```sh\n").expect("a sh block") + "```sh\n".len();
    let block = &body[start..start + body[start..].find("```").expect("closed block")];
    let scratch = Scratch::empty();
    for dir in ["examples/viet-khe", "tests/data/import"] {
        copy_tree(&repo().join(dir), &scratch.path().join(dir));
    }
    let mut script = String::new();
    for (n, line) in block.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let want = if line.split_once(" # ").is_some_and(|(_, c)| c.contains("exit 1")) { 1 } else { 0 };
        let quoted = line.replace('\'', "'\\''");
        script.push_str(&format!(
            "{line}\ns=$?; [ $s -eq {want} ] || {{ echo 'README block line {}: exit '$s', not {want}: {quoted}' >&2; exit 99; }}\n",
            n + 1
        ));
    }
    let path = format!("{}:{}", bin().parent().expect("bin dir").display(), std::env::var("PATH").unwrap_or_default());
    let out = std::process::Command::new("sh")
        .args(["-c", &script])
        .current_dir(scratch.path())
        .env("PATH", path)
        .env("HOME", scratch.path().join("home"))
        .env("OCOP_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env("EDITOR", "true")
        .env_remove("VISUAL")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run sh");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
