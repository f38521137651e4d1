//! The layout of the candidate workbook: sheet names, field labels, column headers, closed
//! lists and input prompts. The template writer and the parser both read it, so what the
//! template asks for is exactly what the parser looks for.

/// Name of the template, written in the workbook's properties and on its first sheet.
pub const TEMPLATE_NAME: &str = "sio-dossier : dossier du candidat";
/// Version of the template layout; a workbook of another version is read with a warning.
pub const TEMPLATE_VERSION: u32 = 1;
/// Marker written on the instructions sheet, read back to detect the template version.
pub const VERSION_MARKER: &str = "Version du modèle :";

/// The instructions sheet (first sheet, never read as data except for the version marker).
pub const SHEET_INSTRUCTIONS: &str = "Mode d'emploi";
/// The identity sheet (label | value).
pub const SHEET_CANDIDAT: &str = "Candidat";
/// The réalisations sheet (one row each).
pub const SHEET_REALISATIONS: &str = "Réalisations";
/// The internships sheet (one row each).
pub const SHEET_STAGES: &str = "Stages";

/// Tick value meaning "this competence is mobilised, the sub-competence is still to specify"
/// (written when a workbook is pre-filled from an official tableau, which has no sub-competences).
pub const TO_SPECIFY: &str = "?";

/// Values that mark a sub-competence as mobilised (compared trimmed, case-insensitively).
pub const TICKS: &[&str] = &["x", "✓", "☑", "☒", "1", "oui"];

/// What a field holds, which decides its validation in the template and its parsing.
#[derive(Debug, Clone, Copy)]
pub enum FieldKind {
    /// Short free text.
    Text,
    /// Long free text (wrapped, tall cell).
    LongText,
    /// A date (`JJ/MM/AAAA`).
    Date,
    /// A session year.
    Year,
    /// One value of a closed list: its labels (see [`crate::model::Choice`]).
    Choice(fn() -> Vec<&'static str>),
    /// A web address.
    Url,
    /// An e-mail address.
    Email,
    /// A number kept as text (leading zeros matter).
    Digits,
    /// One entry per line.
    Lines,
}

/// One field of the workbook: its label (header text), the input prompt and its column width.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Label or column header, as written by the template.
    pub label: &'static str,
    /// Other headers accepted for the same field.
    pub aliases: &'static [&'static str],
    /// What the field holds.
    pub kind: FieldKind,
    /// Whether an empty value is an error (enforced by the validator).
    pub required: bool,
    /// Input prompt shown by the spreadsheet when the cell is selected (≤ 255 characters).
    pub prompt: &'static str,
    /// Column width in characters (table sheets).
    pub width: f64,
}

const fn field(label: &'static str, kind: FieldKind, prompt: &'static str) -> FieldSpec {
    FieldSpec {
        label,
        aliases: &[],
        kind,
        required: false,
        prompt,
        width: 16.0,
    }
}

impl FieldSpec {
    const fn required(mut self) -> FieldSpec {
        self.required = true;
        self
    }
    const fn aliases(mut self, aliases: &'static [&'static str]) -> FieldSpec {
        self.aliases = aliases;
        self
    }
    const fn width(mut self, width: f64) -> FieldSpec {
        self.width = width;
        self
    }
}

macro_rules! fields {
    ($(#[$doc:meta])* $enum:ident { $($(#[$vdoc:meta])* $variant:ident => $spec:expr,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $enum { $($(#[$vdoc])* $variant,)* }

        impl $enum {
            /// Every field, in the template's order.
            pub const ALL: &[$enum] = &[$($enum::$variant,)*];

            /// Label, kind, prompt and width of the field.
            pub fn spec(self) -> FieldSpec {
                match self { $($enum::$variant => $spec,)* }
            }
        }
    };
}

use crate::model::{AnneeStage, BtsOption, Cadre, Forme, Modalite, OuiNon, Statut, labels};
use FieldKind::*;

fields! {
    /// The rows of sheet `Candidat`.
    CandidatField {
        /// Session year.
        Session => field("Session", Year, "Année de la session d'examen, par exemple 2027.").required(),
        /// Family name.
        Nom => field("Nom", Text, "Votre nom de famille, tel qu'il figure sur votre convocation.").required(),
        /// Given name.
        Prenom => field("Prénom", Text, "Votre prénom.").required(),
        /// Candidate number.
        Numero => field("N° candidat", Digits, "Numéro figurant sur votre convocation : 10 ou 11 chiffres.")
            .aliases(&["Numéro de candidat", "Numéro candidat"]),
        /// SISR or SLAM.
        Option => field("Option", Choice(labels::<BtsOption>), "SISR ou SLAM."),
        /// Training centre.
        Centre => field("Centre de formation", Text, "Nom de votre établissement de formation."),
        /// Académie.
        Academie => field("Académie", Text, "Académie de votre centre, par exemple Lyon."),
        /// CCF or ponctuelle.
        Forme => field("Forme de l'épreuve", Choice(labels::<Forme>),
            "CCF (contrôle en cours de formation) ou Ponctuelle : demandez à votre professeur en cas de doute."),
        /// Scolaire, apprenti or formation continue.
        Statut => field("Statut", Choice(labels::<Statut>),
            "Scolaire, Apprenti ou Formation continue : il décide des stages que le dossier doit montrer."),
        /// Portfolio URL.
        PortfolioUrl => field("Adresse URL du portfolio", Url,
            "Adresse complète commençant par https:// ; un portfolio inaccessible coûte 10 points.")
            .aliases(&["URL du portfolio", "Portfolio"]),
        /// E-mail address.
        Courriel => field("Courriel", Email, "Votre adresse électronique.").aliases(&["E-mail", "Email", "Mail"]),
        /// Whether the online portfolio shows the e-mail.
        PublierCourriel => field("Publier mon courriel", Choice(labels::<OuiNon>),
            "Oui pour afficher votre courriel sur le site du portfolio ; Non (par défaut) pour le garder privé."),
        /// Professional profile URL.
        ProfilUrl => field("Profil professionnel (URL)", Url,
            "Adresse de votre profil sur un réseau social professionnel.")
            .aliases(&["Profil professionnel"]),
        /// Parcours de professionnalisation.
        Parcours => field("Parcours de professionnalisation", LongText,
            "Présentez votre parcours : formation, stages, projets, en quelques paragraphes."),
    }
}

fields! {
    /// The descriptive columns of sheet `Réalisations` (the 22 tick columns follow them).
    RealisationField {
        /// Title.
        Intitule => field("Intitulé", Text, "Titre court de la réalisation.")
            .required().width(34.0).aliases(&["Intitulé de la réalisation", "Titre"]),
        /// Cadre.
        Cadre => field("Cadre", Choice(labels::<Cadre>),
            "En cours de formation, ou en milieu professionnel (stage) de 1re ou de 2e année.")
            .required().width(24.0),
        /// Start date.
        Debut => field("Début", Date, "Date de début, au format JJ/MM/AAAA.")
            .width(12.0).aliases(&["Date de début"]),
        /// End date.
        Fin => field("Fin", Date, "Date de fin, au format JJ/MM/AAAA.")
            .width(12.0).aliases(&["Date de fin"]),
        /// Organisation or place.
        Organisation => field("Organisation ou lieu", Text, "Entreprise, service ou lieu de la réalisation.")
            .width(22.0).aliases(&["Organisation", "Lieu"]),
        /// Alone or in a team.
        Modalite => field("Modalité", Choice(labels::<Modalite>), "Individuelle ou En équipe.").width(14.0),
        /// Personal contribution.
        Contribution => field("Contribution personnelle", LongText,
            "Obligatoire pour une réalisation en équipe : ce que vous avez fait vous-même.").width(34.0),
        /// Context and objectives.
        Contexte => field("Contexte et objectifs", LongText,
            "Le besoin, l'organisation concernée et ce qui était attendu.").width(40.0),
        /// Technological environment.
        Environnement => field("Environnement technologique", LongText,
            "Matériels, systèmes, logiciels, langages et outils utilisés.").width(30.0),
        /// Documents and productions.
        Documents => field("Documents et productions", Lines,
            "Un document par ligne (Alt+Entrée dans Excel, Ctrl+Entrée dans Calc) : adresse web ou chemin d'un fichier placé à côté de ce classeur.")
            .width(34.0).aliases(&["Documents", "Productions"]),
    }
}

fields! {
    /// The columns of sheet `Stages`.
    StageField {
        /// Host organisation.
        Organisation => field("Organisation", Text, "Nom de l'organisation d'accueil.").required().width(28.0),
        /// Town.
        Ville => field("Ville", Text, "Ville du stage.").width(18.0),
        /// Year of training.
        Annee => field("Année", Choice(labels::<AnneeStage>), "1re ou 2e année de formation.").width(9.0),
        /// Start date.
        Debut => field("Début", Date, "Date de début, au format JJ/MM/AAAA.").width(12.0).aliases(&["Date de début"]),
        /// End date.
        Fin => field("Fin", Date, "Date de fin, au format JJ/MM/AAAA.").width(12.0).aliases(&["Date de fin"]),
        /// Tutor.
        Tuteur => field("Tuteur", Text, "Nom et prénom de votre tuteur.").width(22.0),
        /// Tutor's position.
        FonctionTuteur => field("Fonction du tuteur", Text, "Poste occupé par votre tuteur.").width(22.0),
        /// Attestation file.
        Attestation => field("Attestation", Text,
            "Nom du fichier de l'attestation (PDF, PNG ou JPEG) placé à côté de ce classeur.").width(28.0),
    }
}

/// Header text of a sub-competence tick column: its code, then its official name.
pub fn sous_competence_header(code: &str, libelle: &str) -> String {
    format!("{code} {libelle}")
}

/// The jury's evaluation sheet (`sio-dossier evaluation-template`).
pub mod evaluation {
    /// Name of its sheet.
    pub const SHEET: &str = "Évaluations";
    /// Header of the candidate number column, the key of each row.
    pub const NUMERO: &str = "N° candidat";
    /// Header of the name column.
    pub const NOM: &str = "Nom";
    /// Header of the given name column.
    pub const PRENOM: &str = "Prénom";
    /// Header of the option column.
    pub const OPTION: &str = "Option";
    /// Header of the proposed mark column.
    pub const NOTE: &str = "Proposition de note /20";
    /// Header of the commission number column.
    pub const COMMISSION: &str = "N° commission";
    /// Header of the date column.
    pub const DATE: &str = "Date";
    /// Headers of the two members' columns.
    pub const MEMBRES: [&str; 2] = ["Membre de la commission 1", "Membre de la commission 2"];
    /// Values of the penalty columns.
    pub const OUI_NON: [&str; 2] = ["Oui", "Non"];

    /// A penalty cell's answer, the drop-down's « Oui » / « Non » or what a jury types instead
    /// (`X`, `1`, `vrai`; `0`, `faux`), compared normalized; `None` when it is neither.
    pub fn oui_non(text: &str) -> Option<bool> {
        use crate::model::Choice as _;
        crate::model::OuiNon::parse(text).map(|answer| answer == crate::model::OuiNon::Oui)
    }
    /// Row of the headers (the first row holds the title).
    pub const HEADER_ROW: u32 = 1;

    /// The headers of the seven criteria: the team criterion, then the six competences.
    pub fn criteria_headers() -> Vec<String> {
        let r = crate::referentiel::Referentiel::get();
        std::iter::once(r.grille.critere_equipe.clone())
            .chain(r.competences.iter().map(|c| c.libelle.clone()))
            .collect()
    }
}
