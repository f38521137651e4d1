//! The class's grids in one printable PDF: the candidates' grid PDFs put end to end, each
//! starting on an odd page (a blank page follows a grid of odd length), without laying the
//! grids out again. Each grid is read (lopdf), its pages and what they use copied into the
//! output as bytes (pdf-writer), then dropped: memory is the output plus one grid, whatever
//! the size of the class.

use lopdf::{Document, Object, ObjectId};
use pdf_writer::{Name, Null, Obj, Pdf, Rect, Ref, Str};
use std::collections::{BTreeSet, HashMap};

/// A4 portrait, in points: the size of the blank pages.
const A4: [f32; 4] = [0.0, 0.0, 595.276, 841.89];

/// Concatenates PDFs, each one starting on an odd page.
pub(crate) fn concat_odd(
    documents: impl IntoIterator<Item = Vec<u8>>,
) -> Result<Vec<u8>, lopdf::Error> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let pages = Ref::new(2);
    let mut next = Ref::new(3);
    let mut kids: Vec<Ref> = Vec::new();
    for bytes in documents {
        if kids.len() % 2 == 1 {
            let contents = next.bump();
            pdf.stream(contents, &[]);
            let blank = next.bump();
            let mut page = pdf.page(blank);
            page.parent(pages)
                .media_box(Rect::new(A4[0], A4[1], A4[2], A4[3]))
                .contents(contents);
            page.resources();
            kids.push(blank);
        }
        let doc = Document::load_mem(&bytes)?;
        let doc_pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let used = reachable(&doc, &doc_pages);
        let ids: HashMap<ObjectId, Ref> = used.iter().map(|id| (*id, next.bump())).collect();
        for id in &used {
            let (Ok(object), Some(&new_id)) = (doc.get_object(*id), ids.get(id)) else {
                continue;
            };
            let is_page = doc_pages.contains(id);
            match object {
                Object::Stream(stream) => {
                    let mut out = pdf.stream(new_id, &stream.content);
                    for (key, value) in stream.dict.iter() {
                        if key.as_slice() != b"Length" {
                            write(out.insert(Name(key)), value, &ids);
                        }
                    }
                }
                Object::Dictionary(dict) if is_page => {
                    let mut out = pdf.indirect(new_id).dict();
                    for (key, value) in dict.iter() {
                        if key.as_slice() == b"Parent" {
                            out.pair(Name(b"Parent"), pages);
                        } else {
                            write(out.insert(Name(key)), value, &ids);
                        }
                    }
                }
                other => write(pdf.indirect(new_id), other, &ids),
            }
        }
        kids.extend(doc_pages.iter().filter_map(|id| ids.get(id)));
    }
    pdf.pages(pages)
        .kids(kids.iter().copied())
        .count(kids.len() as i32);
    pdf.catalog(catalog).pages(pages);
    Ok(pdf.finish())
}

/// The objects the pages use, pages included: everything reachable from them, except through
/// their `Parent` (the document's own page tree, replaced by the output's).
fn reachable(doc: &Document, pages: &[ObjectId]) -> BTreeSet<ObjectId> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<ObjectId> = pages.to_vec();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Ok(object) = doc.get_object(id) else {
            continue;
        };
        let mut values: Vec<&Object> = Vec::new();
        match object {
            Object::Dictionary(dict) => values.extend(
                dict.iter()
                    .filter(|(key, _)| key.as_slice() != b"Parent")
                    .map(|(_, v)| v),
            ),
            Object::Stream(stream) => values.extend(stream.dict.iter().map(|(_, v)| v)),
            other => values.push(other),
        }
        while let Some(value) = values.pop() {
            match value {
                Object::Reference(target) if !seen.contains(target) => stack.push(*target),
                Object::Array(items) => values.extend(items),
                Object::Dictionary(dict) => values.extend(dict.iter().map(|(_, v)| v)),
                _ => {}
            }
        }
    }
    seen
}

/// Writes a direct object, its references renumbered.
fn write(out: Obj<'_>, object: &Object, ids: &HashMap<ObjectId, Ref>) {
    match object {
        Object::Null | Object::Stream(_) => out.primitive(Null),
        Object::Boolean(value) => out.primitive(*value),
        Object::Integer(value) => out.primitive(i32::try_from(*value).unwrap_or(if *value < 0 {
            i32::MIN
        } else {
            i32::MAX
        })),
        Object::Real(value) => out.primitive(*value),
        Object::Name(name) => out.primitive(Name(name)),
        Object::String(bytes, _) => out.primitive(Str(bytes)),
        Object::Reference(id) => match ids.get(id) {
            Some(new_id) => out.primitive(*new_id),
            None => out.primitive(Null),
        },
        Object::Array(items) => {
            let mut array = out.array();
            for item in items {
                write(array.push(), item, ids);
            }
        }
        Object::Dictionary(dict) => {
            let mut out = out.dict();
            for (key, value) in dict.iter() {
                write(out.insert(Name(key)), value, ids);
            }
        }
    }
}
