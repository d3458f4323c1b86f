//! What an admin sets for alerts: which events alert (delivery failures, new
//! leads, opt-outs) and through which channels (email over SMTP, SMS to the
//! owner's phone). The SMTP password is kept apart, encrypted like the
//! provider credentials.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::phone::PhoneNumber;
pub use crate::providers::smtp::SmtpTls;

/// The settings key of the alert settings (JSON, without the password).
pub const SETTINGS_KEY: &str = "alerts";
/// Longest an SMTP conversation step may take.
pub const SMTP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);
/// The settings key of the SMTP password (encrypted).
pub const SMTP_PASSWORD_KEY: &str = "alerts.smtp_password";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct AlertSettings {
    pub kinds: AlertKinds,
    pub email: EmailAlerts,
    pub sms: SmsAlerts,
}

/// Which events make an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct AlertKinds {
    /// A sent text ended `failed` or `undelivered`.
    pub delivery_failures: bool,
    /// Someone texted for the first time.
    pub new_leads: bool,
    /// A contact opted out (STOP, or Twilio's 21610).
    pub opt_outs: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct EmailAlerts {
    pub enabled: bool,
    #[schema(required = true)]
    pub smtp_host: Option<String>,
    pub smtp_port: u16,
    pub tls: SmtpTls,
    #[schema(required = true)]
    pub username: Option<String>,
    /// The sender address.
    #[schema(required = true)]
    pub from: Option<String>,
    /// Who gets the emails; empty: every admin.
    pub recipients: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct SmsAlerts {
    pub enabled: bool,
    /// The owner's phone (E.164).
    #[schema(required = true)]
    pub to: Option<String>,
    /// One of our routed Twilio numbers to send from.
    #[schema(required = true)]
    pub from_number: Option<String>,
}

impl Default for AlertKinds {
    fn default() -> Self {
        Self {
            delivery_failures: true,
            new_leads: false,
            opt_outs: false,
        }
    }
}

impl Default for EmailAlerts {
    fn default() -> Self {
        Self {
            enabled: false,
            smtp_host: None,
            smtp_port: 587,
            tls: SmtpTls::Starttls,
            username: None,
            from: None,
            recipients: Vec::new(),
        }
    }
}

impl AlertSettings {
    /// Whether anything is switched on at all (no alert work otherwise).
    pub fn any(&self) -> bool {
        (self.email.enabled || self.sms.enabled)
            && (self.kinds.delivery_failures || self.kinds.new_leads || self.kinds.opt_outs)
    }

    /// Checks the settings as a whole; `routed_numbers` are ours to send from.
    pub fn validate(&self, routed_numbers: &[String]) -> Result<(), String> {
        let email = &self.email;
        if let Some(host) = &email.smtp_host {
            let bad = host.is_empty() || host.len() > 253 || host.contains(char::is_whitespace);
            if bad {
                return Err("email.smtpHost is not a host name".into());
            }
        }
        if email.smtp_port == 0 {
            return Err("email.smtpPort must be between 1 and 65535".into());
        }
        for address in email.from.iter().chain(&email.recipients) {
            if !looks_like_email(address) {
                return Err(format!("`{address}` is not an email address"));
            }
        }
        if email.recipients.len() > 20 {
            return Err("email.recipients: at most 20 addresses".into());
        }
        if email.enabled && (email.smtp_host.is_none() || email.from.is_none()) {
            return Err("email alerts need email.smtpHost and email.from".into());
        }
        let sms = &self.sms;
        if let Some(to) = &sms.to {
            PhoneNumber::parse(to).map_err(|e| format!("sms.to: {e}"))?;
        }
        if let Some(from) = &sms.from_number {
            if !routed_numbers.contains(from) {
                return Err(format!(
                    "sms.fromNumber: {from} is not one of your routed numbers"
                ));
            }
        }
        if sms.enabled && (sms.to.is_none() || sms.from_number.is_none()) {
            return Err("SMS alerts need sms.to and sms.fromNumber".into());
        }
        Ok(())
    }
}

pub fn looks_like_email(address: &str) -> bool {
    address.len() <= 254
        && !address.contains(char::is_whitespace)
        && address.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enabled_channels_need_what_they_send_with() {
        let mut settings = AlertSettings::default();
        assert!(settings.validate(&[]).is_ok());
        settings.email.enabled = true;
        assert!(settings.validate(&[]).unwrap_err().contains("smtpHost"));
        settings.email.smtp_host = Some("smtp.example.com".into());
        settings.email.from = Some("alerts@example.com".into());
        assert!(settings.validate(&[]).is_ok());
        settings.email.recipients = vec!["not an address".into()];
        assert!(settings.validate(&[]).unwrap_err().contains("not an email"));
        settings.email.recipients.clear();
        settings.sms.enabled = true;
        settings.sms.to = Some("+15551234567".into());
        settings.sms.from_number = Some("+15005550006".into());
        assert!(settings.validate(&[]).unwrap_err().contains("routed"));
        assert!(settings.validate(&["+15005550006".into()]).is_ok());
    }

    #[test]
    fn nothing_is_on_until_a_channel_and_a_kind_are() {
        let mut settings = AlertSettings::default();
        assert!(!settings.any());
        settings.sms.enabled = true;
        assert!(settings.any(), "delivery failures alert by default");
        settings.kinds.delivery_failures = false;
        assert!(!settings.any());
    }
}
