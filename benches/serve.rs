//! Benchmark of `sio-dossier serve`: `cargo bench --bench serve`. Prints, on this machine:
//! - the answer with documents to an upload of an 8-réalisation candidate, warm server (median
//!   of 30), against a cold `build --only portfolio` of the same file (process start included);
//! - the server's resident memory after 20 and after 200 uploads in a row;
//! - 20 uploads at once: answered, each for its own candidate, and the time for all;
//! - following a class: a 5 MiB dossier (workbook + 2 attestation PDFs) checked, then handed
//!   in (answered with its receipt), the class page showing it, and the memory after 200
//!   hand-ins.
//!
//! Measured, never asserted: numbers depend on the machine.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn upload(port: u16, token: &str, name: &str, bytes: &[u8]) -> String {
    let boundary = "----bench";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"classeur\"; filename=\"{name}\"\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "POST /verifier HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: sio_jeton={token}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(&body).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut dossier = common::candidate(0);
    dossier.realisations.truncate(8);
    let bytes = sio_dossier::render::dossier_template::write(2027, Some(&dossier), common::today())
        .unwrap();
    let file = dir.path().join("candidat.xlsx");
    std::fs::write(&file, &bytes).unwrap();

    // Cold build of the same file, process start included.
    let mut cold = Vec::new();
    for _ in 0..5 {
        let out = dir.path().join("sortie");
        let _ = std::fs::remove_dir_all(&out);
        let start = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
            .args([
                "build",
                file.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--only",
                "portfolio",
                "-q",
                "--date",
                common::TODAY,
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        cold.push(start.elapsed());
    }
    cold.sort();

    let mut child = Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let (address, token) = line
        .trim()
        .trim_start_matches("Adresse pour les candidats : ")
        .trim_start_matches("http://")
        .split_once("/?jeton=")
        .unwrap();
    let port: u16 = address.rsplit_once(':').unwrap().1.parse().unwrap();
    let token = token.to_owned();

    // Warm-up, then the median of 30 answers, each for another candidate (the same file again
    // would be answered from Typst's cache).
    upload(port, &token, "candidat.xlsx", &bytes);
    let others: Vec<Vec<u8>> = (1..=30)
        .map(|i| {
            let mut d = common::candidate(i);
            d.realisations.truncate(8);
            sio_dossier::render::dossier_template::write(2027, Some(&d), common::today()).unwrap()
        })
        .collect();
    let mut warm: Vec<Duration> = others
        .iter()
        .map(|bytes| {
            let start = Instant::now();
            let answer = upload(port, &token, "candidat.xlsx", bytes);
            assert!(answer.contains("/portfolio.pdf"));
            start.elapsed()
        })
        .collect();
    warm.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "machine : {} cœurs",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "envoi → réponse avec documents, serveur chaud : médiane {:.0} ms (min {:.0}, max {:.0}) ; build --only portfolio à froid : médiane {:.0} ms",
        ms(warm[warm.len() / 2]),
        ms(warm[0]),
        ms(warm[warm.len() - 1]),
        ms(cold[cold.len() / 2])
    );

    // 200 uploads in a row: memory after the first 20 and after all.
    let mut after_20 = 0.0;
    for i in 0..200 {
        upload(port, &token, "candidat.xlsx", &others[i % others.len()]);
        if i == 19 {
            after_20 = rss_mib(child.id());
        }
    }
    println!(
        "mémoire résidente du serveur : {:.0} Mio après 20 envois, {:.0} Mio après 200",
        after_20,
        rss_mib(child.id())
    );

    // 20 at once, each with its own candidate.
    let workbooks: Vec<(String, Vec<u8>)> = (0..20)
        .map(|i| {
            let mut d = common::candidate(i);
            d.realisations.truncate(8);
            let name = d.candidat.nom.clone().unwrap();
            (
                name,
                sio_dossier::render::dossier_template::write(2027, Some(&d), common::today())
                    .unwrap(),
            )
        })
        .collect();
    let start = Instant::now();
    let answered: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = workbooks
            .iter()
            .map(|(name, bytes)| {
                let token = &token;
                scope.spawn(move || {
                    upload(port, token, &format!("{name}.xlsx"), bytes).contains(name.as_str())
                        as usize
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    println!(
        "20 envois simultanés : {answered}/20 réponses, chacune pour son candidat, en {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let _ = child.kill();
    let _ = child.wait();
    hand_ins();
}

/// `POST path` of a multipart body or a form, with the cookie; the answer's text.
fn post(port: u16, token: &str, path: &str, content_type: &str, body: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: sio_jeton={token}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(body).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

fn get(port: u16, token: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: sio_jeton={token}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

/// The hand-in of a 5 MiB dossier: check, hand-in, the class page, memory.
fn hand_ins() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("classe")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .args(["serve", "classe", "--port", "0"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut tokens = Vec::new();
    let mut port = 0;
    for _ in 0..2 {
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let url = line.trim().split(" : ").nth(1).unwrap().to_owned();
        let (address, token) = url
            .trim_start_matches("http://")
            .split_once("/?jeton=")
            .unwrap();
        port = address.rsplit_once(':').unwrap().1.parse().unwrap();
        tokens.push(token.to_owned());
    }
    let (candidate, teacher) = (&tokens[0], &tokens[1]);
    let mut dossier = common::candidate(0);
    dossier.realisations.truncate(8);
    dossier.stages[0].attestation = Some("stage-1.pdf".into());
    if dossier.stages.len() > 1 {
        dossier.stages[1].attestation = Some("stage-2.pdf".into());
    }
    let workbook =
        sio_dossier::render::dossier_template::write(2027, Some(&dossier), common::today())
            .unwrap();
    let pdf = common::pdf::padded_pdf(1, 2_600_000);
    let boundary = "----bench-remise";
    let mut body = Vec::new();
    for (field, name, bytes) in [
        ("classeur", "candidat.xlsx", &workbook),
        ("pieces", "stage-1.pdf", &pdf),
        ("pieces", "stage-2.pdf", &pdf),
    ] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let multipart = format!("multipart/form-data; boundary={boundary}");
    let mut checks = Vec::new();
    let mut hands = Vec::new();
    let mut shown = Vec::new();
    let mut after_20 = 0.0;
    for i in 0..200 {
        let start = Instant::now();
        let checked = post(port, candidate, "/verifier", &multipart, &body);
        checks.push(start.elapsed());
        let id = checked
            .split("name=\"depot\" value=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_else(|| panic!("pas de remise possible : {checked}"))
            .to_owned();
        let start = Instant::now();
        let receipt = post(
            port,
            candidate,
            "/remettre",
            "application/x-www-form-urlencoded",
            format!("depot={id}").as_bytes(),
        );
        assert!(receipt.contains("Dossier remis"), "{receipt}");
        hands.push(start.elapsed());
        let versions = format!("{} version(s)", i + 1);
        let start = Instant::now();
        while !get(port, teacher, "/classe").contains(&versions) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "remise invisible"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        shown.push(start.elapsed());
        if i == 19 {
            after_20 = rss_mib(child.id());
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1000.0
    };
    println!(
        "dossier de {:.1} Mio (classeur + 2 attestations) : vérification médiane {:.0} ms ; remise → accusé médiane {:.0} ms (max {:.0}) ; visible sur la page Classe {:.0} ms après",
        body.len() as f64 / 1024.0 / 1024.0,
        median(&mut checks),
        median(&mut hands),
        hands.last().unwrap().as_secs_f64() * 1000.0,
        median(&mut shown)
    );
    println!(
        "mémoire résidente après 20 remises : {:.0} Mio ; après 200 : {:.0} Mio",
        after_20,
        rss_mib(child.id())
    );
    let _ = child.kill();
    let _ = child.wait();
}
