//! What calamine does not expose but candidates use: cell fill colours (ticks by colour), bold
//! and merged cells (headings), drawings anchored on cells (an option ticked with a text box or
//! a shape), hidden rows, and the text of ODS cells written without a value type (by scripts
//! such as odfpy), which calamine leaves empty. Read from the file's XML parts; ODS repeat
//! attributes are counted, never expanded.

use super::archive::Archive;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

/// Rows beyond this are not scanned for fills: a tableau holds a few dozen.
const MAX_ROWS: u32 = 5_000;
/// Largest XML part read, in bytes (a zip bomb must not be inflated whole).
const MAX_PART: u64 = 16 * 1024 * 1024;

/// Fills and drawings of one sheet, by zero-based (row, column).
#[derive(Debug, Default, Clone)]
pub(crate) struct SheetExtras {
    /// Solid fill colour of a cell, `RRGGBB` upper case; theme colours as `theme:N`.
    pub fills: HashMap<(u32, u32), String>,
    /// Text of each drawing anchored at a cell (empty for a shape without text).
    pub drawings: Vec<((u32, u32), String)>,
    /// Zero-based rows hidden in the sheet (below [`MAX_ROWS`]).
    pub hidden_rows: std::collections::HashSet<u32>,
    /// Cells in a bold font.
    pub bold: std::collections::HashSet<(u32, u32)>,
    /// Merged ranges: first cell, then last cell (both included).
    pub merges: Vec<((u32, u32), (u32, u32))>,
    /// ODS cells with text but no `office:value-type` (left empty by calamine): their text.
    pub untyped_texts: Vec<((u32, u32), String)>,
}

impl SheetExtras {
    /// Whether a cell has a visible (non-white) solid fill.
    pub(crate) fn coloured(&self, row: u32, col: u32) -> bool {
        self.fills
            .get(&(row, col))
            .is_some_and(|c| c != "FFFFFF" && c != "theme:0")
    }

    /// How many columns the merged range starting at a cell spans (1 when it starts none).
    pub(crate) fn merged_width(&self, row: u32, col: u32) -> u32 {
        self.merges
            .iter()
            .find(|(first, _)| *first == (row, col))
            .map_or(1, |(first, last)| last.1.saturating_sub(first.1) + 1)
    }
}

/// Reads the extras of every sheet, by sheet name; empty when the file holds none or is not
/// a zip-based workbook.
pub(super) fn read(zip: &mut Zip<'_>) -> HashMap<String, SheetExtras> {
    if part(zip, "content.xml").is_some() {
        return ods(zip);
    }
    xlsx(zip)
}

type Zip<'a> = Archive<'a>;

/// A part, its first [`MAX_PART`] bytes only.
fn part(zip: &mut Zip<'_>, name: &str) -> Option<Vec<u8>> {
    let bytes = zip.part(name)?;
    Some(bytes[..bytes.len().min(MAX_PART as usize)].to_vec())
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name || a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// Calls `f` for every start or empty element, with a flag telling which.
fn each_element(xml: &[u8], mut f: impl FnMut(&BytesStart<'_>, bool, Option<&str>)) {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => f(&e, false, None),
            Ok(Event::Empty(e)) => f(&e, true, None),
            Ok(Event::Text(t)) => {
                let text: String = (*t).to_owned();
                f(&BytesStart::new("#text"), true, Some(&text));
            }
            // `&amp;`, `&#233;`…: reported as text, like the text around them.
            Ok(Event::GeneralRef(r)) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_owned),
                };
                if let Some(text) = resolved {
                    f(&BytesStart::new("#text"), true, Some(&text));
                }
            }
            Ok(Event::End(e)) => {
                let name = format!("/{}", e.local_name().as_ref());
                f(&BytesStart::new(name), true, None);
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
}

/// "E10" → (9, 4).
fn cell_position(reference: &str) -> Option<(u32, u32)> {
    let letters: String = reference
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let digits = &reference[letters.len()..];
    let row: u32 = digits.parse().ok()?;
    let col = letters.bytes().try_fold(0u32, |acc, b| {
        acc.checked_mul(26)?
            .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

fn xlsx(zip: &mut Zip<'_>) -> HashMap<String, SheetExtras> {
    let mut out = HashMap::new();
    // Fill of each cell format (cellXfs index → colour).
    let mut fills: Vec<Option<String>> = Vec::new();
    let mut xf_fill: Vec<usize> = Vec::new();
    // Boldness of each font, and the font of each cell format.
    let mut bold_fonts: Vec<bool> = Vec::new();
    let mut xf_font: Vec<usize> = Vec::new();
    if let Some(styles) = part(zip, "xl/styles.xml") {
        let (mut in_fills, mut in_xfs, mut solid, mut in_fonts) = (false, false, false, false);
        each_element(&styles, |e, _, _| match e.local_name().as_ref() {
            "fonts" => in_fonts = true,
            "/fonts" => in_fonts = false,
            "font" if in_fonts => bold_fonts.push(false),
            "b" if in_fonts => {
                if let Some(last) = bold_fonts.last_mut() {
                    *last = attr(e, "val").is_none_or(|v| v != "0" && v != "false");
                }
            }
            "fills" => in_fills = true,
            "/fills" => in_fills = false,
            "cellXfs" => in_xfs = true,
            "/cellXfs" => in_xfs = false,
            "fill" if in_fills => {
                fills.push(None);
                solid = false;
            }
            "patternFill" if in_fills => solid = attr(e, "patternType").as_deref() == Some("solid"),
            "fgColor" if in_fills && solid => {
                if let Some(last) = fills.last_mut() {
                    *last = attr(e, "rgb")
                        .map(|rgb| {
                            rgb.to_uppercase()
                                .chars()
                                .rev()
                                .take(6)
                                .collect::<Vec<_>>()
                                .into_iter()
                                .rev()
                                .collect()
                        })
                        .or_else(|| attr(e, "theme").map(|t| format!("theme:{t}")))
                        .or_else(|| attr(e, "indexed").map(|i| format!("indexed:{i}")));
                }
            }
            "xf" if in_xfs => {
                xf_fill.push(attr(e, "fillId").and_then(|f| f.parse().ok()).unwrap_or(0));
                xf_font.push(attr(e, "fontId").and_then(|f| f.parse().ok()).unwrap_or(0));
            }
            _ => {}
        });
    }
    // Sheet names and their parts.
    let Some(workbook) = part(zip, "xl/workbook.xml") else {
        return out;
    };
    let Some(rels) = part(zip, "xl/_rels/workbook.xml.rels") else {
        return out;
    };
    let mut targets = HashMap::new();
    each_element(&rels, |e, _, _| {
        if e.local_name().as_ref() == "Relationship"
            && let (Some(id), Some(target)) = (attr(e, "Id"), attr(e, "Target"))
        {
            targets.insert(
                id,
                target
                    .trim_start_matches('/')
                    .trim_start_matches("xl/")
                    .to_owned(),
            );
        }
    });
    let mut sheets = Vec::new();
    each_element(&workbook, |e, _, _| {
        if e.local_name().as_ref() == "sheet"
            && let (Some(name), Some(id)) = (attr(e, "name"), attr(e, "id"))
            && let Some(target) = targets.get(&id)
        {
            sheets.push((name, format!("xl/{target}")));
        }
    });
    for (name, path) in sheets {
        let mut extras = SheetExtras::default();
        if let Some(xml) = part(zip, &path) {
            each_element(&xml, |e, _, _| {
                if e.local_name().as_ref() == "row"
                    && attr(e, "hidden").is_some_and(|h| h == "1" || h == "true")
                    && let Some(r) = attr(e, "r").and_then(|r| r.parse::<u32>().ok())
                    && (1..=MAX_ROWS).contains(&r)
                {
                    extras.hidden_rows.insert(r - 1);
                }
                if e.local_name().as_ref() == "c"
                    && let Some(pos) = attr(e, "r").as_deref().and_then(cell_position)
                    && pos.0 < MAX_ROWS
                    && let Some(style) = attr(e, "s").and_then(|s| s.parse::<usize>().ok())
                {
                    if let Some(Some(colour)) = xf_fill.get(style).and_then(|f| fills.get(*f)) {
                        extras.fills.insert(pos, colour.clone());
                    }
                    if xf_font
                        .get(style)
                        .is_some_and(|f| bold_fonts.get(*f).copied().unwrap_or(false))
                    {
                        extras.bold.insert(pos);
                    }
                }
                if e.local_name().as_ref() == "mergeCell"
                    && let Some((first, last)) = attr(e, "ref")
                        .as_deref()
                        .and_then(|r| r.split_once(':'))
                        .and_then(|(a, b)| Some((cell_position(a)?, cell_position(b)?)))
                    && first.0 < MAX_ROWS
                {
                    extras.merges.push((first, last));
                }
            });
        }
        extras.drawings = xlsx_drawings(zip, &path);
        out.insert(name, extras);
    }
    out
}

fn xlsx_drawings(zip: &mut Zip<'_>, sheet_path: &str) -> Vec<((u32, u32), String)> {
    let (dir, file) = sheet_path
        .rsplit_once('/')
        .unwrap_or(("xl/worksheets", sheet_path));
    let Some(rels) = part(zip, &format!("{dir}/_rels/{file}.rels")) else {
        return Vec::new();
    };
    let mut drawings = Vec::new();
    each_element(&rels, |e, _, _| {
        if e.local_name().as_ref() == "Relationship"
            && attr(e, "Type").is_some_and(|t| t.ends_with("/drawing"))
            && let Some(target) = attr(e, "Target")
        {
            let resolved = target.replace("../", "xl/");
            drawings.push(if resolved.starts_with("xl/") {
                resolved
            } else {
                format!("{dir}/{resolved}")
            });
        }
    });
    let mut anchors = Vec::new();
    for path in drawings {
        let Some(xml) = part(zip, &path) else {
            continue;
        };
        let (mut in_from, mut field, mut pos, mut text) = (false, "", (0u32, 0u32), String::new());
        let (mut anchored, mut in_text) = (false, false);
        each_element(&xml, |e, _, content| {
            match (e.local_name().as_ref(), content) {
                ("twoCellAnchor" | "oneCellAnchor", _) => {
                    anchored = true;
                    text.clear();
                }
                ("from", _) => in_from = true,
                ("/from", _) => in_from = false,
                ("col", _) if in_from => field = "col",
                ("row", _) if in_from => field = "row",
                ("#text", Some(t)) if in_from && !field.is_empty() => {
                    let n = t.trim().parse().unwrap_or(0);
                    if field == "col" {
                        pos.1 = n
                    } else {
                        pos.0 = n
                    }
                    field = "";
                }
                ("t", _) => in_text = true,
                ("/t", _) => in_text = false,
                ("#text", Some(t)) if anchored && in_text => text.push_str(t),
                ("/twoCellAnchor" | "/oneCellAnchor", _) => {
                    anchors.push((pos, text.trim().to_owned()));
                    anchored = false;
                }
                _ => {}
            }
        });
    }
    anchors
}

/// Drawing elements of ODS (`draw:…`) that a candidate may put on a cell.
const ODS_SHAPES: &[&str] = &[
    "frame",
    "custom-shape",
    "rect",
    "ellipse",
    "circle",
    "line",
    "polyline",
    "polygon",
    "regular-polygon",
    "path",
    "connector",
    "g",
];

/// What the ODS reader is inside of, while walking `content.xml`.
#[derive(Default)]
struct OdsCell {
    /// The cell's position.
    pos: (u32, u32),
    /// Columns it repeats over.
    repeat: u32,
    /// Whether it declares no `office:value-type` (its text is then read here).
    untyped: bool,
    /// Its text so far (paragraphs joined by line breaks).
    text: String,
    /// Paragraphs opened so far.
    paragraphs: u32,
    /// Depth inside a `text:p`.
    in_paragraph: u32,
}

fn ods(zip: &mut Zip<'_>) -> HashMap<String, SheetExtras> {
    let mut out = HashMap::new();
    let Some(content) = part(zip, "content.xml") else {
        return out;
    };
    let mut styles: HashMap<String, String> = HashMap::new();
    let mut bold_styles: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut current_style: Option<String> = None;
    let mut sheet: Option<(String, SheetExtras)> = None;
    let (mut row, mut col) = (0u32, 0u32);
    let mut row_repeat = 1u32;
    let mut cell: Option<OdsCell> = None;
    let mut shape: Option<((u32, u32), String, u32)> = None;
    // Depth inside an `office:annotation` (a comment: not the cell's text, as for calamine).
    let mut annotation = 0u32;
    each_element(&content, |e, empty, text| {
        let local_name = e.local_name();
        let local: &str = local_name.as_ref();
        let qualified = e.name();
        let is_draw = AsRef::<str>::as_ref(&qualified).starts_with("draw:");
        if annotation > 0 || (local == "annotation" && !empty) {
            if local.starts_with('/') {
                annotation -= 1;
            } else if !empty {
                annotation += 1;
            }
            return;
        }
        match local {
            "style" => current_style = attr(e, "name"),
            "table-cell-properties" => {
                if let (Some(name), Some(colour)) = (&current_style, attr(e, "background-color"))
                    && colour.starts_with('#')
                {
                    styles.insert(name.clone(), colour.trim_start_matches('#').to_uppercase());
                }
            }
            "text-properties" => {
                if let Some(name) = &current_style
                    && attr(e, "font-weight").is_some_and(|w| w == "bold" || w == "700")
                {
                    bold_styles.insert(name.clone());
                }
            }
            "table" => {
                if let Some((name, extras)) = sheet.take() {
                    out.insert(name, extras);
                }
                sheet = Some((attr(e, "name").unwrap_or_default(), SheetExtras::default()));
                row = 0;
            }
            "table-row" => {
                col = 0;
                row_repeat = attr(e, "number-rows-repeated")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(1);
                if empty {
                    row = row.saturating_add(row_repeat);
                }
            }
            "/table-row" => row = row.saturating_add(row_repeat),
            "table-cell" | "covered-table-cell" => {
                let repeat: u32 = attr(e, "number-columns-repeated")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(1);
                if let Some((_, extras)) = sheet.as_mut()
                    && row < MAX_ROWS
                {
                    let style = attr(e, "style-name");
                    for c in col..col.saturating_add(repeat.min(64)) {
                        if let Some(colour) = style.as_ref().and_then(|s| styles.get(s)) {
                            extras.fills.insert((row, c), colour.clone());
                        }
                        if style.as_ref().is_some_and(|s| bold_styles.contains(s)) {
                            extras.bold.insert((row, c));
                        }
                    }
                    let span = |name: &str| attr(e, name).and_then(|n| n.parse::<u32>().ok());
                    let (cols, rows) =
                        (span("number-columns-spanned"), span("number-rows-spanned"));
                    if cols.unwrap_or(1) > 1 || rows.unwrap_or(1) > 1 {
                        let last = (
                            row.saturating_add(rows.unwrap_or(1).max(1) - 1),
                            col.saturating_add(cols.unwrap_or(1).max(1) - 1),
                        );
                        extras.merges.push(((row, col), last));
                    }
                }
                cell = (!empty).then(|| OdsCell {
                    pos: (row, col),
                    repeat: repeat.min(64),
                    untyped: local == "table-cell" && attr(e, "value-type").is_none(),
                    ..OdsCell::default()
                });
                col = col.saturating_add(repeat);
            }
            shape_name if is_draw && ODS_SHAPES.contains(&shape_name) && shape.is_none() => {
                if let Some(c) = &cell {
                    if empty {
                        if let Some((_, extras)) = sheet.as_mut() {
                            extras.drawings.push((c.pos, String::new()));
                        }
                    } else {
                        shape = Some((c.pos, String::new(), 1));
                    }
                }
            }
            name if shape.is_some()
                && !name.starts_with('/')
                && !name.starts_with('#')
                && !empty =>
            {
                if let Some((_, _, depth)) = shape.as_mut() {
                    *depth += 1;
                }
            }
            "#text" if shape.is_some() => {
                if let (Some((_, s, _)), Some(t)) = (shape.as_mut(), text) {
                    s.push_str(t);
                }
            }
            name if shape.is_some() && name.starts_with('/') => {
                let done = shape.as_mut().is_some_and(|(_, _, depth)| {
                    *depth -= 1;
                    *depth == 0
                });
                if done
                    && let (Some((pos, t, _)), Some((_, extras))) = (shape.take(), sheet.as_mut())
                {
                    extras.drawings.push((pos, t.trim().to_owned()));
                }
            }
            // The text of a cell without value type: its paragraphs, outside any drawing.
            "p" if !empty => {
                if let Some(c) = cell.as_mut() {
                    if c.in_paragraph == 0 && c.paragraphs > 0 {
                        c.text.push('\n');
                    }
                    c.paragraphs += 1;
                    c.in_paragraph += 1;
                }
            }
            "/p" => {
                if let Some(c) = cell.as_mut() {
                    c.in_paragraph = c.in_paragraph.saturating_sub(1);
                }
            }
            "line-break" | "tab" | "s" => {
                if let Some(c) = cell.as_mut().filter(|c| c.in_paragraph > 0) {
                    match local {
                        "line-break" => c.text.push('\n'),
                        "tab" => c.text.push('\t'),
                        _ => {
                            let n = attr(e, "c").and_then(|n| n.parse().ok()).unwrap_or(1usize);
                            c.text.push_str(&" ".repeat(n.min(100)));
                        }
                    }
                }
            }
            "#text" => {
                if let (Some(c), Some(t)) = (cell.as_mut(), text)
                    && c.in_paragraph > 0
                    && c.text.len() < 100_000
                {
                    c.text.push_str(t);
                }
            }
            "/table-cell" | "/covered-table-cell" => {
                if let Some(c) = cell.take()
                    && c.untyped
                    && !c.text.is_empty()
                    && let Some((_, extras)) = sheet.as_mut()
                    && c.pos.0 < MAX_ROWS
                {
                    for n in 0..c.repeat {
                        let pos = (c.pos.0, c.pos.1.saturating_add(n));
                        extras.untyped_texts.push((pos, c.text.clone()));
                    }
                }
            }
            _ => {}
        }
    });
    if let Some((name, extras)) = sheet.take() {
        out.insert(name, extras);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(cell_position("A1"), Some((0, 0)));
        assert_eq!(cell_position("E10"), Some((9, 4)));
        assert_eq!(cell_position("AB3"), Some((2, 27)));
        assert_eq!(cell_position("A0"), None);
        assert_eq!(cell_position("ZZZZZZZZZZ1"), None);
    }
}
