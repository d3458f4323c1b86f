//! The facts the eligibility rule (`domain::eligibility`) needs, read off a
//! stored contact and its route, and what a forward's verdict is called in
//! `messages.forward_state`.

use crate::domain::business_hours::hours_at;
use crate::domain::eligibility::{Audience, RouteState, Verdict, Withheld};
use crate::storage::{Contact, Route};

pub fn audience(contact: &Contact, route: Option<&Route>, now_ms: i64) -> Audience {
    Audience {
        opted_out: contact.opted_out,
        mode: contact.mode,
        route: route_state(route, now_ms),
    }
}

pub fn route_state(route: Option<&Route>, now_ms: i64) -> RouteState {
    match route {
        None => RouteState::Missing,
        Some(route) if route.is_deleted() => RouteState::Deleted,
        Some(route) if !route.active => RouteState::Inactive,
        Some(route) => RouteState::Active(hours_at(route.business_hours.as_ref(), now_ms)),
    }
}

/// What became of an inbound text on its way to the bot (`messages.forward_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForwardDecision {
    Queued,
    /// Outside business hours: forwarded when the route opens.
    Held,
    Keyword,
    /// The score of a satisfaction survey: recorded, not the bot's.
    SurveyAnswer,
    Human,
    OptedOut,
    NoRoute,
    RouteDeleted,
    InactiveRoute,
}

impl ForwardDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Held => "held",
            Self::Keyword => "keyword",
            Self::SurveyAnswer => "survey_answer",
            Self::Human => "human",
            Self::OptedOut => "opted_out",
            Self::NoRoute => "no_route",
            Self::RouteDeleted => "route_deleted",
            Self::InactiveRoute => "inactive_route",
        }
    }

    /// The verdict on a `BotForward`.
    pub fn of(verdict: Verdict) -> Self {
        match verdict {
            Verdict::Send | Verdict::Withhold(Withheld::Open) => Self::Queued,
            Verdict::Hold { .. } | Verdict::Withhold(Withheld::Closed) => Self::Held,
            Verdict::Withhold(Withheld::OptedOut) => Self::OptedOut,
            Verdict::Withhold(Withheld::HumanMode) => Self::Human,
            Verdict::Withhold(Withheld::NoRoute) => Self::NoRoute,
            Verdict::Withhold(Withheld::RouteDeleted) => Self::RouteDeleted,
            Verdict::Withhold(Withheld::RouteInactive) => Self::InactiveRoute,
        }
    }
}
