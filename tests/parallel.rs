//! Parallel builds: the same bytes as a sequential build, messages and report in input order,
//! and one candidate's failure leaving the others complete.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{TestDir, examples};
use std::collections::BTreeMap;
use std::path::Path;

fn class(dir: &TestDir, n: usize) {
    for i in 0..n {
        let mut dossier = if i % 2 == 0 {
            examples::dupont()
        } else {
            examples::martin()
        };
        dossier.candidat.numero = Some(format!("0274411{i:04}"));
        dir.dossier(&format!("classe/c{i:02}.xlsx"), &dossier);
    }
}

/// Every file under a folder with its bytes.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let key = path.strip_prefix(root).unwrap().display().to_string();
                out.insert(key, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn parallel_and_sequential_builds_give_the_same_bytes_in_the_same_order() {
    let dir = TestDir::new();
    class(&dir, 6);
    let one = dir.run(&[
        "build",
        "classe",
        "-o",
        "un",
        "--jobs",
        "1",
        "--date",
        common::TODAY,
    ]);
    let all = dir.run(&[
        "build",
        "classe",
        "-o",
        "tous",
        "--jobs",
        "4",
        "--date",
        common::TODAY,
    ]);
    assert_eq!((one.code, all.code), (0, 0), "{}", all.stderr);
    let (a, b) = (tree(&dir.join("un")), tree(&dir.join("tous")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(
            bytes == &b[name],
            "{name} diffère entre --jobs 1 et --jobs 4"
        );
    }
    // Messages in input order, whatever finished first.
    let order = |stderr: &str| -> Vec<String> {
        stderr
            .lines()
            .filter(|l| l.contains("classe/c"))
            .map(|l| l.split("classe/").nth(1).unwrap()[..3].to_owned())
            .collect()
    };
    let expected: Vec<String> = (0..6).map(|i| format!("c{i:02}")).collect();
    let mut seen = order(&all.stderr);
    seen.dedup();
    assert_eq!(seen, expected, "{}", all.stderr);
    let report: serde_json::Value = serde_json::from_slice(&a["rapport.json"]).unwrap();
    let inputs: Vec<&str> = report["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["input"].as_str().unwrap())
        .collect();
    assert_eq!(
        inputs,
        (0..6)
            .map(|i| format!("classe/c{i:02}.xlsx"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn one_candidate_failing_leaves_the_others_complete() {
    let dir = TestDir::new();
    class(&dir, 4);
    // A template that fails for one candidate only.
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/portfolio.typ"),
    )
    .unwrap();
    let failing = template.replacen(
        "#let c = data.candidat",
        "#let c = data.candidat\n#if c.numero == \"02744110002\" { panic(\"modèle en panne\") }",
        1,
    );
    dir.write("modeles/portfolio.typ", failing);
    let run = dir.run(&[
        "build",
        "classe",
        "-o",
        "sortie",
        "--templates",
        "modeles",
        "--date",
        common::TODAY,
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("02744110002_DUPONT_Marie/portfolio.pdf impossible à produire"),
        "{}",
        run.stderr
    );
    for (i, nom) in [
        (0, "DUPONT_Marie"),
        (1, "MARTIN_Lucas"),
        (3, "MARTIN_Lucas"),
    ] {
        let folder = dir.join(&format!("sortie/0274411{i:04}_{nom}"));
        assert!(
            folder.join("portfolio.pdf").is_file(),
            "{}",
            folder.display()
        );
        assert!(folder.join("grille-evaluation.pdf").is_file());
    }
    let failed = dir.join("sortie/02744110002_DUPONT_Marie");
    assert!(!failed.join("portfolio.pdf").exists());
    assert!(
        failed.join("grille-evaluation.pdf").is_file(),
        "ses autres documents sont produits"
    );
    assert!(dir.join("sortie/rapport.json").is_file() && dir.join("sortie/SHA256SUMS").is_file());
}

#[test]
fn on_a_terminal_the_progress_bar_is_drawn_and_the_build_completes() {
    // `script` (util-linux) gives the build a terminal, as a teacher's would: the bar is drawn
    // from the workers, which once waited forever for standard error, locked by the printer.
    if !common::tool_works("script", &["-qec", "true", "/dev/null"]) {
        eprintln!("test ignoré : « script » (util-linux) indisponible sur cette machine");
        return;
    }
    let dir = TestDir::new();
    class(&dir, 6);
    let command = format!(
        "'{}' build classe -o sortie --jobs 2 --date {}",
        env!("CARGO_BIN_EXE_sio-dossier"),
        common::TODAY
    );
    let log = dir.join("terminal.log");
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command])
        .arg(&log)
        .current_dir(dir.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("script (util-linux) est nécessaire à ce test");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(120) {
            child.kill().unwrap();
            panic!("build bloqué sur un terminal");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let screen = String::from_utf8_lossy(&std::fs::read(&log).unwrap()).into_owned();
    assert!(status.success(), "{screen}");
    assert!(screen.contains("6/6 candidats"), "{screen}");
    assert!(screen.contains("production"), "{screen}");
    assert!(screen.contains("6 classeurs traités"), "{screen}");
}
