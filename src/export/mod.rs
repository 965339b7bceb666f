//! The tree as a province list: one row per product (its producer, legal form and
//! address, set and group, and the certificate it holds with its state on the reference
//! day), the shape of the OCOP lists provinces publish. Data only; `render::export`
//! writes it as CSV or Excel under headers `ocop import` reads, so that importing an
//! export into an empty tree gives back the same producers, products and certificates.

use crate::asof;
use crate::eval::{CertState, certificate_valid_through, rules_for_certificate};
use crate::load::Catalog;
use crate::model::{ProducerKind, Revocation};
use crate::text::sort_key;
use chrono::NaiveDate;

crate::model::keyed_enum! {
    /// Where a listed product's certificate stands on the reference day.
    pub enum ListState {
        /// Holds a certificate valid on the day (a re-evaluation's grace included).
        Valid = "valid",
        /// Its certificate's last valid day has passed.
        Expired = "expired",
        /// Its certificate was revoked (thu hồi).
        Revoked = "revoked",
        /// No certificate yet: a dossier in preparation or under evaluation.
        InProgress = "in_progress",
        /// Known only from a published list that gives no date to judge it by.
        Unknown = "unknown",
    }
}

/// Which rows to write.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Also list products that hold no certificate (state `in_progress`) and producers
    /// with no product; a province list has certified products only.
    pub include_uncertified: bool,
    /// Only rows in these states (all when empty).
    pub states: Vec<ListState>,
}

/// The certificate a row lists.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedCert {
    pub stars: u8,
    pub score: Option<f64>,
    pub decision: Option<String>,
    pub issued: Option<NaiveDate>,
    pub issued_by: Option<String>,
    /// The last valid day: as written, else computed from the rules and the tree's
    /// end-day convention.
    pub expires: Option<NaiveDate>,
    pub revoked: Option<Revocation>,
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListRow {
    /// 1, 2, 3… in list order.
    pub index: usize,
    /// None for a producer with no product (only with `include_uncertified`).
    pub product: Option<String>,
    pub producer: String,
    pub kind: Option<ProducerKind>,
    pub address: Option<String>,
    pub set: Option<u8>,
    /// The group the set belongs to (its id).
    pub group: Option<u8>,
    pub certificate: Option<ListedCert>,
    pub state: ListState,
    /// In a province's list: the commune's name (a first column "Xã").
    pub commune: Option<String>,
}

/// The rows of the list on `today`, by product name in Vietnamese order (then
/// producer), then the producers without products.
pub fn rows(catalog: &Catalog, today: NaiveDate, opts: &ExportOptions) -> Vec<ListRow> {
    let mut rows = Vec::new();
    for rec in catalog.products.values() {
        // The product as it stood on the day: no certificate issued later.
        let Some(p) = asof::product(&rec.value, today) else { continue };
        let producer = catalog.producers.get(p.producer.as_str()).map(|r| &r.value);
        let (certificate, state) = if let Some(c) = &p.certificate {
            let expires =
                rules_for_certificate(catalog, c).map(|r| certificate_valid_through(c, r, &catalog.rules.calendar));
            let state = match crate::eval::evaluate(catalog, &p, today).and_then(|e| e.certificate) {
                Some(e) if e.state == CertState::Revoked => ListState::Revoked,
                Some(e) if e.state == CertState::Expired => ListState::Expired,
                Some(_) => ListState::Valid,
                None if c.revoked.is_some() => ListState::Revoked,
                None => ListState::Unknown,
            };
            let cert = ListedCert {
                stars: c.stars,
                score: c.score,
                decision: Some(c.decision.clone()),
                issued: Some(c.issued.get()),
                issued_by: c.issued_by.clone(),
                expires,
                revoked: c.revoked.clone(),
            };
            (Some(cert), state)
        } else if let Some(l) = &p.listed_certificate {
            let expires = l.expires.map(|d| d.get()).or_else(|| {
                let issued = l.issued?.get();
                let rules = catalog.rules.in_force_on(issued)?;
                Some(crate::dates::end_of_period(
                    issued,
                    rules.certificate_months,
                    catalog.rules.calendar.certificate_end,
                ))
            });
            let state = match expires {
                Some(x) if x < today => ListState::Expired,
                Some(_) => ListState::Valid,
                None => ListState::Unknown,
            };
            let cert = ListedCert {
                stars: l.stars,
                score: l.score,
                decision: l.decision.clone(),
                issued: l.issued.map(|d| d.get()),
                issued_by: l.issued_by.clone(),
                // A listed certificate keeps what the list gave: an expiry it did not
                // give is not written back as if it had.
                expires: l.expires.map(|d| d.get()),
                revoked: None,
            };
            (Some(cert), state)
        } else {
            (None, ListState::InProgress)
        };
        if certificate.is_none() && !opts.include_uncertified {
            continue;
        }
        rows.push(ListRow {
            index: 0,
            product: Some(p.name.clone()),
            producer: producer.map_or_else(|| p.producer.clone(), |r| r.name.clone()),
            kind: producer.map(|r| r.kind),
            address: producer.and_then(|r| r.address.clone()),
            set: Some(p.set),
            group: catalog.rules.group_of_set(p.set).map(|g| g.id),
            certificate,
            state,
            commune: None,
        });
    }
    rows.sort_by_cached_key(|r| {
        (sort_key(r.product.as_deref().unwrap_or_default()), sort_key(&r.producer), r.producer.clone())
    });
    if opts.include_uncertified {
        let with_products: std::collections::BTreeSet<&str> =
            catalog.products.values().map(|p| p.value.producer.as_str()).collect();
        let mut alone: Vec<ListRow> = catalog
            .producers
            .iter()
            .filter(|(id, _)| !with_products.contains(id.as_str()))
            .map(|(_, r)| ListRow {
                index: 0,
                product: None,
                producer: r.value.name.clone(),
                kind: Some(r.value.kind),
                address: r.value.address.clone(),
                set: None,
                group: None,
                certificate: None,
                state: ListState::InProgress,
                commune: None,
            })
            .collect();
        alone.sort_by_cached_key(|r| sort_key(&r.producer));
        rows.extend(alone);
    }
    rows.retain(|r| opts.states.is_empty() || opts.states.contains(&r.state));
    for (i, r) in rows.iter_mut().enumerate() {
        r.index = i + 1;
    }
    rows
}

#[cfg(test)]
mod roundtrip;

/// A province's list: each commune's list (with its own rules), in the province's
/// order, the commune named on every row and the numbers running on across communes.
pub fn province_rows(p: &crate::province::Province, today: NaiveDate, opts: &ExportOptions) -> Vec<ListRow> {
    let ready: Vec<(&crate::province::Member, &crate::tree::Tree)> = p.ready().collect();
    let lists = crate::load::parallel_each(&ready, |(_, t)| rows(&t.catalog, today, opts));
    let mut out: Vec<ListRow> = Vec::new();
    for ((m, _), list) in ready.iter().zip(lists) {
        out.extend(list.into_iter().map(|r| ListRow { commune: Some(m.entry.name.clone()), ..r }));
    }
    for (i, r) in out.iter_mut().enumerate() {
        r.index = i + 1;
    }
    out
}
