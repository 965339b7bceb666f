//! Recognising a record that is already in the tree under another id, so `new` and
//! `import` do not add a second file for the same producer or product: a producer with
//! the same registration code (digits only) or the same name (case, diacritics and
//! spacing ignored); a product with the same name made by the same producer.

use crate::codes::tax_code_digits;
use crate::load::Catalog;
use crate::model::Id;
use crate::text::name_key;

/// Why an existing record is taken to be the one meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Same {
    /// The same registration/tax code; the existing record's code as written there.
    Code(String),
    /// The same name; the existing record's name as written there.
    Name(String),
}

/// The existing producer that a producer named `name` with registration code `code`
/// would repeat. A matching code wins over a matching name, since two producers may
/// share a name but not a code; among several, the first by id.
pub fn producer(catalog: &Catalog, name: &str, code: Option<&str>) -> Option<(Id, Same)> {
    let digits = code.map(tax_code_digits).filter(|d| !d.is_empty());
    if let Some(digits) = digits {
        for (id, rec) in &catalog.producers {
            if let Some(theirs) = rec.value.registration_code.as_deref()
                && tax_code_digits(theirs) == digits
            {
                return Some((id.clone(), Same::Code(theirs.to_string())));
            }
        }
    }
    let key = producer_key(name);
    if key.is_empty() {
        return None;
    }
    catalog
        .producers
        .iter()
        .find(|(_, rec)| producer_key(&rec.value.name) == key)
        .map(|(id, rec)| (id.clone(), Same::Name(rec.value.name.clone())))
}

/// The form in which two producer names are the same name: `name_key` with the legal
/// forms lists abbreviate written out, so "HTX Đồng Tâm" is "Hợp tác xã Đồng Tâm" and
/// "Cty CP X" is "Công ty cổ phần X".
pub fn producer_key(name: &str) -> String {
    const ABBREVIATIONS: &[(&str, &str)] = &[
        ("htx", "hop tac xa"),
        ("htxnn", "hop tac xa nong nghiep"),
        ("tht", "to hop tac"),
        ("cty", "cong ty"),
        ("ctcp", "cong ty co phan"),
        ("cp", "co phan"),
        ("dv", "dich vu"),
        ("nn", "nong nghiep"),
        ("sx", "san xuat"),
        ("tm", "thuong mai"),
        ("hkd", "ho kinh doanh"),
        ("sxkd", "san xuat kinh doanh"),
    ];
    let folded: String = crate::text::fold(name).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let words: Vec<&str> = folded
        .split_whitespace()
        .map(|w| ABBREVIATIONS.iter().find(|(a, _)| *a == w).map_or(w, |(_, full)| full))
        .collect();
    words.join(" ")
}

/// The existing product named `name` (case, diacritics and spacing ignored) that
/// `producer` makes.
pub fn product(catalog: &Catalog, name: &str, producer: &Id) -> Option<(Id, Same)> {
    let key = name_key(name);
    catalog
        .products
        .iter()
        .find(|(_, rec)| rec.value.producer.as_str() == producer.as_str() && name_key(&rec.value.name) == key)
        .map(|(id, rec)| (id.clone(), Same::Name(rec.value.name.clone())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::catalog;

    const AN_SON: &str =
        "name = \"Hợp tác xã Nông nghiệp An Sơn\"\nkind = \"cooperative\"\nregistration_code = \"0201234583\"\n";
    const ONG: &str = "name = \"Tổ hợp tác nuôi ong An Sơn\"\nkind = \"cooperative_group\"\n";
    const MAT_ONG: &str = "name = \"Mật ong An Sơn\"\nproducer = \"tht-ong\"\nset = 4\nevaluation = \"first\"\n";

    fn tree() -> Catalog {
        catalog(&[("htx-an-son", AN_SON), ("tht-ong", ONG)], &[("mat-ong", MAT_ONG)])
    }

    #[test]
    fn a_producer_is_found_by_its_code_digits() {
        let found = producer(&tree(), "HTX An Sơn", Some("0201 234 583"));
        assert_eq!(found, Some((Id::from("htx-an-son"), Same::Code("0201234583".into()))));
        assert_eq!(producer(&tree(), "HTX An Sơn", Some("0201234569")), None);
    }

    #[test]
    fn a_producer_is_found_by_its_name_whatever_the_case_marks_and_spaces() {
        let want = Some((Id::from("tht-ong"), Same::Name("Tổ hợp tác nuôi ong An Sơn".into())));
        assert_eq!(producer(&tree(), "to hop tac  NUOI ong an son", None), want);
        assert_eq!(producer(&tree(), "Tổ hợp tác nuôi ong An Sơn", Some("")), want);
        assert_eq!(producer(&tree(), "Tổ hợp tác nuôi ong", None), None);
        assert_eq!(producer(&tree(), "  ", None), None);
    }

    #[test]
    fn the_code_wins_over_the_name() {
        let found = producer(&tree(), "Tổ hợp tác nuôi ong An Sơn", Some("0201234583"));
        assert_eq!(found.map(|(id, _)| id), Some(Id::from("htx-an-son")));
    }

    #[test]
    fn a_product_is_the_same_only_with_the_same_producer() {
        let found = product(&tree(), "MẬT ONG an sơn", &Id::from("tht-ong"));
        assert_eq!(found, Some((Id::from("mat-ong"), Same::Name("Mật ong An Sơn".into()))));
        assert_eq!(product(&tree(), "Mật ong An Sơn", &Id::from("htx-an-son")), None);
        assert_eq!(product(&tree(), "Mật ong", &Id::from("tht-ong")), None);
    }
}
