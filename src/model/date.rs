//! `Date`: a calendar date read from a TOML date value.
//!
//! `toml` cannot deserialize an unquoted TOML date straight into `chrono::NaiveDate`
//! (toml-rs issue 390), so dates go through `toml::value::Datetime`.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Marks serde errors that come from a bad date, so the loader reports them as E005.
pub const BAD_DATE_MARKER: &str = "ocop:bad-date:";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    pub fn get(self) -> NaiveDate {
        self.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl From<NaiveDate> for Date {
    fn from(d: NaiveDate) -> Self {
        Date(d)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match toml::Value::deserialize(d)? {
            toml::Value::Datetime(dt) => match (dt.date, dt.time) {
                (Some(date), None) => {
                    NaiveDate::from_ymd_opt(i32::from(date.year), u32::from(date.month), u32::from(date.day))
                        .map(Date)
                        .ok_or_else(|| D::Error::custom(format!("{BAD_DATE_MARKER}{dt}")))
                }
                _ => Err(D::Error::custom(format!("{BAD_DATE_MARKER}{dt}"))),
            },
            toml::Value::String(s) => Err(D::Error::custom(format!("{BAD_DATE_MARKER}\"{s}\""))),
            other => Err(D::Error::custom(format!("{BAD_DATE_MARKER}{other}"))),
        }
    }
}

/// In JSON Schema (for editors), a date is a string: taplo and the schema tests turn
/// TOML dates into `YYYY-MM-DD` strings.
impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A TOML date without quotes, e.g. 2026-05-10.",
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

impl From<Date> for chrono::NaiveDate {
    fn from(d: Date) -> chrono::NaiveDate {
        d.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct T {
        d: Date,
    }

    #[test]
    fn reads_unquoted_toml_dates() {
        let t: T = toml::from_str("d = 2026-05-10").expect("valid");
        assert_eq!(t.d.to_string(), "2026-05-10");
    }

    #[test]
    fn rejects_quoted_dates_times_and_impossible_days() {
        for src in ["d = \"2026-05-10\"", "d = 2026-05-10T08:00:00", "d = 12"] {
            let err = toml::from_str::<T>(src).err().expect("must fail");
            assert!(err.message().contains(BAD_DATE_MARKER), "{src}: {}", err.message());
        }
        assert!(toml::from_str::<T>("d = 2026-02-30").is_err());
    }
}
