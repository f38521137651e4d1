//! A hostile corpus, generated here: files built to make spreadsheet libraries abort, inflate
//! or loop. Each gives its diagnostic within a memory limit, and the good candidate of the same
//! folder still gets its documents.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{TestDir, examples};
use std::io::Write;
use std::process::Command;

/// Runs the binary with its address space capped (as a school's old PC would be), so that a
/// runaway allocation fails the test instead of the machine. `None`, with a message, where the
/// shell cannot cap it (no `sh` or no `ulimit -v`): the test is skipped.
fn run_limited(dir: &TestDir, args: &[&str]) -> Option<common::Run> {
    if !common::tool_works("sh", &["-c", "ulimit -v 3145728"]) {
        eprintln!("test ignoré : « sh -c 'ulimit -v' » indisponible sur cette machine");
        return None;
    }
    let bin = env!("CARGO_BIN_EXE_sio-dossier");
    let mut script = format!("ulimit -v {} && exec '{bin}'", 3 * 1024 * 1024);
    for a in args {
        script.push_str(&format!(" '{a}'"));
    }
    let output = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Some(common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

/// A zip archive from (name, bytes) entries, deflated.
fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The entries of an archive, to rebuild it with one part replaced.
fn entries_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut out).unwrap();
            (file.name().unwrap().into_owned(), out)
        })
        .collect()
}

fn replace_part(bytes: &[u8], name: &str, f: impl Fn(&str) -> String) -> Vec<u8> {
    let entries: Vec<(String, Vec<u8>)> = entries_of(bytes)
        .into_iter()
        .map(|(n, b)| {
            if n == name {
                (n, f(&String::from_utf8(b).unwrap()).into_bytes())
            } else {
                (n, b)
            }
        })
        .collect();
    let refs: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    zip_of(&refs)
}

#[test]
fn the_hostile_corpus_gets_diagnostics_and_the_good_candidate_its_documents() {
    let dir = TestDir::new();
    dir.dossier("classe/a-bon.xlsx", &examples::dupont());

    // Cells at A1 and XFD1048576: calamine would allocate the whole rectangle and abort.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Nom").unwrap();
    sheet.write_string(1_048_575, 16_383, "fin").unwrap();
    dir.write("classe/b-etendue.xlsx", workbook.save_to_buffer().unwrap());

    // A shared-string table claiming four billion entries.
    let good = examples::workbook_bytes(&examples::dupont());
    let strings = replace_part(&good, "xl/sharedStrings.xml", |xml| {
        let start = xml.find("<sst").unwrap();
        let end = start + xml[start..].find('>').unwrap();
        format!(
            "{}<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"4000000000\" uniqueCount=\"4000000000\"{}",
            &xml[..start],
            &xml[end..]
        )
    });
    dir.write("classe/c-textes.xlsx", strings);

    // An .ods of a few hundred bytes declaring a billion filled cells.
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Feuille1"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="1000"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let ods = zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
        ),
        ("content.xml", content.as_bytes().to_vec()),
    ]);
    dir.write("classe/d-repetitions.ods", ods);

    // A zip bomb: a sheet part inflating to 250 MB of spaces.
    let bomb = zip_of(&[
        ("[Content_Types].xml", b"<Types/>".to_vec()),
        ("xl/workbook.xml", b"<workbook/>".to_vec()),
        ("xl/worksheets/sheet1.xml", vec![b' '; 250 * 1024 * 1024]),
    ]);
    assert!(bomb.len() < 2 * 1024 * 1024);
    dir.write("classe/e-bombe.xlsx", bomb);

    // Random bytes, and formulas whose cached values are missing or errors.
    let noise: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    dir.write("classe/f-bruit.xlsx", noise);
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Candidat").unwrap();
    sheet.write_string(0, 0, "Nom").unwrap();
    sheet.write_formula(0, 1, "=#REF!").unwrap();
    sheet.write_string(1, 0, "Prénom").unwrap();
    sheet.write_formula(1, 1, "=C9").unwrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Réalisations").unwrap();
    sheet.write_string(0, 0, "Intitulé").unwrap();
    sheet.write_formula(1, 0, "=1/0").unwrap();
    dir.write("classe/g-formules.xlsx", workbook.save_to_buffer().unwrap());

    let Some(run) = run_limited(
        &dir,
        &["build", "classe", "-o", "sortie", "--date", common::TODAY],
    ) else {
        return;
    };
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("erreur interne"), "{}", run.stderr);
    for expected in [
        "erreur[E003]: classe/b-etendue.xlsx: la feuille « sheet1 » s'étend sur 1048576 lignes × 16384 colonnes",
        "erreur[E003]: classe/c-textes.xlsx: le classeur déclare 4000000000 textes partagés",
        "erreur[E003]: classe/d-repetitions.ods: la feuille « Feuille1 » s'étend sur 1000000 lignes",
        "erreur[E003]: classe/e-bombe.xlsx: le classeur se décompresse en plus de 200 Mio",
        "erreur[E001]: classe/f-bruit.xlsx",
        "à corriger: classe/g-formules.xlsx",
    ] {
        assert!(
            run.stderr.contains(expected),
            "attendu : {expected}\n{}",
            run.stderr
        );
    }
    assert!(
        dir.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf")
            .is_file()
    );
}

#[test]
fn huge_texts_and_thousands_of_rows_are_bounded() {
    let dir = TestDir::new();
    let mut long = examples::dupont();
    // Excel itself stops at 32 767 characters a cell; the cap is 30 000.
    long.realisations[0].contexte = Some("Texte très long sans fin. ".repeat(1_250));
    dir.dossier("long.xlsx", &long);
    let mut many = examples::dupont();
    let template = many.realisations[0].clone();
    many.realisations = (0..10_000)
        .map(|i| {
            let mut r = template.clone();
            r.intitule = Some(format!("Réalisation {i}"));
            r
        })
        .collect();
    dir.dossier("lignes.xlsx", &many);
    let (code, report) = dir.check_json(&["long.xlsx", "lignes.xlsx"]);
    assert_eq!(code, 1);
    assert!(
        common::codes(&report, 0)
            .iter()
            .any(|(c, l)| c == "W020" && l.as_deref() == Some("Réalisations!H3"))
    );
    assert_eq!(
        report["candidates"][1]["realisations"]
            .as_array()
            .unwrap()
            .len(),
        300
    );
    assert!(
        common::codes(&report, 1)
            .iter()
            .any(|(c, l)| c == "E007" && l.as_deref() == Some("Réalisations!A303"))
    );
}

#[test]
fn control_bidi_and_decomposed_characters_are_cleaned() {
    let dir = TestDir::new();
    let mut dossier = examples::dupont();
    dossier.candidat.nom = Some("DU\u{202E}PONT\u{7}".into());
    dossier.candidat.prenom = Some("E\u{301}loi\u{308}se 🎓".into());
    dossier.realisations[0].intitule = Some("Serveur\u{0} GLPI\u{202E}".into());
    dir.dossier("classe/a.xlsx", &dossier);
    let run = dir.build(&["--only", "portfolio"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (_, report) = dir.check_json(&["classe/a.xlsx"]);
    let c = &report["candidates"][0];
    assert_eq!(c["candidate"]["nom_complet"], "DUPONT Éloïse 🎓");
    assert_eq!(c["realisations"][0]["intitule"], "Serveur GLPI");
    // The emoji has no glyph in the embedded fonts: left out of the PDF, which stays PDF/A.
    let pdf = dir.join("sortie/02744118350_DUPONT_Eloise/portfolio.pdf");
    let text: String = pdf_extract::extract_text_from_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    assert!(text.contains("DUPONT Éloïse"), "{text}");
}

#[test]
fn a_symlink_leading_out_of_the_folder_is_refused() {
    let dir = TestDir::new();
    let mut dossier = examples::dupont();
    dossier.stages[0].attestation = Some("lien.pdf".into());
    dir.write("secret.pdf", common::minimal_pdf(1));
    dir.dossier("classe/a.xlsx", &dossier);
    std::os::unix::fs::symlink(dir.join("secret.pdf"), dir.join("classe/lien.pdf")).unwrap();
    let (_, report) = dir.check_json(&["classe/a.xlsx"]);
    assert!(
        common::has(&report, "W018", Some("Stages!H2")),
        "{:?}",
        common::codes(&report, 0)
    );
}

#[test]
fn an_unwritable_output_folder_is_a_clear_error_and_leaves_earlier_outputs() {
    let dir = TestDir::new();
    dir.dossier("classe/a.xlsx", &examples::dupont());
    assert_eq!(dir.build(&["--only", "tableau"]).code, 0);
    let tableau = dir.join("sortie/02744118350_DUPONT_Marie/tableau-synthese.xlsx");
    let before = std::fs::read(&tableau).unwrap();
    // A file where the output folder should be.
    dir.write("fichier", b"pas un dossier");
    let run = dir.run(&[
        "build",
        "classe",
        "-o",
        "fichier/sortie",
        "--date",
        common::TODAY,
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("erreur : création du dossier fichier/sortie impossible"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&tableau).unwrap(), before);
}

#[test]
fn a_100_000_character_cell_is_cut_and_reported() {
    // Excel stops at 32 767 characters a cell; a hand-made file need not.
    let dir = TestDir::new();
    let good = examples::workbook_bytes(&examples::dupont());
    let huge = "Inventaire ".repeat(10_000);
    let bytes = replace_part(&good, "xl/sharedStrings.xml", |xml| {
        xml.replacen(
            "Inventaire du parc et gestion des incidents avec GLPI",
            &huge,
            1,
        )
    });
    dir.write("enorme.xlsx", bytes);
    let Some(run) = run_limited(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--date",
            common::TODAY,
            "enorme.xlsx",
        ],
    ) else {
        return;
    };
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        common::has(&report, "W020", Some("Réalisations!A3")),
        "{:?}",
        common::codes(&report, 0)
    );
    let title = report["candidates"][0]["realisations"][0]["intitule"]
        .as_str()
        .unwrap();
    assert_eq!(
        title.chars().count(),
        30_000 /* read::MAX_CELL_CHARS */
    );
}

#[test]
fn a_malformed_xml_part_is_reported_and_the_rest_still_read() {
    // A drawing part cut in the middle of a tag, linked from the first sheet: calamine never
    // reads it, the reader of drawings does, and says so rather than stopping silently.
    let dir = TestDir::new();
    let good = examples::workbook_bytes(&examples::dupont());
    let mut entries = entries_of(&good);
    assert!(!entries.iter().any(|(n, _)| n.starts_with("xl/drawings/")));
    entries.push((
        "xl/worksheets/_rels/sheet1.xml.rels".into(),
        br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/></Relationships>"#.to_vec(),
    ));
    entries.push((
        "xl/drawings/drawing1.xml".into(),
        b"<xdr:wsDr><xdr:twoCellAnchor><xdr:from><xdr:col>1</xdr:col></xdr:from></xdr:twoCe"
            .to_vec(),
    ));
    let refs: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    dir.write("dessin-abime.xlsx", zip_of(&refs));
    let (code, report) = dir.check_json(&["dessin-abime.xlsx"]);
    let codes = common::codes(&report, 0);
    assert_eq!(code, 0, "{codes:?}");
    assert!(common::has(&report, "W021", None), "{codes:?}");
    let message = report["candidates"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "W021")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("xl/drawings/drawing1.xml"), "{message}");
    assert_eq!(
        report["candidates"][0]["realisations"]
            .as_array()
            .unwrap()
            .len(),
        examples::dupont().realisations.len()
    );
}
