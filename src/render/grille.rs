//! The data the evaluation grid template (`grille.typ`) reads: the session's labels, every
//! official text (référentiel and form texts), the candidate's identity and, when the jury's
//! sheet is given, the evaluation.

use crate::formulaires::{Formulaires, GrilleTextes};
use crate::model::{Candidat, Choice, Evaluation, Forme};
use crate::referentiel::{Competence, Grille, Referentiel};
use serde::Serialize;

/// Everything one grid shows.
#[derive(Debug, Clone, Serialize)]
pub struct GrilleData {
    /// Exam session.
    pub session: u16,
    /// `E4` or `E5`.
    pub epreuve: String,
    /// Annex of the grid (`6-3`, `VI-3`).
    pub annexe_grille: String,
    /// Annex of the fiche d'appréciation (`6-4`, `VI-4`).
    pub annexe_fiche: String,
    /// Whether the annex line comes before the épreuve line in the title.
    pub annexe_en_premier: bool,
    /// Official name of the block.
    pub bloc: String,
    /// Texts of the forms (`templates/formulaires.toml`).
    pub(crate) textes: &'static GrilleTextes,
    /// The grid texts of the référentiel.
    pub grille: Grille,
    /// The six competences with their sub-competences and indicators.
    pub competences: Vec<Competence>,
    /// Identity, when known.
    pub candidat: CandidatGrille,
    /// The jury's evaluation, when given.
    pub evaluation: Option<EvaluationGrille>,
    /// Whether to add the fiche d'appréciation page.
    pub fiche: bool,
}

/// Identity printed on the grid.
#[derive(Debug, Clone, Serialize)]
pub struct CandidatGrille {
    /// "NOM Prénom".
    pub nom_complet: Option<String>,
    /// Candidate number.
    pub numero: Option<String>,
    /// "SISR" or "SLAM".
    pub option: Option<&'static str>,
    /// "ccf" or "ponctuelle".
    pub forme: Option<Forme>,
}

/// The evaluation as printed.
#[derive(Debug, Clone, Serialize)]
pub struct EvaluationGrille {
    /// Commission number.
    pub commission: Option<String>,
    /// Day, month and year of the oral, as printed in the date boxes.
    pub date: Option<[String; 3]>,
    /// Members' names.
    pub membres: Vec<String>,
    /// Level index of each of the 7 criteria.
    pub niveaux: Vec<Option<usize>>,
    /// Proposed mark, French notation (`14,5`).
    pub note: Option<String>,
    /// Applied penalties.
    pub penalites: Vec<bool>,
    /// Final mark, French notation.
    pub note_finale: Option<String>,
}

/// What one candidate's grid says of them: a few hundred bytes, kept for the class's grids
/// while the official texts are added only when a document is compiled.
#[derive(Debug, Clone)]
pub struct GridEntry {
    session: u16,
    candidat: CandidatGrille,
    evaluation: Option<EvaluationGrille>,
    fiche: bool,
}

impl GridEntry {
    /// The whole grid data: the entry with the session's official texts.
    pub fn data(self) -> GrilleData {
        let r = Referentiel::get();
        let labels = r.labels(self.session);
        GrilleData {
            session: self.session,
            epreuve: labels.epreuve.clone(),
            annexe_grille: labels.annexe_grille.clone(),
            annexe_fiche: labels.annexe_fiche.clone(),
            annexe_en_premier: Formulaires::get().annexe_en_premier(self.session),
            bloc: r.bloc.libelle.clone(),
            textes: &Formulaires::get().grille,
            grille: r.grille.clone(),
            competences: r.competences.clone(),
            candidat: self.candidat,
            evaluation: self.evaluation,
            fiche: self.fiche,
        }
    }
}

/// Builds the grid data of a candidate for a session.
pub fn data(
    candidat: &Candidat,
    session: u16,
    evaluation: Option<&Evaluation>,
    fiche: bool,
) -> GrilleData {
    entry(candidat, session, evaluation, fiche).data()
}

/// What a candidate's grid says of them (identity, evaluation), without the official texts.
pub fn entry(
    candidat: &Candidat,
    session: u16,
    evaluation: Option<&Evaluation>,
    fiche: bool,
) -> GridEntry {
    let points: Vec<u8> = Referentiel::get()
        .grille
        .penalites
        .iter()
        .map(|p| p.points)
        .collect();
    GridEntry {
        session,
        candidat: CandidatGrille {
            nom_complet: candidat.nom_complet(),
            numero: candidat.numero.clone(),
            option: candidat.option.map(|o| o.label()),
            forme: candidat.forme,
        },
        evaluation: evaluation.map(|e| EvaluationGrille {
            commission: e.commission.clone(),
            date: e.date.map(|d| {
                [
                    d.format("%d").to_string(),
                    d.format("%m").to_string(),
                    d.format("%Y").to_string(),
                ]
            }),
            membres: e.membres.clone(),
            niveaux: e.niveaux.clone(),
            note: e.note.map(french_mark),
            penalites: e.penalites.clone(),
            note_finale: e.note_finale(&points).map(french_mark),
        }),
        fiche,
    }
}

/// A mark in French notation: `14`, `14,5`, `13,25`.
pub fn french_mark(mark: f64) -> String {
    let text = format!("{:.2}", (mark * 100.0).round() / 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_in_french_notation() {
        assert_eq!(french_mark(14.0), "14");
        assert_eq!(french_mark(14.5), "14,5");
        assert_eq!(french_mark(13.25), "13,25");
        assert_eq!(french_mark(0.0), "0");
    }

    #[test]
    fn the_final_mark_removes_penalties_and_never_goes_below_zero() {
        let mut e = Evaluation {
            note: Some(15.0),
            penalites: vec![false, true],
            ..Evaluation::default()
        };
        assert_eq!(e.note_finale(&[10, 2]), Some(13.0));
        e.penalites = vec![true, true];
        assert_eq!(e.note_finale(&[10, 2]), Some(3.0));
        e.note = Some(8.0);
        assert_eq!(e.note_finale(&[10, 2]), Some(0.0));
    }
}
