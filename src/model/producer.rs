//! `producers/<id>.toml`: a producer (chủ thể OCOP).

use super::Date;
use serde::{Deserialize, Serialize};

/// The legal form of a producer. Only registered forms may take part in OCOP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProducerKind {
    /// Hợp tác xã (HTX).
    Cooperative,
    /// Tổ hợp tác.
    CooperativeGroup,
    /// Doanh nghiệp nhỏ và vừa.
    Enterprise,
    /// Trang trại.
    Farm,
    /// Hộ sản xuất có đăng ký kinh doanh.
    RegisteredHousehold,
    /// Hội, hiệp hội (tourism products only).
    Association,
    /// Hộ sản xuất chưa đăng ký kinh doanh: not eligible until registered.
    UnregisteredHousehold,
}

impl ProducerKind {
    pub const ALL: [ProducerKind; 7] = [
        ProducerKind::Cooperative,
        ProducerKind::CooperativeGroup,
        ProducerKind::Enterprise,
        ProducerKind::Farm,
        ProducerKind::RegisteredHousehold,
        ProducerKind::Association,
        ProducerKind::UnregisteredHousehold,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ProducerKind::Cooperative => "cooperative",
            ProducerKind::CooperativeGroup => "cooperative_group",
            ProducerKind::Enterprise => "enterprise",
            ProducerKind::Farm => "farm",
            ProducerKind::RegisteredHousehold => "registered_household",
            ProducerKind::Association => "association",
            ProducerKind::UnregisteredHousehold => "unregistered_household",
        }
    }

    pub fn is_eligible(self) -> bool {
        self != ProducerKind::UnregisteredHousehold
    }
}

/// What the office guided a producer on (the plan's "100% guided" target counts these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GuidanceTopic {
    Dossier,
    Labels,
    Traceability,
    FoodSafety,
    BusinessPlan,
    Ecommerce,
    Other,
}

impl GuidanceTopic {
    pub fn key(self) -> &'static str {
        match self {
            GuidanceTopic::Dossier => "dossier",
            GuidanceTopic::Labels => "labels",
            GuidanceTopic::Traceability => "traceability",
            GuidanceTopic::FoodSafety => "food_safety",
            GuidanceTopic::BusinessPlan => "business_plan",
            GuidanceTopic::Ecommerce => "ecommerce",
            GuidanceTopic::Other => "other",
        }
    }
}

/// One visit or session where the office guided the producer.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Guidance {
    pub date: Date,
    #[serde(default)]
    pub topics: Vec<GuidanceTopic>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Producer {
    /// Optional; when present it must equal the file name.
    #[serde(default)]
    pub id: Option<String>,
    pub name: String,
    pub kind: ProducerKind,
    /// Enterprise/tax code (10 digits, or 13 for a branch) or a household's 12-digit
    /// personal number.
    #[serde(default)]
    pub registration_code: Option<String>,
    /// Legal representative (người đại diện theo pháp luật).
    #[serde(default)]
    pub representative: Option<String>,
    /// Hamlet (thôn) the producer is in.
    #[serde(default)]
    pub hamlet: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub guidance: Vec<Guidance>,
    #[serde(default)]
    pub note: Option<String>,
}
