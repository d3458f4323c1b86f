//! Message vocabulary shared by storage, the bridge and the API.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Inbound,
    Outbound,
}

/// Who wrote a message: the customer, the CloseBot bot, a person in the
/// dashboard, or the app itself (after-hours reply, help text, greeting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Customer,
    Bot,
    Manual,
    System,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inbound => "inbound",
            Self::Outbound => "outbound",
        }
    }
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "inbound" => Some(Self::Inbound),
            "outbound" => Some(Self::Outbound),
            _ => None,
        }
    }
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::Bot => "bot",
            Self::Manual => "manual",
            Self::System => "system",
        }
    }
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "customer" => Some(Self::Customer),
            "bot" => Some(Self::Bot),
            "manual" => Some(Self::Manual),
            "system" => Some(Self::System),
            _ => None,
        }
    }
}

/// Who answers a conversation: the CloseBot bot, or a person who took it over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ConversationMode {
    Bot,
    Human,
}

impl ConversationMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bot => "bot",
            Self::Human => "human",
        }
    }
}

impl TryFrom<String> for ConversationMode {
    type Error = String;
    fn try_from(raw: String) -> Result<Self, String> {
        match raw.as_str() {
            "bot" => Ok(Self::Bot),
            "human" => Ok(Self::Human),
            _ => Err(format!("unknown conversation mode `{raw}`")),
        }
    }
}

/// Whether a Twilio status may replace the one already stored.
///
/// Twilio's callbacks are not ordered (`sent` can arrive after `delivered`),
/// so a status only ever moves forward: queued → sending → sent → delivered →
/// read. `undelivered`, `failed` and `canceled` are final, and `delivered`
/// only gives way to `read`.
pub fn status_may_advance(current: Option<&str>, next: &str) -> bool {
    let Some(next_rank) = status_rank(next) else {
        return false;
    };
    let Some(current) = current else {
        return true;
    };
    match current {
        "undelivered" | "failed" | "canceled" | "read" => false,
        "delivered" => next == "read",
        _ => status_rank(current).is_none_or(|rank| next_rank > rank),
    }
}

fn status_rank(status: &str) -> Option<u8> {
    Some(match status {
        "accepted" | "scheduled" | "queued" => 0,
        "sending" => 1,
        "sent" => 2,
        "delivered" | "undelivered" | "failed" | "canceled" => 3,
        "read" => 4,
        _ => return None,
    })
}

pub fn is_final_status(status: &str) -> bool {
    matches!(
        status,
        "delivered" | "read" | "undelivered" | "failed" | "canceled"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_only_move_forward() {
        assert!(status_may_advance(None, "queued"));
        assert!(status_may_advance(Some("queued"), "sent"));
        assert!(status_may_advance(Some("sent"), "delivered"));
        assert!(status_may_advance(Some("delivered"), "read"));
        assert!(!status_may_advance(Some("delivered"), "sent"));
        assert!(!status_may_advance(Some("sent"), "sending"));
        assert!(!status_may_advance(Some("sent"), "sent"));
    }

    #[test]
    fn final_states_stay() {
        for done in ["failed", "undelivered", "canceled"] {
            for next in ["queued", "sent", "delivered", "read", "failed"] {
                assert!(!status_may_advance(Some(done), next), "{done} -> {next}");
            }
        }
        assert!(!status_may_advance(Some("delivered"), "undelivered"));
        assert!(status_may_advance(Some("sent"), "undelivered"));
    }

    #[test]
    fn unknown_statuses_are_ignored() {
        assert!(!status_may_advance(Some("sent"), "exploded"));
        assert!(!status_may_advance(None, ""));
    }
}
