//! `sio-dossier evaluation-template`: the jury's evaluation sheet of a class, one row per
//! candidate whose workbook can be read.

use crate::check::CheckOptions;
use crate::cli::EvaluationTemplateArgs;
use crate::pipeline::clock::Clock;
use crate::pipeline::load::check_path;
use crate::pipeline::outcome::Outcome;
use anyhow::Context as _;

/// Runs `evaluation-template`.
pub(super) fn run(args: &EvaluationTemplateArgs) -> anyhow::Result<Outcome> {
    let today = Clock::new(args.date.date)?.today();
    crate::output::refuse_overwrite(&args.output, args.force)?;
    let options = CheckOptions {
        session: args.session,
        today,
    };
    let mut candidats = Vec::new();
    let mut session = args.session;
    for file in crate::inputs::collect(&args.inputs, args.recursive)? {
        let Some(parsed) = check_path(&file, &options).parsed else {
            crate::print::skipped(&file, "n'est pas un classeur de candidat lisible");
            continue;
        };
        let c = parsed.dossier.candidat;
        if c.numero.is_none() && c.nom_complet().is_none() {
            crate::print::skipped(
                &file,
                "n'indique ni numéro ni nom de candidat : sa ligne ne pourrait pas être rapprochée",
            );
            continue;
        }
        session = session.or(c.session);
        candidats.push(c);
    }
    let session = session.unwrap_or_else(|| crate::validate::next_session(today));
    let bytes = crate::render::evaluation_template::write(&candidats, session, today)
        .context("écriture du classeur d'évaluation impossible")?;
    crate::output::write_atomically(&args.output, &bytes)?;
    crate::print::evaluation_template_written(&args.output, candidats.len());
    Ok(Outcome::Success)
}
