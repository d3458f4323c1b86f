//! Three instances of the real binary on one Postgres database behind a
//! round-robin proxy, with steady inbound load, one instance killed with
//! SIGKILL mid-run. Runs when `TEST_DATABASE_URL` names a cluster
//! (scripts/test.sh starts one); skipped, loudly, without.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{json, Value};

use crate::support::fake_server::Port;
use crate::support::fake_twilio;
use crate::support::postgres;
use crate::support::process::{app_env, AppProcess};
use crate::support::proxy::Proxy;
use crate::support::{
    inbound_params, new_sid, FakeCloseBot, FakeTwilio, ADMIN_EMAIL, ADMIN_PASSWORD, APP_URL,
    OUR_NUMBER, SOURCE_ID,
};

const CONTACTS: usize = 10;
const TEXTS_EACH: usize = 12;
/// The instance is killed once this many texts were acknowledged.
const KILL_AFTER: usize = 40;

fn phone(contact: usize) -> String {
    format!("+1555123{:04}", 7000 + contact)
}

/// Every instance's environment: the shared database and secret, a short
/// lease so a dead instance's jobs are taken over within seconds.
fn env(
    database: &str,
    twilio: &FakeTwilio,
    closebot: &FakeCloseBot,
) -> Vec<(&'static str, String)> {
    let mut env = app_env(APP_URL, std::path::Path::new("unused"), twilio, closebot);
    for (key, value) in env.iter_mut() {
        if *key == "DATABASE_URL" {
            *value = database.to_owned();
        }
    }
    env.push(("JOB_LEASE_SECONDS", "5".to_owned()));
    env
}

/// A client that opens a connection per request, so the proxy spreads
/// requests over the instances as a load balancer would.
fn fresh_connections() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(10))
        .cookie_store(true)
        .build()
        .unwrap()
}

/// Posts one inbound text as Twilio would, retrying with the same
/// MessageSid when an answer is not 200; true once acknowledged.
async fn text_in(client: &reqwest::Client, proxy: &str, from: &str, body: &str) -> bool {
    let path = "/api/webhooks/twilio/inbound";
    let params = inbound_params(&new_sid(), from, OUR_NUMBER, body);
    let signature = closebot_sms::security::twilio_signature::compute(
        fake_twilio::AUTH_TOKEN,
        &format!("{APP_URL}{path}"),
        &params,
    );
    for _ in 0..5 {
        let sent = client
            .post(format!("{proxy}{path}"))
            .header("X-Twilio-Signature", &signature)
            .form(&params)
            .send()
            .await;
        if matches!(&sent, Ok(r) if r.status() == 200) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// Live events as they arrived: (id, kind, data).
type Seen = Arc<Mutex<Vec<(i64, String, Value)>>>;

/// Collects the live events one instance streams.
/// `after`: resume with `Last-Event-ID` (the events after that id first).
fn listen(
    client: reqwest::Client,
    address: String,
    after: Option<i64>,
) -> (Seen, tokio::task::JoinHandle<()>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let into = seen.clone();
    let task = tokio::spawn(async move {
        let mut request = client.get(format!("{address}/api/dashboard/activity"));
        if let Some(id) = after {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        let mut stream = response.bytes_stream();
        let mut buffer = String::new();
        while let Some(Ok(chunk)) = stream.next().await {
            buffer.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buffer.find("\n\n") {
                let block: String = buffer.drain(..end + 2).collect();
                let field = |name: &str| {
                    block.lines().find_map(|l| {
                        l.strip_prefix(&format!("{name}:"))
                            .map(|v| v.trim().to_owned())
                    })
                };
                if let (Some(id), Some(kind), Some(data)) =
                    (field("id"), field("event"), field("data"))
                {
                    let data = serde_json::from_str(&data).unwrap();
                    into.lock().unwrap().push((id.parse().unwrap(), kind, data));
                }
            }
        }
    });
    (seen, task)
}

/// The stored events' ids after `after`, ascending (pages of 200, newest first).
async fn event_ids_after(client: &reqwest::Client, address: &str, after: i64) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut before = i64::MAX;
    loop {
        let page: Value = client
            .get(format!("{address}/api/events?limit=200&before={before}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let page: Vec<i64> = page
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_i64().unwrap())
            .collect();
        let done = page.len() < 200 || page.iter().any(|id| *id <= after);
        ids.extend(page.iter().copied().filter(|id| *id > after));
        match page.last() {
            Some(last) if !done => before = *last,
            _ => break,
        }
    }
    ids.sort();
    ids
}

async fn sign_in(client: &reqwest::Client, address: &str) {
    crate::support::process::sign_in(client, address, (ADMIN_EMAIL, ADMIN_PASSWORD)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killing_one_of_three_instances_under_load_loses_no_text_and_forwards_each_once_in_order() {
    let Some(database) = postgres::fresh_database().await else {
        eprintln!("SKIPPED: no TEST_DATABASE_URL, so no Postgres to run three instances on");
        return;
    };
    let (twilio, closebot) = (FakeTwilio::start().await, FakeCloseBot::start().await);
    // CloseBot knows each contact as a lead (it makes one at their first text).
    for contact in 0..CONTACTS {
        closebot.add_lead(&phone(contact), &format!("lead_{contact}"));
    }
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let mut instances = Vec::new();
    for dir in &dirs {
        let port = Port::reserve().0;
        instances
            .push(AppProcess::start(dir.path(), port, &env(&database, &twilio, &closebot)).await);
    }
    let backends = instances
        .iter()
        .map(|i| i.address.trim_start_matches("http://").parse().unwrap())
        .collect();
    let proxy = Proxy::start(backends).await;
    let admin = fresh_connections();
    sign_in(&admin, &proxy.url()).await;
    let route = admin
        .post(format!("{}/api/routes", proxy.url()))
        .json(&json!({ "twilioNumber": OUR_NUMBER, "closebotSourceId": SOURCE_ID }))
        .send()
        .await
        .unwrap();
    assert_eq!(route.status(), 201);
    // A dashboard on the instance that survives (the session is in the database).
    let before_listening = event_ids_after(&admin, &instances[2].address, 0)
        .await
        .last()
        .copied()
        .unwrap_or(0);
    // No overall timeout: the stream stays open for the whole run.
    let dashboard = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    sign_in(&dashboard, &instances[2].address).await;
    let (seen, listener) = listen(dashboard.clone(), instances[2].address.clone(), None);
    tokio::time::sleep(Duration::from_millis(300)).await;

    let acknowledged = Arc::new(AtomicUsize::new(0));
    let kill = Arc::new(tokio::sync::Notify::new());
    let senders: Vec<_> = (0..CONTACTS)
        .map(|contact| {
            let (proxy, acknowledged, kill) = (proxy.url(), acknowledged.clone(), kill.clone());
            tokio::spawn(async move {
                let client = fresh_connections();
                let mut acked = Vec::new();
                for n in 0..TEXTS_EACH {
                    let body = format!("contact {contact} text {n}");
                    if text_in(&client, &proxy, &phone(contact), &body).await {
                        acked.push(body);
                        if acknowledged.fetch_add(1, Ordering::SeqCst) + 1 == KILL_AFTER {
                            kill.notify_one();
                        }
                    }
                    tokio::time::sleep(Duration::from_millis(30)).await;
                }
                acked
            })
        })
        .collect();
    kill.notified().await;
    instances[0].kill_9();
    // A forward the dead instance had handed over without recording it is
    // looked up at CloseBot (`queue::forward_check`) before it is sent again.
    let received_at_kill = closebot.events().len();
    let mut sent_in_order = BTreeMap::new();
    for (contact, sender) in senders.into_iter().enumerate() {
        sent_in_order.insert(contact, sender.await.unwrap());
    }
    let total: usize = sent_in_order.values().map(Vec::len).sum();
    assert_eq!(
        total,
        CONTACTS * TEXTS_EACH,
        "the survivors acknowledged every text"
    );

    // Every acknowledged text reaches CloseBot, the dead instance's claimed
    // ones once their lease (5 s) runs out.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(40);
    loop {
        let arrived: HashSet<String> = closebot.events().into_iter().map(|e| e.message).collect();
        if sent_in_order
            .values()
            .flatten()
            .all(|b| arrived.contains(b))
        {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "only {} of {total} texts reached CloseBot",
            arrived.len()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let events = closebot.events();
    for (contact, sent) in &sent_in_order {
        let prefix = format!("contact {contact} text ");
        let received: Vec<&str> = events
            .iter()
            .filter(|e| e.message.starts_with(&prefix))
            .map(|e| e.message.as_str())
            .collect();
        assert_eq!(
            &received, sent,
            "contact {contact}: every text once, in order"
        );
    }
    let retried_after_the_kill = events.len() - received_at_kill;
    eprintln!(
        "{total} texts over 3 instances, one killed after {KILL_AFTER}: none lost, none twice, in order per contact ({retried_after_the_kill} arrived after the kill)"
    );

    // The survivor's dashboard saw every event any instance committed since
    // it connected, in id order.
    let stored_ids = event_ids_after(&admin, &instances[2].address, before_listening).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while seen.lock().unwrap().len() < stored_ids.len() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    listener.abort();
    let seen = seen.lock().unwrap().clone();
    let seen_ids: Vec<i64> = seen.iter().map(|(id, _, _)| *id).collect();
    assert!(
        seen_ids.windows(2).all(|w| w[0] < w[1]),
        "ids ascend: {seen_ids:?}"
    );
    assert_eq!(
        seen_ids, stored_ids,
        "the live stream missed or repeated none"
    );
    let texts_seen = seen
        .iter()
        .filter(|(_, kind, _)| kind == "message_in")
        .count();
    assert_eq!(texts_seen, total);

    // A dashboard that reconnects to another survivor resumes where it was:
    // everything after its last id, in order, nothing twice.
    let resume_after = stored_ids[stored_ids.len() / 2];
    let (resumed, reconnected) =
        listen(dashboard, instances[1].address.clone(), Some(resume_after));
    let expected: Vec<i64> = stored_ids
        .iter()
        .copied()
        .filter(|id| *id > resume_after)
        .collect();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while resumed.lock().unwrap().len() < expected.len() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    reconnected.abort();
    let resumed: Vec<i64> = resumed
        .lock()
        .unwrap()
        .iter()
        .map(|(id, _, _)| *id)
        .collect();
    assert_eq!(
        resumed, expected,
        "resumed on another instance with Last-Event-ID"
    );
    assert!(twilio.violations().is_empty() && closebot.violations().is_empty());
}
