//! sio-dossier: the official documents of the BTS SIO's block 1 from one workbook per candidate.
//!
//! The work is a pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! read (calamine → cells with positions)         read/
//!   → parse (cells → model + source map)          parse/
//!   → validate (rules → diagnostics)              validate.rs
//!   → render (model → documents)                  render/
//!   → report (diagnostics, JSON)                  print.rs, report.rs
//! ```
//!
//! [`run`] executes a command line; tests drive the real binary, which calls it.

pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod inputs;
pub mod model;
pub mod parse;
pub mod print;
pub mod read;
pub mod referentiel;
pub mod render;
pub mod report;
pub mod schema;
pub mod validate;

use anyhow::{Context as _, bail};
use chrono::NaiveDate;
use cli::{CheckArgs, Cli, Command, DateArg, OutputFormat, TemplateArgs};
use std::io::Write;
use std::path::{Path, PathBuf};

/// How a run ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything is fine (warnings allowed): exit 0.
    Success,
    /// At least one input has errors: exit 1.
    InputErrors,
}

/// Runs a parsed command line. Errors are usage, I/O or internal failures (exit 2).
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Some(Command::Template(args)) => template(&args),
        Some(Command::Check(args)) => check(&args),
        None => check(&CheckArgs {
            inputs: vec![PathBuf::from("input")],
            format: OutputFormat::Human,
            session: None,
            recursive: false,
            date: DateArg { date: None },
        }),
    }
}

/// The date taken as today: `--date`, else `SOURCE_DATE_EPOCH`, else the local date.
pub fn today(arg: &DateArg) -> anyhow::Result<NaiveDate> {
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

fn check(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let options = check::CheckOptions {
        session: args.session,
        today: today(&args.date)?,
    };
    let files = inputs::collect(&args.inputs, args.recursive)?;
    let reports: Vec<check::FileReport> = files
        .iter()
        .map(|f| check::check_file(f, &options))
        .collect();
    let result = match args.format {
        OutputFormat::Human => print::human(&mut anstream::stdout().lock(), &reports),
        OutputFormat::Json => {
            let report = report::Report::new(&reports);
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &report)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        }
    };
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(e).context("écriture du résultat impossible");
        }
        _ => {}
    }
    let any_errors = reports.iter().any(|r| r.status() == report::Status::Errors);
    Ok(if any_errors {
        Outcome::InputErrors
    } else {
        Outcome::Success
    })
}

fn template(args: &TemplateArgs) -> anyhow::Result<Outcome> {
    let today = today(&args.date)?;
    let session = args
        .session
        .unwrap_or_else(|| validate::next_session(today));
    if args.output.exists() && !args.force {
        bail!(
            "{} existe déjà : il n'est pas remplacé (ajoutez --force pour l'écraser)",
            args.output.display()
        );
    }
    let bytes = render::dossier_template::write(session, None, today)
        .context("écriture du classeur impossible")?;
    write_atomically(&args.output, &bytes)?;
    eprintln!(
        "classeur vierge de la session {session} écrit : {}",
        args.output.display()
    );
    Ok(Outcome::Success)
}

/// Writes a file through a temporary file in the same folder then a rename, so that a crash
/// never leaves a half-written file behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("impossible de créer un fichier dans {}", dir.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .with_context(|| format!("écriture de {} impossible", path.display()))?;
    file.persist(path)
        .with_context(|| format!("écriture de {} impossible", path.display()))?;
    Ok(())
}
