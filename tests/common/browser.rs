//! Headless Chromium driven over the DevTools protocol: pages opened, scripts evaluated, files
//! chosen in a form, screenshots taken. A test without Chromium is skipped with a message.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Chromium driven over the DevTools protocol: one page, commands answered by id.
pub struct Browser {
    child: Child,
    socket: tungstenite::WebSocket<TcpStream>,
    next: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Chromium headless, or `None` (with why) when it is not installed.
    pub fn start() -> Result<Browser, String> {
        let program = ["chromium", "chromium-browser", "google-chrome"]
            .into_iter()
            .find(|p| super::tool_works(p, &["--version"]))
            .ok_or("Chromium absent (apt-get install chromium)")?;
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(program)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--remote-debugging-port=0",
                "--window-size=1200,900",
                "--hide-scrollbars",
                "--lang=fr-FR",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("Chromium ne démarre pas : {e}"))?;
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        let browser_ws = loop {
            line.clear();
            if stderr.read_line(&mut line).unwrap_or(0) == 0 {
                return Err("Chromium s'est arrêté au démarrage".into());
            }
            if let Some(url) = line.trim().strip_prefix("DevTools listening on ") {
                break url.to_owned();
            }
        };
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        let port: u16 = browser_ws
            .trim_start_matches("ws://127.0.0.1:")
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        // The page opened at start, from the list of targets.
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /json/list HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let list: serde_json::Value = serde_json::from_slice(&http_body(&mut stream)).unwrap();
        let page_ws = list
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "page")
            .and_then(|t| t["webSocketDebuggerUrl"].as_str())
            .unwrap()
            .to_owned();
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let (socket, _) = tungstenite::client(page_ws.as_str(), stream).unwrap();
        Ok(Browser {
            child,
            socket,
            next: 0,
            _profile: profile,
        })
    }

    pub fn call(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
        let answer = self.try_call(method, params);
        answer.unwrap_or_else(|error| panic!("{method}: {error}"))
    }

    pub fn try_call(
        &mut self,
        method: &str,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Value> {
        self.next += 1;
        let id = self.next;
        let message = serde_json::json!({ "id": id, "method": method, "params": params });
        self.socket
            .send(tungstenite::Message::text(message.to_string()))
            .unwrap();
        loop {
            let answer = self.socket.read().unwrap();
            let Ok(text) = answer.to_text() else { continue };
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            if value["id"] == id {
                return match value.get("error") {
                    Some(error) => Err(error.clone()),
                    None => Ok(value["result"].clone()),
                };
            }
        }
    }

    pub fn eval(&mut self, expression: &str) -> serde_json::Value {
        let result = self.call(
            "Runtime.evaluate",
            serde_json::json!({ "expression": expression, "returnByValue": true }),
        );
        result["result"]["value"].clone()
    }

    /// Waits until the page's text says `what`.
    pub fn wait_text(&mut self, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let text = self.eval("document.body ? document.body.innerText : ''");
            let text = text.as_str().unwrap_or_default().to_owned();
            if text.contains(what) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "« {what} » absent de la page : {text}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Chooses a file in the form's file field, as a person would, and sends the form.
    pub fn upload(&mut self, path: &std::path::Path) {
        self.choose("#classeur", &[path]);
        self.eval("document.querySelector('form.envoi button[type=submit]').click()");
    }

    /// Chooses these files in the file field `selector` of the `/verifier` form, once loaded.
    pub fn choose(&mut self, selector: &str, paths: &[&std::path::Path]) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let files: Vec<&str> = paths.iter().map(|p| p.to_str().unwrap()).collect();
        // The page may still be loading: its nodes are looked up again until they hold.
        loop {
            let ready = self.eval(&format!(
                "document.readyState === 'complete' && location.pathname === '/verifier' \
                 && document.querySelector('{selector}') !== null"
            ));
            if ready == serde_json::Value::Bool(true) {
                let root =
                    self.call("DOM.getDocument", serde_json::json!({}))["root"]["nodeId"].clone();
                let chosen = self
                    .try_call(
                        "DOM.querySelector",
                        serde_json::json!({ "nodeId": root, "selector": selector }),
                    )
                    .and_then(|node| {
                        self.try_call(
                            "DOM.setFileInputFiles",
                            serde_json::json!({ "nodeId": node["nodeId"], "files": files }),
                        )
                    });
                if chosen.is_ok() {
                    break;
                }
            }
            assert!(Instant::now() < deadline, "formulaire introuvable");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    /// Opens a page and waits until it is loaded.
    pub fn open(&mut self, url: &str) {
        self.call("Page.enable", serde_json::json!({}));
        self.call("Page.navigate", serde_json::json!({ "url": url }));
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.eval("document.readyState") != "complete" {
            assert!(Instant::now() < deadline, "{url} ne se charge pas");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// axe-core (its script given) run on the page: each WCAG 2.1 AA or best-practice
    /// violation, with the elements concerned.
    pub fn axe(&mut self, script: &str) -> Vec<String> {
        self.eval(script);
        let result = self.call(
            "Runtime.evaluate",
            serde_json::json!({
                "expression": "axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })\
                    .then(r => r.violations.map(v => v.id + ' : ' + v.nodes.map(n => n.target.join(' ')).join(', ')))",
                "awaitPromise": true,
                "returnByValue": true,
            }),
        );
        result["result"]["value"]
            .as_array()
            .map(|v| {
                v.iter()
                    .map(|x| x.as_str().unwrap_or("?").to_owned())
                    .collect()
            })
            .unwrap_or_else(|| vec![format!("axe n'a pas répondu : {result}")])
    }

    /// Sets the viewport's width (and a tall height), as a phone or a desktop would.
    pub fn width(&mut self, width: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({ "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600 }),
        );
    }

    /// A PNG screenshot of the whole page.
    pub fn screenshot(&mut self) -> Vec<u8> {
        let shot = self.call(
            "Page.captureScreenshot",
            serde_json::json!({ "format": "png", "captureBeyondViewport": true }),
        );
        base64_decode(shot["data"].as_str().unwrap_or_default())
    }

    /// A PNG screenshot of what the window shows.
    pub fn screenshot_viewport(&mut self) -> Vec<u8> {
        let shot = self.call(
            "Page.captureScreenshot",
            serde_json::json!({ "format": "png" }),
        );
        base64_decode(shot["data"].as_str().unwrap_or_default())
    }
}

/// The body of an HTTP answer: its head read, then as many bytes as announced.
fn http_body(stream: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    let mut buffer = [0u8; 8192];
    let split = loop {
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break split + 4;
        }
        let n = stream.read(&mut buffer).unwrap();
        assert!(n > 0, "réponse sans en-têtes");
        raw.extend_from_slice(&buffer[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while raw.len() < split + length {
        let n = stream.read(&mut buffer).unwrap();
        assert!(n > 0, "réponse tronquée");
        raw.extend_from_slice(&buffer[..n]);
    }
    raw[split..split + length].to_vec()
}

/// Standard base64, as the DevTools protocol sends pictures.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = text.bytes().filter(|c| *c != b'=').map(value).collect();
    bytes
        .chunks(4)
        .flat_map(|chunk| {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |acc, (i, v)| acc | (u32::from(*v) << (18 - 6 * i)));
            let out = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            out.into_iter().take(chunk.len() - 1)
        })
        .collect()
}
