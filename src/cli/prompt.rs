//! Asking on a terminal for the fields a command was not given (`new`, `plan … add`,
//! `init`): one field at a time, its choices or bounds in the question, the answer
//! checked as the flag's value would be, and asked again with the reason when wrong.

use crate::edit::fields::{self, Field as FieldDef, FieldType};
use crate::error::UserError;
use crate::i18n::{Lang, tr};
use anyhow::{Context, Result};
use std::io::{BufRead, Write};

/// A field to fill: the model's field and the value given or answered.
pub(super) struct Field {
    pub(super) def: &'static FieldDef,
    pub(super) value: Option<String>,
}

impl Field {
    fn choices(&self) -> &'static [&'static str] {
        match self.def.ty {
            FieldType::Choice(keys) => keys,
            _ => &[],
        }
    }

    /// The value as the file writes it (a list for a `many` field, from the values
    /// separated by commas), None when none was given; a value of the wrong type or out
    /// of the field's bounds is a usage error naming what was expected.
    pub(super) fn typed(&self, lang: Lang) -> Result<Option<toml_edit::Value>, UserError> {
        let Some(v) = self.value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else { return Ok(None) };
        if !self.def.many {
            return Ok(Some(self.one(v, lang)?));
        }
        let mut list = toml_edit::Array::new();
        for part in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            list.push(self.one(part, lang)?);
        }
        Ok(Some(toml_edit::Value::Array(list)))
    }

    /// One value of the field, or why it is not one.
    fn one(&self, v: &str, lang: Lang) -> Result<toml_edit::Value, UserError> {
        let (min, max) = (self.def.min, self.def.max);
        let value = fields::parse_value(self.def.ty, v).ok().filter(|value| match value.as_integer() {
            Some(n) => min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m),
            None => true,
        });
        value.ok_or_else(|| {
            let expected = match (self.def.ty, min, max) {
                (FieldType::Integer, Some(min), Some(max)) => {
                    let (min, max) = (min.to_string().into(), max.to_string().into());
                    crate::i18n::fmt(lang, "editing.expected.range", &[("min", &min), ("max", &max)])
                }
                (FieldType::Integer, ..) => tr(lang, "editing.expected.integer").to_string(),
                (FieldType::Float, ..) => tr(lang, "editing.expected.number").to_string(),
                (FieldType::Date, ..) => tr(lang, "editing.expected.date").to_string(),
                _ => self.choices().join(", "),
            };
            UserError::usage(
                "editing.bad_value",
                &[("field", &self.def.path.as_str().into()), ("value", &v.into()), ("expected", &expected.into())],
            )
        })
    }
}

/// What an empty answer does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Empty {
    /// Skips an optional field; a required one is asked again.
    SkipsOptional,
    /// Skips any field, which keeps the template's value (`init`).
    KeepsTemplate,
}

/// Asks on `err` for every field without a value, reading answers from `input`. A
/// choice may be typed as the files' key or in Vietnamese (`HTX`, `hộ kinh doanh`), and
/// the file gets the key. A wrong answer is told why (the message a wrong flag gets)
/// and asked again; `empty` says what an empty answer does.
pub(super) fn ask(
    fields: &mut [Field],
    empty: Empty,
    lang: Lang,
    input: &mut dyn BufRead,
    err: &mut dyn Write,
) -> Result<()> {
    for f in fields.iter_mut().filter(|f| f.value.is_none()) {
        let label = crate::render::labels::field(lang, f.def);
        let skippable = empty == Empty::KeepsTemplate || !f.def.required;
        let choices = match (f.choices(), f.def.min, f.def.max) {
            ([], Some(min), Some(max)) => format!(" ({min}-{max})"),
            ([], ..) => String::new(),
            (keys, ..) => format!(" [{}]", keys.join(", ")),
        };
        let optional = if skippable { tr(lang, "editing.new.optional") } else { "" };
        loop {
            write!(err, "{label}{choices}{optional}: ")?;
            err.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line).context("stdin")? == 0 {
                return Err(UserError::usage("editing.new.eof", &[]).into());
            }
            let answer = super::values::resolve(f.choices(), line.trim()).unwrap_or(line.trim());
            if answer.is_empty() {
                if skippable {
                    break;
                }
                continue;
            }
            let given = Field { def: f.def, value: Some(answer.to_string()) };
            match given.typed(lang) {
                Ok(_) => {
                    f.value = given.value;
                    break;
                }
                Err(e) => writeln!(err, "{}", crate::safe::terminal(&e.message(lang)))?,
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::RecordKind;
    use crate::fields::Kind;

    #[test]
    fn asks_until_required_fields_are_answered() {
        let def = |path: &str| RecordKind::Producer.field(path).expect("a producer field");
        let mut fields = vec![
            Field { def: def("name"), value: None },
            Field { def: def("kind"), value: None },
            Field { def: def("phone"), value: None },
            Field { def: def("email"), value: Some("a@b.vn".into()) },
        ];
        let mut input = std::io::Cursor::new("\nHTX Đồng Tâm\ncooprative\nHTX\n\n");
        let mut err = Vec::new();
        ask(&mut fields, Empty::SkipsOptional, Lang::Vi, &mut input, &mut err).expect("answered");
        let values: Vec<_> = fields.iter().map(|f| f.value.as_deref()).collect();
        assert_eq!(values, [Some("HTX Đồng Tâm"), Some("cooperative"), None, Some("a@b.vn")]);
        let asked = String::from_utf8(err).expect("utf-8");
        assert_eq!(asked.matches("Tên").count(), 2, "{asked}");
        assert!(asked.contains("giá trị `cooprative` của `kind` không hợp lệ: cần"), "told why: {asked}");
        let mut eof = std::io::Cursor::new("");
        let mut name = [Field { def: def("name"), value: None }];
        assert!(ask(&mut name, Empty::SkipsOptional, Lang::Vi, &mut eof, &mut Vec::new()).is_err());
    }

    #[test]
    fn a_number_out_of_its_bounds_is_told_and_asked_again() {
        let year = crate::fields::find(Kind::Commune, "year").expect("the commune's year");
        let mut fields = [Field { def: year, value: None }];
        let mut input = std::io::Cursor::new("hai\n3026\n2027\n");
        let mut err = Vec::new();
        ask(&mut fields, Empty::KeepsTemplate, Lang::En, &mut input, &mut err).expect("answered");
        assert_eq!(fields[0].value.as_deref(), Some("2027"));
        let asked = String::from_utf8(err).expect("utf-8");
        assert!(asked.contains("(1900-2199)"), "the bounds are in the question: {asked}");
        assert!(asked.contains("invalid value `hai` for `year`: expected a whole number from 1900 to 2199"), "{asked}");
        assert!(asked.contains("invalid value `3026` for `year`"), "{asked}");
    }
}
