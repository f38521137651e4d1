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

pub mod attachments;
pub mod build;
pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod inputs;
pub mod model;
pub mod output;
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
use cli::{BuildArgs, CheckArgs, Cli, Command, DateArg, OutputFormat, TemplateArgs};
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;

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

/// The outcome of a run over these files.
fn outcome(files: &[check::FileReport], other_errors: bool) -> Outcome {
    if files.iter().any(check::FileReport::internal_failure) {
        Outcome::InternalErrors
    } else if other_errors || files.iter().any(|r| r.status() == report::Status::Errors) {
        Outcome::InputErrors
    } else {
        Outcome::Success
    }
}

/// Runs a parsed command line. Errors are usage, I/O or internal failures (exit 2).
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Some(Command::Template(args)) => template(&args),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Build(args)) => build(&args),
        Some(Command::EvaluationTemplate(args)) => evaluation_template(&args),
        None => build(&BuildArgs {
            inputs: vec![PathBuf::from("input")],
            output: PathBuf::from("output"),
            session: None,
            names: output::DEFAULT_NAMES.into(),
            only: Vec::new(),
            templates: None,
            emit_typst: None,
            fiche: false,
            evaluation: None,
            jobs: 0,
            quiet: false,
            recursive: false,
            date: DateArg { date: None },
        }),
    }
}

fn build(args: &BuildArgs) -> anyhow::Result<Outcome> {
    let only = if args.only.is_empty() {
        vec![
            build::DocumentKind::Portfolio,
            build::DocumentKind::Grille,
            build::DocumentKind::Tableau,
        ]
    } else {
        args.only.clone()
    };
    let options = build::BuildOptions {
        inputs: inputs::collect(&args.inputs, args.recursive)?,
        output: args.output.clone(),
        session: args.session,
        names: args.names.clone(),
        only,
        templates: args.templates.clone(),
        emit_typst: args.emit_typst.clone(),
        fiche: args.fiche,
        evaluation: args.evaluation.clone(),
        jobs: args.jobs,
        quiet: args.quiet,
        today: today(&args.date)?,
    };
    let summary = build::build(&options)?;
    if summary.render_failures > 0 {
        anyhow::bail!(
            "{} document(s) n'ont pas pu être produits : erreur dans un modèle Typst",
            summary.render_failures
        );
    }
    Ok(outcome(&summary.files, summary.evaluation_errors))
}

fn evaluation_template(args: &cli::EvaluationTemplateArgs) -> anyhow::Result<Outcome> {
    let today = today(&args.date)?;
    if args.output.exists() && !args.force {
        bail!(
            "{} existe déjà : il n'est pas remplacé (ajoutez --force pour l'écraser)",
            args.output.display()
        );
    }
    let options = check::CheckOptions {
        session: args.session,
        today,
    };
    let mut candidats = Vec::new();
    let mut session = args.session;
    for file in inputs::collect(&args.inputs, args.recursive)? {
        let report = check::check_file(&file, &options);
        let Some(parsed) = report.parsed else {
            eprintln!(
                "ignoré : {} n'est pas un classeur de candidat lisible",
                file.display()
            );
            continue;
        };
        let c = parsed.dossier.candidat;
        if c.numero.is_none() {
            eprintln!(
                "ignoré : {} n'indique pas de numéro de candidat, sa ligne ne pourrait pas être rapprochée",
                file.display()
            );
            continue;
        }
        session = session.or(c.session);
        candidats.push(c);
    }
    let session = session.unwrap_or_else(|| validate::next_session(today));
    let bytes = render::evaluation_template::write(&candidats, session, today)
        .context("écriture du classeur d'évaluation impossible")?;
    output::write_atomically(&args.output, &bytes)?;
    eprintln!(
        "classeur d'évaluation écrit : {} ({})",
        args.output.display(),
        print::plural(candidats.len(), "candidat", "candidats")
    );
    Ok(Outcome::Success)
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
    // All cores; results in input order.
    let reports: Vec<check::FileReport> = files
        .par_iter()
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
    Ok(outcome(&reports, false))
}

fn template(args: &TemplateArgs) -> anyhow::Result<Outcome> {
    let today = today(&args.date)?;
    if args.output.exists() && !args.force {
        bail!(
            "{} existe déjà : il n'est pas remplacé (ajoutez --force pour l'écraser)",
            args.output.display()
        );
    }
    let source = match &args.from {
        Some(path) => Some(dossier_from(path, args.session, today)?),
        None => None,
    };
    let session = args
        .session
        .or(source.as_ref().and_then(|d| d.candidat.session))
        .unwrap_or_else(|| validate::next_session(today));
    let bytes = render::dossier_template::write(session, source.as_ref(), today)
        .context("écriture du classeur impossible")?;
    output::write_atomically(&args.output, &bytes)?;
    match (&args.from, &source) {
        (Some(from), Some(dossier)) => eprintln!(
            "classeur de la session {session} écrit : {}, pré-rempli depuis {} ({}) ; complétez les \
             descriptions et remplacez chaque « ? » par les sous-compétences mobilisées",
            args.output.display(),
            from.display(),
            print::plural(dossier.realisations.len(), "réalisation", "réalisations"),
        ),
        _ => eprintln!(
            "classeur vierge de la session {session} écrit : {}",
            args.output.display()
        ),
    }
    Ok(Outcome::Success)
}

/// Reads any input (official tableau or older workbook) to pre-fill a new workbook; the name
/// typed in one cell is split into family name (upper case words) and given names.
fn dossier_from(
    path: &std::path::Path,
    session: Option<u16>,
    today: NaiveDate,
) -> anyhow::Result<model::Dossier> {
    let report = check::check_file(path, &check::CheckOptions { session, today });
    let Some(parsed) = report.parsed else {
        let reasons: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect();
        bail!("{} illisible : {}", path.display(), reasons.join(" ; "));
    };
    let mut dossier = parsed.dossier;
    if let Some(full) = dossier.candidat.nom_prenom.take() {
        let (upper, rest): (Vec<&str>, Vec<&str>) = full.split_whitespace().partition(|w| {
            w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
        });
        if upper.is_empty() || rest.is_empty() {
            dossier.candidat.nom = Some(full.split_whitespace().collect::<Vec<_>>().join(" "));
        } else {
            dossier.candidat.nom = Some(upper.join(" "));
            dossier.candidat.prenom = Some(rest.join(" "));
        }
    }
    Ok(dossier)
}
