//! The fictional class both benchmarks generate: realistic candidates of 8 to 12 réalisations.
#![allow(clippy::unwrap_used, dead_code, unreachable_pub)]

use chrono::NaiveDate;
use sio_dossier::model::{
    AnneeStage, BtsOption, Cadre, Candidat, Dossier, Forme, Modalite, Realisation, Stage,
};
use sio_dossier::referentiel::Referentiel;
use std::path::Path;

#[path = "../../tests/common/pdf.rs"]
pub mod pdf;

/// The date every benchmark run passes with `--date`.
pub const TODAY: &str = "2026-11-28";

pub fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

/// A realistic fictional candidate: 8–12 réalisations of 1–3 paragraphs, two internships.
pub fn candidate(i: usize) -> Dossier {
    let paragraph = |k: usize| {
        format!(
            "Dans le cadre de la réalisation {k}, le service informatique devait améliorer la qualité du \
             support rendu aux utilisateurs : recensement des postes, mise à jour des procédures, suivi des \
             demandes dans l'outil de gestion des tickets, tests avant mise en production et accompagnement \
             des utilisateurs, avec un compte rendu à la responsable du service."
        )
    };
    let codes: Vec<String> = Referentiel::get()
        .sous_competences()
        .map(|s| s.code.to_owned())
        .collect();
    let count = 8 + i % 5;
    let realisations = (0..count)
        .map(|k| {
            let paragraphs = 1 + (i + k) % 3;
            let text = (0..paragraphs)
                .map(|p| paragraph(k * 3 + p))
                .collect::<Vec<_>>()
                .join("\n");
            Realisation {
                intitule: Some(format!(
                    "Réalisation {} : déploiement et support d'un service n° {k}",
                    k + 1
                )),
                cadre: Some([Cadre::Formation, Cadre::Stage1, Cadre::Stage2][k % 3]),
                debut: NaiveDate::from_ymd_opt(2025, 9 + (k % 4) as u32, 1),
                fin: NaiveDate::from_ymd_opt(2026, 1 + (k % 5) as u32, 15),
                organisation: Some("Lycée Condorcet, Lyon".into()),
                modalite: Some(if k % 2 == 0 {
                    Modalite::Individuelle
                } else {
                    Modalite::Equipe
                }),
                contribution: Some(paragraph(k)),
                contexte: Some(text.clone()),
                environnement: Some(
                    "Debian 12, Windows Server 2022, GLPI 10, Proxmox, PowerShell".into(),
                ),
                documents: vec![format!("https://portfolio.exemple.fr/realisation-{k}")],
                sous_competences: codes
                    .iter()
                    .skip(k * 3 % 22)
                    .take(4)
                    .cloned()
                    .chain(codes.iter().skip(18 + k % 4).take(1).cloned())
                    .collect(),
                ..Realisation::default()
            }
        })
        .collect();
    let stage = |annee| Stage {
        organisation: Some("Mairie de Villeurbanne".into()),
        ville: Some("Villeurbanne".into()),
        annee: Some(annee),
        debut: NaiveDate::from_ymd_opt(2026, 5, 18),
        fin: NaiveDate::from_ymd_opt(2026, 6, 26),
        tuteur: Some("Karim Benali".into()),
        fonction_tuteur: Some("Responsable du support".into()),
        attestation: None,
    };
    let mut dossier = Dossier {
        candidat: Candidat {
            session: Some(2027),
            nom: Some(format!("CANDIDAT{i:04}")),
            prenom: Some("Camille".into()),
            numero: Some(format!("0274{i:07}")),
            option: Some(if i.is_multiple_of(2) {
                BtsOption::Sisr
            } else {
                BtsOption::Slam
            }),
            centre: Some("Lycée Condorcet, Lyon".into()),
            statut: None,
            academie: Some("Lyon".into()),
            forme: Some(Forme::Ccf),
            portfolio_url: Some(format!("https://candidat{i}.exemple.fr/")),
            courriel: Some(format!("candidat{i}@exemple.fr")),
            publier_courriel: None,
            profil_url: None,
            parcours: Some((0..3).map(paragraph).collect::<Vec<_>>().join("\n")),
            nom_prenom: None,
        },
        realisations,
        stages: vec![stage(AnneeStage::Premiere), stage(AnneeStage::Deuxieme)],
    };
    // Every sub-competence covered, so that every candidate gets documents.
    dossier.realisations[0].sous_competences = codes;
    dossier
}

pub fn write_class(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let bytes =
            sio_dossier::render::dossier_template::write(2027, Some(&candidate(i)), today())
                .unwrap();
        std::fs::write(dir.join(format!("c{i:04}.xlsx")), bytes).unwrap();
    }
}
