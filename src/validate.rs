//! Validate stage: the rules of the dossier over the model, each one a [`Code`] with a French
//! message pointing at the cell concerned. Every rule runs; nothing stops at the first problem.

use crate::attachments::{Refusal, Resolved, looks_like_url};
use crate::coverage::{Coverage, Covered};
use crate::diagnostic::{CellRef, Code, Diagnostic, quote};
use crate::model::{InputKind, Modalite, Realisation};
use crate::parse::parsed::Parsed;
use crate::schema::{CandidatField as C, RealisationField as R, StageField as S};
use crate::text::is_web_url;
use chrono::{Datelike, NaiveDate};

/// What the rules need beyond the dossier itself.
#[derive(Debug, Clone)]
pub(crate) struct Context<'a> {
    /// The session asked for on the command line (`--session`), if any.
    pub session: Option<u16>,
    /// Today's date, for the default session.
    pub today: NaiveDate,
    /// The files the dossier names, looked up once.
    pub attachments: &'a Resolved,
}

/// The session the dossier is checked against: `--session`, else the file's, else the next one.
pub(crate) fn effective_session(parsed: &Parsed, session: Option<u16>, today: NaiveDate) -> u16 {
    session
        .or(parsed.dossier.candidat.session)
        .unwrap_or_else(|| next_session(today))
}

/// The next exam session: exams are held in May–June, so from July on it is next year's.
/// (The run's clock only gives years 2000 to 2100: see `pipeline::clock`.)
pub(crate) fn next_session(today: NaiveDate) -> u16 {
    let year = today.year().clamp(0, i32::from(u16::MAX) - 1) as u16;
    if today.month() >= 7 { year + 1 } else { year }
}

/// Runs every rule and returns the diagnostics found (parse diagnostics not included).
pub(crate) fn validate(parsed: &Parsed, context: &Context<'_>) -> Vec<Diagnostic> {
    let mut rules = Rules {
        parsed,
        context,
        found: Vec::new(),
    };
    rules.identity();
    rules.realisations();
    rules.coverage();
    rules.stages();
    rules.found
}

struct Rules<'a> {
    parsed: &'a Parsed,
    context: &'a Context<'a>,
    found: Vec<Diagnostic>,
}

impl Rules<'_> {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.found.push(diagnostic);
    }

    /// Whether the parser already reported something at this cell (an unreadable value):
    /// then the "missing value" rule stays quiet.
    fn reported(&self, cell: &Option<CellRef>) -> bool {
        cell.is_some() && self.parsed.diagnostics.iter().any(|d| &d.cell == cell)
    }

    fn candidat_cell(&self, field: C) -> Option<CellRef> {
        self.parsed.sources.candidat.get(&field).cloned()
    }

    fn identity(&mut self) {
        self.names();
        self.session();
        self.numero();
        self.option_and_addresses();
    }

    /// Where to type an identity field, said for the kind of workbook read.
    fn label_hint(&self, field: C) -> String {
        if self.parsed.kind == InputKind::TableauOfficiel {
            "tapez la valeur à la suite de son libellé, dans l'en-tête du tableau".to_owned()
        } else {
            format!(
                "remplissez la cellule à droite de « {} » dans la feuille Candidat",
                field.spec().label
            )
        }
    }

    fn names(&mut self) {
        let candidat = &self.parsed.dossier.candidat;
        let tableau = self.parsed.kind == InputKind::TableauOfficiel;
        if candidat.nom.is_none() && candidat.nom_prenom.is_none() {
            self.push(
                Diagnostic::new(
                    Code::MissingNom,
                    "le nom du candidat est vide : il est obligatoire",
                )
                .at(self.candidat_cell(C::Nom))
                .hint(self.label_hint(C::Nom)),
            );
        }
        if candidat.prenom.is_none() && !tableau {
            self.push(
                Diagnostic::new(
                    Code::MissingPrenom,
                    "le prénom du candidat est vide : il est obligatoire",
                )
                .at(self.candidat_cell(C::Prenom))
                .hint(self.label_hint(C::Prenom)),
            );
        }
    }

    fn session(&mut self) {
        let candidat = &self.parsed.dossier.candidat;
        let session_cell = self.candidat_cell(C::Session);
        match (candidat.session, self.context.session) {
            (None, _) if !self.reported(&session_cell) => {
                let used = effective_session(self.parsed, self.context.session, self.context.today);
                self.push(
                    Diagnostic::new(
                        Code::MissingSession,
                        format!("la session est vide : la session {used} est utilisée"),
                    )
                    .at(session_cell)
                    .hint(self.label_hint(C::Session)),
                );
            }
            (Some(file), Some(asked)) if file != asked => self.push(
                Diagnostic::new(
                    Code::SessionMismatch,
                    format!(
                        "le classeur indique la session {file}, la session demandée est {asked}"
                    ),
                )
                .at(session_cell),
            ),
            _ => {}
        }
    }

    fn numero(&mut self) {
        match &self.parsed.dossier.candidat.numero {
            None => self.push(
                Diagnostic::new(Code::MissingNumero, "le numéro de candidat est vide")
                    .at(self.candidat_cell(C::Numero))
                    .hint("il figure sur votre convocation ; le jury en a besoin pour la grille"),
            ),
            Some(n) if !(10..=11).contains(&n.len()) || !n.bytes().all(|b| b.is_ascii_digit()) => {
                self.push(
                    Diagnostic::new(
                        Code::InvalidNumero,
                        format!(
                            "numéro de candidat {} : attendu 10 ou 11 chiffres",
                            quote(n)
                        ),
                    )
                    .at(self.candidat_cell(C::Numero)),
                )
            }
            Some(_) => {}
        }
    }

    fn option_and_addresses(&mut self) {
        let candidat = &self.parsed.dossier.candidat;
        let option_cell = self.candidat_cell(C::Option);
        if candidat.option.is_none() && !self.reported(&option_cell) {
            self.push(
                Diagnostic::new(
                    Code::MissingOption,
                    "l'option est vide : attendu « SISR » ou « SLAM »",
                )
                .at(option_cell),
            );
        }
        match &candidat.portfolio_url {
            None => self.push(
                Diagnostic::new(
                    Code::MissingPortfolioUrl,
                    "l'adresse URL du portfolio est vide",
                )
                .at(self.candidat_cell(C::PortfolioUrl))
                .hint("le jury retire 10 points si le portfolio est inaccessible"),
            ),
            Some(url) => self.url(url, C::PortfolioUrl),
        }
        if let Some(url) = &candidat.profil_url {
            self.url(url, C::ProfilUrl);
        }
        if let Some(mail) = &candidat.courriel {
            let looks_valid = mail
                .split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
                && !mail.contains(char::is_whitespace);
            if !looks_valid {
                self.push(
                    Diagnostic::new(
                        Code::InvalidEmail,
                        format!(
                            "courriel {} : attendu une adresse comme prenom.nom@exemple.fr",
                            quote(mail)
                        ),
                    )
                    .at(self.candidat_cell(C::Courriel)),
                );
            }
        }
    }

    fn url(&mut self, url: &str, field: C) {
        if !is_web_url(url) {
            self.push(
                Diagnostic::new(
                    Code::InvalidUrl,
                    format!(
                        "{} {} : attendu une adresse web complète commençant par https://",
                        field.spec().label,
                        quote(url)
                    ),
                )
                .at(self.candidat_cell(field)),
            );
        }
    }

    fn realisations(&mut self) {
        let parsed = self.parsed;
        let has_sheet = parsed.sources.tick_headers.len() + parsed.sources.realisations.len() > 0;
        if parsed.dossier.realisations.is_empty() && has_sheet {
            self.push(
                Diagnostic::new(
                    Code::NoRealisation,
                    "aucune réalisation professionnelle n'est saisie",
                )
                .hint("une ligne par réalisation dans la feuille Réalisations, sous les en-têtes"),
            );
        }
        let session = effective_session(parsed, self.context.session, self.context.today);
        for (realisation, source) in parsed
            .dossier
            .realisations
            .iter()
            .zip(&parsed.sources.realisations)
        {
            self.realisation(realisation, source, session);
        }
    }

    /// The rules on one réalisation, each at its cell.
    fn realisation(
        &mut self,
        realisation: &Realisation,
        source: &crate::parse::parsed::RowSource<R>,
        session: u16,
    ) {
        let parsed = self.parsed;
        let name = realisation_name(realisation, source.start.row);
        if realisation.intitule.is_none() {
            self.push(
                Diagnostic::new(
                    Code::MissingIntitule,
                    format!(
                        "la réalisation de la ligne {} n'a pas d'intitulé",
                        source.start.row + 1
                    ),
                )
                .at(Some(source.cell(R::Intitule))),
            );
        }
        let cadre_cell = Some(source.cell(R::Cadre));
        if realisation.cadre.is_none() && !self.reported(&cadre_cell) {
            self.push(
                Diagnostic::new(
                    Code::MissingCadre,
                    format!("{name} : le cadre est vide, il indique la partie du tableau de synthèse"),
                )
                .at(cadre_cell)
                .hint(if parsed.kind == InputKind::TableauOfficiel {
                    "le titre de la partie au-dessus ne dit pas le cadre : reprenez celui du modèle officiel, \
                     ou choisissez le cadre dans le classeur créé par « sio-dossier template --from »"
                } else {
                    "choisissez En cours de formation, Milieu professionnel 1re année ou 2e année"
                }),
            );
        }
        if realisation.competences.is_empty() {
            let first_tick = parsed
                .sources
                .tick_headers
                .values()
                .map(|h| h.col)
                .min()
                .map(|col| CellRef::new(&source.start.sheet, source.start.row, col));
            self.push(
                Diagnostic::new(
                    Code::NoCompetence,
                    format!("{name} ne mobilise aucune compétence : aucune case cochée"),
                )
                .at(first_tick.or(Some(source.start.clone())))
                .hint("mettez un X sous chaque sous-compétence mobilisée"),
            );
        }
        let debut_cell = Some(source.cell(R::Debut));
        let fin_cell = Some(source.cell(R::Fin));
        self.dates(
            &name,
            realisation.debut,
            realisation.fin,
            debut_cell,
            fin_cell,
            Some(session),
        );
        let contribution_missing = realisation.contribution.is_none();
        if realisation.modalite == Some(Modalite::Equipe) && contribution_missing {
            self.push(
                Diagnostic::new(
                    Code::MissingContribution,
                    format!(
                        "{name} est réalisée en équipe mais la contribution personnelle est vide"
                    ),
                )
                .at(Some(source.cell(R::Contribution)))
                .hint("décrivez ce que vous avez fait vous-même : le jury l'évalue"),
            );
        }
        let modalite_cell = Some(source.cell(R::Modalite));
        // The official tableau has no modalité: nothing to ask of it.
        let dossier_only = parsed.kind == InputKind::Dossier;
        if dossier_only && realisation.modalite.is_none() && !self.reported(&modalite_cell) {
            self.push(
                Diagnostic::new(
                    Code::MissingModalite,
                    format!(
                        "{name} : la modalité est vide, attendu {}",
                        crate::model::labels::<Modalite>()
                            .iter()
                            .map(|l| quote(l))
                            .collect::<Vec<_>>()
                            .join(" ou ")
                    ),
                )
                .at(modalite_cell),
            );
        }
        for document in &realisation.documents {
            self.attachment(document, Some(source.cell(R::Documents)), None);
        }
        self.screenshots(realisation, source, &name);
    }

    /// More screenshots than a réalisation shows: those left out, named.
    fn screenshots(
        &mut self,
        realisation: &Realisation,
        source: &crate::parse::parsed::RowSource<R>,
        name: &str,
    ) {
        let pictures: Vec<&str> = realisation
            .documents
            .iter()
            .map(|d| crate::attachments::document_entry(d).0)
            .filter(|d| crate::attachments::is_picture_name(d))
            .collect();
        let max = crate::attachments::MAX_SCREENSHOTS;
        if pictures.len() > max {
            let left: Vec<String> = pictures[max..].iter().map(|p| quote(p)).collect();
            self.push(
                Diagnostic::new(
                    Code::TooManyScreenshots,
                    format!(
                        "{name} : {} captures d'écran ; le portfolio en montre {max}, pas {}",
                        pictures.len(),
                        left.join(", ")
                    ),
                )
                .at(Some(source.cell(R::Documents)))
                .hint("gardez les captures les plus parlantes ; les autres restent sur le site"),
            );
        }
    }

    /// Rules on a pair of dates: both present, in order, within the session's two years.
    fn dates(
        &mut self,
        name: &str,
        debut: Option<NaiveDate>,
        fin: Option<NaiveDate>,
        debut_cell: Option<CellRef>,
        fin_cell: Option<CellRef>,
        session: Option<u16>,
    ) {
        if debut.is_none()
            && fin.is_none()
            && !self.reported(&debut_cell)
            && !self.reported(&fin_cell)
        {
            self.push(
                Diagnostic::new(
                    Code::MissingDates,
                    format!("{name} : les dates de début et de fin sont vides"),
                )
                .at(debut_cell.clone()),
            );
        }
        if let (Some(d), Some(f)) = (debut, fin)
            && f < d
        {
            self.push(
                Diagnostic::new(
                    Code::EndBeforeStart,
                    format!(
                        "{name} : la fin ({}) est avant le début ({})",
                        f.format("%d/%m/%Y"),
                        d.format("%d/%m/%Y")
                    ),
                )
                .at(fin_cell.clone()),
            );
        }
        let Some(session) = session else { return };
        let year = i32::from(session);
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(year - 2, 9, 1),
            NaiveDate::from_ymd_opt(year, 6, 30),
        ) else {
            return;
        };
        for (date, cell) in [(debut, debut_cell), (fin, fin_cell)] {
            if let Some(date) = date
                && !(first..=last).contains(&date)
            {
                self.push(
                    Diagnostic::new(
                        Code::PeriodOutsideSession,
                        format!(
                            "{name} : le {} est hors des deux années de formation de la session {session} \
                             (du {} au {})",
                            date.format("%d/%m/%Y"),
                            first.format("%d/%m/%Y"),
                            last.format("%d/%m/%Y")
                        ),
                    )
                    .at(cell),
                );
            }
        }
    }

    /// A document or attestation: a web address, or a file that must exist beside the input.
    fn attachment(&mut self, entry: &str, cell: Option<CellRef>, stage: Option<usize>) {
        if looks_like_url(entry) && stage.is_none() {
            if !is_web_url(entry) {
                self.push(
                    Diagnostic::new(
                        Code::InvalidUrl,
                        format!("document {} : attendu une adresse web complète commençant par https://", quote(entry)),
                    )
                    .at(cell),
                );
            }
            return;
        }
        let found = self.context.attachments;
        let result = match stage {
            None => found.documents.get(entry).cloned(),
            Some(stage) => found
                .attestations
                .get(&stage)
                .map(|r| r.as_ref().map(|_| ()).map_err(Clone::clone)),
        };
        match result.unwrap_or(Err(Refusal::NotFound)) {
            Ok(()) => {}
            Err(Refusal::NotFound) => self.push(
                Diagnostic::new(
                    Code::MissingAttachment,
                    format!("le fichier {} est introuvable à côté du classeur", quote(entry)),
                )
                .at(cell)
                .hint("placez le fichier dans le dossier du classeur et indiquez son nom, ou une adresse https://"),
            ),
            Err(refusal) => self.push(
                Diagnostic::new(Code::RejectedAttachment, format!("fichier {} refusé : {refusal}", quote(entry)))
                    .at(cell),
            ),
        }
    }

    fn coverage(&mut self) {
        let dossier = &self.parsed.dossier;
        let headers = &self.parsed.sources.tick_headers;
        if dossier.realisations.is_empty() {
            return;
        }
        let coverage = Coverage::of(&dossier.realisations);
        let missing: Vec<&Covered> = coverage.missing().collect();
        if let Some(first) = missing.first() {
            let names: Vec<String> = missing
                .iter()
                .map(|c| format!("{} « {} »", c.code, c.libelle))
                .collect();
            self.push(
                Diagnostic::new(
                    Code::CompetencesNotCovered,
                    format!(
                        "les réalisations doivent couvrir ensemble les six compétences ; {} : {}",
                        if missing.len() == 1 {
                            "manque"
                        } else {
                            "manquent"
                        },
                        names.join(", ")
                    ),
                )
                .at(headers
                    .get(&format!("{}.1", first.code))
                    .or_else(|| headers.get(&first.code))
                    .cloned()),
            );
        }
        // The official tableau carries no sub-competences (reported once by the reader).
        if self.parsed.kind == InputKind::TableauOfficiel {
            return;
        }
        // Sub-competences of an uncovered competence are already named by the error above. One
        // line per competence, listing its sub-competences never mobilised.
        for competence in coverage.competences.iter().filter(|c| c.couvert) {
            let never: Vec<&Covered> = competence.sous.iter().filter(|s| !s.couvert).collect();
            let Some(first) = never.first() else {
                continue;
            };
            let message = match never[..] {
                [single] => format!(
                    "{} {} : la sous-compétence {} {} n'est mobilisée par aucune réalisation",
                    competence.code,
                    quote(&competence.libelle),
                    single.code,
                    quote(&single.libelle)
                ),
                _ => format!(
                    "{} {} : les sous-compétences {} ne sont mobilisées par aucune réalisation",
                    competence.code,
                    quote(&competence.libelle),
                    never
                        .iter()
                        .map(|s| s.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let cell = match never.len() {
                1 => headers.get(&first.code),
                _ => headers
                    .get(&competence.code)
                    .or_else(|| headers.get(&first.code)),
            };
            self.push(Diagnostic::new(Code::SousCompetenceNotCovered, message).at(cell.cloned()));
        }
    }

    fn stages(&mut self) {
        let parsed = self.parsed;
        for (index, (stage, source)) in parsed
            .dossier
            .stages
            .iter()
            .zip(&parsed.sources.stages)
            .enumerate()
        {
            let name = match &stage.organisation {
                Some(o) => format!("le stage chez {}", quote(o)),
                None => format!("le stage de la ligne {}", source.start.row + 1),
            };
            if stage.organisation.is_none() {
                self.push(
                    Diagnostic::new(
                        Code::MissingOrganisation,
                        format!("{name} n'indique pas l'organisation d'accueil"),
                    )
                    .at(Some(source.cell(S::Organisation))),
                );
            }
            let (debut_cell, fin_cell) = (Some(source.cell(S::Debut)), Some(source.cell(S::Fin)));
            self.dates(&name, stage.debut, stage.fin, debut_cell, fin_cell, None);
            if let Some(attestation) = &stage.attestation {
                self.attachment(attestation, Some(source.cell(S::Attestation)), Some(index));
            }
        }
    }
}

/// How a réalisation is named in messages: its title, else its row.
fn realisation_name(realisation: &Realisation, row: u32) -> String {
    match &realisation.intitule {
        Some(title) => format!("la réalisation {}", quote(title)),
        None => format!("la réalisation de la ligne {}", row + 1),
    }
}
