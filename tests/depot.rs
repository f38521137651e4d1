//! `sio-dossier depot`: the frozen deposit of a class, its conformity pages, the class receipt
//! read back, and `--verifier` catching every change.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use common::{Run, TestDir, examples, minimal_pdf};
use serde_json::Value;
use sio_dossier::model::{AnneeStage, Dossier, Stage};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A deadline long after any run of these tests.
const FAR_DEADLINE: &str = "2099-12-31T23:59";
/// A deadline before any run of these tests.
const PAST_DEADLINE: &str = "2020-01-15T18:00";

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Dupont's dossier under another name and number, with these internships.
fn candidate(nom: &str, numero: &str, stages: Vec<Stage>) -> Dossier {
    let mut dossier = examples::dupont();
    dossier.candidat.nom = Some(nom.to_owned());
    dossier.candidat.numero = Some(numero.to_owned());
    dossier.stages = stages;
    dossier
}

/// A 5.7-week first-year internship with this attestation.
fn first_year(attestation: &str) -> Stage {
    Stage {
        annee: Some(AnneeStage::Premiere),
        attestation: Some(attestation.to_owned()),
        ..examples::dupont().stages[0].clone()
    }
}

/// A 6-week second-year internship with this attestation.
fn second_year(attestation: &str) -> Stage {
    Stage {
        organisation: Some("Clinique du Parc".into()),
        ville: Some("Lyon".into()),
        annee: Some(AnneeStage::Deuxieme),
        debut: date(2026, 9, 7),
        fin: date(2026, 10, 16),
        tuteur: Some("Inès Roche".into()),
        fonction_tuteur: Some("Administratrice systèmes".into()),
        attestation: Some(attestation.to_owned()),
    }
}

/// The class of the issue: a conforming candidate, one without a second-year internship, one
/// whose second attestation is a Word file.
fn class() -> TestDir {
    let dir = TestDir::new();
    let pdf = minimal_pdf(1);
    dir.write("classe/attestation-mairie.pdf", &pdf);
    dir.write("classe/attestation-clinique.pdf", minimal_pdf(2));
    dir.write("classe/attestation-clinique.docx", b"PK\x03\x04 pas un PDF");
    dir.dossier(
        "classe/conforme.xlsx",
        &candidate(
            "CONFORME",
            "11111111111",
            vec![
                first_year("attestation-mairie.pdf"),
                second_year("attestation-clinique.pdf"),
            ],
        ),
    );
    dir.dossier(
        "classe/sans-stage-2.xlsx",
        &candidate(
            "SANSSTAGE",
            "22222222222",
            vec![first_year("attestation-mairie.pdf")],
        ),
    );
    dir.dossier(
        "classe/word.xlsx",
        &candidate(
            "WORD",
            "33333333333",
            vec![
                first_year("attestation-mairie.pdf"),
                second_year("attestation-clinique.docx"),
            ],
        ),
    );
    dir
}

fn depot(dir: &TestDir, limite: &str) -> Run {
    dir.run(&["depot", "classe", "-o", "depots", "--limite", limite])
}

/// The dated deposit folders, oldest first.
fn deposits(dir: &TestDir) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir.join("depots"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    folders.sort();
    folders
}

/// The candidate folder of a deposit whose name starts with this number.
fn folder_of(deposit: &Path, numero: &str) -> PathBuf {
    std::fs::read_dir(deposit)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir() && p.file_name().unwrap().to_string_lossy().starts_with(numero))
        .unwrap_or_else(|| panic!("pas de dossier {numero} dans {}", deposit.display()))
}

fn seal(deposit: &Path, numero: &str) -> Value {
    let path = folder_of(deposit, numero).join("depot.json");
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

fn reasons(seal: &Value) -> String {
    seal["a_regulariser"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of a PDF on one line, spaces collapsed.
fn pdf_text(path: &Path) -> String {
    let text = pdf_extract::extract_text_from_mem(&std::fs::read(path).unwrap()).unwrap();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every file under a folder with its bytes.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    common::files_under(root)
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect()
}

#[test]
fn a_class_is_deposited_with_its_conformity_and_receipt() {
    let dir = class();
    let run = depot(&dir, FAR_DEADLINE);
    // Two dossiers à régulariser: exit 1, as `check` with errors.
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let [deposit] = &deposits(&dir)[..] else {
        panic!("un seul dépôt attendu : {:?}", deposits(&dir));
    };

    // The conforming candidate: copies byte for byte, documents, conformity, checksums.
    let conforme = folder_of(deposit, "11111111111");
    let seal_ok = seal(deposit, "11111111111");
    assert_eq!(seal_ok["conforme"], true, "{}", reasons(&seal_ok));
    assert_eq!(seal_ok["hors_delai"], false);
    assert_eq!(seal_ok["candidat"]["nom"], "CONFORME Marie");
    assert!(
        seal_ok["outil"]
            .as_str()
            .unwrap()
            .starts_with("sio-dossier ")
    );
    assert!(seal_ok["classeur"]["modifie_le_fichier"].is_string());
    assert_eq!(
        std::fs::read(conforme.join("classeur/conforme.xlsx")).unwrap(),
        std::fs::read(dir.join("classe/conforme.xlsx")).unwrap()
    );
    assert_eq!(
        std::fs::read(conforme.join("classeur/attestation-clinique.pdf")).unwrap(),
        minimal_pdf(2)
    );
    let listed: Vec<&str> = seal_ok["fichiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["chemin"].as_str().unwrap())
        .collect();
    for file in [
        "classeur/conforme.xlsx",
        "classeur/attestation-mairie.pdf",
        "classeur/attestation-clinique.pdf",
        "portfolio.pdf",
        "grille-evaluation.pdf",
        "tableau-synthese.xlsx",
        "conformite.pdf",
    ] {
        assert!(listed.contains(&file), "{file} absent de {listed:?}");
    }
    let workbook_sha = seal_ok["fichiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["chemin"] == "classeur/conforme.xlsx")
        .unwrap()["sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    let page = pdf_text(&conforme.join("conformite.pdf"));
    assert!(page.contains("CONFORME Marie"), "{page}");
    assert!(page.contains("Stage de 2e année"), "{page}");
    assert!(page.contains("Clinique du Parc"), "{page}");
    assert!(page.contains("n'a pas été ouverte"), "{page}");
    assert!(page.contains("pas une annexe officielle"), "{page}");
    assert!(!page.contains("à régulariser"), "{page}");

    // No second-year internship: that item and the duration are à régulariser.
    let sans = seal(deposit, "22222222222");
    assert_eq!(sans["conforme"], false);
    let why = reasons(&sans);
    assert!(
        why.contains("Stage de 2e année : aucun stage de cette année"),
        "{why}"
    );
    assert!(why.contains("Durée des stages"), "{why}");
    assert!(!why.contains("Stage de 1re année"), "{why}");
    let page = pdf_text(&folder_of(deposit, "22222222222").join("conformite.pdf"));
    assert!(page.contains("à régulariser"), "{page}");
    assert!(page.contains("aucun stage de cette année"), "{page}");

    // A Word file as attestation: refused, copied all the same.
    let word = seal(deposit, "33333333333");
    assert_eq!(word["conforme"], false);
    let why = reasons(&word);
    assert!(
        why.contains("attestation : fichier « attestation-clinique.docx » refusé"),
        "{why}"
    );
    assert!(
        folder_of(deposit, "33333333333")
            .join("classeur/attestation-clinique.docx")
            .is_file()
    );

    // The receipt, read back: one row per candidate, totals, signatures.
    let mut book: Xlsx<_> = calamine::open_workbook(deposit.join("bordereau.xlsx")).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    let row_of = |numero: &str| {
        rows.iter()
            .find(|r| r.iter().any(|c| c == numero))
            .unwrap_or_else(|| panic!("{numero} absent du bordereau : {rows:?}"))
            .join(" | ")
    };
    let ok = row_of("11111111111");
    assert!(ok.contains("CONFORME Marie") && ok.contains("SISR"), "{ok}");
    assert!(ok.contains("à temps") && ok.contains("conforme"), "{ok}");
    assert!(ok.contains(&workbook_sha[..12]), "{ok}");
    assert!(!ok.contains("régulariser"), "{ok}");
    let sans = row_of("22222222222");
    assert!(
        sans.contains("à régulariser") && sans.contains("2e année"),
        "{sans}"
    );
    let all = rows.concat().join(" ");
    assert!(all.contains("1 conforme"), "{all}");
    assert!(all.contains("2 à régulariser"), "{all}");
    assert!(all.contains("secrétariat"), "{all}");
    for pdf in [
        deposit.join("bordereau.pdf"),
        conforme.join("conformite.pdf"),
    ] {
        common::assert_accessible(&pdf);
    }
    let receipt = pdf_text(&deposit.join("bordereau.pdf"));
    for name in ["CONFORME Marie", "SANSSTAGE Marie", "WORD Marie"] {
        assert!(receipt.contains(name), "{name} : {receipt}");
    }
    assert!(receipt.contains(&workbook_sha[..12]), "{receipt}");
}

#[test]
fn a_late_run_makes_a_new_folder_and_leaves_the_first_untouched() {
    let dir = class();
    assert_eq!(depot(&dir, FAR_DEADLINE).code, 1);
    let first = deposits(&dir)[0].clone();
    let before = snapshot(&first);

    let run = depot(&dir, PAST_DEADLINE);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let folders = deposits(&dir);
    assert_eq!(folders.len(), 2, "{folders:?}");
    assert_eq!(folders[0], first);
    assert_eq!(snapshot(&first), before, "le premier dépôt a changé");

    // The same conforming dossier, now late: hors délai is its one reason.
    let late = seal(&folders[1], "11111111111");
    assert_eq!(late["hors_delai"], true);
    assert_eq!(late["limite"], "2020-01-15T18:00:00");
    assert_eq!(late["conforme"], false);
    let why = reasons(&late);
    assert!(
        why.starts_with("Dépôt dans les délais : hors délai"),
        "{why}"
    );
    assert!(why.contains("15/01/2020 à 18:00"), "{why}");
    assert_eq!(why.lines().count(), 1, "{why}");
    let page = pdf_text(&folder_of(&folders[1], "11111111111").join("conformite.pdf"));
    assert!(page.contains("hors délai"), "{page}");
}

#[test]
fn the_verification_finds_every_change() {
    let dir = class();
    assert_eq!(depot(&dir, FAR_DEADLINE).code, 1);
    let deposit = deposits(&dir)[0].clone();
    let verify = || dir.run(&["depot", "--verifier", deposit.to_str().unwrap()]);
    let run = verify();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr.matches("intact :").count(), 3, "{}", run.stderr);

    // One byte of a deposited workbook changed.
    let workbook = folder_of(&deposit, "11111111111").join("classeur/conforme.xlsx");
    let original = std::fs::read(&workbook).unwrap();
    let mut changed = original.clone();
    let last = changed.len() - 1;
    changed[last] ^= 1;
    std::fs::write(&workbook, &changed).unwrap();
    let run = verify();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("modifié : classeur/conforme.xlsx"),
        "{}",
        run.stderr
    );
    std::fs::write(&workbook, &original).unwrap();
    assert_eq!(verify().code, 0);

    // A file slipped in afterwards.
    let added = folder_of(&deposit, "22222222222").join("classeur/attestation-2e-annee.pdf");
    std::fs::write(&added, minimal_pdf(1)).unwrap();
    let run = verify();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("ajouté : classeur/attestation-2e-annee.pdf"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(&added).unwrap();

    // A deposit interrupted before its seal: incomplete, never taken for intact.
    std::fs::remove_file(folder_of(&deposit, "33333333333").join("depot.json")).unwrap();
    let run = verify();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("incomplet"), "{}", run.stderr);
    assert!(run.stderr.contains("33333333333"), "{}", run.stderr);
}
