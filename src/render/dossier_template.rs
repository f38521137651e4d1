//! The candidate workbook (`sio-dossier template`): instructions, then the sheets Candidat,
//! Réalisations and Stages laid out by [`crate::schema`], blank or pre-filled from a dossier.

use super::xlsx::excel_date;
use crate::model::{Choice, Dossier, SESSIONS};
use crate::referentiel::Referentiel;
use crate::schema::{self, CandidatField, FieldKind, FieldSpec, RealisationField, StageField};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet, XlsxError,
};

/// Rows of the Réalisations sheet laid out ready to fill, beyond the ones pre-filled.
const BLANK_REALISATION_ROWS: u32 = 40;
/// Rows of the Stages sheet laid out ready to fill.
const BLANK_STAGE_ROWS: u32 = 8;
/// Row of the column headers in the Réalisations sheet (row 0 holds the competence groups).
const REALISATION_HEADER_ROW: u32 = 1;

/// Pastel fills, one per competence, so the 22 tick columns read as six groups.
const COMPETENCE_FILLS: [u32; 6] = [0xDDEBF7, 0xE2EFDA, 0xFFF2CC, 0xFCE4D6, 0xEDE2F6, 0xD9F2F0];
const INPUT_FILL: u32 = 0xFFFDF0;
const HEADER_FILL: u32 = 0x1F4E79;

/// Writes the candidate workbook for `session`, pre-filled from `dossier` when given, and
/// returns the xlsx bytes. `created` fixes the document's creation date (reproducible output).
pub fn write(
    session: u16,
    dossier: Option<&Dossier>,
    created: NaiveDate,
) -> Result<Vec<u8>, XlsxError> {
    let empty = Dossier::default();
    let dossier = dossier.unwrap_or(&empty);
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(session, created)?);

    instructions(workbook.add_worksheet(), session, &styles)?;
    candidat(workbook.add_worksheet(), session, dossier, &styles)?;
    realisations(workbook.add_worksheet(), dossier, &styles)?;
    stages(workbook.add_worksheet(), dossier, &styles)?;
    if let Ok(sheet) = workbook.worksheet_from_index(1) {
        sheet.set_active(true);
    }
    workbook.save_to_buffer()
}

fn properties(session: u16, created: NaiveDate) -> Result<DocProperties, XlsxError> {
    let labels = Referentiel::get().labels(session);
    let created = excel_date(created)?;
    Ok(DocProperties::new()
        .set_title(format!(
            "Dossier du candidat, BTS SIO épreuve {} session {session}",
            labels.epreuve
        ))
        .set_subject(Referentiel::get().bloc.libelle.clone())
        .set_author("sio-dossier")
        .set_keywords("BTS SIO, bloc 1, portfolio, tableau de synthèse")
        .set_creation_datetime(&created)
        .set_custom_property("Modèle", schema::TEMPLATE_NAME)
        .set_custom_property("Version du modèle", schema::TEMPLATE_VERSION.to_string()))
}

struct Styles {
    title: Format,
    subtitle: Format,
    text: Format,
    section: Format,
    example_label: Format,
    example_value: Format,
    header: Format,
    label: Format,
    input: Format,
    input_long: Format,
    input_date: Format,
    input_digits: Format,
    input_year: Format,
    help: Format,
    tick: Format,
    /// A value the source did not give and the candidate must choose (a cadre lost with its
    /// part heading).
    to_choose: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new().set_font_name("Arial").set_font_size(10);
        let input = base
            .clone()
            .set_background_color(Color::RGB(INPUT_FILL))
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF))
            .set_align(FormatAlign::Top)
            .set_text_wrap();
        Styles {
            title: base
                .clone()
                .set_bold()
                .set_font_size(15)
                .set_font_color(Color::RGB(HEADER_FILL)),
            subtitle: base.clone().set_italic().set_font_size(11),
            text: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            section: base
                .clone()
                .set_bold()
                .set_font_size(12)
                .set_font_color(Color::RGB(HEADER_FILL))
                .set_border_bottom(FormatBorder::Thin),
            example_label: base
                .clone()
                .set_bold()
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            example_value: base
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_italic(),
            header: base
                .clone()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(HEADER_FILL))
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            label: base
                .clone()
                .set_bold()
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            input_long: input.clone(),
            input_date: input
                .clone()
                .set_num_format("dd/mm/yyyy")
                .set_align(FormatAlign::Center),
            input_digits: input.clone().set_num_format("@"),
            input_year: input.clone().set_align(FormatAlign::Left),
            to_choose: input
                .clone()
                .set_background_color(Color::RGB(0xFCE4D6))
                .set_border(FormatBorder::Medium)
                .set_border_color(Color::RGB(0xC65911)),
            input,
            help: base
                .clone()
                .set_italic()
                .set_font_color(Color::RGB(0x595959))
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            tick: base
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF)),
        }
    }

    fn input_for(&self, kind: FieldKind) -> &Format {
        match kind {
            FieldKind::Date => &self.input_date,
            FieldKind::Digits => &self.input_digits,
            FieldKind::Year => &self.input_year,
            FieldKind::LongText | FieldKind::Lines => &self.input_long,
            _ => &self.input,
        }
    }
}

fn instructions(sheet: &mut Worksheet, session: u16, s: &Styles) -> Result<(), XlsxError> {
    let referentiel = Referentiel::get();
    let labels = referentiel.labels(session);
    sheet.set_name(schema::SHEET_INSTRUCTIONS)?;
    sheet.set_column_width(0, 30)?;
    sheet.set_column_width(1, 90)?;
    sheet.set_tab_color(Color::RGB(HEADER_FILL));

    let mut row = 0;
    sheet.write_with_format(row, 0, "Dossier du candidat — BTS SIO", &s.title)?;
    row += 1;
    sheet.write_with_format(
        row,
        0,
        format!(
            "Épreuve {} « {} », session {session}",
            labels.epreuve, referentiel.bloc.libelle
        ),
        &s.subtitle,
    )?;
    row += 2;

    let text = mode_emploi();
    for section in &text.section {
        sheet.merge_range(row, 0, row, 1, &section.titre, &s.section)?;
        row += 1;
        for paragraph in &section.paragraphes {
            sheet.merge_range(row, 0, row, 1, paragraph, &s.text)?;
            sheet.set_row_height(
                row,
                13.0 * (1 + paragraph.chars().count() / 120) as f64 + 4.0,
            )?;
            row += 1;
        }
        row += 1;
    }
    row = example(sheet, row, &text.exemple, s)?;
    row += 1;
    sheet.write_with_format(
        row,
        0,
        format!("{} {}", schema::VERSION_MARKER, schema::TEMPLATE_VERSION),
        &s.help,
    )?;
    sheet.write_with_format(row, 1, schema::TEMPLATE_NAME, &s.help)?;

    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_footer("&L&8sio-dossier&R&8Page &P / &N");
    Ok(())
}

/// The worked example of the instructions sheet, from its first row; the next free row.
fn example(
    sheet: &mut Worksheet,
    mut row: u32,
    example: &Exemple,
    s: &Styles,
) -> Result<u32, XlsxError> {
    sheet.merge_range(row, 0, row, 1, &example.titre, &s.section)?;
    row += 1;
    let ticked: Vec<String> = example
        .coches
        .iter()
        .filter_map(|code| Referentiel::get().sous_competence(code))
        .map(|sc| format!("{} {}", sc.code, sc.libelle))
        .collect();
    let ticked = [example.libelle_coches.clone(), ticked.join("\n")];
    for [label, value] in example.lignes.iter().chain([&ticked]) {
        sheet.write_with_format(row, 0, label, &s.example_label)?;
        sheet.write_with_format(row, 1, value, &s.example_value)?;
        let lines = value
            .lines()
            .map(|l| 1 + l.chars().count() / 100)
            .sum::<usize>();
        sheet.set_row_height(row, 13.0 * lines as f64 + 3.0)?;
        row += 1;
    }
    Ok(row)
}

/// The instructions sheet's prose (`templates/mode-emploi.toml`).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ModeEmploi {
    section: Vec<Section>,
    exemple: Exemple,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    titre: String,
    paragraphes: Vec<String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Exemple {
    titre: String,
    coches: Vec<String>,
    libelle_coches: String,
    lignes: Vec<[String; 2]>,
}

/// The embedded instructions, parsed once.
fn mode_emploi() -> &'static ModeEmploi {
    static TEXT: std::sync::LazyLock<ModeEmploi> = std::sync::LazyLock::new(|| {
        #[allow(clippy::expect_used)] // Embedded data, checked by the tests: not user input.
        toml::from_str(include_str!("../../templates/mode-emploi.toml"))
            .expect("templates/mode-emploi.toml embarqué invalide")
    });
    &TEXT
}

fn candidat(
    sheet: &mut Worksheet,
    session: u16,
    dossier: &Dossier,
    s: &Styles,
) -> Result<(), XlsxError> {
    let c = &dossier.candidat;
    sheet.set_name(schema::SHEET_CANDIDAT)?;
    sheet.set_column_width(0, 32)?;
    sheet.set_column_width(1, 60)?;
    sheet.set_column_width(2, 60)?;
    sheet.write_with_format(0, 0, "Rubrique", &s.header)?;
    sheet.write_with_format(0, 1, "Votre réponse", &s.header)?;
    sheet.write_with_format(0, 2, "Aide", &s.header)?;
    sheet.set_row_height(0, 20)?;
    sheet.set_freeze_panes(1, 0)?;

    for (i, &field) in CandidatField::ALL.iter().enumerate() {
        let row = i as u32 + 1;
        let spec = field.spec();
        sheet.write_with_format(row, 0, spec.label, &s.label)?;
        sheet.write_with_format(row, 2, spec.prompt, &s.help)?;
        let value: Option<String> = match field {
            CandidatField::Session => None,
            CandidatField::Nom => c.nom.clone(),
            CandidatField::Prenom => c.prenom.clone(),
            CandidatField::Numero => c.numero.clone(),
            CandidatField::Option => c.option.map(|o| o.label().into()),
            CandidatField::Centre => c.centre.clone(),
            CandidatField::Academie => c.academie.clone(),
            CandidatField::Forme => c.forme.map(|f| f.label().into()),
            CandidatField::Statut => c.statut.map(|f| f.label().into()),
            CandidatField::PortfolioUrl => c.portfolio_url.clone(),
            CandidatField::Courriel => c.courriel.clone(),
            CandidatField::PublierCourriel => c.publier_courriel.map(|p| p.label().into()),
            CandidatField::ProfilUrl => c.profil_url.clone(),
            CandidatField::Parcours => c.parcours.clone(),
        };
        let format = s.input_for(spec.kind);
        if field == CandidatField::Session {
            sheet.write_number_with_format(
                row,
                1,
                f64::from(c.session.unwrap_or(session)),
                format,
            )?;
        } else {
            match value {
                Some(v) => sheet.write_string_with_format(row, 1, v, format)?,
                None => sheet.write_blank(row, 1, format)?,
            };
        }
        let height = match spec.kind {
            FieldKind::LongText => 180.0,
            _ => 30.0,
        };
        sheet.set_row_height(row, height)?;
        sheet.add_data_validation(row, 1, row, 1, &validation(spec)?)?;
    }
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 1);
    sheet.set_footer("&L&8sio-dossier&CCandidat&R&8Page &P / &N");
    Ok(())
}

/// The data validation of a field: a list, a date, a year, or just the input prompt.
fn validation(spec: FieldSpec) -> Result<DataValidation, XlsxError> {
    let title: String = spec.label.chars().take(32).collect();
    let mut v = match spec.kind {
        FieldKind::Choice(choices) => DataValidation::new()
            .allow_list_strings(&choices())?
            .set_error_title("Valeur non prévue")?
            .set_error_message(format!(
                "Choisissez une valeur de la liste : {}.",
                choices().join(", ")
            ))?,
        FieldKind::Date => DataValidation::new()
            .allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(2015, 1, 1)?,
                ExcelDateTime::from_ymd(2100, 12, 31)?,
            ))
            .set_error_title("Date attendue")?
            .set_error_message(
                "Saisissez une date au format JJ/MM/AAAA, par exemple 15/09/2025.",
            )?,
        FieldKind::Year => DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(
                i32::from(*SESSIONS.start()),
                i32::from(*SESSIONS.end()),
            ))
            .set_error_title("Année attendue")?
            .set_error_message(
                "Saisissez l'année de la session sur quatre chiffres, par exemple 2027.",
            )?,
        _ => DataValidation::new().allow_any_value(),
    };
    v = v.set_input_title(title)?.set_input_message(spec.prompt)?;
    if matches!(spec.kind, FieldKind::Choice(_)) {
        // A value from an older list is reported by `check`, not refused by the spreadsheet.
        v = v.set_error_style(DataValidationErrorStyle::Warning);
    }
    Ok(v)
}

fn realisations(sheet: &mut Worksheet, dossier: &Dossier, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(schema::SHEET_REALISATIONS)?;
    let header = REALISATION_HEADER_ROW;
    let fields = RealisationField::ALL;
    let first_tick = fields.len() as u16;
    let last_row = header + dossier.realisations.len() as u32 + BLANK_REALISATION_ROWS;

    let group = s.header.clone().set_font_size(9);
    sheet.merge_range(
        0,
        0,
        0,
        first_tick - 1,
        "Réalisation professionnelle",
        &group,
    )?;
    for (col, &field) in fields.iter().enumerate() {
        let spec = field.spec();
        let col = col as u16;
        sheet.set_column_width(col, spec.width)?;
        sheet.write_with_format(header, col, spec.label, &s.header)?;
        sheet.add_data_validation(header + 1, col, last_row, col, &validation(spec)?)?;
        sheet.set_column_format(col, s.input_for(spec.kind))?;
    }

    tick_columns(sheet, first_tick, last_row, s)?;
    sheet.set_row_height(0, 64)?;
    sheet.set_row_height(header, 210)?;

    for (i, r) in dossier.realisations.iter().enumerate() {
        let row = header + 1 + i as u32;
        realisation_values(sheet, row, r, s)?;
        realisation_ticks(sheet, row, r, first_tick, s)?;
    }

    sheet.set_freeze_panes(header + 1, 1)?;
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, header)?;
    sheet.set_footer("&L&8sio-dossier&CRéalisations&R&8Page &P / &N");
    Ok(())
}

/// The tick columns: one per sub-competence, grouped under their competence, each with its
/// drop-down (X) and its prompt.
fn tick_columns(
    sheet: &mut Worksheet,
    first_tick: u16,
    last_row: u32,
    s: &Styles,
) -> Result<(), XlsxError> {
    let referentiel = Referentiel::get();
    let header = REALISATION_HEADER_ROW;
    let mut col = first_tick;
    for (i, competence) in referentiel.competences.iter().enumerate() {
        let fill = Color::RGB(COMPETENCE_FILLS[i % COMPETENCE_FILLS.len()]);
        let group_format = Format::new()
            .set_font_name("Arial")
            .set_font_size(8)
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(fill)
            .set_border(FormatBorder::Thin);
        let head_format = group_format
            .clone()
            .set_bold()
            .set_rotation(90)
            .set_font_size(8);
        let tick_format = s.tick.clone().set_background_color(fill);
        let first = col;
        for sous in referentiel
            .sous_competences()
            .filter(|sc| sc.competence == competence.code)
        {
            sheet.set_column_width(col, 6.5)?;
            sheet.write_with_format(
                header,
                col,
                schema::sous_competence_header(sous.code, sous.libelle),
                &head_format,
            )?;
            sheet.set_column_format(col, &tick_format)?;
            let tick = DataValidation::new()
                .allow_list_strings(&["X"])?
                .set_input_title(sous.code)?
                .set_input_message(format!(
                    "X si la réalisation mobilise : {}",
                    truncate(sous.libelle, 200)
                ))?
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title("Coche attendue")?
                .set_error_message("Cochez avec X, ou laissez la case vide.")?;
            sheet.add_data_validation(header + 1, col, last_row, col, &tick)?;
            col += 1;
        }
        let title = format!("{} {}", competence.code, competence.libelle);
        if col - 1 > first {
            sheet.merge_range(0, first, 0, col - 1, &title, &group_format)?;
        } else {
            sheet.write_with_format(0, first, &title, &group_format)?;
        }
    }
    Ok(())
}

/// A réalisation's values in its row, and the row's height fitted to them.
fn realisation_values(
    sheet: &mut Worksheet,
    row: u32,
    r: &crate::model::Realisation,
    s: &Styles,
) -> Result<(), XlsxError> {
    let fields = RealisationField::ALL;
    for (col, &field) in fields.iter().enumerate() {
        let col = col as u16;
        let format = s.input_for(field.spec().kind);
        let text: Option<String> = match field {
            RealisationField::Intitule => r.intitule.clone(),
            RealisationField::Cadre => r.cadre.map(|c| c.label().into()),
            RealisationField::Debut | RealisationField::Fin => {
                let date = if field == RealisationField::Debut {
                    r.debut
                } else {
                    r.fin
                };
                if let Some(date) = date {
                    sheet.write_datetime_with_format(row, col, excel_date(date)?, format)?;
                }
                None
            }
            RealisationField::Organisation => r.organisation.clone(),
            RealisationField::Modalite => r.modalite.map(|m| m.label().into()),
            RealisationField::Contribution => r.contribution.clone(),
            RealisationField::Contexte => r.contexte.clone(),
            RealisationField::Environnement => r.environnement.clone(),
            RealisationField::Documents => {
                (!r.documents.is_empty()).then(|| r.documents.join("\n"))
            }
        };
        if let Some(text) = text {
            sheet.write_string_with_format(row, col, text, format)?;
        } else if field == RealisationField::Cadre {
            sheet.write_blank(row, col, &s.to_choose)?;
            let note = Note::new(
                "Cadre à choisir dans la liste : le tableau d'origine rangeait cette réalisation sous un \
                 titre de partie qui ne disait ni la formation ni l'année de stage.",
            )
            .add_author_prefix(false);
            sheet.insert_note(row, col, &note)?;
        }
    }
    let cells: Vec<(f64, String)> = fields
        .iter()
        .map(|f| (f.spec().width, row_text(r, *f)))
        .collect();
    sheet.set_row_height(row, fitted_height(&cells))?;
    Ok(())
}

/// A réalisation's ticks: X under each sub-competence it mobilises, « ? » under the first of a
/// competence known without its sub-competences (from an official tableau).
fn realisation_ticks(
    sheet: &mut Worksheet,
    row: u32,
    r: &crate::model::Realisation,
    first_tick: u16,
    s: &Styles,
) -> Result<(), XlsxError> {
    let referentiel = Referentiel::get();
    // A competence known without its sub-competences (from an official tableau) is marked
    // "?" in its first column, for the candidate to specify.
    let to_specify: Vec<&str> = r
        .competences
        .iter()
        .filter(|c| {
            !r.sous_competences
                .iter()
                .any(|s| s.starts_with(&format!("{c}.")))
        })
        .map(String::as_str)
        .collect();
    for (j, sous) in referentiel.sous_competences().enumerate() {
        let mark = if r.sous_competences.iter().any(|c| c == sous.code) {
            "X"
        } else if sous.code.ends_with(".1") && to_specify.contains(&sous.competence) {
            schema::TO_SPECIFY
        } else {
            continue;
        };
        let fill = referentiel
            .competences
            .iter()
            .position(|c| c.code == sous.competence)
            .unwrap_or(0);
        let format = s
            .tick
            .clone()
            .set_background_color(Color::RGB(COMPETENCE_FILLS[fill % 6]));
        sheet.write_string_with_format(row, first_tick + j as u16, mark, &format)?;
    }
    Ok(())
}

fn stages(sheet: &mut Worksheet, dossier: &Dossier, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(schema::SHEET_STAGES)?;
    let last_row = dossier.stages.len() as u32 + BLANK_STAGE_ROWS;
    for (col, &field) in StageField::ALL.iter().enumerate() {
        let spec = field.spec();
        let col = col as u16;
        sheet.set_column_width(col, spec.width)?;
        sheet.write_with_format(0, col, spec.label, &s.header)?;
        sheet.add_data_validation(1, col, last_row, col, &validation(spec)?)?;
        sheet.set_column_format(col, s.input_for(spec.kind))?;
    }
    sheet.set_row_height(0, 24)?;
    for (i, stage) in dossier.stages.iter().enumerate() {
        let row = 1 + i as u32;
        for (col, &field) in StageField::ALL.iter().enumerate() {
            let col = col as u16;
            let format = s.input_for(field.spec().kind);
            let text = match field {
                StageField::Organisation => stage.organisation.clone(),
                StageField::Ville => stage.ville.clone(),
                StageField::Annee => stage.annee.map(|a| a.label().into()),
                StageField::Debut | StageField::Fin => {
                    let date = if field == StageField::Debut {
                        stage.debut
                    } else {
                        stage.fin
                    };
                    if let Some(date) = date {
                        sheet.write_datetime_with_format(row, col, excel_date(date)?, format)?;
                    }
                    None
                }
                StageField::Tuteur => stage.tuteur.clone(),
                StageField::FonctionTuteur => stage.fonction_tuteur.clone(),
                StageField::Attestation => stage.attestation.clone(),
            };
            if let Some(text) = text {
                sheet.write_string_with_format(row, col, text, format)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_footer("&L&8sio-dossier&CStages&R&8Page &P / &N");
    Ok(())
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut t: String = text.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// The text of a field of a réalisation, for the row height estimate.
fn row_text(r: &crate::model::Realisation, field: RealisationField) -> String {
    let text = match field {
        RealisationField::Intitule => r.intitule.clone(),
        RealisationField::Organisation => r.organisation.clone(),
        RealisationField::Contribution => r.contribution.clone(),
        RealisationField::Contexte => r.contexte.clone(),
        RealisationField::Environnement => r.environnement.clone(),
        RealisationField::Documents => Some(r.documents.join("\n")),
        _ => None,
    };
    text.unwrap_or_default()
}

/// A row height (points) that shows every wrapped line of the row's cells: spreadsheets do
/// not re-fit rows of a file they open, so a pre-filled row must come with its height.
fn fitted_height(cells: &[(f64, String)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(width, text)| {
            let per_line = (width * 1.15).max(1.0);
            text.lines()
                .map(|l| (l.chars().count() as f64 / per_line).ceil().max(1.0))
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    (lines * 12.75 + 3.0).min(409.0)
}
