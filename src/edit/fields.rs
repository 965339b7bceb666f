//! Values typed on the command line for a field (`crate::fields` says which fields
//! there are and what they hold): dates as `2026-11-20` or `20/11/2026`, numbers with a
//! decimal comma, keys of a choice with a did-you-mean.

pub use crate::fields::{Field, FieldType};
use chrono::{Datelike, NaiveDate};
use toml_edit::Value;

use FieldType::{Bool, Choice, Date, Float, Integer, Text};

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
        Bool => match crate::text::fold(t).as_str() {
            "true" | "yes" | "co" | "1" => Ok(Value::from(true)),
            "false" | "no" | "khong" | "0" => Ok(Value::from(false)),
            _ => Err(BadValue::NotAChoice(None)),
        },
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

#[cfg(test)]
mod tests {
    use super::*;

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
            parse_value(Choice(crate::model::ProducerKind::KEYS), "cooprative").err(),
            Some(BadValue::NotAChoice(Some("cooperative")))
        );
        assert_eq!(parse_value(Bool, "có").expect("bool").as_bool(), Some(true));
    }
}
