//! The login limiter's counting (`login_failures`) and the outcome groups'
//! three-part UNION, on a store of their own (the main paths' counts stay
//! as they are).

use super::{route_input, Failures, NOW};
use crate::domain::message::{Direction, Source};
use crate::domain::phone::PhoneNumber;
use crate::security::login_limiter::LoginKeys;
use crate::storage::{ContactUpsert, NewMessage, Store};

pub(super) async fn limits_and_groups(store: &Store) -> Failures {
    let mut failures = Failures::new();
    login_limits(store, &mut failures).await;
    outcome_groups(store, &mut failures).await;
    failures
}

async fn login_limits(store: &Store, failures: &mut Failures) {
    let guesser = LoginKeys::new("Owner@Example.com", "192.0.2.7");
    // Five wrong passwords from one address for one email go ahead …
    for n in 0..5 {
        let attempt = step!(
            failures,
            "login_failures: begin_attempt",
            guesser.begin_attempt(store, NOW + n).await
        );
        if let Some(verdict) = attempt {
            assert!(verdict.is_ok(), "attempt {n} refused: {verdict:?}");
        }
    }
    // … the sixth is refused from the reader, for the rest of the window.
    if let Some(verdict) = step!(
        failures,
        "login_failures: the refused attempt",
        guesser.begin_attempt(store, NOW + 10).await
    ) {
        let wait = verdict.expect_err("the sixth attempt is refused");
        assert!(
            wait.as_secs() > 14 * 60 && wait.as_secs() <= 15 * 60,
            "{wait:?}"
        );
    }
    // The same email from another address is not.
    let owner = LoginKeys::new("owner@example.com", "198.51.100.1");
    if let Some(verdict) = step!(
        failures,
        "login_failures: another address",
        owner.begin_attempt(store, NOW + 11).await
    ) {
        assert!(verdict.is_ok(), "{verdict:?}");
    }
    // A right password clears the guesser's pair and takes back the attempt.
    let keys = guesser.clone();
    step!(
        failures,
        "login_failures: succeeded",
        store
            .write(move |tx| Box::pin(async move { keys.succeeded(tx).await }))
            .await
    );
    if let Some(verdict) = step!(
        failures,
        "login_failures: after a right password",
        guesser.begin_attempt(store, NOW + 12).await
    ) {
        assert!(verdict.is_ok(), "{verdict:?}");
    }
    // Past the window, old failures are pruned and count no more.
    let later = NOW + 16 * 60 * 1000;
    for n in 0..5 {
        step!(
            failures,
            "login_failures: a later attempt",
            guesser.begin_attempt(store, later + n).await
        );
    }
    if let Some(verdict) = step!(
        failures,
        "login_failures: the later refused attempt",
        guesser.begin_attempt(store, later + 10).await
    ) {
        assert!(verdict.is_err(), "only the window's failures count");
    }
}

/// One contact that never texted, one quiet since `NOW`, one booked and
/// texting at `NOW + 1000`: one group per side of the UNION.
async fn outcome_groups(store: &Store, failures: &mut Failures) {
    let written = store
        .write(|tx| {
            Box::pin(async move {
                let route = tx.insert_route("r1", &route_input(), NOW).await?;
                for (phone, texted_at) in [
                    ("+12025550131", None),
                    ("+12025550132", Some(NOW)),
                    ("+12025550133", Some(NOW + 1000)),
                ] {
                    let phone = PhoneNumber::parse(phone).expect("a valid number");
                    let upsert = ContactUpsert {
                        phone: &phone,
                        route_id: Some(&route.id),
                        bot_id: None,
                    };
                    let (contact, _) = tx.upsert_inbound_contact(upsert, NOW).await?;
                    let Some(at) = texted_at else { continue };
                    let message = NewMessage {
                        contact_id: &contact.id,
                        route_id: Some(&route.id),
                        direction: Direction::Inbound,
                        source: Source::Customer,
                        body: "hello",
                        from_number: contact.phone.as_str(),
                        to_number: &route.twilio_number,
                        media_urls: &[],
                        twilio_sid: None,
                        twilio_status: None,
                        closebot_message_id: None,
                        forward_state: None,
                        sent_by_user_id: None,
                    };
                    tx.insert_message(&message, at).await?;
                }
                Ok(())
            })
        })
        .await;
    if step!(failures, "outcome_groups: the contacts", written).is_none() {
        return;
    }
    let Some(groups) = step!(
        failures,
        "outcome_groups",
        store.outcome_groups(NOW + 500).await
    ) else {
        return;
    };
    let mut sides: Vec<(Option<i64>, u64, bool)> = groups
        .iter()
        .map(|g| (g.last_message_at, g.members.len(), g.opted_out))
        .collect();
    sides.sort();
    // Never texted (NULL), quiet (before NOW + 500), recent (its own MIN).
    assert_eq!(
        sides,
        vec![
            (None, 1, false),
            (Some(NOW), 1, false),
            (Some(NOW + 1000), 1, false)
        ]
    );
    let all = groups
        .iter()
        .fold(roaring::RoaringBitmap::new(), |all, g| all | &g.members);
    assert_eq!(all.len(), 3, "three distinct contact keys");
}
