//! The candidate's online portfolio: a static website made from the portfolio's data
//! (`PortfolioData`, nothing read twice), with the Handlebars templates of `templates/site/`.
//! Relative links only, no JavaScript, fonts and CSS included, one `index.html` per page
//! folder. Private by construction: the candidate number, the attestations and the e-mail (unless
//! the candidate asks) never reach the templates. Every internal link and image is checked
//! before the site is given out; `PUBLIE.txt` lists every file.

use super::blocks::Blocks;
use super::figures::Published;
use super::portfolio::{PortfolioData, RealisationData};
use crate::coverage::Covered;
use handlebars::Handlebars;
use serde::Serialize;
use std::collections::BTreeMap;

/// The embedded templates of the site, by file name.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "layout.hbs",
        include_str!("../../templates/site/layout.hbs"),
    ),
    ("texte.hbs", include_str!("../../templates/site/texte.hbs")),
    (
        "accueil.hbs",
        include_str!("../../templates/site/accueil.hbs"),
    ),
    (
        "realisation.hbs",
        include_str!("../../templates/site/realisation.hbs"),
    ),
    (
        "competences.hbs",
        include_str!("../../templates/site/competences.hbs"),
    ),
    (
        "documents.hbs",
        include_str!("../../templates/site/documents.hbs"),
    ),
    (
        "mentions.hbs",
        include_str!("../../templates/site/mentions.hbs"),
    ),
    ("style.css", include_str!("../../templates/site/style.css")),
];

/// The embedded site templates, made once per process (what the web page renders with).
pub fn embedded() -> &'static [(String, String)] {
    static EMBEDDED: std::sync::LazyLock<Vec<(String, String)>> = std::sync::LazyLock::new(|| {
        TEMPLATES
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect()
    });
    &EMBEDDED
}

/// The embedded site templates, each replaced by the text given for its name in `overrides`;
/// an unknown name is an error (a misspelled file would otherwise be ignored).
pub fn templates_with(overrides: Vec<(String, String)>) -> Result<Vec<(String, String)>, String> {
    let mut files = embedded().to_vec();
    for (name, text) in overrides {
        match files.iter_mut().find(|(n, _)| *n == name) {
            Some(file) => file.1 = text,
            None => {
                let known: Vec<String> =
                    TEMPLATES.iter().map(|(n, _)| format!("« {n} »")).collect();
                return Err(format!(
                    "modèle de site inconnu : « {name} » ; les modèles remplaçables sont {}",
                    known.join(", ")
                ));
            }
        }
    }
    Ok(files)
}

/// What the site is made from.
pub struct SiteInput<'a> {
    /// The portfolio's data.
    pub data: &'a PortfolioData,
    /// The files to publish with the réalisations.
    pub published: &'a [Published],
    /// The portfolio PDF and the filled tableau, to download.
    pub portfolio_pdf: &'a [u8],
    /// The filled tableau de synthèse (xlsx).
    pub tableau: &'a [u8],
    /// Whether the candidate asked to publish their e-mail.
    pub publier_courriel: bool,
    /// The templates (embedded, or overridden by name).
    pub templates: &'a [(String, String)],
}

/// The site's files: path inside `site/` → bytes, sorted by path.
pub type SiteFiles = BTreeMap<String, Vec<u8>>;

/// Builds the site, checked; `Err` lists why it is not given out (a broken link, an image
/// without text, a template error).
pub fn build(input: &SiteInput<'_>) -> Result<SiteFiles, Vec<String>> {
    let registry = registry(input.templates)?;
    let mut data = serde_json::to_value(Context::new(input)).map_err(|e| vec![e.to_string()])?;
    let mut files = SiteFiles::new();
    let pages = pages(input);
    for (path, template, page, extra) in &pages {
        data["page"] = serde_json::Value::from(*page);
        data["racine"] = serde_json::Value::from("../".repeat(path.matches('/').count()));
        data["courant"] = extra.clone();
        let contenu = registry
            .render(template, &data)
            .map_err(|e| vec![format!("{template} : {e}")])?;
        data["contenu"] = serde_json::Value::from(contenu);
        data["titre"] = serde_json::Value::from(title(page, extra));
        let html = registry
            .render("layout.hbs", &data)
            .map_err(|e| vec![format!("layout.hbs : {e}")])?;
        files.insert(path.clone(), html.into_bytes());
    }
    let css = input
        .templates
        .iter()
        .find(|(n, _)| n == "style.css")
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
    files.insert("style.css".into(), css.into_bytes());
    for (name, bytes) in super::world::LIBERATION_SANS_FILES
        .iter()
        .zip(super::world::LIBERATION_SANS)
        .filter(|(n, _)| n.ends_with("Regular.ttf") || n.ends_with("-Bold.ttf"))
    {
        files.insert(format!("polices/{name}"), bytes.to_vec());
    }
    files.insert(
        "polices/LICENSE-OFL.txt".into(),
        include_bytes!("../../templates/fonts/LICENSE-OFL.txt").to_vec(),
    );
    files.insert(
        "documents/portfolio.pdf".into(),
        input.portfolio_pdf.to_vec(),
    );
    files.insert(
        "documents/tableau-synthese.xlsx".into(),
        input.tableau.to_vec(),
    );
    for file in input.published {
        files.insert(
            format!("documents/{}", published_name(file)),
            file.bytes.clone(),
        );
    }
    check(&files)?;
    let list: String = files.keys().map(|p| format!("{p}\n")).collect();
    files.insert(
        "PUBLIE.txt".into(),
        format!(
            "Fichiers publiés par ce site (ni numéro de candidat, ni attestation{}) :\n\n{list}PUBLIE.txt\n",
            if input.publier_courriel { "" } else { ", ni courriel" }
        )
        .into_bytes(),
    );
    Ok(files)
}

/// Each page: path, template, name, and the page's own data.
fn pages(input: &SiteInput<'_>) -> Vec<(String, &'static str, &'static str, serde_json::Value)> {
    let mut pages = vec![
        (
            "index.html".to_owned(),
            "accueil.hbs",
            "accueil",
            serde_json::Value::Null,
        ),
        (
            "competences/index.html".to_owned(),
            "competences.hbs",
            "competences",
            serde_json::Value::Null,
        ),
        (
            "documents/index.html".to_owned(),
            "documents.hbs",
            "documents",
            serde_json::Value::Null,
        ),
        (
            "mentions-legales/index.html".to_owned(),
            "mentions.hbs",
            "mentions",
            serde_json::Value::Null,
        ),
    ];
    for r in &input.data.realisations {
        let page = RealisationPage::new(r, input);
        let value = serde_json::to_value(&page).unwrap_or_default();
        pages.push((
            format!("{}index.html", realisation_folder(r)),
            "realisation.hbs",
            "realisation",
            value,
        ));
    }
    pages
}

fn title(page: &str, extra: &serde_json::Value) -> String {
    match page {
        "accueil" => "Accueil".into(),
        "competences" => "Compétences".into(),
        "documents" => "Documents".into(),
        "mentions" => "Mentions légales".into(),
        _ => extra["intitule"]
            .as_str()
            .unwrap_or("Réalisation")
            .to_owned(),
    }
}

/// The Handlebars registry: every template registered, `texte` as a partial, `eq` for
/// comparisons. Not strict: templates test optional fields with `{{#if}}`.
fn registry(templates: &[(String, String)]) -> Result<Handlebars<'static>, Vec<String>> {
    let mut registry = Handlebars::new();
    registry.set_strict_mode(false);
    for (name, text) in templates.iter().filter(|(n, _)| n.ends_with(".hbs")) {
        registry
            .register_template_string(name, text)
            .map_err(|e| vec![format!("{name} : {e}")])?;
        if name == "texte.hbs" {
            registry
                .register_partial("texte", text)
                .map_err(|e| vec![format!("{name} : {e}")])?;
        }
    }
    handlebars::handlebars_helper!(eq: |a: str, b: str| a == b);
    registry.register_helper("eq", Box::new(eq));
    Ok(registry)
}

/// A réalisation's folder: `realisations/03-inventaire-du-parc/`.
fn realisation_folder(r: &RealisationData) -> String {
    let slug: String = crate::text::fold_accents(&r.intitule)
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let slug: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).collect();
    let mut short = String::new();
    for word in slug {
        if short.len() + word.len() > 40 {
            break;
        }
        if !short.is_empty() {
            short.push('-');
        }
        short.push_str(word);
    }
    format!("realisations/{:02}-{short}/", r.numero)
}

/// A published file's name in `documents/`, prefixed by its réalisation.
fn published_name(file: &Published) -> String {
    let base = file.nom.rsplit(['/', '\\']).next().unwrap_or(&file.nom);
    format!(
        "r{:02}-{}",
        file.realisation,
        crate::output::safe_file_name(base)
    )
}

/// What every page reads: the candidate (without number; e-mail only when asked), the parts
/// with links, the internships without attestation, the competence table.
#[derive(Serialize)]
struct Context<'a> {
    candidat: Candidat<'a>,
    session: u16,
    epreuve: &'a str,
    bloc: &'a str,
    stages: Vec<Stage<'a>>,
    parties: Vec<Partie>,
    realisations: Vec<Link>,
    competences: Vec<CompetenceLinks>,
    groupes: Vec<Groupe>,
    colonnes: usize,
    telechargements: Vec<Download>,
    publies: Vec<Download>,
}

#[derive(Serialize)]
struct Candidat<'a> {
    nom_complet: &'a str,
    option: Option<&'a str>,
    centre: Option<&'a str>,
    courriel: Option<&'a str>,
    profil_url: Option<&'a str>,
    parcours: &'a Blocks,
}

#[derive(Serialize)]
struct Stage<'a> {
    organisation: Option<&'a str>,
    ville: Option<&'a str>,
    annee: Option<&'a str>,
    periode: Option<&'a str>,
    fonction_tuteur: Option<&'a str>,
}

#[derive(Serialize, Clone)]
struct Link {
    numero: usize,
    intitule: String,
    periode: Option<String>,
    /// From the site's root.
    lien: String,
}

#[derive(Serialize)]
struct Partie {
    titre: &'static str,
    realisations: Vec<Link>,
}

#[derive(Serialize)]
struct CompetenceLinks {
    libelle: String,
    realisations: Vec<Link>,
}

#[derive(Serialize)]
struct Groupe {
    libelle: String,
    lignes: Vec<Ligne>,
}

#[derive(Serialize)]
struct Ligne {
    libelle: String,
    marques: Vec<bool>,
}

#[derive(Serialize)]
struct Download {
    fichier: String,
    libelle: String,
    nom: String,
    format: &'static str,
    taille: String,
    realisation: usize,
}

impl<'a> Context<'a> {
    fn new(input: &'a SiteInput<'a>) -> Context<'a> {
        let d = input.data;
        let c = &d.candidat;
        let link = |r: &RealisationData| Link {
            numero: r.numero,
            intitule: r.intitule.clone(),
            periode: r.periode.clone(),
            lien: format!("{}index.html", realisation_folder(r)),
        };
        let links: Vec<Link> = d.realisations.iter().map(link).collect();
        let by_number = |numbers: &[usize]| -> Vec<Link> {
            numbers
                .iter()
                .filter_map(|n| links.iter().find(|l| l.numero == *n).cloned())
                .collect()
        };
        Context {
            candidat: Candidat {
                nom_complet: &c.nom_complet,
                option: c.option,
                centre: c.centre.as_deref(),
                courriel: c.courriel.as_deref().filter(|_| input.publier_courriel),
                profil_url: c.profil_url.as_deref(),
                parcours: &c.parcours_blocs,
            },
            session: d.session,
            epreuve: &d.epreuve,
            bloc: &d.bloc,
            stages: d
                .stages
                .iter()
                .map(|s| Stage {
                    organisation: s.organisation.as_deref(),
                    ville: s.ville.as_deref(),
                    annee: s.annee.as_deref(),
                    periode: s.periode.as_deref(),
                    fonction_tuteur: s.fonction_tuteur.as_deref(),
                })
                .collect(),
            parties: d
                .parties
                .iter()
                .map(|p| Partie {
                    titre: p.titre,
                    realisations: by_number(&p.realisations),
                })
                .collect(),
            competences: d
                .competences
                .iter()
                .map(|c| CompetenceLinks {
                    libelle: c.libelle.clone(),
                    realisations: by_number(&c.realisations),
                })
                .collect(),
            groupes: groups(&d.competences, &d.realisations),
            colonnes: d.realisations.len() + 1,
            realisations: links,
            telechargements: downloads(input),
            publies: input.published.iter().map(published_download).collect(),
        }
    }
}

/// The competence table: per competence, its sub-competences and, per réalisation, whether it
/// mobilises them.
fn groups(competences: &[Covered], realisations: &[RealisationData]) -> Vec<Groupe> {
    competences
        .iter()
        .map(|c| Groupe {
            libelle: c.libelle.clone(),
            lignes: c
                .sous
                .iter()
                .map(|s| Ligne {
                    libelle: s.libelle.clone(),
                    marques: realisations
                        .iter()
                        .map(|r| s.realisations.contains(&r.numero))
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

fn size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} Mio", bytes as f64 / 1024.0 / 1024.0).replace('.', ",")
    } else {
        format!("{} Kio", bytes.div_ceil(1024))
    }
}

fn downloads(input: &SiteInput<'_>) -> Vec<Download> {
    vec![
        Download {
            fichier: "portfolio.pdf".into(),
            libelle: "Portfolio (PDF)".into(),
            nom: "portfolio.pdf".into(),
            format: "PDF",
            taille: size(input.portfolio_pdf.len()),
            realisation: 0,
        },
        Download {
            fichier: "tableau-synthese.xlsx".into(),
            libelle: "Tableau de synthèse officiel rempli (classeur)".into(),
            nom: "tableau-synthese.xlsx".into(),
            format: "XLSX",
            taille: size(input.tableau.len()),
            realisation: 0,
        },
    ]
}

fn published_download(file: &Published) -> Download {
    Download {
        fichier: published_name(file),
        libelle: file.nom.clone(),
        nom: file.nom.clone(),
        format: match file.kind {
            "pdf" => "PDF",
            "png" => "PNG",
            _ => "JPEG",
        },
        taille: size(file.bytes.len()),
        realisation: file.realisation,
    }
}

/// A réalisation's page data.
#[derive(Serialize)]
struct RealisationPage {
    numero: usize,
    intitule: String,
    cadre: Option<&'static str>,
    periode: Option<String>,
    organisation: Option<String>,
    modalite: Option<&'static str>,
    contexte: Blocks,
    contribution: Blocks,
    environnement: Blocks,
    competences: Vec<CompetenceMobilised>,
    captures: Vec<Capture>,
    documents: Vec<DocumentLink>,
}

#[derive(Serialize)]
struct CompetenceMobilised {
    libelle: String,
    sous_competences: Vec<Named>,
}

#[derive(Serialize)]
struct Named {
    libelle: String,
}

#[derive(Serialize)]
struct Capture {
    fichier: String,
    legende: String,
}

#[derive(Serialize)]
struct DocumentLink {
    texte: String,
    lien: Option<String>,
}

impl RealisationPage {
    fn new(r: &RealisationData, input: &SiteInput<'_>) -> RealisationPage {
        let mine: Vec<&Published> = input
            .published
            .iter()
            .filter(|p| p.realisation == r.numero)
            .collect();
        let up = "../../documents/";
        let competences = input
            .data
            .competences
            .iter()
            .filter(|c| r.competences.contains(&c.code))
            .map(|c| CompetenceMobilised {
                libelle: c.libelle.clone(),
                sous_competences: c
                    .sous
                    .iter()
                    .filter(|s| r.sous_competences.contains(&s.code))
                    .map(|s| Named {
                        libelle: s.libelle.clone(),
                    })
                    .collect(),
            })
            .collect();
        let documents = r
            .documents
            .iter()
            .map(|d| {
                let (target, _) = crate::attachments::document_entry(&d.texte);
                let published = mine.iter().find(|p| p.nom == target);
                DocumentLink {
                    texte: d.texte.clone(),
                    lien: d
                        .lien
                        .clone()
                        .or_else(|| published.map(|p| format!("{up}{}", published_name(p)))),
                }
            })
            .collect();
        RealisationPage {
            numero: r.numero,
            intitule: r.intitule.clone(),
            cadre: r.cadre,
            periode: r.periode.clone(),
            organisation: r.organisation.clone(),
            modalite: r.modalite,
            contexte: r.contexte_blocs.clone(),
            contribution: r.contribution_blocs.clone(),
            environnement: r.environnement_blocs.clone(),
            competences,
            captures: mine
                .iter()
                .filter(|p| p.kind != "pdf")
                .map(|p| Capture {
                    fichier: format!("{up}{}", published_name(p)),
                    legende: p.legende.clone().unwrap_or_else(|| p.nom.clone()),
                })
                .collect(),
            documents,
        }
    }
}

/// Every internal link and image of every page resolves to a file of the site, every image
/// has its text: what a publisher would check before putting the site online.
fn check(files: &SiteFiles) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let folder = path.rsplit_once('/').map_or("", |(f, _)| f);
        for (attribute, target) in references(&html) {
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("mailto:")
                || target.starts_with('#')
            {
                continue;
            }
            let resolved = resolve(folder, target.split('#').next().unwrap_or(""));
            if !resolved.as_ref().is_some_and(|r| files.contains_key(r)) {
                problems.push(format!(
                    "{path} : lien {attribute}=\"{target}\" vers un fichier absent"
                ));
            }
        }
        if html.contains("<img")
            && html.split("<img").skip(1).any(|tag| {
                let tag = tag.split('>').next().unwrap_or("");
                !tag.contains("alt=\"") || tag.contains("alt=\"\"")
            })
        {
            problems.push(format!("{path} : image sans texte de remplacement"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The `href` and `src` values of a page (HTML-escaped `&amp;` decoded).
fn references(html: &str) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    for attribute in ["href", "src"] {
        let pattern = format!(" {attribute}=\"");
        for part in html.split(&pattern).skip(1) {
            if let Some(value) = part.split('"').next() {
                found.push((attribute, value.replace("&amp;", "&")));
            }
        }
    }
    found
}

/// A relative link from a page's folder, as a path from the site's root; `None` above it.
fn resolve(folder: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_from_the_page_folder() {
        assert_eq!(
            resolve("realisations/01-a", "../../style.css").as_deref(),
            Some("style.css")
        );
        assert_eq!(
            resolve("", "competences/index.html").as_deref(),
            Some("competences/index.html")
        );
        assert_eq!(resolve("", "../x"), None);
    }
}
