//! The report as one self-contained HTML page: no external files, charts as inline SVG,
//! readable on a phone (tables scroll sideways) and printable (print CSS, A4).

use super::doc::{Block, Cell, Chart, Doc};
use super::svg;
use crate::i18n::tr;
use crate::report::Report;
use crate::safe;
use std::io::{self, Write};

/// The page's style: inline in the file `report --format html` writes, a separate file
/// under `serve` (whose Content-Security-Policy forbids inline styles).
pub const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "Times New Roman", "Noto Serif", "DejaVu Serif", serif; margin: 0 auto; max-width: 60rem;
  padding: 1rem; line-height: 1.45; color: #111; background: #fff; font-size: 16px; }
header { text-align: center; margin-bottom: 1rem; }
header .heading { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; font-size: 0.95rem; }
header .heading div { flex: 1 1 16rem; }
header .nation { font-weight: bold; }
header .motto { font-weight: bold; text-decoration: underline; }
header .date { font-style: italic; }
h1 { font-size: 1.4rem; margin: 1rem 0 0.2rem; }
.subtitle { font-weight: bold; margin: 0 0 0.5rem; }
h2 { font-size: 1.15rem; border-bottom: 2px solid #1565c0; padding-bottom: 0.2rem; margin-top: 1.6rem; }
h3 { font-size: 1rem; margin-top: 1rem; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 0.5rem 0; }
th, td { border: 1px solid #90a4ae; padding: 0.3rem 0.45rem; vertical-align: top; text-align: left; }
th { background: #e3f2fd; }
td.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; background: #f5f5f5; }
svg.chart { width: 100%; height: auto; max-width: 42rem; display: block; margin: 0.6rem 0; font-family: sans-serif; }
ul { padding-left: 1.2rem; }
footer { margin-top: 2rem; display: flex; justify-content: space-between; flex-wrap: wrap; gap: 1rem; }
footer .recipients { font-size: 0.85rem; }
footer .sign { text-align: center; font-weight: bold; min-width: 14rem; }
footer .sign .name { margin-top: 4rem; }
@media (max-width: 40rem) { body { font-size: 15px; padding: 0.6rem; } th, td { padding: 0.25rem; } }
@media print {
  @page { size: A4; margin: 20mm 15mm 20mm 30mm;
    @top-center { content: counter(page); font-family: "Times New Roman", serif; font-size: 13pt; } }
  @page :first { @top-center { content: none; } }
  body { max-width: none; padding: 0; font-size: 12pt; }
  h2, h3 { break-after: avoid; }
  p.closing { break-after: avoid; }
  footer { break-inside: avoid; }
  table, svg.chart, tr { break-inside: avoid; }
  .scroll { overflow: visible; }
  th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  rect { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Where the page's style comes from, and what goes before the report in its body.
pub struct Frame<'a> {
    /// Stylesheet URLs linked in place of the inline style.
    pub stylesheets: &'a [&'a str],
    /// Markup put first in the body (`serve`'s navigation), already escaped by its maker.
    pub before: &'a str,
}

/// The report as one self-contained page.
pub fn html(out: &mut dyn Write, d: &Doc, r: &Report) -> io::Result<()> {
    page(out, d, r, None)
}

/// The report as a page whose style is in separate files, for `serve`.
pub fn html_framed(out: &mut dyn Write, d: &Doc, r: &Report, frame: &Frame<'_>) -> io::Result<()> {
    page(out, d, r, Some(frame))
}

fn page(out: &mut dyn Write, d: &Doc, r: &Report, frame: Option<&Frame<'_>>) -> io::Result<()> {
    let lang = d.lang;
    let k = |key: &str| tr(lang, &format!("report.{key}"));
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, r#"<html lang="{}">"#, lang.code())?;
    writeln!(out, "<head>")?;
    writeln!(out, r#"<meta charset="utf-8">"#)?;
    writeln!(out, r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#)?;
    writeln!(out, "<title>{} — {}</title>", safe::html(&d.title), safe::html(&d.subtitle))?;
    match frame {
        None => writeln!(out, "<style>{CSS}</style>")?,
        Some(f) => {
            for href in f.stylesheets {
                writeln!(out, r#"<link rel="stylesheet" href="{}">"#, safe::html(href))?;
            }
        }
    }
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;
    if let Some(f) = frame {
        writeln!(out, "{}", f.before)?;
    }
    writeln!(out, "<header>")?;
    writeln!(out, r#"<div class="heading"><div>"#)?;
    if let Some(p) = &r.header.issuer_parent {
        writeln!(out, "<div>{}</div>", safe::html(p))?;
    }
    if let Some(i) = &r.header.issuer {
        for line in i.lines() {
            writeln!(out, "<div><b>{}</b></div>", safe::html(line))?;
        }
    }
    if let Some(n) = &r.header.number {
        writeln!(out, "<div>{}</div>", safe::html(&super::docx::number_line(lang, n)))?;
    }
    writeln!(
        out,
        r#"</div><div><div class="nation">{}</div><div class="motto">{}</div>"#,
        safe::html(k("nation")),
        safe::html(k("motto"))
    )?;
    writeln!(out, r#"<div class="date">{}</div></div></div>"#, safe::html(&super::docx::date_line(lang, r)))?;
    writeln!(out, "<h1>{}</h1>", safe::html(&d.title))?;
    writeln!(out, r#"<p class="subtitle">{}</p>"#, safe::html(&d.subtitle))?;
    writeln!(out, "</header>")?;
    writeln!(out, "<p>{}</p>", safe::html(&d.intro))?;
    for b in &d.blocks {
        match b {
            Block::Heading(h) => writeln!(out, "<h2>{}</h2>", safe::html(h))?,
            Block::Subheading(h) => writeln!(out, "<h3>{}</h3>", safe::html(h))?,
            Block::Para(p) => writeln!(out, "<p>{}</p>", safe::html(p))?,
            Block::Bullets(items) => {
                writeln!(out, "<ul>")?;
                for i in items {
                    writeln!(out, "<li>{}</li>", safe::html(i))?;
                }
                writeln!(out, "</ul>")?;
            }
            Block::Table(t) => {
                writeln!(out, r#"<div class="scroll"><table id="{}">"#, t.id)?;
                let head: String = t.header.iter().map(|h| format!("<th>{}</th>", safe::html(h))).collect();
                writeln!(out, "<thead><tr>{head}</tr></thead><tbody>")?;
                let row = |cells: &[Cell]| -> String {
                    cells
                        .iter()
                        .map(|c| match c {
                            Cell::Int(_) | Cell::Money(_) | Cell::Percent(_) => {
                                format!(r#"<td class="num">{}</td>"#, safe::html(&c.show(lang)))
                            }
                            _ => format!("<td>{}</td>", safe::html(&c.show(lang))),
                        })
                        .collect()
                };
                for r in &t.rows {
                    writeln!(out, "<tr>{}</tr>", row(r))?;
                }
                if let Some(total) = &t.total {
                    writeln!(out, r#"<tr class="total">{}</tr>"#, row(total))?;
                }
                writeln!(out, "</tbody></table></div>")?;
            }
            Block::Chart(c) => {
                let chart = match c {
                    Chart::Targets => svg::targets(r, k("chart_targets")),
                    Chart::Completeness => svg::completeness(r, k("chart_completeness")),
                    Chart::Sections => svg::sections(r, k("chart_sections"), lang),
                };
                writeln!(out, "{chart}")?;
            }
        }
    }
    writeln!(out, r#"<p class="closing">{}</p>"#, safe::html(&d.closing))?;
    writeln!(out, "<footer>")?;
    writeln!(out, r#"<div class="recipients"><b><i>{}</i></b><br>"#, safe::html(k("recipients")))?;
    for line in super::doc::recipient_lines(&r.header.recipients) {
        writeln!(out, "- {}<br>", safe::html(&line))?;
    }
    writeln!(out, r#"</div><div class="sign">"#)?;
    for line in &r.header.signer_title {
        writeln!(out, "<div>{}</div>", safe::html(line))?;
    }
    if let Some(s) = &r.header.signer {
        writeln!(out, r#"<div class="name">{}</div>"#, safe::html(s))?;
    }
    writeln!(out, "</div></footer>")?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}
