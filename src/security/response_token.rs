//! The secret in CloseBot's callback URL. Rotating it keeps the previous
//! token valid for a day, so replies already on their way (and sources not
//! yet re-pointed) still get through.

use std::sync::RwLock;

use subtle::ConstantTimeEq;

/// How long a rotated-out token is still accepted.
pub const GRACE_MS: i64 = 24 * 3600 * 1000;

pub struct ResponseTokens(RwLock<Tokens>);

#[derive(Clone)]
struct Tokens {
    current: String,
    /// The token before the last rotation, and until when it is accepted.
    previous: Option<(String, i64)>,
}

impl ResponseTokens {
    pub fn new(current: String, previous: Option<(String, i64)>) -> Self {
        Self(RwLock::new(Tokens { current, previous }))
    }

    pub fn current(&self) -> String {
        self.0
            .read()
            .expect("token lock is never poisoned")
            .current
            .clone()
    }

    /// Whether a callback carrying `token` comes from us (compared in constant time).
    pub fn accepts(&self, token: &str, now_ms: i64) -> bool {
        let tokens = self.0.read().expect("token lock is never poisoned").clone();
        let matches = |known: &str| bool::from(token.as_bytes().ct_eq(known.as_bytes()));
        let previous = tokens
            .previous
            .as_ref()
            .is_some_and(|(old, until)| now_ms < *until && matches(old));
        matches(&tokens.current) | previous
    }

    /// Takes the tokens as saved (by a rotation here or on another instance).
    pub fn replace(&self, current: String, previous: Option<(String, i64)>) {
        *self.0.write().expect("token lock is never poisoned") = Tokens { current, previous };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_previous_token_is_accepted_for_a_day_after_a_rotation_is_saved() {
        let tokens = ResponseTokens::new("old".into(), None);
        assert!(tokens.accepts("old", 0));
        assert!(!tokens.accepts("new", 0));
        tokens.replace("new".into(), Some(("old".into(), 1_000 + GRACE_MS)));
        assert_eq!(tokens.current(), "new");
        assert!(tokens.accepts("new", 2_000));
        assert!(tokens.accepts("old", 2_000));
        assert!(!tokens.accepts("old", 1_000 + GRACE_MS));
        assert!(!tokens.accepts("", 2_000));
    }
}
