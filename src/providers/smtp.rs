//! Sending an email through the configured SMTP server (lettre, rustls), with
//! a timeout, and its failures in the providers' one vocabulary.

use std::time::Duration;

use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::CallError;

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain text (a relay on the same machine or network only).
    None,
    /// Plain connection upgraded with STARTTLS (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

pub struct SmtpServer<'a> {
    pub host: &'a str,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<&'a str>,
    pub password: Option<&'a SecretString>,
}

pub struct Email<'a> {
    pub from: &'a str,
    pub to: &'a [String],
    pub subject: &'a str,
    pub text: &'a str,
}

pub async fn send(
    server: &SmtpServer<'_>,
    email: &Email<'_>,
    timeout: Duration,
) -> Result<(), CallError> {
    let mut message = Message::builder()
        .from(mailbox(email.from)?)
        .subject(email.subject)
        .header(ContentType::TEXT_PLAIN);
    for to in email.to {
        message = message.to(mailbox(to)?);
    }
    let message = message
        .body(email.text.to_owned())
        .map_err(|e| rejected(e.to_string()))?;
    let builder = match server.tls {
        SmtpTls::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
            server.host,
        )),
        SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(server.host),
        SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(server.host),
    }
    .map_err(|e| {
        rejected(format!(
            "the SMTP server {} cannot be used: {e}",
            server.host
        ))
    })?;
    let mut builder = builder.port(server.port).timeout(Some(timeout));
    if let (Some(user), Some(password)) = (server.username, server.password) {
        builder = builder.credentials(Credentials::new(
            user.to_owned(),
            password.expose_secret().to_owned(),
        ));
    }
    let transport = builder.build();
    match tokio::time::timeout(timeout * 2, transport.send(message)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(classify(e)),
        Err(_) => Err(CallError::Transient {
            reason: format!(
                "the SMTP server did not answer within {} s",
                (timeout * 2).as_secs()
            ),
            retry_after: None,
            http_status: None,
            in_doubt: true,
        }),
    }
}

fn mailbox(address: &str) -> Result<Mailbox, CallError> {
    address
        .parse()
        .map_err(|e| rejected(format!("`{address}` is not an email address: {e}")))
}

fn rejected(message: String) -> CallError {
    CallError::Rejected {
        status: 0,
        code: None,
        message,
    }
}

fn classify(error: lettre::transport::smtp::Error) -> CallError {
    let code = error.status().map(|c| c.to_string());
    if code.as_deref() == Some("535") || code.as_deref() == Some("534") {
        return CallError::Unauthorized {
            provider: "SMTP",
            status: 535,
            code,
            message: error.to_string(),
        };
    }
    if error.is_permanent() {
        return CallError::Rejected {
            status: code.as_deref().and_then(|c| c.parse().ok()).unwrap_or(550),
            code,
            message: error.to_string(),
        };
    }
    CallError::Transient {
        reason: format!("SMTP: {error}"),
        retry_after: None,
        http_status: None,
        in_doubt: error.is_transient(),
    }
}
