//! Hostile text in names, notes and titles comes out inert in every output format: no
//! control character reaches a terminal, no formula a spreadsheet, no markup a browser,
//! and the Word and Excel files still parse as XML (issue 8, items 6–9).

use crate::harness::{Scratch, repo, stderr};
use std::io::Read;
use std::path::Path;

/// A formula, a script, the end of a CDATA section, an ESC sequence that clears the
/// screen, one that sets the window title, a fake OSC 8 link, a bidi override and
/// Word's vertical tab, as TOML escapes.
const HOSTILE_TOML: &str = r#"=HYPERLINK(\"http://x\",\"y\") <script>alert(1)</script> ]]> \u001b[2J\u001b]0;pwned\u0007 \u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\ \u202Eevil \u000B end"#;
/// The same text as it is once parsed.
const HOSTILE: &str = "=HYPERLINK(\"http://x\",\"y\") <script>alert(1)</script> ]]> \u{1b}[2J\u{1b}]0;pwned\u{7} \u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\ \u{202E}evil \u{b} end";

/// The example tree with the hostile text as a product's name, its producer's name, a
/// dossier note, an activity's title and the plan's title.
fn tree() -> Scratch {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    let replace = |path: &str, from: &str, to: &str| {
        let file = s.path().join(path);
        let text = std::fs::read_to_string(&file).expect("read");
        assert!(text.contains(from), "{path}: {from}");
        std::fs::write(&file, text.replacen(from, to, 1)).expect("write");
    };
    let hostile = format!("\"{HOSTILE_TOML}\"");
    replace("products/mat-ong-an-son.toml", "\"Mật ong An Sơn\"", &hostile);
    replace("producers/tht-ong-an-son.toml", "\"Tổ hợp tác nuôi ong An Sơn\"", &hostile);
    // A field `show` lists generically, from the model's fields.
    replace("producers/tht-ong-an-son.toml", "\"Nguyễn Thị Lan\"", &hostile);
    replace(
        "activities/2026-07-22-tap-huan-quy-trinh-ocop.toml",
        "\"Tập huấn quy trình OCOP, an toàn thực phẩm và nhãn mác\"",
        &hostile,
    );
    replace(
        "plan.toml",
        "\"Kế hoạch thực hiện Chương trình mỗi xã một sản phẩm (OCOP) năm 2026 trên địa bàn xã Việt Khê\"",
        &hostile,
    );
    s
}

fn run(s: &Scratch, args: &[&str]) -> (Vec<u8>, String) {
    let mut all = vec!["--today", "2026-11-29"];
    all.extend_from_slice(args);
    let out = s.run(&all);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", stderr(&out));
    let err = stderr(&out);
    (out.stdout, err)
}

/// No control character but newline, and no bidi control, in terminal text.
fn assert_terminal_safe(what: &str, text: &str) {
    let bad: Vec<char> =
        text.chars().filter(|c| (c.is_control() && *c != '\n') || ('\u{202A}'..='\u{202E}').contains(c)).collect();
    assert!(bad.is_empty(), "{what}: raw controls {bad:?} in\n{text}");
}

/// No character XML 1.0 forbids.
fn assert_xml_chars(what: &str, text: &str) {
    let bad: Vec<char> = text.chars().filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')).collect();
    assert!(bad.is_empty(), "{what}: {bad:?}");
}

#[test]
fn terminal_outputs_escape_controls_and_keep_rows_whole() {
    let s = tree();
    for args in [
        &["status"][..],
        &["show", "mat-ong-an-son"],
        &["show", "tht-ong-an-son"],
        &["due", "--within", "365"],
        &["report", "--year", "2026", "--format", "text"],
        &["check"],
        &["show", "\u{1b}[2Jno-such-id\u{7}"],
    ] {
        let out = s.run(&[&["--today", "2026-11-29"][..], args].concat());
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_terminal_safe(&format!("{args:?} stdout"), &text);
        assert_terminal_safe(&format!("{args:?} stderr"), &stderr(&out));
    }
    // The table row with the name is one line: the escapes are visible in it.
    let (out, _) = run(&s, &["status"]);
    let text = String::from_utf8(out).expect("utf-8");
    let row = text.lines().find(|l| l.contains("HYPERLINK")).expect("row");
    assert!(row.contains("\\u{1b}[2J") && row.contains("\\u{b} end"), "{row}");
    assert!(row.trim_end().ends_with('|'), "{row}");
}

#[test]
fn csv_cells_never_start_a_formula() {
    let s = tree();
    for args in [
        &["status", "--format", "csv"][..],
        &["due", "--within", "365", "--format", "csv"],
        &["report", "--year", "2026", "--format", "csv"],
    ] {
        let (out, _) = run(&s, args);
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(out.as_slice());
        let mut seen = false;
        for record in reader.records() {
            for cell in record.expect("csv").iter() {
                seen |= cell.contains("HYPERLINK");
                let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
                let number = cell.trim_start_matches(['-', '+']).chars().all(|c| c.is_ascii_digit() || c == '.');
                assert!(!risky || number, "{args:?}: {cell:?}");
            }
        }
        // `due` lists no date for the product; the report's CSV holds ids, not names.
        assert!(seen || args[0] != "status", "{args:?}: the name is not in the output");
    }
}

#[test]
fn markdown_and_html_escape_markup() {
    let s = tree();
    for format in ["md", "html"] {
        let (out, _) = run(&s, &["report", "--year", "2026", "--format", format]);
        let text = String::from_utf8(out).expect("utf-8");
        assert!(!text.contains("<script>"), "{format}: raw <script>");
        assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{format}: the name is missing");
        assert_xml_chars(format, &text);
    }
}

#[test]
fn json_and_yaml_keep_the_text_as_data() {
    let s = tree();
    let (out, _) = run(&s, &["status", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let names: Vec<&str> =
        v["products"].as_array().expect("products").iter().filter_map(|p| p["name"].as_str()).collect();
    assert!(names.contains(&HOSTILE), "{names:?}");
    assert!(!out.contains(&0x1b), "JSON escapes ESC");
    let (out, _) = run(&s, &["status", "--format", "yaml"]);
    let text = String::from_utf8(out).expect("utf-8");
    assert!(!text.contains('\u{1b}') && !text.contains('\u{b}'), "YAML escapes controls");
    let (out, _) = run(&s, &["report", "--year", "2026", "--format", "json"]);
    assert!(!out.contains(&0x1b) && !out.contains(&0x0b));
    let (out, _) = run(&s, &["show", "mat-ong-an-son", "--format", "json"]);
    assert!(!out.contains(&0x1b));
}

/// Every XML part of an Office file, parsed to the end; returns the text of `part`.
fn parse_office(path: &Path, part: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut wanted = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("name").into_owned();
        if !name.ends_with(".xml") && !name.ends_with(".rels") {
            continue;
        }
        let mut xml = String::new();
        entry.read_to_string(&mut xml).expect("utf-8");
        assert_xml_chars(&name, &xml);
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                    assert!(e.name().as_ref() != "f", "{name}: a formula cell");
                }
                Ok(_) => {}
                Err(e) => panic!("{name} does not parse as XML: {e}"),
            }
        }
        if name == part {
            // The markup's entities decoded, for a plain search of the text.
            wanted = xml
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
        }
    }
    wanted
}

#[test]
fn word_and_excel_files_parse_and_hold_the_text_as_text() {
    let s = tree();
    for (ext, part) in [("docx", "word/document.xml"), ("xlsx", "xl/sharedStrings.xml")] {
        let file = s.path().join(format!("r.{ext}"));
        let file_arg = file.display().to_string();
        run(&s, &["report", "--year", "2026", "-o", &file_arg]);
        let text = parse_office(&file, part);
        assert!(text.contains("=HYPERLINK(\"http://x\",\"y\") <script>alert(1)</script> ]]>"), "{ext}: {text}");
    }
}

#[test]
fn set_refuses_control_characters() {
    let s = tree();
    let before = std::fs::read(s.path().join("producers/htx-an-son.toml")).expect("read");
    let out = s.run(&["set", "htx-an-son", "representative=Trần\u{b}Bình"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("U+000B"), "{}", stderr(&out));
    assert_eq!(std::fs::read(s.path().join("producers/htx-an-son.toml")).expect("read"), before);
}
