//! `plan.toml` (the commune's yearly OCOP plan) and `activities/<id>.toml` (what was done
//! under it) as plain serde structs with snake_case keys.

use crate::model::keyed_enum;
use crate::model::{Date, EvaluationKind, GuidanceTopic, Stage};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The commune's plan for one year: targets measured from the records, milestones by
/// quarter, the departments that carry it out, and how its reports are headed.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Plan {
    /// The plan's title, e.g. "Kế hoạch thực hiện Chương trình OCOP năm 2026".
    pub title: String,
    /// The year the plan is for.
    pub year: i32,
    /// The plan's own document number, e.g. "45/KH-UBND".
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub issued: Option<Date>,
    /// Department id → name (Phòng Kinh tế, Phòng Văn hóa - Xã hội, unions, producers).
    #[serde(default)]
    pub departments: BTreeMap<String, String>,
    /// Training topic id → name: the plan's list that trainings pick from.
    #[serde(default)]
    pub training_topics: BTreeMap<String, String>,
    #[serde(default)]
    pub targets: Vec<TargetSpec>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// The plan's estimate of money by source (its section VI), for the year or a quarter.
    #[serde(default)]
    pub budget: Vec<BudgetLine>,
    #[serde(default)]
    pub report: ReportHeader,
}

/// One line of the plan's budget estimate, in VND.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BudgetLine {
    pub source: FundingSource,
    pub amount: u64,
    /// `YYYY-QN` when the estimate is for one quarter; the whole year when absent.
    #[serde(default)]
    pub quarter: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

keyed_enum! {
    /// What a target counts. The tool measures it; the plan only states the goal.
    pub enum Measure {
        /// Products whose dossier reached a stage in the plan year (optionally of one
        /// evaluation kind, with at least some stars).
        Products = "products",
        /// Percentage of producers taking part who were guided on every listed topic.
        ProducersGuided = "producers_guided",
        /// Number of activities of the listed kinds.
        Activities = "activities",
        /// People attending activities of the listed kinds.
        Participants = "participants",
    }
}

/// One target of the plan.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TargetSpec {
    pub id: String,
    pub title: String,
    pub measure: Measure,
    /// The goal: a count, or a percentage for `producers_guided`.
    pub target: u32,
    /// `products`: only this evaluation kind.
    #[serde(default)]
    pub evaluation: Option<EvaluationKind>,
    /// `products`: the stage a product must reach to count (default `rated`).
    #[serde(default)]
    pub reached: Option<Stage>,
    /// `products`: the certificate issued in the year must carry at least this many stars.
    #[serde(default)]
    pub min_stars: Option<u8>,
    /// `products`: only these products (ids).
    #[serde(default)]
    pub products: Vec<String>,
    /// `producers_guided`: topics each producer must have been guided on.
    #[serde(default)]
    pub topics: Vec<GuidanceTopic>,
    /// `activities`, `participants`: the kinds counted (all when empty).
    #[serde(default)]
    pub kinds: Vec<ActivityKind>,
}

/// A line of the plan's timeline: what is due in a quarter and who carries it out.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Milestone {
    /// `YYYY-QN`, e.g. "2026-Q3".
    pub quarter: String,
    pub task: String,
    /// Department ids, the first one in charge.
    #[serde(default)]
    pub departments: Vec<String>,
    /// Where it stands, when the office marks it; otherwise derived from `activities`
    /// and the calendar.
    #[serde(default)]
    pub state: Option<MilestoneState>,
    /// The day `state` was reached (a later report's figures never see it earlier).
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub note: Option<String>,
    /// Activities (ids) that carry the milestone out.
    #[serde(default)]
    pub activities: Vec<String>,
}

keyed_enum! {
    /// Where a milestone stands.
    pub enum MilestoneState {
        /// Its quarter has not started and nothing was done yet.
        Planned = "planned",
        InProgress = "in_progress",
        Done = "done",
        /// Its quarter is over and it is not done.
        Late = "late",
        /// Given up, with a note saying why.
        Dropped = "dropped",
    }
}

/// How reports are headed and signed (Decree 30/2020/NĐ-CP layout).
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ReportHeader {
    /// The body above the issuer, e.g. "ỦY BAN NHÂN DÂN" (first heading line).
    #[serde(default)]
    pub issuer_parent: Option<String>,
    /// The issuing body, e.g. "XÃ VIỆT KHÊ".
    #[serde(default)]
    pub issuer: Option<String>,
    /// Number and symbol with the number left blank for the clerk, e.g. "/BC-UBND".
    #[serde(default)]
    pub number: Option<String>,
    /// Place name in the date line, e.g. "Việt Khê".
    #[serde(default)]
    pub place: Option<String>,
    /// "Nơi nhận" lines.
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Authority lines above the signature, e.g. ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH",
    /// "PHÓ CHỦ TỊCH"].
    #[serde(default)]
    pub signer_title: Vec<String>,
    /// The signer's name.
    #[serde(default)]
    pub signer: Option<String>,
}

keyed_enum! {
    /// The kinds of activity the plan runs.
    pub enum ActivityKind {
        /// Tập huấn.
        Training = "training",
        /// Tham quan, học tập kinh nghiệm.
        StudyTour = "study_tour",
        /// Hội chợ, sự kiện xúc tiến thương mại.
        Fair = "fair",
        /// Truyền thông, quảng bá.
        Media = "media",
        /// Kiểm tra, hậu kiểm sau công nhận.
        Inspection = "inspection",
        /// Họp, hội nghị.
        Meeting = "meeting",
        /// Thương mại điện tử, quảng bá trên nền tảng số.
        Ecommerce = "ecommerce",
        /// Another kind, named by `label`.
        Other = "other",
    }
}

keyed_enum! {
    /// Where money spent on an activity came from (the plan's section VI).
    pub enum FundingSource {
        /// Ngân sách nhà nước.
        StateBudget = "state_budget",
        /// Xã hội hóa.
        Socialised = "socialised",
        /// Đóng góp của chủ thể.
        Producers = "producers",
    }
}

/// Money spent on an activity, in VND.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Spending {
    pub amount: u64,
    pub source: FundingSource,
    #[serde(default)]
    pub note: Option<String>,
}

/// One activity under the plan: a training, study tour, fair, media item, post-
/// certification inspection or meeting.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Activity {
    /// Optional; when present it must equal the file name.
    #[serde(default)]
    pub id: Option<String>,
    /// What the activity was, e.g. "Tập huấn quy trình OCOP".
    pub title: String,
    pub kind: ActivityKind,
    /// Kind `other`: what kind of activity it is, as reports name it (e.g. "Khảo sát
    /// vùng nguyên liệu").
    #[serde(default)]
    pub label: Option<String>,
    pub date: Date,
    /// Last day, for activities over several days.
    #[serde(default)]
    pub end: Option<Date>,
    /// Department id in charge.
    pub owner: String,
    /// Other departments taking part.
    #[serde(default)]
    pub partners: Vec<String>,
    /// Where it took place.
    #[serde(default)]
    pub place: Option<String>,
    /// Training topic ids, from the plan's `training_topics`.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Training: the guidance topics it covered; producers attending count as guided on
    /// them for the plan's `producers_guided` target.
    #[serde(default)]
    pub guidance_topics: Vec<GuidanceTopic>,
    /// People attending.
    #[serde(default)]
    pub participants: Option<u32>,
    /// Producers attending or concerned (ids).
    #[serde(default)]
    pub producers: Vec<String>,
    /// Products shown, promoted or inspected (ids).
    #[serde(default)]
    pub products: Vec<String>,
    #[serde(default)]
    pub spending: Vec<Spending>,
    /// Inspection: what was found.
    #[serde(default)]
    pub findings: Option<String>,
    /// Inspection: violations found (empty when none).
    #[serde(default)]
    pub violations: Vec<String>,
    /// Inspection: what the producer must do.
    #[serde(default)]
    pub remedies: Option<String>,
    /// Inspection: when to check the remedies.
    #[serde(default)]
    pub follow_up: Option<Date>,
    /// Free note.
    #[serde(default)]
    pub note: Option<String>,
}

impl Activity {
    /// What the activity spent, stopping at `u64::MAX` rather than wrapping; the check
    /// (E057) reports a total that does not fit.
    pub fn spent(&self) -> u64 {
        money_sum(self.spending.iter().map(|s| s.amount)).unwrap_or(u64::MAX)
    }
}

/// The sum of amounts, or `None` when it does not fit in a `u64` (about 1.8 × 10¹⁹ đồng).
pub fn money_sum(amounts: impl IntoIterator<Item = u64>) -> Option<u64> {
    amounts.into_iter().try_fold(0u64, u64::checked_add)
}
