//! `sio-dossier serve`: the local web page. The server itself is [`crate::serve`]; this file
//! turns the command line into its configuration.

use crate::cli::ServeArgs;
use crate::pipeline::outcome::Outcome;

/// Runs `serve` until Ctrl-C.
pub(super) fn run(args: &ServeArgs) -> anyhow::Result<Outcome> {
    crate::serve::run(crate::serve::Config {
        listen: args.listen,
        port: args.port,
        classe: args.classe.clone(),
        output: args.output.clone(),
        depots: args.depots.clone().unwrap_or_else(|| {
            let beside = args.output.parent().unwrap_or(std::path::Path::new(""));
            beside.join("depots")
        }),
        limite: args.limite,
    })?;
    Ok(Outcome::Success)
}
