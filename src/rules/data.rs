//! Reading rule files: the embedded ones under `rules/` in the source tree, then a dossier
//! tree's own `rules/` folder, which may replace, extend or add rule sets, replace the
//! product sets, and add holidays.

use super::{
    DayOffRule, GraceRule, Group, ItemRule, LegalDoc, OldRulesTransition, RuleBook, RuleSet, ScorePartsMax, Section,
    StarBand, Window,
};
use crate::dates::Calendar;
use crate::diag::{Code, Diagnostic};
use crate::i18n::LocalText;
use crate::load::{RULES_DIR, SourceFile, parse_file};
use crate::model::Date;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The rule files compiled into the binary, as (file name, text).
pub(super) const EMBEDDED: &[(&str, &str)] = &[
    ("qd-148-2023.toml", include_str!("../../rules/qd-148-2023.toml")),
    ("qd-26-2026.toml", include_str!("../../rules/qd-26-2026.toml")),
    // Extends qd-148-2023 (files are resolved in dependency order, whatever the order here).
    ("qd-1048-2019.toml", include_str!("../../rules/qd-1048-2019.toml")),
];
pub(super) const EMBEDDED_PRODUCT_SETS: &str = include_str!("../../rules/product-sets.toml");
pub(super) const EMBEDDED_HOLIDAYS: &str = include_str!("../../rules/holidays.toml");

/// A rule-set file as written: every field optional so that a file can extend another
/// (`extends = "qd-26-2026"`) or override an embedded set of the same id.
#[derive(Debug, Clone, Deserialize)]
pub struct RuleFile {
    pub id: String,
    #[serde(default)]
    pub extends: Option<String>,
    pub title: Option<LocalText>,
    pub legal_basis: Option<Vec<LegalDoc>>,
    pub effective_from: Option<Date>,
    pub effective_until: Option<Date>,
    pub certificate_months: Option<u32>,
    pub reevaluation_window: Option<Window>,
    pub grace_days: Option<u32>,
    pub grace: Option<GraceRule>,
    pub day_off: Option<DayOffRule>,
    pub old_rules_transition: Option<OldRulesTransition>,
    pub screening_working_days: Option<u32>,
    pub expiry_warning_days: Option<u32>,
    pub province_rounds: Option<Vec<String>>,
    pub star_bands: Option<Vec<StarBand>>,
    #[serde(default)]
    pub score_parts: Option<ScorePartsMax>,
    pub sections: Option<Vec<Section>>,
    /// Items to add, or to replace when the id already exists.
    #[serde(default)]
    pub items: Vec<ItemRule>,
    /// Item ids to drop from the base.
    #[serde(default)]
    pub remove_items: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ProductSetsFile {
    groups: Vec<Group>,
}

#[derive(Debug, Deserialize)]
struct HolidaysFile {
    holidays: Vec<Date>,
}

/// Why a rule file could not be turned into a rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RulesError {
    UnknownBase(String),
    MissingField(&'static str),
    UnknownSection {
        item: String,
        section: String,
    },
    Cycle(String),
    /// A `province_rounds` entry that is no MM-DD day of the year.
    BadRound(String),
}

impl RulesError {
    fn detail(&self) -> String {
        match self {
            RulesError::UnknownBase(b) => format!("extends = \"{b}\""),
            RulesError::MissingField(f) => f.to_string(),
            RulesError::UnknownSection { item, section } => format!("{item}: section = \"{section}\""),
            RulesError::Cycle(id) => format!("extends: {id}"),
            RulesError::BadRound(value) => format!("province_rounds: {value}"),
        }
    }
}

/// Applies `file` on top of `base` (or builds from scratch when there is none).
pub(super) fn resolve(file: &RuleFile, base: Option<&RuleSet>) -> Result<RuleSet, RulesError> {
    fn pick<T: Clone>(own: &Option<T>, base: Option<T>, name: &'static str) -> Result<T, RulesError> {
        own.clone().or(base).ok_or(RulesError::MissingField(name))
    }
    let mut items: Vec<ItemRule> = base.map(|b| b.items.clone()).unwrap_or_default();
    items.retain(|i| !file.remove_items.contains(&i.id));
    for item in &file.items {
        match items.iter_mut().find(|i| i.id == item.id) {
            Some(slot) => *slot = item.clone(),
            None => items.push(item.clone()),
        }
    }
    let set = RuleSet {
        id: file.id.clone(),
        title: pick(&file.title, base.map(|b| b.title.clone()), "title")?,
        legal_basis: pick(&file.legal_basis, base.map(|b| b.legal_basis.clone()), "legal_basis")?,
        effective_from: pick(&file.effective_from.map(Date::get), base.map(|b| b.effective_from), "effective_from")?,
        effective_until: file.effective_until.map(Date::get).or(base.and_then(|b| b.effective_until)),
        certificate_months: pick(&file.certificate_months, base.map(|b| b.certificate_months), "certificate_months")?,
        reevaluation_window: pick(
            &file.reevaluation_window,
            base.map(|b| b.reevaluation_window),
            "reevaluation_window",
        )?,
        grace_days: pick(&file.grace_days, base.map(|b| b.grace_days), "grace_days")?,
        grace: pick(&file.grace, base.map(|b| b.grace.clone()), "grace")?,
        day_off: pick(&file.day_off, base.map(|b| b.day_off.clone()), "day_off")?,
        old_rules_transition: file.old_rules_transition.clone().or(base.and_then(|b| b.old_rules_transition.clone())),
        screening_working_days: pick(
            &file.screening_working_days,
            base.map(|b| b.screening_working_days),
            "screening_working_days",
        )?,
        expiry_warning_days: pick(
            &file.expiry_warning_days,
            base.map(|b| b.expiry_warning_days),
            "expiry_warning_days",
        )?,
        province_rounds: pick(&file.province_rounds, base.map(|b| b.province_rounds.clone()), "province_rounds")?,
        star_bands: pick(&file.star_bands, base.map(|b| b.star_bands.clone()), "star_bands")?,
        score_parts: file.score_parts.or(base.and_then(|b| b.score_parts)),
        sections: pick(&file.sections, base.map(|b| b.sections.clone()), "sections")?,
        items,
    };
    if let Some(bad) = set.province_rounds.iter().find(|r| !is_round_day(r)) {
        return Err(RulesError::BadRound(bad.clone()));
    }
    if let Some(bad) = set.items.iter().find(|i| set.section(&i.section).is_none()) {
        return Err(RulesError::UnknownSection { item: bad.id.clone(), section: bad.section.clone() });
    }
    Ok(set)
}

/// True for a day of the year written MM-DD (29 February included: leap years have it).
fn is_round_day(round: &str) -> bool {
    let Some((m, d)) = round.split_once('-') else { return false };
    let two_digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    two_digits(m)
        && two_digits(d)
        && m.parse()
            .ok()
            .zip(d.parse().ok())
            .is_some_and(|(m, d)| chrono::NaiveDate::from_ymd_opt(2024, m, d).is_some())
}

/// A parsed rule file and where it came from.
struct Parsed {
    source: SourceFile,
    file: RuleFile,
}

fn parse_text<T: serde::de::DeserializeOwned>(
    path: PathBuf,
    text: &str,
    known: &dyn Fn(&[crate::load::Seg]) -> Vec<&'static str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(SourceFile, T)> {
    SourceFile::decode(path, text.as_bytes()).map_err(|d| diags.push(*d)).ok()?.parse_collect(known, diags)
}

fn no_keys(_: &[crate::load::Seg]) -> Vec<&'static str> {
    Vec::new()
}

/// Builds the rule book: embedded data first, then the tree's `rules/` folder on top.
/// Problems in the tree's files become diagnostics; the embedded data stands in.
pub fn load_rule_files(root: &Path, diags: &mut Vec<Diagnostic>) -> RuleBook {
    let mut embedded_diags = Vec::new();
    let mut embedded: Vec<Parsed> = Vec::new();
    for (name, text) in EMBEDDED {
        let path = PathBuf::from("<embedded>").join(name);
        if let Some((source, file)) = parse_text::<RuleFile>(path, text, &super::keys::keys, &mut embedded_diags) {
            embedded.push(Parsed { source, file });
        }
    }
    let mut groups = parse_text::<ProductSetsFile>(
        "<embedded>/product-sets.toml".into(),
        EMBEDDED_PRODUCT_SETS,
        &no_keys,
        &mut embedded_diags,
    )
    .map(|(_, f)| f.groups)
    .unwrap_or_default();
    let mut calendar = Calendar::default();
    if let Some((_, f)) =
        parse_text::<HolidaysFile>("<embedded>/holidays.toml".into(), EMBEDDED_HOLIDAYS, &no_keys, &mut embedded_diags)
    {
        calendar.holidays.extend(f.holidays.into_iter().map(Date::get));
    }
    // Embedded data is tested at build time; any problem here is a defect worth showing.
    diags.extend(embedded_diags);

    let mut sets = BTreeMap::new();
    resolve_all(&embedded, &mut sets, diags);

    let dir = root.join(RULES_DIR);
    if dir.is_dir() {
        let mut tree: Vec<Parsed> = Vec::new();
        let mut paths: Vec<PathBuf> =
            std::fs::read_dir(&dir).map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
        paths.sort();
        let inside = crate::load::Inside::new(root);
        let hidden = |p: &PathBuf| p.file_name().is_some_and(crate::load::is_hidden);
        for path in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "toml") && !hidden(p)) {
            if !inside.contains(path) {
                diags.push(Diagnostic::new(Code::FileOutsideTree, crate::load::relative(root, path)));
                continue;
            }
            match path.file_name().and_then(|n| n.to_str()) {
                Some("product-sets.toml") => {
                    if let Some((_, f)) = parse_file::<ProductSetsFile>(root, path, &no_keys, diags) {
                        groups = f.groups;
                    }
                }
                // Import's keyword table (`crate::import::suggest`), not a rule set.
                Some(crate::import::suggest::FILE) => {}
                Some("holidays.toml") => {
                    if let Some((_, f)) = parse_file::<HolidaysFile>(root, path, &no_keys, diags) {
                        calendar.holidays.extend(f.holidays.into_iter().map(Date::get));
                    }
                }
                _ => {
                    if let Some((source, file)) = parse_file::<RuleFile>(root, path, &super::keys::keys, diags) {
                        tree.push(Parsed { source, file });
                    }
                }
            }
        }
        resolve_all(&tree, &mut sets, diags);
    }
    RuleBook { sets, groups, calendar }
}

/// Resolves files in dependency order: a file extending another waits until every file
/// that defines or overrides the base is applied, whatever the file names; a file with
/// the id of an existing set overrides it.
fn resolve_all(files: &[Parsed], sets: &mut BTreeMap<String, RuleSet>, diags: &mut Vec<Diagnostic>) {
    let mut pending: Vec<&Parsed> = files.iter().collect();
    while !pending.is_empty() {
        let before = pending.len();
        let unresolved: Vec<String> = pending.iter().map(|p| p.file.id.clone()).collect();
        pending.retain(|p| {
            let base_id = p.file.extends.clone().unwrap_or_else(|| p.file.id.clone());
            // An override of an embedded set waits for the tree's other overrides of it
            // only through their file order; anything else waits for its base.
            let waiting = p.file.extends.is_some() && p.file.id != base_id && unresolved.contains(&base_id);
            if waiting {
                return true;
            }
            let base = sets.get(&base_id);
            if p.file.extends.is_some() && base.is_none() {
                diags.push(rules_error(p, &RulesError::UnknownBase(base_id)));
                return false;
            }
            match resolve(&p.file, base) {
                Ok(set) => {
                    sets.insert(set.id.clone(), set);
                }
                Err(e) => diags.push(rules_error(p, &e)),
            }
            false
        });
        if pending.len() == before {
            for p in pending.drain(..) {
                diags.push(rules_error(p, &RulesError::Cycle(p.file.id.clone())));
            }
        }
    }
}

fn rules_error(p: &Parsed, e: &RulesError) -> Diagnostic {
    let at = match e {
        RulesError::UnknownBase(_) | RulesError::Cycle(_) => p.source.locate(&crate::path!["extends"]),
        RulesError::UnknownSection { item, .. } => {
            let index = p.file.items.iter().position(|i| &i.id == item).unwrap_or(0);
            p.source.locate(&crate::path!["items", index, "section"])
        }
        RulesError::MissingField(_) => p.source.locate(&crate::path!["id"]),
        RulesError::BadRound(value) => {
            let rounds = p.file.province_rounds.as_deref().unwrap_or_default();
            let index = rounds.iter().position(|r| r == value).unwrap_or(0);
            p.source.locate(&crate::path!["province_rounds", index])
        }
    };
    let detail = match e {
        RulesError::BadRound(value) => LocalText::key("detail.round", &[("value", &value.as_str().into())]),
        _ => e.detail().into(),
    };
    Diagnostic::new(Code::InvalidRules, p.source.path.clone()).at(at).arg("detail", detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> RuleBook {
        let mut diags = Vec::new();
        let book = load_rule_files(Path::new("/nonexistent-ocop-tree"), &mut diags);
        assert!(diags.is_empty(), "embedded rules have problems: {diags:?}");
        book
    }

    #[test]
    fn province_rounds_are_days_of_the_year() {
        for ok in ["04-30", "10-30", "02-29", "12-31"] {
            assert!(is_round_day(ok), "{ok}");
        }
        for bad in ["13-45", "4-30", "04-31", "00-10", "04/30", "", "04-30-2026", "ab-cd"] {
            assert!(!is_round_day(bad), "{bad}");
        }
        let mut file: RuleFile = toml::from_str(EMBEDDED[0].1).expect("embedded rules parse");
        assert!(resolve(&file, None).is_ok());
        file.province_rounds = Some(vec!["04-30".into(), "13-45".into()]);
        assert_eq!(resolve(&file, None).err(), Some(RulesError::BadRound("13-45".into())));
    }

    #[test]
    fn embedded_rules_load_cleanly() {
        let b = book();
        assert!(b.get("qd-148-2023").is_some());
        assert!(b.get("qd-26-2026").is_some());
        assert_eq!(b.groups.len(), 6);
        assert_eq!(b.set_ids().count(), 26);
        assert!(!b.calendar.holidays.is_empty());
    }

    #[test]
    fn every_item_cites_its_source_and_names_both_languages() {
        let b = book();
        for set in b.sets.values() {
            assert_eq!(set.sections.len(), 7, "{}", set.id);
            for item in &set.items {
                assert!(!item.source.trim().is_empty(), "{}: {} cites nothing", set.id, item.id);
                assert!(!item.name.vi.is_empty() && !item.name.en.is_empty(), "{}", item.id);
                assert!(crate::text::is_slug(&item.id.replace('_', "-")), "{}", item.id);
            }
        }
    }

    #[test]
    fn rule_set_in_force_follows_effective_dates() {
        let b = book();
        let on = |d: &str| b.in_force_on(d.parse().expect("date")).map(|s| s.id.clone());
        assert_eq!(on("2019-08-21").as_deref(), Some("qd-1048-2019"));
        assert_eq!(on("2023-02-23").as_deref(), Some("qd-1048-2019"));
        assert_eq!(on("2023-02-24").as_deref(), Some("qd-148-2023"));
        // Before the first decision: the oldest rules known.
        assert_eq!(on("2018-06-01").as_deref(), Some("qd-1048-2019"));
        assert_eq!(on("2024-01-01").as_deref(), Some("qd-148-2023"));
        assert_eq!(on("2026-05-21").as_deref(), Some("qd-148-2023"));
        assert_eq!(on("2026-05-22").as_deref(), Some("qd-26-2026"));
        assert_eq!(on("2027-01-01").as_deref(), Some("qd-26-2026"));
    }

    #[test]
    fn stars_follow_the_bands() {
        let b = book();
        let r = b.get("qd-26-2026").expect("set");
        assert_eq!(r.stars_for(95.0), 5);
        assert_eq!(r.stars_for(90.0), 5);
        assert_eq!(r.stars_for(89.9), 4);
        assert_eq!(r.stars_for(70.0), 4);
        assert_eq!(r.stars_for(50.0), 3);
        assert_eq!(r.stars_for(49.0), 2);
        assert_eq!(r.stars_for(10.0), 1);
    }

    #[test]
    fn a_file_can_extend_and_remove() {
        let b = book();
        let base = b.get("qd-26-2026").expect("set");
        let file: RuleFile = toml::from_str(
            r#"
            id = "hai-phong-2026"
            extends = "qd-26-2026"
            certificate_months = 24
            remove_items = ["product_story"]
            [[items]]
            id = "local_extra"
            section = "legal"
            name = { vi = "Giấy xác nhận của thôn", en = "Hamlet confirmation" }
            source = "Hướng dẫn của Sở NN&MT Hải Phòng (minh họa)"
            "#,
        )
        .expect("parses");
        let set = resolve(&file, Some(base)).expect("resolves");
        assert_eq!(set.certificate_months, 24);
        assert!(set.item("product_story").is_none());
        assert!(set.item("local_extra").is_some());
        assert_eq!(set.items.len(), base.items.len());
        assert_eq!(set.effective_from, base.effective_from);
    }

    /// Loads the rule book of a tree whose `rules/` folder holds `files`.
    fn tree_book(files: &[(&str, &str)]) -> (RuleBook, Vec<Diagnostic>) {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join(RULES_DIR)).expect("mkdir");
        for (name, text) in files {
            std::fs::write(dir.path().join(RULES_DIR).join(name), text).expect("write");
        }
        let mut diags = Vec::new();
        let book = load_rule_files(dir.path(), &mut diags);
        (book, diags)
    }

    #[test]
    fn an_extension_sees_the_trees_override_of_its_base_whatever_the_file_names() {
        let local = "id = \"local\"\nextends = \"qd-26-2026\"\n";
        let override_26 = "id = \"qd-26-2026\"\nexpiry_warning_days = 60\n";
        // "a-local.toml" sorts before "qd-26-2026.toml", "z-local.toml" after it.
        for name in ["a-local.toml", "z-local.toml"] {
            let (book, diags) = tree_book(&[(name, local), ("qd-26-2026.toml", override_26)]);
            assert!(diags.is_empty(), "{diags:?}");
            assert_eq!(book.get("qd-26-2026").map(|s| s.expiry_warning_days), Some(60));
            assert_eq!(book.get("local").map(|s| s.expiry_warning_days), Some(60), "{name}");
        }
    }

    #[test]
    fn tree_rule_files_chain_and_report_cycles_and_unknown_bases() {
        let (book, diags) = tree_book(&[
            ("a.toml", "id = \"a\"\nextends = \"b\"\ngrace_days = 1\n"),
            ("b.toml", "id = \"b\"\nextends = \"qd-148-2023\"\ngrace_days = 2\nscreening_working_days = 9\n"),
        ]);
        assert!(diags.is_empty(), "{diags:?}");
        let a = book.get("a").expect("a");
        assert_eq!((a.grace_days, a.screening_working_days), (1, 9));
        let (_, diags) = tree_book(&[
            ("a.toml", "id = \"a\"\nextends = \"b\"\n"),
            ("b.toml", "id = \"b\"\nextends = \"a\"\n"),
            ("c.toml", "id = \"c\"\nextends = \"nowhere\"\n"),
        ]);
        let details: Vec<String> = diags.iter().map(|d| format!("{} {}", d.code.as_str(), d.args[0].1.en)).collect();
        assert_eq!(details, ["E027 extends = \"nowhere\"", "E027 extends: a", "E027 extends: b"]);
    }

    #[test]
    fn tree_product_sets_replace_and_holidays_add() {
        let sets = "[[groups]]\nid = 1\nkey = \"food\"\nname = { vi = \"Thực phẩm\", en = \"Food\" }\n\
                    sets = [{ id = 1, name = { vi = \"Rau\", en = \"Vegetables\" } }]\n";
        let (book, diags) = tree_book(&[("product-sets.toml", sets), ("holidays.toml", "holidays = [2026-06-15]\n")]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(book.set_ids().collect::<Vec<_>>(), [1]);
        let day = |s: &str| s.parse::<chrono::NaiveDate>().expect("date");
        assert!(book.calendar.holidays.contains(&day("2026-06-15")));
        assert!(book.calendar.holidays.contains(&day("2026-09-02")), "the shipped holidays stay");
    }

    #[test]
    fn a_standalone_file_must_be_complete() {
        let file: RuleFile = toml::from_str("id = \"x\"").expect("parses");
        assert_eq!(resolve(&file, None).err(), Some(RulesError::MissingField("title")));
    }
}
