//! Which column holds what: headers matched by name, in Vietnamese or English, with or
//! without diacritics, in any case; and the spreadsheet's words for legal forms and
//! kinds of evaluation.

use crate::text::fold;

/// A column the import understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    ProducerName,
    Kind,
    RegistrationCode,
    Representative,
    Hamlet,
    Address,
    Phone,
    Email,
    ProductName,
    Set,
    Evaluation,
    TargetStars,
    Barcode,
    ProductCode,
    Note,
}

/// Accepted headers, already folded (lower case, no diacritics, single spaces). The
/// list is documented in docs/editing.md.
pub const HEADERS: &[(Column, &[&str])] = &[
    (
        Column::ProducerName,
        &[
            "chu the",
            "ten chu the",
            "ten chu the ocop",
            "chu the ocop",
            "ten to chuc",
            "don vi",
            "producer",
            "producer name",
        ],
    ),
    (Column::Kind, &["loai hinh", "loai hinh chu the", "hinh thuc", "kind", "legal form", "producer kind"]),
    (
        Column::RegistrationCode,
        &["ma so thue", "mst", "ma so doanh nghiep", "ma so dn", "ma dkkd", "so dkkd", "tax code", "registration code"],
    ),
    (Column::Representative, &["nguoi dai dien", "dai dien", "chu ho", "representative"]),
    (Column::Hamlet, &["thon", "thon xom", "hamlet", "village"]),
    (Column::Address, &["dia chi", "address"]),
    (Column::Phone, &["dien thoai", "so dien thoai", "sdt", "dt", "phone", "telephone"]),
    (Column::Email, &["email", "e mail", "thu dien tu"]),
    (Column::ProductName, &["san pham", "ten san pham", "ten san pham ocop", "product", "product name"]),
    (Column::Set, &["bo san pham", "bo", "bo sp", "set", "product set"]),
    (Column::Evaluation, &["loai danh gia", "danh gia", "hinh thuc danh gia", "evaluation"]),
    (
        Column::TargetStars,
        &["hang sao huong toi", "so sao huong toi", "sao huong toi", "hang sao du kien", "target stars", "stars"],
    ),
    (Column::Barcode, &["ma vach", "barcode", "ean"]),
    (Column::ProductCode, &["ma san pham", "ma ocop", "ma san pham ocop", "product code", "ocop code"]),
    (Column::Note, &["ghi chu", "note", "notes"]),
];

/// A header folded for matching: "Mã số thuế (MST):" → "ma so thue mst".
pub fn normalise(header: &str) -> String {
    let folded: String = fold(header).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The column a header names, if any: an exact match first, else a header that
/// starts with a known name followed by a bracketed remark ("mã số thuế (mst)").
pub fn column_of(header: &str) -> Option<Column> {
    let h = normalise(header);
    let find = |h: &str| HEADERS.iter().find(|(_, names)| names.contains(&h)).map(|(c, _)| *c);
    find(&h).or_else(|| {
        let before_bracket = header.split(['(', '[']).next().unwrap_or(header);
        find(&normalise(before_bracket))
    })
}

/// A legal form as a commune writes it ("HTX", "Hộ kinh doanh") or as its key.
pub fn kind_of(value: &str) -> Option<&'static str> {
    let v = normalise(value);
    const WORDS: &[(&str, &[&str])] = &[
        ("cooperative", &["cooperative", "htx", "hop tac xa"]),
        ("cooperative_group", &["cooperative group", "cooperative_group", "tht", "to hop tac"]),
        ("enterprise", &["enterprise", "doanh nghiep", "dn", "cong ty", "cong ty tnhh", "cong ty co phan"]),
        ("farm", &["farm", "trang trai"]),
        (
            "registered_household",
            &[
                "registered household",
                "registered_household",
                "hkd",
                "ho kinh doanh",
                "ho san xuat co dang ky kinh doanh",
                "ho co dkkd",
            ],
        ),
        ("association", &["association", "hoi", "hiep hoi"]),
        (
            "unregistered_household",
            &["unregistered household", "unregistered_household", "ho san xuat", "ho chua dang ky", "ho chua dkkd"],
        ),
    ];
    let v = v.replace('_', " ");
    WORDS.iter().find(|(_, words)| words.iter().any(|w| w.replace('_', " ") == v)).map(|(k, _)| *k)
}

/// The legal form a producer's name implies ("HTX Đồng Tâm" → cooperative), for rows
/// that leave the form blank.
pub fn kind_from_name(name: &str) -> Option<&'static str> {
    let n = normalise(name);
    const PREFIXES: &[(&str, &str)] = &[
        ("hop tac xa ", "cooperative"),
        ("htx ", "cooperative"),
        ("to hop tac ", "cooperative_group"),
        ("tht ", "cooperative_group"),
        ("cong ty ", "enterprise"),
        ("doanh nghiep ", "enterprise"),
        ("trang trai ", "farm"),
        ("ho kinh doanh ", "registered_household"),
        ("hkd ", "registered_household"),
    ];
    PREFIXES.iter().find(|(p, _)| n.starts_with(p)).map(|(_, k)| *k)
}

/// A kind of evaluation as a commune writes it ("Lần đầu", "Nâng hạng").
pub fn evaluation_of(value: &str) -> Option<&'static str> {
    match normalise(value).as_str() {
        "first" | "lan dau" | "danh gia lan dau" | "moi" | "dang ky moi" => Some("first"),
        "upgrade" | "nang hang" | "nang sao" | "nang hang sao" => Some("upgrade"),
        "reevaluation" | "danh gia lai" | "tai danh gia" | "cap lai" => Some("reevaluation"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_in_either_language_with_or_without_diacritics() {
        for h in ["Tên chủ thể", "TEN CHU THE", "  tên   chủ thể: ", "Producer name"] {
            assert_eq!(column_of(h), Some(Column::ProducerName), "{h}");
        }
        assert_eq!(column_of("Mã số thuế (MST)"), Some(Column::RegistrationCode));
        assert_eq!(column_of("Số điện thoại"), Some(Column::Phone));
        assert_eq!(column_of("Bộ sản phẩm"), Some(Column::Set));
        assert_eq!(column_of("STT"), None);
    }

    #[test]
    fn forms_and_evaluations_in_commune_words() {
        assert_eq!(kind_of("HTX"), Some("cooperative"));
        assert_eq!(kind_of("Hộ kinh doanh"), Some("registered_household"));
        assert_eq!(kind_of("cooperative_group"), Some("cooperative_group"));
        assert_eq!(kind_of("xyz"), None);
        assert_eq!(kind_from_name("HTX Đồng Tâm"), Some("cooperative"));
        assert_eq!(kind_from_name("Đồng Tâm"), None);
        assert_eq!(evaluation_of("Đánh giá lại"), Some("reevaluation"));
        assert_eq!(evaluation_of("Nâng hạng"), Some("upgrade"));
    }
}
