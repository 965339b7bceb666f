//! When a dossier item applies: by evaluation kind, product group and product set.

use super::{ItemRule, RuleSet};
use crate::model::EvaluationKind;
use serde::{Deserialize, Serialize};

/// Where an item applies. Empty lists mean "all"; `except_*` lists remove.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Applicability {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<EvaluationKind>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<u8>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sets: Vec<u8>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except_groups: Vec<u8>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except_sets: Vec<u8>,
    /// Needed only when the product aims at this many stars or more (a starred minimum
    /// of the scoring sheet, e.g. ISO/HACCP for 4★).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_stars: Option<u8>,
}

/// What decides whether an item applies to one product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub group: u8,
    pub set: u8,
    pub kind: EvaluationKind,
    pub stars: u8,
}

impl Applicability {
    pub fn applies(&self, t: Target) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&t.kind))
            && (self.groups.is_empty() || self.groups.contains(&t.group))
            && (self.sets.is_empty() || self.sets.contains(&t.set))
            && !self.except_groups.contains(&t.group)
            && !self.except_sets.contains(&t.set)
            && self.min_stars.is_none_or(|m| t.stars >= m)
    }
}

/// The items a product needs, in rule order.
pub fn required_items(rules: &RuleSet, target: Target) -> Vec<&ItemRule> {
    rules.items.iter().filter(|i| i.applies.applies(target)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(group: u8, set: u8, kind: EvaluationKind) -> Target {
        Target { group, set, kind, stars: 3 }
    }

    #[test]
    fn empty_lists_mean_everything() {
        let a = Applicability::default();
        assert!(a.applies(t(1, 1, EvaluationKind::First)));
        assert!(a.applies(t(6, 26, EvaluationKind::Reevaluation)));
    }

    #[test]
    fn min_stars_follow_the_target() {
        let a = Applicability { min_stars: Some(4), ..Default::default() };
        assert!(!a.applies(t(1, 1, EvaluationKind::First)));
        assert!(a.applies(Target { stars: 4, ..t(1, 1, EvaluationKind::First) }));
    }

    #[test]
    fn exceptions_and_kinds_restrict() {
        let a = Applicability {
            kinds: vec![EvaluationKind::Reevaluation],
            except_groups: vec![4, 6],
            ..Default::default()
        };
        assert!(a.applies(t(1, 4, EvaluationKind::Reevaluation)));
        assert!(!a.applies(t(1, 4, EvaluationKind::First)));
        assert!(!a.applies(t(6, 26, EvaluationKind::Reevaluation)));
    }
}
