//! The round trip: a tree exported (`--include-uncertified --no-redact`) and the list
//! imported into an empty `ocop init` tree gives back the same producers, products and
//! certificates. Over the example (CSV in Vietnamese, Excel in English) and over random
//! trees (a property test). Runs the commands in process through `cli::main`.

use crate::load::{Catalog, load};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

const TODAY: &str = "2026-11-29";

fn ocop(args: &[&str]) -> (u8, String, String) {
    let env = crate::cli::Env {
        current_dir: std::env::temp_dir(),
        system_today: TODAY.parse().expect("date"),
        ..Default::default()
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut argv = vec!["ocop"];
    argv.extend_from_slice(args);
    let code = crate::cli::main(argv.iter().map(Into::into), &env, &mut out, &mut err);
    let code = if code == std::process::ExitCode::SUCCESS {
        0
    } else if code == std::process::ExitCode::from(1) {
        1
    } else {
        2
    };
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

/// A certificate as the comparison sees it: what it says, and its last valid day as
/// the tree works it out (the list writes the computed day as `expires`).
#[derive(Debug, Clone, PartialEq, PartialOrd)]
struct Cert {
    stars: u8,
    decision: String,
    issued: chrono::NaiveDate,
    valid_through: chrono::NaiveDate,
    score: Option<f64>,
    issued_by: Option<String>,
    revoked: Option<(chrono::NaiveDate, String)>,
}

#[derive(Debug, Clone, PartialEq, PartialOrd)]
struct Listed {
    stars: u8,
    decision: Option<String>,
    issued: Option<chrono::NaiveDate>,
    expires: Option<chrono::NaiveDate>,
    score: Option<f64>,
    issued_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, PartialOrd)]
struct ProductRec {
    name: String,
    producer: String,
    set: u8,
    certificate: Option<Cert>,
    listed: Option<Listed>,
}

/// A producer as the comparison sees it: name, legal form and address.
type ProducerRec = (String, String, Option<String>);

/// (producers, products), in a stable order.
fn records(c: &Catalog) -> (BTreeSet<ProducerRec>, Vec<ProductRec>) {
    let producers = c
        .producers
        .values()
        // The template's `address = ""` says no more than a missing address.
        .map(|r| {
            (r.value.name.clone(), r.value.kind.key().to_string(), r.value.address.clone().filter(|a| !a.is_empty()))
        })
        .collect();
    let mut products: Vec<ProductRec> = c
        .products
        .values()
        .map(|r| {
            let p = &r.value;
            let producer =
                c.producers.get(p.producer.as_str()).map_or_else(|| p.producer.clone(), |r| r.value.name.clone());
            let certificate = p.certificate.as_ref().map(|x| Cert {
                stars: x.stars,
                decision: x.decision.clone(),
                issued: x.issued.get(),
                valid_through: crate::eval::rules_for_certificate(c, x)
                    .map(|rules| crate::eval::certificate_valid_through(x, rules, &c.rules.calendar))
                    .unwrap_or_default(),
                score: x.score,
                issued_by: x.issued_by.clone(),
                revoked: x.revoked.as_ref().map(|r| (r.date.get(), r.decision.clone())),
            });
            let listed = p.listed_certificate.as_ref().map(|l| Listed {
                stars: l.stars,
                decision: l.decision.clone(),
                issued: l.issued.map(|d| d.get()),
                expires: l.expires.map(|d| d.get()),
                score: l.score,
                issued_by: l.issued_by.clone(),
            });
            ProductRec { name: p.name.clone(), producer, set: p.set, certificate, listed }
        })
        .collect();
    products.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    (producers, products)
}

/// Exports `from` to `file` with `extra` flags, imports it into a new tree and returns
/// both trees' records.
fn round_trip(from: &Path, file: &str, extra: &[&str]) -> (String, String) {
    let scratch = tempfile::tempdir().expect("temp");
    let list = scratch.path().join(file);
    let list = list.to_str().expect("utf-8");
    let root = from.to_str().expect("utf-8");
    let mut args = vec!["--root", root, "--today", TODAY, "export", "--include-uncertified", "--no-redact", "-o", list];
    args.extend_from_slice(extra);
    let (code, _, err) = ocop(&args);
    assert_eq!(code, 0, "export: {err}");
    let to = scratch.path().join("new");
    let to_s = to.to_str().expect("utf-8");
    let (code, _, err) = ocop(&["init", to_s, "--name", "Xã Mới"]);
    assert_eq!(code, 0, "init: {err}");
    let (code, out, err) = ocop(&["--root", to_s, "--today", TODAY, "import", list]);
    assert_eq!(code, 0, "import:\n{out}\n{err}\n{}", std::fs::read_to_string(list).unwrap_or_default());
    let before = records(&load(from).catalog);
    let after = records(&load(&to).catalog);
    (format!("{before:#?}"), format!("{after:#?}"))
}

#[test]
fn the_example_comes_back_from_csv_and_from_excel_in_either_language() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/viet-khe");
    for (file, extra) in [("ds.csv", &[][..]), ("ds.xlsx", &["--lang", "en"][..]), ("ds-en.csv", &["--lang", "en"][..])]
    {
        let (before, after) = round_trip(&example, file, extra);
        assert_eq!(before, after, "{file}");
        assert!(before.contains("2156/QĐ-UBND"), "the example's certificates are compared: {before}");
    }
}

/// A certificate to write: none, a full one, or one known from a list.
#[derive(Debug, Clone)]
enum GenCert {
    None,
    Full {
        stars: u8,
        decision: u32,
        issued: u32,
        expires: Option<u32>,
        score: Option<u16>,
        issued_by: bool,
        revoked: Option<(u32, u32)>,
    },
    Listed {
        stars: u8,
        decision: Option<u32>,
        issued: Option<u32>,
        expires: Option<u32>,
        score: Option<u16>,
    },
}

#[derive(Debug, Clone)]
struct GenProduct {
    name: usize,
    set: u8,
    cert: GenCert,
}

#[derive(Debug, Clone)]
struct GenProducer {
    prefix: usize,
    kind: usize,
    address: Option<usize>,
    products: Vec<GenProduct>,
}

const PREFIXES: [&str; 6] = ["Hợp tác xã", "Công ty TNHH", "Hộ kinh doanh", "Tổ hợp tác", "Trang trại", "Cơ sở"];
const KINDS: [&str; 6] =
    ["cooperative", "cooperative_group", "enterprise", "farm", "registered_household", "association"];
const ADDRESSES: [&str; 5] =
    ["Thôn Đông, xã An Sơn", "=Thôn Tây; \"Xóm 2\"", "-12 Lê Lợi", "Số 3, ngõ 5 @ chợ", "Xóm Bến\tĐò"];
const PRODUCTS: [&str; 6] = ["Mật ong rừng", "Rượu nếp", "Nước mắm", "Trà hoa vàng", "Nón lá", "Gạo nếp cái"];

/// A score in the band of `stars` (3★ 50 to <70, 4★ 70 to <90, 5★ 90 to 100), from
/// `tenths` above the band's floor.
fn score_for(stars: u8, tenths: u16) -> f64 {
    let floor = 50.0 + 20.0 * f64::from(stars - 3);
    let width = if stars == 5 { 100 } else { 199 };
    floor + f64::from(tenths % (width + 1)) / 10.0
}

/// Days after 2019-01-01 (up to a little before `TODAY`).
fn day(n: u32) -> chrono::NaiveDate {
    crate::dates::plus_days(chrono::NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default(), n)
}

fn cert() -> impl Strategy<Value = GenCert> {
    prop_oneof![
        Just(GenCert::None),
        (
            3u8..=5,
            1u32..9999,
            0u32..2800,
            prop::option::of(0u32..1500),
            prop::option::of(0u16..=1000),
            any::<bool>(),
            prop::option::of((0u32..900, 1u32..999)),
        )
            .prop_map(|(stars, decision, issued, expires, score, issued_by, revoked)| GenCert::Full {
                stars,
                decision,
                issued,
                expires,
                score,
                issued_by,
                revoked,
            }),
        // A listed certificate lacks half of its decision or all of it (with both it
        // is a `[certificate]`).
        (3u8..=5, 1u32..9999, 0u32..2800, 0u8..3, prop::option::of(0u32..1500), prop::option::of(0u16..=1000))
            .prop_map(|(stars, number, issued, half, expires, score)| GenCert::Listed {
                stars,
                decision: (half == 1).then_some(number),
                issued: (half == 2).then_some(issued),
                expires,
                score,
            }),
    ]
}

fn producers() -> impl Strategy<Value = Vec<GenProducer>> {
    let product = (0..PRODUCTS.len(), 1u8..=26, cert()).prop_map(|(name, set, cert)| GenProduct { name, set, cert });
    let producer =
        (0..PREFIXES.len(), 0..KINDS.len(), prop::option::of(0..ADDRESSES.len()), prop::collection::vec(product, 0..3))
            .prop_map(|(prefix, kind, address, products)| GenProducer { prefix, kind, address, products });
    prop::collection::vec(producer, 1..5)
}

fn q(s: &str) -> String {
    toml_edit::Value::from(s).to_string()
}

/// Writes the generated tree; the convention is `day_before_anniversary` when `shifted`.
fn write_tree(root: &Path, tree: &[GenProducer], shifted: bool) {
    std::fs::create_dir_all(root.join("producers")).expect("mkdir");
    std::fs::create_dir_all(root.join("products")).expect("mkdir");
    let convention = if shifted { "[conventions]\ncertificate_end = \"day_before_anniversary\"\n" } else { "" };
    std::fs::write(root.join("ocop.toml"), format!("name = \"Xã Cũ\"\nformat = 2\n{convention}")).expect("write");
    let today: chrono::NaiveDate = TODAY.parse().expect("date");
    for (i, p) in tree.iter().enumerate() {
        let id = format!("p{i}");
        let name = format!("{} Đồng Tâm {}", PREFIXES[p.prefix], i + 1);
        let mut text = format!("name = {}\nkind = \"{}\"\n", q(&name), KINDS[p.kind]);
        if let Some(a) = p.address {
            text.push_str(&format!("address = {}\n", q(ADDRESSES[a])));
        }
        std::fs::write(root.join(format!("producers/{id}.toml")), text).expect("write");
        let mut names = BTreeSet::new();
        for (j, g) in p.products.iter().enumerate() {
            if !names.insert(g.name) {
                continue;
            }
            let mut t = format!("name = {}\nproducer = \"{id}\"\nset = {}\n", q(PRODUCTS[g.name]), g.set);
            match &g.cert {
                GenCert::None => {}
                GenCert::Full { stars, decision, issued, expires, score, issued_by, revoked } => {
                    let issued_day = day(*issued).min(today);
                    t.push_str(&format!(
                        "[certificate]\nstars = {stars}\ndecision = \"{decision}/QĐ-UBND\"\nissued = {issued_day}\n"
                    ));
                    if let Some(e) = expires {
                        t.push_str(&format!("expires = {}\n", crate::dates::plus_days(issued_day, 30 + e)));
                    }
                    if let Some(s) = score {
                        t.push_str(&format!("score = {:.1}\n", score_for(*stars, *s)));
                    }
                    if *issued_by {
                        t.push_str("issued_by = \"UBND tỉnh Hải Dương\"\n");
                    }
                    if let Some((after, number)) = revoked {
                        let on = crate::dates::plus_days(issued_day, *after).min(today);
                        t.push_str(&format!("[certificate.revoked]\ndate = {on}\ndecision = \"{number}/QĐ-UBND\"\n"));
                    }
                }
                GenCert::Listed { stars, decision, issued, expires, score } => {
                    t.push_str(&format!("[listed_certificate]\nstars = {stars}\n"));
                    if let Some(d) = decision {
                        t.push_str(&format!("decision = \"{d}/QĐ-UBND\"\n"));
                    }
                    let issued_day = issued.map(|n| day(n).min(today));
                    if let Some(d) = issued_day {
                        t.push_str(&format!("issued = {d}\n"));
                    }
                    if let Some(e) = expires {
                        let after = issued_day.unwrap_or_else(|| day(0));
                        t.push_str(&format!("expires = {}\n", crate::dates::plus_days(after, 30 + e)));
                    }
                    if let Some(s) = score {
                        t.push_str(&format!("score = {:.1}\n", score_for(*stars, *s)));
                    }
                }
            }
            std::fs::write(root.join(format!("products/{id}-{j}.toml")), t).expect("write");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_tree_comes_back_from_its_list(tree in producers(), shifted in any::<bool>(), xlsx in any::<bool>(), en in any::<bool>()) {
        let dir = tempfile::tempdir().expect("temp");
        write_tree(dir.path(), &tree, shifted);
        let file = if xlsx { "ds.xlsx" } else { "ds.csv" };
        let extra: &[&str] = if en { &["--lang", "en"] } else { &[] };
        let (before, after) = round_trip(dir.path(), file, extra);
        prop_assert_eq!(before, after);
    }
}
