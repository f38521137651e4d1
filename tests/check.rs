//! `sio-dossier check`: the candidate workbook read back exactly, and every rule of the
//! validator firing at the right cell.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{TestDir, candidat_grid, examples, grid, has, realisations_grid, tick_header};
use serde_json::{Value, json};
use sio_dossier::model::{Cadre, Dossier, Modalite};

#[test]
fn template_filled_then_checked_gives_exact_json() {
    let dir = TestDir::new();
    let mut dossier = examples::dupont();
    dossier.realisations.truncate(1);
    dossier.realisations[0].sous_competences = common::all_codes();
    dir.dossier("dupont.xlsx", &dossier);
    let (code, report) = dir.check_json(&["dupont.xlsx"]);
    assert_eq!(code, 0);
    assert_eq!(
        report,
        json!({
            "version": 1,
            "candidates": [{
                "input": "dupont.xlsx",
                "kind": "dossier",
                "status": "ok",
                "candidate": {
                    "session": 2027, "nom": "DUPONT", "prenom": "Marie", "nom_complet": "DUPONT Marie",
                    "numero": "02744118350", "option": "SISR", "centre": "Lycée Condorcet, Lyon",
                    "forme": "ccf", "portfolio_url": "https://marie-dupont.github.io/portfolio/"
                },
                "realisations": [{
                    "intitule": "Inventaire du parc et gestion des incidents avec GLPI",
                    "cadre": "stage-1",
                    "debut": "2026-05-18",
                    "fin": "2026-06-26",
                    "periode": "18/05/2026 au 26/06/2026",
                    "competences": ["B1.1", "B1.2", "B1.3", "B1.4", "B1.5", "B1.6"],
                    "sous_competences": common::all_codes(),
                    "cellule": "Réalisations!A3"
                }],
                "diagnostics": [],
                "outputs": []
            }]
        })
    );
}

#[test]
fn blank_template_is_written_once_and_never_overwritten() {
    let dir = TestDir::new();
    let run = dir.run(&[
        "template",
        "-o",
        "vierge.xlsx",
        "--session",
        "2026",
        "--date",
        common::TODAY,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = std::fs::read(dir.join("vierge.xlsx")).unwrap();

    let again = dir.run(&["template", "-o", "vierge.xlsx"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("existe déjà"), "{}", again.stderr);
    assert_eq!(std::fs::read(dir.join("vierge.xlsx")).unwrap(), first);

    let (code, report) = dir.check_json(&["vierge.xlsx"]);
    assert_eq!(code, 1);
    assert_eq!(report["candidates"][0]["candidate"]["session"], 2026);
    assert!(has(&report, "E010", Some("Candidat!B3")));
    assert!(has(&report, "E020", None));
}

#[test]
fn blank_template_has_the_expected_sheets_headers_and_properties() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = TestDir::new();
    assert_eq!(dir.run(&["template", "--date", common::TODAY]).code, 0);
    let path = dir.join("dossier-candidat.xlsx");
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        ["Mode d'emploi", "Candidat", "Réalisations", "Stages"]
    );

    let candidat = workbook.worksheet_range("Candidat").unwrap();
    let labels: Vec<String> = (1..=14)
        .map(|r| candidat.get_value((r, 0)).unwrap().to_string())
        .collect();
    assert_eq!(labels[0], "Session");
    assert_eq!(labels[8], "Statut");
    assert_eq!(labels[11], "Publier mon courriel");
    assert_eq!(labels[13], "Parcours de professionnalisation");
    assert_eq!(candidat.get_value((1, 1)).unwrap().to_string(), "2027");

    let realisations = workbook.worksheet_range("Réalisations").unwrap();
    let headers: Vec<String> = (0..32)
        .map(|c| realisations.get_value((1, c)).unwrap().to_string())
        .collect();
    assert_eq!(headers[0], "Intitulé");
    assert_eq!(headers[10], tick_header("B1.1.1"));
    assert_eq!(headers[31], tick_header("B1.6.4"));
    assert_eq!(
        realisations.get_value((0, 10)).unwrap().to_string(),
        "B1.1 Gérer le patrimoine informatique"
    );

    let zip = std::fs::File::open(&path).unwrap();
    let mut zip = zip::ZipArchive::new(zip).unwrap();
    let mut custom = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("docProps/custom.xml").unwrap(),
        &mut custom,
    )
    .unwrap();
    assert!(
        custom.contains("sio-dossier : dossier du candidat"),
        "{custom}"
    );
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet3.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(
        sheet.contains(r#"<pane xSplit="1" ySplit="2""#),
        "volets figés absents"
    );
    assert!(
        sheet.contains(r#"type="list""#),
        "listes déroulantes absentes"
    );
    assert!(
        sheet.contains(r#"type="date""#),
        "validation de date absente"
    );
    assert!(sheet.contains(r#"paperSize="9""#) && sheet.contains(r#"orientation="landscape""#));
}

#[test]
fn libreoffice_resaved_ods_xlsx_and_xls_read_like_the_original() {
    // tests/fixtures/resaved/: input/dupont-marie.xlsx opened and saved by LibreOffice 7.4
    // and as Excel 97 .xls (see tests/README.md).
    let dir = TestDir::new();
    dir.dossier("original.xlsx", &examples::dupont());
    for name in ["dupont-marie.ods", "dupont-marie.xlsx", "dupont-marie.xls"] {
        std::fs::copy(
            common::fixture(&format!("resaved/{name}")),
            dir.join(&format!("lo-{name}")),
        )
        .unwrap();
    }
    let (code, report) = dir.check_json(&[
        "original.xlsx",
        "lo-dupont-marie.ods",
        "lo-dupont-marie.xlsx",
    ]);
    assert_eq!(code, 0, "{report:#}");
    let original = &report["candidates"][0];
    for resaved in &report["candidates"].as_array().unwrap()[1..] {
        assert_eq!(resaved["status"], "ok", "{}", resaved["input"]);
        assert_eq!(
            resaved["candidate"], original["candidate"],
            "{}",
            resaved["input"]
        );
        assert_eq!(
            resaved["realisations"], original["realisations"],
            "{}",
            resaved["input"]
        );
    }
}

/// The headers of the template's Réalisations sheet, in template order.
fn template_headers() -> Vec<String> {
    let mut headers: Vec<String> = sio_dossier::schema::RealisationField::ALL
        .iter()
        .map(|f| f.spec().label.to_owned())
        .collect();
    headers.extend(common::all_codes().iter().map(|c| tick_header(c)));
    headers
}

fn full_row() -> Vec<(&'static str, Value)> {
    let mut row = vec![
        ("Intitulé", json!("Application de gestion des stages")),
        ("Cadre", json!("En cours de formation")),
        ("Début", json!("15/09/2025")),
        ("Fin", json!("2026-01-30")),
        ("Modalité", json!("Individuelle")),
    ];
    let codes: Vec<&'static str> = common::all_codes()
        .into_iter()
        .map(|c| &*c.leak())
        .collect();
    row.extend(codes.into_iter().map(|c| (c, json!("X"))));
    row
}

#[test]
fn reordered_columns_and_an_inserted_column_read_the_same() {
    let dir = TestDir::new();
    let headers = template_headers();
    let mut shuffled = headers.clone();
    shuffled.reverse();
    shuffled.insert(3, "Mes notes personnelles".into());
    let mut row = full_row();
    row.push(("Mes notes personnelles", json!("à relire avec M. Petit")));
    for (name, headers) in [("modele.xlsx", &headers), ("melange.xlsx", &shuffled)] {
        let realisations = realisations_grid(headers, std::slice::from_ref(&row));
        dir.write(
            name,
            grid(&[
                ("Candidat", candidat_grid()),
                ("Réalisations", realisations),
            ]),
        );
    }
    let (code, report) = dir.check_json(&["modele.xlsx", "melange.xlsx"]);
    assert_eq!(code, 0, "{report:#}");
    let [a, b] = [&report["candidates"][0], &report["candidates"][1]];
    assert_eq!(a["candidate"], b["candidate"]);
    assert_eq!(a["realisations"][0]["cellule"], "Réalisations!A2");
    let strip = |v: &Value| {
        let mut v = v["realisations"][0].clone();
        v.as_object_mut().unwrap().remove("cellule");
        v
    };
    assert_eq!(strip(a), strip(b));
    assert_eq!(a["realisations"][0]["debut"], "2025-09-15");
    assert_eq!(a["realisations"][0]["fin"], "2026-01-30");
    assert_eq!(
        a["realisations"][0]["sous_competences"]
            .as_array()
            .unwrap()
            .len(),
        22
    );
}

#[test]
fn headers_match_whatever_the_case_accents_and_spaces() {
    let dir = TestDir::new();
    let mut headers = template_headers();
    headers[0] = "  INTITULE ".into();
    headers[2] = "date de debut".into();
    let mut row = full_row();
    row[0].0 = "  INTITULE ";
    row[2].0 = "date de debut";
    let candidat = json!([
        ["nom :", "DURAND"],
        ["PRENOM", "Léa"],
        ["n° Candidat", "01234567890"],
        ["session", 2027],
        ["option", "slam"],
        ["Adresse url du Portfolio", "https://lea.fr"]
    ]);
    dir.write(
        "casse.xlsx",
        grid(&[
            ("CANDIDAT", candidat),
            ("realisations", realisations_grid(&headers, &[row])),
        ]),
    );
    let (code, report) = dir.check_json(&["casse.xlsx"]);
    assert_eq!(code, 0, "{report:#}");
    let c = &report["candidates"][0];
    assert_eq!(c["candidate"]["nom_complet"], "DURAND Léa");
    assert_eq!(c["candidate"]["option"], "SLAM");
    assert_eq!(
        c["realisations"][0]["intitule"],
        "Application de gestion des stages"
    );
    assert_eq!(c["realisations"][0]["debut"], "2025-09-15");
}

#[test]
fn dates_are_read_from_date_cells_serials_and_text() {
    let dir = TestDir::new();
    let headers = template_headers();
    let mut rows = Vec::new();
    for (debut, fin) in [
        (json!("15/09/2025"), json!("20/09/25")),
        (json!("2025-09-15"), json!(45920)),
        (json!("15.09.2025"), json!("15-10-2025")),
    ] {
        let mut row = full_row();
        row[2].1 = debut;
        row[3].1 = fin;
        rows.push(row);
    }
    dir.write(
        "dates.xlsx",
        grid(&[
            ("Candidat", candidat_grid()),
            ("Réalisations", realisations_grid(&headers, &rows)),
        ]),
    );
    let (_, report) = dir.check_json(&["dates.xlsx"]);
    let r = &report["candidates"][0]["realisations"];
    let dates: Vec<(&str, &str)> = (0..3)
        .map(|i| {
            (
                r[i]["debut"].as_str().unwrap(),
                r[i]["fin"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            ("2025-09-15", "2025-09-20"),
            ("2025-09-15", "2025-09-20"),
            ("2025-09-15", "2025-10-15")
        ]
    );
}

#[test]
fn tick_variants_are_recognised_and_anything_else_is_reported() {
    let dir = TestDir::new();
    let headers = template_headers();
    let mut row = full_row();
    for (code, value) in row.iter_mut().skip(5) {
        *value = match *code {
            "B1.1.1" => json!("✓"),
            "B1.1.2" => json!(" oui "),
            "B1.1.3" => json!(1),
            "B1.1.4" => json!("☑"),
            "B1.1.5" => json!("x"),
            "B1.1.6" => json!("peut-être"),
            _ => json!("X"),
        };
    }
    dir.write(
        "coches.xlsx",
        grid(&[
            ("Candidat", candidat_grid()),
            ("Réalisations", realisations_grid(&headers, &[row])),
        ]),
    );
    let (code, report) = dir.check_json(&["coches.xlsx"]);
    assert_eq!(code, 0);
    let subs = report["candidates"][0]["realisations"][0]["sous_competences"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(subs.len(), 21);
    assert!(!subs.contains(&json!("B1.1.6")));
    assert!(has(&report, "W008", Some("Réalisations!P2")));
    let message = report["candidates"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "W008")
        .unwrap()["message"]
        .clone();
    assert_eq!(
        message,
        "case « peut-être » non reconnue, ignorée : cochez avec X, ou laissez la case vide"
    );
}

/// One rule: a change to the clean example dossier, then the code and cell it must give.
fn rule(change: impl FnOnce(&mut Dossier), code: &str, location: Option<&str>) {
    rule_with(change, &[], code, location);
}

fn rule_with(change: impl FnOnce(&mut Dossier), args: &[&str], code: &str, location: Option<&str>) {
    let dir = TestDir::new();
    let mut dossier = examples::dupont();
    change(&mut dossier);
    dir.dossier("candidat.xlsx", &dossier);
    let mut inputs = args.to_vec();
    inputs.push("candidat.xlsx");
    let (exit, report) = dir.check_json(&inputs);
    assert!(
        has(&report, code, location),
        "{code} attendu en {location:?}, trouvé : {:?}",
        common::codes(&report, 0)
    );
    let expected_exit = if code.starts_with('E') { 1 } else { 0 };
    assert_eq!(exit, expected_exit, "{:?}", common::codes(&report, 0));
}

#[test]
fn identity_rules_point_at_their_cells() {
    rule(|d| d.candidat.nom = None, "E010", Some("Candidat!B3"));
    rule(|d| d.candidat.prenom = None, "E011", Some("Candidat!B4"));
    rule(|d| d.candidat.numero = None, "W001", Some("Candidat!B5"));
    rule(
        |d| d.candidat.numero = Some("12345".into()),
        "W002",
        Some("Candidat!B5"),
    );
    rule(|d| d.candidat.option = None, "W011", Some("Candidat!B6"));
    rule(
        |d| d.candidat.portfolio_url = None,
        "W003",
        Some("Candidat!B11"),
    );
    rule(
        |d| d.candidat.portfolio_url = Some("www.portfolio.fr".into()),
        "W004",
        Some("Candidat!B11"),
    );
    rule(
        |d| d.candidat.courriel = Some("marie.dupont".into()),
        "W014",
        Some("Candidat!B12"),
    );
    rule_with(|_| {}, &["--session", "2026"], "W007", Some("Candidat!B2"));
}

#[test]
fn realisation_rules_point_at_their_cells() {
    rule(|d| d.realisations.clear(), "E020", None);
    rule(
        |d| d.realisations[0].intitule = None,
        "E021",
        Some("Réalisations!A3"),
    );
    rule(
        |d| d.realisations[1].sous_competences.clear(),
        "E022",
        Some("Réalisations!K4"),
    );
    rule(
        |d| {
            d.realisations[3]
                .sous_competences
                .retain(|c| !c.starts_with("B1.3"))
        },
        "E023",
        Some("Réalisations!T2"),
    );
    rule(
        |d| d.realisations[0].fin = d.realisations[0].debut.map(|x| x.pred_opt().unwrap()),
        "E024",
        Some("Réalisations!D3"),
    );
    rule(
        |d| d.realisations[0].contribution = None,
        "E025",
        Some("Réalisations!G3"),
    );
    rule(
        |d| d.realisations[2].cadre = None,
        "E026",
        Some("Réalisations!B5"),
    );
    rule(
        |d| d.realisations[0].modalite = None,
        "W015",
        Some("Réalisations!F3"),
    );
    rule(
        |d| (d.realisations[0].debut, d.realisations[0].fin) = (None, None),
        "W016",
        Some("Réalisations!C3"),
    );
    rule(
        |d| d.realisations[1].debut = chrono::NaiveDate::from_ymd_opt(2024, 3, 1),
        "W006",
        Some("Réalisations!C4"),
    );
    rule(
        |d| d.realisations[0].documents = vec!["capture.png".into()],
        "W009",
        Some("Réalisations!J3"),
    );
    rule(
        |d| d.realisations[0].documents = vec!["http//oubli.fr".into()],
        "W009",
        Some("Réalisations!J3"),
    );
    rule(
        |d| d.realisations[0].documents = vec!["ftp://serveur.fr/doc".into()],
        "W004",
        Some("Réalisations!J3"),
    );
    rule(
        |d| d.realisations[4].sous_competences.retain(|c| c != "B1.6.3"),
        "W005",
        Some("Réalisations!AE2"),
    );
}

#[test]
fn an_attachment_beside_the_workbook_is_found() {
    let dir = TestDir::new();
    let mut dossier = examples::dupont();
    dossier.realisations[0].documents = vec!["preuves/capture.png".into()];
    dossier.stages[0].attestation = Some("attestation.pdf".into());
    dir.write("preuves/capture.png", b"png");
    dir.write("attestation.pdf", common::minimal_pdf(2));
    dir.dossier("candidat.xlsx", &dossier);
    let (code, report) = dir.check_json(&["candidat.xlsx"]);
    assert_eq!((code, common::codes(&report, 0)), (0, vec![]));
}

#[test]
fn attachments_outside_the_folder_or_of_the_wrong_type_are_refused() {
    let dir = TestDir::new();
    let mut dossier = examples::dupont();
    let mut stage = dossier.stages[0].clone();
    dossier.stages[0].attestation = Some("attestation.pdf".into());
    stage.attestation = Some("../secret.pdf".into());
    dossier.stages.push(stage);
    dir.write("classe/attestation.pdf", b"PK\x03\x04 not a pdf at all");
    dir.write("secret.pdf", common::minimal_pdf(1));
    dir.dossier("classe/candidat.xlsx", &dossier);
    let (code, report) = dir.check_json(&["classe/candidat.xlsx"]);
    assert_eq!(code, 0);
    let messages: Vec<(String, Option<String>, String)> = report["candidates"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["location"].as_str().map(str::to_owned),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        messages,
        [
            (
                "W018".into(),
                Some("Stages!H2".into()),
                "fichier « attestation.pdf » refusé : le contenu n'est ni un PDF, ni une image PNG ou JPEG".into()
            ),
            (
                "W018".into(),
                Some("Stages!H3".into()),
                "fichier « ../secret.pdf » refusé : le chemin sort du dossier du classeur : indiquez un fichier placé dans ce dossier".into()
            ),
        ]
    );
}

#[test]
fn stage_rules_point_at_their_cells() {
    rule(
        |d| d.stages[0].organisation = None,
        "W017",
        Some("Stages!A2"),
    );
    rule(
        |d| d.stages[0].fin = chrono::NaiveDate::from_ymd_opt(2026, 5, 1),
        "E024",
        Some("Stages!E2"),
    );
    rule(
        |d| d.stages[0].attestation = Some("attestation-absente.pdf".into()),
        "W009",
        Some("Stages!H2"),
    );
}

#[test]
fn values_typed_by_hand_are_reported_with_their_cell() {
    let dir = TestDir::new();
    let candidat = json!([
        ["Session", "l'an prochain"],
        ["Nom", "DURAND"],
        ["Prénom", "Léa"],
        ["N° candidat", "01234567890"],
        ["Option", "SIRS"],
        ["Forme de l'épreuve", "contrôle en cours de formation"],
        ["Adresse URL du portfolio", "https://lea-durand.fr"],
    ]);
    let mut row = full_row();
    row[1].1 = json!("Stage de 2e année");
    row[2].1 = json!("mi-septembre");
    row[4].1 = json!("à deux");
    let realisations = realisations_grid(&template_headers(), &[row]);
    dir.write(
        "saisie.xlsx",
        grid(&[("Candidat", candidat), ("Réalisations", realisations)]),
    );
    let (code, report) = dir.check_json(&["saisie.xlsx"]);
    assert_eq!(code, 1);
    let c = &report["candidates"][0];
    assert_eq!(c["candidate"]["forme"], "ccf");
    assert_eq!(c["realisations"][0]["cadre"], "stage-2");
    assert!(has(&report, "E013", Some("Candidat!B1")));
    assert!(has(&report, "E012", Some("Candidat!B5")));
    assert!(has(&report, "W012", Some("Réalisations!C2")));
    assert!(has(&report, "E012", Some("Réalisations!F2")));
    assert!(
        !has(&report, "W015", Some("Réalisations!F2")),
        "valeur illisible signalée deux fois"
    );
    let option = c["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["location"] == "Candidat!B5")
        .unwrap();
    assert_eq!(
        option["message"],
        "Option : valeur « SIRS » non reconnue, attendu « SISR » ou « SLAM »"
    );
}

#[test]
fn missing_session_and_older_template_version_are_warnings() {
    let dir = TestDir::new();
    let mut candidat = candidat_grid();
    candidat.as_array_mut().unwrap().remove(1);
    candidat
        .as_array_mut()
        .unwrap()
        .push(json!(["Session", null]));
    let instructions = json!([["Dossier du candidat"], ["Version du modèle : 0"]]);
    let realisations = realisations_grid(&template_headers(), &[full_row()]);
    dir.write(
        "ancien.xlsx",
        grid(&[
            ("Mode d'emploi", instructions),
            ("Candidat", candidat),
            ("Réalisations", realisations),
        ]),
    );
    let (code, report) = dir.check_json(&["ancien.xlsx"]);
    assert_eq!(code, 0, "{report:#}");
    assert!(has(&report, "W010", Some("'Mode d''emploi'!A2")));
    assert!(has(&report, "W013", Some("Candidat!B7")));
    let w013 = report["candidates"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "W013")
        .unwrap()["message"]
        .clone();
    assert_eq!(w013, "la session est vide : la session 2027 est utilisée");
}

#[test]
fn missing_columns_and_sheets_are_errors() {
    let dir = TestDir::new();
    let headers: Vec<String> = template_headers()
        .into_iter()
        .filter(|h| h != "Intitulé")
        .collect();
    dir.write(
        "sans-intitule.xlsx",
        grid(&[
            ("Candidat", candidat_grid()),
            ("Réalisations", realisations_grid(&headers, &[full_row()])),
        ]),
    );
    dir.write(
        "sans-feuille.xlsx",
        grid(&[("Feuil1", json!([["Nom", "DURAND"]]))]),
    );
    let (code, report) = dir.check_json(&["sans-intitule.xlsx", "sans-feuille.xlsx"]);
    assert_eq!(code, 1);
    assert!(common::codes(&report, 0).iter().any(|(c, _)| c == "E005"));
    assert_eq!(report["candidates"][1]["kind"], Value::Null);
    assert_eq!(report["candidates"][1]["candidate"], Value::Null);
    assert_eq!(common::codes(&report, 1), [("E006".to_owned(), None)]);
}

#[test]
fn cadre_and_modalite_round_trip_through_the_workbook() {
    let dir = TestDir::new();
    let mut dossier = examples::dupont();
    dossier.realisations[0].cadre = Some(Cadre::Stage2);
    dossier.realisations[0].modalite = Some(Modalite::Individuelle);
    dir.dossier("candidat.xlsx", &dossier);
    let (_, report) = dir.check_json(&["candidat.xlsx"]);
    assert_eq!(
        report["candidates"][0]["realisations"][0]["cadre"],
        "stage-2"
    );
}

#[test]
fn more_screenshots_than_the_portfolio_shows_are_named() {
    let dir = TestDir::new();
    let mut dossier = examples::dupont();
    dossier.realisations[0].documents = (1..=8).map(|n| format!("capture-{n}.png")).collect();
    for n in 1..=8 {
        dir.write(&format!("capture-{n}.png"), b"\x89PNG\r\n\x1a\n");
    }
    dir.dossier("captures.xlsx", &dossier);
    let (_, report) = dir.check_json(&["captures.xlsx"]);
    let warning = report["candidates"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "W022")
        .unwrap_or_else(|| panic!("{:?}", common::codes(&report, 0)));
    let message = warning["message"].as_str().unwrap();
    assert!(message.contains("8 captures d'écran"), "{message}");
    assert!(
        message.contains("« capture-7.png », « capture-8.png »"),
        "{message}"
    );
}

/// A class folder holds workbooks directly or one sub-folder per candidate (with the files it
/// names); a hand-in's `remise.json` says which spreadsheet is the workbook; folders starting
/// with `.` (earlier versions) are never read. Without `-r`, for `check` as for every command.
#[test]
fn a_class_folder_is_read_in_both_layouts_and_dot_folders_are_ignored() {
    let dir = TestDir::new();
    let mut alpha = examples::dupont();
    alpha.candidat.nom = Some("ALPHA".into());
    dir.dossier("classe/alpha.xlsx", &alpha);
    let mut beta = examples::dupont();
    beta.candidat.nom = Some("BETA".into());
    beta.stages[0].attestation = Some("attestation.pdf".into());
    dir.dossier("classe/01_BETA_Marie/beta.xlsx", &beta);
    dir.write(
        "classe/01_BETA_Marie/attestation.pdf",
        common::minimal_pdf(1),
    );
    // An earlier version, kept: never read.
    let mut old = examples::dupont();
    old.candidat.nom = Some("ANCIEN".into());
    dir.dossier(
        "classe/01_BETA_Marie/.versions/2026-11-01_100000/beta.xlsx",
        &old,
    );
    // A hand-in whose pieces include a spreadsheet: the record names the workbook.
    let mut gamma = examples::dupont();
    gamma.candidat.nom = Some("GAMMA".into());
    dir.dossier("classe/02_GAMMA_Marie/gamma.xlsx", &gamma);
    dir.write("classe/02_GAMMA_Marie/inventaire.xlsx", b"pas un classeur");
    dir.write(
        "classe/02_GAMMA_Marie/remise.json",
        serde_json::to_vec(&sio_dossier::remise::Remise {
            candidat: "GAMMA Marie".into(),
            numero: "02".into(),
            date: "2026-11-28T10:00:00".into(),
            classeur: "gamma.xlsx".into(),
            fichiers: Vec::new(),
            erreurs: 0,
            avertissements: 0,
            hors_delai: false,
        })
        .unwrap(),
    );
    dir.dossier("classe/.brouillons/delta.xlsx", &alpha);
    let (_, report) = dir.check_json(&["classe"]);
    let names: Vec<String> = report["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["candidate"]["nom"].as_str().unwrap_or("?").to_owned())
        .collect();
    assert_eq!(names, ["ALPHA", "BETA", "GAMMA"], "{report:#}");
    // The attestation beside the workbook of the sub-folder is found.
    assert!(
        !common::codes(&report, 1)
            .iter()
            .any(|(code, _)| code == "W009"),
        "{report:#}"
    );
}
