//! The fields `ocop set` may change, with their types, and the parsing of values typed
//! on the command line (dates as `2026-11-20` or `20/11/2026`).

use crate::model::{EvaluationKind, ItemStatus, ProducerKind, Stage};
use chrono::{Datelike, NaiveDate};
use toml_edit::Value;

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Integer,
    Float,
    Date,
    /// One of a fixed set of keys.
    Choice(&'static [&'static str]),
}

/// A field of a record, by its dotted path (`phone`, `certificate.stars`).
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub ty: FieldType,
}

const fn f(name: &'static str, ty: FieldType) -> FieldSpec {
    FieldSpec { name, ty }
}

pub const PRODUCER_KINDS: &[&str] = &[
    "cooperative",
    "cooperative_group",
    "enterprise",
    "farm",
    "registered_household",
    "association",
    "unregistered_household",
];
pub const EVALUATION_KINDS: &[&str] = &["first", "upgrade", "reevaluation"];
pub const ITEM_STATUSES: &[&str] = &["missing", "in_progress", "done", "not_applicable"];
pub const STAGES: &[&str] = &["preparing", "submitted", "screened", "sent_to_province", "rated", "returned"];

use FieldType::{Choice, Date, Float, Integer, Text};

pub const PRODUCER_FIELDS: &[FieldSpec] = &[
    f("name", Text),
    f("kind", Choice(PRODUCER_KINDS)),
    f("registration_code", Text),
    f("representative", Text),
    f("hamlet", Text),
    f("address", Text),
    f("phone", Text),
    f("email", Text),
    f("note", Text),
];

pub const PRODUCT_FIELDS: &[FieldSpec] = &[
    f("name", Text),
    f("producer", Text),
    f("set", Integer),
    f("evaluation", Choice(EVALUATION_KINDS)),
    f("code", Text),
    f("barcode", Text),
    f("target_stars", Integer),
    f("rule_set", Text),
    f("note", Text),
    f("certificate.stars", Integer),
    f("certificate.decision", Text),
    f("certificate.issued_by", Text),
    f("certificate.issued", Date),
    f("certificate.legal_basis", Text),
    f("certificate.expires", Date),
    f("certificate.score", Float),
];

/// The field called `name` among `fields`.
pub fn find(fields: &'static [FieldSpec], name: &str) -> Option<&'static FieldSpec> {
    fields.iter().find(|s| s.name == name)
}

/// Why a typed value was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadValue {
    NotInteger,
    NotNumber,
    NotDate,
    /// Not one of the choices; the closest one, if any.
    NotAChoice(Option<&'static str>),
}

/// A date typed by a person: ISO `2026-11-20` or Vietnamese `20/11/2026`.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y")).ok()
}

/// A TOML date value (unquoted in the file).
pub fn date_value(d: NaiveDate) -> Value {
    let date = toml_edit::Date { year: d.year() as u16, month: d.month() as u8, day: d.day() as u8 };
    Value::from(toml_edit::Datetime { date: Some(date), time: None, offset: None })
}

/// `raw` as a value of type `ty`.
pub fn parse_value(ty: FieldType, raw: &str) -> Result<Value, BadValue> {
    let t = raw.trim();
    match ty {
        Text => Ok(Value::from(crate::text::nfc(raw))),
        Integer => t.parse::<i64>().map(Value::from).map_err(|_| BadValue::NotInteger),
        Float => t.replace(',', ".").parse::<f64>().map(Value::from).map_err(|_| BadValue::NotNumber),
        Date => parse_date(t).map(date_value).ok_or(BadValue::NotDate),
        Choice(keys) => choice(keys, t).map(Value::from),
    }
}

/// One of `keys`, or the closest one as a suggestion.
pub fn choice(keys: &'static [&'static str], raw: &str) -> Result<&'static str, BadValue> {
    keys.iter()
        .copied()
        .find(|k| *k == raw)
        .ok_or_else(|| BadValue::NotAChoice(crate::text::did_you_mean(raw, keys.iter().copied())))
}

/// Keeps the key lists above in step with the model's enums.
pub fn model_keys() -> [(Vec<&'static str>, &'static [&'static str]); 4] {
    [
        (ProducerKind::ALL.iter().map(|k| k.key()).collect(), PRODUCER_KINDS),
        (EvaluationKind::ALL.iter().map(|k| k.key()).collect(), EVALUATION_KINDS),
        (
            [ItemStatus::Missing, ItemStatus::InProgress, ItemStatus::Done, ItemStatus::NotApplicable]
                .iter()
                .map(|k| k.key())
                .collect(),
            ITEM_STATUSES,
        ),
        (Stage::ALL.iter().map(|k| k.key()).collect(), STAGES),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lists_match_the_model() {
        for (model, here) in model_keys() {
            assert_eq!(model, here);
        }
    }

    #[test]
    fn dates_in_both_spellings() {
        assert_eq!(parse_date("2026-11-20"), parse_date("20/11/2026"));
        assert!(parse_date("2026-02-30").is_none());
        assert_eq!(date_value(parse_date("2026-11-20").expect("date")).to_string(), "2026-11-20");
    }

    #[test]
    fn typed_values() {
        assert_eq!(parse_value(Integer, " 4 ").expect("int").as_integer(), Some(4));
        assert_eq!(parse_value(Float, "82,5").expect("float").as_float(), Some(82.5));
        assert_eq!(parse_value(Integer, "bốn").err(), Some(BadValue::NotInteger));
        assert_eq!(
            parse_value(Choice(PRODUCER_KINDS), "cooprative").err(),
            Some(BadValue::NotAChoice(Some("cooperative")))
        );
        assert!(find(PRODUCT_FIELDS, "certificate.stars").is_some());
        assert!(find(PRODUCER_FIELDS, "stars").is_none());
    }
}
