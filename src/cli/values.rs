//! Value parsers shared by the commands' flags: a model enum's keys, each also accepted
//! with `-` for `_` (`sent-to-province` as well as `sent_to_province`), and in Vietnamese:
//! the catalogue's name of the value (`đã nộp xã`, `da-nop-xa`) and the usual short forms
//! (`xong`, `da-nop`, `HTX`, `hộ kinh doanh`), ignoring case and diacritics. `--help`
//! lists the keys the files use.

use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::{ContextKind, ContextValue, ErrorKind};

pub(super) use crate::spelling::resolve;
#[cfg(test)]
use crate::spelling::{ALIASES, spellings};

/// The format of a command's output: `asked` (`--format`), else the format `extensions`
/// give the `-o` file's extension, else `default` when there is no file. A file whose
/// extension names no format needs `--format`, and `--format` may not contradict the
/// extension, so an output is never written in a format its name belies. Shared by
/// `report` and `export`.
pub(super) fn output_format<F: Copy + Eq + clap::ValueEnum>(
    asked: Option<F>,
    path: Option<&std::path::Path>,
    extensions: &[(&str, F)],
    default: F,
) -> anyhow::Result<F> {
    use crate::error::UserError;
    let Some(path) = path else { return Ok(asked.unwrap_or(default)) };
    let name = |f: F| f.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default();
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let named = ext.and_then(|ext| extensions.iter().find(|(e, _)| *e == ext).map(|(_, f)| *f));
    let shown = crate::i18n::LocalText::plain(path.display().to_string());
    match (asked, named) {
        (Some(asked), Some(named)) if asked != named => Err(UserError::usage(
            "report.format_contradicts_extension",
            &[("format", &name(asked).into()), ("path", &shown), ("named", &name(named).into())],
        )
        .into()),
        (Some(asked), _) => Ok(asked),
        (None, Some(named)) => Ok(named),
        (None, None) => {
            let known: Vec<String> = extensions.iter().map(|(e, _)| format!(".{e}")).collect();
            Err(UserError::usage(
                "report.unknown_extension",
                &[("path", &shown), ("extensions", &known.join(", ").into())],
            )
            .into())
        }
    }
}

/// A parser for one of `keys` (a model enum's `KEYS`); it yields the key as written in
/// files.
pub(super) fn keys(keys: &'static [&'static str]) -> Keys {
    Keys { keys }
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Keys {
    keys: &'static [&'static str],
}

impl TypedValueParser for Keys {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        let given = value.to_string_lossy();
        if let Some(key) = resolve(self.keys, &given) {
            return Ok(key.to_string());
        }
        let mut err = clap::Error::new(ErrorKind::InvalidValue).with_cmd(cmd);
        if let Some(arg) = arg {
            err.insert(ContextKind::InvalidArg, ContextValue::String(arg.to_string()));
        }
        err.insert(ContextKind::InvalidValue, ContextValue::String(given.into_owned()));
        err.insert(ContextKind::ValidValue, ContextValue::Strings(self.keys.iter().map(|k| k.to_string()).collect()));
        Err(err)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.keys.iter().map(|k| PossibleValue::new(*k))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ItemStatus, ProducerKind, Stage};

    fn parse(keys: &'static [&'static str], s: &str) -> Result<String, clap::Error> {
        let cmd = clap::Command::new("t");
        super::keys(keys).parse_ref(&cmd, None, std::ffi::OsStr::new(s))
    }

    #[test]
    fn both_spellings_give_the_files_key() {
        assert_eq!(parse(Stage::KEYS, "sent-to-province").expect("kebab"), "sent_to_province");
        assert_eq!(parse(Stage::KEYS, "sent_to_province").expect("snake"), "sent_to_province");
        assert!(parse(Stage::KEYS, "sent").is_err());
    }

    #[test]
    fn vietnamese_spellings_give_the_files_key() {
        assert_eq!(parse(Stage::KEYS, "da-nop").expect("short"), "submitted");
        assert_eq!(parse(Stage::KEYS, "Đã nộp xã").expect("catalogue"), "submitted");
        assert_eq!(parse(Stage::KEYS, "gui-tinh").expect("short"), "sent_to_province");
        assert_eq!(parse(ItemStatus::KEYS, "xong").expect("short"), "done");
        assert_eq!(parse(ItemStatus::KEYS, "đang làm").expect("catalogue"), "in_progress");
        assert_eq!(parse(ProducerKind::KEYS, "HTX").expect("abbreviation"), "cooperative");
        assert_eq!(parse(ProducerKind::KEYS, "tht").expect("abbreviation"), "cooperative_group");
        assert_eq!(parse(ProducerKind::KEYS, "DN").expect("abbreviation"), "enterprise");
        assert_eq!(parse(ProducerKind::KEYS, "hộ kinh doanh").expect("words"), "registered_household");
        assert_eq!(parse(ProducerKind::KEYS, "Hợp tác xã").expect("catalogue"), "cooperative");
        // An alias of another enum's key is not accepted.
        assert!(parse(Stage::KEYS, "xong").is_err());
    }

    #[test]
    fn no_alias_spells_two_keys() {
        let all: Vec<&str> = ALIASES.iter().map(|(k, _)| *k).collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                let (sa, sb) = (spellings(a), spellings(b));
                assert!(sa.iter().all(|s| !sb.contains(s)), "{a} and {b} share a spelling");
            }
        }
    }
}
