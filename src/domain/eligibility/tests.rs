//! The eligibility rule, case by case.

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
