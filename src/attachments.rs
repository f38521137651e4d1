//! Files a candidate names beside the workbook (attestations, documents): only files inside the
//! workbook's own folder, of a real PDF, PNG or JPEG content, and of bounded size.

use std::path::{Component, Path, PathBuf};

/// Largest attachment accepted, in bytes.
pub const MAX_ATTACHMENT_SIZE: u64 = 20 * 1024 * 1024;

/// What an attachment's content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A PDF document with its number of pages.
    Pdf {
        /// Number of pages.
        pages: usize,
    },
    /// A PNG or JPEG picture.
    Image,
}

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

/// Finds a file named in the workbook, refusing paths that leave the workbook's folder.
pub fn locate(base_dir: &Path, entry: &str) -> Result<PathBuf, Refusal> {
    let relative = Path::new(entry.trim());
    let escapes = relative.is_absolute()
        || relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if escapes {
        return Err(Refusal::OutsideFolder);
    }
    let path = base_dir.join(relative);
    let (Ok(real), Ok(real_base)) = (path.canonicalize(), base_dir.canonicalize()) else {
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

/// Checks an attachment to embed (an attestation) and returns its content and kind.
pub fn load(base_dir: &Path, entry: &str) -> Result<(Vec<u8>, Kind), Refusal> {
    let real = locate(base_dir, entry)?;
    let metadata = std::fs::metadata(&real).map_err(|_| Refusal::NotFound)?;
    if metadata.len() > MAX_ATTACHMENT_SIZE {
        return Err(Refusal::TooLarge);
    }
    let bytes = std::fs::read(&real).map_err(|_| Refusal::NotFound)?;
    let kind = kind_of(&bytes)?;
    Ok((bytes, kind))
}

fn kind_of(bytes: &[u8]) -> Result<Kind, Refusal> {
    if bytes.starts_with(b"%PDF-") {
        // The same PDF reader Typst embeds pages with.
        let document =
            hayro_syntax::Pdf::new(bytes.to_vec()).map_err(|_| Refusal::UnreadablePdf)?;
        match document.pages().len() {
            0 => Err(Refusal::UnreadablePdf),
            pages => Ok(Kind::Pdf { pages }),
        }
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(Kind::Image)
    } else {
        Err(Refusal::WrongType)
    }
}
