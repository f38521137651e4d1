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
/// Most bytes of untyped ODS texts kept, repeats included.
const MAX_UNTYPED: usize = 16 * 1024 * 1024;

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
    /// Font size of the cells whose style gives one, in tenths of a point.
    pub font_sizes: HashMap<(u32, u32), u32>,
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

/// What the XML parts add to calamine's cells: each sheet's extras by name, and the parts
/// found malformed (said in a warning: what they describe may be missing).
#[derive(Debug, Default)]
pub(crate) struct Extras {
    /// Each sheet's extras, by sheet name.
    pub sheets: HashMap<String, SheetExtras>,
    /// Malformed parts: name and fault.
    pub damaged: Vec<String>,
}

/// Reads the extras of every sheet, by sheet name; empty when the file holds none or is not
/// a zip-based workbook.
pub(super) fn read(archive: &mut Archive<'_>) -> Extras {
    let mut zip = Zip {
        archive,
        damaged: Vec::new(),
    };
    let sheets = if part(&mut zip, "content.xml").is_some() {
        ods(&mut zip)
    } else {
        xlsx(&mut zip)
    };
    Extras {
        sheets,
        damaged: zip.damaged,
    }
}

/// The archive being read and the parts found malformed so far.
struct Zip<'a, 'b> {
    archive: &'b mut Archive<'a>,
    damaged: Vec<String>,
}

impl Zip<'_, '_> {
    /// Walks a part's elements (see [`each_element`]); a malformed part is recorded, what was
    /// read of it before the fault kept.
    fn walk(&mut self, name: &str, xml: &[u8], f: impl FnMut(&BytesStart<'_>, bool, Option<&str>)) {
        if let Err(error) = each_element(xml, f) {
            self.damaged.push(format!("« {name} » : {error}"));
        }
    }
}

/// A part, its first [`MAX_PART`] bytes only.
fn part(zip: &mut Zip<'_, '_>, name: &str) -> Option<Vec<u8>> {
    let bytes = zip.archive.part(name)?;
    Some(bytes[..bytes.len().min(MAX_PART as usize)].to_vec())
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name || a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// Calls `f` for every start or empty element, with a flag telling which.
fn each_element(
    xml: &[u8],
    mut f: impl FnMut(&BytesStart<'_>, bool, Option<&str>),
) -> Result<(), String> {
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
            Ok(Event::Eof) => return Ok(()),
            Err(error) => {
                return Err(format!(
                    "XML invalide vers l'octet {} : {error}",
                    reader.buffer_position()
                ));
            }
            _ => {}
        }
        buf.clear();
    }
}

/// A font size (`14`, `14pt`, `10.5`) in tenths of a point.
fn tenths_of_point(text: &str) -> Option<u32> {
    let points: f64 = text.trim().trim_end_matches("pt").trim().parse().ok()?;
    (points > 0.0 && points < 1000.0).then(|| (points * 10.0).round() as u32)
}

/// "E10" → (9, 4), within `u32`.
fn cell_position(reference: &str) -> Option<(u32, u32)> {
    let (row, col) = crate::diagnostic::cell_position(reference)?;
    Some((u32::try_from(row).ok()?, u32::try_from(col).ok()?))
}

fn xlsx(zip: &mut Zip<'_, '_>) -> HashMap<String, SheetExtras> {
    let styles = XlsxStyles::read(zip);
    let mut out = HashMap::new();
    for (name, path) in xlsx_sheets(zip) {
        let mut extras = match part(zip, &path) {
            Some(xml) => xlsx_sheet(zip, &path, &xml, &styles),
            None => SheetExtras::default(),
        };
        extras.drawings = xlsx_drawings(zip, &path);
        out.insert(name, extras);
    }
    out
}

/// What an xlsx's styles say of each cell format: its solid fill and whether its font is bold.
#[derive(Default)]
struct XlsxStyles {
    /// Fill of each fill (`None` when not solid).
    fills: Vec<Option<String>>,
    /// Fill index of each cell format.
    xf_fill: Vec<usize>,
    /// Boldness of each font.
    bold_fonts: Vec<bool>,
    /// Size of each font, in tenths of a point.
    font_sizes: Vec<Option<u32>>,
    /// Font index of each cell format.
    xf_font: Vec<usize>,
}

impl XlsxStyles {
    fn read(zip: &mut Zip<'_, '_>) -> XlsxStyles {
        let mut styles = XlsxStyles::default();
        let XlsxStyles {
            fills,
            xf_fill,
            bold_fonts,
            font_sizes,
            xf_font,
        } = &mut styles;
        if let Some(xml) = part(zip, "xl/styles.xml") {
            let (mut in_fills, mut in_xfs, mut solid, mut in_fonts) = (false, false, false, false);
            zip.walk("xl/styles.xml", &xml, |e, _, _| {
                match e.local_name().as_ref() {
                    "fonts" => in_fonts = true,
                    "/fonts" => in_fonts = false,
                    "font" if in_fonts => {
                        bold_fonts.push(false);
                        font_sizes.push(None);
                    }
                    "sz" if in_fonts => {
                        if let Some(last) = font_sizes.last_mut() {
                            *last = attr(e, "val").as_deref().and_then(tenths_of_point);
                        }
                    }
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
                    "patternFill" if in_fills => {
                        solid = attr(e, "patternType").as_deref() == Some("solid")
                    }
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
                }
            });
        }
        styles
    }

    /// The fill of a cell format, when solid.
    fn fill(&self, style: usize) -> Option<&String> {
        self.xf_fill
            .get(style)
            .and_then(|f| self.fills.get(*f))
            .and_then(Option::as_ref)
    }

    /// The size of a cell format's font, in tenths of a point.
    fn size(&self, style: usize) -> Option<u32> {
        self.xf_font
            .get(style)
            .and_then(|f| self.font_sizes.get(*f).copied().flatten())
    }

    /// Whether a cell format's font is bold.
    fn bold(&self, style: usize) -> bool {
        self.xf_font
            .get(style)
            .is_some_and(|f| self.bold_fonts.get(*f).copied().unwrap_or(false))
    }
}

/// The workbook's sheets: name and part path.
fn xlsx_sheets(zip: &mut Zip<'_, '_>) -> Vec<(String, String)> {
    let Some(workbook) = part(zip, "xl/workbook.xml") else {
        return Vec::new();
    };
    let Some(rels) = part(zip, "xl/_rels/workbook.xml.rels") else {
        return Vec::new();
    };
    let mut targets = HashMap::new();
    zip.walk("xl/_rels/workbook.xml.rels", &rels, |e, _, _| {
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
    zip.walk("xl/workbook.xml", &workbook, |e, _, _| {
        if e.local_name().as_ref() == "sheet"
            && let (Some(name), Some(id)) = (attr(e, "name"), attr(e, "id"))
            && let Some(target) = targets.get(&id)
        {
            sheets.push((name, format!("xl/{target}")));
        }
    });
    sheets
}

/// One sheet's hidden rows, fills, bold cells and merges.
fn xlsx_sheet(zip: &mut Zip<'_, '_>, path: &str, xml: &[u8], styles: &XlsxStyles) -> SheetExtras {
    let mut extras = SheetExtras::default();
    zip.walk(path, xml, |e, _, _| {
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
        {
            // A cell without a style has the workbook's default one (the first).
            let style = attr(e, "s")
                .and_then(|s| s.parse::<usize>().ok())
                .unwrap_or(0);
            if let Some(size) = styles.size(style) {
                extras.font_sizes.insert(pos, size);
            }
            if let Some(colour) = styles.fill(style) {
                extras.fills.insert(pos, colour.clone());
            }
            if styles.bold(style) {
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
    extras
}

fn xlsx_drawings(zip: &mut Zip<'_, '_>, sheet_path: &str) -> Vec<((u32, u32), String)> {
    let (dir, file) = sheet_path
        .rsplit_once('/')
        .unwrap_or(("xl/worksheets", sheet_path));
    let rels_path = format!("{dir}/_rels/{file}.rels");
    let Some(rels) = part(zip, &rels_path) else {
        return Vec::new();
    };
    let mut drawings = Vec::new();
    zip.walk(&rels_path, &rels, |e, _, _| {
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
        zip.walk(&path, &xml, |e, _, content| {
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
    /// Rows its row repeats over (`table:number-rows-repeated`), within [`MAX_ROWS`].
    rows: u32,
    /// Whether it declares no `office:value-type` (its text is then read here).
    untyped: bool,
    /// Its text so far (paragraphs joined by line breaks).
    text: String,
    /// Paragraphs opened so far.
    paragraphs: u32,
    /// Depth inside a `text:p`.
    in_paragraph: u32,
}

fn ods(zip: &mut Zip<'_, '_>) -> HashMap<String, SheetExtras> {
    let Some(content) = part(zip, "content.xml") else {
        return HashMap::new();
    };
    let mut reader = OdsReader::default();
    zip.walk("content.xml", &content, |e, empty, text| {
        reader.event(e, empty, text)
    });
    reader.finish()
}

/// The walk through an ODS `content.xml`: the styles met so far, the sheet, row and cell being
/// read, the drawing being read, and the extras of the sheets done.
#[derive(Default)]
struct OdsReader {
    out: HashMap<String, SheetExtras>,
    /// Background colour of each cell style.
    styles: HashMap<String, String>,
    /// Cell styles whose font is bold.
    bold_styles: std::collections::HashSet<String>,
    /// Font size of each cell style that gives one, in tenths of a point.
    size_styles: HashMap<String, u32>,
    current_style: Option<String>,
    sheet: Option<(String, SheetExtras)>,
    row: u32,
    col: u32,
    row_repeat: u32,
    cell: Option<OdsCell>,
    /// A drawing being read: its cell, its text, its depth.
    shape: Option<((u32, u32), String, u32)>,
    /// Depth inside an `office:annotation` (a comment: not the cell's text, as for calamine).
    annotation: u32,
    /// Bytes of untyped texts kept so far.
    untyped_bytes: usize,
}

impl OdsReader {
    fn event(&mut self, e: &BytesStart<'_>, empty: bool, text: Option<&str>) {
        let local_name = e.local_name();
        let local: &str = local_name.as_ref();
        let qualified = e.name();
        let is_draw = AsRef::<str>::as_ref(&qualified).starts_with("draw:");
        if self.annotation > 0 || (local == "annotation" && !empty) {
            if local.starts_with('/') {
                self.annotation -= 1;
            } else if !empty {
                self.annotation += 1;
            }
            return;
        }
        match local {
            "style" => self.current_style = attr(e, "name"),
            "table-cell-properties" | "text-properties" => self.style_property(e, local),
            "table" => {
                self.finish_sheet();
                self.sheet = Some((attr(e, "name").unwrap_or_default(), SheetExtras::default()));
                self.row = 0;
            }
            "table-row" => {
                self.col = 0;
                self.row_repeat = attr(e, "number-rows-repeated")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(1);
                if empty {
                    self.row = self.row.saturating_add(self.row_repeat);
                }
            }
            "/table-row" => self.row = self.row.saturating_add(self.row_repeat),
            "table-cell" | "covered-table-cell" => self.cell_start(e, local, empty),
            "/table-cell" | "/covered-table-cell" => self.cell_end(),
            name if is_draw && ODS_SHAPES.contains(&name) && self.shape.is_none() => {
                self.shape_start(empty);
            }
            name if self.shape.is_some() => self.shape_event(name, empty, text),
            _ => self.cell_text(e, local, empty, text),
        }
    }

    /// A style's background colour or bold font.
    fn style_property(&mut self, e: &BytesStart<'_>, local: &str) {
        let Some(name) = &self.current_style else {
            return;
        };
        if local == "table-cell-properties" {
            if let Some(colour) = attr(e, "background-color")
                && colour.starts_with('#')
            {
                self.styles
                    .insert(name.clone(), colour.trim_start_matches('#').to_uppercase());
            }
        } else {
            if attr(e, "font-weight").is_some_and(|w| w == "bold" || w == "700") {
                self.bold_styles.insert(name.clone());
            }
            if let Some(size) = attr(e, "font-size").as_deref().and_then(tenths_of_point) {
                self.size_styles.insert(name.clone(), size);
            }
        }
    }

    /// A cell opens: its fill, boldness and merge recorded, its text to be read if untyped.
    fn cell_start(&mut self, e: &BytesStart<'_>, local: &str, empty: bool) {
        let (row, col) = (self.row, self.col);
        let repeat: u32 = attr(e, "number-columns-repeated")
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        if let Some((_, extras)) = self.sheet.as_mut()
            && row < MAX_ROWS
        {
            let style = attr(e, "style-name");
            for c in col..col.saturating_add(repeat.min(64)) {
                if let Some(colour) = style.as_ref().and_then(|s| self.styles.get(s)) {
                    extras.fills.insert((row, c), colour.clone());
                }
                if style.as_ref().is_some_and(|s| self.bold_styles.contains(s)) {
                    extras.bold.insert((row, c));
                }
                if let Some(size) = style.as_ref().and_then(|s| self.size_styles.get(s)) {
                    extras.font_sizes.insert((row, c), *size);
                }
            }
            let span = |name: &str| attr(e, name).and_then(|n| n.parse::<u32>().ok());
            let (cols, rows) = (span("number-columns-spanned"), span("number-rows-spanned"));
            if cols.unwrap_or(1) > 1 || rows.unwrap_or(1) > 1 {
                let last = (
                    row.saturating_add(rows.unwrap_or(1).max(1) - 1),
                    col.saturating_add(cols.unwrap_or(1).max(1) - 1),
                );
                extras.merges.push(((row, col), last));
            }
        }
        self.cell = (!empty).then(|| OdsCell {
            pos: (row, col),
            repeat: repeat.min(64),
            rows: self
                .row_repeat
                .clamp(1, MAX_ROWS.saturating_sub(row).max(1)),
            untyped: local == "table-cell" && attr(e, "value-type").is_none(),
            ..OdsCell::default()
        });
        self.col = col.saturating_add(repeat);
    }

    /// A cell closes: the text of an untyped cell kept in every cell it stands for, as
    /// LibreOffice shows it — each repeated column of each repeated row — up to
    /// [`MAX_UNTYPED`] bytes in all (a script's million repeated rows cost nothing beyond).
    fn cell_end(&mut self) {
        if let Some(c) = self.cell.take()
            && c.untyped
            && !c.text.is_empty()
            && let Some((_, extras)) = self.sheet.as_mut()
            && c.pos.0 < MAX_ROWS
        {
            for r in 0..c.rows {
                for n in 0..c.repeat {
                    if self.untyped_bytes + c.text.len() > MAX_UNTYPED {
                        return;
                    }
                    self.untyped_bytes += c.text.len();
                    let pos = (c.pos.0.saturating_add(r), c.pos.1.saturating_add(n));
                    extras.untyped_texts.push((pos, c.text.clone()));
                }
            }
        }
    }

    /// A drawing inside a cell begins (an empty one is recorded at once).
    fn shape_start(&mut self, empty: bool) {
        let Some(c) = &self.cell else { return };
        if empty {
            if let Some((_, extras)) = self.sheet.as_mut() {
                extras.drawings.push((c.pos, String::new()));
            }
        } else {
            self.shape = Some((c.pos, String::new(), 1));
        }
    }

    /// Inside a drawing: its depth followed, its text gathered, recorded when it closes.
    fn shape_event(&mut self, name: &str, empty: bool, text: Option<&str>) {
        let Some((_, gathered, depth)) = self.shape.as_mut() else {
            return;
        };
        if name == "#text" {
            if let Some(t) = text {
                gathered.push_str(t);
            }
        } else if name.starts_with('/') {
            *depth -= 1;
            if *depth == 0
                && let (Some((pos, t, _)), Some((_, extras))) =
                    (self.shape.take(), self.sheet.as_mut())
            {
                extras.drawings.push((pos, t.trim().to_owned()));
            }
        } else if !name.starts_with('#') && !empty {
            *depth += 1;
        }
    }

    /// The text of a cell without value type: its paragraphs, line breaks, tabs and spaces.
    fn cell_text(&mut self, e: &BytesStart<'_>, local: &str, empty: bool, text: Option<&str>) {
        let Some(c) = self.cell.as_mut() else { return };
        match local {
            "p" if !empty => {
                if c.in_paragraph == 0 && c.paragraphs > 0 {
                    c.text.push('\n');
                }
                c.paragraphs += 1;
                c.in_paragraph += 1;
            }
            "/p" => c.in_paragraph = c.in_paragraph.saturating_sub(1),
            "line-break" if c.in_paragraph > 0 => c.text.push('\n'),
            "tab" if c.in_paragraph > 0 => c.text.push('\t'),
            "s" if c.in_paragraph > 0 => {
                let n = attr(e, "c").and_then(|n| n.parse().ok()).unwrap_or(1usize);
                c.text.push_str(&" ".repeat(n.min(100)));
            }
            "#text" => {
                if let Some(t) = text
                    && c.in_paragraph > 0
                    && c.text.len() < 100_000
                {
                    c.text.push_str(t);
                }
            }
            _ => {}
        }
    }

    fn finish_sheet(&mut self) {
        if let Some((name, extras)) = self.sheet.take() {
            self.out.insert(name, extras);
        }
    }

    fn finish(mut self) -> HashMap<String, SheetExtras> {
        self.finish_sheet();
        self.out
    }
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
