//! Marks in the competence cells: any visible text, sub-competence codes however typed, or a
//! fill colour on a row that holds no text mark.

use super::reader::{TableauReader, trim};
use crate::read::Value;

impl TableauReader<'_> {
    /// Whether a cell holds a visible value (a blank text is none).
    fn text_mark(&self, row: u32, col: u32) -> bool {
        match self.sheet.value(row, col) {
            Value::Text(t) => !trim(t).is_empty(),
            Value::Number(_) | Value::Bool(true) | Value::Date(_) => true,
            _ => false,
        }
    }

    /// The marked competence columns of a row: those with text; when none has any, those with a
    /// visible fill (the row is then marked by colour, the second value says so).
    pub(super) fn row_marks(
        &self,
        row: u32,
        columns: &[(String, u32)],
    ) -> (Vec<(String, u32)>, bool) {
        let by_text: Vec<(String, u32)> = columns
            .iter()
            .filter(|(_, col)| self.text_mark(row, *col))
            .cloned()
            .collect();
        if !by_text.is_empty() {
            return (by_text, false);
        }
        let by_fill: Vec<(String, u32)> = columns
            .iter()
            .filter(|(_, col)| self.extras.coloured(row, *col))
            .cloned()
            .collect();
        let filled = !by_fill.is_empty();
        (by_fill, filled)
    }
}

#[cfg(test)]
mod tests {
    use crate::parse::tableau::codes::{loose_codes, without_code_prefix};

    #[test]
    fn codes_are_read_whatever_their_separators() {
        for (typed, codes) in [
            ("B1,1,5", vec!["B1.1.5"]),
            ("B 1.2.3", vec!["B1.2.3"]),
            ("b1-5-2", vec!["B1.5.2"]),
            ("B1.6", vec!["B1.6"]),
            ("B1,1,4 ; B1,1,5", vec!["B1.1.4", "B1.1.5"]),
            ("b1-5-1\nb1-5-2", vec!["B1.5.1", "B1.5.2"]),
            ("▸b1.1.1-Recenser", vec!["B1.1.1"]),
            ("B1.4.2 (BDD)", vec!["B1.4.2"]),
            ("X", vec![]),
            ("Bloc 1", vec![]),
            ("B12", vec![]),
            ("web 1.2", vec![]),
        ] {
            assert_eq!(loose_codes(typed), codes, "{typed}");
        }
    }

    #[test]
    fn a_code_before_a_header_name_is_ignored() {
        assert_eq!(
            without_code_prefix("b11gererlepatrimoine"),
            "gererlepatrimoine"
        );
        assert_eq!(
            without_code_prefix("gererlepatrimoine"),
            "gererlepatrimoine"
        );
    }
}
