//! The tableau's body: below the competence header, the parts and their réalisations.

use super::codes::loose_codes;
use super::reader::{TableauReader, competence_columns, trim};
use super::titles::{cadre_named, official_title};
use crate::diagnostic::{Code, Diagnostic, quote};
use crate::model::{Cadre, Realisation};
use crate::parse::parsed::{MAX_REALISATIONS, RowSource, too_many};
use crate::parse::periode;
use crate::read::Value;
use crate::referentiel::Referentiel;
use crate::schema::RealisationField;
use crate::text::normalize;
use std::collections::HashMap;

const TITLE_COL: u32 = 0;

impl TableauReader<'_> {
    pub(super) fn body(&mut self) -> Vec<Realisation> {
        let sheet = self.sheet;
        let Some((header, columns)) = competence_columns(sheet) else {
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
        let last_col = columns.iter().map(|(_, c)| *c).max().unwrap_or(7);
        let period_col = (0..first_mark_col)
            .find(|&c| matches!(sheet.value(header, c), Value::Text(t) if normalize(t).starts_with("periode")))
            .unwrap_or(TITLE_COL + 1);

        // `None` above the first part; `Some(None)` in a part whose heading names no cadre.
        let mut cadre: Option<Option<Cadre>> = None;
        let mut filled_rows = Vec::new();
        let mut realisations = Vec::new();
        for row in header + 1..sheet.row_end() {
            let title = sheet.value(row, TITLE_COL).display().unwrap_or_default();
            if let Some(c) = official_title(&title) {
                cadre = Some(Some(c));
                continue;
            }
            if self.is_heading(row, last_col) {
                let named = cadre_named(&title);
                if named.is_none() {
                    self.unnamed_part(row, &title);
                }
                cadre = Some(named);
                continue;
            }
            let Some(current) = cadre else { continue };
            if realisations.len() == MAX_REALISATIONS {
                self.diagnostics.push(too_many(self.cell(row, TITLE_COL)));
                break;
            }
            let (marks, by_fill) = self.row_marks(row, &columns);
            if trim(&title).is_empty() {
                if !marks.is_empty() {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::MarksWithoutTitle,
                            "ligne cochée mais sans intitulé : ignorée",
                        )
                        .at(Some(self.cell(row, TITLE_COL))),
                    );
                }
                continue;
            }
            if by_fill {
                filled_rows.push(row + 1);
            }
            if self.extras.hidden_rows.contains(&row) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::HiddenRow,
                        "ligne masquée dans le tableur : la réalisation est lue quand même, vérifiez qu'elle doit figurer",
                    )
                    .at(Some(self.cell(row, TITLE_COL))),
                );
            }
            realisations.push(self.realisation(row, &title, current, period_col, &marks, &columns));
        }
        self.repeated(&realisations);
        if !filled_rows.is_empty() {
            let rows: Vec<String> = filled_rows.iter().map(u32::to_string).collect();
            self.diagnostics.push(Diagnostic::new(
                Code::ReadFromDrawing,
                format!(
                    "compétences marquées par la couleur des cellules, sans texte (ligne{} {}) : chaque case \
                     colorée compte comme cochée, à confirmer",
                    if rows.len() > 1 { "s" } else { "" },
                    rows.join(", ")
                ),
            ));
        }
        realisations
    }

    /// Runs of identical réalisations one after the other (same title, period and marks, as a
    /// script's repeated row gives): one warning on the first row of each run, with its count.
    fn repeated(&mut self, realisations: &[Realisation]) {
        let same = |a: &Realisation, b: &Realisation| {
            a.intitule == b.intitule
                && a.periode == b.periode
                && a.competences == b.competences
                && a.sous_competences == b.sous_competences
        };
        let mut start = 0;
        while start < realisations.len() {
            let run = realisations[start..]
                .iter()
                .take_while(|r| same(r, &realisations[start]))
                .count();
            if run > 1
                && let (Some(first), Some(last)) = (
                    self.sources.realisations.get(start),
                    self.sources.realisations.get(start + run - 1),
                )
            {
                let (cell, rows) = (
                    first.start.clone(),
                    (first.start.row + 1, last.start.row + 1),
                );
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::RepeatedRealisation,
                        format!(
                            "{run} réalisations identiques à la suite (lignes {} à {}) : même intitulé, \
                             même période, mêmes compétences ; elles sont toutes lues",
                            rows.0, rows.1
                        ),
                    )
                    .at(Some(cell))
                    .hint("supprimez les lignes copiées par erreur, ou distinguez les réalisations"),
                );
            }
            start += run.max(1);
        }
    }

    /// A heading that names no cadre: its réalisations have none, which the candidate must give.
    fn unnamed_part(&mut self, row: u32, title: &str) {
        self.diagnostics.push(
            Diagnostic::new(
                Code::UnnamedPart,
                format!(
                    "titre de partie {} : il ne dit pas le cadre (formation, stage de 1re ou de 2e année) ; \
                     les réalisations qui suivent restent sans cadre",
                    quote(trim(title))
                ),
            )
            .at(Some(self.cell(row, TITLE_COL)))
            .hint(
                "reprenez le titre du modèle officiel, ou choisissez le cadre dans le classeur créé par \
                 « sio-dossier template --from »",
            ),
        );
    }

    /// One réalisation row, its cells recorded for later diagnostics.
    fn realisation(
        &mut self,
        row: u32,
        title: &str,
        cadre: Option<Cadre>,
        period_col: u32,
        marks: &[(String, u32)],
        columns: &[(String, u32)],
    ) -> Realisation {
        let (intitule, documents) = split_title(title);
        let period_value = self.sheet.value(row, period_col);
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
            cadre,
            debut: period.debut,
            fin: period.fin,
            periode: period_value.display(),
            documents,
            ..Realisation::default()
        };
        let r = Referentiel::get();
        for (code, col) in marks {
            realisation.competences.push(code.clone());
            // A sub-competence code typed as the mark also gives the sub-competence.
            if let Value::Text(t) = self.sheet.value(row, *col) {
                for typed in loose_codes(t) {
                    if let Some(sub) = r
                        .sous_competences()
                        .find(|s| s.code == typed && s.competence == code)
                        && !realisation.sous_competences.iter().any(|s| s == sub.code)
                    {
                        realisation.sous_competences.push(sub.code.to_owned());
                    }
                }
            }
        }
        realisation.competences.sort();
        let mut cells = HashMap::new();
        cells.insert(RealisationField::Intitule, self.cell(row, TITLE_COL));
        cells.insert(RealisationField::Debut, period_cell.clone());
        cells.insert(RealisationField::Fin, period_cell);
        cells.insert(RealisationField::Cadre, self.cell(row, TITLE_COL));
        let ticks = columns
            .iter()
            .map(|(code, col)| (code.clone(), self.cell(row, *col)))
            .collect();
        self.sources.realisations.push(RowSource {
            start: self.cell(row, TITLE_COL),
            cells,
            ticks,
        });
        realisation
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
