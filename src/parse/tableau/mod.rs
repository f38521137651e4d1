//! The official tableau de synthèse, filled by hand: recognised by a score over the model's
//! structure (labels, session, title, competence header row, part titles; never by fixed
//! addresses nor by one label), header values typed after their label, the parts found by
//! their titles or by rows styled as headings, marks by any visible text, by sub-competence
//! code or by fill colour, the option by a cross, a deletion, a merged cell or a drawing.

mod body;
mod codes;
mod header;
mod marks;
mod parts;
mod reader;
mod titles;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Dossier, InputKind};
use crate::parse::parsed::{Parsed, SourceMap};
use crate::read::extras::SheetExtras;
use crate::read::{Sheet, Value, Workbook};
use crate::text::normalize;
use reader::{BodyStyle, HEADER_COLS, HEADER_ROWS, TableauReader, competence_columns};
use std::collections::HashSet;

/// The score from which a sheet is an official tableau: one point per signal of the model
/// found (each label, the option, the session cell, the title, each part title), two for the
/// competence header row. The blank model scores 12; a candidate's file that lost a label or
/// renamed its parts keeps well above; a workbook that merely mentions a session does not.
const RECOGNISED: usize = 5;

/// Whether a sheet looks like an official tableau: the sheet with enough of the model's
/// structure (see [`RECOGNISED`]).
pub(super) fn recognise(workbook: &Workbook) -> Option<&Sheet> {
    workbook
        .sheets
        .iter()
        .find(|sheet| score(sheet) >= RECOGNISED)
}

/// How many of the model's signals a sheet shows (see [`RECOGNISED`]).
fn score(sheet: &Sheet) -> usize {
    let mut signals: HashSet<String> = HashSet::new();
    for row in sheet.row_start()..sheet.row_end().min(HEADER_ROWS + 20) {
        for col in 0..sheet.col_end().min(HEADER_COLS) {
            let Value::Text(t) = sheet.value(row, col) else {
                continue;
            };
            let n = normalize(t);
            if let Some(label) = header::LABELS.iter().find(|l| n.starts_with(l.key)) {
                signals.insert(label.key.to_owned());
            } else if n.starts_with("option") {
                signals.insert("option".into());
            } else if n.starts_with("session") && t.chars().any(|c| c.is_ascii_digit()) {
                signals.insert("session".into());
            } else if n.starts_with("tableaudesynthese") {
                signals.insert("title".into());
            } else if let Some(cadre) = titles::official_title(&n) {
                signals.insert(format!("{cadre:?}"));
            }
        }
    }
    signals.len() + 2 * usize::from(competence_columns(sheet).is_some())
}

/// Reads a recognised tableau.
pub(super) fn parse(workbook: &Workbook, sheet: &Sheet) -> Parsed {
    let no_extras = SheetExtras::default();
    let extras = workbook.extras.get(&sheet.name).unwrap_or(&no_extras);
    let mut reader = TableauReader {
        sheet,
        extras,
        body_style: BodyStyle::of(sheet, extras),
        diagnostics: Vec::new(),
        sources: SourceMap::default(),
    };
    let candidat = reader.header();
    let realisations = reader.body();
    let mut parsed = Parsed {
        kind: InputKind::TableauOfficiel,
        dossier: Dossier {
            candidat,
            realisations,
            stages: Vec::new(),
        },
        sources: reader.sources,
        diagnostics: reader.diagnostics,
    };
    parsed.diagnostics.push(
        Diagnostic::new(
            Code::TableauLimits,
            "tableau de synthèse officiel : il ne porte ni les sous-compétences ni les descriptions \
             des réalisations ; le portfolio en sera dépourvu",
        )
        .hint("« sio-dossier template --from » crée un classeur pré-rempli à compléter"),
    );
    parsed
}
