//! The real binary as a child process, for what only a process can show:
//! `kill -9` in the middle of work, and a restart on the same database.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::fake_closebot::{self, FakeCloseBot};
use super::fake_twilio::{self, FakeTwilio};
use super::{ADMIN_EMAIL, ADMIN_PASSWORD};

/// The environment of an app process wired to the fakes, its database at
/// `database` and answering as `app_url`, with the first admin created.
pub fn app_env(
    app_url: &str,
    database: &Path,
    twilio: &FakeTwilio,
    closebot: &FakeCloseBot,
) -> Vec<(&'static str, String)> {
    vec![
        ("APP_URL", app_url.to_owned()),
        ("DATABASE_URL", format!("sqlite://{}", database.display())),
        (
            "APP_SECRET",
            "process-secret-0123456789abcdef0123456789abcdef".to_owned(),
        ),
        ("TWILIO_ACCOUNT_SID", fake_twilio::ACCOUNT_SID.to_owned()),
        ("TWILIO_AUTH_TOKEN", fake_twilio::AUTH_TOKEN.to_owned()),
        ("CLOSEBOT_API_KEY", fake_closebot::API_KEY.to_owned()),
        ("TWILIO_API_BASE", twilio.base_url.clone()),
        ("CLOSEBOT_API_BASE", closebot.base_url.clone()),
        ("ADMIN_EMAIL", ADMIN_EMAIL.to_owned()),
        ("ADMIN_PASSWORD", ADMIN_PASSWORD.to_owned()),
        ("LOG_FORMAT", "json".to_owned()),
    ]
}

/// Signs `client` in on the app at `address` (its cookie jar keeps the session).
pub async fn sign_in(client: &reqwest::Client, address: &str, (email, password): (&str, &str)) {
    let response = client
        .post(format!("{address}/api/auth/login"))
        .json(&serde_json::json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "sign in as {email}");
}

pub struct AppProcess {
    child: Child,
    pub address: String,
}

impl AppProcess {
    /// Starts `closebot-sms serve` with `env` and waits for `/api/health`.
    pub async fn start(dir: &Path, port: u16, env: &[(&str, String)]) -> Self {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("app.log"))
            .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_closebot-sms"))
            .arg("serve")
            .current_dir(dir)
            .env_clear()
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("PORT", port.to_string())
            .env("HOST", "127.0.0.1")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("the binary starts");
        let address = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(r) = client.get(format!("{address}/api/health")).send().await {
                if r.status() == 200 {
                    break;
                }
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the app did not come up: {}",
                std::fs::read_to_string(dir.join("app.log")).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Self { child, address }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: no shutdown, no flushing.
    pub fn kill_9(&mut self) {
        self.child.kill().expect("kill -9");
        self.child.wait().expect("reaped");
    }
}

impl Drop for AppProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
