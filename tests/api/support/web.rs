//! The embedded web app as a browser fetches it: the built files on disk to
//! compare with, the entry script `index.html` names, and decoders for what
//! comes back compressed.

use std::io::Read;
use std::path::PathBuf;

use super::TestApp;

/// `web/dist/<path>`, the build the binary embeds.
pub fn built_file(path: &str) -> Vec<u8> {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("web/dist")
        .join(path.trim_start_matches('/'));
    std::fs::read(&file).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (build the web app first: npm --prefix web run build)",
            file.display()
        )
    })
}

/// `GET path`, with `Accept-Encoding: accept` when given (the test client
/// sends none by itself and decodes nothing).
pub async fn fetch(app: &TestApp, path: &str, accept: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    if let Some(accept) = accept {
        request = request.header("Accept-Encoding", accept);
    }
    request.send().await.unwrap()
}

/// The hashed entry script `index.html` loads, e.g. `/assets/index-Ab12.js`.
pub async fn entry_script(app: &TestApp) -> String {
    let html = fetch(app, "/", None).await.text().await.unwrap();
    let pattern = regex::Regex::new(r#"<script[^>]*\bsrc="(/assets/[^"]+\.js)""#).unwrap();
    pattern
        .captures(&html)
        .unwrap_or_else(|| panic!("index.html loads no script: {html}"))[1]
        .to_owned()
}

pub fn header<'a>(response: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().expect("a text header"))
}

pub fn unbrotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli_decompressor::Decompressor::new(data, 4096)
        .read_to_end(&mut out)
        .expect("valid brotli");
    out
}

pub fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}
