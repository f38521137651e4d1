//! The jury's evaluation sheet (`sio-dossier evaluation-template`): one row per candidate,
//! identity pre-filled and locked, a drop-down of the five levels for each of the grid's seven
//! criteria, the proposed mark, the penalties, the commission and its members.

use crate::model::{Candidat, Choice};
use crate::referentiel::Referentiel;
use crate::schema::evaluation as sheet_schema;
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, ProtectionOptions, Workbook, XlsxError,
};

/// Writes the sheet for these candidates and returns the xlsx bytes.
pub(crate) fn write(
    candidats: &[Candidat],
    session: u16,
    created: NaiveDate,
) -> Result<Vec<u8>, XlsxError> {
    let r = Referentiel::get();
    let mut workbook = Workbook::new();
    let created_at = super::xlsx::excel_date(created)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("Évaluation du jury, BTS SIO session {session}"))
            .set_author("sio-dossier")
            .set_creation_datetime(&created_at)
            .set_custom_property("Modèle", "sio-dossier : évaluation du jury"),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_schema::SHEET)?;

    let base = Format::new().set_font_name("Arial").set_font_size(10);
    let header = base
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xDDE8F3))
        .set_border(FormatBorder::Thin);
    let locked = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xF2F2F2));
    let input = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xFFFDF0))
        .set_unlocked();
    let input_date = input.clone().set_num_format("dd/mm/yyyy");
    let title = base.clone().set_bold().set_font_size(13);

    let labels = r.labels(session);
    sheet.write_with_format(
        0,
        0,
        format!(
            "Évaluation du jury — BTS SIO, épreuve {} « {} », session {session}",
            labels.epreuve, r.bloc.libelle
        ),
        &title,
    )?;
    sheet.set_row_height(0, 24)?;

    let criteria = sheet_schema::criteria_headers();
    let headers = headers(&criteria);

    let row0 = sheet_schema::HEADER_ROW;
    for (col, (text, width)) in headers.iter().enumerate() {
        sheet.write_with_format(row0, col as u16, text, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_row_height(row0, 96)?;

    let last = row0 + candidats.len().max(1) as u32;
    let first_criterion = 4u16;
    let note_col = first_criterion + criteria.len() as u16;
    let first_penalty = note_col + 1;
    let commission_col = first_penalty + r.grille.penalites.len() as u16;
    let date_col = commission_col + 1;

    let columns = Columns {
        first_criterion,
        note: note_col,
        first_penalty,
        commission: commission_col,
        date: date_col,
        count: headers.len() as u16,
    };
    identity_rows(sheet, candidats, &columns, [&locked, &input, &input_date])?;
    validations(sheet, &columns, row0 + 1, last)?;
    sheet.set_freeze_panes(row0 + 1, 3)?;
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(row0, row0)?;
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    workbook.save_to_buffer()
}

/// Every column's header and width, in order.
fn headers(criteria: &[String]) -> Vec<(String, f64)> {
    let mut headers: Vec<(String, f64)> = vec![
        (sheet_schema::NUMERO.into(), 14.0),
        (sheet_schema::NOM.into(), 18.0),
        (sheet_schema::PRENOM.into(), 16.0),
        (sheet_schema::OPTION.into(), 8.0),
    ];
    headers.extend(criteria.iter().map(|c| (c.clone(), 17.0)));
    headers.push((sheet_schema::NOTE.into(), 11.0));
    let penalties = &Referentiel::get().grille.penalites;
    headers.extend(penalties.iter().map(|p| (p.libelle.clone(), 14.0)));
    headers.push((sheet_schema::COMMISSION.into(), 11.0));
    headers.push((sheet_schema::DATE.into(), 12.0));
    headers.extend(
        sheet_schema::MEMBRES
            .iter()
            .map(|m| ((*m).to_owned(), 22.0)),
    );
    headers
}

/// The columns of the jury's inputs.
struct Columns {
    first_criterion: u16,
    note: u16,
    first_penalty: u16,
    commission: u16,
    date: u16,
    /// All the columns.
    count: u16,
}

/// One row per candidate: identity written and locked, the jury's cells blank and open.
fn identity_rows(
    sheet: &mut rust_xlsxwriter::Worksheet,
    candidats: &[Candidat],
    columns: &Columns,
    [locked, input, input_date]: [&Format; 3],
) -> Result<(), XlsxError> {
    let row0 = sheet_schema::HEADER_ROW;
    for (i, c) in candidats.iter().enumerate() {
        let row = row0 + 1 + i as u32;
        let identity = [
            c.numero.clone(),
            c.nom.clone(),
            c.prenom.clone(),
            c.option.map(|o| o.label().to_owned()),
        ];
        for (col, value) in identity.iter().enumerate() {
            sheet.write_string_with_format(
                row,
                col as u16,
                value.clone().unwrap_or_default(),
                locked,
            )?;
        }
        for col in columns.first_criterion..columns.count {
            let format = if col == columns.date {
                input_date
            } else {
                input
            };
            sheet.write_blank(row, col, format)?;
        }
        sheet.set_row_height(row, 20)?;
    }
    Ok(())
}

/// The drop-downs and checks of the jury's cells, rows `first` to `last`.
fn validations(
    sheet: &mut rust_xlsxwriter::Worksheet,
    c: &Columns,
    first: u32,
    last: u32,
) -> Result<(), XlsxError> {
    let r = Referentiel::get();
    let levels = DataValidation::new()
        .allow_list_strings(&r.grille.niveaux)?
        .set_input_title("Niveau de maîtrise")?
        .set_input_message("Choisissez un des cinq niveaux de la grille.")?
        .set_error_title("Niveau attendu")?
        .set_error_message("Choisissez un niveau de la liste.")?;
    sheet.add_data_validation(first, c.first_criterion, last, c.note - 1, &levels)?;
    let mark = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, 20.0))
        .set_input_title("Proposition de note")?
        .set_input_message("Note sur 20, par exemple 14,5, avant pénalités.")?
        .set_error_title("Note sur 20")?
        .set_error_message("La note est un nombre entre 0 et 20.")?;
    sheet.add_data_validation(first, c.note, last, c.note, &mark)?;
    let yes_no = DataValidation::new()
        .allow_list_strings(&sheet_schema::OUI_NON)?
        .set_input_title("Pénalité")?
        .set_input_message("Oui si la pénalité s'applique.")?;
    sheet.add_data_validation(first, c.first_penalty, last, c.commission - 1, &yes_no)?;
    let date = DataValidation::new()
        .allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(2020, 1, 1)?,
            ExcelDateTime::from_ymd(2100, 12, 31)?,
        ))
        .set_error_title("Date attendue")?
        .set_error_message("Saisissez une date JJ/MM/AAAA.")?;
    sheet.add_data_validation(first, c.date, last, c.date, &date)?;

    Ok(())
}
