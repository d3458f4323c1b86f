//! The provider credentials in force: from the environment when set there
//! (they win), otherwise as saved from Settings (decrypted in memory only) —
//! or, in sandbox mode, the simulated providers' (with their addresses).
//!
//! A job made in sandbox mode asks for sandbox credentials, any other job
//! for real ones (`twilio_for`, `closebot_for`); each answer is one snapshot
//! of the mode, the credentials and the origin they go to, so a sandbox job
//! can never be sent with real credentials to the real provider.

use std::sync::{Arc, RwLock};

use secrecy::{ExposeSecret, SecretString};

#[derive(Clone, Default)]
pub struct Credentials {
    pub twilio_account_sid: Option<String>,
    pub twilio_auth_token: Option<SecretString>,
    pub closebot_api_key: Option<SecretString>,
    /// The alert emails' SMTP password (saved from Settings only).
    pub smtp_password: Option<SecretString>,
    /// Set while sandbox mode is on: the simulators' credentials and origins,
    /// used instead of the real ones (which are kept).
    pub sandbox: Option<SandboxAccess>,
}

/// How to reach the simulated Twilio and CloseBot of sandbox mode.
#[derive(Clone)]
pub struct SandboxAccess {
    pub twilio_account_sid: String,
    pub twilio_auth_token: SecretString,
    pub closebot_api_key: SecretString,
    /// `http://127.0.0.1:PORT` of each simulator.
    pub twilio_api_base: String,
    pub closebot_api_base: String,
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
    /// Counts changes: what was fetched with older credentials is stale
    /// (`insights::account_cache`).
    generation: Arc<std::sync::atomic::AtomicU64>,
    pub from_env: FromEnvironment,
}

pub struct TwilioAuth {
    pub account_sid: String,
    pub auth_token: SecretString,
    /// Where to call instead of the configured `TWILIO_API_BASE` (sandbox).
    pub api_base: Option<String>,
    /// These are the simulated Twilio's credentials.
    pub sandbox: bool,
}

pub struct CloseBotAuth {
    pub api_key: SecretString,
    /// Where to call instead of the configured `CLOSEBOT_API_BASE` (sandbox).
    pub api_base: Option<String>,
    /// This is the simulated CloseBot's key.
    pub sandbox: bool,
}

impl CredentialStore {
    pub fn new(initial: Credentials, from_env: FromEnvironment) -> Self {
        Self {
            current: Arc::new(RwLock::new(initial)),
            generation: Default::default(),
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
        let mut current = self
            .current
            .write()
            .expect("credentials lock is never poisoned");
        change(&mut current);
        // Bumped under the lock: a reader of the new credentials sees the new count.
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// How many times the credentials changed so far.
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Twilio's credentials in force now (the simulator's in sandbox mode).
    pub fn twilio(&self) -> Option<TwilioAuth> {
        let c = self.read();
        match &c.sandbox {
            Some(sandbox) => Some(sandbox_twilio(sandbox)),
            None => real_twilio(&c),
        }
    }

    /// The credentials a job may use: a sandbox job's only the simulator's,
    /// any other job's only the real ones; `None` when they are not in force.
    pub fn twilio_for(&self, sandbox_job: bool) -> Option<TwilioAuth> {
        let c = self.read();
        match (&c.sandbox, sandbox_job) {
            (Some(sandbox), true) => Some(sandbox_twilio(sandbox)),
            (None, false) => real_twilio(&c),
            _ => None,
        }
    }

    /// The token Twilio signs its webhooks with now.
    pub fn twilio_auth_token(&self) -> Option<SecretString> {
        let c = self.read();
        match &c.sandbox {
            Some(sandbox) => Some(sandbox.twilio_auth_token.clone()),
            None => c.twilio_auth_token.clone(),
        }
    }

    /// Whether sandbox mode's credentials are in force.
    pub fn sandbox_active(&self) -> bool {
        self.read().sandbox.is_some()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Credentials> {
        self.current
            .read()
            .expect("credentials lock is never poisoned")
    }

    pub fn smtp_password(&self) -> Option<SecretString> {
        self.current
            .read()
            .expect("credentials lock is never poisoned")
            .smtp_password
            .clone()
    }

    /// CloseBot's key in force now (the simulator's in sandbox mode).
    pub fn closebot(&self) -> Option<CloseBotAuth> {
        let c = self.read();
        match &c.sandbox {
            Some(sandbox) => Some(sandbox_closebot(sandbox)),
            None => real_closebot(&c),
        }
    }

    /// As [`Self::twilio_for`], for CloseBot.
    pub fn closebot_for(&self, sandbox_job: bool) -> Option<CloseBotAuth> {
        let c = self.read();
        match (&c.sandbox, sandbox_job) {
            (Some(sandbox), true) => Some(sandbox_closebot(sandbox)),
            (None, false) => real_closebot(&c),
            _ => None,
        }
    }
}

fn real_twilio(c: &Credentials) -> Option<TwilioAuth> {
    Some(TwilioAuth {
        account_sid: c.twilio_account_sid.clone()?,
        auth_token: c.twilio_auth_token.clone()?,
        api_base: None,
        sandbox: false,
    })
}

fn sandbox_twilio(s: &SandboxAccess) -> TwilioAuth {
    TwilioAuth {
        account_sid: s.twilio_account_sid.clone(),
        auth_token: s.twilio_auth_token.clone(),
        api_base: Some(s.twilio_api_base.clone()),
        sandbox: true,
    }
}

fn real_closebot(c: &Credentials) -> Option<CloseBotAuth> {
    Some(CloseBotAuth {
        api_key: c.closebot_api_key.clone()?,
        api_base: None,
        sandbox: false,
    })
}

fn sandbox_closebot(s: &SandboxAccess) -> CloseBotAuth {
    CloseBotAuth {
        api_key: s.closebot_api_key.clone(),
        api_base: Some(s.closebot_api_base.clone()),
        sandbox: true,
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
            .field(
                "sandbox",
                &self.sandbox.as_ref().map(|s| &s.twilio_api_base),
            )
            .finish()
    }
}
