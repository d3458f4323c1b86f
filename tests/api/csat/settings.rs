//! A route's survey settings through the API.

use serde_json::{json, Value};

use super::{QUESTION, THANKS};
use crate::support::spawn_app;

#[tokio::test]
async fn a_new_route_has_the_survey_off_with_the_usual_wording_and_changes_keep_the_rest() {
    let app = spawn_app().await;
    let route = app.create_route(json!({})).await;
    assert_eq!(
        route["csatSurvey"],
        json!({ "enabled": false, "question": QUESTION, "thankYou": THANKS, "quietMinutes": 1440 })
    );
    let admin = app.admin().await;
    let url = app.url(&format!("/api/routes/{}", route["id"].as_str().unwrap()));
    let updated: Value = admin
        .put(&url)
        .json(&json!({ "csatSurvey": { "enabled": true, "thankYou": "  Thanks a lot!  ", "quietMinutes": 90 } }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        updated["csatSurvey"],
        json!({ "enabled": true, "question": QUESTION, "thankYou": "Thanks a lot!", "quietMinutes": 90 })
    );
    let renamed: Value = admin
        .put(&url)
        .json(&json!({ "botName": "Renamed" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(renamed["csatSurvey"], updated["csatSurvey"], "absent: kept");
}

#[tokio::test]
async fn bad_survey_settings_are_refused_with_422_naming_the_field() {
    let app = spawn_app().await;
    let route = app.create_route(json!({})).await;
    let admin = app.admin().await;
    let url = app.url(&format!("/api/routes/{}", route["id"].as_str().unwrap()));
    let cases = [
        (json!({ "quietMinutes": 0 }), "csatSurvey.quietMinutes "),
        (
            json!({ "quietMinutes": 43_201 }),
            "csatSurvey.quietMinutes ",
        ),
        (json!({ "question": "   " }), "csatSurvey.question "),
        (
            json!({ "thankYou": "x".repeat(1601) }),
            "csatSurvey.thankYou ",
        ),
    ];
    for (survey, field) in cases {
        let response = admin
            .put(&url)
            .json(&json!({ "csatSurvey": survey }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{survey}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "validation_failed");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.starts_with(field), "{message}");
    }
    let created = admin
        .post(app.url("/api/routes"))
        .json(
            &json!({ "twilioNumber": "+15005550007", "closebotSourceId": "src_2",
                       "csatSurvey": { "enabled": true, "quietMinutes": -1 } }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 422);
    let unknown = admin
        .put(&url)
        .json(&json!({ "csatSurvey": { "wording": "Hi" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 422, "unknown fields are refused");
}
