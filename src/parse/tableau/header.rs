//! The tableau's header: candidate fields typed after their labels, the session, the option.

use super::reader::{HEADER_ROWS, TableauReader, competence_columns, trim};
use crate::diagnostic::{Code, Diagnostic, quote};
use crate::model::{BtsOption, Candidat, Choice, SESSIONS};
use crate::referentiel::Referentiel;
use crate::schema::CandidatField;
use crate::text::normalize;

/// A label of the model's header, the field typed after it, and where the model has it.
pub(super) struct Label {
    /// The label's text, normalized; a cell starting with it is the label.
    pub key: &'static str,
    field: CandidatField,
    /// The label as printed on the model, for messages.
    printed: &'static str,
    /// What is lost when the label is gone, for messages.
    value: &'static str,
    /// Its zero-based (row, column) in the official models (2025 and 2026 alike).
    model: (u32, u32),
}

/// The model's header labels.
pub(super) const LABELS: [Label; 4] = [
    Label {
        key: "nometprenom",
        field: CandidatField::Nom,
        printed: "NOM et prénom :",
        value: "le nom du candidat",
        model: (2, 0),
    },
    Label {
        key: "ncandidat",
        field: CandidatField::Numero,
        printed: "N° candidat :",
        value: "le numéro de candidat",
        model: (2, 5),
    },
    Label {
        key: "centredeformation",
        field: CandidatField::Centre,
        printed: "Centre de formation :",
        value: "le centre de formation",
        model: (3, 0),
    },
    Label {
        key: "adresseurlduportfolio",
        field: CandidatField::PortfolioUrl,
        printed: "Adresse URL du portfolio :",
        value: "l'adresse du portfolio",
        model: (4, 0),
    },
];

impl TableauReader<'_> {
    pub(super) fn header(&mut self) -> Candidat {
        let sheet = self.sheet;
        // The header ends where the competence columns start (réalisation titles may well
        // mention SISR or SLAM).
        let end = competence_columns(sheet).map_or(HEADER_ROWS, |(row, _)| row);
        let cells = self.texts(sheet.row_start()..sheet.row_end().min(end));
        let is_label = |t: &str| {
            let n = normalize(t);
            LABELS.iter().any(|l| n.starts_with(l.key))
                || n.starts_with("option")
                || n.starts_with("session")
        };
        let found = |key: &str| cells.iter().find(|(_, _, t)| normalize(t).starts_with(key));
        // Where the labels moved, from the first one found: a missing one is looked for there.
        let shift = LABELS
            .iter()
            .find_map(|l| found(l.key).map(|(row, _, _)| i64::from(*row) - i64::from(l.model.0)));
        let mut candidat = Candidat::default();
        self.sources.candidat_sheet = Some(sheet.name.clone());
        for label in &LABELS {
            let Some((row, col, text)) = found(label.key) else {
                self.missing_label(label, shift.unwrap_or(0));
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
            self.sources
                .candidat
                .insert(label.field, self.cell(*row, *col));
            match label.field {
                CandidatField::Nom => candidat.nom_prenom = value,
                CandidatField::Numero => candidat.numero = value,
                CandidatField::Centre => candidat.centre = value,
                _ => candidat.portfolio_url = value,
            }
        }
        // Session: "SESSION 2026", or the year in the next cell.
        if let Some((row, col, text)) = found("session") {
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

    /// A label deleted from the header: its value is not read, and the warning (and any error
    /// on the field) points where the label should be.
    fn missing_label(&mut self, label: &Label, shift: i64) {
        let row = u32::try_from(i64::from(label.model.0) + shift).unwrap_or(label.model.0);
        let at = self.cell(row, label.model.1);
        self.sources.candidat.insert(label.field, at.clone());
        self.diagnostics.push(
            Diagnostic::new(
                Code::MissingLabel,
                format!(
                    "libellé {} introuvable dans l'en-tête du tableau : {} n'est pas lu",
                    quote(label.printed),
                    label.value
                ),
            )
            .at(Some(at))
            .hint(format!(
                "remettez le libellé {} à sa place, suivi de la valeur",
                quote(label.printed)
            )),
        );
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
                if LABELS.iter().any(|l| n.starts_with(l.key)) {
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
                    "une forme posée".to_owned()
                } else {
                    format!("un dessin {} posé", quote(text))
                };
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::ReadFromDrawing,
                        format!(
                            "option {} lue depuis {what} sur la case : à confirmer",
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
}
