//! The check registry: named, pure functions over a loaded catalog, each adding the
//! diagnostics it finds.

mod dossier;
mod history;

pub use history::format_too_new;
mod producers;
mod products;
mod template;

use crate::diag::Diagnostic;
use crate::load::Catalog;
use chrono::NaiveDate;

/// What every check sees.
pub struct Ctx<'a> {
    pub catalog: &'a Catalog,
    pub today: NaiveDate,
}

/// A named check.
pub struct Check {
    pub name: &'static str,
    pub run: fn(&Ctx<'_>, &mut Vec<Diagnostic>),
}

/// Every check, in the order they run.
pub const REGISTRY: &[Check] = &[
    Check { name: "commune-rule-set", run: products::commune_rule_set },
    Check { name: "commune-conventions", run: products::commune_conventions },
    Check { name: "producer-registration-code", run: producers::registration_code },
    Check { name: "producer-eligible", run: producers::eligible },
    Check { name: "product-producer", run: products::producer_exists },
    Check { name: "product-set", run: products::product_set },
    Check { name: "product-rule-set", run: products::rule_set },
    Check { name: "product-barcode", run: products::barcode },
    Check { name: "certificate-fields", run: products::certificate_fields },
    Check { name: "certificate-expiry", run: products::certificate_expiry },
    Check { name: "product-code", run: products::product_code },
    Check { name: "old-rules-transition", run: products::old_rules_transition },
    Check { name: "stage-order", run: products::stage_order },
    Check { name: "rated-with-certificate", run: products::rated_with_certificate },
    Check { name: "no-future-dates", run: products::no_future_dates },
    Check { name: "listed-certificate", run: products::listed_certificate },
    Check { name: "dossier-item-known", run: dossier::item_known },
    Check { name: "dossier-not-applicable-reason", run: dossier::not_applicable_reason },
    Check { name: "dossier-evidence", run: dossier::evidence_paths },
    Check { name: "dossier-done-without-evidence", run: dossier::done_without_evidence },
    Check { name: "dossier-item-dates", run: dossier::item_dates },
    Check { name: "dossier-item-expiry", run: dossier::item_expiry },
    Check { name: "dossier-required-items", run: dossier::required_items },
    Check { name: "producer-duplicate-registration-code", run: producers::duplicate_registration_code },
    Check { name: "certificate-revocation", run: history::revocation },
    Check { name: "dossier-undated-progress", run: history::undated_progress },
    Check { name: "dossier-evidence-fingerprints", run: history::evidence_fingerprints },
    Check { name: "review-stale", run: history::approval_stale },
    Check { name: "tree-format-version", run: history::format_version },
    Check { name: "target-stars", run: template::target_stars },
    Check { name: "template-placeholders", run: template::placeholders },
];

/// Runs every check and returns what they found, sorted by file and position.
pub fn run_all(catalog: &Catalog, today: NaiveDate) -> Vec<Diagnostic> {
    let ctx = Ctx { catalog, today };
    let mut out = Vec::new();
    for check in REGISTRY {
        (check.run)(&ctx, &mut out);
    }
    out
}

/// W045: the years the computations so far needed that the holiday data lacks, as one
/// warning (so a command warns once, however many dates fell in those years).
pub fn holidays_missing(calendar: &crate::dates::Calendar) -> Option<Diagnostic> {
    let years = calendar.missing_years();
    let first = *years.first()?;
    let list: Vec<String> = years.iter().map(i32::to_string).collect();
    Some(
        Diagnostic::new(crate::diag::Code::HolidaysMissing, format!("{}/holidays.toml", crate::load::RULES_DIR))
            .arg("years", list.join(", "))
            .arg("example", format!("{first}-01-01, …")),
    )
}

/// Sorts diagnostics for output: by file, line, column, code.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_cached_key(Diagnostic::sort_key);
}

#[cfg(test)]
pub(crate) mod testing {
    //! Builds small catalogs in memory for the checks' unit tests.
    use crate::diag::{Code, Diagnostic};
    use crate::load::{Catalog, Record, SourceFile};
    use crate::model::{Commune, Id, Producer, Product};
    use std::path::Path;

    pub(crate) fn catalog(producers: &[(&str, &str)], products: &[(&str, &str)]) -> Catalog {
        let mut diags = Vec::new();
        let rules = crate::rules::load_rule_files(Path::new("/nonexistent-ocop-tree"), &mut diags);
        let mut c = Catalog {
            root: "/nonexistent-ocop-tree".into(),
            commune: Some(Record {
                id: Id::from("ocop"),
                source: SourceFile::new("ocop.toml", String::new()),
                value: Commune { name: "Test".into(), ..Default::default() },
            }),
            producers: Default::default(),
            products: Default::default(),
            rules,
            broken: Default::default(),
        };
        for (id, text) in producers {
            let source = SourceFile::new(format!("producers/{id}.toml"), text.to_string());
            let (value, _) = source.parse::<Producer>(&|_| Vec::new()).expect("producer parses");
            c.producers.insert(Id::from(*id), Record { id: Id::from(*id), source, value });
        }
        for (id, text) in products {
            let source = SourceFile::new(format!("products/{id}.toml"), text.to_string());
            let (value, _) = source.parse::<Product>(&|_| Vec::new()).expect("product parses");
            c.products.insert(Id::from(*id), Record { id: Id::from(*id), source, value });
        }
        c
    }

    pub(crate) fn codes(diags: &[Diagnostic]) -> Vec<Code> {
        diags.iter().map(|d| d.code).collect()
    }

    pub(crate) fn today() -> chrono::NaiveDate {
        "2026-11-29".parse().expect("date")
    }

    pub(crate) const PRODUCER: &str = "name = \"HTX A\"\nkind = \"cooperative\"\nregistration_code = \"0100109106\"\n";

    /// A product of set 4 (honey), first evaluation, by producer `p`.
    pub(crate) const PRODUCT: &str = "name = \"Mật ong\"\nproducer = \"p\"\nset = 4\nevaluation = \"first\"\n";

    /// Runs one check over a catalog of producer `p` and one product, returning the codes.
    pub(crate) fn run_on_product(check: fn(&super::Ctx<'_>, &mut Vec<Diagnostic>), product: &str) -> Vec<Code> {
        let c = catalog(&[("p", PRODUCER)], &[("x", product)]);
        let mut out = Vec::new();
        check(&super::Ctx { catalog: &c, today: today() }, &mut out);
        codes(&out)
    }
}
