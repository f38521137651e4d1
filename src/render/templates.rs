//! The Typst templates: embedded in the binary, each replaceable by a file of the same name in
//! the folder given with `--templates` (as mdBook's themes are).

use anyhow::Context as _;
use std::path::Path;

/// The embedded templates, by file name.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("commun.typ", include_str!("../../templates/commun.typ")),
    (
        "portfolio.typ",
        include_str!("../../templates/portfolio.typ"),
    ),
    (
        "grille-formulaire.typ",
        include_str!("../../templates/grille-formulaire.typ"),
    ),
    ("grille.typ", include_str!("../../templates/grille.typ")),
];

/// One template file: its name and its text, embedded or overridden.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// File name, also its path in the Typst world (`/portfolio.typ`).
    pub name: &'static str,
    /// Typst source.
    pub text: String,
    /// Where it was read from, when overridden.
    pub overridden_by: Option<std::path::PathBuf>,
}

/// The embedded templates, each replaced by `dir/<name>` when that file exists.
pub fn load(dir: Option<&Path>) -> anyhow::Result<Vec<TemplateFile>> {
    let mut files = Vec::new();
    if let Some(dir) = dir
        && !dir.is_dir()
    {
        anyhow::bail!("dossier de modèles introuvable : {}", dir.display());
    }
    for &(name, text) in EMBEDDED {
        let custom = dir.map(|d| d.join(name)).filter(|p| p.is_file());
        let text = match &custom {
            Some(path) => std::fs::read_to_string(path)
                .with_context(|| format!("lecture du modèle {} impossible", path.display()))?,
            None => text.to_owned(),
        };
        files.push(TemplateFile {
            name,
            text,
            overridden_by: custom,
        });
    }
    Ok(files)
}
