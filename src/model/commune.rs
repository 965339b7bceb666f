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
}

impl Commune {
    /// The tree's format version: as written, else 1.
    pub fn format_version(&self) -> u32 {
        self.format.unwrap_or(1)
    }
}
