//! The alert part of Settings: what is shown (never the SMTP password), how
//! a change is checked, and *Send test email*.

use axum::extract::State;
use axum::Json;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::alerts::config::{self, AlertSettings};
use crate::app_state::AppState;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::extract::AdminUser;
use crate::providers::in_words;
use crate::providers::smtp::{self, Email, SmtpServer};

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AlertsView {
    #[serde(flatten)]
    pub settings: AlertSettings,
    pub smtp_password_set: bool,
}

pub fn view(app: &AppState) -> AlertsView {
    AlertsView {
        settings: app.outbox.alert_settings(),
        smtp_password_set: app.credentials.smtp_password().is_some(),
    }
}

/// New alert settings (all of them), and the SMTP password when it changes.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AlertsChange {
    pub settings: AlertSettings,
    /// Absent: keep; empty: remove; otherwise the new password.
    pub smtp_password: Option<String>,
}

/// The change, checked: what to save.
pub struct CheckedAlerts {
    pub settings: AlertSettings,
    /// `Some(None)`: remove the password.
    pub smtp_password: Option<Option<SecretString>>,
}

pub fn check(app: &AppState, change: AlertsChange) -> ApiResult<CheckedAlerts> {
    let mut settings = change.settings;
    let trim = |v: &mut Option<String>| {
        *v = v
            .take()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty());
    };
    trim(&mut settings.email.smtp_host);
    trim(&mut settings.email.username);
    trim(&mut settings.email.from);
    trim(&mut settings.sms.to);
    trim(&mut settings.sms.from_number);
    settings.email.recipients = settings
        .email
        .recipients
        .iter()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    if let Some(to) = &settings.sms.to {
        settings.sms.to = Some(
            crate::domain::phone::PhoneNumber::parse(to)
                .map_err(|e| ApiError::validation(format!("alerts.sms.to: {e}")))?
                .into(),
        );
    }
    let routed: Vec<String> = app
        .store
        .list_routes()
        .into_iter()
        .map(|r| r.twilio_number)
        .collect();
    settings
        .validate(&routed)
        .map_err(|e| ApiError::validation(format!("alerts: {e}")))?;
    let smtp_password = match change.smtp_password {
        None => None,
        Some(p) if p.is_empty() => Some(None),
        Some(p) if p.len() > 512 => return Err(ApiError::validation("smtpPassword is too long")),
        Some(p) => Some(Some(SecretString::from(p))),
    };
    Ok(CheckedAlerts {
        settings,
        smtp_password,
    })
}

#[derive(Serialize, ToSchema)]
pub struct TestEmailResult {
    pub ok: bool,
    pub message: String,
}

/// Sends a test email with the saved SMTP settings to the alert recipients,
/// and says what happened.
#[utoipa::path(post,
    operation_id = "sendTestAlertEmail", path = "/api/settings/alerts/test-email", tag = "settings",
    responses((status = 200, body = TestEmailResult), (status = 403, body = ErrorBody)))]
pub async fn test_email(
    State(app): State<AppState>,
    _admin: AdminUser,
) -> ApiResult<Json<TestEmailResult>> {
    let settings = app.outbox.alert_settings();
    let email = &settings.email;
    let (Some(host), Some(from)) = (&email.smtp_host, &email.from) else {
        return Ok(Json(TestEmailResult {
            ok: false,
            message: "Set the SMTP host and the sender address first".into(),
        }));
    };
    let recipients = match email.recipients.is_empty() {
        true => app.store.admin_emails().await?,
        false => email.recipients.clone(),
    };
    let password = app.credentials.smtp_password();
    let server = SmtpServer {
        host,
        port: email.smtp_port,
        tls: email.tls,
        username: email.username.as_deref(),
        password: password.as_ref(),
    };
    let message = Email {
        from,
        to: &recipients,
        subject: "CloseBot SMS: test alert",
        text: "This is a test alert from CloseBot SMS. Alerts about delivery failures, new leads \
               and opt-outs will arrive like this one.",
    };
    let sent = smtp::send(&server, &message, config::SMTP_TIMEOUT).await;
    Ok(Json(match sent {
        Ok(()) => TestEmailResult {
            ok: true,
            message: format!("Sent to {}", recipients.join(", ")),
        },
        Err(e) => TestEmailResult {
            ok: false,
            message: in_words("SMTP", &e),
        },
    }))
}
