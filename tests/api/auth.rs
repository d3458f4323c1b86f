use serde_json::json;

use crate::support::{spawn_app, ADMIN_EMAIL, ADMIN_PASSWORD};

#[tokio::test]
async fn health_answers_without_a_session() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/api/health")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let health = response.json::<serde_json::Value>().await.unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["down"], json!([]));
    assert_eq!(health["writer"]["ok"], true);
    assert_eq!(health["workers"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn the_api_is_closed_without_a_session() {
    let app = spawn_app().await;
    for path in [
        "/api/routes",
        "/api/conversations",
        "/api/settings",
        "/api/auth/me",
        "/api/nope",
        "/api/dashboard/stats",
        "/api/openapi.json",
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 401, "{path}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "unauthorized", "{path}");
    }
}

#[tokio::test]
async fn an_admin_logs_in_sees_who_they_are_and_logs_out_for_good() {
    let app = spawn_app().await;
    let client = crate::support::client();
    let login = client
        .post(app.url("/api/auth/login"))
        .json(&json!({ "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let cookie = login.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        cookie.contains("Secure"),
        "APP_URL is https, so the cookie is Secure: {cookie}"
    );

    let me: serde_json::Value = client
        .get(app.url("/api/auth/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], ADMIN_EMAIL);
    assert_eq!(me["role"], "admin");

    let token = cookie.split(';').next().unwrap().to_owned();
    assert_eq!(
        client
            .post(app.url("/api/auth/logout"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    // The old cookie no longer works even if replayed.
    let replay = app
        .client
        .get(app.url("/api/auth/me"))
        .header("cookie", token)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 401);
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_repeated_failures_are_throttled() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let response = app
            .client
            .post(app.url("/api/auth/login"))
            .json(&json!({ "email": ADMIN_EMAIL, "password": "wrong password" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "invalid_credentials");
    }
    let throttled = app
        .client
        .post(app.url("/api/auth/login"))
        .json(&json!({ "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(throttled.status(), 429);
    let wait: u64 = throttled.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait > 0);
}

#[tokio::test]
async fn parallel_guesses_cannot_pass_the_limit_together() {
    let app = spawn_app().await;
    let attempts = (0..12).map(|_| {
        app.client
            .post(app.url("/api/auth/login"))
            .json(&json!({ "email": ADMIN_EMAIL, "password": "wrong password" }))
            .send()
    });
    let statuses: Vec<u16> = futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.unwrap().status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        7,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn behind_a_proxy_one_clients_failures_do_not_lock_out_the_others() {
    let app = spawn_app().await;
    let login = |email: String, password: &'static str, client_ip: &'static str| {
        app.client
            .post(app.url("/api/auth/login"))
            .header("X-Forwarded-For", client_ip)
            .json(&json!({ "email": email, "password": password }))
            .send()
    };
    // One client sprays passwords over many emails until its address is throttled.
    for i in 0..20 {
        let response = login(format!("user{i}@example.com"), "guess", "203.0.113.9")
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
    }
    let sprayer = login("user99@example.com".into(), "guess", "203.0.113.9")
        .await
        .unwrap();
    assert_eq!(sprayer.status(), 429);
    // The proxy's own address (127.0.0.1 here) is not what got throttled.
    let colleague = login(ADMIN_EMAIL.into(), ADMIN_PASSWORD, "198.51.100.7")
        .await
        .unwrap();
    assert_eq!(colleague.status(), 200);
}

#[tokio::test]
async fn a_flood_at_the_owners_email_is_throttled_but_never_locks_the_owner_out() {
    let app = spawn_app().await;
    let login = |password: &'static str, client_ip: String| {
        app.client
            .post(app.url("/api/auth/login"))
            .header("X-Forwarded-For", client_ip)
            .json(&json!({ "email": ADMIN_EMAIL, "password": password }))
            .send()
    };
    // One attacker floods the owner's email from one address: throttled.
    let mut refused = 0;
    for _ in 0..12 {
        let response = login("guess", "203.0.113.66".into()).await.unwrap();
        if response.status() == 429 {
            refused += 1;
            assert!(response.headers().contains_key("retry-after"));
        } else {
            assert_eq!(response.status(), 401);
        }
    }
    assert_eq!(refused, 7, "five guesses, then 429");
    // Others guess from many addresses: slowed, never refused.
    for i in 0..12 {
        let response = login("guess", format!("198.51.100.{i}")).await.unwrap();
        assert_eq!(response.status(), 401);
    }
    // During all that, the owner signs in from their own address at once.
    let started = std::time::Instant::now();
    let owner = login(ADMIN_PASSWORD, "192.0.2.10".into()).await.unwrap();
    assert_eq!(owner.status(), 200);
    assert!(
        started.elapsed() < closebot_sms::security::login_limiter::EMAIL_SLOWDOWN,
        "a right password is not slowed down"
    );
}
