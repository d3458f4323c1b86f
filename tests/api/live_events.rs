use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{json, Value};

use crate::support::{eventually, get_json, phones, spawn_app, TestApp};

/// Reads server-sent events from `response` until `count` events arrived.
async fn read_events(response: reqwest::Response, count: usize) -> Vec<(String, String, Value)> {
    let mut stream = response.bytes_stream();
    let mut buffer = String::new();
    let mut events = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while events.len() < count {
        let chunk = tokio::time::timeout_at(deadline, stream.next())
            .await
            .expect("events in time")
            .expect("stream open")
            .unwrap_or_else(|e| panic!("after {} events: {e}", events.len()));
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let field = |name: &str| {
                block.lines().find_map(|l| {
                    l.strip_prefix(&format!("{name}:"))
                        .map(|v| v.trim().to_owned())
                })
            };
            if let (Some(id), Some(kind), Some(data)) = (field("id"), field("event"), field("data"))
            {
                events.push((id, kind, serde_json::from_str(&data).unwrap()));
            }
        }
    }
    events
}

async fn open_stream(
    app: &TestApp,
    admin: &reqwest::Client,
    last_event_id: Option<&str>,
) -> reqwest::Response {
    let mut request = admin.get(app.url("/api/dashboard/activity"));
    if let Some(id) = last_event_id {
        request = request.header("Last-Event-ID", id);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    response
}

#[tokio::test]
async fn new_texts_are_broadcast_live_with_their_details() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let admin = app.admin().await;
    let stream = open_stream(&app, &admin, None).await;

    app.text_in("+15551231100", "Live hello").await;

    let events = read_events(stream, 2).await;
    let (_, kind, data) = events
        .iter()
        .find(|(_, k, _)| k == "message_in")
        .expect("a message_in event");
    assert_eq!(kind, "message_in");
    assert_eq!(data["type"], "message_in");
    assert_eq!(data["phone"], "+15551231100");
    assert_eq!(data["body"], "Live hello");
    assert!(data["contactId"].is_string() && data["messageId"].is_string());
    assert!(events.iter().any(|(_, k, _)| k == "new_lead"));
}

#[tokio::test]
async fn a_reconnecting_listener_gets_what_it_missed_via_last_event_id() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let admin = app.admin().await;
    app.text_in("+15551231101", "first").await;
    let first = read_events(open_stream(&app, &admin, Some("0")).await, 2).await;
    let last_seen = first.last().unwrap().0.clone();

    // While disconnected:
    app.text_in("+15551231101", "second").await;
    app.text_in("+15551231101", "third").await;

    let resumed = read_events(open_stream(&app, &admin, Some(&last_seen)).await, 2).await;
    let bodies: Vec<&str> = resumed
        .iter()
        .filter(|(_, k, _)| k == "message_in")
        .map(|(_, _, d)| d["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["second", "third"]);
    let ids: Vec<i64> = resumed
        .iter()
        .map(|(id, _, _)| id.parse().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]) && ids[0] > last_seen.parse::<i64>().unwrap());
}

#[tokio::test]
async fn a_listener_that_missed_more_than_one_replay_batch_gets_every_event() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    // Texts to a number without a route are stored, not forwarded: events
    // (new lead, text, unrouted) without provider traffic. 600 new customers
    // make more than the 1,000 replayed at once.
    let texts = 600;
    futures_util::stream::iter(0..texts)
        .for_each_concurrent(16, |i| {
            let app = &app;
            async move {
                app.text_in(&format!("+1555300{i:04}"), &format!("text {i}"))
                    .await;
            }
        })
        .await;
    let newest: Value = get_json(&admin, &app.url("/api/events?limit=1")).await;
    let stored = newest[0]["id"].as_i64().unwrap();
    assert!(stored > 1_000, "only {stored} events");

    let replayed = read_events(open_stream(&app, &admin, Some("0")).await, stored as usize).await;
    let ids: Vec<i64> = replayed
        .iter()
        .map(|(id, _, _)| id.parse().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "in order, no repeats");
    assert_eq!(*ids.last().unwrap(), stored);
    let texts_seen = replayed
        .iter()
        .filter(|(_, k, _)| k == "message_in")
        .count();
    assert_eq!(texts_seen, texts);
}

#[tokio::test]
async fn dashboard_stats_count_todays_work_and_show_bookings_or_why_not() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let admin = app.admin().await;

    app.text_in("+15551231102", "hello").await;
    let stats: Value = get_json(
        &admin,
        &app.url("/api/dashboard/stats?timezone=America/New_York"),
    )
    .await;
    assert_eq!(stats["activeConversations"], 1);
    assert_eq!(stats["messagesToday"], 1);
    assert_eq!(stats["responseRate"]["inbound"], 1);
    assert_eq!(
        stats["bookings"]["value"],
        Value::Null,
        "the fake's metrics are down"
    );
    assert!(stats["bookings"]["reason"]
        .as_str()
        .unwrap()
        .contains("unreachable"));

    let app2 = spawn_app().await;
    app2.closebot.set_bookings(7);
    let stats: Value = get_json(&app2.admin().await, &app2.url("/api/dashboard/stats")).await;
    assert_eq!(stats["bookings"]["value"], 7);
    assert_eq!(
        stats["responseRate"]["value"],
        Value::Null,
        "no inbound yet"
    );
}

#[tokio::test]
async fn global_search_finds_contacts_by_phone_digits_and_messages_by_words() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let admin = app.admin().await;
    app.text_in("+12025550123", "Do you deliver to Springfield?")
        .await;
    app.text_in("+15551231103", "What are your prices").await;

    // Search indexing trails storage by a moment.
    eventually("the texts to be searchable", || async {
        let hits: Value = get_json(&admin, &app.url("/api/search?q=springf")).await;
        !hits["messages"].as_array().unwrap().is_empty()
    })
    .await;
    let by_phone: Value = get_json(&admin, &app.url("/api/search?q=(202) 555-0123")).await;
    assert_eq!(by_phone["contacts"][0]["phone"], "+12025550123");
    let by_word: Value = get_json(&admin, &app.url("/api/search?q=springf")).await;
    assert_eq!(by_word["messages"].as_array().unwrap().len(), 1);
    assert_eq!(by_word["messages"][0]["phone"], "+12025550123");
    let list: Value = get_json(&admin, &app.url("/api/conversations?search=prices")).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["phone"], "+15551231103");
    let digits: Value = get_json(&admin, &app.url("/api/conversations?search=2025550123")).await;
    assert_eq!(digits["items"][0]["phone"], "+12025550123");

    // Short words, prefixes shared by both texts, and LIKE wildcards typed
    // by the user: each contact once, with a total that agrees.
    for (search, expected) in [
        ("Do", vec!["+12025550123"]),
        ("you", vec!["+15551231103", "+12025550123"]),
        ("50%", vec![]),
        ("deliver prices", vec![]),
    ] {
        let list = app.list_conversations(&admin, &[("search", search)]).await;
        assert_eq!(phones(&list), expected, "search {search:?}");
        assert_eq!(list["total"], expected.len(), "total for {search:?}");
    }
    // Pages of a search keep their total, past the end too.
    for (page, expected) in [("2", vec!["+12025550123"]), ("5", vec![])] {
        let query = [("search", "you"), ("limit", "1"), ("page", page)];
        let list = app.list_conversations(&admin, &query).await;
        assert_eq!(phones(&list), expected, "page {page}");
        assert_eq!(list["total"], 2, "total on page {page}");
    }
}

#[tokio::test]
async fn logging_out_ends_the_live_streams_of_that_session() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let stream = open_stream(&app, &admin, None).await;
    let logout = admin
        .post(app.url("/api/auth/logout"))
        .send()
        .await
        .unwrap();
    assert!(logout.status().is_success());

    // The server closes the stream itself (a clean end, not the client's
    // ten-second timeout), within its five-second session re-check.
    let mut body = stream.bytes_stream();
    let ended = tokio::time::timeout(Duration::from_secs(8), async {
        while let Some(chunk) = body.next().await {
            chunk?;
        }
        Ok::<(), reqwest::Error>(())
    })
    .await
    .expect("the stream to end after logout");
    assert!(ended.is_ok(), "the server ended the stream: {ended:?}");
}

#[tokio::test]
async fn every_event_the_server_sends_fits_its_documented_schema() {
    use crate::support::fake_closebot::Reply as BotReply;
    use crate::support::{inbound_params, new_sid, openapi};

    const CUSTOMER: &str = "+15551231101";
    let app = spawn_app().await;
    app.create_route(json!({ "greetingMessage": "Welcome!" }))
        .await;
    let admin = app.admin().await;

    // A first text (lead, greeting), a bot reply, HELP, a refused forward.
    app.text_in(CUSTOMER, "hi").await;
    eventually("the forward", || async { app.closebot.events().len() == 1 }).await;
    let state = app.closebot.events()[0].state.clone();
    app.bot_reply(&json!({ "message": "Hello!", "state": state }))
        .await;
    app.text_in(CUSTOMER, "HELP").await;
    app.closebot.script([BotReply::Status(400)]);
    app.text_in(CUSTOMER, "refused").await;
    app.settle().await;
    // A takeover (with a reply the bot tries meanwhile), resume, read.
    let contact = app.conversation(&admin, CUSTOMER).await["contact"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sent = admin
        .post(app.url(&format!("/api/conversations/{contact}/send")))
        .json(&json!({ "body": "A person here" }))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 202);
    app.bot_reply(&json!({ "message": "Bot again", "state": state }))
        .await;
    for action in ["resume-bot", "read"] {
        let done = admin
            .post(app.url(&format!("/api/conversations/{contact}/{action}")))
            .send()
            .await
            .unwrap();
        assert!(done.status().is_success(), "{action}");
    }
    // STOP, START, and a text to a number nobody routed.
    app.text_in(CUSTOMER, "STOP").await;
    app.text_in(CUSTOMER, "START").await;
    app.post_twilio(
        "/api/webhooks/twilio/inbound",
        &inbound_params(&new_sid(), CUSTOMER, "+15005550009", "anyone?"),
    )
    .await;
    app.settle().await;

    // The check can fail: a message event without its fields does not fit.
    let incomplete = json!({ "type": "message_in", "contactId": "c", "phone": "+1", "name": null,
        "createdAt": "2026-01-01T00:00:00Z", "routeId": null, "botName": null });
    assert!(openapi::ours()
        .check_schema("LiveEvent", &incomplete)
        .is_err());

    let stored = get_json(&admin, &app.url("/api/events?limit=200")).await;
    let items = stored.as_array().unwrap();
    let mut kinds = std::collections::BTreeSet::new();
    for item in items {
        openapi::ours()
            .check_schema("EventItem", item)
            .unwrap_or_else(|e| panic!("{e}\n{item:#}"));
        kinds.insert(item["type"].as_str().unwrap().to_owned());
    }
    let expected = [
        "bot_resumed",
        "bot_toggle",
        "conversation_read",
        "forward_failed",
        "help_request",
        "human_takeover",
        "message_in",
        "message_out",
        "new_lead",
        "opt_in",
        "opt_out",
        "reply_suppressed",
        "status_change",
        "unrouted",
    ];
    assert_eq!(
        kinds.iter().map(String::as_str).collect::<Vec<_>>(),
        expected
    );

    // The live stream replays the same events with the same documented data.
    let stream = open_stream(&app, &admin, Some("0")).await;
    for (_, kind, data) in read_events(stream, items.len()).await {
        assert_eq!(data["type"], kind.as_str());
        openapi::ours()
            .check_schema("LiveEvent", &data)
            .unwrap_or_else(|e| panic!("{e}\n{data:#}"));
    }
}
