//! `sio-dossier template`: the blank candidate workbook, or one pre-filled from an official
//! tableau or an older workbook (`--from`).

use crate::check::CheckOptions;
use crate::cli::TemplateArgs;
use crate::model::Dossier;
use crate::pipeline::clock::Clock;
use crate::pipeline::outcome::Outcome;
use anyhow::Context as _;
use std::path::Path;

/// Runs `template`.
pub(super) fn run(args: &TemplateArgs) -> anyhow::Result<Outcome> {
    let today = Clock::new(args.date.date)?.today();
    crate::output::refuse_overwrite(&args.output, args.force)?;
    let options = CheckOptions {
        session: args.session,
        today,
    };
    let source = match &args.from {
        Some(path) => Some(dossier_from(path, &options)?),
        None => None,
    };
    let session = args
        .session
        .or(source.as_ref().and_then(|d| d.candidat.session))
        .unwrap_or_else(|| crate::validate::next_session(today));
    let bytes = crate::pipeline::documents::candidate_workbook(source.as_ref(), session, today)
        .context("écriture du classeur impossible")?;
    crate::output::write_atomically(&args.output, &bytes)?;
    crate::print::template_written(
        &args.output,
        session,
        args.from.as_deref().zip(source.as_ref()),
    );
    Ok(Outcome::Success)
}

/// Reads any input (official tableau or older workbook) to pre-fill a new workbook.
fn dossier_from(path: &Path, options: &CheckOptions) -> anyhow::Result<Dossier> {
    let report = crate::pipeline::load::check_path(path, options);
    let Some(parsed) = report.parsed else {
        let reasons: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect();
        anyhow::bail!("{} illisible : {}", path.display(), reasons.join(" ; "));
    };
    Ok(parsed.dossier)
}
