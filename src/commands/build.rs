//! `sio-dossier build`: the arguments resolved into a [`Plan`], the class built by the
//! pipeline, each candidate printed as soon as it is done, a progress bar on a terminal, and
//! the closing summary.

use crate::check::FileReport;
use crate::cli::BuildArgs;
use crate::pipeline::class::{self, Event, Observer, Phase, Plan};
use crate::pipeline::clock::Clock;
use crate::pipeline::outcome::Outcome;
use crate::print;
use crate::render::templates::{self, TemplateFile};
use anyhow::Context as _;
use indicatif::ProgressBar;
use std::path::Path;

/// Runs `build`.
pub(super) fn run(args: &BuildArgs) -> anyhow::Result<Outcome> {
    let started = std::time::Instant::now();
    let plan = Plan {
        inputs: crate::inputs::collect(&args.inputs, args.recursive)?,
        output: args.output.clone(),
        session: args.session,
        names: args.names.clone(),
        documents: args.documents(),
        templates: load_templates(args.templates.as_deref())?,
        site_templates: load_site_templates(args.templates.as_deref())?,
        emit_typst: args.emit_typst.clone(),
        fiche: args.fiche,
        evaluation: args.evaluation.clone(),
        jobs: args.jobs,
        clock: Clock::new(args.date.date)?,
    };
    let terminal = Terminal {
        bar: print::progress(plan.inputs.len() as u64, args.quiet),
        quiet: args.quiet,
    };
    let built = class::build(&plan, &terminal)?;
    print::build_summary(&built.files, built.built, &args.output, started.elapsed());
    if built.failures > 0 {
        anyhow::bail!("{} document(s) n'ont pas pu être produits", built.failures);
    }
    Ok(built.outcome())
}

/// The terminal following a build: the progress bar, each candidate's block as it is done.
struct Terminal {
    bar: ProgressBar,
    quiet: bool,
}

impl Observer for Terminal {
    fn phase(&self, phase: Phase, total: u64) {
        self.bar.reset();
        self.bar.set_length(total);
        let (prefix, message) = match phase {
            Phase::Checking => ("vérification", "classeurs"),
            Phase::Rendering => ("production", "candidats"),
        };
        self.bar.set_prefix(prefix);
        self.bar.set_message(message);
    }

    fn step(&self) {
        self.bar.inc(1);
    }

    fn evaluation(&self, file: &FileReport) {
        self.bar
            .suspend(|| print::candidate(file, None, &[], self.quiet));
    }

    fn candidate(&self, file: &FileReport, who: Option<&str>, events: &[Event]) {
        self.bar
            .suspend(|| print::candidate(file, who, events, self.quiet));
    }

    fn class_files(&self, events: &[Event]) {
        self.bar.finish_and_clear();
        print::events(events, self.quiet);
    }
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

/// The site's embedded templates, replaced by the files of `--templates DIR/site/` (an unknown
/// name is an error).
fn load_site_templates(dir: Option<&Path>) -> anyhow::Result<Vec<(String, String)>> {
    let mut overrides = Vec::new();
    if let Some(dir) = dir.map(|d| d.join("site")).filter(|d| d.is_dir()) {
        for path in crate::folder::walk(&dir, false, &|_| false)? {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("lecture du modèle {} impossible", path.display()))?;
            overrides.push((name, text));
        }
    }
    crate::render::site::templates_with(overrides).map_err(anyhow::Error::msg)
}
