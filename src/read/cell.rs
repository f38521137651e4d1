//! One cell's value, reduced to what the parsers need: text, number, date or error.

use calamine::Data;
use chrono::NaiveDate;

/// A cell value as the parsers see it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
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
pub(crate) fn value_of(data: &Data) -> Value<'_> {
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
    pub(crate) fn is_empty(&self) -> bool {
        matches!(self, Value::Empty)
    }

    /// The value as the candidate sees it in the spreadsheet, `None` when empty.
    pub(crate) fn display(&self) -> Option<String> {
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
pub(super) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Longest text kept from one cell, in characters; longer texts are cut (and reported).
pub(crate) const MAX_CELL_CHARS: usize = 30_000;

/// A cell's text made safe to show and compare: NFC, no control characters (line breaks kept,
/// tabs as spaces), no bidirectional overrides, at most [`MAX_CELL_CHARS`] characters.
/// Returns the text and whether it was cut.
pub(crate) fn clean_text(text: &str) -> (String, bool) {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len().min(MAX_CELL_CHARS * 4));
    let mut count = 0;
    for c in text.replace("\r\n", "\n").nfc() {
        let c = match c {
            '\t' | '\r' => ' ',
            '\n' => '\n',
            c if c.is_control() => continue,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => continue,
            c => c,
        };
        if count == MAX_CELL_CHARS {
            return (out, true);
        }
        out.push(c);
        count += 1;
    }
    (out, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_cleaned() {
        assert_eq!(clean_text("a\u{0}b\u{7}c\td").0, "abc d");
        assert_eq!(clean_text("ligne 1\r\nligne 2").0, "ligne 1\nligne 2");
        assert_eq!(clean_text("\u{202E}gpj.exe").0, "gpj.exe");
        assert_eq!(clean_text("E\u{301}loi\u{308}se").0, "Éloïse");
        let (long, cut) = clean_text(&"é".repeat(MAX_CELL_CHARS + 10));
        assert_eq!((long.chars().count(), cut), (MAX_CELL_CHARS, true));
        assert_eq!(clean_text("🎓 ok").0, "🎓 ok");
    }
}
