//! Attestation pages made embeddable in an archival PDF: PDF/A forbids embedding another PDF,
//! so each page of a PDF attestation becomes an SVG drawing (vector, text as outlines), which
//! Typst embeds like any picture — or, when that drawing is heavy (a word processor's text
//! turned into outlines weighs ten times the PDF), a 150-dpi picture of the page if smaller:
//! greyscale PNG, or JPEG when the page has colour. PNG and JPEG attestations are embedded as
//! they are.

use hayro_svg::hayro_interpret::InterpreterSettings;
use hayro_svg::hayro_interpret::font::{FontData, FontQuery, StandardFont};
use hayro_svg::{RenderCache, SvgRenderSettings};
use hayro_syntax::Pdf;
use std::sync::Arc;

/// An SVG page heavier than this is compared with its raster.
const RASTER_ABOVE: usize = 150 * 1024;
/// Resolution of a rasterised page: legible when printed.
const DPI: f32 = 150.0;

/// One attestation page ready to embed: its file extension and bytes.
pub(super) struct PageImage {
    /// `svg`, `png` or `jpg`.
    pub(super) ext: &'static str,
    /// The picture.
    pub(super) bytes: Vec<u8>,
}

/// Each page of a PDF (parsed once, when the attachment was vetted) as a picture: its SVG
/// drawing, or its 150-dpi raster when the drawing is heavy and the raster smaller.
pub(super) fn pdf_pages(pdf: &Pdf) -> Vec<PageImage> {
    let settings = interpreter_settings();
    let cache = RenderCache::new();
    let render = SvgRenderSettings {
        bg_color: [255, 255, 255, 255],
    };
    pdf.pages()
        .iter()
        .map(|page| {
            let svg = hayro_svg::convert(page, &cache, &settings, &render);
            match (svg.len() > RASTER_ABOVE)
                .then(|| raster(page, &settings))
                .flatten()
            {
                Some(raster) if raster.bytes.len() < svg.len() => raster,
                _ => PageImage {
                    ext: "svg",
                    bytes: svg.into_bytes(),
                },
            }
        })
        .collect()
}

/// A page at [`DPI`]: greyscale PNG, or JPEG when it has colour; `None` if it cannot be encoded.
fn raster(
    page: &hayro_syntax::page::Page<'_>,
    settings: &InterpreterSettings,
) -> Option<PageImage> {
    let scale = DPI / 72.0;
    let render = hayro::RenderSettings {
        x_scale: scale,
        y_scale: scale,
        bg_color: hayro::vello_cpu::color::palette::css::WHITE,
        ..hayro::RenderSettings::default()
    };
    let pixmap = hayro::render(page, &hayro::RenderCache::new(), settings, &render);
    let (width, height) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
    let pixels = pixmap.take_unpremultiplied();
    let colour = pixels.iter().any(|p| {
        let (max, min) = (p.r.max(p.g).max(p.b), p.r.min(p.g).min(p.b));
        max - min > 24
    });
    let mut out = std::io::Cursor::new(Vec::new());
    if colour {
        let rgb: Vec<u8> = pixels.iter().flat_map(|p| [p.r, p.g, p.b]).collect();
        let picture = image::RgbImage::from_raw(width, height, rgb)?;
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 65);
        picture.write_with_encoder(encoder).ok()?;
        Some(PageImage {
            ext: "jpg",
            bytes: out.into_inner(),
        })
    } else {
        let grey: Vec<u8> = pixels
            .iter()
            .map(|p| {
                let luma =
                    (u32::from(p.r) * 299 + u32::from(p.g) * 587 + u32::from(p.b) * 114) / 1000;
                // Sixteen grey levels: text stays sharp, the picture compresses far better.
                ((luma + 8) / 17 * 17).min(255) as u8
            })
            .collect();
        let picture = image::GrayImage::from_raw(width, height, grey)?;
        picture.write_to(&mut out, image::ImageFormat::Png).ok()?;
        Some(PageImage {
            ext: "png",
            bytes: out.into_inner(),
        })
    }
}

fn interpreter_settings() -> InterpreterSettings {
    InterpreterSettings {
        font_resolver: Arc::new(|query| match query {
            FontQuery::Standard(font) => standard_font(*font),
            FontQuery::Fallback(fallback) => standard_font(fallback.pick_standard_font()),
        }),
        cmap_resolver: Arc::new(|_| None),
        warning_sink: Arc::new(|_| {}),
        render_annotations: true,
    }
}

/// The 14 standard PDF fonts, from the metric-compatible fonts Typst ships for this purpose.
fn standard_font(font: StandardFont) -> Option<(FontData, u32)> {
    use typst_assets::pdf;
    let bytes: &'static [u8] = match font {
        StandardFont::Helvetica => pdf::SANS,
        StandardFont::HelveticaBold => pdf::SANS_BOLD,
        StandardFont::HelveticaOblique => pdf::SANS_ITALIC,
        StandardFont::HelveticaBoldOblique => pdf::SANS_BOLD_ITALIC,
        StandardFont::Courier => pdf::FIXED,
        StandardFont::CourierBold => pdf::FIXED_BOLD,
        StandardFont::CourierOblique => pdf::FIXED_ITALIC,
        StandardFont::CourierBoldOblique => pdf::FIXED_BOLD_ITALIC,
        StandardFont::TimesRoman => pdf::SERIF,
        StandardFont::TimesBold => pdf::SERIF_BOLD,
        StandardFont::TimesItalic => pdf::SERIF_ITALIC,
        StandardFont::TimesBoldItalic => pdf::SERIF_BOLD_ITALIC,
        StandardFont::ZapfDingBats => pdf::DING_BATS,
        StandardFont::Symbol => pdf::SYMBOL,
    };
    Some((Arc::new(bytes), 0))
}
