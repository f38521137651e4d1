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

/// A date as rust_xlsxwriter wants it (creation dates, date cells).
pub fn excel_date(
    date: chrono::NaiveDate,
) -> Result<rust_xlsxwriter::ExcelDateTime, rust_xlsxwriter::XlsxError> {
    use chrono::Datelike;
    let year = u16::try_from(date.year()).unwrap_or(2000);
    rust_xlsxwriter::ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}
