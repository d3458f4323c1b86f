//! The id of one HTTP request (`x-request-id`). It is kept with the work the
//! request starts (the jobs an inbound text queues, the state handed to
//! CloseBot), so the logs of every hop of one text carry the same id.

use std::fmt;

/// A request id that is safe to log and store: 1 to 64 characters of
/// letters, digits and `-_.:=+/` (UUIDs, ULIDs, base64, trace headers).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestId(String);

impl RequestId {
    pub const MAX_LEN: usize = 64;

    /// A caller's id, if it is sane (anything else is replaced, never logged).
    pub fn parse(raw: &str) -> Option<Self> {
        let sane = (1..=Self::MAX_LEN).contains(&raw.len())
            && raw.bytes().all(|b| {
                b.is_ascii_alphanumeric()
                    || matches!(b, b'-' | b'_' | b'.' | b':' | b'=' | b'+' | b'/')
            });
        sane.then(|| Self(raw.to_owned()))
    }

    /// A fresh id: 32 random hex characters.
    pub fn generate() -> Self {
        Self(super::ids::random_hex(16))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_ids_proxies_and_clients_send() {
        for raw in [
            "3f2b9c1e-7a4d-4f0e-9b1a-2c3d4e5f6a7b",
            "req_01HZX3",
            "a",
            "Root=1-5759e988:abc.def",
            "dGVzdA+/==",
        ] {
            assert_eq!(RequestId::parse(raw).unwrap().as_str(), raw);
        }
    }

    #[test]
    fn refuses_ids_that_could_forge_or_flood_a_log() {
        let long = "x".repeat(RequestId::MAX_LEN + 1);
        for raw in [
            "",
            "two words",
            "line\nbreak",
            "quote\"",
            "{json}",
            "é",
            &long,
        ] {
            assert_eq!(RequestId::parse(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn generated_ids_are_sane_and_distinct() {
        let (a, b) = (RequestId::generate(), RequestId::generate());
        assert_ne!(a, b);
        assert_eq!(RequestId::parse(a.as_str()), Some(a.clone()));
        assert_eq!(a.as_str().len(), 32);
    }
}
