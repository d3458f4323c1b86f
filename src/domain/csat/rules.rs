//! May this contact be surveyed now? One pure rule, asked by the survey
//! sweep for every candidate (and, for the parts that can change while the
//! text waits, by the send through `eligibility` again).
//!
//! In order: the route's survey must be on; the contact must be one the app
//! may text automatically (not opted out, no person in charge, a route in
//! force, see `eligibility`); nobody is asked twice in 30 days (answered or
//! not); a quiet conversation must still be quiet and must be one the
//! customer took part in (an import's one-way first message is no
//! conversation); and outside business hours the survey waits for opening.

use super::REPEAT_AFTER_MS;
use crate::domain::eligibility::{may_send, Audience, Automatic, Verdict, Withheld};

/// Why a contact is a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// Their status became `booked`.
    Booking,
    /// Nothing was said either way for the route's quiet time.
    Quiet,
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Booking => "booking",
            Self::Quiet => "quiet",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "booking" => Some(Self::Booking),
            "quiet" => Some(Self::Quiet),
            _ => None,
        }
    }
}

/// What the rule needs to know, as things stand now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SurveyFacts {
    pub trigger: Trigger,
    /// The route's survey is switched on.
    pub survey_enabled: bool,
    pub audience: Audience,
    /// When the contact was last surveyed, if ever.
    pub last_survey_at: Option<i64>,
    /// The customer has texted us at least once.
    pub customer_texted: bool,
    /// Quiet trigger: no message since the one the conversation went quiet after.
    pub still_quiet: bool,
    pub now_ms: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyVerdict {
    Send,
    /// Closed now: ask again when the route opens (`None`: when its hours change).
    Wait {
        until: Option<i64>,
    },
    Skip(NotSurveyed),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotSurveyed {
    SurveyOff,
    /// The eligibility rule says no (opted out, human mode, route off or gone).
    Ineligible(Withheld),
    /// Surveyed less than 30 days ago.
    RecentlySurveyed,
    /// The customer never texted: there was no conversation to rate.
    NoConversation,
    /// Someone spoke since: the conversation is not quiet any more.
    ConversationResumed,
}

pub fn may_survey(facts: &SurveyFacts) -> SurveyVerdict {
    use SurveyVerdict::{Send, Skip, Wait};
    if !facts.survey_enabled {
        return Skip(NotSurveyed::SurveyOff);
    }
    let hours = match may_send(Automatic::Survey, &facts.audience) {
        Verdict::Withhold(why) => return Skip(NotSurveyed::Ineligible(why)),
        Verdict::Hold { until } => Wait { until },
        Verdict::Send => Send,
    };
    if facts
        .last_survey_at
        .is_some_and(|at| facts.now_ms - at < REPEAT_AFTER_MS)
    {
        return Skip(NotSurveyed::RecentlySurveyed);
    }
    if facts.trigger == Trigger::Quiet {
        if !facts.customer_texted {
            return Skip(NotSurveyed::NoConversation);
        }
        if !facts.still_quiet {
            return Skip(NotSurveyed::ConversationResumed);
        }
    }
    hours
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::eligibility::{Hours, RouteState};
    use crate::domain::message::ConversationMode;

    const NOW: i64 = 100 * 24 * 3_600_000;
    const DAY: i64 = 24 * 3_600_000;

    fn facts(trigger: Trigger) -> SurveyFacts {
        SurveyFacts {
            trigger,
            survey_enabled: true,
            audience: Audience {
                opted_out: false,
                mode: ConversationMode::Bot,
                route: RouteState::Active(Hours::Open),
            },
            last_survey_at: None,
            customer_texted: true,
            still_quiet: true,
            now_ms: NOW,
        }
    }

    #[test]
    fn a_quiet_conversation_or_a_booking_is_surveyed_when_all_is_well() {
        assert_eq!(may_survey(&facts(Trigger::Quiet)), SurveyVerdict::Send);
        assert_eq!(may_survey(&facts(Trigger::Booking)), SurveyVerdict::Send);
    }

    #[test]
    fn once_per_thirty_days_answered_or_not() {
        let mut f = facts(Trigger::Booking);
        f.last_survey_at = Some(NOW - 29 * DAY);
        assert_eq!(
            may_survey(&f),
            SurveyVerdict::Skip(NotSurveyed::RecentlySurveyed)
        );
        f.last_survey_at = Some(NOW - 30 * DAY);
        assert_eq!(may_survey(&f), SurveyVerdict::Send, "thirty days on");
        // An answered survey is still a survey: the date it went out decides.
        f.last_survey_at = Some(NOW - DAY);
        f.trigger = Trigger::Quiet;
        assert_eq!(
            may_survey(&f),
            SurveyVerdict::Skip(NotSurveyed::RecentlySurveyed)
        );
    }

    #[test]
    fn never_to_an_opted_out_contact_or_one_a_person_handles() {
        let mut f = facts(Trigger::Booking);
        f.audience.opted_out = true;
        assert_eq!(
            may_survey(&f),
            SurveyVerdict::Skip(NotSurveyed::Ineligible(Withheld::OptedOut))
        );
        let mut f = facts(Trigger::Quiet);
        f.audience.mode = ConversationMode::Human;
        assert_eq!(
            may_survey(&f),
            SurveyVerdict::Skip(NotSurveyed::Ineligible(Withheld::HumanMode))
        );
    }

    #[test]
    fn only_when_the_routes_survey_and_the_route_are_on() {
        let mut f = facts(Trigger::Quiet);
        f.survey_enabled = false;
        assert_eq!(may_survey(&f), SurveyVerdict::Skip(NotSurveyed::SurveyOff));
        for (route, why) in [
            (RouteState::Inactive, Withheld::RouteInactive),
            (RouteState::Deleted, Withheld::RouteDeleted),
            (RouteState::Missing, Withheld::NoRoute),
        ] {
            let mut f = facts(Trigger::Booking);
            f.audience.route = route;
            assert_eq!(
                may_survey(&f),
                SurveyVerdict::Skip(NotSurveyed::Ineligible(why))
            );
        }
    }

    #[test]
    fn outside_hours_it_waits_for_opening_but_not_for_what_opening_cannot_fix() {
        let mut f = facts(Trigger::Quiet);
        f.audience.route = RouteState::Active(Hours::Closed {
            opens_at: Some(NOW + 3_600_000),
        });
        assert_eq!(
            may_survey(&f),
            SurveyVerdict::Wait {
                until: Some(NOW + 3_600_000)
            }
        );
        f.last_survey_at = Some(NOW - DAY);
        assert_eq!(
            may_survey(&f),
            SurveyVerdict::Skip(NotSurveyed::RecentlySurveyed)
        );
    }

    #[test]
    fn a_quiet_survey_needs_a_conversation_that_is_still_quiet() {
        let mut f = facts(Trigger::Quiet);
        f.customer_texted = false;
        assert_eq!(
            may_survey(&f),
            SurveyVerdict::Skip(NotSurveyed::NoConversation)
        );
        let mut f = facts(Trigger::Quiet);
        f.still_quiet = false;
        assert_eq!(
            may_survey(&f),
            SurveyVerdict::Skip(NotSurveyed::ConversationResumed)
        );
        // A booking is reason enough, whatever was said since.
        let mut f = facts(Trigger::Booking);
        f.customer_texted = false;
        f.still_quiet = false;
        assert_eq!(may_survey(&f), SurveyVerdict::Send);
    }
}
