//! A workbook file read from disk and checked, the files it names looked up beside it: the
//! one way every door reads an input. The bytes checked are kept when asked, so that what a
//! deposit copies is exactly what was checked.

use crate::attachments::Folder;
use crate::check::{CheckOptions, FileReport};
use std::path::{Path, PathBuf};

/// One input file once read and checked.
#[derive(Debug)]
pub struct Loaded {
    /// The path as given.
    pub path: PathBuf,
    /// The bytes checked (empty when the file could not be read).
    pub bytes: Vec<u8>,
    /// SHA-256 of the bytes checked, when the file could be read.
    pub sha256: Option<String>,
    /// What the check found.
    pub report: FileReport,
}

/// Reads and checks a workbook file, keeping the bytes checked; never fails (an unreadable
/// file is a diagnostic).
pub fn load(path: &Path, options: &CheckOptions) -> Loaded {
    read_and_check(path, options, true)
}

/// Reads and checks a workbook file, keeping only the report and the digest.
pub fn check_path(path: &Path, options: &CheckOptions) -> FileReport {
    read_and_check(path, options, false).report
}

fn read_and_check(path: &Path, options: &CheckOptions, keep: bool) -> Loaded {
    let name = path.display().to_string();
    match crate::read::read_file(path) {
        Ok(bytes) => {
            let sha256 = crate::output::sha256(&bytes);
            let kept = if keep { bytes.clone() } else { Vec::new() };
            let report = crate::check::check(&name, bytes, options, &Folder(input_dir(path)));
            Loaded {
                path: path.to_owned(),
                bytes: kept,
                sha256: Some(sha256),
                report,
            }
        }
        Err(error) => Loaded {
            path: path.to_owned(),
            bytes: Vec::new(),
            sha256: None,
            report: FileReport::unread(&name, vec![crate::check::read_diagnostic(&error)]),
        },
    }
}

/// Reads and checks a workbook file without keeping its bytes: the report and the digest.
pub fn load_digest(path: &Path, options: &CheckOptions) -> Loaded {
    read_and_check(path, options, false)
}

/// The folder of an input file, against which the files it names are looked up.
pub fn input_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    }
}
