//! The report as an Excel workbook: one sheet per table (targets, products, checklist
//! matrix, sections, activities, money, due dates), headers in the reader's language,
//! frozen header rows, real date and number cells.

use super::doc::{Block, Cell, Doc, Table};
use crate::i18n::{Lang, tr};
use crate::render::labels;
use crate::report::Report;
use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::io::{self, Write};

struct Formats {
    header: Format,
    text: Format,
    date: Format,
    money: Format,
    int: Format,
    percent: Format,
    total: Format,
    wrap: Format,
}

/// Every cell is top-aligned: a row that a long text wraps over several lines reads
/// from its top, its quarter or name level with the text's first line.
fn formats() -> Formats {
    let top = || Format::new().set_align(FormatAlign::Top);
    Formats {
        header: top().set_bold().set_background_color("E3F2FD").set_text_wrap(),
        text: top(),
        date: top().set_num_format("dd/mm/yyyy"),
        money: top().set_num_format("#,##0"),
        int: top().set_num_format("0"),
        percent: top().set_num_format("0%"),
        total: top().set_bold(),
        wrap: top().set_text_wrap(),
    }
}

fn write_cell(ws: &mut Worksheet, row: u32, col: u16, c: &Cell, f: &Formats, lang: Lang) -> Result<(), XlsxError> {
    match c {
        Cell::Text(s) => ws.write_string_with_format(row, col, crate::safe::xml(s), &f.text).map(|_| ()),
        Cell::Int(n) => ws.write_number_with_format(row, col, *n as f64, &f.int).map(|_| ()),
        Cell::Money(n) => ws.write_number_with_format(row, col, *n as f64, &f.money).map(|_| ()),
        Cell::Percent(p) => ws.write_number_with_format(row, col, f64::from(*p) / 100.0, &f.percent).map(|_| ()),
        Cell::Date(d) => {
            let x = ExcelDateTime::from_ymd(
                u16::try_from(d.year()).unwrap_or(1900),
                u8::try_from(d.month()).unwrap_or(1),
                u8::try_from(d.day()).unwrap_or(1),
            )?;
            ws.write_datetime_with_format(row, col, &x, &f.date).map(|_| ())
        }
        Cell::Empty => {
            let _ = lang;
            Ok(())
        }
    }
}

/// A page header for every printed page: commune, report, period and sheet, centred
/// (`&` doubled, as Excel's header codes ask).
fn page_header(title: &str, name: &str) -> String {
    let esc = |s: &str| s.replace('&', "&&");
    format!("&C&\"Times New Roman,Bold\"&12{}\n{}", esc(title), esc(name))
}

fn sheet(wb: &mut Workbook, name: &str, title: &str, t: &Table, f: &Formats, lang: Lang) -> Result<(), XlsxError> {
    // Every cell stays in memory until the file is written (about 250 MB at 20,000
    // products). rust_xlsxwriter's low-memory mode, which writes rows to temporary files,
    // would spare that, but in 0.102 it writes the last row again, empty, when that row
    // has a set height: a duplicate `<row>` Excel asks to repair.
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    ws.set_header(page_header(title, name));
    ws.set_footer(format!("&C{}", tr(lang, "report.page_footer")));
    ws.set_margins(0.5, 0.5, 0.9, 0.6, 0.3, 0.3);
    // The checklist matrix has a column per item: its headers stand upright so the
    // columns stay narrow enough to print legibly on one page's width.
    let upright = t.id == "matrix";
    let rotated = f.header.clone().set_rotation(90).set_align(FormatAlign::Center);
    for (j, h) in t.header.iter().enumerate() {
        let col = u16::try_from(j).unwrap_or(u16::MAX);
        let head = if upright && j > 0 { &rotated } else { &f.header };
        ws.write_string_with_format(0, col, crate::safe::xml(h), head)?;
        let widest = t.rows.iter().filter_map(|r| r.get(j)).map(|c| c.show(lang).chars().count()).max().unwrap_or(0);
        let header_w = if upright && j > 0 { 0 } else { h.chars().count().min(24) };
        let width = (widest.max(header_w) as f64 + 2.0).clamp(8.0, 50.0);
        if widest > 50 {
            ws.set_column_format(col, &f.wrap)?;
        }
        ws.set_column_width(col, width)?;
    }
    if upright {
        ws.set_row_height(0, 150)?;
    }
    ws.set_freeze_panes(1, 0)?;
    // Printed: landscape A4, one page wide, the header row on every page.
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    let wide: Vec<bool> = (0..t.header.len())
        .map(|j| t.rows.iter().filter_map(|r| r.get(j)).any(|c| c.show(lang).chars().count() > 50))
        .collect();
    let mut row = 1u32;
    for r in &t.rows {
        // Wrapped text gets the lines it needs (a column is at most 50 characters wide),
        // so no printed cell is cut.
        let lines = r
            .iter()
            .enumerate()
            .filter(|(j, _)| wide[*j])
            .map(|(_, c)| c.show(lang).chars().count().div_ceil(48))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(row, 15.0 * lines as f64)?;
        }
        for (j, c) in r.iter().enumerate() {
            let col = u16::try_from(j).unwrap_or(u16::MAX);
            match c {
                Cell::Text(s) if wide[j] => {
                    ws.write_string_with_format(row, col, crate::safe::xml(s), &f.wrap)?;
                }
                _ => write_cell(ws, row, col, c, f, lang)?,
            }
        }
        row += 1;
    }
    if let Some(total) = &t.total {
        for (j, c) in total.iter().enumerate() {
            let col = u16::try_from(j).unwrap_or(u16::MAX);
            match c {
                Cell::Text(s) => {
                    ws.write_string_with_format(row, col, crate::safe::xml(s), &f.total)?;
                }
                other => write_cell(ws, row, col, other, f, lang)?,
            }
        }
    }
    Ok(())
}

/// The checklist matrix: one row per product, one column per item, each cell the
/// item's state (blank when the product does not need it).
fn matrix(r: &Report, lang: Lang) -> Table {
    let mut header = vec![tr(lang, "col.product").to_string()];
    header.extend(r.items.iter().map(|i| i.name.get(lang).to_string()));
    let rows = r
        .products
        .iter()
        .map(|p| {
            let mut row = vec![Cell::text(p.name.clone())];
            for i in &r.items {
                row.push(
                    p.items
                        .iter()
                        .find(|(id, _)| id == &i.id)
                        .map_or(Cell::Empty, |(_, s)| Cell::text(labels::item_state(lang, *s))),
                );
            }
            row
        })
        .collect();
    Table { id: "matrix", header, rows, total: None }
}

pub fn xlsx(out: &mut dyn Write, d: &Doc, r: &Report) -> io::Result<()> {
    let lang = d.lang;
    let f = formats();
    let mut wb = Workbook::new();
    // The document's own date, not the clock's: the same report comes out byte for byte.
    let created = ExcelDateTime::from_ymd(
        u16::try_from(r.dated.year()).unwrap_or(1900),
        u8::try_from(r.dated.month()).unwrap_or(1),
        u8::try_from(r.dated.day()).unwrap_or(1),
    )
    .map_err(io::Error::other)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created).set_title(&d.subtitle));
    let title = format!("{} — {}", d.title, d.subtitle);
    let mut tables: Vec<&Table> =
        d.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect();
    let m = matrix(r, lang);
    let at = tables.iter().position(|t| t.id == "products").map_or(tables.len(), |i| i + 1);
    tables.insert(at, &m);
    for t in tables {
        let name = tr(lang, &format!("report.sheet_{}", t.id));
        sheet(&mut wb, name, &title, t, &f, lang).map_err(io::Error::other)?;
    }
    let bytes = wb.save_to_buffer().map_err(io::Error::other)?;
    out.write_all(&bytes)
}
