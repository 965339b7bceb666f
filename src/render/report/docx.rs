//! The report as a Word document in the layout of Vietnamese administrative documents
//! (Decree 30/2020/NĐ-CP, Appendix I): issuing body and number on the left, the national
//! heading and the place and date on the right, the title, the body, then "Nơi nhận"
//! and the signature block, on A4 in Times New Roman, ready to sign and file.

use super::doc::{Block, Cell, Doc};
use crate::i18n::{Lang, LocalText, fmt, tr};
use crate::report::Report;
use chrono::Datelike;
use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts, Shading, SpecialIndentType, Table,
    TableCell, TableRow, WidthType,
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
const FONT: &str = "Times New Roman";

/// "Số: 12/BC-UBND".
pub fn number_line(lang: Lang, number: &str) -> String {
    fmt(lang, "report.number", &[("number", &LocalText::plain(number))])
}

/// "Việt Khê, ngày 30 tháng 9 năm 2026": days below 10 and months below 3 take a
/// leading zero, as Decree 30 asks.
pub fn date_line(lang: Lang, r: &Report) -> String {
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

/// Column widths (dxa) for a data table: as wide as their longest text suggests, within
/// limits, so descriptions get room and numbers stay narrow. A short column (a date, a
/// number, a quarter such as "Quý III/2026") also gets room to keep its text on one line
/// when that leaves the long columns at least half the width.
fn column_widths(t: &super::doc::Table, lang: Lang) -> Vec<usize> {
    /// About one character of 11 pt Times, and a cell's side margins.
    const CHAR_W: usize = 110;
    const PAD_W: usize = 240;
    const SHORT: usize = 16;
    let longest: Vec<usize> = (0..t.header.len())
        .map(|j| {
            let cells = t.rows.iter().chain(&t.total).filter_map(|r| r.get(j)).map(|c| c.show(lang).chars().count());
            cells.max().unwrap_or(0)
        })
        .collect();
    let weights: Vec<usize> =
        longest.iter().zip(&t.header).map(|(n, h)| (*n).max(h.chars().count().min(12)).clamp(9, 60)).collect();
    let sum: usize = weights.iter().sum::<usize>().max(1);
    let grid: Vec<usize> = weights.iter().map(|w| TEXT_W * w / sum).collect();
    let short = |j: usize| longest[j] <= SHORT;
    let short_w: usize = (0..grid.len()).filter(|&j| short(j)).map(|j| grid[j].max(longest[j] * CHAR_W + PAD_W)).sum();
    let long_weight: usize = (0..grid.len()).filter(|&j| !short(j)).map(|j| weights[j]).sum();
    if long_weight == 0 || short_w > TEXT_W / 2 {
        return grid;
    }
    (0..grid.len())
        .map(|j| {
            if short(j) {
                grid[j].max(longest[j] * CHAR_W + PAD_W)
            } else {
                (TEXT_W - short_w) * weights[j] / long_weight
            }
        })
        .collect()
}

fn data_table(t: &super::doc::Table, lang: Lang) -> Table {
    let grid = column_widths(t, lang);
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
    Table::new(rows).set_grid(grid.clone()).width(TEXT_W, WidthType::Dxa)
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
    let mut doc = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(PageMargin {
            top: MARGIN_TOP,
            left: MARGIN_LEFT,
            bottom: MARGIN_TOP,
            right: MARGIN_RIGHT,
            header: 720,
            footer: 720,
            gutter: 0,
        })
        .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT))
        .default_size(26)
        .created_at(&format!("{}T00:00:00Z", r.as_of))
        .updated_at(&format!("{}T00:00:00Z", r.as_of))
        .add_table(borderless(vec![(left_w, left), (right_w, right)]))
        .add_paragraph(centered("", 26, false, false, false))
        .add_paragraph(centered(&d.title, 28, true, false, false))
        .add_paragraph(centered(&d.subtitle, 28, true, false, false))
        .add_paragraph(centered("", 26, false, false, false));
    let body = |text: &str| {
        Paragraph::new()
            .align(AlignmentType::Both)
            .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
            .line_spacing(LineSpacing::new().before(0).after(120))
            .add_run(run(text, 26))
    };
    doc = doc.add_paragraph(body(&d.intro));
    for b in &d.blocks {
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
            Block::Bullets(items) => {
                let mut doc = doc;
                for i in items {
                    doc = doc.add_paragraph(body(&format!("- {i}")));
                }
                doc
            }
            Block::Table(t) => doc.add_table(data_table(t, lang)).add_paragraph(para(AlignmentType::Left)),
            Block::Chart(_) => doc,
        };
    }
    // "Nơi nhận" on the left, the signature on the right.
    let mut recipients = vec![para(AlignmentType::Left).add_run(run(k("recipients"), 24).bold().italic())];
    let n = h.recipients.len();
    for (i, line) in h.recipients.iter().enumerate() {
        let end = if i + 1 == n { "." } else { ";" };
        recipients.push(para(AlignmentType::Left).add_run(run(&format!("- {line}{end}"), 22)));
    }
    let mut sign: Vec<Paragraph> =
        h.signer_title.iter().map(|l| centered(&l.to_uppercase(), 26, true, false, false)).collect();
    sign.push(centered(k("signature_note"), 26, false, true, false));
    for _ in 0..4 {
        sign.push(centered("", 26, false, false, false));
    }
    if let Some(s) = &h.signer {
        sign.push(centered(s, 26, true, false, false));
    }
    doc =
        doc.add_paragraph(para(AlignmentType::Left)).add_table(borderless(vec![(left_w, recipients), (right_w, sign)]));
    let mut buf = io::Cursor::new(Vec::new());
    doc.build().pack(&mut buf).map_err(io::Error::other)?;
    out.write_all(buf.get_ref())
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
        let w = column_widths(&t, Lang::Vi);
        assert!(w[0] >= 12 * 110 + 240, "{w:?}");
        assert!(w.iter().sum::<usize>() <= TEXT_W, "{w:?}");
        assert!(w[1] > w[0] * 2, "{w:?}");
    }
}
