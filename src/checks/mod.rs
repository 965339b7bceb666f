//! The check registry: named, pure functions over a loaded catalog, each adding the
//! diagnostics it finds.

mod dossier;
mod history;

pub use history::format_too_new;
mod producers;
mod products;
mod template;

use crate::diag::Diagnostic;
use crate::edit::RecordKind;
use crate::load::{Catalog, Record};
use crate::model::{Id, Producer, Product};
use chrono::NaiveDate;

/// What every check sees.
pub struct Ctx<'a> {
    pub catalog: &'a Catalog,
    pub today: NaiveDate,
    /// The producers and products a per-record check looks at: all of them, or one part
    /// when the checks run on several cores.
    part: Option<Part<'a>>,
    /// The evidence lookup the records of one part share (its folder listings), so a
    /// folder is listed once per part rather than once per record.
    evidence: Option<&'a std::cell::RefCell<crate::evidence::Lookup>>,
}

/// Some producers and some products.
type Part<'a> = (&'a [&'a Record<Producer>], &'a [&'a Record<Product>]);

impl<'a> Ctx<'a> {
    /// Every record of `catalog`, as of `today`.
    pub fn new(catalog: &'a Catalog, today: NaiveDate) -> Self {
        Ctx { catalog, today, part: None, evidence: None }
    }

    /// `f` with the evidence lookup of this run: the part's, or a new one.
    pub(crate) fn with_evidence<R>(&self, f: impl FnOnce(&mut crate::evidence::Lookup) -> R) -> R {
        match self.evidence {
            Some(shared) => f(&mut shared.borrow_mut()),
            None => f(&mut crate::evidence::Lookup::new(&self.catalog.root)),
        }
    }

    /// The producers to check.
    pub fn producers(&self) -> impl Iterator<Item = &'a Record<Producer>> + 'a {
        let (all, part) = match self.part {
            None => (Some(self.catalog.producers.values()), None),
            Some((producers, _)) => (None, Some(producers.iter().copied())),
        };
        all.into_iter().flatten().chain(part.into_iter().flatten())
    }

    /// The products to check.
    pub fn products(&self) -> impl Iterator<Item = &'a Record<Product>> + 'a {
        let (all, part) = match self.part {
            None => (Some(self.catalog.products.values()), None),
            Some((_, products)) => (None, Some(products.iter().copied())),
        };
        all.into_iter().flatten().chain(part.into_iter().flatten())
    }
}

/// What a check looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Each producer or product on its own (with the rules, the commune and the records
    /// it names): runs on parts of the tree in parallel, and on the one record an edit
    /// changes.
    Record,
    /// The tree as a whole (the commune file, or records compared with each other).
    Tree,
}

/// A named check.
pub struct Check {
    pub name: &'static str,
    pub scope: Scope,
    pub run: fn(&Ctx<'_>, &mut Vec<Diagnostic>),
}

/// Every check, in the order they run.
pub const REGISTRY: &[Check] = &[
    Check { name: "commune-rule-set", scope: Scope::Tree, run: products::commune_rule_set },
    Check { name: "commune-conventions", scope: Scope::Tree, run: products::commune_conventions },
    Check { name: "producer-registration-code", scope: Scope::Record, run: producers::registration_code },
    Check { name: "producer-eligible", scope: Scope::Record, run: producers::eligible },
    Check { name: "product-producer", scope: Scope::Record, run: products::producer_exists },
    Check { name: "product-set", scope: Scope::Record, run: products::product_set },
    Check { name: "product-rule-set", scope: Scope::Record, run: products::rule_set },
    Check { name: "product-barcode", scope: Scope::Record, run: products::barcode },
    Check { name: "certificate-fields", scope: Scope::Record, run: products::certificate_fields },
    Check { name: "certificate-expiry", scope: Scope::Record, run: products::certificate_expiry },
    Check { name: "product-code", scope: Scope::Record, run: products::product_code },
    Check { name: "old-rules-transition", scope: Scope::Record, run: products::old_rules_transition },
    Check { name: "stage-order", scope: Scope::Record, run: products::stage_order },
    Check { name: "rated-with-certificate", scope: Scope::Record, run: products::rated_with_certificate },
    Check { name: "no-future-dates", scope: Scope::Record, run: products::no_future_dates },
    Check { name: "listed-certificate", scope: Scope::Record, run: products::listed_certificate },
    Check { name: "dossier-item-known", scope: Scope::Record, run: dossier::item_known },
    Check { name: "dossier-not-applicable-reason", scope: Scope::Record, run: dossier::not_applicable_reason },
    Check { name: "dossier-evidence", scope: Scope::Record, run: dossier::evidence_paths },
    Check { name: "dossier-done-without-evidence", scope: Scope::Record, run: dossier::done_without_evidence },
    Check { name: "dossier-item-dates", scope: Scope::Record, run: dossier::item_dates },
    Check { name: "dossier-item-expiry", scope: Scope::Record, run: dossier::item_expiry },
    Check { name: "dossier-required-items", scope: Scope::Record, run: dossier::required_items },
    Check {
        name: "producer-duplicate-registration-code",
        scope: Scope::Tree,
        run: producers::duplicate_registration_code,
    },
    Check { name: "certificate-revocation", scope: Scope::Record, run: history::revocation },
    Check { name: "dossier-undated-progress", scope: Scope::Record, run: history::undated_progress },
    Check { name: "dossier-evidence-fingerprints", scope: Scope::Record, run: history::evidence_fingerprints },
    Check { name: "review-stale", scope: Scope::Record, run: history::approval_stale },
    Check { name: "tree-format-version", scope: Scope::Tree, run: history::format_version },
    Check { name: "target-stars", scope: Scope::Record, run: template::target_stars },
    Check { name: "template-placeholders", scope: Scope::Record, run: template::placeholders },
    Check { name: "commune-placeholders", scope: Scope::Tree, run: template::commune_placeholders },
];

/// Runs every check and returns what they found (`sort` puts them in output order). The
/// per-record checks run on every core, over consecutive parts of the producers and
/// products; each file's diagnostics come in registry order whatever the number of
/// cores.
pub fn run_all(catalog: &Catalog, today: NaiveDate) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let whole = Ctx::new(catalog, today);
    for check in REGISTRY.iter().filter(|c| c.scope == Scope::Tree) {
        (check.run)(&whole, &mut out);
    }
    let producers: Vec<&Record<Producer>> = catalog.producers.values().collect();
    let products: Vec<&Record<Product>> = catalog.products.values().collect();
    let parts = crate::load::parallel_chunks(&producers, |part| run_part(catalog, today, part, &[]));
    out.extend(parts.into_iter().flatten());
    let parts = crate::load::parallel_chunks(&products, |part| run_part(catalog, today, &[], part));
    out.extend(parts.into_iter().flatten());
    out
}

/// The per-record checks over some producers and products.
fn run_part<'a>(
    catalog: &'a Catalog,
    today: NaiveDate,
    producers: &'a [&'a Record<Producer>],
    products: &'a [&'a Record<Product>],
) -> Vec<Diagnostic> {
    // Record by record, every check on one record before the next record: a file's
    // diagnostics are then located one after the other, from the one index of its keys
    // the thread keeps (`load::source`), instead of the file being parsed again for each
    // check that reports on it.
    let mut out = Vec::new();
    let evidence = std::cell::RefCell::new(crate::evidence::Lookup::new(&catalog.root));
    let one =
        |producers: &'a [&'a Record<Producer>], products: &'a [&'a Record<Product>], out: &mut Vec<Diagnostic>| {
            let ctx = Ctx { catalog, today, part: Some((producers, products)), evidence: Some(&evidence) };
            for check in REGISTRY.iter().filter(|c| c.scope == Scope::Record) {
                (check.run)(&ctx, out);
            }
        };
    for p in producers.chunks(1) {
        one(p, &[], &mut out);
    }
    for p in products.chunks(1) {
        one(&[], p, &mut out);
    }
    out
}

/// The per-record checks (`Scope::Record`) on one producer or product, as they run in
/// `run_all`: what an edit of that record needs to know about it.
pub fn run_on_record(catalog: &Catalog, today: NaiveDate, kind: RecordKind, id: &Id) -> Vec<Diagnostic> {
    let producer: Vec<&Record<Producer>> =
        catalog.producers.get(id).filter(|_| kind == RecordKind::Producer).into_iter().collect();
    let product: Vec<&Record<Product>> =
        catalog.products.get(id).filter(|_| kind == RecordKind::Product).into_iter().collect();
    run_part(catalog, today, &producer, &product)
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

/// A dossier item named for people in both languages, with the id to type in brackets
/// ("Phiếu đăng ký sản phẩm (Mẫu 01) [form_01]"); the id alone for an item `rules` does
/// not know.
pub(crate) fn item_name(rules: Option<&crate::rules::RuleSet>, id: &str) -> crate::i18n::LocalText {
    match rules.and_then(|r| r.item(id)) {
        Some(i) => crate::i18n::LocalText { vi: format!("{} [{id}]", i.name.vi), en: format!("{} [{id}]", i.name.en) },
        None => crate::i18n::LocalText::plain(format!("`{id}`")),
    }
}

/// The most items a message names; `ocop show` lists them all.
const NAMED_ITEMS: usize = 5;

/// Several items named for people, separated by commas: the first `NAMED_ITEMS`, then
/// how many more.
pub(crate) fn item_names<'a>(
    rules: Option<&crate::rules::RuleSet>,
    ids: impl IntoIterator<Item = &'a str>,
) -> crate::i18n::LocalText {
    let ids: Vec<&str> = ids.into_iter().collect();
    let names: Vec<crate::i18n::LocalText> = ids.iter().take(NAMED_ITEMS).map(|id| item_name(rules, id)).collect();
    let join = |f: fn(&crate::i18n::LocalText) -> &str| names.iter().map(f).collect::<Vec<_>>().join(", ");
    let mut text = crate::i18n::LocalText { vi: join(|t| &t.vi), en: join(|t| &t.en) };
    if let Some(more) = ids.len().checked_sub(NAMED_ITEMS).filter(|n| *n > 0) {
        let more = crate::i18n::LocalText::key("word.more_items", &[("count", &more.to_string().into())]);
        text.vi.push_str(&more.vi);
        text.en.push_str(&more.en);
    }
    text
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
            positions: Default::default(),
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
        check(&super::Ctx::new(&c, today()), &mut out);
        codes(&out)
    }
}
