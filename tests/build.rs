//! `sio-dossier build`: the portfolio PDFs read back, the folder names, the report and the
//! manifest, reproducibility, and data that must never be taken for Typst markup.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{TestDir, examples};
use serde_json::Value;
use sha2::Digest;
use sio_dossier::model::Dossier;
use std::path::Path;

/// The text of a PDF, with whitespace and hyphens removed so that line breaks and
/// hyphenation do not matter.
fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    squash(&pdf_extract::extract_text_from_mem(&bytes).unwrap())
}

fn squash(text: &str) -> String {
    // Zero-width spaces (where the portfolio lets long words break) are not text.
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}' | '\u{200b}'))
        .collect()
}

fn page_count(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap();
    pdf_extract::extract_text_from_mem_by_pages(&bytes)
        .unwrap()
        .len()
}

fn build(dir: &TestDir, extra: &[&str]) -> common::Run {
    dir.build(extra)
}

fn class_dir(dossiers: &[(&str, Dossier)]) -> TestDir {
    let dir = TestDir::new();
    for (name, dossier) in dossiers {
        dir.dossier(&format!("classe/{name}"), dossier);
    }
    dir
}

#[test]
fn the_portfolio_shows_the_candidate_every_title_and_the_official_wording() {
    let dir = class_dir(&[("dupont.xlsx", examples::dupont())]);
    let run = build(&dir, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = dir.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf");
    let text = pdf_text(&pdf);
    let referentiel = sio_dossier::referentiel::Referentiel::get();
    let dossier = examples::dupont();
    assert!(text.contains(&squash("DUPONT Marie")));
    assert!(text.contains(&squash("Épreuve E5")));
    for r in &dossier.realisations {
        let title = r.intitule.as_deref().unwrap();
        assert!(text.contains(&squash(title)), "titre absent : {title}");
        for code in &r.sous_competences {
            let libelle = referentiel.sous_competence(code).unwrap().libelle;
            assert!(
                text.contains(&squash(libelle)),
                "libellé absent : {code} {libelle}"
            );
        }
    }
    for competence in &referentiel.competences {
        assert!(
            text.contains(&squash(&competence.libelle)),
            "{}",
            competence.libelle
        );
    }
}

#[test]
fn a_candidate_with_errors_gets_no_folder_and_the_report_lists_the_outputs() {
    let dir = class_dir(&[
        ("a.xlsx", examples::dupont()),
        ("b.xlsx", examples::martin()),
        ("c.xlsx", examples::nguyen()),
    ]);
    let run = build(&dir, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let folders: Vec<String> = std::fs::read_dir(dir.join("sortie"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        folders,
        [
            "02744118350_DUPONT_Marie",
            "02744118351_MARTIN_Lucas",
            "SHA256SUMS",
            "classe.xlsx",
            "grilles.pdf",
            "rapport.json"
        ]
    );
    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.join("sortie/rapport.json")).unwrap()).unwrap();
    let statuses: Vec<&str> = report["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["ok", "warnings", "errors"]);
    let outputs = &report["candidates"][0]["outputs"];
    assert_eq!(outputs[0]["path"], "02744118350_DUPONT_Marie/portfolio.pdf");
    let bytes = std::fs::read(dir.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf")).unwrap();
    let hash: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(outputs[0]["sha256"], hash.as_str());
    assert_eq!(report["candidates"][2]["outputs"], serde_json::json!([]));
}

#[test]
fn the_manifest_matches_every_file() {
    let dir = class_dir(&[
        ("a.xlsx", examples::dupont()),
        ("b.xlsx", examples::martin()),
    ]);
    assert_eq!(build(&dir, &[]).code, 0);
    let manifest = std::fs::read_to_string(dir.join("sortie/SHA256SUMS")).unwrap();
    let lines: Vec<&str> = manifest.lines().collect();
    // Per candidate a portfolio, a grid and a tableau; the class's grids and summary; the report.
    assert_eq!(lines.len(), 9, "{manifest}");
    for line in lines {
        let (hash, path) = line.split_once("  ").unwrap();
        let bytes = std::fs::read(dir.join("sortie").join(path)).unwrap();
        let actual: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hash, actual, "{path}");
    }
}

#[test]
fn two_builds_with_the_same_date_are_byte_identical_and_pdfa() {
    let dir = class_dir(&[("a.xlsx", examples::dupont())]);
    assert_eq!(build(&dir, &[]).code, 0);
    let first = std::fs::read(dir.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf")).unwrap();
    std::fs::remove_dir_all(dir.join("sortie")).unwrap();
    assert_eq!(build(&dir, &[]).code, 0);
    let second = std::fs::read(dir.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf")).unwrap();
    assert!(first == second, "deux constructions différentes");
    let text = String::from_utf8_lossy(&first);
    assert!(
        text.contains("<pdfaid:part>2</pdfaid:part>"),
        "identification PDF/A absente"
    );
    assert!(text.contains("<pdfaid:conformance>A</pdfaid:conformance>"));
    assert!(text.contains("<pdfuaid:part>1</pdfuaid:part>"));
    assert!(text.contains("2026-11-28"), "date du document absente");
    assert!(
        text.contains("<dc:language>") || text.contains("/Lang"),
        "langue absente"
    );
}

#[test]
fn hostile_titles_print_as_text() {
    let mut dossier = examples::dupont();
    let hostile = [
        r#"#read("/etc/passwd")"#,
        r#"$x$ ]) #import "@preview/x:0.1.0""#,
        "*gras* _pas_ `code` <label> @ref // fin",
    ];
    for (r, title) in dossier.realisations.iter_mut().zip(hostile) {
        r.intitule = Some(title.to_owned());
    }
    dossier.candidat.parcours = Some("#set page(width: 1cm)\n= Pas un titre".into());
    let dir = class_dir(&[("a.xlsx", dossier)]);
    let run = build(&dir, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = pdf_text(&dir.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf"));
    for title in hostile {
        assert!(
            text.contains(&squash(title)),
            "titre absent ou interprété : {title}"
        );
    }
    assert!(text.contains(&squash("#set page(width: 1cm)")));
    assert!(!text.contains("root:x:0"));
}

#[test]
fn long_texts_flow_over_pages_and_render_fully() {
    let short = class_dir(&[("a.xlsx", examples::dupont())]);
    assert_eq!(build(&short, &[]).code, 0);
    let base_pages = page_count(&short.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf"));

    let mut dossier = examples::dupont();
    let mut context = "Le service informatique gère le parc de la collectivité. ".repeat(350);
    context.truncate(19_980);
    context.push_str(" FINDUCONTEXTE https://exemple.fr/");
    context.push_str(&"a".repeat(200));
    context.push_str(" FINDUMOT");
    context.push_str(&"b".repeat(120));
    dossier.realisations[0].contexte = Some(context);
    let long = class_dir(&[("a.xlsx", dossier)]);
    assert_eq!(build(&long, &[]).code, 0);
    let pdf = long.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf");
    assert!(
        page_count(&pdf) >= base_pages + 3,
        "{} pages pour {base_pages}",
        page_count(&pdf)
    );
    assert!(pdf_text(&pdf).contains("FINDUCONTEXTE"), "texte long coupé");
    // A long address breaks across lines without characters inserted into it: copied from the
    // PDF (line breaks aside), it is the address; so is a long word that is not an address.
    let raw = pdf_extract::extract_text_from_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    assert!(
        !raw.contains('\u{200b}'),
        "espaces de largeur nulle dans le texte"
    );
    let joined: String = raw.split_whitespace().collect();
    let url = format!("https://exemple.fr/{}", "a".repeat(200));
    assert!(joined.contains(&url), "adresse coupée ou altérée");
    assert!(
        joined.contains(&format!("FINDUMOT{}", "b".repeat(120))),
        "mot long altéré"
    );
}

#[test]
fn a_name_collision_gets_two_folders_and_names_stay_inside_the_output() {
    let mut escaper = examples::martin();
    escaper.candidat.numero = None;
    escaper.candidat.nom = Some("../../évasion".into());
    escaper.candidat.prenom = Some("CON".into());
    let dir = class_dir(&[
        ("a.xlsx", examples::dupont()),
        ("b.xlsx", examples::dupont()),
        ("c.xlsx", escaper),
    ]);
    let run = build(&dir, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        dir.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf")
            .is_file()
    );
    assert!(
        dir.join("sortie/02744118350_DUPONT_Marie-2/portfolio.pdf")
            .is_file()
    );
    assert!(
        dir.join("sortie/evasion_CON/portfolio.pdf").is_file(),
        "{}",
        run.stderr
    );
    assert!(!dir.join("evasion_CON").exists());
}

#[test]
fn the_names_pattern_is_strict() {
    let dir = class_dir(&[("a.xlsx", examples::dupont())]);
    let ok = build(&dir, &["--names", "{{session}}-{{option}}-{{nom}}"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(dir.join("sortie/2027-SISR-DUPONT/portfolio.pdf").is_file());
    let unknown = build(&dir, &["--names", "{{classe}}"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("modèle de nom"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn an_attestation_is_embedded_page_by_page() {
    let mut dossier = examples::dupont();
    dossier.stages[0].attestation = Some("attestation-villeurbanne.pdf".into());
    let mut second = dossier.stages[0].clone();
    second.organisation = Some("Clinique du Parc".into());
    second.attestation = Some("scan-clinique.png".into());
    dossier.stages.push(second);
    let dir = class_dir(&[("a.xlsx", dossier)]);
    dir.write(
        "classe/attestation-villeurbanne.pdf",
        common::minimal_pdf(3),
    );
    dir.write("classe/scan-clinique.png", common::TINY_PNG);
    let without = class_dir(&[("a.xlsx", examples::dupont())]);
    assert_eq!(build(&without, &[]).code, 0);
    let run = build(&dir, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = dir.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf");
    let base = page_count(&without.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf"));
    assert_eq!(page_count(&pdf), base + 4);
    assert!(pdf_text(&pdf).contains(&squash("Attestations de stage")));
}

#[test]
fn templates_are_overridable_and_their_errors_located() {
    let dir = class_dir(&[("a.xlsx", examples::dupont())]);
    dir.write(
        "modeles/portfolio.typ",
        "#let data = json(\"/data.json\")\n#set document(title: \"x\", author: \"y\")\nPortfolio maison de #data.candidat.nom_complet\n",
    );
    let run = build(&dir, &["--templates", "modeles"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = pdf_text(&dir.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf"));
    assert!(text.contains(&squash("Portfolio maison de DUPONT Marie")));

    dir.write(
        "cassé/portfolio.typ",
        "#let data = json(\"/data.json\")\n\n#data.inexistant\n",
    );
    let broken = build(&dir, &["--templates", "cassé"]);
    assert_eq!(broken.code, 2);
    assert!(
        broken.stderr.contains("portfolio.typ:3:"),
        "{}",
        broken.stderr
    );

    dir.write("fouineur/portfolio.typ", "#read(\"/etc/passwd\")\n");
    let snooping = build(&dir, &["--templates", "fouineur"]);
    assert_eq!(snooping.code, 2, "{}", snooping.stderr);
    assert!(
        snooping.stderr.contains("portfolio.typ:1:"),
        "{}",
        snooping.stderr
    );
}

#[test]
fn emit_typst_writes_sources_the_typst_cli_can_compile() {
    let dir = class_dir(&[("a.xlsx", examples::dupont())]);
    let run = build(&dir, &["--emit-typst", "typst"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.join("typst/fonts/LiberationSans-Regular.ttf").is_file());
    let candidate = dir.join("typst/02744118350_DUPONT_Marie");
    // Each document's folder holds what compiles it, and compiles as written: with the
    // templates and data found there, the engine gives the PDF `build` wrote.
    for (document, template) in [
        ("portfolio", "portfolio.typ"),
        ("grille-evaluation", "grille.typ"),
    ] {
        let emitted = candidate.join(document);
        for name in [template, "data.json"] {
            assert!(emitted.join(name).is_file(), "{document}/{name} absent");
        }
        let data: Value =
            serde_json::from_slice(&std::fs::read(emitted.join("data.json")).unwrap()).unwrap();
        assert_eq!(
            data["candidat"]["nom_complet"], "DUPONT Marie",
            "{document}"
        );
        let overrides: Vec<(String, String)> = std::fs::read_dir(&emitted)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "typ"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        // Only what the entry file imports: no other document's template.
        let mut names: Vec<&str> = overrides.iter().map(|(n, _)| n.as_str()).collect();
        names.sort();
        let expected: &[&str] = if document == "portfolio" {
            &["commun.typ", "portfolio.typ"]
        } else {
            &["grille-formulaire.typ", "grille.typ"]
        };
        assert_eq!(names, expected, "{document}");
        let templates = sio_dossier::render::templates::with_overrides(overrides).unwrap();
        let engine = sio_dossier::render::world::Engine::new(&templates, 1);
        let prepared = sio_dossier::render::Prepared {
            template: if document == "portfolio" {
                "portfolio.typ"
            } else {
                "grille.typ"
            },
            data: std::fs::read(emitted.join("data.json")).unwrap(),
            files: Vec::new(),
        };
        // The identifier names the candidate and the document, whatever the door.
        let ident = format!("sio-dossier/02744118350/DUPONT Marie/{document}.pdf");
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let pdf = sio_dossier::render::pdf(&engine, prepared, &ident, date).unwrap();
        let built_path = format!("sortie/02744118350_DUPONT_Marie/{document}.pdf");
        let built = std::fs::read(dir.join(&built_path)).unwrap();
        assert!(
            pdf == built,
            "{document} : les sources écrites ne redonnent pas le PDF"
        );
    }
    let data: Value =
        serde_json::from_slice(&std::fs::read(candidate.join("portfolio/data.json")).unwrap())
            .unwrap();
    assert_eq!(data["realisations"].as_array().unwrap().len(), 5);
}

#[test]
fn long_texts_keep_their_paragraphs_and_lists_tagged_as_lists() {
    let mut plain = examples::dupont();
    plain.realisations[0].contexte = Some("Premier paragraphe.\nSecond paragraphe.".into());
    let mut listed = plain.clone();
    listed.realisations[0].contexte = Some(
        "Premier paragraphe,\nsur deux lignes.\n\nSecond paragraphe :\n- recenser les postes\n- suivre les tickets\n- former les agents\n1. installer GLPI\n2) déployer l'agent"
            .into(),
    );
    let tags = |dossier: Dossier| {
        let dir = class_dir(&[("a.xlsx", dossier)]);
        let run = build(&dir, &["--only", "portfolio"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let path = dir.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf");
        let li = common::conformance(&path)
            .tags
            .iter()
            .filter(|t| *t == "LI")
            .count();
        let text = pdf_extract::extract_text(&path).unwrap();
        (li, text)
    };
    let (li_plain, _) = tags(plain);
    let (li_listed, text) = tags(listed);
    assert_eq!(li_listed, li_plain + 5, "5 éléments de liste balisés LI");
    let squashed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let order = [
        "Premier paragraphe,",
        "sur deux lignes.",
        "Second paragraphe :",
        "recenser les postes",
        "suivre les tickets",
        "former les agents",
        "installer GLPI",
        "déployer l'agent",
    ];
    let mut from = 0;
    for item in order {
        let at = squashed[from..]
            .find(item)
            .unwrap_or_else(|| panic!("« {item} » absent ou hors d'ordre"));
        from += at + item.len();
    }
}

#[test]
fn screenshots_are_figures_with_their_captions_downscaled_for_print() {
    // A wide screenshot (flat panels and rules, as a dashboard) and a large photo (gradients and
    // grain), generated here.
    let noise = |x: u32, y: u32| ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 251) as u8;
    let png = image::RgbImage::from_fn(2400, 1500, |x, y| {
        let panel = ((x / 300) * 37 + (y / 250) * 91) as u8;
        if x % 300 < 3 || y % 250 < 3 {
            image::Rgb([40, 40, 40])
        } else {
            image::Rgb([panel, 230 - panel / 2, 200])
        }
    });
    let mut png_bytes = std::io::Cursor::new(Vec::new());
    png.write_to(&mut png_bytes, image::ImageFormat::Png)
        .unwrap();
    let photo = image::RgbImage::from_fn(4000, 3000, |x, y| {
        let grain = noise(x, y) / 12;
        image::Rgb([
            (x / 16) as u8 / 2 + grain,
            (y / 12) as u8 / 2 + grain,
            90 + grain,
        ])
    });
    let mut jpeg_bytes = std::io::Cursor::new(Vec::new());
    photo
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut jpeg_bytes,
            90,
        ))
        .unwrap();
    let jpeg_bytes = jpeg_bytes.into_inner();
    assert!(jpeg_bytes.len() > 1_500_000, "{} octets", jpeg_bytes.len());

    let mut dossier = examples::dupont();
    dossier.realisations[0].documents = vec![
        "glpi-tableau.png : tableau de bord du parc".into(),
        "baie.jpg".into(),
    ];
    let dir = class_dir(&[("a.xlsx", dossier)]);
    dir.write("classe/glpi-tableau.png", png_bytes.into_inner());
    dir.write("classe/baie.jpg", &jpeg_bytes);
    let run = build(&dir, &["--only", "portfolio"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("W009"), "{}", run.stderr);
    let path = dir.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf");
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 1_000_000, "portfolio de {size} octets");
    // To look at it: SIO_CAPTURE_PORTFOLIO=file.pdf keeps a copy.
    if let Ok(copy) = std::env::var("SIO_CAPTURE_PORTFOLIO") {
        std::fs::copy(&path, copy).unwrap();
    }
    let text = pdf_text(&path);
    assert!(
        text.contains(&squash("tableau de bord du parc")),
        "légende absente"
    );
    assert!(
        text.contains(&squash("baie.jpg")),
        "légende par défaut : le nom du fichier"
    );
    let conformance = common::assert_accessible(&path);
    for caption in ["tableau de bord du parc", "baie.jpg"] {
        assert!(
            conformance.alt.iter().any(|a| a == caption),
            "{:?}",
            conformance.alt
        );
    }
    let doc = lopdf::Document::load(&path).unwrap();
    let widths: Vec<i64> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image"))
        .filter_map(|s| s.dict.get(b"Width").and_then(|w| w.as_i64()).ok())
        .filter(|w| *w > 100)
        .collect();
    assert_eq!(widths.len(), 2, "{widths:?}");
    assert!(widths.iter().all(|w| *w <= 1700), "{widths:?}");
}

#[test]
fn an_attestation_written_by_a_word_processor_does_not_weigh_ten_times_its_size() {
    // A three-page PDF of text with embedded fonts, as a word processor writes it: the tool's
    // own grid with its fiche d'appréciation.
    let source = class_dir(&[("a.xlsx", examples::dupont())]);
    assert_eq!(build(&source, &["--only", "grille", "--fiche"]).code, 0);
    let attestation =
        std::fs::read(source.join("sortie/02744118350_DUPONT_Marie/grille-evaluation.pdf"))
            .unwrap();

    let portfolio_size = |with: bool| {
        let mut dossier = examples::dupont();
        dossier.stages[0].attestation = with.then(|| "attestation.pdf".to_owned());
        let dir = class_dir(&[("a.xlsx", dossier)]);
        dir.write("classe/attestation.pdf", &attestation);
        let run = build(&dir, &["--only", "portfolio"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let path = dir.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf");
        if with && let Ok(copy) = std::env::var("SIO_CAPTURE_ATTESTATION") {
            std::fs::copy(&path, copy).unwrap();
        }
        std::fs::metadata(path).unwrap().len()
    };
    let added = portfolio_size(true) - portfolio_size(false);
    eprintln!(
        "attestation de {} octets : + {added} octets dans le portfolio",
        attestation.len()
    );
    assert!(
        added <= 600_000,
        "+ {added} octets pour une attestation de {}",
        attestation.len()
    );
}

#[test]
fn a_scanned_attestation_adds_no_more_than_its_own_size() {
    // A one-page scan at 200 dpi: paper grain and a few dark lines of "text".
    let noise = |x: u32, y: u32| ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 23) as u8;
    let scan = image::RgbImage::from_fn(1654, 2339, |x, y| {
        let ink = y % 60 < 8 && x > 150 && x < 1500 && (x / 9) % 7 != 0;
        let v = if ink { 40 } else { 235 - noise(x, y) };
        image::Rgb([v, v, v.saturating_sub(6)])
    });
    let mut jpeg = std::io::Cursor::new(Vec::new());
    scan.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
        &mut jpeg, 80,
    ))
    .unwrap();
    let jpeg = jpeg.into_inner();
    let portfolio_size = |with: bool| {
        let mut dossier = examples::dupont();
        dossier.stages[0].attestation = with.then(|| "attestation.jpg".to_owned());
        let dir = class_dir(&[("a.xlsx", dossier)]);
        dir.write("classe/attestation.jpg", &jpeg);
        assert_eq!(build(&dir, &["--only", "portfolio"]).code, 0);
        std::fs::metadata(dir.join("sortie/02744118350_DUPONT_Marie/portfolio.pdf"))
            .unwrap()
            .len()
    };
    let added = portfolio_size(true) - portfolio_size(false);
    eprintln!("scan de {} octets : + {added} octets", jpeg.len());
    assert!(
        added <= jpeg.len() as u64 + 50_000,
        "+ {added} pour {}",
        jpeg.len()
    );
}
