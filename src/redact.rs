//! Redaction (`--redact`, and `ocop export` by default): personal data replaced by a
//! mark ("[ẩn]", "[redacted]") in the records themselves, before anything is computed
//! or drawn, so every output format of every command is covered by this one function.
//! Personal data here is:
//! - a producer's `phone` and `email`, and phone numbers and e-mail addresses written in
//!   any free text (names, addresses, notes, evidence paths, activities, report text);
//! - personal ID numbers (CCCD, 12 digits): a household's `registration_code`, and any
//!   12-digit number in free text;
//! - the representative of a household producer (legal form `registered_household` or
//!   `unregistered_household`): the field, and the name wherever it is written
//!   (a household is often named after its head: "Hộ kinh doanh Nguyễn Văn Thắng").
//!
//! An enterprise's or cooperative's tax code and its representative are public
//! registration data and stay. Record ids (file names) stay too: they are how records
//! are named, and a household's id may be the slug of its head's name.

use crate::diag::Diagnostic;
use crate::i18n::{Lang, LocalText, tr};
use crate::load::Catalog;
use crate::model::{Certificate, Item, Producer, ProducerKind, Product};
use crate::plan::Programme;
use crate::tree::Tree;
use std::collections::HashMap;

/// What to hide and what to put in its place.
#[derive(Debug, Clone)]
pub struct Redactor {
    pub mark: String,
    /// Household representatives' names (and their upper-case forms), by their first
    /// two words, each list longest first (so a longer name is replaced before a
    /// shorter one inside it): a text is looked up by its word pairs, so the cost per
    /// text does not grow with the number of households.
    names: HashMap<(String, String), Vec<String>>,
}

fn is_household(kind: ProducerKind) -> bool {
    matches!(kind, ProducerKind::RegisteredHousehold | ProducerKind::UnregisteredHousehold)
}

impl Redactor {
    /// A redactor for `catalog`: the household representatives' names are collected
    /// from it.
    pub fn for_catalog(catalog: &Catalog, mark: &str) -> Redactor {
        let names = catalog
            .producers
            .values()
            .filter(|r| is_household(r.value.kind))
            .filter_map(|r| r.value.representative.as_deref())
            .map(|n| crate::text::nfc(n.split_whitespace().collect::<Vec<_>>().join(" ").as_str()));
        Redactor::with_names(mark, names)
    }

    /// A redactor that also hides these names (people's full names: one word, "Lan",
    /// would hide too much else, so such a name is left out).
    pub fn with_names(mark: &str, names: impl IntoIterator<Item = String>) -> Redactor {
        let mut index: HashMap<(String, String), Vec<String>> = HashMap::new();
        for name in names {
            for form in [name.to_uppercase(), name] {
                let mut words = words(&form);
                if let (Some(a), Some(b)) = (words.next(), words.next()) {
                    index.entry((a.to_string(), b.to_string())).or_default().push(form.clone());
                }
            }
        }
        for list in index.values_mut() {
            list.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            list.dedup();
        }
        Redactor { mark: mark.to_string(), names: index }
    }

    /// `s` with names, e-mail addresses, phone numbers and ID numbers replaced.
    pub fn text(&self, s: &str) -> String {
        let mut out = crate::text::nfc(s);
        if !self.names.is_empty() {
            let words: Vec<&str> = words(&out).collect();
            let mut hits: Vec<&String> = words
                .windows(2)
                .filter_map(|w| self.names.get(&(w[0].to_string(), w[1].to_string())))
                .flatten()
                .collect();
            hits.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            hits.dedup();
            for name in hits {
                out = replace_whole(&out, name, &self.mark);
            }
        }
        let out = emails(&out, &self.mark);
        numbers(&out, &self.mark)
    }

    fn opt(&self, s: &mut Option<String>) {
        if let Some(v) = s {
            *v = self.text(v);
        }
    }

    fn all(&self, v: &mut [String]) {
        for s in v {
            *s = self.text(s);
        }
    }

    /// A field that is personal data whole: replaced by the mark when it holds anything.
    fn hide(&self, s: &mut Option<String>) {
        if s.as_deref().is_some_and(|v| !v.trim().is_empty()) {
            *s = Some(self.mark.clone());
        }
    }
}

/// Redacts every record of `tree`, its plan, activities and report texts, and the values
/// its diagnostics quote, with the mark in `lang`.
pub fn tree(tree: &mut Tree, lang: Lang) {
    let r = Redactor::for_catalog(&tree.catalog, tr(lang, "redact.mark"));
    catalog(&mut tree.catalog, &r);
    programme(&mut tree.programme, &r);
    diagnostics(&mut tree.diagnostics, &r);
}

/// Redacts every commune of a province tree (each with its own households' names), and
/// the province's own plan, activities, report texts and diagnostics.
pub fn province(p: &mut crate::province::Province, lang: Lang) {
    use crate::province::State;
    for m in &mut p.communes {
        if let State::Ready(t) | State::Failed(t) = &mut m.state {
            tree(t, lang);
        }
    }
    let r = Redactor::for_catalog(&p.catalog, tr(lang, "redact.mark"));
    programme(&mut p.programme, &r);
    diagnostics(&mut p.diagnostics, &r);
}

pub fn catalog(catalog: &mut Catalog, r: &Redactor) {
    // A sign-off that held before still holds: the record changes only for output.
    let approved: std::collections::BTreeSet<crate::model::Id> = catalog
        .products
        .iter()
        .filter(|(_, rec)| crate::review::state(catalog, &rec.value) == crate::review::ReviewState::Approved)
        .map(|(id, _)| id.clone())
        .collect();
    // The files were hashed for the review state just above: the catalog's fingerprints
    // read each once.
    let (root, hashes) = (catalog.root.clone(), std::sync::Arc::clone(&catalog.hashes));
    for rec in catalog.producers.values_mut() {
        producer(&mut rec.value, r);
    }
    for (id, rec) in &mut catalog.products {
        product(&mut rec.value, r);
        if approved.contains(id) {
            let fingerprint = hashes.product(&root, &rec.value);
            if let Some(review) = &mut rec.value.review {
                review.fingerprint = Some(fingerprint);
            }
        }
    }
    if let Some(c) = &mut catalog.commune {
        let c = &mut c.value;
        c.name = r.text(&c.name);
        r.opt(&mut c.office);
    }
}

fn producer(p: &mut Producer, r: &Redactor) {
    if is_household(p.kind) {
        r.hide(&mut p.representative);
        r.hide(&mut p.registration_code);
    } else {
        r.opt(&mut p.representative);
        // A tax code is public; a 12-digit personal number is not.
        if p.registration_code.as_deref().is_some_and(|c| c.chars().filter(char::is_ascii_digit).count() == 12) {
            r.hide(&mut p.registration_code);
        }
    }
    r.hide(&mut p.phone);
    r.hide(&mut p.email);
    p.name = r.text(&p.name);
    r.opt(&mut p.hamlet);
    r.opt(&mut p.address);
    r.opt(&mut p.note);
    for g in &mut p.guidance {
        r.opt(&mut g.note);
    }
}

fn certificate(c: &mut Certificate, r: &Redactor) {
    c.decision = r.text(&c.decision);
    r.opt(&mut c.issued_by);
    if let Some(x) = &mut c.revoked {
        x.decision = r.text(&x.decision);
        r.opt(&mut x.reason);
    }
}

fn item(i: &mut Item, r: &Redactor) {
    r.all(&mut i.evidence);
    r.opt(&mut i.note);
    r.opt(&mut i.reason);
    i.fingerprints = std::mem::take(&mut i.fingerprints).into_iter().map(|(k, v)| (r.text(&k), v)).collect();
}

fn product(p: &mut Product, r: &Redactor) {
    p.name = r.text(&p.name);
    r.opt(&mut p.note);
    if let Some(c) = &mut p.certificate {
        certificate(c, r);
    }
    for c in &mut p.past_certificates {
        certificate(c, r);
    }
    if let Some(l) = &mut p.listed_certificate {
        r.opt(&mut l.decision);
        r.opt(&mut l.issued_by);
    }
    for s in &mut p.stages {
        r.opt(&mut s.reference);
        r.opt(&mut s.note);
    }
    for i in p.dossier.values_mut() {
        item(i, r);
    }
}

pub fn programme(p: &mut Programme, r: &Redactor) {
    for rec in p.activities.values_mut() {
        let a = &mut rec.value;
        a.title = r.text(&a.title);
        r.opt(&mut a.place);
        r.all(&mut a.partners);
        r.opt(&mut a.findings);
        r.all(&mut a.violations);
        r.opt(&mut a.remedies);
        r.opt(&mut a.note);
        for s in &mut a.spending {
            r.opt(&mut s.note);
        }
    }
    for rec in p.narratives.values_mut() {
        let n = &mut rec.value;
        for t in [&mut n.assessment, &mut n.shortcomings, &mut n.causes, &mut n.directions, &mut n.proposals] {
            r.opt(t);
        }
    }
}

/// The values diagnostics quote (a phone number a check found malformed).
pub fn diagnostics(diags: &mut [Diagnostic], r: &Redactor) {
    for d in diags {
        for (_, v) in &mut d.args {
            *v = LocalText { vi: r.text(&v.vi), en: r.text(&v.en) };
        }
    }
}

/// The words of `s`: runs of letters and digits.
/// `s` with every occurrence of `name` that stands as whole words (no letter or digit
/// right before or after it) replaced by `mark`: "Trần Văn B" is hidden in "ông Trần Văn
/// B," but "Trần Văn Bình", another person, is left whole.
fn replace_whole(s: &str, name: &str, mark: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for (at, _) in s.match_indices(name) {
        if at < last {
            continue;
        }
        let before = s[..at].chars().next_back().is_some_and(char::is_alphanumeric);
        let after = s[at + name.len()..].chars().next().is_some_and(char::is_alphanumeric);
        if !before && !after {
            out.push_str(&s[last..at]);
            out.push_str(mark);
            last = at + name.len();
        }
    }
    out.push_str(&s[last..]);
    out
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// `s` with every e-mail address replaced by `mark`.
fn emails(s: &str, mark: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut copied = 0;
    while i < chars.len() {
        if chars[i] == '@' {
            let mut from = i;
            while from > copied && local(chars[from - 1]) {
                from -= 1;
            }
            let mut to = i + 1;
            while to < chars.len() && domain(chars[to]) {
                to += 1;
            }
            // Trailing dots end a sentence, not the address.
            while to > i + 1 && chars[to - 1] == '.' {
                to -= 1;
            }
            let host: String = chars[i + 1..to].iter().collect();
            let tld_ok = host.rsplit_once('.').is_some_and(|(h, tld)| {
                !h.is_empty() && tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())
            });
            if from < i && tld_ok {
                out.extend(&chars[copied..from]);
                out.push_str(mark);
                copied = to;
                i = to;
                continue;
            }
        }
        i += 1;
    }
    out.extend(&chars[copied..]);
    out
}

/// True for digits that are a Vietnamese phone number: 0 and 9 or 10 more digits, or the
/// country code 84 and 9 or 10 more.
fn is_phone(digits: &str) -> bool {
    (digits.starts_with('0') && matches!(digits.len(), 10 | 11))
        || (digits.starts_with("84") && matches!(digits.len(), 11 | 12))
}

/// `s` with phone numbers (digit groups joined by single spaces, dots or dashes, as
/// "0912 345 678" or "+84 912.345.678") and 12-digit ID numbers replaced by `mark`.
fn numbers(s: &str, mark: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let starts =
            chars[i].is_ascii_digit() || (chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        if !starts || (i > 0 && chars[i - 1].is_alphanumeric()) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // The run: digit groups, each pair joined by one separator.
        let plus = chars[i] == '+';
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut j = if plus { i + 1 } else { i };
        loop {
            let start = j;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            groups.push((start, j));
            let joined = j + 1 < chars.len() && matches!(chars[j], ' ' | '.' | '-') && chars[j + 1].is_ascii_digit();
            if !joined {
                break;
            }
            j += 1;
        }
        let end = groups.last().map_or(j, |g| g.1);
        let bounded = chars.get(end).is_none_or(|c| !c.is_alphanumeric());
        let text = |a: usize, b: usize| -> String { chars[a..b].iter().filter(|c| c.is_ascii_digit()).collect() };
        // The first span of groups that is a phone number, or one group of 12 digits.
        let mut hit: Option<(usize, usize)> = None;
        'find: for a in 0..groups.len() {
            for b in (a..groups.len()).rev() {
                let (from, to) = (groups[a].0, groups[b].1);
                let inner_end = b + 1 < groups.len() || bounded;
                if !inner_end {
                    continue;
                }
                let digits = text(from, to);
                if is_phone(&digits) || (a == b && digits.len() == 12) {
                    let from = if a == 0 && plus { i } else { from };
                    hit = Some((from, to));
                    break 'find;
                }
            }
        }
        match hit {
            Some((from, to)) => {
                out.extend(&chars[i..from]);
                out.push_str(mark);
                out.extend(&chars[to..end]);
            }
            None => out.extend(&chars[i..end]),
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_name_is_hidden_only_where_it_stands_whole() {
        let r = super::replace_whole;
        assert_eq!(r("ông Trần Văn B, nhà Trần Văn Bình", "Trần Văn B", "[ẩn]"), "ông [ẩn], nhà Trần Văn Bình");
        assert_eq!(r("Trần Văn B", "Trần Văn B", "[ẩn]"), "[ẩn]");
        assert_eq!(r("XTrần Văn B", "Trần Văn B", "[ẩn]"), "XTrần Văn B");
        assert_eq!(r("a-Trần Văn B-Trần Văn B", "Trần Văn B", "#"), "a-#-#");
    }

    use super::*;

    fn r() -> Redactor {
        Redactor::with_names("[ẩn]", ["Nguyễn Văn Thắng".to_string(), "Lan".to_string(), "Nguyễn Văn".to_string()])
    }

    #[test]
    fn phone_numbers_in_the_ways_people_write_them() {
        for (s, want) in [
            ("ĐT 0912 345 604.", "ĐT [ẩn]."),
            ("0912.345.604", "[ẩn]"),
            ("0912-345-604, 0225 3842 111", "[ẩn], [ẩn]"),
            ("+84 912 345 604", "[ẩn]"),
            ("84912345604", "[ẩn]"),
            ("CCCD 031078004512 cấp 2021", "CCCD [ẩn] cấp 2021"),
            ("năm 2020 0912345604", "năm 2020 [ẩn]"),
        ] {
            assert_eq!(r().text(s), want, "{s}");
        }
    }

    #[test]
    fn what_is_not_personal_stays() {
        for s in [
            "1234/QĐ-UBND ngày 04/02/2023",
            "31-11353-001-2026",
            "83-829-28780-3-2022",
            "8934567890123",
            "2026-05-10",
            "72.5",
            "Thôn 12, xã Việt Khê",
            "x@y",
            "120 hộ, 2020-2023",
        ] {
            assert_eq!(r().text(s), s, "{s}");
        }
    }

    #[test]
    fn emails_and_names() {
        assert_eq!(r().text("gửi htx.anson@gmail.com."), "gửi [ẩn].");
        assert_eq!(r().text("a.b+c@mail.gov.vn; x"), "[ẩn]; x");
        assert_eq!(r().text("Hộ kinh doanh Nguyễn Văn Thắng"), "Hộ kinh doanh [ẩn]");
        assert_eq!(r().text("HỘ NGUYỄN VĂN THẮNG"), "HỘ [ẩn]");
        // The longer name first; a one-word name is not hidden.
        assert_eq!(r().text("Nguyễn Văn Thắng và Nguyễn Văn, chị Lan"), "[ẩn] và [ẩn], chị Lan");
        assert_eq!(r().text("(Nguyễn Văn Thắng)"), "([ẩn])", "a name next to punctuation");
    }
}
