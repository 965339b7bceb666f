//! `ocop export` and `--redact`: the list in each format, redaction by default, and no
//! personal data anywhere in the bytes of any redacted output (Excel and Word unzipped).

use crate::harness::{Scratch, repo, stderr, stdout};
use std::io::Read;
use std::path::Path;

/// The example with more personal data than it ships: an e-mail on the household, and
/// a phone number and an e-mail in free text (a product note, an activity).
fn tree() -> Scratch {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    let add = |rel: &str, text: &str| {
        let path = s.path().join(rel);
        let old = std::fs::read_to_string(&path).expect(rel);
        // Top-level keys go before the first table.
        let at = old.find("\n[").map_or(old.len(), |i| i + 1);
        std::fs::write(&path, format!("{}{text}\n{}", &old[..at], &old[at..])).expect("write");
    };
    add("producers/hkd-nguyen-van-thang.toml", "email = \"thang.hkd@gmail.com\"");
    add("products/mat-ong-an-son.toml", "note = \"Liên hệ chị Lan 0987.654.321 hoặc lan.ong@yahoo.com\"");
    s
}

/// Personal data the tree holds, each of which a redacted output must leave out.
const PERSONAL: &[&str] = &[
    "Nguyễn Văn Thắng",
    "NGUYỄN VĂN THẮNG",
    "031078004512",
    "0912 345 604",
    "0912 345 601",
    "thang.hkd@gmail.com",
    "0987.654.321",
    "lan.ong@yahoo.com",
];

/// The bytes of a file, with a zip (xlsx, docx) unpacked: every entry's bytes.
fn contents(bytes: &[u8]) -> String {
    if !bytes.starts_with(b"PK") {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let mut buf = Vec::new();
        entry.read_to_end(&mut buf).expect("read entry");
        all.push_str(&String::from_utf8_lossy(&buf));
    }
    all
}

fn leaks(text: &str) -> Vec<&'static str> {
    PERSONAL.iter().copied().filter(|p| text.contains(p)).collect()
}

/// Runs `args` and returns what it wrote: stdout, or the `-o` file.
fn output(s: &Scratch, args: &[&str]) -> String {
    let out = s.run(args);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", stderr(&out));
    let file = args.iter().position(|a| *a == "-o").map(|i| s.path().join(args[i + 1]));
    let bytes = match file {
        Some(f) => std::fs::read(&f).expect("output file"),
        None => out.stdout.clone(),
    };
    assert!(!bytes.is_empty(), "{args:?} wrote nothing");
    format!("{}{}", contents(&bytes), stderr(&out))
}

#[test]
fn without_redact_the_personal_data_is_there() {
    let s = tree();
    let shown = output(&s, &["show", "hkd-nguyen-van-thang", "--format", "json"]);
    for p in ["Nguyễn Văn Thắng", "031078004512", "0912 345 604", "thang.hkd@gmail.com"] {
        assert!(shown.contains(p), "{p} is not in show: the redaction tests would prove nothing");
    }
    let note = output(&s, &["show", "mat-ong-an-son"]);
    assert!(note.contains("0987.654.321") && note.contains("lan.ong@yahoo.com"), "{note}");
    let list = output(&s, &["export", "--no-redact", "--include-uncertified"]);
    assert!(list.contains("Hộ kinh doanh Nguyễn Văn Thắng"), "{list}");
}

#[test]
fn redacted_outputs_hold_no_personal_data_in_any_format() {
    let s = tree();
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for f in ["table", "json", "csv", "yaml"] {
        runs.push(vec!["status", "--redact", "--format", f]);
    }
    for name in ["hkd-nguyen-van-thang", "gao-nep-cai-hoa-vang-viet-khe", "mat-ong-an-son", "htx-ky-son"] {
        for f in ["table", "json"] {
            runs.push(vec!["show", name, "--redact", "--format", f]);
        }
    }
    for (f, file) in [
        ("table", "r.txt"),
        ("md", "r.md"),
        ("html", "r.html"),
        ("csv", "r.csv"),
        ("json", "r.json"),
        ("xlsx", "r.xlsx"),
        ("docx", "r.docx"),
    ] {
        runs.push(vec!["report", "--redact", "--draft", "--year", "2026", "--format", f, "-o", file]);
    }
    for lang in ["vi", "en"] {
        runs.push(vec!["--lang", lang, "export", "--include-uncertified"]);
        runs.push(vec!["--lang", lang, "export", "--include-uncertified", "--redact", "--format", "table"]);
        runs.push(vec!["--lang", lang, "export", "--include-uncertified", "-o", "ds.xlsx"]);
    }
    for args in &runs {
        let text = output(&s, args);
        assert_eq!(leaks(&text), Vec::<&str>::new(), "{args:?}");
    }
    // The mark stands where the data was.
    let list = output(&s, &["export", "--include-uncertified"]);
    assert!(list.contains("Hộ kinh doanh [ẩn]"), "{list}");
    let en = output(&s, &["--lang", "en", "show", "hkd-nguyen-van-thang", "--redact"]);
    assert!(en.contains("[redacted]"), "{en}");
}

#[test]
fn export_writes_csv_to_stdout_and_excel_to_a_file() {
    let s = tree();
    let out = s.run(&["export"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = stdout(&out);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "STT,Tên sản phẩm,Chủ thể,Loại hình,Địa chỉ,Bộ sản phẩm,Nhóm sản phẩm,Hạng sao,Điểm,Số quyết định,\
             Ngày quyết định,Ngày hết hạn,Tình trạng,Cơ quan cấp,Thu hồi"
        )
    );
    // Certified products only by default: the example's three, not the one in progress.
    assert_eq!(lines.count(), 3, "{csv}");
    assert!(!csv.contains("Gạo nếp"), "{csv}");
    assert!(csv.contains(",3,,2156/QĐ-UBND,28/03/2023,28/03/2026,Hết hiệu lực,UBND huyện Thủy Nguyên,"), "{csv}");

    let all = stdout(&s.run(&["export", "--include-uncertified", "--state", "in-progress"]));
    assert_eq!(all.lines().count(), 2, "{all}");
    assert!(all.contains("Gạo nếp cái hoa vàng Việt Khê") && all.contains("Đang thực hiện"), "{all}");

    let out = s.run(&["export", "-o", "ds.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("3 dòng"), "{}", stderr(&out));
    let rows = ocop::import::sheet::read(&s.path().join("ds.xlsx")).expect("xlsx");
    let texts: Vec<Vec<String>> = rows.iter().map(|r| r.cells.iter().map(|c| c.text.clone()).collect()).collect();
    assert!(texts[0][0].starts_with("DANH SÁCH SẢN PHẨM OCOP"), "{texts:?}");
    assert!(texts.iter().any(|r| r.iter().any(|c| c == "2156/QĐ-UBND")), "{texts:?}");
    // Dates are text, as the list prints them, not Excel serials.
    assert!(texts.iter().any(|r| r.iter().any(|c| c == "28/03/2026")), "{texts:?}");

    let refused = s.run(&["export", "--format", "csv", "-o", "ds.xlsx"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(Path::new(&s.path().join("ds.xlsx")).is_file());
}

/// A province tree whose two communes are copies of `tree()`: `--redact` covers every
/// commune in the roll-ups of `status` and `report`.
#[test]
fn a_province_roll_up_is_redacted_too() {
    let commune = tree();
    let p = Scratch::empty();
    std::fs::write(
        p.path().join("ocop.toml"),
        "kind = \"province\"\nname = \"Tỉnh Thử\"\n\n[[communes]]\npath = \"communes/viet-khe\"\ncode = \"10660\"\n\
         name = \"Việt Khê\"\n\n[[communes]]\npath = \"communes/an-son\"\ncode = \"10661\"\nname = \"An Sơn\"\n",
    )
    .expect("write");
    for c in ["viet-khe", "an-son"] {
        crate::harness::copy_tree(commune.path(), &p.path().join("communes").join(c));
    }
    let plain = output(&p, &["status", "--format", "json"]);
    assert!(!leaks(&plain).is_empty(), "the roll-up shows no personal data: this test would prove nothing");
    for args in [
        &["status", "--redact", "--format", "json"][..],
        &["status", "--redact", "--format", "csv"],
        &["status", "--redact"],
        &["report", "--redact", "--draft", "--year", "2026", "--format", "md"],
        &["report", "--redact", "--draft", "--year", "2026", "--format", "json"],
    ] {
        let text = output(&p, args);
        assert_eq!(leaks(&text), Vec::<&str>::new(), "{args:?}");
    }
}
