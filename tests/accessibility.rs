//! Every PDF the tool writes is PDF/A-2a and PDF/UA-1: identified as such, tagged, in French,
//! titled; the portfolio has bookmarks, attestation pages and grid boxes speak to a screen
//! reader. Read back from the files, for the example class and a class of twenty.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{TODAY, TestDir, assert_accessible, examples, fixture, run_in};
use std::path::{Path, PathBuf};

/// Every PDF under a folder, sorted.
fn pdfs(root: &Path) -> Vec<PathBuf> {
    common::files_under(root)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect()
}

fn count(tags: &[String], tag: &str) -> usize {
    tags.iter().filter(|t| *t == tag).count()
}

#[test]
fn every_pdf_of_the_example_class_is_pdfa_2a_and_pdfua_1() {
    let dir = TestDir::new();
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let jury = fixture("evaluation/jury.xlsx");
    let run = run_in(
        dir.path(),
        &[
            "build",
            input.to_str().unwrap(),
            "-o",
            "sortie",
            "--date",
            TODAY,
            "--fiche",
            "--evaluation",
            jury.to_str().unwrap(),
        ],
    );
    // NGUYEN Thi Thu has errors: exit 1, the two others have their documents.
    assert_eq!(run.code, 1, "{}", run.stderr);
    let files = pdfs(&dir.join("sortie"));
    assert_eq!(files.len(), 5, "{files:?}");
    for file in &files {
        assert_accessible(file);
    }

    let portfolio = assert_accessible(&dir.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf"));
    assert!(
        portfolio.title.contains("DUPONT Marie"),
        "{}",
        portfolio.title
    );
    for part in [
        "Parcours de professionnalisation",
        "Tableau de synthèse",
        "Réalisations professionnelles",
        "Couverture des compétences",
    ] {
        assert!(
            portfolio.bookmarks.iter().any(|b| b == part),
            "signet « {part} » absent : {:?}",
            portfolio.bookmarks
        );
    }
    for (n, r) in examples::dupont().realisations.iter().enumerate() {
        let title = format!("{}. {}", n + 1, r.intitule.as_deref().unwrap());
        assert!(
            portfolio.bookmarks.contains(&title),
            "signet « {title} » absent : {:?}",
            portfolio.bookmarks
        );
    }
    // Headings never skip a level; tables have header cells; lists are lists.
    let mut level = 0;
    for tag in &portfolio.tags {
        if let Some(n) = tag.strip_prefix('H').and_then(|n| n.parse::<usize>().ok()) {
            assert!(n <= level + 1, "H{n} après H{level}");
            level = n;
        }
    }
    assert!(count(&portfolio.tags, "TH") >= 9, "{:?}", portfolio.tags);
    assert!(count(&portfolio.tags, "LI") >= 20, "{:?}", portfolio.tags);
    assert!(count(&portfolio.tags, "Link") >= 5, "{:?}", portfolio.tags);

    // The grid: a title per form, header cells, and each box read with its state.
    let grid =
        assert_accessible(&dir.join("sortie/02744118350_DUPONT_Marie/grille-evaluation.pdf"));
    assert!(grid.title.contains("DUPONT Marie"), "{}", grid.title);
    assert_eq!(
        count(&grid.tags, "H1"),
        2,
        "recto et fiche : {:?}",
        grid.tags
    );
    assert!(count(&grid.tags, "TH") >= 12, "{:?}", grid.tags);
    // A ticked box is read as what it ticks; an empty one is a decoration, skipped.
    assert!(
        grid.alt.iter().all(|a| a.ends_with(" : cochée")),
        "{:?}",
        grid.alt
    );
    let levels = [
        "Non évaluable",
        "Non maitrisé",
        "Maitrise partielle",
        "Bonne maitrise",
        "Excellente maitrise",
    ];
    let ticked_levels = grid
        .alt
        .iter()
        .filter(|a| levels.iter().any(|l| a.starts_with(&format!("{l} : "))))
        .count();
    assert_eq!(ticked_levels, 7, "un niveau par critère : {:?}", grid.alt);
    assert!(
        grid.alt.contains(&"Bonne maitrise : cochée".to_owned()),
        "{:?}",
        grid.alt
    );
    for ticked in [
        "Contrôle en cours de formation : cochée",
        "OPTION SISR : cochée",
    ] {
        assert!(
            grid.alt.contains(&ticked.to_owned()),
            "{ticked} : {:?}",
            grid.alt
        );
    }
    // The sub-competences of the verso are a list per competence.
    assert!(count(&grid.tags, "LI") >= 22, "{:?}", grid.tags);

    // The class's grids: one document, every candidate's forms tagged.
    let grilles = assert_accessible(&dir.join("sortie/grilles.pdf"));
    assert!(
        grilles.title.starts_with("Grilles d'aide à l'évaluation"),
        "{}",
        grilles.title
    );
    assert_eq!(count(&grilles.tags, "H1"), 4, "{:?}", grilles.tags);
    let martin =
        assert_accessible(&dir.join("sortie/02744118351_MARTIN_Lucas/grille-evaluation.pdf"));
    assert_eq!(grilles.alt, [grid.alt, martin.alt].concat());
}

#[test]
fn a_class_of_twenty_is_accessible_and_reproducible() {
    let dir = TestDir::new();
    for i in 0..20 {
        let mut dossier = examples::dupont();
        dossier.candidat.nom = Some(format!("CANDIDAT{i:02}"));
        dossier.candidat.numero = Some(format!("{:011}", 10_000_000_000u64 + i));
        match i {
            0 => dossier.stages[0].attestation = Some("attestation.pdf".into()),
            1 => dossier.stages[0].attestation = Some("scan.png".into()),
            _ => {}
        }
        dir.dossier(&format!("classe/c{i:02}.xlsx"), &dossier);
    }
    dir.write("classe/attestation.pdf", common::minimal_pdf(3));
    dir.write("classe/scan.png", common::TINY_PNG);
    let run = dir.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = pdfs(&dir.join("sortie"));
    assert_eq!(files.len(), 41, "{files:?}");
    let first: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    for file in &files {
        assert_accessible(file);
    }

    // Attestation pages, PDF or scanned picture, each described.
    let pdf = assert_accessible(&dir.join("sortie/10000000000_CANDIDAT00_Marie/portfolio.pdf"));
    for page in 1..=3 {
        let alt = format!(
            "Attestation de stage, page {page} sur 3, Mairie de Villeurbanne (fichier attestation.pdf)"
        );
        assert!(pdf.alt.contains(&alt), "{alt} : {:?}", pdf.alt);
    }
    let png = assert_accessible(&dir.join("sortie/10000000001_CANDIDAT01_Marie/portfolio.pdf"));
    assert!(
        png.alt.contains(
            &"Attestation de stage, page 1 sur 1, Mairie de Villeurbanne (fichier scan.png)"
                .to_owned()
        ),
        "{:?}",
        png.alt
    );
    let grilles = assert_accessible(&dir.join("sortie/grilles.pdf"));
    assert_eq!(count(&grilles.tags, "H1"), 20);

    // Same inputs and date: the same bytes, the class's grids included.
    std::fs::remove_dir_all(dir.join("sortie")).unwrap();
    assert_eq!(dir.build(&[]).code, 0);
    let second: Vec<Vec<u8>> = pdfs(&dir.join("sortie"))
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect();
    assert!(first == second, "deux constructions différentes");
}

/// `pdfua check` (PyPI `pdfua`, the machine-checkable subset of PDF/UA-1): no error on these
/// files; `None` when the checker is not installed.
fn pdfua_errors(files: &[PathBuf]) -> Option<String> {
    if !common::tool_works("pdfua", &["--version"]) {
        return None;
    }
    let output = std::process::Command::new("pdfua")
        .arg("check")
        .args(files)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    Some(if output.status.success() {
        String::new()
    } else {
        text
    })
}

#[test]
fn an_independent_pdfua_checker_finds_no_error_in_any_pdf() {
    let dir = TestDir::new();
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let input = input.to_str().unwrap();
    let built = run_in(
        dir.path(),
        &["build", input, "-o", "sortie", "--date", TODAY, "--fiche"],
    );
    assert_eq!(built.code, 1, "{}", built.stderr);
    let deposited = std::process::Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .args(["depot", input, "-o", "depots"])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1795824000")
        .output()
        .unwrap();
    assert!(deposited.status.code().is_some_and(|c| c <= 1));
    let mut files = pdfs(&dir.join("sortie"));
    files.extend(pdfs(&dir.join("depots")));
    // Portfolios, grids (recto, verso, fiche), grilles.pdf, conformity pages and the receipt.
    assert!(files.len() >= 9, "{files:?}");
    match pdfua_errors(&files) {
        None => eprintln!("test ignoré : pdfua absent (pip install pdfua)"),
        Some(errors) => assert!(errors.is_empty(), "{errors}"),
    }
}
