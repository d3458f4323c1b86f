//! HTTP clients for the two providers. Every call has a timeout and reports
//! failures in one vocabulary, so the queue can decide whether to retry.

pub mod closebot;
pub mod credentials;
mod in_words;
pub mod smtp;
pub mod twilio;

pub use in_words::in_words;

use std::time::Duration;

/// Twilio's own webhook limits are 5 s to connect and 15 s in total; we
/// hold ourselves to the same when calling out.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(15);

pub fn http_client(total_timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT.min(total_timeout))
        .timeout(total_timeout)
        .pool_idle_timeout(Duration::from_secs(60))
        .user_agent(concat!("closebot-sms/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the TLS backend (rustls) initialises")
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum CallError {
    /// Credentials are missing; the work waits until they are configured.
    #[error("{0}")]
    NotConfigured(String),
    /// Worth retrying: network failure, timeout, 429, 5xx.
    /// `in_doubt` means the provider may have acted on the request anyway.
    #[error("{reason}")]
    Transient {
        reason: String,
        retry_after: Option<Duration>,
        /// The provider's HTTP answer, when it gave one (429, 5xx…).
        http_status: Option<u16>,
        in_doubt: bool,
    },
    /// The provider refused our credentials (HTTP 401/403): someone must fix
    /// them in Settings; meanwhile the work waits and retries as in an outage.
    #[error("{provider} refused the credentials (HTTP {status}{}): {message}", error_code(.code))]
    Unauthorized {
        provider: &'static str,
        status: u16,
        code: Option<String>,
        message: String,
    },
    /// The provider refused this request for good.
    #[error("{message}")]
    Rejected {
        status: u16,
        code: Option<String>,
        message: String,
    },
}

fn error_code(code: &Option<String>) -> String {
    code.as_deref()
        .map(|c| format!(", error {c}"))
        .unwrap_or_default()
}

impl CallError {
    /// The provider's HTTP status, when it answered at all (for the tracer).
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::NotConfigured(_) => None,
            Self::Transient { http_status, .. } => *http_status,
            Self::Unauthorized { status, .. } | Self::Rejected { status, .. } => Some(*status),
        }
    }

    fn from_reqwest(error: reqwest::Error) -> Self {
        // A request that may have reached the provider is in doubt; one that
        // never connected is not.
        let in_doubt = !error.is_connect() && !error.is_builder();
        let kind = if error.is_timeout() {
            "timed out"
        } else if error.is_connect() {
            "could not connect"
        } else {
            "request failed"
        };
        CallError::Transient {
            reason: format!("{kind}: {}", root_cause(&error)),
            retry_after: None,
            http_status: None,
            in_doubt,
        }
    }
}

fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// Classifies a non-success HTTP answer. `code`/`message` come from the body.
fn classify_status(
    provider: &'static str,
    status: reqwest::StatusCode,
    headers: &reqwest::header::HeaderMap,
    code: Option<String>,
    message: String,
) -> CallError {
    let status_u16 = status.as_u16();
    let detail = match &code {
        Some(code) => format!("{provider} answered {status_u16} (error {code}): {message}"),
        None => format!("{provider} answered {status_u16}: {message}"),
    };
    if matches!(status_u16, 401 | 403) {
        return CallError::Unauthorized {
            provider,
            status: status_u16,
            code,
            message,
        };
    }
    if crate::domain::twilio_errors::is_permanent_rejection(status_u16, code.as_deref()) {
        return CallError::Rejected {
            status: status_u16,
            code,
            message,
        };
    }
    let retry_after = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    CallError::Transient {
        reason: detail,
        retry_after,
        http_status: Some(status_u16),
        in_doubt: status.is_server_error(),
    }
}
