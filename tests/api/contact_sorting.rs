//! Sorting the contacts list by bot pages through the routes in bot-name
//! order (one index walk per route), so pages must join up exactly: no
//! contact twice, none missing, contacts without a bot last either way, and
//! the export in the same order as the pages.

use serde_json::json;

use crate::support::{get_json, inbound_params, new_sid, TestApp, OUR_NUMBER};

const SECOND_NUMBER: &str = "+15005550007";

async fn text_to(app: &TestApp, from: &str, to: &str) {
    let response = app
        .post_twilio(
            "/api/webhooks/twilio/inbound",
            &inbound_params(&new_sid(), from, to, "hi"),
        )
        .await;
    assert_eq!(response.status(), 200);
}

/// Every page of `query` (two rows a page), concatenated: (bot, phone).
async fn all_pages(
    app: &TestApp,
    admin: &reqwest::Client,
    query: &str,
) -> (Vec<(String, String)>, i64) {
    let (mut rows, mut total) = (Vec::new(), 0);
    for page in 1..=5 {
        let body = get_json(
            admin,
            &app.url(&format!("/api/contacts?{query}&limit=2&page={page}")),
        )
        .await;
        total = body["total"].as_i64().unwrap();
        for item in body["items"].as_array().unwrap() {
            let bot = item["botName"].as_str().unwrap_or("(none)").to_owned();
            rows.push((bot, item["phone"].as_str().unwrap().to_owned()));
        }
    }
    (rows, total)
}

fn bots(rows: &[(String, String)]) -> Vec<&str> {
    rows.iter().map(|(bot, _)| bot.as_str()).collect()
}

#[tokio::test]
async fn sorting_by_bot_pages_route_by_route_without_gaps_or_repeats() {
    let app = crate::support::spawn_app().await;
    app.create_route(json!({ "botName": "beta bot" })).await;
    app.create_route(json!({ "twilioNumber": SECOND_NUMBER, "closebotSourceId": "src_alpha", "closebotBotId": "bot_2", "botName": "Alpha bot" }))
        .await;
    for n in 1..=3 {
        text_to(&app, &format!("+1555126000{n}"), OUR_NUMBER).await;
        text_to(&app, &format!("+1555127000{n}"), SECOND_NUMBER).await;
    }
    app.settle().await;
    // An imported contact nobody has texted yet has no route.
    sqlx::query("UPDATE contacts SET assigned_route_id = NULL WHERE phone = '+15551260002'")
        .execute(&app.database().await)
        .await
        .unwrap();
    let admin = app.admin().await;

    let (ascending, total) = all_pages(&app, &admin, "sort=bot&order=asc").await;
    assert_eq!(total, 6);
    assert_eq!(
        bots(&ascending),
        [
            "Alpha bot",
            "Alpha bot",
            "Alpha bot",
            "beta bot",
            "beta bot",
            "(none)"
        ],
        "case-insensitive, unrouted last"
    );
    let mut phones: Vec<_> = ascending.iter().map(|(_, phone)| phone.clone()).collect();
    phones.sort();
    phones.dedup();
    assert_eq!(
        phones.len(),
        6,
        "every contact exactly once across the pages"
    );

    let (descending, _) = all_pages(&app, &admin, "sort=bot&order=desc").await;
    assert_eq!(
        bots(&descending),
        [
            "beta bot",
            "beta bot",
            "Alpha bot",
            "Alpha bot",
            "Alpha bot",
            "(none)"
        ],
        "unrouted last in both directions"
    );

    let (filtered, total) = all_pages(&app, &admin, "sort=bot&order=asc&search=5551270").await;
    assert_eq!(
        (bots(&filtered), total),
        (vec!["Alpha bot"; 3], 3),
        "the filter applies inside every route"
    );

    let csv = admin
        .get(app.url("/api/contacts/export?sort=bot&order=desc"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let exported: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(1).unwrap().to_owned())
        .collect();
    let listed: Vec<String> = descending
        .iter()
        .map(|(_, phone)| format!("'{phone}"))
        .collect();
    assert_eq!(
        exported, listed,
        "the export follows the list's order (phones neutralised as '+…)"
    );
}
