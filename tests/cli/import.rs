//! `ocop import` of the sample spreadsheet, as CSV and as Excel: good rows imported, bad
//! ones named by row, and a second run changes nothing.

use crate::harness::{Scratch, repo, snapshot, stderr, stdout};
use std::path::{Path, PathBuf};

fn sample(ext: &str) -> PathBuf {
    repo().join(format!("tests/data/import/so-theo-doi-ocop-2026.{ext}"))
}

/// Writes the CSV's rows into an .xlsx the way a commune's sheet holds them: numbers as
/// numbers (so tax codes and phone numbers lose their leading zero), text as text, and
/// the blank row left blank.
fn xlsx_from_csv(csv: &Path, xlsx: &Path) {
    let text = std::fs::read_to_string(csv).expect("csv");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Theo dõi OCOP").expect("name");
    for (r, line) in text.lines().enumerate() {
        for (c, value) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            match value.parse::<f64>() {
                Ok(n) => sheet.write_number(r, c, n).map(|_| ()),
                Err(_) if value.is_empty() => Ok(()),
                Err(_) => sheet.write_string(r, c, value).map(|_| ()),
            }
            .expect("cell");
        }
    }
    book.save(xlsx).expect("save");
}

/// The committed .xlsx holds the CSV's rows; `OCOP_BLESS=1` writes it again.
#[test]
fn the_sample_workbook_holds_the_csv_rows() {
    let xlsx = sample("xlsx");
    if std::env::var_os("OCOP_BLESS").is_some() || !xlsx.is_file() {
        xlsx_from_csv(&sample("csv"), &xlsx);
    }
    let from_csv = ocop::import::sheet::read(&sample("csv")).expect("csv");
    let from_xlsx = ocop::import::sheet::read(&xlsx).expect("xlsx");
    let texts = |rows: &[ocop::import::sheet::Row]| -> Vec<(usize, Vec<String>)> {
        rows.iter()
            .map(|r| {
                let mut cells: Vec<String> = r.cells.iter().map(|c| c.text.clone()).collect();
                while cells.last().is_some_and(String::is_empty) {
                    cells.pop();
                }
                (r.number, cells)
            })
            .collect()
    };
    // The same rows, row numbers included, except that Excel dropped leading zeros
    // and the space in one phone number: compare with those undone.
    let csv_rows: Vec<_> = texts(&from_csv)
        .into_iter()
        .map(|(n, cells)| {
            let cells: Vec<String> = cells.into_iter().map(|c| c.trim_start_matches('0').replace(' ', "")).collect();
            (n, cells)
        })
        .collect();
    let xlsx_rows: Vec<_> = texts(&from_xlsx)
        .into_iter()
        .map(|(n, cells)| (n, cells.into_iter().map(|c| c.trim_start_matches('0').replace(' ', "")).collect()))
        .collect();
    assert_eq!(csv_rows, xlsx_rows);
}

fn tree() -> Scratch {
    let s = Scratch::empty();
    std::fs::write(s.path().join("ocop.toml"), "name = \"Việt Khê\"\n").expect("write");
    s
}

#[test]
fn imports_good_rows_names_bad_ones_and_a_second_run_changes_nothing() {
    for ext in ["csv", "xlsx"] {
        let s = tree();
        let file = sample(ext);
        let file = file.to_str().expect("utf-8 path");
        let out = s.run(&["import", file]);
        assert_eq!(out.status.code(), Some(1), "{ext}: {}", stderr(&out));
        let created = stdout(&out);
        assert_eq!(created.matches("đã tạo producers/").count(), 4, "{ext}: {created}");
        assert_eq!(created.matches("đã tạo products/").count(), 5, "{ext}: {created}");
        let err = stderr(&out);
        assert!(err.contains("dòng 6: bỏ qua: trùng với dòng 3"), "{ext}: {err}");
        assert!(err.contains("dòng 7: bỏ qua: [E012]"), "{ext}: {err}");
        assert!(!err.contains("dòng 4:") && !created.contains("dòng 4:"), "the blank row 4 is not reported: {err}");
        assert!(created.contains("dòng 5: đã tạo producers/hop-tac-xa-ky-son.toml"), "{ext}: {created}");
        // Leading zeros that Excel dropped are back.
        let thang =
            std::fs::read_to_string(s.path().join("producers/ho-kinh-doanh-nguyen-van-thang.toml")).expect("created");
        assert!(thang.contains("registration_code = \"031089001234\""), "{ext}: {thang}");
        assert!(thang.contains("phone = \"0912345607\""), "{ext}: {thang}");
        let check = s.run(&["check"]);
        assert_eq!(check.status.code(), Some(0), "{ext}: {}", stdout(&check));

        let before = snapshot(s.path());
        let again = s.run(&["import", file]);
        assert_eq!(again.status.code(), Some(1));
        assert!(!stdout(&again).contains("đã tạo"), "{ext}: {}", stdout(&again));
        assert!(stderr(&again).contains("đã tạo 0 chủ thể, 0 sản phẩm"), "{}", stderr(&again));
        assert_eq!(before, snapshot(s.path()), "{ext}: the second run changed the tree");
    }
}

#[test]
fn csv_and_xlsx_import_the_same_records() {
    let (a, b) = (tree(), tree());
    a.run(&["import", sample("csv").to_str().expect("path")]);
    b.run(&["import", sample("xlsx").to_str().expect("path")]);
    let a_files = snapshot(a.path());
    let b_files = snapshot(b.path());
    let names = |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a_files), names(&b_files));
    // Leading zeros restored, so the files are byte for byte the same.
    assert_eq!(a_files, b_files);
}

#[test]
fn dry_run_writes_nothing() {
    let s = tree();
    let before = snapshot(s.path());
    let out = s.run(&["import", "--dry-run", sample("csv").to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("dòng 2: sẽ tạo producers/hop-tac-xa-nong-nghiep-an-son.toml"), "{}", stdout(&out));
    assert!(stderr(&out).contains("chạy thử, chưa ghi gì"), "{}", stderr(&out));
    assert_eq!(before, snapshot(s.path()));
}

fn example() -> Scratch {
    Scratch::of(&repo().join("examples/viet-khe"))
}

/// The sample sheet names three producers the example already has, under other ids:
/// by tax code (HTX An Sơn) or by name. The import uses them instead of adding
/// `hop-tac-xa-nong-nghiep-an-son.toml` and the like next to them, says so, and leaves
/// the tree with no producer code used twice.
#[test]
fn over_the_example_producers_already_there_are_used_not_duplicated() {
    let s = example();
    let before: Vec<_> = snapshot(s.path()).into_iter().map(|(p, _)| p).collect();
    let file = sample("csv");
    let out = s.run(&["import", file.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let (created, err) = (stdout(&out), stderr(&out));
    for line in [
        "dòng 2: đã có producers/htx-an-son.toml (cùng mã số thuế 0201234583), không tạo bản trùng",
        "dòng 3: đã có producers/tht-ong-an-son.toml (cùng tên “Tổ hợp tác nuôi ong An Sơn”), không tạo bản trùng",
        "dòng 8: đã có producers/hkd-nguyen-van-thang.toml (cùng tên “Hộ kinh doanh Nguyễn Văn Thắng”), không tạo bản trùng",
        // Another producer's product of the same name: a product of its own, never
        // attached to the other one, its id carrying its producer.
        "dòng 5: đã tạo producers/hop-tac-xa-ky-son.toml",
        "dòng 5: đã tạo products/ruou-nep-men-la-ky-son-hop-tac-xa-ky-son.toml",
        "dòng 9: đã có producers/hop-tac-xa-ky-son.toml",
        "dòng 9: đã tạo products/giam-gao-ky-son.toml",
    ] {
        assert!(created.contains(line), "{line}\n{created}");
    }
    assert!(
        err.contains(
            "dòng 5: cần xem lại: chủ thể khác có sản phẩm cùng tên: mã sản phẩm là `ruou-nep-men-la-ky-son-hop-tac-xa-ky-son`"
        ),
        "{err}"
    );
    assert!(err.contains("đã tạo 1 chủ thể, 2 sản phẩm; 7 bản ghi đã có"), "{err}");
    assert!(err.contains("trong đó 3 bản ghi được nhận ra theo mã số thuế hoặc tên"), "{err}");
    let after: Vec<_> = snapshot(s.path()).into_iter().map(|(p, _)| p).collect();
    let added: Vec<_> =
        after.iter().filter(|p| !before.contains(p)).map(|p| p.to_string_lossy().replace('\\', "/")).collect();
    assert_eq!(
        added,
        [
            "producers/hop-tac-xa-ky-son.toml",
            "products/giam-gao-ky-son.toml",
            "products/ruou-nep-men-la-ky-son-hop-tac-xa-ky-son.toml"
        ]
    );
    let check = s.run(&["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    assert!(!stdout(&check).contains("W040"), "{}", stdout(&check));

    let again = s.run(&["import", "--dry-run", file.to_str().expect("path")]);
    assert!(stderr(&again).contains("sẽ tạo 0 chủ thể, 0 sản phẩm"), "{}", stderr(&again));
}

/// A product already in the tree under another id (same name, same producer) is
/// recognised too, in the dry run's report as in the real run.
#[test]
fn a_product_already_there_under_another_id_is_not_created_again() {
    let s = example();
    std::fs::rename(s.path().join("products/mat-ong-an-son.toml"), s.path().join("products/mat-ong.toml"))
        .expect("rename");
    let file = sample("csv");
    for args in [vec!["import", "--dry-run"], vec!["import"]] {
        let out = s.run(&[args.as_slice(), &[file.to_str().expect("path")]].concat());
        let text = stdout(&out);
        assert!(
            text.contains("dòng 3: đã có products/mat-ong.toml (cùng tên “Mật ong An Sơn”), không tạo bản trùng"),
            "{args:?}: {text}"
        );
        assert!(!s.path().join("products/mat-ong-an-son.toml").exists(), "{args:?}");
    }
}

/// A province's published list as an .xlsx: a merged title cell over the table, a blank
/// row, `STT`, dates stored as Excel dates (serial numbers), a decision cell with number
/// and date, a stars-only row and a footnote. Every product is imported as what the
/// list says it is.
#[test]
fn a_published_workbook_with_merged_titles_and_excel_dates() {
    let s = tree();
    let xlsx = s.path().join("danh-sach-ocop.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let plain = rust_xlsxwriter::Format::new();
    sheet.merge_range(0, 0, 0, 6, "DANH SÁCH SẢN PHẨM OCOP NĂM 2024", &plain).expect("merge");
    sheet.merge_range(1, 0, 1, 6, "(Kèm theo Quyết định của UBND tỉnh)", &plain).expect("merge");
    for (c, h) in ["STT", "Tên sản phẩm", "Chủ thể", "Xếp hạng", "Quyết định", "Ngày công nhận", "Hiệu lực đến"]
        .iter()
        .enumerate()
    {
        sheet.write_string(3, c as u16, *h).expect("header");
    }
    let date_format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let day = |y, m, d| rust_xlsxwriter::ExcelDateTime::from_ymd(y, m, d).expect("date");
    // Row 5: a rated product with Excel dates.
    sheet.write_number(4, 0, 1).expect("cell");
    sheet.write_string(4, 1, "Mật ong bạc hà").expect("cell");
    sheet.write_string(4, 2, "HTX Ong Đồng Văn").expect("cell");
    sheet.write_string(4, 3, "★★★★").expect("cell");
    sheet.write_string(4, 4, "88/QĐ-UBND").expect("cell");
    sheet.write_datetime_with_format(4, 5, day(2024, 3, 15), &date_format).expect("cell");
    sheet.write_datetime_with_format(4, 6, day(2027, 3, 14), &date_format).expect("cell");
    // Row 6: number and date in one cell.
    sheet.write_number(5, 0, 2).expect("cell");
    sheet.write_string(5, 1, "Rượu ngô Thanh Vân").expect("cell");
    sheet.write_string(5, 2, "Hợp tác xã Ong Đồng Văn").expect("cell");
    sheet.write_string(5, 3, "3 sao").expect("cell");
    sheet.write_string(5, 4, "QĐ số 89/QĐ-UBND ngày 16/3/2024").expect("cell");
    // Row 7: stars only.
    sheet.write_number(6, 0, 3).expect("cell");
    sheet.write_string(6, 1, "Chè shan tuyết").expect("cell");
    sheet.write_string(6, 2, "Tổ hợp tác chè Lũng Phìn").expect("cell");
    sheet.write_number(6, 3, 3).expect("cell");
    sheet.merge_range(8, 0, 8, 6, "Ghi chú: danh sách có 3 sản phẩm", &plain).expect("merge");
    book.save(&xlsx).expect("save");

    let out = s.run(&["import", xlsx.to_str().expect("path")]);
    let (created, err) = (stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(0), "{created}{err}");
    for line in [
        "dòng 5: đã tạo producers/htx-ong-dong-van.toml",
        "dòng 5: đã tạo products/mat-ong-bac-ha.toml",
        "dòng 6: đã có producers/htx-ong-dong-van.toml (cùng tên “HTX Ong Đồng Văn”), không tạo bản trùng",
        "dòng 6: đã tạo products/ruou-ngo-thanh-van.toml",
        "dòng 7: đã tạo products/che-shan-tuyet.toml",
    ] {
        assert!(created.contains(line), "{line}\n{created}");
    }
    assert!(err.contains("dòng 7: cần xem lại: có hạng sao nhưng không có quyết định"), "{err}");
    assert!(err.contains("đã tạo 2 chủ thể, 3 sản phẩm"), "{err}");
    let read = |p: &str| std::fs::read_to_string(s.path().join(p)).expect("file");
    let honey = read("products/mat-ong-bac-ha.toml");
    for want in [
        "[certificate]\nstars = 4\ndecision = \"88/QĐ-UBND\"\nissued = 2024-03-15\nexpires = 2027-03-14\n",
        "set = 4\n",
        "set_source = \"suggested\"",
        "[[stages]]\nstage = \"rated\"\ndate = 2024-03-15\n",
    ] {
        assert!(honey.contains(want), "{want}\n{honey}");
    }
    assert!(!honey.contains("[dossier"), "{honey}");
    let spirit = read("products/ruou-ngo-thanh-van.toml");
    assert!(spirit.contains("decision = \"89/QĐ-UBND\"\nissued = 2024-03-16\n"), "{spirit}");
    let tea = read("products/che-shan-tuyet.toml");
    assert!(tea.contains("[listed_certificate]\nstars = 3\n"), "{tea}");
    assert!(!tea.contains("[[stages]]"), "{tea}");
    let check = s.run(&["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    assert!(stdout(&check).contains("W073"), "{}", stdout(&check));
}

#[test]
fn a_tree_keyword_table_is_no_rule_set_and_a_broken_one_is_refused_by_name() {
    let s = tree();
    let rules = s.path().join("rules");
    std::fs::create_dir_all(&rules).expect("mkdir");
    let table = repo().join("rules/set-keywords.toml");
    std::fs::copy(&table, rules.join("set-keywords.toml")).expect("copy");
    let check = s.run(&["check"]);
    assert_eq!(check.status.code(), Some(0), "a keyword table is not read as a rule set: {}", stdout(&check));
    let file = sample("csv");
    let file = file.to_str().expect("utf-8 path");
    assert_eq!(s.run(&["import", file, "--dry-run"]).status.code(), Some(1));

    std::fs::write(rules.join("set-keywords.toml"), "sets = 3\n").expect("write");
    let before = snapshot(s.path());
    let out = s.run(&["import", file]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("rules/set-keywords.toml") && err.contains("line 1, column 8"), "{err}");
    assert_eq!(snapshot(s.path()), before, "nothing is imported with the built-in table instead");
}
