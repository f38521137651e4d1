//! How a run ended, for the exit status every door reports the same way.

use crate::check::FileReport;
use crate::diagnostic::Status;

/// How a run ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything is fine (warnings allowed): exit 0.
    Success,
    /// At least one input has errors: exit 1.
    InputErrors,
    /// A bug was met on at least one input (the others were processed): exit 2.
    InternalErrors,
}

impl Outcome {
    /// The outcome of a run over these files, `other_errors` counting problems found beside
    /// them (the jury's sheet, a deposit à régulariser).
    pub fn of(files: &[FileReport], other_errors: bool) -> Outcome {
        if files.iter().any(FileReport::internal_failure) {
            Outcome::InternalErrors
        } else if other_errors || files.iter().any(|r| r.status() == Status::Errors) {
            Outcome::InputErrors
        } else {
            Outcome::Success
        }
    }
}
