//! Suggesting a product set from a product's name, for sheets without a set column: a
//! keyword table kept as rules data (`rules/set-keywords.toml`, overridable per tree).

use crate::text::fold;
use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub const EMBEDDED: &str = include_str!("../../rules/set-keywords.toml");

/// The table's file name, in the bundled rules and in a tree's `rules/` folder.
pub const FILE: &str = "set-keywords.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    sets: BTreeMap<String, Vec<String>>,
}

/// Keyword phrases (lower case, as written and folded) with the set each suggests.
#[derive(Debug, Clone)]
pub struct Keywords(Vec<(String, String, u8)>);

impl Keywords {
    /// The tree's `rules/set-keywords.toml`, else the embedded table.
    pub fn for_tree(root: &Path) -> Result<Keywords> {
        let path = root.join("rules").join(FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Keywords::parse(&text).with_context(|| path.display().to_string()),
            Err(_) => Keywords::parse(EMBEDDED),
        }
    }

    /// A table that suggests nothing.
    pub fn empty() -> Keywords {
        Keywords(Vec::new())
    }

    pub fn parse(text: &str) -> Result<Keywords> {
        let file: File = toml::from_str(text).map_err(|e| {
            // "line L, column C: what", one line, as the other messages give positions.
            let at = e.span().map_or(0, |s| s.start).min(text.len());
            let before = text.get(..at).unwrap_or("");
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            anyhow::anyhow!("line {line}, column {column}: {}", e.message().trim())
        })?;
        let mut words = Vec::new();
        for (set, list) in file.sets {
            let set: u8 = set.parse().with_context(|| format!("set `{set}`"))?;
            for w in list {
                let lower = crate::text::nfc(&w.to_lowercase());
                words.push((words_of(&lower), words_of(&fold(&lower)), set));
            }
        }
        // Longest phrase first, so "rượu vang" wins over "rượu".
        words.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.2.cmp(&b.2)));
        Ok(Keywords(words))
    }

    /// The set the name suggests, if any. A name written with diacritics is matched
    /// with them ("bơ" is not "bò"); one written without, against the folded phrases.
    pub fn suggest(&self, name: &str) -> Option<u8> {
        let lower = words_of(&crate::text::nfc(&name.to_lowercase()));
        let folded = fold(&lower);
        let plain = folded == lower;
        let hay = format!(" {} ", if plain { &folded } else { &lower });
        self.0
            .iter()
            .find(|(w, f, _)| hay.contains(&format!(" {} ", if plain { f } else { w })))
            .map(|(_, _, set)| *set)
    }
}

/// Words only: punctuation made spaces, single spaces.
fn words_of(s: &str) -> String {
    let t: String = s.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_phrase_wins_and_diacritics_count_when_written() {
        let k = Keywords::parse(EMBEDDED).expect("embedded table");
        assert_eq!(k.suggest("Mật ong rừng An Sơn"), Some(4));
        assert_eq!(k.suggest("Rượu vang sim Phú Quốc"), Some(15));
        assert_eq!(k.suggest("Rượu nếp cái hoa vàng"), Some(14));
        assert_eq!(k.suggest("Nước mắm Cát Hải"), Some(9));
        assert_eq!(k.suggest("Nón lá làng Chuông"), Some(21));
        assert_eq!(k.suggest("Homestay Bản Lác"), Some(26));
        assert_eq!(k.suggest("Gạo nếp cái hoa vàng"), Some(3));
        assert_eq!(k.suggest("Trà hoa vàng Ba Chẽ"), Some(12));
        assert_eq!(k.suggest("mat ong rung"), Some(4));
        assert_eq!(k.suggest("Xyz"), None);
    }

    #[test]
    fn every_set_in_the_table_exists() {
        let k = Keywords::parse(EMBEDDED).expect("embedded table");
        assert!(k.0.iter().all(|(_, _, s)| (1..=26).contains(s)));
    }
}
