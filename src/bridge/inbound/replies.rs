//! The app's own answers to an inbound text: the STOP/START/HELP replies,
//! the after-hours reply and the greeting, each asked of the eligibility rule.

use super::InboundSms;
use crate::bridge::events::{on_route, subject};
use crate::bridge::outbound::{queue_sms, Origin, Outgoing};
use crate::domain::eligibility::{may_send, Audience, Automatic, Purpose, Verdict, Withheld};
use crate::domain::events::{EventData, KeywordEvent};
use crate::domain::keywords::Keyword;
use crate::domain::message::Source;
use crate::domain::trace::{Hop, HopKind};
use crate::preferences::MessagingPreferences;
use crate::storage::{Contact, MessageRef, OptOutEvidence, Route, StoreResult, Tx};

pub(super) struct Context<'a> {
    pub contact: &'a Contact,
    pub route: Option<&'a Route>,
    pub audience: Audience,
    pub sms: &'a InboundSms,
    pub messaging: &'a MessagingPreferences,
    pub now_ms: i64,
}

/// Applies STOP/START/HELP; true when a reply was queued.
pub(super) async fn apply_keyword(
    tx: &mut Tx,
    ctx: &Context<'_>,
    kind: Keyword,
    word: &str,
) -> StoreResult<bool> {
    let route_id = ctx.route.map(|r| r.id.as_str());
    let bot_name = ctx.route.and_then(|r| r.bot_name.as_deref());
    let about = KeywordEvent {
        subject: subject(ctx.contact),
        keyword: word.to_owned(),
        message_sid: Some(ctx.sms.message_sid.clone()),
        twilio_number: Some(ctx.sms.to.as_str().to_owned()),
    };
    let reply = match kind {
        Keyword::OptOut => {
            let evidence = OptOutEvidence {
                keyword: word,
                message_sid: Some(&ctx.sms.message_sid),
                at_ms: ctx.now_ms,
            };
            tx.set_opted_out(&ctx.contact.id, evidence).await?;
            let canceled = tx
                .cancel_unsent_outbound(&ctx.contact.id, Withheld::OptedOut.reason(), ctx.now_ms)
                .await?;
            for id in canceled {
                let hop =
                    Hop::skipped(HopKind::SentToTwilio, Withheld::OptedOut, ctx.now_ms).with(|d| {
                        d.opted_out_at = Some(ctx.now_ms);
                        d.opt_out_keyword = Some(word.to_owned());
                    });
                tx.trace(MessageRef::Id(id), hop);
            }
            tx.record_event(
                on_route(route_id, bot_name, EventData::OptOut(about)),
                ctx.now_ms,
            )
            .await?;
            ctx.messaging.opt_out_confirmation.clone()
        }
        Keyword::OptIn => {
            if tx.clear_opt_out(&ctx.contact.id, ctx.now_ms).await? {
                tx.record_event(
                    on_route(route_id, bot_name, EventData::OptIn(about)),
                    ctx.now_ms,
                )
                .await?;
                ctx.messaging.opt_in_confirmation.clone()
            } else {
                None
            }
        }
        Keyword::Help => {
            tx.record_event(
                on_route(route_id, bot_name, EventData::HelpRequest(about)),
                ctx.now_ms,
            )
            .await?;
            (may_send(Automatic::HelpText, &ctx.audience) == Verdict::Send)
                .then(|| ctx.messaging.help_text.clone())
        }
    };
    let Some(body) = reply.filter(|b| !b.trim().is_empty()) else {
        return Ok(false);
    };
    let purpose = match kind {
        Keyword::Help => Purpose::Automatic(Automatic::HelpText),
        Keyword::OptOut | Keyword::OptIn => Purpose::Confirmation,
    };
    send_system(tx, ctx, &body, purpose).await
}

/// The after-hours reply, at most once per contact and closed period.
pub(super) async fn after_hours_reply(
    tx: &mut Tx,
    ctx: &Context<'_>,
    route: &Route,
    opens_at: Option<i64>,
) -> StoreResult<bool> {
    let Some(body) = route
        .after_hours_reply
        .as_deref()
        .filter(|b| !b.trim().is_empty())
    else {
        return Ok(false);
    };
    if may_send(Automatic::AfterHoursReply, &ctx.audience) != Verdict::Send {
        return Ok(false);
    }
    if !tx
        .claim_after_hours_notice(&ctx.contact.id, &route.id, opens_at, ctx.now_ms)
        .await?
    {
        return Ok(false);
    }
    send_system(
        tx,
        ctx,
        body,
        Purpose::Automatic(Automatic::AfterHoursReply),
    )
    .await
}

/// The route's greeting, to a customer texting for the first time.
pub(super) async fn greet(tx: &mut Tx, ctx: &Context<'_>, route: &Route) -> StoreResult<bool> {
    let Some(body) = route
        .greeting_message
        .as_deref()
        .filter(|b| !b.trim().is_empty())
    else {
        return Ok(false);
    };
    if may_send(Automatic::Greeting, &ctx.audience) != Verdict::Send {
        return Ok(false);
    }
    send_system(tx, ctx, body, Purpose::Automatic(Automatic::Greeting)).await
}

async fn send_system(
    tx: &mut Tx,
    ctx: &Context<'_>,
    body: &str,
    purpose: Purpose,
) -> StoreResult<bool> {
    let out = Outgoing {
        contact: ctx.contact,
        route_id: ctx.route.map(|r| r.id.as_str()),
        bot_name: ctx.route.and_then(|r| r.bot_name.as_deref()),
        from_number: ctx.sms.to.as_str(),
        body,
        source: Source::System,
        sent_by_user_id: None,
        closebot_message_id: None,
        purpose,
        not_before: None,
        import_id: None,
        origin: Origin {
            request_id: ctx.sms.request_id.as_ref(),
            text_at: None,
            answers_sid: Some(&ctx.sms.message_sid),
        },
    };
    Ok(queue_sms(tx, out, ctx.now_ms).await?.is_some())
}
