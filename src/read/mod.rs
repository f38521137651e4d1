//! Read stage: a spreadsheet file becomes sheets of cells with their positions (calamine).
//! Nothing here knows what the cells mean; the parse stage does.

mod archive;
mod cell;
pub(crate) mod extras;
pub(crate) mod guard;

use archive::Archive;

pub(crate) use cell::{MAX_CELL_CHARS, Value, clean_text, value_of};

use calamine::{Data, Ods, Range, Reader, Xls, Xlsx, XlsxError, open_workbook_from_rs};
use std::io::Cursor;
use std::path::Path;

/// Largest input file accepted, in bytes: a candidate workbook weighs a few hundred kilobytes.
pub(crate) const MAX_FILE_SIZE: u64 = 20 * 1024 * 1024;

/// Why a file could not be read as a spreadsheet.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("lecture impossible : {0}")]
    Io(#[from] std::io::Error),
    /// The file is empty.
    #[error("le fichier est vide (0 octet)")]
    Empty,
    /// The file exceeds [`MAX_FILE_SIZE`].
    #[error("le fichier pèse {size} octets, au-delà de la limite de {} Mio", MAX_FILE_SIZE / 1024 / 1024)]
    TooLarge {
        /// Size of the file in bytes.
        size: u64,
    },
    /// The file is protected by a password.
    #[error("le classeur est protégé par un mot de passe")]
    Encrypted,
    /// The file declares absurd sizes (zip bomb, huge extent): refused before reading.
    #[error("{0}")]
    Guard(#[from] guard::GuardError),
    /// The file is not a spreadsheet, or is damaged.
    #[error("ce n'est pas un classeur lisible ({detail})")]
    NotSpreadsheet {
        /// What was recognised, for the message.
        detail: String,
    },
}

/// A whole workbook: its sheets in order.
#[derive(Debug)]
pub(crate) struct Workbook {
    /// Its sheets, in file order.
    pub sheets: Vec<Sheet>,
    /// Cell fills and anchored drawings, by sheet name (xlsx and ods only).
    pub extras: std::collections::HashMap<String, extras::SheetExtras>,
    /// XML parts found malformed (name and fault): what they describe may be missing.
    pub damaged: Vec<String>,
    /// Cells whose text was cut at [`MAX_CELL_CHARS`]: sheet, row, column.
    pub truncated: Vec<(String, u32, u32)>,
}

/// One sheet: its name and its cells, addressed by absolute zero-based position.
#[derive(Debug)]
pub(crate) struct Sheet {
    /// Sheet name as in the file.
    pub name: String,
    range: Range<Data>,
}

impl Workbook {
    /// The sheet whose name matches `name` ignoring case, accents and spaces.
    pub(crate) fn sheet(&self, name: &str) -> Option<&Sheet> {
        let wanted = crate::text::normalize(name);
        self.sheets
            .iter()
            .find(|s| crate::text::normalize(&s.name) == wanted)
    }
}

/// Columns beyond this never receive an untyped ODS text (a tableau is a dozen columns wide;
/// the bound keeps a rebuilt range small whatever the file declares).
const MAX_UNTYPED_COL: u32 = 256;

impl Workbook {
    /// Puts the text of ODS cells written without a value type (left empty by calamine, shown
    /// by LibreOffice) into their sheets, cleaned like every text. Typed cells are left alone.
    fn add_untyped_texts(&mut self) {
        for sheet in &mut self.sheets {
            let Some(extras) = self.extras.get(&sheet.name) else {
                continue;
            };
            let mut added: Vec<calamine::Cell<Data>> = Vec::new();
            for ((row, col), text) in &extras.untyped_texts {
                if *col < MAX_UNTYPED_COL && sheet.value(*row, *col).is_empty() {
                    let (clean, cut) = clean_text(text);
                    if cut {
                        self.truncated.push((sheet.name.clone(), *row, *col));
                    }
                    added.push(calamine::Cell::new((*row, *col), Data::String(clean)));
                }
            }
            if added.is_empty() {
                continue;
            }
            let start = sheet.range.start().unwrap_or((0, 0));
            added.extend(sheet.range.used_cells().map(|(r, c, d)| {
                calamine::Cell::new((start.0 + r as u32, start.1 + c as u32), d.clone())
            }));
            sheet.range = Range::from_sparse(added);
        }
    }
}

impl Sheet {
    /// A sheet from its name and cells (also used by tests).
    pub(crate) fn new(name: impl Into<String>, range: Range<Data>) -> Sheet {
        Sheet {
            name: name.into(),
            range,
        }
    }

    /// The value of a cell, empty when outside the used range.
    pub(crate) fn value(&self, row: u32, col: u32) -> Value<'_> {
        value_of(self.range.get_value((row, col)).unwrap_or(&Data::Empty))
    }

    /// One past the last used row (0 for an empty sheet).
    pub(crate) fn row_end(&self) -> u32 {
        self.range.end().map_or(0, |(r, _)| r + 1)
    }

    /// One past the last used column (0 for an empty sheet).
    pub(crate) fn col_end(&self) -> u32 {
        self.range.end().map_or(0, |(_, c)| c + 1)
    }

    /// First used row.
    pub(crate) fn row_start(&self) -> u32 {
        self.range.start().map_or(0, |(r, _)| r)
    }
}

/// The bytes of an input file, refused beyond [`MAX_FILE_SIZE`].
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, ReadError> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_FILE_SIZE {
        return Err(ReadError::TooLarge { size });
    }
    Ok(std::fs::read(path)?)
}

/// When a workbook says it was last saved (`dcterms:modified` of an xlsx's `docProps/core.xml`,
/// `dc:date` of an ods's `meta.xml`), as written there. Only for bytes already read by
/// [`read_bytes`] (its guards passed).
pub(crate) fn saved_at(bytes: &[u8]) -> Option<String> {
    let mut archive = Archive::open(bytes)?;
    for (part, tag) in [
        ("docProps/core.xml", "dcterms:modified"),
        ("meta.xml", "dc:date"),
    ] {
        let Some(xml) = archive.part(part) else {
            continue;
        };
        let text = String::from_utf8_lossy(&xml);
        let Some(start) = text.find(&format!("<{tag}")) else {
            continue;
        };
        let rest = &text[start..];
        let body = &rest[rest.find('>')? + 1..];
        let value = body[..body.find('<')?].trim();
        if !value.is_empty() && value.len() <= 40 {
            return Some(value.to_owned());
        }
    }
    None
}

/// Reads a spreadsheet from its bytes.
pub(crate) fn read_bytes(bytes: Vec<u8>) -> Result<Workbook, ReadError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(ZIP) {
        // One pass over the archive for the guards and the extras, then calamine.
        let extras = match Archive::open(&bytes) {
            Some(mut archive) => {
                guard::check_zip(&mut archive)?;
                extras::read(&mut archive)
            }
            None => extras::Extras::default(),
        };
        read_zip(bytes).map(|mut workbook| {
            workbook.extras = extras.sheets;
            workbook.damaged = extras.damaged;
            workbook.add_untyped_texts();
            workbook
        })
    } else if bytes.starts_with(CFB) {
        read_cfb(bytes)
    } else {
        Err(ReadError::NotSpreadsheet {
            detail: describe_other(&bytes),
        })
    }
}

fn read_zip(bytes: Vec<u8>) -> Result<Workbook, ReadError> {
    let is_ods = bytes
        .windows(46)
        .take(200)
        .any(|w| w == b"application/vnd.oasis.opendocument.spreadsheet");
    if is_ods {
        let mut ods: Ods<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| match e {
            calamine::OdsError::Password => ReadError::Encrypted,
            e => not_spreadsheet("fichier OpenDocument endommagé", e),
        })?;
        return Ok(collect(ods.worksheets()));
    }
    let mut xlsx: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| match e {
        XlsxError::Zip(_) => ReadError::NotSpreadsheet {
            detail: "archive ZIP tronquée ou endommagée : le fichier a peut-être été mal copié"
                .into(),
        },
        XlsxError::FileNotFound(_) => ReadError::NotSpreadsheet {
            detail: "archive ZIP sans classeur : document Word, PowerPoint ou autre renommé ?"
                .into(),
        },
        e => not_spreadsheet("classeur Excel endommagé", e),
    })?;
    Ok(collect(xlsx.worksheets()))
}

fn read_cfb(bytes: Vec<u8>) -> Result<Workbook, ReadError> {
    // An encrypted .xlsx is an OLE container holding an "EncryptedPackage" stream.
    let marker: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if bytes.windows(marker.len()).any(|w| w == marker) {
        return Err(ReadError::Encrypted);
    }
    let mut xls: Xls<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsError::Password => ReadError::Encrypted,
        e => not_spreadsheet("fichier Excel 97-2003 endommagé", e),
    })?;
    Ok(collect(xls.worksheets()))
}

/// The sheets, every text cleaned (see [`clean_text`]).
fn collect(sheets: Vec<(String, Range<Data>)>) -> Workbook {
    let mut truncated = Vec::new();
    let sheets = sheets
        .into_iter()
        .map(|(name, mut range)| {
            let start = range.start().unwrap_or((0, 0));
            let texts: Vec<(usize, usize)> = range
                .used_cells()
                .filter(|(_, _, d)| matches!(d, Data::String(_)))
                .map(|(r, c, _)| (r, c))
                .collect();
            for (r, c) in texts {
                if let Data::String(s) = &range[(r, c)] {
                    let (clean, cut) = clean_text(s);
                    if cut {
                        truncated.push((name.clone(), start.0 + r as u32, start.1 + c as u32));
                    }
                    range[(r, c)] = Data::String(clean);
                }
            }
            Sheet::new(name, range)
        })
        .collect();
    Workbook {
        sheets,
        extras: std::collections::HashMap::new(),
        damaged: Vec::new(),
        truncated,
    }
}

fn not_spreadsheet(what: &str, error: impl std::fmt::Display) -> ReadError {
    ReadError::NotSpreadsheet {
        detail: format!("{what} : {error}"),
    }
}

fn describe_other(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(512)];
    if head.starts_with(b"%PDF") {
        "c'est un document PDF".into()
    } else if std::str::from_utf8(head).is_ok() {
        "c'est un fichier texte ; s'il s'agit d'un CSV, ouvrez-le et enregistrez-le au format .xlsx ou .ods".into()
    } else {
        "format inconnu".into()
    }
}
