//! Texts of the official forms that the référentiel lacks (grid headings, identity labels, fiche
//! d'appréciation, the tableau de synthèse's cells), embedded from `templates/formulaires.toml`
//! into typed structs: a missing or misspelled key is a start-up error, never a blank on a form.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// The embedded file, extracted line by line from the official blank forms.
const SOURCE: &str = include_str!("../templates/formulaires.toml");

static FORMULAIRES: LazyLock<Formulaires> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // Embedded data, checked by the tests: not user input.
    toml::from_str(SOURCE).expect("templates/formulaires.toml embarqué invalide")
});

/// Every text of the official forms.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Formulaires {
    /// The grid's and the fiche's texts, as the grid template reads them.
    #[serde(flatten)]
    pub(crate) grille: GrilleTextes,
    /// Order of the two title lines by range of sessions.
    pub(crate) ordre_titre: Vec<OrdreTitre>,
    /// The tableau de synthèse's cells.
    pub(crate) tableau: TableauTextes,
}

/// The texts of the grid and the fiche (serialized for `grille.typ` as `textes`).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GrilleTextes {
    entete: Entete,
    identite: Identite,
    recto: Recto,
    fiche: Fiche,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Entete {
    bts: String,
    session: String,
    epreuve: String,
    separateur: String,
    annexe: String,
    grille_recto: String,
    grille_verso: String,
    fiche: String,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Identite {
    nom: String,
    numero: String,
    ponctuelle: String,
    ccf: String,
    commission: String,
    option_sisr: String,
    option_slam: String,
    date: String,
    date_pointilles: String,
    membres: String,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Recto {
    proposition: String,
    proposition_texte: Vec<String>,
    note: String,
    sur_20: String,
    penalites: String,
    penalites_texte_avant: String,
    penalites_annexe: String,
    penalites_texte_apres: String,
    note_finale: String,
    note_a_reporter: String,
    tableau_niveaux: String,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Fiche {
    partie_1: String,
    observations: String,
    partie_2: String,
    appreciation: String,
    visa: String,
}

/// Whether the forms of a range of sessions print the annex line before the épreuve line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OrdreTitre {
    from: u16,
    #[allow(dead_code)] // Documents the range in the file; `from` decides.
    to: Option<u16>,
    annexe_en_premier: bool,
}

/// The cells of the official tableau de synthèse.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TableauTextes {
    pub(crate) feuille: String,
    pub(crate) bts: String,
    pub(crate) session: String,
    pub(crate) titre: String,
    pub(crate) nom: String,
    pub(crate) numero: String,
    pub(crate) centre: String,
    pub(crate) option: String,
    pub(crate) case_vide: String,
    pub(crate) case_cochee: String,
    pub(crate) url: String,
    pub(crate) entete_realisations: String,
    pub(crate) entete_periode: String,
    pub(crate) puce: String,
    /// The three part headings, in the order of [`crate::model::Cadre::ALL`].
    pub(crate) parties: [String; 3],
    /// Rows of each part in the model; a part grows when a candidate has more réalisations.
    pub(crate) lignes_parties: [usize; 3],
    /// Every session's wording of the part titles, per cadre in the order of
    /// [`crate::model::Cadre::ALL`].
    pub(crate) titres_parties: [Vec<String>; 3],
}

impl Formulaires {
    /// The embedded texts, parsed on first use.
    pub(crate) fn get() -> &'static Formulaires {
        &FORMULAIRES
    }

    /// Whether the forms of a session print the annex line before the épreuve line (2025 on).
    pub(crate) fn annexe_en_premier(&self, session: u16) -> bool {
        self.ordre_titre
            .iter()
            .rfind(|row| row.from <= session)
            .is_none_or(|row| row.annexe_en_premier)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_texts_are_embedded_and_the_title_order_follows_the_session() {
        let f = Formulaires::get();
        assert_eq!(f.grille.identite.nom, "Nom, prénom :");
        assert_eq!(f.grille.recto.proposition_texte.len(), 2);
        assert_eq!(f.tableau.lignes_parties, [10, 7, 7]);
        assert!(!f.annexe_en_premier(2024));
        assert!(f.annexe_en_premier(2025));
        assert!(f.annexe_en_premier(2030));
    }

    #[test]
    fn a_missing_key_is_an_error() {
        let broken = SOURCE.replacen("visa = ", "vise = ", 1);
        assert!(toml::from_str::<Formulaires>(&broken).is_err());
    }
}
