//! Checks on producers: registration/tax code, eligibility, and one code per producer.

use super::Ctx;
use crate::codes::{TaxCodeError, check_tax_code, tax_code_digits};
use crate::diag::{Code, Diagnostic};
use crate::i18n::LocalText;
use crate::load::Record;
use crate::model::Producer;
use crate::path;
use std::collections::BTreeMap;

/// E012: the registration/tax code has a valid shape and check digit.
pub(super) fn registration_code(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.producers() {
        let Some(code) = rec.value.registration_code.as_deref().filter(|c| !c.trim().is_empty()) else { continue };
        if let Err(e) = check_tax_code(code) {
            let detail = match e {
                TaxCodeError::Shape => LocalText::key("detail.tax_shape", &[]),
                TaxCodeError::BranchZero => LocalText::key("detail.tax_branch_zero", &[]),
                TaxCodeError::CheckDigit { expected: Some(d) } => {
                    LocalText::key("detail.tax_check_digit", &[("expected", &LocalText::plain(d.to_string()))])
                }
                TaxCodeError::CheckDigit { expected: None } => LocalText::key("detail.tax_no_check_digit", &[]),
            };
            out.push(
                Diagnostic::new(Code::InvalidTaxCode, rec.source.path.clone())
                    .at(rec.source.locate(&path!["registration_code"]))
                    .arg("code", code)
                    .arg("detail", detail),
            );
        }
    }
}

/// E021: the producer's legal form may take part in OCOP.
pub(super) fn eligible(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.producers() {
        if !rec.value.kind.is_eligible() {
            out.push(
                Diagnostic::new(Code::IneligibleProducer, rec.source.path.clone())
                    .at(rec.source.locate(&path!["kind"]))
                    .arg("producer", rec.id.to_string()),
            );
        }
    }
}

/// W040: no two producers share a registration/tax code. Codes are compared by their
/// digits, so `0201234583` and `0201 234 583` are one code. Each file of a group is
/// warned, naming the others: either may be the one to correct.
pub(super) fn duplicate_registration_code(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let mut by_code: BTreeMap<String, Vec<&Record<Producer>>> = BTreeMap::new();
    for rec in ctx.producers() {
        let Some(code) = rec.value.registration_code.as_deref() else { continue };
        let digits = tax_code_digits(code);
        if !digits.is_empty() {
            by_code.entry(digits).or_default().push(rec);
        }
    }
    // Each diagnostic names at most `SHOWN` of the others and counts the rest, so
    // thousands of producers sharing one code (a careless import) cost linear time and
    // memory, not a list of every other file in every diagnostic.
    const SHOWN: usize = 3;
    for group in by_code.values().filter(|g| g.len() > 1) {
        for rec in group {
            let others = group.iter().filter(|o| o.id != rec.id);
            let named: Vec<String> =
                others.take(SHOWN).map(|o| o.source.path.to_string_lossy().replace('\\', "/")).collect();
            let rest = group.len() - 1 - named.len();
            let mut other = LocalText::plain(named.join(", "));
            if rest > 0 {
                let n = LocalText::plain(rest.to_string());
                other = LocalText::key("detail.and_more", &[("list", &other), ("n", &n)]);
            }
            out.push(
                Diagnostic::new(Code::DuplicateRegistrationCode, rec.source.path.clone())
                    .at(rec.source.locate(&path!["registration_code"]))
                    .arg("code", rec.value.registration_code.clone().unwrap_or_default())
                    .arg("other", other),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{PRODUCER, catalog, codes, today};
    use crate::i18n::Lang;

    fn run(f: fn(&Ctx<'_>, &mut Vec<Diagnostic>), producer: &str) -> Vec<Code> {
        let c = catalog(&[("p", producer)], &[]);
        let mut out = Vec::new();
        f(&Ctx::new(&c, today()), &mut out);
        codes(&out)
    }

    #[test]
    fn many_producers_sharing_a_code_name_a_few_others_each() {
        let producers: Vec<(String, String)> = (0..10).map(|i| (format!("p{i}"), PRODUCER.to_string())).collect();
        let refs: Vec<(&str, &str)> = producers.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let c = catalog(&refs, &[]);
        let mut out = Vec::new();
        duplicate_registration_code(&Ctx::new(&c, today()), &mut out);
        assert_eq!(out.len(), 10);
        let message = out[0].message(Lang::En);
        assert!(message.ends_with("producers/p1.toml, producers/p2.toml, producers/p3.toml and 6 more"), "{message}");
    }

    #[test]
    fn tax_codes() {
        assert!(run(registration_code, PRODUCER).is_empty());
        let bad = PRODUCER.replace("0100109106", "0100109107");
        assert_eq!(run(registration_code, &bad), [Code::InvalidTaxCode]);
        let none = "name = \"A\"\nkind = \"farm\"\n";
        assert!(run(registration_code, none).is_empty());
    }

    #[test]
    fn unregistered_households_are_not_eligible() {
        assert!(run(eligible, PRODUCER).is_empty());
        let bad = "name = \"Hộ ông B\"\nkind = \"unregistered_household\"\n";
        assert_eq!(run(eligible, bad), [Code::IneligibleProducer]);
    }

    #[test]
    fn a_registration_code_used_twice_warns_both_files() {
        let a = ("a", PRODUCER);
        let spaced = PRODUCER.replace("0100109106", "0100 109 106").replace("HTX A", "HTX B");
        let other = PRODUCER.replace("0100109106", "0201234583").replace("HTX A", "HTX C");
        let none = "name = \"D\"\nkind = \"farm\"\n";
        let c = catalog(&[a, ("b", &spaced), ("c", &other), ("d", none), ("e", none)], &[]);
        let mut out = Vec::new();
        duplicate_registration_code(&Ctx::new(&c, today()), &mut out);
        assert_eq!(codes(&out), [Code::DuplicateRegistrationCode; 2]);
        let found: Vec<_> = out.iter().map(|d| (d.path.to_string_lossy().into_owned(), d.message(Lang::En))).collect();
        assert_eq!(found[0].0, "producers/a.toml");
        assert!(found[0].1.contains("`0100109106`") && found[0].1.contains("producers/b.toml"), "{found:?}");
        assert_eq!(found[1].0, "producers/b.toml");
        assert!(found[1].1.contains("`0100 109 106`") && found[1].1.contains("producers/a.toml"), "{found:?}");
        assert_eq!(out[0].position.as_ref().map(|p| p.line), Some(3));
    }

    #[test]
    fn a_branch_is_not_its_head_office() {
        let branch = PRODUCER.replace("0100109106", "0100109106-001");
        let c = catalog(&[("a", PRODUCER), ("b", &branch)], &[]);
        let mut out = Vec::new();
        duplicate_registration_code(&Ctx::new(&c, today()), &mut out);
        assert!(out.is_empty());
    }
}
