//! `sio-dossier check`: every input checked on all cores, the diagnostics printed like a
//! compiler's, or the JSON report.

use crate::check::{CheckOptions, FileReport};
use crate::cli::{CheckArgs, OutputFormat};
use crate::pipeline::clock::Clock;
use crate::pipeline::load::check_path;
use crate::pipeline::outcome::Outcome;
use anyhow::Context as _;
use rayon::prelude::*;

/// Runs `check`.
pub(super) fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let options = CheckOptions {
        session: args.session,
        today: Clock::new(args.date.date)?.today(),
    };
    let files = crate::inputs::collect(&args.inputs, args.recursive)?;
    // All cores; results in input order.
    let reports: Vec<FileReport> = files.par_iter().map(|f| check_path(f, &options)).collect();
    let result = match args.format {
        OutputFormat::Human => crate::print::human(&mut anstream::stdout().lock(), &reports),
        OutputFormat::Json => crate::print::json(&crate::report::Report::new(&reports)),
    };
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(e).context("écriture du résultat impossible");
        }
        _ => {}
    }
    Ok(Outcome::of(&reports, false))
}
