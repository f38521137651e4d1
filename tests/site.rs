//! The online portfolio (`build --only site`): every internal link resolves, nothing private is
//! published, the competence table says what the workbook ticks, two builds are identical, and
//! checkers we did not write accept the pages: axe-core in headless Chromium at 1280 and 390 px
//! (and the pages work with JavaScript off), the Nu HTML checker. A checker that is not
//! installed is skipped with a message (`.ci/run` installs them).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::browser::Browser;
use common::{TestDir, examples};
use sio_dossier::model::{Dossier, OuiNon};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A 1 × 1 PNG picture.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// DUPONT with a screenshot and its caption, a PDF production, an attestation that must stay
/// private, and a list in a text; MARTIN, who asks for their e-mail to be published.
fn class() -> (TestDir, Dossier) {
    let dir = TestDir::new();
    let mut dupont = examples::dupont();
    dupont.realisations[0].documents = vec![
        "https://exemple.fr/glpi".into(),
        "capture-glpi.png : tableau de bord du parc".into(),
        "guide-glpi.pdf".into(),
        "attestation-mairie.pdf".into(),
    ];
    dupont.realisations[0].contexte = Some(
        "Le parc n'était pas recensé.\n- 120 postes\n- 3 sites\n1. inventaire\n2. tickets".into(),
    );
    dupont.stages[0].attestation = Some("attestation-mairie.pdf".into());
    dir.write("classe/capture-glpi.png", PNG);
    dir.write("classe/guide-glpi.pdf", common::minimal_pdf(1));
    dir.write("classe/attestation-mairie.pdf", common::minimal_pdf(2));
    dir.dossier("classe/dupont.xlsx", &dupont);
    let mut martin = examples::martin();
    martin.candidat.publier_courriel = Some(OuiNon::Oui);
    dir.dossier("classe/martin.xlsx", &martin);
    (dir, dupont)
}

fn site_files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    common::files_under(root)
        .into_iter()
        .map(|p| {
            let relative = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// Every `href` and `src` of a page.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in [" href=\"", " src=\""] {
        for part in html.split(attribute).skip(1) {
            found.push(part.split('"').next().unwrap().replace("&amp;", "&"));
        }
    }
    found
}

#[test]
fn the_site_is_whole_private_and_says_what_the_workbook_ticks() {
    let (dir, dupont) = class();
    let run = dir.build(&["--only", "site"]);
    assert!(run.code == 0, "{}", run.stderr);
    let root = dir.join("sortie/02744118350_DUPONT_Marie/site");
    let files = site_files(&root);

    // A crawler from the home page: every internal link and picture resolves.
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            html.starts_with("<!doctype html>\n<html lang=\"fr\">"),
            "{path}"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{path} : un seul h1");
        for link in links(&html) {
            if link.starts_with("https://") || link.starts_with("mailto:") || link.starts_with('#')
            {
                continue;
            }
            let base = Path::new(path).parent().unwrap();
            let target = base.join(&link);
            let mut parts: Vec<String> = Vec::new();
            for c in target.components() {
                match c.as_os_str().to_str().unwrap() {
                    ".." => {
                        parts
                            .pop()
                            .unwrap_or_else(|| panic!("{path} : {link} sort du site"));
                    }
                    "." => {}
                    part => parts.push(part.to_owned()),
                }
            }
            assert!(
                files.contains_key(&parts.join("/")),
                "{path} : lien mort {link}"
            );
        }
    }
    // What a candidate publishes: every file listed, nothing private.
    let listed = String::from_utf8(files["PUBLIE.txt"].clone()).unwrap();
    for path in files.keys() {
        assert!(
            listed.lines().any(|l| l == path),
            "{path} absent de PUBLIE.txt"
        );
    }
    let attestation = common::minimal_pdf(2);
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("02744118350"),
            "{path} : numéro de candidat publié"
        );
        assert!(
            !text.contains("marie.dupont@exemple.fr"),
            "{path} : courriel publié"
        );
        assert!(*bytes != attestation, "{path} : attestation publiée");
    }
    assert!(files.contains_key("documents/r01-guide-glpi.pdf"));
    assert!(!files.keys().any(|p| p.contains("attestation")));

    // The screenshot is a figure with its caption as its text; the list is a list.
    let page = files
        .iter()
        .find(|(p, _)| p.starts_with("realisations/01-"))
        .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
        .unwrap();
    assert!(
        page.contains(
            "<img src=\"../../documents/r01-capture-glpi.png\" alt=\"tableau de bord du parc\">"
        ),
        "{page}"
    );
    assert!(page.contains("<figcaption>tableau de bord du parc</figcaption>"));
    assert!(
        page.contains("<ul><li>120 postes</li><li>3 sites</li></ul>"),
        "{page}"
    );
    assert!(
        page.contains("<ol><li>inventaire</li><li>tickets</li></ol>"),
        "{page}"
    );

    // The competence table's marks are the workbook's ticks, row by row.
    let table = String::from_utf8(files["competences/index.html"].clone()).unwrap();
    let r = sio_dossier::referentiel::Referentiel::get();
    for sous in r.sous_competences() {
        let row_start = table
            .find(&format!(
                "<th scope=\"row\">{}</th>",
                html_escape(sous.libelle)
            ))
            .unwrap_or_else(|| panic!("{} absente", sous.code));
        let row = &table[row_start..table[row_start..].find("</tr>").unwrap() + row_start];
        let marks: Vec<bool> = row
            .split("<td>")
            .skip(1)
            .map(|c| c.starts_with("oui"))
            .collect();
        let expected: Vec<bool> = dupont
            .realisations
            .iter()
            .map(|r| r.sous_competences.iter().any(|s| s == sous.code))
            .collect();
        assert_eq!(marks, expected, "{}", sous.code);
    }

    // Asked for, the e-mail is published; never the number.
    let martin = site_files(&dir.join("sortie/02744118351_MARTIN_Lucas/site"));
    let home = String::from_utf8(martin["index.html"].clone()).unwrap();
    assert!(home.contains("mailto:lucas.martin@exemple.fr"), "{home}");
    assert!(!home.contains("02744118351"));

    // Same workbooks, same date: the same site, byte for byte.
    let again = dir.run(&[
        "build",
        "classe",
        "-o",
        "encore",
        "--only",
        "site",
        "--date",
        common::TODAY,
    ]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(site_files(&dir.join("encore/02744118350_DUPONT_Marie/site")) == files);
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

#[test]
fn axe_finds_no_violation_at_1280_and_390_px_and_pages_work_without_javascript() {
    let Some(axe) = common::node_module("axe-core/axe.min.js") else {
        eprintln!("test ignoré : axe-core absent (npm install axe-core ; SIO_NODE_MODULES)");
        return;
    };
    let mut browser = match Browser::start() {
        Ok(browser) => browser,
        Err(why) => {
            eprintln!("test ignoré : {why}");
            return;
        }
    };
    let (dir, _) = class();
    assert_eq!(dir.build(&["--only", "site"]).code, 0);
    let root = dir.join("sortie/02744118350_DUPONT_Marie/site");
    let script = std::fs::read_to_string(axe).unwrap();
    let pages: Vec<PathBuf> = common::files_under(&root)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert!(pages.len() >= 9, "{pages:?}");
    let mut violations = Vec::new();
    for width in [1280, 390] {
        browser.width(width);
        for page in &pages {
            browser.open(&format!("file://{}", page.display()));
            for v in browser.axe(&script) {
                violations.push(format!("{width} px, {} : {v}", page.display()));
            }
        }
        if let Ok(folder) = std::env::var("SIO_CAPTURE_SITE") {
            for (name, page) in [
                ("accueil", "index.html"),
                ("competences", "competences/index.html"),
            ] {
                browser.open(&format!("file://{}", root.join(page).display()));
                std::fs::write(format!("{folder}/{name}-{width}.png"), browser.screenshot())
                    .unwrap();
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));

    // JavaScript off: every page still shows its title and content.
    browser.call(
        "Emulation.setScriptExecutionDisabled",
        serde_json::json!({ "value": true }),
    );
    for page in &pages {
        browser.open(&format!("file://{}", page.display()));
        let h1 = browser.call(
            "Runtime.evaluate",
            serde_json::json!({ "expression": "document.querySelector('h1').textContent", "returnByValue": true }),
        );
        assert!(
            h1["result"]["value"]
                .as_str()
                .is_some_and(|t| !t.is_empty()),
            "{}",
            page.display()
        );
    }
}

#[test]
fn the_nu_html_checker_finds_no_error() {
    let Some(vnu) = common::node_module("vnu-jar/build/dist/vnu.jar") else {
        eprintln!("test ignoré : vnu-jar absent (npm install vnu-jar ; SIO_NODE_MODULES)");
        return;
    };
    if !common::tool_works("java", &["-version"]) {
        eprintln!("test ignoré : Java absent (le validateur Nu en a besoin)");
        return;
    }
    let (dir, _) = class();
    assert_eq!(dir.build(&["--only", "site"]).code, 0);
    let root = dir.join("sortie/02744118350_DUPONT_Marie/site");
    let pages: Vec<PathBuf> = common::files_under(&root)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html" || e == "css"))
        .collect();
    let output = std::process::Command::new("java")
        .arg("-jar")
        .arg(vnu)
        .args(["--errors-only", "--also-check-css"])
        .args(&pages)
        .output()
        .unwrap();
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{errors}");
}

#[test]
fn the_site_templates_are_overridable_and_a_misspelled_one_refused() {
    let (dir, _) = class();
    dir.write(
        "modeles/site/mentions.hbs",
        "<h1>Mentions légales</h1><p>Hébergé par le lycée Condorcet.</p>",
    );
    let run = dir.build(&["--only", "site", "--templates", "modeles"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(
        dir.join("sortie/02744118350_DUPONT_Marie/site/mentions-legales/index.html"),
    )
    .unwrap();
    assert!(page.contains("Hébergé par le lycée Condorcet."), "{page}");
    assert!(
        page.contains("<html lang=\"fr\">"),
        "la mise en page reste celle du site"
    );

    dir.write("modeles/site/mention.hbs", "x");
    let refused = dir.build(&["--only", "site", "--templates", "modeles"]);
    assert_eq!(refused.code, 2);
    assert!(
        refused
            .stderr
            .contains("modèle de site inconnu : « mention.hbs »"),
        "{}",
        refused.stderr
    );
}
