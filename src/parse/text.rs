//! Small readers for what candidates type: header labels, dates, ticks, closed choices.

use crate::read::Value;
use chrono::NaiveDate;
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// A label reduced to lowercase ASCII letters and digits, so that case, accents, spaces and
/// punctuation do not matter: `"N° Candidat :"` and `"n candidat"` compare equal.
pub fn normalize(label: &str) -> String {
    label
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(|c| match c {
            'œ' | 'Œ' => "oe".chars().collect::<Vec<_>>(),
            'æ' | 'Æ' => "ae".chars().collect(),
            c => c.to_lowercase().collect(),
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// Whether a cell's text is the label `label` or one of its aliases.
pub fn matches_label(text: &str, label: &str, aliases: &[&str]) -> bool {
    let text = normalize(text);
    !text.is_empty()
        && std::iter::once(label)
            .chain(aliases.iter().copied())
            .any(|l| normalize(l) == text)
}

/// A date read from a cell: a date cell, a plausible serial number, or text such as
/// `15/09/2025`, `15/09/25`, `15-09-2025`, `15.09.2025` or `2025-09-15`.
pub fn parse_date(value: &Value<'_>) -> Option<NaiveDate> {
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
pub fn parse_date_text(text: &str) -> Option<NaiveDate> {
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
pub fn parse_tick(value: &Value<'_>) -> Option<bool> {
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

/// The index of `text` in a closed list, comparing normalised forms.
pub fn parse_choice(text: &str, choices: &[&str]) -> Option<usize> {
    let text = normalize(text);
    choices.iter().position(|c| normalize(c) == text)
}

/// Whether a text is an http(s) web address.
pub fn is_web_url(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        host.contains('.') && !host.contains(char::is_whitespace)
    }) && !text.trim().contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_compare_without_case_accents_spaces_or_punctuation() {
        assert_eq!(normalize("  N° Candidat : "), "ncandidat");
        assert_eq!(normalize("Réalisations"), "realisations");
        assert_eq!(normalize("Mise en Œuvre"), "miseenoeuvre");
        assert!(matches_label("DATE DE DÉBUT", "Début", &["Date de début"]));
        assert!(!matches_label("", "Début", &[]));
    }

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

    #[test]
    fn web_urls() {
        assert!(is_web_url("https://marie.github.io/portfolio/"));
        assert!(is_web_url("http://exemple.fr"));
        assert!(!is_web_url("www.exemple.fr"));
        assert!(!is_web_url("https://localhost"));
        assert!(!is_web_url("https://exemple .fr"));
        assert!(!is_web_url("ftp://exemple.fr"));
    }
}
