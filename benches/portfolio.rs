//! Benchmark of the portfolio: `cargo bench --bench portfolio`. Prints, per document,
//! - the bare Typst cost (compile + PDF export of the same template and data, warm engine),
//! - the whole `build` in one process (read, check, render, write, report) over a class,
//! - the cold start of the binary on one candidate.
//!
//! Measured, never asserted: numbers depend on the machine.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[allow(dead_code)]
#[path = "../tests/common/examples.rs"]
mod examples;

use std::time::Instant;

const CLASS_SIZE: usize = 35;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let dossier = examples::dupont();
    let class = dir.path().join("classe");
    std::fs::create_dir_all(&class).unwrap();
    for i in 0..CLASS_SIZE {
        let mut d = dossier.clone();
        d.candidat.numero = Some(format!("0274411{i:04}"));
        std::fs::write(
            class.join(format!("c{i:02}.xlsx")),
            examples::workbook_bytes(&d),
        )
        .unwrap();
    }

    // Bare Typst: the engine built once, then compile + export only.
    let templates = sio_dossier::render::templates::load(None).unwrap();
    let engine = sio_dossier::render::world::Engine::new(&templates);
    // Each document differs (its number), as in a real class: Typst's memoisation cannot
    // return a previous result whole.
    let data: Vec<Vec<u8>> = (0..=CLASS_SIZE)
        .map(|i| {
            let mut d = dossier.clone();
            d.candidat.numero = Some(format!("0999{i:07}"));
            serde_json::to_vec(&sio_dossier::render::portfolio::data(
                sio_dossier::model::InputKind::Dossier,
                &d,
                2027,
                today,
                &[],
            ))
            .unwrap()
        })
        .collect();
    let job = |i: usize| sio_dossier::render::pdf::PdfJob {
        template: "portfolio.typ",
        data: data[i].clone(),
        attachments: Vec::new(),
        ident: format!("bench-{i}"),
        date: today,
    };
    sio_dossier::render::pdf::render(&engine, job(CLASS_SIZE)).unwrap();
    let start = Instant::now();
    for i in 0..CLASS_SIZE {
        sio_dossier::render::pdf::render(&engine, job(i)).unwrap();
    }
    let bare = start.elapsed() / CLASS_SIZE as u32;

    // The whole build of a class in one process.
    let options = sio_dossier::build::BuildOptions {
        inputs: sio_dossier::inputs::collect(std::slice::from_ref(&class), false).unwrap(),
        output: dir.path().join("sortie"),
        session: None,
        names: sio_dossier::output::DEFAULT_NAMES.into(),
        only: vec![sio_dossier::build::DocumentKind::Portfolio],
        templates: None,
        emit_typst: None,
        fiche: false,
        evaluation: None,
        today,
        jobs: 0,
        quiet: true,
    };
    let start = Instant::now();
    let summary = sio_dossier::build::build(&options).unwrap();
    let whole = start.elapsed();
    assert_eq!(summary.built, CLASS_SIZE);

    // Cold start of the binary on one candidate.
    let one = dir.path().join("un");
    std::fs::create_dir_all(&one).unwrap();
    std::fs::copy(class.join("c00.xlsx"), one.join("c00.xlsx")).unwrap();
    let start = Instant::now();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .args(["build", "un", "-o", "sortie-un", "--date", "2026-11-28"])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    let cold = start.elapsed();
    assert!(status.success());

    println!(
        "portfolio, Typst seul (compilation + PDF, moteur chaud) : {:>7.1} ms/document",
        ms(bare)
    );
    println!(
        "build complet d'une classe de {CLASS_SIZE} en un processus : {:>7.1} ms/candidat ({:.2} s au total)",
        ms(whole) / CLASS_SIZE as f64,
        whole.as_secs_f64()
    );
    println!(
        "démarrage à froid, build d'un candidat                : {:>7.1} ms",
        ms(cold)
    );
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
