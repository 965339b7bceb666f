//! `ocop import` at the sizes of published lists: a province list of 1,000 rows, a
//! national one of 10,000, and 100,000 to show the curve. Each sheet is a CSV shaped like
//! a published list (a title above the table, `STT`, product, producer, address, stars,
//! decision number and date, no set column, so every set is suggested), planned into an
//! empty tree the way `ocop import --dry-run` does it: every record made from the
//! template and checked.
//!
//! Run with `cargo bench --bench import`. `OCOP_BENCH_ROWS` (comma-separated) changes
//! the sizes. It prints, per size, the time to plan the import and the time per row:
//! linear work shows as a flat time per row.

// A scratch tree for the benchmark, not a user's file.
#![allow(clippy::disallowed_methods)]
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use chrono::NaiveDate;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// A 10,000-row sheet must plan (a dry run) within this on the shared 2-core machine.
const TARGET_10K: Duration = Duration::from_secs(10);

const PRODUCTS: &[&str] = &["Mật ong", "Rượu nếp", "Chè búp", "Nước mắm", "Gạo nếp cái", "Nón lá", "Homestay"];
const FORMS: &[&str] = &["HTX", "Công ty TNHH", "Hộ kinh doanh", "Tổ hợp tác", "CTCP"];

fn sheet(rows: usize) -> String {
    let mut s =
        String::from("DANH SÁCH SẢN PHẨM OCOP\n\nSTT,Tên sản phẩm,Đơn vị/Chủ thể,Địa chỉ,Hạng sao,Số QĐ,Ngày cấp\n");
    for i in 0..rows {
        // Two products per producer, so both the producer index and the product checks work.
        let producer = i / 2;
        let form = FORMS[producer % FORMS.len()];
        let product = PRODUCTS[i % PRODUCTS.len()];
        let stars = 3 + i % 2;
        let day = 1 + i % 28;
        writeln!(
            s,
            "{},{product} số {i},{form} Chủ thể {producer},Xã {producer},{stars} sao,{}/QĐ-UBND,{day:02}/03/2024",
            i + 1,
            100 + i
        )
        .unwrap();
    }
    s
}

fn main() {
    let sizes: Vec<usize> = std::env::var("OCOP_BENCH_ROWS")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ocop.toml"), "name = \"Bench\"\nyear = 2026\n").unwrap();
    let catalog = ocop::load::load(dir.path()).catalog;
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    println!("rows     plan     per row");
    for n in sizes {
        let rows = ocop::import::sheet::read_csv(sheet(n).as_bytes()).unwrap();
        let rows: Vec<_> = rows.into_iter().filter(|r| !r.is_blank()).collect();
        let start = Instant::now();
        let plan = ocop::import::plan(&catalog, &rows, today, false).unwrap();
        let took = start.elapsed();
        assert!(!plan.has_problems(), "the generated sheet imports cleanly");
        assert_eq!(plan.planned().count(), n + n.div_ceil(2));
        let per_row = took / n as u32;
        println!("{n:>7}  {:>6.2} s  {:>6.1} µs", took.as_secs_f64(), per_row.as_secs_f64() * 1e6);
        if n == 10_000 {
            let verdict = if took <= TARGET_10K { "within" } else { "OVER" };
            println!("         10,000 rows {verdict} the {} s target", TARGET_10K.as_secs());
        }
    }
}
