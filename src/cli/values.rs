//! Value parsers shared by the commands' flags: a model enum's keys, each also accepted
//! with `-` for `_` (`sent-to-province` as well as `sent_to_province`), so every flag
//! takes both spellings and `--help` lists the one the files use.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

/// A parser for one of `keys` (a model enum's `KEYS`); it yields the key as written in
/// files.
pub(super) fn keys(keys: &'static [&'static str]) -> impl TypedValueParser<Value = String> {
    PossibleValuesParser::new(keys.iter().map(|k| {
        let value = PossibleValue::new(*k);
        if k.contains('_') { value.alias(k.replace('_', "-")) } else { value }
    }))
    .map(move |given| {
        keys.iter().find(|k| k.replace('_', "-") == given.replace('_', "-")).map_or(given, |k| k.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stage;

    #[test]
    fn both_spellings_give_the_files_key() {
        let cmd = clap::Command::new("t");
        let parse = |s: &str| keys(Stage::KEYS).parse_ref(&cmd, None, std::ffi::OsStr::new(s));
        assert_eq!(parse("sent-to-province").expect("kebab"), "sent_to_province");
        assert_eq!(parse("sent_to_province").expect("snake"), "sent_to_province");
        assert!(parse("sent").is_err());
    }
}
