//! The example's reports as printed: Word and Excel through LibreOffice, HTML through
//! headless Chromium, each to PDF, then read back with poppler (`pdfinfo`, `pdftotext`)
//! and checked as the officer would: the page count, page numbers from page 2, no word
//! broken across lines in a table, the officer's text in its section, the title row on
//! every printed sheet. The pages are also drawn to PNG under
//! `target/report-pages/` so a regression can be seen.
//!
//! Outside CI a missing tool skips a test, saying so on the terminal; under `CI=true` it
//! fails (`.ci/run` installs LibreOffice, Chromium and poppler).

use crate::harness::{Scratch, repo, stderr};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use unicode_normalization::UnicodeNormalization;

/// The first of `names` that runs, or `None` (and a plain "skipped" on the terminal;
/// under CI a failure).
fn tool(test: &str, names: &[&str]) -> Option<&'static str> {
    // Poppler's tools take `-v`, the others `--version`.
    let runs = |b: &str| {
        let flag = if b.starts_with("pdf") { "-v" } else { "--version" };
        Command::new(b).arg(flag).output().is_ok_and(|o| o.status.success())
    };
    let found = names.iter().find(|b| runs(b)).map(|b| -> &'static str { Box::leak(b.to_string().into_boxed_str()) });
    if found.is_none() {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CI must have {names:?}: .ci/run installs it");
        // Straight to the terminal: the test harness hides what `eprintln!` prints.
        let _ = writeln!(std::io::stderr(), "{test}: SKIPPED, none of {names:?} is installed");
    }
    found
}

fn poppler(test: &str) -> bool {
    tool(test, &["pdfinfo"]).is_some() && tool(test, &["pdftotext"]).is_some()
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run tool");
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).nfc().collect()
}

/// Converts `file` to PDF next to it with LibreOffice.
fn office_pdf(bin: &str, file: &Path) -> PathBuf {
    let dir = file.parent().expect("dir");
    let profile = tempfile::tempdir().expect("profile");
    run(Command::new(bin)
        .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(file));
    let pdf = file.with_extension("pdf");
    assert!(pdf.is_file(), "{} not converted", file.display());
    pdf
}

fn pages(pdf: &Path) -> usize {
    let info = run(Command::new("pdfinfo").arg(pdf));
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

/// The text of page `n`, laid out as printed.
fn page_text(pdf: &Path, n: usize) -> String {
    let n = n.to_string();
    run(Command::new("pdftotext").args(["-layout", "-f", &n, "-l", &n]).arg(pdf).arg("-"))
}

/// Every word of the PDF, in order.
fn words(pdf: &Path) -> Vec<String> {
    run(Command::new("pdftotext").arg(pdf).arg("-")).split_whitespace().map(String::from).collect()
}

/// Draws the PDF's pages to `target/report-pages/<name>-N.png` when pdftoppm is there.
fn draw(pdf: &Path, name: &str) {
    let dir = repo().join("target/report-pages");
    let _ = std::fs::create_dir_all(&dir);
    let _ = Command::new("pdftoppm").args(["-r", "60", "-png"]).arg(pdf).arg(dir.join(name)).output();
}

fn document_xml(path: &Path) -> String {
    let file = std::fs::File::open(path).expect("docx");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").expect("document.xml"), &mut xml)
        .expect("read");
    xml
}

fn unescape(t: &str) -> String {
    t.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Every word of a Word document's text (its `<w:t>` runs), in order.
fn docx_words(path: &Path) -> Vec<String> {
    document_xml(path)
        .split("<w:t")
        .skip(1)
        .filter_map(|p| p.split_once('>').and_then(|(_, rest)| rest.split_once("</w:t>")))
        .flat_map(|(t, _)| unescape(t).split_whitespace().map(String::from).collect::<Vec<_>>())
        .collect()
}

/// The text of every `<w:t>` of a Word document's tables, cell by cell.
fn docx_table_cells(path: &Path) -> Vec<String> {
    let xml = document_xml(path);
    let mut cells = Vec::new();
    // The data tables only: the heading and signature tables have no borders to break.
    for table in xml.split("<w:tbl>").skip(1).map(|t| t.split("</w:tbl>").next().unwrap_or("")) {
        if table.contains("<w:tblBorders><w:top w:val=\"nil\"") || !table.contains("E3F2FD") {
            continue;
        }
        for cell in table.split("<w:tc>").skip(1) {
            let text: String = cell
                .split("<w:t")
                .skip(1)
                .filter_map(|p| p.split_once('>').and_then(|(_, rest)| rest.split_once("</w:t>")))
                .map(|(t, _)| {
                    t.replace("&quot;", "\"")
                        .replace("&apos;", "'")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&amp;", "&")
                })
                .collect();
            cells.push(text);
        }
    }
    cells
}

/// Page numbers: none on page 1, the number at the top of every later page.
fn assert_numbered_from_page_2(pdf: &Path, what: &str) {
    let n = pages(pdf);
    assert!(n >= 2, "{what}: {n} page(s)");
    let first_line =
        |k: usize| page_text(pdf, k).lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_string();
    assert_ne!(first_line(1), "1", "{what}: page 1 is numbered");
    for k in 2..=n {
        assert_eq!(first_line(k), k.to_string(), "{what}: page {k} does not start with its number");
    }
}

/// No word of a table cell (headers included) is broken across lines: each occurs in
/// the PDF's words as often as in the whole document (a column narrower than a word
/// splits it in two, and the printed count falls short).
fn assert_no_broken_words(pdf: &Path, docx: &Path, what: &str) {
    let printed = words(pdf);
    let written = docx_words(docx);
    let mut broken = Vec::new();
    let mut wanted: Vec<String> = docx_table_cells(docx)
        .iter()
        .flat_map(|c| c.split_whitespace().map(String::from).collect::<Vec<_>>())
        .collect();
    wanted.retain(|w| w.chars().count() >= 3);
    wanted.sort();
    wanted.dedup();
    for w in &wanted {
        let in_document = written.iter().filter(|x| *x == w).count();
        let on_paper = printed.iter().filter(|x| *x == w).count();
        if on_paper < in_document {
            broken.push(format!("{w} ({on_paper} of {in_document})"));
        }
    }
    assert!(broken.is_empty(), "{what}: words broken across lines in a table: {broken:?}");
}

/// `heading`, then `text`, then `next` appear in that order in the PDF's words.
fn assert_in_section(pdf: &Path, heading: &str, text: &str, next: &str, what: &str) {
    let all = words(pdf).join(" ");
    let at = |s: &str, from: usize| all[from..].find(s).map(|i| i + from);
    let h = at(heading, 0).unwrap_or_else(|| panic!("{what}: no heading {heading:?} in\n{all}"));
    let t = at(text, h).unwrap_or_else(|| panic!("{what}: {text:?} not after {heading:?}"));
    let n = at(next, h).unwrap_or(usize::MAX);
    assert!(t < n, "{what}: {text:?} is not in the section {heading:?}");
}

fn example(args: &[&str], name: &str) -> (Scratch, PathBuf) {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.extend(["-o", name]);
    let out = s.run(&all);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = s.path().join(name);
    (s, path)
}

#[test]
fn word_reports_print_ready_to_sign() {
    let test = "print::word_reports_print_ready_to_sign";
    let Some(office) = tool(test, &["soffice", "libreoffice"]) else { return };
    if !poppler(test) {
        return;
    }
    for (args, name, pages_at_most) in
        [(&["--quarter", "2026-Q3"][..], "q3.docx", 8), (&["--year", "2026"][..], "2026.docx", 10)]
    {
        let (_s, docx) = example(args, name);
        let pdf = office_pdf(office, &docx);
        draw(&pdf, name);
        let n = pages(&pdf);
        assert!((3..=pages_at_most).contains(&n), "{name}: {n} pages");
        assert_numbered_from_page_2(&pdf, name);
        assert_no_broken_words(&pdf, &docx, name);
        assert_in_section(&pdf, "ĐÁNH GIÁ CHUNG", "Ủy ban nhân dân xã đã", "Tồn tại, hạn chế", name);
        assert_in_section(&pdf, "KIẾN NGHỊ, ĐỀ XUẤT", "Đề nghị", "Nơi nhận", name);
        let last = page_text(&pdf, n);
        assert!(last.contains("./.") || page_text(&pdf, n - 1).contains("./."), "{name}: no closing ./.");
        assert!(last.contains("Nơi nhận") && last.contains("Phạm Văn Kim"), "{name}: the signature is split");
    }
    // A year's report says what comes next year, from the officer's text.
    let (_s, docx) = example(&["--year", "2026"], "nam.docx");
    let pdf = office_pdf(office, &docx);
    assert_in_section(&pdf, "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027", "Năm 2027:", "KIẾN NGHỊ", "2026.docx");
}

#[test]
fn excel_sheets_print_with_their_title_on_every_page() {
    let test = "print::excel_sheets_print_with_their_title_on_every_page";
    let Some(office) = tool(test, &["soffice", "libreoffice"]) else { return };
    if !poppler(test) {
        return;
    }
    let (_s, xlsx) = example(&["--quarter", "2026-Q3"], "q3.xlsx");
    let pdf = office_pdf(office, &xlsx);
    draw(&pdf, "q3.xlsx");
    let n = pages(&pdf);
    assert!((1..=30).contains(&n), "{n} pages");
    for k in 1..=n {
        let text = page_text(&pdf, k);
        assert!(text.contains("III/2026") && text.contains("Việt Khê"), "page {k} has no title row:\n{text}");
    }
}

#[test]
fn the_web_page_prints_on_a4() {
    let test = "print::the_web_page_prints_on_a4";
    let Some(chromium) = tool(test, &["chromium", "chromium-browser", "google-chrome"]) else { return };
    if !poppler(test) {
        return;
    }
    let (s, html) = example(&["--quarter", "2026-Q3"], "q3.html");
    let pdf = s.path().join("q3-html.pdf");
    let profile = tempfile::tempdir().expect("profile");
    run(Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display())));
    draw(&pdf, "q3.html");
    let n = pages(&pdf);
    assert!((2..=12).contains(&n), "{n} pages");
    assert_numbered_from_page_2(&pdf, "q3.html");
    assert_in_section(&pdf, "ĐÁNH GIÁ CHUNG", "Ủy ban nhân dân xã đã", "Tồn tại, hạn chế", "q3.html");
    let last = page_text(&pdf, n);
    assert!(last.contains("Nơi nhận") && last.contains("Phạm Văn Kim"), "a lone signature:\n{last}");
}
