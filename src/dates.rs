//! Date arithmetic under the Civil Code 2015 (Art. 147–148): periods in months, working
//! days and calendar quarters.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use std::collections::BTreeSet;
use std::sync::Mutex;

/// The last day of a period of `months` months starting the day after `start`.
///
/// The day of issue is not counted; the period ends at the end of the same-numbered day
/// of the last month, or of that month's last day when it has no such day. So 36 months
/// from 2023-05-10 run through 2026-05-10, and from 2024-02-29 through 2027-02-28.
pub fn valid_through(start: NaiveDate, months: u32) -> NaiveDate {
    // chrono clamps to the month's last day, which is exactly the Civil Code rule.
    start.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// How a province reads the last day of a certificate's period (`[conventions]
/// certificate_end` in `ocop.toml`). For a certificate signed on 10/03/2021 with a
/// 36-month period:
/// - `CivilCode` (the default): the day of signing is not counted and the period ends at
///   the end of the same-numbered day (Civil Code 2015, Art. 147-148), so it is valid
///   through 10/03/2024;
/// - `DayBeforeAnniversary`: the signing day counts as the first day, so the period ends
///   the day before the anniversary: valid through 09/03/2024, expired from 10/03/2024.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EndDay {
    #[default]
    CivilCode,
    DayBeforeAnniversary,
}

impl EndDay {
    /// The keys `ocop.toml` takes, in the order of the variants.
    pub const KEYS: [&'static str; 2] = ["civil_code", "day_before_anniversary"];

    pub fn from_key(key: &str) -> Option<EndDay> {
        match key {
            "civil_code" => Some(EndDay::CivilCode),
            "day_before_anniversary" => Some(EndDay::DayBeforeAnniversary),
            _ => None,
        }
    }
}

/// The last day of a period of `months` months from `start`, read by `convention`.
pub fn end_of_period(start: NaiveDate, months: u32, convention: EndDay) -> NaiveDate {
    let through = valid_through(start, months);
    match convention {
        EndDay::CivilCode => through,
        EndDay::DayBeforeAnniversary => through.pred_opt().unwrap_or(through),
    }
}

/// Whole days from `today` until `date` (negative when `date` is past).
pub fn days_until(today: NaiveDate, date: NaiveDate) -> i64 {
    (date - today).num_days()
}

pub fn minus_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_sub_days(Days::new(u64::from(days))).unwrap_or(NaiveDate::MIN)
}

pub fn plus_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days))).unwrap_or(NaiveDate::MAX)
}

/// Public holidays, as data (Tết moves every year).
#[derive(Debug, Default)]
pub struct Calendar {
    pub holidays: BTreeSet<NaiveDate>,
    /// The tree's reading of a certificate's last day (`[conventions]` in `ocop.toml`).
    pub certificate_end: EndDay,
    /// Years a computation asked about that list no holidays: their Tết would count as
    /// working days. Noted as they are met, so a command can warn once (W045).
    missing: Mutex<BTreeSet<i32>>,
}

impl Clone for Calendar {
    fn clone(&self) -> Self {
        Calendar {
            holidays: self.holidays.clone(),
            certificate_end: self.certificate_end,
            missing: Mutex::new(self.missing_years().into_iter().collect()),
        }
    }
}

impl Calendar {
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            return false;
        }
        if !self.covers(d.year())
            && let Ok(mut missing) = self.missing.lock()
        {
            missing.insert(d.year());
        }
        !self.holidays.contains(&d)
    }

    /// True when the data lists at least one holiday in `year` (every year has New
    /// Year's Day, so a year without any is a year nobody entered).
    pub fn covers(&self, year: i32) -> bool {
        match (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) {
            (Some(first), Some(last)) => self.holidays.range(first..=last).next().is_some(),
            _ => true,
        }
    }

    /// The years computations needed so far that the holiday data lacks, in order.
    pub fn missing_years(&self) -> Vec<i32> {
        self.missing.lock().map(|m| m.iter().copied().collect()).unwrap_or_default()
    }

    /// The date `n` working days after `start` (the start day itself not counted).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = plus_days(d, 1);
            if d == NaiveDate::MAX {
                return d;
            }
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// A deadline that falls on a weekend or holiday moves to the next working day
    /// (Civil Code Art. 148).
    pub fn next_working_day_from(&self, d: NaiveDate) -> NaiveDate {
        let mut d = d;
        while !self.is_working_day(d) && d < NaiveDate::MAX {
            d = plus_days(d, 1);
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    #[test]
    fn thirty_six_months_follow_the_civil_code() {
        assert_eq!(valid_through(d("2023-05-10"), 36), d("2026-05-10"));
        assert_eq!(valid_through(d("2024-02-29"), 36), d("2027-02-28"));
        assert_eq!(valid_through(d("2023-08-31"), 36), d("2026-08-31"));
        assert_eq!(valid_through(d("2025-01-31"), 1), d("2025-02-28"));
        assert_eq!(valid_through(d("2024-01-31"), 1), d("2024-02-29"));
        assert_eq!(valid_through(d("2025-11-30"), 12), d("2026-11-30"));
    }

    #[test]
    fn month_ends_clamp_to_the_last_day_of_the_target_month() {
        // A 12-month test report from a leap day ends on 28 February…
        assert_eq!(valid_through(d("2024-02-29"), 12), d("2025-02-28"));
        // …and a 48-month period lands on the next leap day.
        assert_eq!(valid_through(d("2024-02-29"), 48), d("2028-02-29"));
        assert_eq!(valid_through(d("2023-03-31"), 1), d("2023-04-30"));
        assert_eq!(valid_through(d("2025-12-31"), 2), d("2026-02-28"));
        assert_eq!(valid_through(d("2025-08-31"), 36), d("2028-08-31"));
        assert_eq!(valid_through(d("2023-11-30"), 3), d("2024-02-29"));
        // The 30th stays the 30th where the month has one.
        assert_eq!(valid_through(d("2025-01-30"), 36), d("2028-01-30"));
        assert_eq!(valid_through(d("2025-01-30"), 1), d("2025-02-28"));
    }

    #[test]
    fn expired_the_day_after_the_last_day() {
        let through = valid_through(d("2023-05-10"), 36);
        assert_eq!(days_until(d("2026-05-10"), through), 0);
        assert_eq!(days_until(d("2026-05-11"), through), -1);
    }

    #[test]
    fn arithmetic_saturates_instead_of_panicking() {
        assert_eq!(valid_through(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(plus_days(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(minus_days(NaiveDate::MIN, 1), NaiveDate::MIN);
        assert_eq!(Calendar::default().add_working_days(NaiveDate::MAX, 3), NaiveDate::MAX);
    }

    #[test]
    fn counts_days_both_ways() {
        assert_eq!(days_until(d("2026-11-29"), d("2026-12-01")), 2);
        assert_eq!(days_until(d("2026-11-29"), d("2026-11-28")), -1);
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let mut cal = Calendar::default();
        // 2026-04-30 (Thu) and 2026-05-01 (Fri) are public holidays.
        cal.holidays.insert(d("2026-04-30"));
        cal.holidays.insert(d("2026-05-01"));
        assert_eq!(cal.add_working_days(d("2026-04-29"), 1), d("2026-05-04"));
        assert_eq!(cal.next_working_day_from(d("2026-04-30")), d("2026-05-04"));
        // Fifteen working days from Monday 2026-06-01 is Monday 2026-06-22.
        assert_eq!(cal.add_working_days(d("2026-06-01"), 15), d("2026-06-22"));
    }

    #[test]
    fn years_without_holiday_data_are_noted_once() {
        let mut cal = Calendar::default();
        cal.holidays.insert(d("2027-01-01"));
        assert!(cal.missing_years().is_empty());
        // Weekends need no data: a Saturday in 2028 is no working day either way.
        assert!(!cal.is_working_day(d("2028-01-29")));
        assert!(cal.missing_years().is_empty());
        // 15 working days from 2028-01-20 run across Tết Mậu Thân (late January 2028),
        // which the data does not know: noted, once.
        cal.add_working_days(d("2028-01-20"), 15);
        cal.add_working_days(d("2027-12-20"), 15);
        assert_eq!(cal.missing_years(), [2028]);
        assert_eq!(cal.clone().missing_years(), [2028]);
        assert!(cal.covers(2027) && !cal.covers(2028));
    }
}
