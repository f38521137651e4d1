//! Test harness: a temporary folder, the real binary run in it, and readers for its results.
#![allow(dead_code, unreachable_pub, unused_imports)]

pub mod browser;
pub mod examples;
pub mod pdf;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The date every test passes with `--date`, so results never depend on the day.
pub const TODAY: &str = "2026-11-28";

/// Where `.ci/run` installs the npm checkers (`SIO_NODE_MODULES`).
pub fn node_module(path: &str) -> Option<PathBuf> {
    let base = std::env::var_os("SIO_NODE_MODULES").map(PathBuf::from)?;
    let file = base.join(path);
    file.is_file().then_some(file)
}

/// A temporary folder to run the binary in.
pub struct TestDir {
    dir: tempfile::TempDir,
}

/// What a run of the binary gave.
pub struct Run {
    /// Exit status code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl TestDir {
    pub fn new() -> TestDir {
        TestDir {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file in the folder (creating sub-folders).
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Writes a dossier as a candidate workbook made by the template writer.
    pub fn dossier(&self, name: &str, dossier: &sio_dossier::model::Dossier) -> PathBuf {
        self.write(name, examples::workbook_bytes(dossier))
    }

    /// Runs the binary with these arguments in this folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }

    /// `build classe -o sortie --date TODAY` followed by these arguments.
    pub fn build(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build", "classe", "-o", "sortie", "--date", TODAY];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// `check --format json` on these inputs: the exit code and the parsed report.
    pub fn check_json(&self, inputs: &[&str]) -> (i32, Value) {
        let mut args = vec!["check", "--format", "json", "--date", TODAY];
        args.extend_from_slice(inputs);
        let run = self.run(&args);
        let report: Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("JSON invalide ({e}) :\n{}\n{}", run.stdout, run.stderr));
        (run.code, report)
    }
}

/// Runs the binary in a folder.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// The (code, location) pairs of a candidate's diagnostics in a report.
pub fn codes(report: &Value, candidate: usize) -> Vec<(String, Option<String>)> {
    report["candidates"][candidate]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["location"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

/// Whether a report holds a diagnostic with this code at this location.
pub fn has(report: &Value, code: &str, location: Option<&str>) -> bool {
    codes(report, 0)
        .iter()
        .any(|(c, l)| c == code && l.as_deref() == location)
}

/// The path of a committed test fixture.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A workbook from plain cell grids: each sheet is a name and a JSON array of rows; strings
/// become text cells, numbers number cells, `null` an empty cell.
pub fn grid(sheets: &[(&str, Value)]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.as_array().unwrap().iter().enumerate() {
            for (c, cell) in row.as_array().unwrap().iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Value::String(s) => {
                        sheet.write_string(r, c, s).unwrap();
                    }
                    Value::Number(n) => {
                        sheet.write_number(r, c, n.as_f64().unwrap()).unwrap();
                    }
                    _ => {}
                }
            }
        }
    }
    workbook.save_to_buffer().unwrap()
}

/// The header of a sub-competence column as the template writes it.
pub fn tick_header(code: &str) -> String {
    let referentiel = sio_dossier::referentiel::Referentiel::get();
    let sous = referentiel.sous_competence(code).unwrap();
    sio_dossier::schema::sous_competence_header(sous.code, sous.libelle)
}

/// Every sub-competence code, in official order.
pub fn all_codes() -> Vec<String> {
    sio_dossier::referentiel::Referentiel::get()
        .sous_competences()
        .map(|s| s.code.to_owned())
        .collect()
}

/// A minimal valid Candidat sheet as a grid.
pub fn candidat_grid() -> Value {
    serde_json::json!([
        ["Rubrique", "Votre réponse"],
        ["Session", 2027],
        ["Nom", "DURAND"],
        ["Prénom", "Léa"],
        ["N° candidat", "01234567890"],
        ["Option", "SLAM"],
        ["Adresse URL du portfolio", "https://lea-durand.fr"],
    ])
}

/// A Réalisations sheet as a grid: the given headers, then one row per réalisation, each row
/// a list of (header, value) pairs; ticks are given by code.
pub fn realisations_grid(headers: &[String], rows: &[Vec<(&str, Value)>]) -> Value {
    let mut grid = vec![Value::Array(
        headers.iter().map(|h| Value::String(h.clone())).collect(),
    )];
    for row in rows {
        let cells = headers
            .iter()
            .map(|h| {
                row.iter()
                    .find(|(k, _)| h == k || (k.starts_with("B1.") && tick_header(k) == *h))
                    .map(|(_, v)| v.clone())
                    .unwrap_or(Value::Null)
            })
            .collect();
        grid.push(Value::Array(cells));
    }
    Value::Array(grid)
}

pub use pdf::minimal_pdf;

/// A valid 1×1 PNG picture.
pub const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// Whether a tool the tests need runs here (`script`, `ulimit` through `sh`): a test that needs
/// a missing tool says so and is skipped, never silently.
pub fn tool_works(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// What a PDF says of its archival and accessibility conformance, read back with lopdf.
#[derive(Debug)]
pub struct Conformance {
    /// The XMP metadata packet.
    pub xmp: String,
    /// The catalog's `/Lang`.
    pub lang: String,
    /// `/MarkInfo /Marked`.
    pub marked: bool,
    /// Whether the catalog has a `/StructTreeRoot`.
    pub structure: bool,
    /// `/ViewerPreferences /DisplayDocTitle`.
    pub display_title: bool,
    /// The document information's `/Title`.
    pub title: String,
    /// Every bookmark's title, in order.
    pub bookmarks: Vec<String>,
    /// The structure tree's element types, in reading order.
    pub tags: Vec<String>,
    /// The `/Alt` text of every structure element that has one, in reading order.
    pub alt: Vec<String>,
}

/// Reads a PDF's conformance marks, structure and bookmarks.
pub fn conformance(path: &Path) -> Conformance {
    use lopdf::{Document, Object, decode_text_string};
    let doc = Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let catalog = doc.catalog().unwrap();
    let resolve = |object: &Object| -> Object {
        match object {
            Object::Reference(id) => doc.get_object(*id).unwrap().clone(),
            other => other.clone(),
        }
    };
    let get = |dict: &lopdf::Dictionary, key: &[u8]| dict.get(key).ok().map(&resolve);
    let text = |object: Option<Object>| {
        object
            .and_then(|o| decode_text_string(&o).ok())
            .unwrap_or_default()
    };
    let xmp = match get(catalog, b"Metadata") {
        Some(Object::Stream(stream)) => {
            let bytes = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            String::from_utf8_lossy(&bytes).into_owned()
        }
        _ => String::new(),
    };
    let marked = get(catalog, b"MarkInfo")
        .and_then(|m| {
            m.as_dict()
                .ok()
                .and_then(|d| d.get(b"Marked").ok().cloned())
        })
        .is_some_and(|m| m.as_bool().unwrap_or(false));
    let display_title = get(catalog, b"ViewerPreferences")
        .and_then(|v| {
            v.as_dict()
                .ok()
                .and_then(|d| d.get(b"DisplayDocTitle").ok().cloned())
        })
        .is_some_and(|m| m.as_bool().unwrap_or(false));
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .map(&resolve)
        .and_then(|i| i.as_dict().ok().cloned())
        .unwrap_or_default();
    let bookmarks = doc
        .get_toc()
        .map(|toc| toc.toc.into_iter().map(|t| t.title).collect())
        .unwrap_or_default();
    let mut tags = Vec::new();
    let mut alt = Vec::new();
    let root = get(catalog, b"StructTreeRoot");
    let mut stack: Vec<Object> = root
        .as_ref()
        .and_then(|r| r.as_dict().ok())
        .and_then(|d| d.get(b"K").ok().cloned())
        .into_iter()
        .collect();
    // Depth first, children pushed in reverse so that they pop in reading order.
    while let Some(node) = stack.pop() {
        match resolve(&node) {
            Object::Array(items) => stack.extend(items.into_iter().rev()),
            Object::Dictionary(dict) => {
                if let Ok(kind) = dict.get(b"S").and_then(Object::as_name) {
                    tags.push(String::from_utf8_lossy(kind).into_owned());
                }
                if let Ok(text) = dict.get(b"Alt").and_then(decode_text_string) {
                    alt.push(text);
                }
                if let Ok(children) = dict.get(b"K") {
                    stack.push(children.clone());
                }
            }
            _ => {}
        }
    }
    Conformance {
        xmp,
        lang: text(get(catalog, b"Lang")),
        marked,
        structure: root.is_some(),
        display_title,
        title: text(info.get(b"Title").ok().cloned()),
        bookmarks,
        tags,
        alt,
    }
}

/// Asserts what PDF/A-2a and PDF/UA-1 require of every PDF the tool writes: the XMP
/// identification of both standards, a structure tree, marked content, French as the language,
/// a title shown by the reader (in the document information and the XMP).
pub fn assert_accessible(path: &Path) -> Conformance {
    let c = conformance(path);
    let name = path.display();
    assert!(
        c.xmp.contains("<pdfaid:part>2</pdfaid:part>"),
        "{name}: pdfaid:part"
    );
    assert!(
        c.xmp.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
        "{name}: pdfaid:conformance A"
    );
    assert!(
        c.xmp.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "{name}: pdfuaid:part 1"
    );
    assert!(c.structure, "{name}: pas de StructTreeRoot");
    assert!(c.marked, "{name}: MarkInfo /Marked absent");
    assert!(
        c.lang == "fr" || c.lang.starts_with("fr-"),
        "{name}: /Lang {}",
        c.lang
    );
    assert!(!c.title.is_empty(), "{name}: pas de titre");
    assert!(c.xmp.contains("<dc:title>"), "{name}: pas de dc:title");
    assert!(c.display_title, "{name}: DisplayDocTitle absent");
    assert!(
        c.tags.first().is_some_and(|t| t == "Document"),
        "{name}: {:?}",
        c.tags.first()
    );
    c
}

/// Every file under a folder, recursively, sorted.
pub fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
