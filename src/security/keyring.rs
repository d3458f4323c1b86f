//! Keys derived from `APP_SECRET`, one per purpose, and encryption of stored
//! credentials (AES-256-GCM, the setting's name bound as associated data).

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::{engine::general_purpose::STANDARD, Engine};
use hkdf::Hkdf;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

const CIPHERTEXT_PREFIX: &str = "v1:";

#[derive(Clone)]
pub struct Keyring {
    credentials: [u8; 32],
    sessions: [u8; 32],
    closebot_state: [u8; 32],
}

#[derive(Debug, thiserror::Error)]
#[error("a stored credential could not be decrypted (was APP_SECRET changed?)")]
pub struct DecryptError;

impl Keyring {
    pub fn from_secret(secret: &SecretString) -> Self {
        let hkdf = Hkdf::<Sha256>::new(Some(b"closebot-sms"), secret.expose_secret().as_bytes());
        let derive = |purpose: &[u8]| {
            let mut key = [0u8; 32];
            hkdf.expand(purpose, &mut key)
                .expect("32 bytes is a valid HKDF-SHA256 output length");
            key
        };
        Self {
            credentials: derive(b"credentials-encryption"),
            sessions: derive(b"session-tokens"),
            closebot_state: derive(b"closebot-state-signing"),
        }
    }

    pub fn session_key(&self) -> &[u8; 32] {
        &self.sessions
    }

    pub fn state_key(&self) -> &[u8; 32] {
        &self.closebot_state
    }

    /// Encrypts `plaintext` for storage under the setting `name`.
    pub fn encrypt(&self, name: &str, plaintext: &str) -> String {
        let cipher = Aes256Gcm::new(&self.credentials.into());
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: name.as_bytes(),
                },
            )
            .expect("AES-GCM encryption of an in-memory buffer cannot fail");
        let mut out = nonce.to_vec();
        out.extend(sealed);
        format!("{CIPHERTEXT_PREFIX}{}", STANDARD.encode(out))
    }

    pub fn decrypt(&self, name: &str, stored: &str) -> Result<SecretString, DecryptError> {
        let raw = stored
            .strip_prefix(CIPHERTEXT_PREFIX)
            .and_then(|b64| STANDARD.decode(b64).ok())
            .filter(|raw| raw.len() > 12)
            .ok_or(DecryptError)?;
        let (nonce, sealed) = raw.split_at(12);
        let cipher = Aes256Gcm::new(&self.credentials.into());
        let plain = cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: name.as_bytes(),
                },
            )
            .map_err(|_| DecryptError)?;
        String::from_utf8(plain)
            .map(SecretString::from)
            .map_err(|_| DecryptError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyring(secret: &str) -> Keyring {
        Keyring::from_secret(&SecretString::from(secret.to_owned()))
    }

    #[test]
    fn round_trips_and_never_stores_plaintext() {
        let keys = keyring("a-long-enough-application-secret-value");
        let stored = keys.encrypt("twilio.auth_token", "super-secret-token");
        assert!(!stored.contains("super-secret-token"));
        assert_eq!(
            keys.decrypt("twilio.auth_token", &stored)
                .unwrap()
                .expose_secret(),
            "super-secret-token"
        );
    }

    #[test]
    fn wrong_key_wrong_name_or_tampering_fails() {
        let keys = keyring("a-long-enough-application-secret-value");
        let stored = keys.encrypt("closebot.api_key", "cb_123");
        assert!(keyring("another-application-secret-value-xx")
            .decrypt("closebot.api_key", &stored)
            .is_err());
        assert!(keys.decrypt("twilio.auth_token", &stored).is_err());
        let mut tampered = stored.clone();
        tampered.replace_range(10..11, if &stored[10..11] == "A" { "B" } else { "A" });
        assert!(keys.decrypt("closebot.api_key", &tampered).is_err());
        assert!(keys.decrypt("closebot.api_key", "plaintext").is_err());
    }

    #[test]
    fn purposes_get_different_keys() {
        let keys = keyring("a-long-enough-application-secret-value");
        assert_ne!(keys.session_key(), keys.state_key());
    }
}
