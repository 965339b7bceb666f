//! `ocop report`: the periodic report on the commune's OCOP plan, computed as of the
//! period's last day, in the terminal or as Markdown, HTML, CSV, JSON, Excel or Word.

use super::{Env, Options, Outcome, warn_if_problems, warn_missing_holidays};
use crate::diag::{Code, Diagnostic};
use crate::error::UserError;
use crate::i18n::{Lang, LocalText, fmt, tr};
use crate::period::{Period, Quarter};
use crate::render::report::{self as render, doc};
use crate::report::build;
use crate::tree::Tree;
use anyhow::Result;
use chrono::NaiveDate;
use std::io::Write;
use std::path::PathBuf;

/// Write the periodic report on the commune's OCOP plan: targets against what the
/// records show, each product's progress and what changed, activities and money,
/// overdue and expiring items, next quarter's milestones and missing items. Computed as
/// of the period's last day from the dates on the records, so a past period's report
/// comes out the same later.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A quarter, YYYY-QN (default: the quarter holding the reference date).
    #[arg(long, value_name = "YYYY-QN", conflicts_with_all = ["year", "from", "to"])]
    pub quarter: Option<String>,
    /// A whole year.
    #[arg(long, value_name = "YYYY", conflicts_with_all = ["from", "to"])]
    pub year: Option<i32>,
    /// First day of a custom period (with --to).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "to")]
    pub from: Option<String>,
    /// Last day of a custom period (with --from).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "from")]
    pub to: Option<String>,
    /// Output format (default: from the -o file's extension, .txt .md .html .csv .json
    /// .xlsx or .docx; without -o, the terminal layout).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The date written on the document (default: the day the figures are taken).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub dated: Option<String>,
    /// Take the figures as of this day (default: the period's last day, or the reference
    /// date when the period is not over yet).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// A draft: the parts the officer writes (reports/<period>.toml) show a placeholder
    /// while missing. Without it a Word or HTML report is final, and refused (exit 1)
    /// while a part is missing.
    #[arg(long)]
    pub draft: bool,
    /// Replace personal data (phone numbers, e-mails, ID numbers, household
    /// representatives' names) with a mark, in every format.
    #[arg(long)]
    pub redact: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: a table or page in the terminal (also accepted: `text`).
    #[value(alias = "text")]
    Table,
    Md,
    Html,
    Csv,
    Json,
    Xlsx,
    Docx,
}

/// The file extensions `-o` understands, and the format each one means.
const EXTENSIONS: [(&str, Format); 9] = [
    ("txt", Format::Table),
    ("md", Format::Md),
    ("markdown", Format::Md),
    ("html", Format::Html),
    ("htm", Format::Html),
    ("csv", Format::Csv),
    ("json", Format::Json),
    ("xlsx", Format::Xlsx),
    ("docx", Format::Docx),
];

impl Format {
    fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Docx)
    }
}

fn parse_date(option: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| UserError::usage("report.bad_date", &[("option", &option.into()), ("value", &s.into())]).into())
}

/// The period the arguments ask for.
pub(super) fn period(args: &Args, today: NaiveDate) -> Result<Period> {
    if let Some(q) = &args.quarter {
        let q = Quarter::parse(q)
            .ok_or_else(|| UserError::usage("report.bad_quarter", &[("value", &q.as_str().into())]))?;
        return Ok(Period::quarter(q));
    }
    if let Some(y) = args.year {
        return Period::year(y)
            .filter(|_| (1000..=9999).contains(&y))
            .ok_or_else(|| UserError::usage("report.bad_year", &[("value", &y.to_string().into())]).into());
    }
    if let (Some(f), Some(t)) = (&args.from, &args.to) {
        let (from, to) = (parse_date("--from", f)?, parse_date("--to", t)?);
        return Period::range(from, to).ok_or_else(|| {
            UserError::usage("report.bad_range", &[("from", &f.as_str().into()), ("to", &t.as_str().into())]).into()
        });
    }
    Ok(Period::quarter(Quarter::of(today)))
}

/// The format asked for: `--format`, else the `-o` file's extension, else the terminal
/// layout (see `values::output_format`).
fn format(args: &Args) -> Result<Format> {
    super::values::output_format(args.format, args.output.as_deref(), &EXTENSIONS, Format::Table)
}

pub(super) fn run(args: &Args, opts: &Options, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let period = period(args, opts.today)?;
    let as_of = match &args.as_of {
        Some(s) => parse_date("--as-of", s)?,
        None => opts.today,
    }
    .min(period.to);
    let dated = match &args.dated {
        Some(s) => parse_date("--dated", s)?,
        None => as_of,
    };
    let format = format(args)?;
    if format.is_binary() && args.output.is_none() && env.stdout_is_terminal {
        return Err(UserError::usage("report.binary_to_terminal", &[]).into());
    }
    if let Some(mut p) = opts.province(crate::province::Depth::Checked)? {
        let style = opts.province_style(&p);
        if args.redact {
            crate::redact::province(&mut p, style.lang);
        }
        super::warn_province(&p, style, err)?;
        let report = crate::report::build_province(&p, period, as_of, dated);
        return write(args, env, &report, &doc::Books::province(&p), style, format, out, err);
    }
    let mut tree = opts.open_to_count()?;
    if args.redact {
        let lang = opts.lang(Some(&tree.catalog));
        crate::redact::tree(&mut tree, lang);
    }
    let Tree { catalog, diagnostics: diags, programme } = tree;
    let style = opts.style(Some(&catalog));
    warn_if_problems(&diags, style.lang, err)?;
    drop(diags);
    let report = build(&catalog, &programme, period, as_of, dated);
    // The report holds what it shows: the records can go before it is laid out and
    // drawn, so the two never take memory together (at 20,000 products the records are
    // about 300 MB). Only the rules stay, for the items' names.
    drop(programme);
    let mut catalog = catalog;
    catalog.producers.clear();
    catalog.products.clear();
    write(args, env, &report, &doc::Books::one(&catalog.rules), style, format, out, err)
}

/// Lays out and draws `report` in `format`, to `-o` or standard output.
#[allow(clippy::too_many_arguments)]
fn write(
    args: &Args,
    env: &Env,
    report: &crate::report::Report,
    books: &doc::Books<'_>,
    style: crate::render::Style,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let lang = style.lang;
    if !args.draft
        && matches!(format, Format::Docx | Format::Html)
        && let Some(d) = missing_text(report)
    {
        crate::render::diagnostics::human(err, &[d], style)?;
        return Ok(Outcome::Problems);
    }
    // CSV and JSON are drawn from the report itself, not from the laid-out tables.
    let layout = || doc::layout(report, books, lang);

    let mut buf: Vec<u8> = Vec::new();
    let target: &mut dyn Write = if args.output.is_some() { &mut buf } else { out };
    let text_style =
        if args.output.is_some() { crate::render::Style { color: false, width: None, ..style } } else { style };
    match format {
        Format::Table => render::text(target, &layout(), text_style)?,
        Format::Md => render::markdown(target, &layout())?,
        Format::Html => render::html(target, &layout(), report)?,
        Format::Csv => render::csv(target, report)?,
        Format::Json => render::json(target, report)?,
        Format::Xlsx => render::xlsx(target, &layout(), report)?,
        Format::Docx => render::docx(target, &layout(), report)?,
    }
    if let Some(path) = &args.output {
        let path = if path.is_absolute() { path.clone() } else { env.current_dir.join(path) };
        crate::edit::write::write_output(&path, &buf).map_err(|e| super::records::write_error(e, &path))?;
        let msg = fmt(lang, "report.written", &[("path", &LocalText::plain(path.display().to_string()))]);
        writeln!(err, "{}", crate::safe::terminal(&msg))?;
    }
    warn_missing_holidays(books.own, style, err)?;
    Ok(Outcome::Clean)
}

/// E062 when a final report would lack a part the officer writes.
fn missing_text(report: &crate::report::Report) -> Option<Diagnostic> {
    let n = report.narrative.as_ref()?;
    let missing = n.missing();
    if missing.is_empty() {
        return None;
    }
    let names = |lang: Lang| -> String {
        missing.iter().map(|k| tr(lang, &format!("report.part_{}", k.key()))).collect::<Vec<_>>().join(", ")
    };
    let keys: Vec<String> = missing.iter().map(|k| format!("`{}`", k.key())).collect();
    Some(
        Diagnostic::new(Code::ReportTextMissing, n.file.clone())
            .arg("missing", LocalText { vi: names(Lang::Vi), en: names(Lang::En) })
            .arg("file", n.file.clone())
            .arg("keys", keys.join(", ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use std::path::Path;

    #[test]
    fn binary_formats_are_not_printed_to_a_terminal() {
        let env = Env {
            stdout_is_terminal: true,
            current_dir: "/nonexistent".into(),
            system_today: "2026-11-29".parse().expect("date"),
            ..Default::default()
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = crate::cli::main(["ocop", "report", "--format", "docx"].map(Into::into), &env, &mut out, &mut err);
        assert_eq!(code, std::process::ExitCode::from(2));
        let err = String::from_utf8(err).expect("utf-8");
        assert!(err.contains("-o"), "{err}");
        assert!(out.is_empty());
    }

    fn args(format: Option<Format>, output: Option<&str>) -> Args {
        Args {
            quarter: None,
            year: None,
            from: None,
            to: None,
            format,
            output: output.map(PathBuf::from),
            dated: None,
            as_of: None,
            draft: false,
            redact: false,
        }
    }

    #[test]
    fn the_format_is_asked_for_or_follows_a_known_extension() {
        let ok = |f, o| format(&args(f, o)).ok();
        assert_eq!(ok(None, None), Some(Format::Table));
        assert_eq!(ok(Some(Format::Md), None), Some(Format::Md));
        assert_eq!(ok(None, Some("q3.htm")), Some(Format::Html));
        assert_eq!(ok(Some(Format::Csv), Some("q3.csv")), Some(Format::Csv));
        // An extension that names no format is fine when the format is given.
        assert_eq!(ok(Some(Format::Csv), Some("q3.tsv")), Some(Format::Csv));
        assert_eq!(ok(Some(Format::Table), Some("q3")), Some(Format::Table));
    }

    #[test]
    fn a_file_name_that_belies_the_format_is_refused() {
        let err = |f, o| {
            format(&args(f, o))
                .err()
                .and_then(|e| e.downcast::<UserError>().ok())
                .map(|e| e.message(Lang::En))
                .unwrap_or_default()
        };
        let pdf = err(None, Some("x.pdf"));
        assert!(pdf.contains("`x.pdf`") && pdf.contains(".txt, .md,") && pdf.contains(".docx"), "{pdf}");
        assert!(err(None, Some("bao-cao")).contains("--format"));
        let xlsx = err(Some(Format::Csv), Some("y.xlsx"));
        assert!(xlsx.contains("--format csv") && xlsx.contains("`y.xlsx`") && xlsx.contains("xlsx"), "{xlsx}");
        assert!(!err(Some(Format::Md), Some("y.txt")).is_empty());
    }

    #[test]
    fn the_format_follows_the_output_extension() {
        let from_path =
            |p: &str| crate::cli::values::output_format(None, Some(Path::new(p)), &EXTENSIONS, Format::Table).ok();
        assert_eq!(from_path("bao-cao.DOCX"), Some(Format::Docx));
        assert_eq!(from_path("q3.xlsx"), Some(Format::Xlsx));
        assert_eq!(from_path("q3"), None);
    }
}
