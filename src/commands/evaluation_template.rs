//! `sio-dossier evaluation-template`: the jury's evaluation sheet of a class, one row per
//! candidate whose workbook can be read.

use crate::check::CheckOptions;
use crate::cli::EvaluationTemplateArgs;
use crate::pipeline::clock::Clock;
use crate::pipeline::outcome::Outcome;

/// Runs `evaluation-template`.
pub(super) fn run(args: &EvaluationTemplateArgs) -> anyhow::Result<Outcome> {
    let today = Clock::new(args.date.date)?.today();
    crate::output::refuse_overwrite(&args.output, args.force)?;
    let options = CheckOptions {
        session: args.session,
        today,
    };
    let files = crate::inputs::collect(&args.inputs, args.recursive)?;
    let sheet = crate::pipeline::jury::evaluation_sheet(&files, &options)?;
    for (file, why) in &sheet.skipped {
        crate::print::skipped(file, why);
    }
    crate::output::write_atomically(&args.output, &sheet.bytes)?;
    crate::print::evaluation_template_written(&args.output, sheet.rows);
    Ok(Outcome::Success)
}
