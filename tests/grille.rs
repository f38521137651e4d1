//! The evaluation grid: official texts, session labels, orientation, pre-filled identity, and
//! the class's grids for duplex printing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{TestDir, examples};
use sio_dossier::referentiel::Referentiel;
use std::path::Path;

fn squash(text: &str) -> String {
    // Zero-width spaces (where the portfolio lets long words break) are not text.
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}' | '\u{200b}'))
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
    let run = dir.build(&[&["--only", "grille"], extra].concat());
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
    let forms: toml::Value = toml::from_str(include_str!("../templates/formulaires.toml")).unwrap();
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
    old.candidat.session = Some(2023);
    let (_dir, path) = build_one(old, &["--session", "2023"]);
    let recto = &pages(&path)[0];
    assert!(recto.contains(&squash("ANNEXE 6-3 : Grille d’aide à l’évaluation (recto)")));
    assert!(recto.contains(&squash(
        "Épreuve E4 – Support et mise à disposition de services informatiques"
    )));
    assert!(recto.contains(&squash("SESSION 2023")));
    assert!(recto.contains(&squash("(annexe 6-4)")));

    // 2024: still E4, the annexes renumbered 8-x.
    let mut renumbered = examples::dupont();
    renumbered.candidat.session = Some(2024);
    let (_dir, path) = build_one(renumbered, &["--session", "2024"]);
    let recto = &pages(&path)[0];
    assert!(recto.contains(&squash("ANNEXE 8-3 : Grille d’aide à l’évaluation (recto)")));
    assert!(recto.contains(&squash("Épreuve E4")));
    assert!(recto.contains(&squash("(annexe 8-4)")));

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
    let run = dir.build(&["--only", "grille", "--fiche"]);
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

/// The example class in a folder, with the committed jury sheets beside it.
fn class_with_jury() -> TestDir {
    let dir = TestDir::new();
    for (name, dossier) in examples::class() {
        dir.dossier(&format!("classe/{name}"), &dossier);
    }
    for name in ["jury.xlsx", "jury-libreoffice.ods", "jury-libreoffice.xlsx"] {
        std::fs::copy(
            common::fixture(&format!("evaluation/{name}")),
            dir.join(name),
        )
        .unwrap();
    }
    dir
}

#[test]
fn the_evaluation_template_lists_the_class_with_drop_downs_and_locked_identity() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = TestDir::new();
    for (name, dossier) in examples::class() {
        dir.dossier(&format!("classe/{name}"), &dossier);
    }
    let run = dir.run(&[
        "evaluation-template",
        "classe",
        "-o",
        "jury.xlsx",
        "--date",
        common::TODAY,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut workbook: Xlsx<_> = open_workbook(dir.join("jury.xlsx")).unwrap();
    let range = workbook.worksheet_range("Évaluations").unwrap();
    let cell = |r: u32, c: u32| {
        range
            .get_value((r, c))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    assert_eq!(cell(1, 0), "N° candidat");
    assert_eq!(cell(1, 5), "Gérer le patrimoine informatique");
    assert_eq!(
        (cell(2, 0), cell(2, 1), cell(2, 3)),
        ("02744118350".into(), "DUPONT".into(), "SISR".into())
    );
    assert_eq!(cell(4, 1), "NGUYEN");
    let mut xml = String::new();
    let file = std::fs::File::open(dir.join("jury.xlsx")).unwrap();
    std::io::Read::read_to_string(
        &mut zip::ZipArchive::new(file)
            .unwrap()
            .by_name("xl/worksheets/sheet1.xml")
            .unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains("<sheetProtection"), "feuille non protégée");
    assert!(xml.contains(
        "Non évaluable,Non maitrisé,Maitrise partielle,Bonne maitrise,Excellente maitrise"
    ));
    assert!(
        xml.contains(r#"type="decimal""#),
        "validation de la note absente"
    );
}

#[test]
fn a_filled_evaluation_ticks_the_levels_and_computes_the_final_mark() {
    let dir = class_with_jury();
    let run = dir.build(&["--only", "grille", "--evaluation", "jury.xlsx"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("ok: jury.xlsx : aucun problème"),
        "{}",
        run.stderr
    );
    let dupont = pages(&dir.join("sortie/02744118350_DUPONT_Marie/grille-evaluation.pdf"));
    assert!(dupont[0].contains(&squash("N° commission : 12")));
    assert!(dupont[0].contains(&squash("Date : 18 / 05 / 2027")));
    assert!(
        dupont[0].contains(&squash("Mme Leroy"))
            && dupont[0].contains(&squash("M. Bernard (Société Exemple)"))
    );
    // 15,5 proposed, the second penalty (2 points) applied: 13,5.
    assert!(
        dupont[0].contains(&squash("NOTE 15,5 / 20")),
        "{}",
        dupont[0]
    );
    assert!(
        dupont[0].contains(&squash("NOTE FINALE 13,5 / 20")),
        "{}",
        dupont[0]
    );
    assert!(dupont[0].contains(&squash("X Absence de tableau de synthèse")));
    assert!(!dupont[0].contains(&squash("X Portfolio inaccessible")));
    // Seven levels ticked on the verso (plus the X of "ANNEXE").
    assert_eq!(dupont[1].matches('X').count(), 8, "{}", dupont[1]);
    // 9 with both penalties (12 points): the final mark stops at 0.
    let martin = pages(&dir.join("sortie/02744118351_MARTIN_Lucas/grille-evaluation.pdf"));
    assert!(martin[0].contains(&squash("NOTE 9 / 20")), "{}", martin[0]);
    assert!(
        martin[0].contains(&squash("NOTE FINALE 0 / 20")),
        "{}",
        martin[0]
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("sortie/rapport.json")).unwrap()).unwrap();
    assert_eq!(report["evaluation"]["status"], "ok");
}

#[test]
fn the_evaluation_sheet_round_trips_through_libreoffice() {
    let dir = class_with_jury();
    let mut grids = Vec::new();
    for jury in ["jury.xlsx", "jury-libreoffice.ods", "jury-libreoffice.xlsx"] {
        let out = format!("sortie-{jury}");
        let run = dir.run(&[
            "build",
            "classe",
            "-o",
            &out,
            "--date",
            common::TODAY,
            "--only",
            "grille",
            "--evaluation",
            jury,
        ]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        grids.push(
            std::fs::read(dir.join(&format!(
                "{out}/02744118350_DUPONT_Marie/grille-evaluation.pdf"
            )))
            .unwrap(),
        );
    }
    assert!(
        grids[0] == grids[1],
        "la feuille réenregistrée en .ods donne une autre grille"
    );
    assert!(
        grids[0] == grids[2],
        "la feuille réenregistrée en .xlsx donne une autre grille"
    );
}

#[test]
fn bad_evaluation_rows_get_diagnostics_with_cells() {
    use serde_json::json;
    let dir = TestDir::new();
    dir.dossier("classe/a.xlsx", &examples::dupont());
    let mut headers = vec![json!("N° candidat"), json!("Nom")];
    headers.extend(
        sio_dossier::schema::evaluation::criteria_headers()
            .into_iter()
            .map(|h| json!(h)),
    );
    headers.extend(
        [
            "Proposition de note /20",
            "Portfolio inaccessible (10 points de pénalité)",
        ]
        .map(|h| json!(h)),
    );
    let mut good = vec![json!("02744118350"), json!("DUPONT")];
    good.extend((0..7).map(|i| {
        json!(if i == 3 {
            "Très bien"
        } else {
            "Bonne maitrise"
        })
    }));
    good.extend([json!(24), json!("peut-être")]);
    let unknown = vec![json!("09999999999"), json!("INCONNU")];
    let sheet = json!([["Évaluation du jury"], headers, good, unknown]);
    dir.write("jury.xlsx", common::grid(&[("Évaluations", sheet)]));
    let run = dir.build(&["--only", "grille", "--evaluation", "jury.xlsx"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in [
        "erreur[E030]: jury.xlsx, Évaluations!F3: niveau « Très bien » non reconnu",
        "erreur[E031]: jury.xlsx, Évaluations!J3: note « 24 » : attendu un nombre entre 0 et 20",
        "avertissement[W030]: jury.xlsx, Évaluations!A4: candidat n° « 09999999999 » absent des classeurs traités",
        "avertissement[W031]: jury.xlsx, Évaluations!K3: pénalité « peut-être » non reconnue",
    ] {
        assert!(
            run.stderr.contains(expected),
            "attendu : {expected}\n{}",
            run.stderr
        );
    }
    // The valid values of the row are still used; the bad ones are left blank.
    let grid = pages(&dir.join("sortie/02744118350_DUPONT_Marie/grille-evaluation.pdf"));
    assert_eq!(grid[1].matches('X').count(), 7, "{}", grid[1]);
    assert!(grid[0].contains(&squash("NOTE / 20")), "{}", grid[0]);
}
