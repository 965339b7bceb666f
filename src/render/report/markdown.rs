//! The report as Markdown, for a wiki, an e-mail or a pull request.

use super::doc::{Block, Doc};
use std::io::{self, Write};

use crate::safe::markdown as escape;

pub fn markdown(out: &mut dyn Write, d: &Doc) -> io::Result<()> {
    writeln!(out, "# {}", escape(&d.title))?;
    writeln!(out)?;
    writeln!(out, "**{}**", escape(&d.subtitle))?;
    writeln!(out)?;
    writeln!(out, "{}", escape(&d.intro))?;
    for b in &d.blocks {
        match b {
            Block::Heading(h) => write!(out, "\n## {}\n\n", escape(h))?,
            Block::Subheading(h) => write!(out, "\n### {}\n\n", escape(h))?,
            Block::Para(p) => writeln!(out, "{}\n", escape(p))?,
            Block::Bullets(items) => {
                for i in items {
                    writeln!(out, "- {}", escape(i))?;
                }
                writeln!(out)?;
            }
            Block::Table(t) => {
                writeln!(out, "| {} |", t.header.iter().map(|h| escape(h)).collect::<Vec<_>>().join(" | "))?;
                writeln!(out, "|{}", " --- |".repeat(t.header.len()))?;
                for row in &t.rows {
                    writeln!(
                        out,
                        "| {} |",
                        row.iter().map(|c| escape(&c.show(d.lang))).collect::<Vec<_>>().join(" | ")
                    )?;
                }
                if let Some(total) = &t.total {
                    let cells: Vec<String> = total
                        .iter()
                        .map(|c| c.show(d.lang))
                        .map(|s| if s.is_empty() { s } else { format!("**{}**", escape(&s)) })
                        .collect();
                    writeln!(out, "| {} |", cells.join(" | "))?;
                }
                writeln!(out)?;
            }
            Block::Chart(_) => {}
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", d.closing)
}
