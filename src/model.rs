//! The candidate's dossier as plain data: what every reader produces and every renderer
//! consumes. It knows nothing of spreadsheets or of Typst; where a value came from is kept
//! apart, in [`crate::parse::parsed::SourceMap`].

use crate::text::normalize;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// The exam sessions the tool accepts (command line, workbooks, template): the référentiel of
/// block 1 applies from session 2022.
pub const SESSIONS: RangeInclusive<u16> = 2022..=2100;

/// A closed list of the workbook (option, forme, cadre, modalité, année de stage), defined once:
/// its values, the French label of each (the template's drop-down, the documents) and the other
/// spellings a reader accepts. Compared without case, accents, spaces or punctuation.
pub trait Choice: Copy + Eq + Sized + 'static {
    /// Every value, in the drop-down's order.
    const ALL: &'static [Self];

    /// The label offered by the template's drop-down and printed on the documents.
    fn label(self) -> &'static str;

    /// Other spellings accepted when reading a workbook.
    fn spellings(self) -> &'static [&'static str] {
        &[]
    }

    /// The value a typed text names, if any.
    fn parse(text: &str) -> Option<Self> {
        let text = normalize(text);
        Self::ALL.iter().copied().find(|value| {
            std::iter::once(value.label())
                .chain(value.spellings().iter().copied())
                .any(|spelling| normalize(spelling) == text)
        })
    }
}

/// The labels of a closed list, in order (the template's drop-down).
pub fn labels<T: Choice>() -> Vec<&'static str> {
    T::ALL.iter().map(|v| v.label()).collect()
}

/// Which kind of input a dossier was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InputKind {
    /// The candidate workbook written by `sio-dossier template`.
    #[serde(rename = "dossier")]
    Dossier,
    /// The official tableau de synthèse, filled by hand.
    #[serde(rename = "tableau-officiel")]
    TableauOfficiel,
}

/// Everything known about one candidate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dossier {
    /// Identity and exam details.
    pub candidat: Candidat,
    /// The réalisations professionnelles, in input order.
    pub realisations: Vec<Realisation>,
    /// The internships (stages).
    pub stages: Vec<Stage>,
}

/// The candidate's option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BtsOption {
    /// Solutions d'infrastructure, systèmes et réseaux.
    #[serde(rename = "SISR")]
    Sisr,
    /// Solutions logicielles et applications métiers.
    #[serde(rename = "SLAM")]
    Slam,
}

impl Choice for BtsOption {
    const ALL: &'static [BtsOption] = &[BtsOption::Sisr, BtsOption::Slam];

    /// "SISR" or "SLAM", as printed on the official forms.
    fn label(self) -> &'static str {
        match self {
            BtsOption::Sisr => "SISR",
            BtsOption::Slam => "SLAM",
        }
    }
}

/// How the exam is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Forme {
    /// Contrôle en cours de formation.
    #[serde(rename = "ccf")]
    Ccf,
    /// Épreuve ponctuelle.
    #[serde(rename = "ponctuelle")]
    Ponctuelle,
}

impl Choice for Forme {
    const ALL: &'static [Forme] = &[Forme::Ccf, Forme::Ponctuelle];

    fn label(self) -> &'static str {
        match self {
            Forme::Ccf => "CCF",
            Forme::Ponctuelle => "Ponctuelle",
        }
    }

    fn spellings(self) -> &'static [&'static str] {
        match self {
            Forme::Ccf => &["contrôle en cours de formation"],
            Forme::Ponctuelle => &["ponctuel"],
        }
    }
}

/// A yes/no answer: the drop-down's « Oui » / « Non », or what people type instead. The one
/// yes/no vocabulary (the jury's penalties, « Publier mon courriel »).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OuiNon {
    /// Yes.
    #[serde(rename = "oui")]
    Oui,
    /// No.
    #[serde(rename = "non")]
    Non,
}

impl Choice for OuiNon {
    const ALL: &'static [OuiNon] = &[OuiNon::Oui, OuiNon::Non];

    fn label(self) -> &'static str {
        match self {
            OuiNon::Oui => "Oui",
            OuiNon::Non => "Non",
        }
    }

    fn spellings(self) -> &'static [&'static str] {
        match self {
            OuiNon::Oui => &["x", "1", "vrai", "o"],
            OuiNon::Non => &["0", "faux", "n"],
        }
    }
}

/// The candidate's status, which decides the internships the dossier must show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Statut {
    /// A pupil or student of a school: two internships with their attestations.
    #[serde(rename = "scolaire")]
    Scolaire,
    /// An apprentice: the apprenticeship stands for the internships.
    #[serde(rename = "apprenti")]
    Apprenti,
    /// In continuing education, justified by work certificates.
    #[serde(rename = "formation-continue")]
    FormationContinue,
}

impl Choice for Statut {
    const ALL: &'static [Statut] = &[
        Statut::Scolaire,
        Statut::Apprenti,
        Statut::FormationContinue,
    ];

    fn label(self) -> &'static str {
        match self {
            Statut::Scolaire => "Scolaire",
            Statut::Apprenti => "Apprenti",
            Statut::FormationContinue => "Formation continue",
        }
    }

    fn spellings(self) -> &'static [&'static str] {
        match self {
            Statut::Scolaire => &["élève", "étudiant", "scolaire (élève ou étudiant)"],
            Statut::Apprenti => &["apprentie", "apprentissage", "alternant", "alternance"],
            Statut::FormationContinue => &[
                "formation professionnelle continue",
                "salarié",
                "certificat de travail",
            ],
        }
    }
}

/// Identity and exam details of the candidate (sheet `Candidat`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Candidat {
    /// Exam session (year).
    pub session: Option<u16>,
    /// Family name.
    pub nom: Option<String>,
    /// Given name.
    pub prenom: Option<String>,
    /// "NOM et prénom" as typed in one cell of the official tableau, when that is all there is.
    pub nom_prenom: Option<String>,
    /// Candidate number as typed (10 or 11 digits expected).
    pub numero: Option<String>,
    /// SISR or SLAM.
    pub option: Option<BtsOption>,
    /// Training centre (school).
    pub centre: Option<String>,
    /// Académie.
    pub academie: Option<String>,
    /// CCF or ponctuelle.
    pub forme: Option<Forme>,
    /// Scolaire, apprenti or formation continue (`None`: not given).
    #[serde(default)]
    pub statut: Option<Statut>,
    /// Address of the online portfolio.
    pub portfolio_url: Option<String>,
    /// E-mail address.
    pub courriel: Option<String>,
    /// « Publier mon courriel » on the online portfolio (`None`: not given, so not published).
    #[serde(default)]
    pub publier_courriel: Option<OuiNon>,
    /// Professional profile (URL, e.g. a professional network).
    pub profil_url: Option<String>,
    /// The parcours de professionnalisation, free text.
    pub parcours: Option<String>,
}

impl Candidat {
    /// "NOM Prénom" as printed on the official forms, from whichever parts are known.
    pub fn nom_complet(&self) -> Option<String> {
        if let Some(typed) = &self.nom_prenom {
            return Some(typed.clone());
        }
        let parts: Vec<&str> = [self.nom.as_deref(), self.prenom.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// Where a réalisation took place: the three parts of the official tableau.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cadre {
    /// En cours de formation.
    #[serde(rename = "formation")]
    Formation,
    /// Milieu professionnel, 1re année.
    #[serde(rename = "stage-1")]
    Stage1,
    /// Milieu professionnel, 2e année.
    #[serde(rename = "stage-2")]
    Stage2,
}

impl Choice for Cadre {
    const ALL: &'static [Cadre] = &[Cadre::Formation, Cadre::Stage1, Cadre::Stage2];

    fn label(self) -> &'static str {
        match self {
            Cadre::Formation => "En cours de formation",
            Cadre::Stage1 => "Milieu professionnel 1re année",
            Cadre::Stage2 => "Milieu professionnel 2e année",
        }
    }
}

/// Alone or in a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Modalite {
    /// Réalisation individuelle.
    #[serde(rename = "individuelle")]
    Individuelle,
    /// Réalisation en équipe.
    #[serde(rename = "equipe")]
    Equipe,
}

impl Choice for Modalite {
    const ALL: &'static [Modalite] = &[Modalite::Individuelle, Modalite::Equipe];

    fn label(self) -> &'static str {
        match self {
            Modalite::Individuelle => "Individuelle",
            Modalite::Equipe => "En équipe",
        }
    }

    fn spellings(self) -> &'static [&'static str] {
        match self {
            Modalite::Individuelle => &["individuel", "seul"],
            Modalite::Equipe => &["équipe", "en groupe", "groupe"],
        }
    }
}

/// One réalisation professionnelle (a row of sheet `Réalisations`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Realisation {
    /// Title.
    pub intitule: Option<String>,
    /// Part of the tableau it belongs to.
    pub cadre: Option<Cadre>,
    /// Start date, when readable.
    pub debut: Option<NaiveDate>,
    /// End date, when readable.
    pub fin: Option<NaiveDate>,
    /// The period as the candidate typed it.
    pub periode: Option<String>,
    /// Organisation or place.
    pub organisation: Option<String>,
    /// Alone or in a team.
    pub modalite: Option<Modalite>,
    /// Personal contribution (required in a team).
    pub contribution: Option<String>,
    /// Context and objectives.
    pub contexte: Option<String>,
    /// Technological environment.
    pub environnement: Option<String>,
    /// Documents and productions: URLs or paths relative to the input file.
    pub documents: Vec<String>,
    /// Codes of the mobilised sub-competences (`B1.4.2`), in official order.
    pub sous_competences: Vec<String>,
    /// Codes of the mobilised competences (`B1.4`), in official order.
    pub competences: Vec<String>,
}

/// Which year of training an internship belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnneeStage {
    /// First year.
    #[serde(rename = "1")]
    Premiere,
    /// Second year.
    #[serde(rename = "2")]
    Deuxieme,
}

impl Choice for AnneeStage {
    const ALL: &'static [AnneeStage] = &[AnneeStage::Premiere, AnneeStage::Deuxieme];

    fn label(self) -> &'static str {
        match self {
            AnneeStage::Premiere => "1re",
            AnneeStage::Deuxieme => "2e",
        }
    }

    fn spellings(self) -> &'static [&'static str] {
        match self {
            AnneeStage::Premiere => &["1ère", "1", "première", "1re année", "1ère année"],
            AnneeStage::Deuxieme => &["2ème", "2", "deuxième", "2e année", "2ème année"],
        }
    }
}

/// One internship (a row of sheet `Stages`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    /// Host organisation.
    pub organisation: Option<String>,
    /// Town.
    pub ville: Option<String>,
    /// Year of training.
    pub annee: Option<AnneeStage>,
    /// Start date.
    pub debut: Option<NaiveDate>,
    /// End date.
    pub fin: Option<NaiveDate>,
    /// Tutor's name.
    pub tuteur: Option<String>,
    /// Tutor's position.
    pub fonction_tuteur: Option<String>,
    /// Attestation file (PDF/PNG/JPEG), relative to the input file.
    pub attestation: Option<String>,
}

/// How a period is written on a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodStyle {
    /// `15/09/25 au 20/10/25`: the official tableau's form (both dates needed).
    Tableau,
    /// `du 15/09/2025 au 20/10/2025`, `à partir du …`, `jusqu'au …`: prose, for the portfolio.
    Prose,
}

/// The one period formatter of every document; `None` when the dates do not make a period.
pub fn period(
    debut: Option<NaiveDate>,
    fin: Option<NaiveDate>,
    style: PeriodStyle,
) -> Option<String> {
    let date = |d: NaiveDate| match style {
        PeriodStyle::Tableau => d.format("%d/%m/%y").to_string(),
        PeriodStyle::Prose => d.format("%d/%m/%Y").to_string(),
    };
    match (style, debut, fin) {
        (PeriodStyle::Tableau, Some(d), Some(e)) => Some(format!("{} au {}", date(d), date(e))),
        (PeriodStyle::Prose, Some(d), Some(e)) => Some(format!("du {} au {}", date(d), date(e))),
        (PeriodStyle::Prose, Some(d), None) => Some(format!("à partir du {}", date(d))),
        (PeriodStyle::Prose, None, Some(e)) => Some(format!("jusqu'au {}", date(e))),
        _ => None,
    }
}

/// The jury's evaluation of one candidate (a row of the evaluation sheet).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Commission number.
    pub commission: Option<String>,
    /// Date of the oral.
    pub date: Option<NaiveDate>,
    /// Names of the commission's members (up to two).
    pub membres: Vec<String>,
    /// Level chosen for each of the grid's 7 criteria: index in the five level names
    /// (0 = Non évaluable … 4 = Excellente maitrise), `None` when not filled.
    pub niveaux: Vec<Option<usize>>,
    /// Proposed mark out of 20.
    pub note: Option<f64>,
    /// Whether each of the grid's penalties applies, in référentiel order.
    pub penalites: Vec<bool>,
}

impl Evaluation {
    /// The final mark: the proposed mark minus the applied penalties, never below 0.
    pub fn note_finale(&self, points: &[u8]) -> Option<f64> {
        let removed: f64 = self
            .penalites
            .iter()
            .zip(points)
            .filter(|(applied, _)| **applied)
            .map(|(_, p)| f64::from(*p))
            .sum();
        self.note.map(|n| (n - removed).max(0.0))
    }
}
