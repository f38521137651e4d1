//! A zip-based workbook (xlsx, ods) opened once for what calamine does not do: the guards
//! and the extras (fills, drawings) read the same parts, each inflated at most once and never
//! beyond [`MAX_UNCOMPRESSED`] (a zip bomb is not inflated whole).

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::rc::Rc;

/// Largest total uncompressed size of the archive's parts.
pub(crate) const MAX_UNCOMPRESSED: u64 = 200 * 1024 * 1024;

/// The archive and the parts inflated so far.
pub(super) struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    parts: HashMap<String, Option<Rc<Vec<u8>>>>,
}

impl<'a> Archive<'a> {
    /// Opens the archive; `None` when it is not a readable zip (the reader reports it).
    pub(super) fn open(bytes: &'a [u8]) -> Option<Archive<'a>> {
        Some(Archive {
            zip: zip::ZipArchive::new(Cursor::new(bytes)).ok()?,
            parts: HashMap::new(),
        })
    }

    /// Number of entries.
    pub(super) fn len(&self) -> usize {
        self.zip.len()
    }

    /// The entries' names.
    pub(super) fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .flatten()
            .map(|n| n.into_owned())
            .collect()
    }

    /// The uncompressed size an entry declares.
    pub(super) fn declared_size(&mut self, name: &str) -> Option<u64> {
        self.zip.by_name(name).ok().map(|entry| entry.size())
    }

    /// A part inflated, at most `MAX_UNCOMPRESSED + 1` bytes (so that a longer one is seen);
    /// `None` when absent or damaged.
    pub(super) fn part(&mut self, name: &str) -> Option<Rc<Vec<u8>>> {
        if let Some(part) = self.parts.get(name) {
            return part.clone();
        }
        let inflated = self.zip.by_name(name).ok().and_then(|entry| {
            let mut bytes = Vec::new();
            entry
                .take(MAX_UNCOMPRESSED + 1)
                .read_to_end(&mut bytes)
                .ok()
                .map(|_| Rc::new(bytes))
        });
        self.parts.insert(name.to_owned(), inflated.clone());
        inflated
    }
}
