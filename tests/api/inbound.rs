use serde_json::{json, Value};

use crate::support::{
    eventually, inbound_params, new_sid, spawn_app, spawn_app_with, FakeCloseBot, Setup, APP_URL,
    OUR_NUMBER, SOURCE_ID,
};

const CUSTOMER: &str = "+15551230001";

#[tokio::test]
async fn an_inbound_sms_is_stored_answered_with_empty_twiml_and_forwarded_to_closebot() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;

    let sid = new_sid();
    let response = app
        .post_twilio(
            "/api/webhooks/twilio/inbound",
            &inbound_params(&sid, CUSTOMER, OUR_NUMBER, "Hi, is this available?"),
        )
        .await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/xml");
    assert_eq!(response.text().await.unwrap(), "<Response></Response>");
    eventually("CloseBot to receive the text", || async {
        app.closebot.events().len() == 1
    })
    .await;
    let event = &app.closebot.events()[0];
    assert_eq!(event.source_id, SOURCE_ID);
    assert_eq!(event.contact_id, CUSTOMER);
    assert_eq!(event.message, "Hi, is this available?");
    assert_eq!(event.state["twilioNumber"], OUR_NUMBER);
    assert_eq!(event.state["phoneFrom"], CUSTOMER);
    assert_eq!(event.state["messageSid"], sid.as_str());
    assert!(
        event.state["sig"].as_str().is_some_and(|s| s.len() > 20),
        "the state is signed"
    );

    let admin = app.admin().await;
    let thread = app.conversation(&admin, CUSTOMER).await;
    assert_eq!(thread["contact"]["phone"], CUSTOMER);
    assert_eq!(thread["contact"]["unreadCount"], 1);
    let message = &thread["messages"][0];
    assert_eq!(
        (message["direction"].as_str(), message["source"].as_str()),
        (Some("inbound"), Some("customer"))
    );
    assert_eq!(message["twilioSid"], sid.as_str());
    eventually("the message to be marked forwarded", || async {
        app.conversation(&admin, CUSTOMER).await["messages"][0]["forwardState"] == "forwarded"
    })
    .await;
}

#[tokio::test]
async fn an_inbound_sms_with_a_missing_or_wrong_signature_is_rejected_and_not_stored() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let params = inbound_params(&new_sid(), CUSTOMER, OUR_NUMBER, "hello");
    let url = app.url("/api/webhooks/twilio/inbound");

    let unsigned = app.client.post(&url).form(&params).send().await.unwrap();
    let forged = app
        .client
        .post(&url)
        .header("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl")
        .form(&params)
        .send()
        .await
        .unwrap();
    // Signed for another URL (the internal address instead of APP_URL).
    let wrong_url = closebot_sms::security::twilio_signature::compute(
        crate::support::fake_twilio::AUTH_TOKEN,
        &url,
        &params,
    );
    let misdirected = app
        .client
        .post(&url)
        .header("X-Twilio-Signature", wrong_url)
        .form(&params)
        .send()
        .await
        .unwrap();
    // Signed correctly, then a parameter altered.
    let mut tampered = params.clone();
    let signature = closebot_sms::security::twilio_signature::compute(
        crate::support::fake_twilio::AUTH_TOKEN,
        &format!("{APP_URL}/api/webhooks/twilio/inbound"),
        &params,
    );
    tampered.iter_mut().find(|(k, _)| k == "Body").unwrap().1 = "send me money".into();
    let altered = app
        .client
        .post(&url)
        .header("X-Twilio-Signature", signature)
        .form(&tampered)
        .send()
        .await
        .unwrap();

    for response in [unsigned, forged, misdirected, altered] {
        assert_eq!(response.status(), 403);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "invalid_signature");
    }
    let conversations: Value = app
        .admin()
        .await
        .get(app.url("/api/conversations"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(conversations["total"], 0, "nothing was stored");
    assert!(app.closebot.events().is_empty());
}

#[tokio::test]
async fn the_signature_is_accepted_with_the_standard_port_in_the_url_as_twilio_sdks_do() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let params = inbound_params(&new_sid(), CUSTOMER, OUR_NUMBER, "port test");
    let with_port = "https://sms.example.test:443/api/webhooks/twilio/inbound";
    let signature = closebot_sms::security::twilio_signature::compute(
        crate::support::fake_twilio::AUTH_TOKEN,
        with_port,
        &params,
    );
    let response = app
        .client
        .post(app.url("/api/webhooks/twilio/inbound"))
        .header("X-Twilio-Signature", signature)
        .form(&params)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn the_same_message_sid_delivered_twice_is_stored_and_forwarded_once() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let params = inbound_params(&new_sid(), CUSTOMER, OUR_NUMBER, "only once please");

    let first = app
        .post_twilio("/api/webhooks/twilio/inbound", &params)
        .await;
    let second = app
        .post_twilio("/api/webhooks/twilio/inbound", &params)
        .await;

    assert_eq!(first.status(), 200);
    assert_eq!(second.status(), 200);
    assert_eq!(second.text().await.unwrap(), "<Response></Response>");
    app.settle().await;
    assert_eq!(app.closebot.events().len(), 1);
    let thread = app.conversation(&app.admin().await, CUSTOMER).await;
    assert_eq!(thread["messages"].as_array().unwrap().len(), 1);
    assert_eq!(thread["contact"]["messageCount"], 1);
}

#[tokio::test]
async fn a_text_to_a_number_without_an_active_route_is_kept_and_logged_but_not_forwarded() {
    let app = spawn_app().await;
    let admin = app.admin().await;

    // No route at all.
    app.text_in(CUSTOMER, "anyone there?").await;
    // A route that is switched off.
    let route = app
        .create_route(json!({ "twilioNumber": "+15005550007", "active": false }))
        .await;
    let sid = new_sid();
    let off = app
        .post_twilio(
            "/api/webhooks/twilio/inbound",
            &inbound_params(&sid, "+15551230002", "+15005550007", "hello?"),
        )
        .await;
    assert_eq!(off.status(), 200);

    app.settle().await;
    assert!(app.closebot.events().is_empty());
    let unrouted = app.conversation(&admin, CUSTOMER).await;
    assert_eq!(unrouted["messages"][0]["forwardState"], "no_route");
    let inactive = app.conversation(&admin, "+15551230002").await;
    assert_eq!(inactive["messages"][0]["forwardState"], "inactive_route");
    let events: Value = admin
        .get(app.url("/api/events?type=unrouted"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(events.as_array().unwrap().len(), 2, "{events}");
    assert!(events[0]["data"]["reason"]
        .as_str()
        .unwrap()
        .contains("inactive"));
    assert_eq!(events[0]["routeId"], route["id"]);
}

#[tokio::test]
async fn the_webhook_answers_once_stored_without_waiting_for_closebot() {
    // CloseBot's port refuses connections: the app must still answer at once,
    // with the text and its forward safely queued.
    let (closebot, _port) = FakeCloseBot::reserve();
    let app = spawn_app_with(Setup {
        closebot: Some(closebot),
        ..Setup::default()
    })
    .await;
    app.create_route(json!({})).await;

    let started = std::time::Instant::now();
    app.text_in(CUSTOMER, "are you open?").await;
    assert!(
        started.elapsed() < std::time::Duration::from_secs(1),
        "answered in {:?}",
        started.elapsed()
    );

    let stats = app
        .state
        .store
        .queue_stats(app.clock.now_ms())
        .await
        .unwrap();
    assert_eq!(
        stats.ready + stats.running,
        1,
        "the forward is queued: {stats:?}"
    );
    let thread = app.conversation(&app.admin().await, CUSTOMER).await;
    assert_eq!(thread["messages"][0]["body"], "are you open?");
}
