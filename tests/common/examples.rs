//! The bundled example class of `input/`: three fictional candidates, written by the
//! project's own template writer. `tests/example_class.rs` fails when the committed files
//! drift from what this code writes.

use chrono::NaiveDate;
use sio_dossier::model::{
    AnneeStage, BtsOption, Cadre, Candidat, Dossier, Forme, Modalite, Realisation, Stage, Statut,
};

/// The date the example files are written with (their creation date).
pub const EXAMPLE_DATE: &str = "2026-11-28";
/// The session of the example class.
pub const EXAMPLE_SESSION: u16 = 2027;

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn s(text: &str) -> Option<String> {
    Some(text.to_owned())
}

#[allow(clippy::too_many_arguments)]
fn realisation(
    intitule: &str,
    cadre: Cadre,
    debut: Option<NaiveDate>,
    fin: Option<NaiveDate>,
    organisation: &str,
    modalite: Modalite,
    contribution: Option<&str>,
    contexte: &str,
    environnement: &str,
    documents: &[&str],
    codes: &[&str],
) -> Realisation {
    Realisation {
        intitule: s(intitule),
        cadre: Some(cadre),
        debut,
        fin,
        periode: None,
        organisation: s(organisation),
        modalite: Some(modalite),
        contribution: contribution.map(str::to_owned),
        contexte: s(contexte),
        environnement: s(environnement),
        documents: documents.iter().map(|d| (*d).to_owned()).collect(),
        sous_competences: codes.iter().map(|c| (*c).to_owned()).collect(),
        competences: Vec::new(),
    }
}

/// Complete and clean: SISR, every sub-competence covered, nothing to report.
pub fn dupont() -> Dossier {
    Dossier {
        candidat: Candidat {
            session: Some(2027),
            nom: s("DUPONT"),
            prenom: s("Marie"),
            nom_prenom: None,
            numero: s("02744118350"),
            option: Some(BtsOption::Sisr),
            centre: s("Lycée Condorcet, Lyon"),
            academie: s("Lyon"),
            forme: Some(Forme::Ccf),
            statut: Some(Statut::Scolaire),
            portfolio_url: s("https://marie-dupont.github.io/portfolio/"),
            courriel: s("marie.dupont@exemple.fr"),
            publier_courriel: None,
            profil_url: s("https://www.linkedin.com/in/marie-dupont-sisr"),
            parcours: s(
                "Titulaire d'un baccalauréat STI2D, j'ai rejoint le BTS SIO option SISR en septembre 2025.\n\
                 En première année, j'ai découvert l'administration de systèmes Windows et Linux, puis j'ai \
                 effectué mon stage au service informatique de la mairie de Villeurbanne, où j'ai participé \
                 à la mise en place d'un outil de gestion de parc.\n\
                 En deuxième année, je me spécialise dans les réseaux et la sécurité ; je souhaite poursuivre \
                 en licence professionnelle administration et sécurité des réseaux, en alternance.",
            ),
        },
        realisations: vec![
            realisation(
                "Inventaire du parc et gestion des incidents avec GLPI",
                Cadre::Stage1,
                date(2026, 5, 18),
                date(2026, 6, 26),
                "Mairie de Villeurbanne, direction des systèmes d'information",
                Modalite::Equipe,
                Some(
                    "Installation du serveur GLPI, déploiement de l'agent d'inventaire sur 120 postes, rédaction de la procédure de prise en charge des tickets.",
                ),
                "Les demandes d'assistance arrivaient par téléphone et par courriel sans suivi ; le parc n'était pas recensé.",
                "Debian 12, GLPI 10, MariaDB, agent GLPI sur Windows 11",
                &["https://marie-dupont.github.io/portfolio/glpi/"],
                &[
                    "B1.1.1", "B1.1.2", "B1.2.1", "B1.2.2", "B1.4.1", "B1.5.2", "B1.5.3",
                ],
            ),
            realisation(
                "Plan de sauvegarde et restauration des serveurs de fichiers",
                Cadre::Formation,
                date(2026, 1, 12),
                date(2026, 2, 13),
                "Lycée Condorcet, laboratoire SIO",
                Modalite::Individuelle,
                None,
                "Le laboratoire ne disposait d'aucune sauvegarde automatisée des partages des étudiants.",
                "Windows Server 2022, Veeam Agent, NAS Synology, PowerShell",
                &["https://marie-dupont.github.io/portfolio/sauvegardes/"],
                &["B1.1.4", "B1.1.5", "B1.5.1"],
            ),
            realisation(
                "Gestion des droits d'accès avec Active Directory",
                Cadre::Formation,
                date(2025, 11, 3),
                date(2025, 12, 12),
                "Lycée Condorcet, laboratoire SIO",
                Modalite::Individuelle,
                None,
                "Mettre en place les groupes et stratégies d'un domaine pour trois services d'une entreprise fictive.",
                "Windows Server 2022, Active Directory, GPO",
                &["https://marie-dupont.github.io/portfolio/active-directory/"],
                &["B1.1.3", "B1.1.6", "B1.2.2"],
            ),
            realisation(
                "Site vitrine et référencement de l'association sportive",
                Cadre::Formation,
                date(2026, 3, 9),
                date(2026, 4, 17),
                "Association sportive du lycée",
                Modalite::Equipe,
                Some(
                    "Choix de l'hébergement, mise en ligne du site WordPress, mentions légales et suivi de la visibilité.",
                ),
                "L'association voulait un site pour ses inscriptions et sa communication.",
                "WordPress, hébergement mutualisé, Google Search Console",
                &[
                    "https://as-condorcet.exemple.fr",
                    "https://marie-dupont.github.io/portfolio/site-as/",
                ],
                &["B1.3.1", "B1.3.2", "B1.3.3", "B1.4.2", "B1.4.3", "B1.2.3"],
            ),
            realisation(
                "Veille technologique sur la sécurité des réseaux Wi-Fi",
                Cadre::Formation,
                date(2025, 9, 15),
                date(2026, 11, 20),
                "Lycée Condorcet",
                Modalite::Individuelle,
                None,
                "Suivre l'évolution des protocoles WPA3 et des attaques sur les réseaux sans fil.",
                "Feedly, Zotero, flux RSS de l'ANSSI et du CERT-FR",
                &["https://marie-dupont.github.io/portfolio/veille/"],
                &["B1.6.1", "B1.6.2", "B1.6.3", "B1.6.4"],
            ),
        ],
        stages: vec![Stage {
            organisation: s("Mairie de Villeurbanne"),
            ville: s("Villeurbanne"),
            annee: Some(AnneeStage::Premiere),
            debut: date(2026, 5, 18),
            fin: date(2026, 6, 26),
            tuteur: s("Karim Benali"),
            fonction_tuteur: s("Responsable du support informatique"),
            attestation: None,
        }],
    }
}

/// Clean but with warnings: SLAM, portfolio URL without https://, a sub-competence never
/// mobilised, a document that is not beside the workbook.
pub fn martin() -> Dossier {
    Dossier {
        candidat: Candidat {
            session: Some(2027),
            nom: s("MARTIN"),
            prenom: s("Lucas"),
            nom_prenom: None,
            numero: s("02744118351"),
            option: Some(BtsOption::Slam),
            centre: s("Lycée Condorcet, Lyon"),
            academie: s("Lyon"),
            forme: Some(Forme::Ccf),
            statut: Some(Statut::Apprenti),
            portfolio_url: s("lucas-martin.fr/portfolio"),
            courriel: s("lucas.martin@exemple.fr"),
            publier_courriel: None,
            profil_url: None,
            parcours: s(
                "Après un baccalauréat général (spécialités mathématiques et NSI), je prépare le BTS SIO \
                 option SLAM. J'aime concevoir des applications web utiles aux associations.",
            ),
        },
        realisations: vec![
            realisation(
                "Application de réservation des salles en PHP",
                Cadre::Formation,
                date(2025, 10, 6),
                date(2025, 12, 19),
                "Lycée Condorcet",
                Modalite::Equipe,
                Some("Conception de la base de données et développement du module de réservation."),
                "Les salles du lycée étaient réservées sur un tableau papier, source de conflits.",
                "PHP 8.3, Symfony 7, MySQL, Git",
                &[
                    "https://github.com/lucas-martin/reservations",
                    "maquettes-reservations.pdf",
                ],
                &[
                    "B1.1.1", "B1.1.2", "B1.1.3", "B1.2.1", "B1.2.3", "B1.4.1", "B1.4.2", "B1.4.3",
                    "B1.5.1", "B1.5.2",
                ],
            ),
            realisation(
                "Refonte du site de la boulangerie Dubois",
                Cadre::Stage1,
                date(2026, 5, 18),
                date(2026, 6, 26),
                "Web Rhône Création, Villeurbanne",
                Modalite::Individuelle,
                None,
                "Le site de la boulangerie n'était pas adapté aux téléphones et apparaissait mal dans les moteurs de recherche.",
                "WordPress, thème enfant, Google Search Console",
                &["https://boulangerie-dubois.exemple.fr"],
                &["B1.3.1", "B1.3.2", "B1.3.3", "B1.5.3", "B1.2.2"],
            ),
            realisation(
                "Sauvegarde et continuité de la base de données de l'application",
                Cadre::Formation,
                date(2026, 1, 5),
                date(2026, 1, 30),
                "Lycée Condorcet",
                Modalite::Individuelle,
                None,
                "Garantir la reprise de l'application de réservation après une panne.",
                "MySQL, mysqldump, cron, Linux",
                &[],
                &["B1.1.4", "B1.1.5"],
            ),
            realisation(
                "Portfolio et veille sur les frameworks JavaScript",
                Cadre::Formation,
                date(2025, 9, 8),
                date(2026, 11, 20),
                "Lycée Condorcet",
                Modalite::Individuelle,
                None,
                "Présenter mon parcours et suivre l'évolution des frameworks front-end.",
                "Astro, GitHub Pages, Feedly",
                &["https://github.com/lucas-martin"],
                &["B1.6.1", "B1.6.2", "B1.6.3", "B1.6.4"],
            ),
        ],
        stages: vec![Stage {
            organisation: s("Web Rhône Création"),
            ville: s("Villeurbanne"),
            annee: Some(AnneeStage::Premiere),
            debut: date(2026, 5, 18),
            fin: date(2026, 6, 26),
            tuteur: s("Sophie Garnier"),
            fonction_tuteur: s("Développeuse web, gérante"),
            attestation: None,
        }],
    }
}

/// With errors: a réalisation with no tick, a team réalisation without contribution, an end
/// date before the start, and so two competences left uncovered.
pub fn nguyen() -> Dossier {
    Dossier {
        candidat: Candidat {
            session: Some(2027),
            nom: s("NGUYEN"),
            prenom: s("Thi Thu"),
            nom_prenom: None,
            numero: s("02744118352"),
            option: Some(BtsOption::Sisr),
            centre: s("Lycée Condorcet, Lyon"),
            academie: s("Lyon"),
            forme: Some(Forme::Ccf),
            statut: Some(Statut::Scolaire),
            portfolio_url: s("https://thu-nguyen.netlify.app"),
            courriel: s("thu.nguyen@exemple.fr"),
            publier_courriel: None,
            profil_url: None,
            parcours: s("Bachelière en 2025, je découvre l'administration des réseaux en BTS SIO."),
        },
        realisations: vec![
            realisation(
                "Mise en place d'un serveur DHCP et DNS",
                Cadre::Formation,
                date(2025, 11, 17),
                date(2025, 12, 5),
                "Lycée Condorcet, laboratoire SIO",
                Modalite::Equipe,
                None,
                "Adressage automatique du réseau pédagogique.",
                "Debian 12, ISC Kea, Bind9",
                &[],
                &["B1.1.1", "B1.2.2", "B1.5.2"],
            ),
            realisation(
                "Supervision du réseau avec Zabbix",
                Cadre::Stage1,
                date(2026, 6, 26),
                date(2026, 5, 18),
                "Clinique du Parc, Lyon",
                Modalite::Individuelle,
                None,
                "Être alerté avant que les utilisateurs ne signalent une panne.",
                "Zabbix 7, SNMP, Debian",
                &[],
                &[],
            ),
            realisation(
                "Veille sur la cybersécurité",
                Cadre::Formation,
                date(2025, 9, 15),
                date(2026, 11, 20),
                "Lycée Condorcet",
                Modalite::Individuelle,
                None,
                "Suivre les alertes de sécurité.",
                "Flux RSS du CERT-FR",
                &[],
                &["B1.6.2", "B1.4.2"],
            ),
        ],
        stages: vec![],
    }
}

/// The example class: file name and dossier of each candidate.
pub fn class() -> Vec<(&'static str, Dossier)> {
    vec![
        ("dupont-marie.xlsx", dupont()),
        ("martin-lucas.xlsx", martin()),
        ("nguyen-thi-thu.xlsx", nguyen()),
    ]
}

/// Writes a dossier as the candidate workbook, as the example files are written.
pub fn workbook_bytes(dossier: &Dossier) -> Vec<u8> {
    let created = NaiveDate::parse_from_str(EXAMPLE_DATE, "%Y-%m-%d").unwrap();
    sio_dossier::render::dossier_template::write(EXAMPLE_SESSION, Some(dossier), created).unwrap()
}
