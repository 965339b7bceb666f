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
    /// The list's row number (`STT`): read past.
    Index,
    /// The product group: follows from the set, read past.
    Group,
    /// Stars of the certificate the product holds.
    Stars,
    Score,
    /// The decision number (or number and date in one cell).
    Decision,
    DecisionDate,
    Expires,
    IssuedBy,
    /// A revoked or removed certificate: the marker, or the date or decision of the removal.
    Revoked,
    /// The state column `ocop export` writes (`revoked` is read as the marker).
    State,
    /// The commune a row belongs to (a province's list: its name, or its code): the
    /// import takes only the tree's own commune's rows.
    Commune,
    /// The commune's code (QĐ 19/2025/QĐ-TTg), in a list that has one.
    CommuneCode,
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
            "don vi chu the",
            "chu the don vi",
            "ten don vi",
            "ten chu the don vi",
            "chu the san xuat",
            "co so san xuat",
            "ten co so",
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
        &["hang sao huong toi", "so sao huong toi", "sao huong toi", "hang sao du kien", "target stars"],
    ),
    (Column::Barcode, &["ma vach", "barcode", "ean"]),
    (Column::ProductCode, &["ma san pham", "ma ocop", "ma san pham ocop", "product code", "ocop code"]),
    (Column::Note, &["ghi chu", "note", "notes"]),
    (Column::Index, &["stt", "tt", "so tt", "so thu tu", "no"]),
    (Column::Group, &["nhom", "nhom san pham", "nganh hang", "group"]),
    (
        Column::Stars,
        &[
            "hang sao",
            "so sao",
            "xep hang",
            "sao",
            "hang sao ocop",
            "ket qua xep hang",
            "ket qua danh gia",
            "stars",
            "certificate stars",
        ],
    ),
    (Column::Score, &["diem", "diem danh gia", "tong diem", "diem so", "score"]),
    (
        Column::Decision,
        &[
            "so qd",
            "quyet dinh",
            "so quyet dinh",
            "so quyet dinh cong nhan",
            "quyet dinh cong nhan",
            "qd cong nhan",
            "so qd cong nhan",
            "decision",
        ],
    ),
    (
        Column::DecisionDate,
        &["ngay cap", "ngay qd", "ngay cong nhan", "ngay quyet dinh", "ngay ban hanh", "decision date", "issued"],
    ),
    (Column::Expires, &["ngay het han", "hieu luc den", "thoi han", "han hieu luc", "expires", "expiry"]),
    (Column::IssuedBy, &["co quan cap", "don vi cap", "noi cap", "cap quyet dinh", "issued by"]),
    (Column::Revoked, &["thu hoi", "da thu hoi", "ngay thu hoi", "qd thu hoi", "quyet dinh thu hoi", "revoked"]),
    (Column::State, &["tinh trang", "trang thai", "state"]),
    (Column::Commune, &["xa", "ten xa", "xa phuong", "xa phuong dac khu", "phuong xa", "commune", "commune name"]),
    (Column::CommuneCode, &["ma xa", "ma don vi hanh chinh", "commune code"]),
];

/// A commune's name or code as a list writes it, folded for matching: "Xã Việt Khê",
/// "xa viet khe" and "Việt Khê" are one commune (the kind of unit in front is left out).
pub fn commune_key(value: &str) -> String {
    let v = normalise(value);
    for unit in ["xa ", "phuong ", "thi tran ", "dac khu "] {
        if let Some(rest) = v.strip_prefix(unit).filter(|r| !r.is_empty()) {
            return rest.to_string();
        }
    }
    v
}

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
        ("cooperative", &["cooperative", "htx", "hop tac xa", "htxnn", "htx nn", "htx dv nn", "htx dvnn"]),
        ("cooperative_group", &["cooperative group", "cooperative_group", "tht", "to hop tac"]),
        (
            "enterprise",
            &[
                "enterprise",
                "doanh nghiep",
                "dn",
                "cong ty",
                "cong ty tnhh",
                "cong ty co phan",
                "cong ty cp",
                "ctcp",
                "cty",
                "cty tnhh",
                "cty cp",
                "chi nhanh cong ty",
                "chi nhanh",
                "dntn",
                "doanh nghiep tu nhan",
            ],
        ),
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
                "ho sxkd",
                "ho san xuat kinh doanh",
                "co so",
                "co so san xuat",
            ],
        ),
        ("association", &["association", "hoi", "hiep hoi"]),
        (
            "unregistered_household",
            &["unregistered household", "unregistered_household", "ho san xuat", "ho chua dang ky", "ho chua dkkd"],
        ),
    ];
    let v = v.replace('_', " ");
    // The catalogue's names, as `ocop export` writes them ("Hội, hiệp hội").
    let labelled = || {
        crate::model::ProducerKind::ALL.iter().map(|k| k.key()).find(|k| {
            [crate::i18n::Lang::Vi, crate::i18n::Lang::En]
                .iter()
                .any(|l| normalise(crate::i18n::tr(*l, &format!("producer_kind.{k}"))) == v)
        })
    };
    WORDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| w.replace('_', " ") == v))
        .map(|(k, _)| *k)
        .or_else(labelled)
        .or_else(|| kind_from_name(&format!("{value} ")))
}

/// True for a state cell (folded) that says the certificate was revoked, in the words
/// lists use and those `ocop export` writes.
pub fn is_revoked_state(folded: &str) -> bool {
    matches!(folded.trim(), "revoked" | "thu hoi" | "da thu hoi" | "bi thu hoi")
}

/// The legal form a producer's name implies ("HTX Đồng Tâm" → cooperative), for rows
/// that leave the form blank.
pub fn kind_from_name(name: &str) -> Option<&'static str> {
    let n = normalise(name);
    const PREFIXES: &[(&str, &str)] = &[
        ("hop tac xa ", "cooperative"),
        ("htx ", "cooperative"),
        ("htxnn ", "cooperative"),
        ("to hop tac ", "cooperative_group"),
        ("tht ", "cooperative_group"),
        ("cong ty ", "enterprise"),
        ("cty ", "enterprise"),
        ("ctcp ", "enterprise"),
        ("chi nhanh cong ty ", "enterprise"),
        ("chi nhanh ", "enterprise"),
        ("dntn ", "enterprise"),
        ("ho sxkd ", "registered_household"),
        ("ho san xuat kinh doanh ", "registered_household"),
        ("co so ", "registered_household"),
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
        assert_eq!(column_of("STT"), Some(Column::Index));
        assert_eq!(column_of("Hạng sao"), Some(Column::Stars));
        assert_eq!(column_of("Stars"), Some(Column::Stars));
        assert_eq!(column_of("Đơn vị/Chủ thể"), Some(Column::ProducerName));
        assert_eq!(column_of("Ghi chú xyz"), None);
        assert_eq!(column_of("Xã"), Some(Column::Commune));
        assert_eq!(column_of("Commune"), Some(Column::Commune));
        assert_eq!(column_of("Mã xã"), Some(Column::CommuneCode));
    }

    #[test]
    fn a_commune_is_matched_with_or_without_its_unit_and_diacritics() {
        assert_eq!(commune_key("Xã Việt Khê"), "viet khe");
        assert_eq!(commune_key("viet khe"), "viet khe");
        assert_eq!(commune_key("  VIỆT KHÊ "), "viet khe");
        assert_eq!(commune_key("Phường Hồng Bàng"), "hong bang");
        // A commune whose name is a unit word only keeps it.
        assert_eq!(commune_key("Xã"), "xa");
    }

    #[test]
    fn docs_editing_lists_every_accepted_header() {
        let docs = include_str!("../../docs/editing.md");
        let start = docs.find("| field | headers accepted |").expect("the headers table");
        let listed: Vec<String> = docs[start..]
            .lines()
            .take_while(|l| l.starts_with('|'))
            .flat_map(|l| {
                l.split('|')
                    .nth(2)
                    .unwrap_or("")
                    .split(',')
                    .map(|h| normalise(h.split('(').next().unwrap_or(h)))
                    .collect::<Vec<_>>()
            })
            .collect();
        for (column, names) in HEADERS {
            for name in *names {
                assert!(listed.iter().any(|l| l == name), "{column:?} header `{name}` is not in docs/editing.md");
            }
        }
    }

    #[test]
    fn the_headers_of_published_lists() {
        for (h, c) in [
            ("Hạng sao", Column::Stars),
            ("Số sao", Column::Stars),
            ("Xếp hạng", Column::Stars),
            ("Sao", Column::Stars),
            ("Stars", Column::Stars),
            ("Điểm", Column::Score),
            ("Điểm đánh giá", Column::Score),
            ("Số QĐ", Column::Decision),
            ("Quyết định", Column::Decision),
            ("Số quyết định công nhận", Column::Decision),
            ("Ngày cấp", Column::DecisionDate),
            ("Ngày QĐ", Column::DecisionDate),
            ("Ngày công nhận", Column::DecisionDate),
            ("Ngày hết hạn", Column::Expires),
            ("Hiệu lực đến", Column::Expires),
            ("Thời hạn", Column::Expires),
            ("Đơn vị/Chủ thể", Column::ProducerName),
            ("Địa chỉ", Column::Address),
            ("STT", Column::Index),
            ("Thu hồi", Column::Revoked),
        ] {
            assert_eq!(column_of(h), Some(c), "{h}");
        }
        for (form, kind) in [
            ("Công ty CP", "enterprise"),
            ("CTCP", "enterprise"),
            ("Công ty TNHH", "enterprise"),
            ("Công ty TNHH một thành viên", "enterprise"),
            ("Chi nhánh công ty", "enterprise"),
            ("Cơ sở", "registered_household"),
            ("Hộ SXKD", "registered_household"),
            ("Hộ kinh doanh", "registered_household"),
            ("HTX", "cooperative"),
            ("HTXNN", "cooperative"),
            ("HTX DV NN", "cooperative"),
            ("THT", "cooperative_group"),
            ("Tổ hợp tác", "cooperative_group"),
        ] {
            assert_eq!(kind_of(form), Some(kind), "{form}");
        }
        assert_eq!(kind_from_name("Cơ sở Hoa Mai"), Some("registered_household"));
        assert_eq!(kind_from_name("CTCP Ba Chẽ"), Some("enterprise"));
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
