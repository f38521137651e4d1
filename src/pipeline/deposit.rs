//! The secretariat's frozen deposit. Each candidate's folder under `DEPOTS/<date>/` holds
//! byte-for-byte copies of the workbook and the files it names, the documents built from them
//! (the same bytes as `build` on the same date), `conformite.pdf`, and last `depot.json`
//! (times, conformity, the SHA-256 of every file): a folder without it is an interrupted
//! deposit. A new run makes a new dated folder and never touches an earlier one.
//! [`verify`] recomputes every checksum.

use super::clock::Clock;
use super::documents::{self, DocumentKind, Request};
use super::identity::{class_ident, document_ident, name_fields};
use super::load::{self, Loaded};
use crate::attachments::{Folder, Source};
use crate::check::CheckOptions;
use crate::conformite::{self, Deposit};
use crate::diagnostic::Status;
use crate::model::Dossier;
use crate::output::{self, DEFAULT_NAMES, Namer};
use crate::render::depot as pages;
use crate::render::world::Engine;
use anyhow::Context as _;
use chrono::NaiveDateTime;
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

/// What to deposit.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The workbook files.
    pub inputs: Vec<PathBuf>,
    /// The deposits' folder (each run makes a dated folder in it).
    pub output: PathBuf,
    /// The deadline, when there is one.
    pub limite: Option<NaiveDateTime>,
    /// `--session`, when given.
    pub session: Option<u16>,
    /// The run's clock (the deposit's time).
    pub clock: Clock,
}

/// What a deposit run did.
#[derive(Debug)]
pub struct Deposited {
    /// The dated folder made.
    pub root: PathBuf,
    /// Each candidate's folder name and its deposit, or why it failed, in input order.
    pub candidates: Vec<(String, anyhow::Result<Deposit>)>,
}

impl Deposited {
    /// The deposits made.
    pub fn made(&self) -> Vec<&Deposit> {
        self.candidates
            .iter()
            .filter_map(|(_, d)| d.as_ref().ok())
            .collect()
    }

    /// How many could not be made.
    pub fn failures(&self) -> usize {
        self.candidates.iter().filter(|(_, d)| d.is_err()).count()
    }
}

/// Deposits every input into a new dated folder of `plan.output`, then writes the class
/// receipt (`bordereau.pdf`, `bordereau.xlsx`).
pub fn deposit(plan: &Plan, engine: &Engine) -> anyhow::Result<Deposited> {
    let now = plan.clock.now();
    let options = CheckOptions {
        session: plan.session,
        today: now.date(),
    };
    std::fs::create_dir_all(&plan.output)
        .with_context(|| format!("création du dossier {} impossible", plan.output.display()))?;
    let root = new_folder(&plan.output, now)?;
    // Checked from the bytes that are then copied: what is sealed is what was checked.
    let loaded: Vec<Loaded> = plan
        .inputs
        .par_iter()
        .map(|input| load::load(input, &options))
        .collect();
    let mut namer = Namer::new(DEFAULT_NAMES)?;
    let names: Vec<String> = loaded
        .iter()
        .map(|l| {
            let candidat = l.report.parsed.as_ref().map(|p| &p.dossier.candidat);
            namer.name(&name_fields(&l.path, candidat, l.report.session(&options)))
        })
        .collect::<anyhow::Result<_>>()?;
    let job = Job {
        root: &root,
        engine,
        options: &options,
        now,
        limite: plan.limite,
    };
    let results: Vec<anyhow::Result<Deposit>> = loaded
        .par_iter()
        .zip(&names)
        .map(|(loaded, name)| job.candidate(loaded, name))
        .collect();
    let session = plan
        .session
        .or_else(|| loaded.iter().find_map(|l| l.report.session(&options)))
        .unwrap_or_else(|| crate::validate::next_session(now.date()));
    let candidates: Vec<(String, anyhow::Result<Deposit>)> =
        names.into_iter().zip(results).collect();
    let made: Vec<Deposit> = candidates
        .iter()
        .filter_map(|(_, d)| d.as_ref().ok().cloned())
        .collect();
    write_receipt(&root, engine, &made, session, now, plan.limite)?;
    Ok(Deposited { root, candidates })
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
    fn candidate(&self, loaded: &Loaded, name: &str) -> anyhow::Result<Deposit> {
        let dir = self.root.join(name);
        std::fs::create_dir(&dir)
            .with_context(|| format!("création de {} impossible", dir.display()))?;
        let report = &loaded.report;
        let file_name = loaded
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "classeur".into());
        let mut files: Vec<(String, Vec<u8>)> =
            vec![(format!("{COPIES}/{file_name}"), loaded.bytes.clone())];
        if let Some(parsed) = &report.parsed {
            files.extend(named_files(
                &parsed.dossier,
                &Folder(load::input_dir(&loaded.path)),
            ));
        }
        let session = report
            .session(self.options)
            .unwrap_or_else(|| crate::validate::next_session(self.now.date()));
        if report.status() != Status::Errors {
            let folder = Folder(load::input_dir(&loaded.path));
            files.extend(self.documents(report, session, &folder)?);
        }
        let conformite = conformite::assess(report, self.now, self.limite);
        let late = conformite::late(self.now, self.limite);
        let candidat = report.parsed.as_ref().map(|p| &p.dossier.candidat);
        let sha256 = loaded.sha256.clone().unwrap_or_default();
        let deposit = Deposit::new(candidat, &file_name, &sha256, self.now, late, conformite);
        let ident = match candidat {
            Some(c) => document_ident(c, "conformite.pdf"),
            None => class_ident(&format!("{name}/conformite.pdf")),
        };
        let page = pages::conformite_sources(&deposit, session)
            .and_then(|prepared| crate::render::pdf(self.engine, prepared, &ident, self.now.date()))
            .map_err(|e| anyhow::anyhow!("conformite.pdf : {e}"))?;
        files.push(("conformite.pdf".into(), page));
        let entries = write_files(&dir, &files)?;
        let seal = self.seal(loaded, file_name, &deposit, entries);
        let json = serde_json::to_vec_pretty(&seal).context("depot.json")?;
        output::write_atomically(&dir.join(SEAL), &json)?;
        Ok(deposit)
    }

    /// The documents `build` writes for this candidate, the same bytes.
    fn documents(
        &self,
        report: &crate::check::FileReport,
        session: u16,
        folder: &Folder,
    ) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
        let request = Request {
            kinds: &DocumentKind::DEFAULT,
            date: self.now.date(),
            evaluation: None,
            fiche: false,
            emit: None,
            source: folder,
            site_templates: &[],
        };
        let made = documents::render(self.engine, report, session, &request);
        if let Some(failure) = made.failures.first() {
            anyhow::bail!("{} : {}", failure.name, failure.messages.join("\n"));
        }
        Ok(made
            .documents
            .into_iter()
            .map(|d| (d.name.to_owned(), d.bytes))
            .collect())
    }

    fn seal(
        &self,
        loaded: &Loaded,
        file_name: String,
        deposit: &Deposit,
        fichiers: Vec<Entry>,
    ) -> Seal {
        let stamp = |t: NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
        Seal {
            version: 1,
            outil: format!("sio-dossier {}", env!("CARGO_PKG_VERSION")),
            depose_le: stamp(self.now),
            limite: self.limite.map(stamp),
            hors_delai: deposit.hors_delai,
            classeur: Workbook {
                nom: file_name,
                modifie_le_fichier: modified(&loaded.path),
                modifie_le_classeur: loaded
                    .report
                    .parsed
                    .as_ref()
                    .and_then(|_| crate::read::saved_at(&loaded.bytes)),
            },
            candidat: Identity {
                numero: deposit.numero.clone(),
                nom: deposit.nom.clone(),
                option: deposit.option.clone(),
            },
            conforme: deposit.conformite.conforme,
            a_regulariser: deposit.conformite.reasons(),
            fichiers,
        }
    }
}

/// Writes a candidate's files atomically; their entries for the seal, sorted by path.
fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> anyhow::Result<Vec<Entry>> {
    let mut entries = Vec::new();
    for (relative, content) in files {
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
    Ok(entries)
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
                .flat_map(|r| &r.documents)
                .map(|d| crate::attachments::document_entry(d).0.to_owned()),
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
    let pdf = pages::bordereau_sources(deposits, session, now, limite)
        .and_then(|prepared| {
            crate::render::pdf(engine, prepared, &class_ident("bordereau.pdf"), now.date())
        })
        .map_err(|e| anyhow::anyhow!("bordereau.pdf : {e}"))?;
    output::write_atomically(&root.join("bordereau.pdf"), &pdf)?;
    let xlsx = pages::bordereau_xlsx(deposits, session, now, limite)
        .map_err(|e| anyhow::anyhow!("bordereau.xlsx : {e}"))?;
    output::write_atomically(&root.join("bordereau.xlsx"), &xlsx)
}

/// What a verification found in one candidate's folder.
#[derive(Debug, Default)]
pub struct Verified {
    /// The folder's name.
    pub name: String,
    /// No `depot.json`: the deposit was interrupted.
    pub incomplete: bool,
    /// Files whose checksum changed.
    pub changed: Vec<String>,
    /// Files listed but gone.
    pub removed: Vec<String>,
    /// Files present but not listed.
    pub added: Vec<String>,
}

impl Verified {
    /// Whether the folder is exactly as deposited.
    pub fn intact(&self) -> bool {
        !self.incomplete
            && self.changed.is_empty()
            && self.removed.is_empty()
            && self.added.is_empty()
    }
}

/// Every candidate folder of a deposit checked against its `depot.json`.
pub fn verify(root: &Path) -> anyhow::Result<Vec<Verified>> {
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
    folders.iter().map(|f| verify_folder(f)).collect()
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
    let present = crate::folder::files_under(dir)
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
