//! Every search the API offers, through each place that takes a search
//! text, with the same expectations on both engines and the same results
//! (rows, order and totals) from each: FTS5 on SQLite, `pg_trgm` and
//! `tsvector` on Postgres.

use super::{on_postgres, on_sqlite, route_input, Failures, NOW};
use crate::domain::message::{Direction, Source};
use crate::domain::phone::PhoneNumber;
use crate::storage::{
    ContactEdit, ContactFilter, ContactSort, ContactUpsert, ConversationFilter, NewMessage, Store,
};

/// (phone, name, email, the contact's one text or none, with a route).
type Person = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    bool,
);

const PEOPLE: [Person; 5] = [
    (
        "+12025550123",
        "Ada Lovelace",
        Some("ada@example.com"),
        Some("Do you deliver to Springfield?"),
        true,
    ),
    (
        "+15551231103",
        "Grace O'Hopper",
        Some("grace.h@navy.mil"),
        Some("What are your prices"),
        true,
    ),
    (
        "+15551240002",
        "50% Off_Deals",
        None,
        Some("Kitchen remodel quote, please"),
        true,
    ),
    (
        "+15551240003",
        "back\\slash",
        None,
        Some("C: drive & (things) | !bang"),
        true,
    ),
    ("+15551240004", "Lovelace Junior", None, None, false),
];

/// What each place answered for one search text: phones (or bodies) in
/// the order given, and the totals.
#[derive(Debug, PartialEq, Eq)]
struct Found {
    contacts: Vec<String>,
    messages: Vec<String>,
    conversations: (Vec<String>, i64),
    /// The total a page past the end reports (a count of its own).
    conversations_past_end: i64,
    list: (Vec<String>, i64),
    /// In phone order: within a route the page follows the contacts' ids,
    /// random on each engine.
    list_by_bot: (Vec<String>, i64),
    streamed: Vec<String>,
}

const ADA: &str = "+12025550123";
const GRACE: &str = "+15551231103";
const DEALS: &str = "+15551240002";
const SLASH: &str = "+15551240003";
const JUNIOR: &str = "+15551240004";

type Phones = &'static [&'static str];

/// (search, contacts found by the global search, conversations, contacts list).
const CASES: &[(&str, Phones, Phones, Phones)] = &[
    // A name's substring, in any case; contacts never texted come last.
    ("lovelace", &[ADA, JUNIOR], &[ADA], &[ADA, JUNIOR]),
    ("LOVEL", &[ADA, JUNIOR], &[ADA], &[ADA, JUNIOR]),
    (
        "ace",
        &[GRACE, ADA, JUNIOR],
        &[GRACE, ADA],
        &[ADA, GRACE, JUNIOR],
    ),
    // Phone digits in other formats.
    ("(202) 555-0123", &[ADA], &[ADA], &[ADA]),
    ("1 555 124 0002", &[DEALS], &[DEALS], &[DEALS]),
    (
        "5551240",
        &[SLASH, DEALS, JUNIOR],
        &[SLASH, DEALS],
        &[DEALS, SLASH, JUNIOR],
    ),
    // Emails in the contacts list only.
    ("ada@exa", &[], &[], &[ADA]),
    ("NAVY.MIL", &[], &[], &[GRACE]),
    // Words: whole short words, prefixes from three letters, all of them.
    ("springf", &[], &[ADA], &[]),
    ("Do", &[], &[ADA], &[]),
    ("you", &[], &[GRACE, ADA], &[]),
    ("deliver SPRINGFIELD", &[], &[ADA], &[]),
    ("deliver prices", &[], &[], &[]),
    ("remodel kitch", &[], &[DEALS], &[]),
    // LIKE's wildcards and escape are literal.
    ("50%", &[DEALS], &[DEALS], &[DEALS]),
    ("%", &[DEALS], &[DEALS], &[DEALS]),
    ("f_d", &[DEALS], &[DEALS], &[DEALS]),
    ("o_h", &[], &[], &[]),
    ("\\", &[SLASH], &[SLASH], &[SLASH]),
    // Query syntax of either engine is never interpreted.
    ("o'hopper", &[GRACE], &[GRACE], &[GRACE]),
    ("\"prices\"", &[], &[GRACE], &[]),
    ("!prices | (your:*)", &[], &[GRACE], &[]),
    ("prices\" OR \"deliver", &[], &[], &[]),
    ("c: & (things", &[], &[SLASH], &[]),
    ("NEAR(\"x\" y)*", &[], &[], &[]),
    ("*", &[], &[], &[]),
    ("\"':&|!()*", &[], &[], &[]),
];

async fn insert_people(store: &Store) -> Result<(), String> {
    let written = store
        .write(|tx| {
            Box::pin(async move {
                let route = tx.insert_route("r1", &route_input(), NOW).await?;
                for (at, (phone, name, email, text, routed)) in (1..).zip(PEOPLE) {
                    let phone = PhoneNumber::parse(phone).expect("a valid number");
                    let upsert = ContactUpsert {
                        phone: &phone,
                        route_id: routed.then_some(route.id.as_str()),
                        bot_id: None,
                    };
                    let (contact, _) = tx.upsert_inbound_contact(upsert, NOW).await?;
                    let edit = ContactEdit {
                        name: Some(Some(name.into())),
                        email: Some(email.map(Into::into)),
                        ..Default::default()
                    };
                    tx.edit_contact(&contact.id, &edit, NOW).await?;
                    let Some(body) = text else { continue };
                    let message = NewMessage {
                        contact_id: &contact.id,
                        route_id: Some(&route.id),
                        direction: Direction::Inbound,
                        source: Source::Customer,
                        body,
                        from_number: contact.phone.as_str(),
                        to_number: &route.twilio_number,
                        media_urls: &[],
                        twilio_sid: None,
                        twilio_status: None,
                        closebot_message_id: None,
                        forward_state: None,
                        sent_by_user_id: None,
                    };
                    tx.insert_message(&message, NOW + at).await?;
                }
                Ok(())
            })
        })
        .await;
    written.map_err(|e| e.to_string())?;
    store
        .index_pending_messages()
        .await
        .map_err(|e| e.to_string())
}

async fn find(store: &Store, search: &str) -> Result<Found, crate::storage::StoreError> {
    let contacts = store.search_contacts(search, 20).await?;
    let messages = store.search_messages(search, 20).await?;
    let conversation_filter = ConversationFilter {
        search: Some(search.into()),
        ..Default::default()
    };
    let (rows, total) = store
        .list_conversations(&conversation_filter, 50, 0)
        .await?;
    let (past_end, past_end_total) = store.list_conversations(&conversation_filter, 1, 9).await?;
    assert!(past_end.is_empty(), "{search:?}");
    let filter = ContactFilter {
        search: Some(search.into()),
        ..Default::default()
    };
    let (list, list_total) = store
        .list_contacts(&filter, ContactSort::Name, false, 50, 0)
        .await?;
    let (by_bot, by_bot_total) = store
        .list_contacts(&filter, ContactSort::Bot, false, 50, 0)
        .await?;
    let mut stream = store.stream_contacts(filter, ContactSort::Name, false);
    let mut streamed = Vec::new();
    while let Some(row) = stream.recv().await {
        streamed.push(row?.phone);
    }
    Ok(Found {
        contacts: contacts.into_iter().map(|c| c.phone).collect(),
        messages: messages.into_iter().map(|m| m.body).collect(),
        conversations: (rows.into_iter().map(|r| r.phone).collect(), total),
        conversations_past_end: past_end_total,
        list: (list.into_iter().map(|r| r.phone).collect(), list_total),
        list_by_bot: (sorted(by_bot.into_iter().map(|r| r.phone)), by_bot_total),
        streamed,
    })
}

fn sorted(phones: impl Iterator<Item = String>) -> Vec<String> {
    let mut phones: Vec<String> = phones.collect();
    phones.sort();
    phones
}

/// Runs every case, checking each against its expectations; returns what
/// each search found, for the engines to be compared.
async fn every_search(store: &Store, found: &mut Vec<(String, Found)>) -> Failures {
    let mut failures = Failures::new();
    if let Err(error) = insert_people(store).await {
        return vec![format!("the people: {error}")];
    }
    for (search, contacts, conversations, list) in CASES {
        let result = match find(store, search).await {
            Ok(result) => result,
            Err(error) => {
                failures.push(format!("search {search:?}: {error}"));
                continue;
            }
        };
        let owned = |phones: &[&str]| phones.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        let expected = (owned(contacts), owned(conversations), owned(list));
        let got = (
            result.contacts.clone(),
            result.conversations.0.clone(),
            result.list.0.clone(),
        );
        if got != expected {
            failures.push(format!("search {search:?}: {got:?}, expected {expected:?}"));
        }
        let totals = (result.conversations.1, result.list.1, result.list_by_bot.1);
        let counted = (
            conversations.len() as i64,
            list.len() as i64,
            list.len() as i64,
        );
        if totals != counted || result.conversations_past_end != counted.0 {
            failures.push(format!(
                "search {search:?}: totals {totals:?}, expected {counted:?}"
            ));
        }
        if result.streamed != result.list.0
            || result.list_by_bot.0 != sorted(result.list.0.iter().cloned())
        {
            failures.push(format!("search {search:?}: streamed or by bot {result:?}"));
        }
        found.push((search.to_string(), result));
    }
    failures
}

#[tokio::test]
async fn every_search_finds_the_same_on_both_engines() {
    let (mut sqlite, mut postgres) = (Vec::new(), Vec::new());
    on_sqlite(async |store: &Store| every_search(store, &mut sqlite).await).await;
    on_postgres("search", async |store: &Store| {
        every_search(store, &mut postgres).await
    })
    .await;
    // The messages found too, which the cases above only count through the lists.
    let springf = &sqlite.iter().find(|(s, _)| s == "springf").unwrap().1;
    assert_eq!(springf.messages, ["Do you deliver to Springfield?"]);
    if !postgres.is_empty() {
        for ((search, on_sqlite), (_, on_postgres)) in sqlite.iter().zip(&postgres) {
            assert_eq!(on_sqlite, on_postgres, "search {search:?}");
        }
        assert_eq!(sqlite.len(), postgres.len());
    }
}
