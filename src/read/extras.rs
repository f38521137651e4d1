//! What calamine does not expose but candidates use: cell fill colours (ticks by colour) and
//! drawings anchored on cells (an option ticked with a text box or a shape). Read from the
//! file's XML parts; ODS repeat attributes are counted, never expanded.

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
}

impl SheetExtras {
    /// Whether a cell has a visible (non-white) solid fill.
    pub(crate) fn coloured(&self, row: u32, col: u32) -> bool {
        self.fills
            .get(&(row, col))
            .is_some_and(|c| c != "FFFFFF" && c != "theme:0")
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
    if let Some(styles) = part(zip, "xl/styles.xml") {
        let (mut in_fills, mut in_xfs, mut solid) = (false, false, false);
        each_element(&styles, |e, _, _| match e.local_name().as_ref() {
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
                xf_fill.push(attr(e, "fillId").and_then(|f| f.parse().ok()).unwrap_or(0))
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
                    && let Some(Some(colour)) = xf_fill.get(style).and_then(|f| fills.get(*f))
                {
                    extras.fills.insert(pos, colour.clone());
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

fn ods(zip: &mut Zip<'_>) -> HashMap<String, SheetExtras> {
    let mut out = HashMap::new();
    let Some(content) = part(zip, "content.xml") else {
        return out;
    };
    let mut styles: HashMap<String, String> = HashMap::new();
    let mut current_style: Option<String> = None;
    let mut sheet: Option<(String, SheetExtras)> = None;
    let (mut row, mut col) = (0u32, 0u32);
    let mut row_repeat = 1u32;
    let mut in_cell: Option<(u32, u32)> = None;
    let mut shape: Option<((u32, u32), String)> = None;
    each_element(&content, |e, empty, text| match e.local_name().as_ref() {
        "style" => current_style = attr(e, "name"),
        "table-cell-properties" => {
            if let (Some(name), Some(colour)) = (&current_style, attr(e, "background-color"))
                && colour.starts_with('#')
            {
                styles.insert(name.clone(), colour.trim_start_matches('#').to_uppercase());
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
                && let Some(colour) = attr(e, "style-name").and_then(|s| styles.get(&s).cloned())
            {
                for c in col..col.saturating_add(repeat.min(64)) {
                    extras.fills.insert((row, c), colour.clone());
                }
            }
            in_cell = (!empty).then_some((row, col));
            col = col.saturating_add(repeat);
        }
        "frame" | "custom-shape" | "rect" | "ellipse" | "line" | "path" | "polygon" => {
            if let Some(pos) = in_cell {
                shape = Some((pos, String::new()));
            }
        }
        "#text" => {
            if let (Some((_, s)), Some(t)) = (shape.as_mut(), text) {
                s.push_str(t);
            }
        }
        "/frame" | "/custom-shape" | "/rect" | "/ellipse" | "/line" | "/path" | "/polygon" => {
            if let (Some((pos, t)), Some((_, extras))) = (shape.take(), sheet.as_mut()) {
                extras.drawings.push((pos, t.trim().to_owned()));
            }
        }
        "/table-cell" | "/covered-table-cell" => in_cell = None,
        _ => {}
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
