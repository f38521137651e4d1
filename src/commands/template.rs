//! `sio-dossier template`: the blank candidate workbook, or one pre-filled from an official
//! tableau or an older workbook (`--from`).

use super::{Outcome, check_path, refuse_overwrite, today};
use crate::check::CheckOptions;
use crate::cli::TemplateArgs;
use crate::model::Dossier;
use anyhow::Context as _;
use std::path::Path;

/// Runs `template`.
pub(super) fn run(args: &TemplateArgs) -> anyhow::Result<Outcome> {
    let today = today(&args.date)?;
    refuse_overwrite(&args.output, args.force)?;
    let source = match &args.from {
        Some(path) => Some(dossier_from(
            path,
            &CheckOptions {
                session: args.session,
                today,
            },
        )?),
        None => None,
    };
    let session = args
        .session
        .or(source.as_ref().and_then(|d| d.candidat.session))
        .unwrap_or_else(|| crate::validate::next_session(today));
    let bytes = crate::render::dossier_template::write(session, source.as_ref(), today)
        .context("écriture du classeur impossible")?;
    crate::output::write_atomically(&args.output, &bytes)?;
    crate::print::template_written(
        &args.output,
        session,
        args.from.as_deref().zip(source.as_ref()),
    );
    Ok(Outcome::Success)
}

/// Reads any input (official tableau or older workbook) to pre-fill a new workbook; the name
/// typed in one cell is split into family name (upper case words) and given names.
fn dossier_from(path: &Path, options: &CheckOptions) -> anyhow::Result<Dossier> {
    let report = check_path(path, options);
    let Some(parsed) = report.parsed else {
        let reasons: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect();
        anyhow::bail!("{} illisible : {}", path.display(), reasons.join(" ; "));
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
