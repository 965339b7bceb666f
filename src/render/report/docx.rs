//! The report as a Word document in the layout of Vietnamese administrative documents
//! (Decree 30/2020/NĐ-CP, Appendix I): issuing body and number on the left, the national
//! heading and the place and date on the right, the title, the body, then "Nơi nhận"
//! and the signature block, on A4 in Times New Roman, ready to sign and file.

use super::doc::{Block, Cell, Doc};
use crate::i18n::{Lang, LocalText, fmt, tr};
use crate::report::Report;
use chrono::Datelike;
use docx_rs::{
    AlignmentType, BorderType, BuildXML, Docx, Header, LineSpacing, PageMargin, PageNum, PageOrientationType, PageSize,
    Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SectionProperty, Shading,
    SpecialIndentType, Table, TableCell, TableRow, WidthType,
};
use std::io::{self, Write};

/// A4 in twentieths of a point.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// Margins from Decree 30: top and bottom 20 mm, left 30 mm, right 15 mm.
const MARGIN_TOP: i32 = 1134;
const MARGIN_LEFT: i32 = 1701;
const MARGIN_RIGHT: i32 = 850;
const TEXT_W: usize = (PAGE_W as usize) - 1701 - 850;
/// The text width of a landscape page, for the tables too wide for a portrait one.
const WIDE_W: usize = (PAGE_H as usize) - 1701 - 850;
/// The header's parts, in the order `docx` adds them: the page number, and the empty
/// header of the first page (Decree 30 numbers pages from the second).
const HEADER_RID: &str = "rIdHeader1";
const FIRST_HEADER_RID: &str = "rIdHeader2";
const FONT: &str = "Times New Roman";

/// "Số: 12/BC-UBND".
pub(super) fn number_line(lang: Lang, number: &str) -> String {
    fmt(lang, "report.number", &[("number", &LocalText::plain(number))])
}

/// "Việt Khê, ngày 30 tháng 9 năm 2026": days below 10 and months below 3 take a
/// leading zero, as Decree 30 asks.
pub(super) fn date_line(lang: Lang, r: &Report) -> String {
    let d = r.dated;
    let day = if d.day() < 10 { format!("0{}", d.day()) } else { d.day().to_string() };
    let month = if d.month() < 3 { format!("0{}", d.month()) } else { d.month().to_string() };
    let place = r.header.place.clone().unwrap_or_else(|| r.commune.clone());
    let args = [
        ("place", &LocalText::plain(place)),
        ("day", &LocalText::plain(day)),
        ("month", &LocalText::plain(month)),
        ("year", &LocalText::plain(d.year().to_string())),
    ];
    fmt(lang, "report.date_line", &args)
}

/// Every piece of text in the document goes through here, cleaned of characters XML
/// forbids (`safe::xml`); docx-rs escapes `<` and `&`.
fn run(text: &str, size: usize) -> Run {
    Run::new()
        .add_text(crate::safe::xml(text))
        .size(size)
        .fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT))
}

fn para(align: AlignmentType) -> Paragraph {
    Paragraph::new().align(align).line_spacing(LineSpacing::new().before(0).after(0))
}

fn centered(text: &str, size: usize, bold: bool, italic: bool, underline: bool) -> Paragraph {
    let mut r = run(text, size);
    if bold {
        r = r.bold();
    }
    if italic {
        r = r.italic();
    }
    if underline {
        r = r.underline("single");
    }
    para(AlignmentType::Center).add_run(r)
}

fn borderless(cells: Vec<(usize, Vec<Paragraph>)>) -> Table {
    let cells = cells
        .into_iter()
        .map(|(w, ps)| {
            let mut c = TableCell::new().width(w, WidthType::Dxa).clear_all_border();
            for p in ps {
                c = c.add_paragraph(p);
            }
            c
        })
        .collect();
    Table::new(vec![TableRow::new(cells)]).clear_all_border().width(TEXT_W, WidthType::Dxa)
}

/// About one average character of 11 pt Times, and a cell's side margins, in dxa.
const CHAR_W: usize = 115;
const PAD_W: usize = 240;

/// The width of `text` in 11 pt Times, bold, in dxa: by letter class (an `m` is over
/// twice an `i`), with a tenth to spare, so a measured word never breaks in its column.
fn measure(text: &str) -> usize {
    // Thousandths of an em; the em of 11 pt is 220 dxa.
    let em: usize = text
        .chars()
        .map(|c| match c {
            'm' | 'w' | 'M' | 'W' | '%' | '@' => 833,
            c if c.is_uppercase() => 722,
            'i' | 'j' | 'l' | 't' | 'f' | 'r' | 'I' | '!' | '.' | ',' | ':' | ';' | '\'' | '|' => 333,
            '(' | ')' | '/' | '-' | ' ' | '[' | ']' => 333,
            _ => 556,
        })
        .sum();
    em * 220 * 11 / 10 / 1000
}

/// The width a text needs on one line, and the width of its longest word (a column
/// narrower than that breaks the word itself).
fn text_widths(text: &str) -> (usize, usize) {
    let line = measure(text) + PAD_W;
    let word = text.split_whitespace().map(measure).max().unwrap_or(0) + PAD_W;
    (line, word)
}

/// Per column: the widest cell on one line (at most `MAX_LINE`), and the longest word
/// of any cell or of the header.
fn column_needs(t: &super::doc::Table, lang: Lang) -> Vec<(usize, usize)> {
    const MAX_LINE: usize = 60 * CHAR_W + PAD_W;
    (0..t.header.len())
        .map(|j| {
            let cells: Vec<String> =
                t.rows.iter().chain(&t.total).filter_map(|r| r.get(j)).map(|c| c.show(lang)).collect();
            let (mut line, mut word) = text_widths(&t.header[j]);
            // A header may wrap between words; its width only counts through its words.
            line = line.min(text_widths(t.header[j].split_whitespace().next().unwrap_or("")).0.max(12 * CHAR_W));
            for c in &cells {
                let (l, w) = text_widths(c);
                line = line.max(l.min(MAX_LINE));
                word = word.max(w);
            }
            (line.max(word), word)
        })
        .collect()
}

/// The narrowest a table can be without breaking a word.
fn min_width(t: &super::doc::Table, lang: Lang) -> usize {
    column_needs(t, lang).iter().map(|(_, w)| w).sum()
}

/// Whether a table needs a landscape page: its words do not fit across a portrait one.
pub(super) fn needs_landscape(t: &super::doc::Table, lang: Lang) -> bool {
    min_width(t, lang) > TEXT_W
}

/// Column widths (dxa) for a data table `width` wide: every column at least as wide as
/// its longest word; short columns (a date, a number, "Quý III/2026") then get their
/// whole text on one line when there is room; what is left goes to the long columns in
/// proportion to what they lack.
fn column_widths(t: &super::doc::Table, lang: Lang, width: usize) -> Vec<usize> {
    const SHORT: usize = 16 * CHAR_W + PAD_W;
    let needs = column_needs(t, lang);
    let mut w: Vec<usize> = needs.iter().map(|(_, word)| *word).collect();
    let room = |w: &[usize]| width.saturating_sub(w.iter().sum());
    for (j, (line, _)) in needs.iter().enumerate() {
        if *line <= SHORT && line - w[j] <= room(&w) {
            w[j] = *line;
        }
    }
    let lack: Vec<usize> = needs.iter().zip(&w).map(|((line, _), w)| line.saturating_sub(*w)).collect();
    let total_lack: usize = lack.iter().sum();
    let spare = room(&w);
    if total_lack > 0 {
        let give = spare.min(total_lack);
        for j in 0..w.len() {
            w[j] += give * lack[j] / total_lack;
        }
    }
    // Whatever is still spare widens every column alike, so the table spans the page.
    let spare = room(&w);
    let n = w.len().max(1);
    w.iter().map(|x| x + spare / n).collect()
}

/// Writes a data table's XML to `w` row by row: the table's frame and header row as
/// docx-rs draws them, then each row drawn on its own and written at once, so a table of
/// 20,000 products never exists whole as docx-rs objects or XML (that took gigabytes).
fn write_data_table(w: &mut dyn Write, s: &StreamedTable<'_>, lang: Lang) -> io::Result<()> {
    const END: &[u8] = b"</w:tbl>";
    let t = s.table;
    let grid = column_widths(t, lang, s.width);
    let next_id = std::cell::Cell::new(s.first_id);
    let cells = data_cells(&grid, Some(&next_id));
    let total: usize = grid.iter().sum();
    let frame = Table::new(vec![header_row(t, &cells)]).set_grid(grid.clone()).width(total, WidthType::Dxa).build();
    let Some(open) = frame.strip_suffix(END) else { return Err(io::Error::other("docx: unexpected table XML")) };
    w.write_all(open)?;
    let mut templates = Templates::new(&grid)?;
    for (i, r) in t.rows.iter().chain(&t.total).enumerate() {
        let bold = t.total.is_some() && i == t.rows.len();
        w.write_all(&templates.row.0)?;
        for (j, c) in r.iter().enumerate() {
            let right = matches!(c, Cell::Int(_) | Cell::Money(_) | Cell::Percent(_));
            let cell = templates.cell(j, bold, right)?;
            w.write_all(&cell.head)?;
            write!(w, "{:08x}", next_id.get())?;
            next_id.set(next_id.get() + 1);
            w.write_all(&cell.mid)?;
            w.write_all(escape_text(&crate::safe::xml(&c.show(lang))).as_bytes())?;
            w.write_all(&cell.tail)?;
        }
        w.write_all(&templates.row.1)?;
    }
    w.write_all(END)
}

/// A cell of a data table: its column's width, the text as a run, bold, right-aligned or
/// shaded as asked.
type CellFn<'g> = dyn Fn(usize, &str, bool, bool, bool) -> TableCell + 'g;

/// With `ids`, each cell's paragraph takes the next id from it.
fn data_cells<'g>(grid: &'g [usize], ids: Option<&'g std::cell::Cell<u32>>) -> Box<CellFn<'g>> {
    Box::new(move |j: usize, text: &str, bold: bool, right: bool, shade: bool| {
        let mut r = run(text, 22);
        if bold {
            r = r.bold();
        }
        let align = if right { AlignmentType::Right } else { AlignmentType::Left };
        let mut p = para(align).add_run(r);
        if let Some(ids) = ids {
            p = p.id(format!("{:08x}", ids.get()));
            ids.set(ids.get() + 1);
        }
        let mut c = TableCell::new().width(grid[j], WidthType::Dxa).add_paragraph(p);
        if shade {
            c = c.shading(Shading::new().fill("E3F2FD"));
        }
        c
    })
}

fn header_row(t: &super::doc::Table, cell: &CellFn<'_>) -> TableRow {
    TableRow::new(t.header.iter().enumerate().map(|(j, h)| cell(j, h, true, false, true)).collect())
}

/// The whole table as docx-rs draws it, cell by cell: what the streamed table must
/// equal, byte for byte.
#[cfg(test)]
fn data_table(t: &super::doc::Table, lang: Lang, width: usize) -> Table {
    let grid = column_widths(t, lang, width);
    let cell = |j: usize, text: &str, bold: bool, right: bool, shade: bool| {
        let mut r = run(text, 22);
        if bold {
            r = r.bold();
        }
        let align = if right { AlignmentType::Right } else { AlignmentType::Left };
        let mut c = TableCell::new().width(grid[j], WidthType::Dxa).add_paragraph(para(align).add_run(r));
        if shade {
            c = c.shading(Shading::new().fill("E3F2FD"));
        }
        c
    };
    let mut rows =
        vec![TableRow::new(t.header.iter().enumerate().map(|(j, h)| cell(j, h, true, false, true)).collect())];
    for (i, r) in t.rows.iter().chain(&t.total).enumerate() {
        let is_total = t.total.is_some() && i == t.rows.len();
        rows.push(TableRow::new(
            r.iter()
                .enumerate()
                .map(|(j, c)| {
                    let right = matches!(c, Cell::Int(_) | Cell::Money(_) | Cell::Percent(_));
                    cell(j, &c.show(lang), is_total, right, false)
                })
                .collect(),
        ));
    }
    let total: usize = grid.iter().sum();
    Table::new(rows).set_grid(grid).width(total, WidthType::Dxa)
}

/// A page layout: portrait A4, or landscape for the wide tables, both with Decree 30's
/// margins and the page number in the header from page 2 on.
fn section(landscape: bool, first: bool) -> SectionProperty {
    let size = if landscape {
        PageSize::new().size(PAGE_H, PAGE_W).orient(PageOrientationType::Landscape)
    } else {
        PageSize::new().size(PAGE_W, PAGE_H)
    };
    let mut s = SectionProperty::new().page_size(size).page_margin(margins()).header(page_number(), HEADER_RID);
    if first {
        s = s.first_header(Header::new(), FIRST_HEADER_RID);
    }
    s
}

fn margins() -> PageMargin {
    PageMargin {
        top: MARGIN_TOP,
        left: MARGIN_LEFT,
        bottom: MARGIN_TOP,
        right: MARGIN_RIGHT,
        header: 567,
        footer: 567,
        gutter: 0,
    }
}

/// The header: the page number, centred, in 13 pt Times.
fn page_number() -> Header {
    Header::new().add_paragraph(para(AlignmentType::Center).add_page_num(PageNum::new()))
}

/// The report's blocks cut where a heading starts, each part marked landscape when one
/// of its tables is too wide for a portrait page.
fn parts(blocks: &[Block], lang: Lang) -> Vec<(bool, &[Block])> {
    let mut starts: Vec<usize> =
        blocks.iter().enumerate().filter(|(_, b)| matches!(b, Block::Heading(_))).map(|(i, _)| i).collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    starts.push(blocks.len());
    starts
        .windows(2)
        .map(|w| {
            let part = &blocks[w[0]..w[1]];
            let wide = part.iter().any(|b| matches!(b, Block::Table(t) if needs_landscape(t, lang)));
            (wide, part)
        })
        .collect()
}

/// Sets the document's language on the default run properties (docx-rs has no setter),
/// so spelling and hyphenation follow Vietnamese.
fn set_language(styles: &[u8], lang: Lang) -> Vec<u8> {
    let tag = match lang {
        Lang::Vi => r#"<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA" />"#,
        Lang::En => r#"<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA" />"#,
    };
    let xml = String::from_utf8_lossy(styles);
    let Some(at) = xml.find("<w:rPrDefault>") else { return styles.to_vec() };
    let rest = &xml[at..];
    let out = if let Some(i) = rest.find("<w:rPr />") {
        format!("{}<w:rPr>{tag}</w:rPr>{}", &xml[..at + i], &rest[i + "<w:rPr />".len()..])
    } else if let Some(i) = rest.find("</w:rPr>") {
        format!("{}{tag}{}", &xml[..at + i], &rest[i..])
    } else {
        return styles.to_vec();
    };
    out.into_bytes()
}

pub fn docx(out: &mut dyn Write, d: &Doc, r: &Report) -> io::Result<()> {
    let lang = d.lang;
    let k = |key: &str| tr(lang, &format!("report.{key}"));
    let h = &r.header;
    let left_w = TEXT_W * 2 / 5;
    let right_w = TEXT_W - left_w;
    let mut left = Vec::new();
    if let Some(p) = &h.issuer_parent {
        left.push(centered(&p.to_uppercase(), 26, false, false, false));
    }
    let issuer = h.issuer.clone().unwrap_or_else(|| r.commune.to_uppercase());
    let lines: Vec<&str> = issuer.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        // Decree 30 draws a short line under the issuing body; underlining its last line
        // stands in for it.
        left.push(centered(&line.to_uppercase(), 26, true, false, i + 1 == lines.len()));
    }
    left.push(centered("", 26, false, false, false));
    left.push(centered(&number_line(lang, h.number.as_deref().unwrap_or("/BC")), 26, false, false, false));
    let right = vec![
        centered(k("nation"), 24, true, false, false),
        centered(k("motto"), 26, true, false, true),
        centered("", 26, false, false, false),
        centered(&date_line(lang, r), 26, false, true, false),
    ];
    // A short line under the summary title, as Decree 30 draws it: a bottom border on an
    // empty paragraph indented to a third of the text width.
    let mut rule =
        para(AlignmentType::Center).indent(Some(3 * TEXT_W as i32 / 8), None, Some(3 * TEXT_W as i32 / 8), None);
    rule.property = rule.property.set_borders(
        ParagraphBorders::with_empty()
            .set(ParagraphBorder::new(ParagraphBorderPosition::Bottom).val(BorderType::Single).size(6).space(1)),
    );
    let mut doc = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(margins())
        .header(page_number())
        .first_header(Header::new())
        .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT))
        .default_size(26)
        .created_at(&format!("{}T00:00:00Z", r.dated))
        .updated_at(&format!("{}T00:00:00Z", r.dated))
        .add_table(borderless(vec![(left_w, left), (right_w, right)]))
        .add_paragraph(centered("", 26, false, false, false))
        .add_paragraph(centered(&d.title, 28, true, false, false))
        .add_paragraph(centered(&d.subtitle, 28, true, false, false))
        .add_paragraph(rule)
        .add_paragraph(centered("", 26, false, false, false));
    doc = doc.add_paragraph(body(&d.intro));
    // Each part on the pages it needs; a section break (the section's properties on a
    // paragraph of its own) closes a part whose orientation differs from the next one's.
    let parts = parts(&d.blocks, lang);
    let mut first = true;
    // Data tables and lists are written into the XML afterwards, row by row and line by
    // line, where these stand.
    let mut tables: Vec<Streamed<'_>> = Vec::new();
    for (i, (wide, blocks)) in parts.iter().enumerate() {
        let width = if *wide { WIDE_W } else { TEXT_W };
        for b in *blocks {
            doc = match b {
                Block::Heading(t) => doc.add_paragraph(
                    Paragraph::new()
                        .keep_next(true)
                        .line_spacing(LineSpacing::new().before(180).after(120))
                        .add_run(run(t, 26).bold()),
                ),
                Block::Subheading(t) => doc.add_paragraph(
                    Paragraph::new()
                        .keep_next(true)
                        .line_spacing(LineSpacing::new().before(120).after(60))
                        .add_run(run(t, 26).bold().italic()),
                ),
                Block::Para(t) => doc.add_paragraph(body(t)),
                Block::Bullets(items) if items.is_empty() => doc,
                Block::Bullets(items) => {
                    // A list grows with the tree (a next action per product): streamed
                    // like a table, one paragraph per line, each given the id docx-rs
                    // would have given it here.
                    let (marker, first_id) = marker(tables.len(), items.len());
                    tables.push(Streamed::Bullets { items, first_id });
                    doc.add_paragraph(marker)
                }
                Block::Table(t) => {
                    let cells = t.header.len() + t.rows.iter().chain(&t.total).map(Vec::len).sum::<usize>();
                    let (marker, first_id) = marker(tables.len(), cells);
                    tables.push(Streamed::Table(StreamedTable { table: t, width, first_id }));
                    doc.add_paragraph(marker).add_paragraph(para(AlignmentType::Left))
                }
                Block::Chart(_) => doc,
            };
        }
        let next_wide = parts.get(i + 1).is_some_and(|(w, _)| *w);
        if next_wide != *wide {
            doc = doc.add_paragraph(para(AlignmentType::Left).section_property(section(*wide, first)));
            first = false;
        }
    }
    doc = doc.add_paragraph(body(&d.closing));
    // "Nơi nhận" on the left, the signature on the right; kept together on one page.
    let mut recipients =
        vec![para(AlignmentType::Left).keep_next(true).add_run(run(k("recipients"), 24).bold().italic())];
    for line in super::doc::recipient_lines(&h.recipients) {
        recipients.push(para(AlignmentType::Left).keep_next(true).add_run(run(&format!("- {line}"), 22)));
    }
    let mut sign: Vec<Paragraph> =
        h.signer_title.iter().map(|l| centered(&l.to_uppercase(), 26, true, false, false).keep_next(true)).collect();
    for _ in 0..4 {
        sign.push(centered("", 26, false, false, false).keep_next(true));
    }
    if let Some(s) = &h.signer {
        sign.push(centered(s, 26, true, false, false));
    }
    doc = doc
        .add_paragraph(para(AlignmentType::Left).keep_next(true))
        .add_table(borderless(vec![(left_w, recipients), (right_w, sign)]));
    if !first {
        // The last section follows a landscape part: its first page is numbered too.
        doc.document.section_property.title_pg = false;
    }
    let mut xml = doc.build();
    xml.styles = set_language(&xml.styles, lang);
    let mut buf = io::Cursor::new(Vec::new());
    pack(&mut buf, xml, &tables, lang)?;
    out.write_all(buf.get_ref())
}

/// A body paragraph: justified, its first line indented, as Decree 30 sets them.
fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
        .line_spacing(LineSpacing::new().before(0).after(120))
        .add_run(run(text, 26))
}

/// What is written into `word/document.xml` at a marker.
enum Streamed<'a> {
    Table(StreamedTable<'a>),
    /// A list, one body paragraph per line ("- line"), with the paragraph id of the first.
    Bullets {
        items: &'a [String],
        first_id: u32,
    },
}

/// Writes a list's paragraphs as docx-rs draws them, one at a time.
fn write_bullets(w: &mut dyn Write, items: &[String], first_id: u32) -> io::Result<()> {
    for (i, item) in items.iter().enumerate() {
        let id = first_id.wrapping_add(u32::try_from(i).unwrap_or(u32::MAX));
        w.write_all(&body(&format!("- {item}")).id(format!("{id:08x}")).build())?;
    }
    Ok(())
}

/// Placeholders docx-rs carries through unchanged: a paragraph id no id can be (ids are
/// hexadecimal) and a private-use character no report text holds.
const ID_SLOT: &str = "zzzzzzzz";
const TEXT_SLOT: &str = "\u{E000}";

/// A data cell's XML cut around its paragraph id and its text.
struct CellTemplate {
    head: Vec<u8>,
    mid: Vec<u8>,
    tail: Vec<u8>,
}

/// The XML of a data row and of each kind of cell (column, bold, right-aligned), drawn by
/// docx-rs once with placeholders and filled for every row: byte for byte what docx-rs
/// draws, without building a paragraph, run and property set per cell (20,000 products
/// made 300,000 of them, most of the Word report's time).
struct Templates<'g> {
    grid: &'g [usize],
    /// The row's XML before and after its cells.
    row: (Vec<u8>, Vec<u8>),
    cells: std::collections::HashMap<(usize, bool, bool), CellTemplate>,
}

impl<'g> Templates<'g> {
    fn new(grid: &'g [usize]) -> io::Result<Templates<'g>> {
        let cell = Self::draw(grid, 0, false, false).build();
        let row = TableRow::new(vec![Self::draw(grid, 0, false, false)]).build();
        let at = row.windows(cell.len()).position(|w| w == cell.as_slice()).ok_or_else(|| bad("row"))?;
        let row = (row[..at].to_vec(), row[at + cell.len()..].to_vec());
        Ok(Templates { grid, row, cells: std::collections::HashMap::new() })
    }

    fn draw(grid: &[usize], j: usize, bold: bool, right: bool) -> TableCell {
        let mut r = run(TEXT_SLOT, 22);
        if bold {
            r = r.bold();
        }
        let align = if right { AlignmentType::Right } else { AlignmentType::Left };
        let p = para(align).add_run(r).id(ID_SLOT);
        TableCell::new().width(grid.get(j).copied().unwrap_or(0), WidthType::Dxa).add_paragraph(p)
    }

    fn cell(&mut self, j: usize, bold: bool, right: bool) -> io::Result<&CellTemplate> {
        if !self.cells.contains_key(&(j, bold, right)) {
            let xml = Self::draw(self.grid, j, bold, right).build();
            let find = |needle: &str| xml.windows(needle.len()).position(|w| w == needle.as_bytes());
            let (id, text) = (find(ID_SLOT).ok_or_else(|| bad("id"))?, find(TEXT_SLOT).ok_or_else(|| bad("text"))?);
            if text < id {
                return Err(bad("order"));
            }
            let template = CellTemplate {
                head: xml[..id].to_vec(),
                mid: xml[id + ID_SLOT.len()..text].to_vec(),
                tail: xml[text + TEXT_SLOT.len()..].to_vec(),
            };
            self.cells.insert((j, bold, right), template);
        }
        self.cells.get(&(j, bold, right)).ok_or_else(|| bad("cell"))
    }
}

fn bad(what: &str) -> io::Error {
    io::Error::other(format!("docx: the cell template lost its {what}"))
}

/// A run's text as docx-rs writes it (`Run::add_text`, then `docx_rs::Text`): line feeds
/// and carriage returns dropped, the five markup characters as entities.
fn escape_text(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'', '\n', '\r']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\r' => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A data table to stream, and the paragraph id of its first cell.
struct StreamedTable<'a> {
    table: &'a super::doc::Table,
    width: usize,
    first_id: u32,
}

/// The paragraph that stands where streamed part `n` goes (a paragraph style no other
/// paragraph has: user text cannot imitate it, being escaped text, never markup), and the
/// first of the `count` paragraph ids its paragraphs get (a table's cells, a list's
/// lines). docx-rs numbers paragraphs as they are made; the ids they would have taken are
/// set aside here, so the document is the one building them at this point gave, byte for
/// byte.
fn marker(n: usize, count: usize) -> (Paragraph, u32) {
    let marker = Paragraph::new().style(&format!("{MARKER}{n}"));
    let first = u32::from_str_radix(&marker.id, 16).unwrap_or(0);
    for _ in 1..count {
        let _ = Paragraph::new();
    }
    (marker, first)
}

const MARKER: &str = "OcopDataTable";

/// The byte range of the paragraph holding `<w:pStyle w:val="{MARKER}{n}"`.
fn marker_span(xml: &[u8], n: usize) -> Option<std::ops::Range<usize>> {
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let rfind = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).rposition(|w| w == needle);
    let at = find(xml, format!("<w:pStyle w:val=\"{MARKER}{n}\"").as_bytes())?;
    let start = rfind(&xml[..at], b"<w:p>").into_iter().chain(rfind(&xml[..at], b"<w:p ")).max()?;
    let end = at + find(&xml[at..], b"</w:p>")? + b"</w:p>".len();
    Some(start..end)
}

/// Writes the package as docx-rs lays it out (the same parts, names and order), with the
/// data tables streamed into `word/document.xml` at their markers, and every part
/// deflated (stored, a national report was hundreds of megabytes; deflated, 80 times
/// less).
fn pack(w: &mut io::Cursor<Vec<u8>>, xml: docx_rs::XMLDocx, tables: &[Streamed<'_>], lang: Lang) -> io::Result<()> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(w);
    let dir = SimpleFileOptions::default();
    let file = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(3))
        .unix_permissions(0o755);
    for d in ["word/", "word/_rels", "_rels/", "docProps/"] {
        zip.add_directory(d, dir).map_err(io::Error::other)?;
    }
    let parts: [(&str, &[u8]); 6] = [
        ("[Content_Types].xml", &xml.content_type),
        ("_rels/.rels", &xml.rels),
        ("docProps/app.xml", &xml.doc_props.app),
        ("docProps/core.xml", &xml.doc_props.core),
        ("docProps/custom.xml", &xml.doc_props.custom),
        ("word/_rels/document.xml.rels", &xml.document_rels),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, file).map_err(io::Error::other)?;
        zip.write_all(bytes)?;
    }
    zip.start_file("word/document.xml", file).map_err(io::Error::other)?;
    let mut at = 0;
    for (n, t) in tables.iter().enumerate() {
        let span = marker_span(&xml.document[at..], n).ok_or_else(|| io::Error::other("docx: table marker lost"))?;
        zip.write_all(&xml.document[at..at + span.start])?;
        match t {
            Streamed::Table(t) => write_data_table(&mut zip, t, lang)?,
            Streamed::Bullets { items, first_id } => write_bullets(&mut zip, items, *first_id)?,
        }
        at += span.end;
    }
    zip.write_all(&xml.document[at..])?;
    let parts: [(&str, &[u8]); 7] = [
        ("word/styles.xml", &xml.styles),
        ("word/settings.xml", &xml.settings),
        ("word/fontTable.xml", &xml.font_table),
        ("word/comments.xml", &xml.comments),
        ("word/numbering.xml", &xml.numberings),
        ("word/commentsExtended.xml", &xml.comments_extended),
        ("word/footnotes.xml", &xml.footnotes),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, file).map_err(io::Error::other)?;
        zip.write_all(bytes)?;
    }
    // The report has headers (the page number) and nothing else docx-rs may add.
    for (i, h) in xml.headers.iter().enumerate() {
        zip.start_file(format!("word/header{}.xml", i + 1), file).map_err(io::Error::other)?;
        zip.write_all(h)?;
        if let Some(rels) = xml.header_rels.get(i) {
            zip.start_file(format!("word/_rels/header{}.xml.rels", i + 1), file).map_err(io::Error::other)?;
            zip.write_all(rels)?;
        }
    }
    for (i, f) in xml.footers.iter().enumerate() {
        zip.start_file(format!("word/footer{}.xml", i + 1), file).map_err(io::Error::other)?;
        zip.write_all(f)?;
        if let Some(rels) = xml.footer_rels.get(i) {
            zip.start_file(format!("word/_rels/footer{}.xml.rels", i + 1), file).map_err(io::Error::other)?;
            zip.write_all(rels)?;
        }
    }
    zip.finish().map_err(io::Error::other)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::report::doc::{Cell, Table as DocTable};

    fn table(rows: &[&[&str]]) -> DocTable {
        DocTable {
            id: "t",
            header: rows[0].iter().map(|s| s.to_string()).collect(),
            rows: rows[1..].iter().map(|r| r.iter().map(|s| Cell::text(*s)).collect()).collect(),
            total: None,
        }
    }

    #[test]
    fn a_short_column_keeps_its_text_on_one_line() {
        let long = "Tập huấn, hỗ trợ hoàn thiện hồ sơ; lựa chọn 01 sản phẩm mới; củng cố hồ sơ 03 sản phẩm";
        let t = table(&[&["Thời gian", "Nội dung công việc", "Đơn vị thực hiện"], &["Quý III/2026", long, long]]);
        let w = column_widths(&t, Lang::Vi, TEXT_W);
        assert!(w[0] >= text_widths("Quý III/2026").0, "{w:?}");
        assert!(w.iter().sum::<usize>() <= TEXT_W, "{w:?}");
        assert!(w[1] > w[0] * 3 / 2, "{w:?}");
    }

    #[test]
    fn no_column_is_narrower_than_its_longest_word() {
        let row: &[&str] = &[
            "Gạo nếp cái hoa vàng Việt Khê",
            "Hộ kinh doanh Nguyễn Văn Thắng",
            "Đánh giá lại",
            "3",
            "28/03/2026",
            "Đang chuẩn bị (25/08/2026)",
            "17",
            "22",
            "77%",
            "Đang chuẩn bị ngày 25/08/2026; hoàn thành 1 mục: Phiếu đăng ký sản phẩm (Mẫu 01)",
        ];
        let header: &[&str] = &[
            "Sản phẩm",
            "Chủ thể",
            "Loại ĐG",
            "Sao",
            "Hạn GCN",
            "Giai đoạn",
            "Mục đã xong",
            "Mục bắt buộc",
            "Tỷ lệ",
            "Thay đổi trong kỳ",
        ];
        let t = table(&[header, row]);
        assert!(needs_landscape(&t, Lang::Vi), "ten columns of dates do not fit a portrait page");
        let w = column_widths(&t, Lang::Vi, WIDE_W);
        for (j, (_, word)) in column_needs(&t, Lang::Vi).iter().enumerate() {
            assert!(w[j] >= *word, "column {j}: {} < {word}", w[j]);
        }
        assert!(w[4] >= text_widths("28/03/2026").0, "a date on one line: {w:?}");
        // An `m` is wider than an `i`: "phẩm" needs more room than "liti".
        assert!(measure("phẩm") > measure("liti"));
        assert!(w.iter().sum::<usize>() <= WIDE_W, "{w:?}");
        let narrow = table(&[&["Nguồn kinh phí", "Số tiền (đồng)"], &["Ngân sách nhà nước", "2.500.000"]]);
        assert!(!needs_landscape(&narrow, Lang::Vi));
    }

    #[test]
    fn a_streamed_table_is_the_table_docx_rs_draws() {
        let mut t = table(&[
            &["Sản phẩm", "Số", "Ghi chú"],
            &["Mật ong <An Sơn>", "3", "a & b \"c\" 'd'"],
            &["Na bở", "12", "dòng 1\ndòng 2\r\n  cách  "],
            &["Rượu\u{b}nếp", "", "\u{E001}]]>"],
        ]);
        t.rows[0][1] = Cell::Int(3);
        t.rows[1][1] = Cell::Money(2_500_000);
        t.rows[2][1] = Cell::Empty;
        t.rows[2][2] = Cell::Percent(45);
        t.total = Some(vec![Cell::text("Tổng"), Cell::Int(15), Cell::Empty]);
        let whole = data_table(&t, Lang::Vi, TEXT_W).build();
        let text = String::from_utf8_lossy(&whole).into_owned();
        let id = text.split("w14:paraId=\"").nth(1).and_then(|s| s.get(..8)).expect("a paragraph id");
        let first_id = u32::from_str_radix(id, 16).expect("hex");
        let mut streamed = Vec::new();
        write_data_table(&mut streamed, &StreamedTable { table: &t, width: TEXT_W, first_id }, Lang::Vi)
            .expect("written");
        assert_eq!(String::from_utf8_lossy(&streamed), text);
    }

    #[test]
    fn a_streamed_list_is_the_paragraphs_docx_rs_draws() {
        let items = vec!["Mật ong <An Sơn>: hoàn thiện hồ sơ".to_string(), "Na bở & \"Ngọt\"".to_string()];
        let whole: Vec<u8> = items.iter().flat_map(|i| body(&format!("- {i}")).build()).collect();
        let text = String::from_utf8_lossy(&whole).into_owned();
        let id = text.split("w14:paraId=\"").nth(1).and_then(|s| s.get(..8)).expect("a paragraph id");
        let first_id = u32::from_str_radix(id, 16).expect("hex");
        let mut streamed = Vec::new();
        write_bullets(&mut streamed, &items, first_id).expect("written");
        assert_eq!(String::from_utf8_lossy(&streamed), text);
    }

    #[test]
    fn the_document_is_in_vietnamese() {
        let styles = br#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="26" /></w:rPr></w:rPrDefault></w:docDefaults></w:styles>"#;
        let out = String::from_utf8(set_language(styles, Lang::Vi)).expect("utf-8");
        assert!(out.contains(r#"<w:sz w:val="26" /><w:lang w:val="vi-VN""#), "{out}");
        let empty = br#"<w:rPrDefault><w:rPr /></w:rPrDefault>"#;
        let out = String::from_utf8(set_language(empty, Lang::Vi)).expect("utf-8");
        assert!(out.contains(r#"<w:rPr><w:lang w:val="vi-VN""#), "{out}");
    }
}
