//! Render stage: the model becomes documents, as bytes. The Typst engine (`world`,
//! `templates`, `pdf`) turns each document's data (`portfolio`, `grille`) into a PDF;
//! `tableau`, `classe` and the two workbook writers use rust_xlsxwriter. Nothing here touches
//! the file system: callers write the bytes where they like.

mod attestation;
pub mod blocks;
pub(crate) mod classe;
pub mod depot;
pub mod dossier_template;
pub(crate) mod evaluation_template;
pub mod figures;
pub mod grille;
mod memo;
pub mod pdf;
pub mod portfolio;
pub mod remise;
pub mod site;
pub mod sources;
pub mod tableau;
pub mod templates;
pub mod world;
pub(crate) mod xlsx;

pub use sources::{Candidate, Prepared, class_grids_sources, grid_sources, pdf, portfolio_sources};
