//! The pages, drawn from data the caller computed: one file per kind of page.

pub(crate) mod calendar;
pub(crate) mod province;
pub(crate) mod record;
pub(crate) mod status;
