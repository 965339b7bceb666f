//! The province roll-up over real git submodules: a province repository holding two
//! commune repositories, built in temporary folders; `status`, `check`, `due` and
//! `report` run in the province, with a commune broken and one not checked out.

use crate::harness::{copy_tree, repo, run_in, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn git(dir: &Path, home: &Path, args: &[&str]) -> Output {
    let out = Command::new("git")
        .args(["-c", "protocol.file.allow=always", "-c", "user.name=Cán bộ", "-c", "user.email=cb@example.vn"])
        .args(["-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", "2026-11-29T08:00:00+07:00")
        .env("GIT_COMMITTER_DATE", "2026-11-29T08:00:00+07:00")
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    out
}

/// A province repository with Việt Khê (the example) and An Sơn (the example renamed,
/// without its rice wine) as submodules, and the folder holding everything.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().expect("temp dir");
        let home = dir.path().to_path_buf();
        let commune = |name: &str, edit: &dyn Fn(&Path)| -> PathBuf {
            let path = home.join("repos").join(name);
            copy_tree(&repo().join("examples/viet-khe"), &path);
            edit(&path);
            git(&path, &home, &["init", "-q"]);
            git(&path, &home, &["add", "-A"]);
            git(&path, &home, &["commit", "-q", "-m", "Hồ sơ OCOP của xã"]);
            path
        };
        let viet_khe = commune("viet-khe", &|_| {});
        let an_son = commune("an-son", &|p| {
            let file = p.join("ocop.toml");
            let text = std::fs::read_to_string(&file).expect("read");
            let text = text
                .replace("name = \"Việt Khê\"", "name = \"An Sơn\"")
                .replace("commune_code = \"11353\"", "commune_code = \"11354\"");
            std::fs::write(&file, text).expect("write");
            std::fs::remove_file(p.join("products/ruou-nep-men-la-ky-son.toml")).expect("remove");
        });
        let province = home.join("province");
        std::fs::create_dir_all(&province).expect("mkdir");
        git(&province, &home, &["init", "-q"]);
        for (url, path) in [(&viet_khe, "communes/viet-khe"), (&an_son, "communes/an-son")] {
            git(&province, &home, &["submodule", "add", "-q", &url.display().to_string(), path]);
        }
        std::fs::write(province.join("ocop.toml"), PROVINCE).expect("write");
        git(&province, &home, &["add", "-A"]);
        git(&province, &home, &["commit", "-q", "-m", "Tỉnh: hai xã"]);
        Setup { dir }
    }

    fn province(&self) -> PathBuf {
        self.dir.path().join("province")
    }

    fn run(&self, args: &[&str]) -> Output {
        run_in(&self.province(), args)
    }
}

const PROVINCE: &str = r#"kind = "province"
name = "Thành phố Hải Phòng"
code = "31"

[[communes]]
path = "communes/viet-khe"
code = "11353"
name = "Việt Khê"

[[communes]]
path = "communes/an-son"
code = "11354"
name = "An Sơn"
"#;

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn status_has_the_commune_as_a_column_and_a_subtotal_per_commune() {
    let s = Setup::new();
    let out = s.run(&["status"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let header = text.lines().next().expect("header");
    assert!(header.starts_with("| Xã "), "{header}");
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("| ")).collect();
    let first_cells = |l: &str| -> Vec<String> { l.split('|').skip(1).take(9).map(|c| c.trim().to_string()).collect() };
    let cells: Vec<Vec<String>> = rows.iter().map(|l| first_cells(l)).collect();
    let commune_of_rows: Vec<&str> = cells.iter().skip(1).map(|c| c[0].as_str()).collect();
    assert_eq!(
        commune_of_rows,
        [
            "Việt Khê",
            "Việt Khê",
            "Việt Khê",
            "Việt Khê",
            "Cộng Việt Khê",
            "An Sơn",
            "An Sơn",
            "An Sơn",
            "Cộng An Sơn",
            "Toàn tỉnh"
        ]
    );
    let summary = |label: &str| -> Vec<String> {
        let c = cells.iter().find(|c| c[0] == label).expect("subtotal row");
        vec![c[1].clone(), c[5].clone(), c[8].clone()]
    };
    assert_eq!(summary("Cộng Việt Khê"), ["4 sản phẩm", "3 có sao", "50/86 (58%)"]);
    assert_eq!(summary("Cộng An Sơn"), ["3 sản phẩm", "2 có sao", "28/64 (44%)"]);
    assert_eq!(summary("Toàn tỉnh"), ["7 sản phẩm", "5 có sao", "78/150 (52%)"]);

    // Scripts get qualified ids, the commune on every product and the subtotals.
    let doc = json(&s.run(&["status", "--format", "json"]));
    let ids: Vec<&str> =
        doc["products"].as_array().expect("products").iter().filter_map(|p| p["id"].as_str()).collect();
    assert!(ids.contains(&"viet-khe/mat-ong-an-son") && ids.contains(&"an-son/mat-ong-an-son"), "{ids:?}");
    assert_eq!(doc["communes"][1]["subtotal"]["products"], 3);
    assert_eq!(doc["total"]["done"], 78);
    let csv = stdout(&s.run(&["status", "--format", "csv"]));
    assert!(csv.starts_with("commune,id,name,"), "{csv}");
    assert!(csv.contains("\nan-son,an-son/mat-ong-an-son,Mật ong An Sơn,"), "{csv}");

    // A producer as the roll-up prints it asks its own commune; a bare id asks them all.
    let of = |producer: &str| -> Vec<String> {
        let doc = json(&s.run(&["status", "--producer", producer, "--format", "json"]));
        doc["products"]
            .as_array()
            .expect("products")
            .iter()
            .filter_map(|p| p["id"].as_str().map(String::from))
            .collect()
    };
    assert_eq!(of("an-son/tht-ong-an-son"), ["an-son/mat-ong-an-son"]);
    assert_eq!(of("tht-ong-an-son").len(), 2);
}

#[test]
fn a_single_commune_is_unchanged_inside_the_province() {
    let s = Setup::new();
    let inside = run_in(&s.province().join("communes/viet-khe"), &["status", "--format", "csv"]);
    let alone = run_in(&repo().join("examples/viet-khe"), &["status", "--format", "csv"]);
    assert_eq!(stdout(&inside), stdout(&alone));
    // A command that works on one commune names one instead of reading the province.
    let out = s.run(&["show", "mat-ong-an-son"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--root communes/viet-khe"), "{}", stderr(&out));
}

#[test]
fn check_reports_a_broken_commune_and_still_checks_the_others() {
    let s = Setup::new();
    std::fs::write(s.province().join("communes/an-son/ocop.toml"), "name = \"An Sơn\n").expect("break");
    let out = s.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("communes/an-son/ocop.toml:1:15: lỗi[E003]"), "{text}");
    // Việt Khê is still checked: its expired certificates are there.
    assert!(text.contains("communes/viet-khe/products/mat-ong-an-son.toml:"), "{text}");
    assert!(text.contains("[W018]"), "{text}");
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("| Việt Khê") || l.starts_with("| An Sơn")).collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].contains("đã tổng hợp"), "{}", lines[0]);
    assert!(lines[1].contains("không đọc được"), "{}", lines[1]);

    // status still rolls up Việt Khê and names An Sơn.
    let out = s.run(&["status"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("communes/an-son/ocop.toml"), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Cộng Việt Khê") && text.contains("4 sản phẩm"), "{text}");
    let an_son = text.lines().find(|l| l.starts_with("| Cộng An Sơn")).expect("An Sơn's row");
    assert!(an_son.contains("0 sản phẩm") && an_son.contains("không đọc được"), "{an_son}");
}

#[test]
fn a_submodule_not_checked_out_is_named_and_the_rest_rolls_up() {
    let s = Setup::new();
    let home = s.dir.path();
    // A clone without --recurse-submodules: the commune folders are there but empty.
    git(home, home, &["clone", "-q", &s.province().display().to_string(), "clone"]);
    let clone = home.join("clone");
    git(&clone, home, &["submodule", "update", "-q", "--init", "communes/viet-khe"]);
    let out = run_in(&clone, &["status"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("communes/an-son: cảnh báo[W085]: chưa có cây hồ sơ của xã `An Sơn`"),
        "{}",
        stderr(&out)
    );
    let text = stdout(&out);
    let an_son = text.lines().find(|l| l.starts_with("| Cộng An Sơn")).expect("An Sơn's row");
    assert!(an_son.contains("chưa checkout"), "{an_son}");
    let total = text.lines().find(|l| l.starts_with("| Toàn tỉnh")).expect("total");
    assert!(total.contains("4 sản phẩm"), "{total}");
    let out = run_in(&clone, &["check", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let out = run_in(&clone, &["due", "--format", "json"]);
    let doc = json(&out);
    assert_eq!(doc["communes"][1]["state"], "missing");
}

/// A figure of a report's JSON, as a number.
fn n(v: &serde_json::Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn the_province_report_adds_up_the_communes_reports() {
    let s = Setup::new();
    let args = ["report", "--quarter", "2026-Q3", "--format", "json"];
    let province = json(&s.run(&args));
    let commune = |path: &str| json(&run_in(&s.province().join(path), &args));
    let (vk, an) = (commune("communes/viet-khe"), commune("communes/an-son"));
    assert_eq!(province["commune"], "Thành phố Hải Phòng");
    let len = |v: &serde_json::Value, k: &str| v[k].as_array().map_or(0, Vec::len);
    assert_eq!(len(&province, "products"), len(&vk, "products") + len(&an, "products"));
    assert_eq!(len(&province, "products"), 7);
    assert_eq!(len(&province, "activities"), len(&vk, "activities") + len(&an, "activities"));
    assert_eq!(n(&province["money_total"]), n(&vk["money_total"]) + n(&an["money_total"]));
    assert_eq!(n(&province["money_total"]), 69_000_000);
    // Targets: without a province plan, each commune's own, added up by id.
    let targets = province["targets"].as_array().expect("targets");
    assert_eq!(targets.len(), 6);
    for (i, t) in targets.iter().enumerate() {
        let (a, b) = (&vk["targets"][i], &an["targets"][i]);
        assert_eq!(t["id"], a["id"]);
        if t["unit"] == "count" {
            assert_eq!(n(&t["actual"]), n(&a["actual"]) + n(&b["actual"]), "{}", t["id"]);
            assert_eq!(n(&t["target"]), n(&a["target"]) + n(&b["target"]), "{}", t["id"]);
        } else {
            assert_eq!(n(&t["counted"]), n(&a["counted"]) + n(&b["counted"]), "{}", t["id"]);
            assert_eq!(n(&t["of"]), n(&a["of"]) + n(&b["of"]), "{}", t["id"]);
        }
    }
    let communes = province["communes"].as_array().expect("communes");
    assert_eq!(communes.len(), 2);
    assert_eq!(n(&communes[0]["products"]), 4);
    assert_eq!(n(&communes[1]["products"]), 3);
    assert_eq!(n(&communes[0]["spent"]), n(&vk["money_total"]));

    // Every format carries the summary by commune.
    let text = stdout(&s.run(&["report", "--quarter", "2026-Q3"]));
    assert!(text.contains("TỔNG HỢP THEO XÃ"), "{text}");
    assert!(text.contains("trên địa bàn Thành phố Hải Phòng"), "{text}");
    let total = text.lines().find(|l| l.starts_with("| Tổng cộng")).expect("total row");
    let cells: Vec<&str> = total.split('|').map(str::trim).collect();
    assert_eq!(cells[3..8], ["7", "5", "72", "150", "48%"], "{total}");
    for ext in ["md", "html", "csv", "xlsx", "docx"] {
        let path = s.dir.path().join(format!("bao-cao.{ext}"));
        let out = s.run(&["report", "--quarter", "2026-Q3", "--draft", "-o", &path.display().to_string()]);
        assert_eq!(out.status.code(), Some(0), "{ext}: {}", stderr(&out));
        assert!(std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) > 0, "{ext}");
    }
    let md = std::fs::read_to_string(s.dir.path().join("bao-cao.md")).expect("md");
    assert!(md.contains("An Sơn") && md.contains("69.000.000"), "{md}");
}

#[test]
fn the_province_plan_sets_the_targets_when_there_is_one() {
    let s = Setup::new();
    let plan = r#"title = "Kế hoạch OCOP của thành phố năm 2026"
year = 2026

[[targets]]
id = "san-pham-moi"
title = "Sản phẩm mới đạt 3 sao"
measure = "products"
target = 5

[[targets]]
id = "tap-huan"
title = "Lượt tập huấn, hội nghị"
measure = "participants"
target = 1000
"#;
    std::fs::write(s.province().join("plan.toml"), plan).expect("plan");
    let args = ["report", "--year", "2026", "--format", "json"];
    let province = json(&s.run(&args));
    let targets = province["targets"].as_array().expect("targets");
    assert_eq!(targets.len(), 2, "{targets:?}");
    assert_eq!(n(&targets[0]["target"]), 5);
    assert_eq!(n(&targets[1]["target"]), 1000);
    let commune = |path: &str| json(&run_in(&s.province().join(path), &args));
    let participants = |r: &serde_json::Value| -> u64 {
        r["activities"].as_array().expect("activities").iter().map(|a| n(&a["participants"])).sum()
    };
    let (vk, an) = (commune("communes/viet-khe"), commune("communes/an-son"));
    assert_eq!(n(&targets[1]["actual"]), participants(&vk) + participants(&an));

    // With no commune checked out, the province's targets are still its own, titled.
    git(&s.province(), s.dir.path(), &["submodule", "deinit", "-q", "-f", "--all"]);
    let empty = json(&s.run(&args));
    let titles: Vec<&str> =
        empty["targets"].as_array().expect("targets").iter().filter_map(|t| t["title"].as_str()).collect();
    assert_eq!(titles, ["Sản phẩm mới đạt 3 sao", "Lượt tập huấn, hội nghị"]);
    assert_eq!(empty["targets"][1]["measure"], "participants");
    assert_eq!(n(&empty["targets"][1]["actual"]), 0);
}

#[test]
fn export_lists_every_commune_with_the_commune_first() {
    let s = Setup::new();
    let out = s.run(&["export", "--include-uncertified"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = stdout(&out);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("Xã,STT,"), "{csv}");
    assert!(lines[1].starts_with("Việt Khê,1,"), "{csv}");
    assert!(lines.iter().any(|l| l.starts_with("An Sơn,5,")), "{csv}");
    // Personal data stays out of a province's list as out of a commune's.
    assert!(csv.contains("Hộ kinh doanh [ẩn]") && !csv.contains("Nguyễn Văn Thắng"), "{csv}");
}

#[test]
fn status_and_the_report_count_a_revoked_certificate_alike() {
    let s = Setup::new();
    let an_son = s.province().join("communes/an-son");
    let revoke =
        ["revoke", "mat-ong-an-son", "--decision", "45/QĐ-UBND", "--date", "2026-01-15", "--reason", "Vi phạm ATTP"];
    let out = run_in(&an_son, &revoke);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let status = json(&s.run(&["status", "--format", "json"]));
    let report = json(&s.run(&["report", "--quarter", "2026-Q3", "--format", "json"]));
    assert_eq!(status["communes"][1]["subtotal"]["rated"], 1, "{}", status["communes"][1]);
    assert_eq!(report["communes"][1]["rated"], status["communes"][1]["subtotal"]["rated"]);
    assert_eq!(status["communes"][0]["subtotal"]["rated"], 3);
}

/// The rows of the terminal table under the line holding `heading`, as trimmed cells.
fn text_table(text: &str, heading: &str) -> Vec<Vec<String>> {
    text.lines()
        .skip_while(|l| !l.contains(heading))
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .filter(|l| !l.starts_with("|-"))
        .map(|l| l.split('|').skip(1).map(|c| c.trim().to_string()).collect::<Vec<_>>())
        .map(|mut cells| {
            cells.pop();
            cells
        })
        .collect()
}

#[test]
fn money_sections_and_missing_items_have_a_subtotal_per_commune() {
    use calamine::{Data, Reader, open_workbook_auto};
    let s = Setup::new();
    // An Sơn spends less than Việt Khê, so a subtotal taken from the wrong commune shows.
    std::fs::remove_file(s.province().join("communes/an-son/activities/2026-08-14-tham-quan-mo-hinh-ocop.toml"))
        .expect("remove");
    let args = ["report", "--quarter", "2026-Q3", "--format", "json"];
    let province = json(&s.run(&args));
    let commune = |path: &str| json(&run_in(&s.province().join(path), &args));
    let own = [commune("communes/viet-khe"), commune("communes/an-son")];
    assert_ne!(own[0]["money_total"], own[1]["money_total"]);
    let items = |r: &serde_json::Value| -> u64 {
        r["missing"]
            .as_array()
            .expect("missing")
            .iter()
            .flat_map(|m| m["products"].as_array().expect("products"))
            .map(|p| p["items"].as_array().map_or(0, |i| i.len() as u64))
            .sum()
    };
    // Each commune's subtotals are its own report's figures.
    for (i, r) in own.iter().enumerate() {
        let c = &province["communes"][i];
        for m in r["money"].as_array().expect("money") {
            let mine = c["money"].as_array().expect("money").iter().find(|x| x["source"] == m["source"]);
            assert_eq!(mine.map(|x| &x["amount"]), Some(&m["amount"]), "{}", c["key"]);
        }
        assert_eq!(n(&c["missing_items"]), items(r), "{}", c["key"]);
        for sc in c["sections"].as_array().expect("sections") {
            let (done, required) = r["products"].as_array().expect("products").iter().fold((0, 0), |(d, q), p| {
                let x = p["sections"].as_array().and_then(|ss| ss.iter().find(|x| x["id"] == sc["id"]));
                x.map_or((d, q), |x| (d + n(&x["done"]), q + n(&x["required"])))
            });
            assert_eq!((n(&sc["done"]), n(&sc["required"])), (done, required), "{} {}", c["key"], sc["id"]);
        }
    }
    assert_eq!(items(&province), items(&own[0]) + items(&own[1]));

    // The text report: a subtotal row per commune and the total in each table.
    let money = |r: &serde_json::Value| ocop_money(n(&r["money_total"]));
    let text = stdout(&s.run(&["report", "--quarter", "2026-Q3"]));
    let by_commune = text_table(&text, "Kinh phí theo xã");
    let row = |rows: &[Vec<String>], label: &str| rows.iter().find(|r| r[0] == label).cloned().unwrap_or_default();
    assert_eq!(row(&by_commune, "Cộng Việt Khê")[2], money(&own[0]), "{by_commune:?}");
    assert_eq!(row(&by_commune, "Cộng An Sơn")[2], money(&own[1]), "{by_commune:?}");
    assert_eq!(row(&by_commune, "Tổng cộng")[2], money(&province), "{by_commune:?}");
    let sections = text_table(&text, "Mức độ hoàn thiện hồ sơ theo nhóm mục");
    let legal = |r: &serde_json::Value, i: usize| {
        let c = &r["communes"][i]["sections"][0];
        format!("{}/{}", n(&c["done"]), n(&c["required"]))
    };
    assert_eq!(row(&sections, "Cộng Việt Khê")[1..3], ["4 sản phẩm".to_string(), legal(&province, 0)]);
    assert_eq!(row(&sections, "Cộng An Sơn")[1..3], ["3 sản phẩm".to_string(), legal(&province, 1)]);
    assert!(row(&sections, "Tổng cộng")[1] == "7 sản phẩm", "{sections:?}");
    let missing = text_table(&text, "Các mục hồ sơ còn thiếu theo từng chủ thể");
    assert_eq!(row(&missing, "Cộng Việt Khê")[3], format!("{} mục còn thiếu", items(&own[0])), "{missing:?}");
    assert_eq!(row(&missing, "Cộng An Sơn")[3], format!("{} mục còn thiếu", items(&own[1])), "{missing:?}");
    assert_eq!(row(&missing, "Tổng cộng")[3], format!("{} mục còn thiếu", items(&province)), "{missing:?}");
    let en = stdout(&s.run(&["report", "--quarter", "2026-Q3", "--lang", "en"]));
    assert!(text_table(&en, "Spending by commune").iter().any(|r| r[0] == "Subtotal An Sơn"), "{en}");

    // CSV has the same subtotals, by commune key.
    let csv = stdout(&s.run(&["report", "--quarter", "2026-Q3", "--format", "csv"]));
    assert!(csv.contains(&format!("\ncommunes,an-son,spent,{}\n", n(&own[1]["money_total"]))), "{csv}");
    assert!(csv.contains(&format!("\ncommunes,viet-khe,missing_items,{}\n", items(&own[0]))), "{csv}");
    assert!(csv.contains(&format!("\nprovince,total,missing_items,{}\n", items(&province))), "{csv}");

    // Markdown, HTML, Word and Excel draw the same rows.
    for ext in ["md", "html", "docx", "xlsx"] {
        let path = s.dir.path().join(format!("bao-cao.{ext}"));
        let out = s.run(&["report", "--quarter", "2026-Q3", "--draft", "-o", &path.display().to_string()]);
        assert_eq!(out.status.code(), Some(0), "{ext}: {}", stderr(&out));
    }
    for ext in ["md", "html"] {
        let body = std::fs::read_to_string(s.dir.path().join(format!("bao-cao.{ext}"))).expect("read");
        let subtotals = body.matches("Cộng An Sơn").count();
        // Products, sections, activities, money, due dates, missing items.
        assert_eq!(subtotals, 6, "{ext}");
        assert!(body.contains(&format!("{} mục còn thiếu", items(&own[1]))), "{ext}");
    }
    let docx = std::fs::read(s.dir.path().join("bao-cao.docx")).expect("docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").expect("document"), &mut xml).expect("read");
    assert_eq!(xml.matches("Cộng An Sơn").count(), 6);
    let mut book = open_workbook_auto(s.dir.path().join("bao-cao.xlsx")).expect("xlsx");
    let sheet = book.worksheet_range("Kinh phí theo xã").expect("sheet");
    let subtotal = sheet.rows().find(|r| r[0] == Data::String("Cộng An Sơn".into())).expect("subtotal");
    assert_eq!(subtotal[2], Data::Float(n(&own[1]["money_total"]) as f64));
    let sheet = book.worksheet_range("Hồ sơ còn thiếu").expect("sheet");
    assert!(sheet.rows().any(|r| r[0] == Data::String("Cộng Việt Khê".into())));
}

/// "34.500.000": an amount as the Vietnamese report writes it.
fn ocop_money(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[test]
fn next_actions_name_items_by_each_communes_own_rules() {
    let s = Setup::new();
    // An Sơn's own override renames the registration form; Việt Khê keeps the decree's.
    let rules = r#"id = "qd-26-2026"

[[items]]
id = "form_01"
section = "legal"
name = { vi = "Phiếu đăng ký theo mẫu riêng của xã An Sơn", en = "An Sơn's own registration form" }
source = "QĐ 26/2026/QĐ-TTg, Điều 6; Mẫu 01"
hint = { vi = "Chủ thể lập và ký Phiếu đăng ký.", en = "The producer fills in and signs the form." }
"#;
    let an_son = s.province().join("communes/an-son");
    std::fs::create_dir_all(an_son.join("rules")).expect("mkdir");
    std::fs::write(an_son.join("rules/an-son.toml"), rules).expect("write");
    let own = stdout(&run_in(&an_son, &["report", "--quarter", "2026-Q3"]));
    assert!(own.contains("Na bở An Sơn: Hoàn thiện: Phiếu đăng ký theo mẫu riêng của xã An Sơn"), "{own}");
    let text = stdout(&s.run(&["report", "--quarter", "2026-Q3"]));
    let line = |start: &str| text.lines().find(|l| l.starts_with(start)).unwrap_or_default().to_string();
    assert!(
        line("- An Sơn — Na bở An Sơn:").contains("Phiếu đăng ký theo mẫu riêng của xã An Sơn"),
        "{}",
        line("- An Sơn — Na bở An Sơn:")
    );
    assert!(
        line("- Việt Khê — Na bở An Sơn:").contains("Phiếu đăng ký sản phẩm (Mẫu 01)"),
        "{}",
        line("- Việt Khê — Na bở An Sơn:")
    );
    let en = stdout(&s.run(&["report", "--quarter", "2026-Q3", "--lang", "en"]));
    assert!(en.contains("An Sơn — Na bở An Sơn: Complete: An Sơn's own registration form"), "{en}");
}

#[test]
fn a_province_list_goes_back_into_each_commune() {
    let s = Setup::new();
    for ext in ["csv", "xlsx"] {
        let list = s.dir.path().join(format!("danh-sach.{ext}"));
        let out = s.run(&["export", "-o", &list.display().to_string()]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let list = list.display().to_string();
        // Each commune's rows go into a new tree of that commune, found by its name
        // however the tree writes it, and give back the commune's own certified products.
        for (folder, name, other) in [("viet-khe", "Xã Việt Khê", "An Sơn"), ("an-son", "an son", "Việt Khê")] {
            let fresh = s.dir.path().join(format!("new-{folder}-{ext}"));
            let out = run_in(s.dir.path(), &["init", &fresh.display().to_string(), "--name", name]);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            let out = run_in(&fresh, &["import", &list]);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            let own = stdout(&run_in(&s.province().join("communes").join(folder), &["export"]));
            let theirs = own.lines().count() - 1;
            let other_rows = stdout(&s.run(&["export"])).lines().skip(1).count() - theirs;
            let said = format!("bỏ qua {other_rows} dòng của xã khác: {other} ({other_rows})");
            assert!(stderr(&out).contains(&said), "{said}\n{}", stderr(&out));
            assert_eq!(stdout(&run_in(&fresh, &["export"])), own, "{folder} {ext}");
        }
    }
    let list = s.dir.path().join("danh-sach.csv").display().to_string();

    // A tree whose commune the list does not have: nothing imported, and it says why.
    let fresh = s.dir.path().join("new-other");
    run_in(s.dir.path(), &["init", &fresh.display().to_string(), "--name", "Kỳ Sơn"]);
    let out = run_in(&fresh, &["import", &list, "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("the list has no row of Kỳ Sơn"), "{}", stderr(&out));
    assert!(!fresh.join("products/mat-ong-an-son.toml").exists());
    // Every row taken: the two communes' same products meet as duplicates.
    let out = run_in(&fresh, &["import", &list, "--any-commune"]);
    assert!(stderr(&out).contains("bỏ qua: trùng với dòng 2"), "{}", stderr(&out));
    assert!(fresh.join("products/mat-ong-an-son.toml").exists());

    // The province's root takes no import: it names the command for each commune.
    let out = s.run(&["import", &list]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(&format!("`ocop --root communes/viet-khe import {list}` (Việt Khê: ")), "{err}");
    assert!(err.contains(&format!("`ocop --root communes/an-son import {list}` (An Sơn: ")), "{err}");
    let out = s.run(&["import", &list, "--lang", "en"]);
    assert!(stderr(&out).contains("is a province tree: each commune's records belong"), "{}", stderr(&out));
    assert_eq!(git(&s.province(), s.dir.path(), &["status", "--porcelain"]).stdout, b"");
}

#[test]
fn status_says_what_reading_the_communes_found_and_points_at_check() {
    let s = Setup::new();
    let out = s.run(&["status"]);
    assert!(!stderr(&out).contains("ocop check"), "a clean province warns of nothing: {}", stderr(&out));
    // An Sơn has a file that does not parse; Việt Khê a product naming no known producer:
    // both errors `check` finds, and the roll-up, which runs no check, still sees.
    let broken = s.province().join("communes/an-son/products/na-bo-an-son.toml");
    let text = std::fs::read_to_string(&broken).expect("read");
    std::fs::write(&broken, format!("{text}name = \"x\n")).expect("write");
    let orphan = s.province().join("communes/viet-khe/products/mat-ong-an-son.toml");
    let text = std::fs::read_to_string(&orphan).expect("read");
    std::fs::write(&orphan, text.replace("producer = \"tht-ong-an-son\"", "producer = \"khong-co\"")).expect("write");
    let check = stdout(&s.run(&["check"]));
    assert!(check.contains("communes/an-son/products/na-bo-an-son.toml:") && check.contains("lỗi[E003]"), "{check}");
    assert!(
        check.contains("communes/viet-khe/products/mat-ong-an-son.toml:") && check.contains("lỗi[E009]"),
        "{check}"
    );
    let out = s.run(&["status"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let warning = stderr(&out);
    assert!(
        warning.contains(
            "cảnh báo: hồ sơ của các xã có lỗi: Việt Khê (1 sản phẩm cần sửa bản ghi); An Sơn (1 lỗi khi đọc tệp)"
        ),
        "{warning}"
    );
    assert!(warning.contains("chạy `ocop check` để xem đủ"), "{warning}");
    let out = s.run(&["status", "--lang", "en"]);
    assert!(
        stderr(&out).contains("Việt Khê (1 product whose record needs fixing); An Sơn (1 error reading files)"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("run `ocop check` for all of them"), "{}", stderr(&out));
}

#[test]
fn init_writes_a_province_listing_the_communes_with_their_own_names_and_codes() {
    let s = Setup::new();
    let file = s.province().join("ocop.toml");
    // Refused over the existing file.
    let out = s.run(&["init", "--kind", "province", "--name", "Thành phố Hải Phòng"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("không ghi đè tệp đã có"), "{}", stderr(&out));
    let by_hand: toml::Table = PROVINCE.parse().expect("province");

    // The communes named, in that order: the same file as written by hand.
    std::fs::remove_file(&file).expect("remove");
    let args = ["init", "--kind", "province", "--name", "Thành phố Hải Phòng", "--province-code", "31"];
    let named = [&args[..], &["--commune", "communes/viet-khe", "--commune", "communes/an-son"]].concat();
    let out = s.run(&named);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("liệt kê 2 xã: Việt Khê (communes/viet-khe), An Sơn (communes/an-son)"));
    let written: toml::Table = std::fs::read_to_string(&file).expect("read").parse().expect("parses");
    assert_eq!(written, by_hand);
    let status = stdout(&s.run(&["status"]));
    assert!(status.contains("| Cộng An Sơn") && status.contains("| Toàn tỉnh"), "{status}");

    // Found by itself: every commune tree below, in folder order.
    std::fs::remove_file(&file).expect("remove");
    let out = s.run(&[&args[..], &["--lang", "en"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("listing 2 communes: An Sơn (communes/an-son), Việt Khê"), "{}", stdout(&out));
    let found: toml::Table = std::fs::read_to_string(&file).expect("read").parse().expect("parses");
    let paths: Vec<&str> =
        found["communes"].as_array().expect("communes").iter().filter_map(|c| c["path"].as_str()).collect();
    assert_eq!(paths, ["communes/an-son", "communes/viet-khe"]);
    assert_eq!(found["communes"][1]["code"].as_str(), Some("11353"));
    let check = stdout(&s.run(&["check"]));
    for code in ["E082", "E083", "W084", "W085"] {
        assert!(!check.contains(code), "{code}: {check}");
    }

    // A clone whose submodules are not checked out: each is named as left out.
    git(s.dir.path(), s.dir.path(), &["clone", "-q", &s.province().display().to_string(), "clone"]);
    let clone = s.dir.path().join("clone");
    std::fs::remove_file(clone.join("ocop.toml")).expect("remove");
    let out = run_in(&clone, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("chưa có xã nào"), "{}", stdout(&out));
    assert!(stderr(&out).contains("communes/an-son: submodule chưa checkout"), "{}", stderr(&out));
    // A folder that is no commune tree is refused by name.
    std::fs::remove_file(clone.join("ocop.toml")).expect("remove");
    let out = run_in(&clone, &[&args[..], &["--commune", "communes/an-son"]].concat());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("communes/an-son không có ocop.toml của xã"), "{}", stderr(&out));
    assert!(!clone.join("ocop.toml").exists());
}

#[test]
fn serve_shows_the_changes_of_every_commune_between_province_revisions() {
    let s = Setup::new();
    let home = s.dir.path();
    // An Sơn's officer completes an item in An Sơn's own repository; the province takes
    // the commune's new commit.
    let origin = home.join("repos/an-son");
    let file = origin.join("products/mat-ong-an-son.toml");
    let text = std::fs::read_to_string(&file).expect("read");
    let done =
        "[dossier.product_samples]\nstatus = \"done\"\nevidence = [\"evidence/mat-ong-an-son/nhan-san-pham.pdf\"]";
    std::fs::write(&file, text.replace("[dossier.product_samples]\nstatus = \"missing\"", done)).expect("write");
    git(&origin, home, &["commit", "-q", "-am", "Mẫu sản phẩm"]);
    git(&s.province(), home, &["submodule", "update", "-q", "--remote", "communes/an-son"]);
    let server = crate::serve::Server::start(&s.province(), &[]);
    // The pinned commit against the folders as they are: An Sơn's change, Việt Khê named.
    let working = server.get("/diff");
    assert_eq!(working.status, 200, "{}", working.body);
    let an_son = working.body.find("An Sơn (communes/an-son)").expect("An Sơn's part");
    let change = working.body.find("05 mẫu sản phẩm gửi kèm hồ sơ: còn thiếu → đã xong").expect("the item");
    assert!(an_son < change, "{}", working.body);
    assert!(working.body.contains("Không thay đổi: Việt Khê"), "{}", working.body);
    assert!(!working.body.contains("Việt Khê (communes/viet-khe)"), "{}", working.body);
    git(&s.province(), home, &["commit", "-q", "-am", "Cập nhật An Sơn"]);
    // Two revisions of the province: the commune read at each pinned commit.
    let between = server.get("/diff?from=HEAD~1&to=HEAD&lang=en");
    assert_eq!(between.status, 200, "{}", between.body);
    assert!(between.body.contains("Five product samples with the dossier: missing → done"), "{}", between.body);
    assert!(between.body.contains("Unchanged: Việt Khê"), "{}", between.body);
    let same = server.get("/diff?from=HEAD&to=HEAD");
    assert!(same.body.contains("Không thay đổi: Việt Khê, An Sơn"), "{}", same.body);
    assert_eq!(server.get("/diff?from=khong-co").status, 400);
    assert_eq!(server.get("/diff?from=--output=x").status, 400);
    // The page is in the menu of the province's other pages.
    assert!(server.get("/").body.contains("href=\"/diff\""));
    server.stop();

    // A clone with An Sơn not checked out: its history is not here, and it says so.
    git(home, home, &["clone", "-q", &s.province().display().to_string(), "clone"]);
    let clone = home.join("clone");
    git(&clone, home, &["submodule", "update", "-q", "--init", "communes/viet-khe"]);
    let server = crate::serve::Server::start(&clone, &[]);
    let r = server.get("/diff?from=HEAD~1&to=HEAD");
    assert_eq!(r.status, 200, "{}", r.body);
    let an_son = r.body.find("An Sơn (communes/an-son)").expect("An Sơn named");
    assert!(r.body[an_son..].contains("chưa checkout"), "{}", r.body);
    assert!(r.body.contains("Không thay đổi: Việt Khê"), "{}", r.body);
    server.stop();
}
