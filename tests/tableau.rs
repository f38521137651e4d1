//! The official tableau de synthèse and the class summary, read back with calamine and checked
//! in their XML.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use common::{TestDir, examples};
use sio_dossier::model::{Cadre, Dossier};
use std::path::Path;

fn build(dossiers: &[(&str, Dossier)], extra: &[&str]) -> TestDir {
    let dir = TestDir::new();
    for (name, dossier) in dossiers {
        dir.dossier(&format!("classe/{name}"), dossier);
    }
    let run = dir.build(&[&["--only", "tableau"], extra].concat());
    assert!(run.code <= 1, "{}", run.stderr);
    dir
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    workbook
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("{name}: {e} ({:?})", workbook.sheet_names()))
}

fn text(range: &Range<Data>, cell: &str) -> String {
    let col = cell.bytes().next().unwrap() - b'A';
    let row: u32 = cell[1..].parse().unwrap();
    range
        .get_value((row - 1, u32::from(col)))
        .map(|v| v.to_string())
        .unwrap_or_default()
}

fn xml(path: &Path, part: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut out = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(part).unwrap(), &mut out).unwrap();
    out
}

const TABLEAU: &str = "sortie/02744118350_DUPONT_Marie/tableau-synthese.xlsx";

#[test]
fn the_tableau_holds_the_model_texts_and_the_candidate_values() {
    let dir = build(&[("a.xlsx", examples::dupont())], &[]);
    let t = sheet(&dir.join(TABLEAU), "Tableau de synthèse Épreuve E5");
    assert_eq!(
        text(&t, "A1"),
        "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS"
    );
    assert_eq!(text(&t, "G1"), "SESSION 2027");
    assert_eq!(
        text(&t, "A2"),
        "Tableau de synthèse des réalisations professionnelles "
    );
    assert_eq!(text(&t, "A3"), "NOM et prénom : DUPONT Marie");
    assert_eq!(text(&t, "F3"), "N° candidat : 02744118350");
    assert_eq!(
        text(&t, "A4"),
        "Centre de formation : Lycée Condorcet, Lyon"
    );
    assert_eq!(
        (text(&t, "F4"), text(&t, "G4"), text(&t, "H4")),
        ("Option :".into(), "☒ SISR".into(), "▢ SLAM".into())
    );
    assert_eq!(
        text(&t, "A5"),
        "Adresse URL du portfolio : https://marie-dupont.github.io/portfolio/"
    );
    assert_eq!(
        text(&t, "B6"),
        "Période (sous la forme du JJ/MM/AA au JJ/MM/AA)"
    );
    let r = sio_dossier::referentiel::Referentiel::get();
    for (i, col) in ["C", "D", "E", "F", "G", "H"].iter().enumerate() {
        assert_eq!(text(&t, &format!("{col}6")), r.competences[i].libelle);
        assert!(text(&t, &format!("{col}7")).starts_with(&format!(
            "▸{}",
            r.competences[i].sous_competence_libelles[0]
        )));
    }
    assert_eq!(text(&t, "A8"), "Réalisation en cours de formation");
    // Formation first (4 réalisations in input order), then the 1st-year internship.
    assert_eq!(
        text(&t, "A9"),
        "Plan de sauvegarde et restauration des serveurs de fichiers\nhttps://marie-dupont.github.io/portfolio/sauvegardes/"
    );
    assert_eq!(text(&t, "B9"), "12/01/26 au 13/02/26");
    let marks: Vec<String> = ["C", "D", "E", "F", "G", "H"]
        .iter()
        .map(|c| text(&t, &format!("{c}9")))
        .collect();
    assert_eq!(marks, ["X", "", "", "", "X", ""]);
    assert_eq!(
        text(&t, "A19"),
        "Réalisations en milieu professionnel en cours de première année"
    );
    assert!(text(&t, "A20").starts_with("Inventaire du parc et gestion des incidents avec GLPI"));
    assert_eq!(text(&t, "B20"), "18/05/26 au 26/06/26");
    assert_eq!(
        text(&t, "A27"),
        "Réalisations en milieu professionnel en cours de seconde année"
    );
    assert_eq!(text(&t, "A28"), "");
    // Every period reads JJ/MM/AA au JJ/MM/AA.
    for row in 9..=13 {
        let p = text(&t, &format!("B{row}"));
        assert!(
            p.is_empty() || (p.len() == 20 && &p[8..12] == " au "),
            "{p}"
        );
    }
}

#[test]
fn parts_grow_with_the_realisations_and_the_session_names_the_sheet() {
    let mut dossier = examples::dupont();
    dossier.candidat.session = Some(2024);
    let template = dossier.realisations[1].clone();
    for i in 0..8 {
        let mut r = template.clone();
        r.intitule = Some(format!("Réalisation supplémentaire {i}"));
        r.cadre = Some(Cadre::Formation);
        dossier.realisations.push(r);
    }
    let dir = build(&[("a.xlsx", dossier)], &["--session", "2024"]);
    let t = sheet(&dir.join(TABLEAU), "Tableau de synthèse Épreuve E4");
    assert_eq!(text(&t, "G1"), "SESSION 2024");
    // 12 réalisations in formation: the part takes rows 9–20, the next title moves to row 21.
    assert!(text(&t, "A20").starts_with("Réalisation supplémentaire 7\n"));
    assert_eq!(
        text(&t, "A21"),
        "Réalisations en milieu professionnel en cours de première année"
    );
    assert_eq!(
        text(&t, "A29"),
        "Réalisations en milieu professionnel en cours de seconde année"
    );
    let workbook = xml(&dir.join(TABLEAU), "xl/workbook.xml");
    assert!(
        workbook.contains("$A$1:$H$37"),
        "zone d'impression : {workbook}"
    );
}

#[test]
fn merges_rotations_borders_and_print_setup_follow_the_model() {
    let dir = build(&[("a.xlsx", examples::dupont())], &[]);
    let path = dir.join(TABLEAU);
    let sheet_xml = xml(&path, "xl/worksheets/sheet1.xml");
    for merge in [
        "A1:F1", "G1:H1", "A2:H2", "A3:E3", "F3:H3", "A4:E4", "A5:H5", "A6:A7", "B6:B7", "A8:H8",
        "A19:H19", "A27:H27",
    ] {
        assert!(
            sheet_xml.contains(&format!(r#"<mergeCell ref="{merge}"/>"#)),
            "fusion {merge} absente"
        );
    }
    assert!(sheet_xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#));
    assert!(
        sheet_xml.contains(r#"paperSize="9""#) && sheet_xml.contains(r#"orientation="portrait""#)
    );
    assert!(sheet_xml.contains(r#"<printOptions horizontalCentered="1" verticalCentered="1"/>"#));
    assert!(sheet_xml.contains(r#"<col min="1" max="1" width="70.42578125""#));
    let styles = xml(&path, "xl/styles.xml");
    assert!(styles.contains(r#"textRotation="90""#), "rotation absente");
    assert!(styles.contains(r#"diagonalDown="1""#), "diagonale absente");
    assert!(styles.contains(r#"<name val="Arial"/>"#));
    assert!(styles.contains(r#"style="medium""#));
    let workbook = xml(&path, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Area") && workbook.contains("$A$1:$H$35"),
        "{workbook}"
    );
}

#[test]
fn the_tableau_is_byte_identical_from_one_build_to_the_next() {
    let a = build(&[("a.xlsx", examples::dupont())], &[]);
    let b = build(&[("a.xlsx", examples::dupont())], &[]);
    assert!(std::fs::read(a.join(TABLEAU)).unwrap() == std::fs::read(b.join(TABLEAU)).unwrap());
}

#[test]
fn the_class_summary_can_be_sorted_filtered_and_followed() {
    let mut hostile = examples::martin();
    hostile.candidat.nom = Some("=HYPERLINK(\"http://x\";\"y\")".into());
    let dir = build(
        &[
            ("a.xlsx", examples::dupont()),
            ("b.xlsx", hostile),
            ("c.xlsx", examples::nguyen()),
        ],
        &[],
    );
    let path = dir.join("sortie/classe.xlsx");
    let candidats = sheet(&path, "Candidats");
    assert_eq!(text(&candidats, "A1"), "N° candidat");
    assert_eq!(text(&candidats, "A2"), "02744118350");
    assert_eq!(text(&candidats, "E2"), "conforme");
    assert_eq!(text(&candidats, "E3"), "avertissements");
    assert_eq!(text(&candidats, "E4"), "erreurs");
    assert_eq!(text(&candidats, "B3"), "=HYPERLINK(\"http://x\";\"y\")");
    assert_eq!(
        (text(&candidats, "F4"), text(&candidats, "G4")),
        ("4".into(), "5".into())
    );
    // NGUYEN covers B1.3 zero times.
    assert_eq!(text(&candidats, "K4"), "0");
    let couverture = sheet(&path, "Couverture");
    assert_eq!(couverture.get_size().0, 4);
    let diagnostics = sheet(&path, "Diagnostics");
    assert!(
        (1..diagnostics.get_size().0 as u32)
            .any(|r| diagnostics.get_value((r, 4)).map(|v| v.to_string()) == Some("E025".into()))
    );
    let sheet1 = xml(&path, "xl/worksheets/sheet1.xml");
    assert!(
        !sheet1.contains("<f>"),
        "du texte de candidat écrit comme formule"
    );
    assert!(sheet1.contains("<tableParts"), "pas de tableau Excel");
    assert!(sheet1.contains(r#"ySplit="1""#), "en-tête non figé");
    assert!(sheet1.contains("<conditionalFormatting"));
    assert!(sheet1.contains("<hyperlink"));
    let rels = xml(&path, "xl/worksheets/_rels/sheet1.xml.rels");
    assert!(
        rels.contains("02744118350_DUPONT_Marie/tableau-synthese.xlsx"),
        "{rels}"
    );
    let table = xml(&path, "xl/tables/table1.xml");
    assert!(table.contains("<autoFilter"));
}
