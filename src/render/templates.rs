//! The Typst templates: embedded in the binary, each replaceable by a file of the same name in
//! the folder given with `--templates` (as mdBook's themes are).

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
    ("grilles.typ", include_str!("../../templates/grilles.typ")),
    (
        "conformite.typ",
        include_str!("../../templates/conformite.typ"),
    ),
    (
        "bordereau.typ",
        include_str!("../../templates/bordereau.typ"),
    ),
    (
        "accuse-remise.typ",
        include_str!("../../templates/accuse-remise.typ"),
    ),
];

/// One template file: its name and its text, embedded or overridden.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// File name, also its path in the Typst world (`/portfolio.typ`).
    pub name: &'static str,
    /// Typst source.
    pub text: String,
}

/// A template file whose name is none of the embedded templates' (a misspelling would
/// otherwise be ignored silently).
#[derive(Debug, thiserror::Error)]
#[error(
    "modèle inconnu : « {name} » ; les modèles remplaçables sont {}",
    EMBEDDED.iter().map(|(n, _)| format!("« {n} »")).collect::<Vec<_>>().join(", ")
)]
pub struct UnknownTemplate {
    /// The name given.
    pub name: String,
}

/// The embedded templates, as the engine takes them.
pub fn embedded() -> Vec<TemplateFile> {
    EMBEDDED
        .iter()
        .map(|&(name, text)| TemplateFile {
            name,
            text: text.to_owned(),
        })
        .collect()
}

/// The embedded templates, each replaced by the text given for its name in `overrides`.
pub fn with_overrides(
    overrides: Vec<(String, String)>,
) -> Result<Vec<TemplateFile>, UnknownTemplate> {
    let mut files = embedded();
    for (name, text) in overrides {
        match files.iter_mut().find(|f| f.name == name) {
            Some(file) => file.text = text,
            None => return Err(UnknownTemplate { name }),
        }
    }
    Ok(files)
}

/// The templates a document needs: its entry file and every file it imports or includes,
/// directly or not (what `--emit-typst` writes beside the document's data).
pub fn needed<'a>(templates: &'a [TemplateFile], entry: &str) -> Vec<&'a TemplateFile> {
    let mut needed: Vec<&TemplateFile> = Vec::new();
    let mut todo = vec![entry.to_owned()];
    while let Some(name) = todo.pop() {
        let Some(file) = templates.iter().find(|t| t.name == name) else {
            continue;
        };
        if needed.iter().any(|t| t.name == file.name) {
            continue;
        }
        needed.push(file);
        todo.extend(imported(&file.text));
    }
    needed.sort_by_key(|t| t.name);
    needed
}

/// The file names a Typst source imports or includes (`#import "commun.typ": *`).
fn imported(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let rest = line
                .trim_start()
                .strip_prefix("#import")
                .or_else(|| line.trim_start().strip_prefix("#include"))?;
            let start = rest.find('"')? + 1;
            let end = start + rest[start..].find('"')?;
            Some(rest[start..end].to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_needs_its_entry_and_what_it_imports_only() {
        let all = embedded();
        let names = |entry| -> Vec<&str> { needed(&all, entry).iter().map(|t| t.name).collect() };
        assert_eq!(names("portfolio.typ"), ["commun.typ", "portfolio.typ"]);
        assert_eq!(names("grille.typ"), ["grille-formulaire.typ", "grille.typ"]);
        assert_eq!(names("conformite.typ"), ["commun.typ", "conformite.typ"]);
    }
}
