//! The inspections of each product and producer, by date: which later inspection
//! checked an earlier one's remedies, found in logarithmic time rather than by pairing
//! every activity with every other (quadratic on a national tree).

use super::{Activity, ActivityKind, Programme};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The days of the inspections held by a given day, by the products and producers they
/// name, each list sorted.
#[derive(Debug, Default)]
pub struct Inspections<'a> {
    by_product: HashMap<&'a str, Vec<NaiveDate>>,
    by_producer: HashMap<&'a str, Vec<NaiveDate>>,
}

impl<'a> Inspections<'a> {
    /// The inspections in `programme` held on or before `until`.
    pub fn held_by(programme: &'a Programme, until: NaiveDate) -> Self {
        let mut out = Inspections::default();
        for b in programme.activities.values().map(|r| &r.value) {
            let day = b.date.get();
            if b.kind != ActivityKind::Inspection || day > until {
                continue;
            }
            for x in &b.products {
                out.by_product.entry(x.as_str()).or_default().push(day);
            }
            for x in &b.producers {
                out.by_producer.entry(x.as_str()).or_default().push(day);
            }
        }
        for days in out.by_product.values_mut().chain(out.by_producer.values_mut()) {
            days.sort_unstable();
            days.dedup();
        }
        out
    }

    /// The first inspection after `a`'s day of one of the products or producers `a`
    /// names: the one that checked its remedies.
    pub fn first_after(&self, a: &Activity) -> Option<NaiveDate> {
        let after = a.date.get();
        let first = |days: &Vec<NaiveDate>| days.get(days.partition_point(|d| *d <= after)).copied();
        let products = a.products.iter().filter_map(|x| self.by_product.get(x.as_str())).filter_map(first);
        let producers = a.producers.iter().filter_map(|x| self.by_producer.get(x.as_str())).filter_map(first);
        products.chain(producers).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Record, SourceFile};
    use crate::model::Id;

    fn activity(id: &str, kind: &str, date: &str, products: &[&str], producers: &[&str]) -> (Id, Record<Activity>) {
        let list = |v: &[&str]| v.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ");
        let text = format!(
            "kind = \"{kind}\"\ntitle = \"T\"\ndate = {date}\nowner = \"x\"\nproducts = [{}]\nproducers = [{}]\n",
            list(products),
            list(producers)
        );
        let value: Activity = toml::from_str(&text).expect("activity");
        (
            Id::from(id),
            Record { id: Id::from(id), source: SourceFile::new(format!("activities/{id}.toml"), text), value },
        )
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn the_first_later_inspection_of_a_shared_product_or_producer() {
        let mut p = Programme::default();
        for (id, rec) in [
            activity("a", "inspection", "2026-03-01", &["x"], &["h"]),
            activity("b", "inspection", "2026-05-01", &["y"], &["h"]),
            activity("c", "inspection", "2026-04-01", &["x"], &[]),
            activity("d", "training", "2026-03-15", &["x"], &["h"]),
            activity("e", "inspection", "2026-09-01", &["x"], &[]),
        ] {
            p.activities.insert(id, rec);
        }
        let a = &p.activities[&Id::from("a")].value;
        assert_eq!(Inspections::held_by(&p, d("2026-12-31")).first_after(a), Some(d("2026-04-01")));
        assert_eq!(Inspections::held_by(&p, d("2026-03-31")).first_after(a), None);
        let b = &p.activities[&Id::from("b")].value;
        assert_eq!(Inspections::held_by(&p, d("2026-12-31")).first_after(b), None);
        let c = &p.activities[&Id::from("c")].value;
        assert_eq!(Inspections::held_by(&p, d("2026-12-31")).first_after(c), Some(d("2026-09-01")));
    }
}
