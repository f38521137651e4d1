//! The class's grids in one printable PDF: the candidates' grid PDFs put end to end, each
//! starting on an odd page (a blank page follows a grid of odd length), without laying the
//! grids out again: the cost and the memory stay those of copying bytes.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

/// A4 portrait, in points: the size of the blank pages.
const A4: [f32; 4] = [0.0, 0.0, 595.276, 841.89];

/// Concatenates PDFs, each one starting on an odd page.
pub fn concat_odd(documents: &[Vec<u8>]) -> Result<Vec<u8>, lopdf::Error> {
    let mut out = Document::with_version("1.7");
    let pages_id = out.new_object_id();
    let mut kids: Vec<ObjectId> = Vec::new();
    let mut next_id = out.max_id + 1;
    for (index, bytes) in documents.iter().enumerate() {
        let mut doc = Document::load_mem(bytes)?;
        doc.renumber_objects_with(next_id);
        next_id = doc.max_id + 1;
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        out.objects.extend(std::mem::take(&mut doc.objects));
        for page in &pages {
            if let Ok(dict) = out.get_object_mut(*page).and_then(Object::as_dict_mut) {
                dict.set("Parent", pages_id);
            }
        }
        kids.extend(&pages);
        if pages.len() % 2 == 1 && index + 1 < documents.len() {
            out.max_id = out.max_id.max(next_id);
            let contents = out.add_object(Stream::new(Dictionary::new(), Vec::new()));
            let blank = out.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "MediaBox" => A4.iter().map(|v| Object::Real(*v)).collect::<Vec<_>>(),
                "Resources" => Dictionary::new(),
                "Contents" => contents,
            });
            next_id = out.max_id + 1;
            kids.push(blank);
        }
        out.max_id = out.max_id.max(next_id - 1);
    }
    let count = kids.len() as i64;
    out.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids.into_iter().map(Object::Reference).collect::<Vec<_>>(),
            "Count" => count,
        }),
    );
    let catalog = out.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    out.trailer.set("Root", catalog);
    out.prune_objects();
    out.compress();
    let mut bytes = Vec::new();
    out.save_to(&mut bytes)?;
    Ok(bytes)
}
