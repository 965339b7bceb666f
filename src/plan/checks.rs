//! Checks on the plan and the activities (E031–E038): every reference resolves, dates
//! and figures agree, inspections that found violations say what follows.

use super::{Measure, Programme};
use crate::diag::{Code, Diagnostic, suggestion};
use crate::i18n::LocalText;
use crate::load::{Catalog, Seg};
use crate::path;
use crate::period::Quarter;
use crate::plan::ActivityKind;

pub(super) fn run(catalog: &Catalog, p: &Programme, out: &mut Vec<Diagnostic>) {
    let mut memo = Suggestions::default();
    plan_targets(catalog, p, &mut memo, out);
    plan_milestones(p, out);
    activities(catalog, p, &mut memo, out);
    money(p, out);
}

/// E057 where the amounts stop fitting: an activity whose own spending does not add up,
/// then the activity at which the running total of all of them no longer does.
fn money(p: &Programme, out: &mut Vec<Diagnostic>) {
    let mut total = Some(0u64);
    for rec in p.activities_by_date() {
        let src = &rec.source;
        let overflow = |detail: &str| {
            let detail = LocalText::key(detail, &[]);
            Diagnostic::new(Code::MoneyOverflow, src.path.clone())
                .at(src.locate(&path!["spending"]))
                .arg("detail", detail)
        };
        let Some(spent) = super::money_sum(rec.value.spending.iter().map(|s| s.amount)) else {
            out.push(overflow("detail.money_activity"));
            return;
        };
        total = total.and_then(|t| t.checked_add(spent));
        if total.is_none() {
            out.push(overflow("detail.money_total"));
            return;
        }
    }
}

fn known_list<'a>(known: impl IntoIterator<Item = &'a String>) -> String {
    let v: Vec<&str> = known.into_iter().map(String::as_str).collect();
    if v.is_empty() { "—".into() } else { v.join(", ") }
}

/// E031's "did you mean" by folder and unknown id, searched once per id: a deleted
/// product that hundreds of activities name is compared with every id only once.
type Suggestions = std::collections::HashMap<(bool, String), LocalText>;

/// E031 for a producer or product id without a file.
fn unknown_record(
    catalog: &Catalog,
    memo: &mut Suggestions,
    source: &crate::load::SourceFile,
    at: &[Seg],
    dir: &str,
    id: &str,
) -> Option<Diagnostic> {
    let key = crate::model::Id::from(id);
    let producers = dir == crate::load::PRODUCERS_DIR;
    let known = if producers { catalog.producers.contains_key(&key) } else { catalog.products.contains_key(&key) };
    // A file that exists but is broken has its own diagnostic; the reference is fine.
    // A map lookup: this runs for every id every activity names.
    if known || catalog.is_broken(dir, id) {
        return None;
    }
    let found = memo.entry((producers, id.to_string())).or_insert_with(|| {
        let ids: Vec<&str> = if producers {
            catalog.producers.keys().map(|i| i.as_str()).collect()
        } else {
            catalog.products.keys().map(|i| i.as_str()).collect()
        };
        suggestion(id, ids)
    });
    Some(
        Diagnostic::new(Code::UnknownRecordRef, source.path.clone())
            .at(source.locate(at))
            .arg("id", id)
            .arg("dir", dir)
            .arg("suggestion", found.clone()),
    )
}

fn plan_targets(catalog: &Catalog, p: &Programme, memo: &mut Suggestions, out: &mut Vec<Diagnostic>) {
    let Some(rec) = &p.plan else { return };
    let src = &rec.source;
    let mut seen = std::collections::BTreeSet::new();
    for (i, t) in rec.value.targets.iter().enumerate() {
        let bad = |key: &str, detail: LocalText| {
            Diagnostic::new(Code::BadTarget, src.path.clone())
                .at(src.locate(&path!["targets", i, key]))
                .arg("id", t.id.as_str())
                .arg("detail", detail)
        };
        if !seen.insert(t.id.as_str()) {
            out.push(bad("id", LocalText::key("plan_detail.target_duplicate", &[])));
        }
        if t.measure == Measure::ProducersGuided && t.target > 100 {
            out.push(bad("target", LocalText::key("plan_detail.target_percent", &[])));
        }
        let measure = LocalText::plain(t.measure.key());
        let misplaced: [(&str, bool, &[Measure]); 6] = [
            ("evaluation", t.evaluation.is_some(), &[Measure::Products]),
            ("reached", t.reached.is_some(), &[Measure::Products]),
            ("min_stars", t.min_stars.is_some(), &[Measure::Products]),
            ("products", !t.products.is_empty(), &[Measure::Products]),
            ("topics", !t.topics.is_empty(), &[Measure::ProducersGuided]),
            ("kinds", !t.kinds.is_empty(), &[Measure::Activities, Measure::Participants]),
        ];
        for (key, given, allowed) in misplaced {
            if given && !allowed.contains(&t.measure) {
                let args = [("key", &LocalText::plain(key)), ("measure", &measure)];
                out.push(bad(key, LocalText::key("plan_detail.target_key", &args)));
            }
        }
        if let Some(s) = t.min_stars.filter(|s| !(3..=5).contains(s)) {
            let args = [("stars", &LocalText::plain(s.to_string()))];
            out.push(bad("min_stars", LocalText::key("plan_detail.target_stars", &args)));
        }
        for (j, id) in t.products.iter().enumerate() {
            out.extend(unknown_record(catalog, memo, src, &path!["targets", i, "products", j], "products", id));
        }
    }
}

fn plan_milestones(p: &Programme, out: &mut Vec<Diagnostic>) {
    let Some(rec) = &p.plan else { return };
    let plan = &rec.value;
    let src = &rec.source;
    for (i, m) in plan.milestones.iter().enumerate() {
        if Quarter::parse(&m.quarter).is_none() {
            out.push(
                Diagnostic::new(Code::BadQuarter, src.path.clone())
                    .at(src.locate(&path!["milestones", i, "quarter"]))
                    .arg("quarter", m.quarter.as_str())
                    .arg("year", plan.year.to_string()),
            );
        }
        for (j, d) in m.departments.iter().enumerate() {
            if !plan.departments.contains_key(d) {
                out.push(unknown_department(p, src, &path!["milestones", i, "departments", j], d));
            }
        }
        milestone_state(p, src, i, m, out);
    }
}

/// E063: a marked state has the day it was reached, a dropped milestone says why, and
/// linked activities exist.
fn milestone_state(
    p: &Programme,
    src: &crate::load::SourceFile,
    i: usize,
    m: &super::Milestone,
    out: &mut Vec<Diagnostic>,
) {
    let mut push = |at: &[Seg], detail: LocalText| {
        out.push(Diagnostic::new(Code::MilestoneState, src.path.clone()).at(src.locate(at)).arg("detail", detail));
    };
    let task = LocalText::plain(m.task.clone());
    if let Some(state) = m.state {
        let state_text = LocalText::plain(state.key());
        if m.date.is_none() {
            let args = [("task", &task), ("state", &state_text)];
            push(&path!["milestones", i, "state"], LocalText::key("plan_detail.milestone_no_date", &args));
        }
        if state == super::MilestoneState::Dropped && m.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            push(&path!["milestones", i, "state"], LocalText::key("plan_detail.milestone_no_note", &[("task", &task)]));
        }
    } else if m.date.is_some() {
        push(&path!["milestones", i, "date"], LocalText::key("plan_detail.milestone_no_state", &[("task", &task)]));
    }
    for (j, a) in m.activities.iter().enumerate() {
        if !p.activities.contains_key(&crate::model::Id(a.clone())) {
            let args = [("task", &task), ("id", &LocalText::plain(a.clone()))];
            push(&path!["milestones", i, "activities", j], LocalText::key("plan_detail.milestone_activity", &args));
        }
    }
}

fn unknown_department(p: &Programme, src: &crate::load::SourceFile, at: &[Seg], id: &str) -> Diagnostic {
    let known = p.plan.as_ref().map(|r| &r.value.departments);
    Diagnostic::new(Code::UnknownDepartment, src.path.clone())
        .at(src.locate(at))
        .arg("department", id)
        .arg("known", known_list(known.into_iter().flat_map(|d| d.keys())))
}

fn activities(catalog: &Catalog, p: &Programme, memo: &mut Suggestions, out: &mut Vec<Diagnostic>) {
    let plan = p.plan.as_ref().map(|r| &r.value);
    for rec in p.activities.values() {
        let a = &rec.value;
        let src = &rec.source;
        if let Some(plan) = plan {
            if !plan.departments.contains_key(&a.owner) {
                out.push(unknown_department(p, src, &path!["owner"], &a.owner));
            }
            for (j, d) in a.partners.iter().enumerate() {
                if !plan.departments.contains_key(d) {
                    out.push(unknown_department(p, src, &path!["partners", j], d));
                }
            }
            for (j, t) in a.topics.iter().enumerate() {
                if !plan.training_topics.contains_key(t) {
                    out.push(
                        Diagnostic::new(Code::UnknownTrainingTopic, src.path.clone())
                            .at(src.locate(&path!["topics", j]))
                            .arg("topic", t.as_str())
                            .arg("known", known_list(plan.training_topics.keys())),
                    );
                }
            }
        }
        for (j, id) in a.producers.iter().enumerate() {
            out.extend(unknown_record(catalog, memo, src, &path!["producers", j], "producers", id));
        }
        for (j, id) in a.products.iter().enumerate() {
            out.extend(unknown_record(catalog, memo, src, &path!["products", j], "products", id));
        }
        if let Some(end) = a.end.filter(|e| *e < a.date) {
            out.push(
                Diagnostic::new(Code::ActivityDates, src.path.clone())
                    .at(src.locate(&path!["end"]))
                    .date("end", end)
                    .date("date", a.date),
            );
        }
        if let Some(n) = a.participants.filter(|n| (*n as usize) < a.producers.len()) {
            out.push(
                Diagnostic::new(Code::ParticipantsTooFew, src.path.clone())
                    .at(src.locate(&path!["participants"]))
                    .arg("participants", n.to_string())
                    .arg("producers", a.producers.len().to_string()),
            );
        }
        inspection(rec, out);
        label(rec, out);
    }
}

/// E064: an activity of kind `other` says what kind it is; another kind has no label.
fn label(rec: &crate::load::Record<super::Activity>, out: &mut Vec<Diagnostic>) {
    let a = &rec.value;
    let blank = a.label.as_deref().is_none_or(|l| l.trim().is_empty());
    let (missing, at) = match (a.kind, blank) {
        (ActivityKind::Other, true) => (true, path!["kind"]),
        (k, false) if k != ActivityKind::Other => (false, path!["label"]),
        _ => return,
    };
    let detail = if missing { "plan_detail.label_missing" } else { "plan_detail.label_unused" };
    out.push(
        Diagnostic::new(Code::ActivityLabel, rec.source.path.clone())
            .at(rec.source.locate(&at))
            .arg("detail", LocalText::key(detail, &[("kind", &LocalText::plain(a.kind.key()))])),
    );
}

/// E035: an inspection that found violations names the remedies and a follow-up date
/// on or after the inspection.
fn inspection(rec: &crate::load::Record<super::Activity>, out: &mut Vec<Diagnostic>) {
    let a = &rec.value;
    let src = &rec.source;
    let mut push = |at: &[Seg], detail: LocalText| {
        out.push(
            Diagnostic::new(Code::InspectionIncomplete, src.path.clone())
                .at(src.locate(at))
                .arg("count", a.violations.len().to_string())
                .arg("detail", detail),
        );
    };
    if let Some(f) = a.follow_up.filter(|f| *f < a.date) {
        let (f, d) = (
            LocalText::plain(crate::render::labels::date(f.get())),
            LocalText::plain(crate::render::labels::date(a.date.get())),
        );
        let args = [("follow_up", &f), ("date", &d)];
        push(&path!["follow_up"], LocalText::key("plan_detail.follow_up_before", &args));
    }
    if a.kind != ActivityKind::Inspection || a.violations.is_empty() {
        return;
    }
    if a.remedies.as_deref().is_none_or(|r| r.trim().is_empty()) {
        push(&path!["violations"], LocalText::key("plan_detail.no_remedies", &[]));
    }
    if a.follow_up.is_none() {
        push(&path!["violations"], LocalText::key("plan_detail.no_follow_up", &[]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{PRODUCER, catalog, codes};
    use crate::load::{Record, SourceFile};
    use crate::model::Id;
    use crate::plan::{Activity, Plan};

    const PLAN: &str = r#"
title = "KH"
year = 2026
[departments]
kt = "Phòng Kinh tế"
[training_topics]
quy-trinh = "Quy trình OCOP"
[[targets]]
id = "a"
title = "A"
measure = "products"
target = 1
[[milestones]]
quarter = "2026-Q3"
task = "T"
departments = ["kt"]
"#;

    fn programme(plan: &str, activities: &[(&str, &str)]) -> Programme {
        let src = SourceFile::new("plan.toml", plan.to_string());
        let (value, _) = src.parse::<Plan>(&|_| Vec::new()).expect("plan parses");
        let mut p = Programme { plan: Some(Record { id: Id::from("plan"), source: src, value }), ..Default::default() };
        for (id, text) in activities {
            let source = SourceFile::new(format!("activities/{id}.toml"), text.to_string());
            let (value, _) = source.parse::<Activity>(&|_| Vec::new()).expect("activity parses");
            p.activities.insert(Id::from(*id), Record { id: Id::from(*id), source, value });
        }
        p
    }

    fn found(plan: &str, activities: &[(&str, &str)]) -> Vec<Code> {
        let c = catalog(&[("htx-a", PRODUCER)], &[]);
        let mut out = Vec::new();
        run(&c, &programme(plan, activities), &mut out);
        codes(&out)
    }

    const TRAINING: &str = "title = \"T\"\nkind = \"training\"\ndate = 2026-07-01\nowner = \"kt\"\n";

    #[test]
    fn a_consistent_plan_and_activity_pass() {
        let a = format!("{TRAINING}topics = [\"quy-trinh\"]\nparticipants = 3\nproducers = [\"htx-a\"]\n");
        assert_eq!(found(PLAN, &[("t", &a)]), []);
    }

    #[test]
    fn references_departments_and_topics_must_resolve() {
        let a = "title = \"T\"\nkind = \"training\"\ndate = 2026-07-01\nowner = \"kte\"\ntopics = [\"x\"]\nproducers = [\"htx-b\"]\nproducts = [\"sp\"]\n";
        assert_eq!(
            found(PLAN, &[("t", a)]),
            [Code::UnknownDepartment, Code::UnknownTrainingTopic, Code::UnknownRecordRef, Code::UnknownRecordRef]
        );
    }

    #[test]
    fn dates_figures_and_inspections_agree() {
        let a = format!("{TRAINING}end = 2026-06-30\nparticipants = 0\nproducers = [\"htx-a\"]\n");
        assert_eq!(found(PLAN, &[("t", &a)]), [Code::ActivityDates, Code::ParticipantsTooFew]);
        let i = "title = \"HK\"\nkind = \"inspection\"\ndate = 2026-07-01\nowner = \"kt\"\nviolations = [\"nhãn\"]\n";
        assert_eq!(found(PLAN, &[("i", i)]), [Code::InspectionIncomplete, Code::InspectionIncomplete]);
        let ok = format!("{i}remedies = \"Sửa nhãn\"\nfollow_up = 2026-08-01\n");
        assert_eq!(found(PLAN, &[("i", &ok)]), []);
        let early = format!("{i}remedies = \"Sửa nhãn\"\nfollow_up = 2026-06-01\n");
        assert_eq!(found(PLAN, &[("i", &early)]), [Code::InspectionIncomplete]);
    }

    #[test]
    fn targets_and_milestones_are_checked() {
        let plan = PLAN.replace("quarter = \"2026-Q3\"", "quarter = \"Q3/2026\"").replace("[\"kt\"]", "[\"vh\"]")
            + "[[targets]]\nid = \"a\"\ntitle = \"B\"\nmeasure = \"producers_guided\"\ntarget = 120\nkinds = [\"fair\"]\n";
        assert_eq!(
            found(&plan, &[]),
            [Code::BadTarget, Code::BadTarget, Code::BadTarget, Code::BadQuarter, Code::UnknownDepartment]
        );
    }

    #[test]
    fn an_other_activity_names_its_kind() {
        let other = "title = \"KS\"\nkind = \"other\"\ndate = 2026-07-01\nowner = \"kt\"\n";
        assert_eq!(found(PLAN, &[("o", other)]), [Code::ActivityLabel]);
        assert_eq!(found(PLAN, &[("o", &format!("{other}label = \"Khảo sát\"\n"))]), []);
        assert_eq!(found(PLAN, &[("t", &format!("{TRAINING}label = \"Lớp\"\n"))]), [Code::ActivityLabel]);
    }

    #[test]
    fn a_milestone_mark_has_its_day_and_reason() {
        let m = "\n[[milestones]]\nquarter = \"2026-Q3\"\ntask = \"T\"\n";
        assert_eq!(found(&format!("{PLAN}{m}state = \"done\"\n"), &[]), [Code::MilestoneState]);
        assert_eq!(found(&format!("{PLAN}{m}state = \"done\"\ndate = 2026-09-01\n"), &[]), []);
        let dropped = format!("{PLAN}{m}state = \"dropped\"\ndate = 2026-09-01\n");
        assert_eq!(found(&dropped, &[]), [Code::MilestoneState]);
        assert_eq!(found(&format!("{dropped}note = \"Hết kinh phí\"\n"), &[]), []);
        assert_eq!(found(&format!("{PLAN}{m}activities = [\"x\"]\n"), &[]), [Code::MilestoneState]);
    }
}
