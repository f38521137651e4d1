//! The sheet being read and what every part of the tableau reader shares.

use super::codes::without_code_prefix;
use super::titles::official_title;
use crate::diagnostic::{CellRef, Diagnostic};
use crate::parse::parsed::SourceMap;
use crate::read::extras::SheetExtras;
use crate::read::{Sheet, Value};
use crate::referentiel::Referentiel;
use crate::text::normalize;

/// How far from the top the header labels are looked for.
pub(super) const HEADER_ROWS: u32 = 40;
/// How far to the right the header labels are looked for.
pub(super) const HEADER_COLS: u32 = 16;

/// Trims spaces, no-break spaces and line breaks at both ends.
pub(super) fn trim(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}')
}

/// The competence header row and the column of each competence, found by the official names
/// (a code typed before a name, as in `B1.1-Gérer le patrimoine…`, is ignored).
pub(super) fn competence_columns(sheet: &Sheet) -> Option<(u32, Vec<(String, u32)>)> {
    let r = Referentiel::get();
    let wanted: Vec<(String, String)> = r
        .competences
        .iter()
        .map(|c| (c.code.clone(), normalize(&c.libelle)))
        .collect();
    for row in sheet.row_start()..sheet.row_end().min(HEADER_ROWS + 20) {
        let mut found = Vec::new();
        for col in 0..sheet.col_end().min(HEADER_COLS + 8) {
            let Value::Text(t) = sheet.value(row, col) else {
                continue;
            };
            let n = normalize(t);
            let n = without_code_prefix(&n);
            if let Some((code, _)) = wanted
                .iter()
                .find(|(_, w)| n == *w || (n.len() > 12 && w.starts_with(n)))
            {
                found.push((code.clone(), col));
            }
        }
        if found.len() >= 4 {
            return Some((row, found));
        }
    }
    None
}

/// The sheet being read, what calamine does not give of it, and what the reading found.
pub(super) struct TableauReader<'a> {
    pub(super) sheet: &'a Sheet,
    pub(super) extras: &'a SheetExtras,
    /// How the réalisations' titles look, against which a heading stands out.
    pub(super) body_style: BodyStyle,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) sources: SourceMap,
}

impl TableauReader<'_> {
    pub(super) fn cell(&self, row: u32, col: u32) -> CellRef {
        CellRef::new(&self.sheet.name, row, col)
    }

    /// Every non-empty cell of some rows, as displayed.
    pub(super) fn texts(&self, rows: std::ops::Range<u32>) -> Vec<(u32, u32, String)> {
        let mut out = Vec::new();
        for row in rows {
            for col in 0..self.sheet.col_end().min(HEADER_COLS) {
                if let Some(t) = self.sheet.value(row, col).display() {
                    out.push((row, col, t));
                }
            }
        }
        out
    }
}

/// How the réalisations' titles are styled in a sheet: bold or not (most of them), and their
/// usual font size. A heading stands out from it; bold alone does not in a file whose
/// réalisations are bold.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct BodyStyle {
    /// Most réalisation titles are bold.
    pub(super) bold: bool,
    /// The most common font size of the réalisation titles, in tenths of a point.
    pub(super) size: Option<u32>,
}

impl BodyStyle {
    /// The style of the titles below the competence header that are not headings by their
    /// structure (official titles, merged or filled rows).
    pub(super) fn of(sheet: &Sheet, extras: &SheetExtras) -> BodyStyle {
        let Some((header, _)) = competence_columns(sheet) else {
            return BodyStyle::default();
        };
        let rows: Vec<u32> = (header + 1..sheet.row_end())
            .filter(|&row| {
                sheet
                    .value(row, 0)
                    .display()
                    .is_some_and(|title| official_title(&title).is_none())
                    && extras.merged_width(row, 0) <= 1
                    && !extras.coloured(row, 0)
            })
            .collect();
        let bold = rows
            .iter()
            .filter(|r| extras.bold.contains(&(**r, 0)))
            .count();
        let mut sizes: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
        for row in &rows {
            if let Some(size) = extras.font_sizes.get(&(*row, 0)) {
                *sizes.entry(*size).or_default() += 1;
            }
        }
        BodyStyle {
            bold: !rows.is_empty() && bold * 2 > rows.len(),
            size: sizes
                .into_iter()
                .max_by_key(|(size, count)| (*count, std::cmp::Reverse(*size)))
                .map(|(size, _)| size),
        }
    }
}
