//! `ocop show` for products and producers.

use crate::harness::{Scratch, repo, stderr, stdout};

fn example() -> Scratch {
    Scratch::of(&repo().join("examples/viet-khe"))
}

#[test]
fn shows_a_product_by_name_without_diacritics() {
    let out = example().run(&["show", "mat ong"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Mật ong An Sơn (mat-ong-an-son)"), "{text}");
    assert!(text.contains("Phiếu kết quả kiểm nghiệm"), "{text}");
    assert!(text.contains("đã hết hạn"), "{text}");
    assert!(text.contains("[W016]"), "{text}");
}

#[test]
fn shows_a_producer_with_its_products() {
    let out = example().run(&["show", "htx-an-son"]);
    let text = stdout(&out);
    assert!(text.contains("Hợp tác xã Nông nghiệp An Sơn"), "{text}");
    assert!(text.contains("Na bở An Sơn (na-bo-an-son)"), "{text}");
}

#[test]
fn ambiguous_and_unknown_names_are_usage_errors() {
    let out = example().run(&["show", "an son"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("mat-ong-an-son"), "{}", stderr(&out));
    let out = example().run(&["show", "mat-ong-an-sn"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("mat-ong-an-son"), "{}", stderr(&out));
}
