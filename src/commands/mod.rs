//! The command line's door: each command, one file each, reads its arguments, calls the
//! pipeline ([`crate::pipeline`]) and prints what happened ([`crate::print`]).

mod build;
mod check;
mod depot;
mod evaluation_template;
mod serve;
mod template;

use crate::cli::{BuildArgs, Cli, Command};
use crate::pipeline::outcome::Outcome;

/// Runs a parsed command line. Errors are usage, I/O or internal failures (exit 2).
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Some(Command::Template(args)) => template::run(&args),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Build(args)) => build::run(&args),
        Some(Command::EvaluationTemplate(args)) => evaluation_template::run(&args),
        Some(Command::Depot(args)) => depot::run(&args),
        Some(Command::Serve(args)) => serve::run(&args),
        None => build::run(&BuildArgs::example_class()),
    }
}
