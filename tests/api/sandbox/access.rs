//! When sandbox mode is on, who may use it, and the simulators' own checks.

use serde_json::{json, Value};

use super::*;
use crate::support::get_json;
use crate::support::{client, spawn_app};

#[tokio::test]
async fn credentials_in_the_environment_keep_sandbox_mode_off() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let view = sandbox(&app, &admin).await;
    assert_eq!(
        (view["enabled"].as_bool(), view["routeId"].is_null()),
        (Some(false), true),
        "{view}"
    );
    let routes: Value = get_json(&admin, &app.url("/api/routes")).await;
    assert_eq!(routes["total"], 0);
    let refused = admin
        .post(app.url("/api/sandbox/texts"))
        .json(&json!({ "body": "hi" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 409);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "sandbox_off");
    assert_eq!(
        admin
            .get(app.url("/api/sandbox/phone"))
            .send()
            .await
            .unwrap()
            .status(),
        409
    );
}

#[tokio::test]
async fn serve_with_sandbox_forces_it_even_with_credentials() {
    let app = spawn_app_with(Setup {
        sandbox: true,
        ..Setup::default()
    })
    .await;
    let admin = app.admin().await;
    let view = sandbox(&app, &admin).await;
    assert_eq!(
        (view["enabled"].as_bool(), view["forced"].as_bool()),
        (Some(true), Some(true))
    );
    text(&app, &admin, CUSTOMER, "hello").await;
    let replies = wait_for_texts(&app, &admin, CUSTOMER, 1).await;
    assert!(replies[0].starts_with(GREETING));
    assert_eq!(app.twilio.send_attempts(), 0);
    assert_eq!(app.closebot.event_attempts(), 0);
}

#[tokio::test]
async fn agents_use_the_phone_simulator_but_only_admins_change_sandbox_mode() {
    let app = spawn_without_credentials().await;
    let agent = app.agent().await;
    assert_eq!(sandbox(&app, &agent).await["enabled"], true);
    text(&app, &agent, "+12065550142", "hi from an agent's test").await;
    wait_for_texts(&app, &agent, "+12065550142", 1).await;
    assert_eq!(
        change(&app, &agent, json!({ "enabled": false }))
            .await
            .status(),
        403
    );
    assert_eq!(
        change(&app, &agent, json!({ "afterHours": true }))
            .await
            .status(),
        403
    );
    let removal = agent
        .delete(app.url("/api/sandbox/data"))
        .send()
        .await
        .unwrap();
    assert_eq!(removal.status(), 403);
    // Strangers get nothing.
    for path in ["/api/sandbox", "/api/sandbox/phone"] {
        assert_eq!(
            app.client.get(app.url(path)).send().await.unwrap().status(),
            401
        );
    }
    let stranger = app
        .client
        .post(app.url("/api/sandbox/texts"))
        .json(&json!({ "body": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), 401);
    // Bad input is a 422, not a crash.
    for body in [
        json!({ "from": "12345", "body": "hi" }),
        json!({ "body": "   " }),
    ] {
        let response = agent
            .post(app.url("/api/sandbox/texts"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{body}");
    }
}

#[tokio::test]
async fn the_simulated_providers_check_requests_as_the_real_ones_do() {
    let app = spawn_without_credentials().await;
    let access = app.state.sandbox.sims().expect("the simulators run").access;
    let http = client();
    let messages = format!(
        "{}/2010-04-01/Accounts/{}/Messages.json",
        access.twilio_api_base, access.twilio_account_sid
    );
    let token = secrecy::ExposeSecret::expose_secret(&access.twilio_auth_token).to_owned();
    let send = |auth: (String, String), form: Vec<(&'static str, &'static str)>| {
        let (http, messages) = (http.clone(), messages.clone());
        async move {
            let response = http
                .post(&messages)
                .basic_auth(auth.0, Some(auth.1))
                .form(&form)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap();
            (status, body["code"].as_i64())
        }
    };
    let ok = (access.twilio_account_sid.clone(), token.clone());
    let text = vec![("To", CUSTOMER), ("From", NUMBER), ("Body", "hi")];
    assert_eq!(
        send(
            (access.twilio_account_sid.clone(), "wrong".into()),
            text.clone()
        )
        .await,
        (401, Some(20003))
    );
    assert_eq!(
        send(
            ok.clone(),
            vec![("To", CUSTOMER), ("From", "+15005550006"), ("Body", "hi")]
        )
        .await,
        (400, Some(21606))
    );
    assert_eq!(
        send(
            ok.clone(),
            vec![("To", "12"), ("From", NUMBER), ("Body", "hi")]
        )
        .await,
        (400, Some(21211))
    );
    assert_eq!(
        send(ok.clone(), vec![("To", CUSTOMER), ("From", NUMBER)]).await,
        (400, Some(21602))
    );
    assert_eq!(send(ok.clone(), text).await.0, 201);
    let unknown = http
        .get(messages.replace(".json", "/SM00000000000000000000000000000000.json"))
        .basic_auth(&ok.0, Some(&ok.1))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);

    let bots = format!("{}/bot", access.closebot_api_base);
    assert_eq!(http.get(&bots).send().await.unwrap().status(), 401);
    let key = secrecy::ExposeSecret::expose_secret(&access.closebot_api_key).to_owned();
    let listed: Value = http
        .get(&bots)
        .header("X-CB-KEY", key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["name"], "Brightside Solar demo bot", "{listed}");
    assert_eq!(listed[0]["sources"][0]["id"], "src_sandbox_demo");
}

#[tokio::test]
async fn after_hours_needs_the_sandbox_route_and_switching_back_on_makes_it_again() {
    let app = spawn_without_credentials().await;
    let admin = app.admin().await;
    let route = sandbox(&app, &admin).await["routeId"]
        .as_str()
        .unwrap()
        .to_owned();
    let deleted = admin
        .delete(app.url(&format!("/api/routes/{route}")))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let missing = change(&app, &admin, json!({ "afterHours": true })).await;
    assert_eq!(missing.status(), 404);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["error"]["code"], "sandbox_route_missing");

    change(&app, &admin, json!({ "enabled": false })).await;
    let off = change(&app, &admin, json!({ "afterHours": true })).await;
    assert_eq!(off.status(), 409);
    let on: Value = change(&app, &admin, json!({ "enabled": true }))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        on["routeId"].is_string() && on["routeId"] != route.as_str(),
        "{on}"
    );
    let closed: Value = change(&app, &admin, json!({ "afterHours": true }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(closed["afterHours"], true);
}
