//! Records as they stood on a past day, from the dates they carry: stages after the day
//! are dropped, the certificate in force is the latest issued by then, and checklist
//! items issued or completed (`since`) later count as missing, and a revocation decided
//! later is not yet known. This is what makes a past quarter's report
//! come out the same after later records are added.

use crate::model::{Certificate, Producer, Product};
use chrono::NaiveDate;

/// True when the product is known to have existed on `day`: a stage or certificate dated
/// on or before it. A product with no dated stage or certificate is taken to exist.
pub fn existed(p: &Product, day: NaiveDate) -> bool {
    let dated = !p.stages.is_empty() || p.certificate.is_some() || !p.past_certificates.is_empty();
    !dated
        || p.stages.iter().any(|s| s.date.get() <= day)
        || p.certificate.iter().chain(&p.past_certificates).any(|c| c.issued.get() <= day)
}

/// The product as it stood at the end of `day`, or None when it did not exist yet.
pub fn product(p: &Product, day: NaiveDate) -> Option<Product> {
    if !existed(p, day) {
        return None;
    }
    let mut out = p.clone();
    out.stages.retain(|s| s.date.get() <= day);
    let mut certs: Vec<Certificate> =
        p.certificate.iter().chain(&p.past_certificates).filter(|c| c.issued.get() <= day).cloned().collect();
    certs.sort_by_key(|c| c.issued);
    for c in &mut certs {
        // A revocation decided later was not known on `day`.
        c.revoked = c.revoked.take().filter(|r| r.date.get() <= day);
    }
    out.certificate = certs.pop();
    out.past_certificates = certs;
    out.dossier
        .retain(|_, item| item.issued.is_none_or(|d| d.get() <= day) && item.since.is_none_or(|d| d.get() <= day));
    Some(out)
}

/// The producer as it stood at the end of `day`: guidance given later is dropped.
pub fn producer(p: &Producer, day: NaiveDate) -> Producer {
    let mut out = p.clone();
    out.guidance.retain(|g| g.date.get() <= day);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Product {
        toml::from_str(text).expect("product")
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    const P: &str = r#"
name = "X"
producer = "a"
set = 4
evaluation = "reevaluation"
[certificate]
stars = 4
decision = "2"
issued = 2026-11-10
[[past_certificates]]
stars = 3
decision = "1"
issued = 2023-03-28
[[stages]]
stage = "preparing"
date = 2026-07-01
[[stages]]
stage = "submitted"
date = 2026-10-01
[dossier.label]
status = "done"
issued = 2026-08-01
[dossier.test_report]
status = "done"
issued = 2026-10-05
[dossier.story]
status = "done"
"#;

    #[test]
    fn a_past_day_sees_only_what_was_dated_by_then() {
        let p = parse(P);
        let q3 = product(&p, d("2026-09-30")).expect("existed");
        assert_eq!(q3.stages.len(), 1);
        assert_eq!(q3.certificate.as_ref().map(|c| c.stars), Some(3));
        assert!(q3.past_certificates.is_empty());
        assert!(q3.dossier.contains_key("label") && q3.dossier.contains_key("story"));
        assert!(!q3.dossier.contains_key("test_report"));
        let later = product(&p, d("2026-12-31")).expect("existed");
        assert_eq!(later.certificate.as_ref().map(|c| c.stars), Some(4));
        assert_eq!(later.past_certificates.len(), 1);
    }

    #[test]
    fn progress_and_revocations_count_from_their_day() {
        let text = P
            .replace("[dossier.story]\nstatus = \"done\"\n", "[dossier.story]\nstatus = \"done\"\nsince = 2026-10-03\n")
            .replace(
                "issued = 2026-11-10\n",
                "issued = 2026-11-10\nrevoked = { date = 2026-11-20, decision = \"9\" }\n",
            );
        let p = parse(&text);
        let q3 = product(&p, d("2026-09-30")).expect("existed");
        assert!(!q3.dossier.contains_key("story"));
        let mid = product(&p, d("2026-11-15")).expect("existed");
        assert!(mid.dossier.contains_key("story"));
        assert!(mid.certificate.as_ref().is_some_and(|c| c.revoked.is_none()));
        let later = product(&p, d("2026-11-20")).expect("existed");
        assert!(later.certificate.as_ref().is_some_and(|c| c.revoked.is_some()));
    }

    #[test]
    fn a_product_started_later_did_not_exist() {
        let p = parse(
            "name = \"Y\"\nproducer = \"a\"\nset = 1\nevaluation = \"first\"\n[[stages]]\nstage = \"preparing\"\ndate = 2026-10-02\n",
        );
        assert!(product(&p, d("2026-09-30")).is_none());
        assert!(product(&p, d("2026-10-02")).is_some());
        let undated = parse("name = \"Z\"\nproducer = \"a\"\nset = 1\nevaluation = \"first\"\n");
        assert!(existed(&undated, d("2000-01-01")));
    }
}
