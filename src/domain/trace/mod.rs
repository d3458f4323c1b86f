//! The round-trip tracer's vocabulary: the hops a message goes through
//! (webhook → stored → queued → CloseBot → bot reply → queued → Twilio →
//! status callbacks), how each ended, and why a step did not happen. The
//! "why" is read off the eligibility rule's verdict (`of_verdict`), never
//! decided a second time here.

mod timeline;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::eligibility::{Automatic, Purpose, Verdict, Withheld};

pub use timeline::{timeline, TimelineHop, TracedHop};

/// A step of a message's way, declared in the pipeline's order (the order
/// of steps recorded at the same instant).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum HopKind {
    /// Twilio's inbound webhook arrived (its signature checked; maybe a repeat).
    WebhookReceived,
    /// The text was written to the database, with its queued work, in one transaction.
    Stored,
    /// The hand-over to CloseBot was queued (or held, or not queued: see `reason`).
    QueuedForBot,
    /// One attempt at handing the text to the route's CloseBot source.
    ForwardedToBot,
    /// CloseBot's reply reached our callback URL.
    BotReplyReceived,
    /// An outbound text was queued for Twilio (or kept unsent: see `reason`).
    QueuedForSend,
    /// One attempt at handing the text to Twilio (or the send not made: see `reason`).
    SentToTwilio,
    /// A delivery status Twilio posted to our status callback.
    StatusCallback,
    /// A delivery status looked up at Twilio because no final callback came.
    StatusLookup,
}

impl HopKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WebhookReceived => "webhook_received",
            Self::Stored => "stored",
            Self::QueuedForBot => "queued_for_bot",
            Self::ForwardedToBot => "forwarded_to_bot",
            Self::BotReplyReceived => "bot_reply_received",
            Self::QueuedForSend => "queued_for_send",
            Self::SentToTwilio => "sent_to_twilio",
            Self::StatusCallback => "status_callback",
            Self::StatusLookup => "status_lookup",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            Self::WebhookReceived,
            Self::Stored,
            Self::QueuedForBot,
            Self::ForwardedToBot,
            Self::BotReplyReceived,
            Self::QueuedForSend,
            Self::SentToTwilio,
            Self::StatusCallback,
            Self::StatusLookup,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == raw)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum HopStatus {
    /// It happened.
    Ok,
    /// It was tried and did not work (see `error`).
    Failed,
    /// It did not happen and will not (see `reason`).
    Skipped,
    /// Not yet: it happens later (see `reason` and `retryAt`).
    Pending,
}

impl HopStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
            Self::Pending => "pending",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Ok, Self::Failed, Self::Skipped, Self::Pending]
            .into_iter()
            .find(|status| status.as_str() == raw)
    }
}

/// Why a step did not happen (yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum SkipReason {
    /// The contact opted out (STOP, or Twilio's 21610).
    OptedOut,
    /// A person took the conversation over from the bot.
    HumanMode,
    /// The route is closed now: held until it opens (`retryAt`), or a
    /// greeting not sent while closed.
    ClosedHours,
    /// The number's route is switched off.
    RoutePaused,
    /// Kept back for another reason, said in `reasonText` (no route, route
    /// deleted, a keyword or survey score the app handles itself…).
    Withheld,
    /// The last attempt failed; the next one is due at `retryAt`.
    WaitingForRetry,
}

/// Whether Twilio's signature was checked on a webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum SignatureCheck {
    /// `X-Twilio-Signature` was right (a wrong one is refused and nothing is stored).
    Valid,
    /// `TWILIO_VALIDATE_SIGNATURES=false`: not checked.
    NotChecked,
}

/// A hop's facts besides its kind, status and time; absent ones are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HopDetail {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempt: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub took_ms: Option<i64>,
    /// What went wrong, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Twilio's error code, when it gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<SkipReason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_text: Option<String>,
    /// When the step is tried again (the opening hour, or the next attempt).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub twilio_sid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub twilio_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<SignatureCheck>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate: Option<bool>,
    /// A status callback that changed nothing (a status never moves back).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignored: Option<bool>,
    /// The opt-out's evidence, when the reason is `optedOut`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opted_out_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opt_out_keyword: Option<String>,
    /// Anything else worth saying, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One hop of a message's trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    pub kind: HopKind,
    pub status: HopStatus,
    pub at_ms: i64,
    pub detail: HopDetail,
}

impl Hop {
    pub fn new(kind: HopKind, status: HopStatus, at_ms: i64) -> Self {
        Self {
            kind,
            status,
            at_ms,
            detail: HopDetail::default(),
        }
    }

    pub fn ok(kind: HopKind, at_ms: i64) -> Self {
        Self::new(kind, HopStatus::Ok, at_ms)
    }

    /// The same hop with some of its facts filled in.
    pub fn with(mut self, fill: impl FnOnce(&mut HopDetail)) -> Self {
        fill(&mut self.detail);
        self
    }

    /// A step as the eligibility rule decided it: done, held until the route
    /// opens, or not done for the rule's reason.
    pub fn of_verdict(kind: HopKind, verdict: Verdict, at_ms: i64) -> Self {
        match verdict {
            Verdict::Send => Self::ok(kind, at_ms),
            Verdict::Hold { until } => Self::new(kind, HopStatus::Pending, at_ms).with(|d| {
                d.reason = Some(SkipReason::ClosedHours);
                d.retry_at = until;
                d.reason_text = Some(match until {
                    Some(_) => "Held: the route is closed; it goes when the route opens".into(),
                    None => {
                        "Held: the route's hours never open as set; it goes when they change".into()
                    }
                });
            }),
            Verdict::Withhold(why) => Self::skipped(kind, why, at_ms),
        }
    }

    /// A step the eligibility rule withheld.
    pub fn skipped(kind: HopKind, why: Withheld, at_ms: i64) -> Self {
        Self::new(kind, HopStatus::Skipped, at_ms).with(|d| {
            d.reason = Some(reason_of(why));
            d.reason_text = Some(why.reason().to_owned());
        })
    }

    /// A step the app kept back for a reason of its own (not the
    /// eligibility rule's): a keyword, a survey score.
    pub fn withheld(kind: HopKind, why: &str, at_ms: i64) -> Self {
        Self::new(kind, HopStatus::Skipped, at_ms).with(|d| {
            d.reason = Some(SkipReason::Withheld);
            d.reason_text = Some(why.to_owned());
        })
    }
}

/// A delivery status's hop (from a callback or a lookup): failed for a
/// final failure, with Twilio's error.
pub fn status_hop(
    kind: HopKind,
    status: &str,
    error_code: Option<&str>,
    error_message: Option<&str>,
    at_ms: i64,
) -> Hop {
    let failed = matches!(status, "failed" | "undelivered");
    let outcome = if failed {
        HopStatus::Failed
    } else {
        HopStatus::Ok
    };
    Hop::new(kind, outcome, at_ms).with(|d| {
        d.twilio_status = Some(status.to_owned());
        d.error_code = error_code.map(str::to_owned);
        d.error = error_message.map(str::to_owned);
    })
}

/// The tracer's name for the eligibility rule's reason.
pub fn reason_of(why: Withheld) -> SkipReason {
    match why {
        Withheld::OptedOut => SkipReason::OptedOut,
        Withheld::HumanMode => SkipReason::HumanMode,
        Withheld::RouteInactive => SkipReason::RoutePaused,
        Withheld::Closed => SkipReason::ClosedHours,
        Withheld::NoRoute | Withheld::RouteDeleted | Withheld::Open => SkipReason::Withheld,
    }
}

/// Where an outbound text came from, in words (its first hop's note).
pub fn origin_of(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Automatic(Automatic::BotReply) => "The bot's reply",
        Purpose::Automatic(Automatic::Greeting) => "The route's greeting to a first-time customer",
        Purpose::Automatic(Automatic::AfterHoursReply) => "The route's after-hours reply",
        Purpose::Automatic(Automatic::HelpText) => "The help text (the customer sent HELP)",
        Purpose::Automatic(Automatic::Survey) => "The satisfaction survey",
        Purpose::Automatic(Automatic::SurveyThanks) => "The thank-you for a survey score",
        Purpose::Automatic(Automatic::BotForward) => "A text for the bot",
        Purpose::Manual => "A manual reply from the dashboard",
        Purpose::Confirmation => "The confirmation of STOP or START",
    }
}

#[cfg(test)]
mod tests;
