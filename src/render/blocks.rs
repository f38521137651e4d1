//! A long text typed in a cell (parcours, context, contribution, environment) as blocks: an
//! empty line starts a paragraph, lines starting with `-`, `–`, `•` or `*` form a bulleted list,
//! lines starting with `1.`, `2)`… a numbered list; everything else stays literal text (no
//! markup language: the portfolio and the site print it as data). Shared by both.

use serde::Serialize;

/// The blocks of a text, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Blocks {
    /// Paragraphs and lists.
    pub blocs: Vec<Block>,
}

/// A paragraph (its lines, kept as typed) or a list (its items).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// `paragraphe`, `liste` or `numerotee`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// A paragraph's lines, or a list's items.
    pub elements: Vec<String>,
}

impl Blocks {
    /// The blocks of a text (none for an empty or absent text).
    pub fn of(text: Option<&str>) -> Blocks {
        let mut blocs: Vec<Block> = Vec::new();
        let mut after_blank = true;
        for line in text.unwrap_or("").lines() {
            let line = line.trim();
            if line.is_empty() {
                after_blank = true;
                continue;
            }
            let (kind, item) = classify(line);
            match blocs.last_mut() {
                // A list goes on while its items follow; a paragraph until an empty line.
                Some(last) if last.kind == kind && (kind != "paragraphe" || !after_blank) => {
                    last.elements.push(item.to_owned());
                }
                _ => blocs.push(Block {
                    kind,
                    elements: vec![item.to_owned()],
                }),
            }
            after_blank = false;
        }
        Blocks { blocs }
    }
}

/// What a line is: a bulleted item, a numbered item, or text; and its text.
fn classify(line: &str) -> (&'static str, &str) {
    for bullet in ['-', '–', '•', '*'] {
        if let Some(rest) = line.strip_prefix(bullet)
            && rest.starts_with(' ')
        {
            return ("liste", rest.trim());
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits)
        && let Some(rest) = line[digits..]
            .strip_prefix('.')
            .or_else(|| line[digits..].strip_prefix(')'))
        && rest.starts_with(' ')
    {
        return ("numerotee", rest.trim());
    }
    ("paragraphe", line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_lines_part_paragraphs_and_marked_lines_make_lists() {
        let text = "Le parc n'était pas recensé.\nLes tickets se perdaient.\n\nObjectifs :\n- recenser\n– suivre\n• former\n1. installer\n2) déployer\n\n-5 °C n'est pas une liste\n2024 non plus";
        let parsed = Blocks::of(Some(text));
        let blocks: Vec<(&str, Vec<&str>)> = parsed
            .blocs
            .iter()
            .map(|b| (b.kind, b.elements.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            blocks,
            [
                (
                    "paragraphe",
                    vec!["Le parc n'était pas recensé.", "Les tickets se perdaient."]
                ),
                ("paragraphe", vec!["Objectifs :"]),
                ("liste", vec!["recenser", "suivre", "former"]),
                ("numerotee", vec!["installer", "déployer"]),
                (
                    "paragraphe",
                    vec!["-5 °C n'est pas une liste", "2024 non plus"]
                ),
            ]
        );
        assert!(Blocks::of(None).blocs.is_empty());
        assert!(Blocks::of(Some(" \n ")).blocs.is_empty());
    }
}
