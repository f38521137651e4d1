//! The library API every front door uses, driven in memory: workbooks given as bytes, files
//! they name from an in-memory source, documents returned as bytes. Nothing here reads or
//! writes the disk.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use calamine::Reader;
use chrono::NaiveDate;
use common::examples;
use sio_dossier::attachments::{NoFiles, Refusal, Source};
use sio_dossier::check::{CheckOptions, FileReport, check};
use sio_dossier::diagnostic::Status;
use sio_dossier::pipeline::documents::{self, DocumentKind, Request};
use sio_dossier::render::world::Engine;
use sio_dossier::render::{self, templates};
use std::collections::HashMap;

/// Files held in memory, by the name a workbook gives them.
struct Memory(HashMap<String, Vec<u8>>);

impl Source for Memory {
    fn exists(&self, entry: &str) -> Result<(), Refusal> {
        self.0.get(entry).map(|_| ()).ok_or(Refusal::NotFound)
    }

    fn read(&self, entry: &str) -> Result<Vec<u8>, Refusal> {
        self.0.get(entry).cloned().ok_or(Refusal::NotFound)
    }
}

fn options() -> CheckOptions {
    CheckOptions {
        session: None,
        today: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
    }
}

fn codes(report: &FileReport) -> Vec<&str> {
    report.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn a_workbook_given_as_bytes_is_checked_with_its_files_from_memory() {
    let mut dossier = examples::dupont();
    dossier.stages[0].attestation = Some("attestation.pdf".into());
    dossier.realisations[0].documents = vec!["capture.png".into()];
    let bytes = examples::workbook_bytes(&dossier);

    // Alone (an upload): the files it names are missing, said at their cells.
    let alone = check("dupont.xlsx", bytes.clone(), &options(), &NoFiles);
    assert_eq!(alone.status(), Status::Warnings, "{:?}", codes(&alone));
    assert_eq!(codes(&alone), ["W009", "W009"]);
    assert!(alone.attachments.is_empty());
    let parsed = alone.parsed.as_ref().unwrap();
    assert_eq!(parsed.dossier.candidat.nom.as_deref(), Some("DUPONT"));

    // With its files: found, the attestation vetted once and handed on.
    let files = Memory(HashMap::from([
        ("attestation.pdf".to_owned(), common::minimal_pdf(2)),
        ("capture.png".to_owned(), b"png".to_vec()),
    ]));
    let with_files = check("dupont.xlsx", bytes, &options(), &files);
    assert_eq!(with_files.status(), Status::Ok, "{:?}", codes(&with_files));
    assert_eq!(with_files.attachments.len(), 1);
    assert_eq!(with_files.attachments[0].stage, 0);

    // A file that is not a workbook is a diagnostic, never a failure.
    let not_a_workbook = check("notes.xlsx", b"bonjour".to_vec(), &options(), &NoFiles);
    assert_eq!(codes(&not_a_workbook), ["E001"]);

    // An attestation that is not a picture or a PDF is refused with its reason.
    let mut bad = examples::dupont();
    bad.stages[0].attestation = Some("attestation.docx".into());
    let files = Memory(HashMap::from([(
        "attestation.docx".to_owned(),
        b"PK\x03\x04 word".to_vec(),
    )]));
    let refused = check(
        "bad.xlsx",
        examples::workbook_bytes(&bad),
        &options(),
        &files,
    );
    assert_eq!(codes(&refused), ["W018"]);
}

#[test]
fn one_engine_renders_candidates_from_several_threads_into_bytes() {
    let templates = templates::with_overrides(Vec::new()).unwrap();
    let engine = Engine::new(&templates, 2);
    let date = options().today;
    let candidates = [examples::dupont(), examples::martin()];
    let pdfs: Vec<(Vec<u8>, Vec<u8>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = candidates
            .iter()
            .map(|dossier| {
                let engine = &engine;
                scope.spawn(move || {
                    let bytes = examples::workbook_bytes(dossier);
                    let report = check("c.xlsx", bytes, &options(), &NoFiles);
                    let request = Request {
                        kinds: &[DocumentKind::Portfolio, DocumentKind::Grille],
                        date,
                        evaluation: None,
                        fiche: false,
                        emit: None,
                        source: &NoFiles,
                        site_templates: &[],
                    };
                    let made = documents::render(engine, &report, 2027, &request);
                    assert!(made.failures.is_empty(), "{:?}", made.failures);
                    let names: Vec<&str> = made.documents.iter().map(|d| d.name).collect();
                    assert_eq!(names, ["portfolio.pdf", "grille-evaluation.pdf"]);
                    let mut documents = made.documents.into_iter().map(|d| d.bytes);
                    let portfolio = documents.next().unwrap();
                    let grid = documents.next().unwrap();
                    (portfolio, grid)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for ((portfolio, grid), name) in pdfs.iter().zip(["DUPONT", "MARTIN"]) {
        let text = pdf_extract::extract_text_from_mem(portfolio).unwrap();
        assert!(text.contains(name), "{name} absent de son portfolio");
        let text = pdf_extract::extract_text_from_mem(grid).unwrap();
        assert!(text.contains(name), "{name} absent de sa grille");
    }
    // Same inputs, same date: the same bytes.
    let report = check(
        "c.xlsx",
        examples::workbook_bytes(&candidates[0]),
        &options(),
        &NoFiles,
    );
    let request = Request {
        kinds: &[DocumentKind::Grille],
        date,
        evaluation: None,
        fiche: false,
        emit: None,
        source: &NoFiles,
        site_templates: &[],
    };
    let again = documents::render(&engine, &report, 2027, &request)
        .documents
        .remove(0)
        .bytes;
    assert_eq!(again, pdfs[0].1);
}

#[test]
fn the_tableau_and_the_workbooks_are_bytes_read_back_in_memory() {
    let dossier = examples::dupont();
    let date = options().today;
    let tableau = render::tableau::write(&dossier, 2027, date).unwrap();
    let mut xlsx: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(tableau)).unwrap();
    let sheet = xlsx.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<String> = sheet.cells().map(|(_, _, v)| v.to_string()).collect();
    assert!(
        cells.iter().any(|c| c.contains("DUPONT Marie")),
        "{cells:?}"
    );

    // The pre-filled workbook reads back as the same dossier.
    let workbook = render::dossier_template::write(2027, Some(&dossier), date).unwrap();
    let report = check("d.xlsx", workbook, &options(), &NoFiles);
    let titles = |d: &sio_dossier::model::Dossier| -> Vec<Option<String>> {
        d.realisations.iter().map(|r| r.intitule.clone()).collect()
    };
    let read = report.parsed.unwrap().dossier;
    assert_eq!(titles(&read), titles(&dossier));
    assert_eq!(read.candidat.numero, dossier.candidat.numero);
}

#[test]
fn a_misspelled_template_override_is_refused_with_the_known_names() {
    let error = templates::with_overrides(vec![("portfolo.typ".into(), String::new())])
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("portfolo.typ"), "{error}");
    assert!(error.contains("« portfolio.typ »"), "{error}");
}
