//! Attestation pages made embeddable in an archival PDF: PDF/A forbids embedding another PDF,
//! so each page of a PDF attestation becomes an SVG drawing (vector, text as outlines), which
//! Typst embeds like any picture. PNG and JPEG attestations are embedded as they are.

use hayro_svg::hayro_interpret::InterpreterSettings;
use hayro_svg::hayro_interpret::font::{FontData, FontQuery, StandardFont};
use hayro_svg::{RenderCache, SvgRenderSettings};
use hayro_syntax::Pdf;
use std::sync::Arc;

/// Each page of a PDF (parsed once, when the attachment was vetted) as an SVG document.
pub(super) fn pdf_pages_as_svg(pdf: &Pdf) -> Vec<String> {
    let settings = InterpreterSettings {
        font_resolver: Arc::new(|query| match query {
            FontQuery::Standard(font) => standard_font(*font),
            FontQuery::Fallback(fallback) => standard_font(fallback.pick_standard_font()),
        }),
        cmap_resolver: Arc::new(|_| None),
        warning_sink: Arc::new(|_| {}),
        render_annotations: true,
    };
    let cache = RenderCache::new();
    let render = SvgRenderSettings {
        bg_color: [255, 255, 255, 255],
    };
    pdf.pages()
        .iter()
        .map(|page| hayro_svg::convert(page, &cache, &settings, &render))
        .collect()
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
