//! The Typst engine: one per process. Its shared part (standard library, embedded fonts, parsed
//! templates) is built once; a [`DocumentWorld`] adds one document's data and attachments.
//! The template can read nothing but these: no file system, no packages, no system fonts.

use super::memo::MemoTrim;
use super::templates::TemplateFile;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

/// The fonts of the official forms (Arial metrics), embedded beside typst's own.
pub const LIBERATION_SANS: [&[u8]; 4] = [
    include_bytes!("../../templates/fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../../templates/fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../../templates/fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../../templates/fonts/LiberationSans-BoldItalic.ttf"),
];

/// Path of the document's data in the Typst world: templates read it with `json("/data.json")`.
pub const DATA_PATH: &str = "/data.json";

/// The shared, per-process part of the engine.
pub struct Engine {
    library: LazyHash<Library>,
    fonts: FontStore,
    sources: HashMap<FileId, Source>,
    memo: MemoTrim,
}

/// Builds the id of a file of the world from its absolute virtual path.
pub fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// File names of [`LIBERATION_SANS`], in the same order.
pub const LIBERATION_SANS_FILES: [&str; 4] = [
    "LiberationSans-Regular.ttf",
    "LiberationSans-Bold.ttf",
    "LiberationSans-Italic.ttf",
    "LiberationSans-BoldItalic.ttf",
];

impl Engine {
    /// Builds the engine: library, fonts and the parsed templates, for `workers` documents
    /// compiled at once.
    pub fn new(templates: &[TemplateFile], workers: usize) -> Engine {
        let mut fonts = FontStore::new();
        fonts.extend(typst_kit::fonts::embedded());
        for data in LIBERATION_SANS {
            fonts.extend(Font::iter(Bytes::new(data)).map(|f| {
                let info = f.info().clone();
                (f, info)
            }));
        }
        let sources = templates
            .iter()
            .filter_map(|t| {
                let id = file_id(&format!("/{}", t.name))?;
                Some((id, Source::new(id, t.text.clone())))
            })
            .collect();
        Engine {
            library: LazyHash::new(Library::builder().build()),
            fonts,
            sources,
            memo: MemoTrim::new(workers),
        }
    }

    /// When Typst's memo cache is cleared.
    pub(crate) fn memo(&self) -> &MemoTrim {
        &self.memo
    }

    /// Whether some embedded font can draw this character (PDF/A refuses a missing glyph).
    pub fn covers(&self, c: char) -> bool {
        c.is_ascii()
            || c.is_whitespace()
            || self
                .fonts
                .book()
                .select_fallback(
                    None,
                    typst::text::FontVariant::default(),
                    c.encode_utf8(&mut [0; 4]),
                )
                .is_some()
    }

    /// The template file behind an id, for error messages.
    pub fn source(&self, id: FileId) -> Option<&Source> {
        self.sources.get(&id)
    }
}

/// One document: the shared engine plus this document's data and attachments.
pub struct DocumentWorld<'a> {
    engine: &'a Engine,
    main: FileId,
    files: HashMap<FileId, Bytes>,
    today: NaiveDate,
}

impl<'a> DocumentWorld<'a> {
    /// A world compiling template `main` (`portfolio.typ`) with this data and these files
    /// (virtual path → bytes), `today` being the document date; or why it cannot be built.
    pub fn new(
        engine: &'a Engine,
        main: &str,
        data: Vec<u8>,
        attachments: Vec<(String, Vec<u8>)>,
        today: NaiveDate,
    ) -> Result<DocumentWorld<'a>, String> {
        let main_id = file_id(&format!("/{main}"))
            .ok_or_else(|| format!("nom de modèle « {main} » invalide"))?;
        if !engine.sources.contains_key(&main_id) {
            return Err(format!("modèle « {main} » absent des modèles chargés"));
        }
        let mut files = HashMap::new();
        let data_id =
            file_id(DATA_PATH).ok_or_else(|| format!("chemin « {DATA_PATH} » invalide"))?;
        files.insert(data_id, Bytes::new(data));
        for (path, bytes) in attachments {
            let id = file_id(&path)
                .ok_or_else(|| format!("chemin de pièce jointe « {path} » invalide"))?;
            files.insert(id, Bytes::new(bytes));
        }
        Ok(DocumentWorld {
            engine,
            main: main_id,
            files,
            today,
        })
    }
}

impl World for DocumentWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.engine.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.engine
            .sources
            .get(&id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.files.get(&id) {
            return Ok(bytes.clone());
        }
        match self.engine.sources.get(&id) {
            Some(source) => Ok(Bytes::from_string(source.text().to_owned())),
            None => Err(not_found(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Datetime::from_ymd(
            self.today.year(),
            u8::try_from(self.today.month()).ok()?,
            u8::try_from(self.today.day()).ok()?,
        )
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_without_slash().into())
}
