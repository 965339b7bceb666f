//! Identifier checks: enterprise/tax codes (mã số doanh nghiệp), EAN-13 barcodes and OCOP
//! product codes.

/// What is wrong with a registration or tax code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxCodeError {
    /// Not 10 digits, `XXXXXXXXXX-YYY`, 13 digits or a 12-digit personal number.
    Shape,
    /// The 10th digit does not match the mod-11 check of the first nine.
    CheckDigit { expected: Option<u32> },
    /// A branch numbered 000: branches run 001–999.
    BranchZero,
}

/// The kind of a valid registration code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaxCodeKind {
    Enterprise,
    Branch,
    PersonalId,
}

/// Checks a Vietnamese enterprise/tax code: 10 digits with a mod-11 check digit, a
/// 13-digit branch code (written with or without the dash before the last three
/// digits), or a 12-digit personal identification number used by households.
pub fn check_tax_code(code: &str) -> Result<TaxCodeKind, TaxCodeError> {
    let compact: String = code.chars().filter(|c| *c != ' ').collect();
    let (head, branch) = match compact.split_once('-') {
        Some((h, b)) => (h, Some(b)),
        None => (compact.as_str(), None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !all_digits(head) || branch.is_some_and(|b| b.len() != 3 || !all_digits(b)) {
        return Err(TaxCodeError::Shape);
    }
    let (base, kind) = match (head.len(), branch) {
        (10, None) => (head, TaxCodeKind::Enterprise),
        (10, Some(_)) => (head, TaxCodeKind::Branch),
        (13, None) => (&head[..10], TaxCodeKind::Branch),
        (12, None) => return Ok(TaxCodeKind::PersonalId),
        _ => return Err(TaxCodeError::Shape),
    };
    if kind == TaxCodeKind::Branch && branch.unwrap_or(&head[10..]) == "000" {
        return Err(TaxCodeError::BranchZero);
    }
    let digits: Vec<u32> = base.chars().filter_map(|c| c.to_digit(10)).collect();
    const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];
    let s: u32 = WEIGHTS.iter().zip(&digits).map(|(w, d)| w * d).sum::<u32>() % 11;
    // 10 - s is a digit only when s >= 1; s = 0 leaves no valid check digit.
    let expected = (s != 0).then(|| 10 - s);
    match expected {
        Some(e) if e == digits[9] => Ok(kind),
        _ => Err(TaxCodeError::CheckDigit { expected }),
    }
}

/// What is wrong with an EAN-13 barcode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ean13Error {
    Shape,
    CheckDigit { expected: u32 },
}

/// Checks an EAN-13 barcode: 13 digits, weights 1,3,1,3… over the first twelve.
pub fn check_ean13(code: &str) -> Result<(), Ean13Error> {
    let digits: Vec<u32> = code.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 13 || code.chars().count() != 13 {
        return Err(Ean13Error::Shape);
    }
    let sum: u32 = digits[..12].iter().enumerate().map(|(i, d)| if i % 2 == 0 { *d } else { 3 * d }).sum();
    let expected = (10 - sum % 10) % 10;
    if expected == digits[12] { Ok(()) } else { Err(Ean13Error::CheckDigit { expected }) }
}

/// A registration code's digits alone, for telling whether two records name the same
/// producer: `0201 234 583` and `0201234583` are one code. Empty when it has no digits.
pub fn tax_code_digits(code: &str) -> String {
    code.chars().filter(char::is_ascii_digit).collect()
}

/// The parts of an OCOP product code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductCode<'a> {
    pub province: &'a str,
    /// Only in the older form, from before districts were abolished (QĐ 1489/2025).
    pub district: Option<&'a str>,
    pub commune: &'a str,
    pub serial: &'a str,
    pub year: i32,
}

/// Splits an OCOP product code: `(province)-(commune)-(serial)-(year)` under QĐ 26/2026
/// with codes from Decision 19/2025/QĐ-TTg (2-digit province, 5-digit commune), or the
/// older `(province)-(district)-(commune)-(serial)-(year)` with a 3-digit district, e.g.
/// `83-829-28780-3-2022`, which existing records still carry. None when it is neither.
pub fn parse_product_code(code: &str) -> Option<ProductCode<'_>> {
    let parts: Vec<&str> = code.trim().split('-').collect();
    let digits = |s: &str, len: Option<usize>| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) && len.is_none_or(|n| s.len() == n)
    };
    let (province, district, commune, serial, year) = match parts[..] {
        [p, c, s, y] => (p, None, c, s, y),
        [p, d, c, s, y] if digits(d, Some(3)) => (p, Some(d), c, s, y),
        _ => return None,
    };
    let ok = digits(province, Some(2)) && digits(commune, Some(5)) && digits(serial, None) && digits(year, Some(4));
    Some(ProductCode { province, district, commune, serial, year: year.parse().ok().filter(|_| ok)? })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_compare_by_digits() {
        assert_eq!(tax_code_digits("0201 234 583"), tax_code_digits("0201234583"));
        assert_eq!(tax_code_digits(" 0201234583-001 "), "0201234583001");
        assert_ne!(tax_code_digits("0201234583-001"), tax_code_digits("0201234583"));
        assert_eq!(tax_code_digits("chưa có"), "");
    }

    #[test]
    fn accepts_valid_enterprise_codes() {
        // 0100109106: 31*0+29*1+23*0+19*0+17*1+13*0+7*9+5*1+3*0 = 114; 114 mod 11 = 4; 10-4 = 6.
        assert_eq!(check_tax_code("0100109106"), Ok(TaxCodeKind::Enterprise));
        assert_eq!(check_tax_code("0100109106-001"), Ok(TaxCodeKind::Branch));
        assert_eq!(check_tax_code("0100109106001"), Ok(TaxCodeKind::Branch));
    }

    #[test]
    fn rejects_wrong_check_digit() {
        assert_eq!(check_tax_code("0100109107"), Err(TaxCodeError::CheckDigit { expected: Some(6) }));
    }

    #[test]
    fn no_check_digit_when_remainder_is_zero_or_ten() {
        // The weighted sum of 000000000 is 0, so no digit can check it.
        assert_eq!(check_tax_code("0000000000"), Err(TaxCodeError::CheckDigit { expected: None }));
    }

    #[test]
    fn accepts_personal_numbers_and_rejects_shapes() {
        assert_eq!(check_tax_code("031089001234"), Ok(TaxCodeKind::PersonalId));
        assert_eq!(check_tax_code("01001091"), Err(TaxCodeError::Shape));
        assert_eq!(check_tax_code("01001O9106"), Err(TaxCodeError::Shape));
        assert_eq!(check_tax_code("0100109106-01"), Err(TaxCodeError::Shape));
        assert_eq!(check_tax_code(""), Err(TaxCodeError::Shape));
    }

    #[test]
    fn remainder_ten_gives_check_digit_zero() {
        // 3·7 = 21 ≡ 10 (mod 11): the check digit is 10 − 10 = 0.
        assert_eq!(check_tax_code("0000000070"), Ok(TaxCodeKind::Enterprise));
        assert_eq!(check_tax_code("0000000071"), Err(TaxCodeError::CheckDigit { expected: Some(0) }));
    }

    #[test]
    fn spaces_are_ignored_and_branches_are_checked_on_their_first_ten_digits() {
        assert_eq!(check_tax_code("0100 109 106"), Ok(TaxCodeKind::Enterprise));
        assert_eq!(check_tax_code("0100109107-001"), Err(TaxCodeError::CheckDigit { expected: Some(6) }));
        assert_eq!(check_tax_code("0100109107001"), Err(TaxCodeError::CheckDigit { expected: Some(6) }));
        // A personal number has no branch part and no check digit of this kind.
        assert_eq!(check_tax_code("031089001234-001"), Err(TaxCodeError::Shape));
        assert_eq!(check_tax_code("-001"), Err(TaxCodeError::Shape));
        assert_eq!(check_tax_code("0100109106-001"), Ok(TaxCodeKind::Branch));
        assert_eq!(check_tax_code("0100109106-999"), Ok(TaxCodeKind::Branch));
        assert_eq!(check_tax_code("0100109106-000"), Err(TaxCodeError::BranchZero));
        assert_eq!(check_tax_code("0100109106000"), Err(TaxCodeError::BranchZero));
    }

    #[test]
    fn ean13_edge_cases() {
        // 8+27+3+3·4 = 50: check digit 0.
        assert_eq!(check_ean13("8930000000040"), Ok(()));
        assert_eq!(check_ean13("8930000000041"), Err(Ean13Error::CheckDigit { expected: 0 }));
        assert_eq!(check_ean13("8930000000009"), Err(Ean13Error::CheckDigit { expected: 2 }));
        // Separators and non-ASCII digits are not part of an EAN-13.
        assert_eq!(check_ean13("893 0000000040"), Err(Ean13Error::Shape));
        assert_eq!(check_ean13("893-000000004"), Err(Ean13Error::Shape));
        assert_eq!(check_ean13("８９３００００００００４０"), Err(Ean13Error::Shape));
        assert_eq!(check_ean13(""), Err(Ean13Error::Shape));
    }

    #[test]
    fn checks_ean13() {
        assert_eq!(check_ean13("8935049500018"), Ok(()));
        assert_eq!(check_ean13("4006381333931"), Ok(()));
        assert_eq!(check_ean13("8935049500017"), Err(Ean13Error::CheckDigit { expected: 8 }));
        assert_eq!(check_ean13("893504950001"), Err(Ean13Error::Shape));
        assert_eq!(check_ean13("89350495000a8"), Err(Ean13Error::Shape));
    }

    #[test]
    fn product_codes_new_and_old_forms() {
        let new = parse_product_code("31-11311-001-2026").expect("new form");
        assert_eq!((new.province, new.district, new.commune, new.serial, new.year), ("31", None, "11311", "001", 2026));
        let old = parse_product_code("83-829-28780-3-2022").expect("old form");
        assert_eq!((old.province, old.district, old.commune, old.year), ("83", Some("829"), "28780", 2022));
        for bad in ["", "31-11311-001", "31-11311-001-26", "3-11311-001-2026", "31-1131-001-2026", "31-11311--2026"] {
            assert_eq!(parse_product_code(bad), None, "{bad}");
        }
        assert_eq!(parse_product_code("83-82-28780-3-2022"), None, "a district has 3 digits");
        assert_eq!(parse_product_code("31-11311-00a-2026"), None);
        assert_eq!(parse_product_code("３１-11311-001-2026"), None, "ASCII digits only");
    }
}
