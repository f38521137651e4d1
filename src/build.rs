//! `sio-dossier build`: every input through check, then, for each candidate without errors,
//! its documents in its own folder; the class's grids, `rapport.json` and `SHA256SUMS` at the
//! top.

use crate::check::{self, CheckOptions, FileReport};
use crate::model::Evaluation;
use crate::output::{self, NameFields, Namer};
use crate::render::pdf::{self, PdfJob};
use crate::render::templates::{self, TemplateFile};
use crate::render::world::{Engine, LIBERATION_SANS, LIBERATION_SANS_FILES};
use crate::render::{grille, portfolio};
use crate::report::{EvaluationReport, OutputJson, Report, Status};
use crate::validate;
use anyhow::Context as _;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

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
}

/// What a build did, for the exit status.
#[derive(Debug)]
pub struct BuildSummary {
    /// One report per input.
    pub files: Vec<FileReport>,
    /// Candidates whose documents were written.
    pub built: usize,
    /// Documents that failed to render (template errors): exit status 2.
    pub render_failures: usize,
    /// Whether the jury's evaluation sheet has errors.
    pub evaluation_errors: bool,
}

/// Writes documents into the output folder and remembers them for the report and manifest.
struct Writer<'a> {
    engine: &'a Engine,
    output: &'a Path,
    today: NaiveDate,
    manifest: Vec<(String, String)>,
    render_failures: usize,
}

impl Writer<'_> {
    /// Renders a template with its data and writes `relative` (under the output folder).
    fn pdf(
        &mut self,
        relative: &str,
        template: &str,
        data: Vec<u8>,
        attachments: Vec<(String, Vec<u8>)>,
        err: &mut impl std::io::Write,
    ) -> anyhow::Result<Option<OutputJson>> {
        let job = PdfJob {
            template,
            data,
            attachments,
            ident: format!("sio-dossier/{relative}"),
            date: self.today,
        };
        match pdf::render(self.engine, job) {
            Ok(bytes) => Ok(Some(self.file(relative, &bytes, err)?)),
            Err(error) => {
                self.render_failures += 1;
                writeln!(err, "erreur : {relative} impossible à produire :")?;
                for line in &error.messages {
                    writeln!(err, "  {line}")?;
                }
                Ok(None)
            }
        }
    }

    /// Writes a file atomically and records its hash.
    fn file(
        &mut self,
        relative: &str,
        bytes: &[u8],
        err: &mut impl std::io::Write,
    ) -> anyhow::Result<OutputJson> {
        let path = self.output.join(relative);
        output::write_atomically(&path, bytes)?;
        writeln!(err, "  écrit : {}", path.display())?;
        let hash = output::sha256(bytes);
        self.manifest.push((relative.to_owned(), hash.clone()));
        Ok(OutputJson {
            path: relative.to_owned(),
            sha256: hash,
        })
    }
}

/// Runs a build, printing diagnostics and progress on standard error.
pub fn build(options: &BuildOptions) -> anyhow::Result<BuildSummary> {
    let template_files = templates::load(options.templates.as_deref())?;
    let engine = Engine::new(&template_files);
    let mut namer = Namer::new(&options.names)?;
    std::fs::create_dir_all(&options.output).with_context(|| {
        format!(
            "création du dossier {} impossible",
            options.output.display()
        )
    })?;

    let check_options = CheckOptions {
        session: options.session,
        today: options.today,
    };
    let mut writer = Writer {
        engine: &engine,
        output: &options.output,
        today: options.today,
        manifest: Vec::new(),
        render_failures: 0,
    };
    let mut report = Report::new(&[]);
    let mut grids = Vec::new();
    let mut built = 0;
    let mut err = crate::print::Lenient(anstream::stderr().lock());

    // Check every input first: the evaluation sheet is matched against the candidates found.
    let files: Vec<FileReport> = options
        .inputs
        .iter()
        .map(|input| check::check_file(input, &check_options))
        .collect();
    let known: HashSet<String> = files
        .iter()
        .filter_map(|f| f.parsed.as_ref()?.dossier.candidat.numero.clone())
        .collect();
    let (evaluations, evaluation_report) = match &options.evaluation {
        Some(path) => {
            let (evaluations, file) = read_evaluations(path, &known);
            crate::print::file_diagnostics(&mut err, &file)?;
            writeln!(err)?;
            (evaluations, Some(file))
        }
        None => (HashMap::new(), None),
    };

    for (input, file) in options.inputs.iter().zip(&files) {
        let mut entry = Report::new(std::slice::from_ref(file)).candidates.remove(0);
        crate::print::file_diagnostics(&mut err, file)?;
        if let (Some(parsed), true) = (&file.parsed, file.status() != Status::Errors) {
            let dossier = &parsed.dossier;
            let c = &dossier.candidat;
            let context = validate::Context {
                session: options.session,
                today: options.today,
                base_dir: Path::new("."),
            };
            let session = validate::effective_session(parsed, &context);
            let name = namer.name(&NameFields {
                numero: c.numero.clone().unwrap_or_default(),
                nom: c
                    .nom
                    .clone()
                    .or_else(|| c.nom_prenom.clone())
                    .unwrap_or_default(),
                prenom: c.prenom.clone().unwrap_or_default(),
                option: c.option.map(|o| o.code().to_owned()).unwrap_or_default(),
                session: session.to_string(),
                fichier: input
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            })?;
            let folder = options.output.join(&name);
            std::fs::create_dir_all(&folder)
                .with_context(|| format!("création du dossier {} impossible", folder.display()))?;

            if options.only.contains(&DocumentKind::Portfolio) || options.emit_typst.is_some() {
                let attachments = portfolio::load_attachments(dossier, check::input_dir(input));
                let data =
                    portfolio::data(parsed.kind, dossier, session, options.today, &attachments);
                let data = serde_json::to_vec_pretty(&data).context("données du portfolio")?;
                if let Some(dir) = &options.emit_typst {
                    emit_typst(&dir.join(&name), &template_files, &data, &attachments)?;
                }
                if options.only.contains(&DocumentKind::Portfolio) {
                    let pages = attachments.into_iter().flat_map(|a| a.pages).collect();
                    let relative = format!("{name}/portfolio.pdf");
                    if let Some(out) =
                        writer.pdf(&relative, "portfolio.typ", data, pages, &mut err)?
                    {
                        entry.outputs.push(out);
                    }
                }
            }
            if options.only.contains(&DocumentKind::Grille) {
                let evaluation = c.numero.as_ref().and_then(|n| evaluations.get(n));
                let grid = grille::data(c, session, evaluation, options.fiche);
                let data = serde_json::to_vec_pretty(&grid).context("données de la grille")?;
                let relative = format!("{name}/grille-evaluation.pdf");
                if let Some(out) =
                    writer.pdf(&relative, "grille.typ", data, Vec::new(), &mut err)?
                {
                    entry.outputs.push(out);
                }
                grids.push(grid);
            }
            if options.only.contains(&DocumentKind::Tableau) {
                let bytes = crate::render::tableau::write(dossier, session, options.today)
                    .context("écriture du tableau de synthèse")?;
                let relative = format!("{name}/tableau-synthese.xlsx");
                entry
                    .outputs
                    .push(writer.file(&relative, &bytes, &mut err)?);
            }
            built += 1;
        }
        writeln!(err)?;
        report.candidates.push(entry);
    }
    let evaluation_errors = evaluation_report
        .as_ref()
        .is_some_and(|f| f.status() == Status::Errors);
    report.evaluation = evaluation_report.as_ref().map(EvaluationReport::new);

    if !grids.is_empty() {
        let data = serde_json::to_vec(&serde_json::json!({ "grilles": grids }))
            .context("données des grilles")?;
        writer.pdf("grilles.pdf", "grilles.typ", data, Vec::new(), &mut err)?;
    }
    let classe = crate::render::classe::write(&files, &report, options.today)
        .context("écriture de classe.xlsx")?;
    writer.file("classe.xlsx", &classe, &mut err)?;
    let report_bytes = serde_json::to_vec_pretty(&report).context("rapport JSON")?;
    output::write_atomically(&options.output.join("rapport.json"), &report_bytes)?;
    writer
        .manifest
        .push(("rapport.json".into(), output::sha256(&report_bytes)));
    output::write_atomically(
        &options.output.join("SHA256SUMS"),
        output::manifest(&writer.manifest).as_bytes(),
    )?;
    crate::print::build_summary(&mut err, &files, built, &options.output)?;
    Ok(BuildSummary {
        files,
        built,
        render_failures: writer.render_failures,
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
