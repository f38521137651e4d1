//! The one clock of a run, shared by every door: `--date` when given, else
//! `SOURCE_DATE_EPOCH` (reproducible builds), else the machine's local time. The same clock
//! gives the documents' date, the default session and the deposit's time.

use anyhow::Context as _;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// The years a run's date may fall in: documents are dated, sessions derived from it.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Where the time comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// A fixed moment (`--date` at midnight, or `SOURCE_DATE_EPOCH`).
    Fixed(NaiveDateTime),
    /// The machine's local time, read at each call (a server runs for days).
    System,
}

impl Clock {
    /// `date` when given, else `SOURCE_DATE_EPOCH` when set, else the system clock. A
    /// malformed `SOURCE_DATE_EPOCH` is an error, not silently ignored.
    pub fn new(date: Option<NaiveDate>) -> anyhow::Result<Clock> {
        let clock = match (date, std::env::var("SOURCE_DATE_EPOCH")) {
            (Some(date), _) => Clock::Fixed(date.and_time(chrono::NaiveTime::MIN)),
            (None, Ok(epoch)) => Self::from_epoch(&epoch)?,
            (None, Err(_)) => Clock::System,
        };
        let year = clock.today().year();
        if !YEARS.contains(&year) {
            anyhow::bail!(
                "date du jour {} hors limites : attendu une année entre {} et {} (--date ou \
                 SOURCE_DATE_EPOCH)",
                clock.today().format("%d/%m/%Y"),
                YEARS.start(),
                YEARS.end()
            );
        }
        Ok(clock)
    }

    /// The clock of `SOURCE_DATE_EPOCH="epoch"` (seconds since 1970, UTC).
    pub fn from_epoch(epoch: &str) -> anyhow::Result<Clock> {
        let seconds: i64 = epoch.trim().parse().with_context(|| {
            format!("SOURCE_DATE_EPOCH « {epoch} » n'est pas un nombre de secondes")
        })?;
        let time = chrono::DateTime::from_timestamp(seconds, 0)
            .with_context(|| format!("SOURCE_DATE_EPOCH « {epoch} » hors limites"))?;
        Ok(Clock::Fixed(time.naive_utc()))
    }

    /// The current moment, to the second.
    pub fn now(&self) -> NaiveDateTime {
        match self {
            Clock::Fixed(time) => *time,
            Clock::System => {
                let now = chrono::Local::now().naive_local();
                now.with_nanosecond(0).unwrap_or(now)
            }
        }
    }

    /// Today's date: the documents' date.
    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_given_date_wins_and_an_epoch_is_read_in_utc() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(Clock::new(Some(date)).unwrap().today(), date);
        let clock = Clock::from_epoch("1764288000").unwrap();
        assert_eq!(clock.now().to_string(), "2025-11-28 00:00:00");
        let error = Clock::from_epoch("demain").unwrap_err().to_string();
        assert!(error.contains("n'est pas un nombre de secondes"), "{error}");
        let far = NaiveDate::from_ymd_opt(1850, 1, 1).unwrap();
        let error = Clock::new(Some(far)).unwrap_err().to_string();
        assert!(error.contains("hors limites"), "{error}");
    }
}
