//! The data the portfolio template reads as `/data.json`: the dossier with everything a
//! template needs precomputed (numbers, labels, official wording, coverage). Field names are
//! the template authors' interface: add freely, never rename.

use super::blocks::Blocks;
use crate::attachments::{Attachment, Content};
use crate::coverage::{Coverage, Covered};
use crate::model::{BtsOption, Cadre, Choice, Dossier, PeriodStyle, period};
use crate::referentiel::Referentiel;
use crate::text::is_web_url;
use chrono::NaiveDate;
use serde::Serialize;

/// Everything the portfolio template shows.
#[derive(Debug, Serialize)]
pub struct PortfolioData {
    /// What the dossier was read from: `dossier` or `tableau-officiel` (which has no
    /// descriptions: the template says so).
    pub source: crate::model::InputKind,
    /// "sio-dossier x.y.z".
    pub generateur: String,
    /// Document date, `JJ/MM/AAAA`.
    pub date: String,
    /// Exam session.
    pub session: u16,
    /// Exam name of the session (`E4`, `E5`).
    pub epreuve: String,
    /// Official name of the block.
    pub bloc: String,
    /// Identity.
    pub candidat: CandidatData,
    /// The six competences with their sub-competences and who mobilises them.
    pub competences: Vec<Covered>,
    /// The three parts of the tableau de synthèse with the numbers of their réalisations.
    pub parties: Vec<PartieData>,
    /// The réalisations, numbered from 1 in input order.
    pub realisations: Vec<RealisationData>,
    /// The internships.
    pub stages: Vec<StageData>,
}

/// Identity fields, as display text.
#[derive(Debug, Serialize)]
pub struct CandidatData {
    /// Family name.
    pub nom: Option<String>,
    /// Given name.
    pub prenom: Option<String>,
    /// "NOM Prénom".
    pub nom_complet: String,
    /// Candidate number.
    pub numero: Option<String>,
    /// "SISR" or "SLAM".
    pub option: Option<&'static str>,
    /// Training centre.
    pub centre: Option<String>,
    /// Académie.
    pub academie: Option<String>,
    /// "CCF" or "Ponctuelle".
    pub forme: Option<&'static str>,
    /// Portfolio URL (only when a web address).
    pub portfolio_url: Option<String>,
    /// E-mail.
    pub courriel: Option<String>,
    /// Professional profile URL (only when a web address).
    pub profil_url: Option<String>,
    /// Parcours, one entry per line.
    pub parcours: Vec<String>,
    /// Parcours as paragraphs and lists.
    pub parcours_blocs: Blocks,
}

/// A part of the tableau de synthèse.
#[derive(Debug, Serialize)]
pub struct PartieData {
    /// `formation`, `stage-1`, `stage-2`.
    pub cadre: Cadre,
    /// Title of the part.
    pub titre: &'static str,
    /// Numbers of its réalisations.
    pub realisations: Vec<usize>,
}

/// A réalisation, as display text.
#[derive(Debug, Serialize)]
pub struct RealisationData {
    /// Number, from 1.
    pub numero: usize,
    /// Title.
    pub intitule: String,
    /// Cadre label.
    pub cadre: Option<&'static str>,
    /// "du JJ/MM/AAAA au JJ/MM/AAAA", or the period as typed.
    pub periode: Option<String>,
    /// Organisation or place.
    pub organisation: Option<String>,
    /// "Individuelle" or "En équipe".
    pub modalite: Option<&'static str>,
    /// Personal contribution, by paragraph.
    pub contribution: Vec<String>,
    /// Context and objectives, by paragraph.
    pub contexte: Vec<String>,
    /// Technological environment, by paragraph.
    pub environnement: Vec<String>,
    /// Context and objectives as paragraphs and lists.
    pub contexte_blocs: Blocks,
    /// Personal contribution as paragraphs and lists.
    pub contribution_blocs: Blocks,
    /// Technological environment as paragraphs and lists.
    pub environnement_blocs: Blocks,
    /// Screenshots shown under the réalisation.
    pub captures: Vec<CaptureData>,
    /// Documents and productions.
    pub documents: Vec<DocumentData>,
    /// Codes of the mobilised competences.
    pub competences: Vec<String>,
    /// Codes of the mobilised sub-competences.
    pub sous_competences: Vec<String>,
}

/// A screenshot: its path in the Typst world and its caption (also its alternative text).
#[derive(Debug, Serialize)]
pub struct CaptureData {
    /// Path of the picture (`/captures/1-1.png`).
    pub chemin: String,
    /// Caption and alternative text.
    pub legende: String,
}

/// A document or production: a text, and a link when it is a web address.
#[derive(Debug, Serialize)]
pub struct DocumentData {
    /// As typed.
    pub texte: String,
    /// The web address to link to.
    pub lien: Option<String>,
}

/// An internship.
#[derive(Debug, Serialize)]
pub struct StageData {
    /// Host organisation.
    pub organisation: Option<String>,
    /// Town.
    pub ville: Option<String>,
    /// "1re année" or "2e année".
    pub annee: Option<String>,
    /// "du … au …".
    pub periode: Option<String>,
    /// Tutor.
    pub tuteur: Option<String>,
    /// Tutor's position.
    pub fonction_tuteur: Option<String>,
    /// The attestation to embed, when given and accepted.
    pub attestation: Option<AttestationData>,
}

/// An embedded attestation.
#[derive(Debug, Serialize)]
pub struct AttestationData {
    /// File name as typed by the candidate.
    pub nom: String,
    /// `pdf` or `image`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Each page as a picture to embed: its path in the Typst world (`/pieces/1-2.svg`).
    pub pages: Vec<String>,
}

/// An accepted attestation, ready to embed: index of its stage and its pages as pictures.
#[derive(Debug)]
pub struct LoadedAttachment {
    /// Index of the stage in the dossier.
    pub stage: usize,
    /// Whether it was a PDF (else a picture).
    pub pdf: bool,
    /// Each page: its path in the Typst world and its bytes (SVG, PNG or JPEG).
    pub pages: Vec<(String, Vec<u8>)>,
}

/// Builds the portfolio data of a dossier.
pub fn data(
    source: crate::model::InputKind,
    dossier: &Dossier,
    session: u16,
    date: NaiveDate,
    attachments: &[LoadedAttachment],
) -> PortfolioData {
    let referentiel = Referentiel::get();
    let c = &dossier.candidat;
    let numbered = || {
        dossier
            .realisations
            .iter()
            .enumerate()
            .map(|(i, r)| (i + 1, r))
    };
    let competences = Coverage::of(&dossier.realisations).competences;
    let parties = [Cadre::Formation, Cadre::Stage1, Cadre::Stage2]
        .into_iter()
        .map(|cadre| PartieData {
            cadre,
            titre: cadre.label(),
            realisations: numbered()
                .filter(|(_, r)| r.cadre == Some(cadre))
                .map(|(n, _)| n)
                .collect(),
        })
        .collect();
    PortfolioData {
        source,
        generateur: format!("sio-dossier {}", env!("CARGO_PKG_VERSION")),
        date: date.format("%d/%m/%Y").to_string(),
        session,
        epreuve: referentiel.labels(session).epreuve.clone(),
        bloc: referentiel.bloc.libelle.clone(),
        candidat: CandidatData {
            nom: c.nom.clone(),
            prenom: c.prenom.clone(),
            nom_complet: c.nom_complet().unwrap_or_default(),
            numero: c.numero.clone(),
            option: c.option.map(BtsOption::label),
            centre: c.centre.clone(),
            academie: c.academie.clone(),
            forme: c.forme.map(|f| f.label()),
            portfolio_url: c.portfolio_url.clone().filter(|u| is_web_url(u)),
            courriel: c.courriel.clone(),
            profil_url: c.profil_url.clone().filter(|u| is_web_url(u)),
            parcours: paragraphs(c.parcours.as_deref()),
            parcours_blocs: Blocks::of(c.parcours.as_deref()),
        },
        competences,
        parties,
        realisations: numbered()
            .map(|(numero, r)| RealisationData {
                numero,
                intitule: r.intitule.clone().unwrap_or_default(),
                cadre: r.cadre.map(Cadre::label),
                periode: period(r.debut, r.fin, PeriodStyle::Prose).or_else(|| r.periode.clone()),
                organisation: r.organisation.clone(),
                modalite: r.modalite.map(|m| m.label()),
                contribution: paragraphs(r.contribution.as_deref()),
                contexte: paragraphs(r.contexte.as_deref()),
                environnement: paragraphs(r.environnement.as_deref()),
                contexte_blocs: Blocks::of(r.contexte.as_deref()),
                contribution_blocs: Blocks::of(r.contribution.as_deref()),
                environnement_blocs: Blocks::of(r.environnement.as_deref()),
                captures: Vec::new(),
                documents: r
                    .documents
                    .iter()
                    .map(|d| DocumentData {
                        texte: d.clone(),
                        lien: is_web_url(d).then(|| d.trim().to_owned()),
                    })
                    .collect(),
                competences: r.competences.clone(),
                sous_competences: r.sous_competences.clone(),
            })
            .collect(),
        stages: stages(dossier, attachments),
    }
}

/// The internships, each with its attestation's pages when one was accepted.
fn stages(dossier: &Dossier, attachments: &[LoadedAttachment]) -> Vec<StageData> {
    dossier
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| StageData {
            organisation: s.organisation.clone(),
            ville: s.ville.clone(),
            annee: s.annee.map(|a| format!("{} année", a.label())),
            periode: period(s.debut, s.fin, PeriodStyle::Prose),
            tuteur: s.tuteur.clone(),
            fonction_tuteur: s.fonction_tuteur.clone(),
            attestation: attachments
                .iter()
                .find(|a| a.stage == i)
                .map(|a| AttestationData {
                    nom: s.attestation.clone().unwrap_or_default(),
                    kind: if a.pdf { "pdf" } else { "image" },
                    pages: a.pages.iter().map(|(path, _)| path.clone()).collect(),
                }),
        })
        .collect()
}

/// The accepted attestations made embeddable: PDF pages converted to SVG (or, when heavy, to a
/// smaller 150-dpi picture) so that the portfolio stays PDF/A, pictures as they are.
pub fn embed(attachments: &[Attachment]) -> Vec<LoadedAttachment> {
    attachments
        .iter()
        .filter_map(|a| {
            let n = a.stage + 1;
            let pages = match &a.content {
                Content::Pdf(pdf) => crate::render::attestation::pdf_pages(pdf)
                    .into_iter()
                    .enumerate()
                    .map(|(p, page)| (format!("/pieces/{n}-{}.{}", p + 1, page.ext), page.bytes))
                    .collect(),
                Content::Png(bytes) => vec![(format!("/pieces/{n}.png"), bytes.clone())],
                Content::Jpeg(bytes) => vec![(format!("/pieces/{n}.jpg"), bytes.clone())],
            };
            (!pages.is_empty()).then_some(LoadedAttachment {
                stage: a.stage,
                pdf: matches!(a.content, Content::Pdf(_)),
                pages,
            })
        })
        .collect()
}

fn paragraphs(text: Option<&str>) -> Vec<String> {
    text.map(|t| {
        t.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    })
    .unwrap_or_default()
}
