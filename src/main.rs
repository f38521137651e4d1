//! The `sio-dossier` command: parses arguments, runs the library, maps the result to an exit
//! status (0 fine, 1 input errors, 2 usage, I/O or internal failure).

use clap::Parser;
use sio_dossier::{Outcome, cli::Cli, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if error.use_stderr() => {
            eprint!("{}", sio_dossier::cli::french_error(&error));
            return ExitCode::from(2);
        }
        Err(help_or_version) => {
            let _ = help_or_version.print();
            return ExitCode::SUCCESS;
        }
    };
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::InputErrors) => ExitCode::from(1),
        Err(error) => {
            let mut chain = error.chain();
            if let Some(first) = chain.next() {
                eprintln!("erreur : {first}");
            }
            for cause in chain {
                eprintln!("  cause : {cause}");
            }
            ExitCode::from(2)
        }
    }
}
