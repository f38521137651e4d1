//! Guards run on a workbook's bytes before calamine sees them: calamine allocates from what a
//! file *declares* (a sheet's extent, the shared-string count, ODS repeats) and aborts the
//! process when that is absurd. Each cap is a named constant, reported in French.

use super::archive::{Archive, MAX_UNCOMPRESSED};
use quick_xml::Reader;
use quick_xml::events::Event;

/// Most entries in a workbook archive (a real one has a few dozen).
pub(crate) const MAX_ZIP_ENTRIES: usize = 2_000;
/// Largest sheet extent, in cells (rows × columns, from the first to the last used cell).
pub(crate) const MAX_CELLS: u64 = 2_000_000;
/// Most rows a sheet may use.
pub(crate) const MAX_ROWS: u64 = 100_000;
/// Most shared strings a workbook may declare.
pub(crate) const MAX_SHARED_STRINGS: u64 = 1_000_000;

/// Why a file is refused before reading.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GuardError {
    /// Too many parts in the archive.
    #[error("l'archive contient {0} éléments, au-delà de la limite de {MAX_ZIP_ENTRIES}")]
    TooManyEntries(usize),
    /// A zip bomb: the parts inflate beyond the limit.
    #[error("le classeur se décompresse en plus de {} Mio (limite) : fichier piégé ou endommagé", MAX_UNCOMPRESSED / 1024 / 1024)]
    Inflates,
    /// A sheet whose used area is absurd.
    #[error(
        "la feuille « {sheet} » s'étend sur {rows} lignes × {cols} colonnes, au-delà de la limite de {MAX_CELLS} cellules ou {MAX_ROWS} lignes"
    )]
    TooLarge {
        /// Sheet (or part) name.
        sheet: String,
        /// Rows spanned.
        rows: u64,
        /// Columns spanned.
        cols: u64,
    },
    /// Too many shared strings declared.
    #[error(
        "le classeur déclare {0} textes partagés, au-delà de la limite de {MAX_SHARED_STRINGS}"
    )]
    TooManyStrings(u64),
}

/// Checks a zip-based workbook (xlsx or ods).
pub(super) fn check_zip(zip: &mut Archive<'_>) -> Result<(), GuardError> {
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(GuardError::TooManyEntries(zip.len()));
    }
    let names = zip.names();
    let total = names
        .iter()
        .filter_map(|name| zip.declared_size(name))
        .fold(0u64, u64::saturating_add);
    if total > MAX_UNCOMPRESSED {
        return Err(GuardError::Inflates);
    }
    for name in &names {
        let sheet = name.starts_with("xl/worksheets/") && name.ends_with(".xml");
        let strings = name == "xl/sharedStrings.xml";
        let ods = name == "content.xml";
        if !(sheet || strings || ods) {
            continue;
        }
        // The declared size may lie: never inflate more than the cap.
        let Some(xml) = zip.part(name) else {
            continue;
        };
        if xml.len() as u64 > MAX_UNCOMPRESSED {
            return Err(GuardError::Inflates);
        }
        if sheet {
            check_sheet(name, &xml)?;
        } else if strings {
            check_strings(&xml)?;
        } else {
            check_ods(&xml)?;
        }
    }
    Ok(())
}

fn attribute(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// The used area of an xlsx sheet: its declared dimension and every cell reference.
fn check_sheet(name: &str, xml: &[u8]) -> Result<(), GuardError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let (mut min_row, mut min_col, mut max_row, mut max_col) = (u64::MAX, u64::MAX, 0u64, 0u64);
    let mut see = |reference: &str| {
        for part in reference.split(':') {
            let reference = part.replace('$', "");
            if let Some((r, c)) = crate::diagnostic::cell_position(&reference) {
                min_row = min_row.min(r);
                min_col = min_col.min(c);
                max_row = max_row.max(r);
                max_col = max_col.max(c);
            }
        }
    };
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "dimension" => {
                    if let Some(r) = attribute(&e, "ref") {
                        see(&r);
                    }
                }
                "c" => {
                    if let Some(r) = attribute(&e, "r") {
                        see(&r);
                    }
                }
                "row" => {
                    if let Some(r) = attribute(&e, "r") {
                        see(&format!("A{r}"));
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    if min_row == u64::MAX {
        return Ok(());
    }
    let rows = max_row - min_row.min(max_row) + 1;
    let cols = max_col - min_col.min(max_col) + 1;
    if rows > MAX_ROWS || rows.saturating_mul(cols) > MAX_CELLS {
        let sheet = name
            .trim_start_matches("xl/worksheets/")
            .trim_end_matches(".xml")
            .to_owned();
        return Err(GuardError::TooLarge { sheet, rows, cols });
    }
    Ok(())
}

fn check_strings(xml: &[u8]) -> Result<(), GuardError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                for key in ["count", "uniqueCount"] {
                    let n: u64 = attribute(&e, key)
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    if n > MAX_SHARED_STRINGS {
                        return Err(GuardError::TooManyStrings(n));
                    }
                }
                return Ok(());
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// ODS: the cells that hold a value, with their repeats multiplied, must stay within the cap
/// (empty repeated rows and columns cost nothing and are allowed). A refusal reports the
/// sheet's extent: the rows and columns spanned up to its last value.
fn check_ods(xml: &[u8]) -> Result<(), GuardError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut sheet = OdsExtent::default();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => sheet.open(&e, false)?,
            Ok(Event::Empty(e)) => sheet.open(&e, true)?,
            Ok(Event::End(e)) if e.local_name().as_ref() == "table-row" => sheet.end_row(),
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// Where an ODS sheet's walk stands and how far its values reach.
#[derive(Default)]
struct OdsExtent {
    name: String,
    /// First row of the current row element, and how many rows it repeats.
    row: u64,
    row_repeat: u64,
    /// Next column in the current row.
    col: u64,
    /// Cells with a value, repeats multiplied.
    cells: u64,
    /// Rows and columns spanned up to the last value.
    rows: u64,
    cols: u64,
}

impl OdsExtent {
    fn open(
        &mut self,
        e: &quick_xml::events::BytesStart<'_>,
        empty: bool,
    ) -> Result<(), GuardError> {
        let repeat = |key| {
            attribute(e, key)
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(1)
        };
        match e.local_name().as_ref() {
            "table" => {
                *self = OdsExtent {
                    name: attribute(e, "name").unwrap_or_default(),
                    ..OdsExtent::default()
                };
            }
            "table-row" => {
                self.row_repeat = repeat("number-rows-repeated");
                self.col = 0;
                if empty {
                    self.end_row();
                }
            }
            "table-cell" | "covered-table-cell" => {
                let columns = repeat("number-columns-repeated");
                if attribute(e, "value-type").is_some() {
                    self.cells = self
                        .cells
                        .saturating_add(columns.saturating_mul(self.row_repeat));
                    self.rows = self.rows.max(self.row.saturating_add(self.row_repeat));
                    self.cols = self.cols.max(self.col.saturating_add(columns));
                    if self.cells > MAX_CELLS || self.rows > MAX_ROWS {
                        return Err(GuardError::TooLarge {
                            sheet: self.name.clone(),
                            rows: self.rows,
                            cols: self.cols,
                        });
                    }
                }
                self.col = self.col.saturating_add(columns);
            }
            _ => {}
        }
        Ok(())
    }

    fn end_row(&mut self) {
        self.row = self.row.saturating_add(self.row_repeat);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_from_a1_to_xfd1048576_is_refused() {
        let xml = br#"<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"/></row></sheetData></worksheet>"#;
        assert!(matches!(
            check_sheet("xl/worksheets/sheet1.xml", xml),
            Err(GuardError::TooLarge { .. })
        ));
        let small = br#"<worksheet><dimension ref="A1:H40"/><sheetData><row r="40"><c r="H40"/></row></sheetData></worksheet>"#;
        assert_eq!(check_sheet("s", small), Ok(()));
    }

    #[test]
    fn absurd_string_counts_and_repeats_are_refused() {
        assert!(
            check_strings(br#"<sst count="4000000000" uniqueCount="4000000000"></sst>"#).is_err()
        );
        assert!(check_strings(br#"<sst count="12" uniqueCount="10"></sst>"#).is_ok());
        let ods = br#"<office:document-content><table:table table:name="T"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="1000"/></table:table-row></table:table></office:document-content>"#;
        assert!(check_ods(ods).is_err());
        let empty = br#"<t><table:table table:name="T"><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table></t>"#;
        assert!(check_ods(empty).is_ok());
    }

    #[test]
    fn an_ods_refusal_reports_the_sheet_extent() {
        // 10 empty rows, then one row of 3 values repeated 200 000 times from column D.
        let ods = br#"<t><table:table table:name="Feuille1"><table:table-row table:number-rows-repeated="10"><table:table-cell/></table:table-row><table:table-row table:number-rows-repeated="200000"><table:table-cell table:number-columns-repeated="3"/><table:table-cell office:value-type="string" table:number-columns-repeated="3"/></table:table-row></table:table></t>"#;
        assert_eq!(
            check_ods(ods),
            Err(GuardError::TooLarge {
                sheet: "Feuille1".into(),
                rows: 200_010,
                cols: 6,
            })
        );
    }
}
