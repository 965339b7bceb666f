//! Reading the spreadsheet a commune already keeps: CSV (UTF-8, comma or semicolon) or
//! an Excel/OpenDocument workbook (its first sheet), as rows of cells with the row
//! numbers people see in their spreadsheet program.

use anyhow::{Context, Result, bail};
use calamine::{Data, Reader, open_workbook_auto};
use std::path::Path;

/// One cell's text, and whether the spreadsheet stored it as a number (which loses
/// the leading zero of a tax code or phone number).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    pub text: String,
    pub numeric: bool,
}

impl Cell {
    pub fn text(s: &str) -> Cell {
        Cell { text: crate::text::nfc(s.trim()), numeric: false }
    }
}

/// A row with its 1-based number in the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.text.is_empty())
    }
}

/// Every non-blank row of the file, by its extension: `.csv` or a workbook.
pub fn read(path: &Path) -> Result<Vec<Row>> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let rows = if ext == "csv" || ext == "txt" {
        let bytes = std::fs::read(path).with_context(|| path.display().to_string())?;
        read_csv(&bytes)?
    } else {
        read_workbook(path)?
    };
    Ok(rows.into_iter().filter(|r| !r.is_blank()).collect())
}

/// The error of a CSV file that is not UTF-8.
pub const NOT_UTF8: &str = "not UTF-8";

/// CSV as Excel and LibreOffice save it: UTF-8 with or without BOM, `,` or `;`.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<Row>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if std::str::from_utf8(bytes).is_err() {
        bail!(NOT_UTF8);
    }
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |c: u8| first_line.iter().filter(|b| **b == c).count();
    let delimiter = if count(b';') > count(b',') { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record?;
        // The reader skips blank lines without counting them; count them here, so the
        // number is the one the spreadsheet program shows.
        let mut start = record.position().map_or(0, |p| p.byte() as usize).min(bytes.len());
        while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        let number = 1 + bytes[..start].iter().filter(|b| **b == b'\n').count();
        rows.push(Row { number, cells: record.iter().map(Cell::text).collect() });
    }
    Ok(rows)
}

fn read_workbook(path: &Path) -> Result<Vec<Row>> {
    let mut book = open_workbook_auto(path).with_context(|| path.display().to_string())?;
    let Some(range) = book.worksheet_range_at(0) else { return Ok(Vec::new()) };
    let range = range.with_context(|| path.display().to_string())?;
    let (top, left) = range.start().unwrap_or((0, 0));
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut row: Vec<Cell> = vec![Cell::default(); left as usize];
            row.extend(cells.iter().map(cell));
            Row { number: top as usize + i + 1, cells: row }
        })
        .collect())
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Int(i) => Cell { text: i.to_string(), numeric: true },
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Cell { text: format!("{}", *f as i64), numeric: true },
        Data::Float(f) => Cell { text: f.to_string(), numeric: true },
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::text(s),
        Data::Bool(b) => Cell::text(&b.to_string()),
        // No column the import reads holds a date.
        Data::DateTime(dt) => Cell { text: dt.as_f64().to_string(), numeric: true },
        Data::Error(_) | Data::Empty => Cell::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_semicolons_and_blank_lines() {
        let rows = read_csv("\u{feff}Tên;Mã\n\nHTX A;0201234583\n\"B; C\";\n".as_bytes()).expect("csv");
        let numbers: Vec<usize> = rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 3, 4]);
        assert_eq!(rows[0].cells[0].text, "Tên");
        assert_eq!(rows[2].cells[0].text, "B; C");
        assert!(read_csv(b"T\xean\n").is_err());
    }
}
