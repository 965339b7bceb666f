//! `ocop export`: the tree as a province list (CSV or Excel), personal data redacted
//! unless `--no-redact`.

use super::{Env, Options, Outcome, warn_if_problems};
use crate::error::UserError;
use crate::export::{ExportOptions, ListState, rows};
use crate::i18n::{LocalText, fmt};
use crate::render::export as render;
use crate::tree::Tree;
use anyhow::Result;
use std::io::Write;
use std::path::PathBuf;

/// Write the tree as a province OCOP list: STT, product, producer, legal form, address,
/// set, group, stars, score, decision, its date, expiry, state, issuing body and
/// revocation, one row per certified product, under the headers `ocop import` reads, so
/// the list imports back. Phone numbers, e-mails, personal ID numbers and household
/// representatives' names are replaced by a mark unless --no-redact.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write to this file (.csv or .xlsx) instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format (default: from the -o file's extension; without -o, csv; `table`
    /// shows the list in the terminal).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Also list products without a certificate (state "in progress") and producers
    /// without products.
    #[arg(long)]
    pub include_uncertified: bool,
    /// Only rows in this state (repeat or separate with commas).
    #[arg(long, value_delimiter = ',', value_parser = super::values::keys(ListState::KEYS))]
    pub state: Vec<String>,
    /// Redact personal data (the default for export).
    #[arg(long, overrides_with = "no_redact")]
    pub redact: bool,
    /// Keep personal data in the list (phone numbers, e-mails, ID numbers, household
    /// representatives): for the office's own use, not for publication.
    #[arg(long)]
    pub no_redact: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: the list as a table in the terminal.
    Table,
    Csv,
    Xlsx,
}

/// The file extensions `-o` understands, and the format each one means.
const EXTENSIONS: [(&str, Format); 2] = [("csv", Format::Csv), ("xlsx", Format::Xlsx)];

/// `--format`, else the `-o` file's extension, else CSV (see `values::output_format`).
fn format(args: &Args) -> Result<Format> {
    super::values::output_format(args.format, args.output.as_deref(), &EXTENSIONS, Format::Csv)
}

pub(super) fn run(args: &Args, opts: &Options, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let format = format(args)?;
    if format == Format::Xlsx && args.output.is_none() && env.stdout_is_terminal {
        return Err(UserError::usage("report.binary_to_terminal", &[]).into());
    }
    let options = ExportOptions {
        include_uncertified: args.include_uncertified,
        states: args.state.iter().filter_map(|s| ListState::from_key(s)).collect(),
    };
    if let Some(mut p) = opts.province(crate::province::Depth::Records)? {
        let style = opts.province_style(&p);
        if !args.no_redact {
            crate::redact::province(&mut p, style.lang);
        }
        super::warn_province(&p, style, err)?;
        let list = crate::export::province_rows(&p, opts.today, &options);
        return write(args, env, &list, &p.catalog, &p.name(), style, format, opts.today, out, err);
    }
    let mut tree = opts.open_to_count()?;
    let style = opts.style(Some(&tree.catalog));
    let lang = style.lang;
    warn_if_problems(&tree.diagnostics, lang, err)?;
    if !args.no_redact {
        crate::redact::tree(&mut tree, lang);
    }
    let Tree { catalog, .. } = &tree;
    let list = rows(catalog, opts.today, &options);
    let place = catalog.commune.as_ref().map(|c| c.value.name.clone()).unwrap_or_default();
    write(args, env, &list, catalog, &place, style, format, opts.today, out, err)
}

/// Draws `list` in `format`, to `-o` or standard output; `place` names the commune or
/// province in the workbook's title.
#[allow(clippy::too_many_arguments)]
fn write(
    args: &Args,
    env: &Env,
    list: &[crate::export::ListRow],
    catalog: &crate::load::Catalog,
    place: &str,
    style: crate::render::Style,
    format: Format,
    today: chrono::NaiveDate,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let lang = style.lang;
    let mut buf: Vec<u8> = Vec::new();
    let target: &mut dyn Write = if args.output.is_some() { &mut buf } else { out };
    match format {
        Format::Table => render::table(target, list, &catalog.rules, style)?,
        Format::Csv => render::csv(target, list, &catalog.rules, lang)?,
        Format::Xlsx => {
            let title = fmt(lang, "export.title", &[("place", &LocalText::plain(place.to_string()))]);
            render::xlsx(target, list, &catalog.rules, lang, &title, today)?;
        }
    }
    if let Some(path) = &args.output {
        let path = if path.is_absolute() { path.clone() } else { env.current_dir.join(path) };
        crate::edit::write::write_output(&path, &buf).map_err(|e| super::records::write_error(e, &path))?;
        let msg = fmt(
            lang,
            "export.written",
            &[("rows", &list.len().to_string().into()), ("path", &LocalText::plain(path.display().to_string()))],
        );
        writeln!(err, "{}", crate::safe::terminal(&msg))?;
    }
    super::warn_missing_holidays(&catalog.rules, style, err)?;
    Ok(Outcome::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(format: Option<Format>, output: Option<&str>) -> Args {
        Args {
            output: output.map(PathBuf::from),
            format,
            include_uncertified: false,
            state: Vec::new(),
            redact: false,
            no_redact: false,
        }
    }

    #[test]
    fn the_format_follows_the_flag_or_the_extension() {
        let ok = |f, o| format(&args(f, o)).ok();
        assert_eq!(ok(None, None), Some(Format::Csv));
        assert_eq!(ok(None, Some("ds.XLSX")), Some(Format::Xlsx));
        assert_eq!(ok(Some(Format::Csv), Some("ds.txt")), Some(Format::Csv));
        assert_eq!(ok(Some(Format::Csv), Some("ds.xlsx")), None);
        assert_eq!(ok(None, Some("ds.pdf")), None);
    }
}
