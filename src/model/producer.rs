//! `producers/<id>.toml`: a producer (chủ thể OCOP).

use super::Date;
use super::keyed_enum;
use serde::{Deserialize, Serialize};

keyed_enum! {
    /// The legal form of a producer. Only registered forms may take part in OCOP.
    pub enum ProducerKind {
        /// Hợp tác xã (HTX).
        Cooperative = "cooperative",
        /// Tổ hợp tác.
        CooperativeGroup = "cooperative_group",
        /// Doanh nghiệp nhỏ và vừa.
        Enterprise = "enterprise",
        /// Trang trại.
        Farm = "farm",
        /// Hộ sản xuất có đăng ký kinh doanh.
        RegisteredHousehold = "registered_household",
        /// Hội, hiệp hội (tourism products only).
        Association = "association",
        /// Hộ sản xuất chưa đăng ký kinh doanh: not eligible until registered.
        UnregisteredHousehold = "unregistered_household",
    }
}

impl ProducerKind {
    pub fn is_eligible(self) -> bool {
        self != ProducerKind::UnregisteredHousehold
    }
}

keyed_enum! {
    /// What the office guided a producer on (the plan's "100% guided" target counts these).
    pub enum GuidanceTopic {
        Dossier = "dossier",
        Labels = "labels",
        Traceability = "traceability",
        FoodSafety = "food_safety",
        BusinessPlan = "business_plan",
        Ecommerce = "ecommerce",
        Other = "other",
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
    /// Full name, e.g. "Hợp tác xã Nông nghiệp An Sơn".
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
    /// Postal address.
    #[serde(default)]
    pub address: Option<String>,
    /// Telephone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Visits and sessions where the office guided the producer.
    #[serde(default)]
    pub guidance: Vec<Guidance>,
    /// Free note.
    #[serde(default)]
    pub note: Option<String>,
}
