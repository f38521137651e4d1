//! Human output of `check`: diagnostics like a compiler's, a line per file and a closing
//! summary. Colour only on a terminal, and never with `NO_COLOR` (anstream decides).

use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::Status;
use anstyle::{AnsiColor, Style};
use std::io::{self, Write};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const OK: Style = AnsiColor::Green.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default();
const BOLD: Style = Style::new().bold();

/// Writes every file's diagnostics and the summary line.
pub fn human(out: &mut impl Write, files: &[FileReport]) -> io::Result<()> {
    for file in files {
        file_block(out, file)?;
    }
    summary(out, files)
}

fn file_block(out: &mut impl Write, file: &FileReport) -> io::Result<()> {
    let who = file
        .parsed
        .as_ref()
        .and_then(|p| p.dossier.candidat.nom_complet());
    file_diagnostics(out, file, who.as_deref())?;
    writeln!(out)
}

/// One file's diagnostics and its status line, naming the candidate (`who`) when known.
pub fn file_diagnostics(
    out: &mut impl Write,
    file: &FileReport,
    who: Option<&str>,
) -> io::Result<()> {
    let input = file.input.display();
    for d in &file.diagnostics {
        diagnostic(out, &input.to_string(), d)?;
    }
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
pub fn diagnostic(out: &mut impl Write, input: &str, d: &Diagnostic) -> io::Result<()> {
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
pub fn build_summary(
    out: &mut impl Write,
    files: &[FileReport],
    built: usize,
    output: &std::path::Path,
    elapsed: std::time::Duration,
) -> io::Result<()> {
    let count = |status| files.iter().filter(|f| f.status() == status).count();
    let with_errors = count(Status::Errors);
    let style = if with_errors > 0 { WARNING } else { OK };
    writeln!(
        out,
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
    )
}

/// A progress bar on standard error (files done / total, rate, time left), hidden when
/// standard error is not a terminal, when asked, or for a handful of files. Its prefix names
/// the phase and its message what is counted (« vérification … classeurs »).
pub fn progress(total: u64, quiet: bool) -> indicatif::ProgressBar {
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

/// "1 erreur", "2 erreurs", "0 erreur" (French: singular for 0 and 1).
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

/// A writer for progress messages whose failures are ignored: a closed terminal or a broken
/// pipe (`build … 2>&1 | head`) must not stop documents from being written.
pub struct Lenient<W>(pub W);

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
