//! The activity events the dashboard's live feed and `/api/events` carry.
//! Every kind and its payload is a type here, described in the OpenAPI
//! document (`EventData`), from which the web app's event types and parser
//! are generated: the client knows exactly the kinds the server sends.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::message::{ConversationMode, Direction, Source};

/// The contact an event is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Subject {
    pub contact_id: String,
    /// E.164.
    pub phone: String,
    #[schema(required = true)]
    pub name: Option<String>,
}

/// One event, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventData {
    /// A customer's text arrived.
    MessageIn(MessageEvent),
    /// A text was queued for the customer (bot, person or the app itself).
    MessageOut(MessageEvent),
    /// A reply that must not go out (opted out, takeover, route off) was kept unsent.
    ReplySuppressed(SuppressedReply),
    /// A sent text's delivery status moved forward.
    StatusChange(StatusChange),
    /// A phone number texted for the first time.
    NewLead(NewLead),
    /// A text arrived on a number with no route in force.
    Unrouted(Unrouted),
    OptOut(KeywordEvent),
    OptIn(KeywordEvent),
    HelpRequest(KeywordEvent),
    /// A person took the conversation over from the bot.
    HumanTakeover(ModeChange),
    /// The conversation was handed back to the bot.
    BotResumed(ModeChange),
    /// What CloseBot said when its AI was switched off or on for the lead.
    BotToggle(BotToggle),
    /// CloseBot refused a forwarded text, or it could not be reached in time.
    ForwardFailed(ForwardFailed),
    /// Someone read the conversation in the dashboard.
    ConversationRead(ConversationRead),
}

/// Every `type` the server sends, in the order of `EventData`.
pub const EVENT_TYPES: [&str; 14] = [
    "message_in",
    "message_out",
    "reply_suppressed",
    "status_change",
    "new_lead",
    "unrouted",
    "opt_out",
    "opt_in",
    "help_request",
    "human_takeover",
    "bot_resumed",
    "bot_toggle",
    "forward_failed",
    "conversation_read",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageEvent {
    #[serde(flatten)]
    pub subject: Subject,
    pub message_id: String,
    pub body: String,
    pub direction: Direction,
    pub source: Source,
    /// Outbound: the delivery status. Inbound: what became of the text on its
    /// way to the bot (queued, held, keyword, human, opted_out, no_route…).
    #[schema(required = true)]
    pub twilio_status: Option<String>,
    pub mode: ConversationMode,
    pub contact_status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SuppressedReply {
    #[serde(flatten)]
    pub message: MessageEvent,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    #[serde(flatten)]
    pub subject: Subject,
    pub message_id: String,
    #[schema(required = true)]
    pub body: Option<String>,
    #[schema(required = true)]
    pub twilio_sid: Option<String>,
    pub twilio_status: String,
    #[schema(required = true)]
    pub error_code: Option<String>,
    #[schema(required = true)]
    pub error_message: Option<String>,
    /// A plain-language reading of `errorCode`.
    #[schema(required = true)]
    pub error_explanation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewLead {
    #[serde(flatten)]
    pub subject: Subject,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Unrouted {
    #[serde(flatten)]
    pub subject: Subject,
    pub message_id: String,
    pub twilio_number: String,
    pub reason: String,
}

/// STOP, START or HELP (or Twilio's 21610, `keyword` `twilio:21610`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KeywordEvent {
    #[serde(flatten)]
    pub subject: Subject,
    pub keyword: String,
    #[schema(required = true)]
    pub message_sid: Option<String>,
    #[schema(required = true)]
    pub twilio_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ModeChange {
    #[serde(flatten)]
    pub subject: Subject,
    pub mode: ConversationMode,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotToggle {
    #[serde(flatten)]
    pub subject: Subject,
    /// What was asked: the AI on (`true`) or off.
    pub enabled: bool,
    /// Whether CloseBot applied it.
    pub applied: bool,
    #[schema(required = true)]
    pub reason: Option<String>,
    #[schema(required = true)]
    pub lead_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ForwardFailed {
    #[serde(flatten)]
    pub subject: Subject,
    pub message_id: String,
    pub error: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversationRead {
    #[serde(flatten)]
    pub subject: Subject,
}

impl EventData {
    /// The event's `type`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::MessageIn(_) => "message_in",
            Self::MessageOut(_) => "message_out",
            Self::ReplySuppressed(_) => "reply_suppressed",
            Self::StatusChange(_) => "status_change",
            Self::NewLead(_) => "new_lead",
            Self::Unrouted(_) => "unrouted",
            Self::OptOut(_) => "opt_out",
            Self::OptIn(_) => "opt_in",
            Self::HelpRequest(_) => "help_request",
            Self::HumanTakeover(_) => "human_takeover",
            Self::BotResumed(_) => "bot_resumed",
            Self::BotToggle(_) => "bot_toggle",
            Self::ForwardFailed(_) => "forward_failed",
            Self::ConversationRead(_) => "conversation_read",
        }
    }

    pub fn subject(&self) -> &Subject {
        match self {
            Self::MessageIn(e) | Self::MessageOut(e) => &e.subject,
            Self::ReplySuppressed(e) => &e.message.subject,
            Self::StatusChange(e) => &e.subject,
            Self::NewLead(e) => &e.subject,
            Self::Unrouted(e) => &e.subject,
            Self::OptOut(e) | Self::OptIn(e) | Self::HelpRequest(e) => &e.subject,
            Self::HumanTakeover(e) | Self::BotResumed(e) => &e.subject,
            Self::BotToggle(e) => &e.subject,
            Self::ForwardFailed(e) => &e.subject,
            Self::ConversationRead(e) => &e.subject,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject() -> Subject {
        Subject {
            contact_id: "c1".into(),
            phone: "+15551234567".into(),
            name: None,
        }
    }

    #[test]
    fn events_serialise_flat_with_their_type_and_read_back() {
        let event = EventData::ReplySuppressed(SuppressedReply {
            message: MessageEvent {
                subject: subject(),
                message_id: "7".into(),
                body: "Hi".into(),
                direction: Direction::Outbound,
                source: Source::Bot,
                twilio_status: Some("canceled".into()),
                mode: ConversationMode::Human,
                contact_status: "active".into(),
            },
            reason: "Not sent".into(),
        });
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["type"], "reply_suppressed");
        assert_eq!(json["contactId"], "c1");
        assert_eq!(json["messageId"], "7");
        assert_eq!(json["reason"], "Not sent");
        assert_eq!(serde_json::from_value::<EventData>(json).unwrap(), event);
    }

    #[test]
    fn every_kind_is_listed_once() {
        let kinds = [
            EventData::NewLead(NewLead { subject: subject() }).kind(),
            EventData::ConversationRead(ConversationRead { subject: subject() }).kind(),
        ];
        for kind in kinds {
            assert!(EVENT_TYPES.contains(&kind));
        }
        let unique: std::collections::HashSet<_> = EVENT_TYPES.iter().collect();
        assert_eq!(unique.len(), EVENT_TYPES.len());
    }
}
