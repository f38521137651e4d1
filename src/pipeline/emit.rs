//! `--emit-typst`: one document's Typst sources, data and attachments written into a folder,
//! so that the Typst CLI compiles them unchanged
//! (`typst compile --font-path ROOT/fonts --root DIR DIR/<template>`).

use crate::output::write_atomically;
use crate::render::sources::Prepared;
use crate::render::templates::{self, TemplateFile};
use crate::render::world::{LIBERATION_SANS, LIBERATION_SANS_FILES};
use anyhow::Context as _;
use std::path::Path;

/// Writes the fonts into `root/fonts/`, then into `dir` the templates the document needs (its
/// entry file and what it imports, nothing else), its data and its attachments.
pub(super) fn write(
    root: &Path,
    dir: &Path,
    templates: &[TemplateFile],
    prepared: &Prepared,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("création de {} impossible", dir.display()))?;
    // The Typst CLI does not ship Liberation Sans: give it the fonts (`--font-path`).
    let fonts = root.join("fonts");
    std::fs::create_dir_all(&fonts)
        .with_context(|| format!("création de {} impossible", fonts.display()))?;
    for (name, bytes) in LIBERATION_SANS_FILES.iter().zip(LIBERATION_SANS) {
        write_atomically(&fonts.join(name), bytes)?;
    }
    write_atomically(
        &fonts.join("LICENSE-OFL.txt"),
        include_bytes!("../../templates/fonts/LICENSE-OFL.txt"),
    )?;
    for template in templates::needed(templates, prepared.template) {
        write_atomically(&dir.join(template.name), template.text.as_bytes())?;
    }
    write_atomically(&dir.join("data.json"), &prepared.data)?;
    for (virtual_path, bytes) in &prepared.files {
        let path = dir.join(virtual_path.trim_start_matches('/'));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("création de {} impossible", parent.display()))?;
        }
        write_atomically(&path, bytes)?;
    }
    Ok(())
}
