//! Which files to process: the paths given on the command line, folders expanded to the
//! spreadsheets they hold (office lock files and hidden files skipped), in a stable order.
//!
//! A class folder holds workbooks directly, or one sub-folder per candidate holding its
//! workbook and the files it names (what a hand-in writes: its `remise.json` says which file
//! is the workbook). Both layouts are read without `-r`; folders starting with `.` (earlier
//! hand-ins under `.versions/`) never are.

use std::path::{Path, PathBuf};

/// File extensions read as spreadsheets when scanning a folder.
pub(crate) const SPREADSHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods"];

/// Why the inputs could not be listed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum InputError {
    /// A path given on the command line does not exist.
    #[error("{}: fichier ou dossier introuvable", .0.display())]
    NotFound(PathBuf),
    /// A folder could not be listed.
    #[error("{}: lecture du dossier impossible : {source}", .path.display())]
    Io {
        /// The folder.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// Nothing to process.
    #[error("aucun classeur (.xlsx, .xlsm, .xls, .ods) trouvé dans {0}")]
    Nothing(String),
}

/// Expands the given paths: files are kept as given, folders give their spreadsheets sorted by
/// name and those of their candidate sub-folders (of every sub-folder, at any depth, when
/// `recursive`).
pub(crate) fn collect(paths: &[PathBuf], recursive: bool) -> Result<Vec<PathBuf>, InputError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            scan(path, recursive, &mut files)?;
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(InputError::NotFound(path.clone()));
        }
    }
    if files.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(InputError::Nothing(names.join(", ")));
    }
    Ok(files)
}

fn scan(dir: &Path, recursive: bool, files: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let io = |source| InputError::Io {
        path: dir.to_owned(),
        source,
    };
    if recursive {
        let found = crate::folder::walk(dir, true, &is_skipped).map_err(io)?;
        files.extend(found.into_iter().filter(|p| is_spreadsheet(p)));
        return Ok(());
    }
    let found = crate::folder::walk(dir, false, &is_skipped).map_err(io)?;
    files.extend(found.into_iter().filter(|p| is_spreadsheet(p)));
    for folder in crate::folder::subfolders(dir, &is_skipped).map_err(io)? {
        files.extend(candidate_folder(&folder).map_err(|source| InputError::Io {
            path: folder.clone(),
            source,
        })?);
    }
    Ok(())
}

/// A candidate's sub-folder: the workbook its hand-in record names, else its spreadsheets.
fn candidate_folder(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    if let Some(remise) = crate::remise::Remise::read(folder) {
        let workbook = folder.join(&remise.classeur);
        if is_spreadsheet(&workbook) && workbook.is_file() {
            return Ok(vec![workbook]);
        }
    }
    Ok(crate::folder::walk(folder, false, &is_skipped)?
        .into_iter()
        .filter(|p| is_spreadsheet(p))
        .collect())
}

/// Office lock files (`~$x.xlsx`, `.~lock.x.ods#`) and hidden files.
pub(crate) fn is_skipped(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.') || name.starts_with("~$")
}

fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| SPREADSHEET_EXTENSIONS.contains(&e.as_str()))
}
