//! Part titles: the official ones in every session's wording, and the cadre any heading's
//! words name.

use crate::formulaires::Formulaires;
use crate::model::{Cadre, Choice};
use crate::text::normalize;

/// The cadre an official part title announces, in any session's wording
/// (`templates/formulaires.toml`, `titres_parties`): the title's words from its start, a
/// candidate's text possibly following. `Réalisation de tests…` is no part title.
pub(super) fn official_title(text: &str) -> Option<Cadre> {
    let typed = normalize(text);
    let titles = &Formulaires::get().tableau.titres_parties;
    Cadre::ALL
        .iter()
        .copied()
        .zip(titles)
        .find(|(_, wordings)| wordings.iter().any(|w| typed.starts_with(&normalize(w))))
        .map(|(cadre, _)| cadre)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_session_s_official_part_titles_give_their_cadre() {
        for (title, cadre) in [
            // 2025 and 2026 models.
            (
                "Réalisation en cours de formation\n\n",
                Some(Cadre::Formation),
            ),
            ("Réalisations en cours de formation", Some(Cadre::Formation)),
            (
                "Réalisations en milieu professionnel en cours de première année",
                Some(Cadre::Stage1),
            ),
            (
                "Réalisations en milieu professionnel en cours de seconde année",
                Some(Cadre::Stage2),
            ),
            // 2022 model.
            (
                "Réalisations en cours de stage de première année",
                Some(Cadre::Stage1),
            ),
            (
                "Réalisations en cours de stage de seconde année",
                Some(Cadre::Stage2),
            ),
            // A candidate's words after the title, or another case.
            (
                "RÉALISATIONS EN COURS DE FORMATION (TP, projets)",
                Some(Cadre::Formation),
            ),
            // Réalisations whose titles begin like a part title.
            ("Réalisation de tests de sécurité", None),
            ("Réalisation d'une maquette réseau", None),
            ("Réalisations en équipe : serveur de messagerie", None),
            ("Réalisation en cours : migration", None),
        ] {
            assert_eq!(official_title(title), cadre, "{title}");
        }
    }

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
