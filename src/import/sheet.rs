//! Reading the spreadsheet a commune already keeps: CSV (UTF-8, comma or semicolon) or
//! an Excel/OpenDocument workbook (its first sheet), as rows of cells with the row
//! numbers people see in their spreadsheet program.

use anyhow::{Context, Result, bail};
use calamine::{Data, Reader, Xlsx, open_workbook, open_workbook_auto};
use std::collections::BTreeMap;
use std::path::Path;

/// Limits checked before and while reading a workbook, so a crafted file (a sheet that
/// claims cell XFD1048576, a zip bomb) is refused with a message instead of taking all
/// memory. A national list of 20,000 producers and products stays far below each.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
pub const MAX_UNPACKED_BYTES: u64 = 200 * 1024 * 1024;
pub const MAX_ROWS: u32 = 200_000;
pub const MAX_COLUMNS: u32 = 256;

/// Why a spreadsheet was refused before it was read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooLarge {
    /// The file, or what its zip entries unpack to, in MiB, over the limit in MiB.
    Bytes { size_mib: u64, limit_mib: u64 },
    /// A cell beyond `MAX_ROWS` × `MAX_COLUMNS` (row and column 1-based).
    Cell { row: u32, column: u32 },
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TooLarge::Bytes { size_mib, limit_mib } => write!(f, "{size_mib} MiB > {limit_mib} MiB"),
            TooLarge::Cell { row, column } => write!(f, "R{row}C{column}"),
        }
    }
}

impl std::error::Error for TooLarge {}

/// One cell's text, and whether the spreadsheet stored it as a number (which loses
/// the leading zero of a tax code or phone number).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    pub text: String,
    pub numeric: bool,
}

impl Cell {
    /// A text cell, trimmed, in NFC, with control characters made spaces
    /// (`safe::clean`): Excel stores Word's manual line break as `_x000B_`, which would
    /// otherwise reach the record and break the Word report.
    pub fn text(s: &str) -> Cell {
        Cell { text: crate::text::nfc(crate::safe::clean(s).trim()), numeric: false }
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

/// Refuses a file over `MAX_FILE_BYTES`, or a zip (xlsx, xlsm, xlsb, ods) whose entries
/// claim to unpack to more than `MAX_UNPACKED_BYTES`, before anything is unpacked.
fn check_size(path: &Path) -> Result<()> {
    check_size_within(path, MAX_FILE_BYTES, MAX_UNPACKED_BYTES)
}

fn check_size_within(path: &Path, max_file: u64, max_unpacked: u64) -> Result<()> {
    let mib = |b: u64| b.div_ceil(1024 * 1024);
    let size = std::fs::metadata(path).with_context(|| path.display().to_string())?.len();
    if size > max_file {
        return Err(TooLarge::Bytes { size_mib: mib(size), limit_mib: mib(max_file) }.into());
    }
    let file = std::fs::File::open(path).with_context(|| path.display().to_string())?;
    // Not a zip (an old .xls): the file size is the bound.
    let Ok(mut zip) = zip::ZipArchive::new(file) else { return Ok(()) };
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).with_context(|| path.display().to_string())?;
        unpacked = unpacked.saturating_add(entry.size());
    }
    if unpacked > max_unpacked {
        return Err(TooLarge::Bytes { size_mib: mib(unpacked), limit_mib: mib(max_unpacked) }.into());
    }
    Ok(())
}

fn read_workbook(path: &Path) -> Result<Vec<Row>> {
    check_size(path)?;
    if let Ok(book) = open_workbook::<Xlsx<_>, _>(path) {
        return read_xlsx(book, path);
    }
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

/// The first sheet of an xlsx, cell by cell as stored, never allocating the range the
/// sheet declares: a cell beyond the limits is refused when met.
fn read_xlsx<R: std::io::Read + std::io::Seek>(mut book: Xlsx<R>, path: &Path) -> Result<Vec<Row>> {
    let Some(name) = book.sheet_names().first().cloned() else { return Ok(Vec::new()) };
    let mut reader = book.worksheet_cells_reader(&name).with_context(|| path.display().to_string())?;
    let mut rows: BTreeMap<u32, Vec<Cell>> = BTreeMap::new();
    while let Some(c) = reader.next_cell().with_context(|| path.display().to_string())? {
        let (row, col) = c.get_position();
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(TooLarge::Cell { row: row.saturating_add(1), column: col.saturating_add(1) }.into());
        }
        let value = cell(&Data::from(c.get_value().clone()));
        if value.text.is_empty() {
            continue;
        }
        let cells = rows.entry(row).or_default();
        let col = col as usize;
        if cells.len() <= col {
            cells.resize(col + 1, Cell::default());
        }
        cells[col] = value;
    }
    Ok(rows.into_iter().map(|(r, cells)| Row { number: r as usize + 1, cells }).collect())
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

    fn workbook(cells: &[(u32, u16, &str)]) -> tempfile::TempPath {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (r, c, text) in cells {
            ws.write_string(*r, *c, *text).expect("cell");
        }
        let file = tempfile::Builder::new().suffix(".xlsx").tempfile().expect("temp").into_temp_path();
        wb.save(&file).expect("save");
        file
    }

    #[test]
    fn a_vertical_tab_from_excel_becomes_a_space() {
        // rust_xlsxwriter stores U+000B as `_x000B_`, as Excel does.
        let file = workbook(&[(0, 0, "Tên"), (1, 0, "Mật ong\u{0B}An Sơn")]);
        let rows = read(&file).expect("reads");
        assert_eq!(rows[1].cells[0].text, "Mật ong An Sơn");
        assert_eq!(rows[1].number, 2);
    }

    #[test]
    fn a_cell_far_out_is_refused_without_allocating_the_range() {
        let file = workbook(&[(0, 0, "Tên"), (1_048_575, 16_383, "x")]);
        let e = read(&file).expect_err("refused");
        assert_eq!(e.downcast_ref::<TooLarge>(), Some(&TooLarge::Cell { row: 1_048_576, column: 16_384 }));
    }

    #[test]
    fn a_zip_that_unpacks_too_far_is_refused_before_reading() {
        let text = "Tên\n".repeat(100_000);
        let file = workbook(&[(0, 0, &text[..30_000])]);
        let e = check_size_within(&file, MAX_FILE_BYTES, 10_000).expect_err("refused");
        assert!(matches!(e.downcast_ref::<TooLarge>(), Some(TooLarge::Bytes { .. })), "{e}");
        assert!(check_size_within(&file, MAX_FILE_BYTES, MAX_UNPACKED_BYTES).is_ok());
        assert!(check_size_within(&file, 100, MAX_UNPACKED_BYTES).is_err());
    }

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
