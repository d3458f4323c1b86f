//! The team, surveys, alerts and the contact editor's writes, once each on
//! the main paths' rows.

use super::{Failures, NOW};
use crate::domain::csat::rules::Trigger;
use crate::domain::lead_signals::LeadSignal;
use crate::storage::{Candidate, ContactEdit, NewAlertItem, NewSurvey, Role, Store};

pub(super) async fn people_and_surveys(
    store: &Store,
    contact_id: &str,
    message_id: i64,
    failures: &mut Failures,
) {
    let team = store
        .write(|tx| {
            Box::pin(async move {
                tx.insert_user("u1", "Admin@Example.com", "hash", Role::Admin, false, NOW)
                    .await?;
                tx.insert_user("u2", "agent@example.com", "hash", Role::Agent, true, NOW)
                    .await?;
                tx.insert_session("token", "u2", NOW, NOW + 60_000).await?;
                tx.set_password("u2", "hash2", false, Some("token"), NOW)
                    .await?;
                tx.set_role("u2", Role::Admin, NOW).await?;
                tx.remove_user("u2").await.map(drop)
            })
        })
        .await;
    step!(failures, "the team's writes", team);
    // The email's case does not matter on either engine (COLLATE NOCASE, citext).
    if let Some(user) = step!(
        failures,
        "user_by_email",
        store.user_by_email("admin@EXAMPLE.com").await
    ) {
        assert!(user.is_some(), "{failures:?}");
    }
    let id = contact_id.to_owned();
    let surveys = store
        .write(move |tx| {
            Box::pin(async move {
                let survey = NewSurvey {
                    contact_id: &id,
                    route_id: "r1",
                    trigger: Trigger::Quiet,
                    message_id,
                };
                let survey_id = tx.insert_survey(survey, NOW).await?;
                let answered = tx
                    .record_survey_answer(survey_id, 5, message_id, NOW)
                    .await?;
                tx.set_survey_thank_you(survey_id, message_id).await?;
                tx.survey_still_current(&id, 0).await?;
                tx.forget_unsent_survey(&id, message_id).await?;
                let candidate = Candidate {
                    contact_id: id.clone(),
                    trigger: Trigger::Quiet,
                    quiet_after_message_id: Some(message_id),
                };
                tx.add_csat_candidate(&candidate, NOW).await?;
                tx.postpone_csat_candidate(&id, NOW).await?;
                tx.apply_lead_signal(&id, LeadSignal::Booked, NOW).await?;
                Ok(answered)
            })
        })
        .await;
    if let Some((answered, _)) = step!(failures, "the surveys' writes", surveys) {
        assert!(answered);
    }
    let id = contact_id.to_owned();
    let others = store
        .write(move |tx| {
            Box::pin(async move {
                let item = NewAlertItem {
                    channel: "email",
                    kind: "new_lead",
                    contact_id: id.clone(),
                    summary: "a new lead".into(),
                };
                tx.insert_alert_items(&[item], NOW).await?;
                tx.record_status_check(message_id, 1, None).await?;
                tx.record_created_source("src-2", "Ours", None, NOW).await?;
                tx.keep_rejected_webhook("/twilio", "unreadable", "x=1", NOW)
                    .await?;
                let edit = ContactEdit {
                    name: Some(Some("Ada".into())),
                    email: None,
                    company: Some(None),
                    tags: Some(vec!["vip".into()]),
                    status: Some("booked".into()),
                };
                let edited = tx.edit_contact(&id, &edit, NOW).await?;
                tx.finish_unsent(message_id, "canceled", None, "not sent", NOW)
                    .await?;
                Ok(edited.map(|c| c.name))
            })
        })
        .await;
    if let Some((name, _)) = step!(failures, "alerts, status checks, sources, edits", others) {
        assert_eq!(name, Some(Some("Ada".into())));
    }
}
