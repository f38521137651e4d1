//! The candidate workbook written by `sio-dossier template`: fields are found by their label
//! or column header, wherever the candidate moved them.

use super::parsed::{MAX_REALISATIONS, Parsed, RowSource, SourceMap, too_many};
use super::text::{parse_date, parse_tick};
use crate::diagnostic::{CellRef, Code, Diagnostic, quote};
use crate::model::{
    AnneeStage, BtsOption, Cadre, Candidat, Choice, Dossier, Forme, InputKind, Modalite, OuiNon,
    Realisation, SESSIONS, Stage, Statut,
};
use crate::read::{Sheet, Value, Workbook};
use crate::referentiel::Referentiel;
use crate::schema::{self, CandidatField, FieldKind, RealisationField, StageField};
use crate::text::{matches_label, normalize};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::hash::Hash;

/// How far the parser looks for labels and headers: they sit near the top-left corner.
const LABEL_ROWS: u32 = 200;
const LABEL_COLS: u32 = 12;
const HEADER_ROWS: u32 = 30;

pub(super) fn parse(workbook: &Workbook) -> Result<Parsed, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut sources = SourceMap::default();
    let mut dossier = Dossier::default();

    check_version(workbook, &mut diagnostics);

    match workbook.sheet(schema::SHEET_CANDIDAT) {
        Some(sheet) => {
            dossier.candidat = read_candidat(sheet, &mut sources, &mut diagnostics);
            sources.candidat_sheet = Some(sheet.name.clone());
        }
        None => diagnostics.push(missing_sheet(schema::SHEET_CANDIDAT)),
    }
    match workbook.sheet(schema::SHEET_REALISATIONS) {
        Some(sheet) => {
            dossier.realisations = read_realisations(sheet, &mut sources, &mut diagnostics)
        }
        None => diagnostics.push(missing_sheet(schema::SHEET_REALISATIONS)),
    }
    if let Some(sheet) = workbook.sheet(schema::SHEET_STAGES) {
        dossier.stages = read_stages(sheet, &mut sources, &mut diagnostics);
    }

    Ok(Parsed {
        kind: InputKind::Dossier,
        dossier,
        sources,
        diagnostics,
    })
}

fn missing_sheet(name: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MissingSheet,
        format!("la feuille « {name} » est introuvable"),
    )
    .hint("ne renommez pas et ne supprimez pas les feuilles du modèle")
}

/// Warns when the instructions sheet names another template version.
fn check_version(workbook: &Workbook, diagnostics: &mut Vec<Diagnostic>) {
    let Some(sheet) = workbook.sheet(schema::SHEET_INSTRUCTIONS) else {
        return;
    };
    let marker = normalize(schema::VERSION_MARKER);
    for row in sheet.row_start()..sheet.row_end().min(LABEL_ROWS) {
        let Some(text) = sheet.value(row, 0).display() else {
            continue;
        };
        if !normalize(&text).starts_with(&marker) {
            continue;
        }
        let version = text.rsplit(' ').next().unwrap_or("").trim();
        if version != schema::TEMPLATE_VERSION.to_string() {
            diagnostics.push(
                Diagnostic::new(
                    Code::TemplateVersion,
                    format!(
                        "ce classeur vient de la version {} du modèle, la version actuelle est la {} : \
                         il est lu au mieux",
                        quote(version),
                        schema::TEMPLATE_VERSION
                    ),
                )
                .at(Some(CellRef::new(&sheet.name, row, 0)))
                .hint("créez un classeur à jour avec « sio-dossier template » si des informations manquent"),
            );
        }
        return;
    }
}

/// Finds each field's label anywhere near the top-left and reads the cell to its right.
fn read_candidat(
    sheet: &Sheet,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Candidat {
    for row in sheet.row_start()..sheet.row_end().min(LABEL_ROWS) {
        for col in 0..sheet.col_end().min(LABEL_COLS) {
            let Value::Text(text) = sheet.value(row, col) else {
                continue;
            };
            for &field in CandidatField::ALL {
                let spec = field.spec();
                if !sources.candidat.contains_key(&field)
                    && matches_label(text, spec.label, spec.aliases)
                {
                    sources
                        .candidat
                        .insert(field, CellRef::new(&sheet.name, row, col + 1));
                }
            }
        }
    }

    let mut reader = CellReader { sheet, diagnostics };
    let mut candidat = Candidat::default();
    for (&field, cell) in sorted(&sources.candidat, CandidatField::ALL) {
        let value = sheet.value(cell.row, cell.col);
        match field {
            CandidatField::Session => candidat.session = reader.session(cell, &value),
            CandidatField::Nom => candidat.nom = value.display(),
            CandidatField::Prenom => candidat.prenom = value.display(),
            CandidatField::Numero => candidat.numero = value.display(),
            CandidatField::Option => {
                candidat.option = reader.choice(field.spec().label, cell, &value, BtsOption::parse)
            }
            CandidatField::Centre => candidat.centre = value.display(),
            CandidatField::Academie => candidat.academie = value.display(),
            CandidatField::Forme => {
                candidat.forme = reader.choice(field.spec().label, cell, &value, Forme::parse)
            }
            CandidatField::Statut => {
                candidat.statut = reader.choice(field.spec().label, cell, &value, Statut::parse)
            }
            CandidatField::PortfolioUrl => candidat.portfolio_url = value.display(),
            CandidatField::Courriel => candidat.courriel = value.display(),
            CandidatField::PublierCourriel => {
                candidat.publier_courriel =
                    reader.choice(field.spec().label, cell, &value, OuiNon::parse)
            }
            CandidatField::ProfilUrl => candidat.profil_url = value.display(),
            CandidatField::Parcours => candidat.parcours = value.display(),
        }
    }
    candidat
}

/// The entries of a field → cell map in the fields' declaration order.
fn sorted<'a, F: Copy + Eq + Hash>(
    map: &'a HashMap<F, CellRef>,
    order: &'a [F],
) -> impl Iterator<Item = (&'a F, &'a CellRef)> {
    order.iter().filter_map(|f| map.get_key_value(f))
}

/// Reads the réalisations table: header row found by its "Intitulé" column.
fn read_realisations(
    sheet: &Sheet,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Realisation> {
    let referentiel = Referentiel::get();
    let Some(header) = find_header_row(sheet, RealisationField::Intitule.spec()) else {
        diagnostics.push(missing_column(
            sheet,
            RealisationField::Intitule.spec().label,
        ));
        return Vec::new();
    };
    let columns = map_columns(sheet, header, RealisationField::ALL, |f| f.spec());
    for &field in RealisationField::ALL {
        if field.spec().required && !columns.contains_key(&field) {
            diagnostics.push(
                missing_column(sheet, field.spec().label).at(Some(CellRef::new(
                    &sheet.name,
                    header,
                    0,
                ))),
            );
        }
    }
    let ticks = map_tick_columns(sheet, header);
    for (code, col) in &ticks {
        sources
            .tick_headers
            .insert(code.clone(), CellRef::new(&sheet.name, header, *col));
    }
    let missing: Vec<&str> = referentiel
        .sous_competences()
        .filter(|s| !ticks.iter().any(|(code, _)| code == s.code))
        .map(|s| s.code)
        .collect();
    if !missing.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::MissingColumn,
                format!(
                    "colonnes de sous-compétence introuvables : {} ; chaque colonne doit garder son \
                     en-tête (code puis libellé, par exemple « B1.1.1 Recenser… »)",
                    missing.join(", ")
                ),
            )
            .at(Some(CellRef::new(&sheet.name, header, 0))),
        );
    }

    let tick_cols: Vec<u32> = ticks.iter().map(|(_, c)| *c).collect();
    let mut realisations = Vec::new();
    for (row, cells) in filled_rows(sheet, header, &columns, &tick_cols) {
        if realisations.len() == MAX_REALISATIONS {
            diagnostics.push(too_many(CellRef::new(&sheet.name, row, 0)));
            break;
        }
        let mut reader = CellReader {
            sheet,
            diagnostics: &mut *diagnostics,
        };
        let (realisation, source) = read_realisation(&mut reader, &columns, &ticks, row, cells);
        sources.realisations.push(source);
        realisations.push(realisation);
    }
    realisations
}

/// One réalisation read from its row, with the cells it came from.
fn read_realisation(
    reader: &mut CellReader<'_>,
    columns: &HashMap<RealisationField, u32>,
    ticks: &[(String, u32)],
    row: u32,
    cells: HashMap<RealisationField, CellRef>,
) -> (Realisation, RowSource<RealisationField>) {
    let sheet = reader.sheet;
    let mut realisation = Realisation::default();
    for (&field, cell) in sorted(&cells, RealisationField::ALL) {
        let value = sheet.value(cell.row, cell.col);
        let label = field.spec().label;
        match field {
            RealisationField::Intitule => realisation.intitule = value.display(),
            RealisationField::Cadre => {
                realisation.cadre = reader.choice(label, cell, &value, cadre_of)
            }
            RealisationField::Debut => realisation.debut = reader.date(label, cell, &value),
            RealisationField::Fin => realisation.fin = reader.date(label, cell, &value),
            RealisationField::Organisation => realisation.organisation = value.display(),
            RealisationField::Modalite => {
                realisation.modalite = reader.choice(label, cell, &value, Modalite::parse)
            }
            RealisationField::Contribution => realisation.contribution = value.display(),
            RealisationField::Contexte => realisation.contexte = value.display(),
            RealisationField::Environnement => realisation.environnement = value.display(),
            RealisationField::Documents => realisation.documents = lines(&value),
        }
    }
    realisation.periode = periode(
        columns
            .get(&RealisationField::Debut)
            .map(|&c| sheet.value(row, c)),
        columns
            .get(&RealisationField::Fin)
            .map(|&c| sheet.value(row, c)),
    );
    let mut tick_cells = HashMap::new();
    let mut competence_only = Vec::new();
    for (code, col) in ticks {
        let cell = CellRef::new(&sheet.name, row, *col);
        match reader.tick(&cell) {
            Tick::SubCompetence if !realisation.sous_competences.contains(code) => {
                realisation.sous_competences.push(code.clone())
            }
            Tick::CompetenceOnly => {
                if let Some(s) = Referentiel::get().sous_competence(code) {
                    competence_only.push(s.competence.to_owned());
                }
            }
            _ => {}
        }
        tick_cells.insert(code.clone(), cell);
    }
    realisation.competences = competence_only;
    set_competences(&mut realisation);
    let source = RowSource {
        start: CellRef::new(
            &sheet.name,
            row,
            columns.values().copied().min().unwrap_or(0),
        ),
        cells,
        ticks: tick_cells,
    };
    (realisation, source)
}

/// The rows under a table's header that hold something in the columns read (`columns` and
/// `also`), each with the cell of every field found: the row loop every table shares.
fn filled_rows<'s, F: Copy + Eq + std::hash::Hash>(
    sheet: &'s Sheet,
    header: u32,
    columns: &'s HashMap<F, u32>,
    also: &'s [u32],
) -> impl Iterator<Item = (u32, HashMap<F, CellRef>)> + 's {
    (header + 1..sheet.row_end()).filter_map(move |row| {
        let mut used = columns.values().chain(also);
        if used.all(|&col| sheet.value(row, col).is_empty()) {
            return None;
        }
        let cells = columns
            .iter()
            .map(|(&f, &col)| (f, CellRef::new(&sheet.name, row, col)))
            .collect();
        Some((row, cells))
    })
}

/// Orders the sub-competences officially and derives the competences from them (plus those
/// already marked as a whole, whose sub-competences are still to specify).
pub(crate) fn set_competences(realisation: &mut Realisation) {
    let referentiel = Referentiel::get();
    let ticked = std::mem::take(&mut realisation.sous_competences);
    let marked = std::mem::take(&mut realisation.competences);
    realisation.sous_competences = referentiel
        .sous_competences()
        .filter(|s| ticked.iter().any(|t| t == s.code))
        .map(|s| s.code.to_owned())
        .collect();
    realisation.competences = referentiel
        .competences
        .iter()
        .filter(|c| {
            realisation
                .sous_competences
                .iter()
                .any(|s| s.starts_with(&format!("{}.", c.code)))
                || marked.contains(&c.code)
        })
        .map(|c| c.code.clone())
        .collect();
}

/// What a tick cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tick {
    /// Empty or unrecognised.
    No,
    /// The sub-competence is mobilised.
    SubCompetence,
    /// The competence is mobilised, the sub-competence is still to specify (`?`).
    CompetenceOnly,
}

/// Reads the internships table: header row found by its "Organisation" column.
fn read_stages(
    sheet: &Sheet,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Stage> {
    let Some(header) = find_header_row(sheet, StageField::Organisation.spec()) else {
        diagnostics.push(missing_column(sheet, StageField::Organisation.spec().label));
        return Vec::new();
    };
    let columns = map_columns(sheet, header, StageField::ALL, |f| f.spec());
    let mut stages = Vec::new();
    for (row, cells) in filled_rows(sheet, header, &columns, &[]) {
        let mut reader = CellReader {
            sheet,
            diagnostics: &mut *diagnostics,
        };
        let mut stage = Stage::default();
        for (&field, cell) in sorted(&cells, StageField::ALL) {
            let value = sheet.value(cell.row, cell.col);
            let label = field.spec().label;
            match field {
                StageField::Organisation => stage.organisation = value.display(),
                StageField::Ville => stage.ville = value.display(),
                StageField::Annee => {
                    stage.annee = reader.choice(label, cell, &value, AnneeStage::parse)
                }
                StageField::Debut => stage.debut = reader.date(label, cell, &value),
                StageField::Fin => stage.fin = reader.date(label, cell, &value),
                StageField::Tuteur => stage.tuteur = value.display(),
                StageField::FonctionTuteur => stage.fonction_tuteur = value.display(),
                StageField::Attestation => stage.attestation = value.display(),
            }
        }
        sources.stages.push(RowSource {
            start: CellRef::new(
                &sheet.name,
                row,
                columns.values().copied().min().unwrap_or(0),
            ),
            cells,
            ticks: HashMap::new(),
        });
        stages.push(stage);
    }
    stages
}

fn missing_column(sheet: &Sheet, label: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MissingColumn,
        format!("la colonne « {label} » est introuvable dans la feuille « {} »", sheet.name),
    )
    .hint("gardez les en-têtes du modèle : vous pouvez déplacer ou ajouter des colonnes, pas renommer celles-ci")
}

fn find_header_row(sheet: &Sheet, key: schema::FieldSpec) -> Option<u32> {
    (sheet.row_start()..sheet.row_end().min(HEADER_ROWS)).find(|&row| {
        (0..sheet.col_end()).any(|col| {
            matches!(sheet.value(row, col), Value::Text(t) if matches_label(t, key.label, key.aliases))
        })
    })
}

/// The column of each field in the header row; the first matching column wins.
fn map_columns<F: Copy + Eq + Hash>(
    sheet: &Sheet,
    header: u32,
    fields: &[F],
    spec: impl Fn(F) -> schema::FieldSpec,
) -> HashMap<F, u32> {
    let mut columns = HashMap::new();
    for col in 0..sheet.col_end() {
        let Value::Text(text) = sheet.value(header, col) else {
            continue;
        };
        for &field in fields {
            let s = spec(field);
            if !columns.contains_key(&field) && matches_label(text, s.label, s.aliases) {
                columns.insert(field, col);
            }
        }
    }
    columns
}

/// The tick column of each sub-competence, recognised by its code (`B1.4.2 …`) or its name.
fn map_tick_columns(sheet: &Sheet, header: u32) -> Vec<(String, u32)> {
    let referentiel = Referentiel::get();
    let mut found: Vec<(String, u32)> = Vec::new();
    for col in 0..sheet.col_end() {
        let Value::Text(text) = sheet.value(header, col) else {
            continue;
        };
        let head = normalize(text.split_whitespace().next().unwrap_or(""));
        let whole = normalize(text);
        let code = referentiel
            .sous_competences()
            .find(|s| head == normalize(s.code) || whole == normalize(s.libelle));
        if let Some(s) = code
            && !found.iter().any(|(c, _)| c == s.code)
        {
            found.push((s.code.to_owned(), col));
        }
    }
    found
}

/// Reads typed values from cells, reporting what cannot be read.
struct CellReader<'a> {
    sheet: &'a Sheet,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl CellReader<'_> {
    fn session(&mut self, cell: &CellRef, value: &Value<'_>) -> Option<u16> {
        let text = value.display()?;
        let year = text
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|y| SESSIONS.contains(y));
        if year.is_none() {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidSession,
                    format!(
                        "session {} : attendu une année de session entre {} et {}, par exemple 2027",
                        quote(&text),
                        SESSIONS.start(),
                        SESSIONS.end()
                    ),
                )
                .at(Some(cell.clone())),
            );
        }
        year
    }

    fn choice<T>(
        &mut self,
        label: &str,
        cell: &CellRef,
        value: &Value<'_>,
        read: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let text = value.display()?;
        let parsed = read(&text);
        if parsed.is_none() {
            let expected = expected_choices(label);
            self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidChoice,
                    format!(
                        "{label} : valeur {} non reconnue, attendu {expected}",
                        quote(&text)
                    ),
                )
                .at(Some(cell.clone()))
                .hint("choisissez une valeur dans la liste déroulante de la cellule"),
            );
        }
        parsed
    }

    fn date(&mut self, label: &str, cell: &CellRef, value: &Value<'_>) -> Option<NaiveDate> {
        if value.is_empty() {
            return None;
        }
        let date = parse_date(value);
        if date.is_none() {
            let found = value.display().unwrap_or_default();
            self.diagnostics.push(
                Diagnostic::new(
                    Code::UnreadableDate,
                    format!(
                        "{label} {} : date illisible, attendu une date JJ/MM/AAAA",
                        quote(&found)
                    ),
                )
                .at(Some(cell.clone()))
                .hint("saisissez par exemple 15/09/2025"),
            );
        }
        date
    }

    fn tick(&mut self, cell: &CellRef) -> Tick {
        let value = self.sheet.value(cell.row, cell.col);
        if matches!(value, Value::Text(t) if t.trim() == schema::TO_SPECIFY) {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::SubCompetenceToSpecify,
                    "compétence mobilisée, sous-compétence à préciser : remplacez « ? » par un X sous \
                     chaque sous-compétence mobilisée",
                )
                .at(Some(cell.clone())),
            );
            return Tick::CompetenceOnly;
        }
        match parse_tick(&value) {
            Some(true) => Tick::SubCompetence,
            Some(false) => Tick::No,
            None => {
                let found = value.display().unwrap_or_default();
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::UnrecognisedTick,
                        format!(
                            "case {} non reconnue, ignorée : cochez avec X, ou laissez la case vide",
                            quote(&found)
                        ),
                    )
                    .at(Some(cell.clone())),
                );
                Tick::No
            }
        }
    }
}

fn expected_choices(label: &str) -> String {
    let all = CandidatField::ALL
        .iter()
        .map(|f| f.spec())
        .chain(RealisationField::ALL.iter().map(|f| f.spec()))
        .chain(StageField::ALL.iter().map(|f| f.spec()));
    for spec in all {
        if let (true, FieldKind::Choice(choices)) = (spec.label == label, spec.kind) {
            let quoted: Vec<String> = choices().iter().map(|c| format!("« {c} »")).collect();
            return quoted.join(" ou ");
        }
    }
    String::new()
}

fn cadre_of(text: &str) -> Option<Cadre> {
    if let Some(cadre) = Cadre::parse(text) {
        return Some(cadre);
    }
    let n = normalize(text);
    let first = ["1re", "1ere", "premiere", "1"]
        .iter()
        .any(|k| n.contains(k));
    let second = ["2e", "2eme", "deuxieme", "seconde", "2"]
        .iter()
        .any(|k| n.contains(k));
    let professional = n.contains("stage") || n.contains("professionnel");
    match (professional, first, second) {
        (true, true, false) => Some(Cadre::Stage1),
        (true, false, true) => Some(Cadre::Stage2),
        (false, false, false) if n.contains("formation") => Some(Cadre::Formation),
        _ => None,
    }
}

/// Splits a documents cell into one entry per non-empty line.
fn lines(value: &Value<'_>) -> Vec<String> {
    value
        .display()
        .map(|text| {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The period as typed: the two date cells joined by "au".
fn periode(debut: Option<Value<'_>>, fin: Option<Value<'_>>) -> Option<String> {
    let debut = debut.and_then(|v| v.display());
    let fin = fin.and_then(|v| v.display());
    match (debut, fin) {
        (Some(d), Some(f)) => Some(format!("{d} au {f}")),
        (Some(d), None) => Some(format!("{d} au")),
        (None, Some(f)) => Some(format!("au {f}")),
        (None, None) => None,
    }
}
