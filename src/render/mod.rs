//! Renderers: each turns computed data into text for one output format, writing to a
//! `&mut dyn Write`. Nothing else in the library writes output.

pub mod diagnostics;
pub mod due;
pub mod edit;
pub mod import;
pub mod labels;
pub mod report;
pub mod rules;
pub mod show;
pub mod status;

/// How output should look.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub lang: crate::i18n::Lang,
    /// ANSI colour and table borders for a terminal.
    pub color: bool,
}

/// ANSI helpers that vanish when colour is off.
pub(crate) fn paint(on: bool, code: &str, text: &str) -> String {
    if on { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
}
