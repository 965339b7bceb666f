//! The cost of Vietnamese alphabetical order (ICU4X `icu_collator`, CLDR `vi` rules):
//! sorting 20,000 product names with one collation key per name, as `status` and the
//! reports do, and with a comparison per pair, as the short lists do.
//!
//! Measured on the project's shared 2-core machine (best of 5, November 2026): one key
//! per name 54 ms, a comparison per pair 192 ms, plain code-point order 1.6 ms. Sorting is
//! a small part of a national-scale `status` (seconds, see benches/load.rs), so the
//! collator stays: no hand-made key is needed.
//!
//! Run with `cargo bench --bench collate`. It builds the names (not timed), sorts them a
//! few times each way and prints the best run. `OCOP_BENCH_NAMES` and `OCOP_BENCH_RUNS`
//! change the size and the number of runs.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use ocop::text::{compare, sort_key};
use std::time::{Duration, Instant};

const WORDS: &[&str] = &[
    "Mật ong",
    "Rượu nếp",
    "Chè búp",
    "Nước mắm",
    "Gạo nếp cái",
    "Bánh đa",
    "Ba kích tím",
    "Cà phê",
    "Cam",
    "Na bở",
    "Nam",
    "Mắm tôm",
    "Tương",
    "Miến dong",
    "Bưởi",
    "Vải thiều",
    "Nhãn lồng",
    "Dầu lạc",
    "Đậu phụ",
    "Ổi",
    "Ớt",
    "Ưa",
    "Ấm chén",
    "Chổi đót",
];
const PLACES: &[&str] =
    &["An Sơn", "Kỳ Sơn", "Đồng Tâm", "Việt Khê", "Hương", "Vinh", "Kế", "Đàn", "Ân Thi", "Ea Kar", "Bắc Hà", "Ý Yên"];

fn names(n: usize) -> Vec<String> {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m as u64) as usize
    };
    (0..n)
        .map(|i| {
            let name = format!("{} {} {}", WORDS[next(WORDS.len())], PLACES[next(PLACES.len())], i % 97);
            if i % 3 == 0 { name.to_uppercase() } else { name }
        })
        .collect()
}

fn best(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    (0..runs).map(|_| f()).min().unwrap_or_default()
}

fn main() {
    let n: usize = std::env::var("OCOP_BENCH_NAMES").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let runs: usize = std::env::var("OCOP_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let input = names(n);
    // The first call builds the collator; keep that out of the timings.
    let _ = compare("a", "b");

    let by_key = best(runs, || {
        let mut v = input.clone();
        let t = Instant::now();
        v.sort_by_cached_key(|s| sort_key(s));
        t.elapsed()
    });
    let by_compare = best(runs, || {
        let mut v = input.clone();
        let t = Instant::now();
        v.sort_by(|a, b| compare(a, b));
        t.elapsed()
    });
    let by_bytes = best(runs, || {
        let mut v = input.clone();
        let t = Instant::now();
        v.sort();
        t.elapsed()
    });
    println!("sorting {n} names, best of {runs}:");
    println!("  Vietnamese, one key per name (status, reports) {:>9.2?}", by_key);
    println!("  Vietnamese, a comparison per pair               {:>9.2?}", by_compare);
    println!("  code-point order, for scale                     {:>9.2?}", by_bytes);
}
