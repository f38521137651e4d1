//! The HTML pages, rendered on the server from the embedded Handlebars templates of
//! `templates/web/` (user text is escaped by Handlebars), and the embedded CSS and JavaScript.

use super::classe::View;
use super::deposits::{Check, Deposits, Frozen};
use super::guard::Refusal;
use super::production::Progress;
use super::store::KEEP;
use super::work::{Answer, Handed};
use crate::coverage::Covered;
use crate::diagnostic::{Severity, Status};
use crate::model::InputKind;
use crate::pipeline::handin::Version;
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
    (
        "commencer",
        include_str!("../../templates/web/commencer.hbs"),
    ),
    ("remise", include_str!("../../templates/web/remise.hbs")),
    ("depot", include_str!("../../templates/web/depot.hbs")),
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

    /// « Commencer »: the blank workbook (the next session chosen) and the official tableau.
    pub(crate) fn start(&self, next: u16, classe: bool) -> Response {
        let sessions: Vec<serde_json::Value> = (next.saturating_sub(1)..=next + 1)
            .map(|year| json!({ "annee": year, "choisie": year == next }))
            .collect();
        let data = json!({
            "titre": "Commencer mon dossier",
            "commencer": true,
            "classe": classe,
            "sessions": sessions,
            "conservation": KEEP.as_secs() / 60,
        });
        self.page(StatusCode::OK, "commencer", &data)
    }

    /// Files of an upload refused, each with its name and why.
    pub(crate) fn rejected(&self, reasons: &[String]) -> Response {
        let data = json!({
            "titre": "Fichiers refusés",
            "texte": "Rien n'a été vérifié ni enregistré. Renommez ou retirez ces fichiers, puis recommencez :",
            "liste": reasons,
        });
        self.page(StatusCode::BAD_REQUEST, "message", &data)
    }

    /// The hand-in's receipt.
    pub(crate) fn handed(&self, handed: &Handed) -> Response {
        let r = &handed.remise;
        let fichiers: Vec<serde_json::Value> = r
            .fichiers
            .iter()
            .map(|f| json!({ "nom": f.nom, "taille": crate::render::remise::size_fr(f.taille), "sha256": f.sha256 }))
            .collect();
        let data = json!({
            "titre": "Accusé de remise",
            "classe": true,
            "remise": r,
            "date": r.date_fr(),
            "statut": r.statut(),
            "statut_classe": match (r.erreurs, r.avertissements) { (0, 0) => "ok", (0, _) => "warn", _ => "err" },
            "fichiers": fichiers,
            "accuse": handed.receipt,
            "conservation": KEEP.as_secs() / 60,
        });
        self.page(StatusCode::OK, "remise", &data)
    }

    /// A hand-in that could not be made, with why (in French).
    pub(crate) fn handin_failed(&self, message: &str) -> Response {
        let data = json!({ "titre": "Remise impossible", "texte": message });
        self.page(StatusCode::CONFLICT, "message", &data)
    }

    /// The class page.
    pub(crate) fn class(
        &self,
        view: &View,
        production: Option<&Progress>,
        qr: Option<&str>,
    ) -> Response {
        let data = json!({
            "titre": "Classe",
            "classe": true,
            "professeur": true,
            "vue_classe": view,
            "production": production,
            "qr": qr,
            "conservation": KEEP.as_secs() / 60,
        });
        self.page(StatusCode::OK, "classe", &data)
    }

    /// One candidate of the class, with their hand-ins and their documents when just made.
    pub(crate) fn candidate(&self, answer: &Answer, id: &str, versions: &[Version]) -> Response {
        let remises: Vec<serde_json::Value> = versions
            .iter()
            .enumerate()
            .map(|(n, v)| {
                json!({
                    "date": v.remise.date_fr(),
                    "statut": v.remise.statut(),
                    "hors_delai": v.remise.hors_delai,
                    "fichiers": v.remise.fichiers.len(),
                    "derniere": n == 0,
                    "lien": format!("/classe/{id}/accuse/{n}"),
                })
            })
            .collect();
        let data = json!({
            "id": id,
            "titre": answer.candidate.clone().unwrap_or_else(|| answer.file.clone()),
            "classe": true,
            "professeur": true,
            "resultat": AnswerView::of(answer),
            "remises": remises,
            "conservation": KEEP.as_secs() / 60,
        });
        self.page(StatusCode::OK, "candidat", &data)
    }

    /// « Dépôt »: the deposits of the folder, a deposit just frozen, a verification.
    pub(crate) fn deposit(
        &self,
        deposits: &Deposits,
        frozen: Option<Result<Frozen, String>>,
        verified: Option<(&str, &[Check])>,
    ) -> Response {
        let (fige, erreur) = match frozen {
            Some(Ok(frozen)) => (Some(frozen), None),
            Some(Err(error)) => (None, Some(error)),
            None => (None, None),
        };
        let data = json!({
            "titre": "Dépôt",
            "classe": true,
            "professeur": true,
            "vue_depot": true,
            "dossier": deposits.root().display().to_string(),
            "depots": deposits.list(),
            "fige": fige,
            "erreur": erreur,
            "verifie": verified.map(|(name, checks)| json!({
                "nom": name,
                "intact": checks.iter().all(|c| c.intact),
                "dossiers": checks,
            })),
            "conservation": KEEP.as_secs() / 60,
        });
        self.page(StatusCode::OK, "depot", &data)
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
    pieces: Vec<String>,
    /// The id to hand in with, when possible.
    remettre: Option<String>,
    /// Why it cannot be handed in.
    remise_impossible: Option<String>,
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
            pieces: answer.pieces.clone(),
            remettre: answer.remise.clone().and_then(Result::ok),
            remise_impossible: answer.remise.clone().and_then(Result::err),
        }
    }
}
