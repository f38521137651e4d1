//! The parts of the tableau: the model's titles, or headings the candidate typed in their place,
//! recognised by their structure; the cadre from the heading's words.

use super::reader::TableauReader;
use crate::model::Cadre;
use crate::text::normalize;

/// The cadre a title of the official model announces (`Réalisation en cours de formation`,
/// `Réalisations en milieu professionnel en cours de première année`…).
pub(super) fn official_title(normalized: &str) -> Option<Cadre> {
    if normalized.starts_with("realisation") {
        cadre_named(normalized)
    } else {
        None
    }
}

/// The cadre a heading's words name, whatever their wording: the year of an internship first
/// (the official stage titles also say « en cours de »), then the school (« formation »,
/// « cours »). `None` when they name none (« Réalisations en entreprise »).
pub(super) fn cadre_named(text: &str) -> Option<Cadre> {
    let joined = normalize(text);
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(normalize)
        .filter(|w| !w.is_empty())
        .collect();
    let year = |ordinals: &[&str], digit: &str| {
        ordinals
            .iter()
            .any(|o| joined.contains(&format!("{o}annee")))
            || words.windows(2).any(|w| w[0] == "stage" && w[1] == digit)
    };
    if year(&["premiere", "1re", "1ere", "1er", "1"], "1") {
        Some(Cadre::Stage1)
    } else if year(
        &["seconde", "deuxieme", "2e", "2eme", "2nde", "2de", "2"],
        "2",
    ) {
        Some(Cadre::Stage2)
    } else if words
        .iter()
        .any(|w| w == "cours" || w.starts_with("formation"))
    {
        Some(Cadre::Formation)
    } else {
        None
    }
}

impl TableauReader<'_> {
    /// Whether a row is a part heading: text in the first column only (no period, no mark,
    /// nothing else), styled as the model's titles are — merged across columns, filled, or
    /// bold where the réalisation below is not — or worded as them (« Réalisation… »). A bold
    /// row alone is a heading only when its words name a cadre, since candidates often put
    /// their réalisations in bold too.
    pub(super) fn is_heading(&self, row: u32, last_col: u32) -> bool {
        let sheet = self.sheet;
        let Some(title) = sheet.value(row, 0).display() else {
            return false;
        };
        let only_first = (1..=last_col).all(|col| sheet.value(row, col).is_empty());
        // Competence cells filled while the title is not: a réalisation marked by colour.
        let filled_marks = (1..=last_col).any(|col| self.extras.coloured(row, col))
            && !self.extras.coloured(row, 0);
        if !only_first || filled_marks {
            return false;
        }
        let bold = self.extras.bold.contains(&(row, 0));
        let next_bold = (row + 1..sheet.row_end())
            .find(|r| !sheet.value(*r, 0).is_empty())
            .is_some_and(|r| self.extras.bold.contains(&(r, 0)));
        self.extras.merged_width(row, 0) > 1
            || self.extras.coloured(row, 0)
            || (bold && (!next_bold || cadre_named(&title).is_some()))
            || normalize(&title).starts_with("realisation")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cadre_comes_from_the_words_of_any_heading() {
        for (heading, cadre) in [
            ("Réalisation en cours de formation", Some(Cadre::Formation)),
            ("Projets réalisés en cours", Some(Cadre::Formation)),
            ("Formations et TP", Some(Cadre::Formation)),
            (
                "Réalisations en milieu professionnel en cours de première année",
                Some(Cadre::Stage1),
            ),
            ("Stage de 1re année", Some(Cadre::Stage1)),
            ("Stage 1ère année", Some(Cadre::Stage1)),
            ("STAGE 1", Some(Cadre::Stage1)),
            ("Stage de 2e année", Some(Cadre::Stage2)),
            ("Deuxième année : stage", Some(Cadre::Stage2)),
            (
                "Réalisations en cours de seconde année",
                Some(Cadre::Stage2),
            ),
            ("Réalisations en entreprise", None),
            ("Réalisations personnelles", None),
            ("Parcours professionnel", None),
            ("Stage 12 semaines", None),
        ] {
            assert_eq!(cadre_named(heading), cadre, "{heading}");
        }
    }
}
