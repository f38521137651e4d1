//! Files a workbook names (attestations, documents): where their bytes come from is a
//! [`Source`] given by the caller (the workbook's folder for the command line, nothing for an
//! upload), so that the library never reaches the file system by itself. Each file is read and
//! vetted once, at check time: a real PDF, PNG or JPEG of bounded size; a PDF parsed once.

use crate::model::Dossier;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Most screenshots a réalisation shows in the portfolio.
pub const MAX_SCREENSHOTS: usize = 6;

/// Largest attachment accepted, in bytes.
pub const MAX_ATTACHMENT_SIZE: u64 = 20 * 1024 * 1024;

/// Why an attachment is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// No such file beside the workbook.
    #[error("le fichier est introuvable à côté du classeur")]
    NotFound,
    /// The path leaves the workbook's folder (absolute, `..`, or a link pointing out).
    #[error("le chemin sort du dossier du classeur : indiquez un fichier placé dans ce dossier")]
    OutsideFolder,
    /// Larger than [`MAX_ATTACHMENT_SIZE`].
    #[error("le fichier dépasse {} Mio", MAX_ATTACHMENT_SIZE / 1024 / 1024)]
    TooLarge,
    /// Not a PDF, PNG or JPEG by content (whatever its name says).
    #[error("le contenu n'est ni un PDF, ni une image PNG ou JPEG")]
    WrongType,
    /// A PDF that cannot be read.
    #[error("le PDF est illisible ou endommagé")]
    UnreadablePdf,
}

/// Where the files a workbook names are found.
pub trait Source: Sync {
    /// Whether the file exists (a document is only listed, never read).
    fn exists(&self, entry: &str) -> Result<(), Refusal>;
    /// The file's bytes, refused beyond [`MAX_ATTACHMENT_SIZE`].
    fn read(&self, entry: &str) -> Result<Vec<u8>, Refusal>;
}

/// No file at all: a workbook checked alone (an upload). Every named file is missing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFiles;

impl Source for NoFiles {
    fn exists(&self, _: &str) -> Result<(), Refusal> {
        Err(Refusal::NotFound)
    }

    fn read(&self, _: &str) -> Result<Vec<u8>, Refusal> {
        Err(Refusal::NotFound)
    }
}

/// Files sent with the workbook (an upload's pieces), by their base names: a workbook entry
/// `attestations/stage.pdf` is the piece named `stage.pdf` (the same letters, else the same
/// letters whatever their case).
#[derive(Debug, Clone, Default)]
pub struct Given(pub Vec<(String, Vec<u8>)>);

impl Given {
    /// The index of the piece an entry names.
    pub fn find(&self, entry: &str) -> Option<usize> {
        let base = entry.trim().rsplit(['/', '\\']).next().unwrap_or_default();
        self.0
            .iter()
            .position(|(name, _)| name == base)
            .or_else(|| {
                self.0
                    .iter()
                    .position(|(name, _)| name.to_lowercase() == base.to_lowercase())
            })
    }
}

impl Source for Given {
    fn exists(&self, entry: &str) -> Result<(), Refusal> {
        self.find(entry).map(|_| ()).ok_or(Refusal::NotFound)
    }

    fn read(&self, entry: &str) -> Result<Vec<u8>, Refusal> {
        let (_, bytes) = &self.0[self.find(entry).ok_or(Refusal::NotFound)?];
        if bytes.len() as u64 > MAX_ATTACHMENT_SIZE {
            return Err(Refusal::TooLarge);
        }
        Ok(bytes.clone())
    }
}

/// The files of a folder (the workbook's own), refusing paths that leave it.
#[derive(Debug, Clone)]
pub struct Folder(pub PathBuf);

impl Folder {
    fn locate(&self, entry: &str) -> Result<PathBuf, Refusal> {
        let relative = Path::new(entry.trim());
        let escapes = relative.is_absolute()
            || relative
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        if escapes {
            return Err(Refusal::OutsideFolder);
        }
        let path = self.0.join(relative);
        let (Ok(real), Ok(real_base)) = (path.canonicalize(), self.0.canonicalize()) else {
            return Err(Refusal::NotFound);
        };
        if !real.starts_with(&real_base) {
            return Err(Refusal::OutsideFolder);
        }
        if !real.is_file() {
            return Err(Refusal::NotFound);
        }
        Ok(real)
    }
}

impl Source for Folder {
    fn exists(&self, entry: &str) -> Result<(), Refusal> {
        self.locate(entry).map(|_| ())
    }

    fn read(&self, entry: &str) -> Result<Vec<u8>, Refusal> {
        let real = self.locate(entry)?;
        let metadata = std::fs::metadata(&real).map_err(|_| Refusal::NotFound)?;
        if metadata.len() > MAX_ATTACHMENT_SIZE {
            return Err(Refusal::TooLarge);
        }
        std::fs::read(&real).map_err(|_| Refusal::NotFound)
    }
}

/// An accepted attestation, ready to embed.
pub struct Attachment {
    /// Index of its stage in the dossier.
    pub stage: usize,
    /// Its content, vetted.
    pub content: Content,
}

/// What an attachment holds.
pub enum Content {
    /// A PDF document, parsed.
    Pdf(hayro_syntax::Pdf),
    /// A PNG picture.
    Png(Vec<u8>),
    /// A JPEG picture.
    Jpeg(Vec<u8>),
}

impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &self.content {
            Content::Pdf(pdf) => format!("PDF de {} pages", pdf.pages().len()),
            Content::Png(bytes) => format!("PNG de {} octets", bytes.len()),
            Content::Jpeg(bytes) => format!("JPEG de {} octets", bytes.len()),
        };
        write!(f, "Attachment {{ stage: {}, {kind} }}", self.stage)
    }
}

/// Every file a dossier names, looked up once: documents by presence, attestations read and
/// vetted. The validator reports the refusals; rendering embeds the accepted attestations.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Each document entry that is not a web address, and whether it was found.
    pub documents: HashMap<String, Result<(), Refusal>>,
    /// Each internship's attestation, by stage index, when one is named.
    pub attestations: HashMap<usize, Result<Attachment, Refusal>>,
}

impl Resolved {
    /// Looks up every file `dossier` names in `source`.
    pub fn new(dossier: &Dossier, source: &dyn Source) -> Resolved {
        let documents = dossier
            .realisations
            .iter()
            .flat_map(|r| &r.documents)
            .filter(|entry| !looks_like_url(entry))
            .map(|entry| (entry.clone(), source.exists(document_entry(entry).0)))
            .collect();
        let attestations = dossier
            .stages
            .iter()
            .enumerate()
            .filter_map(|(stage, s)| {
                let entry = s.attestation.as_deref()?;
                let loaded = source.read(entry).and_then(|bytes| vet(stage, bytes));
                Some((stage, loaded))
            })
            .collect();
        Resolved {
            documents,
            attestations,
        }
    }

    /// The accepted attestations, in stage order.
    pub fn accepted(self) -> Vec<Attachment> {
        let mut accepted: Vec<Attachment> = self
            .attestations
            .into_values()
            .filter_map(Result::ok)
            .collect();
        accepted.sort_by_key(|a| a.stage);
        accepted
    }
}

/// A document entry split into the file or address it names and the caption typed after it:
/// `glpi-tableau.png : tableau de bord du parc` → (`glpi-tableau.png`, `tableau de bord du
/// parc`). Only a name ending in a file extension takes a caption, so that an address or a
/// sentence with a colon is left whole.
pub fn document_entry(entry: &str) -> (&str, Option<&str>) {
    let entry = entry.trim();
    let split = entry
        .split_once(" : ")
        .or_else(|| entry.split_once(": "))
        .filter(|(name, _)| {
            let name = name.trim();
            !looks_like_url(name)
                && name.rsplit_once('.').is_some_and(|(stem, ext)| {
                    !stem.is_empty()
                        && (2..=4).contains(&ext.len())
                        && ext.chars().all(|c| c.is_ascii_alphanumeric())
                })
        });
    match split {
        Some((name, caption)) if !caption.trim().is_empty() => (name.trim(), Some(caption.trim())),
        Some((name, _)) => (name.trim(), None),
        None => (entry, None),
    }
}

/// Whether a file name is a picture's (PNG or JPEG), by its extension: what the portfolio shows
/// as a screenshot, before its content is read.
pub fn is_picture_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg"].iter().any(|e| lower.ends_with(e))
}

/// The kind of a published file, by its content: `pdf`, `png` or `jpg`.
pub fn file_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else {
        None
    }
}

/// Whether a document entry is meant as a web address rather than a file.
pub fn looks_like_url(entry: &str) -> bool {
    let lower = entry.to_ascii_lowercase();
    lower.contains("://") || lower.starts_with("www.")
}

/// Checks an attestation's content: a readable PDF with pages, or a PNG or JPEG picture.
fn vet(stage: usize, bytes: Vec<u8>) -> Result<Attachment, Refusal> {
    if bytes.len() as u64 > MAX_ATTACHMENT_SIZE {
        return Err(Refusal::TooLarge);
    }
    let content = match file_kind(&bytes) {
        Some("pdf") => {
            // The same PDF reader that turns its pages into pictures.
            let pdf = hayro_syntax::Pdf::new(bytes).map_err(|_| Refusal::UnreadablePdf)?;
            if pdf.pages().is_empty() {
                return Err(Refusal::UnreadablePdf);
            }
            Content::Pdf(pdf)
        }
        Some("png") => Content::Png(bytes),
        Some(_) => Content::Jpeg(bytes),
        None => return Err(Refusal::WrongType),
    };
    Ok(Attachment { stage, content })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_takes_the_caption_typed_after_it() {
        assert_eq!(
            document_entry("glpi-tableau.png : tableau de bord du parc"),
            ("glpi-tableau.png", Some("tableau de bord du parc"))
        );
        assert_eq!(
            document_entry("schema.PDF: plan du réseau"),
            ("schema.PDF", Some("plan du réseau"))
        );
        assert_eq!(document_entry(" capture.jpg "), ("capture.jpg", None));
        assert_eq!(
            document_entry("https://exemple.fr/a : b"),
            ("https://exemple.fr/a : b", None)
        );
        assert_eq!(
            document_entry("Remarque : voir le wiki"),
            ("Remarque : voir le wiki", None)
        );
    }
}
