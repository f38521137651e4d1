//! What the parse stage gives: the model read from a workbook and the cell every value came
//! from, shared by the readers of each kind of workbook.

use crate::diagnostic::{CellRef, Code, Diagnostic};
use crate::model::{Dossier, InputKind};
use crate::schema::{CandidatField, RealisationField, StageField};
use std::collections::HashMap;

/// Most réalisations read from one file: a dossier holds a dozen; thousands of rows are a
/// mistake (or a trap) and are refused rather than rendered.
pub(crate) const MAX_REALISATIONS: usize = 300;

/// The error given when a file holds more réalisations than [`MAX_REALISATIONS`].
pub(crate) fn too_many(cell: CellRef) -> Diagnostic {
    Diagnostic::new(
        Code::TooManyRealisations,
        format!("plus de {MAX_REALISATIONS} réalisations : les lignes suivantes ne sont pas lues"),
    )
    .at(Some(cell))
    .hint("supprimez les lignes copiées par erreur sous le tableau")
}

/// The cells a dossier was read from.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// The sheet holding the identity fields, when found.
    pub candidat_sheet: Option<String>,
    /// The value cell of each identity field found.
    pub candidat: HashMap<CandidatField, CellRef>,
    /// Header cell of each sub-competence tick column, by code (`B1.4.2`).
    pub tick_headers: HashMap<String, CellRef>,
    /// One entry per réalisation, in the order of [`Dossier::realisations`].
    pub realisations: Vec<RowSource<RealisationField>>,
    /// One entry per internship, in the order of [`Dossier::stages`].
    pub stages: Vec<RowSource<StageField>>,
}

/// The cells of one row (a réalisation or an internship).
#[derive(Debug, Clone)]
pub struct RowSource<F> {
    /// The row's first cell, reported as the réalisation's position.
    pub start: CellRef,
    /// The cell of each field found.
    pub cells: HashMap<F, CellRef>,
    /// The tick cell of each sub-competence, by code.
    pub ticks: HashMap<String, CellRef>,
}

impl<F: std::hash::Hash + Eq> RowSource<F> {
    /// The cell of a field, else the row's first cell.
    pub fn cell(&self, field: F) -> CellRef {
        self.cells.get(&field).unwrap_or(&self.start).clone()
    }
}

/// A workbook read into the model.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// What kind of workbook it was.
    pub kind: InputKind,
    /// The candidate's data.
    pub dossier: Dossier,
    /// Where each value came from.
    pub sources: SourceMap,
    /// Problems found while reading (unreadable values, missing columns).
    pub diagnostics: Vec<Diagnostic>,
}
