//! Write stage: the candidates' folder names, atomic file writes, the report and the
//! `SHA256SUMS` manifest.

use anyhow::Context as _;
use handlebars::Handlebars;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::io::Write as _;
use std::path::Path;

/// Default pattern of a candidate's folder name.
pub(crate) const DEFAULT_NAMES: &str = "{{numero}}_{{nom}}_{{prenom}}";
/// Longest file name produced, in bytes (well under every file system's limit).
const MAX_NAME: usize = 80;

/// The values a name pattern can use.
#[derive(Debug, Serialize)]
pub(crate) struct NameFields {
    /// Candidate number.
    pub(crate) numero: String,
    /// Family name.
    pub(crate) nom: String,
    /// Given name.
    pub(crate) prenom: String,
    /// SISR or SLAM.
    pub(crate) option: String,
    /// Session year.
    pub(crate) session: String,
    /// Input file name without extension.
    pub(crate) fichier: String,
}

/// Renders candidates' folder names from a handlebars pattern, each unique within a run.
pub(crate) struct Namer {
    registry: Handlebars<'static>,
    used: HashSet<String>,
}

impl Namer {
    /// Compiles the pattern (strict mode: an unknown field is an error).
    pub(crate) fn new(pattern: &str) -> anyhow::Result<Namer> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(file_name_part);
        registry
            .register_template_string("name", pattern)
            .with_context(|| format!("modèle de nom « {pattern} » invalide"))?;
        Ok(Namer {
            registry,
            used: HashSet::new(),
        })
    }

    /// The folder name of a candidate: the pattern rendered, made safe, and suffixed `-2`,
    /// `-3`… when already taken in this run.
    pub(crate) fn name(&mut self, fields: &NameFields) -> anyhow::Result<String> {
        let rendered = self.registry.render("name", fields).context(
            "modèle de nom : champs possibles {{numero}}, {{nom}}, {{prenom}}, {{option}}, {{session}}, {{fichier}}",
        )?;
        let base = safe_file_name(&rendered);
        let mut name = base.clone();
        let mut n = 2;
        while !self.used.insert(name.to_lowercase()) {
            name = format!("{base}-{n}");
            n += 1;
        }
        Ok(name)
    }
}

/// A file name that is safe everywhere: accents folded to ASCII, letters, digits, `-`, `_` and
/// `.` only (no separators, no `..`, no control or bidi characters), not a Windows reserved
/// name, bounded length, never empty.
pub(crate) fn safe_file_name(text: &str) -> String {
    let mut name = file_name_part(text);
    if name.is_empty() {
        name = "candidat".into();
    }
    if is_windows_reserved(&name) {
        name.push('_');
    }
    name
}

/// Whether a name is a Windows device name (`CON`, `NUL`, `COM1`…), whatever its extension.
pub(crate) fn is_windows_reserved(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}

/// Longest name a user may give a file (an upload, a path part in a workbook).
pub(crate) const MAX_GIVEN_NAME: usize = 100;

/// Why a file name given by a user (kept as given, accents and spaces allowed) cannot be
/// written on every system, in French; `None` when it can.
pub(crate) fn given_name_problem(name: &str) -> Option<String> {
    let bidi = |c: char| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let problem = if name.is_empty() || name == "." {
        "nom de fichier vide".to_owned()
    } else if name == ".." {
        "un nom de fichier ne peut pas être « .. »".to_owned()
    } else if name.chars().any(|c| c.is_control() || bidi(c)) {
        "le nom contient des caractères de contrôle".to_owned()
    } else if name.chars().count() > MAX_GIVEN_NAME {
        format!("le nom dépasse {MAX_GIVEN_NAME} caractères")
    } else if name.contains(['<', '>', ':', '"', '|', '?', '*', '/', '\\']) {
        "le nom contient un caractère interdit sous Windows (< > : \" | ? * / \\)".to_owned()
    } else if name.starts_with(' ') || name.ends_with(['.', ' ']) {
        "le nom commence par une espace ou finit par un point ou une espace".to_owned()
    } else if is_windows_reserved(name) {
        "c'est un nom réservé par Windows (CON, NUL, COM1…)".to_owned()
    } else if name.starts_with('.') {
        "un nom de fichier ne peut pas commencer par un point".to_owned()
    } else {
        return None;
    };
    Some(problem)
}

/// One value inserted in a name pattern, reduced to safe characters (possibly empty).
fn file_name_part(text: &str) -> String {
    let mut out = String::new();
    for c in crate::text::fold_accents(text).chars() {
        let mapped = match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' => Some(c),
            '.' if !out.ends_with('.') => Some('.'),
            'œ' => {
                out.push_str("oe");
                None
            }
            'Œ' => {
                out.push_str("OE");
                None
            }
            'æ' => {
                out.push_str("ae");
                None
            }
            'Æ' => {
                out.push_str("AE");
                None
            }
            'ß' => {
                out.push_str("ss");
                None
            }
            c if c.is_whitespace() || matches!(c, '/' | '\\' | ':' | '\'' | '’' | ',') => {
                Some('-')
            }
            _ => None,
        };
        if let Some(m) = mapped
            && !(m == '-' && (out.is_empty() || out.ends_with('-')))
        {
            out.push(m);
        }
    }
    let mut name: String = out
        .trim_matches(|c| c == '-' || c == '.' || c == '_')
        .chars()
        .take(MAX_NAME)
        .collect();
    name = name.trim_end_matches(['-', '.']).to_owned();
    name
}

/// Writes a file through a temporary file in the same folder then a rename, so that a crash
/// never leaves a half-written file behind.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("impossible de créer un fichier dans {}", dir.display()))?;
    // Temporary files are private (0600); the documents are ordinary files.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = file
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .with_context(|| format!("écriture de {} impossible", path.display()))?;
    file.persist(path)
        .with_context(|| format!("écriture de {} impossible", path.display()))?;
    Ok(())
}

/// Refuses to replace an existing file unless `force`: what a user handed in or wrote is
/// never overwritten silently.
pub(crate) fn refuse_overwrite(path: &Path, force: bool) -> anyhow::Result<()> {
    if path.exists() && !force {
        anyhow::bail!(
            "{} existe déjà : il n'est pas remplacé (ajoutez --force pour l'écraser)",
            path.display()
        );
    }
    Ok(())
}

/// A zip archive of these files (path → bytes) under `prefix/`, deflated, with the fixed
/// timestamps of the zip crate without clock: the same files give the same bytes.
pub(crate) fn zip<'a>(
    prefix: &str,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::Write as _;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (path, bytes) in files {
        zip.start_file(format!("{prefix}/{path}"), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Hexadecimal SHA-256 of some bytes.
pub(crate) fn sha256(bytes: &[u8]) -> String {
    crate::text::hex(&Sha256::digest(bytes))
}

/// The `SHA256SUMS` manifest (`sha256sum -c` format), lines sorted by path.
pub(crate) fn manifest(entries: &[(String, String)]) -> String {
    let mut lines: Vec<String> = entries
        .iter()
        .map(|(path, hash)| format!("{hash}  {path}\n"))
        .collect();
    lines.sort_by(|a, b| a[66..].cmp(&b[66..]));
    lines.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        assert_eq!(
            safe_file_name("Élodie Lefèvre-Dupré"),
            "Elodie-Lefevre-Dupre"
        );
        assert_eq!(safe_file_name("../../etc/passwd"), "etc-passwd");
        assert_eq!(safe_file_name(".."), "candidat");
        assert_eq!(safe_file_name("a\u{202e}gpj.exe"), "agpj.exe");
        assert_eq!(safe_file_name("x\u{0}y\u{7}z"), "xyz");
        assert_eq!(safe_file_name("CON"), "CON_");
        assert_eq!(safe_file_name("com1.txt"), "com1.txt_");
        assert_eq!(safe_file_name("Cœur d'Œuvre"), "Coeur-d-OEuvre");
        assert_eq!(safe_file_name(&"a".repeat(500)).len(), MAX_NAME);
        assert_eq!(safe_file_name("李小龙"), "candidat");
    }

    #[test]
    fn names_are_unique_within_a_run() {
        let mut namer = Namer::new(DEFAULT_NAMES).unwrap();
        let fields = NameFields {
            numero: "0123".into(),
            nom: "DUPONT".into(),
            prenom: "Marie".into(),
            option: "SISR".into(),
            session: "2027".into(),
            fichier: "dupont".into(),
        };
        assert_eq!(namer.name(&fields).unwrap(), "0123_DUPONT_Marie");
        assert_eq!(namer.name(&fields).unwrap(), "0123_DUPONT_Marie-2");
        assert!(Namer::new("{{#if}").is_err());
        let mut strict = Namer::new("{{inconnu}}").unwrap();
        assert!(strict.name(&fields).is_err());
    }

    #[test]
    fn manifest_lines_read_like_sha256sum() {
        let hash = sha256(b"abc");
        assert_eq!(
            hash,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let text = manifest(&[
            ("b/x.pdf".into(), hash.clone()),
            ("a/y.pdf".into(), hash.clone()),
        ]);
        assert_eq!(text, format!("{hash}  a/y.pdf\n{hash}  b/x.pdf\n"));
    }
}
