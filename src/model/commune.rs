//! `ocop.toml`: the commune whose OCOP programme the tree holds.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// The newest tree format this binary reads and writes. Format 2 dates checklist
/// progress (`since`); format 1 (no `format` key) does not.
pub const FORMAT_VERSION: u32 = 2;

#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Commune {
    /// Commune name, e.g. "Việt Khê".
    pub name: String,
    /// Province or centrally run city, e.g. "Thành phố Hải Phòng".
    #[serde(default)]
    pub province: Option<String>,
    /// Province code from Decision 19/2025/QĐ-TTg (used in product codes).
    #[serde(default)]
    pub province_code: Option<String>,
    /// Commune code from Decision 19/2025/QĐ-TTg.
    #[serde(default)]
    pub commune_code: Option<String>,
    /// The office that runs the programme, e.g. "Phòng Kinh tế xã Việt Khê".
    #[serde(default)]
    pub office: Option<String>,
    /// The plan year.
    #[serde(default)]
    #[schemars(range(min = 1900, max = 2199))]
    pub year: Option<i32>,
    /// Output language when `--lang` is not given.
    #[serde(default)]
    pub language: Option<Lang>,
    /// Rule set id to use for every product; when absent, the one in force on each
    /// product's filing date.
    #[serde(default)]
    pub rule_set: Option<String>,
    /// The version of the tree's file format (see docs/format.md); absent means 1.
    /// `ocop migrate` brings an older tree up to date.
    #[serde(default)]
    pub format: Option<u32>,
    /// How the province reads dates the rules leave to it.
    #[serde(default)]
    pub conventions: Option<Conventions>,
}

/// `[conventions]`: readings a province chooses where the rules leave room.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Conventions {
    /// The last valid day of a certificate without an explicit `expires`:
    /// `civil_code` (the default: through the anniversary of the decision, Civil Code
    /// 2015 Art. 147-148) or `day_before_anniversary` (through the day before it).
    #[serde(default)]
    pub certificate_end: Option<String>,
}

impl Commune {
    /// The tree's format version: as written, else 1.
    pub fn format_version(&self) -> u32 {
        self.format.unwrap_or(1)
    }
}

impl Commune {
    /// The reading of a certificate's last day: as written, else (and for a value it
    /// does not know, which W072 reports) the Civil Code's.
    pub fn certificate_end(&self) -> crate::dates::EndDay {
        self.conventions
            .as_ref()
            .and_then(|c| c.certificate_end.as_deref())
            .and_then(crate::dates::EndDay::from_key)
            .unwrap_or_default()
    }
}
