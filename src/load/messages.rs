//! Turning the TOML parser's and serde's English messages into catalogue messages, and
//! recognising dates written the way people write them (30/02/2026) or that do not
//! exist (2026-02-30), so that they are reported as bad dates (E005), not syntax.

use crate::i18n::LocalText;
use chrono::{Datelike, NaiveDate};

/// The problem with a date-like token, if the token is meant as a date.
pub(crate) fn date_problem(token: &str) -> Option<LocalText> {
    let token = token.trim().trim_matches('"');
    let value = LocalText::plain(token);
    let numbers = |sep: char| -> Option<Vec<u32>> {
        let parts: Vec<&str> = token.split(sep).collect();
        (parts.len() == 3
            && parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit())))
        .then(|| parts.iter().filter_map(|p| p.parse().ok()).collect())
    };
    if let Some(n) = numbers('/').or_else(|| numbers('.')).filter(|n| n.len() == 3 && n[2] >= 1000) {
        let iso = LocalText::plain(format!("{:04}-{:02}-{:02}", n[2], n[1], n[0]));
        return Some(LocalText::key("detail.date_day_first", &[("value", &value), ("iso", &iso)]));
    }
    let n = numbers('-').filter(|n| n.len() == 3 && token.len() == 10)?;
    let (year, month, day) = (i32::try_from(n[0]).ok()?, n[1], n[2]);
    if NaiveDate::from_ymd_opt(year, month, day).is_some() {
        return None;
    }
    let days_in_month = (1..=12).contains(&month).then(|| {
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        };
        next.and_then(|d| d.pred_opt()).map_or(31, |d| d.day())
    });
    Some(match days_in_month {
        Some(days) => LocalText::key(
            "detail.date_no_such_day",
            &[
                ("value", &value),
                ("month", &LocalText::plain(format!("{month:02}/{year}"))),
                ("days", &LocalText::plain(days.to_string())),
            ],
        ),
        None => LocalText::key("detail.date_no_such_month", &[("value", &value)]),
    })
}

/// Rust's names for number types, as people say them: (name, English, Vietnamese).
const NUMBER_TYPES: &[(&str, &str, &str)] = &[
    ("u8", "a small whole number (0 to 255)", "số nguyên nhỏ (0 đến 255)"),
    ("u16", "a whole number (0 to 65535)", "số nguyên (0 đến 65535)"),
    ("u32", "a whole number, 0 or more", "số nguyên không âm"),
    ("u64", "a whole number, 0 or more", "số nguyên không âm"),
    ("i32", "a whole number", "số nguyên"),
    ("i64", "a whole number", "số nguyên"),
    ("f32", "a number", "số"),
    ("f64", "a number", "số"),
];

/// A serde type description in both languages ("integer `5`", "a string"), without
/// Rust's type names (`u8`, "as i128").
fn kind(s: &str) -> LocalText {
    // "integer `99999999999999999999` as i128": the value is too big for any field.
    let s = match s.rsplit_once(" as ") {
        Some((head, ty)) if ty.len() <= 4 && ty.starts_with(['i', 'u']) => head,
        _ => s,
    };
    if let Some((_, en, vi)) = NUMBER_TYPES.iter().find(|(ty, _, _)| *ty == s) {
        return LocalText { vi: vi.to_string(), en: en.to_string() };
    }
    const WORDS: &[(&str, &str)] = &[
        ("a string", "chuỗi trong ngoặc kép"),
        ("string", "chuỗi"),
        ("integer", "số nguyên"),
        ("floating point", "số thực"),
        ("boolean", "true/false"),
        ("a boolean", "true hoặc false"),
        ("a sequence", "danh sách [ … ]"),
        ("sequence", "danh sách"),
        ("a map", "bảng"),
        ("map", "bảng"),
        ("datetime", "ngày giờ"),
    ];
    let mut vi = s.to_string();
    if let Some(rest) = s.strip_prefix("struct ") {
        vi = format!("bảng ({rest})");
    } else if let Some((_, word)) = WORDS.iter().find(|(en, _)| s == *en || s.starts_with(&format!("{en} "))) {
        let en = WORDS.iter().find(|(en, _)| s == *en || s.starts_with(&format!("{en} "))).map_or("", |w| w.0);
        vi = format!("{word}{}", &s[en.len()..]);
    }
    LocalText { vi, en: s.to_string() }
}

/// The TOML parser's syntax messages the officer meets, by their English head (before
/// ", expected"), and their catalogue keys under `[toml]`.
const TOML_SYNTAX: &[(&str, &str)] = &[
    ("invalid basic string", "unterminated_string"),
    ("invalid literal string", "unterminated_literal"),
    ("invalid multi-line basic string", "unterminated_multiline"),
    ("invalid multi-line literal string", "unterminated_multiline"),
    ("key with no value", "no_value"),
    ("string values must be quoted", "unquoted_string"),
    ("invalid float", "invalid_number"),
    ("invalid integer", "invalid_number"),
    ("invalid number", "invalid_number"),
    ("`_` may only go between digits", "underscore"),
    ("invalid boolean", "invalid_boolean"),
    ("invalid date", "invalid_date"),
    ("invalid datetime", "invalid_date"),
    ("invalid time", "invalid_date"),
    ("invalid offset", "invalid_date"),
    ("duplicate key", "duplicate_key"),
    ("unclosed table", "unclosed_table"),
    ("unclosed array of tables", "unclosed_table"),
    ("unclosed array", "unclosed_array"),
    ("unclosed inline table", "unclosed_inline_table"),
    ("unexpected key or value", "extra"),
    ("unquoted keys cannot be empty", "empty_key"),
    ("missing escaped value", "bad_escape"),
    ("invalid escape sequence", "bad_escape"),
];

/// What the parser expected, in words (`newline, \`#\`` → "xuống dòng, `#`"); nothing
/// for the expectations that only confuse ("nothing", "literal string").
fn expected_words(expected: &str) -> Option<LocalText> {
    let parts: Vec<&str> =
        expected.split(", ").map(str::trim).filter(|p| !matches!(*p, "nothing" | "literal string")).collect();
    if parts.is_empty() {
        return None;
    }
    let word = |p: &str, vi: bool| match (p, vi) {
        ("newline", true) => "xuống dòng".to_string(),
        ("letters", true) => "chữ cái".to_string(),
        ("numbers", true) => "chữ số".to_string(),
        (p, _) => p.to_string(),
    };
    let join = |vi: bool| parts.iter().map(|p| word(p, vi)).collect::<Vec<_>>().join(", ");
    Some(LocalText { vi: join(true), en: join(false) })
}

/// The TOML parser's syntax message in the catalogue's words (unterminated string,
/// expected `=`, duplicate key...), with what it expected; the parser's own English for
/// a message not known here.
pub(crate) fn toml_syntax(message: &str) -> LocalText {
    let (head, expected) = match message.split_once(", expected ") {
        Some((head, expected)) => (head.trim(), Some(expected)),
        None => (message.trim(), None),
    };
    let Some((_, key)) = TOML_SYNTAX.iter().find(|(h, _)| *h == head) else { return LocalText::plain(message) };
    let mut text = LocalText::key(&format!("toml.{key}"), &[]);
    // Most messages already say what is missing; these say what may come instead.
    let open_ended = matches!(*key, "extra" | "empty_key" | "bad_escape");
    if let Some(words) = expected.filter(|_| open_ended).and_then(expected_words) {
        let more = LocalText::key("toml.expected", &[("what", &words)]);
        text.vi.push_str(&more.vi);
        text.en.push_str(&more.en);
    }
    text
}

/// A keyed value the file may not hold. The allowed keys are listed with their names in
/// the reader's language (`cooperative` (Hợp tác xã)); a value that spells one of them
/// the way the command line accepts (`sent-to-province`, `HTX`, `đã nộp xã`) is told
/// which key the file writes instead.
fn unknown_variant(value: &str, allowed: &str) -> LocalText {
    let keys: Vec<&str> = allowed.split(", ").map(|k| k.trim().trim_matches('`')).filter(|k| !k.is_empty()).collect();
    let named = |vi: bool| {
        keys.iter()
            .map(|k| match crate::spelling::name(k) {
                Some(n) => format!("`{k}` ({})", if vi { n.vi } else { n.en }),
                None => format!("`{k}`"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let allowed = LocalText { vi: named(true), en: named(false) };
    let given = value.trim_matches('`');
    match crate::spelling::resolve(&keys, given) {
        Some(key) => {
            let name = crate::spelling::name(key).unwrap_or_else(|| LocalText::plain(key));
            LocalText::key(
                "serde.unknown_variant_meant",
                &[("value", &LocalText::plain(value)), ("key", &LocalText::plain(key)), ("name", &name)],
            )
        }
        None => LocalText::key("serde.unknown_variant", &[("value", &LocalText::plain(value)), ("allowed", &allowed)]),
    }
}

/// The catalogue form of a serde message; unknown shapes pass through unchanged.
pub(crate) fn serde_message(message: &str) -> LocalText {
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((got, expected)) = rest.split_once(", expected ")
    {
        let mut text = LocalText::key("serde.invalid_type", &[("got", &kind(got)), ("expected", &kind(expected))]);
        if got.starts_with("integer") && expected.contains("string") {
            let tip = LocalText::key("serde.quote_number", &[]);
            text.vi.push_str(&tip.vi);
            text.en.push_str(&tip.en);
        }
        return text;
    }
    if let Some(rest) = message.strip_prefix("invalid value: ")
        && let Some((got, expected)) = rest.split_once(", expected ")
    {
        return LocalText::key("serde.invalid_value", &[("got", &kind(got)), ("expected", &kind(expected))]);
    }
    if let Some(rest) = message.strip_prefix("unknown variant ")
        && let Some((value, allowed)) = rest.split_once(", expected ")
    {
        return unknown_variant(value, allowed.trim_start_matches("one of "));
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return LocalText::key("serde.missing_field", &[("field", &LocalText::plain(field))]);
    }
    if let Some(field) = message.strip_prefix("duplicate field ") {
        return LocalText::key("serde.duplicate_field", &[("field", &LocalText::plain(field))]);
    }
    LocalText::plain(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_rust_type_names() {
        let m = serde_message("invalid type: integer `99999999999999999999` as i128, expected u8");
        assert!(!m.en.contains("i128") && !m.en.contains("u8") && !m.vi.contains("u8"), "{m:?}");
        assert!(m.en.contains("0 to 255") && m.vi.contains("0 đến 255"), "{m:?}");
        let m = serde_message("invalid value: integer `9223372036854775807`, expected u32");
        assert!(!m.en.contains("u32") && m.en.contains("0 or more"), "{m:?}");
    }

    #[test]
    fn day_first_dates_get_their_iso_form() {
        let p = date_problem("30/02/2026").expect("a date");
        assert!(p.en.contains("2026-02-30"), "{}", p.en);
        assert!(date_problem("5.3.2026").expect("a date").en.contains("2026-03-05"));
        assert!(date_problem("1/2/3").is_none());
        assert!(date_problem("abc").is_none());
    }

    #[test]
    fn impossible_days_and_months_are_named() {
        let p = date_problem("2026-02-30").expect("bad");
        assert!(p.vi.contains("02/2026") && p.vi.contains("28"), "{}", p.vi);
        assert!(date_problem("2024-02-29").is_none());
        assert!(date_problem("2026-13-01").expect("bad").en.contains("2026-13-01"));
    }

    #[test]
    fn serde_messages_are_translated() {
        let m = serde_message("invalid type: integer `201234583`, expected a string");
        assert!(m.vi.contains("số nguyên `201234583`") && m.vi.contains("ngoặc kép"), "{}", m.vi);
        assert!(m.en.contains("quotes"), "{}", m.en);
        let m = serde_message("unknown variant `firstt`, expected one of `first`, `upgrade`");
        assert!(m.vi.contains("`firstt`") && m.vi.contains("`first` (Lần đầu), `upgrade` (Nâng hạng)"), "{}", m.vi);
        assert!(serde_message("missing field `producer`").vi.contains("`producer`"));
        assert_eq!(serde_message("something else").vi, "something else");
    }

    #[test]
    fn the_parsers_common_syntax_messages_are_translated() {
        let vi = |m: &str| toml_syntax(m).vi;
        assert_eq!(vi("invalid basic string, expected `\"`"), "chuỗi chưa có dấu ngoặc kép đóng");
        assert_eq!(vi("key with no value, expected `=`"), "khóa chưa có giá trị (thiếu `=`)");
        assert_eq!(vi("duplicate key"), "khóa bị ghi hai lần");
        assert!(vi("invalid datetime").contains("2026-05-10"));
        assert_eq!(
            vi("unexpected key or value, expected newline, `#`"),
            "còn khóa hoặc giá trị thừa trên dòng; cần: xuống dòng, `#`"
        );
        assert_eq!(
            toml_syntax("unexpected key or value, expected newline, `#`").en,
            "extra key or value on the line; expected: newline, `#`"
        );
        // A message not known here keeps the parser's words.
        assert_eq!(vi("something new, expected `x`"), "something new, expected `x`");
    }

    #[test]
    fn a_value_spelled_like_the_command_line_is_told_the_files_key() {
        let m = serde_message("unknown variant `HTX`, expected one of `cooperative`, `enterprise`");
        assert!(m.vi.contains("tệp ghi khóa `cooperative` (Hợp tác xã)"), "{}", m.vi);
        assert!(m.en.contains("files write the key `cooperative` (Cooperative)"), "{}", m.en);
        let m = serde_message("unknown variant `sent-to-province`, expected one of `submitted`, `sent_to_province`");
        assert!(m.vi.contains("`sent_to_province`"), "{}", m.vi);
        // Anything else lists the keys with their names.
        let m = serde_message("unknown variant `xyz`, expected one of `cooperative`, `enterprise`");
        assert!(m.vi.contains("`cooperative` (Hợp tác xã), `enterprise` (Doanh nghiệp"), "{}", m.vi);
    }
}
