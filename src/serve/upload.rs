//! An upload read from its form: the workbook (`classeur`) and the files it names (`pieces`,
//! several). File names are untrusted: the base name only, refused when empty, `.`/`..`, a
//! path climbing up, with control characters, over 100 characters or unusable on Windows; the
//! content decides the type (workbook, PDF, PNG, JPEG) and must agree with the extension.

use super::guard::Refusal;
use axum::extract::Multipart;
use axum::extract::multipart::Field;
use axum::http::StatusCode;

/// Most files in one request, the workbook included.
pub(crate) const MAX_FILES: usize = 20;

/// A workbook and the files sent with it, their names vetted.
pub(crate) struct Upload {
    /// The workbook's name and bytes.
    pub(crate) workbook: (String, Vec<u8>),
    /// The other files, by base name.
    pub(crate) pieces: Vec<(String, Vec<u8>)>,
}

/// Why an upload is not taken.
pub(crate) enum Rejection {
    /// The request itself (size, form, no file).
    Refused(Refusal),
    /// Files refused, each with its name and why, in French.
    Files(Vec<String>),
}

impl From<Refusal> for Rejection {
    fn from(refusal: Refusal) -> Rejection {
        Rejection::Refused(refusal)
    }
}

/// Reads the form: `classeur` (required) and `pieces` (any number, within [`MAX_FILES`]).
pub(crate) async fn read(mut multipart: Multipart) -> Result<Upload, Rejection> {
    let mut workbook = None;
    let mut pieces = Vec::new();
    let mut refused = Vec::new();
    let mut count = 0;
    while let Some(field) = next(&mut multipart).await? {
        let is_workbook = match field.name() {
            Some("classeur") => true,
            Some("pieces") => false,
            _ => continue,
        };
        let given = field.file_name().unwrap_or_default().to_owned();
        let bytes = bytes(field).await?;
        // A file field left empty by the browser.
        if given.is_empty() && bytes.is_empty() {
            continue;
        }
        count += 1;
        if count > MAX_FILES {
            return Err(Rejection::Files(vec![format!(
                "plus de {MAX_FILES} fichiers envoyés : envoyez le classeur et seulement les fichiers qu'il nomme"
            )]));
        }
        let kind = if is_workbook {
            Kind::Workbook
        } else {
            Kind::Any
        };
        match vet(&given, &bytes, kind) {
            Ok(name) if is_workbook => workbook = Some((name, bytes)),
            Ok(name) if pieces.iter().any(|(n, _): &(String, Vec<u8>)| *n == name) => {
                refused.push(format!("« {name} » : envoyé deux fois"));
            }
            Ok(name) => pieces.push((name, bytes)),
            Err(why) => refused.push(format!("« {} » : {why}", shown(&given))),
        }
    }
    if !refused.is_empty() {
        return Err(Rejection::Files(refused));
    }
    let workbook = workbook.ok_or(Refusal::NoFile)?;
    Ok(Upload { workbook, pieces })
}

/// Reads one file field: the tableau of « J'ai déjà un tableau de synthèse officiel ».
pub(crate) async fn read_one(mut multipart: Multipart, name: &str) -> Result<Upload, Rejection> {
    while let Some(field) = next(&mut multipart).await? {
        if field.name() != Some(name) {
            continue;
        }
        let given = field.file_name().unwrap_or_default().to_owned();
        let bytes = bytes(field).await?;
        if bytes.is_empty() {
            break;
        }
        return match vet(&given, &bytes, Kind::Workbook) {
            Ok(name) => Ok(Upload {
                workbook: (name, bytes),
                pieces: Vec::new(),
            }),
            Err(why) => Err(Rejection::Files(vec![format!(
                "« {} » : {why}",
                shown(&given)
            )])),
        };
    }
    Err(Rejection::Refused(Refusal::NoFile))
}

async fn next(multipart: &mut Multipart) -> Result<Option<Field<'_>>, Refusal> {
    match multipart.next_field().await {
        Ok(field) => Ok(field),
        Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(Refusal::TooLarge),
        Err(_) => Err(Refusal::BadForm),
    }
}

async fn bytes(field: Field<'_>) -> Result<Vec<u8>, Refusal> {
    match field.bytes().await {
        Ok(bytes) => Ok(bytes.to_vec()),
        Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(Refusal::TooLarge),
        Err(_) => Err(Refusal::BadForm),
    }
}

/// What a field may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Workbook,
    Any,
}

/// A name as shown in a message: printable, bounded.
fn shown(name: &str) -> String {
    let clean: String = name.chars().filter(|c| !c.is_control()).take(60).collect();
    if name.chars().count() > 60 {
        format!("{clean}…")
    } else {
        clean
    }
}

/// The file's base name when both its name and its content are acceptable, else why not.
fn vet(given: &str, bytes: &[u8], kind: Kind) -> Result<String, String> {
    let name = safe_name(given)?;
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let content = content_kind(bytes).ok_or_else(|| {
        "ce n'est ni un classeur (.xlsx, .ods, .xls), ni un PDF, ni une image PNG ou JPEG : refusé"
            .to_owned()
    })?;
    if kind == Kind::Workbook && content != Content::Zip && content != Content::Ole {
        return Err("ce n'est pas un classeur (.xlsx, .xlsm, .ods ou .xls)".to_owned());
    }
    let agrees = match content {
        Content::Zip => ["xlsx", "xlsm", "ods"].contains(&extension.as_str()),
        Content::Ole => extension == "xls",
        Content::Pdf => extension == "pdf",
        Content::Png => extension == "png",
        Content::Jpeg => ["jpg", "jpeg"].contains(&extension.as_str()),
    };
    if !agrees {
        return Err(format!(
            "son contenu ({}) ne correspond pas à son extension « .{extension} »",
            content.label()
        ));
    }
    Ok(name)
}

/// The base name, when acceptable on every system.
fn safe_name(given: &str) -> Result<String, String> {
    let components: Vec<&str> = given.split(['/', '\\']).collect();
    if components.contains(&"..") {
        return Err("un nom de fichier ne peut pas contenir « .. »".to_owned());
    }
    let name = components.last().copied().unwrap_or_default();
    match crate::output::given_name_problem(name) {
        Some(problem) => Err(problem),
        None => Ok(name.to_owned()),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Content {
    Zip,
    Ole,
    Pdf,
    Png,
    Jpeg,
}

impl Content {
    fn label(self) -> &'static str {
        match self {
            Content::Zip => "un classeur .xlsx ou .ods",
            Content::Ole => "un classeur .xls",
            Content::Pdf => "un PDF",
            Content::Png => "une image PNG",
            Content::Jpeg => "une image JPEG",
        }
    }
}

fn content_kind(bytes: &[u8]) -> Option<Content> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(Content::Zip);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(Content::Ole);
    }
    match crate::attachments::file_kind(bytes)? {
        "pdf" => Some(Content::Pdf),
        "png" => Some(Content::Png),
        _ => Some(Content::Jpeg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_vetted() {
        assert_eq!(safe_name("stage.pdf").as_deref(), Ok("stage.pdf"));
        assert_eq!(
            safe_name("C:\\Users\\x\\stage.pdf").as_deref(),
            Ok("stage.pdf")
        );
        for bad in [
            "../../x.pdf",
            "CON.pdf",
            "com1.png",
            "",
            ".",
            "a\u{202E}fdp.exe",
            "a\nb.pdf",
            "x:y.pdf",
            "fin.",
            ".cache.pdf",
        ] {
            assert!(safe_name(bad).is_err(), "{bad:?}");
        }
        assert!(safe_name(&format!("{}.pdf", "a".repeat(300))).is_err());
    }

    #[test]
    fn the_content_decides() {
        assert!(vet("stage.pdf", b"%PDF-1.7", Kind::Any).is_ok());
        assert!(vet("stage.pdf", b"MZ\x90\x00", Kind::Any).is_err());
        assert!(vet("photo.png", b"%PDF-1.7", Kind::Any).is_err());
        assert!(vet("stage.pdf", b"%PDF-1.7", Kind::Workbook).is_err());
        assert!(vet("dupont.xlsx", b"PK\x03\x04rest", Kind::Workbook).is_ok());
    }
}
