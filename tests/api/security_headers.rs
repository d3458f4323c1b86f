//! Every answer — API, webhooks, the web app and its files — tells the
//! browser not to sniff types, not to leak our URLs to others, never to frame
//! us, and (over https) to come back over https only. The web app's pages
//! carry a policy that runs our own scripts and nothing else.

use crate::support::web::{entry_script, fetch, header};
use crate::support::{inbound_params, new_sid, spawn_app, spawn_app_with, Setup, OUR_NUMBER};

const NOTHING_ALLOWED: &str = "default-src 'none'; frame-ancestors 'none'";

/// The headers every answer carries, whatever it is.
fn assert_common(response: &reqwest::Response, what: &str) {
    assert_eq!(
        header(response, "x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        header(response, "referrer-policy"),
        Some("same-origin"),
        "{what}"
    );
    assert_eq!(header(response, "x-frame-options"), Some("DENY"), "{what}");
    assert_eq!(
        header(response, "strict-transport-security"),
        Some("max-age=63072000"),
        "{what}: the tests' APP_URL is https"
    );
}

fn directive<'a>(policy: &'a str, name: &str) -> Option<&'a str> {
    policy
        .split(';')
        .map(str::trim)
        .find(|d| d.split_whitespace().next() == Some(name))
}

#[tokio::test]
async fn an_api_answer_carries_the_headers_and_a_policy_that_allows_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;

    for (path, status) in [
        ("/api/health", 200),
        ("/api/routes", 200),
        ("/api/nope", 404),
    ] {
        let response = admin.get(app.url(path)).send().await.unwrap();

        assert_eq!(response.status(), status, "{path}");
        assert_common(&response, path);
        assert_eq!(
            header(&response, "content-security-policy"),
            Some(NOTHING_ALLOWED)
        );
    }
    let stranger = app.client.get(app.url("/api/routes")).send().await.unwrap();
    assert_eq!(stranger.status(), 401);
    assert_common(&stranger, "a 401");
}

#[tokio::test]
async fn webhook_answers_carry_the_headers_accepted_or_refused() {
    let app = spawn_app().await;
    let params = inbound_params(&new_sid(), "+15551230001", OUR_NUMBER, "Hello");

    let accepted = app
        .post_twilio("/api/webhooks/twilio/inbound", &params)
        .await;
    let refused = app
        .client
        .post(app.url("/api/webhooks/twilio/inbound"))
        .header("X-Twilio-Signature", "forged")
        .form(&params)
        .send()
        .await
        .unwrap();
    let bad_token = app
        .client
        .post(app.url("/api/webhooks/closebot/response?token=wrong"))
        .body("{}")
        .send()
        .await
        .unwrap();

    assert_eq!(accepted.status(), 200);
    assert_eq!(refused.status(), 403);
    assert_eq!(bad_token.status(), 401);
    for (response, what) in [
        (&accepted, "inbound"),
        (&refused, "403"),
        (&bad_token, "401"),
    ] {
        assert_common(response, what);
        assert_eq!(
            header(response, "content-security-policy"),
            Some(NOTHING_ALLOWED)
        );
    }
}

#[tokio::test]
async fn the_web_app_runs_only_its_own_scripts_and_is_never_framed() {
    let app = spawn_app().await;

    for path in ["/", "/conversations/c_1"] {
        let page = fetch(&app, path, Some("br")).await;

        assert_eq!(page.status(), 200);
        assert_common(&page, path);
        let policy = header(&page, "content-security-policy").expect("a policy on the page");
        assert_eq!(directive(policy, "script-src"), Some("script-src 'self'"));
        assert_eq!(directive(policy, "default-src"), Some("default-src 'self'"));
        assert_eq!(
            directive(policy, "frame-ancestors"),
            Some("frame-ancestors 'none'")
        );
        assert_eq!(directive(policy, "object-src"), Some("object-src 'none'"));
        assert_eq!(directive(policy, "base-uri"), Some("base-uri 'none'"));
        assert!(!policy.contains("unsafe-eval"), "{policy}");
    }
}

#[tokio::test]
async fn the_app_s_files_carry_the_headers_too() {
    let app = spawn_app().await;
    let script = entry_script(&app).await;

    for accept in [Some("br"), None] {
        let response = fetch(&app, &script, accept).await;

        assert_eq!(response.status(), 200);
        assert_common(&response, &script);
        assert_eq!(
            header(&response, "content-security-policy"),
            Some(NOTHING_ALLOWED)
        );
    }
}

#[tokio::test]
async fn no_hsts_when_the_app_is_served_over_plain_http() {
    let app = spawn_app_with(Setup {
        configure: Box::new(|config| config.app_url = "http://sms.example.test".to_owned()),
        ..Setup::default()
    })
    .await;

    let response = app.client.get(app.url("/api/health")).send().await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "strict-transport-security"), None);
    assert_eq!(header(&response, "x-content-type-options"), Some("nosniff"));
}
