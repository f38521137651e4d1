//! The parts of the tableau: which rows are part headings — the model's titles, or headings
//! the candidate typed in their place, recognised by their style against the réalisations'.

use super::reader::TableauReader;
use super::titles::official_title;

impl TableauReader<'_> {
    /// Whether a row is a part heading: it reads like one and looks like one. Text in the
    /// first column only (no period, no mark, nothing else), and either an official part
    /// title's words or the style of a heading: merged across the table, filled, in a larger
    /// font than the réalisations, or bold in a file whose réalisations are not. Words at the
    /// start of a title (« Réalisation de… ») never make a heading on their own.
    pub(super) fn is_heading(&self, row: u32, last_col: u32) -> bool {
        let sheet = self.sheet;
        let Some(title) = sheet.value(row, 0).display() else {
            return false;
        };
        let only_first = (1..=last_col).all(|col| sheet.value(row, col).is_empty());
        // Competence cells filled while the title is not: a réalisation marked by colour.
        let filled_marks = (1..=last_col).any(|col| self.extras.coloured(row, col))
            && !self.extras.coloured(row, 0);
        if !only_first || filled_marks {
            return false;
        }
        official_title(&title).is_some() || self.heading_style(row)
    }

    /// Whether a row's title cell is styled as a heading, against the réalisations' style.
    fn heading_style(&self, row: u32) -> bool {
        let extras = self.extras;
        let bold = extras.bold.contains(&(row, 0));
        let larger = match (extras.font_sizes.get(&(row, 0)), self.body_style.size) {
            (Some(size), Some(body)) => *size > body,
            _ => false,
        };
        extras.merged_width(row, 0) > 1
            || extras.coloured(row, 0)
            || larger
            || (bold && !self.body_style.bold)
    }
}
