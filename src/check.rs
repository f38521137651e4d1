//! One workbook, given as a name and bytes, through read → parse → resolve attachments →
//! validate: the candidate's model, its vetted attachments and every problem found. The one
//! entry point of every front door (command line, web page, deposit); it never touches the
//! file system itself and never fails.

use crate::attachments::{self, Attachment, Resolved};
use crate::diagnostic::{Code, Diagnostic, Severity, Status};
use crate::parse::{self, parsed::Parsed};
use crate::read::{self, ReadError};
use crate::validate::{self, Context};
use chrono::NaiveDate;
use std::path::PathBuf;

/// Settings of a check, resolved from the command line.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// `--session`, when given.
    pub session: Option<u16>,
    /// Today's date (for the default session).
    pub today: NaiveDate,
}

/// What became of one input file.
#[derive(Debug)]
pub struct FileReport {
    /// The input's name (its path as given on the command line).
    pub input: PathBuf,
    /// The dossier read, when the file could be read.
    pub parsed: Option<Parsed>,
    /// Every problem found, errors first, then by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The attestations accepted, read once here and handed on to rendering.
    pub attachments: Vec<Attachment>,
}

impl FileReport {
    /// `errors` if any error, else `warnings` if any warning, else `ok`.
    pub fn status(&self) -> Status {
        Status::of(&self.diagnostics)
    }

    /// Number of diagnostics of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == severity)
            .count()
    }
}

/// Reads, parses and validates one workbook given as `name` and its bytes, the files it names
/// coming from `source`. Never fails: problems become diagnostics, and even a bug (a panic)
/// only costs this file an internal-error diagnostic.
pub fn check(
    name: &str,
    bytes: Vec<u8>,
    options: &CheckOptions,
    source: &dyn attachments::Source,
) -> FileReport {
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check_inner(name, bytes, options, source)
    }));
    attempt.unwrap_or_else(|_| FileReport::unread(name, vec![internal_error()]))
}

impl FileReport {
    /// The session its documents are for: `--session`, else the workbook's, else the next one;
    /// `None` when the file could not be read.
    pub fn session(&self, options: &CheckOptions) -> Option<u16> {
        let parsed = self.parsed.as_ref()?;
        Some(validate::effective_session(
            parsed,
            options.session,
            options.today,
        ))
    }

    /// The report of an input that could not be read into a dossier, with why.
    pub fn unread(name: &str, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport {
            input: PathBuf::from(name),
            parsed: None,
            diagnostics,
            attachments: Vec::new(),
        }
    }
}

/// The diagnostic of a bug met while processing a file.
pub fn internal_error() -> Diagnostic {
    Diagnostic::new(
        Code::Internal,
        "erreur interne de sio-dossier en traitant ce fichier ; les autres fichiers sont traités",
    )
    .hint("signalez-la avec le fichier concerné si possible")
}

impl FileReport {
    /// Whether a bug was met while processing this file (exit status 2).
    pub fn internal_failure(&self) -> bool {
        self.diagnostics.iter().any(|d| d.code == Code::Internal)
    }
}

fn check_inner(
    name: &str,
    bytes: Vec<u8>,
    options: &CheckOptions,
    source: &dyn attachments::Source,
) -> FileReport {
    let workbook = match read::read_bytes(bytes) {
        Ok(workbook) => workbook,
        Err(error) => return FileReport::unread(name, vec![read_diagnostic(&error)]),
    };
    let parsed = match parse::parse(&workbook) {
        Ok(parsed) => parsed,
        Err(mut diagnostics) => {
            sort(&mut diagnostics);
            return FileReport::unread(name, diagnostics);
        }
    };
    let resolved = Resolved::new(&parsed.dossier, source);
    let context = Context {
        session: options.session,
        today: options.today,
        attachments: &resolved,
    };
    let mut diagnostics = parsed.diagnostics.clone();
    diagnostics.extend(workbook.truncated.iter().map(|(sheet, row, col)| {
        Diagnostic::new(
            Code::TruncatedText,
            format!(
                "texte de plus de {} caractères : coupé à cette longueur",
                read::MAX_CELL_CHARS
            ),
        )
        .at(Some(crate::diagnostic::CellRef::new(sheet, *row, *col)))
    }));
    diagnostics.extend(workbook.damaged.iter().map(|part| {
        Diagnostic::new(
            Code::DamagedPart,
            format!(
                "partie {part} : les couleurs, cellules fusionnées ou dessins qu'elle décrit \
                 peuvent manquer"
            ),
        )
        .hint("ouvrez le fichier dans votre tableur et enregistrez-le à nouveau")
    }));
    diagnostics.extend(validate::validate(&parsed, &context));
    sort(&mut diagnostics);
    FileReport {
        input: PathBuf::from(name),
        parsed: Some(parsed),
        diagnostics,
        attachments: resolved.accepted(),
    }
}

/// The diagnostic of a file that could not be read as a spreadsheet.
pub fn read_diagnostic(error: &ReadError) -> Diagnostic {
    let code = match error {
        ReadError::Encrypted => Code::Encrypted,
        ReadError::TooLarge { .. } | ReadError::Guard(_) => Code::TooLarge,
        _ => Code::Unreadable,
    };
    let hint = match error {
        ReadError::Encrypted => "enregistrez une copie sans mot de passe",
        ReadError::TooLarge { .. } => {
            "retirez les images et pièces jointes du classeur : indiquez leurs noms de fichier"
        }
        ReadError::Empty | ReadError::NotSpreadsheet { .. } => {
            "ouvrez le fichier dans votre tableur et enregistrez-le au format .xlsx ou .ods"
        }
        ReadError::Io(_) => "vérifiez que le fichier est accessible en lecture",
        ReadError::Guard(_) => {
            "ouvrez le fichier dans votre tableur, supprimez les lignes et colonnes vides au-delà du \
             tableau, et enregistrez-le à nouveau"
        }
    };
    Diagnostic::new(code, error.to_string()).hint(hint)
}

/// Errors first; within a severity, whole-file problems, then by sheet, row and column.
fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            (
                d.severity(),
                d.cell.as_ref().map(|c| (c.sheet.clone(), c.row, c.col)),
            )
        };
        key(a).cmp(&key(b))
    });
}
