//! The provider credentials in force: from the environment when set there
//! (they win), otherwise as saved from Settings (decrypted in memory only).

use std::sync::{Arc, RwLock};

use secrecy::{ExposeSecret, SecretString};

#[derive(Clone, Default)]
pub struct Credentials {
    pub twilio_account_sid: Option<String>,
    pub twilio_auth_token: Option<SecretString>,
    pub closebot_api_key: Option<SecretString>,
    /// The alert emails' SMTP password (saved from Settings only).
    pub smtp_password: Option<SecretString>,
}

/// Which credentials the environment pins (Settings cannot change those).
#[derive(Clone, Copy, Default, Debug)]
pub struct FromEnvironment {
    pub twilio: bool,
    pub closebot: bool,
}

#[derive(Clone)]
pub struct CredentialStore {
    current: Arc<RwLock<Credentials>>,
    pub from_env: FromEnvironment,
}

pub struct TwilioAuth {
    pub account_sid: String,
    pub auth_token: SecretString,
}

impl CredentialStore {
    pub fn new(initial: Credentials, from_env: FromEnvironment) -> Self {
        Self {
            current: Arc::new(RwLock::new(initial)),
            from_env,
        }
    }

    pub fn snapshot(&self) -> Credentials {
        self.current
            .read()
            .expect("credentials lock is never poisoned")
            .clone()
    }

    pub fn update(&self, change: impl FnOnce(&mut Credentials)) {
        change(
            &mut self
                .current
                .write()
                .expect("credentials lock is never poisoned"),
        );
    }

    pub fn twilio(&self) -> Option<TwilioAuth> {
        let c = self
            .current
            .read()
            .expect("credentials lock is never poisoned");
        Some(TwilioAuth {
            account_sid: c.twilio_account_sid.clone()?,
            auth_token: c.twilio_auth_token.clone()?,
        })
    }

    pub fn twilio_auth_token(&self) -> Option<SecretString> {
        self.current
            .read()
            .expect("credentials lock is never poisoned")
            .twilio_auth_token
            .clone()
    }

    pub fn smtp_password(&self) -> Option<SecretString> {
        self.current
            .read()
            .expect("credentials lock is never poisoned")
            .smtp_password
            .clone()
    }

    pub fn closebot_api_key(&self) -> Option<SecretString> {
        self.current
            .read()
            .expect("credentials lock is never poisoned")
            .closebot_api_key
            .clone()
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("twilio_account_sid", &self.twilio_account_sid)
            .field(
                "twilio_auth_token",
                &self.twilio_auth_token.as_ref().map(|_| "[set]"),
            )
            .field(
                "smtp_password",
                &self.smtp_password.as_ref().map(|_| "[set]"),
            )
            .field(
                "closebot_api_key",
                &self.closebot_api_key.as_ref().map(|t| {
                    if t.expose_secret().is_empty() {
                        "[empty]"
                    } else {
                        "[set]"
                    }
                }),
            )
            .finish()
    }
}
