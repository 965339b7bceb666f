//! CLI tests: the real `ocop` binary over fixture trees. One test binary (autotests =
//! false) with a module per command; `cases` runs every fixture under `tests/cases/`.
// Tests write their fixtures directly; the product writes only through `edit::write`.
#![allow(clippy::disallowed_methods)]

mod cases;
mod check;
mod completions;
mod corpus;
mod diff;
mod docs;
mod edit;
mod export;
mod harness;
mod history;
mod hostile;
mod import;
mod inert;
mod init;
mod new;
mod print;
mod province;
mod report;
mod review;
mod rules;
mod schema;
mod serve;
mod show;
mod status;
mod stress;
mod walkthrough;
