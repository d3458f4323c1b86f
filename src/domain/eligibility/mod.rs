//! May this automatic message go to this contact now? One rule, asked by
//! every path that hands a text to the bot or texts a customer on its own:
//! the inbound webhook, the forward to CloseBot, a bot reply, and the send to
//! Twilio (which asks again, since things change while a text waits).
//!
//! The checks, in order: an opted-out contact gets nothing; the help text
//! needs nothing more; everything else needs a route in force and switched
//! on, and a conversation the bot still has (no person took it over). Then
//! the hours: a forward and a satisfaction survey wait for opening, a greeting
//! is for open hours, an after-hours reply for closed ones; a bot reply and
//! the survey's thank-you answer whenever they come.

use super::message::ConversationMode;

/// What would be sent (or handed to the bot).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Automatic {
    /// The customer's text, handed to the route's CloseBot source.
    BotForward,
    /// The bot's answer, texted to the customer.
    BotReply,
    /// The route's greeting, to a customer texting for the first time.
    Greeting,
    /// The route's reply outside its business hours.
    AfterHoursReply,
    /// The answer to HELP/INFO.
    HelpText,
    /// The route's satisfaction survey ("How did we do? Reply 1–5").
    Survey,
    /// The thank-you for a survey's score.
    SurveyThanks,
}

/// The route a contact's text arrived on, as it stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteState {
    /// No route has this number.
    Missing,
    Deleted,
    Inactive,
    Active(Hours),
}

/// The route's business hours at this moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hours {
    Open,
    /// Closed; opens at this instant (epoch ms), or never with the hours as set.
    Closed {
        opens_at: Option<i64>,
    },
}

/// Who would receive it, as things stand now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Audience {
    pub opted_out: bool,
    pub mode: ConversationMode,
    pub route: RouteState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Send,
    /// Not yet: send when the route opens (`None`: when its hours change).
    Hold {
        until: Option<i64>,
    },
    /// Not at all; kept (when it is a message) with the reason.
    Withhold(Withheld),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withheld {
    OptedOut,
    HumanMode,
    NoRoute,
    RouteDeleted,
    RouteInactive,
    /// A greeting while the route is closed (the after-hours reply goes instead).
    Closed,
    /// An after-hours reply while the route is open.
    Open,
}

impl Withheld {
    /// Why, in words for the thread.
    pub fn reason(self) -> &'static str {
        match self {
            Self::OptedOut => "Not sent: the customer opted out (STOP)",
            Self::HumanMode => "Not sent: a person had taken over the conversation",
            Self::NoRoute => "Not sent: no route answers this number",
            Self::RouteDeleted => "Not sent: the number's route was deleted",
            Self::RouteInactive => "Not sent: the number's route is switched off",
            Self::Closed => "Not sent: the route is closed now",
            Self::Open => "Not sent: the route is open now",
        }
    }
}

pub fn may_send(what: Automatic, to: &Audience) -> Verdict {
    use Verdict::{Hold, Send, Withhold};
    if to.opted_out {
        return Withhold(Withheld::OptedOut);
    }
    if what == Automatic::HelpText {
        return Send;
    }
    let hours = match to.route {
        RouteState::Missing => return Withhold(Withheld::NoRoute),
        RouteState::Deleted => return Withhold(Withheld::RouteDeleted),
        RouteState::Inactive => return Withhold(Withheld::RouteInactive),
        RouteState::Active(hours) => hours,
    };
    if to.mode == ConversationMode::Human {
        return Withhold(Withheld::HumanMode);
    }
    match (what, hours) {
        (Automatic::BotReply | Automatic::SurveyThanks, _) => Send,
        (Automatic::BotForward | Automatic::Greeting | Automatic::Survey, Hours::Open) => Send,
        (Automatic::BotForward | Automatic::Survey, Hours::Closed { opens_at }) => {
            Hold { until: opens_at }
        }
        (Automatic::Greeting, Hours::Closed { .. }) => Withhold(Withheld::Closed),
        (Automatic::AfterHoursReply, Hours::Closed { .. }) => Send,
        (Automatic::AfterHoursReply, Hours::Open) => Withhold(Withheld::Open),
        (Automatic::HelpText, _) => Send,
    }
}

/// Any text we send, and so the rule its send follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Automatic(Automatic),
    /// A person's reply from the dashboard.
    Manual,
    /// The confirmation of a STOP or START, which must reach even a contact
    /// who just opted out.
    Confirmation,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Automatic(Automatic::BotForward) => "bot_forward",
            Self::Automatic(Automatic::BotReply) => "bot_reply",
            Self::Automatic(Automatic::Greeting) => "greeting",
            Self::Automatic(Automatic::AfterHoursReply) => "after_hours_reply",
            Self::Automatic(Automatic::HelpText) => "help_text",
            Self::Automatic(Automatic::Survey) => "survey",
            Self::Automatic(Automatic::SurveyThanks) => "survey_thanks",
            Self::Manual => "manual",
            Self::Confirmation => "confirmation",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "bot_forward" => Self::Automatic(Automatic::BotForward),
            "bot_reply" => Self::Automatic(Automatic::BotReply),
            "greeting" => Self::Automatic(Automatic::Greeting),
            "after_hours_reply" => Self::Automatic(Automatic::AfterHoursReply),
            "help_text" => Self::Automatic(Automatic::HelpText),
            "survey" => Self::Automatic(Automatic::Survey),
            "survey_thanks" => Self::Automatic(Automatic::SurveyThanks),
            "manual" => Self::Manual,
            "confirmation" => Self::Confirmation,
            _ => return None,
        })
    }
}

/// The rule for any text: automatic ones as [`may_send`] says; a person's
/// reply to anyone not opted out; a confirmation always.
pub fn may_text(what: Purpose, to: &Audience) -> Verdict {
    match what {
        Purpose::Automatic(what) => may_send(what, to),
        Purpose::Manual if to.opted_out => Verdict::Withhold(Withheld::OptedOut),
        Purpose::Manual | Purpose::Confirmation => Verdict::Send,
    }
}

#[cfg(test)]
mod tests;
