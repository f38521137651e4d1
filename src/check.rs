//! One input file through read → parse → validate: the candidate's model and every problem
//! found. Shared by `check` and, later, `build`.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::parse::{self, Parsed};
use crate::read::{self, ReadError};
use crate::report::Status;
use crate::validate::{self, Context};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// Settings of a check, resolved from the command line.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// `--session`, when given.
    pub session: Option<u16>,
    /// Today's date (for the default session).
    pub today: NaiveDate,
}

/// What became of one input file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The input path as given.
    pub input: PathBuf,
    /// The dossier read, when the file could be read.
    pub parsed: Option<Parsed>,
    /// Every problem found, errors first, then by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// `errors` if any error, else `warnings` if any warning, else `ok`.
    pub fn status(&self) -> Status {
        let worst = self.diagnostics.iter().map(Diagnostic::severity).min();
        match worst {
            Some(Severity::Error) => Status::Errors,
            Some(Severity::Warning) => Status::Warnings,
            None => Status::Ok,
        }
    }

    /// Number of diagnostics of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == severity)
            .count()
    }
}

/// Reads, parses and validates one file; never fails: problems become diagnostics, and even a
/// bug (a panic) only costs this file an internal-error diagnostic.
pub fn check_file(path: &Path, options: &CheckOptions) -> FileReport {
    check_bytes(path, read::read_file(path), options)
}

/// [`check_file`] on bytes already read from `path` (or the error met reading them).
pub fn check_bytes(
    path: &Path,
    bytes: Result<Vec<u8>, ReadError>,
    options: &CheckOptions,
) -> FileReport {
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check_file_inner(path, bytes, options)
    }));
    attempt.unwrap_or_else(|_| FileReport {
        input: path.to_owned(),
        parsed: None,
        diagnostics: vec![internal_error()],
    })
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

fn check_file_inner(
    path: &Path,
    bytes: Result<Vec<u8>, ReadError>,
    options: &CheckOptions,
) -> FileReport {
    let (parsed, mut diagnostics) = match bytes.and_then(read::read_bytes) {
        Err(error) => (None, vec![read_diagnostic(&error)]),
        Ok(workbook) => match parse::parse(&workbook) {
            Err(diagnostics) => (None, diagnostics),
            Ok(parsed) => {
                let context = Context {
                    session: options.session,
                    today: options.today,
                    base_dir: input_dir(path),
                };
                let mut diagnostics = parsed.diagnostics.clone();
                diagnostics.extend(workbook.truncated.iter().map(|(sheet, row, col)| {
                    Diagnostic::new(
                        Code::TruncatedText,
                        format!(
                            "texte de plus de {} caractères : coupé à cette longueur",
                            crate::read::MAX_CELL_CHARS
                        ),
                    )
                    .at(Some(crate::diagnostic::CellRef::new(sheet, *row, *col)))
                }));
                diagnostics.extend(validate::validate(&parsed, &context));
                (Some(parsed), diagnostics)
            }
        },
    };
    sort(&mut diagnostics);
    FileReport {
        input: path.to_owned(),
        parsed,
        diagnostics,
    }
}

/// The folder of an input file, against which its attachment paths are resolved.
pub fn input_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
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
