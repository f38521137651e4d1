//! The jury's evaluation sheet: one row per candidate, found by header text, read into an
//! [`Evaluation`] per candidate number, with a diagnostic at the cell of every bad value.

use super::text::{matches_label, normalize, parse_date};
use crate::diagnostic::{CellRef, Code, Diagnostic, quote};
use crate::model::Evaluation;
use crate::read::{Value, Workbook};
use crate::referentiel::Referentiel;
use crate::render::evaluation_template::criteria_headers;
use crate::schema::evaluation as layout;
use std::collections::{HashMap, HashSet};

/// The evaluations read, by candidate number, and the problems found.
#[derive(Debug, Default)]
pub struct ParsedEvaluations {
    /// Evaluations by candidate number.
    pub evaluations: HashMap<String, Evaluation>,
    /// Problems found, each at its cell.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the sheet; `known` are the candidate numbers of the inputs (others are reported).
pub fn parse(workbook: &Workbook, known: &HashSet<String>) -> ParsedEvaluations {
    let mut out = ParsedEvaluations::default();
    let sheet = workbook
        .sheet(layout::SHEET)
        .or_else(|| workbook.sheets.first());
    let Some(sheet) = sheet else {
        out.diagnostics.push(Diagnostic::new(
            Code::MissingSheet,
            "le classeur d'évaluation n'a aucune feuille",
        ));
        return out;
    };
    let header = (sheet.row_start()..sheet.row_end().min(30)).find(|&row| {
        (0..sheet.col_end()).any(|col| matches!(sheet.value(row, col), Value::Text(t) if matches_label(t, layout::NUMERO, &[])))
    });
    let Some(header) = header else {
        out.diagnostics.push(
            Diagnostic::new(
                Code::MissingColumn,
                format!(
                    "la colonne « {} » est introuvable dans la feuille « {} »",
                    layout::NUMERO,
                    sheet.name
                ),
            )
            .hint("créez la feuille avec « sio-dossier evaluation-template »"),
        );
        return out;
    };
    let column = |label: &str| {
        (0..sheet.col_end()).find(|&col| matches!(sheet.value(header, col), Value::Text(t) if normalize(t) == normalize(label)))
    };
    let r = Referentiel::get();
    let numero_col = column(layout::NUMERO);
    let criteria: Vec<Option<u32>> = criteria_headers().iter().map(|h| column(h)).collect();
    let note_col = column(layout::NOTE);
    let penalty_cols: Vec<Option<u32>> = r
        .grille
        .penalites
        .iter()
        .map(|p| column(&p.libelle))
        .collect();
    let commission_col = column(layout::COMMISSION);
    let date_col = column(layout::DATE);
    let member_cols: Vec<Option<u32>> = layout::MEMBRES.iter().map(|m| column(m)).collect();
    let Some(numero_col) = numero_col else {
        return out;
    };

    for row in header + 1..sheet.row_end() {
        let Some(numero) = sheet.value(row, numero_col).display() else {
            continue;
        };
        let cell = |col: u32| CellRef::new(&sheet.name, row, col);
        if !known.contains(&numero) {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::UnknownCandidate,
                    format!(
                        "candidat n° {} absent des classeurs traités : ligne ignorée",
                        quote(&numero)
                    ),
                )
                .at(Some(cell(numero_col))),
            );
            continue;
        }
        let mut evaluation = Evaluation::default();
        for col in &criteria {
            let level = col.and_then(|col| {
                let text = sheet.value(row, col).display()?;
                let found = r
                    .grille
                    .niveaux
                    .iter()
                    .position(|n| normalize(n) == normalize(&text));
                if found.is_none() {
                    let expected: Vec<String> = r
                        .grille
                        .niveaux
                        .iter()
                        .map(|n| format!("« {n} »"))
                        .collect();
                    out.diagnostics.push(
                        Diagnostic::new(
                            Code::InvalidLevel,
                            format!(
                                "niveau {} non reconnu : attendu {}",
                                quote(&text),
                                expected.join(", ")
                            ),
                        )
                        .at(Some(cell(col))),
                    );
                }
                found
            });
            evaluation.niveaux.push(level);
        }
        if let Some(col) = note_col {
            let value = sheet.value(row, col);
            evaluation.note = match &value {
                Value::Empty => None,
                Value::Number(n) if (0.0..=20.0).contains(n) => Some(*n),
                Value::Text(t) => t
                    .trim()
                    .replace(',', ".")
                    .parse::<f64>()
                    .ok()
                    .filter(|n| (0.0..=20.0).contains(n)),
                _ => None,
            };
            if evaluation.note.is_none() && !value.is_empty() {
                out.diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidMark,
                        format!(
                            "note {} : attendu un nombre entre 0 et 20",
                            quote(&value.display().unwrap_or_default())
                        ),
                    )
                    .at(Some(cell(col))),
                );
            }
        }
        for col in &penalty_cols {
            let applied = col.is_some_and(|col| {
                let Some(text) = sheet.value(row, col).display() else { return false };
                match normalize(&text).as_str() {
                    "oui" | "x" | "1" | "vrai" => true,
                    "non" | "0" | "faux" => false,
                    _ => {
                        out.diagnostics.push(
                            Diagnostic::new(
                                Code::UnrecognisedPenalty,
                                format!("pénalité {} non reconnue, non appliquée : attendu « Oui » ou « Non »", quote(&text)),
                            )
                            .at(Some(cell(col))),
                        );
                        false
                    }
                }
            });
            evaluation.penalites.push(applied);
        }
        evaluation.commission = commission_col.and_then(|col| sheet.value(row, col).display());
        evaluation.date = date_col.and_then(|col| parse_date(&sheet.value(row, col)));
        evaluation.membres = member_cols
            .iter()
            .filter_map(|col| col.and_then(|col| sheet.value(row, col).display()))
            .collect();
        out.evaluations.insert(numero, evaluation);
    }
    out
}
