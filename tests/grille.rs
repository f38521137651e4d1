//! The evaluation grid: official texts, session labels, orientation, pre-filled identity, and
//! the class's grids for duplex printing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{TestDir, examples};
use sio_dossier::referentiel::Referentiel;
use std::path::Path;

fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{ad}')
        .collect()
}

/// The text of each page of a PDF, squashed.
fn pages(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    pdf_extract::extract_text_from_mem_by_pages(&bytes)
        .unwrap()
        .iter()
        .map(|p| squash(p))
        .collect()
}

/// Width and height of each page, in points.
fn sizes(path: &Path) -> Vec<(f32, f32)> {
    let document = lopdf::Document::load(path).unwrap();
    document
        .get_pages()
        .values()
        .map(|&id| {
            let page = document.get_dictionary(id).unwrap();
            let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
            let n = |i: usize| media[i].as_float().unwrap();
            (n(2) - n(0), n(3) - n(1))
        })
        .collect()
}

fn build_one(
    dossier: sio_dossier::model::Dossier,
    extra: &[&str],
) -> (TestDir, std::path::PathBuf) {
    let dir = TestDir::new();
    dir.dossier("classe/a.xlsx", &dossier);
    let mut args = vec![
        "build",
        "classe",
        "-o",
        "sortie",
        "--date",
        common::TODAY,
        "--only",
        "grille",
    ];
    args.extend_from_slice(extra);
    let run = dir.run(&args);
    assert!(run.code == 0, "{}", run.stderr);
    let numero = dossier.candidat.numero.clone().unwrap_or_default();
    let nom = dossier.candidat.nom.clone().unwrap_or_default();
    let prenom = dossier.candidat.prenom.clone().unwrap_or_default();
    let path = dir.join(&format!(
        "sortie/{numero}_{nom}_{prenom}/grille-evaluation.pdf"
    ));
    (dir, path)
}

#[test]
fn every_official_text_of_the_referentiel_appears() {
    let (_dir, path) = build_one(examples::dupont(), &[]);
    let text = pages(&path).concat();
    let r = Referentiel::get();
    let mut expected: Vec<&str> = vec![&r.grille.critere_equipe, &r.grille.non_evaluable];
    expected.extend(r.grille.niveaux.iter().map(String::as_str));
    expected.extend(r.grille.penalites.iter().map(|p| p.libelle.as_str()));
    expected.extend(r.grille.descripteurs.iter().flatten().map(String::as_str));
    for c in &r.competences {
        expected.push(&c.libelle);
        expected.extend(c.sous_competence_libelles.iter().map(String::as_str));
        expected.extend(c.indicateurs.iter().map(String::as_str));
    }
    for needle in expected {
        assert!(
            text.contains(&squash(needle)),
            "absent de la grille : {needle}"
        );
    }
    let forms = sio_dossier::referentiel::formulaires();
    for key in [
        "proposition",
        "penalites",
        "note_finale",
        "note_a_reporter",
        "tableau_niveaux",
    ] {
        let needle = forms["recto"][key].as_str().unwrap();
        assert!(
            text.contains(&squash(needle)),
            "absent de la grille : {needle}"
        );
    }
}

#[test]
fn the_session_decides_the_labels_and_the_pages_their_orientation() {
    let mut old = examples::dupont();
    old.candidat.session = Some(2024);
    let (_dir, path) = build_one(old, &["--session", "2024"]);
    let recto = &pages(&path)[0];
    assert!(recto.contains(&squash("ANNEXE 6-3 : Grille d’aide à l’évaluation (recto)")));
    assert!(recto.contains(&squash(
        "Épreuve E4 – Support et mise à disposition de services informatiques"
    )));
    assert!(recto.contains(&squash("SESSION 2024")));
    assert!(recto.contains(&squash("(annexe 6-4)")));

    let mut new = examples::dupont();
    new.candidat.session = Some(2026);
    let (_dir, path) = build_one(new, &["--session", "2026", "--fiche"]);
    let text = pages(&path);
    assert_eq!(text.len(), 3);
    assert!(text[0].contains(&squash(
        "ANNEXE VI-3 : Grille d’aide à l’évaluation (recto)"
    )));
    assert!(text[0].contains(&squash("Épreuve E5")));
    assert!(text[0].contains(&squash("(annexe VI-4)")));
    assert!(text[1].contains(&squash(
        "ANNEXE VI-3 : Grille d’aide à l’évaluation (verso)"
    )));
    assert!(text[2].contains(&squash(
        "ANNEXE VI-4 : Fiche d’appréciation destinée à la personne candidate"
    )));
    let sizes = sizes(&path);
    let a4 = |(w, h): (f32, f32)| ((w - 595.3).abs() < 1.0, (h - 841.9).abs() < 1.0);
    assert_eq!(
        a4(sizes[0]),
        (true, true),
        "recto en portrait : {:?}",
        sizes[0]
    );
    assert_eq!(
        a4((sizes[1].1, sizes[1].0)),
        (true, true),
        "verso en paysage : {:?}",
        sizes[1]
    );
    assert_eq!(a4(sizes[2]), (true, true));
}

#[test]
fn identity_and_boxes_are_pre_filled() {
    let (_dir, path) = build_one(examples::dupont(), &[]);
    let text = pages(&path);
    assert!(text[0].contains(&squash("Nom, prénom : DUPONT Marie")));
    assert!(text[0].contains(&squash("N° candidat : 02744118350")));
    // CCF and SISR ticked: a cross right after their labels; none on the verso.
    assert!(
        text[0].contains("ContrôleencoursdeformationXN°commission"),
        "{}",
        text[0]
    );
    assert!(text[0].contains("OPTIONSISRXOPTIONSLAMDate"), "{}", text[0]);
    assert!(text[0].contains("Épreuveponctuelle"));
    assert!(!text[0].contains("ÉpreuveponctuelleX"));
    assert!(
        !text[0].contains('•'),
        "les tirets des membres ne sont pas une liste"
    );
    assert_eq!(
        text[1].matches('X').count(),
        1,
        "seulement ANNEXE : {}",
        text[1]
    );

    let mut unknown = examples::dupont();
    unknown.candidat.option = None;
    unknown.candidat.forme = None;
    let (_dir, path) = build_one(unknown, &[]);
    let recto = &pages(&path)[0];
    assert!(
        recto.contains("ContrôleencoursdeformationN°commission"),
        "{recto}"
    );
    assert!(recto.contains("OPTIONSISROPTIONSLAMDate"), "{recto}");
}

#[test]
fn the_class_grids_start_each_candidate_on_an_odd_page() {
    let dir = TestDir::new();
    dir.dossier("classe/a.xlsx", &examples::dupont());
    dir.dossier("classe/b.xlsx", &examples::martin());
    dir.dossier("classe/c.xlsx", &examples::nguyen());
    let run = dir.run(&[
        "build",
        "classe",
        "-o",
        "sortie",
        "--date",
        common::TODAY,
        "--only",
        "grille",
        "--fiche",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let text = pages(&dir.join("sortie/grilles.pdf"));
    // Two candidates without errors, three pages each, a blank page between them.
    assert_eq!(text.len(), 7);
    assert!(text[0].contains(&squash("DUPONT Marie")));
    assert!(
        text[3].is_empty() || text[3].chars().all(|c| c.is_ascii_digit()),
        "{}",
        text[3]
    );
    assert!(text[4].contains(&squash("MARTIN Lucas")));
    assert!(!text.concat().contains("NGUYEN"));
    assert!(
        !dir.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf")
            .exists(),
        "--only grille"
    );
}
