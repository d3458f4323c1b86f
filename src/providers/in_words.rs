//! A provider's failure in words a business owner can act on.

use super::CallError;

pub fn in_words(provider: &str, error: &CallError) -> String {
    match error {
        CallError::NotConfigured(what) => format!("{what}: add it in Settings"),
        CallError::Unauthorized { code, status, .. } => {
            match (provider, code.as_deref()) {
                ("Twilio", Some(code)) => {
                    format!("Authentication failed — check the Account SID and auth token (error {code})")
                }
                ("Twilio", None) => {
                    format!("Authentication failed — check the Account SID and auth token (HTTP {status})")
                }
                _ => format!("{provider} refused the API key — check it (HTTP {status})"),
            }
        }
        CallError::Rejected {
            status,
            code,
            message,
        } => match code {
            Some(code) => format!("{provider} refused: {message} (error {code})"),
            None => format!("{provider} refused: {message} (HTTP {status})"),
        },
        CallError::Transient { reason, .. } => {
            format!("{provider} could not be reached or is having trouble: {reason}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twilio_authentication_errors_say_what_to_check() {
        let error = CallError::Unauthorized {
            provider: "Twilio",
            status: 401,
            code: Some("20003".into()),
            message: "Authenticate".into(),
        };
        assert_eq!(
            in_words("Twilio", &error),
            "Authentication failed — check the Account SID and auth token (error 20003)"
        );
        let closebot = CallError::Unauthorized {
            provider: "CloseBot",
            status: 401,
            code: None,
            message: "Unauthorized".into(),
        };
        assert!(in_words("CloseBot", &closebot).contains("refused the API key"));
    }
}
