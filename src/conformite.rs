//! The conformity of a deposited dossier, as the secretariat checks it before the oral: each item
//! conforme or à régulariser, with why. Computed from what `check` found (never from the file
//! system) and the internship rules of the référentiel. An aid for the centre: nothing here is
//! decided for the jury.

use crate::check::FileReport;
use crate::coverage::Coverage;
use crate::diagnostic::{Code, Severity};
use crate::model::{AnneeStage, Candidat, Choice, PeriodStyle, Stage, Statut, period};
use crate::referentiel::Referentiel;
use chrono::NaiveDateTime;
use serde::Serialize;

/// Errors quoted in the "documents" item; the rest are counted.
const QUOTED_ERRORS: usize = 3;

/// Every item of a dossier's conformity, and whether all are met.
#[derive(Debug, Clone, Serialize)]
pub struct Conformite {
    /// Whether every item is conforme.
    pub conforme: bool,
    /// The items, in the page's order.
    pub points: Vec<Point>,
}

/// One item of the conformity check.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    /// What is checked (« Stage de 1re année »).
    pub intitule: String,
    /// Conforme, or à régulariser.
    pub conforme: bool,
    /// Why, in French, with the values seen.
    pub detail: String,
}

impl Point {
    fn new(intitule: &str, conforme: bool, detail: impl Into<String>) -> Point {
        Point {
            intitule: intitule.to_owned(),
            conforme,
            detail: detail.into(),
        }
    }
}

impl Conformite {
    /// The items à régulariser, as « intitulé : détail ».
    pub fn reasons(&self) -> Vec<String> {
        self.points
            .iter()
            .filter(|p| !p.conforme)
            .map(|p| format!("{} : {}", p.intitule, p.detail))
            .collect()
    }
}

/// Assesses a checked dossier deposited at `deposited`, against the deadline when there is one.
pub fn assess(
    file: &FileReport,
    deposited: NaiveDateTime,
    limite: Option<NaiveDateTime>,
) -> Conformite {
    let mut points = vec![documents(file)];
    if let Some(parsed) = &file.parsed {
        let dossier = &parsed.dossier;
        points.push(competences(dossier));
        points.push(portfolio_url(dossier.candidat.portfolio_url.as_deref()));
        points.extend(stages(file, dossier.candidat.statut));
    }
    points.push(on_time(deposited, limite));
    Conformite {
        conforme: points.iter().all(|p| p.conforme),
        points,
    }
}

/// Whether a date and time is after the deadline.
pub fn late(deposited: NaiveDateTime, limite: Option<NaiveDateTime>) -> bool {
    limite.is_some_and(|l| deposited > l)
}

fn documents(file: &FileReport) -> Point {
    const TITLE: &str = "Tableau de synthèse et portfolio";
    let errors: Vec<String> = file
        .diagnostics
        .iter()
        .filter(|d| d.code.severity() == Severity::Error)
        .map(|d| match &d.cell {
            Some(cell) => format!("{cell} : {}", d.message),
            None => d.message.clone(),
        })
        .collect();
    if errors.is_empty() {
        return Point::new(TITLE, true, "produits sans erreur à partir du classeur");
    }
    let mut detail = format!(
        "{} erreur{} dans le classeur, les documents ne peuvent pas être produits : {}",
        errors.len(),
        if errors.len() > 1 { "s" } else { "" },
        errors[..errors.len().min(QUOTED_ERRORS)].join(" ; ")
    );
    if errors.len() > QUOTED_ERRORS {
        detail.push_str(" ; …");
    }
    Point::new(TITLE, false, detail)
}

fn competences(dossier: &crate::model::Dossier) -> Point {
    const TITLE: &str = "Six compétences couvertes";
    let coverage = Coverage::of(&dossier.realisations);
    let missing: Vec<&str> = coverage.missing().map(|c| c.code.as_str()).collect();
    if missing.is_empty() {
        Point::new(
            TITLE,
            true,
            format!(
                "les {} réalisations couvrent les six compétences",
                dossier.realisations.len()
            ),
        )
    } else {
        Point::new(
            TITLE,
            false,
            format!("aucune réalisation ne mobilise {}", missing.join(", ")),
        )
    }
}

fn portfolio_url(url: Option<&str>) -> Point {
    const TITLE: &str = "Adresse du portfolio en ligne";
    match url {
        None => Point::new(TITLE, false, "adresse absente du classeur"),
        Some(url) if crate::text::is_web_url(url) => Point::new(
            TITLE,
            true,
            format!(
                "{url} : adresse bien formée ; elle n'a pas été ouverte (vérification sans réseau)"
            ),
        ),
        Some(url) => Point::new(
            TITLE,
            false,
            format!("« {url} » n'est pas une adresse web complète (https://…)"),
        ),
    }
}

/// The internship items: by the candidate's status (the rule of scolaires when not given).
fn stages(file: &FileReport, statut: Option<Statut>) -> Vec<Point> {
    let rules = &Referentiel::get().stages;
    let stages = file
        .parsed
        .as_ref()
        .map_or(&[][..], |p| p.dossier.stages.as_slice());
    match statut {
        Some(Statut::Apprenti) => {
            return vec![Point::new(
                "Stages",
                true,
                format!("apprenti : {}", rules.apprenti),
            )];
        }
        Some(Statut::FormationContinue) => {
            return vec![Point::new(
                "Stages",
                true,
                format!("formation continue : {}", rules.formation_continue),
            )];
        }
        _ => {}
    }
    let mut points: Vec<Point> = [AnneeStage::Premiere, AnneeStage::Deuxieme]
        .into_iter()
        .map(|year| internship(file, stages, year))
        .collect();
    let mut duration = duration(stages);
    if statut.is_none() {
        duration
            .detail
            .push_str(" (statut non indiqué dans le classeur : règle des candidats scolaires)");
    }
    points.push(duration);
    points
}

/// The item of one year's internship: present, dated, with a readable attestation.
fn internship(file: &FileReport, stages: &[Stage], year: AnneeStage) -> Point {
    let title = match year {
        AnneeStage::Premiere => "Stage de 1re année",
        AnneeStage::Deuxieme => "Stage de 2e année",
    };
    let of_year: Vec<(usize, &Stage)> = stages
        .iter()
        .enumerate()
        .filter(|(_, s)| s.annee == Some(year))
        .collect();
    if of_year.is_empty() {
        return Point::new(title, false, "aucun stage de cette année dans le classeur");
    }
    let mut conforme = true;
    let mut details = Vec::new();
    for (index, stage) in of_year {
        let mut problems = Vec::new();
        let when = period(stage.debut, stage.fin, PeriodStyle::Prose);
        if stage.debut.is_none() || stage.fin.is_none() {
            problems.push("dates incomplètes".to_owned());
        }
        match &stage.attestation {
            None => problems.push("attestation non indiquée".to_owned()),
            Some(name) if !file.attachments.iter().any(|a| a.stage == index) => {
                let why = file
                    .diagnostics
                    .iter()
                    .find(|d| {
                        matches!(d.code, Code::MissingAttachment | Code::RejectedAttachment)
                            && d.message.contains(name.as_str())
                    })
                    .map_or_else(|| format!("« {name} » illisible"), |d| d.message.clone());
                problems.push(format!("attestation : {why}"));
            }
            Some(name) => details.push(format!("attestation « {name} » présente et lisible")),
        }
        conforme &= problems.is_empty();
        let name = stage
            .organisation
            .as_deref()
            .unwrap_or("organisation non indiquée");
        let head = match when {
            Some(when) => format!("{name}, {when}"),
            None => name.to_owned(),
        };
        details.insert(0, head);
        details.extend(problems);
    }
    Point::new(title, conforme, details.join(" ; "))
}

/// Weeks between two dates, both included.
fn weeks(stage: &Stage) -> Option<f64> {
    let days = (stage.fin? - stage.debut?).num_days() + 1;
    (days > 0).then(|| days as f64 / 7.0)
}

/// « 4 semaines », « 4,6 semaines ».
fn show_weeks(weeks: f64) -> String {
    let rounded = (weeks * 10.0).round() / 10.0;
    let text = if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}").replace('.', ",")
    };
    format!("{text} semaine{}", if rounded >= 2.0 { "s" } else { "" })
}

/// The item of the internships' durations against the référentiel's rule.
fn duration(stages: &[Stage]) -> Point {
    const TITLE: &str = "Durée des stages";
    let rules = &Referentiel::get().stages;
    let year_weeks = |year| -> (f64, f64) {
        let all: Vec<f64> = stages
            .iter()
            .filter(|s| s.annee == Some(year))
            .filter_map(weeks)
            .collect();
        (
            all.iter().fold(0.0, |a, b| a + b),
            all.iter().copied().fold(0.0, f64::max),
        )
    };
    let (first, first_longest) = year_weeks(AnneeStage::Premiere);
    let (second, _) = year_weeks(AnneeStage::Deuxieme);
    let total = first + second;
    let [first_min, first_max] = rules.premiere_annee.map(f64::from);
    let [second_min, second_max] = rules.seconde_annee.map(f64::from);
    let mut problems = Vec::new();
    let short = |weeks: f64, min: u32, consecutive: &str| {
        if weeks == 0.0 {
            "aucun stage daté".to_owned()
        } else {
            format!(
                "{}{consecutive}, {min} attendues au moins",
                show_weeks(weeks)
            )
        }
    };
    if first_longest < first_min {
        problems.push(format!(
            "1re année : {}",
            short(first_longest, rules.premiere_annee[0], " d'affilée")
        ));
    }
    if second < second_min {
        problems.push(format!(
            "2e année : {}",
            short(second, rules.seconde_annee[0], "")
        ));
    }
    if total < f64::from(rules.semaines_total) {
        problems.push(format!(
            "total : {}, {} attendues ({} en cas de positionnement, à confirmer par le centre)",
            show_weeks(total),
            rules.semaines_total,
            rules.semaines_total_positionnement
        ));
    }
    let detail = if problems.is_empty() {
        format!(
            "{} en 1re année, {} en 2e année, {} au total (règle : {} à {} semaines puis {} à {}, {} au total)",
            show_weeks(first),
            show_weeks(second),
            show_weeks(total),
            first_min,
            first_max,
            second_min,
            second_max,
            rules.semaines_total
        )
    } else {
        problems.join(" ; ")
    };
    Point::new(TITLE, problems.is_empty(), detail)
}

fn on_time(deposited: NaiveDateTime, limite: Option<NaiveDateTime>) -> Point {
    const TITLE: &str = "Dépôt dans les délais";
    let when = |t: NaiveDateTime| t.format("%d/%m/%Y à %H:%M").to_string();
    match limite {
        None => Point::new(
            TITLE,
            true,
            format!(
                "déposé le {} ; aucune date limite n'a été donnée",
                when(deposited)
            ),
        ),
        Some(limite) if deposited <= limite => Point::new(
            TITLE,
            true,
            format!(
                "déposé le {}, avant la limite du {}",
                when(deposited),
                when(limite)
            ),
        ),
        Some(limite) => Point::new(
            TITLE,
            false,
            format!(
                "hors délai : déposé le {}, après la limite du {}",
                when(deposited),
                when(limite)
            ),
        ),
    }
}

/// One candidate's deposit, as the conformity page and the receipt show it.
#[derive(Debug, Clone, Serialize)]
pub struct Deposit {
    /// Candidate number, when given.
    pub numero: Option<String>,
    /// « NOM Prénom », or the workbook's name when unknown.
    pub nom: String,
    /// SISR or SLAM, when given.
    pub option: Option<String>,
    /// Training centre, when given.
    pub centre: Option<String>,
    /// The workbook's file name.
    pub classeur: String,
    /// The workbook's SHA-256, in full.
    pub sha256: String,
    /// Deposit time, printed.
    pub depose_le: String,
    /// Whether it came after the deadline.
    pub hors_delai: bool,
    /// The conformity items.
    pub conformite: Conformite,
}

impl Deposit {
    /// The deposit of a candidate (`candidat` is `None` for an unreadable workbook).
    pub fn new(
        candidat: Option<&Candidat>,
        classeur: &str,
        sha256: &str,
        deposited: NaiveDateTime,
        hors_delai: bool,
        conformite: Conformite,
    ) -> Deposit {
        Deposit {
            numero: candidat.and_then(|c| c.numero.clone()),
            nom: candidat
                .and_then(Candidat::nom_complet)
                .unwrap_or_else(|| classeur.to_owned()),
            option: candidat
                .and_then(|c| c.option)
                .map(|o| o.label().to_owned()),
            centre: candidat.and_then(|c| c.centre.clone()),
            classeur: classeur.to_owned(),
            sha256: sha256.to_owned(),
            depose_le: crate::text::date_time_fr(deposited),
            hors_delai,
            conformite,
        }
    }

    /// The items à régulariser, by their titles only (the receipt's short reasons).
    pub fn short_reasons(&self) -> String {
        self.conformite
            .points
            .iter()
            .filter(|p| !p.conforme)
            .map(|p| p.intitule.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_read_as_a_person_writes_them() {
        assert_eq!(show_weeks(4.0), "4 semaines");
        assert_eq!(show_weeks(32.0 / 7.0), "4,6 semaines");
        assert_eq!(show_weeks(1.0), "1 semaine");
        assert_eq!(show_weeks(0.0), "0 semaine");
    }

    #[test]
    fn the_internship_rule_comes_from_the_referentiel() {
        let date = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d);
        let stage = |annee, debut, fin| Stage {
            annee: Some(annee),
            debut,
            fin,
            ..Stage::default()
        };
        // 5 weeks then 5 weeks: conforme.
        let good = [
            stage(AnneeStage::Premiere, date(5, 4), date(6, 7)),
            stage(AnneeStage::Deuxieme, date(1, 5), date(2, 8)),
        ];
        assert!(duration(&good).conforme, "{}", duration(&good).detail);
        // 3 weeks in the first year: short of the 4 and of the 10 in total.
        let short = [
            stage(AnneeStage::Premiere, date(5, 4), date(5, 24)),
            stage(AnneeStage::Deuxieme, date(1, 5), date(2, 8)),
        ];
        let point = duration(&short);
        assert!(!point.conforme);
        assert!(
            point.detail.contains("1re année : 3 semaines"),
            "{}",
            point.detail
        );
        assert!(
            point.detail.contains("8 en cas de positionnement"),
            "{}",
            point.detail
        );
    }
}
