//! Compiles a template with a document's data into an archival PDF (PDF/A-2a and PDF/UA-1) with a fixed
//! identifier and date, so that the same inputs give the same bytes.

use super::world::{DocumentWorld, Engine};
use chrono::{Datelike, NaiveDate};
use typst::WorldExt;
use typst::diag::SourceDiagnostic;
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// Why a document could not be produced: the template's errors, with file, line and column.
#[derive(Debug, thiserror::Error)]
#[error("{}", .messages.join("\n"))]
pub struct RenderError {
    /// One line per problem: `portfolio.typ:12:5: message`.
    pub messages: Vec<String>,
}

/// One document to produce.
pub struct PdfJob<'a> {
    /// Template file to compile (`portfolio.typ`).
    pub template: &'a str,
    /// The data the template reads as `/data.json`.
    pub data: Vec<u8>,
    /// Vetted attachments: virtual path → bytes.
    pub attachments: Vec<(String, Vec<u8>)>,
    /// Stable identifier of the document (hashed into the PDF's /ID).
    pub ident: String,
    /// Document date (creation timestamp and `datetime.today()`).
    pub date: NaiveDate,
}

/// Compiles and exports one PDF, a panic in the engine costing this document only. Typst's
/// caches are trimmed as the engine's memo policy says, so that memory stays flat over a class.
pub fn render(engine: &Engine, job: PdfJob<'_>) -> Result<Vec<u8>, RenderError> {
    let job = PdfJob {
        data: drawable(engine, job.data),
        ..job
    };
    let result = {
        let _compiling = engine.memo().compiling();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| compile(engine, job)))
            .unwrap_or_else(|_| {
                Err(RenderError {
                    messages: vec!["erreur interne du moteur Typst sur ce document".into()],
                })
            })
    };
    engine.memo().document_done();
    result
}

/// The data with every character no embedded font can draw removed (an emoji in a title would
/// otherwise make the archival PDF impossible).
fn drawable(engine: &Engine, data: Vec<u8>) -> Vec<u8> {
    fn clean(engine: &Engine, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(s) if !s.chars().all(|c| engine.covers(c)) => {
                *s = s.chars().filter(|c| engine.covers(*c)).collect();
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| clean(engine, v)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|v| clean(engine, v)),
            _ => {}
        }
    }
    match serde_json::from_slice::<serde_json::Value>(&data) {
        Ok(mut value) => {
            clean(engine, &mut value);
            serde_json::to_vec(&value).unwrap_or(data)
        }
        Err(_) => data,
    }
}

/// Compiles and exports one PDF, nothing more: no panic guard, no cache trimming, the data used
/// as given (the engine floor the benchmark measures).
pub fn compile(engine: &Engine, job: PdfJob<'_>) -> Result<Vec<u8>, RenderError> {
    let world = DocumentWorld::new(engine, job.template, job.data, job.attachments, job.date)
        .map_err(|why| RenderError {
            messages: vec![why],
        })?;
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errors| describe(&world, engine, &errors))?;
    let timestamp = Datetime::from_ymd(
        job.date.year(),
        job.date.month() as u8,
        job.date.day() as u8,
    )
    .map(Timestamp::new_utc);
    let standards =
        PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1]).map_err(|e| RenderError {
            messages: vec![format!(
                "normes PDF/A-2a et PDF/UA-1 indisponibles : {}",
                e.message()
            )],
        })?;
    let options = PdfOptions {
        ident: Smart::Custom(job.ident),
        creator: Smart::Custom(Some(format!("sio-dossier {}", env!("CARGO_PKG_VERSION")))),
        timestamp,
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| describe(&world, engine, &errors))
}

/// Typst's diagnostics as `file:line:column: message` lines (with hints).
fn describe(
    world: &DocumentWorld<'_>,
    engine: &Engine,
    errors: &[SourceDiagnostic],
) -> RenderError {
    let messages = errors
        .iter()
        .map(|error| {
            let place = error
                .span
                .id()
                .and_then(|id| {
                    let source = engine.source(id)?;
                    let range = world.range(error.span)?;
                    let (line, col) = source.lines().byte_to_line_column(range.start)?;
                    Some(format!(
                        "{}:{}:{}: ",
                        id.vpath().get_without_slash(),
                        line + 1,
                        col + 1
                    ))
                })
                .unwrap_or_default();
            let mut message = format!("{place}{}", error.message);
            for hint in &error.hints {
                message.push_str(&format!(" (indice : {})", hint.v));
            }
            message
        })
        .collect();
    RenderError { messages }
}
