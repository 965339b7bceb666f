//! OCOP rules as versioned data: rule sets (legal basis, dossier items and where they
//! apply, validity periods, star bands), the 26 product sets and the holiday calendar.
//! Embedded in the binary from `rules/`; a tree's own `rules/` folder overrides or
//! extends them.

mod applicability;
mod data;
mod keys;

pub use applicability::{Applicability, Target, required_items};
pub use data::{RuleFile, RulesError, load_rule_files};

use crate::dates::Calendar;
use crate::i18n::LocalText;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One of the six product groups and its sets.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Group {
    pub id: u8,
    pub key: String,
    pub name: LocalText,
    pub sets: Vec<ProductSet>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProductSet {
    pub id: u8,
    pub name: LocalText,
}

/// A legal document a rule set rests on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LegalDoc {
    pub code: String,
    pub date: crate::model::Date,
    pub title: LocalText,
}

/// One of the seven checklist sections.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub name: LocalText,
    /// A short label for table columns.
    pub short: LocalText,
}

/// One dossier item and when it is needed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ItemRule {
    pub id: String,
    pub section: String,
    pub name: LocalText,
    /// Where the requirement comes from, e.g. "QĐ 26/2026/QĐ-TTg, Điều 6".
    pub source: String,
    #[serde(flatten)]
    pub applies: Applicability,
    /// Months an issued paper stays valid (food-safety certificate 36, test report 12).
    #[serde(default)]
    pub validity_months: Option<u32>,
    /// What to do to complete the item.
    #[serde(default)]
    pub hint: Option<LocalText>,
}

/// Star bands by average council score.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StarBand {
    pub stars: u8,
    pub min_score: f64,
}

/// The filing window for a re-evaluation, in days before the certificate's expiry.
/// A window of zero days (`earliest_days = 0`) means the rule set sets none (QĐ 1048).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Window {
    pub earliest_days: u32,
    pub latest_days: u32,
}

impl Window {
    /// True when the rule set sets no filing window.
    pub fn is_none(&self) -> bool {
        self.earliest_days == 0
    }
}

/// Which period ends move off a weekend or public holiday. Civil Code 2015, Art. 148:
/// when the last day of a deadline for doing something falls on a day off, the deadline
/// ends with the next working day. Filing a re-evaluation is an act with a deadline; a
/// period of validity is not, so a certificate's last valid day stays where it falls.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DayOffRule {
    /// The re-evaluation window's last day moves to the next working day.
    pub window_close: bool,
    /// A certificate's (or paper's) last valid day moves to the next working day.
    pub validity_end: bool,
    /// Where the rule comes from.
    pub source: String,
}

/// When an expired certificate stays valid until the re-evaluation is decided (at most
/// `grace_days` after expiry). A filing after expiry never earns it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GraceRule {
    /// A re-evaluation filed inside the window, awaiting its decision.
    pub timely_filing: bool,
    /// The transition case: a window that closed before this day could not be met, so a
    /// re-evaluation filed after it closed but before expiry earns the grace too.
    #[serde(default)]
    pub window_closed_before: Option<crate::model::Date>,
    /// Where the rule comes from, and how it was read.
    pub source: String,
}

/// Dossiers filed before these rules took effect finish under the old ones, within a
/// number of days (counted from the day these rules took effect) by evaluation kind.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OldRulesTransition {
    pub first_days: u32,
    pub upgrade_days: u32,
    pub reevaluation_days: u32,
    pub source: String,
}

impl OldRulesTransition {
    pub fn days(&self, kind: crate::model::EvaluationKind) -> u32 {
        match kind {
            crate::model::EvaluationKind::First => self.first_days,
            crate::model::EvaluationKind::Upgrade => self.upgrade_days,
            crate::model::EvaluationKind::Reevaluation => self.reevaluation_days,
        }
    }
}

/// A complete rule set, after `extends` and tree overrides are applied.
#[derive(Debug, Clone, Serialize)]
pub struct RuleSet {
    pub id: String,
    pub title: LocalText,
    pub legal_basis: Vec<LegalDoc>,
    pub effective_from: NaiveDate,
    pub effective_until: Option<NaiveDate>,
    pub certificate_months: u32,
    pub reevaluation_window: Window,
    /// Days a certificate stays valid past expiry while a re-evaluation is decided.
    pub grace_days: u32,
    /// Which filings earn the grace.
    pub grace: GraceRule,
    /// Which ends move off weekends and holidays.
    pub day_off: DayOffRule,
    /// How long dossiers filed under the previous rules may take to finish under them.
    pub old_rules_transition: Option<OldRulesTransition>,
    pub screening_working_days: u32,
    /// Days before expiry an item counts as "expiring soon".
    pub expiry_warning_days: u32,
    /// Month-day deadlines for the commune's proposals to the province, e.g. "04-30".
    pub province_rounds: Vec<String>,
    pub star_bands: Vec<StarBand>,
    /// The most each part of the scoring sheet can give (A, B, C), when the rule set
    /// states it.
    pub score_parts: Option<ScorePartsMax>,
    pub sections: Vec<Section>,
    pub items: Vec<ItemRule>,
}

/// The maximum score of each part of the scoring sheet.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorePartsMax {
    pub a: f64,
    pub b: f64,
    pub c: f64,
}

impl RuleSet {
    pub fn item(&self, id: &str) -> Option<&ItemRule> {
        self.items.iter().find(|i| i.id == id)
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Stars for an average council score (0 when below every band).
    pub fn stars_for(&self, score: f64) -> u8 {
        self.star_bands.iter().filter(|b| score >= b.min_score).map(|b| b.stars).max().unwrap_or(0)
    }
}

/// Everything rule-like the checks need: the rule sets, product sets and calendar.
#[derive(Debug, Clone)]
pub struct RuleBook {
    pub sets: BTreeMap<String, RuleSet>,
    pub groups: Vec<Group>,
    pub calendar: Calendar,
}

impl RuleBook {
    /// The rule set in force on `date`: of those already in force, the newest. Dossiers
    /// filed before a new decision took effect finish under the old one.
    pub fn in_force_on(&self, date: NaiveDate) -> Option<&RuleSet> {
        self.sets
            .values()
            .filter(|s| s.effective_from <= date)
            .max_by_key(|s| s.effective_from)
            .or_else(|| self.sets.values().min_by_key(|s| s.effective_from))
    }

    pub fn get(&self, id: &str) -> Option<&RuleSet> {
        self.sets.get(id)
    }

    pub fn group_of_set(&self, set: u8) -> Option<&Group> {
        self.groups.iter().find(|g| g.sets.iter().any(|s| s.id == set))
    }

    pub fn product_set(&self, set: u8) -> Option<&ProductSet> {
        self.groups.iter().flat_map(|g| &g.sets).find(|s| s.id == set)
    }

    /// The set ids known to the book, for "did you mean" and range messages.
    pub fn set_ids(&self) -> impl Iterator<Item = u8> + '_ {
        self.groups.iter().flat_map(|g| g.sets.iter().map(|s| s.id))
    }
}
