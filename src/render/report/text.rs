//! The report in a terminal: headings, tables and lists in plain text.

use super::doc::{Block, Cell, Doc};
use crate::render::{Style, paint};
use crate::safe::terminal;
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use std::io::{self, Write};

pub fn text(out: &mut dyn Write, d: &Doc, style: Style) -> io::Result<()> {
    writeln!(out, "{}", paint(style.color, "1", &format!("{} — {}", d.title, d.subtitle)))?;
    writeln!(out, "{}", terminal(&d.intro))?;
    for b in &d.blocks {
        match b {
            Block::Heading(h) => {
                writeln!(out)?;
                writeln!(out, "{}", paint(style.color, "1", h))?;
            }
            Block::Subheading(h) => {
                writeln!(out)?;
                writeln!(out, "{}", paint(style.color, "4", h))?;
            }
            Block::Para(p) => writeln!(out, "{}", terminal(p))?,
            Block::Bullets(items) => {
                for i in items {
                    writeln!(out, "- {}", terminal(i))?;
                }
            }
            Block::Table(tab) => {
                let mut t = Table::new();
                t.load_preset(if style.color { presets::UTF8_FULL_CONDENSED } else { presets::ASCII_MARKDOWN });
                t.set_content_arrangement(if style.color {
                    ContentArrangement::Dynamic
                } else {
                    ContentArrangement::Disabled
                });
                t.set_header(crate::render::cells(&tab.header));
                for row in tab.rows.iter().chain(&tab.total) {
                    t.add_row(row.iter().map(|c| {
                        let cell = crate::render::cell(&c.show(d.lang));
                        if matches!(c, Cell::Int(_) | Cell::Money(_) | Cell::Percent(_)) {
                            cell.set_alignment(CellAlignment::Right)
                        } else {
                            cell
                        }
                    }));
                }
                writeln!(out, "{t}")?;
            }
            Block::Chart(_) => {}
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", d.closing)
}
