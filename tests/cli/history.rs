//! Certificates as a history and dated progress: `certify` and `revoke` keep every
//! earlier certificate, and a past quarter's report does not change when later records
//! are added.

use crate::harness::{Scratch, repo, stderr, stdout};

fn ok(s: &Scratch, args: &[&str]) -> String {
    let out = s.run(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}\n{}", stderr(&out));
    stdout(&out)
}

fn product(s: &Scratch, id: &str) -> ocop::model::Product {
    let text = std::fs::read_to_string(s.path().join(format!("products/{id}.toml"))).expect("product file");
    toml::from_str(&text).expect("product parses")
}

#[test]
fn certify_and_revoke_keep_every_certificate_and_past_reports() {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    let q3 = |s: &Scratch| ok(s, &["report", "--quarter", "2026-Q3", "--format", "json"]);
    let q3_md = |s: &Scratch| ok(s, &["report", "--quarter", "2026-Q3", "--format", "md"]);
    let before = (q3(&s), q3_md(&s));
    let old = product(&s, "mat-ong-an-son").certificate.expect("the example's certificate");

    // Renewed, revoked, renewed again and revoked again, all in Q4.
    ok(
        &s,
        &[
            "certify",
            "mat-ong-an-son",
            "--stars",
            "3",
            "--decision",
            "12/QĐ-UBND",
            "--issued",
            "2026-11-26",
            "--score-parts",
            "A=30,B=18,C=24.5",
        ],
    );
    ok(
        &s,
        &["revoke", "mat-ong-an-son", "--decision", "45/QĐ-UBND", "--date", "2026-11-27", "--reason", "Vi phạm ATTP"],
    );
    ok(&s, &["certify", "mat-ong-an-son", "--stars", "4", "--decision", "60/QĐ-UBND", "--issued", "2026-11-28"]);
    ok(&s, &["revoke", "ruou-nep-men-la-ky-son", "--decision", "46/QĐ-UBND", "--date", "2026-11-28"]);
    // Items completed in Q4.
    ok(
        &s,
        &[
            "set",
            "mat-ong-an-son",
            "product_samples",
            "--status",
            "done",
            "--evidence",
            "evidence/mat-ong-an-son/nhan-san-pham.pdf",
            "--date",
            "2026-11-20",
        ],
    );
    ok(
        &s,
        &[
            "set",
            "na-bo-an-son",
            "form_01",
            "--status",
            "done",
            "--evidence",
            "evidence/na-bo-an-son/cau-chuyen-na-bo.pdf",
        ],
    );

    let p = product(&s, "mat-ong-an-son");
    let cert = p.certificate.as_ref().expect("current");
    assert_eq!((cert.stars, cert.decision.as_str(), cert.revoked.is_none()), (4, "60/QĐ-UBND", true));
    let history: Vec<&str> = p.past_certificates.iter().map(|c| c.decision.as_str()).collect();
    assert_eq!(history, [old.decision.as_str(), "12/QĐ-UBND"]);
    // Every key of the old certificate survives, unchanged.
    let first = &p.past_certificates[0];
    assert_eq!(
        (first.issued_by.as_deref(), first.legal_basis.as_deref()),
        (old.issued_by.as_deref(), old.legal_basis.as_deref())
    );
    assert_eq!(first.issued, old.issued);
    let second = &p.past_certificates[1];
    assert_eq!(second.revoked.as_ref().map(|r| r.decision.as_str()), Some("45/QĐ-UBND"));
    assert_eq!(second.score, Some(72.5));
    assert_eq!(p.stages.iter().filter(|s| s.stage == ocop::model::Stage::Rated).count(), 2);
    assert!(p.dossier["product_samples"].since.is_some_and(|d| d.to_string() == "2026-11-20"));
    assert!(product(&s, "na-bo-an-son").dossier["form_01"].since.is_some_and(|d| d.to_string() == "2026-11-29"));

    assert_eq!((q3(&s), q3_md(&s)), before, "the Q3/2026 report changed after Q4 records were added");

    // Today the revoked certificate is shown as revoked.
    let status = ok(&s, &["status", "--format", "json"]);
    assert!(status.contains("\"revoked\""), "{status}");
    assert!(ok(&s, &["show", "ruou-nep-men-la-ky-son"]).contains("đã thu hồi từ 28/11/2026"));
    assert!(ok(&s, &["due"]).contains("Giấy chứng nhận OCOP bị thu hồi"));
    let q4 = ok(&s, &["report", "--quarter", "2026-Q4", "--format", "md"]);
    assert!(q4.contains("bị thu hồi ngày 28/11/2026"), "{q4}");
    // The example still checks without errors.
    ok(&s, &["check"]);
}

#[test]
fn set_refuses_to_overwrite_a_certificate_without_correct() {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    let out = s.run(&["set", "mat-ong-an-son", "certificate.stars=4"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("ocop certify mat-ong-an-son"), "{}", stderr(&out));
    let out = s.run(&["set", "mat-ong-an-son", "certificate.issued_by=UBND huyện Thủy Nguyên (cũ)", "--correct"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("không phải quyết định mới"), "{}", stderr(&out));
}

#[test]
fn migrate_dates_progress_from_git_then_issue_dates_and_lists_the_rest() {
    // Without git: issue dates, and a list of what could not be dated.
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    let out = s.run(&["migrate"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let listed = stdout(&out);
    let p = product(&s, "mat-ong-an-son");
    assert_eq!(p.dossier["business_registration"].since.map(|d| d.to_string()).as_deref(), Some("2020-03-10"));
    assert!(p.dossier["label"].since.is_none());
    assert!(listed.contains("mat-ong-an-son label:"), "{listed}");
    let commune = std::fs::read_to_string(s.path().join("ocop.toml")).expect("ocop.toml");
    assert!(commune.contains("format = 2"), "{commune}");
    // Format 2 now: what is still undated is a warning naming the fix.
    let check = stdout(&s.run(&["check"]));
    assert!(check.contains("[W068]") && check.contains("[label]"), "{check}");
    let again = s.run(&["migrate"]);
    assert!(stderr(&again).contains("đã ở định dạng 2"), "{}", stderr(&again));

    // With git: the day the status line was committed.
    let mut t = crate::diff::GitTree::new();
    t.commit("Ví dụ");
    let out = t.ocop(&["migrate"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "every item is dated from git: {}", stdout(&out));
    let text = std::fs::read_to_string(t.root().join("products/mat-ong-an-son.toml")).expect("read");
    let p: ocop::model::Product = toml::from_str(&text).expect("parses");
    // GitTree commits on 2026-11-29 (UTC+7 08:00, so 01:00 UTC).
    assert_eq!(p.dossier["label"].since.map(|d| d.to_string()).as_deref(), Some("2026-11-29"));
    assert!(!stdout(&t.ocop(&["check"])).contains("[W068]"));
}

#[test]
fn a_tree_newer_than_the_binary_is_not_written() {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    let path = s.path().join("ocop.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, format!("{text}format = 99\n")).expect("write");
    for args in [
        &["migrate"][..],
        &["set", "htx-an-son", "phone=0912 000 000"],
        &["certify", "mat-ong-an-son", "--stars", "3", "--decision", "1/QĐ", "--issued", "2026-11-01"],
    ] {
        let out = s.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("định dạng tệp 99"), "{}", stderr(&out));
    }
    assert!(stdout(&s.run(&["check"])).contains("[E071]"));
}

#[test]
fn an_approval_goes_stale_when_evidence_changes_and_fresh_after_a_new_one() {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    ok(&s, &["review", "approve", "mat-ong-an-son", "--by", "Nguyễn Thị Hoa"]);
    let p = product(&s, "mat-ong-an-son");
    assert_eq!(p.review.as_ref().map(|r| r.by.as_str()), Some("Nguyễn Thị Hoa"));
    let status = ok(&s, &["review", "status", "--format", "json"]);
    assert!(status.contains("\"approved\""), "{status}");
    assert!(!stdout(&s.run(&["check"])).contains("[W070]"));

    // A scan replaced: the approval no longer covers what is there.
    std::fs::write(s.path().join("evidence/mat-ong-an-son/nhan-san-pham.pdf"), "%PDF-1.4 bản khác\n").expect("write");
    assert!(stdout(&s.run(&["check"])).contains("[W070]"));
    assert!(ok(&s, &["status"]).contains("đã cũ"));
    let waiting = ok(&s, &["review", "status"]);
    assert!(waiting.contains("đã cũ, có thay đổi"), "{waiting}");

    // Approved again: fresh.
    ok(&s, &["review", "approve", "mat-ong-an-son", "--by", "Nguyễn Thị Hoa"]);
    assert!(!stdout(&s.run(&["check"])).contains("[W070]"));
    assert!(!ok(&s, &["status"]).contains("đã cũ"));
    // A change in the record itself makes it stale too, a comment does not.
    let path = s.path().join("products/mat-ong-an-son.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, format!("# chú thích mới\n{text}")).expect("write");
    assert!(!stdout(&s.run(&["check"])).contains("[W070]"));
    ok(&s, &["set", "mat-ong-an-son", "form_02", "--note", "Đã bổ sung"]);
    assert!(stdout(&s.run(&["check"])).contains("[W070]"));
}

#[test]
fn set_evidence_records_fingerprints_and_update_refreshes_them() {
    let s = Scratch::of(&repo().join("examples/viet-khe"));
    ok(&s, &["set", "mat-ong-an-son", "label", "--evidence", "evidence/mat-ong-an-son/nhan-san-pham.pdf"]);
    let p = product(&s, "mat-ong-an-son");
    let fp = p.dossier["label"].fingerprints.get("evidence/mat-ong-an-son/nhan-san-pham.pdf").cloned();
    assert!(fp.as_deref().is_some_and(|f| f.starts_with("sha256:")), "{fp:?}");
    assert!(!stdout(&s.run(&["check"])).contains("[W069]"));
    std::fs::write(s.path().join("evidence/mat-ong-an-son/nhan-san-pham.pdf"), "khác").expect("write");
    assert!(stdout(&s.run(&["check"])).contains("[W069]"));
    assert!(ok(&s, &["fingerprint", "mat-ong-an-son"]).contains("nhan-san-pham.pdf đã thay đổi"));
    ok(&s, &["fingerprint", "--update", "mat-ong-an-son"]);
    assert!(!stdout(&s.run(&["check"])).contains("[W069]"));
}
