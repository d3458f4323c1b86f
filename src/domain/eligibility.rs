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
mod tests {
    use super::*;
    use Automatic::*;

    const ALL: [Automatic; 7] = [
        BotForward,
        BotReply,
        Greeting,
        AfterHoursReply,
        HelpText,
        Survey,
        SurveyThanks,
    ];
    /// Everything but the help text, which needs no route.
    const ROUTED: [Automatic; 6] = [
        BotForward,
        BotReply,
        Greeting,
        AfterHoursReply,
        Survey,
        SurveyThanks,
    ];
    const CLOSED: Hours = Hours::Closed {
        opens_at: Some(1_000),
    };

    fn audience(route: RouteState) -> Audience {
        Audience {
            opted_out: false,
            mode: ConversationMode::Bot,
            route,
        }
    }

    #[test]
    fn an_opted_out_contact_gets_nothing_at_all() {
        let to = Audience {
            opted_out: true,
            ..audience(RouteState::Active(Hours::Open))
        };
        for what in ALL {
            assert_eq!(
                may_send(what, &to),
                Verdict::Withhold(Withheld::OptedOut),
                "{what:?}"
            );
        }
    }

    #[test]
    fn help_goes_to_anyone_not_opted_out_whatever_the_route() {
        for route in [
            RouteState::Missing,
            RouteState::Deleted,
            RouteState::Inactive,
            RouteState::Active(CLOSED),
        ] {
            let human = Audience {
                mode: ConversationMode::Human,
                ..audience(route)
            };
            assert_eq!(may_send(HelpText, &human), Verdict::Send, "{route:?}");
        }
    }

    #[test]
    fn without_a_route_in_force_the_bot_is_silent() {
        let cases = [
            (RouteState::Missing, Withheld::NoRoute),
            (RouteState::Deleted, Withheld::RouteDeleted),
            (RouteState::Inactive, Withheld::RouteInactive),
        ];
        for (route, why) in cases {
            for what in ROUTED {
                assert_eq!(
                    may_send(what, &audience(route)),
                    Verdict::Withhold(why),
                    "{what:?} {route:?}"
                );
            }
        }
    }

    #[test]
    fn a_person_in_charge_silences_the_bot_and_its_notices() {
        let to = Audience {
            mode: ConversationMode::Human,
            ..audience(RouteState::Active(Hours::Open))
        };
        for what in ROUTED {
            assert_eq!(
                may_send(what, &to),
                Verdict::Withhold(Withheld::HumanMode),
                "{what:?}"
            );
        }
    }

    #[test]
    fn hours_hold_forwards_and_pick_the_notice() {
        let open = audience(RouteState::Active(Hours::Open));
        let closed = audience(RouteState::Active(CLOSED));
        assert_eq!(may_send(BotForward, &open), Verdict::Send);
        assert_eq!(
            may_send(BotForward, &closed),
            Verdict::Hold { until: Some(1_000) }
        );
        let never = audience(RouteState::Active(Hours::Closed { opens_at: None }));
        assert_eq!(may_send(BotForward, &never), Verdict::Hold { until: None });
        assert_eq!(may_send(Greeting, &open), Verdict::Send);
        assert_eq!(
            may_send(Greeting, &closed),
            Verdict::Withhold(Withheld::Closed)
        );
        assert_eq!(may_send(AfterHoursReply, &closed), Verdict::Send);
        assert_eq!(
            may_send(AfterHoursReply, &open),
            Verdict::Withhold(Withheld::Open)
        );
    }

    #[test]
    fn people_may_text_anyone_not_opted_out_and_confirmations_always_go() {
        let human_closed = Audience {
            mode: ConversationMode::Human,
            ..audience(RouteState::Inactive)
        };
        assert_eq!(may_text(Purpose::Manual, &human_closed), Verdict::Send);
        let opted_out = Audience {
            opted_out: true,
            ..human_closed
        };
        assert_eq!(
            may_text(Purpose::Manual, &opted_out),
            Verdict::Withhold(Withheld::OptedOut)
        );
        assert_eq!(may_text(Purpose::Confirmation, &opted_out), Verdict::Send);
        for what in ALL {
            let purpose = Purpose::Automatic(what);
            assert_eq!(Purpose::parse(purpose.as_str()), Some(purpose));
            assert_eq!(may_text(purpose, &opted_out), may_send(what, &opted_out));
        }
    }

    #[test]
    fn a_bot_reply_and_a_survey_thank_you_answer_whatever_the_hour() {
        for hours in [Hours::Open, CLOSED] {
            for what in [BotReply, SurveyThanks] {
                assert_eq!(
                    may_send(what, &audience(RouteState::Active(hours))),
                    Verdict::Send
                );
            }
        }
    }

    #[test]
    fn a_survey_waits_for_opening_hours() {
        let open = audience(RouteState::Active(Hours::Open));
        let closed = audience(RouteState::Active(CLOSED));
        assert_eq!(may_send(Survey, &open), Verdict::Send);
        assert_eq!(
            may_send(Survey, &closed),
            Verdict::Hold { until: Some(1_000) }
        );
    }
}
