//! Official tableaux de synthèse filled the way candidates fill them
//! (`tests/fixtures/tableaux/`, copied from the shared fixtures with their expected values):
//! every fixture gives exactly its expected values, and `template --from` round-trips.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::TestDir;
use serde_json::{Value, json};

fn fixtures() -> Vec<String> {
    let dir = common::fixture("tableaux");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xlsx") || n.ends_with(".ods"))
        .collect();
    names.sort();
    names
}

/// The fields the expected files hold, from a candidate of the report.
fn extracted(candidate: &Value) -> Value {
    let c = &candidate["candidate"];
    let realisations: Vec<Value> = candidate["realisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let title = r["intitule"]
                .as_str()
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            json!({
                "cadre": r["cadre"],
                "intitule_debut": title.chars().take(25).collect::<String>(),
                "debut": r["debut"],
                "fin": r["fin"],
                "competences": r["competences"],
            })
        })
        .collect();
    json!({
        "session": c["session"], "nom_complet": c["nom_complet"], "numero": c["numero"],
        "centre": c["centre"], "option": c["option"], "portfolio_url": c["portfolio_url"],
        "realisations": realisations,
    })
}

#[test]
fn every_fixture_gives_exactly_its_expected_values() {
    let dir = TestDir::new();
    let names = fixtures();
    assert_eq!(names.len(), 23);
    // Every difference of every fixture, so that one run shows them all.
    let mut differences = Vec::new();
    for name in &names {
        std::fs::copy(common::fixture(&format!("tableaux/{name}")), dir.join(name)).unwrap();
        let (_, report) = dir.check_json(&[name]);
        let candidate = &report["candidates"][0];
        if candidate["kind"] != "tableau-officiel" {
            differences.push(format!(
                "{name} : non reconnu ({})",
                candidate["diagnostics"]
            ));
            continue;
        }
        let mut expected: Value = serde_json::from_slice(
            &std::fs::read(common::fixture(&format!("tableaux/{name}.expected.json"))).unwrap(),
        )
        .unwrap();
        expected.as_object_mut().unwrap().remove("uncertain");
        let got = extracted(candidate);
        for key in [
            "session",
            "nom_complet",
            "numero",
            "centre",
            "option",
            "portfolio_url",
        ] {
            if got[key] != expected[key] {
                differences.push(format!("{name} : {key} {} ≠ {}", got[key], expected[key]));
            }
        }
        let (got, want) = (
            got["realisations"].as_array().unwrap(),
            expected["realisations"].as_array().unwrap(),
        );
        if got.len() != want.len() {
            differences.push(format!(
                "{name} : {} réalisations ≠ {}\n  lues : {got:?}",
                got.len(),
                want.len()
            ));
            continue;
        }
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            if g != w {
                differences.push(format!("{name} : réalisation {} : {g} ≠ {w}", i + 1));
            }
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn what_the_form_cannot_say_is_reported() {
    let dir = TestDir::new();
    for name in [
        "d-period-formats-2026.xlsx",
        "h-stale-session-no-number-2026.xlsx",
        "g3-no-option-2026.xlsx",
        "k-option-textbox-2025.xlsx",
        "e-tick-variants-2025.xlsx",
        "f-fill-only-2026.xlsx",
    ] {
        std::fs::copy(common::fixture(&format!("tableaux/{name}")), dir.join(name)).unwrap();
    }
    let sheet = "'Tableau de synthèse Épreuve E5'";
    let (_, d) = dir.check_json(&["d-period-formats-2026.xlsx"]);
    assert!(common::has(&d, "W040", None), "limites du tableau");
    assert!(
        common::has(&d, "W012", Some(&format!("{sheet}!B14"))),
        "« En cours »"
    );
    assert!(
        common::has(&d, "W012", Some(&format!("{sheet}!B15"))),
        "« 2024-2025 »"
    );
    assert!(
        common::has(&d, "E024", Some(&format!("{sheet}!B30"))),
        "période inversée"
    );
    let (_, h) = dir.check_json(&["h-stale-session-no-number-2026.xlsx"]);
    assert!(
        common::has(&h, "W042", Some(&format!("{sheet}!G1"))),
        "session périmée"
    );
    let (_, h2) = dir.check_json(&["--session", "2026", "h-stale-session-no-number-2026.xlsx"]);
    assert!(
        common::has(&h2, "W007", Some(&format!("{sheet}!G1"))),
        "session différente de --session"
    );
    let (_, g3) = dir.check_json(&["g3-no-option-2026.xlsx"]);
    assert!(
        common::has(&g3, "W041", Some(&format!("{sheet}!G4"))),
        "aucune option"
    );
    let (_, k) = dir.check_json(&["k-option-textbox-2025.xlsx"]);
    assert!(
        common::has(&k, "W044", Some(&format!("{sheet}!H4"))),
        "option dessinée"
    );
    let (_, e) = dir.check_json(&["e-tick-variants-2025.xlsx"]);
    assert!(
        common::has(&e, "W043", Some(&format!("{sheet}!A16"))),
        "coches sans intitulé"
    );
    let e_subs = &e["candidates"][0]["realisations"][4]["sous_competences"];
    assert_eq!(
        e_subs,
        &json!(["B1.2.3", "B1.4.2", "B1.5.2"]),
        "les codes donnent la sous-compétence"
    );
    let (_, f) = dir.check_json(&["f-fill-only-2026.xlsx"]);
    assert!(common::has(&f, "W044", None), "coches par couleur");
    for name in [
        "l-candidate-part-headings-2026.xlsx",
        "n-name-label-deleted-2026.xlsx",
        "o-ods-option-drawn-line-2025.ods",
        "r-school-coded-headers-2025.xlsx",
    ] {
        std::fs::copy(common::fixture(&format!("tableaux/{name}")), dir.join(name)).unwrap();
    }
    let (_, l) = dir.check_json(&["l-candidate-part-headings-2026.xlsx"]);
    for cell in ["A13", "A27"] {
        assert!(
            common::has(&l, "W047", Some(&format!("{sheet}!{cell}"))),
            "titre sans cadre {cell}"
        );
    }
    let (_, n) = dir.check_json(&["n-name-label-deleted-2026.xlsx"]);
    assert!(
        common::has(&n, "W046", Some(&format!("{sheet}!A3"))),
        "libellé effacé"
    );
    let (_, o) = dir.check_json(&["o-ods-option-drawn-line-2025.ods"]);
    assert!(
        common::has(&o, "W044", Some(&format!("{sheet}!H4"))),
        "option tracée"
    );
    let (_, r) = dir.check_json(&["r-school-coded-headers-2025.xlsx"]);
    let subs: Vec<&Value> = r["candidates"][0]["realisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["sous_competences"])
        .collect();
    assert_eq!(subs[0], &json!(["B1.1.1", "B1.2.1"]), "codes tapés");
    assert_eq!(
        subs[1],
        &json!(["B1.1.5", "B1.5.2"]),
        "code recopié de la liste"
    );
    assert_eq!(subs[2], &json!(["B1.6.1", "B1.6.2"]), "deux codes");
}

#[test]
fn template_from_a_tableau_round_trips() {
    let dir = TestDir::new();
    for name in fixtures() {
        std::fs::copy(
            common::fixture(&format!("tableaux/{name}")),
            dir.join(&name),
        )
        .unwrap();
        let out = format!("{name}.dossier.xlsx");
        let run = dir.run(&[
            "template",
            "--from",
            &name,
            "-o",
            &out,
            "--date",
            common::TODAY,
        ]);
        assert_eq!(run.code, 0, "{name} : {}", run.stderr);
        let (_, original) = dir.check_json(&[&name]);
        let (_, migrated) = dir.check_json(&[&out]);
        let strip = |report: &Value| {
            let c = &report["candidates"][0];
            let mut e = extracted(c);
            e.as_object_mut().unwrap().remove("option");
            (e, c["candidate"]["option"].clone())
        };
        let ((a, option_a), (b, option_b)) = (strip(&original), strip(&migrated));
        assert_eq!(a["realisations"], b["realisations"], "{name}");
        // The migrated workbook splits the name and drops doubled spaces.
        let squash = |v: &Value| {
            v.as_str()
                .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        };
        assert_eq!(
            squash(&a["nom_complet"]),
            squash(&b["nom_complet"]),
            "{name}"
        );
        assert_eq!(
            (a["numero"].clone(), a["centre"].clone()),
            (b["numero"].clone(), b["centre"].clone()),
            "{name}"
        );
        assert_eq!(option_a, option_b, "{name}");
        assert_eq!(migrated["candidates"][0]["kind"], "dossier");
    }
}

#[test]
fn documents_are_built_from_an_official_tableau() {
    let dir = TestDir::new();
    std::fs::create_dir_all(dir.join("classe")).unwrap();
    std::fs::copy(
        common::fixture("tableaux/a-clean-2026.xlsx"),
        dir.join("classe/a-clean-2026.xlsx"),
    )
    .unwrap();
    let run = dir.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let folder = dir.join("sortie/02600012345_LEROY-Manon");
    let found: Vec<String> = std::fs::read_dir(dir.join("sortie"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(folder.join("portfolio.pdf").is_file(), "{found:?}");
    assert!(folder.join("grille-evaluation.pdf").is_file());
    assert!(folder.join("tableau-synthese.xlsx").is_file());
    let bytes = std::fs::read(folder.join("portfolio.pdf")).unwrap();
    let text: String = pdf_extract::extract_text_from_mem(&bytes)
        .unwrap()
        .split_whitespace()
        .collect();
    assert!(
        text.contains("tableaudesynthèseofficiel"),
        "le portfolio dit d'où il vient"
    );
}

#[test]
fn a_hidden_row_still_counts_with_a_warning() {
    let dir = TestDir::new();
    // The clean fixture with its third réalisation's row (row 11) hidden.
    let bytes = std::fs::read(common::fixture("tableaux/a-clean-2026.xlsx")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            data = String::from_utf8(data)
                .unwrap()
                .replacen("<row r=\"11\"", "<row r=\"11\" hidden=\"1\"", 1)
                .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut out, &data).unwrap();
    }
    dir.write("masque.xlsx", out.finish().unwrap().into_inner());
    let (_, report) = dir.check_json(&["masque.xlsx"]);
    assert_eq!(
        report["candidates"][0]["realisations"]
            .as_array()
            .unwrap()
            .len(),
        9
    );
    assert!(
        common::has(
            &report,
            "W045",
            Some("'Tableau de synthèse Épreuve E5'!A11")
        ),
        "{:?}",
        common::codes(&report, 0)
    );
}
