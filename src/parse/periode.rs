//! Periods as candidates type them in the official tableau: `JJ/MM/AA au JJ/MM/AA`, `du … au …`,
//! pairs split by a dash, a space or a line break, four-digit years, month names, month/year,
//! date cells, open ends, the letter O typed for a zero. What cannot be read is reported, with
//! the text kept as typed.

use super::text::parse_date;
use crate::read::Value;
use chrono::NaiveDate;

/// A period read from a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Periode {
    /// Start, when readable.
    pub debut: Option<NaiveDate>,
    /// End, when readable (`None` for an open end).
    pub fin: Option<NaiveDate>,
    /// Whether the text was understood (an empty cell is understood as "no period").
    pub lisible: bool,
}

/// One date-like token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Day(NaiveDate),
    Month(i32, u32),
    Year,
}

const MONTHS: &[(&str, u32)] = &[
    ("janvier", 1),
    ("janv", 1),
    ("jan", 1),
    ("fevrier", 2),
    ("fevr", 2),
    ("fev", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("aout", 8),
    ("septembre", 9),
    ("sept", 9),
    ("sep", 9),
    ("octobre", 10),
    ("oct", 10),
    ("novembre", 11),
    ("nov", 11),
    ("decembre", 12),
    ("dec", 12),
];

/// Reads a period cell.
pub(crate) fn parse(value: &Value<'_>) -> Periode {
    match value {
        Value::Empty => Periode {
            debut: None,
            fin: None,
            lisible: true,
        },
        Value::Date(d) => Periode {
            debut: Some(*d),
            fin: Some(*d),
            lisible: true,
        },
        // A bare number: a date serial is one day; a year alone (2026) is not a period.
        Value::Number(_) => match parse_date(value) {
            Some(d) => Periode {
                debut: Some(d),
                fin: Some(d),
                lisible: true,
            },
            None => Periode {
                debut: None,
                fin: None,
                lisible: false,
            },
        },
        Value::Text(text) => parse_text(text),
        _ => Periode {
            debut: None,
            fin: None,
            lisible: false,
        },
    }
}

/// Reads a period typed as text.
pub(crate) fn parse_text(text: &str) -> Periode {
    let unreadable = Periode {
        debut: None,
        fin: None,
        lisible: false,
    };
    let cleaned = fold(text);
    if cleaned.trim().is_empty() {
        return Periode {
            debut: None,
            fin: None,
            lisible: true,
        };
    }
    let open_end = {
        let t = cleaned.trim_end();
        t.ends_with('-') || t.ends_with(" au") || t.ends_with(" a") || t.ends_with("->")
    };
    let tokens = tokens(&cleaned);
    let first_day = |t: Token| match t {
        Token::Day(d) => Some(d),
        Token::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1),
        Token::Year => None,
    };
    let last_day = |t: Token| match t {
        Token::Day(d) => Some(d),
        Token::Month(y, m) => {
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)
            };
            next.and_then(|d| d.pred_opt())
        }
        Token::Year => None,
    };
    if tokens.contains(&Token::Year) {
        return unreadable;
    }
    match tokens.as_slice() {
        [one] if open_end => Periode {
            debut: first_day(*one),
            fin: None,
            lisible: true,
        },
        [one] => Periode {
            debut: first_day(*one),
            fin: last_day(*one),
            lisible: true,
        },
        [a, b] => Periode {
            debut: first_day(*a),
            fin: last_day(*b),
            lisible: true,
        },
        _ => unreadable,
    }
}

/// Lower case, accents folded, the letter O typed for a zero inside numbers replaced, dashes
/// and line breaks made separators.
fn fold(text: &str) -> String {
    let lower: String = crate::text::fold_accents(text)
        .to_lowercase()
        .replace(['\u{a0}', '\n', '\r', '\t'], " ")
        .replace(['–', '—', '→'], " - ");
    let chars: Vec<char> = lower.chars().collect();
    let digitish =
        |c: Option<&char>| c.is_some_and(|c| c.is_ascii_digit() || *c == '/' || *c == '.');
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let neighbours =
                digitish(i.checked_sub(1).and_then(|j| chars.get(j))) || digitish(chars.get(i + 1));
            if *c == 'o' && neighbours { '0' } else { *c }
        })
        .collect()
}

/// The date-like tokens of a folded text, in order.
fn tokens(text: &str) -> Vec<Token> {
    let mut words: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        // "12/01/2026-15/02/2026" and "12/2024-02/2025": a dash between two dates.
        if word.contains('/') && word.contains('-') {
            words.extend(word.split('-').filter(|w| !w.is_empty()).map(str::to_owned));
        } else {
            words.push(
                word.trim_matches(|c: char| c == ',' || c == ';' || c == ':')
                    .to_owned(),
            );
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].trim_end_matches('.').to_owned();
        let next = |k: usize| words.get(i + k).map(|s| s.trim_end_matches('.').to_owned());
        if let Some(token) = full_date(&w) {
            out.push(token);
        } else if year_range(&w) {
            out.push(Token::Year);
        } else if let Some(token) = month_year(&w) {
            out.push(token);
        } else if let (Some(day), Some(month), Some(year)) = (
            w.parse::<u32>().ok(),
            next(1).as_deref().and_then(month_name),
            next(2).as_deref().and_then(year_of),
        ) {
            if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
                out.push(Token::Day(d));
            }
            i += 2;
        } else if let (Some(month), Some(year)) =
            (month_name(&w), next(1).as_deref().and_then(year_of))
        {
            out.push(Token::Month(year, month));
            i += 1;
        } else if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
            out.push(Token::Year);
        }
        i += 1;
    }
    out
}

fn year_of(text: &str) -> Option<i32> {
    let digits = text.bytes().all(|b| b.is_ascii_digit());
    match (digits, text.len()) {
        (true, 4) => text.parse().ok(),
        (true, 2) => text.parse::<i32>().ok().map(|y| 2000 + y),
        _ => None,
    }
}

fn month_name(text: &str) -> Option<u32> {
    MONTHS
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, m)| *m)
}

/// `16/09/2024`, `16.09.24`, `5/1/2026`, `16-09-2024`, `2024-09-16`.
fn full_date(text: &str) -> Option<Token> {
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let (y, m, d) = if parts[0].len() == 4 {
        (
            year_of(parts[0])?,
            parts[1].parse().ok()?,
            parts[2].parse().ok()?,
        )
    } else {
        if parts[0].len() > 2 || parts[1].len() > 2 {
            return None;
        }
        (
            year_of(parts[2])?,
            parts[1].parse().ok()?,
            parts[0].parse().ok()?,
        )
    };
    NaiveDate::from_ymd_opt(y, m, d).map(Token::Day)
}

/// `12/2024`, `05/25`: a month and a year.
fn month_year(text: &str) -> Option<Token> {
    let (m, y) = text.split_once(['/', '.'])?;
    if m.is_empty() || m.len() > 2 || !m.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month: u32 = m.parse().ok()?;
    let year = year_of(y)?;
    (1..=12)
        .contains(&month)
        .then_some(Token::Month(year, month))
}

/// `2024-2025`, `2024/2025`: a school year, not a period.
fn year_range(text: &str) -> bool {
    let Some((a, b)) = text.split_once(['-', '/']) else {
        return false;
    };
    match (year_of(a), year_of(b)) {
        (Some(a), Some(b)) => a > 1999 && b > 1999 && a.abs_diff(b) <= 1 && text.len() == 9,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> (Option<String>, Option<String>) {
        let r = parse_text(text);
        (r.debut.map(|d| d.to_string()), r.fin.map(|d| d.to_string()))
    }

    fn some(a: &str, b: &str) -> (Option<String>, Option<String>) {
        (Some(a.into()), Some(b.into()))
    }

    #[test]
    fn the_formats_candidates_type() {
        assert_eq!(p("16/09/24 au 18/10/24"), some("2024-09-16", "2024-10-18"));
        assert_eq!(
            p("du 02/09/2024 au 20/09/2024"),
            some("2024-09-02", "2024-09-20")
        );
        assert_eq!(p("07/10/24\n25/10/24"), some("2024-10-07", "2024-10-25"));
        assert_eq!(
            p("04/11/2024 - 29/11/2024"),
            some("2024-11-04", "2024-11-29")
        );
        assert_eq!(p("04/11/2024-29/11/2024"), some("2024-11-04", "2024-11-29"));
        assert_eq!(p("12/2024 - 02/2025"), some("2024-12-01", "2025-02-28"));
        assert_eq!(p("05/25 06/25"), some("2025-05-01", "2025-06-30"));
        assert_eq!(
            p(" 5/1/2026 au 13/2/2026"),
            some("2026-01-05", "2026-02-13")
        );
        assert_eq!(
            p("20/02/2026 au 06/02/2026"),
            some("2026-02-20", "2026-02-06")
        );
        assert_eq!(
            p("du 16 septembre 2024 au 18 octobre 2024"),
            some("2024-09-16", "2024-10-18")
        );
        assert_eq!(
            p("sept. 2024 - déc. 2024"),
            some("2024-09-01", "2024-12-31")
        );
        assert_eq!(p("avril 2025"), some("2025-04-01", "2025-04-30"));
        assert_eq!(p("14/03/2025"), some("2025-03-14", "2025-03-14"));
        assert_eq!(
            p("1O/O9/2O24 au 2O/O9/2O24"),
            some("2024-09-10", "2024-09-20")
        );
        assert_eq!(
            p("16/09/2024 – 18/10/2024"),
            some("2024-09-16", "2024-10-18")
        );
    }

    #[test]
    fn open_ends_and_what_is_not_a_period() {
        assert_eq!(p("12/01/2026 - "), (Some("2026-01-12".into()), None));
        for text in [
            "En cours",
            "2024-2025",
            "2024 / 2025",
            "2026",
            "bientôt",
            "1/2/3/4 au 5",
        ] {
            let r = parse_text(text);
            assert_eq!((r.debut, r.fin, r.lisible), (None, None, false), "{text}");
        }
        assert!(parse_text("   ").lisible);
    }

    #[test]
    fn cells_typed_as_dates_or_numbers() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 14);
        assert_eq!(parse(&Value::Date(d.unwrap())).fin, d);
        let year = parse(&Value::Number(2026.0));
        assert_eq!((year.debut, year.lisible), (None, false));
        assert_eq!(parse(&Value::Number(45730.0)).debut, d);
    }
}
