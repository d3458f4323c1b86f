//! The embedded web app: each file goes out as the precompressed copy the
//! client accepts (brotli first, then gzip, else plain), always with
//! `Vary: Accept-Encoding`, cached for a year when hashed, revalidated
//! otherwise; HEAD answers like GET without a body.

use crate::support::spawn_app;
use crate::support::web::{built_file, entry_script, fetch, gunzip, header, unbrotli};

const CHROME: &str = "gzip, deflate, br, zstd";

#[tokio::test]
async fn a_browser_that_accepts_brotli_gets_the_brotli_copy_of_a_script() {
    let app = spawn_app().await;
    let script = entry_script(&app).await;

    let response = fetch(&app, &script, Some(CHROME)).await;

    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-encoding"), Some("br"));
    assert_eq!(header(&response, "vary"), Some("accept-encoding"));
    assert_eq!(
        header(&response, "content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(
        header(&response, "cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let body = response.bytes().await.unwrap();
    assert_eq!(body, built_file(&format!("{script}.br")));
    assert_eq!(unbrotli(&body), built_file(&script));
}

#[tokio::test]
async fn a_client_without_brotli_gets_gzip() {
    let app = spawn_app().await;
    let script = entry_script(&app).await;

    for accept in ["gzip, deflate", "br;q=0, gzip;q=0.8"] {
        let response = fetch(&app, &script, Some(accept)).await;

        assert_eq!(
            header(&response, "content-encoding"),
            Some("gzip"),
            "{accept}"
        );
        assert_eq!(header(&response, "vary"), Some("accept-encoding"));
        let body = response.bytes().await.unwrap();
        assert_eq!(gunzip(&body), built_file(&script), "{accept}");
    }
}

#[tokio::test]
async fn a_client_that_accepts_neither_gets_the_plain_file_and_still_a_vary() {
    let app = spawn_app().await;
    let script = entry_script(&app).await;

    for accept in [
        None,
        Some("identity"),
        Some("br;q=0, gzip;q=0"),
        Some("deflate"),
    ] {
        let response = fetch(&app, &script, accept).await;

        assert_eq!(response.status(), 200);
        assert_eq!(header(&response, "content-encoding"), None, "{accept:?}");
        assert_eq!(header(&response, "vary"), Some("accept-encoding"));
        assert_eq!(response.bytes().await.unwrap(), built_file(&script));
    }
}

#[tokio::test]
async fn the_page_itself_is_compressed_and_never_cached_at_every_app_path() {
    let app = spawn_app().await;

    for path in ["/", "/conversations/c_123", "/login?next=%2F"] {
        let response = fetch(&app, path, Some(CHROME)).await;

        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, "content-encoding"), Some("br"), "{path}");
        assert_eq!(header(&response, "cache-control"), Some("no-cache"));
        assert_eq!(
            header(&response, "content-type"),
            Some("text/html; charset=utf-8")
        );
        let page = unbrotli(&response.bytes().await.unwrap());
        assert_eq!(page, built_file("index.html"), "{path}");
    }
}

#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let app = spawn_app().await;
    let script = entry_script(&app).await;
    let compressed = built_file(&format!("{script}.br"));

    let response = app
        .client
        .head(app.url(&script))
        .header("Accept-Encoding", CHROME)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-encoding"), Some("br"));
    assert_eq!(
        header(&response, "content-length"),
        Some(compressed.len().to_string().as_str())
    );
    assert!(response.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_compressed_copies_are_not_files_of_their_own() {
    let app = spawn_app().await;
    let script = entry_script(&app).await;

    for copy in [
        format!("{script}.br"),
        format!("{script}.gz"),
        "/index.html.br".to_owned(),
    ] {
        let response = fetch(&app, &copy, None).await;

        assert_eq!(response.status(), 200, "{copy}");
        assert_eq!(
            header(&response, "content-type"),
            Some("text/html; charset=utf-8"),
            "{copy} is answered by the app's page, like any unknown path"
        );
        assert_eq!(response.bytes().await.unwrap(), built_file("index.html"));
    }
}

#[tokio::test]
async fn fonts_go_out_as_they_are() {
    let app = spawn_app().await;
    let css = regex::Regex::new(r#"href="(/assets/[^"]+\.css)""#)
        .unwrap()
        .captures(&fetch(&app, "/", None).await.text().await.unwrap())
        .expect("index.html links a stylesheet")[1]
        .to_owned();
    let styles = String::from_utf8(built_file(&css)).unwrap();
    let font = regex::Regex::new(r"url\((/assets/[^)]+\.woff2)\)")
        .unwrap()
        .captures(&styles)
        .expect("the styles name a font")[1]
        .to_owned();

    let response = fetch(&app, &font, Some(CHROME)).await;

    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-encoding"), None);
    assert_eq!(header(&response, "content-type"), Some("font/woff2"));
    assert_eq!(response.bytes().await.unwrap(), built_file(&font));
}
