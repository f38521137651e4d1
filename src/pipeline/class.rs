//! A class built into an output folder, in phases: check every input → read the jury's sheet
//! → name the candidates' folders → render each candidate's documents (a fixed set of
//! workers, each candidate reported as soon as it and those before it are done) → the class
//! files (`grilles.pdf`, `classe.xlsx`) → `rapport.json` and `SHA256SUMS`. What `build` and the
//! web page's production both run. One candidate's failure never stops the others, and memory
//! does not grow with the class: a dossier is not kept between its check and its rendering
//! (the file is read again, refused if it changed).

use super::clock::Clock;
use super::documents::{self, DocumentKind, Emit, Request};
use super::identity::{class_ident, name_fields};
use super::load;
use super::outcome::Outcome;
use crate::check::{CheckOptions, FileReport};
use crate::diagnostic::Status;
use crate::model::Evaluation;
use crate::output::{self, Namer};
use crate::parse::evaluation::Known;
use crate::render::grille::GridEntry;
use crate::render::templates::TemplateFile;
use crate::render::world::Engine;
use crate::report::{CandidateReport, EvaluationReport, OutputJson, Report};
use anyhow::Context as _;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Candidates per class grids file: beyond, `grilles-01.pdf`, `grilles-02.pdf`…
const GRIDS_PER_FILE: usize = 50;

/// What to build, resolved by the door (command line or web page).
#[derive(Debug, Clone)]
pub struct Plan {
    /// The workbook files, in order.
    pub inputs: Vec<PathBuf>,
    /// The output folder.
    pub output: PathBuf,
    /// `--session`, when given.
    pub session: Option<u16>,
    /// The folder-name pattern.
    pub names: String,
    /// The documents of each candidate.
    pub documents: Vec<DocumentKind>,
    /// The Typst templates (embedded, or overridden file by file).
    pub templates: Vec<TemplateFile>,
    /// The site's templates (embedded, or overridden file by file).
    pub site_templates: Vec<(String, String)>,
    /// Where to write the Typst sources too.
    pub emit_typst: Option<PathBuf>,
    /// Whether the grids get the fiche d'appréciation.
    pub fiche: bool,
    /// The jury's evaluation sheet.
    pub evaluation: Option<PathBuf>,
    /// Candidates rendered at once (0: every core).
    pub jobs: usize,
    /// The run's clock.
    pub clock: Clock,
}

/// Something done for a candidate or for the class, reported after its diagnostics.
#[derive(Debug, Clone)]
pub enum Event {
    /// A file was written.
    Written(PathBuf),
    /// Something could not be produced: the message and its details (template errors).
    Failed(String, Vec<String>),
}

/// A phase of the build, for progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Every input checked.
    Checking,
    /// Every candidate's documents made.
    Rendering,
}

/// Who follows a build: the terminal's progress bar and messages, or the web page.
pub trait Observer: Sync {
    /// A phase starts, with this many steps.
    fn phase(&self, phase: Phase, total: u64);
    /// One step of the phase is done.
    fn step(&self);
    /// The jury's sheet was read (its diagnostics in `file`).
    fn evaluation(&self, file: &FileReport);
    /// A candidate is done, in input order: its diagnostics, its name, what was written.
    fn candidate(&self, file: &FileReport, who: Option<&str>, events: &[Event]);
    /// The class files are done.
    fn class_files(&self, events: &[Event]);
}

/// What a build did.
#[derive(Debug)]
pub struct Built {
    /// Every input's diagnostics, in input order (dossiers not kept).
    pub files: Vec<FileReport>,
    /// Candidates whose documents were built.
    pub built: usize,
    /// Documents that could not be produced.
    pub failures: usize,
    /// Whether the jury's sheet has errors.
    pub jury_errors: bool,
}

impl Built {
    /// The exit status this build reports.
    pub fn outcome(&self) -> Outcome {
        Outcome::of(&self.files, self.jury_errors)
    }
}

/// Builds the class of `plan`, following `observer`.
pub fn build(plan: &Plan, observer: &dyn Observer) -> anyhow::Result<Built> {
    std::fs::create_dir_all(&plan.output)
        .with_context(|| format!("création du dossier {} impossible", plan.output.display()))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(plan.jobs)
        .build()
        .context("démarrage des fils de calcul impossible")?;
    let options = CheckOptions {
        session: plan.session,
        today: plan.clock.today(),
    };
    observer.phase(Phase::Checking, plan.inputs.len() as u64);
    let checked = check_all(&plan.inputs, &options, &pool, observer);
    let jury = plan
        .evaluation
        .as_deref()
        .map(|path| read_evaluation(path, &checked));
    let names = name_folders(&plan.names, &checked)?;
    if let Some(jury) = &jury {
        observer.evaluation(&jury.file);
    }
    let engine = Engine::new(&plan.templates, workers(&pool, checked.len()));
    let shared = Shared {
        engine: &engine,
        plan,
        options: &options,
        evaluations: jury.as_ref().map(|j| &j.evaluations),
    };
    observer.phase(Phase::Rendering, plan.inputs.len() as u64);
    let class = render_all(&shared, checked, &names, &pool, observer);
    let report = Report {
        version: 1,
        candidates: class.entries,
        evaluation: jury.as_ref().map(|j| EvaluationReport::new(&j.file)),
    };
    let top = class_files(plan, &engine, &report, &class.grids);
    observer.class_files(&top.events);
    let mut manifest: Vec<(String, String)> = report
        .candidates
        .iter()
        .flat_map(|c| &c.outputs)
        .chain(&top.outputs)
        .map(|o| (o.path.clone(), o.sha256.clone()))
        .collect();
    write_report(&plan.output, &report, &mut manifest)?;
    Ok(Built {
        files: class.files,
        built: class.built,
        failures: class.failures + top.failures,
        jury_errors: jury.is_some_and(|j| j.file.status() == Status::Errors),
    })
}

/// One input once checked: its diagnostics and report entry, and what rendering needs to read
/// it again when its documents are to be built. The dossier itself is not kept.
struct Checked {
    /// The diagnostics (the dossier taken out).
    file: FileReport,
    /// The report's entry, outputs filled after rendering.
    entry: CandidateReport,
    /// Present when the documents are to be built.
    todo: Option<Todo>,
}

/// What building a checked candidate needs besides its file.
struct Todo {
    fields: output::NameFields,
    session: u16,
    /// SHA-256 of the bytes checked: rendering refuses a file changed since.
    digest: String,
}

/// Phase 1: every input checked, on all cores, in input order.
fn check_all(
    inputs: &[PathBuf],
    options: &CheckOptions,
    pool: &rayon::ThreadPool,
    observer: &dyn Observer,
) -> Vec<Checked> {
    pool.install(|| {
        inputs
            .par_iter()
            .map(|input| {
                let checked = check_one(input, options);
                observer.step();
                checked
            })
            .collect()
    })
}

fn check_one(input: &Path, options: &CheckOptions) -> Checked {
    let loaded = load::load_digest(input, options);
    let mut file = loaded.report;
    let entry = CandidateReport::new(&file);
    let buildable = file.status() != Status::Errors;
    let session = file.session(options);
    file.attachments.clear();
    let todo = match (file.parsed.take(), loaded.sha256, session) {
        (Some(parsed), Some(digest), Some(session)) if buildable => Some(Todo {
            fields: name_fields(input, Some(&parsed.dossier.candidat), Some(session)),
            session,
            digest,
        }),
        _ => None,
    };
    Checked { file, entry, todo }
}

/// The jury's evaluation sheet: evaluations by index of the candidate in the inputs, and its
/// own diagnostics.
struct Jury {
    evaluations: HashMap<usize, Evaluation>,
    file: FileReport,
}

/// Phase 2: the jury's sheet, its rows matched to the candidates checked.
fn read_evaluation(path: &Path, checked: &[Checked]) -> Jury {
    let known: Vec<Known> = checked
        .iter()
        .map(|c| {
            let candidate = c.entry.candidate.as_ref();
            Known {
                numero: candidate.and_then(|c| c.numero.clone()),
                nom_complet: candidate.and_then(|c| c.nom_complet.clone()),
            }
        })
        .collect();
    let name = path.display().to_string();
    let workbook = crate::read::read_file(path).and_then(crate::read::read_bytes);
    let (evaluations, diagnostics) = match workbook {
        Ok(workbook) => {
            let parsed = crate::parse::evaluation::parse(&workbook, &known);
            (parsed.evaluations, parsed.diagnostics)
        }
        Err(error) => (HashMap::new(), vec![crate::check::read_diagnostic(&error)]),
    };
    Jury {
        evaluations,
        file: FileReport::unread(&name, diagnostics),
    }
}

/// Phase 3: folder names in input order, so that a collision always suffixes the later one.
fn name_folders(pattern: &str, checked: &[Checked]) -> anyhow::Result<Vec<Option<String>>> {
    let mut namer = Namer::new(pattern)?;
    checked
        .iter()
        .map(|c| c.todo.as_ref().map(|t| namer.name(&t.fields)).transpose())
        .collect()
}

/// What rendering one candidate gave: its files, what to report, how many failures.
#[derive(Default)]
struct Rendered {
    outputs: Vec<OutputJson>,
    events: Vec<Event>,
    failures: usize,
    /// The candidate's grid, for the class's grids, when it was written.
    grid: Option<GridEntry>,
}

/// What the render phase gives the class files and the report.
struct Class {
    entries: Vec<CandidateReport>,
    files: Vec<FileReport>,
    grids: Vec<GridEntry>,
    built: usize,
    failures: usize,
}

/// What every candidate's rendering shares.
struct Shared<'a> {
    engine: &'a Engine,
    plan: &'a Plan,
    options: &'a CheckOptions,
    evaluations: Option<&'a HashMap<usize, Evaluation>>,
}

/// How many candidates render at once: one per core, no more than there are candidates.
fn workers(pool: &rayon::ThreadPool, candidates: usize) -> usize {
    pool.current_num_threads().clamp(1, candidates.max(1))
}

/// Phase 4: a fixed set of workers, each rendering one candidate at a time with its own rayon
/// pool for Typst's internal parallelism (in one shared pool, a worker waiting inside Typst's
/// layout runs other candidates' tasks: dozens of documents half-built in memory). Each
/// candidate is reported as soon as it and those before it are done.
fn render_all(
    shared: &Shared<'_>,
    mut checked: Vec<Checked>,
    names: &[Option<String>],
    pool: &rayon::ThreadPool,
    observer: &dyn Observer,
) -> Class {
    let cores = pool.current_num_threads().max(1);
    let workers = workers(pool, checked.len());
    let next = AtomicUsize::new(0);
    let (sender, receiver) = std::sync::mpsc::channel::<(usize, Rendered)>();
    let todos: Vec<Option<Todo>> = checked.iter_mut().map(|c| c.todo.take()).collect();
    let mut class = Class {
        entries: Vec::with_capacity(checked.len()),
        files: Vec::with_capacity(checked.len()),
        grids: Vec::new(),
        built: names.iter().flatten().count(),
        failures: 0,
    };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, todos) = (&next, &todos);
            scope.spawn(move || {
                let own_pool = rayon::ThreadPoolBuilder::new()
                    .num_threads((cores / workers).max(1))
                    .build();
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= todos.len() {
                        break;
                    }
                    let job = || render_index(shared, index, todos[index].as_ref(), &names[index]);
                    let out = match &own_pool {
                        Ok(own_pool) => own_pool.install(job),
                        Err(_) => job(),
                    };
                    observer.step();
                    if sender.send((index, out)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        // Reported in input order, each candidate as soon as those before it are done.
        let mut waiting = BTreeMap::new();
        let mut checked = checked.into_iter();
        for (index, out) in receiver {
            waiting.insert(index, out);
            while let Some(out) = waiting.remove(&class.entries.len()) {
                let Some(c) = checked.next() else { break };
                class.record(c, out, observer);
            }
        }
    });
    class
}

impl Class {
    /// Reports a candidate's result and keeps what the class files and the report need.
    fn record(&mut self, c: Checked, out: Rendered, observer: &dyn Observer) {
        let who = c
            .entry
            .candidate
            .as_ref()
            .and_then(|c| c.nom_complet.as_deref());
        observer.candidate(&c.file, who, &out.events);
        self.failures += out.failures;
        self.grids.extend(out.grid);
        let mut entry = c.entry;
        entry.outputs = out.outputs;
        self.entries.push(entry);
        self.files.push(c.file);
    }
}

/// Renders one candidate, a panic costing this candidate only.
fn render_index(
    shared: &Shared<'_>,
    index: usize,
    todo: Option<&Todo>,
    name: &Option<String>,
) -> Rendered {
    let input = &shared.plan.inputs[index];
    let (Some(todo), Some(name)) = (todo, name) else {
        return Rendered::default();
    };
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        match check_again(input, &todo.digest, shared.options) {
            Ok(file) => render_candidate(shared, &file, name, (index, todo.session)),
            Err(message) => Rendered::failed(message),
        }
    }));
    attempt.unwrap_or_else(|_| {
        Rendered::failed(format!(
            "erreur interne en produisant les documents de {}",
            input.display()
        ))
    })
}

/// Reads and checks a file again for rendering, refusing it if it changed since its check.
fn check_again(input: &Path, digest: &str, options: &CheckOptions) -> Result<FileReport, String> {
    let loaded = load::load_digest(input, options);
    match (loaded.sha256, loaded.report.parsed.is_some()) {
        (None, _) => Err(format!(
            "{} illisible à la seconde lecture",
            input.display()
        )),
        (Some(read), _) if read != digest => Err(format!(
            "{} a été modifié pendant la construction : relancez-la",
            input.display()
        )),
        (Some(_), false) => Err(format!(
            "{} illisible à la seconde lecture",
            input.display()
        )),
        (Some(_), true) => Ok(loaded.report),
    }
}

impl Rendered {
    fn failed(message: String) -> Rendered {
        Rendered {
            failures: 1,
            events: vec![Event::Failed(message, Vec::new())],
            ..Rendered::default()
        }
    }

    /// A document that could not be produced: one reason inline, several listed.
    fn failure(&mut self, relative: &str, mut messages: Vec<String>) {
        self.failures += 1;
        let event = if messages.len() == 1 {
            let reason = messages.remove(0);
            Event::Failed(
                format!("{relative} impossible à produire : {reason}"),
                Vec::new(),
            )
        } else {
            Event::Failed(format!("{relative} impossible à produire :"), messages)
        };
        self.events.push(event);
    }

    /// Writes a file atomically and records it.
    fn file(&mut self, output: &Path, relative: &str, bytes: &[u8]) {
        let path = output.join(relative);
        match output::write_atomically(&path, bytes) {
            Ok(()) => {
                self.events.push(Event::Written(path));
                self.outputs.push(OutputJson {
                    path: relative.to_owned(),
                    sha256: output::sha256(bytes),
                });
            }
            Err(error) => {
                self.failures += 1;
                self.events
                    .push(Event::Failed(format!("{error:#}"), Vec::new()));
            }
        }
    }
}

/// Renders one candidate's documents and writes them into `name/`.
fn render_candidate(
    shared: &Shared<'_>,
    file: &FileReport,
    name: &str,
    todo: (usize, u16),
) -> Rendered {
    let (index, session) = todo;
    let plan = shared.plan;
    let folder = plan.output.join(name);
    if let Err(error) = std::fs::create_dir_all(&folder) {
        return Rendered::failed(format!(
            "création du dossier {} impossible : {error}",
            folder.display()
        ));
    }
    let request = Request {
        kinds: &plan.documents,
        date: plan.clock.today(),
        evaluation: shared.evaluations.and_then(|e| e.get(&index)),
        fiche: plan.fiche,
        emit: plan.emit_typst.as_deref().map(|root| Emit {
            root,
            folder: name,
            templates: &plan.templates,
        }),
        source: &crate::attachments::Folder(load::input_dir(&plan.inputs[index])),
        site_templates: &plan.site_templates,
    };
    let made = documents::render(shared.engine, file, session, &request);
    let mut out = Rendered {
        grid: made.grid,
        ..Rendered::default()
    };
    for document in made.documents {
        out.file(
            &plan.output,
            &format!("{name}/{}", document.name),
            &document.bytes,
        );
    }
    for (path, bytes) in made.site.iter().flatten() {
        let relative = format!("{name}/site/{path}");
        if let Some(parent) = plan.output.join(&relative).parent()
            && let Err(error) = std::fs::create_dir_all(parent)
        {
            out.failure(&relative, vec![error.to_string()]);
            continue;
        }
        out.file(&plan.output, &relative, bytes);
    }
    for failure in made.failures {
        out.failure(&format!("{name}/{}", failure.name), failure.messages);
    }
    out
}

/// Phase 5: the class's grids, laid out again as one tagged document per file of
/// [`GRIDS_PER_FILE`] candidates (memory stays bounded), and `classe.xlsx`.
fn class_files(plan: &Plan, engine: &Engine, report: &Report, grids: &[GridEntry]) -> Rendered {
    let mut top = Rendered::default();
    let chunks: Vec<&[GridEntry]> = grids.chunks(GRIDS_PER_FILE).collect();
    let date = plan.clock.today();
    for (number, chunk) in chunks.iter().enumerate() {
        let (name, part) = if chunks.len() == 1 {
            ("grilles.pdf".to_owned(), None)
        } else {
            (
                format!("grilles-{:02}.pdf", number + 1),
                Some((number + 1, chunks.len())),
            )
        };
        engine.memo().clear();
        let bytes = crate::render::class_grids_sources(chunk, part)
            .and_then(|prepared| crate::render::pdf(engine, prepared, &class_ident(&name), date));
        match bytes {
            Ok(bytes) => top.file(&plan.output, &name, &bytes),
            Err(error) => top.failure(&name, error.messages),
        }
    }
    engine.memo().clear();
    match crate::render::classe::write(report, date) {
        Ok(bytes) => top.file(&plan.output, "classe.xlsx", &bytes),
        Err(error) => top.failure("classe.xlsx", vec![error.to_string()]),
    }
    top
}

/// Phase 6: `rapport.json`, then `SHA256SUMS` over every file written.
fn write_report(
    output: &Path,
    report: &Report,
    manifest: &mut Vec<(String, String)>,
) -> anyhow::Result<()> {
    let bytes = serde_json::to_vec_pretty(report).context("rapport JSON")?;
    output::write_atomically(&output.join("rapport.json"), &bytes)?;
    manifest.push(("rapport.json".into(), output::sha256(&bytes)));
    output::write_atomically(
        &output.join("SHA256SUMS"),
        output::manifest(manifest).as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_file_changed_since_its_check_is_not_built() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dossier.xlsx");
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let options = CheckOptions {
            session: None,
            today,
        };
        let checked = crate::render::dossier_template::write(2027, None, today).unwrap();
        std::fs::write(&path, &checked).unwrap();
        let digest = output::sha256(&checked);
        assert!(check_again(&path, &digest, &options).is_ok());

        let edited = crate::render::dossier_template::write(2028, None, today).unwrap();
        std::fs::write(&path, edited).unwrap();
        let error = check_again(&path, &digest, &options).err().unwrap();
        assert!(error.contains("modifié pendant la construction"), "{error}");
    }
}
