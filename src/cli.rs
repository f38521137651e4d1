//! The command line: clap structures only. Command and flag names are in English (stable for
//! scripts); the doc comments, which clap prints as help, are in French.

use crate::model::SESSIONS;
use crate::pipeline::documents::DocumentKind;
use chrono::NaiveDate;
use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const HELP_TEMPLATE: &str = "\
{before-help}{name} {version} — {about-with-newline}
Utilisation : {usage}

{all-args}{after-help}";

const SUBCOMMAND_TEMPLATE: &str = "\
{about-with-newline}
Utilisation : {usage}

{all-args}{after-help}";

/// Documents officiels du bloc 1 du BTS SIO (épreuve E4/E5) à partir d'un classeur par candidat.
#[derive(Debug, Parser)]
#[command(
    name = "sio-dossier",
    version,
    help_template = HELP_TEMPLATE,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Commandes",
    subcommand_value_name = "COMMANDE",
    next_help_heading = "Options",
    after_help = "Sans commande : produit les documents de la classe d'exemple (équivaut à \
                  « sio-dossier build input/ -o output/ »).\n\
                  Code de sortie : 0 tout va bien (avertissements permis), 1 au moins un classeur \
                  a des erreurs (un fichier illisible comme classeur compte ainsi), 2 problème \
                  d'utilisation, chemin introuvable, échec d'écriture ou erreur interne."
)]
pub struct Cli {
    /// La commande à exécuter.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Affiche l'aide.
    #[arg(short = 'h', long, action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// Affiche la version.
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Écrit le classeur vierge que le candidat remplit.
    #[command(help_template = SUBCOMMAND_TEMPLATE, next_help_heading = "Options")]
    Template(TemplateArgs),
    /// Vérifie des classeurs et signale chaque problème avec sa cellule.
    #[command(help_template = SUBCOMMAND_TEMPLATE, next_help_heading = "Options")]
    Check(CheckArgs),
    /// Produit les documents de chaque candidat sans erreur (portfolio PDF…).
    #[command(help_template = SUBCOMMAND_TEMPLATE, next_help_heading = "Options")]
    Build(BuildArgs),
    /// Écrit le classeur d'évaluation du jury pour une classe (une ligne par candidat).
    #[command(help_template = SUBCOMMAND_TEMPLATE, next_help_heading = "Options")]
    EvaluationTemplate(EvaluationTemplateArgs),
    /// Fige le dépôt daté de chaque dossier (copies, documents, conformité, empreintes) et
    /// écrit le bordereau de la classe ; --verifier contrôle un dépôt déjà fait.
    #[command(help_template = SUBCOMMAND_TEMPLATE, next_help_heading = "Options")]
    Depot(DepotArgs),
    /// Ouvre la page web locale : les candidats y vérifient leur classeur et voient leur
    /// portfolio, le professeur y suit sa classe.
    #[command(help_template = SUBCOMMAND_TEMPLATE, next_help_heading = "Options")]
    Serve(ServeArgs),
}

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Dossier de la classe, suivi en direct sur la page « Classe » (facultatif).
    #[arg(value_name = "CLASSE", help_heading = "Arguments")]
    pub classe: Option<PathBuf>,
    /// Port d'écoute (par défaut 8080 ; 0 : un port libre au hasard).
    #[arg(
        long,
        value_name = "PORT",
        default_value_t = 8080,
        hide_default_value = true
    )]
    pub port: u16,
    /// Adresse d'écoute : 127.0.0.1 (cette machine seulement, par défaut) ou 0.0.0.0 (le réseau
    /// de l'établissement).
    #[arg(
        long,
        value_name = "ADRESSE",
        default_value = "127.0.0.1",
        hide_default_value = true
    )]
    pub listen: std::net::IpAddr,
    /// Dossier où la page « Classe » produit les documents (par défaut sortie).
    #[arg(
        short,
        long,
        value_name = "SORTIE",
        default_value = "sortie",
        hide_default_value = true
    )]
    pub output: PathBuf,
    /// Dossier où « Figer le dépôt » crée ses dépôts datés (par défaut depots, à côté du
    /// dossier de sortie).
    #[arg(long, value_name = "DOSSIER")]
    pub depots: Option<PathBuf>,
    /// Date limite de remise (2027-04-15T23:59, ou 2027-04-15 pour la fin du jour) : au-delà,
    /// une remise est « hors délai ».
    #[arg(long, value_name = "DATE", value_parser = deadline)]
    pub limite: Option<chrono::NaiveDateTime>,
}

/// Arguments of `depot`.
#[derive(Debug, Args)]
pub struct DepotArgs {
    /// Classeurs ou dossiers de classeurs déposés (avec leurs attestations).
    #[arg(
        value_name = "ENTRÉE",
        required_unless_present = "verifier",
        help_heading = "Arguments"
    )]
    pub inputs: Vec<PathBuf>,
    /// Dossier des dépôts (par défaut depots) : chaque dépôt y crée un sous-dossier daté.
    #[arg(
        short,
        long,
        value_name = "DOSSIER",
        default_value = "depots",
        hide_default_value = true
    )]
    pub output: PathBuf,
    /// Date limite de dépôt (2027-04-15T23:59, ou 2027-04-15 pour la fin du jour) : au-delà,
    /// le dossier est « hors délai ».
    #[arg(long, value_name = "DATE", value_parser = deadline)]
    pub limite: Option<chrono::NaiveDateTime>,
    /// Session d'examen (année) ; par défaut celle des classeurs.
    #[arg(long, value_name = "ANNÉE", value_parser = session_year)]
    pub session: Option<u16>,
    /// Vérifie un dépôt déjà fait (DEPOTS/<date>/) : chaque fichier est-il intact ?
    #[arg(long, value_name = "DÉPÔT", conflicts_with_all = ["inputs", "limite", "session"])]
    pub verifier: Option<PathBuf>,
    /// Ne montre que les dossiers à régulariser et le résumé.
    #[arg(short, long)]
    pub quiet: bool,
}

/// A deadline: a date and time, or a date (its last second).
fn deadline(text: &str) -> Result<chrono::NaiveDateTime, String> {
    let text = text.trim();
    for format in [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%d/%m/%Y %H:%M",
    ] {
        if let Ok(time) = chrono::NaiveDateTime::parse_from_str(text, format) {
            return Ok(time);
        }
    }
    for format in ["%Y-%m-%d", "%d/%m/%Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format)
            && let Some(time) = date.and_hms_opt(23, 59, 59)
        {
            return Ok(time);
        }
    }
    Err(
        "attendu une date limite comme 2027-04-15T23:59, ou 2027-04-15 pour la fin du jour"
            .to_owned(),
    )
}

/// A session year within [`SESSIONS`].
fn session_year(text: &str) -> Result<u16, String> {
    text.trim()
        .parse()
        .ok()
        .filter(|year| SESSIONS.contains(year))
        .ok_or_else(|| {
            format!(
                "attendu une année entre {} et {}",
                SESSIONS.start(),
                SESSIONS.end()
            )
        })
}

/// Arguments of `evaluation-template`.
#[derive(Debug, Args)]
pub struct EvaluationTemplateArgs {
    /// Classeurs ou dossiers de classeurs des candidats.
    #[arg(value_name = "ENTRÉE", required = true, help_heading = "Arguments")]
    pub inputs: Vec<PathBuf>,
    /// Fichier à écrire (par défaut evaluation-jury.xlsx).
    #[arg(
        short,
        long,
        value_name = "FICHIER",
        default_value = "evaluation-jury.xlsx",
        hide_default_value = true
    )]
    pub output: PathBuf,
    /// Session d'examen (année) ; par défaut celle des classeurs.
    #[arg(long, value_name = "ANNÉE", value_parser = session_year)]
    pub session: Option<u16>,
    /// Remplace le fichier s'il existe déjà.
    #[arg(long)]
    pub force: bool,
    /// Parcourt les sous-dossiers à toute profondeur (sans -r : le dossier et ses sous-dossiers de candidats).
    #[arg(short, long)]
    pub recursive: bool,
    /// The date taken as today.
    #[command(flatten)]
    pub date: DateArg,
}

/// Arguments of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Classeurs ou dossiers de classeurs.
    #[arg(value_name = "ENTRÉE", required = true, help_heading = "Arguments")]
    pub inputs: Vec<PathBuf>,
    /// Dossier où écrire les documents (par défaut output).
    #[arg(
        short,
        long,
        value_name = "DOSSIER",
        default_value = "output",
        hide_default_value = true
    )]
    pub output: PathBuf,
    /// Session d'examen (année) ; par défaut celle des classeurs.
    #[arg(long, value_name = "ANNÉE", value_parser = session_year)]
    pub session: Option<u16>,
    /// Nom du dossier de chaque candidat : champs {{numero}}, {{nom}}, {{prenom}}, {{option}},
    /// {{session}}, {{fichier}} (par défaut {{numero}}_{{nom}}_{{prenom}}).
    #[arg(long, value_name = "MODÈLE", default_value = crate::output::DEFAULT_NAMES, hide_default_value = true)]
    pub names: String,
    /// Documents à produire, séparés par des virgules : portfolio, grille, tableau (par défaut
    /// ces trois) et site (le site du portfolio en ligne, dossier site/ à publier).
    #[arg(
        long,
        value_name = "DOCUMENTS",
        value_enum,
        value_delimiter = ',',
        hide_possible_values = true
    )]
    pub only: Vec<DocumentKind>,
    /// Dossier de modèles Typst remplaçant, fichier par fichier, les modèles intégrés.
    #[arg(long, value_name = "DOSSIER")]
    pub templates: Option<PathBuf>,
    /// Écrit aussi, par candidat, les sources Typst et les données pour les compiler avec Typst.
    #[arg(long, value_name = "DOSSIER")]
    pub emit_typst: Option<PathBuf>,
    /// Ajoute aux grilles la fiche d'appréciation destinée au candidat.
    #[arg(long)]
    pub fiche: bool,
    /// Classeur d'évaluation du jury (voir evaluation-template) : remplit les grilles.
    #[arg(long, value_name = "FICHIER")]
    pub evaluation: Option<PathBuf>,
    /// Nombre de candidats traités en même temps (par défaut : tous les cœurs).
    #[arg(
        short,
        long,
        value_name = "N",
        default_value_t = 0,
        hide_default_value = true
    )]
    pub jobs: usize,
    /// N'affiche ni barre de progression ni la liste des fichiers écrits.
    #[arg(short, long)]
    pub quiet: bool,
    /// Parcourt les sous-dossiers à toute profondeur (sans -r : le dossier et ses sous-dossiers de candidats).
    #[arg(short, long)]
    pub recursive: bool,
    /// The date taken as today.
    #[command(flatten)]
    pub date: DateArg,
}

impl BuildArgs {
    /// `build input/ -o output/`: what `sio-dossier` does without a command.
    pub fn example_class() -> BuildArgs {
        BuildArgs {
            inputs: vec![PathBuf::from("input")],
            output: PathBuf::from("output"),
            session: None,
            names: crate::output::DEFAULT_NAMES.into(),
            only: Vec::new(),
            templates: None,
            emit_typst: None,
            fiche: false,
            evaluation: None,
            jobs: 0,
            quiet: false,
            recursive: false,
            date: DateArg { date: None },
        }
    }

    /// The documents asked for with `--only`, all of them by default.
    pub fn documents(&self) -> Vec<DocumentKind> {
        if self.only.is_empty() {
            DocumentKind::DEFAULT.to_vec()
        } else {
            self.only.clone()
        }
    }
}

/// Arguments of `template`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Fichier à écrire (par défaut dossier-candidat.xlsx).
    #[arg(
        short,
        long,
        value_name = "FICHIER",
        default_value = "dossier-candidat.xlsx",
        hide_default_value = true
    )]
    pub output: PathBuf,
    /// Session d'examen (année) pré-remplie ; par défaut la prochaine session.
    #[arg(long, value_name = "ANNÉE", value_parser = session_year)]
    pub session: Option<u16>,
    /// Remplace le fichier s'il existe déjà.
    #[arg(long)]
    pub force: bool,
    /// Pré-remplit le classeur depuis un tableau de synthèse officiel (ou un ancien classeur).
    #[arg(long, value_name = "TABLEAU")]
    pub from: Option<PathBuf>,
    /// The date taken as today.
    #[command(flatten)]
    pub date: DateArg,
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Classeurs ou dossiers de classeurs à vérifier.
    #[arg(value_name = "ENTRÉE", required = true, help_heading = "Arguments")]
    pub inputs: Vec<PathBuf>,
    /// Format de sortie : human (messages lisibles, par défaut) ou json (rapport JSON).
    #[arg(
        long,
        value_enum,
        default_value_t = OutputFormat::Human,
        value_name = "FORMAT",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub format: OutputFormat,
    /// Session d'examen (année) attendue ; par défaut celle des classeurs.
    #[arg(long, value_name = "ANNÉE", value_parser = session_year)]
    pub session: Option<u16>,
    /// Parcourt les sous-dossiers à toute profondeur (sans -r : le dossier et ses sous-dossiers de candidats).
    #[arg(short, long)]
    pub recursive: bool,
    /// The date taken as today.
    #[command(flatten)]
    pub date: DateArg,
}

/// The date the run takes as today, for reproducible results.
#[derive(Debug, Clone, Args)]
pub struct DateArg {
    /// Date du jour à utiliser (AAAA-MM-JJ) ; sinon SOURCE_DATE_EPOCH, sinon aujourd'hui.
    #[arg(long, value_name = "AAAA-MM-JJ")]
    pub date: Option<NaiveDate>,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Messages lisibles, comme un compilateur.
    Human,
    /// Le rapport JSON (schéma stable).
    Json,
}

/// A command-line error in French: clap's own messages are in English.
pub fn french_error(error: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let get = |kind| error.get(kind).map(ToString::to_string).unwrap_or_default();
    let message = match error.kind() {
        ErrorKind::UnknownArgument => {
            format!("argument inconnu : {}", get(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => {
            let mut m = format!(
                "commande inconnue : {}",
                get(ContextKind::InvalidSubcommand)
            );
            if let Some(s) = error.get(ContextKind::SuggestedSubcommand) {
                m.push_str(&format!(" (vouliez-vous dire « {s} » ?)"));
            }
            m
        }
        ErrorKind::InvalidValue => {
            let mut m = format!(
                "valeur « {} » invalide pour {}",
                get(ContextKind::InvalidValue),
                get(ContextKind::InvalidArg)
            );
            if let Some(valid) = error.get(ContextKind::ValidValue) {
                m.push_str(&format!(" ; valeurs possibles : {valid}"));
            }
            m
        }
        ErrorKind::ValueValidation => {
            let arg = get(ContextKind::InvalidArg);
            // Our own value parsers say what they expect, in French; chrono's (--date) does not.
            let own = std::error::Error::source(error).map(ToString::to_string);
            let expected = match own {
                _ if arg.starts_with("--date") => {
                    "attendu une date AAAA-MM-JJ, par exemple 2026-11-28".to_owned()
                }
                Some(message) if !message.is_empty() => message,
                _ => "attendu une valeur valide".to_owned(),
            };
            format!(
                "valeur « {} » invalide pour {arg} : {expected}",
                get(ContextKind::InvalidValue)
            )
        }
        ErrorKind::MissingRequiredArgument => {
            format!(
                "argument obligatoire manquant : {}",
                get(ContextKind::InvalidArg)
            )
        }
        _ => format!("arguments invalides : {}", error.kind()),
    };
    format!("erreur : {message}\nPour l'aide, tapez : sio-dossier --help\n")
}
