//! sio-dossier: the official documents of the BTS SIO's block 1 from one workbook per candidate.
//!
//! The work is a pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! read (bytes → cells with positions)               read/
//!   → parse (cells → model + source map)             parse/
//!   → resolve attachments (named files, vetted once)  attachments.rs
//!   → validate (rules → diagnostics)                 validate.rs
//!   → render (model → document bytes)                render/
//! ```
//!
//! # The library API
//!
//! Every front door (the command line, a web page, a deposit) goes through the same calls,
//! none of which touches the file system:
//!
//! - [`check::check`]: one workbook given as a name and its bytes, the files it names coming
//!   from an [`attachments::Source`] → a [`check::FileReport`] (diagnostics, the dossier, its
//!   vetted attachments). Never fails.
//! - [`render::portfolio_sources`], [`render::grille_sources`] then [`render::pdf`]: one
//!   candidate's portfolio and evaluation grid → PDF bytes, with an [`render::world::Engine`]
//!   built once and shared by every thread; [`render::tableau::write`] → the official tableau
//!   (xlsx bytes); [`render::dossier_template::write`] → the candidate workbook, blank or
//!   pre-filled.
//! - [`report::Report`]: the JSON report of a set of checks.
//! - [`conformite::assess`]: a checked dossier's conformity at deposit (items conforme or à
//!   régulariser, with why); [`render::depot`] lays it out, with the class receipt.
//!
//! [`commands::run`] executes a command line with them (reading inputs, writing outputs).

pub mod attachments;
pub mod check;
pub mod cli;
pub mod commands;
pub mod conformite;
pub mod diagnostic;
mod formulaires;
mod inputs;
pub mod model;
mod output;
mod parse;
mod print;
mod read;
pub mod referentiel;
pub mod render;
pub mod report;
pub mod schema;
pub mod serve;
mod text;
mod validate;

pub use commands::{Outcome, run};
pub use parse::{Parsed, RowSource, SourceMap};

#[cfg(test)]
mod properties;
