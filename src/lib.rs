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
//!   → write (names, atomic files, manifest)          output.rs
//! ```
//!
//! # The library API
//!
//! Every door (the command line, the web page, the deposit) goes through [`pipeline`]:
//!
//! - [`check::check`]: one workbook given as a name and its bytes, the files it names coming
//!   from an [`attachments::Source`] → a [`check::FileReport`] (diagnostics, the dossier, its
//!   vetted attachments). Never fails. [`pipeline::load`] does the same from a file.
//! - [`pipeline::documents::render`]: one checked candidate's documents (portfolio, grid,
//!   tableau) → named bytes, with an [`render::world::Engine`] built once and shared by every
//!   thread; the same bytes whichever door asks, for the same workbook and date.
//! - [`pipeline::class::build`]: a class into an output folder (documents, `grilles.pdf`,
//!   `classe.xlsx`, `rapport.json`, `SHA256SUMS`), followed by an observer.
//! - [`pipeline::deposit::deposit`] and [`pipeline::deposit::verify`]: the frozen deposit.
//! - [`pipeline::clock::Clock`]: the one clock (`--date`, `SOURCE_DATE_EPOCH`, the system).
//!
//! [`commands::run`] executes a command line with them (reading inputs, writing outputs).

pub mod attachments;
pub mod check;
pub mod cli;
pub mod commands;
pub mod conformite;
pub mod coverage;
pub mod diagnostic;
mod folder;
mod formulaires;
mod inputs;
pub mod model;
mod output;
mod parse;
pub mod pipeline;
mod print;
mod read;
pub mod referentiel;
pub mod remise;
pub mod render;
pub mod report;
pub mod schema;
pub mod serve;
mod text;
mod validate;

pub use commands::run;
pub use parse::parsed::{Parsed, RowSource, SourceMap};
pub use pipeline::outcome::Outcome;

#[cfg(test)]
mod properties;
