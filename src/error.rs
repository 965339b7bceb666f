//! `UserError`: a failure the user must act on (a usage, configuration or I/O problem),
//! carried as data — its catalogue key, its arguments, an optional suffix (a hint such
//! as "did you mean …") and its exit code — and rendered once, in `cli::main`, in the
//! language the command settled on. Code below the CLI returns it; nothing formats a
//! message early.

use crate::i18n::{Lang, LocalText, fmt};
use std::fmt as sfmt;

/// A failure with a message from the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserError {
    /// Catalogue key of the message.
    pub key: &'static str,
    /// Values for the message's placeholders, in both languages.
    pub args: Vec<(&'static str, LocalText)>,
    /// Text put right after the message (a hint), itself from the catalogue.
    pub suffix: Option<Box<UserError>>,
    /// Text put before the message, e.g. the flag it is about (`--today: `).
    pub prefix: Option<String>,
    /// The process's exit code: 2 for usage, configuration and I/O.
    pub exit: u8,
}

impl UserError {
    /// A usage, configuration or I/O failure (exit 2).
    pub fn usage(key: &'static str, args: &[(&'static str, &LocalText)]) -> UserError {
        UserError {
            key,
            args: args.iter().map(|(k, v)| (*k, (*v).clone())).collect(),
            suffix: None,
            prefix: None,
            exit: 2,
        }
    }

    /// Adds a hint after the message.
    pub fn with_suffix(mut self, suffix: Option<UserError>) -> UserError {
        self.suffix = suffix.map(Box::new);
        self
    }

    /// Puts `prefix` before the message (a flag's name, a file's path).
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> UserError {
        self.prefix = Some(prefix.into());
        self
    }

    /// The whole message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let args: Vec<(&str, &LocalText)> = self.args.iter().map(|(k, v)| (*k, v)).collect();
        let mut text = self.prefix.clone().unwrap_or_default();
        text.push_str(&fmt(lang, self.key, &args));
        if let Some(s) = &self.suffix {
            text.push_str(&s.message(lang));
        }
        text
    }

    pub fn exit_code(&self) -> u8 {
        self.exit
    }

    /// Every catalogue key this error uses (for tests).
    pub fn keys(&self) -> Vec<&'static str> {
        let mut keys = vec![self.key];
        if let Some(s) = &self.suffix {
            keys.extend(s.keys());
        }
        keys
    }
}

/// Vietnamese, the default language, for places that print an error without knowing
/// the command's language (they should not exist; `cli::main` renders in the right one).
impl sfmt::Display for UserError {
    fn fmt(&self, f: &mut sfmt::Formatter<'_>) -> sfmt::Result {
        f.write_str(&self.message(Lang::Vi))
    }
}

impl std::error::Error for UserError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_in_either_language_with_its_hint() {
        let e = UserError::usage("show.not_found", &[("name", &"x".into())])
            .with_suffix(Some(UserError::usage("show.did_you_mean", &[("name", &"y".into())])));
        assert_eq!(e.message(Lang::En), "no product or producer `x`; did you mean `y`?");
        assert!(e.message(Lang::Vi).starts_with("không tìm thấy"));
        assert_eq!(e.keys(), ["show.not_found", "show.did_you_mean"]);
        assert_eq!(e.exit_code(), 2);
    }
}
