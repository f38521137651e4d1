//! `sio-dossier build`, in phases: check every input → read the jury's sheet → name the
//! candidates' folders → render each candidate's documents (a fixed set of workers, each
//! candidate printed as soon as it and those before it are done) → the class files
//! (`grilles.pdf`, `classe.xlsx`) → `rapport.json` and `SHA256SUMS`. One candidate's failure
//! never stops the others, and memory does not grow with the class: a dossier is not kept
//! between its check and its rendering (the file is read again, refused if it changed).

use super::{Outcome, input_dir, outcome, today};
use crate::attachments::Folder;
use crate::check::{CheckOptions, FileReport};
use crate::cli::{BuildArgs, DocumentKind};
use crate::diagnostic::Status;
use crate::model::{Choice, Evaluation};
use crate::output::{self, NameFields, Namer};
use crate::parse::evaluation::Known;
use crate::print::{self, Event};
use crate::render::grille::GridEntry;
use crate::render::templates::{self, TemplateFile};
use crate::render::world::{Engine, LIBERATION_SANS, LIBERATION_SANS_FILES};
use crate::render::{self, Candidate, Prepared};
use crate::report::{CandidateReport, EvaluationReport, OutputJson, Report};
use anyhow::Context as _;
use chrono::NaiveDate;
use indicatif::ProgressBar;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Candidates per class grids file: beyond, `grilles-01.pdf`, `grilles-02.pdf`…
const GRIDS_PER_FILE: usize = 50;

/// Runs `build`.
pub(super) fn run(args: &BuildArgs) -> anyhow::Result<Outcome> {
    run_observed(args, None)
}

/// Runs `build`, its progress counted on `observer` when given (the web page's bar) rather
/// than drawn on the terminal.
pub(crate) fn run_observed(
    args: &BuildArgs,
    observer: Option<ProgressBar>,
) -> anyhow::Result<Outcome> {
    let started = std::time::Instant::now();
    let today = today(&args.date)?;
    let settings = Settings {
        args,
        documents: args.documents(),
        check: CheckOptions {
            session: args.session,
            today,
        },
        today,
        templates: load_templates(args.templates.as_deref())?,
    };
    let inputs = crate::inputs::collect(&args.inputs, args.recursive)?;
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("création du dossier {} impossible", args.output.display()))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs)
        .build()
        .context("démarrage des fils de calcul impossible")?;
    let progress = match observer {
        Some(bar) => {
            bar.set_length(inputs.len() as u64);
            bar
        }
        None => print::progress(inputs.len() as u64, args.quiet),
    };

    let checked = check_all(&inputs, &settings.check, &pool, &progress);
    let jury = args
        .evaluation
        .as_deref()
        .map(|path| read_evaluation(path, &checked));
    let names = name_folders(&args.names, &checked)?;
    if let Some(jury) = &jury {
        progress.suspend(|| print::candidate(&jury.file, None, &[], args.quiet));
    }
    let evaluations = jury.as_ref().map(|j| &j.evaluations);
    let engine = Engine::new(&settings.templates, workers(&pool, checked.len()));
    let shared = Shared {
        engine: &engine,
        settings: &settings,
        evaluations,
    };
    let class = render_all(&shared, &inputs, checked, &names, &pool, &progress);
    progress.finish_and_clear();

    let report = Report {
        version: 1,
        candidates: class.entries,
        evaluation: jury.as_ref().map(|j| EvaluationReport::new(&j.file)),
    };
    let top = class_files(&settings, &engine, &report, &class.grids);
    print::events(&top.events, args.quiet);
    let mut manifest: Vec<(String, String)> = report
        .candidates
        .iter()
        .flat_map(|c| &c.outputs)
        .chain(&top.outputs)
        .map(|o| (o.path.clone(), o.sha256.clone()))
        .collect();
    write_report(&args.output, &report, &mut manifest)?;
    print::build_summary(&class.files, class.built, &args.output, started.elapsed());
    if class.failures + top.failures > 0 {
        anyhow::bail!(
            "{} document(s) n'ont pas pu être produits",
            class.failures + top.failures
        );
    }
    let jury_errors = jury.is_some_and(|j| j.file.status() == Status::Errors);
    Ok(outcome(&class.files, jury_errors))
}

/// A build's settings, resolved from the command line.
struct Settings<'a> {
    args: &'a BuildArgs,
    documents: Vec<DocumentKind>,
    check: CheckOptions,
    today: NaiveDate,
    templates: Vec<TemplateFile>,
}

/// The embedded templates, replaced by the `.typ` files of `--templates` (an unknown name is
/// an error: a misspelled file would otherwise be ignored).
fn load_templates(dir: Option<&Path>) -> anyhow::Result<Vec<TemplateFile>> {
    let mut overrides = Vec::new();
    if let Some(dir) = dir {
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("dossier de modèles introuvable : {}", dir.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "typ") && path.is_file() {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("lecture du modèle {} impossible", path.display()))?;
                overrides.push((name.unwrap_or_default(), text));
            }
        }
        overrides.sort();
    }
    templates::with_overrides(overrides)
        .with_context(|| format!("dans {}", dir.unwrap_or(Path::new(".")).display()))
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
    fields: NameFields,
    session: u16,
    /// SHA-256 of the bytes checked: rendering refuses a file changed since.
    digest: String,
}

/// Phase 1: every input checked, on all cores, in input order.
fn check_all(
    inputs: &[PathBuf],
    options: &CheckOptions,
    pool: &rayon::ThreadPool,
    progress: &ProgressBar,
) -> Vec<Checked> {
    progress.set_prefix("vérification");
    progress.set_message("classeurs");
    let checked = pool.install(|| {
        inputs
            .par_iter()
            .map(|input| {
                let checked = check_one(input, options);
                progress.inc(1);
                checked
            })
            .collect()
    });
    progress.reset();
    progress.set_prefix("production");
    progress.set_message("candidats");
    checked
}

fn check_one(input: &Path, options: &CheckOptions) -> Checked {
    let name = input.display().to_string();
    let (mut file, digest) = match crate::read::read_file(input) {
        Ok(bytes) => {
            let digest = output::sha256(&bytes);
            let file = crate::check::check(&name, bytes, options, &Folder(input_dir(input)));
            (file, Some(digest))
        }
        Err(error) => (
            FileReport::unread(&name, vec![crate::check::read_diagnostic(&error)]),
            None,
        ),
    };
    let entry = CandidateReport::new(&file);
    let buildable = file.status() != Status::Errors;
    let session = file.session(options);
    file.attachments.clear();
    let todo = match (file.parsed.take(), digest, session) {
        (Some(parsed), Some(digest), Some(session)) if buildable => {
            let c = parsed.dossier.candidat;
            let fields = NameFields {
                numero: c.numero.unwrap_or_default(),
                nom: c.nom.or(c.nom_prenom).unwrap_or_default(),
                prenom: c.prenom.unwrap_or_default(),
                option: c.option.map(|o| o.label().to_owned()).unwrap_or_default(),
                session: session.to_string(),
                fichier: input
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            };
            Some(Todo {
                fields,
                session,
                digest,
            })
        }
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
        .map(|c| Known {
            numero: c.entry.candidate.as_ref().and_then(|c| c.numero.clone()),
            nom_complet: c
                .entry
                .candidate
                .as_ref()
                .and_then(|c| c.nom_complet.clone()),
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

/// What rendering one candidate gave: its files, what to print, how many failures.
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
    settings: &'a Settings<'a>,
    evaluations: Option<&'a HashMap<usize, Evaluation>>,
}

/// How many candidates render at once: one per core, no more than there are candidates.
fn workers(pool: &rayon::ThreadPool, candidates: usize) -> usize {
    pool.current_num_threads().clamp(1, candidates.max(1))
}

/// Phase 4: a fixed set of workers, each rendering one candidate at a time with its own rayon
/// pool for Typst's internal parallelism (in one shared pool, a worker waiting inside Typst's
/// layout runs other candidates' tasks: dozens of documents half-built in memory). Each
/// candidate is printed as soon as it and those before it are done.
fn render_all(
    shared: &Shared<'_>,
    inputs: &[PathBuf],
    mut checked: Vec<Checked>,
    names: &[Option<String>],
    pool: &rayon::ThreadPool,
    progress: &ProgressBar,
) -> Class {
    let settings = shared.settings;
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
                    let job = || {
                        render_index(
                            shared,
                            index,
                            &inputs[index],
                            todos[index].as_ref(),
                            &names[index],
                        )
                    };
                    let out = match &own_pool {
                        Ok(own_pool) => own_pool.install(job),
                        Err(_) => job(),
                    };
                    progress.inc(1);
                    if sender.send((index, out)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        // Messages in input order, each candidate as soon as those before it are done.
        let mut waiting = BTreeMap::new();
        let mut checked = checked.into_iter();
        for (index, out) in receiver {
            waiting.insert(index, out);
            while let Some(out) = waiting.remove(&class.entries.len()) {
                let Some(c) = checked.next() else { break };
                class.record(c, out, settings.args.quiet, progress);
            }
        }
    });
    class
}

impl Class {
    /// Prints a candidate's result and keeps what the class files and the report need.
    fn record(&mut self, c: Checked, out: Rendered, quiet: bool, progress: &ProgressBar) {
        let who = c
            .entry
            .candidate
            .as_ref()
            .and_then(|c| c.nom_complet.as_deref());
        progress.suspend(|| print::candidate(&c.file, who, &out.events, quiet));
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
    input: &Path,
    todo: Option<&Todo>,
    name: &Option<String>,
) -> Rendered {
    let (Some(todo), Some(name)) = (todo, name) else {
        return Rendered::default();
    };
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        match check_again(input, &todo.digest, &shared.settings.check) {
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
    let bytes =
        crate::read::read_file(input).map_err(|error| format!("{} : {error}", input.display()))?;
    if output::sha256(&bytes) != digest {
        return Err(format!(
            "{} a été modifié pendant la construction : relancez-la",
            input.display()
        ));
    }
    let name = input.display().to_string();
    let file = crate::check::check(&name, bytes, options, &Folder(input_dir(input)));
    match file.parsed {
        Some(_) => Ok(file),
        None => Err(format!(
            "{} illisible à la seconde lecture",
            input.display()
        )),
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

    /// Records a document's bytes (written atomically), or the error that prevented it.
    fn document<E: std::fmt::Display>(
        &mut self,
        output: &Path,
        relative: &str,
        bytes: Result<Vec<u8>, E>,
        details: impl Fn(&E) -> Vec<String>,
    ) {
        match bytes {
            Ok(bytes) => self.file(output, relative, &bytes),
            Err(error) => {
                self.failures += 1;
                let details = details(&error);
                let message = if details.is_empty() {
                    format!("{relative} impossible à produire : {error}")
                } else {
                    format!("{relative} impossible à produire :")
                };
                self.events.push(Event::Failed(message, details));
            }
        }
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

/// Renders and writes one candidate's documents into `name/`.
fn render_candidate(
    shared: &Shared<'_>,
    file: &FileReport,
    name: &str,
    todo: (usize, u16),
) -> Rendered {
    let (index, session) = todo;
    let settings = shared.settings;
    let output = &settings.args.output;
    let mut out = Rendered::default();
    let Some(parsed) = &file.parsed else {
        return out;
    };
    if let Err(error) = std::fs::create_dir_all(output.join(name)) {
        return Rendered::failed(format!(
            "création du dossier {} impossible : {error}",
            output.join(name).display()
        ));
    }
    let wants = |kind| settings.documents.contains(&kind);
    let pdf = |out: &mut Rendered, prepared: Prepared, document: &str| {
        let relative = format!("{name}/{document}.pdf");
        if let Some(dir) = &settings.args.emit_typst
            && let Err(error) = emit_typst(dir, &dir.join(name).join(document), settings, &prepared)
        {
            out.failures += 1;
            out.events
                .push(Event::Failed(format!("{error:#}"), Vec::new()));
        }
        let ident = format!("sio-dossier/{relative}");
        let bytes = render::pdf(shared.engine, prepared, &ident, settings.today);
        out.document(output, &relative, bytes, |e| e.messages.clone());
    };
    if wants(DocumentKind::Portfolio) {
        let candidate = Candidate {
            kind: parsed.kind,
            dossier: &parsed.dossier,
            attachments: &file.attachments,
            session,
        };
        pdf(
            &mut out,
            render::portfolio_sources(candidate, settings.today),
            "portfolio",
        );
    }
    if wants(DocumentKind::Grille) {
        let c = &parsed.dossier.candidat;
        let evaluation = shared.evaluations.and_then(|e| e.get(&index));
        let entry = render::grille::entry(c, session, evaluation, settings.args.fiche);
        let written = out.outputs.len();
        pdf(
            &mut out,
            render::grid_sources(entry.clone()),
            "grille-evaluation",
        );
        if out.outputs.len() > written {
            out.grid = Some(entry);
        }
    }
    if wants(DocumentKind::Tableau) {
        let bytes = render::tableau::write(&parsed.dossier, session, settings.today);
        out.document(
            output,
            &format!("{name}/tableau-synthese.xlsx"),
            bytes,
            |_| Vec::new(),
        );
    }
    out
}

/// Phase 5: the class's grids, laid out again as one tagged document per file of
/// [`GRIDS_PER_FILE`] candidates (memory stays bounded), and `classe.xlsx`.
fn class_files(
    settings: &Settings<'_>,
    engine: &Engine,
    report: &Report,
    grids: &[GridEntry],
) -> Rendered {
    let output = &settings.args.output;
    let mut top = Rendered::default();
    let chunks: Vec<&[GridEntry]> = grids.chunks(GRIDS_PER_FILE).collect();
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
        let prepared = render::class_grids_sources(chunk, part);
        let bytes = render::pdf(
            engine,
            prepared,
            &format!("sio-dossier/{name}"),
            settings.today,
        );
        top.document(output, &name, bytes, |e| e.messages.clone());
    }
    engine.memo().clear();
    let classe = render::classe::write(report, settings.today);
    top.document(output, "classe.xlsx", classe, |_| Vec::new());
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

/// Writes one document's Typst sources, data and attachments into `dir`, so that the Typst
/// CLI compiles them unchanged (`typst compile --font-path ROOT/fonts --root DIR DIR/<template>`).
fn emit_typst(
    root: &Path,
    dir: &Path,
    settings: &Settings<'_>,
    prepared: &Prepared,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("création de {} impossible", dir.display()))?;
    // The Typst CLI does not ship Liberation Sans: give it the fonts (`--font-path`).
    let fonts = root.join("fonts");
    std::fs::create_dir_all(&fonts)?;
    for (name, bytes) in LIBERATION_SANS_FILES.iter().zip(LIBERATION_SANS) {
        output::write_atomically(&fonts.join(name), bytes)?;
    }
    output::write_atomically(
        &fonts.join("LICENSE-OFL.txt"),
        include_bytes!("../../templates/fonts/LICENSE-OFL.txt"),
    )?;
    for template in &settings.templates {
        output::write_atomically(&dir.join(template.name), template.text.as_bytes())?;
    }
    output::write_atomically(&dir.join("data.json"), &prepared.data)?;
    for (virtual_path, bytes) in &prepared.files {
        let path = dir.join(virtual_path.trim_start_matches('/'));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        output::write_atomically(&path, bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_file_changed_since_its_check_is_not_built() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dossier.xlsx");
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let options = CheckOptions {
            session: None,
            today,
        };
        let checked = render::dossier_template::write(2027, None, today).unwrap();
        std::fs::write(&path, &checked).unwrap();
        let digest = output::sha256(&checked);
        assert!(check_again(&path, &digest, &options).is_ok());

        let edited = render::dossier_template::write(2028, None, today).unwrap();
        std::fs::write(&path, edited).unwrap();
        let error = check_again(&path, &digest, &options).err().unwrap();
        assert!(error.contains("modifié pendant la construction"), "{error}");
    }
}
