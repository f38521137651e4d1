//! One cell's value, reduced to what the parsers need: text, number, date or error.

use calamine::Data;
use chrono::NaiveDate;

/// A cell value as the parsers see it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// No value (or only spaces).
    Empty,
    /// Text, trimmed.
    Text(&'a str),
    /// A number (integers included).
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A date cell (xlsx serial or ods ISO value).
    Date(NaiveDate),
    /// A spreadsheet error such as `#REF!`, or a value that cannot be used.
    Error(String),
}

/// Converts calamine's cell into a [`Value`].
pub fn value_of(data: &Data) -> Value<'_> {
    match data {
        Data::Empty => Value::Empty,
        Data::String(s) if s.trim().is_empty() => Value::Empty,
        Data::String(s) => Value::Text(s.trim()),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => {
            // Range check first: calamine's conversion is not meant for absurd serials.
            let serial = dt.as_f64();
            if dt.is_datetime() && (1.0..2_958_466.0).contains(&serial) {
                dt.as_datetime()
                    .map(|d| Value::Date(d.date()))
                    .unwrap_or(Value::Number(serial))
            } else {
                Value::Number(serial)
            }
        }
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or_else(|| Value::Text(s.trim()), Value::Date),
        Data::DurationIso(s) => Value::Text(s.trim()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}

impl Value<'_> {
    /// Whether the cell holds nothing.
    pub fn is_empty(&self) -> bool {
        matches!(self, Value::Empty)
    }

    /// The value as the candidate sees it in the spreadsheet, `None` when empty.
    pub fn display(&self) -> Option<String> {
        match self {
            Value::Empty => None,
            Value::Text(s) => Some((*s).to_owned()),
            Value::Number(n) => Some(format_number(*n)),
            Value::Bool(true) => Some("VRAI".into()),
            Value::Bool(false) => Some("FAUX".into()),
            Value::Date(d) => Some(d.format("%d/%m/%Y").to_string()),
            Value::Error(e) => Some(e.clone()),
        }
    }
}

/// A number as a spreadsheet shows it by default: integers without decimals.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}
