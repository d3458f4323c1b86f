//! The real binary as a child process, for what only a process can show:
//! `kill -9` in the middle of work, and a restart on the same database.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

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
