//! The official tableau de synthèse (Annexe 6-1 / 8-1 / VI-1) as the candidate hands it in: the
//! model's texts, merges, borders, rotations and sizes, with the candidate's réalisations in its
//! three parts (each growing past the model's rows when needed) and an X under each competence.

use crate::formulaires::Formulaires;
use crate::model::{self, BtsOption, Cadre, Choice, Dossier, PeriodStyle, Realisation};
use crate::referentiel::Referentiel;
use chrono::NaiveDate;
use rust_xlsxwriter::{
    DocProperties, Format, FormatAlign, FormatBorder, FormatDiagonalBorder, Workbook, Worksheet,
    XlsxError,
};

const COLS: u16 = 8;
const LAST_COL: u16 = COLS - 1;
const DATA_ROW_HEIGHT: f64 = 39.95;
/// Points per line of the 11 pt title cell, to grow a row holding many documents.
const LINE_HEIGHT: f64 = 13.5;

/// The sheet name of a session's tableau (`Tableau de synthèse Épreuve E5`).
pub fn sheet_name(session: u16) -> String {
    let t = &Formulaires::get().tableau;
    format!(
        "{} {}",
        &t.feuille,
        Referentiel::get().labels(session).epreuve
    )
}

/// A period as the model asks: `JJ/MM/AA au JJ/MM/AA`; the text as typed when a date is missing.
pub fn period(r: &Realisation) -> String {
    model::period(r.debut, r.fin, PeriodStyle::Tableau)
        .or_else(|| r.periode.clone())
        .unwrap_or_default()
}

/// Cell formats of the model: Arial, its sizes, its medium outer and thin inner borders.
struct Formats {
    title: Format,
    label: Format,
    label_right: Format,
    option: Format,
    option_box: Format,
    option_box_last: Format,
    corner: Format,
    period_header: Format,
    competence: Format,
    competence_last: Format,
    sub_list: Format,
    sub_list_last: Format,
    part: Format,
    title_cell: Format,
    period_cell: Format,
    mark: Format,
    mark_last: Format,
}

impl Formats {
    fn new() -> Formats {
        let arial = |size: f64| Format::new().set_font_name("Arial").set_font_size(size);
        let centered = |f: Format| {
            f.set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
        };
        let thin = FormatBorder::Thin;
        let medium = FormatBorder::Medium;
        let grid = |f: Format| f.set_border(thin);
        let label = arial(18.0)
            .set_bold()
            .set_align(FormatAlign::Left)
            .set_align(FormatAlign::VerticalCenter);
        let mark = centered(grid(arial(16.0)));
        Formats {
            title: centered(arial(20.0).set_bold()),
            label: label
                .clone()
                .set_border(thin)
                .set_border_left(medium)
                .set_border_top(medium),
            label_right: label
                .clone()
                .set_border(thin)
                .set_border_right(medium)
                .set_border_top(medium),
            option: label.clone().set_border(thin),
            option_box: centered(arial(18.0).set_bold())
                .set_border_top(thin)
                .set_border_bottom(thin),
            option_box_last: centered(arial(18.0).set_bold())
                .set_border_top(thin)
                .set_border_bottom(thin)
                .set_border_right(medium),
            corner: centered(arial(12.0).set_bold().set_italic().set_text_wrap())
                .set_border(thin)
                .set_border_left(medium)
                .set_border_top(medium)
                .set_border_diagonal(thin)
                .set_border_diagonal_type(FormatDiagonalBorder::BorderDown),
            period_header: centered(arial(12.0).set_bold().set_text_wrap().set_rotation(90))
                .set_border(thin)
                .set_border_top(medium)
                .set_border_bottom(medium),
            competence: centered(arial(12.0).set_bold().set_text_wrap())
                .set_border(thin)
                .set_border_top(medium),
            competence_last: centered(arial(12.0).set_bold().set_text_wrap())
                .set_border(thin)
                .set_border_top(medium)
                .set_border_right(medium),
            sub_list: centered(arial(10.0).set_text_wrap().set_rotation(90)).set_border(thin),
            sub_list_last: centered(arial(10.0).set_text_wrap().set_rotation(90))
                .set_border(thin)
                .set_border_right(medium),
            part: centered(arial(14.0).set_bold().set_text_wrap())
                .set_border(thin)
                .set_border_left(medium)
                .set_border_right(medium),
            title_cell: grid(
                arial(11.0)
                    .set_bold()
                    .set_text_wrap()
                    .set_align(FormatAlign::VerticalCenter),
            )
            .set_border_left(medium),
            period_cell: grid(
                arial(11.0)
                    .set_bold()
                    .set_text_wrap()
                    .set_align(FormatAlign::VerticalCenter),
            ),
            mark_last: mark.clone().set_border_right(medium),
            mark,
        }
    }
}

/// Writes a candidate's tableau for a session and returns the xlsx bytes; `created` fixes the
/// document's creation date.
pub fn write(dossier: &Dossier, session: u16, created: NaiveDate) -> Result<Vec<u8>, XlsxError> {
    let r = Referentiel::get();
    let t = &Formulaires::get().tableau;
    let c = &dossier.candidat;
    let f = Formats::new();
    let mut workbook = Workbook::new();
    let created_at = super::xlsx::excel_date(created)?;
    let title = &t.titre.trim_end().to_owned();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{title} — {}", c.nom_complet().unwrap_or_default()))
            .set_subject(format!(
                "BTS SIO, épreuve {}, session {session}",
                r.labels(session).epreuve
            ))
            .set_author(c.nom_complet().unwrap_or_default())
            .set_comment(format!(
                "Annexe {}, produite par sio-dossier",
                r.labels(session).annexe_tableau
            ))
            .set_creation_datetime(&created_at),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(session))?;
    // The model's widths (70.43, 10.86 and 18.71 characters), in pixels so that the file
    // stores exactly the model's values.
    sheet.set_column_width_pixels(0, 493)?;
    sheet.set_column_width_pixels(1, 76)?;
    for col in 2..COLS {
        sheet.set_column_width_pixels(col, 131)?;
    }
    sheet.set_zoom(70);

    // Header: title, identity, option boxes, portfolio address.
    sheet.merge_range(0, 0, 0, 5, &t.bts, &f.title)?;
    sheet.merge_range(
        0,
        6,
        0,
        LAST_COL,
        &format!("{} {session}", &t.session),
        &f.title,
    )?;
    sheet.merge_range(1, 0, 1, LAST_COL, &t.titre, &f.title)?;
    let after =
        |label: &str, value: &Option<String>| format!("{label}{}", value.as_deref().unwrap_or(""));
    let spaced = |label: &str, value: &Option<String>| match value {
        Some(v) => format!("{label} {v}"),
        None => label.to_owned(),
    };
    sheet.merge_range(2, 0, 2, 4, &after(&t.nom, &c.nom_complet()), &f.label)?;
    sheet.merge_range(
        2,
        5,
        2,
        LAST_COL,
        &after(&t.numero, &c.numero),
        &f.label_right,
    )?;
    sheet.merge_range(
        3,
        0,
        3,
        4,
        &spaced(&t.centre, &c.centre),
        &f.label.clone().set_border_top(FormatBorder::Thin),
    )?;
    sheet.write_string_with_format(3, 5, &t.option, &f.option)?;
    let option_box = |option: BtsOption| {
        let ticked = c.option == Some(option);
        format!(
            "{} {}",
            if ticked { &t.case_cochee } else { &t.case_vide },
            option.label()
        )
    };
    sheet.write_string_with_format(3, 6, option_box(BtsOption::Sisr), &f.option_box)?;
    sheet.write_string_with_format(3, 7, option_box(BtsOption::Slam), &f.option_box_last)?;
    let url_format = f
        .label
        .clone()
        .set_border_top(FormatBorder::Thin)
        .set_border_bottom(FormatBorder::Medium)
        .set_border_right(FormatBorder::Medium);
    sheet.merge_range(
        4,
        0,
        4,
        LAST_COL,
        &spaced(&t.url, &c.portfolio_url),
        &url_format,
    )?;
    for (row, height) in [
        (0, 39.95),
        (1, 41.1),
        (2, 39.95),
        (3, 39.95),
        (4, 39.95),
        (5, 90.0),
        (6, 324.95),
    ] {
        sheet.set_row_height(row, height)?;
    }

    // Column headers: the diagonal corner, the period, the six competences and their lists.
    sheet.merge_range(5, 0, 6, 0, &t.entete_realisations, &f.corner)?;
    sheet.merge_range(5, 1, 6, 1, &t.entete_periode, &f.period_header)?;
    let puce = &t.puce;
    for (i, competence) in r.competences.iter().enumerate() {
        let col = 2 + i as u16;
        let last = col == LAST_COL;
        sheet.write_string_with_format(
            5,
            col,
            &competence.libelle,
            if last {
                &f.competence_last
            } else {
                &f.competence
            },
        )?;
        let list: Vec<String> = competence
            .sous_competence_libelles
            .iter()
            .map(|s| format!("{puce}{s}"))
            .collect();
        sheet.write_string_with_format(
            6,
            col,
            list.join("\n"),
            if last { &f.sub_list_last } else { &f.sub_list },
        )?;
    }

    // The three parts, each with at least the model's rows; a medium line closes the table.
    let lines = layout(dossier);
    let mut row = 7u32;
    for (i, line) in lines.iter().enumerate() {
        match line {
            Line::Part(title) => {
                sheet.merge_range(row, 0, row, LAST_COL, title, &f.part)?;
                sheet.set_row_height(row, 18.0)?;
            }
            Line::Data(r) => write_realisation(sheet, row, *r, &f, i + 1 == lines.len())?,
        }
        row += 1;
    }
    sheet.set_row_height(row, 15.0)?;

    sheet.set_paper_size(9);
    sheet.set_portrait();
    sheet.set_margins(0.19685, 0.19685, 0.19685, 0.19685, 0.51181, 0.51181);
    sheet.set_print_center_horizontally(true);
    sheet.set_print_center_vertically(true);
    sheet.set_print_fit_to_pages(1, 1);
    sheet.set_print_area(0, 0, row, LAST_COL)?;
    workbook.save_to_buffer()
}

/// One line of the tableau's body.
enum Line<'a> {
    /// A part's title row.
    Part(String),
    /// A réalisation's row, or an empty row of the model.
    Data(Option<&'a Realisation>),
}

/// The body's rows: each part's title, then its réalisations, padded to the model's count.
fn layout(dossier: &Dossier) -> Vec<Line<'_>> {
    let t = &Formulaires::get().tableau;
    let mut lines = Vec::new();
    for ((&cadre, title), &minimum) in Cadre::ALL.iter().zip(&t.parties).zip(&t.lignes_parties) {
        // The model's first title ends with two line breaks that push it out of its 18 pt row
        // when wrapped: they are dropped, the words are the model's.
        lines.push(Line::Part(title.trim_end().to_owned()));
        let items: Vec<&Realisation> = dossier
            .realisations
            .iter()
            .filter(|r| r.cadre == Some(cadre))
            .collect();
        let rows = items.len().max(minimum);
        lines.extend((0..rows).map(|i| Line::Data(items.get(i).copied())));
    }
    lines
}

/// Writes one data row: title and documents, period, and the competence marks.
fn write_realisation(
    sheet: &mut Worksheet,
    row: u32,
    r: Option<&Realisation>,
    f: &Formats,
    last: bool,
) -> Result<(), XlsxError> {
    let close = |format: &Format| {
        if last {
            format.clone().set_border_bottom(FormatBorder::Medium)
        } else {
            format.clone()
        }
    };
    let (title, period_text) = match r {
        Some(r) => {
            let mut lines = vec![r.intitule.clone().unwrap_or_default()];
            lines.extend(r.documents.iter().cloned());
            (Some(lines), Some(period(r)))
        }
        None => (None, None),
    };
    let height = title
        .as_ref()
        .map_or(0.0, |l| l.len() as f64 * LINE_HEIGHT + 8.0)
        .max(DATA_ROW_HEIGHT);
    match title {
        Some(lines) => {
            sheet.write_string_with_format(row, 0, lines.join("\n"), &close(&f.title_cell))?
        }
        None => sheet.write_blank(row, 0, &close(&f.title_cell))?,
    };
    match period_text {
        Some(p) => sheet.write_string_with_format(row, 1, p, &close(&f.period_cell))?,
        None => sheet.write_blank(row, 1, &close(&f.period_cell))?,
    };
    for (i, competence) in Referentiel::get().competences.iter().enumerate() {
        let col = 2 + i as u16;
        let format = close(if col == LAST_COL {
            &f.mark_last
        } else {
            &f.mark
        });
        if r.is_some_and(|r| r.competences.contains(&competence.code)) {
            sheet.write_string_with_format(row, col, "X", &format)?;
        } else {
            sheet.write_blank(row, col, &format)?;
        }
    }
    sheet.set_row_height(row, height)?;
    Ok(())
}
