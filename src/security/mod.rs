//! Secrets, signatures and credentials.

pub mod keyring;
pub mod login_limiter;
pub mod password;
pub mod response_token;
pub mod state_signing;
pub mod twilio_signature;
