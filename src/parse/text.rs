//! Small readers for what candidates type in cells: dates and ticks.

use crate::read::Value;
use chrono::NaiveDate;

/// A date read from a cell: a date cell, a plausible serial number, or text such as
/// `15/09/2025`, `15/09/25`, `15-09-2025`, `15.09.2025` or `2025-09-15`.
pub(crate) fn parse_date(value: &Value<'_>) -> Option<NaiveDate> {
    match value {
        Value::Date(d) => Some(*d),
        // 36526 is 2000-01-01, 73051 is 2100-01-01: an unformatted date cell.
        Value::Number(n) if (36526.0..73051.0).contains(n) => {
            NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(*n as u64))
        }
        Value::Text(s) => parse_date_text(s),
        _ => None,
    }
}

/// A date typed as text (day first, French style; or ISO).
pub(crate) fn parse_date_text(text: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = text
        .trim()
        .split(['/', '-', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (a_n, b_n, c_n) = (number(a)?, number(b)?, number(c)?);
    let (year, month, day) = if a.len() == 4 {
        (a_n, b_n, c_n)
    } else if c.len() == 4 {
        (c_n, b_n, a_n)
    } else if c.len() == 2 && a.len() <= 2 {
        (2000 + c_n, b_n, a_n)
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// Whether a tick cell is ticked: `Some(true)` for a recognised tick, `Some(false)` for an
/// empty cell, `None` for anything else (to be reported).
pub(crate) fn parse_tick(value: &Value<'_>) -> Option<bool> {
    match value {
        Value::Empty => Some(false),
        Value::Bool(b) => Some(*b),
        Value::Number(n) if *n == 1.0 => Some(true),
        Value::Text(s) => {
            let lower = s.trim().to_lowercase();
            crate::schema::TICKS
                .contains(&lower.as_str())
                .then_some(true)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_typed_as_text() {
        let d = NaiveDate::from_ymd_opt(2025, 9, 15);
        for text in [
            "15/09/2025",
            "15/09/25",
            "2025-09-15",
            "15.09.2025",
            " 15 09 2025 ",
            "15-9-2025",
        ] {
            assert_eq!(parse_date_text(text), d, "{text}");
        }
        for text in [
            "31/02/2025",
            "septembre",
            "2025",
            "15/09",
            "15/09/202",
            "1/2/3/4",
        ] {
            assert_eq!(parse_date_text(text), None, "{text}");
        }
    }

    #[test]
    fn serial_numbers_in_range_are_dates() {
        assert_eq!(
            parse_date(&Value::Number(45915.0)),
            NaiveDate::from_ymd_opt(2025, 9, 15)
        );
        assert_eq!(parse_date(&Value::Number(12.0)), None);
        assert_eq!(parse_date(&Value::Number(f64::MAX)), None);
    }

    #[test]
    fn ticks() {
        for tick in ["X", "x", "✓", "☑", "☒", "1", "oui", " OUI "] {
            assert_eq!(parse_tick(&Value::Text(tick.trim())), Some(true), "{tick}");
        }
        assert_eq!(parse_tick(&Value::Number(1.0)), Some(true));
        assert_eq!(parse_tick(&Value::Empty), Some(false));
        assert_eq!(parse_tick(&Value::Text("non")), None);
        assert_eq!(parse_tick(&Value::Number(2.0)), None);
    }
}
