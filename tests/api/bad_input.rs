use serde_json::{json, Value};

use crate::support::{inbound_params, new_sid, spawn_app, OUR_NUMBER};

async fn error_code(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response
        .json()
        .await
        .unwrap_or_else(|_| panic!("status {status}: the body is not the JSON error shape"));
    (
        status,
        body["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code in {body}"))
            .to_owned(),
    )
}

#[tokio::test]
async fn bodies_over_one_mebibyte_get_413_on_webhooks_and_the_api() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let huge = "x".repeat(2 * 1024 * 1024);

    let webhook = app
        .client
        .post(app.url("/api/webhooks/twilio/inbound"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("Body={huge}"))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(webhook).await, (413, "payload_too_large".into()));
    let callback = app
        .client
        .post(app.callback_url())
        .header("content-type", "application/json")
        .body(huge.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(callback).await,
        (413, "payload_too_large".into())
    );
    let api = admin
        .post(app.url("/api/routes"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(api).await, (413, "payload_too_large".into()));
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_refused_too() {
    let app = spawn_app().await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..40).map(|_| Ok(vec![b'a'; 64 * 1024])).collect();
    let response = app
        .client
        .post(app.callback_url())
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(response).await,
        (413, "payload_too_large".into())
    );
}

#[tokio::test]
async fn a_signed_inbound_webhook_missing_fields_or_with_bad_numbers_is_kept_and_answered_400() {
    let app = spawn_app().await;
    let mut no_from = inbound_params(&new_sid(), "+15551230900", OUR_NUMBER, "hi");
    no_from.retain(|(k, _)| k != "From");
    let bad_from = inbound_params(&new_sid(), "not-a-number", OUR_NUMBER, "hi");

    for params in [no_from, bad_from] {
        let response = app
            .post_twilio("/api/webhooks/twilio/inbound", &params)
            .await;
        assert_eq!(
            error_code(response).await,
            (400, "invalid_inbound_message".into())
        );
    }
}

#[tokio::test]
async fn malformed_json_wrong_types_and_unknown_fields_get_4xx_with_the_error_shape() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let post = |body: &'static str| {
        let admin = admin.clone();
        let url = app.url("/api/routes");
        async move {
            admin
                .post(url)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };

    assert_eq!(
        error_code(post("{\"twilioNumber\": ").await).await,
        (400, "invalid_json".into())
    );
    assert_eq!(
        error_code(post("{\"twilioNumber\": 15005550006, \"closebotSourceId\": \"s\"}").await)
            .await,
        (422, "invalid_body".into())
    );
    assert_eq!(
        error_code(
            post(
                "{\"twilioNumber\": \"+15005550006\", \"closebotSourceId\": \"s\", \"colour\": 1}"
            )
            .await
        )
        .await
        .0,
        422
    );
    assert_eq!(error_code(post("[]").await).await.0, 422);
    let (status, code) = error_code(
        post("{\"twilioNumber\": \"(500) 555-0006\", \"closebotSourceId\": \"s\"}").await,
    )
    .await;
    assert_eq!((status, code.as_str()), (422, "validation_failed"));
}

#[tokio::test]
async fn bad_query_parameters_and_unknown_paths_get_json_errors() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for (path, status) in [
        ("/api/conversations?limit=abc", 400),
        ("/api/conversations?limit=0", 422),
        ("/api/conversations?limit=201", 422),
        ("/api/conversations?dateFrom=yesterday", 400),
        ("/api/conversations/none?before=x", 400),
        ("/api/conversations/none", 404),
        ("/api/routes/none", 404),
        ("/api/no-such-thing", 404),
        ("/api/dashboard/stats?timezone=Mars/Base", 400),
    ] {
        let response = admin.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), status, "{path}");
        error_code(response).await;
    }
    let wrong_method = admin
        .delete(app.url("/api/conversations"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(wrong_method).await,
        (405, "method_not_allowed".into())
    );
    let form_to_status = app
        .client
        .post(app.url("/api/webhooks/twilio/status"))
        .body("%%%")
        .send()
        .await
        .unwrap();
    assert_eq!(
        form_to_status.status(),
        403,
        "unsigned garbage is refused before anything else"
    );
}

#[tokio::test]
async fn message_text_is_stored_and_returned_verbatim_never_interpreted() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let tricky = "<img src=x onerror=alert(1)> '; DROP TABLE messages; -- 😀 \u{0}";
    app.text_in("+15551230901", tricky).await;
    let thread = app.conversation(&app.admin().await, "+15551230901").await;
    // A NUL (which Postgres's text cannot hold) reads back as U+FFFD on both engines.
    assert_eq!(
        thread["messages"][0]["body"],
        tricky.replace('\u{0}', "\u{FFFD}")
    );
}

#[tokio::test]
async fn bad_path_parameters_and_out_of_range_dates_get_4xx_with_the_error_shape() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let retry = admin
        .post(app.url("/api/queue/failed/abc/retry"))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(retry).await, (400, "bad_request".into()));
    for query in [
        "?dateTo=%2B262142-12-31",
        "?dateFrom=%2B262142-12-31",
        "?dateTo=2026-13-01",
    ] {
        let list = admin
            .get(app.url(&format!("/api/conversations{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(
            error_code(list).await,
            (400, "invalid_date".into()),
            "{query}"
        );
    }
    // The server is still there.
    let health = app.client.get(app.url("/api/health")).send().await.unwrap();
    assert_eq!(health.status(), 200);
}
