//! The candidates' address as a QR code: drawn in the terminal at start-up, and on the class
//! page to project in the classroom, so that a phone opens it without typing the token.

use qrcode::QrCode;
use qrcode::render::{svg, unicode};

/// The code drawn with half blocks, light on a dark terminal (the usual one).
pub(crate) fn terminal(url: &str) -> Option<String> {
    let code = QrCode::new(url.as_bytes()).ok()?;
    Some(
        code.render::<unicode::Dense1x2>()
            .dark_color(unicode::Dense1x2::Light)
            .light_color(unicode::Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

/// The code as an SVG element to put in a page (its text is ours: no user input in it).
pub(crate) fn svg(url: &str) -> Option<String> {
    let code = QrCode::new(url.as_bytes()).ok()?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(240, 240)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // The XML declaration is not allowed inside HTML.
    let start = image.find("<svg")?;
    Some(image[start..].replacen(
        "<svg",
        "<svg role=\"img\" aria-label=\"Code QR de l'adresse des candidats\"",
        1,
    ))
}
