//! Which réalisations mobilise each competence and sub-competence of the référentiel: the one
//! computation behind the validator's coverage rules, the portfolio's coverage page, the class
//! summary, the web page and the deposit's conformity.

use crate::model::Realisation;
use crate::referentiel::Referentiel;

/// The référentiel's competences in official order, each with the réalisations (numbered from
/// 1, in the dossier's order) that mobilise it and its sub-competences likewise.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    /// The six competences.
    pub competences: Vec<Covered>,
}

/// A competence or a sub-competence and the réalisations that mobilise it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Covered {
    /// `B1.4` or `B1.4.2`.
    pub code: String,
    /// Official wording.
    pub libelle: String,
    /// Numbers (from 1) of the réalisations that mobilise it.
    pub realisations: Vec<usize>,
    /// Whether at least one réalisation mobilises it.
    pub couvert: bool,
    /// The sub-competences of a competence (empty for a sub-competence).
    #[serde(rename = "sous_competences", skip_serializing_if = "Vec::is_empty")]
    pub sous: Vec<Covered>,
}

impl Covered {
    fn new(code: &str, libelle: &str, realisations: Vec<usize>, sous: Vec<Covered>) -> Covered {
        Covered {
            code: code.to_owned(),
            libelle: libelle.to_owned(),
            couvert: !realisations.is_empty(),
            realisations,
            sous,
        }
    }
}

/// What coverage needs of a réalisation: the codes it mobilises.
pub trait Mobilises {
    /// Competence codes (`B1.4`).
    fn competences(&self) -> &[String];
    /// Sub-competence codes (`B1.4.2`).
    fn sous_competences(&self) -> &[String];
}

impl Mobilises for Realisation {
    fn competences(&self) -> &[String] {
        &self.competences
    }
    fn sous_competences(&self) -> &[String] {
        &self.sous_competences
    }
}

impl Coverage {
    /// The coverage of these réalisations.
    pub fn of<R: Mobilises>(realisations: &[R]) -> Coverage {
        let r = Referentiel::get();
        let numbers = |has: &dyn Fn(&R) -> bool| -> Vec<usize> {
            realisations
                .iter()
                .enumerate()
                .filter(|(_, x)| has(x))
                .map(|(i, _)| i + 1)
                .collect()
        };
        let competences = r
            .competences
            .iter()
            .map(|c| {
                let sous = r
                    .sous_competences()
                    .filter(|s| s.competence == c.code)
                    .map(|s| {
                        let mobilising =
                            numbers(&|x| x.sous_competences().iter().any(|y| y == s.code));
                        Covered::new(s.code, s.libelle, mobilising, Vec::new())
                    })
                    .collect();
                let mobilising = numbers(&|x| x.competences().contains(&c.code));
                Covered::new(&c.code, &c.libelle, mobilising, sous)
            })
            .collect();
        Coverage { competences }
    }

    /// The competences no réalisation mobilises.
    pub fn missing(&self) -> impl Iterator<Item = &Covered> {
        self.competences.iter().filter(|c| !c.couvert)
    }

    /// How many of the six competences are covered.
    pub fn covered_count(&self) -> usize {
        self.competences.iter().filter(|c| c.couvert).count()
    }

    /// The 22 sub-competences in official order.
    pub fn sous_competences(&self) -> impl Iterator<Item = &Covered> {
        self.competences.iter().flat_map(|c| &c.sous)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct R(Vec<String>, Vec<String>);
    impl Mobilises for R {
        fn competences(&self) -> &[String] {
            &self.0
        }
        fn sous_competences(&self) -> &[String] {
            &self.1
        }
    }

    #[test]
    fn numbers_the_realisations_that_mobilise_each_code() {
        let realisations = [
            R(vec!["B1.1".into()], vec!["B1.1.2".into()]),
            R(vec!["B1.1".into(), "B1.4".into()], vec![]),
        ];
        let coverage = Coverage::of(&realisations);
        assert_eq!(coverage.competences.len(), 6);
        assert_eq!(coverage.sous_competences().count(), 22);
        assert_eq!(coverage.competences[0].realisations, vec![1, 2]);
        assert_eq!(coverage.competences[0].sous[1].code, "B1.1.2");
        assert_eq!(coverage.competences[0].sous[1].realisations, vec![1]);
        assert_eq!(coverage.covered_count(), 2);
        let missing: Vec<&str> = coverage.missing().map(|c| c.code.as_str()).collect();
        assert_eq!(missing, ["B1.2", "B1.3", "B1.5", "B1.6"]);
    }
}
