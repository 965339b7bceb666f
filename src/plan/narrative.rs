//! The officer's own text for a report, one file per period under `reports/`
//! (`reports/2026-Q3.toml`, `reports/2026.toml`): the overall assessment, shortcomings,
//! their causes, the next period's directions and the proposals. Read and checked like
//! every record; `report` merges it into its sections.

use crate::diag::{Code, Diagnostic};
use crate::load::{Record, Seg, parse_file};
use crate::model::Id;
use crate::path;
use crate::period::{Period, PeriodKind, Quarter};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const REPORTS_DIR: &str = "reports";

/// What the officer writes for one period. Blank text counts as not written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Narrative {
    /// Đánh giá chung: what went well, overall.
    #[serde(default)]
    pub assessment: Option<String>,
    /// Tồn tại, hạn chế.
    #[serde(default)]
    pub shortcomings: Option<String>,
    /// Nguyên nhân (of the shortcomings).
    #[serde(default)]
    pub causes: Option<String>,
    /// Phương hướng, nhiệm vụ of the next quarter or year.
    #[serde(default)]
    pub directions: Option<String>,
    /// Kiến nghị, đề xuất.
    #[serde(default)]
    pub proposals: Option<String>,
}

/// The parts of the officer's text, in the order a report shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NarrativeKey {
    Assessment,
    Shortcomings,
    Causes,
    Directions,
    Proposals,
}

impl NarrativeKey {
    pub const ALL: [NarrativeKey; 5] = [
        NarrativeKey::Assessment,
        NarrativeKey::Shortcomings,
        NarrativeKey::Causes,
        NarrativeKey::Directions,
        NarrativeKey::Proposals,
    ];

    pub fn key(self) -> &'static str {
        match self {
            NarrativeKey::Assessment => "assessment",
            NarrativeKey::Shortcomings => "shortcomings",
            NarrativeKey::Causes => "causes",
            NarrativeKey::Directions => "directions",
            NarrativeKey::Proposals => "proposals",
        }
    }
}

impl Narrative {
    /// The text of `k`, trimmed; `None` when absent or blank.
    pub fn get(&self, k: NarrativeKey) -> Option<&str> {
        let v = match k {
            NarrativeKey::Assessment => &self.assessment,
            NarrativeKey::Shortcomings => &self.shortcomings,
            NarrativeKey::Causes => &self.causes,
            NarrativeKey::Directions => &self.directions,
            NarrativeKey::Proposals => &self.proposals,
        };
        v.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
}

/// The name a period's text file has, without `.toml`: `2026-Q3`, `2026`; none for a
/// custom range.
pub fn file_stem(period: &Period) -> Option<String> {
    match period.kind {
        PeriodKind::Quarter { year, quarter } => Some(format!("{year}-Q{quarter}")),
        PeriodKind::Year { year } => Some(year.to_string()),
        PeriodKind::Range => None,
    }
}

/// `2026-Q3`, `2026-q3` → `2026-Q3`; `2026` → `2026`; anything else → none.
fn period_of(stem: &str) -> Option<String> {
    if let Some(q) = Quarter::parse(stem) {
        return Some(format!("{}-Q{}", q.year, q.q));
    }
    (stem.len() == 4 && stem.chars().all(|c| c.is_ascii_digit())).then(|| stem.to_string())
}

fn keys(_: &[Seg]) -> Vec<&'static str> {
    NarrativeKey::ALL.iter().map(|k| k.key()).collect()
}

/// Reads every `reports/*.toml`: E060 for a file not named after a period, W061 for a
/// part left blank. Never fails.
pub fn load(root: &Path, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, Record<Narrative>> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(root.join(REPORTS_DIR)) else { return out };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    for path in paths {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let Some((source, value)) = parse_file::<Narrative>(root, &path, &keys, diags) else { continue };
        let Some(period) = period_of(&stem) else {
            diags.push(Diagnostic::new(Code::ReportTextName, source.path.clone()).arg("name", stem));
            continue;
        };
        for k in NarrativeKey::ALL {
            let written = match k {
                NarrativeKey::Assessment => &value.assessment,
                NarrativeKey::Shortcomings => &value.shortcomings,
                NarrativeKey::Causes => &value.causes,
                NarrativeKey::Directions => &value.directions,
                NarrativeKey::Proposals => &value.proposals,
            };
            if written.is_some() && value.get(k).is_none() {
                diags.push(
                    Diagnostic::new(Code::ReportTextBlank, source.path.clone())
                        .at(source.locate(&path![k.key()]))
                        .arg("key", k.key()),
                );
            }
        }
        out.insert(period.clone(), Record { id: Id(period), source, value });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_after_their_period() {
        assert_eq!(period_of("2026-Q3").as_deref(), Some("2026-Q3"));
        assert_eq!(period_of("2026-q4").as_deref(), Some("2026-Q4"));
        assert_eq!(period_of("2026").as_deref(), Some("2026"));
        assert_eq!(period_of("2026-Q5"), None);
        assert_eq!(period_of("quy-3"), None);
        let q = Period::quarter(Quarter { year: 2026, q: 3 });
        assert_eq!(file_stem(&q).as_deref(), Some("2026-Q3"));
        assert_eq!(Period::year(2026).and_then(|p| file_stem(&p)).as_deref(), Some("2026"));
    }

    #[test]
    fn blank_text_is_not_written() {
        let n =
            Narrative {
                assessment: Some("  \n".into()), causes: Some(" Thiếu vốn. ".into()), ..Default::default()
            };
        assert_eq!(n.get(NarrativeKey::Assessment), None);
        assert_eq!(n.get(NarrativeKey::Causes), Some("Thiếu vốn."));
        assert_eq!(n.get(NarrativeKey::Proposals), None);
    }
}
