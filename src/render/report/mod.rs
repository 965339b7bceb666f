//! `report` output, one renderer per format, all drawing the same computed `Report`:
//! the terminal, Markdown, HTML (with inline SVG charts), Word (Decree 30/2020 layout)
//! and Excel from one layout (`doc`), JSON and CSV straight from the data.

pub mod doc;
mod docx;
pub mod html;
mod markdown;
mod sections;
mod svg;
mod tabular;
mod text;
mod xlsx;

pub use docx::docx;
pub use html::html;
pub use markdown::markdown;
pub use tabular::{csv, json};
pub use text::text;
pub use xlsx::xlsx;
