//! Reporting periods: a quarter (`2026-Q3`), a year, or any range of days, and the
//! quarters around them.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::fmt;

/// A calendar quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub q: u32,
}

impl Quarter {
    /// Parses `YYYY-QN` (also `YYYY-qN`).
    pub fn parse(s: &str) -> Option<Quarter> {
        let (y, q) = s.trim().split_once(['-'])?;
        let q = q.strip_prefix(['Q', 'q'])?;
        let year: i32 = y.parse().ok().filter(|y| (1000..=9999).contains(y))?;
        let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        Some(Quarter { year, q })
    }

    pub fn of(d: NaiveDate) -> Quarter {
        Quarter { year: d.year(), q: (d.month() - 1) / 3 + 1 }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, (self.q - 1) * 3 + 1, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    pub fn next(self) -> Quarter {
        if self.q == 4 { Quarter { year: self.year + 1, q: 1 } } else { Quarter { year: self.year, q: self.q + 1 } }
    }

    /// "III" for the third quarter, as Vietnamese documents write it.
    pub fn roman(self) -> &'static str {
        ["I", "II", "III", "IV"][(self.q as usize - 1).min(3)]
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.q)
    }
}

/// What kind of period a report covers; it decides the title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PeriodKind {
    Quarter { year: i32, quarter: u32 },
    Year { year: i32 },
    Range,
}

/// The days a report covers, first and last included. The report is computed as of
/// the last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    #[serde(flatten)]
    pub kind: PeriodKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn quarter(q: Quarter) -> Period {
        Period { kind: PeriodKind::Quarter { year: q.year, quarter: q.q }, from: q.first_day(), to: q.last_day() }
    }

    pub fn year(year: i32) -> Option<Period> {
        Some(Period {
            kind: PeriodKind::Year { year },
            from: NaiveDate::from_ymd_opt(year, 1, 1)?,
            to: NaiveDate::from_ymd_opt(year, 12, 31)?,
        })
    }

    /// None when `to` is before `from`.
    pub fn range(from: NaiveDate, to: NaiveDate) -> Option<Period> {
        (from <= to).then_some(Period { kind: PeriodKind::Range, from, to })
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// A short stable label: `2026-Q3`, `2026`, `2026-07-01..2026-09-30`.
    pub fn label(&self) -> String {
        match self.kind {
            PeriodKind::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
            PeriodKind::Year { year } => year.to_string(),
            PeriodKind::Range => format!("{}..{}", self.from, self.to),
        }
    }

    /// The quarter after the one holding the period's last day.
    pub fn next_quarter(&self) -> Quarter {
        Quarter::of(self.to).next()
    }

    /// Every quarter the period touches.
    pub fn quarters(&self) -> Vec<Quarter> {
        let mut q = Quarter::of(self.from);
        let last = Quarter::of(self.to);
        let mut out = vec![q];
        while q < last {
            q = q.next();
            out.push(q);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn quarters_parse_and_bound() {
        let q = Quarter::parse("2026-Q3").expect("valid");
        assert_eq!((q.first_day(), q.last_day()), (d("2026-07-01"), d("2026-09-30")));
        assert_eq!(Quarter::parse("2026-q4").map(|q| q.last_day()), Some(d("2026-12-31")));
        assert_eq!(Quarter::parse("2026-Q4").map(|q| q.next().to_string()).as_deref(), Some("2027-Q1"));
        for bad in ["2026-Q5", "2026-Q0", "2026Q3", "26-Q3", "2026-3", "Q3-2026"] {
            assert_eq!(Quarter::parse(bad), None, "{bad}");
        }
        assert_eq!(Quarter::of(d("2024-02-29")).to_string(), "2024-Q1");
        assert_eq!(Quarter { year: 2026, q: 3 }.roman(), "III");
    }

    #[test]
    fn periods_have_labels_and_quarters() {
        let p = Period::year(2026).expect("year");
        assert_eq!(p.label(), "2026");
        assert_eq!(p.quarters().len(), 4);
        assert_eq!(p.next_quarter().to_string(), "2027-Q1");
        let r = Period::range(d("2026-08-15"), d("2026-10-01")).expect("range");
        assert_eq!(r.quarters().iter().map(|q| q.to_string()).collect::<Vec<_>>(), ["2026-Q3", "2026-Q4"]);
        assert!(r.contains(d("2026-10-01")) && !r.contains(d("2026-10-02")));
        assert!(Period::range(d("2026-10-02"), d("2026-10-01")).is_none());
    }
}
