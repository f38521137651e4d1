//! The files a réalisation names, to show and to publish: screenshots become the portfolio's
//! figures, downscaled for print (a 4000 × 3000 photo must not weigh 5 MB in the PDF) and
//! re-encoded once in their own format; PDFs and pictures are published with the site.

use image::ImageFormat;

/// Widest picture embedded in the portfolio, in pixels: about 200 dpi over the text width.
pub const MAX_WIDTH: u32 = 1600;
/// Most screenshots shown per réalisation.
pub const MAX_PER_REALISATION: usize = crate::attachments::MAX_SCREENSHOTS;

/// A file named in « Documents et productions », read and vetted: a PDF, a PNG or a JPEG.
#[derive(Debug, Clone)]
pub struct Published {
    /// Number of its réalisation, from 1.
    pub realisation: usize,
    /// The file name as typed.
    pub nom: String,
    /// The caption typed after it, if any.
    pub legende: Option<String>,
    /// `pdf`, `png` or `jpg`.
    pub kind: &'static str,
    /// Its bytes, unchanged.
    pub bytes: Vec<u8>,
}

/// A screenshot ready for the portfolio: its path in the Typst world, its bytes, its caption.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Number of its réalisation, from 1.
    pub realisation: usize,
    /// Path in the Typst world (`/captures/2-1.jpg`).
    pub chemin: String,
    /// The caption, else the file name: also the picture's alternative text.
    pub legende: String,
    /// The picture, downscaled when wider than [`MAX_WIDTH`].
    pub bytes: Vec<u8>,
}

/// The pictures among the published files, at most [`MAX_PER_REALISATION`] per réalisation,
/// each downscaled when needed (a picture that cannot be decoded is left out).
pub fn figures(published: &[Published]) -> Vec<Figure> {
    let mut out: Vec<Figure> = Vec::new();
    for file in published.iter().filter(|p| p.kind != "pdf") {
        let rank = out
            .iter()
            .filter(|f| f.realisation == file.realisation)
            .count()
            + 1;
        if rank > MAX_PER_REALISATION {
            continue;
        }
        let Some(bytes) = fitted(file) else { continue };
        out.push(Figure {
            realisation: file.realisation,
            chemin: format!("/captures/{}-{rank}.{}", file.realisation, file.kind),
            legende: file.legende.clone().unwrap_or_else(|| file.nom.clone()),
            bytes,
        });
    }
    out
}

/// A picture no wider than [`MAX_WIDTH`], in its own format; `None` when it cannot be decoded.
fn fitted(file: &Published) -> Option<Vec<u8>> {
    let format = if file.kind == "png" {
        ImageFormat::Png
    } else {
        ImageFormat::Jpeg
    };
    let picture = image::load_from_memory_with_format(&file.bytes, format).ok()?;
    if picture.width() <= MAX_WIDTH {
        return Some(file.bytes.clone());
    }
    let height = (u64::from(picture.height()) * u64::from(MAX_WIDTH) / u64::from(picture.width()))
        .max(1) as u32;
    let smaller = picture.resize_exact(MAX_WIDTH, height, image::imageops::FilterType::Triangle);
    let mut out = std::io::Cursor::new(Vec::new());
    match format {
        ImageFormat::Png => smaller.write_to(&mut out, ImageFormat::Png).ok()?,
        _ => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
            smaller.to_rgb8().write_with_encoder(encoder).ok()?
        }
    }
    Some(out.into_inner())
}
