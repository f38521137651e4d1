//! `sio-dossier depot`: the secretariat's frozen deposit. Each candidate's folder under
//! `DEPOTS/<date>/` holds byte-for-byte copies of the workbook and the files it names, the
//! documents built from them, `conformite.pdf`, and last `depot.json` (times, conformity, the
//! SHA-256 of every file): a folder without it is an interrupted deposit. A new run makes a new
//! dated folder and never touches an earlier one. `--verifier` recomputes every checksum.

use super::{Outcome, input_dir};
use crate::attachments::{Folder, Source};
use crate::check::{CheckOptions, FileReport};
use crate::cli::DepotArgs;
use crate::conformite;
use crate::model::{Choice, Dossier};
use crate::output::{self, DEFAULT_NAMES, NameFields, Namer};
use crate::print;
use crate::render::depot::{self as documents, Deposit};
use crate::render::templates;
use crate::render::world::Engine;
use crate::render::{self, Candidate};
use anyhow::Context as _;
use chrono::{NaiveDateTime, Timelike};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// The file that seals a candidate's deposit: written last.
const SEAL: &str = "depot.json";
/// Where the deposited workbook and its files are copied, in a candidate's folder.
const COPIES: &str = "classeur";

/// What `depot.json` holds.
#[derive(Debug, Serialize, Deserialize)]
struct Seal {
    version: u32,
    outil: String,
    depose_le: String,
    limite: Option<String>,
    hors_delai: bool,
    classeur: Workbook,
    candidat: Identity,
    conforme: bool,
    a_regulariser: Vec<String>,
    fichiers: Vec<Entry>,
}

/// The deposited workbook and its own dates.
#[derive(Debug, Serialize, Deserialize)]
struct Workbook {
    nom: String,
    /// The file's modification time on the secretariat's disk.
    modifie_le_fichier: Option<String>,
    /// The last save the workbook records inside itself.
    modifie_le_classeur: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Identity {
    numero: Option<String>,
    nom: String,
    option: Option<String>,
}

/// A deposited file and its checksum.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    chemin: String,
    sha256: String,
    octets: u64,
}

/// Runs `depot`.
pub(super) fn run(args: &DepotArgs) -> anyhow::Result<Outcome> {
    if let Some(dir) = &args.verifier {
        return verify(dir);
    }
    let now = deposit_time()?;
    let inputs = crate::inputs::collect(&args.inputs, false)?;
    let options = CheckOptions {
        session: args.session,
        today: now.date(),
    };
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("création du dossier {} impossible", args.output.display()))?;
    let root = new_folder(&args.output, now)?;
    let engine = Engine::new(&templates::embedded(), rayon::current_num_threads());

    // Checked from the bytes that are then copied: what is sealed is what was checked.
    let checked: Vec<(PathBuf, Vec<u8>, FileReport)> = inputs
        .par_iter()
        .map(|input| {
            let name = input.display().to_string();
            let (bytes, report) = match crate::read::read_file(input) {
                Ok(bytes) => {
                    let source = Folder(input_dir(input));
                    let report = crate::check::check(&name, bytes.clone(), &options, &source);
                    (bytes, report)
                }
                Err(error) => (
                    Vec::new(),
                    FileReport::unread(&name, vec![crate::check::read_diagnostic(&error)]),
                ),
            };
            (input.clone(), bytes, report)
        })
        .collect();
    let mut namer = Namer::new(DEFAULT_NAMES)?;
    let names: Vec<String> = checked
        .iter()
        .map(|(input, _, report)| namer.name(&name_fields(input, report)))
        .collect::<anyhow::Result<_>>()?;
    let job = Job {
        root: &root,
        engine: &engine,
        options: &options,
        now,
        limite: args.limite,
    };
    let deposits: Vec<anyhow::Result<Deposit>> = checked
        .par_iter()
        .zip(&names)
        .map(|((input, bytes, report), name)| job.deposit(input, bytes, report, name))
        .collect();
    let mut made = Vec::new();
    let mut failures = 0;
    for (result, name) in deposits.into_iter().zip(&names) {
        match result {
            Ok(deposit) => {
                print::deposited(name, &deposit, args.quiet);
                made.push(deposit);
            }
            Err(error) => {
                failures += 1;
                print::deposit_failed(name, &error);
            }
        }
    }
    let session = args
        .session
        .or_else(|| checked.iter().find_map(|(_, _, r)| r.session(&options)))
        .unwrap_or_else(|| crate::validate::next_session(now.date()));
    write_receipt(&root, &engine, &made, session, now, args.limite)?;
    print::deposit_summary(&root, &made, failures);
    if failures > 0 {
        anyhow::bail!("{failures} dépôt(s) n'ont pas pu être faits");
    }
    Ok(if made.iter().all(|d| d.conformite.conforme) {
        Outcome::Success
    } else {
        Outcome::InputErrors
    })
}

/// The deposit time: `SOURCE_DATE_EPOCH` when set (reproducible runs), else the local clock,
/// to the second.
fn deposit_time() -> anyhow::Result<NaiveDateTime> {
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch.trim().parse().with_context(|| {
            format!("SOURCE_DATE_EPOCH « {epoch} » n'est pas un nombre de secondes")
        })?;
        let time = chrono::DateTime::from_timestamp(seconds, 0)
            .with_context(|| format!("SOURCE_DATE_EPOCH « {epoch} » hors limites"))?;
        return Ok(time.naive_utc());
    }
    let now = chrono::Local::now().naive_local();
    Ok(now.with_nanosecond(0).unwrap_or(now))
}

/// `DEPOTS/<AAAA-MM-JJ_HHMMSS>/`, created here and new (`-2`, `-3`… when two runs share a
/// second): an earlier deposit is never written into.
fn new_folder(output: &Path, now: NaiveDateTime) -> anyhow::Result<PathBuf> {
    let stamp = now.format("%Y-%m-%d_%H%M%S").to_string();
    for n in 1..1000 {
        let name = if n == 1 {
            stamp.clone()
        } else {
            format!("{stamp}-{n}")
        };
        let path = output.join(name);
        match std::fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("création de {} impossible", path.display()));
            }
        }
    }
    anyhow::bail!(
        "trop de dépôts dans la même seconde dans {}",
        output.display()
    )
}

fn name_fields(input: &Path, report: &FileReport) -> NameFields {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let c = report.parsed.as_ref().map(|p| &p.dossier.candidat);
    let numero = c.and_then(|c| c.numero.clone()).unwrap_or_default();
    let nom = c
        .and_then(|c| c.nom.clone().or_else(|| c.nom_prenom.clone()))
        .unwrap_or_else(|| stem.clone());
    NameFields {
        numero,
        nom,
        prenom: c.and_then(|c| c.prenom.clone()).unwrap_or_default(),
        option: c
            .and_then(|c| c.option)
            .map(|o| o.label().to_owned())
            .unwrap_or_default(),
        session: String::new(),
        fichier: stem,
    }
}

/// What every candidate's deposit shares.
struct Job<'a> {
    root: &'a Path,
    engine: &'a Engine,
    options: &'a CheckOptions,
    now: NaiveDateTime,
    limite: Option<NaiveDateTime>,
}

impl Job<'_> {
    /// One candidate's deposit: copies, documents, conformity page, then the seal.
    fn deposit(
        &self,
        input: &Path,
        bytes: &[u8],
        report: &FileReport,
        name: &str,
    ) -> anyhow::Result<Deposit> {
        let dir = self.root.join(name);
        std::fs::create_dir(&dir)
            .with_context(|| format!("création de {} impossible", dir.display()))?;
        let file_name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "classeur".into());
        let mut files: Vec<(String, Vec<u8>)> =
            vec![(format!("{COPIES}/{file_name}"), bytes.to_vec())];
        if let Some(parsed) = &report.parsed {
            files.extend(named_files(&parsed.dossier, &Folder(input_dir(input))));
        }
        let session = report
            .session(self.options)
            .unwrap_or_else(|| crate::validate::next_session(self.now.date()));
        if report.status() != crate::diagnostic::Status::Errors
            && let Some(parsed) = &report.parsed
        {
            files.extend(self.documents(report, &parsed.dossier, parsed.kind, session, name)?);
        }
        let conformite = conformite::assess(report, self.now, self.limite);
        let late = conformite::late(self.now, self.limite);
        let candidat = report.parsed.as_ref().map(|p| &p.dossier.candidat);
        let deposit = Deposit::new(
            candidat,
            &file_name,
            &output::sha256(bytes),
            self.now,
            late,
            conformite,
        );
        let page = render::pdf(
            self.engine,
            documents::conformite_sources(&deposit, session),
            &format!("sio-dossier/depot/{name}/conformite.pdf"),
            self.now.date(),
        )
        .map_err(|e| anyhow::anyhow!("conformite.pdf : {e}"))?;
        files.push(("conformite.pdf".into(), page));

        let mut entries = Vec::new();
        for (relative, content) in &files {
            let path = dir.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("création de {} impossible", parent.display()))?;
            }
            output::write_atomically(&path, content)?;
            entries.push(Entry {
                chemin: relative.clone(),
                sha256: output::sha256(content),
                octets: content.len() as u64,
            });
        }
        entries.sort_by(|a, b| a.chemin.cmp(&b.chemin));
        let seal = Seal {
            version: 1,
            outil: format!("sio-dossier {}", env!("CARGO_PKG_VERSION")),
            depose_le: self.now.format("%Y-%m-%dT%H:%M:%S").to_string(),
            limite: self
                .limite
                .map(|l| l.format("%Y-%m-%dT%H:%M:%S").to_string()),
            hors_delai: late,
            classeur: Workbook {
                nom: file_name,
                modifie_le_fichier: modified(input),
                modifie_le_classeur: report
                    .parsed
                    .as_ref()
                    .and_then(|_| crate::read::saved_at(bytes)),
            },
            candidat: Identity {
                numero: deposit.numero.clone(),
                nom: deposit.nom.clone(),
                option: deposit.option.clone(),
            },
            conforme: deposit.conformite.conforme,
            a_regulariser: deposit.conformite.reasons(),
            fichiers: entries,
        };
        let json = serde_json::to_vec_pretty(&seal).context("depot.json")?;
        output::write_atomically(&dir.join(SEAL), &json)?;
        Ok(deposit)
    }

    /// The documents `build` would write for this candidate.
    fn documents(
        &self,
        report: &FileReport,
        dossier: &Dossier,
        kind: crate::model::InputKind,
        session: u16,
        name: &str,
    ) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
        let date = self.now.date();
        let pdf = |prepared, document: &str| {
            render::pdf(
                self.engine,
                prepared,
                &format!("sio-dossier/depot/{name}/{document}"),
                date,
            )
            .map_err(|e| anyhow::anyhow!("{document} : {e}"))
        };
        let candidate = Candidate {
            kind,
            dossier,
            attachments: &report.attachments,
            session,
        };
        let portfolio = pdf(render::portfolio_sources(candidate, date), "portfolio.pdf")?;
        let grille = pdf(
            render::grille_sources(&dossier.candidat, session, None, false),
            "grille-evaluation.pdf",
        )?;
        let tableau = render::tableau::write(dossier, session, date)
            .map_err(|e| anyhow::anyhow!("tableau-synthese.xlsx : {e}"))?;
        Ok(vec![
            ("portfolio.pdf".into(), portfolio),
            ("grille-evaluation.pdf".into(), grille),
            ("tableau-synthese.xlsx".into(), tableau),
        ])
    }
}

/// The files a dossier names (attestations, documents that are files), as found beside the
/// workbook, unmodified, under [`COPIES`] with their relative path.
fn named_files(dossier: &Dossier, folder: &Folder) -> Vec<(String, Vec<u8>)> {
    let names = dossier
        .stages
        .iter()
        .filter_map(|s| s.attestation.clone())
        .chain(
            dossier
                .realisations
                .iter()
                .flat_map(|r| r.documents.clone()),
        )
        .filter(|n| !crate::attachments::looks_like_url(n));
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for name in names {
        let relative: Vec<String> = Path::new(name.trim())
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        if relative.is_empty() {
            continue;
        }
        if let Ok(bytes) = folder.read(&name) {
            files.insert(format!("{COPIES}/{}", relative.join("/")), bytes);
        }
    }
    files.into_iter().collect()
}

/// A file's modification time, local, to the second.
fn modified(path: &Path) -> Option<String> {
    let time = std::fs::metadata(path).ok()?.modified().ok()?;
    let local: chrono::DateTime<chrono::Local> = time.into();
    Some(local.format("%Y-%m-%dT%H:%M:%S").to_string())
}

/// `bordereau.pdf` and `bordereau.xlsx` at the top of the deposit.
fn write_receipt(
    root: &Path,
    engine: &Engine,
    deposits: &[Deposit],
    session: u16,
    now: NaiveDateTime,
    limite: Option<NaiveDateTime>,
) -> anyhow::Result<()> {
    let pdf = render::pdf(
        engine,
        documents::bordereau_sources(deposits, session, now, limite),
        "sio-dossier/depot/bordereau.pdf",
        now.date(),
    )
    .map_err(|e| anyhow::anyhow!("bordereau.pdf : {e}"))?;
    output::write_atomically(&root.join("bordereau.pdf"), &pdf)?;
    let xlsx = documents::bordereau_xlsx(deposits, session, now, limite)
        .map_err(|e| anyhow::anyhow!("bordereau.xlsx : {e}"))?;
    output::write_atomically(&root.join("bordereau.xlsx"), &xlsx)
}

/// What `--verifier` found in one candidate's folder.
#[derive(Debug, Default)]
pub(crate) struct Verified {
    /// The folder's name.
    pub(crate) name: String,
    /// No `depot.json`: the deposit was interrupted.
    pub(crate) incomplete: bool,
    /// Files whose checksum changed.
    pub(crate) changed: Vec<String>,
    /// Files listed but gone.
    pub(crate) removed: Vec<String>,
    /// Files present but not listed.
    pub(crate) added: Vec<String>,
}

impl Verified {
    /// Whether the folder is exactly as deposited.
    pub(crate) fn intact(&self) -> bool {
        !self.incomplete
            && self.changed.is_empty()
            && self.removed.is_empty()
            && self.added.is_empty()
    }
}

/// `--verifier`: every candidate folder of a deposit checked against its `depot.json`.
fn verify(root: &Path) -> anyhow::Result<Outcome> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(root)
        .with_context(|| format!("lecture du dépôt {} impossible", root.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    if folders.is_empty() {
        anyhow::bail!("{} ne contient aucun dossier déposé", root.display());
    }
    let results: Vec<Verified> = folders
        .iter()
        .map(|f| verify_folder(f))
        .collect::<anyhow::Result<_>>()?;
    print::verification(root, &results);
    Ok(if results.iter().all(Verified::intact) {
        Outcome::Success
    } else {
        Outcome::InputErrors
    })
}

fn verify_folder(dir: &Path) -> anyhow::Result<Verified> {
    let mut verified = Verified {
        name: dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        ..Verified::default()
    };
    let Ok(json) = std::fs::read(dir.join(SEAL)) else {
        verified.incomplete = true;
        return Ok(verified);
    };
    let seal: Seal = serde_json::from_slice(&json)
        .with_context(|| format!("{} illisible", dir.join(SEAL).display()))?;
    let present = output::files_under(dir)
        .with_context(|| format!("lecture de {} impossible", dir.display()))?;
    for entry in &seal.fichiers {
        match std::fs::read(dir.join(&entry.chemin)) {
            Ok(bytes) if output::sha256(&bytes) == entry.sha256 => {}
            Ok(_) => verified.changed.push(entry.chemin.clone()),
            Err(_) => verified.removed.push(entry.chemin.clone()),
        }
    }
    verified.added = present
        .into_iter()
        .filter(|p| p != SEAL && !seal.fichiers.iter().any(|e| &e.chemin == p))
        .collect();
    Ok(verified)
}
