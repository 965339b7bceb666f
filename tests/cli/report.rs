//! `ocop report` and `ocop due`: figures computed from a fixture built for the purpose,
//! the same numbers in every format, past reports that do not change, and files that
//! LibreOffice opens.

use crate::harness::{Scratch, repo, stderr, stdout};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn fixture() -> Scratch {
    Scratch::of(&repo().join("tests/fixtures/report"))
}

fn json(s: &Scratch, args: &[&str]) -> Value {
    let out = s.run(args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn target<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["targets"].as_array().expect("targets").iter().find(|t| t["id"] == id).expect("target")
}

#[test]
fn targets_and_products_agree_with_the_records() {
    let s = fixture();
    let r = json(&s, &["report", "--quarter", "2026-Q3", "--format", "json"]);
    assert_eq!(r["period"]["from"], "2026-07-01");
    assert_eq!(r["as_of"], "2026-09-30");
    // Na cũ was rated on 20/09; the other re-evaluation does not exist.
    assert_eq!((target(&r, "t-lai")["actual"].as_u64(), target(&r, "t-lai")["in_period"].as_u64()), (Some(1), Some(1)));
    // Both reached "submitted" in 2026; only Mật ong mới did so within Q3.
    assert_eq!((target(&r, "t-nop")["actual"].as_u64(), target(&r, "t-nop")["in_period"].as_u64()), (Some(2), Some(1)));
    // HTX A was guided on dossier and labels, HTX B only on the dossier: 1 of 2.
    let hd = target(&r, "t-hd");
    assert_eq!((hd["actual"].as_u64(), hd["counted"].as_u64(), hd["of"].as_u64()), (Some(50), Some(1), Some(2)));
    assert_eq!(target(&r, "t-hoi-cho")["actual"], 1);
    // 20 people in May and 25 in July.
    assert_eq!(
        (target(&r, "t-nguoi")["actual"].as_u64(), target(&r, "t-nguoi")["in_period"].as_u64()),
        (Some(45), Some(25))
    );
    assert_eq!(target(&r, "t-nguoi")["met"], false);

    // Bưởi sau started in October, so the Q3 report leaves it out.
    let ids: Vec<&str> =
        r["products"].as_array().expect("products").iter().map(|p| p["id"].as_str().expect("id")).collect();
    assert_eq!(ids, ["p-moi", "p-cu"]);
    let moi = &r["products"][0];
    assert_eq!(moi["stage"], "submitted");
    assert_eq!(moi["done"], 2);
    assert_eq!(moi["changes"]["items_completed"], serde_json::json!(["form_01"]));
    let cu = &r["products"][1];
    assert_eq!(cu["stage"], "rated");
    assert_eq!(cu["stars"], 4);
    assert_eq!(cu["changes"]["certificates_issued"][0]["date"], "2026-09-20");
    assert_eq!(cu["changes"]["certificates_expired"][0]["date"], "2026-08-15");

    // Money in Q3 by source; the May training is outside the quarter.
    let money: BTreeMap<&str, u64> = r["money"]
        .as_array()
        .expect("money")
        .iter()
        .map(|m| (m["source"].as_str().expect("source"), m["amount"].as_u64().expect("amount")))
        .collect();
    assert_eq!(money, BTreeMap::from([("producers", 500_000), ("socialised", 3_000_000), ("state_budget", 2_500_000)]));
    assert_eq!(r["money_total"], 6_000_000);
    assert_eq!(r["activities"].as_array().map(Vec::len), Some(3));

    // The commune's 15 working days from 10/09 (02/09 is a holiday, before) end on 01/10.
    let alerts: Vec<(&str, &str)> = r["alerts"]
        .as_array()
        .expect("alerts")
        .iter()
        .map(|a| (a["date"].as_str().expect("date"), a["kind"].as_str().expect("kind")))
        .collect();
    assert_eq!(
        alerts,
        [("2026-10-01", "screening_due"), ("2026-10-10", "follow_up"), ("2026-10-30", "province_round")]
    );
    assert_eq!(r["next_quarter"]["q"], 4);
    assert_eq!(r["next_milestones"][0]["task"], "Tổng kết");
    assert_eq!(r["next_milestones"][0]["departments"], serde_json::json!(["Phòng Kinh tế", "Phòng Văn hóa - Xã hội"]));
}

fn csv_values(text: &str) -> BTreeMap<(String, String, String), String> {
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    rd.records()
        .map(|r| {
            let r = r.expect("csv row");
            ((r[0].to_string(), r[1].to_string(), r[2].to_string()), r[3].to_string())
        })
        .collect()
}

fn docx_text(path: &Path) -> String {
    let file = std::fs::File::open(path).expect("docx");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").expect("document.xml"), &mut xml)
        .expect("read");
    // The text runs, in order, one per line.
    xml.split("<w:t")
        .skip(1)
        .filter_map(|p| p.split_once('>').and_then(|(_, rest)| rest.split_once("</w:t>")))
        .map(|(t, _)| t.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_format_carries_the_same_numbers() {
    use calamine::{Data, Reader, open_workbook_auto};
    let s = fixture();
    let r = json(&s, &["report", "--quarter", "2026-Q3", "--format", "json"]);
    let csv = csv_values(&stdout(&s.run(&["report", "--quarter", "2026-Q3", "--format", "csv"])));
    for t in r["targets"].as_array().expect("targets") {
        let id = t["id"].as_str().expect("id").to_string();
        assert_eq!(csv[&("targets".into(), id.clone(), "actual".into())], t["actual"].to_string(), "{id}");
        assert_eq!(csv[&("targets".into(), id.clone(), "target".into())], t["target"].to_string(), "{id}");
    }
    for p in r["products"].as_array().expect("products") {
        let id = p["id"].as_str().expect("id").to_string();
        assert_eq!(csv[&("products".into(), id.clone(), "done".into())], p["done"].to_string());
        assert_eq!(csv[&("products".into(), id.clone(), "required".into())], p["required"].to_string());
    }
    assert_eq!(csv[&("money".into(), "total".into(), "amount".into())], r["money_total"].to_string());

    // Excel: read the cells back.
    let out = s.run(&["report", "--quarter", "2026-Q3", "-o", "bao-cao.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut wb = open_workbook_auto(s.path().join("bao-cao.xlsx")).expect("xlsx opens");
    let names = wb.sheet_names();
    assert_eq!(names.first().map(String::as_str), Some("Chỉ tiêu"));
    assert!(names.iter().any(|n| n == "Danh mục hồ sơ"), "{names:?}");
    let targets = wb.worksheet_range("Chỉ tiêu").expect("sheet");
    for (i, t) in r["targets"].as_array().expect("targets").iter().enumerate() {
        let row = u32::try_from(i + 1).expect("row");
        let actual = targets.get_value((row, 2)).expect("cell");
        let want = t["actual"].as_f64().expect("number");
        let want = if t["unit"] == "percent" { want / 100.0 } else { want };
        assert_eq!(actual, &Data::Float(want), "{}", t["id"]);
    }
    let money = wb.worksheet_range("Kinh phí").expect("sheet");
    assert_eq!(money.get_value((4, 1)), Some(&Data::Float(6_000_000.0)));
    let products = wb.worksheet_range("Sản phẩm").expect("sheet");
    // Columns: product, code, producer, kind, stars, expiry, stage, done…
    assert_eq!(products.get_value((1, 7)), Some(&Data::Float(2.0)));
    assert!(matches!(products.get_value((2, 5)), Some(Data::DateTime(_))), "{:?}", products.get_value((2, 5)));
    // Every sheet lists each row once, in order: Excel asks to repair a file with a row
    // written twice (as rust_xlsxwriter's low-memory mode did with a last row of set height).
    let file = std::fs::File::open(s.path().join("bao-cao.xlsx")).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let sheets: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .map(String::from)
        .collect();
    assert!(sheets.len() > 3, "{sheets:?}");
    for name in sheets {
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(&name).expect("sheet"), &mut xml).expect("read");
        let rows: Vec<u32> = xml
            .split("<row r=\"")
            .skip(1)
            .map(|r| r.split('"').next().and_then(|n| n.parse().ok()).expect("row number"))
            .collect();
        assert!(!rows.is_empty() && rows.windows(2).all(|w| w[0] < w[1]), "{name}: rows {rows:?}");
    }

    // Word: the same figures in the text, in the administrative layout.
    // The fixture has no officer's text: a draft.
    let out = s.run(&["report", "--quarter", "2026-Q3", "--draft", "-o", "bao-cao.docx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = docx_text(&s.path().join("bao-cao.docx"));
    for line in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: /BC-UBND",
        "BÁO CÁO",
        "Nơi nhận:",
        "Nguyễn Văn A",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} missing in:\n{text}");
    }
    assert!(text.contains("Thử Nghiệm, ngày 30 tháng 9 năm 2026"), "{text}");
    assert!(text.contains("6.000.000"), "{text}");
    assert!(text.contains("50%"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| *l == "Đánh giá lại 02 sản phẩm").expect("target row");
    assert_eq!(&lines[at + 1..at + 4], ["2", "1", "1"]);
}

#[test]
fn a_past_quarter_does_not_change_when_later_records_are_added() {
    let s = fixture();
    let args = ["report", "--quarter", "2026-Q3", "--format", "json"];
    let before = stdout(&s.run(&args));
    let md_before = stdout(&s.run(&["report", "--quarter", "2026-Q3", "--format", "md"]));
    let write = |rel: &str, text: &str| std::fs::write(s.path().join(rel), text).expect("write");
    let append = |rel: &str, text: &str| {
        let p = s.path().join(rel);
        let old = std::fs::read_to_string(&p).expect("read");
        std::fs::write(&p, old + text).expect("write");
    };
    write(
        "activities/2026-10-15-hoi-cho.toml",
        "title = \"Hội chợ Q4\"\nkind = \"fair\"\ndate = 2026-10-15\nowner = \"vh\"\nparticipants = 9\n[[spending]]\namount = 7_000_000\nsource = \"state_budget\"\n",
    );
    append("producers/htx-b.toml", "\n[[guidance]]\ndate = 2026-10-01\ntopics = [\"dossier\", \"labels\"]\n");
    append(
        "products/p-moi.toml",
        "\n[[stages]]\nstage = \"screened\"\ndate = 2026-10-02\n\n[dossier.form_02]\nstatus = \"done\"\nissued = 2026-10-02\n",
    );
    write(
        "products/p-khac.toml",
        "name = \"Khác\"\nproducer = \"htx-a\"\nset = 1\nevaluation = \"first\"\n[[stages]]\nstage = \"preparing\"\ndate = 2026-11-01\n",
    );
    let later = json(&s, &["report", "--quarter", "2026-Q4", "--format", "json"]);
    assert_eq!(target(&later, "t-hd")["actual"], 100, "the later records are seen by a later report");
    assert_eq!(stdout(&s.run(&args)), before);
    assert_eq!(stdout(&s.run(&["report", "--quarter", "2026-Q3", "--format", "md"])), md_before);
}

#[test]
fn the_example_report_shows_targets_and_products() {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    let out = s.run(&["report", "--quarter", "2026-Q3"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Kết quả thực hiện Chương trình OCOP quý III/2026"), "{text}");
    assert!(text.contains("| 100% chủ thể được hướng dẫn"), "{text}");
    assert!(text.contains("Rượu nếp men lá Kỳ Sơn"), "{text}");
    let en = stdout(&s.run(&["--lang", "en", "report", "--quarter", "2026-Q3"]));
    assert!(en.contains("OCOP programme results for Q3 2026"), "{en}");
    let html = stdout(&s.run(&["report", "--quarter", "2026-Q3", "--format", "html"]));
    assert!(html.contains("<svg") && html.contains("@media print") && !html.contains("src=\"http"), "self-contained");
}

#[test]
fn human_formats_write_quarters_and_days_one_way() {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    let run = |args: &[&str]| {
        let out = s.run(args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    // (language, this quarter, the heading's next quarter, the honey's test report 20
    // days overdue on 30/09, the follow-up 20 days ahead)
    let langs = [
        ("vi", "Quý III/2026", "NHIỆM VỤ QUÝ IV/2026", "quá hạn 20 ngày", "còn 20 ngày"),
        ("en", "Q3 2026", "TASKS FOR Q4 2026", "20 days overdue", "in 20 days"),
    ];
    for (lang, q3, next, overdue, ahead) in langs {
        let mut texts: Vec<(String, String)> = ["text", "md", "html"]
            .iter()
            .map(|f| (f.to_string(), run(&["--lang", lang, "report", "--quarter", "2026-Q3", "--format", f])))
            .collect();
        let name = format!("bao-cao-{lang}.docx");
        run(&["--lang", lang, "report", "--quarter", "2026-Q3", "-o", &name]);
        texts.push(("docx".into(), docx_text(&s.path().join(&name))));
        for (format, text) in &texts {
            let at = |what: &str| assert!(text.contains(what), "{lang} {format}: no {what:?} in\n{text}");
            at(q3);
            at(next);
            at(overdue);
            at(ahead);
            assert!(!text.contains("2026-Q"), "{lang} {format}: a machine quarter in\n{text}");
        }
        // `due` on the report's last day says it the same way.
        let due = run(&["--lang", lang, "--today", "2026-09-30", "due"]);
        assert!(due.contains(overdue) && due.contains(ahead), "{due}");
    }
    // Scripts keep the machine forms.
    let json = run(&["report", "--quarter", "2026-Q3", "--format", "json"]);
    assert!(json.contains("\"quarter\": \"2026-Q3\""), "{json}");
    let csv = run(&["due", "--today", "2026-09-30", "--format", "csv"]);
    assert!(csv.contains("2026-09-10,-20,item_expires,true,mat-ong-an-son"), "{csv}");
}

#[test]
fn english_reads_naturally() {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    // The officer's own text is in Vietnamese whatever the report's language.
    std::fs::remove_dir_all(s.path().join("reports")).expect("remove reports/");
    let md = stdout(&s.run(&["--lang", "en", "report", "--quarter", "2026-Q3", "--format", "md"]));
    for want in [
        "OCOP programme results for Q3 2026 in Việt Khê commune",
        "| First evaluation |",
        "1 item completed: Product registration form (Form 01)",
        "— 1 violation; follow-up on 20/10/2026",
        "**4 activities**",
        "- Training: 1 activity, 42 attendances",
        "| Date | Due | What | Product |",
        "| 186 days overdue | OCOP certificate expiry |",
        "| in 30 days | Deadline for the commune's proposals to the province |",
        "## VII. DIRECTIONS AND TASKS FOR Q4 2026",
    ] {
        assert!(md.contains(want), "no {want:?} in\n{md}");
    }
    // The inspection's record quotes what the officer wrote, in Vietnamese.
    assert!(md.contains("Violations: Lô bao bì mới") && md.contains("Follow-up on 20/10/2026 (not yet done)"), "{md}");
    let ours: String = md.lines().filter(|l| !l.contains("Violations:")).collect::<Vec<_>>().join("\n");
    for awkward in ["(s)", "1 items", "1 activities", "quarter III", "| First |", "ngày", "quá hạn"] {
        assert!(!ours.contains(awkward), "{awkward:?} in\n{md}");
    }
    let due = stdout(&s.run(&["--lang", "en", "due"]));
    assert!(due.contains(" 80 days overdue | Paper expiry: Product test report"), "{due}");
    assert!(due.contains(" in 8 days | Commune screening deadline"), "{due}");
}

#[test]
fn due_lists_the_coming_dates_soonest_first() {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    let out = s.run(&["due", "--format", "csv", "--within", "180"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let rows: Vec<&str> = text.lines().skip(1).collect();
    // Overdue and still open first: the honey and custard-apple certificates expired on
    // 28/03/2026 with no re-evaluation filed in the window, which closed on 28/11/2025;
    // the rice wine's was filed late, so only its expiry is left.
    let overdue: Vec<String> = rows
        .iter()
        .filter(|r| r.contains(",true,"))
        .map(|r| r.split(',').take(5).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(
        overdue,
        [
            "2025-11-28,-366,window_closes,true,mat-ong-an-son",
            "2025-11-28,-366,window_closes,true,na-bo-an-son",
            "2026-03-28,-246,certificate_expires,true,mat-ong-an-son",
            "2026-03-28,-246,certificate_expires,true,na-bo-an-son",
            "2026-03-28,-246,certificate_expires,true,ruou-nep-men-la-ky-son",
            // The honey's test report expired on 10/09/2026.
            "2026-09-10,-80,item_expires,true,mat-ong-an-son",
        ],
        "{text}"
    );
    // Submitted on 16/11/2026: fifteen working days end on 07/12/2026.
    assert!(rows[overdue.len()].starts_with("2026-12-07,8,screening_due,false,ruou-nep-men-la-ky-son"), "{text}");
    // 30/04/2027 and 03/05/2027 are holidays, so the round's deadline moves to 04/05.
    assert!(text.contains("2027-05-04,156,province_round"), "{text}");
    let dates: Vec<&str> = rows.iter().filter(|r| r.contains(",false,")).map(|r| &r[..10]).collect();
    let sorted = {
        let mut d = dates.clone();
        d.sort();
        d
    };
    assert_eq!(dates, sorted);
}

/// `tests/fixtures/due`: one product per certificate case, on 2026-11-29 (see the comment
/// at the top of each product file).
#[test]
fn due_keeps_expired_certificates_overdue_until_rated_again() {
    let s = Scratch::of(&repo().join("tests/fixtures/due"));
    let out = s.run(&["due", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let rows: Vec<String> = text.lines().skip(1).map(|r| r.split(',').take(5).collect::<Vec<_>>().join(",")).collect();
    assert_eq!(
        rows,
        [
            // Overdue, longest first.
            "2025-11-28,-366,window_closes,true,a-het-han",
            "2026-01-10,-323,certificate_expires,true,d-het-an-han",
            "2026-02-01,-301,certificate_expires,true,g-nop-muon",
            "2026-03-28,-246,certificate_expires,true,a-het-han",
            "2026-07-09,-143,grace_ends,true,d-het-an-han",
            "2026-09-17,-73,window_closes,true,e-lo-han-nop",
            // Coming within 90 days. B was rated again: nothing. C is in grace: its
            // expiry is past but not overdue, the grace end is what matters.
            "2026-12-12,13,window_opens,false,f-sap-mo",
            "2027-01-15,47,certificate_expires,false,e-lo-han-nop",
            // 120 days before expiry is 10/02/2027, in the Tết holidays: the window, a
            // deadline for filing, closes with the next working day (Civil Code Art. 148).
            "2027-02-12,75,window_closes,false,f-sap-mo",
            "2027-02-16,79,grace_ends,false,c-an-han",
        ],
        "{text}"
    );
    // A past quarter's report lists the certificates as they stood then: on 30/09 G had
    // not filed yet, so its missed window was still open.
    let r = json(&s, &["report", "--quarter", "2026-Q3", "--format", "json"]);
    let alerts: Vec<String> = r["alerts"]
        .as_array()
        .expect("alerts")
        .iter()
        .filter(|a| a["overdue"] == true)
        .map(|a| {
            format!(
                "{},{},{}",
                a["date"].as_str().unwrap_or(""),
                a["kind"].as_str().unwrap_or(""),
                a["product"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        alerts,
        [
            // 120 days before expiry is Saturday 04/10/2025: the window closes on Monday.
            "2025-10-06,window_closes,g-nop-muon",
            "2025-11-28,window_closes,a-het-han",
            "2026-01-10,certificate_expires,d-het-an-han",
            "2026-02-01,certificate_expires,g-nop-muon",
            "2026-03-28,certificate_expires,a-het-han",
            "2026-07-09,grace_ends,d-het-an-han",
            "2026-09-17,window_closes,e-lo-han-nop",
        ]
    );
}

#[test]
fn a_past_period_comes_out_byte_for_byte_the_same() {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    for ext in ["docx", "xlsx", "html"] {
        let mut files = Vec::new();
        for i in 0..2 {
            let name = format!("q3-{i}.{ext}");
            let out = s.run(&["report", "--quarter", "2026-Q3", "-o", &name]);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            files.push(std::fs::read(s.path().join(&name)).expect("written"));
            // Runs a second apart would differ if the clock were written.
            std::thread::sleep(std::time::Duration::from_millis(1100));
        }
        assert!(files[0] == files[1], "{ext}: two runs differ");
    }
}

#[test]
fn a_final_report_needs_the_officers_text() {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    std::fs::write(s.path().join("reports/2026-Q3.toml"), "assessment = \"Tốt.\"\n").expect("write");
    let out = s.run(&["report", "--quarter", "2026-Q3", "-o", "q3.docx"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("E062") && err.contains("tồn tại, hạn chế") && !err.contains("đánh giá chung"), "{err}");
    assert!(!s.path().join("q3.docx").exists(), "no file written");
    // A draft shows where each missing part goes.
    let md = stdout(&s.run(&["report", "--quarter", "2026-Q3", "--format", "md"]));
    assert!(md.contains("Tốt.") && md.contains("[Chưa viết — ghi vào reports/2026-Q3.toml, khóa `causes`]"), "{md}");
    let out = s.run(&["report", "--quarter", "2026-Q3", "--draft", "-o", "q3.docx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The text is data too.
    let r = json(&s, &["report", "--quarter", "2026-Q3", "--format", "json"]);
    assert_eq!(r["narrative"]["parts"]["assessment"], "Tốt.");
}

#[test]
fn a_period_not_over_is_reported_as_of_the_reference_day() {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    // The harness's reference day is 29/11/2026.
    let r = json(&s, &["report", "--quarter", "2026-Q4", "--format", "json"]);
    assert_eq!(
        (r["as_of"].as_str(), r["dated"].as_str(), r["closed"].as_bool()),
        (Some("2026-11-29"), Some("2026-11-29"), Some(false))
    );
    let md = stdout(&s.run(&["report", "--year", "2026", "--draft", "--format", "md"]));
    assert!(md.contains("số liệu tính đến ngày 29/11/2026") && md.contains("Chưa đạt"), "{md}");
    assert!(md.contains("VII. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027"), "{md}");
    // The screening deadline 8 days ahead, not 24 days overdue as of 31/12.
    assert!(md.contains("còn 8 ngày"), "{md}");
    let closed = json(&s, &["report", "--quarter", "2026-Q4", "--as-of", "2026-12-31", "--format", "json"]);
    assert_eq!((closed["as_of"].as_str(), closed["closed"].as_bool()), (Some("2026-12-31"), Some(true)));
    let q3 = stdout(&s.run(&["report", "--quarter", "2026-Q3", "--format", "md"]));
    assert!(q3.contains("Không đạt") && q3.contains("tính đến hết ngày 30/09/2026"), "{q3}");
}

#[test]
fn the_example_follows_its_plan_through() {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    let r = json(&s, &["report", "--quarter", "2026-Q3", "--format", "json"]);
    let states: Vec<(&str, &str)> = r["milestones"]
        .as_array()
        .expect("milestones")
        .iter()
        .map(|m| (m["state"].as_str().unwrap_or(""), m["state_date"].as_str().unwrap_or("")))
        .collect();
    // Marked late by the officer on 30/09; the other derived from its inspection.
    assert_eq!(states, [("late", "2026-09-30"), ("done", "2026-09-25")]);
    let budget = &r["budget"][0];
    assert_eq!((budget["source"].as_str(), budget["planned_year"].as_u64()), (Some("state_budget"), Some(60_000_000)));
    assert_eq!(budget["spent_period"].as_u64(), r["money"][0]["amount"].as_u64());
    let inspection = r["activities"]
        .as_array()
        .expect("activities")
        .iter()
        .find(|a| a["kind"] == "inspection")
        .expect("the inspection");
    assert!(inspection["violation_list"][0].as_str().is_some_and(|v| v.contains("biểu trưng OCOP")), "{inspection}");
    // Checked again on 20/10: the year's report says so, Q3's does not know it yet.
    assert!(inspection["followed_up_on"].is_null());
    let md = stdout(&s.run(&["report", "--year", "2026", "--format", "md"]));
    assert!(md.contains("Kiểm tra lại ngày 20/10/2026 (đã kiểm tra lại ngày 20/10/2026)"), "{md}");
    // The expired certificates' stars say so.
    let q3 = stdout(&s.run(&["report", "--quarter", "2026-Q3", "--format", "md"]));
    assert!(q3.contains("| 3 (GCN hết hạn) |") && q3.contains("✓: đã tính vào kết quả"), "{q3}");
}
