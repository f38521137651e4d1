//! Text helpers every stage shares: labels compared without case, accents, spaces or
//! punctuation, web addresses, counts in French. A leaf module: it imports nothing from the pipeline.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// A text with its accents removed (`é` → `e`), everything else kept: the one accent folding
/// of labels, periods and file names.
pub(crate) fn fold_accents(text: &str) -> String {
    text.nfd().filter(|c| !is_combining_mark(*c)).collect()
}

/// A label reduced to lowercase ASCII letters and digits, so that case, accents, spaces and
/// punctuation do not matter: `"N° Candidat :"` and `"n candidat"` compare equal.
pub(crate) fn normalize(label: &str) -> String {
    fold_accents(label)
        .chars()
        .flat_map(|c| match c {
            'œ' | 'Œ' => "oe".chars().collect::<Vec<_>>(),
            'æ' | 'Æ' => "ae".chars().collect(),
            c => c.to_lowercase().collect(),
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// Whether a cell's text is the label `label` or one of its aliases.
pub(crate) fn matches_label(text: &str, label: &str, aliases: &[&str]) -> bool {
    let text = normalize(text);
    !text.is_empty()
        && std::iter::once(label)
            .chain(aliases.iter().copied())
            .any(|l| normalize(l) == text)
}

/// Whether a text is an http(s) web address.
pub(crate) fn is_web_url(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        host.contains('.') && !host.contains(char::is_whitespace)
    }) && !text.trim().contains(char::is_whitespace)
}

/// Bytes as lowercase hexadecimal: digests, identifiers.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

/// A date and time the French way: « 15/04/2027 à 23:59 ».
pub(crate) fn date_time_fr(time: chrono::NaiveDateTime) -> String {
    time.format("%d/%m/%Y à %H:%M").to_string()
}

/// « 0 dossier », « 1 dossier », « 3 dossiers »: in French, 0 and 1 take the singular.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

/// A file-system error said in French (the system's own text is in English).
pub(crate) fn io_fr(error: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let said = match error.kind() {
        K::NotFound => "fichier ou dossier introuvable",
        K::PermissionDenied => "permission refusée",
        K::AlreadyExists => "existe déjà",
        K::StorageFull => "le disque est plein",
        K::ReadOnlyFilesystem => "le disque est en lecture seule",
        K::NotADirectory => "un fichier occupe la place d'un dossier",
        K::IsADirectory => "un dossier occupe la place d'un fichier",
        K::DirectoryNotEmpty => "le dossier n'est pas vide",
        K::QuotaExceeded => "quota de disque dépassé",
        K::FileTooLarge => "fichier trop volumineux",
        K::CrossesDevices => "déplacement entre deux disques impossible",
        _ => return format!("erreur du système ({error})"),
    };
    said.to_owned()
}

/// `with_context` for file-system results, the error said in French.
pub(crate) trait IoFr<T> {
    /// The error as `context : raison en français`.
    fn fr_context(self, context: impl FnOnce() -> String) -> anyhow::Result<T>;
}

impl<T> IoFr<T> for std::io::Result<T> {
    fn fr_context(self, context: impl FnOnce() -> String) -> anyhow::Result<T> {
        self.map_err(|e| anyhow::anyhow!("{} : {}", context(), io_fr(&e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_compare_without_case_accents_spaces_or_punctuation() {
        assert_eq!(normalize("  N° Candidat : "), "ncandidat");
        assert_eq!(normalize("Réalisations"), "realisations");
        assert_eq!(normalize("Mise en Œuvre"), "miseenoeuvre");
        assert!(matches_label("DATE DE DÉBUT", "Début", &["Date de début"]));
        assert!(!matches_label("", "Début", &[]));
    }

    #[test]
    fn accents_fold_and_bytes_print_as_hex() {
        assert_eq!(
            fold_accents("Élodie Lefèvre, Œuvre"),
            "Elodie Lefevre, Œuvre"
        );
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }

    #[test]
    fn web_urls() {
        assert!(is_web_url("https://marie.github.io/portfolio/"));
        assert!(is_web_url("http://exemple.fr"));
        assert!(!is_web_url("www.exemple.fr"));
        assert!(!is_web_url("https://localhost"));
        assert!(!is_web_url("https://exemple .fr"));
        assert!(!is_web_url("ftp://exemple.fr"));
    }
}
