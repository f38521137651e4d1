//! The « Classe » page's build: the class folder built into `SORTIE/` by the same pipeline as
//! `sio-dossier build` (one at a time, on its own thread, its progress followed by the page),
//! and the output folder offered as one zip for the secretariat. Nothing is written outside
//! `SORTIE/`; the jury's sheet, when sent, is saved there under a fixed name.

use crate::cli::BuildArgs;
use anyhow::Context as _;
use indicatif::ProgressBar;
use serde::Serialize;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The class's build, one at a time.
pub(crate) struct Production {
    classe: PathBuf,
    output: PathBuf,
    job: Arc<Mutex<Job>>,
}

#[derive(Default)]
struct Job {
    bar: Option<ProgressBar>,
    running: bool,
    outcome: Option<String>,
    failed: bool,
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
    pub(crate) fn new(classe: PathBuf, output: PathBuf) -> Production {
        Production {
            classe,
            output,
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
        let bar = ProgressBar::hidden();
        *job = Job {
            bar: Some(bar.clone()),
            running: true,
            outcome: None,
            failed: false,
        };
        let args = BuildArgs {
            inputs: vec![self.classe.clone()],
            output: self.output.clone(),
            evaluation,
            quiet: true,
            ..BuildArgs::example_class()
        };
        let shared = self.job.clone();
        std::thread::spawn(move || {
            let result =
                std::panic::catch_unwind(|| crate::commands::build_observed(&args, Some(bar)));
            let (outcome, failed) = match result {
                Ok(Ok(crate::Outcome::Success)) => ("Documents produits pour toute la classe.".to_owned(), false),
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
        let (etape, fait, total) = job.bar.as_ref().map_or((String::new(), 0, 0), |bar| {
            (
                bar.prefix(),
                bar.position(),
                bar.length().unwrap_or_default(),
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
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for relative in crate::output::files_under(root)? {
        let bytes = std::fs::read(root.join(&relative))?;
        zip.start_file(format!("sortie/{relative}"), options)?;
        zip.write_all(&bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}
