//! The HTML pages, rendered on the server from the embedded Handlebars templates of
//! `templates/web/` (user text is escaped by Handlebars), and the embedded CSS and JavaScript.

use super::classe::View;
use super::guard::Refusal;
use super::production::Progress;
use super::work::{Answer, KEEP};
use crate::coverage::Covered;
use crate::diagnostic::{Severity, Status};
use crate::model::InputKind;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use handlebars::Handlebars;
use serde::Serialize;
use serde_json::json;

const TEMPLATES: &[(&str, &str)] = &[
    ("layout", include_str!("../../templates/web/layout.hbs")),
    ("resultat", include_str!("../../templates/web/resultat.hbs")),
    ("verifier", include_str!("../../templates/web/verifier.hbs")),
    ("classe", include_str!("../../templates/web/classe.hbs")),
    ("candidat", include_str!("../../templates/web/candidat.hbs")),
    ("message", include_str!("../../templates/web/message.hbs")),
];

/// An embedded asset by name: its media type and text.
pub(crate) fn asset(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "style.css" => Some((
            "text/css; charset=utf-8",
            include_str!("../../templates/web/style.css"),
        )),
        "app.js" => Some((
            "text/javascript; charset=utf-8",
            include_str!("../../templates/web/app.js"),
        )),
        _ => None,
    }
}

/// The page templates, parsed once.
pub(crate) struct Pages {
    registry: Handlebars<'static>,
}

impl Pages {
    /// Parses the embedded templates (a broken one fails at start-up, never on a request).
    pub(crate) fn new() -> anyhow::Result<Pages> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(false);
        for (name, text) in TEMPLATES {
            registry
                .register_template_string(name, *text)
                .map_err(|e| anyhow::anyhow!("modèle de page {name} invalide : {e}"))?;
        }
        Ok(Pages { registry })
    }

    fn page(&self, status: StatusCode, template: &str, data: &serde_json::Value) -> Response {
        match self.registry.render(template, data) {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html("<!doctype html><html lang=\"fr\"><title>Erreur</title><p>Erreur interne de la page.</p></html>".to_owned()),
            )
                .into_response(),
        }
    }

    /// « Vérifier mon dossier », with the answer to an upload when there is one.
    pub(crate) fn check(&self, answer: Option<&Answer>, classe: bool) -> Response {
        let data = json!({
            "titre": "Vérifier mon dossier",
            "classe": classe,
            "verifier": true,
            "resultat": answer.map(AnswerView::of),
            "conservation": KEEP.as_secs() / 60,
        });
        self.page(StatusCode::OK, "verifier", &data)
    }

    /// The class page.
    pub(crate) fn class(&self, view: &View, production: Option<&Progress>) -> Response {
        let data = json!({
            "titre": "Classe",
            "classe": true,
            "vue_classe": view,
            "production": production,
            "conservation": KEEP.as_secs() / 60,
        });
        self.page(StatusCode::OK, "classe", &data)
    }

    /// One candidate of the class, with their documents when just made.
    pub(crate) fn candidate(&self, answer: &Answer, id: &str) -> Response {
        let data = json!({
            "id": id,
            "titre": answer.candidate.clone().unwrap_or_else(|| answer.file.clone()),
            "classe": true,
            "resultat": AnswerView::of(answer),
            "conservation": KEEP.as_secs() / 60,
        });
        self.page(StatusCode::OK, "candidat", &data)
    }

    /// A refusal's French page with its status.
    pub(crate) fn refusal(&self, refusal: Refusal) -> Response {
        let (title, text) = refusal.text();
        let data = json!({ "titre": title, "texte": text });
        self.page(refusal.status(), "message", &data)
    }
}

#[derive(Serialize)]
struct DiagnosticView {
    niveau: &'static str,
    classe: &'static str,
    code: String,
    cellule: Option<String>,
    message: String,
    aide: Option<String>,
}

#[derive(Serialize)]
struct SheetView {
    feuille: String,
    diagnostics: Vec<DiagnosticView>,
}

#[derive(Serialize)]
struct FileView {
    nom: &'static str,
    lien: String,
    libelle: &'static str,
}

#[derive(Serialize)]
struct AnswerView {
    fichier: String,
    candidat: Option<String>,
    nature: &'static str,
    statut: &'static str,
    statut_classe: &'static str,
    resume: String,
    groupes: Vec<SheetView>,
    couverture: Option<Vec<Covered>>,
    manquantes: Vec<String>,
    documents: Vec<FileView>,
    portfolio: Option<String>,
    echecs: Vec<String>,
    sans_document: bool,
}

impl AnswerView {
    fn of(answer: &Answer) -> AnswerView {
        let mut groupes: Vec<SheetView> = Vec::new();
        for d in &answer.diagnostics {
            let feuille = d
                .cell
                .as_ref()
                .map_or_else(|| "Classeur".to_owned(), |c| format!("Feuille {}", c.sheet));
            let view = DiagnosticView {
                niveau: d.code.severity().label(),
                classe: match d.code.severity() {
                    Severity::Error => "err",
                    Severity::Warning => "warn",
                },
                code: d.code.as_str().to_owned(),
                cellule: d.cell.as_ref().map(ToString::to_string),
                message: d.message.clone(),
                aide: d.hint.clone(),
            };
            match groupes.iter_mut().find(|g| g.feuille == feuille) {
                Some(group) => group.diagnostics.push(view),
                None => groupes.push(SheetView {
                    feuille,
                    diagnostics: vec![view],
                }),
            }
        }
        let errors = answer
            .diagnostics
            .iter()
            .filter(|d| d.code.severity() == Severity::Error)
            .count();
        let warnings = answer.diagnostics.len() - errors;
        let (statut, statut_classe) = match answer.status() {
            Status::Ok => ("Aucun problème", "ok"),
            Status::Warnings => ("À revoir", "warn"),
            Status::Errors => ("À corriger", "err"),
        };
        let couverture = answer.coverage.as_ref().map(|c| c.competences.clone());
        let manquantes = couverture
            .iter()
            .flatten()
            .filter(|c| !c.couvert)
            .map(|c| c.code.clone())
            .collect();
        let link = |file: &str| {
            answer
                .documents
                .as_ref()
                .map(|id| format!("/documents/{id}/{file}"))
        };
        let documents = answer
            .files
            .iter()
            .filter_map(|name| {
                Some(FileView {
                    nom: name,
                    lien: link(name)?,
                    libelle: match *name {
                        "portfolio.pdf" => "Portfolio (PDF)",
                        "grille-evaluation.pdf" => "Grille d'aide à l'évaluation (PDF)",
                        "tableau-synthese.xlsx" => "Tableau de synthèse officiel (tableur)",
                        "site.zip" => "Site du portfolio en ligne, à publier (archive zip)",
                        _ => "Classeur pré-rempli à compléter (tableur)",
                    },
                })
            })
            .collect();
        AnswerView {
            fichier: answer.file.clone(),
            candidat: answer.candidate.clone(),
            nature: match answer.kind {
                Some(InputKind::TableauOfficiel) => "tableau de synthèse officiel",
                Some(InputKind::Dossier) => "classeur du candidat",
                None => "fichier illisible",
            },
            statut,
            statut_classe,
            resume: format!(
                "{}, {}",
                crate::text::plural(errors, "erreur", "erreurs"),
                crate::text::plural(warnings, "avertissement", "avertissements")
            ),
            groupes,
            couverture,
            manquantes,
            documents,
            portfolio: if answer.files.contains(&"portfolio.pdf") {
                link("portfolio.pdf")
            } else {
                None
            },
            echecs: answer.failures.clone(),
            sans_document: answer.status() == Status::Errors,
        }
    }
}
