//! The report's products: each one's progress as of the period's last day, what changed
//! within the period, the checklist's sections and items for the per-section columns and
//! the matrix, and what each producer still has to supply.

use super::{CertMove, Changes, Column, ProducerMissing, ProductMissing, ProductRow, StageMove, asof};
use crate::eval::{ItemState, ProductEval, certificate_valid_through, evaluate, rules_for_certificate};
use crate::load::{Catalog, Record};
use crate::model::{Product, Stage};
use crate::period::Period;
use crate::status::row_of;
use crate::text::sort_key;
use std::collections::HashMap;

/// The products part of the report.
pub(super) struct Products {
    pub products: Vec<ProductRow>,
    pub sections: Vec<Column>,
    pub items: Vec<Column>,
    pub missing: Vec<ProducerMissing>,
}

/// Every product that existed on the period's last day, by name.
pub(super) fn products(catalog: &Catalog, period: &Period) -> Products {
    let as_of = period.to;
    let mut products = Vec::new();
    let mut items: Vec<Column> = Vec::new();
    let mut sections: Vec<Column> = Vec::new();
    let mut missing: Vec<ProducerMissing> = Vec::new();
    // Where each producer's entry is in `missing`: a lookup, not a scan per product.
    let mut missing_at: HashMap<String, usize> = HashMap::new();
    let mut recs: Vec<&Record<Product>> = catalog.products.values().collect();
    // One collation key per product (benches/collate.rs: a quarter of the time of a
    // comparison per pair at 20,000 names).
    recs.sort_by_cached_key(|r| (sort_key(&r.value.name), r.id.clone()));
    for rec in recs {
        let Some(snap) = asof::product(&rec.value, as_of) else { continue };
        let r = row_of(catalog, &rec.id, &snap, as_of);
        let eval = evaluate(catalog, &snap, as_of);
        let mut cells = Vec::new();
        let mut outstanding = Vec::new();
        if let Some(e) = &eval {
            for s in &e.rules.sections {
                if !sections.iter().any(|c| c.id == s.id) {
                    sections.push(Column {
                        id: s.id.clone(),
                        name: s.name.clone(),
                        short: Some(s.short.clone()),
                        section: None,
                    });
                }
            }
            for i in &e.items {
                if !items.iter().any(|c| c.id == i.rule.id) {
                    items.push(Column {
                        id: i.rule.id.clone(),
                        name: i.rule.name.clone(),
                        short: None,
                        section: Some(i.rule.section.clone()),
                    });
                }
                cells.push((i.rule.id.clone(), i.state));
            }
            if matches!(snap.stage(), Stage::Preparing | Stage::Returned) {
                outstanding = e.outstanding().map(|i| (i.rule.id.clone(), i.rule.name.clone(), i.state)).collect();
            }
        }
        let changes = changes(catalog, &rec.value, &snap, eval.as_ref(), period);
        if !outstanding.is_empty() {
            let pm = ProductMissing { id: rec.id.clone(), name: rec.value.name.clone(), items: outstanding };
            match missing_at.get(&rec.value.producer) {
                Some(&i) => missing[i].products.push(pm),
                None => {
                    missing_at.insert(rec.value.producer.clone(), missing.len());
                    missing.push(ProducerMissing {
                        commune: None,
                        producer: rec.value.producer.clone(),
                        producer_name: r.producer_name.clone(),
                        products: vec![pm],
                    });
                }
            }
        }
        let percent = u32::try_from(crate::text::percent(r.done, r.required).unwrap_or(0)).unwrap_or(0);
        products.push(ProductRow {
            id: r.id,
            commune: None,
            name: r.name,
            code: r.code,
            producer: r.producer,
            producer_name: r.producer_name,
            set: r.set,
            evaluation: r.evaluation,
            rule_set: r.rule_set,
            stage: r.stage,
            stage_date: r.stage_date,
            stars: r.stars,
            certificate_valid_through: r.certificate.as_ref().map(|c| c.valid_through),
            certificate_state: r.certificate.as_ref().map(|c| c.state),
            certificate_revoked: r.certificate.as_ref().and_then(|c| c.revoked),
            done: r.done,
            required: r.required,
            percent,
            sections: r.sections,
            items: cells,
            changes,
            next: r.next,
        });
    }
    // Items in section order, so the matrix reads like the checklist.
    items.sort_by_key(|c| sections.iter().position(|s| Some(&s.id) == c.section.as_ref()).unwrap_or(usize::MAX));
    // One collation key per producer, not two per comparison (the same order as
    // `compare`, and as stable).
    missing.sort_by_cached_key(|m| sort_key(m.producer_name.as_deref().unwrap_or(&m.producer)));
    Products { products, sections, items, missing }
}

/// What changed in the period, read from the full record (`full`) and its state at the
/// period's end (`snap`): only dates up to the period's end are used.
fn changes(
    catalog: &Catalog,
    full: &Product,
    snap: &Product,
    eval: Option<&ProductEval<'_>>,
    period: &Period,
) -> Changes {
    let mut c = Changes::default();
    if let Some(e) = eval {
        c.items_completed = e
            .items
            .iter()
            .filter(|i| matches!(i.state, ItemState::Done | ItemState::Expired))
            .filter(|i| i.entry.and_then(|x| x.since.or(x.issued)).is_some_and(|d| period.contains(d.get())))
            .map(|i| i.rule.id.clone())
            .collect();
    }
    c.stages = snap
        .stages
        .iter()
        .filter(|s| period.contains(s.date.get()))
        .map(|s| StageMove { stage: s.stage, date: s.date.get(), reference: s.reference.clone() })
        .collect();
    for cert in full.certificate.iter().chain(&full.past_certificates) {
        let mv = |date| CertMove { stars: cert.stars, decision: cert.decision.clone(), date };
        if period.contains(cert.issued.get()) {
            c.certificates_issued.push(mv(cert.issued.get()));
        }
        if let Some(rules) = rules_for_certificate(catalog, cert) {
            let through = certificate_valid_through(cert, rules, &catalog.rules.calendar);
            // Expired within the period: its first day without validity falls in it
            // (unless a revocation had ended it before).
            let revoked_first = cert.revoked.as_ref().is_some_and(|r| r.date.get() <= through);
            if !revoked_first && through.succ_opt().is_some_and(|d| period.contains(d)) {
                c.certificates_expired.push(mv(through));
            }
        }
        if let Some(r) = cert.revoked.as_ref().filter(|r| period.contains(r.date.get())) {
            c.certificates_revoked.push(CertMove {
                stars: cert.stars,
                decision: r.decision.clone(),
                date: r.date.get(),
            });
        }
    }
    c.certificates_issued.sort_by_key(|m| m.date);
    c.certificates_expired.sort_by_key(|m| m.date);
    c.certificates_revoked.sort_by_key(|m| m.date);
    c
}
