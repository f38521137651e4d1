//! Render stage: the model becomes documents. The Typst engine (`world`, `templates`, `pdf`)
//! turns each document's data (`portfolio`) into a PDF; `dossier_template` writes the
//! candidate workbook itself.

pub mod attestation;
pub mod classe;
pub mod dossier_template;
pub mod evaluation_template;
pub mod grille;
pub mod merge;
pub mod pdf;
pub mod portfolio;
pub mod tableau;
pub mod templates;
pub mod world;
