//! End-to-end throughput and latency of the bridge: the real (release)
//! binary, over loopback, with fake Twilio and CloseBot servers.
//!
//! `cargo bench --bench bridge` prints three measurements:
//! 1. inbound webhooks accepted per second (each durably stored before the
//!    answer), at a fixed concurrency, with answer latency percentiles;
//! 2. answer latency at a steady 500 requests/s (open loop: latency counts
//!    from the scheduled send time, so a stall cannot hide itself);
//! 3. full round trips per second: inbound → CloseBot → bot reply → Twilio.
//!
//! Sizes can be changed with BENCH_INBOUND (default 20000), BENCH_ROUND_TRIPS
//! (5000) and BENCH_CONCURRENCY (64).
//!
//! On Postgres: BENCH_DATABASE_URL names a cluster (a fresh database is made
//! in it) and BENCH_INSTANCES (default 1) instances share it, behind the
//! tests' round-robin proxy when there are several.

mod common;

#[path = "../tests/api/support/mod.rs"]
#[allow(unused_imports)]
mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use closebot_sms::security::twilio_signature;
use common::{env_or, report};
use serde_json::json;
use support::fake_server::Port;
use support::process::{app_env, AppProcess};
use support::{
    fake_twilio, inbound_params, FakeCloseBot, FakeTwilio, ADMIN_EMAIL, ADMIN_PASSWORD, OUR_NUMBER,
};
use tokio::sync::Semaphore;

struct Bench {
    _apps: Vec<AppProcess>,
    _proxy: Option<support::proxy::Proxy>,
    app_url: String,
    callback_url: String,
    client: reqwest::Client,
    twilio: FakeTwilio,
    closebot: FakeCloseBot,
    _dir: tempfile::TempDir,
}

impl Bench {
    async fn start() -> Self {
        support::openapi::disable_checks();
        let (twilio, closebot) = (FakeTwilio::start().await, FakeCloseBot::start().await);
        let dir = tempfile::tempdir().unwrap();
        let postgres = match std::env::var("BENCH_DATABASE_URL") {
            Ok(cluster) => Some(support::postgres::fresh_database_in(&cluster).await),
            Err(_) => None,
        };
        let instances = if postgres.is_some() {
            common::env_or("BENCH_INSTANCES", 1)
        } else {
            1
        };
        let ports: Vec<u16> = (0..instances).map(|_| Port::reserve().0).collect();
        let proxy = if instances > 1 {
            let backends = ports.iter().map(|p| ([127, 0, 0, 1], *p).into()).collect();
            Some(support::proxy::Proxy::start(backends).await)
        } else {
            None
        };
        let app_url = match &proxy {
            Some(proxy) => proxy.url(),
            None => format!("http://127.0.0.1:{}", ports[0]),
        };
        let mut env = app_env(&app_url, &dir.path().join("bench.db"), &twilio, &closebot);
        env.push((
            "RUST_LOG",
            std::env::var("BENCH_SERVER_LOG").unwrap_or_else(|_| "error".into()),
        ));
        if let Some(url) = &postgres {
            env.retain(|(key, _)| *key != "DATABASE_URL");
            env.push(("DATABASE_URL", url.clone()));
        }
        let mut apps = Vec::new();
        for (i, port) in ports.iter().enumerate() {
            let folder = dir.path().join(format!("instance-{i}"));
            std::fs::create_dir_all(&folder).unwrap();
            apps.push(AppProcess::start(&folder, *port, &env).await);
        }
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(1024)
            .build()
            .unwrap();
        let admin = support::client();
        admin
            .post(format!("{app_url}/api/auth/login"))
            .json(&json!({ "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD }))
            .send()
            .await
            .unwrap();
        let route = admin
            .post(format!("{app_url}/api/routes"))
            .json(&json!({ "twilioNumber": OUR_NUMBER, "closebotSourceId": "src_bench", "botName": "Bench bot", "maxConcurrent": 1000 }))
            .send()
            .await
            .unwrap();
        assert_eq!(route.status(), 201);
        let settings: serde_json::Value = admin
            .get(format!("{app_url}/api/settings"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let callback_url = settings["webhookUrls"]["response"]
            .as_str()
            .unwrap()
            .to_owned();
        Self {
            _apps: apps,
            _proxy: proxy,
            app_url,
            callback_url,
            client,
            twilio,
            closebot,
            _dir: dir,
        }
    }

    /// A signed inbound webhook, ready to send.
    fn inbound(&self, index: usize, body: &str) -> (String, String) {
        let path = "/api/webhooks/twilio/inbound";
        let from = format!("+1555{:07}", index % 5000);
        let params = inbound_params(&format!("SMbench{index:026}"), &from, OUR_NUMBER, body);
        let signature = twilio_signature::compute(
            fake_twilio::AUTH_TOKEN,
            &format!("{}{path}", self.app_url),
            &params,
        );
        (signature, serde_urlencoded::to_string(&params).unwrap())
    }

    async fn post(&self, (signature, form): (String, String)) -> Duration {
        let started = Instant::now();
        let response = self
            .client
            .post(format!("{}/api/webhooks/twilio/inbound", self.app_url))
            .header("X-Twilio-Signature", signature)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .expect("the app answers");
        assert_eq!(response.status(), 200);
        let _ = response.bytes().await;
        started.elapsed()
    }
}

/// Closed loop: `concurrency` senders, as fast as the app answers.
async fn inbound_throughput(bench: &Arc<Bench>, offset: usize, count: usize, concurrency: usize) {
    let requests: Vec<_> = (0..count)
        .map(|i| bench.inbound(offset + i, "Is this still available?"))
        .collect();
    let limit = Arc::new(Semaphore::new(concurrency));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(count);
    for request in requests {
        let (bench, permit) = (bench.clone(), limit.clone().acquire_owned().await.unwrap());
        tasks.push(tokio::spawn(async move {
            let took = bench.post(request).await;
            drop(permit);
            took
        }));
    }
    let mut latencies = Vec::with_capacity(count);
    for task in tasks {
        latencies.push(task.await.unwrap());
    }
    report(
        &format!("inbound accepted (concurrency {concurrency})"),
        count,
        started.elapsed(),
        latencies,
    );
}

/// Open loop: one request every `1/rate` s; latency from the scheduled time.
async fn inbound_at_rate(bench: &Arc<Bench>, offset: usize, rate: u64, seconds: u64) {
    let count = (rate * seconds) as usize;
    let requests: Vec<_> = (0..count)
        .map(|i| bench.inbound(offset + i, "steady rate"))
        .collect();
    let interval = Duration::from_nanos(1_000_000_000 / rate);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(count);
    for (i, request) in requests.into_iter().enumerate() {
        let scheduled = started + interval * i as u32;
        tokio::time::sleep_until(scheduled.into()).await;
        let bench = bench.clone();
        tasks.push(tokio::spawn(async move {
            bench.post(request).await;
            scheduled.elapsed()
        }));
    }
    let mut latencies = Vec::with_capacity(count);
    for task in tasks {
        latencies.push(task.await.unwrap());
    }
    report(
        &format!("inbound answer latency at {rate}/s"),
        count,
        started.elapsed(),
        latencies,
    );
}

/// Waits until CloseBot has every text sent so far (the outbox drained),
/// then lets the server go idle long enough to checkpoint its WAL, so the
/// next phase measures a steady state rather than the previous burst's tail.
async fn drained(bench: &Bench, total: usize) {
    let deadline = Instant::now() + Duration::from_secs(300);
    while bench.closebot.events().len() < total {
        let got = bench.closebot.events().len();
        assert!(
            Instant::now() < deadline,
            "only {got} of {total} texts reached CloseBot"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
}

/// Inbound → CloseBot → reply → Twilio, timed until Twilio has the reply.
async fn round_trips(bench: &Arc<Bench>, offset: usize, count: usize, concurrency: usize) {
    bench.closebot.auto_reply_to(&bench.callback_url);
    let sent_at: Arc<Mutex<HashMap<String, Instant>>> = Default::default();
    let limit = Arc::new(Semaphore::new(concurrency));
    let started = Instant::now();
    for i in 0..count {
        let body = format!("round trip {}", offset + i);
        let request = bench.inbound(offset + i, &body);
        let (bench, permit, sent_at) = (
            bench.clone(),
            limit.clone().acquire_owned().await.unwrap(),
            sent_at.clone(),
        );
        tokio::spawn(async move {
            sent_at
                .lock()
                .unwrap()
                .insert(format!("Bot: {body}"), Instant::now());
            bench.post(request).await;
            drop(permit);
        });
    }
    let (elapsed, latencies) = replies_and_latencies(
        bench,
        "Bot: round trip",
        count,
        Duration::from_secs(300),
        started,
        &sent_at,
    )
    .await;
    assert_eq!(latencies.len(), count, "one reply per round trip");
    report(
        &format!("round trips (concurrency {concurrency})"),
        count,
        elapsed,
        latencies,
    );
}

/// Waits until Twilio has `count` replies whose body starts with `prefix`,
/// then stops the bot and returns the time since `started` and each reply's
/// latency from the moment its text was (or was scheduled to be) sent.
async fn replies_and_latencies(
    bench: &Bench,
    prefix: &str,
    count: usize,
    patience: Duration,
    started: Instant,
    sent_at: &Mutex<HashMap<String, Instant>>,
) -> (Duration, Vec<Duration>) {
    let ours = |body: &str| body.starts_with(prefix);
    let deadline = Instant::now() + patience;
    loop {
        let done = bench.twilio.sent().iter().filter(|s| ours(&s.body)).count();
        if done >= count {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "round trips did not complete: {done} of {count}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let elapsed = started.elapsed();
    bench.closebot.stop_auto_reply();
    let sent_at = sent_at.lock().unwrap();
    let latencies = bench
        .twilio
        .sent()
        .iter()
        .filter(|s| ours(&s.body))
        .filter_map(|sms| {
            Some(
                sms.received
                    .saturating_duration_since(*sent_at.get(&sms.body)?),
            )
        })
        .collect();
    (elapsed, latencies)
}

/// Round trips at a steady `rate`: latency from each text to its reply at Twilio.
async fn round_trips_at_rate(bench: &Arc<Bench>, offset: usize, rate: u64, seconds: u64) {
    bench.closebot.auto_reply_to(&bench.callback_url);
    let count = (rate * seconds) as usize;
    let interval = Duration::from_nanos(1_000_000_000 / rate);
    let sent_at: Arc<Mutex<HashMap<String, Instant>>> = Default::default();
    let started = Instant::now();
    for i in 0..count {
        let body = format!("steady trip {}", offset + i);
        let request = bench.inbound(offset + i, &body);
        let scheduled = started + interval * i as u32;
        tokio::time::sleep_until(scheduled.into()).await;
        sent_at
            .lock()
            .unwrap()
            .insert(format!("Bot: {body}"), scheduled);
        let bench = bench.clone();
        tokio::spawn(async move { bench.post(request).await });
    }
    let (elapsed, latencies) = replies_and_latencies(
        bench,
        "Bot: steady trip",
        count,
        Duration::from_secs(120),
        started,
        &sent_at,
    )
    .await;
    report(
        &format!("round trip latency at {rate}/s"),
        count,
        elapsed,
        latencies,
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let inbound = env_or("BENCH_INBOUND", 20_000);
        let trips = env_or("BENCH_ROUND_TRIPS", 5_000);
        let concurrency = env_or("BENCH_CONCURRENCY", 64);
        let phases = std::env::var("BENCH_PHASES").unwrap_or_else(|_| "inbound,rate,trips".into());
        let bench = Arc::new(Bench::start().await);
        let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
        let pids: Vec<u32> = bench._apps.iter().map(AppProcess::pid).collect();
        let engine = if std::env::var("BENCH_DATABASE_URL").is_ok() {
            "Postgres"
        } else {
            "SQLite"
        };
        println!(
            "closebot-sms bridge benchmark ({cpus} logical CPUs; {engine}; server pids {pids:?})"
        );
        // Warm-up: connections, statement caches, page cache.
        inbound_throughput(&bench, 0, 1000, concurrency).await;
        let mut sent = 1000;
        if phases.contains("inbound") {
            inbound_throughput(&bench, sent, inbound, concurrency).await;
            sent += inbound;
        }
        if phases.contains("rate") {
            drained(&bench, sent).await;
            inbound_at_rate(&bench, sent, 500, 10).await;
            sent += 5000;
        }
        if phases.contains("trips") {
            drained(&bench, sent).await;
            round_trips(&bench, sent, trips, concurrency).await;
            sent += trips;
            drained(&bench, sent).await;
            round_trips_at_rate(&bench, sent, 300, 10).await;
            sent += 3000;
        }
        drained(&bench, sent).await;
        let exactly_once = bench.closebot.events().len() == sent;
        println!("all {sent} inbound texts reached CloseBot, each exactly once: {exactly_once}");
        // The server's log outlives the temporary folder, for inspection.
        let _ = std::fs::copy(
            bench._dir.path().join("instance-0/app.log"),
            "target/bench-app.log",
        );
    });
}
