//! Vietnamese text handling: NFC normalisation, diacritic-insensitive folding, slugs and
//! alphabetical collation.

use icu_collator::CollatorBorrowed;
use icu_collator::options::CollatorOptions;
use icu_locale_core::locale;
use std::cmp::Ordering;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalises text to NFC, the form every record is compared and stored in.
pub fn nfc(s: &str) -> String {
    // Most files are already NFC (or plain ASCII): a quick scan spares the rebuild.
    match unicode_normalization::is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => s.to_string(),
        _ => s.nfc().collect(),
    }
}

/// Lower-cases and strips every diacritic, mapping `đ` to `d`: "Mật ong" → "mat ong".
/// Used for search, slugs and "did you mean" suggestions.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// The form in which two names are the same name: folded (no case, no diacritics) with
/// runs of whitespace made one space, so "Hợp tác xã  An Sơn" and "hop tac xa an son"
/// name the same producer.
pub fn name_key(s: &str) -> String {
    fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when `needle` occurs in `haystack`, ignoring case, diacritics and punctuation,
/// so "mật", "mat" and "mat-ong" all find "Mật ong".
pub fn matches(haystack: &str, needle: &str) -> bool {
    search_key(haystack).contains(&search_key(needle))
}

/// The form `matches` compares: folded, punctuation made spaces, words one space apart
/// ("Mật ong - An Sơn" → "mat ong an son"). `serve` writes it on each row for the
/// page's script to filter by.
pub fn search_key(s: &str) -> String {
    let folded: String = fold(s).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The Vietnamese-aware slug of a name: "Mật ong An Sơn" → `mat-ong-an-son`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// True when `s` is already a slug (what `slug` would return for it).
pub fn is_slug(s: &str) -> bool {
    !s.is_empty() && slug(s) == s
}

/// True for an id whose file Windows cannot hold: `con`, `prn`, `aux`, `nul`, `com1`-`com9`,
/// `lpt1`-`lpt9` (any case; `con.toml` is as reserved as `con`).
pub fn is_reserved_on_windows(id: &str) -> bool {
    let id = id.to_ascii_lowercase();
    match id.as_str() {
        "con" | "prn" | "aux" | "nul" => true,
        _ => {
            let b = id.as_bytes();
            b.len() == 4 && (id.starts_with("com") || id.starts_with("lpt")) && (b'1'..=b'9').contains(&b[3])
        }
    }
}

/// The id of a record named `name`: its slug, with `-1` added when the slug is a name
/// Windows reserves (a producer called "Nul").
pub fn record_id(name: &str) -> String {
    let s = slug(name);
    if is_reserved_on_windows(&s) { format!("{s}-1") } else { s }
}

/// The collator for Vietnamese: ICU4X with the CLDR rules for `vi` (compiled data).
/// It compares word by word (a space sorts before every letter), letters first with ă,
/// â, đ, ê, ô, ơ, ư as letters of their own, then tones, then case. None only if the
/// compiled data were unusable, which the tests rule out; text then sorts by code point.
fn collator() -> Option<&'static CollatorBorrowed<'static>> {
    static COLLATOR: OnceLock<Option<CollatorBorrowed<'static>>> = OnceLock::new();
    COLLATOR.get_or_init(|| CollatorBorrowed::try_new(locale!("vi").into(), CollatorOptions::default()).ok()).as_ref()
}

/// A sort key for Vietnamese alphabetical order: the collator's key, then the NFC text
/// itself, so that two texts compare equal only when they are the same text (the
/// collator ignores some characters, e.g. controls, and would otherwise tie them).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey(Vec<u8>, String);

pub fn sort_key(s: &str) -> SortKey {
    let mut key = Vec::new();
    if let Some(c) = collator() {
        let Ok(()) = c.write_sort_key_to(s, &mut key);
    }
    SortKey(key, nfc(s))
}

/// Compares two strings in Vietnamese alphabetical order, the order of `sort_key`.
pub fn compare(a: &str, b: &str) -> Ordering {
    collator().map_or(Ordering::Equal, |c| c.compare(a, b)).then_with(|| nfc(a).cmp(&nfc(b)))
}

/// The closest of `candidates` to `input` (ignoring diacritics), if close enough to
/// suggest as "did you mean".
pub fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input = fold(input);
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&input, &fold(c)), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_reserved_names() {
        for id in ["con", "NUL", "aux", "prn", "com1", "lpt9", "Com3"] {
            assert!(is_reserved_on_windows(id), "{id}");
        }
        for id in ["console", "com0", "com10", "lpt", "nul-1", "mat-ong"] {
            assert!(!is_reserved_on_windows(id), "{id}");
        }
        assert_eq!(record_id("Nul"), "nul-1");
        assert_eq!(record_id("Mật ong"), "mat-ong");
    }

    #[test]
    fn name_keys_ignore_case_diacritics_form_and_spacing() {
        let nfd: String = "Hợp tác xã Nông nghiệp An Sơn".nfd().collect();
        assert_eq!(name_key(" hop tac xa  NONG nghiep\tan son "), name_key(&nfd));
        assert_eq!(name_key("Đồng Tâm"), "dong tam");
        assert_ne!(name_key("HTX An Sơn"), name_key("Hợp tác xã An Sơn"));
    }

    #[test]
    fn folds_diacritics_and_d_stroke() {
        assert_eq!(fold("Mật ong An Sơn"), "mat ong an son");
        assert_eq!(fold("Đào"), "dao");
        assert_eq!(fold("RƯỢU NẾP"), "ruou nep");
    }

    #[test]
    fn slugs_vietnamese_names() {
        assert_eq!(slug("Mật ong An Sơn"), "mat-ong-an-son");
        assert_eq!(slug("Rượu nếp men lá Kỳ Sơn"), "ruou-nep-men-la-ky-son");
        assert_eq!(slug("  HTX  Đồng Tâm (Thôn 3) "), "htx-dong-tam-thon-3");
        assert!(is_slug("na-bo-an-son"));
        assert!(!is_slug("Na-bo"));
        assert!(!is_slug(""));
    }

    #[test]
    fn nfd_input_normalises_to_nfc() {
        let nfd: String = "Mật ong".nfd().collect();
        assert_ne!(nfd, "Mật ong");
        assert_eq!(nfc(&nfd), "Mật ong");
        assert_eq!(slug(&nfd), "mat-ong");
    }

    #[test]
    fn search_ignores_diacritics_and_spacing() {
        assert!(matches("Mật ong An Sơn", "mat ong"));
        assert!(matches("Mật ong An Sơn", "MẬT  ONG"));
        assert!(matches("Na bở An Sơn", "an son"));
        assert!(!matches("Na bở An Sơn", "mat"));
        assert!(matches("Mật ong An Sơn", "mat-ong"));
        assert!(matches("mat-ong-an-son", "mat ong"));
    }

    #[test]
    fn sorts_in_vietnamese_alphabet_order() {
        let mut words = vec!["Đào", "Dừa", "Ăn", "Anh", "Ân", "Bưởi", "Ơn", "Ốc", "Ong", "Ưa", "Uống"];
        words.sort_by(|a, b| compare(a, b));
        assert_eq!(words, ["Anh", "Ăn", "Ân", "Bưởi", "Dừa", "Đào", "Ong", "Ốc", "Ơn", "Uống", "Ưa"]);
    }

    #[test]
    fn distinct_texts_never_compare_equal() {
        // Marks outside the Vietnamese alphabet and stacked tones used to collide.
        for (a, b) in [("c\u{302}", "c\u{306}"), ("c\u{327}", "c\u{30c}"), ("a\u{309}\u{301}", "a\u{301}")] {
            assert_ne!(compare(a, b), Ordering::Equal, "{a:?} {b:?}");
            assert_eq!(compare(a, b), compare(b, a).reverse());
        }
        let nfd: String = "Mật ong".nfd().collect();
        assert_eq!(compare(&nfd, "Mật ong"), Ordering::Equal);
    }

    #[test]
    fn names_sort_word_by_word_letters_before_tones() {
        let mut names = vec!["Nam Đàn chè", "Cam Vinh", "Bánh đa Kế", "Na bở An Sơn", "Cà phê Hương", "Ba kích tím"];
        names.sort_by(|a, b| compare(a, b));
        let want = ["Ba kích tím", "Bánh đa Kế", "Cà phê Hương", "Cam Vinh", "Na bở An Sơn", "Nam Đàn chè"];
        assert_eq!(names, want);
        names.reverse();
        names.sort_by_cached_key(|n| sort_key(n));
        assert_eq!(names, want);
    }

    #[test]
    fn the_vietnamese_collator_is_available() {
        assert!(collator().is_some());
    }

    #[test]
    fn tones_order_after_letters() {
        let mut words = vec!["mạ", "má", "mã", "mả", "mà", "ma", "mai"];
        words.sort_by(|a, b| compare(a, b));
        assert_eq!(words, ["ma", "mà", "mả", "mã", "má", "mạ", "mai"]);
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// Vietnamese letters (ă, â, đ, ê, ô, ơ, ư as letters of their own), and the five
        /// tone marks; a word is built from (letter, tone, upper case) triples.
        const LETTERS: &[&str] = &[
            "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q",
            "r", "s", "t", "u", "ư", "v", "x", "y", " ", "0", "7", "-",
        ];
        const TONES: &[&str] = &["", "\u{300}", "\u{309}", "\u{303}", "\u{301}", "\u{323}"];

        fn vietnamese() -> impl Strategy<Value = String> {
            prop::collection::vec((0..LETTERS.len(), 0..TONES.len(), any::<bool>()), 0..12).prop_map(|chars| {
                let raw: String = chars
                    .into_iter()
                    .map(|(l, t, upper)| {
                        let letter = if upper { LETTERS[l].to_uppercase() } else { LETTERS[l].to_string() };
                        let is_vowel = "aăâeêioôơuưy".contains(LETTERS[l]);
                        format!("{letter}{}", if is_vowel { TONES[t] } else { "" })
                    })
                    .collect();
                nfc(&raw)
            })
        }

        /// Letters carrying several combining marks, as pasted text can: two tones, or
        /// marks Vietnamese does not use (caron, diaeresis, cedilla).
        fn stacked_marks() -> impl Strategy<Value = String> {
            const MARKS: &[char] =
                &['\u{300}', '\u{301}', '\u{302}', '\u{306}', '\u{308}', '\u{30c}', '\u{323}', '\u{327}', '\u{31b}'];
            prop::collection::vec(
                (
                    prop::sample::select(&['a', 'o', 'u', 'c', 'Z'][..]),
                    prop::collection::vec(prop::sample::select(MARKS), 1..3),
                ),
                1..3,
            )
            .prop_map(|chars| chars.into_iter().flat_map(|(c, marks)| std::iter::once(c).chain(marks)).collect())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn slug_is_idempotent_and_a_slug(s in any::<String>()) {
                let once = slug(&s);
                prop_assert_eq!(slug(&once), once.clone());
                prop_assert!(once.is_empty() || is_slug(&once));
                prop_assert!(once.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
                prop_assert!(!once.starts_with('-') && !once.ends_with('-') && !once.contains("--"));
            }

            #[test]
            fn slug_of_vietnamese_ignores_form_and_case(s in vietnamese()) {
                let nfd: String = s.nfd().collect();
                prop_assert_eq!(slug(&nfd), slug(&s));
                prop_assert_eq!(slug(&s.to_uppercase()), slug(&s));
            }

            #[test]
            fn compare_is_a_total_order_consistent_with_equality(
                a in vietnamese(), b in vietnamese(), c in vietnamese()
            ) {
                prop_assert_eq!(compare(&a, &a), Ordering::Equal);
                prop_assert_eq!(compare(&a, &b), compare(&b, &a).reverse());
                prop_assert_eq!(compare(&a, &b) == Ordering::Equal, a == b);
                if compare(&a, &b) != Ordering::Greater && compare(&b, &c) != Ordering::Greater {
                    prop_assert_ne!(compare(&a, &c), Ordering::Greater);
                }
                // The decomposed spelling of a name sorts exactly where the composed one does.
                let nfd: String = a.nfd().collect();
                prop_assert_eq!(compare(&nfd, &b), compare(&a, &b));
                // Sorting by key and sorting by comparison agree.
                prop_assert_eq!(sort_key(&a).cmp(&sort_key(&b)), compare(&a, &b));
            }

            #[test]
            fn compare_is_consistent_with_equality_on_any_text(
                a in prop_oneof![any::<String>(), stacked_marks()],
                b in prop_oneof![any::<String>(), stacked_marks()],
            ) {
                prop_assert_eq!(compare(&a, &b), compare(&b, &a).reverse());
                prop_assert_eq!(compare(&a, &b) == Ordering::Equal, nfc(&a) == nfc(&b));
            }

            #[test]
            fn sorting_by_compare_gives_a_sorted_list(mut words in prop::collection::vec(vietnamese(), 0..20)) {
                words.sort_by(|x, y| compare(x, y));
                for pair in words.windows(2) {
                    prop_assert_ne!(compare(&pair[0], &pair[1]), Ordering::Greater);
                }
            }
        }
    }

    #[test]
    fn suggests_close_names() {
        let keys = ["status", "evidence", "issued", "expires", "note"];
        assert_eq!(did_you_mean("evidance", keys), Some("evidence"));
        assert_eq!(did_you_mean("xyz", keys), None);
    }
}

/// `part` of `whole` in whole percent, rounded to the nearest (18/22 is 82 %, not 81),
/// but never 100 before `part` reaches `whole` nor 0 once it is above 0. None when
/// `whole` is 0.
pub fn percent(part: usize, whole: usize) -> Option<usize> {
    let rounded = (part * 200 + whole).checked_div(whole * 2)?;
    Some(match rounded {
        100.. if part < whole => 99,
        0 if part > 0 => 1,
        p => p,
    })
}

#[cfg(test)]
mod percent_tests {
    use super::percent;

    #[test]
    fn rounded_not_truncated() {
        assert_eq!(percent(18, 22), Some(82));
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(199, 200), Some(99));
        assert_eq!(percent(1, 300), Some(1));
        assert_eq!(percent(0, 5), Some(0));
        assert_eq!(percent(5, 5), Some(100));
        assert_eq!(percent(1, 0), None);
    }
}
