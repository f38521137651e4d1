//! Everything the command line prints: diagnostics like a compiler's, a status line per
//! file, the files written, progress and closing summaries. Colour only on a terminal, and
//! never with `NO_COLOR` (anstream decides). Messages on standard error never fail a run.

use crate::check::FileReport;
use crate::diagnostic::Status;
use crate::diagnostic::{Diagnostic, Severity};
use crate::pipeline::class::Event;
use crate::text::plural;
use anstyle::{AnsiColor, Style};
use std::io::{self, Write};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const OK: Style = AnsiColor::Green.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default();
const BOLD: Style = Style::new().bold();

/// Writes every file's diagnostics and the summary line (`check`).
pub(crate) fn human(out: &mut impl Write, files: &[FileReport]) -> io::Result<()> {
    for file in files {
        let who = file
            .parsed
            .as_ref()
            .and_then(|p| p.dossier.candidat.nom_complet());
        block(out, file, who.as_deref(), &[], false)?;
    }
    summary(out, files)
}

/// The JSON report on standard output (`check --format json`).
pub(crate) fn json(report: &crate::report::Report) -> io::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, report)
        .map_err(io::Error::from)
        .and_then(|()| writeln!(out))
}

/// One candidate of `build`, on standard error: its diagnostics, status line and events. With
/// `quiet`, only problems: nothing for a clean candidate, and no list of files written.
pub(crate) fn candidate(file: &FileReport, who: Option<&str>, events: &[Event], quiet: bool) {
    let _ = block(&mut stderr(), file, who, events, quiet);
}

/// Events outside any candidate (the class files); with `quiet`, failures only.
pub(crate) fn events(events: &[Event], quiet: bool) {
    let mut err = stderr();
    for event in events {
        let _ = event_line(&mut err, event, quiet);
    }
}

/// A file's diagnostics, its status line and its events; a blank line after a block of more
/// than one line, so that clean candidates follow each other line by line.
fn block(
    out: &mut impl Write,
    file: &FileReport,
    who: Option<&str>,
    events: &[Event],
    quiet: bool,
) -> io::Result<()> {
    let failed = events.iter().any(|e| matches!(e, Event::Failed(..)));
    if quiet && file.status() == Status::Ok && !failed {
        return Ok(());
    }
    let input = file.input.display().to_string();
    for d in &file.diagnostics {
        diagnostic(out, &input, d)?;
    }
    status_line(out, file, who)?;
    let mut lines = file.diagnostics.len();
    for event in events {
        lines += usize::from(event_line(out, event, quiet)?);
    }
    if lines > 0 {
        writeln!(out)?;
    }
    Ok(())
}

/// Prints an event unless `quiet` hides it; says whether it printed.
fn event_line(out: &mut impl Write, event: &Event, quiet: bool) -> io::Result<bool> {
    match event {
        Event::Written(_) if quiet => return Ok(false),
        Event::Written(path) => writeln!(out, "  écrit : {}", path.display())?,
        Event::Failed(message, details) => {
            writeln!(out, "{ERROR}erreur{ERROR:#} : {message}")?;
            for detail in details {
                writeln!(out, "  {detail}")?;
            }
        }
    }
    Ok(true)
}

/// The status line of a file, naming the candidate (`who`) when known.
fn status_line(out: &mut impl Write, file: &FileReport, who: Option<&str>) -> io::Result<()> {
    let input = file.input.display();
    let who = who.map(|n| format!(" ({n})")).unwrap_or_default();
    let count = |s| file.count(s);
    match file.status() {
        Status::Ok => writeln!(out, "{OK}ok{OK:#}: {input}{who} : aucun problème"),
        Status::Warnings => writeln!(
            out,
            "{WARNING}à revoir{WARNING:#}: {input}{who} : {}",
            plural(count(Severity::Warning), "avertissement", "avertissements")
        ),
        Status::Errors => writeln!(
            out,
            "{ERROR}à corriger{ERROR:#}: {input}{who} : {}, {}",
            plural(count(Severity::Error), "erreur", "erreurs"),
            plural(count(Severity::Warning), "avertissement", "avertissements")
        ),
    }
}

/// One diagnostic: `erreur[E021]: file, Sheet!A5: message`, then its hint.
fn diagnostic(out: &mut impl Write, input: &str, d: &Diagnostic) -> io::Result<()> {
    let style = match d.severity() {
        Severity::Error => ERROR,
        Severity::Warning => WARNING,
    };
    let place = match &d.cell {
        Some(cell) => format!("{input}, {cell}"),
        None => input.to_owned(),
    };
    writeln!(
        out,
        "{style}{}[{}]{style:#}{BOLD}: {place}:{BOLD:#} {}",
        d.severity().label(),
        d.code.as_str(),
        d.message
    )?;
    if let Some(hint) = &d.hint {
        writeln!(out, "  {HINT}= aide :{HINT:#} {hint}")?;
    }
    Ok(())
}

fn summary(out: &mut impl Write, files: &[FileReport]) -> io::Result<()> {
    let with = |status| files.iter().filter(|f| f.status() == status).count();
    let errors: usize = files.iter().map(|f| f.count(Severity::Error)).sum();
    let warnings: usize = files.iter().map(|f| f.count(Severity::Warning)).sum();
    let style = if errors > 0 {
        ERROR
    } else if warnings > 0 {
        WARNING
    } else {
        OK
    };
    writeln!(
        out,
        "{style}{}{style:#} : {} sans problème, {} avec avertissements, {} avec erreurs \
         ({}, {})",
        plural(files.len(), "classeur vérifié", "classeurs vérifiés"),
        with(Status::Ok),
        with(Status::Warnings),
        with(Status::Errors),
        plural(errors, "erreur", "erreurs"),
        plural(warnings, "avertissement", "avertissements"),
    )
}

/// The closing line of `build`: how many candidates got their documents, where, how fast.
pub(crate) fn build_summary(
    files: &[FileReport],
    built: usize,
    output: &std::path::Path,
    elapsed: std::time::Duration,
) {
    let count = |status| files.iter().filter(|f| f.status() == status).count();
    let with_errors = count(Status::Errors);
    let style = if with_errors > 0 { WARNING } else { OK };
    let _ = writeln!(
        stderr(),
        "{style}{}{style:#} : {} dans {} (dont {} avec avertissements), {} (sans document), en {:.1} s",
        plural(files.len(), "classeur traité", "classeurs traités"),
        plural(built, "dossier produit", "dossiers produits"),
        output.display(),
        count(Status::Warnings),
        plural(
            with_errors,
            "classeur avec erreurs",
            "classeurs avec erreurs"
        ),
        elapsed.as_secs_f64(),
    );
}

/// `template`'s closing line: the workbook written, and where it was pre-filled from.
pub(crate) fn template_written(
    path: &std::path::Path,
    session: u16,
    from: Option<(&std::path::Path, &crate::model::Dossier)>,
) {
    let _ = match from {
        Some((from, dossier)) => {
            let without_cadre = dossier
                .realisations
                .iter()
                .filter(|r| r.cadre.is_none())
                .count();
            let cadres = if without_cadre > 0 {
                format!(
                    ", choisissez le cadre dans les cases surlignées en orange ({})",
                    plural(without_cadre, "réalisation", "réalisations")
                )
            } else {
                String::new()
            };
            writeln!(
                stderr(),
                "classeur de la session {session} écrit : {}, pré-rempli depuis {} ({}) ; complétez les \
                 descriptions{cadres} et remplacez chaque « ? » par les sous-compétences mobilisées",
                path.display(),
                from.display(),
                plural(dossier.realisations.len(), "réalisation", "réalisations"),
            )
        }
        None => writeln!(
            stderr(),
            "classeur vierge de la session {session} écrit : {}",
            path.display()
        ),
    };
}

/// An input left out, and why.
pub(crate) fn skipped(path: &std::path::Path, why: &str) {
    let _ = writeln!(stderr(), "ignoré : {} {why}", path.display());
}

/// `evaluation-template`'s closing line.
pub(crate) fn evaluation_template_written(path: &std::path::Path, candidates: usize) {
    let _ = writeln!(
        stderr(),
        "classeur d'évaluation écrit : {} ({})",
        path.display(),
        plural(candidates, "candidat", "candidats")
    );
}

/// Standard error, locked for one message, its failures ignored.
fn stderr() -> Lenient<anstream::AutoStream<io::StderrLock<'static>>> {
    Lenient(anstream::AutoStream::auto(io::stderr().lock()))
}

/// A progress bar on standard error (files done / total, rate, time left), hidden when
/// standard error is not a terminal, when asked, or for a handful of files. Its prefix names
/// the phase and its message what is counted (« vérification … classeurs »).
pub(crate) fn progress(total: u64, quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || total < 4 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    let style = indicatif::ProgressStyle::with_template(
        "{prefix:12} {bar:20} {pos}/{len} {msg}, {rate}/s, reste {eta}",
    );
    if let Ok(style) = style {
        // "13,5" rather than indicatif's "13.5124/s".
        let rate = |state: &indicatif::ProgressState, out: &mut dyn std::fmt::Write| {
            let _ = write!(
                out,
                "{}",
                format!("{:.1}", state.per_sec()).replace('.', ",")
            );
        };
        bar.set_style(style.with_key("rate", rate));
    }
    bar
}

/// A writer for progress messages whose failures are ignored: a closed terminal or a broken
/// pipe (`build … 2>&1 | head`) must not stop documents from being written.
struct Lenient<W>(W);

impl<W: Write> Write for Lenient<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let _ = self.0.write_all(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let _ = self.0.flush();
        Ok(())
    }
}

/// One candidate's deposit: conforme, or à régulariser with each reason (only the latter
/// under `--quiet`).
pub(crate) fn deposited(name: &str, deposit: &crate::conformite::Deposit, quiet: bool) {
    let mut out = stderr();
    let late = if deposit.hors_delai {
        ", hors délai"
    } else {
        ""
    };
    if deposit.conformite.conforme {
        if !quiet {
            let _ = writeln!(out, "{OK}déposé{OK:#} : {name} — conforme{late}");
        }
        return;
    }
    let _ = writeln!(
        out,
        "{WARNING}déposé{WARNING:#} : {name} — à régulariser{late}"
    );
    for reason in deposit.conformite.reasons() {
        let _ = writeln!(out, "  - {reason}");
    }
}

/// A deposit that could not be made (its folder has no `depot.json`).
pub(crate) fn deposit_failed(name: &str, error: &anyhow::Error) {
    let _ = writeln!(
        stderr(),
        "{ERROR}erreur{ERROR:#} : dépôt de {name} impossible : {error:#}"
    );
}

/// `depot`'s closing line.
pub(crate) fn deposit_summary(
    root: &std::path::Path,
    deposits: &[&crate::conformite::Deposit],
    failures: usize,
) {
    let conformes = deposits.iter().filter(|d| d.conformite.conforme).count();
    let late = deposits.iter().filter(|d| d.hors_delai).count();
    let style = if conformes == deposits.len() && failures == 0 {
        OK
    } else {
        WARNING
    };
    let _ = writeln!(
        stderr(),
        "{style}{}{style:#} dans {} : {}, {} à régulariser, {} hors délai{} ; bordereau : bordereau.pdf et bordereau.xlsx",
        plural(deposits.len(), "dossier déposé", "dossiers déposés"),
        root.display(),
        plural(conformes, "conforme", "conformes"),
        deposits.len() - conformes,
        late,
        if failures > 0 {
            format!(", {} en échec", failures)
        } else {
            String::new()
        },
    );
}

/// `depot --verifier`: each candidate's folder intact, or what changed.
pub(crate) fn verification(root: &std::path::Path, results: &[crate::pipeline::deposit::Verified]) {
    let mut out = stderr();
    for v in results {
        if v.incomplete {
            let _ = writeln!(
                out,
                "{ERROR}incomplet{ERROR:#} : {} : pas de depot.json, le dépôt a été interrompu",
                v.name
            );
        } else if v.intact() {
            let _ = writeln!(out, "{OK}intact{OK:#} : {}", v.name);
        } else {
            let _ = writeln!(out, "{ERROR}modifié{ERROR:#} : {}", v.name);
            for (what, files) in [
                ("modifié", &v.changed),
                ("supprimé", &v.removed),
                ("ajouté", &v.added),
            ] {
                for file in files {
                    let _ = writeln!(out, "  - {what} : {file}");
                }
            }
        }
    }
    let intact = results.iter().filter(|v| v.intact()).count();
    let style = if intact == results.len() { OK } else { ERROR };
    let _ = writeln!(
        out,
        "{style}{}{style:#} dans {} : {}, {}",
        plural(results.len(), "dossier vérifié", "dossiers vérifiés"),
        root.display(),
        plural(intact, "intact", "intacts"),
        plural(
            results.len() - intact,
            "modifié ou incomplet",
            "modifiés ou incomplets"
        )
    );
}

/// `serve` started: each role's address with its token, one per line on stdout (« Adresse
/// pour les candidats : URL », scripts and tests read them), the candidates' one as a QR code.
pub(crate) fn serving(candidats: &str, professeur: Option<&str>, qr: Option<&str>, network: bool) {
    let mut err = stderr();
    let _ = writeln!(
        err,
        "{OK}sio-dossier serve{OK:#} : ouvrez ces adresses dans un navigateur (chacune contient son jeton d'accès)."
    );
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "Adresse pour les candidats : {candidats}");
    if let Some(professeur) = professeur {
        let _ = writeln!(out, "Adresse du professeur : {professeur}");
    }
    let _ = out.flush();
    if let Some(qr) = qr {
        let _ = writeln!(err, "Adresse pour les candidats, à flasher :\n{qr}");
    }
    if professeur.is_some() {
        let _ = writeln!(
            err,
            "Ne donnez l'adresse du professeur à personne : elle ouvre la classe, la production et le dépôt."
        );
    } else {
        let _ = writeln!(
            err,
            "Sans dossier de classe, seules les pages des candidats existent (pas de remise) : \
             « sio-dossier serve CLASSE/ » pour suivre une classe."
        );
    }
    if network {
        let _ = writeln!(
            err,
            "{WARNING}attention{WARNING:#} : le serveur écoute sur tout le réseau de l'établissement ; \
             les adresses ci-dessus s'ouvrent depuis les autres postes. Ne les diffusez qu'aux personnes concernées."
        );
    }
    let _ = writeln!(err, "Ctrl-C pour arrêter.");
}

/// `serve` stopped cleanly.
pub(crate) fn stopped() {
    let _ = writeln!(stderr(), "serveur arrêté.");
}
