//! `sio-dossier depot`: the arguments resolved into a deposit [`Plan`], the deposit made by
//! the pipeline, each candidate printed, the summary; `--verifier` checks a deposit made.

use crate::cli::DepotArgs;
use crate::pipeline::clock::Clock;
use crate::pipeline::deposit::{self, Plan, Verified};
use crate::pipeline::outcome::Outcome;
use crate::print;
use crate::render::templates;
use crate::render::world::Engine;
use std::path::Path;

/// Runs `depot`.
pub(super) fn run(args: &DepotArgs) -> anyhow::Result<Outcome> {
    if let Some(dir) = &args.verifier {
        return verify(dir);
    }
    let plan = Plan {
        inputs: crate::inputs::collect(&args.inputs, false)?,
        output: args.output.clone(),
        limite: args.limite,
        session: args.session,
        clock: Clock::new(None)?,
    };
    let engine = Engine::new(&templates::embedded(), rayon::current_num_threads());
    let deposited = deposit::deposit(&plan, &engine)?;
    for (name, result) in &deposited.candidates {
        match result {
            Ok(deposit) => print::deposited(name, deposit, args.quiet),
            Err(error) => print::deposit_failed(name, error),
        }
    }
    let made = deposited.made();
    print::deposit_summary(&deposited.root, &made, deposited.failures());
    if deposited.failures() > 0 {
        anyhow::bail!("{} dépôt(s) n'ont pas pu être faits", deposited.failures());
    }
    Ok(if made.iter().all(|d| d.conformite.conforme) {
        Outcome::Success
    } else {
        Outcome::InputErrors
    })
}

/// `--verifier`: every candidate folder of a deposit checked against its seal.
fn verify(root: &Path) -> anyhow::Result<Outcome> {
    let results = deposit::verify(root)?;
    print::verification(root, &results);
    Ok(if results.iter().all(Verified::intact) {
        Outcome::Success
    } else {
        Outcome::InputErrors
    })
}
