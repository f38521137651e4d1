//! Each class of hand-filled official tableau the reader must read, shown by the smallest
//! workbook that has it: an `.xlsx` written here cell by cell, and `.ods` files whose XML is
//! written by hand the way odfpy and other scripts write it (no office suite involved).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::TestDir;
use rust_xlsxwriter::{Color, Format, Workbook, Worksheet};
use serde_json::Value;
use std::io::Write;

const SHEET: &str = "Tableau de synthèse Épreuve E5";
const AT: &str = "'Tableau de synthèse Épreuve E5'!";

/// The six competence names, as the model's header row prints them.
const COMPETENCES: [&str; 6] = [
    "Gérer le patrimoine informatique",
    "Répondre aux incidents et aux demandes d’assistance et d’évolution",
    "Développer la présence en ligne de l’organisation",
    "Travailler en mode projet",
    "Mettre à disposition des utilisateurs un service informatique",
    "Organiser son développement professionnel",
];

/// The model's header (rows 1 to 6), filled; `without` leaves out the cells given.
fn header(without: &[&str]) -> Vec<(String, String)> {
    let mut cells: Vec<(String, String)> = [
        ("G1", "SESSION 2026"),
        (
            "A2",
            "Tableau de synthèse des réalisations professionnelles",
        ),
        ("A3", "NOM et prénom : MARTIN Zoé"),
        ("F3", "N° candidat : 02600012345"),
        ("A4", "Centre de formation : Lycée des Essais"),
        ("F4", "Option :"),
        ("G4", "X SISR"),
        ("H4", "SLAM"),
        ("A5", "Adresse URL du portfolio : https://zoe.example.org/"),
        ("A6", "Compétences mises en œuvre"),
        ("B6", "Période (sous la forme du JJ/MM/AA au JJ/MM/AA)"),
    ]
    .iter()
    .filter(|(cell, _)| !without.contains(cell))
    .map(|(c, t)| ((*c).to_owned(), (*t).to_owned()))
    .collect();
    for (i, name) in COMPETENCES.iter().enumerate() {
        cells.push((format!("{}6", (b'C' + i as u8) as char), (*name).to_owned()));
    }
    cells
}

/// "C12" → (11, 2).
fn position(cell: &str) -> (u32, u16) {
    let col = u16::from(cell.as_bytes()[0] - b'A');
    (cell[1..].parse::<u32>().unwrap() - 1, col)
}

/// An `.xlsx` of these cells, then whatever `style` does to the sheet (merges, bold, fills).
fn xlsx(cells: &[(String, String)], style: impl Fn(&mut Worksheet)) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET).unwrap();
    for (cell, text) in cells {
        let (row, col) = position(cell);
        sheet.write_string(row, col, text).unwrap();
    }
    style(sheet);
    workbook.save_to_buffer().unwrap()
}

fn cells(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(c, t)| ((*c).to_owned(), (*t).to_owned()))
        .collect()
}

/// The réalisations of the first candidate of a report.
fn realisations(report: &Value) -> Vec<Value> {
    report["candidates"][0]["realisations"]
        .as_array()
        .unwrap()
        .clone()
}

fn check(dir: &TestDir, name: &str, bytes: Vec<u8>) -> Value {
    dir.write(name, bytes);
    let (_, report) = dir.check_json(&[name]);
    assert_eq!(
        report["candidates"][0]["kind"], "tableau-officiel",
        "{name} : {}",
        report["candidates"][0]["diagnostics"]
    );
    report
}

#[test]
fn candidate_headings_are_parts_not_realisations() {
    let dir = TestDir::new();
    let mut list = header(&[]);
    list.extend(cells(&[
        ("A8", "Mes projets en cours"),
        ("A9", "Serveur GLPI"),
        ("B9", "16/09/24 au 11/10/24"),
        ("C9", "X"),
        ("A10", "Projets perso"),
        ("A11", "Homelab"),
        ("B11", "01/10/24 au 15/12/24"),
        ("D11", "X"),
        // Bold like every data row but in a larger font: a heading, its words naming the cadre.
        ("A12", "Stage 2e année"),
        ("A13", "Sauvegardes"),
        ("B13", "05/01/26 au 30/01/26"),
        ("E13", "X"),
        // Bold like every data row, words naming nothing: a réalisation the candidate left
        // without period nor marks, not a heading.
        ("A14", "Portail captif"),
        ("A15", "Annuaire LDAP"),
        ("B15", "02/02/26 au 13/02/26"),
        ("F15", "X"),
        // Bold like every data row, words naming a cadre, no period, no mark: words alone do
        // not make a heading, in a file whose réalisations are bold.
        ("A16", "Stage de 1re année : câblage du site"),
    ]));
    let bold = Format::new().set_bold();
    let bytes = xlsx(&list, |sheet| {
        for row in [8, 9, 10, 12, 13, 14, 15] {
            let text = list.iter().find(|(c, _)| *c == format!("A{}", row + 1));
            if let Some((_, text)) = text {
                sheet.write_string_with_format(row, 0, text, &bold).unwrap();
            }
        }
        let larger = Format::new().set_bold().set_font_size(14);
        sheet
            .write_string_with_format(11, 0, "Stage 2e année", &larger)
            .unwrap();
        // The candidate's own headings are merged across the width, as the model's titles.
        for (row, text) in [(7, "Mes projets en cours"), (9, "Projets perso")] {
            sheet.merge_range(row, 0, row, 7, text, &bold).unwrap();
        }
    });
    let report = check(&dir, "titres.xlsx", bytes);
    let got: Vec<(String, Value)> = realisations(&report)
        .iter()
        .map(|r| {
            (
                r["intitule"].as_str().unwrap().to_owned(),
                r["cadre"].clone(),
            )
        })
        .collect();
    let want: Vec<(String, Value)> = [
        ("Serveur GLPI", Value::from("formation")),
        ("Homelab", Value::Null),
        ("Sauvegardes", Value::from("stage-2")),
        ("Portail captif", Value::from("stage-2")),
        ("Annuaire LDAP", Value::from("stage-2")),
        (
            "Stage de 1re année : câblage du site",
            Value::from("stage-2"),
        ),
    ]
    .iter()
    .map(|(t, c)| ((*t).to_owned(), c.clone()))
    .collect();
    assert_eq!(got, want);
    assert!(
        common::has(&report, "W047", Some(&format!("{AT}A10"))),
        "partie sans cadre"
    );
    assert!(
        common::has(&report, "E026", Some(&format!("{AT}A11"))),
        "réalisation sans cadre"
    );
    assert!(
        common::has(&report, "E022", Some(&format!("{AT}C14"))),
        "ligne sans coche"
    );
    assert!(
        common::has(&report, "E022", Some(&format!("{AT}C16"))),
        "titre qui nomme un cadre, sans coche : une réalisation"
    );

    // The workbook made from it asks for the missing cadre, on the réalisation's row.
    let run = dir.run(&["template", "--from", "titres.xlsx", "-o", "dossier.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("surlignées en orange (1 réalisation)"),
        "{}",
        run.stderr
    );
    let archive = std::fs::read(dir.join("dossier.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(archive)).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| n.starts_with("xl/comments"))
        .collect();
    let mut comments = String::new();
    for name in names {
        std::io::Read::read_to_string(&mut zip.by_name(&name).unwrap(), &mut comments).unwrap();
    }
    assert_eq!(comments.matches("Cadre à choisir").count(), 1, "{comments}");
}

#[test]
fn a_tableau_is_recognised_by_its_structure_not_by_one_label() {
    let dir = TestDir::new();
    let mut list = header(&["A3"]);
    list.extend(cells(&[
        ("A8", "Réalisation en cours de formation"),
        ("A9", "Serveur GLPI"),
        ("B9", "16/09/24 au 11/10/24"),
        ("C9", "X"),
    ]));
    let report = check(&dir, "sans-nom.xlsx", xlsx(&list, |_| {}));
    let candidate = &report["candidates"][0]["candidate"];
    assert_eq!(candidate["nom_complet"], Value::Null);
    assert_eq!(candidate["numero"], "02600012345");
    assert!(
        common::has(&report, "W046", Some(&format!("{AT}A3"))),
        "libellé effacé"
    );

    // Labels moved down two rows: the missing one is looked for where the others moved.
    let moved: Vec<(String, String)> = list
        .iter()
        .map(|(cell, text)| {
            let (row, col) = position(cell);
            (
                format!("{}{}", (b'A' + col as u8) as char, row + 3),
                text.clone(),
            )
        })
        .collect();
    let report = check(&dir, "decale.xlsx", xlsx(&moved, |_| {}));
    assert!(
        common::has(&report, "W046", Some(&format!("{AT}A5"))),
        "libellé effacé, décalé"
    );

    // A workbook that only mentions a session and an option is not a tableau.
    dir.write(
        "autre.xlsx",
        xlsx(
            &cells(&[("A1", "Session 2026"), ("A2", "Option : SISR")]),
            |_| {},
        ),
    );
    let (_, report) = dir.check_json(&["autre.xlsx"]);
    assert!(common::has(&report, "E006", None), "{report}");
}

#[test]
fn codes_before_header_names_and_loose_codes_as_marks() {
    let dir = TestDir::new();
    let mut list: Vec<(String, String)> = header(&[])
        .into_iter()
        .map(|(cell, text)| {
            let code = COMPETENCES.iter().position(|c| *c == text);
            match code {
                Some(i) => (cell, format!("B1.{}-{text}", i + 1)),
                None => (cell, text),
            }
        })
        .collect();
    list.extend(cells(&[
        (
            "C7",
            "▸b1.1.1-Recenser et identifier les ressources numériques",
        ),
        ("A8", "Réalisation en cours de formation"),
        ("A9", "Serveur GLPI"),
        ("B9", "16/09/24 au 11/10/24"),
        ("C9", "▸b1.1.1 ; B1,1,5"),
        ("D9", "b1-2-3"),
        // A code of another competence: a mark for the column, no sub-competence.
        ("G9", "B 1.1.2"),
    ]));
    let report = check(&dir, "codes.xlsx", xlsx(&list, |_| {}));
    let r = &realisations(&report)[0];
    assert_eq!(
        r["competences"],
        serde_json::json!(["B1.1", "B1.2", "B1.5"])
    );
    assert_eq!(
        r["sous_competences"],
        serde_json::json!(["B1.1.1", "B1.1.5", "B1.2.3"])
    );
}

#[test]
fn marks_by_fill_are_decided_row_by_row() {
    let dir = TestDir::new();
    let mut list = header(&[]);
    list.extend(cells(&[
        ("A8", "Réalisation en cours de formation"),
        ("A9", "Par X"),
        ("B9", "16/09/24 au 11/10/24"),
        ("C9", "X"),
        ("A10", "Par couleur"),
        ("B10", "04/11/24 au 06/12/24"),
        ("A11", "Bandeau coloré"),
        ("A12", "Après le bandeau"),
        ("B12", "06/01/25 au 31/01/25"),
        ("H12", "X"),
    ]));
    let green = Format::new().set_background_color(Color::RGB(0x92D050));
    let white = Format::new().set_background_color(Color::White);
    let band = Format::new().set_background_color(Color::RGB(0xD9E1F2));
    let bytes = xlsx(&list, |sheet| {
        // An X row with a decorative white and a green cell: the text decides.
        sheet.write_blank(8, 3, &white).unwrap();
        sheet.write_blank(8, 4, &green).unwrap();
        // A row marked by colour only.
        sheet.write_blank(9, 5, &green).unwrap();
        sheet.write_blank(9, 6, &green).unwrap();
        // A band across the whole row, text in A only: a heading, not marks.
        sheet
            .write_string_with_format(10, 0, "Bandeau coloré", &band)
            .unwrap();
        for col in 1..8 {
            sheet.write_blank(10, col, &band).unwrap();
        }
    });
    let report = check(&dir, "couleurs.xlsx", bytes);
    let got: Vec<(Value, Value)> = realisations(&report)
        .iter()
        .map(|r| (r["intitule"].clone(), r["competences"].clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Par X".into(), serde_json::json!(["B1.1"])),
            ("Par couleur".into(), serde_json::json!(["B1.4", "B1.5"])),
            ("Après le bandeau".into(), serde_json::json!(["B1.6"])),
        ]
    );
    let fill_notes: Vec<&Value> = report["candidates"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "W044")
        .collect();
    assert_eq!(fill_notes.len(), 1);
    assert!(
        fill_notes[0]["message"]
            .as_str()
            .unwrap()
            .contains("ligne 10)"),
        "{}",
        fill_notes[0]
    );
}

/// An ODS cell as odfpy writes it: paragraphs, no `office:value-type`.
fn untyped(text: &str) -> String {
    let paragraphs: String = text
        .split('\n')
        .map(|p| format!("<text:p>{}</text:p>", escape(p)))
        .collect();
    format!("<table:table-cell>{paragraphs}</table:table-cell>")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A minimal `.ods`: the mimetype first and stored, a manifest, and this sheet's rows.
fn ods(rows: &[Vec<String>]) -> Vec<u8> {
    ods_repeated(rows, &[])
}

/// [`ods`], some rows written once with `table:number-rows-repeated` (index, count), as a
/// script repeating a row writes them.
fn ods_repeated(rows: &[Vec<String>], repeats: &[(usize, u32)]) -> Vec<u8> {
    let body: String = rows
        .iter()
        .enumerate()
        .map(
            |(i, cells)| match repeats.iter().find(|(row, _)| *row == i) {
                Some((_, n)) => format!(
                    r#"<table:table-row table:number-rows-repeated="{n}">{}</table:table-row>"#,
                    cells.concat()
                ),
                None => format!("<table:table-row>{}</table:table-row>", cells.concat()),
            },
        )
        .collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{SHEET}">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// The header and one part of a tableau as rows of untyped ODS cells (A to H), with the option
/// cells and the first réalisation's cells given by the caller.
fn ods_rows(option: [String; 2], realisation: Vec<String>) -> Vec<Vec<String>> {
    let empty = || "<table:table-cell/>".to_owned();
    let mut competences = vec![untyped("Compétences"), untyped("Période")];
    competences.extend(COMPETENCES.iter().map(|c| untyped(c)));
    let [g4, h4] = option;
    vec![
        vec![
            empty(),
            empty(),
            empty(),
            empty(),
            empty(),
            empty(),
            untyped("SESSION 2026"),
        ],
        vec![untyped(
            "Tableau de synthèse des réalisations professionnelles",
        )],
        vec![
            untyped("NOM et prénom : MARTIN Zoé"),
            empty(),
            empty(),
            empty(),
            empty(),
            untyped("N° candidat : 02600012345"),
        ],
        vec![
            untyped("Centre de formation : Lycée des Essais"),
            empty(),
            empty(),
            empty(),
            empty(),
            untyped("Option :"),
            g4,
            h4,
        ],
        vec![untyped(
            "Adresse URL du portfolio :\nhttps://zoe.example.org/",
        )],
        competences,
        vec![untyped("Réalisation en cours de formation")],
        realisation,
    ]
}

#[test]
fn ods_cells_without_value_type_are_read_as_libreoffice_shows_them() {
    let dir = TestDir::new();
    let realisation = vec![
        // A comment on the title is not its text; an entity and a run of spaces are.
        "<table:table-cell><office:annotation><dc:creator>prof</dc:creator><text:p>à revoir</text:p>\
         </office:annotation><text:p>Serveur&#160;GLPI &amp; OCS</text:p></table:table-cell>"
            .to_owned(),
        untyped("16/09/2024 au 11/10/2024"),
        untyped("1"),
        // A typed cell is left to calamine, as LibreOffice writes it.
        r#"<table:table-cell office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell>"#
            .to_owned(),
        untyped(" "),
        r#"<table:table-cell table:number-columns-repeated="2"><text:p>3</text:p></table:table-cell>"#
            .to_owned(),
    ];
    let report = check(
        &dir,
        "odfpy.ods",
        ods(&ods_rows(
            [untyped("☑ SISR"), untyped("☐ SLAM")],
            realisation,
        )),
    );
    let candidate = &report["candidates"][0]["candidate"];
    assert_eq!(candidate["nom_complet"], "MARTIN Zoé");
    assert_eq!(candidate["session"], 2026);
    assert_eq!(candidate["option"], "SISR");
    assert_eq!(candidate["portfolio_url"], "https://zoe.example.org/");
    let r = &realisations(&report)[0];
    assert_eq!(r["intitule"], "Serveur GLPI & OCS");
    assert_eq!(r["debut"], "2024-09-16");
    assert_eq!(
        r["competences"],
        serde_json::json!(["B1.1", "B1.2", "B1.4", "B1.5"])
    );
}

#[test]
fn an_ods_drawing_inside_an_option_cell_ticks_it() {
    let dir = TestDir::new();
    let realisation = vec![
        untyped("Serveur GLPI"),
        untyped("16/09/2024 au 11/10/2024"),
        untyped("X"),
    ];
    for (shape, name) in [
        (
            r#"<draw:polyline draw:style-name="gr1" svg:width="0.52cm" svg:height="0.5cm" svg:viewBox="0 0 520 500" draw:points="0,250 100,400 200,500 300,300 400,100 520,0" table:end-cell-address="'Tableau de synthèse Épreuve E5'.H4" table:end-x="0.6cm" table:end-y="0.5cm"><text:p/></draw:polyline>"#,
            "trait.ods",
        ),
        (
            r#"<draw:custom-shape draw:style-name="gr1" svg:width="0.5cm" svg:height="0.5cm"><text:p>X</text:p><draw:enhanced-geometry draw:type="rectangle"/></draw:custom-shape>"#,
            "forme.ods",
        ),
        (
            r#"<draw:path svg:d="M0 0 L100 100" svg:viewBox="0 0 100 100"/>"#,
            "chemin.ods",
        ),
    ] {
        let h4 = format!("<table:table-cell>{shape}<text:p>▢ SLAM</text:p></table:table-cell>");
        let report = check(
            &dir,
            name,
            ods(&ods_rows([untyped("▢ SISR"), h4], realisation.clone())),
        );
        assert_eq!(
            report["candidates"][0]["candidate"]["option"], "SLAM",
            "{name}"
        );
        assert!(
            common::has(&report, "W044", Some(&format!("{AT}H4"))),
            "{name}"
        );
        // The shape's own paragraph is not the cell's text.
        assert_eq!(realisations(&report).len(), 1, "{name}");
    }
}

#[test]
fn a_row_a_script_repeated_gives_as_many_realisations_with_a_warning() {
    let dir = TestDir::new();
    let realisation = vec![
        untyped("TP GLPI"),
        untyped("04/11/2024 au 13/12/2024"),
        untyped("1"),
        untyped("1"),
    ];
    let mut rows = ods_rows([untyped("☑ SISR"), untyped("☐ SLAM")], realisation);
    let repeated = rows.len() - 1;
    rows.push(vec![
        untyped("TP réseau"),
        untyped("16/09/2024 au 18/10/2024"),
        untyped("1"),
    ]);
    let report = check(&dir, "repete.ods", ods_repeated(&rows, &[(repeated, 3)]));
    let titles: Vec<String> = realisations(&report)
        .iter()
        .map(|r| r["intitule"].as_str().unwrap().to_owned())
        .collect();
    // As LibreOffice shows the sheet: three identical rows, then the next one.
    assert_eq!(titles, ["TP GLPI", "TP GLPI", "TP GLPI", "TP réseau"]);
    assert!(
        common::has(&report, "W048", Some(&format!("{AT}A8"))),
        "{:?}",
        common::codes(&report, 0)
    );
}

#[test]
fn a_title_beginning_like_a_part_title_is_a_realisation() {
    let dir = TestDir::new();
    let mut list = header(&[]);
    list.extend(cells(&[
        ("A8", "Réalisation en cours de formation"),
        ("A9", "Serveur GLPI"),
        ("B9", "16/09/24 au 11/10/24"),
        ("C9", "X"),
        // Not ticked yet: no period, no mark, its first word that of the part titles.
        ("A10", "Réalisation de tests de sécurité"),
        ("A11", "Sauvegardes"),
        ("B11", "05/01/26 au 30/01/26"),
        ("E11", "X"),
    ]));
    let report = check(&dir, "debut.xlsx", xlsx(&list, |_| {}));
    let got: Vec<(String, Value)> = realisations(&report)
        .iter()
        .map(|r| {
            (
                r["intitule"].as_str().unwrap().to_owned(),
                r["cadre"].clone(),
            )
        })
        .collect();
    let formation = Value::from("formation");
    assert_eq!(
        got,
        [
            ("Serveur GLPI".to_owned(), formation.clone()),
            (
                "Réalisation de tests de sécurité".to_owned(),
                formation.clone()
            ),
            ("Sauvegardes".to_owned(), formation),
        ]
    );
}

#[test]
fn empty_bold_rows_after_the_last_realisation_change_nothing() {
    let dir = TestDir::new();
    let mut list = header(&[]);
    list.extend(cells(&[
        ("A8", "Réalisation en cours de formation"),
        ("A9", "Serveur GLPI"),
        ("B9", "16/09/24 au 11/10/24"),
        ("C9", "X"),
        ("A10", "Portail captif"),
    ]));
    let bold = Format::new().set_bold();
    let bytes = xlsx(&list, |sheet| {
        sheet
            .write_string_with_format(8, 0, "Serveur GLPI", &bold)
            .unwrap();
        sheet
            .write_string_with_format(9, 0, "Portail captif", &bold)
            .unwrap();
        // The model's empty rows below, bold as the candidate formatted the column.
        for row in 10..20 {
            sheet.write_blank(row, 0, &bold).unwrap();
        }
    });
    let report = check(&dir, "fin.xlsx", bytes);
    let titles: Vec<String> = realisations(&report)
        .iter()
        .map(|r| r["intitule"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(titles, ["Serveur GLPI", "Portail captif"]);
}
