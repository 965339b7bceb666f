//! CLI tests: the real `ocop` binary over fixture trees. One test binary (autotests =
//! false) with a module per command; `cases` runs every fixture under `tests/cases/`.

mod cases;
mod check;
mod completions;
mod diff;
mod docs;
mod edit;
mod harness;
mod history;
mod import;
mod init;
mod new;
mod report;
mod review;
mod rules;
mod schema;
mod show;
mod status;
