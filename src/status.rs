//! The status of every product on a reference date: stage, certificate, completeness
//! overall and by section, and the next action. Data only; `render::status` draws it.

use crate::calendar_rounds::next_round;
use crate::eval::{CertEval, CertState, ItemState, ProductEval, evaluate};
use crate::load::{Catalog, Record};
use crate::model::{EvaluationKind, Id, Product, Stage};
use crate::text::{compare, matches, sort_key};
use chrono::NaiveDate;
use serde::Serialize;

/// Version of the JSON shape of `status`/`show`; bumped on any breaking change.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct SectionCount {
    pub id: String,
    pub done: usize,
    pub required: usize,
}

/// What the officer should do next for a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NextAction {
    /// Register the producer's business first.
    RegisterProducer,
    /// Fix the product's data (unknown producer, product set or rule set).
    FixRecord,
    /// Renew items whose papers expired.
    RenewItems {
        items: Vec<String>,
    },
    /// Complete the outstanding items (first ones listed).
    CompleteItems {
        items: Vec<String>,
        count: usize,
    },
    /// Everything is ready: submit to the commune.
    SubmitToCommune,
    /// The commune must screen (Form 03) by this date.
    ScreenBy {
        deadline: NaiveDate,
    },
    /// Send to the province by the next round's deadline.
    SendToProvinceBy {
        deadline: NaiveDate,
    },
    /// Waiting for the province's decision, expected by this date.
    AwaitDecision {
        by: NaiveDate,
    },
    /// File the re-evaluation dossier by this date.
    FileReevaluationBy {
        deadline: NaiveDate,
    },
    /// Certified; monitor (hậu kiểm) until expiry.
    Monitor {
        until: NaiveDate,
    },
    Nothing,
    /// The certificate is known only from a published list: find its decision.
    FindDecision,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusRow {
    pub id: Id,
    /// In a province's roll-up: the commune's folder name (ids are then qualified).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune: Option<String>,
    pub name: String,
    /// The OCOP product code as written (checked by E043/W044).
    pub code: Option<String>,
    pub producer: String,
    pub producer_name: Option<String>,
    pub set: u8,
    pub group: Option<String>,
    pub evaluation: EvaluationKind,
    pub rule_set: Option<String>,
    pub stars: Option<u8>,
    pub certificate: Option<CertEval>,
    pub stage: Stage,
    pub stage_date: Option<NaiveDate>,
    pub done: usize,
    pub required: usize,
    pub sections: Vec<SectionCount>,
    pub next: NextAction,
    /// The last sign-off and whether it still holds; absent when never approved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<RowReview>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RowReview {
    pub by: String,
    pub date: Option<NaiveDate>,
    pub state: crate::review::ReviewState,
}

/// Filters for `status`.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub producer: Option<String>,
    pub stage: Option<Stage>,
    pub search: Option<String>,
}

impl Filter {
    fn keeps(&self, catalog: &Catalog, rec: &Record<Product>) -> bool {
        let p = &rec.value;
        let producer_name = catalog.producers.get(p.producer.as_str()).map(|r| r.value.name.as_str());
        self.producer
            .as_deref()
            .is_none_or(|want| p.producer == want || producer_name.is_some_and(|n| matches(n, want)))
            && self.stage.is_none_or(|s| p.stage() == s)
            && self.search.as_deref().is_none_or(|q| {
                matches(&p.name, q) || matches(rec.id.as_str(), q) || producer_name.is_some_and(|n| matches(n, q))
            })
    }
}

/// One row per product kept by `filter`, in Vietnamese alphabetical order of name.
pub fn rows(catalog: &Catalog, today: NaiveDate, filter: &Filter) -> Vec<StatusRow> {
    let kept: Vec<&Record<Product>> = catalog.products.values().filter(|rec| filter.keeps(catalog, rec)).collect();
    let mut rows: Vec<StatusRow> = crate::load::parallel_map(&kept, |rec| row(catalog, rec, today));
    // One collation key per row, not two per comparison.
    rows.sort_by_cached_key(|r| (sort_key(&r.name), r.id.clone()));
    rows
}

pub fn row(catalog: &Catalog, rec: &Record<Product>, today: NaiveDate) -> StatusRow {
    row_of(catalog, &rec.id, &rec.value, today)
}

/// The row of product `id` as `p` says (a record, or its state on a past day).
pub fn row_of(catalog: &Catalog, id: &Id, p: &Product, today: NaiveDate) -> StatusRow {
    let producer = catalog.producers.get(p.producer.as_str());
    let eval = evaluate(catalog, p, today);
    let sections = eval.as_ref().map_or_else(Vec::new, |e| {
        e.rules
            .sections
            .iter()
            .map(|s| {
                let (done, required) = e.section_counts(&s.id);
                SectionCount { id: s.id.clone(), done, required }
            })
            .collect()
    });
    let eligible = producer.is_none_or(|r| r.value.kind.is_eligible());
    let next = match (&eval, producer, catalog.rules.product_set(p.set)) {
        _ if !eligible => NextAction::RegisterProducer,
        _ if p.certificate.is_none() && p.listed_certificate.is_some() && !crate::eval::is_filed(p) => {
            NextAction::FindDecision
        }
        (Some(e), Some(_), Some(_)) => next_action(catalog, p, e, today),
        _ => NextAction::FixRecord,
    };
    StatusRow {
        id: id.clone(),
        commune: None,
        name: p.name.clone(),
        code: p.code.clone(),
        producer: p.producer.clone(),
        producer_name: producer.map(|r| r.value.name.clone()),
        set: p.set,
        group: eval.as_ref().and_then(|e| e.group).map(|g| g.key.clone()),
        evaluation: p.evaluation,
        rule_set: eval.as_ref().map(|e| e.rules.id.clone()),
        stars: p.certificate.as_ref().map(|c| c.stars).or(p.listed_certificate.as_ref().map(|c| c.stars)),
        certificate: eval.as_ref().and_then(|e| e.certificate.clone()),
        stage: p.stage(),
        stage_date: p.stage_date().map(|d| d.get()),
        done: eval.as_ref().map_or(0, ProductEval::done_count),
        required: eval.as_ref().map_or(0, ProductEval::required_count),
        sections,
        next,
        review: p.review.as_ref().map(|r| RowReview {
            by: r.by.clone(),
            date: r.date.map(|d| d.get()),
            state: crate::review::state(catalog, p),
        }),
    }
}

/// How many outstanding items the next action names before "and N more".
const NEXT_ITEMS: usize = 1;

fn next_action(catalog: &Catalog, p: &Product, e: &ProductEval<'_>, today: NaiveDate) -> NextAction {
    let stage_date = p.stage_date().map_or(today, |d| d.get());
    match p.stage() {
        Stage::Preparing | Stage::Returned => {
            let expired: Vec<String> =
                e.items.iter().filter(|i| i.state == ItemState::Expired).map(|i| i.rule.id.clone()).collect();
            let outstanding: Vec<String> =
                e.outstanding().filter(|i| i.state != ItemState::Expired).map(|i| i.rule.id.clone()).collect();
            if !expired.is_empty() {
                NextAction::RenewItems { items: expired }
            } else if !outstanding.is_empty() {
                let count = outstanding.len();
                NextAction::CompleteItems { items: outstanding.into_iter().take(NEXT_ITEMS).collect(), count }
            } else {
                NextAction::SubmitToCommune
            }
        }
        Stage::Submitted => NextAction::ScreenBy {
            deadline: catalog.rules.calendar.add_working_days(stage_date, e.rules.screening_working_days),
        },
        Stage::Screened => NextAction::SendToProvinceBy {
            deadline: next_round(&e.rules.province_rounds, &catalog.rules.calendar, today),
        },
        Stage::SentToProvince => NextAction::AwaitDecision {
            by: crate::calendar_rounds::decision_due(&e.rules.province_rounds, &catalog.rules.calendar, stage_date),
        },
        Stage::Rated => match &e.certificate {
            Some(CertEval { state: CertState::WindowOpen, window_until, .. }) => {
                NextAction::FileReevaluationBy { deadline: *window_until }
            }
            Some(c) if !matches!(c.state, CertState::Expired | CertState::Revoked) => {
                NextAction::Monitor { until: c.valid_through }
            }
            _ => NextAction::Nothing,
        },
    }
}

/// Products of one producer, in alphabetical order.
pub fn products_of<'c>(catalog: &'c Catalog, producer: &str) -> Vec<&'c Record<Product>> {
    let mut v: Vec<_> = catalog.products.values().filter(|r| r.value.producer == producer).collect();
    v.sort_by(|a, b| compare(&a.value.name, &b.value.name));
    v
}
