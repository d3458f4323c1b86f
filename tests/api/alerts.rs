//! Alerts that arrive: settings (the SMTP password encrypted at rest), the
//! test email, and batches — a burst of failures is one email with a count
//! and the first examples; a new lead reaches the owner's phone; nothing goes
//! to an owner's number that opted out.

use std::time::Duration;

use serde_json::{json, Value};

use crate::support::fake_smtp::{self, FakeSmtp};
use crate::support::{
    eventually, spawn_app, spawn_app_with, Setup, TestApp, ADMIN_EMAIL, OUR_NUMBER,
};

const OWNER: &str = "+15559990000";

fn email_settings(smtp: &FakeSmtp, password: bool) -> Value {
    let mut alerts = json!({
        "settings": {
            "kinds": { "deliveryFailures": true, "newLeads": false, "optOuts": false },
            "email": { "enabled": true, "smtpHost": "127.0.0.1", "smtpPort": smtp.port, "tls": "none",
                       "username": fake_smtp::USER, "from": "alerts@example.com", "recipients": [] },
            "sms": { "enabled": false, "to": null, "fromNumber": null }
        }
    });
    if password {
        alerts["smtpPassword"] = json!(fake_smtp::PASSWORD);
    }
    json!({ "alerts": alerts })
}

async fn put_settings(app: &TestApp, body: &Value) -> reqwest::Response {
    app.admin()
        .await
        .put(app.url("/api/settings"))
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn alert_settings_are_saved_with_the_smtp_password_encrypted_at_rest() {
    let app = spawn_app().await;
    let smtp = FakeSmtp::start().await;
    let saved = put_settings(&app, &email_settings(&smtp, true)).await;
    assert_eq!(saved.status(), 200);
    let view: Value = saved.json().await.unwrap();
    assert_eq!(view["alerts"]["email"]["enabled"], true);
    assert_eq!(view["alerts"]["smtpPasswordSet"], true);
    assert!(!view.to_string().contains(fake_smtp::PASSWORD));

    let db = app.database().await;
    let stored: (String, bool) =
        sqlx::query_as("SELECT value, encrypted FROM settings WHERE key = 'alerts.smtp_password'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert!(stored.1 && !stored.0.contains(fake_smtp::PASSWORD));
}

#[tokio::test]
async fn bad_alert_settings_are_refused_with_the_field_named() {
    let app = spawn_app().await;
    let smtp = FakeSmtp::start().await;
    let mut body = email_settings(&smtp, false);
    body["alerts"]["settings"]["email"]["smtpHost"] = Value::Null;
    let missing_host = put_settings(&app, &body).await;
    assert_eq!(missing_host.status(), 422);
    let message = missing_host.json::<Value>().await.unwrap()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("smtpHost"), "{message}");

    let mut body = email_settings(&smtp, false);
    body["alerts"]["settings"]["sms"] =
        json!({ "enabled": true, "to": OWNER, "fromNumber": OUR_NUMBER });
    let unrouted = put_settings(&app, &body).await;
    assert_eq!(
        unrouted.status(),
        422,
        "the sending number must be one of ours"
    );
    let mut body = email_settings(&smtp, false);
    body["alerts"]["settings"]["email"]["recipients"] = json!(["nobody"]);
    assert_eq!(put_settings(&app, &body).await.status(), 422);
}

#[tokio::test]
async fn the_test_email_reaches_the_admins_or_says_why_not() {
    let app = spawn_app().await;
    let smtp = FakeSmtp::start().await;
    put_settings(&app, &email_settings(&smtp, true)).await;
    let admin = app.admin().await;
    let sent: Value = admin
        .post(app.url("/api/settings/alerts/test-email"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(sent["ok"], true, "{sent}");
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, [ADMIN_EMAIL], "the admins by default");
    assert!(mails[0].subject().contains("test alert"));

    // A wrong password is reported in words.
    let mut wrong = email_settings(&smtp, false);
    wrong["alerts"]["smtpPassword"] = json!("not the password");
    put_settings(&app, &wrong).await;
    let refused: Value = admin
        .post(app.url("/api/settings/alerts/test-email"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(refused["ok"], false);
    assert!(
        refused["message"].as_str().unwrap().contains("refused"),
        "{refused}"
    );
}

#[tokio::test]
async fn a_burst_of_delivery_failures_is_one_email_with_a_count_and_examples() {
    // A window the whole burst fits in: twelve replies, each its own commit,
    // can take seconds on a slow disk shared with other builds.
    let app = spawn_app_with(Setup {
        alert_window: Duration::from_secs(6),
        ..Setup::default()
    })
    .await;
    let smtp = FakeSmtp::start().await;
    app.create_route(json!({})).await;
    put_settings(&app, &email_settings(&smtp, true)).await;
    // Twilio refuses to send to twelve customers (invalid numbers).
    let mut customers = Vec::new();
    for i in 0..12 {
        let customer = format!("+1555123{i:04}");
        app.twilio
            .reject_recipient(&customer, 400, 21211, "Invalid 'To' Phone Number");
        customers.push(customer);
    }
    for customer in &customers {
        app.text_in(customer, "hi").await;
    }
    eventually("every text to reach CloseBot", || async {
        app.closebot.events().len() == 12
    })
    .await;
    // The replies arrive together, as a burst does.
    let app = &app;
    let replies = app.closebot.events().into_iter().map(|event| {
        let body = json!({ "message": "Hello!", "state": event.state });
        async move { app.bot_reply(&body).await }
    });
    futures_util::future::join_all(replies).await;

    eventually("one alert email", || async { !smtp.mails().is_empty() }).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1, "one alert for the whole burst");
    assert_eq!(mails[0].subject(), "CloseBot SMS: 12 delivery failures");
    assert_eq!(mails[0].data.matches("  - to +1555123").count(), 5);
    assert!(mails[0].data.contains("and 7 more"));
}

#[tokio::test]
async fn an_email_that_fails_for_a_while_is_sent_once_the_server_takes_it() {
    let app = spawn_app().await;
    let smtp = FakeSmtp::start().await;
    smtp.fail_next(2);
    app.create_route(json!({})).await;
    let mut body = email_settings(&smtp, true);
    body["alerts"]["settings"]["kinds"] =
        json!({ "deliveryFailures": false, "newLeads": true, "optOuts": false });
    put_settings(&app, &body).await;

    app.text_in("+15551237777", "hello, first time here").await;

    eventually("the alert after two refusals", || async {
        smtp.mails().len() == 1
    })
    .await;
    assert_eq!(smtp.mails()[0].subject(), "CloseBot SMS: 1 new lead");
}

#[tokio::test]
async fn a_new_lead_reaches_the_owners_phone_but_never_an_opted_out_owner() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let body = json!({ "alerts": { "settings": {
        "kinds": { "deliveryFailures": false, "newLeads": true, "optOuts": false },
        "email": { "enabled": false },
        "sms": { "enabled": true, "to": OWNER, "fromNumber": OUR_NUMBER }
    } } });
    assert_eq!(put_settings(&app, &body).await.status(), 200);

    app.text_in("+15551238888", "Do you do kitchens?").await;
    eventually("the alert SMS", || async {
        app.twilio.sent().iter().any(|m| m.to == OWNER)
    })
    .await;
    let alert = app
        .twilio
        .sent()
        .into_iter()
        .find(|m| m.to == OWNER)
        .unwrap();
    assert_eq!(alert.from, OUR_NUMBER);
    assert!(
        alert.body.starts_with("CloseBot SMS: 1 new lead."),
        "{}",
        alert.body
    );
    assert_eq!(alert.status_callback, None);

    // The owner's number opts out (it texted STOP): no more alert SMS.
    app.text_in(OWNER, "STOP").await;
    app.text_in("+15551239999", "Another new one").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    app.settle().await;
    let to_owner = app.twilio.sent().iter().filter(|m| m.to == OWNER).count();
    assert_eq!(to_owner, 1, "nothing more to an opted-out number");
}
