//! Reading the values published OCOP lists hold in one cell: dates in the ways people
//! type them (`04/02/2020`, `4/2/20`, `ngày 4/2/2020`, `ngày 04 tháng 02 năm 2020`,
//! an Excel serial number), a decision with its date in one cell ("QĐ số
//! 1234/QĐ-UBND ngày 04/02/2020") and a star rating ("4 sao", "★★★★", "đề nghị 5 sao").

use crate::text::fold;
use chrono::{Duration, NaiveDate};

/// A date as a list writes it; `numeric` when the spreadsheet stored the cell as a
/// number (an Excel date serial).
pub fn date(text: &str, numeric: bool) -> Option<NaiveDate> {
    let t = text.trim();
    if numeric {
        // Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was,
        // so from day 61 on, day 0 is 1899-12-30. Serials below 1960 are not OCOP dates.
        let serial: f64 = t.parse().ok()?;
        if (21_916.0..=73_051.0).contains(&serial) {
            let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
            return base.checked_add_signed(Duration::days(serial.trunc() as i64));
        }
        return None;
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some(d);
    }
    // Everything but the numbers goes: "ngày 04 tháng 02 năm 2020", "4/2/20", "04.02.2020".
    let numbers: Vec<&str> = t.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).collect();
    let words: String = fold(t).chars().filter(|c| c.is_alphabetic()).collect();
    if !words.chars().all(|c| "ngaythangnam".contains(c)) {
        return None;
    }
    let [d, m, y] = numbers.as_slice() else { return None };
    let (d, m): (u32, u32) = (d.parse().ok()?, m.parse().ok()?);
    let y: i32 = match y.len() {
        2 => 2000 + y.parse::<i32>().ok()?,
        4 => y.parse().ok()?,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A decision cell split into its number and its date: "QĐ số 1234/QĐ-UBND ngày
/// 04/02/2020" → ("1234/QĐ-UBND", 2020-02-04). Either half may be missing.
pub fn decision(text: &str) -> (Option<String>, Option<NaiveDate>) {
    let t = text.trim();
    let folded = fold(t);
    // `fold` keeps one char per char of NFC text, so char positions agree.
    let chars: Vec<char> = t.chars().collect();
    let fchars: Vec<char> = folded.chars().collect();
    // "ngày", or "dated" as the English list `ocop export` writes has it.
    let at = if chars.len() == fchars.len() {
        find_word(&fchars, "ngay").or_else(|| find_word(&fchars, "dated"))
    } else {
        None
    };
    let (number_part, date_part) = match at {
        Some(i) => (chars[..i].iter().collect::<String>(), Some(chars[i..].iter().collect::<String>())),
        None => (t.to_string(), None),
    };
    let date = date_part.as_deref().and_then(|d| {
        let d = d.strip_prefix("dated").or_else(|| d.strip_prefix("Dated")).unwrap_or(d);
        date(d.trim_end_matches([')', '.', ',', ';']), false)
    });
    let mut number = number_part.trim().trim_end_matches([',', ';', '(', '-']).trim().to_string();
    // The words before the number: "Quyết định số", "QĐ số", "Số".
    for prefix in ["quyet dinh so", "quyet dinh", "qd so", "so"] {
        let f = fold(&number);
        if f.starts_with(prefix) && f.chars().count() == number.chars().count() {
            let rest: String = number.chars().skip(prefix.chars().count()).collect();
            if rest.starts_with([' ', ':', '.']) {
                number = rest.trim_start_matches([' ', ':', '.']).to_string();
                break;
            }
        }
    }
    let number = (!number.is_empty() && number.chars().any(|c| c.is_ascii_digit())).then_some(number);
    (number, date)
}

fn find_word(hay: &[char], word: &str) -> Option<usize> {
    let w: Vec<char> = word.chars().collect();
    (0..hay.len().saturating_sub(w.len() - 1)).find(|&i| {
        hay[i..i + w.len()] == w[..]
            && (i == 0 || !hay[i - 1].is_alphanumeric())
            && hay.get(i + w.len()).is_none_or(|c| !c.is_alphanumeric())
    })
}

/// A star cell read: the stars the province awarded and, when the cell proposes the
/// product for the national level, that proposal (kept as a note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stars {
    pub stars: u8,
    pub proposal: Option<String>,
}

/// "4", "4 sao", "4*", "★★★★", "4 sao (đề nghị 5 sao)", "Đề nghị 5 sao" (the province's
/// own rating is 4 stars: only the national council awards 5).
pub fn stars(text: &str) -> Option<Stars> {
    let t = text.trim();
    let folded = fold(t);
    let (own, proposal) = match folded.find("de nghi") {
        Some(i) => (&folded[..i], Some(t.to_string())),
        None => (folded.as_str(), None),
    };
    let glyphs = own.chars().filter(|c| matches!(c, '★' | '⭐' | '*')).count();
    let digits: Vec<u32> = own.chars().filter_map(|c| c.to_digit(10)).collect();
    let stars = match (digits.as_slice(), glyphs) {
        ([n], _) => *n as u8,
        ([], n) if n > 0 => n as u8,
        ([], 0) if proposal.is_some() => 4,
        _ => return None,
    };
    let words: String = own.chars().filter(|c| c.is_alphabetic()).collect();
    if !matches!(words.as_str(), "" | "sao" | "saoocop" | "stars" | "star") && proposal.is_none() {
        return None;
    }
    (3..=5).contains(&stars).then_some(Stars { stars, proposal })
}

/// A score such as "72", "72,5" or "72.5/100".
pub fn score(text: &str) -> Option<f64> {
    let t = text.trim().split('/').next()?.trim().replace(',', ".");
    t.parse::<f64>().ok().filter(|s| (0.0..=100.0).contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn dates_as_lists_write_them() {
        assert_eq!(date("04/02/2020", false), Some(d(2020, 2, 4)));
        assert_eq!(date("4/2/20", false), Some(d(2020, 2, 4)));
        assert_eq!(date("ngày 4/2/2020", false), Some(d(2020, 2, 4)));
        assert_eq!(date("Ngày 04 tháng 02 năm 2020", false), Some(d(2020, 2, 4)));
        assert_eq!(date("04.02.2020", false), Some(d(2020, 2, 4)));
        assert_eq!(date("2020-02-04", false), Some(d(2020, 2, 4)));
        assert_eq!(date("43865", true), Some(d(2020, 2, 4)));
        assert_eq!(date("31/02/2020", false), None);
        assert_eq!(date("1234/QĐ-UBND", false), None);
        assert_eq!(date("12", true), None);
    }

    #[test]
    fn a_decision_cell_splits_into_number_and_date() {
        let n = |s: &str| Some(s.to_string());
        assert_eq!(decision("QĐ số 1234/QĐ-UBND ngày 04/02/2020"), (n("1234/QĐ-UBND"), Some(d(2020, 2, 4))));
        assert_eq!(decision("Quyết định số 56/QĐ-UBND, ngày 4/2/20"), (n("56/QĐ-UBND"), Some(d(2020, 2, 4))));
        assert_eq!(decision("1234/QĐ-UBND"), (n("1234/QĐ-UBND"), None));
        assert_eq!(decision("ngày 04/02/2020"), (None, Some(d(2020, 2, 4))));
    }

    #[test]
    fn stars_and_proposals() {
        let s = |n, p: Option<&str>| Some(Stars { stars: n, proposal: p.map(str::to_string) });
        assert_eq!(stars("4"), s(4, None));
        assert_eq!(stars("3 sao"), s(3, None));
        assert_eq!(stars("★★★★"), s(4, None));
        assert_eq!(stars("Đề nghị 5 sao"), s(4, Some("Đề nghị 5 sao")));
        assert_eq!(stars("4 sao (đề nghị 5 sao)"), s(4, Some("4 sao (đề nghị 5 sao)")));
        assert_eq!(stars("7"), None);
        assert_eq!(stars("tốt"), None);
        assert_eq!(score("72,5"), Some(72.5));
    }
}
