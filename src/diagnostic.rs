//! Diagnostics: every problem found in an input, with its file, its cell and a French message
//! saying what was found and what is expected.

use serde::Serialize;
use std::fmt;

/// How serious a problem is: errors block the candidate's documents, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks the candidate's documents.
    Error,
    /// Reported, documents are still produced.
    Warning,
}

impl Severity {
    /// The French word printed before a diagnostic.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "erreur",
            Severity::Warning => "avertissement",
        }
    }
}

/// Overall outcome of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// No problem.
    Ok,
    /// Warnings only: documents are produced.
    Warnings,
    /// At least one error: no documents.
    Errors,
}

impl Status {
    /// `errors` if any error, else `warnings` if any warning, else `ok`.
    pub fn of(diagnostics: &[Diagnostic]) -> Status {
        match diagnostics.iter().map(Diagnostic::severity).min() {
            Some(Severity::Error) => Status::Errors,
            Some(Severity::Warning) => Status::Warnings,
            None => Status::Ok,
        }
    }
}

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $code:literal, $severity:ident, $summary:literal;)*) => {
        /// Every rule of the validator, with its stable code (`E…` errors, `W…` warnings).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[$doc])* $name,)*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &[Code] = &[$(Code::$name,)*];

            /// The stable code printed and written in reports (`E021`).
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $code,)* }
            }

            /// Errors block the candidate's documents; warnings do not.
            pub fn severity(self) -> Severity {
                match self { $(Code::$name => Severity::$severity,)* }
            }

            /// What the rule checks, in French: a row of the README's table of codes.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$name => $summary,)* }
            }
        }
    };
}

codes! {
    /// The file is not a spreadsheet calamine can read (or is truncated, or empty).
    Unreadable = "E001", Error, "fichier illisible : pas un classeur, vide, tronqué";
    /// The file is protected by a password.
    Encrypted = "E002", Error, "classeur protégé par un mot de passe";
    /// The file is larger than [`crate::read::MAX_FILE_SIZE`].
    TooLarge = "E003", Error, "fichier trop volumineux (plus de 20 Mio) ou aux dimensions démesurées";
    /// A required sheet (`Candidat`, `Réalisations`) is missing.
    MissingSheet = "E004", Error, "feuille « Candidat » ou « Réalisations » introuvable";
    /// A required column or field label is missing.
    MissingColumn = "E005", Error, "colonne ou rubrique du modèle introuvable";
    /// A layout not recognised as a candidate workbook nor as an official tableau.
    UnknownLayout = "E006", Error, "classeur non reconnu : ni dossier candidat, ni tableau de synthèse officiel";
    /// More réalisations than [`crate::parse::parsed::MAX_REALISATIONS`].
    TooManyRealisations = "E007", Error, "plus de 300 réalisations dans un fichier : les lignes suivantes ne sont pas lues";
    /// The candidate's family name is missing.
    MissingNom = "E010", Error, "nom du candidat vide";
    /// The candidate's given name is missing.
    MissingPrenom = "E011", Error, "prénom du candidat vide";
    /// A closed field holds a value outside its list.
    InvalidChoice = "E012", Error, "valeur hors liste (option, forme, cadre, modalité, année de stage)";
    /// The session is not a plausible year.
    InvalidSession = "E013", Error, "session qui n'est pas une année de session (2022 à 2100)";
    /// The workbook holds no réalisation.
    NoRealisation = "E020", Error, "aucune réalisation";
    /// A réalisation has no title.
    MissingIntitule = "E021", Error, "réalisation sans intitulé";
    /// A réalisation mobilises no competence.
    NoCompetence = "E022", Error, "réalisation sans aucune compétence cochée";
    /// The réalisations together leave competences uncovered.
    CompetencesNotCovered = "E023", Error, "les réalisations ne couvrent pas ensemble les six compétences";
    /// An end date is before its start date.
    EndBeforeStart = "E024", Error, "date de fin avant la date de début";
    /// A team réalisation without personal contribution.
    MissingContribution = "E025", Error, "réalisation en équipe sans contribution personnelle";
    /// A réalisation without cadre (formation, stage 1re or 2e année).
    MissingCadre = "E026", Error, "réalisation sans cadre (formation, stage de 1re ou de 2e année)";
    /// A level of the jury's sheet that is not one of the five level names.
    InvalidLevel = "E030", Error, "feuille du jury : niveau hors des cinq niveaux de la grille";
    /// A proposed mark that is not a number between 0 and 20.
    InvalidMark = "E031", Error, "feuille du jury : note qui n'est pas un nombre entre 0 et 20";
    /// An internal failure (a bug) while processing this file; the other files are processed.
    Internal = "E099", Error, "erreur interne de sio-dossier sur ce fichier (les autres sont traités) : à signaler";
    /// The candidate number is missing.
    MissingNumero = "W001", Warning, "numéro de candidat vide";
    /// The candidate number is not 10–11 digits.
    InvalidNumero = "W002", Warning, "numéro de candidat qui n'a pas 10 ou 11 chiffres";
    /// The portfolio URL is missing (10 points of penalty if inaccessible).
    MissingPortfolioUrl = "W003", Warning, "adresse du portfolio vide";
    /// A URL that is not http(s).
    InvalidUrl = "W004", Warning, "adresse web incomplète (sans https://)";
    /// A sub-competence no réalisation mobilises.
    SousCompetenceNotCovered = "W005", Warning, "sous-compétences mobilisées par aucune réalisation (une ligne par compétence)";
    /// A period outside the two years before the session.
    PeriodOutsideSession = "W006", Warning, "date hors des deux années de formation de la session";
    /// The session in the file differs from `--session`.
    SessionMismatch = "W007", Warning, "session du classeur différente de `--session`";
    /// A tick cell holds something that is not a recognised tick.
    UnrecognisedTick = "W008", Warning, "case cochée avec autre chose qu'un X (ou ✓, ☑, ☒, 1, oui)";
    /// An attachment path that does not exist.
    MissingAttachment = "W009", Warning, "document ou attestation introuvable à côté du classeur";
    /// The workbook comes from another version of the template.
    TemplateVersion = "W010", Warning, "classeur d'une autre version du modèle";
    /// The option (SISR/SLAM) is missing.
    MissingOption = "W011", Warning, "option (SISR/SLAM) vide";
    /// A date that cannot be read.
    UnreadableDate = "W012", Warning, "date illisible";
    /// The session year is missing.
    MissingSession = "W013", Warning, "session vide";
    /// An e-mail address that does not look like one.
    InvalidEmail = "W014", Warning, "courriel invalide";
    /// A réalisation without modalité (individuelle / en équipe).
    MissingModalite = "W015", Warning, "modalité (individuelle / en équipe) vide";
    /// A réalisation or internship without dates.
    MissingDates = "W016", Warning, "réalisation ou stage sans dates";
    /// An internship row without organisation.
    MissingOrganisation = "W017", Warning, "stage sans organisation";
    /// An attachment refused: outside the folder, too large, or not a PDF/PNG/JPEG.
    RejectedAttachment = "W018", Warning, "pièce jointe refusée : hors du dossier du classeur, trop lourde, ou pas un PDF, PNG ou JPEG";
    /// A competence marked `?`: its sub-competences are still to specify.
    SubCompetenceToSpecify = "W019", Warning, "compétence marquée « ? » : sous-compétences à préciser (classeur créé depuis un tableau)";
    /// A cell's text longer than [`crate::read::MAX_CELL_CHARS`], cut.
    TruncatedText = "W020", Warning, "texte de plus de 30 000 caractères dans une cellule : coupé";
    /// An XML part of the workbook (styles, a sheet, drawings) is malformed: what it describes
    /// (fills, merged cells, drawings) may be missing.
    DamagedPart = "W021", Warning, "partie XML du classeur endommagée : couleurs, fusions ou dessins peut-être manquants";
    /// More screenshots named for a réalisation than the portfolio shows.
    TooManyScreenshots = "W022", Warning, "plus de six captures d'écran pour une réalisation : les suivantes ne sont pas dans le portfolio";
    /// A row of the jury's sheet for a candidate who is not among the inputs.
    UnknownCandidate = "W030", Warning, "feuille du jury : candidat absent des classeurs traités, ou rapproché par son nom";
    /// A penalty cell of the jury's sheet that is neither Oui nor Non.
    UnrecognisedPenalty = "W031", Warning, "feuille du jury : pénalité ni « Oui » ni « Non »";
    /// An official tableau: it carries neither sub-competences nor descriptions.
    TableauLimits = "W040", Warning, "tableau de synthèse officiel : ni sous-compétences ni descriptions";
    /// An official tableau whose option box is not ticked in any recognisable way.
    OptionNotFound = "W041", Warning, "tableau officiel : aucune option cochée";
    /// An official tableau whose session label belongs to another exam (E4/E5).
    StaleSession = "W042", Warning, "tableau officiel : l'année de session ne correspond pas à l'épreuve du modèle (E4/E5)";
    /// A row with marks but no title.
    MarksWithoutTitle = "W043", Warning, "tableau officiel : ligne cochée sans intitulé";
    /// A value read from a drawing or a fill colour rather than from text: to confirm.
    ReadFromDrawing = "W044", Warning, "valeur lue depuis un dessin ou une couleur de cellule, à confirmer";
    /// A réalisation on a row hidden in the spreadsheet: read all the same.
    HiddenRow = "W045", Warning, "tableau officiel : réalisation sur une ligne masquée (lue quand même)";
    /// A label of the tableau's header deleted: the file is still read, without that value.
    MissingLabel = "W046", Warning, "tableau officiel : libellé de l'en-tête effacé, sa valeur n'est pas lue";
    /// A part heading whose words name no cadre: its réalisations have none.
    UnnamedPart = "W047", Warning, "tableau officiel : titre de partie qui ne dit pas le cadre (formation, stage de 1re ou de 2e année)";
    /// Consecutive identical réalisations (same title, period and marks): a copied or repeated row.
    RepeatedRealisation = "W048", Warning, "tableau officiel : réalisations identiques à la suite (ligne copiée ou répétée)";
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A cell of a workbook, printed in spreadsheet notation (`Réalisations!F12`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CellRef {
    /// Sheet name as it appears in the file.
    pub sheet: String,
    /// Zero-based row.
    pub row: u32,
    /// Zero-based column.
    pub col: u32,
}

impl CellRef {
    /// A cell from its sheet and zero-based coordinates.
    pub fn new(sheet: impl Into<String>, row: u32, col: u32) -> CellRef {
        CellRef {
            sheet: sheet.into(),
            row,
            col,
        }
    }
}

/// A cell reference's zero-based (row, column): `E10` → (9, 4). `None` for anything else;
/// checked arithmetic, so that a hostile `ZZZZZZZZZZZZZZ1` is refused rather than wrapped
/// (rust_xlsxwriter's `column_name_to_number` overflows on such input and its columns are
/// 16-bit: not for reading files). The one parser of `A1` references; [`column_name`] is its
/// inverse.
pub(crate) fn cell_position(reference: &str) -> Option<(u64, u64)> {
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let row: u64 = reference[letters..].parse().ok()?;
    let col = reference[..letters].bytes().try_fold(0u64, |acc, b| {
        acc.checked_mul(26)?
            .checked_add(u64::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// Spreadsheet column letters for a zero-based index (0 → `A`, 27 → `AB`).
pub fn column_name(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plain = self.sheet.chars().all(|c| c.is_alphanumeric() || c == '_');
        if plain {
            write!(f, "{}!", self.sheet)?;
        } else {
            write!(f, "'{}'!", self.sheet.replace('\'', "''"))?;
        }
        write!(f, "{}{}", column_name(self.col), self.row as u64 + 1)
    }
}

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Which rule was broken; gives the severity.
    pub code: Code,
    /// The cell concerned, when the problem has one.
    pub cell: Option<CellRef>,
    /// What was found and what is expected, in French.
    pub message: String,
    /// How to fix it, when useful.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic for a rule, with its message.
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            cell: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Points the diagnostic at a cell.
    pub fn at(mut self, cell: Option<CellRef>) -> Diagnostic {
        self.cell = cell;
        self
    }

    /// Adds a hint saying how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Error or warning, from the rule.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// Quotes a value found in the input for a message, shortened when long.
pub fn quote(value: &str) -> String {
    const MAX: usize = 60;
    let value = value.trim();
    if value.chars().count() > MAX {
        let short: String = value.chars().take(MAX).collect();
        format!("« {short}… »")
    } else {
        format!("« {value} »")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_read_and_write_back() {
        assert_eq!(cell_position("A1"), Some((0, 0)));
        assert_eq!(cell_position("E10"), Some((9, 4)));
        assert_eq!(cell_position("ab3"), Some((2, 27)));
        assert_eq!(cell_position("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_position("A0"), None);
        assert_eq!(cell_position("1A"), None);
        assert_eq!(cell_position(""), None);
        assert_eq!(cell_position("ZZZZZZZZZZZZZZZZ1"), None);
        assert_eq!(column_name(27), "AB");
    }

    #[test]
    fn cells_print_in_spreadsheet_notation() {
        assert_eq!(
            CellRef::new("Réalisations", 11, 5).to_string(),
            "Réalisations!F12"
        );
        assert_eq!(CellRef::new("Candidat", 0, 27).to_string(), "Candidat!AB1");
        assert_eq!(
            CellRef::new("Mode d'emploi", 1, 0).to_string(),
            "'Mode d''emploi'!A2"
        );
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16383), "XFD");
    }

    #[test]
    fn codes_are_unique_and_say_their_severity() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{} en double", code.as_str());
            let expected = if code.as_str().starts_with('E') {
                Severity::Error
            } else {
                Severity::Warning
            };
            assert_eq!(code.severity(), expected, "{}", code.as_str());
        }
    }

    /// The README's table of codes is generated from [`Code::ALL`]: this test fails when they
    /// differ, and `UPDATE_README=1 cargo test --release --lib` rewrites it.
    #[test]
    #[allow(clippy::panic)]
    fn the_readme_lists_every_code() {
        const START: &str = "<!-- codes : tableau généré depuis Code::ALL -->\n";
        const END: &str = "<!-- fin des codes -->";
        let mut table = String::from("| code | problème |\n|---|---|\n");
        for code in Code::ALL {
            table.push_str(&format!("| {} | {} |\n", code.as_str(), code.summary()));
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let readme = std::fs::read_to_string(path).unwrap_or_default();
        let (Some(start), Some(end)) = (readme.find(START), readme.find(END)) else {
            panic!("README.md : marqueurs du tableau des codes introuvables");
        };
        let current = &readme[start + START.len()..end];
        if current != table && std::env::var_os("UPDATE_README").is_some() {
            let updated = format!(
                "{}{table}{}",
                &readme[..start + START.len()],
                &readme[end..]
            );
            std::fs::write(path, updated).unwrap_or_default();
            return;
        }
        assert_eq!(
            current, table,
            "le tableau des codes du README diffère de Code::ALL : UPDATE_README=1 cargo test --release --lib"
        );
    }
}
