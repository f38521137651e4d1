//! `sio-dossier serve`: the real binary on `127.0.0.1:0`, spoken to over plain HTTP/1.1: the
//! token, the `Host` check, uploads valid, invalid, too large and hostile, the documents' links,
//! concurrent uploads each answered for its own file, the class page following its folder.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::browser::Browser;
use common::{TestDir, examples};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    /// The candidates' token.
    token: String,
    /// The teacher's token (with a class folder).
    teacher: Option<String>,
    /// The token requests carry: the teacher's when there is one.
    cookie: String,
}

impl Server {
    fn start(class: Option<&std::path::Path>) -> Server {
        let class: Vec<&str> = class.map(|c| c.to_str().unwrap()).into_iter().collect();
        Server::start_in(std::path::Path::new("."), &class)
    }

    /// `serve --port 0` with these arguments, run in `dir`.
    fn start_in(dir: &std::path::Path, args: &[&str]) -> Server {
        Server::start_with(dir, args, &[])
    }

    /// `serve --port 0` with these arguments and environment variables, run in `dir`.
    fn start_with(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sio-dossier"));
        command.args(["serve", "--port", "0"]).args(args);
        // A first argument that is not an option is the class folder.
        let class = args.first().is_some_and(|a| !a.starts_with('-'));
        Server::spawn(command, dir, env, class)
    }

    /// `serve --port 0` under an open-file limit of `files` (soft and hard), through `sh`.
    fn start_limited(files: u32) -> Server {
        let mut command = Command::new("sh");
        command.args([
            "-c",
            &format!("ulimit -n {files} && exec \"$0\" serve --port 0"),
            env!("CARGO_BIN_EXE_sio-dossier"),
        ]);
        Server::spawn(command, std::path::Path::new("."), &[], false)
    }

    fn spawn(
        mut command: Command,
        dir: &std::path::Path,
        env: &[(&str, &str)],
        class: bool,
    ) -> Server {
        let mut child = command
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let (token, port) = parse_address(&line, "Adresse pour les candidats : ");
        let mut teacher = None;
        if class {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            teacher = Some(parse_address(&line, "Adresse du professeur : ").0);
        }
        let cookie = teacher.clone().unwrap_or_else(|| token.clone());
        Server {
            child,
            port,
            token,
            teacher,
            cookie,
        }
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// A request with the token's cookie.
    fn get(&self, path: &str) -> Response {
        self.request("GET", path, &self.host(), true, &[], None)
    }

    fn upload(&self, name: &str, bytes: &[u8]) -> Response {
        let boundary = "----sio-dossier-test-7f3a";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"classeur\"; filename=\"{name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.request(
            "POST",
            "/verifier",
            &self.host(),
            true,
            &[("Content-Type", &content_type)],
            Some(&body),
        )
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        host: &str,
        cookie: bool,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .unwrap();
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
        if cookie {
            head.push_str(&format!("Cookie: sio_jeton={}\r\n", self.cookie));
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if let Some(body) = body {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        if let Some(body) = body {
            stream.write_all(body).unwrap();
        }
        read_response(&mut stream)
    }
}

/// `Adresse … : http://127.0.0.1:PORT/?jeton=TOKEN` → the token and the port.
fn parse_address(line: &str, label: &str) -> (String, u16) {
    let url = line
        .trim()
        .strip_prefix(label)
        .unwrap_or_else(|| panic!("« {label} » attendu : {line}"));
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let (address, token) = url
        .trim_start_matches("http://")
        .split_once("/?jeton=")
        .unwrap();
    let port = address.rsplit_once(':').unwrap().1.parse().unwrap();
    (token.to_owned(), port)
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn read_response(stream: &mut TcpStream) -> Response {
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let mut raw = Vec::new();
    let mut buffer = [0u8; 8192];
    // The head, then as many bytes as announced (a server may keep the connection open).
    let split = loop {
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break split;
        }
        let n = stream.read(&mut buffer).expect("réponse interrompue");
        assert!(n > 0, "réponse sans en-têtes");
        raw.extend_from_slice(&buffer[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok());
    match length {
        Some(length) => {
            while body.len() < length {
                let n = stream.read(&mut buffer).expect("réponse interrompue");
                assert!(n > 0, "réponse tronquée");
                body.extend_from_slice(&buffer[..n]);
            }
        }
        None => {
            let _ = stream.read_to_end(&mut body);
        }
    }
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&data[..end])
                .split(';')
                .next()
                .unwrap()
                .trim(),
            16,
        )
        .unwrap();
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
    out
}

fn workbook(nom: &str, numero: &str) -> Vec<u8> {
    let mut dossier = examples::dupont();
    dossier.candidat.nom = Some(nom.to_owned());
    dossier.candidat.numero = Some(numero.to_owned());
    examples::workbook_bytes(&dossier)
}

#[test]
fn the_token_is_required_and_the_host_checked() {
    let server = Server::start(None);
    let host = server.host();
    let anonymous = server.request("GET", "/verifier", &host, false, &[], None);
    assert_eq!(anonymous.status, 401);
    assert!(anonymous.text().contains("jeton"), "{}", anonymous.text());

    let wrong = server.request("GET", "/?jeton=0000", &host, false, &[], None);
    assert_eq!(wrong.status, 401);
    let opened = server.request(
        "GET",
        &format!("/?jeton={}", server.token),
        &host,
        false,
        &[],
        None,
    );
    assert_eq!(opened.status, 303);
    let cookie = opened.header("set-cookie").unwrap();
    assert!(
        cookie.contains(&server.token) && cookie.contains("HttpOnly"),
        "{cookie}"
    );

    let page = server.get("/verifier");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("<label for=\"classeur\">"), "{html}");
    assert!(html.contains("enctype=\"multipart/form-data\""));
    assert!(page.header("content-security-policy").is_some());

    // DNS rebinding: the right token, another name.
    let rebound = server.request(
        "GET",
        "/verifier",
        &format!("attaquant.example:{}", server.port),
        true,
        &[],
        None,
    );
    assert_eq!(rebound.status, 421);
    // No path from a request to the file system.
    for path in [
        "/static/../../Cargo.toml",
        "/documents/x/..%2F..%2Fetc%2Fpasswd",
    ] {
        let answer = server.get(path);
        assert!(
            answer.status == 404 || answer.status == 400,
            "{path}: {}",
            answer.status
        );
    }
}

#[test]
fn an_upload_gets_its_diagnostics_or_its_documents() {
    let server = Server::start(None);
    let invalid = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input/nguyen-thi-thu.xlsx"),
    )
    .unwrap();
    let page = server.upload("nguyen-thi-thu.xlsx", &invalid);
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("NGUYEN Thi Thu"), "{html}");
    assert!(html.contains("erreur[E025]"), "{html}");
    assert!(html.contains("<code>Réalisations!G3</code>"), "{html}");
    assert!(html.contains("Feuille Réalisations"), "{html}");
    assert!(
        html.contains("Compétences sans réalisation : B1.3"),
        "{html}"
    );
    assert!(
        !html.contains("/documents/"),
        "pas de document avec des erreurs"
    );

    let page = server.upload("durand.xlsx", &workbook("DURAND", "01234567890"));
    assert_eq!(page.status, 200);
    let html = page.text();
    let link = html
        .split('"')
        .find(|s| s.starts_with("/documents/") && s.ends_with("/portfolio.pdf"))
        .unwrap_or_else(|| panic!("pas de lien vers le portfolio : {html}"))
        .to_owned();
    for file in ["grille-evaluation.pdf", "tableau-synthese.xlsx"] {
        assert!(html.contains(file), "{file} absent");
    }
    let pdf = server.get(&link);
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.body.starts_with(b"%PDF-"));
    let text = pdf_extract::extract_text_from_mem(&pdf.body).unwrap();
    assert!(text.contains("DURAND Marie"), "{text}");
    // An unknown id: the documents are not (or no longer) here.
    assert_eq!(server.get("/documents/0123/portfolio.pdf").status, 404);
}

#[test]
fn too_large_and_hostile_uploads_are_refused_and_the_server_survives() {
    let server = Server::start(None);
    // Refused by its announced size, before the body is sent.
    let announced = server.request(
        "POST",
        "/verifier",
        &server.host(),
        true,
        &[
            ("Content-Type", "multipart/form-data; boundary=x"),
            ("Content-Length", "22000000"),
        ],
        None,
    );
    assert_eq!(announced.status, 413);
    assert!(announced.text().contains("20 Mio"), "{}", announced.text());

    // Not a workbook by its content: refused with its name, before any check.
    let noise: Vec<u8> = (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect();
    let refused = server.upload("hasard.xlsx", &noise);
    assert_eq!(refused.status, 400);
    assert!(
        refused.text().contains("« hasard.xlsx »"),
        "{}",
        refused.text()
    );
    for (name, bytes) in [
        (
            "tronque.xlsx",
            workbook("DURAND", "01234567890")[..3000].to_vec(),
        ),
        ("vide.ods", b"PK\x03\x04".to_vec()),
    ] {
        let page = server.upload(name, &bytes);
        assert_eq!(page.status, 200, "{name}");
        assert!(page.text().contains("erreur[E0"), "{name}: {}", page.text());
    }
    let after = server.upload("durand.xlsx", &workbook("DURAND", "01234567890"));
    assert!(
        after.text().contains("/portfolio.pdf"),
        "le serveur ne répond plus"
    );
}

#[test]
fn concurrent_uploads_are_each_answered_for_their_own_file() {
    let server = Server::start(None);
    let answers: Vec<(String, Response)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..20)
            .map(|i| {
                let server = &server;
                scope.spawn(move || {
                    let nom = format!("CANDIDAT{i:02}");
                    let bytes = workbook(&nom, &format!("{:011}", 20_000_000_000u64 + i));
                    (nom.clone(), server.upload(&format!("{nom}.xlsx"), &bytes))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (nom, answer) in &answers {
        assert_eq!(answer.status, 200, "{nom}: {}", answer.text());
        let html = answer.text();
        assert!(html.contains(&format!("{nom} Marie")), "{nom}");
        let others = answers
            .iter()
            .filter(|(other, _)| other != nom && html.contains(&format!("{other} Marie")))
            .count();
        assert_eq!(others, 0, "{nom} a reçu la réponse d'un autre");
        assert!(html.contains("/portfolio.pdf"), "{nom}");
    }
}

#[test]
fn the_class_page_follows_its_folder() {
    let dir = TestDir::new();
    dir.write("classe/a.xlsx", workbook("ALPHA", "30000000001"));
    dir.write("classe/b.xlsx", workbook("BETA", "30000000002"));
    let server = Server::start(Some(&dir.join("classe")));
    // Files just written are read once they have stopped changing.
    let wait_for = |what: &str, done: &dyn Fn(&str) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let page = server.get("/classe");
            assert_eq!(page.status, 200);
            if done(&page.text()) {
                return page.text();
            }
            assert!(Instant::now() < deadline, "{what} : {}", page.text());
            std::thread::sleep(Duration::from_millis(300));
        }
    };
    let html = wait_for("les deux classeurs", &|html| {
        html.contains("ALPHA Marie") && html.contains("BETA Marie")
    });
    assert!(!html.contains("GAMMA"), "{html}");
    let version = |r: &Response| {
        let text = r.text();
        text.split("\"version\":\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned()
    };
    let before = version(&server.get("/classe/etat"));

    // A candidate saves their workbook again with an error, another one arrives.
    let mut broken = examples::dupont();
    broken.candidat.nom = Some("BETA".into());
    broken.candidat.numero = Some("30000000002".into());
    broken.realisations[0].contexte = None;
    broken.realisations.truncate(1);
    dir.write("classe/b.xlsx", examples::workbook_bytes(&broken));
    dir.write("classe/c.xlsx", workbook("GAMMA", "30000000003"));
    let html = wait_for("le dossier modifié", &|html| html.contains("GAMMA Marie"));
    assert_ne!(version(&server.get("/classe/etat")), before);
    let beta = html.split("BETA Marie").nth(1).unwrap();
    let row = &beta[..beta.find("</tr>").unwrap()];
    assert!(row.contains("à corriger"), "{row}");

    // A row opens that candidate's diagnostics, by id.
    let id = html
        .split("href=\"/classe/")
        .find_map(|s| {
            let (id, rest) = s.split_once('"')?;
            rest.starts_with(">BETA").then(|| id.to_owned())
        })
        .unwrap();
    let candidate = server.get(&format!("/classe/{id}"));
    assert_eq!(candidate.status, 200);
    assert!(
        candidate.text().contains("erreur[E0"),
        "{}",
        candidate.text()
    );
    assert_eq!(server.get("/classe/ffffffffffff").status, 404);

    // A candidate without error gets their documents from the folder, by the row's button.
    let alpha = html
        .split("href=\"/classe/")
        .find_map(|s| {
            let (id, rest) = s.split_once('"')?;
            rest.starts_with(">ALPHA").then(|| id.to_owned())
        })
        .unwrap();
    let page = server.get(&format!("/classe/{alpha}")).text();
    assert!(
        page.contains(&format!("action=\"/classe/{alpha}/documents\"")),
        "{page}"
    );
    let made = server.request(
        "POST",
        &format!("/classe/{alpha}/documents"),
        &server.host(),
        true,
        &[],
        Some(b""),
    );
    assert_eq!(made.status, 200);
    let link = made
        .text()
        .split('"')
        .find(|s| s.starts_with("/documents/") && s.ends_with("/portfolio.pdf"))
        .unwrap_or_else(|| panic!("pas de portfolio : {}", made.text()))
        .to_owned();
    let pdf = server.get(&link);
    assert!(
        pdf_extract::extract_text_from_mem(&pdf.body)
            .unwrap()
            .contains("ALPHA Marie")
    );
}

#[test]
fn in_a_real_browser_a_workbook_is_checked_through_the_form() {
    let mut browser = match Browser::start() {
        Ok(browser) => browser,
        Err(why) => {
            eprintln!("test ignoré : {why}");
            return;
        }
    };
    let input = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let invalid = input.join("nguyen-thi-thu.xlsx");
    let valid = input.join("martin-lucas.xlsx");
    let server = Server::start(None);
    browser.call("Page.enable", serde_json::json!({}));
    browser.call(
        "Page.navigate",
        serde_json::json!({ "url": format!("http://{}/?jeton={}", server.host(), server.token) }),
    );
    browser.wait_text("Télécharger un classeur vierge");
    browser.open(&format!("http://{}/verifier", server.host()));

    browser.upload(&invalid);
    let text = browser.wait_text("erreur[E025]");
    assert!(text.contains("Réalisations!G3"), "{text}");
    assert!(
        text.contains("Compétences sans réalisation : B1.3"),
        "{text}"
    );

    browser.upload(&valid);
    let text = browser.wait_text("Portfolio (PDF)");
    assert!(text.contains("MARTIN Lucas"), "{text}");
    assert!(text.contains("avertissement[W004]"), "{text}");
    let links = browser.eval(
        "Array.from(document.querySelectorAll('a[download]')).map(a => a.getAttribute('download')).join(',')",
    );
    assert_eq!(
        links.as_str().unwrap(),
        "portfolio.pdf,grille-evaluation.pdf,tableau-synthese.xlsx,site.zip"
    );
    // The picture of the README: set SIO_CAPTURE to where to write it.
    if let Ok(path) = std::env::var("SIO_CAPTURE") {
        browser.eval("window.scrollTo(0, 0)");
        std::fs::write(&path, browser.screenshot_viewport()).unwrap();
    }
}

#[test]
fn the_class_is_built_from_the_page_and_taken_as_one_zip() {
    let dir = TestDir::new();
    let input = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    for name in [
        "dupont-marie.xlsx",
        "martin-lucas.xlsx",
        "nguyen-thi-thu.xlsx",
    ] {
        dir.write(
            &format!("classe/{name}"),
            std::fs::read(input.join(name)).unwrap(),
        );
    }
    // The output folder is given relative to the server's working directory.
    let server = Server::start_in(dir.path(), &["classe", "-o", "sortie"]);
    let page = server.get("/classe").text();
    assert!(
        page.contains("Produire les documents de la classe"),
        "{page}"
    );
    assert!(
        !page.contains("archive.zip"),
        "pas d'archive avant la production"
    );

    // The jury's sheet sent with the button fills the grids.
    let jury = std::fs::read(common::fixture("evaluation/jury.xlsx")).unwrap();
    let boundary = "----sio-dossier-jury";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"jury\"; filename=\"jury.xlsx\"\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&jury);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let started = server.request(
        "POST",
        "/classe/produire",
        &server.host(),
        true,
        &[("Content-Type", &content_type)],
        Some(&body),
    );
    assert_eq!(started.status, 303);
    let progress = server.finished_production();
    assert_eq!(progress["fait"], 3, "{progress}");
    assert_eq!(progress["total"], 3, "{progress}");
    assert_eq!(progress["echec"], false, "{progress}");
    assert!(server.get("/classe").text().contains("archive.zip"));

    let zip = server.get("/classe/archive.zip");
    assert_eq!(zip.status, 200);
    assert_eq!(zip.header("content-type"), Some("application/zip"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body)).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    for expected in [
        "sortie/SHA256SUMS",
        "sortie/grilles.pdf",
        "sortie/02744118350_DUPONT_Marie/portfolio.pdf",
        "sortie/02744118351_MARTIN_Lucas/grille-evaluation.pdf",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} absent : {names:?}"
        );
    }
    let mut sums = String::new();
    archive
        .by_name("sortie/SHA256SUMS")
        .unwrap()
        .read_to_string(&mut sums)
        .unwrap();
    assert!(
        sums.contains("02744118350_DUPONT_Marie/portfolio.pdf"),
        "{sums}"
    );
    // The grid shows the jury's mark.
    let mut grid = Vec::new();
    archive
        .by_name("sortie/02744118350_DUPONT_Marie/grille-evaluation.pdf")
        .unwrap()
        .read_to_end(&mut grid)
        .unwrap();
    let text = pdf_extract::extract_text_from_mem(&grid).unwrap();
    assert!(text.contains("15,5"), "{text}");
    // Written only under the output folder: the class folder holds its three workbooks still.
    assert_eq!(std::fs::read_dir(dir.join("classe")).unwrap().count(), 3);
    assert!(dir.join("sortie/jury-evaluation.xlsx").is_file());
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    if !common::tool_works("kill", &["-l"]) {
        eprintln!("test ignoré : la commande kill est absente");
        return;
    }
    let mut server = Server::start(None);
    assert_eq!(server.get("/verifier").status, 200);
    let pid = server.child.id().to_string();
    assert!(common::tool_works("kill", &["-INT", &pid]));
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "le serveur ne s'arrête pas");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "{status:?}");
}

/// One pipeline behind every door: the same workbook on the same date gives the same
/// portfolio, grid and tableau, byte for byte, from `build`, from `depot` and from the page.
#[test]
fn build_depot_and_the_page_give_the_same_documents() {
    // 2026-11-28T00:00:00Z, the date `build` is given.
    const EPOCH: &str = "1795824000";
    let dir = TestDir::new();
    let bytes = examples::workbook_bytes(&examples::dupont());
    dir.write("classe/dupont.xlsx", &bytes);
    let build = dir.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    // Exit 1: no internship attestation, the deposit is « à régulariser »; made all the same.
    let deposit = Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .args(["depot", "classe", "-o", "depots"])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&deposit.stderr);
    assert_eq!(deposit.status.code(), Some(1), "{stderr}");
    let server = Server::start_with(dir.path(), &[], &[("SOURCE_DATE_EPOCH", EPOCH)]);
    let html = server.upload("dupont.xlsx", &bytes).text();
    let link = html
        .split('"')
        .find(|s| s.starts_with("/documents/") && s.ends_with("/portfolio.pdf"))
        .unwrap_or_else(|| panic!("pas de lien vers le portfolio : {html}"))
        .to_owned();
    let folder = "02744118350_DUPONT_Marie";
    for file in [
        "portfolio.pdf",
        "grille-evaluation.pdf",
        "tableau-synthese.xlsx",
    ] {
        let built = std::fs::read(dir.join(&format!("sortie/{folder}/{file}"))).unwrap();
        let deposited =
            std::fs::read(dir.join(&format!("depots/2026-11-28_000000/{folder}/{file}"))).unwrap();
        let served = server.get(&link.replace("portfolio.pdf", file)).body;
        assert!(built == deposited, "{file} : build et depot diffèrent");
        assert!(built == served, "{file} : build et la page diffèrent");
    }
    // The site the page offers as a zip is the one `build --only site` writes.
    let site = dir.run(&[
        "build",
        "classe",
        "-o",
        "sites",
        "--only",
        "site",
        "--date",
        common::TODAY,
    ]);
    assert_eq!(site.code, 0, "{}", site.stderr);
    let zip = server.get(&link.replace("portfolio.pdf", "site.zip")).body;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let root = dir.join(&format!("sites/{folder}/site"));
    let written = common::files_under(&root);
    assert_eq!(archive.len(), written.len());
    for path in written {
        let relative = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let mut entry = archive.by_name(&format!("site/{relative}")).unwrap();
        let mut served = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut served).unwrap();
        assert!(
            served == std::fs::read(&path).unwrap(),
            "site/{relative} diffère"
        );
    }
}

/// 1 100 connections that each send half a request and wait, under a 1 024-file limit: a
/// normal request is still answered, and the half-open connections are closed.
#[cfg(unix)]
#[test]
fn half_open_connections_cannot_take_the_server() {
    if !common::tool_works("sh", &["-c", "ulimit -n 1024"]) {
        eprintln!("test ignoré : sh ne peut pas fixer la limite de fichiers");
        return;
    }
    // This test's own sockets.
    rlimit::increase_nofile_limit(4096).unwrap();
    let server = Server::start_limited(1024);
    let half = format!(
        "GET /verifier HTTP/1.1\r\nHost: {}\r\nCookie: sio",
        server.host()
    );
    let mut idle: Vec<TcpStream> = (0..1100)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            stream.write_all(half.as_bytes()).unwrap();
            stream
        })
        .collect();
    let started = Instant::now();
    let answer = server.get("/verifier");
    assert_eq!(answer.status, 200);
    eprintln!("réponse normale en {:?}", started.elapsed());
    // Every half-open connection is closed by the server (end of stream or reset).
    for stream in &mut idle {
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut buffer = [0u8; 256];
        loop {
            match stream.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                // An answer (408 or similar) before the close is fine.
                Ok(_) => continue,
            }
        }
    }
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "connexions jamais fermées"
    );
    // Still serving.
    assert_eq!(server.get("/verifier").status, 200);
}

/// A multipart body of these file fields: (field, file name, bytes).
fn multipart(files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----sio-dossier-pieces-51c9";
    let mut body = Vec::new();
    for (field, name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl Server {
    /// The class's production followed until it ends: its last progress.
    fn finished_production(&self) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let state: serde_json::Value =
                serde_json::from_slice(&self.get("/classe/production").body).unwrap();
            if state["en_cours"] == false && state["message"].is_string() {
                return state;
            }
            assert!(Instant::now() < deadline, "production sans fin : {state}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// These files checked, then handed in: the check's page and the hand-in's answer.
    fn check_and_hand_in(&self, files: &[(&str, &str, &[u8])]) -> (String, Response) {
        let checked = self.send("/verifier", files).text();
        let answer = self.form("/remettre", &format!("depot={}", hand_in_id(&checked)));
        (checked, answer)
    }

    /// `POST path` of these file fields.
    fn send(&self, path: &str, files: &[(&str, &str, &[u8])]) -> Response {
        let (content_type, body) = multipart(files);
        self.request(
            "POST",
            path,
            &self.host(),
            true,
            &[("Content-Type", &content_type)],
            Some(&body),
        )
    }

    /// `POST path` of a form.
    fn form(&self, path: &str, body: &str) -> Response {
        self.request(
            "POST",
            path,
            &self.host(),
            true,
            &[("Content-Type", "application/x-www-form-urlencoded")],
            Some(body.as_bytes()),
        )
    }

    /// `GET path` carrying another token.
    fn get_with(&self, token: &str, path: &str) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let head = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nCookie: sio_jeton={token}\r\n\r\n",
            self.host()
        );
        stream.write_all(head.as_bytes()).unwrap();
        read_response(&mut stream)
    }
}

/// The hand-in id of a check page's « Remettre mon dossier » form.
fn hand_in_id(html: &str) -> String {
    html.split("name=\"depot\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("pas de bouton « Remettre » : {html}"))
        .to_owned()
}

/// A workbook naming an attestation `attestations/stage-1.pdf`, and that attestation.
fn with_attestation(nom: &str, numero: &str) -> (Vec<u8>, Vec<u8>) {
    let mut dossier = examples::dupont();
    dossier.candidat.nom = Some(nom.to_owned());
    dossier.candidat.numero = Some(numero.to_owned());
    dossier.stages[0].attestation = Some("attestations/stage-1.pdf".to_owned());
    (examples::workbook_bytes(&dossier), common::minimal_pdf(1))
}

fn pages_of(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf).unwrap().get_pages().len()
}

#[test]
fn the_candidates_address_opens_only_the_candidate_pages() {
    let dir = TestDir::new();
    dir.write("classe/a.xlsx", workbook("ALPHA", "30000000001"));
    let server = Server::start(Some(&dir.join("classe")));
    let teacher = server.teacher.clone().unwrap();
    assert_ne!(teacher, server.token);
    for path in [
        "/classe",
        "/classe/etat",
        "/classe/jury.xlsx",
        "/classe/depot",
        "/classe/archive.zip",
    ] {
        let refused = server.get_with(&server.token, path);
        assert_eq!(refused.status, 403, "{path}");
        assert!(
            refused.text().contains("réservée au professeur"),
            "{}",
            refused.text()
        );
    }
    for path in ["/commencer", "/verifier"] {
        assert_eq!(server.get_with(&server.token, path).status, 200, "{path}");
    }
    assert_eq!(server.get_with(&teacher, "/classe").status, 200);
    // The class page shows the candidates' address as a QR code to project.
    assert!(
        server.get("/classe").text().contains("<svg"),
        "pas de code QR"
    );
    // The candidates' address leads to « Commencer », the teacher's to the class.
    let home = server.get_with(&server.token, "/");
    assert_eq!(home.header("location"), Some("/commencer"));
}

#[test]
fn a_blank_workbook_is_downloaded_and_opened_by_check() {
    let server = Server::start(None);
    let start = server.get("/commencer").text();
    assert!(start.contains("Télécharger un classeur vierge"), "{start}");
    assert!(
        start.contains("<option value=\"2027\" selected>"),
        "{start}"
    );
    let blank = server.get("/vierge?session=2028");
    assert_eq!(blank.status, 200);
    assert!(
        blank
            .header("content-disposition")
            .unwrap()
            .contains("attachment")
    );
    let dir = TestDir::new();
    dir.write("vierge.xlsx", &blank.body);
    let (_, report) = dir.check_json(&["vierge.xlsx"]);
    assert_eq!(report["candidates"][0]["kind"], "dossier", "{report:#}");
    assert_eq!(
        report["candidates"][0]["candidate"]["session"], 2028,
        "{report:#}"
    );
}

#[test]
fn a_workbook_sent_with_its_attestation_finds_it_and_shows_its_page() {
    let server = Server::start(None);
    let (workbook, attestation) = with_attestation("DURAND", "01234567890");
    let alone = server.send("/verifier", &[("classeur", "durand.xlsx", &workbook)]);
    assert!(alone.text().contains("W009"), "{}", alone.text());
    let together = server.send(
        "/verifier",
        &[
            ("classeur", "durand.xlsx", &workbook),
            ("pieces", "stage-1.pdf", &attestation),
        ],
    );
    let html = together.text();
    assert!(!html.contains("W009"), "{html}");
    let link = |html: &str| {
        html.split('"')
            .find(|s| s.starts_with("/documents/") && s.ends_with("/portfolio.pdf"))
            .unwrap()
            .to_owned()
    };
    let without = server.get(&link(&alone.text())).body;
    let with = server.get(&link(&html)).body;
    assert_eq!(
        pages_of(&with),
        pages_of(&without) + 1,
        "page d'attestation absente"
    );
}

#[test]
fn unsafe_file_names_and_disguised_files_are_refused_by_name() {
    let server = Server::start(None);
    let workbook = workbook("DURAND", "01234567890");
    let pdf = common::minimal_pdf(1);
    let long = format!("{}.pdf", "a".repeat(300));
    let exe = b"MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode".to_vec();
    for (name, bytes, shown) in [
        ("../../x.pdf", &pdf, "../../x.pdf"),
        ("CON.pdf", &pdf, "CON.pdf"),
        (long.as_str(), &pdf, "aaaaaaaaaa"),
        ("programme.pdf", &exe, "programme.pdf"),
    ] {
        let answer = server.send(
            "/verifier",
            &[
                ("classeur", "durand.xlsx", &workbook),
                ("pieces", name, bytes),
            ],
        );
        assert_eq!(answer.status, 400, "{name}");
        assert!(answer.text().contains(shown), "{name}: {}", answer.text());
    }
}

#[test]
fn a_hand_in_is_written_with_its_receipt_and_earlier_versions_are_kept() {
    let dir = TestDir::new();
    std::fs::create_dir_all(dir.join("classe")).unwrap();
    let server = Server::start_in(dir.path(), &["classe", "--limite", "2000-01-01"]);
    let (workbook, attestation) = with_attestation("DURAND", "01234567890");
    let (checked, handed) = server.check_and_hand_in(&[
        ("classeur", "durand.xlsx", &workbook),
        ("pieces", "stage-1.pdf", &attestation),
    ]);
    assert_eq!(handed.status, 200, "{}", handed.text());
    let html = handed.text();
    let sha = sha256_hex(&workbook);
    assert!(
        html.contains("Accusé de remise") && html.contains(&sha),
        "{html}"
    );
    assert!(html.contains("Hors délai"), "{html}");
    // The same id twice: already handed in.
    assert_eq!(
        server
            .form("/remettre", &format!("depot={}", hand_in_id(&checked)))
            .status,
        409
    );
    let receipt_link = html
        .split('"')
        .find(|s| s.starts_with("/documents/") && s.ends_with("/accuse-remise.pdf"))
        .unwrap()
        .to_owned();
    let receipt = server.get(&receipt_link).body;
    let text = pdf_extract::extract_text_from_mem(&receipt).unwrap();
    assert!(
        text.contains(&sha) && text.contains("DURAND Marie"),
        "{text}"
    );
    let folder = dir.join("classe/01234567890_DURAND_Marie");
    assert_eq!(std::fs::read(folder.join("durand.xlsx")).unwrap(), workbook);
    assert_eq!(
        std::fs::read(folder.join("attestations/stage-1.pdf")).unwrap(),
        attestation
    );
    assert!(std::fs::read(folder.join("accuse-remise.pdf")).unwrap() == receipt);
    // The class page shows it.
    let class = server.get("/classe").text();
    assert!(
        class.contains("Remis le") && class.contains("1 version(s)"),
        "{class}"
    );

    // A second hand-in: the first moved under .versions/, both receipts listed.
    std::thread::sleep(Duration::from_millis(1100));
    let (_, second) = server.check_and_hand_in(&[("classeur", "durand.xlsx", &workbook)]);
    assert_eq!(second.status, 200, "{}", second.text());
    let versions: Vec<_> = std::fs::read_dir(folder.join(".versions"))
        .unwrap()
        .collect();
    assert_eq!(versions.len(), 1);
    let earlier = versions[0].as_ref().unwrap().path();
    assert_eq!(
        std::fs::read(earlier.join("attestations/stage-1.pdf")).unwrap(),
        attestation
    );
    assert!(!folder.join("attestations").exists(), "fichiers mélangés");
    let deadline = Instant::now() + Duration::from_secs(10);
    let class = loop {
        let class = server.get("/classe").text();
        if class.contains("2 version(s)") || Instant::now() > deadline {
            break class;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(class.contains("2 version(s)"), "{class}");
    let id = class
        .split("href=\"/classe/")
        .find_map(|s| {
            let (id, rest) = s.split_once('"')?;
            rest.starts_with(">DURAND").then(|| id.to_owned())
        })
        .unwrap();
    let page = server.get(&format!("/classe/{id}")).text();
    assert_eq!(page.matches("accusé de remise (PDF)").count(), 2, "{page}");
    let old = server.get(&format!("/classe/{id}/accuse/1"));
    assert!(old.body == receipt, "l'accusé de la première remise");
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn concurrent_hand_ins_are_all_kept_and_never_mixed() {
    let dir = TestDir::new();
    std::fs::create_dir_all(dir.join("classe")).unwrap();
    let server = Server::start_in(dir.path(), &["classe"]);
    let handed: Vec<(String, Vec<u8>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..10)
            .map(|i| {
                let server = &server;
                scope.spawn(move || {
                    let (nom, numero) = if i % 2 == 0 {
                        ("ALPHA", "30000000001")
                    } else {
                        ("BETA", "30000000002")
                    };
                    let (workbook, _) = with_attestation(nom, numero);
                    // Each hand-in its own piece, to tell them apart.
                    let piece = format!("%PDF-1.4 remise {i}").into_bytes();
                    let mut pdf = common::minimal_pdf(1);
                    pdf.extend_from_slice(&piece);
                    let (_, answer) = server.check_and_hand_in(&[
                        ("classeur", &format!("{nom}.xlsx"), &workbook),
                        ("pieces", "stage-1.pdf", &pdf),
                    ]);
                    assert_eq!(answer.status, 200, "{}", answer.text());
                    (nom.to_owned(), pdf)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (nom, numero) in [("ALPHA", "30000000001"), ("BETA", "30000000002")] {
        let folder = dir.join(&format!("classe/{numero}_{nom}_Marie"));
        let mut versions = vec![folder.clone()];
        versions.extend(
            std::fs::read_dir(folder.join(".versions"))
                .unwrap()
                .map(|e| e.unwrap().path()),
        );
        assert_eq!(versions.len(), 5, "{nom}");
        for version in versions {
            let record: sio_dossier::remise::Remise =
                serde_json::from_slice(&std::fs::read(version.join("remise.json")).unwrap())
                    .unwrap();
            assert_eq!(record.candidat, format!("{nom} Marie"));
            // Every file is the one its own record lists, and is one of this candidate's.
            for piece in &record.fichiers {
                let bytes = std::fs::read(version.join(&piece.nom)).unwrap();
                assert_eq!(sha256_hex(&bytes), piece.sha256, "{}", version.display());
            }
            let pdf = std::fs::read(version.join("attestations/stage-1.pdf")).unwrap();
            assert!(
                handed.iter().any(|(n, sent)| n == nom && *sent == pdf),
                "{} : pièce d'un autre candidat",
                version.display()
            );
        }
    }
}

#[test]
fn an_unwritable_class_folder_gives_a_french_error_and_loses_nothing() {
    let dir = TestDir::new();
    let (workbook, _) = with_attestation("DURAND", "01234567890");
    let earlier = dir.write("classe/01234567890_DURAND_Marie/ancien.xlsx", &workbook);
    // The working area cannot be made (a file in its place): nothing can be written.
    dir.write("classe/.sio-dossier", b"");
    let server = Server::start_in(dir.path(), &["classe"]);
    let (_, answer) = server.check_and_hand_in(&[("classeur", "durand.xlsx", &workbook)]);
    assert_eq!(answer.status, 409);
    assert!(answer.text().contains("accepte pas d"), "{}", answer.text());
    assert!(answer.text().contains("intacte"), "{}", answer.text());
    assert_eq!(std::fs::read(&earlier).unwrap(), workbook);
    assert_eq!(
        std::fs::read_dir(dir.join("classe/01234567890_DURAND_Marie"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn the_jury_sheet_and_the_deposit_are_on_the_teachers_page() {
    let dir = TestDir::new();
    let input = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    for name in ["dupont-marie.xlsx", "martin-lucas.xlsx"] {
        dir.write(
            &format!("classe/{name}"),
            std::fs::read(input.join(name)).unwrap(),
        );
    }
    let server = Server::start_in(dir.path(), &["classe", "-o", "sortie"]);
    let sheet = server.get("/classe/jury.xlsx");
    assert_eq!(sheet.status, 200);
    dir.write("jury.xlsx", &sheet.body);
    // Taken back by the production as it is.
    let started = server.send("/classe/produire", &[("jury", "jury.xlsx", &sheet.body)]);
    assert_eq!(started.status, 303);
    let progress = server.finished_production();
    assert_eq!(progress["echec"], false, "{progress}");

    // « Figer le dépôt »: a deposit `depot --verifier` finds intact, its rows on the page.
    let frozen = server.form("/classe/depot", "");
    assert_eq!(frozen.status, 200);
    let html = frozen.text();
    assert!(
        html.contains("DUPONT Marie") && html.contains("MARTIN Lucas"),
        "{html}"
    );
    assert!(
        html.contains("à régulariser") || html.contains("conforme"),
        "{html}"
    );
    assert!(
        html.contains("bordereau.pdf") && html.contains("conformite.pdf"),
        "{html}"
    );
    let name = html
        .split("<h2 id=\"titre-fige\">Dépôt ")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    let pdf = server.get(&format!("/classe/depot/{name}/bordereau.pdf"));
    assert!(pdf.body.starts_with(b"%PDF-"));
    let verified = dir.run(&["depot", "--verifier", &format!("depots/{name}")]);
    assert_eq!(verified.code, 0, "{}", verified.stderr);
    let checked = server
        .form("/classe/depot/verifier", &format!("depot={name}"))
        .text();
    assert!(
        checked.contains(&format!("Dépôt {name} : intact")),
        "{checked}"
    );
    assert_eq!(server.get("/classe/depot/../../etc/passwd").status, 404);
}

/// The whole workflow in a real browser, at a phone's and a desktop's width: start, check with
/// an attestation, hand in, the receipt, the class, the candidate's versions, the deposit.
/// Set SIO_CAPTURE_DIR to keep a screenshot of each page.
#[test]
fn in_a_real_browser_a_candidate_hands_in_and_the_teacher_deposits() {
    let mut browser = match Browser::start() {
        Ok(browser) => browser,
        Err(why) => {
            eprintln!("test ignoré : {why}");
            return;
        }
    };
    let capture = std::env::var("SIO_CAPTURE_DIR").ok();
    let axe =
        common::node_module("axe-core/axe.min.js").map(|p| std::fs::read_to_string(p).unwrap());
    if axe.is_none() {
        eprintln!("axe-core absent (SIO_NODE_MODULES) : pages non vérifiées par axe");
    }
    let mut violations = Vec::new();
    let dir = TestDir::new();
    let (workbook, attestation) = with_attestation("DURAND", "01234567890");
    let workbook_path = dir.write("durand.xlsx", &workbook);
    let pdf_path = dir.write("stage-1.pdf", &attestation);
    std::fs::create_dir_all(dir.join("classe")).unwrap();
    let server = Server::start_in(dir.path(), &["classe", "-o", "sortie"]);
    let base = format!("http://{}", server.host());
    for width in [1280, 390] {
        browser.width(width);
        let mut shot = |browser: &mut Browser, name: &str| {
            if let Some(script) = &axe {
                for v in browser.axe(script) {
                    violations.push(format!("{width} px, {name} : {v}"));
                }
            }
            if let Some(root) = &capture {
                std::fs::write(format!("{root}/{name}-{width}.png"), browser.screenshot()).unwrap();
            }
        };
        browser.open(&format!("{base}/?jeton={}", server.token));
        browser.wait_text("Télécharger un classeur vierge");
        shot(&mut browser, "commencer");
        browser.open(&format!("{base}/classe"));
        browser.wait_text("réservée au professeur");
        shot(&mut browser, "interdit");
        browser.open(&format!("{base}/verifier"));
        browser.choose("#classeur", &[&workbook_path]);
        browser.choose("#pieces", &[&pdf_path]);
        browser.eval("document.querySelector('form.envoi button[type=submit]').click()");
        let text = browser.wait_text("Remettre mon dossier");
        assert!(!text.contains("W009"), "{text}");
        shot(&mut browser, "verifier-remettre");
        browser.eval("document.querySelector('.remise button').click()");
        let text = browser.wait_text("Dossier remis");
        assert!(text.contains(&sha256_hex(&workbook)), "{text}");
        shot(&mut browser, "accuse");
        browser.open(&format!(
            "{base}/?jeton={}",
            server.teacher.as_ref().unwrap()
        ));
        let text = browser.wait_text("Remis le");
        assert!(text.contains("DURAND Marie"), "{text}");
        shot(&mut browser, "classe");
        browser.eval("location.href = document.querySelector('table.classe tbody a').href");
        browser.wait_text("accusé de remise (PDF)");
        shot(&mut browser, "candidat");
        browser.open(&format!("{base}/classe/depot"));
        browser.wait_text("Figer le dépôt");
        browser.eval("document.querySelector('main form button').click()");
        browser.wait_text("à régulariser");
        shot(&mut browser, "depot");
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

/// Without the candidate's number no hand-in: the page says which cell to fill. With errors,
/// the hand-in is accepted and its receipt says so.
#[test]
fn a_hand_in_needs_the_number_and_is_taken_even_with_errors() {
    let dir = TestDir::new();
    std::fs::create_dir_all(dir.join("classe")).unwrap();
    let server = Server::start_in(dir.path(), &["classe"]);
    let mut dossier = examples::dupont();
    dossier.candidat.numero = None;
    let page = server
        .send(
            "/verifier",
            &[(
                "classeur",
                "dupont.xlsx",
                &examples::workbook_bytes(&dossier),
            )],
        )
        .text();
    assert!(!page.contains("name=\"depot\""), "{page}");
    assert!(
        page.contains("votre numéro de candidat (la cellule Candidat!"),
        "{page}"
    );
    let mut broken = examples::dupont();
    broken.realisations.truncate(1);
    let (page, handed) = server.check_and_hand_in(&[(
        "classeur",
        "dupont.xlsx",
        &examples::workbook_bytes(&broken),
    )]);
    assert!(page.contains("erreur[E0"), "{page}");
    assert_eq!(handed.status, 200);
    assert!(handed.text().contains(" erreur"), "{}", handed.text());
}

/// « J'ai déjà un tableau de synthèse officiel »: the workbook pre-filled from it, as
/// `template --from` makes it; more than 20 files in one request are refused.
#[test]
fn an_official_tableau_gives_the_prefilled_workbook_and_twenty_files_at_most() {
    let server = Server::start(None);
    let tableau = std::fs::read(common::fixture("tableaux/a-clean-2026.xlsx")).unwrap();
    let answer = server.send("/pre-rempli", &[("tableau", "tableau.xlsx", &tableau)]);
    assert_eq!(answer.status, 200);
    assert!(
        answer
            .header("content-disposition")
            .unwrap()
            .contains("classeur-pre-rempli.xlsx")
    );
    let dir = TestDir::new();
    dir.write("pre-rempli.xlsx", &answer.body);
    dir.write("tableau.xlsx", &tableau);
    let from = dir.run(&[
        "template",
        "--from",
        "tableau.xlsx",
        "-o",
        "cli.xlsx",
        "--date",
        common::TODAY,
    ]);
    assert_eq!(from.code, 0, "{}", from.stderr);
    let (_, page) = dir.check_json(&["pre-rempli.xlsx"]);
    let (_, cli) = dir.check_json(&["cli.xlsx"]);
    assert_eq!(page["candidates"][0]["kind"], "dossier", "{page:#}");
    assert!(
        page["candidates"][0]["realisations"]
            .as_array()
            .is_some_and(|r| !r.is_empty()),
        "{page:#}"
    );
    assert_eq!(
        page["candidates"][0]["realisations"], cli["candidates"][0]["realisations"],
        "la page et template --from diffèrent"
    );

    let workbook = workbook("DURAND", "01234567890");
    let pdf = common::minimal_pdf(1);
    let names: Vec<String> = (0..20).map(|i| format!("piece-{i}.pdf")).collect();
    let mut files = vec![("classeur", "durand.xlsx", workbook.as_slice())];
    files.extend(names.iter().map(|n| ("pieces", n.as_str(), pdf.as_slice())));
    let refused = server.send("/verifier", &files);
    assert_eq!(refused.status, 400);
    assert!(
        refused.text().contains("plus de 20 fichiers"),
        "{}",
        refused.text()
    );
}
