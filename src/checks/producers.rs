//! Checks on producers: registration/tax code and eligibility.

use super::Ctx;
use crate::codes::{TaxCodeError, check_tax_code};
use crate::diag::{Code, Diagnostic};
use crate::i18n::LocalText;
use crate::path;

/// E012: the registration/tax code has a valid shape and check digit.
pub fn registration_code(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.catalog.producers.values() {
        let Some(code) = rec.value.registration_code.as_deref().filter(|c| !c.trim().is_empty()) else { continue };
        if let Err(e) = check_tax_code(code) {
            let detail = match e {
                TaxCodeError::Shape => LocalText::key("detail.tax_shape", &[]),
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
pub fn eligible(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.catalog.producers.values() {
        if !rec.value.kind.is_eligible() {
            out.push(
                Diagnostic::new(Code::IneligibleProducer, rec.source.path.clone())
                    .at(rec.source.locate(&path!["kind"]))
                    .arg("producer", rec.id.to_string()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{PRODUCER, catalog, codes, today};

    fn run(f: fn(&Ctx<'_>, &mut Vec<Diagnostic>), producer: &str) -> Vec<Code> {
        let c = catalog(&[("p", producer)], &[]);
        let mut out = Vec::new();
        f(&Ctx { catalog: &c, today: today() }, &mut out);
        codes(&out)
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
}
