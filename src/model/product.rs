//! `products/<id>.toml`: a product, its certificate, its pipeline stages and its dossier
//! checklist.

use super::Date;
use super::keyed_enum;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

keyed_enum! {
    /// The kind of evaluation the dossier is for.
    #[derive(Default)]
    pub enum EvaluationKind {
        /// Đánh giá lần đầu.
        #[default]
        First = "first",
        /// Nâng hạng sao.
        Upgrade = "upgrade",
        /// Đánh giá lại (certificate expiring or expired).
        Reevaluation = "reevaluation",
    }
}

keyed_enum! {
    /// Where the dossier is in the commune → province pipeline.
    pub enum Stage {
        /// Đang chuẩn bị hồ sơ.
        Preparing = "preparing",
        /// Nộp UBND xã.
        Submitted = "submitted",
        /// Xã đã thẩm định (Mẫu 03).
        Screened = "screened",
        /// Đã gửi tỉnh/thành phố.
        SentToProvince = "sent_to_province",
        /// Đã có quyết định công nhận.
        Rated = "rated",
        /// Hồ sơ bị trả lại để bổ sung.
        Returned = "returned",
    }
}

impl Stage {
    /// True once the dossier has left the producer's hands and must be complete.
    pub fn is_filed(self) -> bool {
        matches!(self, Stage::Submitted | Stage::Screened | Stage::SentToProvince)
    }
}

/// One move of the pipeline, with its date.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct StageEntry {
    pub stage: Stage,
    pub date: Date,
    /// Document reference (e.g. Form 03 number, the province's decision number).
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// An OCOP recognition decision and certificate.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Certificate {
    /// Stars awarded: 3, 4 or 5.
    #[schemars(range(min = 3, max = 5))]
    pub stars: u8,
    /// Decision number, e.g. "1234/QĐ-UBND".
    pub decision: String,
    /// The authority that signed the decision, e.g. "UBND thành phố Hải Phòng".
    #[serde(default)]
    pub issued_by: Option<String>,
    /// Date of the decision.
    pub issued: Date,
    /// Rule set id the product was rated under (e.g. `qd-148-2023`).
    #[serde(default)]
    pub legal_basis: Option<String>,
    /// Last day of validity when the decision states one; otherwise issue date plus the
    /// rule set's certificate period.
    #[serde(default)]
    pub expires: Option<Date>,
    /// Council score out of 100, when known.
    #[serde(default)]
    pub score: Option<f64>,
    /// The council score by part (A, B, C), when known; the parts add up to `score`.
    #[serde(default)]
    pub score_parts: Option<ScoreParts>,
    /// The decision that revoked (thu hồi) this certificate, when one did: from that
    /// day the certificate is no longer valid.
    #[serde(default)]
    pub revoked: Option<Revocation>,
}

impl Certificate {
    /// True when the certificate was revoked on or before `day`.
    pub fn revoked_by(&self, day: chrono::NaiveDate) -> bool {
        self.revoked.as_ref().is_some_and(|r| r.date.get() <= day)
    }
}

/// A council score split into the three parts of the scoring sheet.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ScoreParts {
    /// Part A, "Sản phẩm và sức mạnh cộng đồng".
    pub a: f64,
    /// Part B, "Khả năng tiếp thị".
    pub b: f64,
    /// Part C, "Chất lượng sản phẩm".
    pub c: f64,
}

impl ScoreParts {
    pub fn total(&self) -> f64 {
        self.a + self.b + self.c
    }
}

/// A revocation decision (quyết định thu hồi).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Revocation {
    /// The day the revocation takes effect.
    pub date: Date,
    /// Decision number, e.g. "45/QĐ-UBND".
    pub decision: String,
    /// Why the certificate was revoked.
    #[serde(default)]
    pub reason: Option<String>,
}

/// A sign-off: who approved the product's record and evidence, when, and a fingerprint
/// of what they approved, so that any later change shows the approval as stale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Review {
    /// Who approved (by default git's `user.name`).
    pub by: String,
    /// The day of the approval.
    #[serde(default)]
    pub date: Option<Date>,
    /// `sha256:` fingerprint of the record (without this table) and its evidence files;
    /// an approval without one (written by hand) covers nothing and shows as stale.
    #[serde(default)]
    pub fingerprint: Option<String>,
}

/// A certificate known only from a published list that leaves out its decision number,
/// its date, or both: the stars are kept, and `check` asks for the rest (W073) until the
/// decision is found and written as `[certificate]`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ListedCertificate {
    /// Stars the list gives: 3, 4 or 5.
    #[schemars(range(min = 3, max = 5))]
    pub stars: u8,
    /// Decision number, when the list gives it.
    #[serde(default)]
    pub decision: Option<String>,
    /// Date of the decision, when the list gives it.
    #[serde(default)]
    pub issued: Option<Date>,
    /// The authority that signed the decision, when the list names it.
    #[serde(default)]
    pub issued_by: Option<String>,
    /// Last day of validity, when the list gives it.
    #[serde(default)]
    pub expires: Option<Date>,
    /// Council score out of 100, when the list gives it.
    #[serde(default)]
    pub score: Option<f64>,
}

keyed_enum! {
    /// Where a product's set came from.
    pub enum SetSource {
        /// Given by a person (the default when absent).
        Given = "given",
        /// Suggested by `ocop import` from the product's name: to be reviewed.
        Suggested = "suggested",
    }
}

keyed_enum! {
    /// A checklist item's state.
    #[derive(Default)]
    pub enum ItemStatus {
        #[default]
        Missing = "missing",
        InProgress = "in_progress",
        Done = "done",
        /// Needs a `reason`.
        NotApplicable = "not_applicable",
    }
}

/// One entry of the dossier checklist, keyed by the rule set's item id.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Item {
    #[serde(default)]
    pub status: ItemStatus,
    /// Paths of scanned papers, relative to the tree's root.
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub issued: Option<Date>,
    #[serde(default)]
    pub expires: Option<Date>,
    #[serde(default)]
    pub note: Option<String>,
    /// Why the item does not apply (required with `not_applicable`).
    #[serde(default)]
    pub reason: Option<String>,
    /// The day the item became `done` or `not_applicable`; reports for a period that
    /// ended earlier do not count it.
    #[serde(default)]
    pub since: Option<Date>,
    /// SHA-256 of each evidence file when it was recorded (path → `sha256:<hex>`), so
    /// that a replaced scan is noticed.
    #[serde(default)]
    pub fingerprints: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Product {
    /// Optional; when present it must equal the file name.
    #[serde(default)]
    pub id: Option<String>,
    /// Product name, e.g. "Mật ong An Sơn".
    pub name: String,
    /// Producer id (file name under `producers/`).
    pub producer: String,
    /// Product set (bộ sản phẩm), 1–26; the group follows from it.
    #[schemars(range(min = 1, max = 26))]
    pub set: u8,
    /// `suggested` when `ocop import` guessed the set from the product's name; remove it
    /// (or write `given`) once someone has checked the set.
    #[serde(default)]
    pub set_source: Option<SetSource>,
    /// The kind of evaluation the dossier is for (default: a first evaluation).
    #[serde(default)]
    pub evaluation: EvaluationKind,
    /// OCOP product code, e.g. `31-11311-001-2026` (or an older code with a district part).
    #[serde(default)]
    pub code: Option<String>,
    /// EAN-13 barcode (GS1 Vietnam prefix 893).
    #[serde(default)]
    pub barcode: Option<String>,
    /// Stars the producer aims for, 3–5.
    #[serde(default)]
    #[schemars(range(min = 3, max = 5))]
    pub target_stars: Option<u8>,
    /// Rule set id to use instead of the one in force on the filing date.
    #[serde(default)]
    pub rule_set: Option<String>,
    /// The certificate in force (or most recently in force).
    #[serde(default)]
    pub certificate: Option<Certificate>,
    /// A certificate known only from a published list without its full decision (number
    /// and date): kept until the decision is found.
    #[serde(default)]
    pub listed_certificate: Option<ListedCertificate>,
    /// Earlier certificates, oldest first.
    #[serde(default)]
    pub past_certificates: Vec<Certificate>,
    /// Pipeline moves, in date order; the last one is the current stage.
    #[serde(default)]
    pub stages: Vec<StageEntry>,
    /// The dossier checklist: item id → state. Items not listed are missing.
    #[serde(default)]
    pub dossier: BTreeMap<String, Item>,
    /// Free note.
    #[serde(default)]
    pub note: Option<String>,
    /// The last sign-off of this product's record and evidence (`ocop review approve`).
    #[serde(default)]
    pub review: Option<Review>,
}

impl Product {
    /// The current stage: the last entry, or `preparing` when none is recorded.
    pub fn stage(&self) -> Stage {
        self.stages.last().map_or(Stage::Preparing, |e| e.stage)
    }

    pub fn stage_date(&self) -> Option<Date> {
        self.stages.last().map(|e| e.date)
    }

    /// The date of the latest filing with the commune, if any: it decides which rules
    /// the dossier is judged by.
    pub fn filed_on(&self) -> Option<Date> {
        self.stages.iter().rev().find(|e| e.stage == Stage::Submitted).map(|e| e.date)
    }
}
