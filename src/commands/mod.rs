//! The command line's commands, one file each: each reads its inputs from the file system,
//! calls the library ([`crate::check::check`], [`crate::render`]) and writes its outputs.
//! Printing is in [`crate::print`].

mod build;
mod check;
mod depot;

pub(crate) use build::run_observed as build_observed;
pub(crate) use depot::Verified;
mod evaluation_template;
mod serve;
mod template;

use crate::attachments::Folder;
use crate::check::{CheckOptions, FileReport};
use crate::cli::{BuildArgs, Cli, Command, DateArg};
use crate::diagnostic::Status;
use anyhow::Context as _;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

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

/// Runs a parsed command line. Errors are usage, I/O or internal failures (exit 2).
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Some(Command::Template(args)) => template::run(&args),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Build(args)) => build::run(&args),
        Some(Command::EvaluationTemplate(args)) => evaluation_template::run(&args),
        Some(Command::Depot(args)) => depot::run(&args),
        Some(Command::Serve(args)) => serve::run(&args),
        None => build::run(&BuildArgs::example_class()),
    }
}

/// The outcome of a run over these files.
fn outcome(files: &[FileReport], other_errors: bool) -> Outcome {
    if files.iter().any(FileReport::internal_failure) {
        Outcome::InternalErrors
    } else if other_errors || files.iter().any(|r| r.status() == Status::Errors) {
        Outcome::InputErrors
    } else {
        Outcome::Success
    }
}

/// Checks a workbook file: its bytes read here, the files it names looked up in its folder.
pub(crate) fn check_path(path: &Path, options: &CheckOptions) -> FileReport {
    let name = path.display().to_string();
    match crate::read::read_file(path) {
        Ok(bytes) => crate::check::check(&name, bytes, options, &Folder(input_dir(path))),
        Err(error) => FileReport::unread(&name, vec![crate::check::read_diagnostic(&error)]),
    }
}

/// The folder of an input file, against which its attachment paths are resolved.
fn input_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// The date taken as today: `--date`, else `SOURCE_DATE_EPOCH`, else the local date.
fn today(arg: &DateArg) -> anyhow::Result<NaiveDate> {
    if let Some(date) = arg.date {
        return Ok(date);
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch.trim().parse().with_context(|| {
            format!("SOURCE_DATE_EPOCH « {epoch} » n'est pas un nombre de secondes")
        })?;
        let date = chrono::DateTime::from_timestamp(seconds, 0)
            .with_context(|| format!("SOURCE_DATE_EPOCH « {epoch} » hors limites"))?;
        return Ok(date.date_naive());
    }
    Ok(chrono::Local::now().date_naive())
}

/// Refuses to replace an existing file unless `--force`.
fn refuse_overwrite(path: &Path, force: bool) -> anyhow::Result<()> {
    if path.exists() && !force {
        anyhow::bail!(
            "{} existe déjà : il n'est pas remplacé (ajoutez --force pour l'écraser)",
            path.display()
        );
    }
    Ok(())
}
