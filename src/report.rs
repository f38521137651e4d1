//! The machine-readable report of DESIGN §3.5 (`check --format json`, `rapport.json`).
//! Field names are stable: add fields freely, never rename.

use crate::check::FileReport;
use crate::diagnostic::{Code, Severity, Status};
use crate::model::{BtsOption, Cadre, Forme, InputKind};
use chrono::NaiveDate;
use serde::Serialize;

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Schema version.
    pub version: u32,
    /// One entry per input file, in processing order.
    pub candidates: Vec<CandidateReport>,
    /// The jury's evaluation sheet, when `build --evaluation` was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<EvaluationReport>,
}

/// What became of the jury's evaluation sheet.
#[derive(Debug, Serialize)]
pub struct EvaluationReport {
    /// Its path as given.
    pub input: String,
    /// `ok`, `warnings` or `errors`.
    pub status: Status,
    /// Every problem found.
    pub diagnostics: Vec<DiagnosticJson>,
}

impl EvaluationReport {
    /// The report of the evaluation sheet.
    pub fn new(file: &FileReport) -> EvaluationReport {
        EvaluationReport {
            input: file.input.display().to_string(),
            status: file.status(),
            diagnostics: file.diagnostics.iter().map(DiagnosticJson::new).collect(),
        }
    }
}

/// What became of one input file.
#[derive(Debug, Serialize)]
pub struct CandidateReport {
    /// The input path as given.
    pub input: String,
    /// What kind of workbook it was; `null` when unreadable.
    pub kind: Option<InputKind>,
    /// `ok`, `warnings` or `errors`.
    pub status: Status,
    /// Identity; `null` when the file could not be read.
    pub candidate: Option<CandidateJson>,
    /// The réalisations read.
    pub realisations: Vec<RealisationJson>,
    /// Every problem found.
    pub diagnostics: Vec<DiagnosticJson>,
    /// Files written for this candidate (empty for `check`).
    pub outputs: Vec<OutputJson>,
}

/// Identity fields of the report.
#[derive(Debug, Serialize)]
pub struct CandidateJson {
    /// Session year.
    pub session: Option<u16>,
    /// Family name.
    pub nom: Option<String>,
    /// Given name.
    pub prenom: Option<String>,
    /// "NOM Prénom".
    pub nom_complet: Option<String>,
    /// Candidate number.
    pub numero: Option<String>,
    /// SISR or SLAM.
    pub option: Option<BtsOption>,
    /// Training centre.
    pub centre: Option<String>,
    /// CCF or ponctuelle.
    pub forme: Option<Forme>,
    /// Portfolio URL.
    pub portfolio_url: Option<String>,
}

/// One réalisation in the report.
#[derive(Debug, Serialize)]
pub struct RealisationJson {
    /// Title.
    pub intitule: Option<String>,
    /// Part of the tableau.
    pub cadre: Option<Cadre>,
    /// Start date.
    pub debut: Option<NaiveDate>,
    /// End date.
    pub fin: Option<NaiveDate>,
    /// Period as typed.
    pub periode: Option<String>,
    /// Competence codes.
    pub competences: Vec<String>,
    /// Sub-competence codes.
    pub sous_competences: Vec<String>,
    /// The réalisation's first cell.
    pub cellule: Option<String>,
}

impl crate::coverage::Mobilises for RealisationJson {
    fn competences(&self) -> &[String] {
        &self.competences
    }
    fn sous_competences(&self) -> &[String] {
        &self.sous_competences
    }
}

/// One diagnostic in the report.
#[derive(Debug, Serialize)]
pub struct DiagnosticJson {
    /// `error` or `warning`.
    pub severity: Severity,
    /// Stable code (`E021`).
    pub code: Code,
    /// Cell in spreadsheet notation, `null` for the whole file.
    pub location: Option<String>,
    /// French message.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl DiagnosticJson {
    fn new(d: &crate::diagnostic::Diagnostic) -> DiagnosticJson {
        DiagnosticJson {
            severity: d.severity(),
            code: d.code,
            location: d.cell.as_ref().map(ToString::to_string),
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

/// A file written for a candidate.
#[derive(Debug, Serialize)]
pub struct OutputJson {
    /// Path of the file.
    pub path: String,
    /// SHA-256 of its content, hexadecimal.
    pub sha256: String,
}

impl Report {
    /// The report of a run over these files.
    pub fn new(files: &[FileReport]) -> Report {
        Report {
            version: 1,
            candidates: files.iter().map(CandidateReport::new).collect(),
            evaluation: None,
        }
    }
}

impl CandidateReport {
    /// The entry of one file (its outputs are filled by `build`).
    pub fn new(file: &FileReport) -> CandidateReport {
        let parsed = file.parsed.as_ref();
        let candidate = parsed.map(|p| {
            let c = &p.dossier.candidat;
            CandidateJson {
                session: c.session,
                nom: c.nom.clone(),
                prenom: c.prenom.clone(),
                nom_complet: c.nom_complet(),
                numero: c.numero.clone(),
                option: c.option,
                centre: c.centre.clone(),
                forme: c.forme,
                portfolio_url: c.portfolio_url.clone(),
            }
        });
        let realisations = parsed
            .map(|p| {
                p.dossier
                    .realisations
                    .iter()
                    .enumerate()
                    .map(|(i, r)| RealisationJson {
                        intitule: r.intitule.clone(),
                        cadre: r.cadre,
                        debut: r.debut,
                        fin: r.fin,
                        periode: r.periode.clone(),
                        competences: r.competences.clone(),
                        sous_competences: r.sous_competences.clone(),
                        cellule: p.sources.realisations.get(i).map(|s| s.start.to_string()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        CandidateReport {
            input: file.input.display().to_string(),
            kind: parsed.map(|p| p.kind),
            status: file.status(),
            candidate,
            realisations,
            diagnostics: file.diagnostics.iter().map(DiagnosticJson::new).collect(),
            outputs: Vec::new(),
        }
    }
}
