//! The report in a terminal: headings, tables and lists in plain text.

use super::doc::{Block, Cell, Doc};
use crate::render::{Style, paint};
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use std::io::{self, Write};

pub fn text(out: &mut dyn Write, d: &Doc, style: Style) -> io::Result<()> {
    writeln!(out, "{}", paint(style.color, "1", &format!("{} — {}", d.title, d.subtitle)))?;
    writeln!(out, "{}", d.intro)?;
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
            Block::Para(p) => writeln!(out, "{p}")?,
            Block::Bullets(items) => {
                for i in items {
                    writeln!(out, "- {i}")?;
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
                t.set_header(tab.header.clone());
                for row in tab.rows.iter().chain(&tab.total) {
                    t.add_row(row.iter().map(|c| {
                        let cell = comfy_table::Cell::new(c.show(d.lang));
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
