//! `ocop export` drawn as a province list: CSV (cells a spreadsheet would run as a
//! formula made plain) or an Excel workbook (a title above the table, text stored as
//! text, numbers as numbers). The headers are the catalogue's `export.col.*`, each one a
//! header `ocop import` reads (a test holds them to it), in the reader's language.

use crate::export::{ListRow, ListState};
use crate::i18n::{Lang, tr};
use crate::render::labels;
use crate::rules::RuleBook;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};
use std::io::{self, Write};

/// The columns, in order, as catalogue keys under `export.col`.
pub const COLUMNS: [&str; 15] = [
    "index",
    "product",
    "producer",
    "kind",
    "address",
    "set",
    "group",
    "stars",
    "score",
    "decision",
    "decision_date",
    "expires",
    "state",
    "issued_by",
    "revoked",
];

/// The header row in `lang`.
pub fn headers(lang: Lang) -> Vec<&'static str> {
    COLUMNS.iter().map(|c| tr(lang, &format!("export.col.{c}"))).collect()
}

/// The header row for `rows`: a province's list starts with the commune.
fn header_row(lang: Lang, rows: &[ListRow]) -> Vec<&'static str> {
    let mut h = headers(lang);
    if rows.iter().any(|r| r.commune.is_some()) {
        h.insert(0, tr(lang, "province.commune"));
    }
    h
}

/// How a state is written in the list.
pub fn state(lang: Lang, s: ListState) -> &'static str {
    tr(lang, &format!("export.state.{}", s.key()))
}

/// One cell: text, or a number the spreadsheet can add up.
enum Value {
    Text(String),
    Number(f64),
    Empty,
}

impl Value {
    fn text(s: Option<impl Into<String>>) -> Value {
        s.map_or(Value::Empty, |s| Value::Text(s.into()))
    }

    fn as_text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Empty => String::new(),
        }
    }
}

/// A revocation as one cell the import splits again: "45/QĐ-UBND ngày 01/06/2026".
fn revocation(lang: Lang, r: &crate::model::Revocation) -> String {
    let word = tr(lang, "export.dated");
    format!("{} {word} {}", r.decision, labels::date(r.date.get()))
}

fn cells(r: &ListRow, book: &RuleBook, lang: Lang) -> Vec<Value> {
    let c = r.certificate.as_ref();
    let set = r.set.map(|id| match book.product_set(id) {
        Some(s) => format!("{id} - {}", s.name.get(lang)),
        None => id.to_string(),
    });
    let group = r.group.and_then(|g| book.groups.iter().find(|x| x.id == g)).map(|g| g.name.get(lang).to_string());
    let commune = r.commune.as_ref().map(|c| Value::Text(c.clone()));
    commune
        .into_iter()
        .chain([
            Value::Number(r.index as f64),
            Value::text(r.product.clone()),
            Value::Text(r.producer.clone()),
            Value::text(r.kind.map(|k| labels::producer_kind(lang, k))),
            Value::text(r.address.clone()),
            Value::text(set),
            Value::text(group),
            c.map_or(Value::Empty, |c| Value::Number(f64::from(c.stars))),
            c.and_then(|c| c.score).map_or(Value::Empty, Value::Number),
            Value::text(c.and_then(|c| c.decision.clone())),
            Value::text(c.and_then(|c| c.issued).map(labels::date)),
            Value::text(c.and_then(|c| c.expires).map(labels::date)),
            Value::Text(state(lang, r.state).to_string()),
            Value::text(c.and_then(|c| c.issued_by.clone())),
            Value::text(c.and_then(|c| c.revoked.as_ref()).map(|x| revocation(lang, x))),
        ])
        .collect()
}

/// The list as CSV: the header row, then one row per product.
pub fn csv(out: &mut dyn Write, rows: &[ListRow], book: &RuleBook, lang: Lang) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header_row(lang, rows))?;
    for r in rows {
        let record: Vec<String> =
            cells(r, book, lang).iter().map(|v| crate::safe::csv(&v.as_text()).into_owned()).collect();
        w.write_record(&record)?;
    }
    w.flush()
}

/// The list for people in a terminal.
pub fn table(out: &mut dyn Write, rows: &[ListRow], book: &RuleBook, style: crate::render::Style) -> io::Result<()> {
    let mut t = crate::render::table(style);
    t.set_header(header_row(style.lang, rows));
    for r in rows {
        t.add_row(cells(r, book, style.lang).iter().map(|v| crate::safe::terminal(&v.as_text()).into_owned()));
    }
    writeln!(out, "{t}")
}

/// The list as an Excel workbook: the title in the first row, the table below it.
/// `dated` is written as the document's date, so the same list comes out byte for byte.
pub fn xlsx(
    out: &mut dyn Write,
    rows: &[ListRow],
    book: &RuleBook,
    lang: Lang,
    title: &str,
    dated: chrono::NaiveDate,
) -> io::Result<()> {
    use chrono::Datelike;
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(dated.year()).unwrap_or(1900),
        u8::try_from(dated.month()).unwrap_or(1),
        u8::try_from(dated.day()).unwrap_or(1),
    )
    .map_err(io::Error::other)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created).set_title(crate::safe::xml(title)));
    let ws = wb.add_worksheet();
    ws.set_name(tr(lang, "export.sheet")).map_err(io::Error::other)?;
    let bold = Format::new().set_bold();
    let header = Format::new().set_bold().set_background_color("E3F2FD").set_text_wrap().set_align(FormatAlign::Top);
    let text = Format::new().set_num_format("@");
    ws.write_string_with_format(0, 0, crate::safe::xml(title), &bold).map_err(io::Error::other)?;
    const TOP: u32 = 2;
    for (j, h) in header_row(lang, rows).iter().enumerate() {
        ws.write_string_with_format(TOP, col(j), *h, &header).map_err(io::Error::other)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = TOP + 1 + u32::try_from(i).unwrap_or(u32::MAX - TOP - 1);
        for (j, v) in cells(r, book, lang).iter().enumerate() {
            match v {
                // Stored as text (format `@`), so a decision number, a date or a code
                // with leading zeros is never turned into a number or a date.
                Value::Text(s) => ws.write_string_with_format(row, col(j), crate::safe::xml(s), &text).map(|_| ()),
                Value::Number(n) => ws.write_number(row, col(j), *n).map(|_| ()),
                Value::Empty => Ok(()),
            }
            .map_err(io::Error::other)?;
        }
    }
    ws.set_freeze_panes(TOP + 1, 0).map_err(io::Error::other)?;
    // A province's list has the commune first, before the widths of the usual columns.
    let commune: &[f64] = if rows.iter().any(|r| r.commune.is_some()) { &[24.0] } else { &[] };
    let widths =
        commune.iter().chain(&[5.0, 36.0, 36.0, 20.0, 36.0, 28.0, 18.0, 8.0, 8.0, 18.0, 14.0, 14.0, 16.0, 28.0, 30.0]);
    for (j, width) in widths.enumerate() {
        ws.set_column_width(col(j), *width).map_err(io::Error::other)?;
    }
    let bytes = wb.save_to_buffer().map_err(io::Error::other)?;
    out.write_all(&bytes)
}

fn col(j: usize) -> u16 {
    u16::try_from(j).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::columns::{Column, column_of, kind_of};
    use crate::model::ProducerKind;

    /// Every header the export writes is one the import reads, in both languages, as
    /// the column it holds.
    #[test]
    fn the_headers_are_what_import_reads() {
        let want = [
            Column::Index,
            Column::ProductName,
            Column::ProducerName,
            Column::Kind,
            Column::Address,
            Column::Set,
            Column::Group,
            Column::Stars,
            Column::Score,
            Column::Decision,
            Column::DecisionDate,
            Column::Expires,
            Column::State,
            Column::IssuedBy,
            Column::Revoked,
        ];
        for lang in [Lang::Vi, Lang::En] {
            let got: Vec<Option<Column>> = headers(lang).iter().map(|h| column_of(h)).collect();
            assert_eq!(got, want.map(Some), "{lang:?}: {:?}", headers(lang));
            // A province's list starts with the commune, which import reads too.
            assert_eq!(column_of(tr(lang, "province.commune")), Some(Column::Commune), "{lang:?}");
        }
    }

    #[test]
    fn legal_forms_and_states_read_back() {
        for lang in [Lang::Vi, Lang::En] {
            for k in ProducerKind::ALL {
                assert_eq!(kind_of(labels::producer_kind(lang, *k)), Some(k.key()), "{lang:?} {k:?}");
            }
            let revoked = crate::text::fold(state(lang, ListState::Revoked));
            assert!(crate::import::columns::is_revoked_state(&revoked), "{lang:?}: {revoked}");
            for s in [ListState::Valid, ListState::Expired, ListState::InProgress, ListState::Unknown] {
                assert!(!crate::import::columns::is_revoked_state(&crate::text::fold(state(lang, s))), "{s:?}");
            }
        }
    }

    #[test]
    fn a_revocation_cell_splits_back_into_number_and_date() {
        let r = crate::model::Revocation {
            date: crate::model::Date("2026-06-01".parse().expect("date")),
            decision: "45/QĐ-UBND".into(),
            reason: None,
        };
        for lang in [Lang::Vi, Lang::En] {
            let cell = revocation(lang, &r);
            assert_eq!(crate::import::cells::decision(&cell), (Some(r.decision.clone()), Some(r.date.get())), "{cell}");
        }
    }
}
