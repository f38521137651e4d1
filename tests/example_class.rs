//! The bundled example class in `input/`: written by the project's own code, never drifting,
//! and giving the three expected outcomes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{examples, run_in};
use std::path::Path;

/// Regenerate with `UPDATE_EXAMPLES=1 cargo test --release --test example_class`.
#[test]
fn committed_example_files_match_what_the_code_writes() {
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let update = std::env::var_os("UPDATE_EXAMPLES").is_some();
    let mut drifted = Vec::new();
    for (name, dossier) in examples::class() {
        let bytes = examples::workbook_bytes(&dossier);
        let path = input.join(name);
        if update {
            std::fs::write(&path, &bytes).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            drifted.push(name);
        }
    }
    assert!(
        drifted.is_empty(),
        "input/ ne correspond plus au code qui l'écrit : {drifted:?} ; \
         régénérez avec UPDATE_EXAMPLES=1 cargo test --release --test example_class"
    );
}

#[test]
fn writing_twice_gives_identical_bytes() {
    let dossier = examples::dupont();
    assert_eq!(
        examples::workbook_bytes(&dossier),
        examples::workbook_bytes(&dossier)
    );
}

#[test]
fn check_on_the_example_class_gives_ok_warnings_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = run_in(
        root,
        &[
            "check",
            "input/",
            "--format",
            "json",
            "--date",
            common::TODAY,
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let statuses: Vec<(&str, &str)> = report["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["input"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("input/dupont-marie.xlsx", "ok"),
            ("input/martin-lucas.xlsx", "warnings"),
            ("input/nguyen-thi-thu.xlsx", "errors"),
        ]
    );
    let martin: Vec<_> = common::codes(&report, 1);
    assert_eq!(
        martin,
        [
            ("W004".into(), Some("Candidat!B11".into())),
            ("W005".into(), Some("Réalisations!P2".into())),
            ("W009".into(), Some("Réalisations!J3".into())),
        ]
    );
    let nguyen: Vec<String> = common::codes(&report, 2)
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    for code in ["E022", "E023", "E024", "E025"] {
        assert!(
            nguyen.contains(&code.to_owned()),
            "{code} absent de {nguyen:?}"
        );
    }
}

#[test]
fn no_argument_builds_the_example_class_into_output() {
    let dir = common::TestDir::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (name, _) in examples::class() {
        std::fs::copy(
            root.join("input").join(name),
            dir.join(&format!("input/{name}")),
        )
        .or_else(|_| {
            std::fs::create_dir_all(dir.join("input"))?;
            std::fs::copy(
                root.join("input").join(name),
                dir.join(&format!("input/{name}")),
            )
        })
        .unwrap();
    }
    let run = dir.run(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("ok: input/dupont-marie.xlsx (DUPONT Marie) : aucun problème"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("3 classeurs traités : 2 dossiers produits dans output (dont 1 avec avertissements), 1 classeur avec erreurs (sans document), en "),
        "{}",
        run.stderr
    );
    assert!(
        dir.join("output/02744118350_DUPONT_Marie/portfolio.pdf")
            .is_file()
    );
    assert!(
        dir.join("output/02744118351_MARTIN_Lucas/portfolio.pdf")
            .is_file()
    );
    assert!(!dir.join("output/02744118352_NGUYEN_Thi-Thu").exists());
}
