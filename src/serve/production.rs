//! The « Classe » page's build: the class folder built into `SORTIE/` by the same pipeline as
//! `sio-dossier build` (one at a time, on its own thread, its progress followed by the page),
//! and the output folder offered as one zip for the secretariat. Nothing is written outside
//! `SORTIE/`; the jury's sheet, when sent, is saved there under a fixed name.

use crate::check::FileReport;
use crate::output::DEFAULT_NAMES;
use crate::pipeline::class::{self, Event, Observer, Phase, Plan};
use crate::pipeline::clock::Clock;
use crate::pipeline::documents::DocumentKind;
use crate::pipeline::outcome::Outcome;
use anyhow::Context as _;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The class's build, one at a time.
pub(crate) struct Production {
    classe: PathBuf,
    output: PathBuf,
    clock: Clock,
    job: Arc<Mutex<Job>>,
}

#[derive(Default)]
struct Job {
    counter: Option<Arc<Counter>>,
    running: bool,
    outcome: Option<String>,
    failed: bool,
}

/// The build's progress as the page reads it: the phase, steps done, steps in all.
#[derive(Default)]
struct Counter {
    phase: Mutex<&'static str>,
    done: AtomicU64,
    total: AtomicU64,
}

impl Observer for Counter {
    fn phase(&self, phase: Phase, total: u64) {
        *self
            .phase
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = match phase {
            Phase::Checking => "vérification",
            Phase::Rendering => "production",
        };
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    fn evaluation(&self, _: &FileReport) {}

    fn candidate(&self, _: &FileReport, _: Option<&str>, _: &[Event]) {}

    fn class_files(&self, _: &[Event]) {}
}

/// Where the build stands, as the page shows it.
#[derive(Debug, Serialize)]
pub(crate) struct Progress {
    pub(crate) en_cours: bool,
    pub(crate) etape: String,
    pub(crate) fait: u64,
    pub(crate) total: u64,
    pub(crate) message: Option<String>,
    pub(crate) echec: bool,
    pub(crate) archive: bool,
}

impl Production {
    /// Builds `classe` into `output` when asked.
    pub(crate) fn new(classe: PathBuf, output: PathBuf, clock: Clock) -> Production {
        Production {
            classe,
            output,
            clock,
            job: Arc::new(Mutex::new(Job::default())),
        }
    }

    /// Starts the build (with the jury's sheet when given); `false` if one is running.
    pub(crate) fn start(&self, jury: Option<(String, Vec<u8>)>) -> anyhow::Result<bool> {
        let mut job = self
            .job
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if job.running {
            return Ok(false);
        }
        std::fs::create_dir_all(&self.output)
            .with_context(|| format!("création de {} impossible", self.output.display()))?;
        let evaluation = match jury {
            Some((extension, bytes)) => {
                let path = self.output.join(format!("jury-evaluation.{extension}"));
                crate::output::write_atomically(&path, &bytes)?;
                Some(path)
            }
            None => None,
        };
        let counter = Arc::new(Counter::default());
        *job = Job {
            counter: Some(counter.clone()),
            running: true,
            outcome: None,
            failed: false,
        };
        let plan = Plan {
            inputs: Vec::new(),
            output: self.output.clone(),
            session: None,
            names: DEFAULT_NAMES.to_owned(),
            documents: DocumentKind::DEFAULT.to_vec(),
            templates: crate::render::templates::embedded(),
            site_templates: crate::render::site::embedded().to_vec(),
            emit_typst: None,
            fiche: false,
            evaluation,
            jobs: 0,
            clock: self.clock,
        };
        let classe = self.classe.clone();
        let shared = self.job.clone();
        std::thread::spawn(move || {
            let result = std::panic::catch_unwind(|| build(classe, plan, &counter));
            let (outcome, failed) = match result {
                Ok(Ok(Outcome::Success)) => {
                    ("Documents produits pour toute la classe.".to_owned(), false)
                }
                Ok(Ok(_)) => (
                    "Documents produits ; les candidats dont le classeur a des erreurs n'en ont pas."
                        .to_owned(),
                    false,
                ),
                Ok(Err(error)) => (format!("Production interrompue : {error:#}"), true),
                Err(_) => ("Production interrompue par une erreur interne.".to_owned(), true),
            };
            let mut job = shared
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            job.running = false;
            job.outcome = Some(outcome);
            job.failed = failed;
        });
        Ok(true)
    }

    /// Where the build stands.
    pub(crate) fn progress(&self) -> Progress {
        let job = self
            .job
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (etape, fait, total) = job.counter.as_ref().map_or((String::new(), 0, 0), |c| {
            let phase = *c
                .phase
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            (
                phase.to_owned(),
                c.done.load(Ordering::Relaxed),
                c.total.load(Ordering::Relaxed),
            )
        });
        Progress {
            en_cours: job.running,
            etape,
            fait,
            total,
            message: job.outcome.clone(),
            echec: job.failed,
            archive: !job.running && self.output.join("SHA256SUMS").is_file(),
        }
    }

    /// The output folder as one zip (`SHA256SUMS` included); `None` while a build runs.
    pub(crate) fn archive(&self) -> Option<Vec<u8>> {
        if self
            .job
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .running
        {
            return None;
        }
        zip_folder(&self.output).ok()
    }
}

fn zip_folder(root: &Path) -> anyhow::Result<Vec<u8>> {
    let mut files = Vec::new();
    for relative in crate::folder::files_under(root)? {
        let bytes = std::fs::read(root.join(&relative))?;
        files.push((relative, bytes));
    }
    Ok(crate::output::zip(
        "sortie",
        files.iter().map(|(p, b)| (p.as_str(), b.as_slice())),
    )?)
}

/// The class folder's workbooks built into the plan's output, as `build` does.
fn build(classe: PathBuf, mut plan: Plan, counter: &Counter) -> anyhow::Result<Outcome> {
    plan.inputs = crate::inputs::collect(&[classe], false)?;
    let built = class::build(&plan, counter)?;
    if built.failures > 0 {
        anyhow::bail!("{} document(s) n'ont pas pu être produits", built.failures);
    }
    Ok(built.outcome())
}
