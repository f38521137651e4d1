//! The source's shape, read from `src/` as text: no cycle between files nor between top-level
//! modules (each layer imports only from layers below it), and no function longer than a
//! screen, except the ones that lay out an official form line by line (listed in
//! ARCHITECTURE.md). Uses the standard library only, so it runs fast.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Longest function allowed, in lines.
const MAX_FUNCTION_LINES: usize = 100;

/// Functions allowed to be longer: they lay out an official form line by line.
const FORM_LAYOUTS: &[&str] = &[
    // The official tableau de synthèse, cell by cell as the model lays it out.
    "render/tableau.rs write",
];

/// A source file's code with comments, strings and character literals blanked (same length,
/// same lines), so that braces and paths are read only where they are code.
fn code_only(text: &str) -> String {
    let bytes: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < bytes.len() && bytes[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < bytes.len() {
                if bytes[i] == '/' && bytes.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if bytes[i] == '*' && bytes.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(bytes[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('#') || next == Some('"')) && !ident_before(&bytes, i) {
            // Raw string r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while bytes.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if bytes.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            out.push('"');
            for _ in i + 1..=j {
                out.push(' ');
            }
            out.pop();
            i = j + 1;
            loop {
                if i >= bytes.len() {
                    break;
                }
                if bytes[i] == '"' && (0..hashes).all(|k| bytes.get(i + 1 + k) == Some(&'#')) {
                    out.push('"');
                    for _ in 0..hashes {
                        out.push(' ');
                    }
                    i += 1 + hashes;
                    break;
                }
                out.push(blank(bytes[i]));
                i += 1;
            }
        } else if c == '"' {
            out.push('"');
            i += 1;
            while i < bytes.len() && bytes[i] != '"' {
                if bytes[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < bytes.len() {
                    out.push(blank(bytes[i]));
                    i += 1;
                }
            }
            out.push('"');
            i += 1;
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{..}'), not a lifetime ('a).
            let close = if next == Some('\\') {
                (i + 2..bytes.len().min(i + 12)).find(|&j| bytes[j] == '\'')
            } else if bytes.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match close {
                Some(end) => {
                    out.push('\'');
                    for _ in i + 1..end {
                        out.push(' ');
                    }
                    out.push('\'');
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// The code outside `#[cfg(test)]` modules.
fn without_tests(code: &str) -> String {
    let mut out = String::new();
    let mut lines = code.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            // Skip the item that follows, braces counted.
            let mut depth = 0i32;
            let mut opened = false;
            for next in lines.by_ref() {
                out.push('\n');
                depth += next.matches('{').count() as i32 - next.matches('}').count() as i32;
                opened |= next.contains('{');
                if (opened && depth <= 0) || (!opened && next.trim_end().ends_with(';')) {
                    break;
                }
            }
            out.push('\n');
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

struct Source {
    /// Module path: `["render", "pdf"]`; `[]` for lib.rs.
    module: Vec<String>,
    code: String,
}

fn sources(src: &Path) -> Vec<(PathBuf, Source)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(src, &mut files);
    files
        .into_iter()
        .filter(|p| !p.ends_with("main.rs"))
        .map(|path| {
            let relative = path.strip_prefix(src).unwrap_or(&path);
            let mut module: Vec<String> = relative
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|m| m == "mod" || m == "lib") {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let code = without_tests(&code_only(&text));
            (path, Source { module, code })
        })
        .collect()
}

/// The modules a file refers to by `crate::…`, `super::…` or `self::…` paths, each resolved to
/// the longest module path that is a file.
fn references(source: &Source, modules: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let mut found = BTreeSet::new();
    let code = &source.code;
    let chars: Vec<char> = code.chars().collect();
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let boundary = i == 0 || !is_ident(chars[i - 1]) && chars[i - 1] != ':';
        let word: String = chars[i..].iter().take_while(|c| is_ident(**c)).collect();
        let mut child = source.module.clone();
        child.push(word.clone());
        // `crate::x`, `super::x`, `self::x`, or a child module's name (`build::run`).
        let start = match word.as_str() {
            "crate" | "super" | "self" => format!("{word}::"),
            _ if modules.contains(&child) => format!("self::{word}::"),
            _ => String::new(),
        };
        let after = i + word.len();
        let path_follows = chars.get(after) == Some(&':') && chars.get(after + 1) == Some(&':');
        if !boundary || start.is_empty() || !path_follows {
            i += word.len().max(1);
            continue;
        }
        // The whole path, then `{a, b::c}` groups expanded one level.
        let mut j = after + 2;
        let mut path = start.clone();
        while j < chars.len() && (is_ident(chars[j]) || chars[j] == ':') {
            path.push(chars[j]);
            j += 1;
        }
        let mut paths = vec![path.clone()];
        if chars.get(j) == Some(&'{') {
            let end = (j..chars.len()).find(|&k| chars[k] == '}').unwrap_or(j);
            let group: String = chars[j + 1..end].iter().collect();
            for item in group.split(',') {
                let item = item.split(" as ").next().unwrap_or("").trim();
                if !item.is_empty() && item.chars().all(|c| is_ident(c) || c == ':') {
                    paths.push(format!("{path}{item}"));
                }
            }
        }
        let called = chars.get(j) == Some(&'(') || chars.get(j) == Some(&'!');
        for p in paths {
            let mut segments: Vec<&str> = p.split("::").filter(|s| !s.is_empty()).collect();
            let mut base: Vec<String> = match segments.first().copied() {
                Some("crate") => Vec::new(),
                Some("super") => {
                    let mut m = source.module.clone();
                    m.pop();
                    m
                }
                _ => source.module.clone(),
            };
            segments.remove(0);
            while segments.first() == Some(&"super") {
                base.pop();
                segments.remove(0);
            }
            let last = segments.len();
            for (n, segment) in segments.into_iter().enumerate() {
                // `pdf(` is a function of render/mod.rs, not the module render/pdf.rs.
                if n + 1 == last && called {
                    break;
                }
                let mut next = base.clone();
                next.push(segment.to_owned());
                if modules.contains(&next) {
                    base = next;
                } else {
                    break;
                }
            }
            if base != source.module {
                found.insert(base);
            }
        }
        i = j;
    }
    found
}

/// A cycle in a graph, if any, as the list of its nodes.
fn cycle<N: Ord + Clone>(graph: &BTreeMap<N, BTreeSet<N>>) -> Option<Vec<N>> {
    fn visit<N: Ord + Clone>(
        node: &N,
        graph: &BTreeMap<N, BTreeSet<N>>,
        state: &mut BTreeMap<N, u8>,
        stack: &mut Vec<N>,
    ) -> Option<Vec<N>> {
        state.insert(node.clone(), 1);
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next) {
                Some(1) => {
                    let from = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut found = stack[from..].to_vec();
                    found.push(next.clone());
                    return Some(found);
                }
                Some(_) => {}
                None => {
                    if let Some(found) = visit(next, graph, state, stack) {
                        return Some(found);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if !state.contains_key(node)
            && let Some(found) = visit(node, graph, &mut state, &mut Vec::new())
        {
            return Some(found);
        }
    }
    None
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// File → the files it uses. A parent module declaring its children (`mod x;`) is not a use.
fn file_graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let files = sources(&src());
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(_, s)| s.module.clone()).collect();
    files
        .iter()
        .map(|(_, s)| (s.module.clone(), references(s, &modules)))
        .collect()
}

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "lib".to_owned()
    } else {
        module.join("::")
    }
}

#[test]
fn no_cycle_between_files() {
    let graph = file_graph();
    assert!(graph.len() > 20, "sources not found: {graph:?}");
    if let Some(found) = cycle(&graph) {
        let names: Vec<String> = found.iter().map(|m| name(m)).collect();
        panic!("cycle between files: {}", names.join(" → "));
    }
}

#[test]
fn no_cycle_between_top_level_modules() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, uses) in file_graph() {
        let Some(top) = from.first() else { continue };
        let entry = graph.entry(top.clone()).or_default();
        for to in uses {
            if let Some(other) = to.first()
                && other != top
            {
                entry.insert(other.clone());
            }
        }
    }
    if let Some(found) = cycle(&graph) {
        panic!("cycle between top-level modules: {}", found.join(" → "));
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut graph: BTreeMap<u8, BTreeSet<u8>> = BTreeMap::new();
    graph.insert(1, [2].into());
    graph.insert(2, [3].into());
    graph.insert(3, [].into());
    assert_eq!(cycle(&graph), None);
    graph.insert(3, [1].into());
    assert_eq!(cycle(&graph), Some(vec![1, 2, 3, 1]));
}

/// Every function of `src/` with its length in lines, longest first.
fn function_lengths() -> Vec<(String, usize)> {
    let mut lengths = Vec::new();
    for (path, source) in sources(&src()) {
        let lines: Vec<&str> = source.code.lines().collect();
        for (start, line) in lines.iter().enumerate() {
            let Some(at) = line.find("fn ") else { continue };
            let before = line[..at].trim();
            let words_ok = before.split_whitespace().all(|w| {
                matches!(
                    w,
                    "pub" | "pub(crate)" | "pub(super)" | "async" | "const" | "unsafe"
                )
            });
            let name: String = line[at + 3..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !words_ok || name.is_empty() {
                continue;
            }
            // From the signature to the closing brace of its body.
            let mut depth = 0i32;
            let mut opened = false;
            let mut end = start;
            'scan: for (k, l) in lines.iter().enumerate().skip(start) {
                for c in l.chars() {
                    match c {
                        '{' => {
                            depth += 1;
                            opened = true;
                        }
                        '}' => depth -= 1,
                        ';' if !opened && depth == 0 => break 'scan,
                        _ => {}
                    }
                    if opened && depth == 0 {
                        end = k;
                        break 'scan;
                    }
                }
            }
            if opened {
                let file = path
                    .strip_prefix(src())
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                lengths.push((format!("{file} {name}"), end - start + 1));
            }
        }
    }
    lengths.sort_by_key(|l| std::cmp::Reverse(l.1));
    lengths
}

#[test]
fn functions_fit_in_a_screen() {
    let lengths = function_lengths();
    assert!(lengths.len() > 100, "functions not found");
    let long: Vec<String> = lengths
        .iter()
        .filter(|(name, lines)| {
            *lines > MAX_FUNCTION_LINES && !FORM_LAYOUTS.contains(&name.as_str())
        })
        .map(|(name, lines)| format!("{name}: {lines} lignes"))
        .collect();
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines (split them, or list a form layout in \
         FORM_LAYOUTS and ARCHITECTURE.md):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_length_counter_reads_braces_in_code_only() {
    let code = code_only("fn a() {\n    let s = \"}}}\"; // }\n    let c = '}';\n}\n");
    assert_eq!(code.matches('}').count(), 1);
    assert_eq!(code.lines().count(), 4);
}

/// Each package's features as `cargo tree` resolves them, with or without the dev-dependencies.
fn features(with_dev: bool) -> Option<BTreeMap<String, String>> {
    let edges = if with_dev {
        "normal,build,dev"
    } else {
        "normal,build"
    };
    let output = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "--locked",
            "--prefix",
            "none",
            "-e",
            edges,
        ])
        .args(["-f", "{p}|{f}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    Some(
        text.lines()
            .filter_map(|line| line.split_once('|'))
            .map(|(package, features)| {
                let package = package
                    .split(" (")
                    .next()
                    .unwrap_or(package)
                    .trim()
                    .to_owned();
                let features = features.trim_end_matches("(*)").trim().to_owned();
                (package, features)
            })
            .filter(|(package, _)| !package.starts_with("sio-dossier "))
            .collect(),
    )
}

/// `cargo run --release` then `cargo test --release` compile the dependencies once: no package
/// that both use gets other features from the dev-dependencies (else the whole Typst stack is
/// compiled twice on a fresh machine).
#[test]
fn run_and_test_share_one_build_of_the_dependencies() {
    let (Some(run), Some(test)) = (features(false), features(true)) else {
        eprintln!("cargo tree indisponible hors ligne : vérification des fonctionnalités ignorée");
        return;
    };
    assert!(run.len() > 100, "cargo tree read: {} packages", run.len());
    let differing: Vec<String> = run
        .iter()
        .filter(|(package, features)| test.get(*package).is_some_and(|f| f != *features))
        .map(|(package, features)| format!("{package}: [{features}] / [{}]", test[package]))
        .collect();
    assert!(
        differing.is_empty(),
        "features that differ between the binary and the tests (declare them in Cargo.toml):\n{}",
        differing.join("\n")
    );
}
