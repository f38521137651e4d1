//! The deposit's documents: each candidate's conformity page (`conformite.typ`) and the class
//! receipt, as a PDF (`bordereau.typ`) and as a workbook the secretariat can sort and annotate.

use super::sources::Prepared;
use crate::conformite::Deposit;
use crate::referentiel::Referentiel;
use chrono::NaiveDateTime;
use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};
use serde::Serialize;

/// Hex digits of a SHA-256 printed on the receipt: enough to tell two files apart by eye.
pub const SHORT_HASH: usize = 12;

/// The exam's name for a session (`E5`).
fn epreuve(session: u16) -> String {
    Referentiel::get().labels(session).epreuve.clone()
}

#[derive(Serialize)]
struct PageData<'a> {
    session: u16,
    epreuve: String,
    depot: &'a Deposit,
    hash: &'a str,
}

/// The sources of a candidate's conformity page.
pub fn conformite_sources(
    deposit: &Deposit,
    session: u16,
) -> Result<Prepared, super::pdf::RenderError> {
    let data = PageData {
        session,
        epreuve: epreuve(session),
        depot: deposit,
        hash: &deposit.sha256[..deposit.sha256.len().min(SHORT_HASH)],
    };
    Ok(Prepared {
        template: "conformite.typ",
        data: super::sources::json(&data)?,
        files: Vec::new(),
    })
}

#[derive(Serialize)]
struct Row<'a> {
    numero: Option<&'a str>,
    nom: &'a str,
    option: Option<&'a str>,
    depose_le: &'a str,
    hors_delai: bool,
    conforme: bool,
    raisons: String,
    hash: &'a str,
}

#[derive(Serialize)]
struct ReceiptData<'a> {
    session: u16,
    epreuve: String,
    depot: String,
    limite: Option<String>,
    lignes: Vec<Row<'a>>,
    total: usize,
    conformes: usize,
    hors_delai: usize,
}

fn receipt_data(
    deposits: &[Deposit],
    session: u16,
    deposited: NaiveDateTime,
    limite: Option<NaiveDateTime>,
) -> ReceiptData<'_> {
    let lignes: Vec<Row<'_>> = deposits
        .iter()
        .map(|d| Row {
            numero: d.numero.as_deref(),
            nom: &d.nom,
            option: d.option.as_deref(),
            depose_le: &d.depose_le,
            hors_delai: d.hors_delai,
            conforme: d.conformite.conforme,
            raisons: d.short_reasons(),
            hash: &d.sha256[..d.sha256.len().min(SHORT_HASH)],
        })
        .collect();
    ReceiptData {
        session,
        epreuve: epreuve(session),
        depot: crate::text::date_time_fr(deposited),
        limite: limite.map(crate::text::date_time_fr),
        total: deposits.len(),
        conformes: deposits.iter().filter(|d| d.conformite.conforme).count(),
        hors_delai: deposits.iter().filter(|d| d.hors_delai).count(),
        lignes,
    }
}

/// The sources of the class receipt.
pub fn bordereau_sources(
    deposits: &[Deposit],
    session: u16,
    deposited: NaiveDateTime,
    limite: Option<NaiveDateTime>,
) -> Result<Prepared, super::pdf::RenderError> {
    let data = receipt_data(deposits, session, deposited, limite);
    Ok(Prepared {
        template: "bordereau.typ",
        data: super::sources::json(&data)?,
        files: Vec::new(),
    })
}

/// The class receipt as a workbook: the same rows and totals, then the signature lines.
pub fn bordereau_xlsx(
    deposits: &[Deposit],
    session: u16,
    deposited: NaiveDateTime,
    limite: Option<NaiveDateTime>,
) -> Result<Vec<u8>, XlsxError> {
    let data = receipt_data(deposits, session, deposited, limite);
    let mut workbook = Workbook::new();
    let created = super::xlsx::excel_date(deposited.date())?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Bordereau de dépôt, BTS SIO, épreuve {}",
                data.epreuve
            ))
            .set_author("sio-dossier")
            .set_creation_datetime(&created),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name("Bordereau")?;
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(13);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xDDE8F3))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let cell = Format::new()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let bad = cell.clone().set_font_color(Color::RGB(0x9C0006));
    let text = Format::new().set_num_format("@");
    sheet.write_with_format(
        0,
        0,
        format!(
            "Bordereau de dépôt des dossiers — BTS SIO, épreuve {}, session {}",
            data.epreuve, data.session
        ),
        &title,
    )?;
    let deadline = data
        .limite
        .as_deref()
        .map_or("aucune date limite donnée".to_owned(), |l| {
            format!("date limite : {l}")
        });
    sheet.write(1, 0, format!("Dépôt du {} ; {deadline}", data.depot))?;
    let headers = [
        ("N° candidat", 14.0),
        ("Nom", 26.0),
        ("Option", 8.0),
        ("Déposé le", 18.0),
        ("Délai", 11.0),
        ("Conformité", 14.0),
        ("À régulariser", 48.0),
        ("SHA-256 du classeur (début)", 16.0),
    ];
    for (col, (name, width)) in headers.iter().enumerate() {
        sheet.write_with_format(3, col as u16, *name, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_row_height(3, 30)?;
    sheet.set_column_format(0, &text)?;
    let widths: Vec<f64> = headers.iter().map(|(_, width)| *width).collect();
    for (i, row) in data.lignes.iter().enumerate() {
        receipt_row(sheet, 4 + i as u32, row, &widths, [&cell, &bad])?;
    }
    let mut r = 5 + data.lignes.len() as u32;
    sheet.write_with_format(
        r,
        0,
        format!(
            "{} : {}, {} à régulariser, {} hors délai",
            crate::text::plural(data.total, "dossier", "dossiers"),
            crate::text::plural(data.conformes, "conforme", "conformes"),
            data.total - data.conformes,
            data.hors_delai
        ),
        &bold,
    )?;
    r += 2;
    for who in [
        "Le secrétariat — nom, date et signature :",
        "Le chef de centre — nom, date et signature :",
    ] {
        sheet.write_with_format(r, 0, who, &bold)?;
        r += 3;
    }
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_freeze_panes(4, 0)?;
    workbook.save_to_buffer()
}

/// One deposit's row of the receipt workbook, its height fitted to its wrapped text.
fn receipt_row(
    sheet: &mut rust_xlsxwriter::Worksheet,
    r: u32,
    row: &Row<'_>,
    widths: &[f64],
    [cell, bad]: [&Format; 2],
) -> Result<(), XlsxError> {
    let delay = if row.hors_delai {
        "hors délai"
    } else {
        "à temps"
    };
    let status = if row.conforme {
        "conforme"
    } else {
        "à régulariser"
    };
    let values = [
        row.numero.unwrap_or(""),
        row.nom,
        row.option.unwrap_or(""),
        row.depose_le,
        delay,
        status,
        &row.raisons,
        row.hash,
    ];
    for (col, value) in values.iter().enumerate() {
        let format = match col {
            4 if row.hors_delai => bad,
            5 if !row.conforme => bad,
            _ => cell,
        };
        sheet.write_string_with_format(r, col as u16, *value, format)?;
    }
    // Spreadsheet programs do not grow a row to its wrapped text on opening: say how tall.
    let lines = values
        .iter()
        .zip(widths)
        .map(|(value, width)| value.chars().count().div_ceil(*width as usize - 2))
        .max()
        .unwrap_or(1)
        .max(1);
    sheet.set_row_height(r, 15 * lines as u32)?;
    Ok(())
}
