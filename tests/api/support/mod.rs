//! `spawn_app()`: the real server on 127.0.0.1 with its own database, port
//! and fake providers, plus helpers that speak to it like Twilio, CloseBot
//! and a signed-in dashboard user would.

#![allow(dead_code)]

pub mod fake_closebot;
pub mod fake_server;
pub mod fake_smtp;
pub mod fake_twilio;
pub mod openapi;
pub mod postgres;
pub mod process;
pub mod proxy;
pub mod web;

use std::future::Future;
use std::time::Duration;

use closebot_sms::app_state::AppState;
use closebot_sms::clock::Clock;
use closebot_sms::config::Config;
use closebot_sms::queue::RetryPolicy;
use closebot_sms::security::twilio_signature;
use closebot_sms::startup::{Application, Options};
use serde_json::{json, Value};

pub use fake_closebot::FakeCloseBot;
pub use fake_twilio::FakeTwilio;

/// The public URL Twilio "calls" in tests: as behind a TLS-terminating proxy.
pub const APP_URL: &str = "https://sms.example.test";
pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const ADMIN_PASSWORD: &str = "correct horse battery";
pub const AGENT_EMAIL: &str = "agent@example.com";
pub const AGENT_PASSWORD: &str = "agent password";
pub const OUR_NUMBER: &str = "+15005550006";
pub const SOURCE_ID: &str = "src_sales";

pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    pub state: AppState,
    pub clock: Clock,
    pub twilio: FakeTwilio,
    pub closebot: FakeCloseBot,
    /// A client with its own cookie jar, not signed in.
    pub client: reqwest::Client,
    /// The app's SQLite file (for tests that inject faults into it).
    pub database: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

pub struct Setup {
    pub clock: Clock,
    pub retry: RetryPolicy,
    pub http_timeout: Duration,
    pub webhook_write_timeout: Duration,
    pub alert_window: Duration,
    pub twilio: Option<FakeTwilio>,
    pub closebot: Option<FakeCloseBot>,
    /// Edits the configuration before the app starts.
    pub configure: Box<dyn FnOnce(&mut Config) + Send>,
    /// `serve --sandbox`.
    pub sandbox: bool,
    /// On SQLite even when the suite runs on Postgres: the test works on the
    /// database file itself (exports it, for one).
    pub on_sqlite: bool,
}

impl Default for Setup {
    fn default() -> Self {
        Self {
            clock: Clock::system(),
            // Fast retries so tests see several attempts within a second or two.
            retry: RetryPolicy {
                base_delay: Duration::from_millis(40),
                max_delay: Duration::from_millis(400),
                max_attempts: 6,
                concurrency: 8,
                max_breaker_pause: Duration::from_millis(200),
                // Production's lease and status checks: no test meets them
                // unless it sets them shorter.
                ..RetryPolicy::default()
            },
            http_timeout: Duration::from_secs(2),
            webhook_write_timeout: Duration::from_secs(10),
            alert_window: Duration::from_millis(400),
            twilio: None,
            closebot: None,
            configure: Box::new(|_| {}),
            sandbox: false,
            on_sqlite: false,
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Setup::default()).await
}

/// `database_url`: `None` for an SQLite file in `dir`.
pub fn base_config(
    dir: &std::path::Path,
    database_url: Option<&str>,
    twilio: &str,
    closebot: &str,
) -> Config {
    let database = match database_url {
        Some(url) => url.to_owned(),
        None => format!("sqlite://{}/test.db", dir.display()),
    };
    let vars = [
        ("HOST", "127.0.0.1".to_owned()),
        ("PORT", "0".to_owned()),
        ("APP_URL", APP_URL.to_owned()),
        ("DATABASE_URL", database),
        (
            "APP_SECRET",
            "test-app-secret-0123456789abcdef0123456789abcdef".to_owned(),
        ),
        ("TWILIO_ACCOUNT_SID", fake_twilio::ACCOUNT_SID.to_owned()),
        ("TWILIO_AUTH_TOKEN", fake_twilio::AUTH_TOKEN.to_owned()),
        ("CLOSEBOT_API_KEY", fake_closebot::API_KEY.to_owned()),
        ("TWILIO_API_BASE", twilio.to_owned()),
        ("CLOSEBOT_API_BASE", closebot.to_owned()),
        ("ADMIN_EMAIL", ADMIN_EMAIL.to_owned()),
        ("ADMIN_PASSWORD", ADMIN_PASSWORD.to_owned()),
    ];
    Config::from_lookup(|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    })
    .expect("test configuration")
}

pub async fn spawn_app_with(setup: Setup) -> TestApp {
    closebot_sms::telemetry::init(closebot_sms::config::LogFormat::Pretty);
    let twilio = match setup.twilio {
        Some(fake) => fake,
        None => FakeTwilio::start().await,
    };
    let closebot = match setup.closebot {
        Some(fake) => fake,
        None => FakeCloseBot::start().await,
    };
    let dir = test_dir();
    let postgres = match setup.on_sqlite {
        true => None,
        false => postgres::fresh_database().await,
    };
    let mut config = base_config(
        dir.path(),
        postgres.as_deref(),
        &twilio.base_url,
        &closebot.base_url,
    );
    config.alert_batch_window = setup.alert_window;
    (setup.configure)(&mut config);
    let options = Options {
        clock: setup.clock.clone(),
        retry: setup.retry,
        http_timeout: setup.http_timeout,
        webhook_write_timeout: setup.webhook_write_timeout,
        sandbox: setup.sandbox,
    };
    let app = Application::build(config, options)
        .await
        .expect("the app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state();
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    TestApp {
        address,
        state,
        clock: setup.clock,
        twilio,
        closebot,
        client: client(),
        database: dir.path().join("test.db"),
        _dir: dir,
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// Twilio's form parameters for an inbound SMS.
pub fn inbound_params(
    message_sid: &str,
    from: &str,
    to: &str,
    body: &str,
) -> Vec<(String, String)> {
    [
        ("ToCountry", "US"),
        ("SmsMessageSid", message_sid),
        ("NumMedia", "0"),
        ("SmsSid", message_sid),
        ("SmsStatus", "received"),
        ("Body", body),
        ("To", to),
        ("NumSegments", "1"),
        ("MessageSid", message_sid),
        ("AccountSid", fake_twilio::ACCOUNT_SID),
        ("From", from),
        ("ApiVersion", "2010-04-01"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

/// `GET url` with `client`, read as JSON.
pub async fn get_json(client: &reqwest::Client, url: &str) -> Value {
    client.get(url).send().await.unwrap().json().await.unwrap()
}

/// The phone numbers on a page of the conversation list, in order.
pub fn phones(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["phone"].as_str().unwrap())
        .collect()
}

pub fn new_sid() -> String {
    format!("SM{}", fake_twilio::uuid_hex())
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Posts form `params` to a Twilio webhook path, signed as Twilio would
    /// sign it for the public URL.
    pub async fn post_twilio(&self, path: &str, params: &[(String, String)]) -> reqwest::Response {
        let signature =
            twilio_signature::compute(fake_twilio::AUTH_TOKEN, &format!("{APP_URL}{path}"), params);
        self.client
            .post(self.url(path))
            .header("X-Twilio-Signature", signature)
            .form(params)
            .send()
            .await
            .unwrap()
    }

    /// A customer texts our number; returns the MessageSid used.
    pub async fn text_in(&self, from: &str, body: &str) -> String {
        let sid = new_sid();
        let response = self
            .post_twilio(
                "/api/webhooks/twilio/inbound",
                &inbound_params(&sid, from, OUR_NUMBER, body),
            )
            .await;
        assert_eq!(
            response.status(),
            200,
            "inbound webhook: {}",
            response.text().await.unwrap_or_default()
        );
        sid
    }

    pub async fn status_callback(
        &self,
        sid: &str,
        status: &str,
        error_code: Option<&str>,
    ) -> reqwest::Response {
        let mut params = vec![
            ("MessageSid".to_owned(), sid.to_owned()),
            ("MessageStatus".to_owned(), status.to_owned()),
            ("AccountSid".to_owned(), fake_twilio::ACCOUNT_SID.to_owned()),
        ];
        if let Some(code) = error_code {
            params.push(("ErrorCode".to_owned(), code.to_owned()));
            params.push(("ErrorMessage".to_owned(), "Twilio says no".to_owned()));
        }
        self.post_twilio("/api/webhooks/twilio/status", &params)
            .await
    }

    /// The CloseBot callback URL, pointed at this test server.
    pub fn callback_url(&self) -> String {
        self.state
            .response_webhook_url()
            .replace(APP_URL, &self.address)
    }

    pub async fn bot_reply(&self, body: &Value) -> reqwest::Response {
        self.client
            .post(self.callback_url())
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// A client signed in as the admin.
    pub async fn admin(&self) -> reqwest::Client {
        let client = client();
        let response = client
            .post(self.url("/api/auth/login"))
            .json(&json!({ "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        client
    }

    /// A client signed in as a new agent (`agent@example.com`).
    pub async fn agent(&self) -> reqwest::Client {
        closebot_sms::users::create(
            &self.state.store,
            AGENT_EMAIL,
            AGENT_PASSWORD,
            closebot_sms::storage::Role::Agent,
            false,
            0,
        )
        .await
        .unwrap();
        let client = client();
        let response = client
            .post(self.url("/api/auth/login"))
            .json(&json!({ "email": AGENT_EMAIL, "password": AGENT_PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        client
    }

    /// Creates the default route (our number → the sales source), with `extra` fields.
    pub async fn create_route(&self, extra: Value) -> Value {
        let mut body = json!({ "twilioNumber": OUR_NUMBER, "closebotSourceId": SOURCE_ID, "closebotBotId": "bot_1", "botName": "Sales bot" });
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().cloned().unwrap_or_default());
        let response = self
            .admin()
            .await
            .post(self.url("/api/routes"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            201,
            "create route: {}",
            response.text().await.unwrap_or_default()
        );
        response.json().await.unwrap()
    }

    /// A page of `GET /api/conversations` with these query parameters.
    pub async fn list_conversations(
        &self,
        admin: &reqwest::Client,
        query: &[(&str, &str)],
    ) -> Value {
        let response = admin
            .get(self.url("/api/conversations"))
            .query(query)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{query:?}");
        response.json().await.unwrap()
    }

    /// The conversation of `phone` as the API shows it.
    pub async fn conversation(&self, admin: &reqwest::Client, phone: &str) -> Value {
        let list: Value = admin
            .get(self.url("/api/conversations"))
            .query(&[("search", phone)])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = list["items"][0]["contactId"]
            .as_str()
            .unwrap_or_else(|| panic!("no conversation for {phone}: {list}"))
            .to_owned();
        admin
            .get(self.url(&format!("/api/conversations/{id}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// A connection of the test's own to the app's database, for injecting
    /// faults (triggers that make chosen writes fail) and reading job rows.
    pub async fn database(&self) -> sqlx::SqlitePool {
        assert!(
            matches!(
                self.state.config.database,
                closebot_sms::config::DatabaseLocation::Sqlite(_)
            ),
            "this test reaches into the SQLite file (scripts/test.sh leaves it out of the Postgres run)"
        );
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&self.database)
            .busy_timeout(Duration::from_secs(10));
        sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .unwrap()
    }

    /// `GET /api/health`: its status code and body.
    pub async fn health(&self) -> (u16, Value) {
        let response = self
            .client
            .get(self.url("/api/health"))
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    /// Waits until the outbox has nothing due or running.
    pub async fn settle(&self) {
        eventually("the outbox to settle", || async {
            let stats = self
                .state
                .store
                .queue_stats(self.clock.now_ms())
                .await
                .unwrap();
            stats.running == 0 && stats.ready == stats.delayed
        })
        .await;
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let violations: Vec<String> = self
            .twilio
            .violations()
            .into_iter()
            .chain(self.closebot.violations())
            .collect();
        assert!(
            violations.is_empty(),
            "requests broke the providers' contracts: {violations:#?}"
        );
    }
}

/// Polls `condition` until true, failing the test after 10 s.
pub async fn eventually<F, Fut>(what: &str, mut condition: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !condition().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A database folder for one test: in memory-backed /dev/shm when there is
/// one, so that a slow or busy disk's fsyncs don't decide whether tests pass
/// (durability across a real process kill is tested on disk in `crash.rs`).
pub fn test_dir() -> tempfile::TempDir {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(dir) = tempfile::tempdir_in(shm) {
            return dir;
        }
    }
    tempfile::tempdir().expect("a temporary folder")
}
