//! The province's rating rounds: the commune proposes by 30/04 (decided by 30/06) and by
//! 30/10 (decided by 30/12). Round dates are rule data ("MM-DD"); a deadline on a
//! weekend or holiday moves to the next working day.

use crate::dates::Calendar;
use chrono::{Datelike, Months, NaiveDate};

fn round_dates(rounds: &[String], year: i32) -> Vec<NaiveDate> {
    let mut v: Vec<NaiveDate> = rounds
        .iter()
        .filter_map(|r| {
            let (m, d) = r.split_once('-')?;
            NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
        })
        .collect();
    v.sort();
    v
}

/// The next round's proposal deadline on or after `today` (moved off holidays).
pub fn next_round(rounds: &[String], calendar: &Calendar, today: NaiveDate) -> NaiveDate {
    (today.year()..=today.year() + 1)
        .flat_map(|y| round_dates(rounds, y))
        .map(|d| calendar.next_working_day_from(d))
        .find(|d| *d >= today)
        .unwrap_or(today)
}

/// When the province should decide a dossier sent on `sent`: two months after the
/// round's proposal deadline (30/04 → 30/06, 30/10 → 30/12). A proposal sent by the
/// deadline as moved off holidays (30/04/2026 → 04/05/2026) belongs to that round.
pub fn decision_due(rounds: &[String], calendar: &Calendar, sent: NaiveDate) -> NaiveDate {
    let round = (sent.year() - 1..=sent.year() + 1)
        .flat_map(|y| round_dates(rounds, y))
        .find(|d| calendar.next_working_day_from(*d) >= sent)
        .unwrap_or(sent);
    round.checked_add_months(Months::new(2)).unwrap_or(round)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn rounds_roll_to_next_working_day_and_year() {
        let rounds = vec!["04-30".to_string(), "10-30".to_string()];
        let mut cal = Calendar::default();
        cal.holidays.insert(d("2026-04-30"));
        cal.holidays.insert(d("2026-05-01"));
        assert_eq!(next_round(&rounds, &cal, d("2026-03-01")), d("2026-05-04"));
        assert_eq!(next_round(&rounds, &cal, d("2026-06-01")), d("2026-10-30"));
        // 2026-10-30 is a Friday; 2027-04-30 is a Friday too.
        assert_eq!(next_round(&rounds, &cal, d("2026-11-29")), d("2027-04-30"));
        assert_eq!(decision_due(&rounds, &cal, d("2026-09-15")), d("2026-12-30"));
        assert_eq!(decision_due(&rounds, &cal, d("2026-11-15")), d("2027-06-30"));
    }

    #[test]
    fn a_proposal_sent_by_the_shifted_deadline_belongs_to_that_round() {
        let rounds = vec!["04-30".to_string(), "10-30".to_string()];
        let mut cal = Calendar::default();
        for h in ["2026-04-30", "2026-05-01", "2027-04-30", "2027-05-03"] {
            cal.holidays.insert(d(h));
        }
        // 30/04/2026 (Thu) and 01/05 are holidays, 02–03/05 a weekend: the deadline is 04/05.
        for sent in ["2026-04-29", "2026-04-30", "2026-05-02", "2026-05-03", "2026-05-04"] {
            assert_eq!(decision_due(&rounds, &cal, d(sent)), d("2026-06-30"), "{sent}");
        }
        assert_eq!(decision_due(&rounds, &cal, d("2026-05-05")), d("2026-12-30"));
        // The same every year: 30/04/2027 (Fri) and 03/05/2027 (Mon) are days off.
        assert_eq!(decision_due(&rounds, &cal, d("2027-05-04")), d("2027-06-30"));
        assert_eq!(decision_due(&rounds, &cal, d("2027-05-05")), d("2027-12-30"));
        // 30/10/2027 is a Saturday: a proposal sent on Monday 01/11 is in time.
        assert_eq!(decision_due(&rounds, &cal, d("2027-11-01")), d("2027-12-30"));
    }
}
