//! JSON answers of the API are compressed as the client accepts; the live
//! event stream never is (a compressor would hold events in its buffer).

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{json, Value};

use crate::support::spawn_app;
use crate::support::web::{gunzip, header, unbrotli};

#[tokio::test]
async fn a_large_json_answer_is_compressed_with_brotli_or_gzip() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let plain: Value = admin
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    for (accept, encoding) in [("gzip, deflate, br", "br"), ("gzip", "gzip")] {
        let response = admin
            .get(app.url("/api/openapi.json"))
            .header("Accept-Encoding", accept)
            .send()
            .await
            .unwrap();

        assert_eq!(response.status(), 200);
        assert_eq!(header(&response, "content-encoding"), Some(encoding));
        assert!(header(&response, "vary").is_some_and(|v| v.contains("accept-encoding")));
        let body = response.bytes().await.unwrap();
        let decoded = if encoding == "br" {
            unbrotli(&body)
        } else {
            gunzip(&body)
        };
        assert!(
            body.len() * 3 < decoded.len(),
            "{encoding} hardly compressed"
        );
        assert_eq!(serde_json::from_slice::<Value>(&decoded).unwrap(), plain);
    }
}

#[tokio::test]
async fn a_tiny_answer_goes_out_plain() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(app.url("/api/health"))
        .header("Accept-Encoding", "br, gzip")
        .send()
        .await
        .unwrap();

    assert_eq!(header(&response, "content-encoding"), None);
    assert_eq!(response.json::<Value>().await.unwrap()["status"], "ok");
}

#[tokio::test]
async fn the_live_event_stream_is_not_compressed_and_delivers_each_event_at_once() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let admin = app.admin().await;
    let response = admin
        .get(app.url("/api/dashboard/activity"))
        .header("Accept-Encoding", "gzip, deflate, br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-encoding"), None);
    let mut stream = response.bytes_stream();

    app.text_in("+15551239900", "Plain and prompt").await;

    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    while !seen.contains("event: message_in") {
        let chunk = tokio::time::timeout_at(deadline, stream.next())
            .await
            .expect("the event within 3 s, not held in a buffer")
            .expect("the stream stays open")
            .unwrap();
        seen.push_str(std::str::from_utf8(&chunk).expect("plain text, not compressed bytes"));
    }
    assert!(seen.contains("Plain and prompt"));
}
