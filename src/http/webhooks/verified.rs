//! The checks every webhook must pass, as extractors: a handler that takes a
//! `VerifiedTwilio` or a `SignedReply` cannot run before its caller is proven.

use axum::extract::{FromRequest, OriginalUri, Request};
use axum::http::{HeaderMap, Uri};
use secrecy::ExposeSecret;

use crate::app_state::AppState;
use crate::bridge::bot_reply::{self, Callback};
use crate::domain::trace::SignatureCheck;
use crate::http::error::ApiError;
use crate::http::extract::RawBody;
use crate::security::state_signing::BridgeState;
use crate::security::twilio_signature;

/// A Twilio webhook whose `X-Twilio-Signature` is right for `APP_URL` + its
/// path and query: its form parameters, every one as received.
pub struct VerifiedTwilio(pub TwilioForm);

pub struct TwilioForm {
    params: Vec<(String, String)>,
    /// The body as received, kept for inspection when it cannot be used.
    pub raw: bytes::Bytes,
    /// When the request arrived, before its body was read (for the tracer).
    pub received_at_ms: i64,
    pub signature: SignatureCheck,
}

impl TwilioForm {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl FromRequest<AppState> for VerifiedTwilio {
    type Rejection = ApiError;

    async fn from_request(request: Request, app: &AppState) -> Result<Self, ApiError> {
        let received_at_ms = app.clock.now_ms();
        let uri = request
            .extensions()
            .get::<OriginalUri>()
            .map_or_else(|| request.uri().clone(), |original| original.0.clone());
        let headers = request.headers().clone();
        let RawBody(raw) = RawBody::from_request(request, app).await?;
        let params: Vec<(String, String)> = serde_urlencoded::from_bytes(&raw).map_err(|e| {
            ApiError::bad_request("invalid_form", format!("The body is not a form: {e}"))
        })?;
        let signature = check_signature(app, &headers, &uri, &params)?;
        Ok(Self(TwilioForm {
            params,
            raw,
            received_at_ms,
            signature,
        }))
    }
}

fn check_signature(
    app: &AppState,
    headers: &HeaderMap,
    uri: &Uri,
    params: &[(String, String)],
) -> Result<SignatureCheck, ApiError> {
    if !app.config.validate_twilio_signatures {
        return Ok(SignatureCheck::NotChecked);
    }
    let Some(token) = app.credentials.twilio_auth_token() else {
        tracing::error!(
            "a Twilio webhook arrived but no Twilio auth token is configured to check it"
        );
        return Err(ApiError::forbidden(
            "signature_unverifiable",
            "No Twilio auth token is configured to check the signature",
        ));
    };
    let signature = headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let path_and_query = uri.path_and_query().map_or(uri.path(), |pq| pq.as_str());
    let url = format!("{}{path_and_query}", app.config.app_url);
    if signature.is_empty()
        || !twilio_signature::is_valid(token.expose_secret(), &url, params, signature)
    {
        tracing::warn!(
            url,
            "rejected a Twilio webhook with a missing or wrong signature"
        );
        return Err(ApiError::forbidden(
            "invalid_signature",
            "The X-Twilio-Signature header is missing or wrong",
        ));
    }
    Ok(SignatureCheck::Valid)
}

/// A CloseBot reply that came with the installation's token, could be read,
/// and carries the `state` we signed when we forwarded the text.
pub struct SignedReply {
    pub callback: Callback,
    pub state: BridgeState,
}

impl FromRequest<AppState> for SignedReply {
    type Rejection = ApiError;

    async fn from_request(request: Request, app: &AppState) -> Result<Self, ApiError> {
        let token = request
            .uri()
            .query()
            .and_then(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .find(|(k, _)| k == "token")
                    .map(|(_, v)| v.into_owned())
            })
            .unwrap_or_default();
        if !app.response_token.accepts(&token, app.clock.now_ms()) {
            return Err(ApiError::unauthorized(
                "The callback token is missing or wrong",
            ));
        }
        let RawBody(body) = RawBody::from_request(request, app).await?;
        let callback = match bot_reply::parse(&body) {
            Ok(callback) => callback,
            Err(reason) => {
                keep_rejected(app, "closebot/response", &reason, &body).await;
                return Err(ApiError::bad_request(
                    "unreadable_reply",
                    format!("The reply could not be understood: {reason}"),
                ));
            }
        };
        let state =
            BridgeState::verify(app.keys.state_key(), callback.state.as_ref()).map_err(|e| {
                tracing::warn!(error = %e, "rejected a CloseBot reply whose state is not ours");
                ApiError::forbidden("invalid_state", e.to_string())
            })?;
        Ok(Self { callback, state })
    }
}

/// Keeps an authentic but unreadable webhook for the operator.
pub async fn keep_rejected(app: &AppState, endpoint: &'static str, reason: &str, body: &[u8]) {
    let (reason, body, now) = (
        reason.to_owned(),
        String::from_utf8_lossy(body).into_owned(),
        app.clock.now_ms(),
    );
    tracing::warn!(
        endpoint,
        reason,
        "kept an unreadable webhook for inspection"
    );
    let kept = app
        .store
        .write(move |tx| {
            Box::pin(async move {
                tx.keep_rejected_webhook(endpoint, &reason, &body, now)
                    .await
            })
        })
        .await;
    if let Err(e) = kept {
        tracing::error!(error = %e, "could not keep a rejected webhook");
    }
}
