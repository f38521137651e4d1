//! Small valid PDFs written by hand, for the tests and the benchmarks (shared by path).
#![allow(dead_code, unreachable_pub)]

/// A small valid PDF of `pages` blank A4 pages, each with a grey frame (no text, no font).
pub fn minimal_pdf(pages: usize) -> Vec<u8> {
    padded_pdf(pages, 0)
}

/// The same PDF, padded by a comment of `padding` bytes (as a scan's weight would).
pub fn padded_pdf(pages: usize, padding: usize) -> Vec<u8> {
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            (0..pages)
                .map(|i| format!("{} 0 R", 3 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    ];
    for i in 0..pages {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R /Resources << >> >>",
            4 + 2 * i
        ));
        let content = "0.6 g 40 40 515 762 re S";
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
    }
    let mut pdf = b"%PDF-1.4\n".to_vec();
    if padding > 0 {
        pdf.push(b'%');
        pdf.extend((0..padding).map(|i| b'a' + (i % 26) as u8));
        pdf.push(b'\n');
    }
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    pdf
}
