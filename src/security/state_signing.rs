//! The `state` object the app hands CloseBot with every event and expects
//! back with every reply. It says which Twilio number and which customer a
//! reply belongs to, so it is signed: a forged callback must never make the
//! app text an arbitrary number.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::domain::request_id::RequestId;

type HmacSha256 = Hmac<Sha256>;

const VERSION: u8 = 1;

/// What the reply needs to find its way back, plus the signature over it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BridgeState {
    pub twilio_number: String,
    pub phone_from: String,
    pub message_sid: String,
    pub route_id: String,
    pub contact_id: String,
    /// The request that brought the text in, so the reply's handling logs
    /// with the same id (absent from states signed before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// When the text was stored (ms), where the round-trip metric starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_at: Option<i64>,
    pub v: u8,
    pub sig: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StateError {
    #[error("the reply carries no state")]
    Missing,
    #[error("the reply's state is not the object the app sent")]
    Malformed,
    #[error("the reply's state is not signed by this app or was altered")]
    BadSignature,
}

impl BridgeState {
    pub fn sign(
        key: &[u8; 32],
        twilio_number: &str,
        phone_from: &str,
        message_sid: &str,
        route_id: &str,
        contact_id: &str,
    ) -> Self {
        let mut state = Self {
            twilio_number: twilio_number.into(),
            phone_from: phone_from.into(),
            message_sid: message_sid.into(),
            route_id: route_id.into(),
            contact_id: contact_id.into(),
            request_id: None,
            text_at: None,
            v: VERSION,
            sig: String::new(),
        };
        state.sig = URL_SAFE_NO_PAD.encode(state.mac(key).finalize().into_bytes());
        state
    }

    /// The same state carrying the text's request id and stored time, signed
    /// again (so a reply cannot claim another text's id either).
    pub fn traced(mut self, key: &[u8; 32], request_id: Option<&RequestId>, text_at: i64) -> Self {
        self.request_id = request_id.map(|id| id.as_str().to_owned());
        self.text_at = Some(text_at);
        self.sig = URL_SAFE_NO_PAD.encode(self.mac(key).finalize().into_bytes());
        self
    }

    /// The request id the state carries, if it is a sane one.
    pub fn request_id(&self) -> Option<RequestId> {
        self.request_id.as_deref().and_then(RequestId::parse)
    }

    /// Reads the state as CloseBot returns it (an object, or that object
    /// serialised as a JSON string) and checks its signature.
    pub fn verify(key: &[u8; 32], raw: Option<&serde_json::Value>) -> Result<Self, StateError> {
        let value = match raw {
            None | Some(serde_json::Value::Null) => return Err(StateError::Missing),
            Some(serde_json::Value::String(text)) => {
                serde_json::from_str::<serde_json::Value>(text)
                    .map_err(|_| StateError::Malformed)?
            }
            Some(other) => other.clone(),
        };
        if value.get("sig").is_none() {
            return Err(StateError::BadSignature);
        }
        let state: Self = serde_json::from_value(value).map_err(|_| StateError::Malformed)?;
        let signature = URL_SAFE_NO_PAD
            .decode(&state.sig)
            .map_err(|_| StateError::BadSignature)?;
        if state.v != VERSION || state.mac(key).verify_slice(&signature).is_err() {
            return Err(StateError::BadSignature);
        }
        Ok(state)
    }

    fn mac(&self, key: &[u8; 32]) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts 32-byte keys");
        // Length-prefixed fields, so no two different states share a message.
        for field in [
            &self.twilio_number,
            &self.phone_from,
            &self.message_sid,
            &self.route_id,
            &self.contact_id,
        ] {
            mac.update(&(field.len() as u64).to_be_bytes());
            mac.update(field.as_bytes());
        }
        mac.update(&[self.v]);
        // Only traced states sign more, so states signed before still verify;
        // each part says whether it is there, so no two states share a message.
        if self.request_id.is_some() || self.text_at.is_some() {
            let id = self.request_id.as_deref();
            mac.update(&[u8::from(id.is_some())]);
            if let Some(id) = id {
                mac.update(&(id.len() as u64).to_be_bytes());
                mac.update(id.as_bytes());
            }
            mac.update(&[u8::from(self.text_at.is_some())]);
            if let Some(at) = self.text_at {
                mac.update(&at.to_be_bytes());
            }
        }
        mac
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const KEY: [u8; 32] = [7; 32];

    fn signed() -> BridgeState {
        BridgeState::sign(
            &KEY,
            "+15005550006",
            "+15551230000",
            "SM1",
            "route1",
            "contact1",
        )
    }

    #[test]
    fn a_signed_state_verifies_as_object_or_string() {
        let value = serde_json::to_value(signed()).unwrap();
        assert_eq!(BridgeState::verify(&KEY, Some(&value)).unwrap(), signed());
        let as_string = json!(value.to_string());
        assert_eq!(
            BridgeState::verify(&KEY, Some(&as_string)).unwrap(),
            signed()
        );
    }

    #[test]
    fn altered_unsigned_or_foreign_states_are_rejected() {
        let mut value = serde_json::to_value(signed()).unwrap();
        value["phoneFrom"] = json!("+19995550000");
        assert_eq!(
            BridgeState::verify(&KEY, Some(&value)),
            Err(StateError::BadSignature)
        );

        let mut unsigned = serde_json::to_value(signed()).unwrap();
        unsigned.as_object_mut().unwrap().remove("sig");
        assert_eq!(
            BridgeState::verify(&KEY, Some(&unsigned)),
            Err(StateError::BadSignature)
        );

        let foreign = serde_json::to_value(signed()).unwrap();
        assert_eq!(
            BridgeState::verify(&[8; 32], Some(&foreign)),
            Err(StateError::BadSignature)
        );

        assert_eq!(BridgeState::verify(&KEY, None), Err(StateError::Missing));
        assert_eq!(
            BridgeState::verify(&KEY, Some(&json!("{not json"))),
            Err(StateError::Malformed)
        );
        assert_eq!(
            BridgeState::verify(&KEY, Some(&json!({"sig": "x"}))),
            Err(StateError::Malformed)
        );
    }

    #[test]
    fn a_traced_state_carries_its_request_id_and_time_signed() {
        let id = RequestId::parse("req-1").unwrap();
        let traced = signed().traced(&KEY, Some(&id), 1_700_000_000_000);
        let value = serde_json::to_value(&traced).unwrap();
        assert_eq!(value["requestId"], "req-1");
        assert_eq!(value["textAt"], 1_700_000_000_000_i64);
        let verified = BridgeState::verify(&KEY, Some(&value)).unwrap();
        assert_eq!(verified.request_id(), Some(id));
        assert_eq!(verified.text_at, Some(1_700_000_000_000));

        for (field, forged) in [("requestId", json!("req-2")), ("textAt", json!(1))] {
            let mut altered = value.clone();
            altered[field] = forged;
            assert_eq!(
                BridgeState::verify(&KEY, Some(&altered)),
                Err(StateError::BadSignature),
                "{field}"
            );
        }
        let mut stripped = value.clone();
        stripped.as_object_mut().unwrap().remove("requestId");
        assert_eq!(
            BridgeState::verify(&KEY, Some(&stripped)),
            Err(StateError::BadSignature)
        );
    }

    #[test]
    fn states_signed_before_tracing_still_verify() {
        let untraced = serde_json::to_value(signed()).unwrap();
        assert!(untraced.get("requestId").is_none());
        let verified = BridgeState::verify(&KEY, Some(&untraced)).unwrap();
        assert_eq!((verified.request_id(), verified.text_at), (None, None));
    }
}
