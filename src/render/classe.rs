//! The class summary (`classe.xlsx`): one row per candidate with status, counts and links to
//! the documents, the coverage of the 22 sub-competences, and every diagnostic; real Excel
//! tables (filters, frozen headers) a teacher can sort. Candidates' text is always written as
//! text, never as a formula.

use crate::coverage::Coverage;
use crate::diagnostic::Severity;
use crate::diagnostic::Status;
use crate::model::Choice;
use crate::referentiel::Referentiel;
use crate::report::{CandidateReport, Report};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, DocProperties, Format, FormatAlign,
    Table, TableColumn, TableStyle, Url, Workbook, Worksheet, XlsxError,
};

/// Writes the class summary from the report of a run; returns the xlsx bytes.
pub(crate) fn write(report: &Report, created: NaiveDate) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created_at = super::xlsx::excel_date(created)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Synthèse de la classe, BTS SIO bloc 1")
            .set_author("sio-dossier")
            .set_creation_datetime(&created_at),
    );
    let zero = Format::new()
        .set_background_color(Color::RGB(0xF8CBAD))
        .set_font_color(Color::RGB(0x9C0006));
    let entries = &report.candidates;
    candidates(workbook.add_worksheet(), entries, &zero)?;
    coverage(workbook.add_worksheet(), entries, &zero)?;
    diagnostics(workbook.add_worksheet(), entries)?;
    workbook.save_to_buffer()
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
}

/// Adds a table over the written rows, with headers, filters and a frozen header row.
fn finish(
    sheet: &mut Worksheet,
    headers: &[String],
    rows: usize,
    name: &str,
) -> Result<(), XlsxError> {
    let columns: Vec<TableColumn> = headers
        .iter()
        .map(|h| {
            TableColumn::new()
                .set_header(h)
                .set_header_format(header_format())
        })
        .collect();
    let table = Table::new()
        .set_name(name)
        .set_columns(&columns)
        .set_style(TableStyle::Medium2);
    let last_row = rows.max(1) as u32;
    sheet.add_table(0, 0, last_row, headers.len() as u16 - 1, &table)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

fn status_label(status: Status) -> &'static str {
    match status {
        Status::Ok => "conforme",
        Status::Warnings => "avertissements",
        Status::Errors => "erreurs",
    }
}

/// Errors or warnings among an entry's diagnostics.
fn count(entry: &CandidateReport, severity: Severity) -> usize {
    entry
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

fn candidates(
    sheet: &mut Worksheet,
    entries: &[CandidateReport],
    zero: &Format,
) -> Result<(), XlsxError> {
    let r = Referentiel::get();
    sheet.set_name("Candidats")?;
    let mut headers: Vec<String> = [
        "N° candidat",
        "Nom",
        "Prénom",
        "Option",
        "Statut",
        "Erreurs",
        "Avertissements",
        "Réalisations",
    ]
    .map(String::from)
    .to_vec();
    headers.extend(
        r.competences
            .iter()
            .map(|c| format!("{} {}", c.code, c.libelle)),
    );
    headers.extend(["Portfolio", "Grille", "Tableau de synthèse", "Fichier"].map(String::from));
    let widths = [14.0, 18.0, 16.0, 8.0, 15.0, 9.0, 9.0, 9.0];
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    let first_competence = widths.len() as u16;
    for i in 0..r.competences.len() as u16 {
        sheet.set_column_width(first_competence + i, 14.0)?;
    }
    let first_link = first_competence + r.competences.len() as u16;
    for col in first_link..first_link + 3 {
        sheet.set_column_width(col, 12.0)?;
    }
    sheet.set_column_width(first_link + 3, 30.0)?;
    sheet.set_row_height(0, 60)?;

    for (i, entry) in entries.iter().enumerate() {
        let row = i as u32 + 1;
        let candidat = entry.candidate.as_ref();
        let text = |v: Option<&Option<String>>| v.and_then(|v| v.clone()).unwrap_or_default();
        sheet.write_string(row, 0, text(candidat.map(|c| &c.numero)))?;
        sheet.write_string(row, 1, text(candidat.map(|c| &c.nom)))?;
        sheet.write_string(row, 2, text(candidat.map(|c| &c.prenom)))?;
        sheet.write_string(
            row,
            3,
            candidat
                .and_then(|c| c.option)
                .map(|o| o.label())
                .unwrap_or(""),
        )?;
        sheet.write_string(row, 4, status_label(entry.status))?;
        sheet.write_number(row, 5, count(entry, Severity::Error) as f64)?;
        sheet.write_number(row, 6, count(entry, Severity::Warning) as f64)?;
        let realisations = &entry.realisations;
        sheet.write_number(row, 7, realisations.len() as f64)?;
        let coverage = Coverage::of(realisations);
        for (j, competence) in coverage.competences.iter().enumerate() {
            let count = competence.realisations.len();
            sheet.write_number(row, first_competence + j as u16, count as f64)?;
        }
        for (j, suffix) in [
            "portfolio.pdf",
            "grille-evaluation.pdf",
            "tableau-synthese.xlsx",
        ]
        .iter()
        .enumerate()
        {
            if let Some(output) = entry.outputs.iter().find(|o| o.path.ends_with(suffix)) {
                let url = Url::new(format!("file:///{}", output.path)).set_text("ouvrir");
                sheet.write_url(row, first_link + j as u16, url)?;
            }
        }
        sheet.write_string(row, first_link + 3, &entry.input)?;
    }
    let rows = entries.len();
    if rows > 0 {
        let rule = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(0))
            .set_format(zero);
        sheet.add_conditional_format(1, first_competence, rows as u32, first_link - 1, &rule)?;
    }
    finish(sheet, &headers, rows, "Candidats")
}

fn coverage(
    sheet: &mut Worksheet,
    entries: &[CandidateReport],
    zero: &Format,
) -> Result<(), XlsxError> {
    let r = Referentiel::get();
    sheet.set_name("Couverture")?;
    let mut headers: Vec<String> = ["N° candidat", "Nom", "Prénom"].map(String::from).to_vec();
    headers.extend(
        r.sous_competences()
            .map(|s| format!("{} {}", s.code, s.libelle)),
    );
    sheet.set_column_width(0, 14.0)?;
    sheet.set_column_width(1, 18.0)?;
    sheet.set_column_width(2, 16.0)?;
    for col in 3..headers.len() as u16 {
        sheet.set_column_width(col, 11.0)?;
    }
    sheet.set_row_height(0, 150)?;
    let listed: Vec<&CandidateReport> = entries.iter().filter(|e| e.candidate.is_some()).collect();
    for (i, entry) in listed.iter().enumerate() {
        let row = i as u32 + 1;
        let Some(c) = &entry.candidate else { continue };
        sheet.write_string(row, 0, c.numero.clone().unwrap_or_default())?;
        sheet.write_string(row, 1, c.nom.clone().unwrap_or_default())?;
        sheet.write_string(row, 2, c.prenom.clone().unwrap_or_default())?;
        let coverage = Coverage::of(&entry.realisations);
        for (j, sous) in coverage.sous_competences().enumerate() {
            let count = sous.realisations.len();
            sheet.write_number(row, 3 + j as u16, count as f64)?;
        }
    }
    if !listed.is_empty() {
        let rule = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(0))
            .set_format(zero);
        sheet.add_conditional_format(1, 3, listed.len() as u32, headers.len() as u16 - 1, &rule)?;
    }
    finish(sheet, &headers, listed.len(), "Couverture")
}

fn diagnostics(sheet: &mut Worksheet, entries: &[CandidateReport]) -> Result<(), XlsxError> {
    sheet.set_name("Diagnostics")?;
    let headers: Vec<String> = [
        "Candidat", "Fichier", "Cellule", "Gravité", "Code", "Message",
    ]
    .map(String::from)
    .to_vec();
    for (col, width) in [24.0, 28.0, 18.0, 13.0, 8.0, 100.0].iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    let mut row = 0u32;
    for entry in entries {
        let name = entry
            .candidate
            .as_ref()
            .and_then(|c| c.nom_complet.as_deref())
            .unwrap_or_default();
        for d in &entry.diagnostics {
            row += 1;
            sheet.write_string(row, 0, name)?;
            sheet.write_string(row, 1, &entry.input)?;
            sheet.write_string(row, 2, d.location.as_deref().unwrap_or_default())?;
            sheet.write_string(row, 3, d.severity.label())?;
            sheet.write_string(row, 4, d.code.as_str())?;
            sheet.write_string(row, 5, &d.message)?;
        }
    }
    finish(sheet, &headers, row as usize, "Diagnostics")
}
