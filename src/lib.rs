//! `ocop`: OCOP ("mỗi xã một sản phẩm") dossiers kept as plain TOML files in git.
//!
//! The library holds the whole domain (model, rules, loading, checks, status) and the
//! renderers; `cli` turns arguments into calls. Nothing here prints except renderers
//! writing to a `&mut dyn Write`.

// Tests write their fixtures directly; the product writes only through `edit::write`.
#![cfg_attr(test, allow(clippy::disallowed_methods))]

pub mod asof;
pub mod calendar_rounds;
pub mod checks;
pub mod cli;
pub mod codes;
pub mod dates;
pub mod diag;
pub mod diff;
pub mod due;
pub mod edit;
pub mod error;
pub mod eval;
pub mod evidence;
pub mod export;
pub mod fields;
pub mod find;
pub mod fingerprint;
pub mod git;
pub mod i18n;
pub mod import;
pub mod load;
pub mod model;
pub mod period;
pub mod plan;
pub mod province;
pub mod redact;
pub mod render;
pub mod report;
pub mod review;
pub mod rules;
pub mod safe;
pub mod schema;
pub mod serve;
pub mod spelling;
pub mod status;
pub mod text;
pub mod tree;
