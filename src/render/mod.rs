//! Renderers: each turns computed data into text for one output format, writing to a
//! `&mut dyn Write`. Nothing else in the library writes output.

pub mod diagnostics;
pub mod diff;
pub mod due;
pub mod edit;
pub mod export;
pub mod import;
pub mod labels;
pub mod plan;
pub mod report;
pub mod review;
pub mod rules;
pub mod show;
pub mod status;

/// How output should look.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub lang: crate::i18n::Lang,
    /// ANSI colour and table borders for a terminal.
    pub color: bool,
    /// Columns available, when known (a terminal, or `$COLUMNS`): tables fit into it.
    pub width: Option<u16>,
}

/// A table drawn for `style`: box borders with colour, Markdown-like pipes without; fitted
/// to the width when one is known, never wrapped when writing to a file or pipe.
pub(crate) fn table(style: Style) -> comfy_table::Table {
    use comfy_table::{ContentArrangement, presets};
    let mut t = comfy_table::Table::new();
    t.load_preset(if style.color { presets::UTF8_FULL_CONDENSED } else { presets::ASCII_MARKDOWN });
    match style.width {
        Some(w) => {
            t.set_width(w);
            t.set_content_arrangement(ContentArrangement::Dynamic);
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    t
}

/// The width of a table laid out without wrapping.
pub(crate) fn natural_width(t: &comfy_table::Table) -> usize {
    let mut t = t.clone();
    t.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
    t.lines().next().map_or(0, |l| l.chars().count())
}

/// ANSI helpers that vanish when colour is off. The text is escaped for the terminal
/// (`safe::terminal`): only the colour codes added here reach it as codes.
pub(crate) fn paint(on: bool, code: &str, text: &str) -> String {
    let text = crate::safe::terminal(text);
    if on { format!("\x1b[{code}m{text}\x1b[0m") } else { text.into_owned() }
}

/// A table cell for the terminal: the text escaped by `safe::terminal`, so a newline in
/// a name never splits a row and no control reaches the terminal.
pub(crate) fn cell(text: &str) -> comfy_table::Cell {
    comfy_table::Cell::new(crate::safe::terminal(text))
}

/// Terminal-safe cells for a whole row.
pub(crate) fn cells<S: AsRef<str>>(row: impl IntoIterator<Item = S>) -> Vec<comfy_table::Cell> {
    row.into_iter().map(|s| cell(s.as_ref())).collect()
}

/// Writes one CSV record with every field neutralised by `safe::csv`.
pub(crate) fn csv_record<W: std::io::Write, S: AsRef<str>>(
    w: &mut csv::Writer<W>,
    fields: impl IntoIterator<Item = S>,
) -> csv::Result<()> {
    w.write_record(fields.into_iter().map(|f| crate::safe::csv(f.as_ref()).into_owned()))
}
