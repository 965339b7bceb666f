//! Sign-off through the records: whether each product's last approval still covers its
//! record and evidence, and what awaits review.

use crate::load::Catalog;
use crate::model::Id;
use chrono::NaiveDate;
use serde::Serialize;

/// Where a product's sign-off stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// Approved, and nothing it covered has changed since.
    Approved,
    /// Approved, but the record or its evidence changed since.
    Stale,
    /// Never approved.
    Unreviewed,
}

impl ReviewState {
    pub fn key(self) -> &'static str {
        match self {
            ReviewState::Approved => "approved",
            ReviewState::Stale => "stale",
            ReviewState::Unreviewed => "unreviewed",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewRow {
    pub id: Id,
    pub name: String,
    pub state: ReviewState,
    pub by: Option<String>,
    pub date: Option<NaiveDate>,
}

impl ReviewRow {
    pub fn awaits_review(&self) -> bool {
        self.state != ReviewState::Approved
    }
}

/// The sign-off state of one product.
pub fn state(catalog: &Catalog, product: &crate::model::Product) -> ReviewState {
    match &product.review {
        None => ReviewState::Unreviewed,
        Some(r) if Some(catalog.product_fingerprint(product)) == r.fingerprint => ReviewState::Approved,
        Some(_) => ReviewState::Stale,
    }
}

/// Every product's sign-off, what awaits review first, then by name.
pub fn rows(catalog: &Catalog) -> Vec<ReviewRow> {
    let mut rows: Vec<ReviewRow> = catalog
        .products
        .values()
        .map(|rec| ReviewRow {
            id: rec.id.clone(),
            name: rec.value.name.clone(),
            state: state(catalog, &rec.value),
            by: rec.value.review.as_ref().map(|r| r.by.clone()),
            date: rec.value.review.as_ref().and_then(|r| r.date).map(|d| d.get()),
        })
        .collect();
    rows.sort_by(|a, b| {
        (!a.awaits_review()).cmp(&!b.awaits_review()).then_with(|| crate::text::compare(&a.name, &b.name))
    });
    rows
}
