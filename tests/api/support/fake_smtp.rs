//! A fake SMTP server on loopback: enough of RFC 5321 for a real client
//! (EHLO, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, QUIT), recording each message,
//! and refusing credentials or failing for a while on demand.

use std::sync::{Arc, Mutex};

use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

pub const USER: &str = "alerts@example.com";
pub const PASSWORD: &str = "smtp-secret";

#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub from: String,
    pub to: Vec<String>,
    /// Headers and body as sent (dot-unstuffed).
    pub data: String,
}

impl ReceivedMail {
    pub fn subject(&self) -> String {
        self.data
            .lines()
            .find_map(|l| l.strip_prefix("Subject: "))
            .unwrap_or_default()
            .to_owned()
    }
}

#[derive(Default)]
struct State {
    mails: Vec<ReceivedMail>,
    /// Answer 451 to this many more messages.
    fail_next: usize,
}

#[derive(Clone)]
pub struct FakeSmtp {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl FakeSmtp {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let state: Arc<Mutex<State>> = Default::default();
        let serving = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, serving.clone()));
            }
        });
        Self { port, state }
    }

    pub fn mails(&self) -> Vec<ReceivedMail> {
        self.state.lock().unwrap().mails.clone()
    }

    pub fn fail_next(&self, times: usize) {
        self.state.lock().unwrap().fail_next = times;
    }
}

async fn session(stream: TcpStream, state: Arc<Mutex<State>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let reply = |text: &str| format!("{text}\r\n");
    if write
        .write_all(reply("220 fake.smtp ESMTP").as_bytes())
        .await
        .is_err()
    {
        return;
    }
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut authed = false;
    while let Ok(Some(line)) = lines.next_line().await {
        let upper = line.to_ascii_uppercase();
        let answer = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            "250-fake.smtp\r\n250 AUTH PLAIN LOGIN".to_owned()
        } else if let Some(encoded) = upper.strip_prefix("AUTH PLAIN ").map(|_| &line[11..]) {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .unwrap_or_default();
            let expected = format!("\0{USER}\0{PASSWORD}");
            authed = decoded == expected.as_bytes();
            if authed {
                "235 2.7.0 Authentication successful"
            } else {
                "535 5.7.8 Authentication credentials invalid"
            }
            .to_owned()
        } else if upper.starts_with("MAIL FROM:") {
            from = address(&line);
            to.clear();
            "250 OK".to_owned()
        } else if upper.starts_with("RCPT TO:") {
            to.push(address(&line));
            "250 OK".to_owned()
        } else if upper == "DATA" {
            let _ = write
                .write_all(reply("354 End data with <CR><LF>.<CR><LF>").as_bytes())
                .await;
            let mut data = String::new();
            while let Ok(Some(body_line)) = lines.next_line().await {
                if body_line == "." {
                    break;
                }
                data.push_str(body_line.strip_prefix('.').unwrap_or(&body_line));
                data.push('\n');
            }
            let mut s = state.lock().unwrap();
            if s.fail_next > 0 {
                s.fail_next -= 1;
                "451 4.3.0 Try again later".to_owned()
            } else {
                s.mails.push(ReceivedMail {
                    from: from.clone(),
                    to: to.clone(),
                    data,
                });
                "250 OK: queued".to_owned()
            }
        } else if upper == "QUIT" {
            let _ = write.write_all(reply("221 Bye").as_bytes()).await;
            return;
        } else if upper == "RSET" || upper == "NOOP" {
            "250 OK".to_owned()
        } else {
            "502 Command not implemented".to_owned()
        };
        let _ = authed;
        if write.write_all(reply(&answer).as_bytes()).await.is_err() {
            return;
        }
    }
}

fn address(line: &str) -> String {
    line.split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map(|(addr, _)| addr.to_owned())
        .unwrap_or_default()
}
