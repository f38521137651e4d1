//! The official tableau de synthèse, filled by hand: recognised by its labels (never by fixed
//! addresses), header values typed after their label, the three parts found by their titles
//! wherever they moved, marks by any visible text, by sub-competence code or by fill colour,
//! the option by a cross, a deletion, a merged cell or a drawing.

use super::periode;
use super::{Parsed, RowSource, SourceMap};
use crate::diagnostic::{CellRef, Code, Diagnostic, quote};
use crate::model::{BtsOption, Cadre, Candidat, Choice, Dossier, InputKind, Realisation, SESSIONS};
use crate::read::extras::SheetExtras;
use crate::read::{Sheet, Value, Workbook};
use crate::referentiel::Referentiel;
use crate::schema::{CandidatField, RealisationField};
use crate::text::normalize;
use std::collections::HashMap;

/// How far from the top the header labels are looked for.
const HEADER_ROWS: u32 = 40;
const HEADER_COLS: u32 = 16;

const LABELS: [(&str, CandidatField); 4] = [
    ("nometprenom", CandidatField::Nom),
    ("ncandidat", CandidatField::Numero),
    ("centredeformation", CandidatField::Centre),
    ("adresseurlduportfolio", CandidatField::PortfolioUrl),
];

/// Whether a sheet looks like an official tableau (its labels, not its addresses).
pub(super) fn recognise(workbook: &Workbook) -> Option<&Sheet> {
    workbook.sheets.iter().find(|sheet| {
        let mut name = false;
        let mut part = false;
        for row in sheet.row_start()..sheet.row_end().min(HEADER_ROWS + 20) {
            for col in 0..sheet.col_end().min(HEADER_COLS) {
                if let Value::Text(t) = sheet.value(row, col) {
                    let n = normalize(t);
                    name |= n.starts_with("nometprenom");
                    part |= part_of(&n).is_some();
                }
            }
        }
        name && part
    })
}

/// The cadre a part title announces.
fn part_of(normalized: &str) -> Option<Cadre> {
    if !normalized.starts_with("realisation") {
        return None;
    }
    if normalized.contains("premiereannee") {
        Some(Cadre::Stage1)
    } else if normalized.contains("secondeannee") || normalized.contains("deuxiemeannee") {
        Some(Cadre::Stage2)
    } else if normalized.contains("formation") {
        Some(Cadre::Formation)
    } else {
        None
    }
}

/// Trims spaces, no-break spaces and line breaks at both ends.
fn trim(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}')
}

/// Reads a recognised tableau.
pub(super) fn parse(workbook: &Workbook, sheet: &Sheet) -> Parsed {
    let no_extras = SheetExtras::default();
    let extras = workbook.extras.get(&sheet.name).unwrap_or(&no_extras);
    let mut reader = TableauReader {
        sheet,
        extras,
        diagnostics: Vec::new(),
        sources: SourceMap::default(),
    };
    let candidat = reader.header();
    let realisations = reader.body();
    let mut parsed = Parsed {
        kind: InputKind::TableauOfficiel,
        dossier: Dossier {
            candidat,
            realisations,
            stages: Vec::new(),
        },
        sources: reader.sources,
        diagnostics: reader.diagnostics,
    };
    parsed.diagnostics.push(
        Diagnostic::new(
            Code::TableauLimits,
            "tableau de synthèse officiel : il ne porte ni les sous-compétences ni les descriptions \
             des réalisations ; le portfolio en sera dépourvu",
        )
        .hint("« sio-dossier template --from » crée un classeur pré-rempli à compléter"),
    );
    parsed
}

struct TableauReader<'a> {
    sheet: &'a Sheet,
    extras: &'a SheetExtras,
    diagnostics: Vec<Diagnostic>,
    sources: SourceMap,
}

impl TableauReader<'_> {
    fn cell(&self, row: u32, col: u32) -> CellRef {
        CellRef::new(&self.sheet.name, row, col)
    }

    fn texts(&self, rows: std::ops::Range<u32>) -> Vec<(u32, u32, String)> {
        let mut out = Vec::new();
        for row in rows {
            for col in 0..self.sheet.col_end().min(HEADER_COLS) {
                if let Some(t) = self.sheet.value(row, col).display() {
                    out.push((row, col, t));
                }
            }
        }
        out
    }

    fn header(&mut self) -> Candidat {
        let sheet = self.sheet;
        // The header ends where the competence columns start (réalisation titles may well
        // mention SISR or SLAM).
        let end = self
            .competence_columns()
            .map_or(HEADER_ROWS, |(row, _)| row);
        let cells = self.texts(sheet.row_start()..sheet.row_end().min(end));
        let is_label = |t: &str| {
            let n = normalize(t);
            LABELS.iter().any(|(l, _)| n.starts_with(l))
                || n.starts_with("option")
                || n.starts_with("session")
        };
        let mut candidat = Candidat::default();
        self.sources.candidat_sheet = Some(sheet.name.clone());
        for (label, field) in LABELS {
            let Some((row, col, text)) = cells
                .iter()
                .find(|(_, _, t)| normalize(t).starts_with(label))
            else {
                continue;
            };
            let after = text.split_once(':').map(|(_, v)| trim(v)).unwrap_or("");
            let value = if after.is_empty() {
                // The value typed in the next cell of the row, unless that is another label.
                cells
                    .iter()
                    .find(|(r, c, _)| r == row && c > col)
                    .filter(|(_, _, t)| !is_label(t))
                    .map(|(_, _, t)| trim(t).to_owned())
            } else {
                Some(after.to_owned())
            };
            let value = value.filter(|v| !v.is_empty());
            self.sources.candidat.insert(field, self.cell(*row, *col));
            match field {
                CandidatField::Nom => candidat.nom_prenom = value,
                CandidatField::Numero => candidat.numero = value,
                CandidatField::Centre => candidat.centre = value,
                _ => candidat.portfolio_url = value,
            }
        }
        // Session: "SESSION 2026", or the year in the next cell.
        if let Some((row, col, text)) = cells
            .iter()
            .find(|(_, _, t)| normalize(t).starts_with("session"))
        {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            let year = if digits.is_empty() {
                cells
                    .iter()
                    .find(|(r, c, _)| r == row && c > col)
                    .and_then(|(_, _, t)| t.trim().parse().ok())
            } else {
                digits.parse().ok()
            };
            candidat.session = year.filter(|y: &u16| SESSIONS.contains(y));
            self.sources
                .candidat
                .insert(CandidatField::Session, self.cell(*row, *col));
            self.check_session_label(candidat.session, *row, *col);
        }
        candidat.option = self.option(&cells);
        candidat
    }

    /// Warns when the printed session belongs to another épreuve than the model's sheet name.
    fn check_session_label(&mut self, session: Option<u16>, row: u32, col: u32) {
        let Some(session) = session else { return };
        let name = normalize(&self.sheet.name);
        let model = if name.ends_with("e5") {
            Some("E5")
        } else if name.ends_with("e4") {
            Some("E4")
        } else {
            None
        };
        let printed = Referentiel::get().labels(session).epreuve.as_str();
        if let Some(model) = model
            && model != printed
        {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::StaleSession,
                    format!(
                        "la cellule indique la session {session} (épreuve {printed}) sur le modèle de l'épreuve \
                         {model} : l'année a sans doute été oubliée en recopiant un ancien tableau"
                    ),
                )
                .at(Some(self.cell(row, col)))
                .hint("corrigez l'année, ou donnez la bonne avec --session"),
            );
        }
    }

    /// The option from the option cells: a cross before a name, a single remaining name, or a
    /// drawing anchored on one of them.
    fn option(&mut self, cells: &[(u32, u32, String)]) -> Option<BtsOption> {
        let options: Vec<(u32, u32, String, BtsOption)> = cells
            .iter()
            .filter_map(|(r, c, t)| {
                let n = normalize(t);
                if LABELS.iter().any(|(l, _)| n.starts_with(l)) {
                    return None;
                }
                let words: Vec<String> = t
                    .split(|c: char| !c.is_alphanumeric())
                    .map(str::to_uppercase)
                    .collect();
                let has = |w: &str| words.iter().any(|x| x == w);
                let option = match (has("SISR"), has("SLAM")) {
                    (true, false) => BtsOption::Sisr,
                    (false, true) => BtsOption::Slam,
                    _ => return None,
                };
                Some((*r, *c, t.clone(), option))
            })
            .collect();
        let ticked: Vec<BtsOption> = options
            .iter()
            .filter(|(_, _, text, option)| {
                let upper = text.to_uppercase();
                let before = upper.split(option.label()).next().unwrap_or("");
                let before = before.split(':').next_back().unwrap_or(before);
                before
                    .chars()
                    .any(|c| matches!(c, 'X' | 'x' | '☑' | '☒' | '✓' | '✔' | '■' | '●' | '⊠'))
            })
            .map(|(_, _, _, o)| *o)
            .collect();
        let at = options.first().map(|(r, c, _, _)| self.cell(*r, *c));
        if let [one] = ticked.as_slice() {
            return Some(*one);
        }
        if let [(_, _, _, only)] = options.as_slice() {
            return Some(*only);
        }
        for ((row, col), text) in &self.extras.drawings {
            if let Some((_, _, _, option)) =
                options.iter().find(|(r, c, _, _)| r == row && c == col)
            {
                let what = if text.is_empty() {
                    "une forme".to_owned()
                } else {
                    format!("un dessin {}", quote(text))
                };
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::ReadFromDrawing,
                        format!(
                            "option {} lue depuis {what} posé sur la case : à confirmer",
                            option.label()
                        ),
                    )
                    .at(Some(self.cell(*row, *col))),
                );
                return Some(*option);
            }
        }
        self.diagnostics.push(
            Diagnostic::new(
                Code::OptionNotFound,
                "aucune option cochée : ni SISR ni SLAM n'est marqué",
            )
            .at(at)
            .hint("mettez un X devant l'option (☒ SISR) ou supprimez l'autre"),
        );
        None
    }

    /// The competence header row and the column of each competence.
    fn competence_columns(&self) -> Option<(u32, Vec<(String, u32)>)> {
        let r = Referentiel::get();
        let wanted: Vec<(String, String)> = r
            .competences
            .iter()
            .map(|c| (c.code.clone(), normalize(&c.libelle)))
            .collect();
        for row in self.sheet.row_start()..self.sheet.row_end().min(HEADER_ROWS + 20) {
            let mut found = Vec::new();
            for col in 0..self.sheet.col_end().min(HEADER_COLS + 8) {
                let Value::Text(t) = self.sheet.value(row, col) else {
                    continue;
                };
                let n = normalize(t);
                if let Some((code, _)) = wanted
                    .iter()
                    .find(|(_, w)| n == *w || (n.len() > 12 && w.starts_with(&n)))
                {
                    found.push((code.clone(), col));
                }
            }
            if found.len() >= 4 {
                return Some((row, found));
            }
        }
        None
    }

    fn body(&mut self) -> Vec<Realisation> {
        let sheet = self.sheet;
        let Some((header, columns)) = self.competence_columns() else {
            self.diagnostics.push(Diagnostic::new(
                Code::MissingColumn,
                "les colonnes des six compétences sont introuvables dans le tableau",
            ));
            return Vec::new();
        };
        for (code, col) in &columns {
            self.sources
                .tick_headers
                .insert(code.clone(), self.cell(header, *col));
        }
        let first_mark_col = columns.iter().map(|(_, c)| *c).min().unwrap_or(2);
        let title_col = 0;
        let period_col = (0..first_mark_col)
            .find(|&c| matches!(sheet.value(header, c), Value::Text(t) if normalize(t).starts_with("periode")))
            .unwrap_or(title_col + 1);

        // Marks by text, unless the whole body marks by fill colour only.
        let text_mark = |row: u32, col: u32| {
            matches!(sheet.value(row, col), Value::Text(t) if !trim(t).is_empty())
                || matches!(
                    sheet.value(row, col),
                    Value::Number(_) | Value::Bool(true) | Value::Date(_)
                )
        };
        let mut any_text = false;
        let mut any_fill = false;
        for row in header + 1..sheet.row_end() {
            for (_, col) in &columns {
                any_text |= text_mark(row, *col) && !self.sub_list(row, *col);
                any_fill |= self.extras.coloured(row, *col);
            }
        }
        let by_fill = !any_text && any_fill;
        if by_fill {
            self.diagnostics.push(Diagnostic::new(
                Code::ReadFromDrawing,
                "les compétences sont marquées par la couleur des cellules, sans texte : chaque case colorée \
                 compte comme cochée, à confirmer",
            ));
        }

        let mut cadre: Option<Option<Cadre>> = None;
        let mut realisations = Vec::new();
        for row in header + 1..sheet.row_end() {
            let title = sheet.value(row, title_col).display().unwrap_or_default();
            let normalized = normalize(&title);
            let marks: Vec<(String, u32)> = columns
                .iter()
                .filter(|(_, col)| {
                    if by_fill {
                        self.extras.coloured(row, *col)
                    } else {
                        text_mark(row, *col)
                    }
                })
                .cloned()
                .collect();
            if let Some(c) = part_of(&normalized) {
                cadre = Some(Some(c));
                continue;
            }
            if normalized.starts_with("realisation") && marks.is_empty() && cadre.is_none() {
                // A part title in a wording not recognised.
                cadre = Some(None);
                continue;
            }
            let Some(current) = cadre else { continue };
            if realisations.len() == super::MAX_REALISATIONS {
                self.diagnostics
                    .push(super::too_many(self.cell(row, title_col)));
                break;
            }
            if trim(&title).is_empty() {
                if !marks.is_empty() {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::MarksWithoutTitle,
                            "ligne cochée mais sans intitulé : ignorée",
                        )
                        .at(Some(self.cell(row, title_col))),
                    );
                }
                continue;
            }
            if self.extras.hidden_rows.contains(&row) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::HiddenRow,
                        "ligne masquée dans le tableur : la réalisation est lue quand même, vérifiez qu'elle doit figurer",
                    )
                    .at(Some(self.cell(row, title_col))),
                );
            }
            let (intitule, documents) = split_title(&title);
            let period_value = sheet.value(row, period_col);
            let period = periode::parse(&period_value);
            let period_cell = self.cell(row, period_col);
            if !period.lisible {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::UnreadableDate,
                        format!(
                            "période {} illisible : attendu « JJ/MM/AA au JJ/MM/AA »",
                            quote(&period_value.display().unwrap_or_default())
                        ),
                    )
                    .at(Some(period_cell.clone())),
                );
            }
            let mut realisation = Realisation {
                intitule: Some(intitule),
                cadre: current,
                debut: period.debut,
                fin: period.fin,
                periode: period_value.display(),
                documents,
                ..Realisation::default()
            };
            let r = Referentiel::get();
            for (code, col) in &marks {
                realisation.competences.push(code.clone());
                // A sub-competence code typed as the mark also gives the sub-competence.
                if let Value::Text(t) = sheet.value(row, *col) {
                    let typed = normalize(t);
                    if let Some(sub) = r
                        .sous_competences()
                        .find(|s| normalize(s.code) == typed && s.competence == code)
                    {
                        realisation.sous_competences.push(sub.code.to_owned());
                    }
                }
            }
            realisation.competences.sort();
            let mut cells = HashMap::new();
            cells.insert(RealisationField::Intitule, self.cell(row, title_col));
            cells.insert(RealisationField::Debut, period_cell.clone());
            cells.insert(RealisationField::Fin, period_cell);
            cells.insert(RealisationField::Cadre, self.cell(row, title_col));
            let ticks = columns
                .iter()
                .map(|(code, col)| (code.clone(), self.cell(row, *col)))
                .collect();
            self.sources.realisations.push(RowSource {
                start: self.cell(row, title_col),
                cells,
                ticks,
            });
            realisations.push(realisation);
        }
        realisations
    }

    /// Whether a cell is the model's list of sub-competences (`▸…`), not a mark.
    fn sub_list(&self, row: u32, col: u32) -> bool {
        matches!(self.sheet.value(row, col), Value::Text(t) if t.trim_start().starts_with('▸'))
    }
}

/// The title cell: its text with whitespace runs made single spaces, and the lines that are web
/// addresses or file names as documents.
fn split_title(text: &str) -> (String, Vec<String>) {
    let mut title = Vec::new();
    let mut documents = Vec::new();
    for line in text.lines().map(trim).filter(|l| !l.is_empty()) {
        let lower = line.to_lowercase();
        let document = !title.is_empty()
            && (lower.contains("://")
                || lower.starts_with("www.")
                || [
                    ".pdf", ".docx", ".pptx", ".xlsx", ".odt", ".png", ".jpg", ".zip",
                ]
                .iter()
                .any(|e| lower.ends_with(e)));
        if document {
            documents.push(line.to_owned());
        } else {
            title.push(line);
        }
    }
    let joined = title.join(" ");
    (
        joined.split_whitespace().collect::<Vec<_>>().join(" "),
        documents,
    )
}
