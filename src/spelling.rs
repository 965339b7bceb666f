//! The spellings of a model enum's value that people type: the files' key, also with
//! `-` for `_` (`sent-to-province` as well as `sent_to_province`), the catalogue's
//! Vietnamese name of the value (`đã nộp xã`, `da-nop-xa`) and the usual short forms
//! (`xong`, `da-nop`, `HTX`, `hộ kinh doanh`), ignoring case and diacritics. Used by the
//! command-line flags (`cli::values`) and by the loader's hints on a wrong value.

use crate::i18n::{Lang, LocalText, lookup, tr};
use crate::text::slug;

/// The catalogue sections that name a model enum's values.
const SECTIONS: &[&str] = &["stage", "item_state", "producer_kind", "evaluation", "activity_kind"];

/// Short Vietnamese forms officers type, by the key they stand for (slugs).
pub(crate) const ALIASES: &[(&str, &[&str])] = &[
    ("preparing", &["chuan-bi", "dang-lam-ho-so"]),
    ("submitted", &["da-nop", "nop", "nop-xa"]),
    ("screened", &["tham-dinh", "da-tham-dinh"]),
    ("sent_to_province", &["gui-tinh", "da-gui"]),
    ("rated", &["xep-hang", "da-co-quyet-dinh"]),
    ("returned", &["tra-lai", "bi-tra"]),
    ("missing", &["thieu", "chua-co"]),
    ("in_progress", &["dang-lam"]),
    ("done", &["xong", "da-co", "hoan-thanh"]),
    ("not_applicable", &["khong-ap-dung", "ko-ap-dung"]),
    ("cooperative", &["htx"]),
    ("cooperative_group", &["tht", "to-hop-tac"]),
    ("enterprise", &["dn", "doanh-nghiep", "cong-ty"]),
    ("farm", &["trang-trai"]),
    ("registered_household", &["ho-kinh-doanh", "hkd", "ho-san-xuat"]),
    ("association", &["hoi", "hiep-hoi"]),
    ("unregistered_household", &["ho-chua-dang-ky"]),
    ("first", &["lan-dau"]),
    ("upgrade", &["nang-hang"]),
    ("reevaluation", &["danh-gia-lai"]),
];

/// Every spelling of `key` that is accepted, as slugs: the key itself, the catalogue's
/// Vietnamese name, and the short forms.
pub(crate) fn spellings(key: &str) -> Vec<String> {
    let mut out = vec![slug(key)];
    for section in SECTIONS {
        let name = tr(Lang::Vi, &format!("{section}.{key}"));
        if name != "?" {
            out.push(slug(name));
        }
    }
    for (k, aliases) in ALIASES {
        if *k == key {
            out.extend(aliases.iter().map(|a| slug(a)));
        }
    }
    out
}

/// The key of `keys` that `given` spells, if any.
pub(crate) fn resolve<'k>(keys: &[&'k str], given: &str) -> Option<&'k str> {
    let given = slug(given);
    if given.is_empty() {
        return None;
    }
    // The keys themselves first, so an alias never hides a key of the list.
    keys.iter()
        .copied()
        .find(|k| slug(k) == given)
        .or_else(|| keys.iter().copied().find(|k| spellings(k).contains(&given)))
}

/// The catalogue's name of `key` in both languages (`cooperative` → "Hợp tác xã"), if a
/// section names it.
pub(crate) fn name(key: &str) -> Option<LocalText> {
    SECTIONS.iter().find_map(|section| {
        let k = format!("{section}.{key}");
        Some(LocalText { vi: lookup(Lang::Vi, &k)?.to_string(), en: lookup(Lang::En, &k)?.to_string() })
    })
}
