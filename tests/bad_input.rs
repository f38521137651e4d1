//! Files that are not what they claim: each gives a clear French diagnostic for that file,
//! and the other files of the folder are still checked. Nothing panics.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{TestDir, examples};
use std::io::Write;

/// A real encrypted-workbook container: an OLE file holding the streams Office writes.
fn encrypted_workbook() -> Vec<u8> {
    let mut comp = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    comp.create_stream("/EncryptionInfo")
        .unwrap()
        .write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])
        .unwrap();
    comp.create_stream("/EncryptedPackage")
        .unwrap()
        .write_all(&[0u8; 4096])
        .unwrap();
    comp.flush().unwrap();
    comp.into_inner().into_inner()
}

/// A Word document: a zip archive, but not a workbook.
fn docx() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(b"<w:document/>").unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn every_bad_file_gets_its_diagnostic_and_the_good_one_is_still_checked() {
    let dir = TestDir::new();
    let good = examples::workbook_bytes(&examples::dupont());
    dir.write("classe/a-bon.xlsx", &good);
    dir.write("classe/b-vide.xlsx", b"");
    dir.write("classe/c-texte.xlsx", "Nom;Prénom\nDUPONT;Marie\n");
    dir.write("classe/d-tronque.xlsx", &good[..good.len() / 2]);
    dir.write("classe/e-chiffre.xlsx", encrypted_workbook());
    dir.write("classe/f-word.xlsx", docx());
    dir.write("classe/g-pdf.ods", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    dir.write("classe/~$a-bon.xlsx", b"lock");
    dir.write("classe/.~lock.a-bon.xlsx#", b"lock");
    dir.write("classe/.cache.xlsx", b"hidden");
    dir.write("classe/attestation.pdf", b"%PDF");

    let (code, report) = dir.check_json(&["classe"]);
    assert_eq!(code, 1);
    let seen: Vec<(String, String, Option<String>)> = report["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let first = &c["diagnostics"][0];
            (
                c["input"].as_str().unwrap().to_owned(),
                c["status"].as_str().unwrap().to_owned(),
                first["code"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let expected = [
        ("classe/a-bon.xlsx", "ok", None),
        ("classe/b-vide.xlsx", "errors", Some("E001")),
        ("classe/c-texte.xlsx", "errors", Some("E001")),
        ("classe/d-tronque.xlsx", "errors", Some("E001")),
        ("classe/e-chiffre.xlsx", "errors", Some("E002")),
        ("classe/f-word.xlsx", "errors", Some("E001")),
        ("classe/g-pdf.ods", "errors", Some("E001")),
    ];
    let expected: Vec<(String, String, Option<String>)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.map(str::to_owned)))
        .collect();
    assert_eq!(seen, expected);

    let message = |i: usize| {
        report["candidates"][i]["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(message(1), "le fichier est vide (0 octet)");
    assert!(message(2).contains("fichier texte"), "{}", message(2));
    assert_eq!(message(4), "le classeur est protégé par un mot de passe");
    assert!(message(6).contains("document PDF"), "{}", message(6));
    assert!(message(3).contains("tronquée"), "{}", message(3));
    assert!(message(5).contains("document Word"), "{}", message(5));
}

#[test]
fn human_output_reads_like_a_compiler() {
    let dir = TestDir::new();
    let mut dossier = examples::dupont();
    dossier.realisations[0].intitule = None;
    dir.dossier("dupont.xlsx", &dossier);
    dir.write("vide.xlsx", b"");
    let run = dir.run(&["check", "dupont.xlsx", "vide.xlsx", "--date", common::TODAY]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "erreur[E021]: dupont.xlsx, Réalisations!A3: la réalisation de la ligne 3 n'a pas d'intitulé\n\
         à corriger: dupont.xlsx (DUPONT Marie) : 1 erreur, 0 avertissement\n\
         \n\
         erreur[E001]: vide.xlsx: le fichier est vide (0 octet)\n\
         \x20 = aide : ouvrez le fichier dans votre tableur et enregistrez-le au format .xlsx ou .ods\n\
         à corriger: vide.xlsx : 1 erreur, 0 avertissement\n\
         \n\
         2 classeurs vérifiés : 0 sans problème, 0 avec avertissements, 2 avec erreurs (2 erreurs, 0 avertissement)\n"
    );
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let dir = TestDir::new();
    let run = dir.run(&["check", "absent.xlsx"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "erreur : absent.xlsx: fichier ou dossier introuvable\n"
    );
    let empty = dir.run(&["check", "."]);
    assert_eq!(empty.code, 2);
    assert!(empty.stderr.contains("aucun classeur"), "{}", empty.stderr);
}

#[test]
fn an_explicit_file_of_any_name_is_checked_and_warnings_exit_zero() {
    let dir = TestDir::new();
    let mut dossier = examples::dupont();
    dossier.candidat.numero = None;
    dir.dossier("dossier.bin", &dossier);
    let (code, report) = dir.check_json(&["dossier.bin"]);
    assert_eq!(code, 0);
    assert_eq!(report["candidates"][0]["status"], "warnings");
}

#[test]
fn folders_are_scanned_recursively_only_when_asked() {
    let dir = TestDir::new();
    let good = examples::workbook_bytes(&examples::dupont());
    dir.write("classe/a.xlsx", &good);
    // A candidate's sub-folder is read without -r; deeper folders only with it.
    dir.write("classe/groupe-2/b.xlsx", &good);
    dir.write("classe/groupe-2/sous-groupe/c.xlsx", &good);
    let (_, flat) = dir.check_json(&["classe"]);
    assert_eq!(flat["candidates"].as_array().unwrap().len(), 2);
    let (_, deep) = dir.check_json(&["classe", "--recursive"]);
    assert_eq!(deep["candidates"].as_array().unwrap().len(), 3);
}

#[test]
fn command_line_mistakes_are_explained_in_french() {
    let dir = TestDir::new();
    let cases = [
        (
            vec!["chek"],
            "erreur : commande inconnue : chek (vouliez-vous dire « check » ?)",
        ),
        (
            vec!["check", "--format", "xml", "x"],
            "erreur : valeur « xml » invalide pour --format <FORMAT> ; valeurs possibles : human, json",
        ),
        (
            vec!["check", "--session", "1990", "x"],
            "erreur : valeur « 1990 » invalide pour --session <ANNÉE> : attendu une année entre 2022 et 2100",
        ),
        (
            vec!["check", "--date", "hier", "x"],
            "erreur : valeur « hier » invalide pour --date <AAAA-MM-JJ> : attendu une date AAAA-MM-JJ, par exemple 2026-11-28",
        ),
        (
            vec!["depot", "classe", "--limite", "demain"],
            "erreur : valeur « demain » invalide pour --limite <DATE> : attendu une date limite comme 2027-04-15T23:59, ou 2027-04-15 pour la fin du jour",
        ),
        (
            vec!["check"],
            "erreur : argument obligatoire manquant : <ENTRÉE>...",
        ),
    ];
    for (args, first_line) in cases {
        let run = dir.run(&args);
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.stderr.lines().next(), Some(first_line), "{args:?}");
    }
    // Every help text in French: no clap default printed in English.
    for command in [
        "build",
        "check",
        "depot",
        "serve",
        "template",
        "evaluation-template",
    ] {
        let help = dir.run(&[command, "--help"]);
        assert_eq!(help.code, 0, "{command}");
        assert!(
            !help.stdout.contains("[default"),
            "{command} : {}",
            help.stdout
        );
    }
    let help = dir.run(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(
        help.stdout
            .contains("Vérifie des classeurs et signale chaque problème avec sa cellule")
    );
}
