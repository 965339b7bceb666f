//! Edits over a small tree on disk: what changes, what survives, what is refused.

use super::*;
use crate::edit::lock;
use crate::load::load;

const PRODUCT: &str = "\
#:schema ../schema/product.json
# Mật ong: a comment that must survive.
name = \"Mật ong\"   # tên
producer = \"htx-a\"
set = 4
evaluation = \"first\"
unknown_key = \"kept\"

[[stages]]
stage = \"preparing\"
date = 2026-06-01

[dossier.form_01]
status = \"in_progress\" # đang làm
evidence = [\"evidence/a.pdf\"]
";

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    for d in ["producers", "products", "evidence"] {
        std::fs::create_dir_all(p.join(d)).expect("mkdir");
    }
    std::fs::write(p.join("ocop.toml"), "name = \"X\"\n").expect("write");
    std::fs::write(p.join("producers/htx-a.toml"), crate::checks::testing::PRODUCER).expect("write");
    std::fs::write(p.join("products/mat-ong.toml"), PRODUCT).expect("write");
    std::fs::write(p.join("evidence/a.pdf"), "").expect("write");
    std::fs::write(p.join("evidence/b.pdf"), "").expect("write");
    dir
}

fn today() -> NaiveDate {
    crate::checks::testing::today()
}

fn plan(dir: &Path, changes: &[Change]) -> anyhow::Result<Planned> {
    let loaded = load(dir);
    plan_edit(&loaded.catalog, RecordKind::Product, &Id::from("mat-ong"), changes, today())
}

#[test]
fn an_item_edit_changes_only_its_lines() {
    let dir = tree();
    let p = plan(
        dir.path(),
        &[
            Change::set(&["dossier", "form_01", "status"], "done"),
            Change::AddEvidence { item: "form_01".into(), path: "evidence/b.pdf".into() },
        ],
    )
    .expect("planned");
    assert_eq!(
        p.diff(),
        "--- a/products/mat-ong.toml\n+++ b/products/mat-ong.toml\n@@ -11,5 +11,5 @@\n date = 2026-06-01\n \n [dossier.form_01]\n-status = \"in_progress\" # đang làm\n-evidence = [\"evidence/a.pdf\"]\n+status = \"done\" # đang làm\n+evidence = [\"evidence/a.pdf\", \"evidence/b.pdf\"]\n"
    );
    let lock = TreeLock::acquire(dir.path(), "test", lock::WAIT).expect("lock");
    assert_eq!(p.write(&lock).expect("written"), Written::Written);
    assert_eq!(std::fs::read_to_string(dir.path().join("products/mat-ong.toml")).expect("read"), p.new);
}

#[test]
fn a_new_item_table_is_appended() {
    let dir = tree();
    let p = plan(dir.path(), &[Change::set(&["dossier", "test_report", "status"], "in_progress")]).expect("planned");
    assert_eq!(p.new, format!("{PRODUCT}\n[dossier.test_report]\nstatus = \"in_progress\"\n"));
}

#[test]
fn an_edit_that_adds_an_error_is_refused() {
    let dir = tree();
    let e = plan(dir.path(), &[Change::AddEvidence { item: "form_01".into(), path: "evidence/nope.pdf".into() }])
        .expect_err("missing evidence");
    match e.downcast_ref::<Refusal>() {
        Some(Refusal::NewErrors { diagnostics, .. }) => {
            assert_eq!(diagnostics.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["E010"]);
            assert_eq!(diagnostics[0].position.as_ref().map(|p| p.line), Some(15));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_file_that_changed_since_the_tree_was_loaded_is_not_edited() {
    let dir = tree();
    let path = dir.path().join("products/mat-ong.toml");
    let loaded = load(dir.path());
    // Another program is part-way through writing it: the half it wrote still parses.
    let half = &PRODUCT[..PRODUCT.find("[dossier.form_01]").expect("table")];
    std::fs::write(&path, half).expect("write");
    let e =
        plan_edit(&loaded.catalog, RecordKind::Product, &Id::from("mat-ong"), &[Change::set(&["note"], "x")], today())
            .expect_err("changed");
    assert!(matches!(e.downcast_ref::<WriteError>(), Some(WriteError::Changed(_))), "{e:?}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), half);
}

#[test]
fn a_file_broken_when_loaded_is_not_edited_even_if_whole_now() {
    let dir = tree();
    let path = dir.path().join("products/mat-ong.toml");
    std::fs::write(&path, &PRODUCT[..PRODUCT.len() / 2]).expect("write");
    let loaded = load(dir.path());
    std::fs::write(&path, PRODUCT).expect("write");
    let e =
        plan_edit(&loaded.catalog, RecordKind::Product, &Id::from("mat-ong"), &[Change::set(&["note"], "x")], today())
            .expect_err("changed");
    assert!(matches!(e.downcast_ref::<WriteError>(), Some(WriteError::Changed(_))), "{e:?}");
}

#[test]
fn a_broken_file_is_refused_and_left_alone() {
    let dir = tree();
    let path = dir.path().join("products/mat-ong.toml");
    std::fs::write(&path, PRODUCT.replace("set = 4", "set = [4")).expect("write");
    let before = std::fs::read(&path).expect("read");
    let e = plan(dir.path(), &[Change::set(&["note"], "x")]).expect_err("broken");
    assert!(matches!(e.downcast_ref::<Refusal>(), Some(Refusal::Broken { .. })), "{e:?}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn nothing_to_change_is_not_a_change() {
    let dir = tree();
    let p = plan(dir.path(), &[Change::set(&["set"], 4)]).expect("planned");
    assert!(!p.changed());
    assert_eq!(p.diff(), "");
    let lock = TreeLock::acquire(dir.path(), "test", lock::WAIT).expect("lock");
    assert_eq!(p.write(&lock).expect("ok"), Written::Unchanged);
}

#[test]
fn a_new_stage_is_appended_after_the_last() {
    let dir = tree();
    let p = plan(
        dir.path(),
        &[Change::PushStage(vec![
            ("stage".into(), Value::from("submitted")),
            ("date".into(), fields::date_value(today())),
        ])],
    );
    // Submitting with form_01 not done is an E014: refused.
    assert!(p.is_err());
    let p = plan(
        dir.path(),
        &[Change::PushStage(vec![
            ("stage".into(), Value::from("returned")),
            ("date".into(), fields::date_value(today())),
        ])],
    )
    .expect("planned");
    assert!(
        p.new.contains("date = 2026-06-01\n\n[[stages]]\nstage = \"returned\"\ndate = 2026-11-29\n\n[dossier.form_01]"),
        "{}",
        p.new
    );
}

#[test]
fn a_new_record_follows_the_template() {
    let dir = tree();
    let loaded = load(dir.path());
    let p = plan_new(
        &loaded.catalog,
        RecordKind::Product,
        &Id::from("na-bo"),
        template::PRODUCT,
        &[Change::set(&["name"], "Na bở"), Change::set(&["producer"], "htx-a"), Change::set(&["set"], 1)],
        today(),
    )
    .expect("planned");
    assert!(p.new.starts_with("#:schema ../schema/product.json\n# Hồ sơ sản phẩm OCOP."), "{}", p.new);
    assert!(p.new.contains("\nname = \"Na bở\"\n"), "{}", p.new);
    assert!(p.new.contains("stage = \"preparing\"\ndate = 2026-11-29\n"), "{}", p.new);
    assert!(p.remaining.iter().all(|d| d.severity == Severity::Warning), "{:?}", p.remaining);
    let lock = TreeLock::acquire(dir.path(), "test", lock::WAIT).expect("lock");
    p.write(&lock).expect("created");
    assert!(matches!(p.write(&lock), Err(WriteError::Exists(_))));
}

const PLAN: &str = "title = \"KH\"\nyear = 2026\n[departments]\nkt = \"Phòng Kinh tế\"\n";

const ACTIVITY: &str = "\
title = \"Hội nghị\"
kind = \"meeting\"
date = 2026-06-01
owner = \"kt\"
participants = 5
producers = [\"htx-a\"]
";

/// The small tree with a plan and two activities.
fn plan_tree() -> tempfile::TempDir {
    let dir = tree();
    std::fs::create_dir_all(dir.path().join("activities")).expect("mkdir");
    std::fs::write(dir.path().join("plan.toml"), PLAN).expect("write");
    for id in ["a", "b"] {
        std::fs::write(dir.path().join(format!("activities/{id}.toml")), ACTIVITY).expect("write");
    }
    dir
}

/// What `edit` returned, with how many times it read the plan and activities and ran
/// the plan's checks.
fn counted<T>(edit: impl FnOnce() -> T) -> (T, (usize, usize)) {
    let (reads, checks) = crate::plan::counts::get();
    let out = edit();
    let (r, c) = crate::plan::counts::get();
    (out, (r - reads, c - checks))
}

#[test]
fn an_edit_of_the_plan_or_an_activity_reads_them_once_and_checks_them_once() {
    let dir = plan_tree();
    let catalog = load(dir.path()).catalog;
    let activity = |changes: &[Change]| plan_edit(&catalog, RecordKind::Activity, &Id::from("a"), changes, today());
    let (planned, runs) = counted(|| activity(&[Change::set(&["participants"], 6)]));
    assert!(planned.expect("planned").changed());
    assert_eq!(runs, (1, 1), "(reads, check runs) of an activity edit");
    // An edit that adds an error (E037): the file as read is checked too, to compare.
    let (refused, runs) = counted(|| activity(&[Change::set(&["participants"], 0)]));
    let refused = refused.expect_err("fewer people than producers");
    assert!(matches!(refused.downcast_ref::<Refusal>(), Some(Refusal::NewErrors { .. })), "{refused:?}");
    assert_eq!(runs, (1, 2), "(reads, check runs) of a refused activity edit");
    let target = vec![
        ("id".to_string(), Value::from("moi")),
        ("title".to_string(), Value::from("Mới")),
        ("measure".to_string(), Value::from("activities")),
        ("target".to_string(), Value::from(3)),
    ];
    let push = [Change::Push("targets".into(), target)];
    let (planned, runs) = counted(|| plan_edit(&catalog, RecordKind::Plan, &Id::from("plan"), &push, today()));
    assert!(planned.expect("planned").changed());
    assert_eq!(runs, (1, 1), "(reads, check runs) of a plan edit");
    let fields = [Change::set(&["title"], "Tập huấn"), Change::set(&["date"], fields::date_value(today()))];
    let (planned, runs) =
        counted(|| plan_new(&catalog, RecordKind::Activity, &Id::from("c"), ACTIVITY, &fields, today()));
    assert!(planned.expect("planned").new.contains("Tập huấn"));
    assert_eq!(runs, (1, 1), "(reads, check runs) of a new activity");
}
