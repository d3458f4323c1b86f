//! Twilio's REST API (2010-04-01): send a message, find one we may already
//! have sent, look one up, read the account and its numbers.

use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;
use serde::Deserialize;

use super::credentials::TwilioAuth;
use super::{classify_status, CallError, UNREADABLE};

#[derive(Clone)]
pub struct TwilioClient {
    http: reqwest::Client,
    base: String,
}

/// The parts of Twilio's Message resource the bridge uses.
#[derive(Debug, Clone, Deserialize)]
pub struct TwilioMessage {
    pub sid: String,
    pub status: String,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub date_created: Option<String>,
    #[serde(default)]
    pub error_code: Option<i64>,
    #[serde(default)]
    pub error_message: Option<String>,
    /// The HTTP status of Twilio's answer to our send (201), for the tracer.
    #[serde(skip)]
    pub http_status: Option<u16>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TwilioAccount {
    pub sid: String,
    #[serde(default)]
    pub friendly_name: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct IncomingNumber {
    pub sid: String,
    pub phone_number: String,
    #[serde(default)]
    pub friendly_name: Option<String>,
    #[serde(default)]
    pub sms_url: Option<String>,
    #[serde(default)]
    pub sms_method: Option<String>,
}

#[derive(Deserialize)]
struct MessagePage {
    #[serde(default)]
    messages: Vec<TwilioMessage>,
}

#[derive(Deserialize)]
struct NumberPage {
    #[serde(default)]
    incoming_phone_numbers: Vec<IncomingNumber>,
}

#[derive(Deserialize, Default)]
struct TwilioErrorBody {
    code: Option<serde_json::Value>,
    message: Option<String>,
}

pub struct OutboundSms<'a> {
    pub to: &'a str,
    pub from: &'a str,
    pub body: &'a str,
    /// Where Twilio posts this message's statuses (none: no callbacks).
    pub status_callback: Option<&'a str>,
}

impl TwilioClient {
    pub fn new(http: reqwest::Client, base: &str) -> Self {
        Self {
            http,
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    /// Sandbox credentials carry the simulator's origin; real ones use ours.
    fn account_url(&self, auth: &TwilioAuth, tail: &str) -> String {
        let base = auth.api_base.as_deref().unwrap_or(&self.base);
        format!("{base}/2010-04-01/Accounts/{}{tail}", auth.account_sid)
    }

    pub async fn send_message(
        &self,
        auth: &TwilioAuth,
        sms: &OutboundSms<'_>,
    ) -> Result<TwilioMessage, CallError> {
        let mut form = vec![("To", sms.to), ("From", sms.from), ("Body", sms.body)];
        if let Some(callback) = sms.status_callback {
            form.push(("StatusCallback", callback));
        }
        let request = self
            .http
            .post(self.account_url(auth, "/Messages.json"))
            .basic_auth(&auth.account_sid, Some(auth.auth_token.expose_secret()))
            .form(&form);
        let (mut sent, status): (TwilioMessage, u16) = read_answer(request).await?;
        sent.http_status = Some(status);
        Ok(sent)
    }

    /// Messages already accepted by Twilio from `from` to `to` with this
    /// body since `since` — how a send interrupted by a crash is recognised.
    pub async fn find_sent_messages(
        &self,
        auth: &TwilioAuth,
        to: &str,
        from: &str,
        body: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<TwilioMessage>, CallError> {
        // No DateSent filter: a message Twilio still holds (queued or
        // accepted, a throttled number) has no DateSent yet, and must be
        // found all the same. Twilio lists the newest first; the 50 newest
        // between these two numbers reach back well past one send attempt.
        let request = self
            .http
            .get(self.account_url(auth, "/Messages.json"))
            .basic_auth(&auth.account_sid, Some(auth.auth_token.expose_secret()))
            .query(&[("To", to), ("From", from), ("PageSize", "50")]);
        let page: MessagePage = read_json(request).await?;
        Ok(page
            .messages
            .into_iter()
            .filter(|m| {
                m.body.as_deref() == Some(body)
                    && m.date_created
                        .as_deref()
                        .and_then(|d| DateTime::parse_from_rfc2822(d).ok())
                        .is_none_or(|created| created >= since - chrono::Duration::minutes(5))
            })
            .collect())
    }

    /// One message as Twilio has it now (its latest status).
    pub async fn fetch_message(
        &self,
        auth: &TwilioAuth,
        sid: &str,
    ) -> Result<TwilioMessage, CallError> {
        let request = self
            .http
            .get(self.account_url(auth, &format!("/Messages/{sid}.json")))
            .basic_auth(&auth.account_sid, Some(auth.auth_token.expose_secret()));
        read_json(request).await
    }

    pub async fn fetch_account(&self, auth: &TwilioAuth) -> Result<TwilioAccount, CallError> {
        let request = self
            .http
            .get(self.account_url(auth, ".json"))
            .basic_auth(&auth.account_sid, Some(auth.auth_token.expose_secret()));
        read_json(request).await
    }

    /// Points a number's "A message comes in" webhook at `sms_url` (POST).
    pub async fn set_sms_url(
        &self,
        auth: &TwilioAuth,
        number_sid: &str,
        sms_url: &str,
    ) -> Result<IncomingNumber, CallError> {
        let request = self
            .http
            .post(self.account_url(auth, &format!("/IncomingPhoneNumbers/{number_sid}.json")))
            .basic_auth(&auth.account_sid, Some(auth.auth_token.expose_secret()))
            .form(&[("SmsUrl", sms_url), ("SmsMethod", "POST")]);
        read_json(request).await
    }

    pub async fn incoming_numbers(
        &self,
        auth: &TwilioAuth,
    ) -> Result<Vec<IncomingNumber>, CallError> {
        let request = self
            .http
            .get(self.account_url(auth, "/IncomingPhoneNumbers.json"))
            .basic_auth(&auth.account_sid, Some(auth.auth_token.expose_secret()))
            .query(&[("PageSize", "1000")]);
        let page: NumberPage = read_json(request).await?;
        Ok(page.incoming_phone_numbers)
    }
}

async fn read_json<T: serde::de::DeserializeOwned>(
    request: reqwest::RequestBuilder,
) -> Result<T, CallError> {
    read_answer(request).await.map(|(value, _)| value)
}

/// A successful answer's body and HTTP status; anything else as a `CallError`.
async fn read_answer<T: serde::de::DeserializeOwned>(
    request: reqwest::RequestBuilder,
) -> Result<(T, u16), CallError> {
    let response = request.send().await.map_err(CallError::from_reqwest)?;
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.map_err(CallError::from_reqwest)?;
    if status.is_success() {
        let value = serde_json::from_slice(&bytes).map_err(|e| CallError::Transient {
            reason: format!("Twilio answered {status} with an unreadable body: {e}"),
            retry_after: None,
            http_status: Some(status.as_u16()),
            in_doubt: true,
            code: UNREADABLE.to_owned(),
        })?;
        return Ok((value, status.as_u16()));
    }
    let error: TwilioErrorBody = serde_json::from_slice(&bytes).unwrap_or_default();
    let code = error.code.map(|c| match c {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    });
    let message = error
        .message
        .unwrap_or_else(|| String::from_utf8_lossy(&bytes).chars().take(300).collect());
    Err(classify_status("Twilio", status, &headers, code, message))
}
