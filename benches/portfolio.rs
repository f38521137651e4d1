//! Benchmark of a whole class: `cargo bench --bench portfolio` (`BENCH_N=35` to change the class
//! size; `BENCH_LARGE=0` to skip the 1 000-candidate memory run). Prints, on this machine:
//! - the engine floor: bare Typst compile + PDF export of the portfolio and the grid of every
//!   candidate, with the very data `build` gives the engine, warm, one thread, and the writing
//!   of the tableau, per document;
//! - `build` end to end on N candidates, one thread and all cores: per candidate, ratio to the
//!   floor, speed-up;
//! - peak resident memory of `build` for N and for 1 000 candidates;
//! - `check` on the N workbooks, and the cold start of `build` on one candidate.
//!
//! Measured, never asserted: numbers depend on the machine.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{TODAY, today, write_class};
use sio_dossier::model::{Dossier, InputKind};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The allocator of the binary, so that the floor is measured like the build.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Runs the binary; returns the wall time and the peak resident memory (VmHWM, in MiB).
fn run(dir: &Path, args: &[&str]) -> (Duration, f64) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .args(args)
        .current_dir(dir)
        .stderr(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0u64;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_path)
            && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
        {
            peak_kib = peak_kib.max(
                line.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0),
            );
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    (start.elapsed(), peak_kib as f64 / 1024.0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let n: usize = std::env::var("BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let large = std::env::var("BENCH_LARGE").map_or(true, |v| v != "0");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if let Some(target) = std::env::var_os("BENCH_WRITE_CLASS") {
        // Only write the class (to measure by hand, e.g. with /usr/bin/time).
        write_class(Path::new(&target), n);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_class(&dir.path().join("classe"), n);

    // Engine floor, warm, one thread: bare compile + export (no panic guard, no cache
    // trimming) of each document of the class, with the very data `build` gives the engine:
    // the workbooks are read back through the library, as `build` reads them.
    let templates = sio_dossier::render::templates::with_overrides(Vec::new()).unwrap();
    let engine = sio_dossier::render::world::Engine::new(&templates, 1);
    let check_options = sio_dossier::check::CheckOptions {
        session: None,
        today: today(),
    };
    let dossiers: Vec<(Dossier, u16)> = (0..n)
        .map(|i| {
            let path = dir.path().join(format!("classe/c{i:04}.xlsx"));
            let bytes = std::fs::read(&path).unwrap();
            let name = path.display().to_string();
            let folder = sio_dossier::attachments::Folder(dir.path().join("classe"));
            let report = sio_dossier::check::check(&name, bytes, &check_options, &folder);
            let session = report.session(&check_options).unwrap();
            let parsed = report.parsed.unwrap();
            (parsed.dossier, session)
        })
        .collect();
    let floor = |template: &str, data: &dyn Fn(&Dossier, u16) -> Vec<u8>| {
        let compile = |(dossier, session): &(Dossier, u16)| {
            let job = sio_dossier::render::pdf::PdfJob {
                template,
                data: data(dossier, *session),
                attachments: Vec::new(),
                ident: "bench".into(),
                date: today(),
            };
            let start = Instant::now();
            sio_dossier::render::pdf::compile(&engine, job).unwrap();
            let elapsed = start.elapsed();
            // Memory only: clearing the cache does not change the time of the next document.
            typst::comemo::evict(0);
            elapsed
        };
        compile(&dossiers[0]);
        dossiers.iter().map(compile).sum::<Duration>() / n as u32
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let (portfolio, grid) = pool.install(|| {
        let portfolio = floor("portfolio.typ", &|d, session| {
            serde_json::to_vec(&sio_dossier::render::portfolio::data(
                InputKind::Dossier,
                d,
                session,
                today(),
                &[],
            ))
            .unwrap()
        });
        let grid = floor("grille.typ", &|d, session| {
            serde_json::to_vec(&sio_dossier::render::grille::data(
                &d.candidat,
                session,
                None,
                false,
            ))
            .unwrap()
        });
        (portfolio, grid)
    });
    let start = Instant::now();
    for (dossier, session) in &dossiers {
        sio_dossier::render::tableau::write(dossier, *session, today()).unwrap();
    }
    let tableau = start.elapsed() / n as u32;
    let floor_sum = portfolio + grid + tableau;

    let (one, _) = run(
        dir.path(),
        &[
            "build", "classe", "-o", "un", "--jobs", "1", "--quiet", "--date", TODAY,
        ],
    );
    let (all, peak_n) = run(
        dir.path(),
        &["build", "classe", "-o", "tous", "--quiet", "--date", TODAY],
    );
    // The online portfolio: what the site adds to a build that makes the portfolio anyway.
    let only = |kinds: &str, out: &str| {
        run(
            dir.path(),
            &[
                "build", "classe", "-o", out, "--only", kinds, "--quiet", "--date", TODAY,
            ],
        )
        .0
    };
    let without_site = only("portfolio,tableau", "sans-site");
    let with_site = only("portfolio,tableau,site", "avec-site");
    let (check, _) = run(dir.path(), &["check", "classe", "--date", TODAY]);
    std::fs::create_dir_all(dir.path().join("un-seul")).unwrap();
    std::fs::copy(
        dir.path().join("classe/c0000.xlsx"),
        dir.path().join("un-seul/c0000.xlsx"),
    )
    .unwrap();
    let (cold, _) = run(
        dir.path(),
        &[
            "build",
            "un-seul",
            "-o",
            "sortie-un",
            "--quiet",
            "--date",
            TODAY,
        ],
    );

    let per_one = one / n as u32;
    let per_all = all / n as u32;
    println!(
        "machine : {cores} cœurs ; classe de {n} candidats (8 à 12 réalisations, 2 stages chacun)"
    );
    println!(
        "site du portfolio : + {:.1} ms par candidat ({:.2} s pour la classe, {cores} fils)",
        (ms(with_site) - ms(without_site)) / n as f64,
        (with_site.as_secs_f64() - without_site.as_secs_f64()).max(0.0)
    );
    println!("plancher du moteur, par document (un fil, moteur chaud) :");
    println!(
        "  portfolio {:>7.1} ms   grille {:>6.1} ms   tableau {:>5.1} ms   somme {:>7.1} ms",
        ms(portfolio),
        ms(grid),
        ms(tableau),
        ms(floor_sum)
    );
    println!(
        "build, 1 fil      : {:>7.1} ms/candidat ({:.2} × le plancher), {:.1} s au total",
        ms(per_one),
        per_one.as_secs_f64() / floor_sum.as_secs_f64(),
        one.as_secs_f64()
    );
    println!(
        "build, {cores} fils     : {:>7.1} ms/candidat, accélération {:.2} ×, {:.1} s au total",
        ms(per_all),
        one.as_secs_f64() / all.as_secs_f64(),
        all.as_secs_f64()
    );
    println!("mémoire maximale, build de {n} candidats : {peak_n:.0} Mio");
    if large && n < 1000 {
        write_class(&dir.path().join("grande"), 1000);
        let (big, peak_1000) = run(
            dir.path(),
            &[
                "build",
                "grande",
                "-o",
                "grande-sortie",
                "--quiet",
                "--date",
                TODAY,
            ],
        );
        println!(
            "mémoire maximale, build de 1000 candidats : {peak_1000:.0} Mio ({:.1} s)",
            big.as_secs_f64()
        );
        let (check_1000, _) = run(dir.path(), &["check", "grande", "--date", TODAY]);
        println!(
            "check de 1000 classeurs : {:.2} s",
            check_1000.as_secs_f64()
        );
    }
    println!("check de {n} classeurs : {:.2} s", check.as_secs_f64());
    println!(
        "démarrage à froid, build d'un candidat : {:.0} ms",
        ms(cold)
    );
}
