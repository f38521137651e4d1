//! The official référentiel of block 1, embedded from `templates/referentiel.toml` and parsed
//! once. Every official string (competences, indicators, grid texts, session labels) comes from
//! here: no official text is typed in Rust source.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// The embedded référentiel file, verbatim from the official wording.
pub const SOURCE: &str = include_str!("../templates/referentiel.toml");

static REFERENTIEL: LazyLock<Referentiel> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // Embedded data, checked by the tests: not user input.
    Referentiel::parse(SOURCE).expect("templates/referentiel.toml embarqué invalide")
});

/// The official référentiel of block 1: competences, grid texts and per-session labels.
#[derive(Debug, Clone, Deserialize)]
pub struct Referentiel {
    /// The block itself (code and official name).
    pub bloc: Bloc,
    /// Exam labels by range of sessions, oldest first.
    #[serde(rename = "session")]
    pub sessions: Vec<SessionLabels>,
    /// The six competences, in official order.
    #[serde(rename = "competence")]
    pub competences: Vec<Competence>,
    /// Texts of the grille d'aide à l'évaluation.
    pub grille: Grille,
    /// The internships' durations, checked at deposit.
    pub stages: StageRules,
    /// Derived sub-competence codes, per competence (`B1.1.1` …), filled by [`Referentiel::parse`].
    #[serde(skip)]
    codes: Vec<Vec<String>>,
}

/// The internships a dossier must show, in weeks (the deposit's conformity check).
#[derive(Debug, Clone, Deserialize)]
pub struct StageRules {
    /// Total weeks over the two years.
    pub semaines_total: u32,
    /// Total weeks for a candidate whose training was shortened (positionnement).
    pub semaines_total_positionnement: u32,
    /// Consecutive weeks at the end of the first year: at least, at most.
    pub premiere_annee: [u32; 2],
    /// Weeks in the second year: at least, at most.
    pub seconde_annee: [u32; 2],
    /// What stands for the internships of an apprentice.
    pub apprenti: String,
    /// What stands for the internships of a candidate in continuing education.
    pub formation_continue: String,
}

/// The block's code and official name.
#[derive(Debug, Clone, Deserialize)]
pub struct Bloc {
    /// Community code, `B1`.
    pub code: String,
    /// Official name of the block.
    pub libelle: String,
}

/// Exam labels valid for a range of sessions (épreuve name and annex numbers).
#[derive(Debug, Clone, Deserialize)]
pub struct SessionLabels {
    /// First session these labels apply to.
    pub from: u16,
    /// Last session these labels apply to; open-ended when absent.
    pub to: Option<u16>,
    /// Name of the exam, `E4` or `E5`.
    pub epreuve: String,
    /// Annex number of the tableau de synthèse.
    pub annexe_tableau: String,
    /// Annex number of the grille d'aide à l'évaluation.
    pub annexe_grille: String,
    /// Annex number of the fiche d'appréciation.
    pub annexe_fiche: String,
}

/// One of the six competences, with its sub-competences and performance indicators.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Competence {
    /// Community code, `B1.1` … `B1.6` (not printed on official forms).
    pub code: String,
    /// Official name.
    pub libelle: String,
    /// Official names of the sub-competences, in order.
    #[serde(rename = "sous_competences")]
    pub sous_competence_libelles: Vec<String>,
    /// Official performance indicators.
    pub indicateurs: Vec<String>,
}

/// A sub-competence with its derived code (`B1.4.2`) and its competence's code.
#[derive(Debug, Clone, Copy)]
pub struct SousCompetence<'a> {
    /// Derived code, `B1.x.y`.
    pub code: &'a str,
    /// Code of the competence it belongs to.
    pub competence: &'a str,
    /// Official name.
    pub libelle: &'a str,
}

/// A penalty of the grid.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Penalite {
    /// Official text.
    pub libelle: String,
    /// Points removed.
    pub points: u8,
}

/// Texts of the grille d'aide à l'évaluation.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Grille {
    /// The first criterion of the verso (team work).
    pub critere_equipe: String,
    /// The five level names, from "Non évaluable" to "Excellente maitrise".
    pub niveaux: Vec<String>,
    /// Header of the levels column group.
    pub entete_niveaux: String,
    /// Header of the competences column.
    pub entete_competences: String,
    /// Header of the indicators column.
    pub entete_indicateurs: String,
    /// Meaning of "Non évaluable".
    pub non_evaluable: String,
    /// Level descriptors of the recto: one row per aspect, four texts each.
    pub descripteurs: Vec<Vec<String>>,
    /// The two penalties.
    pub penalites: Vec<Penalite>,
}

/// Why a référentiel file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ReferentielError {
    /// The file is not valid TOML or misses fields.
    #[error("référentiel illisible : {0}")]
    Syntax(#[from] toml::de::Error),
    /// The file parses but does not describe the block's structure.
    #[error("référentiel incohérent : {0}")]
    Structure(String),
}

impl Referentiel {
    /// The embedded référentiel, parsed on first use.
    pub fn get() -> &'static Referentiel {
        &REFERENTIEL
    }

    /// Parses and checks a référentiel file (six competences, codes in order).
    pub fn parse(text: &str) -> Result<Referentiel, ReferentielError> {
        let mut referentiel: Referentiel = toml::from_str(text)?;
        if referentiel.sessions.is_empty() {
            return Err(ReferentielError::Structure(
                "aucune ligne [[session]]".into(),
            ));
        }
        referentiel.sessions.sort_by_key(|s| s.from);
        for (i, competence) in referentiel.competences.iter().enumerate() {
            let expected = format!("{}.{}", referentiel.bloc.code, i + 1);
            if competence.code != expected {
                return Err(ReferentielError::Structure(format!(
                    "la compétence n° {} a le code « {} », attendu « {expected} »",
                    i + 1,
                    competence.code
                )));
            }
        }
        referentiel.codes = referentiel
            .competences
            .iter()
            .map(|c| {
                (1..=c.sous_competence_libelles.len())
                    .map(|j| format!("{}.{j}", c.code))
                    .collect()
            })
            .collect();
        Ok(referentiel)
    }

    /// Every sub-competence in official order, with its derived code.
    pub fn sous_competences(&self) -> impl Iterator<Item = SousCompetence<'_>> {
        self.competences
            .iter()
            .zip(&self.codes)
            .flat_map(|(competence, codes)| {
                codes
                    .iter()
                    .zip(&competence.sous_competence_libelles)
                    .map(|(code, libelle)| SousCompetence {
                        code,
                        competence: &competence.code,
                        libelle,
                    })
            })
    }

    /// The sub-competence with this code (`B1.4.2`), if any.
    pub fn sous_competence(&self, code: &str) -> Option<SousCompetence<'_>> {
        self.sous_competences().find(|s| s.code == code)
    }

    /// The competence with this code (`B1.4`), if any.
    pub fn competence(&self, code: &str) -> Option<&Competence> {
        self.competences.iter().find(|c| c.code == code)
    }

    /// The exam labels of a session: the row whose range holds it, the nearest row otherwise.
    pub fn labels(&self, session: u16) -> &SessionLabels {
        let within =
            |row: &&SessionLabels| row.from <= session && row.to.is_none_or(|to| session <= to);
        // The row whose range holds the session; else (a gap in the table) the last row
        // begun before it; else the first row.
        self.sessions
            .iter()
            .rev()
            .find(within)
            .or_else(|| self.sessions.iter().rev().find(|r| r.from <= session))
            .unwrap_or(&self.sessions[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_referentiel_has_six_competences_and_22_sub_competences() {
        let r = Referentiel::get();
        assert_eq!(r.competences.len(), 6);
        let codes: Vec<&str> = r.sous_competences().map(|s| s.code).collect();
        assert_eq!(codes.len(), 22);
        assert_eq!(codes[0], "B1.1.1");
        assert_eq!(codes[21], "B1.6.4");
        assert_eq!(
            r.sous_competence("B1.4.2").map(|s| s.libelle),
            Some("Planifier les activités")
        );
        assert_eq!(r.competence("B1.3").map(|c| c.indicateurs.len()), Some(5));
        assert_eq!(r.grille.niveaux.len(), 5);
        assert_eq!(r.grille.penalites.len(), 2);
    }

    #[test]
    fn session_labels_follow_the_year() {
        let r = Referentiel::get();
        let label = |year| {
            (
                r.labels(year).epreuve.as_str(),
                r.labels(year).annexe_grille.as_str(),
            )
        };
        assert_eq!(label(2022), ("E4", "6-3"));
        assert_eq!(label(2023), ("E4", "6-3"));
        assert_eq!(label(2024), ("E4", "8-3"));
        assert_eq!(label(2025), ("E5", "8-3"));
        assert_eq!(label(2026), ("E5", "VI-3"));
        assert_eq!(label(2031), ("E5", "VI-3"));
        assert_eq!(label(2019), ("E4", "6-3"));
        assert_eq!(r.labels(2025).annexe_tableau, "8-1");
        assert_eq!(r.labels(2024).annexe_fiche, "8-4");
    }

    #[test]
    fn a_referentiel_with_codes_out_of_order_is_refused() {
        let broken = SOURCE.replacen("code = \"B1.2\"", "code = \"B1.9\"", 1);
        assert!(matches!(
            Referentiel::parse(&broken),
            Err(ReferentielError::Structure(_))
        ));
    }
}
