//! The jury's evaluation sheet: one row per candidate, found by header text, read into an
//! [`Evaluation`] per candidate (matched by number, else by name), with a diagnostic at the
//! cell of every bad value.

use super::text::parse_date;
use crate::diagnostic::{CellRef, Code, Diagnostic, quote};
use crate::model::Evaluation;
use crate::read::{Value, Workbook};
use crate::referentiel::Referentiel;
use crate::schema::evaluation as layout;
use crate::text::{matches_label, normalize};
use std::collections::HashMap;

/// The evaluations read, by candidate (index in `known`), and the problems found.
#[derive(Debug, Default)]
pub(crate) struct ParsedEvaluations {
    /// Evaluations by index of the candidate in the `known` list given to [`parse`].
    pub evaluations: HashMap<usize, Evaluation>,
    /// Problems found, each at its cell.
    pub diagnostics: Vec<Diagnostic>,
}

/// A candidate of the inputs, as a row of the jury's sheet may name them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Known {
    /// Candidate number.
    pub numero: Option<String>,
    /// "NOM Prénom" as in the workbook.
    pub nom_complet: Option<String>,
}

/// Reads the sheet; `known` are the candidates of the inputs. A row is matched by candidate
/// number, else by name (compared without case, accents or spaces); other rows are reported.
pub(crate) fn parse(workbook: &Workbook, known: &[Known]) -> ParsedEvaluations {
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
    let columns = Columns::find(sheet, header);
    let Some(numero_col) = columns.numero else {
        return out;
    };
    for row in header + 1..sheet.row_end() {
        let text = |col: Option<u32>| col.and_then(|col| sheet.value(row, col).display());
        let numero = text(Some(numero_col));
        let nom: Vec<String> = [text(columns.nom), text(columns.prenom)]
            .into_iter()
            .flatten()
            .collect();
        if numero.is_none() && nom.is_empty() {
            continue;
        }
        let (index, warning) = matched(known, numero.as_deref(), &nom.join(" "));
        if let Some(warning) = warning {
            out.diagnostics
                .push(warning.at(Some(CellRef::new(&sheet.name, row, numero_col))));
        }
        if let Some(index) = index {
            let evaluation = columns.read(sheet, row, &mut out.diagnostics);
            out.evaluations.insert(index, evaluation);
        }
    }
    out
}

/// The columns of the jury's sheet, found by their header text.
struct Columns {
    numero: Option<u32>,
    nom: Option<u32>,
    prenom: Option<u32>,
    criteria: Vec<Option<u32>>,
    note: Option<u32>,
    penalties: Vec<Option<u32>>,
    commission: Option<u32>,
    date: Option<u32>,
    members: Vec<Option<u32>>,
}

impl Columns {
    fn find(sheet: &crate::read::Sheet, header: u32) -> Columns {
        let column = |label: &str| {
            (0..sheet.col_end()).find(|&col| matches!(sheet.value(header, col), Value::Text(t) if normalize(t) == normalize(label)))
        };
        Columns {
            numero: column(layout::NUMERO),
            nom: column(layout::NOM),
            prenom: column(layout::PRENOM),
            criteria: layout::criteria_headers()
                .iter()
                .map(|h| column(h))
                .collect(),
            note: column(layout::NOTE),
            penalties: Referentiel::get()
                .grille
                .penalites
                .iter()
                .map(|p| column(&p.libelle))
                .collect(),
            commission: column(layout::COMMISSION),
            date: column(layout::DATE),
            members: layout::MEMBRES.iter().map(|m| column(m)).collect(),
        }
    }

    /// One candidate's evaluation from its row; every bad value a diagnostic at its cell.
    fn read(
        &self,
        sheet: &crate::read::Sheet,
        row: u32,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Evaluation {
        let cell = |col: u32| CellRef::new(&sheet.name, row, col);
        let mut evaluation = Evaluation::default();
        for col in self.criteria.iter().copied() {
            let level = col.and_then(|col| {
                let text = sheet.value(row, col).display()?;
                let found = level(&text);
                if found.is_none() {
                    diagnostics.push(unknown_level(&text).at(Some(cell(col))));
                }
                found
            });
            evaluation.niveaux.push(level);
        }
        if let Some(col) = self.note {
            let value = sheet.value(row, col);
            evaluation.note = mark(&value);
            if evaluation.note.is_none() && !value.is_empty() {
                diagnostics.push(
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
        for col in self.penalties.iter().copied() {
            let text = col.and_then(|col| sheet.value(row, col).display().map(|t| (col, t)));
            let applied = text.is_some_and(|(col, text)| {
                layout::oui_non(&text).unwrap_or_else(|| {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::UnrecognisedPenalty,
                            format!(
                                "pénalité {} non reconnue, non appliquée : attendu « Oui » ou « Non »",
                                quote(&text)
                            ),
                        )
                        .at(Some(cell(col))),
                    );
                    false
                })
            });
            evaluation.penalites.push(applied);
        }
        evaluation.commission = self
            .commission
            .and_then(|col| sheet.value(row, col).display());
        evaluation.date = self.date.and_then(|col| parse_date(&sheet.value(row, col)));
        evaluation.membres = self
            .members
            .iter()
            .filter_map(|col| col.and_then(|col| sheet.value(row, col).display()))
            .collect();
        evaluation
    }
}

/// The index of a grid level typed in a criterion's cell.
fn level(text: &str) -> Option<usize> {
    Referentiel::get()
        .grille
        .niveaux
        .iter()
        .position(|n| normalize(n) == normalize(text))
}

fn unknown_level(text: &str) -> Diagnostic {
    let expected: Vec<String> = Referentiel::get()
        .grille
        .niveaux
        .iter()
        .map(|n| format!("« {n} »"))
        .collect();
    Diagnostic::new(
        Code::InvalidLevel,
        format!(
            "niveau {} non reconnu : attendu {}",
            quote(text),
            expected.join(", ")
        ),
    )
}

/// A proposed mark between 0 and 20, typed as a number or as text (`12,5`).
fn mark(value: &Value<'_>) -> Option<f64> {
    match value {
        Value::Number(n) if (0.0..=20.0).contains(n) => Some(*n),
        Value::Text(t) => t
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|n| (0.0..=20.0).contains(n)),
        _ => None,
    }
}

/// The candidate a row names: by number; else by name, unique among the inputs. A number that
/// matches nobody while the name matches one candidate is matched by name, with a warning; a
/// row that matches nobody, or several, is ignored with a warning.
fn matched(
    known: &[Known],
    numero: Option<&str>,
    nom: &str,
) -> (Option<usize>, Option<Diagnostic>) {
    let by_numero: Vec<usize> = (0..known.len())
        .filter(|&i| numero.is_some() && known[i].numero.as_deref() == numero)
        .collect();
    if let [index] = by_numero[..] {
        return (Some(index), None);
    }
    let wanted = normalize(nom);
    let by_name: Vec<usize> = (0..known.len())
        .filter(|&i| {
            !wanted.is_empty()
                && known[i].nom_complet.as_deref().map(normalize).as_deref()
                    == Some(wanted.as_str())
        })
        .collect();
    let who = match numero {
        Some(numero) => format!("candidat n° {}", quote(numero)),
        None => format!("candidat {}", quote(nom)),
    };
    let warning = |message: String| Some(Diagnostic::new(Code::UnknownCandidate, message));
    match (by_numero.len(), &by_name[..]) {
        (0, [index]) if numero.is_none() => (Some(*index), None),
        (0, [index]) => (
            Some(*index),
            warning(format!(
                "{who} absent des classeurs traités, rapproché par son nom {} : vérifiez le numéro",
                quote(nom)
            )),
        ),
        (0, []) => (
            None,
            warning(format!(
                "{who} absent des classeurs traités : ligne ignorée"
            )),
        ),
        _ => (
            None,
            warning(format!(
                "{who} : plusieurs candidats des classeurs traités ont ce {} : ligne ignorée ; \
                 indiquez le numéro de candidat de chacun",
                if by_numero.len() > 1 {
                    "numéro"
                } else {
                    "nom"
                }
            )),
        ),
    }
}
