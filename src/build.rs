//! `sio-dossier build`: every input checked, then the documents of each candidate without
//! errors rendered in parallel (rayon), each in its own folder; the class's grids and summary,
//! `rapport.json` and `SHA256SUMS` at the top. Messages come out in input order whatever the
//! order of completion, and one candidate's failure never stops the others.

use crate::check::{self, CheckOptions, FileReport};
use crate::model::Evaluation;
use crate::output::{self, NameFields, Namer};
use crate::parse::Parsed;
use crate::render::pdf::{self, PdfJob};
use crate::render::templates::{self, TemplateFile};
use crate::render::world::{Engine, LIBERATION_SANS, LIBERATION_SANS_FILES};
use crate::render::{grille, portfolio};
use crate::report::{CandidateReport, EvaluationReport, OutputJson, Report, Status};
use crate::validate;
use anyhow::Context as _;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Candidates per class grids file: beyond, `grilles-01.pdf`, `grilles-02.pdf`…
pub const GRIDS_PER_FILE: usize = 50;

/// The documents `build` can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocumentKind {
    /// Le portfolio PDF.
    Portfolio,
    /// La grille d'aide à l'évaluation (et grilles.pdf pour la classe).
    Grille,
    /// Le tableau de synthèse officiel (xlsx).
    Tableau,
}

/// Settings of a build, resolved from the command line.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Input files (already expanded from folders).
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    pub output: PathBuf,
    /// `--session`, when given.
    pub session: Option<u16>,
    /// Handlebars pattern of the candidates' folder names.
    pub names: String,
    /// Documents to produce.
    pub only: Vec<DocumentKind>,
    /// Folder overriding the embedded templates.
    pub templates: Option<PathBuf>,
    /// Folder receiving each candidate's Typst sources and data.
    pub emit_typst: Option<PathBuf>,
    /// Whether grids get the fiche d'appréciation page.
    pub fiche: bool,
    /// The jury's evaluation sheet (`--evaluation`).
    pub evaluation: Option<PathBuf>,
    /// The document date.
    pub today: NaiveDate,
    /// Threads rendering candidates at once (0: all cores).
    pub jobs: usize,
    /// No progress bar and no line per written file.
    pub quiet: bool,
}

/// What a build did, for the exit status.
#[derive(Debug)]
pub struct BuildSummary {
    /// One report per input.
    pub files: Vec<FileReport>,
    /// Candidates whose documents were written.
    pub built: usize,
    /// Documents that failed to render or to be written: exit status 2.
    pub render_failures: usize,
    /// Whether the jury's evaluation sheet has errors.
    pub evaluation_errors: bool,
}

/// What rendering one candidate gave: its files, the lines to print, its grid for the class.
#[derive(Default)]
struct Rendered {
    outputs: Vec<OutputJson>,
    log: Vec<String>,
    failures: usize,
}

/// What every candidate's rendering shares.
struct Shared<'a> {
    engine: &'a Engine,
    options: &'a BuildOptions,
    templates: &'a [TemplateFile],
    evaluations: &'a HashMap<String, Evaluation>,
}

impl Rendered {
    /// Renders a template and writes it; a failure is logged, never propagated.
    fn pdf(
        &mut self,
        shared: &Shared<'_>,
        relative: &str,
        template: &str,
        data: Vec<u8>,
        attachments: Vec<(String, Vec<u8>)>,
    ) {
        let job = PdfJob {
            template,
            data,
            attachments,
            ident: format!("sio-dossier/{relative}"),
            date: shared.options.today,
        };
        match pdf::render(shared.engine, job) {
            Ok(bytes) => self.file(shared, relative, &bytes),
            Err(error) => {
                self.failures += 1;
                self.log
                    .push(format!("erreur : {relative} impossible à produire :"));
                self.log
                    .extend(error.messages.iter().map(|m| format!("  {m}")));
            }
        }
    }

    /// Writes a file atomically and records it.
    fn file(&mut self, shared: &Shared<'_>, relative: &str, bytes: &[u8]) {
        let path = shared.options.output.join(relative);
        match output::write_atomically(&path, bytes) {
            Ok(()) => {
                if !shared.options.quiet {
                    self.log.push(format!("  écrit : {}", path.display()));
                }
                self.outputs.push(OutputJson {
                    path: relative.to_owned(),
                    sha256: output::sha256(bytes),
                });
            }
            Err(error) => {
                self.failures += 1;
                self.log.push(format!("erreur : {error:#}"));
            }
        }
    }
}

/// Renders and writes one candidate's documents into `name/`.
fn render_candidate(
    shared: &Shared<'_>,
    input: &Path,
    parsed: &Parsed,
    name: &str,
    session: u16,
) -> Rendered {
    let options = shared.options;
    let mut out = Rendered::default();
    let dossier = &parsed.dossier;
    let c = &dossier.candidat;
    if let Err(error) = std::fs::create_dir_all(options.output.join(name)) {
        out.failures += 1;
        out.log.push(format!(
            "erreur : création du dossier {} impossible : {error}",
            options.output.join(name).display()
        ));
        return out;
    }
    if options.only.contains(&DocumentKind::Portfolio) || options.emit_typst.is_some() {
        let attachments = portfolio::load_attachments(dossier, check::input_dir(input));
        let data = portfolio::data(parsed.kind, dossier, session, options.today, &attachments);
        let data = serde_json::to_vec_pretty(&data).unwrap_or_default();
        if let Some(dir) = &options.emit_typst
            && let Err(error) = emit_typst(&dir.join(name), shared.templates, &data, &attachments)
        {
            out.failures += 1;
            out.log.push(format!("erreur : {error:#}"));
        }
        if options.only.contains(&DocumentKind::Portfolio) {
            let pages = attachments.into_iter().flat_map(|a| a.pages).collect();
            out.pdf(
                shared,
                &format!("{name}/portfolio.pdf"),
                "portfolio.typ",
                data,
                pages,
            );
        }
    }
    if options.only.contains(&DocumentKind::Grille) {
        let evaluation = c.numero.as_ref().and_then(|n| shared.evaluations.get(n));
        let grid = grille::data(c, session, evaluation, options.fiche);
        let data = serde_json::to_vec_pretty(&grid).unwrap_or_default();
        out.pdf(
            shared,
            &format!("{name}/grille-evaluation.pdf"),
            "grille.typ",
            data,
            Vec::new(),
        );
    }
    if options.only.contains(&DocumentKind::Tableau) {
        match crate::render::tableau::write(dossier, session, options.today) {
            Ok(bytes) => out.file(shared, &format!("{name}/tableau-synthese.xlsx"), &bytes),
            Err(error) => {
                out.failures += 1;
                out.log.push(format!(
                    "erreur : tableau de synthèse impossible à écrire : {error}"
                ));
            }
        }
    }
    out
}

/// One input once checked: its diagnostics and report entry, and, when its documents are to be
/// built, what rendering needs to read it again. The dossier itself is not kept (a class of a
/// thousand would hold a thousand dossiers): rendering reads the file again.
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

impl Checked {
    fn new(input: &Path, options: &CheckOptions) -> Checked {
        let bytes = crate::read::read_file(input);
        let digest = bytes.as_ref().ok().map(|b| output::sha256(b));
        let mut file = check::check_bytes(input, bytes, options);
        let entry = CandidateReport::new(&file);
        let buildable = file.status() != Status::Errors;
        let parsed = file.parsed.take();
        let todo = match (parsed, digest) {
            (Some(parsed), Some(digest)) if buildable => {
                let context = validate::Context {
                    session: options.session,
                    today: options.today,
                    base_dir: Path::new("."),
                };
                let session = validate::effective_session(&parsed, &context);
                let c = parsed.dossier.candidat;
                let fields = NameFields {
                    numero: c.numero.unwrap_or_default(),
                    nom: c.nom.or(c.nom_prenom).unwrap_or_default(),
                    prenom: c.prenom.unwrap_or_default(),
                    option: c.option.map(|o| o.code().to_owned()).unwrap_or_default(),
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
}

/// Reads a checked file again for rendering, refusing it if it changed since its check.
fn read_again(input: &Path, digest: &str) -> Result<Parsed, String> {
    let bytes = crate::read::read_file(input)
        .map_err(|error| format!("erreur : {} : {error}", input.display()))?;
    if output::sha256(&bytes) != digest {
        return Err(format!(
            "erreur : {} a été modifié pendant la construction : relancez-la",
            input.display()
        ));
    }
    crate::read::read_bytes(bytes)
        .ok()
        .and_then(|workbook| crate::parse::parse(&workbook).ok())
        .ok_or_else(|| {
            format!(
                "erreur : {} illisible à la seconde lecture",
                input.display()
            )
        })
}

/// Runs a build, printing diagnostics and progress on standard error.
pub fn build(options: &BuildOptions) -> anyhow::Result<BuildSummary> {
    let started = std::time::Instant::now();
    let template_files = templates::load(options.templates.as_deref())?;
    let mut namer = Namer::new(&options.names)?;
    std::fs::create_dir_all(&options.output).with_context(|| {
        format!(
            "création du dossier {} impossible",
            options.output.display()
        )
    })?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .context("démarrage des fils de calcul impossible")?;
    let progress = crate::print::progress(options.inputs.len() as u64, options.quiet);
    progress.set_prefix("vérification");
    progress.set_message("classeurs");

    // Check every input first: the evaluation sheet is matched against the candidates found,
    // and folder names are given in input order.
    let check_options = CheckOptions {
        session: options.session,
        today: options.today,
    };
    let checked: Vec<Checked> = pool.install(|| {
        options
            .inputs
            .par_iter()
            .map(|input| {
                let checked = Checked::new(input, &check_options);
                progress.inc(1);
                checked
            })
            .collect()
    });
    progress.reset();
    progress.set_prefix("production");
    progress.set_message("candidats");
    let known: HashSet<String> = checked
        .iter()
        .filter_map(|c| c.entry.candidate.as_ref()?.numero.clone())
        .collect();
    let (evaluations, evaluation_report) = match &options.evaluation {
        Some(path) => {
            let (evaluations, file) = read_evaluations(path, &known);
            (evaluations, Some(file))
        }
        None => (HashMap::new(), None),
    };

    // Folder names in input order, so that a collision always suffixes the later candidate.
    let mut names: Vec<Option<String>> = Vec::with_capacity(checked.len());
    for c in &checked {
        names.push(match &c.todo {
            Some(todo) => Some(namer.name(&todo.fields)?),
            None => None,
        });
    }

    // A fixed set of workers, each rendering one candidate at a time with its own rayon pool for
    // Typst's internal parallelism. (In one shared pool, a worker waiting inside Typst's
    // parallel layout runs other candidates' tasks: dozens of documents half-built in memory,
    // and a slower class on 2 cores.)
    let cores = pool.current_num_threads().max(1);
    let workers = cores.clamp(1, checked.len().max(1));
    let engine = Engine::new(&template_files, workers);
    let shared = Shared {
        engine: &engine,
        options,
        templates: &template_files,
        evaluations: &evaluations,
    };
    let render_one = |index: usize| -> Rendered {
        let input = &options.inputs[index];
        let out = match (&checked[index].todo, &names[index]) {
            (Some(todo), Some(name)) => {
                let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    match read_again(input, &todo.digest) {
                        Ok(parsed) => render_candidate(&shared, input, &parsed, name, todo.session),
                        Err(message) => Rendered {
                            failures: 1,
                            log: vec![message],
                            ..Rendered::default()
                        },
                    }
                }));
                attempt.unwrap_or_else(|_| Rendered {
                    failures: 1,
                    log: vec![format!(
                        "erreur interne en produisant les documents de {}",
                        input.display()
                    )],
                    ..Rendered::default()
                })
            }
            _ => Rendered::default(),
        };
        progress.inc(1);
        out
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut rendered: Vec<(usize, Rendered)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let own_pool = rayon::ThreadPoolBuilder::new()
                        .num_threads((cores / workers).max(1))
                        .build();
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if index >= checked.len() {
                            break done;
                        }
                        let out = match &own_pool {
                            Ok(own_pool) => own_pool.install(|| render_one(index)),
                            Err(_) => render_one(index),
                        };
                        done.push((index, out));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    rendered.sort_by_key(|(index, _)| *index);
    let rendered: Vec<Rendered> = rendered.into_iter().map(|(_, r)| r).collect();
    progress.finish_and_clear();

    // Messages, report and manifest in input order. (Standard error is locked only now: the
    // progress bar draws on it from the workers.)
    let mut err = crate::print::Lenient(anstream::stderr().lock());
    if let Some(file) = &evaluation_report {
        crate::print::file_diagnostics(&mut err, file, None)?;
        writeln!(err)?;
    }
    let mut report = Report::new(&[]);
    let mut files = Vec::with_capacity(checked.len());
    let mut manifest = Vec::new();
    let mut grid_files = Vec::new();
    let mut render_failures = 0;
    let built = names.iter().filter(|n| n.is_some()).count();
    for (c, out) in checked.into_iter().zip(rendered) {
        let who = c
            .entry
            .candidate
            .as_ref()
            .and_then(|c| c.nom_complet.as_deref());
        crate::print::file_diagnostics(&mut err, &c.file, who)?;
        for line in &out.log {
            writeln!(err, "{line}")?;
        }
        writeln!(err)?;
        render_failures += out.failures;
        manifest.extend(
            out.outputs
                .iter()
                .map(|o| (o.path.clone(), o.sha256.clone())),
        );
        grid_files.extend(
            out.outputs
                .iter()
                .filter(|o| o.path.ends_with("/grille-evaluation.pdf"))
                .map(|o| o.path.clone()),
        );
        let mut entry = c.entry;
        entry.outputs = out.outputs;
        report.candidates.push(entry);
        files.push(c.file);
    }

    let mut top = Rendered::default();
    // The class's grids from the files just written, without laying them out again; a large
    // run gets several files of GRIDS_PER_FILE candidates, so that memory stays bounded.
    let chunks: Vec<&[String]> = grid_files.chunks(GRIDS_PER_FILE).collect();
    for (number, chunk) in chunks.iter().enumerate() {
        let name = if chunks.len() == 1 {
            "grilles.pdf".to_owned()
        } else {
            format!("grilles-{:02}.pdf", number + 1)
        };
        let pdfs = chunk
            .iter()
            .filter_map(|relative| std::fs::read(options.output.join(relative)).ok());
        match crate::render::merge::concat_odd(pdfs) {
            Ok(bytes) => top.file(&shared, &name, &bytes),
            Err(error) => {
                top.failures += 1;
                top.log
                    .push(format!("erreur : {name} impossible à assembler : {error}"));
            }
        }
    }
    let classe =
        crate::render::classe::write(&report, options.today).context("écriture de classe.xlsx")?;
    top.file(&shared, "classe.xlsx", &classe);
    for line in &top.log {
        writeln!(err, "{line}")?;
    }
    render_failures += top.failures;
    manifest.extend(
        top.outputs
            .iter()
            .map(|o| (o.path.clone(), o.sha256.clone())),
    );

    let evaluation_errors = evaluation_report
        .as_ref()
        .is_some_and(|f| f.status() == Status::Errors);
    report.evaluation = evaluation_report.as_ref().map(EvaluationReport::new);
    let report_bytes = serde_json::to_vec_pretty(&report).context("rapport JSON")?;
    output::write_atomically(&options.output.join("rapport.json"), &report_bytes)?;
    manifest.push(("rapport.json".into(), output::sha256(&report_bytes)));
    output::write_atomically(
        &options.output.join("SHA256SUMS"),
        output::manifest(&manifest).as_bytes(),
    )?;
    crate::print::build_summary(&mut err, &files, built, &options.output, started.elapsed())?;
    Ok(BuildSummary {
        files,
        built,
        render_failures,
        evaluation_errors,
    })
}

/// Reads the jury's evaluation sheet: the evaluations by candidate number, and a file report
/// holding its diagnostics (an unreadable file is one of them).
fn read_evaluations(
    path: &Path,
    known: &HashSet<String>,
) -> (HashMap<String, Evaluation>, FileReport) {
    let (evaluations, diagnostics) = match crate::read::open(path) {
        Ok(workbook) => {
            let parsed = crate::parse::evaluation::parse(&workbook, known);
            (parsed.evaluations, parsed.diagnostics)
        }
        Err(error) => (HashMap::new(), vec![check::read_diagnostic(&error)]),
    };
    let file = FileReport {
        input: path.to_owned(),
        parsed: None,
        diagnostics,
    };
    (evaluations, file)
}

/// Writes a candidate's Typst sources, data and attachments so that the Typst CLI compiles
/// them unchanged (`typst compile --font-path DIR/../fonts --root DIR DIR/portfolio.typ`).
fn emit_typst(
    dir: &Path,
    templates: &[TemplateFile],
    data: &[u8],
    attachments: &[portfolio::LoadedAttachment],
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("création de {} impossible", dir.display()))?;
    // The Typst CLI does not ship Liberation Sans: give it the fonts (`--font-path`).
    let fonts = dir.with_file_name("fonts");
    std::fs::create_dir_all(&fonts)?;
    for (name, bytes) in LIBERATION_SANS_FILES.iter().zip(LIBERATION_SANS) {
        output::write_atomically(&fonts.join(name), bytes)?;
    }
    output::write_atomically(
        &fonts.join("LICENSE-OFL.txt"),
        include_bytes!("../templates/fonts/LICENSE-OFL.txt"),
    )?;
    for template in templates {
        output::write_atomically(&dir.join(template.name), template.text.as_bytes())?;
    }
    output::write_atomically(&dir.join("data.json"), data)?;
    for (virtual_path, bytes) in attachments.iter().flat_map(|a| &a.pages) {
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
        let checked = crate::render::dossier_template::write(2027, None, today).unwrap();
        std::fs::write(&path, &checked).unwrap();
        let digest = output::sha256(&checked);
        assert!(read_again(&path, &digest).is_ok());

        let edited = crate::render::dossier_template::write(2028, None, today).unwrap();
        std::fs::write(&path, edited).unwrap();
        let error = read_again(&path, &digest).err().unwrap();
        assert!(error.contains("modifié pendant la construction"), "{error}");
    }
}
