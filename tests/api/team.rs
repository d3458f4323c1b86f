//! The team (admins only): adding people with a one-time password, changing
//! roles, resetting passwords, removing people, and keeping the last admin.

use serde_json::{json, Value};

use crate::support::{client, get_json, spawn_app, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

async fn sign_in(app: &TestApp, email: &str, password: &str) -> (reqwest::Client, Value) {
    let client = client();
    let response = client
        .post(app.url("/api/auth/login"))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "sign in as {email}");
    let me = response.json().await.unwrap();
    (client, me)
}

/// A member added by `admin` with `password`, signed in, who has chosen
/// their own password (`password` + "!") as they must.
async fn ready_member(
    app: &TestApp,
    admin: &reqwest::Client,
    email: &str,
    role: &str,
    password: &str,
) -> (reqwest::Client, Value) {
    let created: Value = add_user(
        app,
        admin,
        json!({ "email": email, "role": role, "password": password }),
    )
    .await
    .json()
    .await
    .unwrap();
    let (client, _) = sign_in(app, email, password).await;
    let changed = client
        .post(app.url("/api/auth/password"))
        .json(&json!({ "currentPassword": password, "newPassword": format!("{password}!") }))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 204);
    (client, created["user"].clone())
}

async fn add_user(app: &TestApp, admin: &reqwest::Client, body: Value) -> reqwest::Response {
    admin
        .post(app.url("/api/users"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_admin_adds_an_agent_with_a_one_time_password_that_must_be_replaced() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let created = add_user(
        &app,
        &admin,
        json!({ "email": "agent@example.com", "role": "agent" }),
    )
    .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let password = created["oneTimePassword"].as_str().unwrap().to_owned();
    assert_eq!(password.len(), 20);
    assert_eq!(created["user"]["role"], "agent");
    assert_eq!(created["user"]["mustChangePassword"], true);

    let (agent, me) = sign_in(&app, "agent@example.com", &password).await;
    assert_eq!(me["mustChangePassword"], true);
    let blocked = agent
        .get(app.url("/api/conversations"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        blocked.status(),
        403,
        "nothing else until they choose their own"
    );
    assert_eq!(
        blocked.json::<Value>().await.unwrap()["error"]["code"],
        "password_change_required"
    );
    let changed = agent
        .post(app.url("/api/auth/password"))
        .json(&json!({ "currentPassword": password, "newPassword": "my own long password" }))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 204);
    let me = get_json(&agent, &app.url("/api/auth/me")).await;
    assert_eq!(me["mustChangePassword"], false, "the session goes on");
    sign_in(&app, "agent@example.com", "my own long password").await;

    let team = get_json(&admin, &app.url("/api/users")).await;
    let emails: Vec<&str> = team
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, [ADMIN_EMAIL, "agent@example.com"]);
    assert!(team[1]["lastLoginAt"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn agents_cannot_see_or_change_the_team() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (agent, _) =
        ready_member(&app, &admin, "agent@example.com", "agent", "agent password").await;

    for response in [
        agent.get(app.url("/api/users")).send().await.unwrap(),
        agent
            .post(app.url("/api/users"))
            .json(&json!({ "email": "x@example.com", "role": "admin" }))
            .send()
            .await
            .unwrap(),
    ] {
        assert_eq!(response.status(), 403);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "admin_only");
    }
}

#[tokio::test]
async fn the_last_admin_can_be_neither_demoted_nor_removed() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let me = get_json(&admin, &app.url("/api/auth/me")).await;
    let my_id = me["id"].as_str().unwrap();

    let demote = admin
        .put(app.url(&format!("/api/users/{my_id}")))
        .json(&json!({ "role": "agent" }))
        .send()
        .await
        .unwrap();
    assert_eq!(demote.status(), 409);
    assert_eq!(
        demote.json::<Value>().await.unwrap()["error"]["code"],
        "last_admin"
    );
    let remove_self = admin
        .delete(app.url(&format!("/api/users/{my_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(remove_self.status(), 409);

    // With a second admin, the first may step down; the second may remove them.
    let (second_admin, second) = ready_member(
        &app,
        &admin,
        "second@example.com",
        "admin",
        "second password",
    )
    .await;
    let second_id = second["id"].as_str().unwrap();
    let stepped_down = admin
        .put(app.url(&format!("/api/users/{my_id}")))
        .json(&json!({ "role": "agent" }))
        .send()
        .await
        .unwrap();
    assert_eq!(stepped_down.status(), 200);
    assert_eq!(
        admin
            .get(app.url("/api/users"))
            .send()
            .await
            .unwrap()
            .status(),
        403,
        "the role applies at once"
    );
    let last = second_admin
        .put(app.url(&format!("/api/users/{second_id}")))
        .json(&json!({ "role": "agent" }))
        .send()
        .await
        .unwrap();
    assert_eq!(last.status(), 409);
    let removed = second_admin
        .delete(app.url(&format!("/api/users/{my_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), 204);
    assert_eq!(
        admin
            .get(app.url("/api/auth/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401,
        "a removed user's sessions end"
    );
}

#[tokio::test]
async fn a_reset_password_ends_the_users_sessions_and_must_be_replaced() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let created: Value = add_user(
        &app,
        &admin,
        json!({ "email": "agent@example.com", "role": "agent", "password": "agent password" }),
    )
    .await
    .json()
    .await
    .unwrap();
    let id = created["user"]["id"].as_str().unwrap();
    let (agent, _) = sign_in(&app, "agent@example.com", "agent password").await;

    let reset: Value = admin
        .post(app.url(&format!("/api/users/{id}/reset-password")))
        .json(&json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let password = reset["oneTimePassword"].as_str().unwrap();
    assert_eq!(
        agent
            .get(app.url("/api/auth/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let (_, me) = sign_in(&app, "agent@example.com", password).await;
    assert_eq!(me["mustChangePassword"], true);
}

#[tokio::test]
async fn bad_team_input_gets_clear_errors() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let cases = [
        (
            json!({ "email": "not an email", "role": "agent" }),
            422,
            "not an email address",
        ),
        (
            json!({ "email": "a@example.com", "role": "owner" }),
            422,
            "role",
        ),
        (
            json!({ "email": "a@example.com", "role": "agent", "password": "short" }),
            422,
            "at least",
        ),
        (
            json!({ "email": ADMIN_EMAIL, "role": "agent" }),
            409,
            "already exists",
        ),
    ];
    for (body, status, needle) in cases {
        let response = add_user(&app, &admin, body.clone()).await;
        assert_eq!(response.status(), status, "{body}");
        let error: Value = response.json().await.unwrap();
        let message = error["error"]["message"].as_str().unwrap();
        assert!(message.contains(needle), "{body}: {message}");
    }
    let missing = admin
        .put(app.url("/api/users/nobody"))
        .json(&json!({ "role": "agent" }))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let wrong_current = admin
        .post(app.url("/api/auth/password"))
        .json(&json!({ "currentPassword": "wrong", "newPassword": "a new long password" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        wrong_current.status(),
        403,
        "the session is fine, the password is not"
    );
    let same = admin
        .post(app.url("/api/auth/password"))
        .json(&json!({ "currentPassword": ADMIN_PASSWORD, "newPassword": ADMIN_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), 422);
}
