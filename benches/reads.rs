//! Dashboard reads at scale: the conversation list, a conversation thread and
//! the global search, answered by the real (release) binary over HTTP, on a
//! database seeded with 100,000 contacts and 1,000,000 messages.
//!
//! `cargo bench --bench reads` (sizes: BENCH_CONTACTS, BENCH_MESSAGES,
//! BENCH_REQUESTS per measurement). The seeded database is kept in
//! `target/bench-reads/` and reused when its size matches.
//!
//! With BENCH_DATABASE_URL naming a Postgres cluster, the seeded installation
//! is moved into a fresh database there with `closebot-sms export` and
//! `import` (timed), and the server reads from Postgres.

mod common;

#[path = "../tests/api/support/mod.rs"]
#[allow(unused_imports)]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{env_or, report};
use serde_json::{json, Value};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::ConnectOptions;
use support::fake_server::Port;
use support::process::AppProcess;

const SECRET: &str = "reads-bench-secret-0123456789abcdef0123456789";
const ADMIN: (&str, &str) = ("admin@example.com", "bench password");

/// Sentences customers and bots send; the index makes each body distinct.
const BODIES: [&str; 20] = [
    "Hi, is the kitchen remodel offer still on?",
    "Yes! The offer runs until Friday. Want a free estimate?",
    "Do you work weekends?",
    "We do, Saturdays from 9 to 1.",
    "How much for a small bathroom?",
    "Most small bathrooms land between 8 and 12 thousand.",
    "Can someone come by Tuesday afternoon?",
    "Tuesday at 3 works. Shall I book it?",
    "Please book it",
    "Booked! You'll get a reminder the day before.",
    "What's your warranty?",
    "Five years on labour, plus the manufacturer's warranty.",
    "Do you finance?",
    "Yes, 12 months at 0% for approved customers.",
    "I'll think about it",
    "No problem, I'll check back next week.",
    "Is the estimate really free?",
    "Completely free, no obligation.",
    "Thanks!",
    "Anytime. Reply here with any question.",
];
const FIRST: [&str; 10] = [
    "Ada", "Ben", "Chloe", "Diego", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal",
];
const LAST: [&str; 10] = [
    "Garcia", "Smith", "Nguyen", "Okafor", "Rossi", "Kowalski", "Haddad", "Larsen", "Silva",
    "Tanaka",
];
const STATUSES: [&str; 6] = ["new", "active", "qualified", "booked", "closed", "cold"];

async fn seed(dir: &Path, contacts: usize, messages: usize) {
    let db = dir.join("reads.db");
    // The marker names the sizes and the schema, so a changed migration reseeds.
    // SQLite's migrations (the folder also holds `postgres/`), in order.
    let mut files: Vec<_> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "sql"))
            .collect();
    files.sort();
    let schema: String = files
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    let schema_hash = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        schema.hash(&mut hasher);
        hasher.finish()
    };
    let marker = dir.join(format!("seeded-{contacts}-{messages}-{schema_hash:x}"));
    if marker.exists() {
        println!("reusing the seeded database in {}", dir.display());
        return;
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let store = closebot_sms::storage::Store::open_sqlite(&db)
        .await
        .unwrap();
    store.migrate().await.unwrap();
    store.close().await;

    let mut conn = SqliteConnectOptions::new()
        .filename(&db)
        .connect()
        .await
        .unwrap();
    sqlx::query("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF")
        .execute(&mut conn)
        .await
        .unwrap();
    let started = Instant::now();
    let now = chrono::Utc::now().timestamp_millis();
    let start_ms = now - messages as i64 * 1000;
    sqlx::query(
        "INSERT INTO routes (id, twilio_number, closebot_source_id, closebot_bot_id, bot_name, max_concurrent, active,
         created_at, updated_at) VALUES ('route_a', '+15005550006', 'src_a', 'bot_a', 'Sales bot', 50, 1, ?1, ?1),
         ('route_b', '+15005550007', 'src_b', 'bot_b', 'Support bot', 50, 1, ?1, ?1)",
    )
    .bind(start_ms)
    .execute(&mut conn)
    .await
    .unwrap();
    let names: Vec<String> = (0..100)
        .map(|i| format!("({i}, '{} {}')", FIRST[i % 10], LAST[i / 10]))
        .collect();
    let statuses: Vec<String> = STATUSES
        .iter()
        .enumerate()
        .map(|(i, s)| format!("({i}, '{s}')"))
        .collect();
    sqlx::query(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1),
              names(j, name) AS (VALUES {names}), statuses(j, status) AS (VALUES {statuses})
         INSERT INTO contacts (id, phone, phone_digits, name, email, tags, status, mode, assigned_bot_id, assigned_route_id,
           first_contact, last_contact, created_at, updated_at)
         SELECT printf('c%015d', i), printf('+1555%07d', i), printf('1555%07d', i),
                (SELECT name FROM names WHERE j = i % 100),
                CASE WHEN i % 3 = 0 THEN printf('lead%d@example.com', i) END,
                CASE WHEN i % 5 = 0 THEN json_array('vip') ELSE '[]' END,
                (SELECT status FROM statuses WHERE j = i % 6),
                'bot', CASE i % 2 WHEN 0 THEN 'bot_a' ELSE 'bot_b' END, CASE i % 2 WHEN 0 THEN 'route_a' ELSE 'route_b' END,
                ?2, ?2, ?2, ?2
         FROM n",
        names = names.join(","),
        statuses = statuses.join(",")
    ))
    .bind(contacts as i64)
    .bind(start_ms)
    .execute(&mut conn)
    .await
    .unwrap();
    println!(
        "seeded {contacts} contacts in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let bodies: String = BODIES
        .iter()
        .enumerate()
        .map(|(i, b)| format!("({i}, '{}')", b.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(",");
    let chunk = 100_000;
    for from in (0..messages).step_by(chunk) {
        let to = (from + chunk).min(messages);
        // Message k belongs to a contact spread pseudo-randomly; one per second.
        sqlx::query(&format!(
            "WITH RECURSIVE n(k) AS (SELECT ?1 UNION ALL SELECT k + 1 FROM n WHERE k + 1 < ?2),
                  bodies(i, body) AS (VALUES {bodies})
             INSERT INTO messages (contact_id, route_id, direction, source, body, from_number, to_number, twilio_sid,
               twilio_status, forward_state, created_at, updated_at)
             SELECT printf('c%015d', (k * 7919) % ?3), CASE ((k * 7919) % ?3) % 2 WHEN 0 THEN 'route_a' ELSE 'route_b' END,
                    CASE k % 2 WHEN 0 THEN 'inbound' ELSE 'outbound' END, CASE k % 2 WHEN 0 THEN 'customer' ELSE 'bot' END,
                    (SELECT body FROM bodies WHERE i = k % 20) || ' #' || k,
                    '+15550000000', '+15005550006', printf('SM%032d', k),
                    CASE k % 2 WHEN 0 THEN 'received' ELSE 'delivered' END, CASE k % 2 WHEN 0 THEN 'forwarded' END,
                    ?4 + k * 1000, ?4 + k * 1000
             FROM n",
        ))
        .bind(from as i64)
        .bind(to as i64)
        .bind(contacts as i64)
        .bind(start_ms)
        .execute(&mut conn)
        .await
        .unwrap();
        println!(
            "  messages: {to} of {messages} ({:.0} s)",
            started.elapsed().as_secs_f64()
        );
    }
    for from in (0..messages).step_by(chunk * 2) {
        sqlx::query(
            "INSERT INTO messages_fts (rowid, body) SELECT id, body FROM messages WHERE id > ?1 AND id <= ?2;
             UPDATE search_index_state SET indexed_up_to = ?2",
        )
        .bind(from as i64)
        .bind((from + chunk * 2).min(messages) as i64)
        .execute(&mut conn)
        .await
        .unwrap();
        println!(
            "  search index: {} of {messages} ({:.0} s)",
            (from + chunk * 2).min(messages),
            started.elapsed().as_secs_f64()
        );
    }
    sqlx::query(
        "INSERT INTO message_counts_hourly (hour_start, inbound, outbound, bot_replies, manual)
         SELECT created_at - created_at % 3600000, SUM(direction = 'inbound'), SUM(direction = 'outbound'),
                SUM(source = 'bot'), SUM(source = 'manual') FROM messages GROUP BY 1",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO message_counts_quarter (bucket_start, route_id, inbound, outbound, bot_replies, manual)
         SELECT created_at - created_at % 900000, COALESCE(route_id, ''), SUM(direction = 'inbound'), SUM(direction = 'outbound'),
                SUM(source = 'bot'), SUM(source = 'manual') FROM messages GROUP BY 1, 2;
         UPDATE analytics_backfill SET up_to_id = (SELECT MAX(id) FROM messages), total = (SELECT COUNT(*) FROM messages),
                done = 0, done_up_to_id = 0, finished_at = NULL",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE")
        .execute(&mut conn)
        .await
        .unwrap();
    std::fs::write(marker, "").unwrap();
    println!(
        "seeded {contacts} contacts and {messages} messages in {:.0} s",
        started.elapsed().as_secs_f64()
    );
}

async fn measure(
    client: &reqwest::Client,
    base: &str,
    name: &str,
    requests: usize,
    path: impl Fn(usize) -> String,
) {
    let mut latencies = Vec::with_capacity(requests);
    let started = Instant::now();
    for i in 0..requests {
        let url = format!("{base}{}", path(i));
        let t = Instant::now();
        let response = client.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 200, "{url}");
        let body: Value = response.json().await.unwrap();
        latencies.push(t.elapsed());
        assert!(body.is_object(), "{url}");
    }
    report(name, requests, started.elapsed(), latencies);
}

/// Waits for the analytics backfill of the seeded messages (they were
/// written behind the app's back) and reports how long it took.
async fn await_backfill(client: &reqwest::Client, base: &str, messages: usize) {
    let t = Instant::now();
    loop {
        let overview: Value = client
            .get(format!("{base}/analytics/overview"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if overview["preparing"].is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let took = t.elapsed();
    report(
        &format!("analytics backfill of {messages} messages (at start)"),
        1,
        took,
        vec![took],
    );
}

/// Deleting a route that carries half the messages, through the API (so
/// through the writer).
async fn delete_a_route(client: &reqwest::Client, base: &str, messages: usize) {
    let t = Instant::now();
    let response = client
        .delete(format!("{base}/routes/route_b"))
        .send()
        .await
        .unwrap();
    let took = t.elapsed();
    assert_eq!(response.status(), 204);
    report(
        &format!("delete a route with {} messages", messages / 2),
        1,
        took,
        vec![took],
    );
}

/// Imports `rows` new contacts from a CSV through the API and times it to
/// the last row committed (progress is read as the page does, every 250 ms).
async fn import_rows(client: &reqwest::Client, base: &str, rows: usize) {
    let mut csv = String::from("First Name,Last Name,Phone,Email,Company,Tags\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "Lead,{i},(303) 5{:02}-{:04},lead{i}@import.example,Acme {},vip\n",
            i / 10_000,
            i % 10_000,
            i % 50
        ));
    }
    let t = Instant::now();
    let draft: Value = client
        .post(format!("{base}/contacts/import?fileName=bench.csv"))
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let uploaded = t.elapsed();
    let id = draft["id"].as_str().unwrap().to_owned();
    let started = client
        .post(format!("{base}/contacts/import/{id}/start"))
        .json(&draft["options"])
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 202);
    let done = loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let state: Value = client
            .get(format!("{base}/contacts/import/{id}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if state["state"] != "running" {
            break state;
        }
    };
    let took = t.elapsed();
    assert_eq!(done["state"], "done", "{done}");
    println!(
        "import of {rows} rows: uploaded and previewed in {:.1} s, all rows in {:.1} s = {:.0} rows/s (created {}, rejected {})",
        uploaded.as_secs_f64(),
        took.as_secs_f64(),
        rows as f64 / took.as_secs_f64(),
        done["created"],
        done["rejected"]
    );
}

/// A kilobyte figure from the server's `/proc/PID/status` (`VmRSS`, `VmHWM`).
fn memory_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| {
            line.strip_prefix(field)?
                .trim_start_matches(':')
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// Streams the CSV export of every contact and reports its time, size and
/// the server's peak memory before and after (it should not grow with the
/// number of rows).
async fn export_all(client: &reqwest::Client, base: &str, pid: u32) {
    use futures_util::StreamExt;
    let peak_before = memory_kib(pid, "VmHWM");
    let t = Instant::now();
    let response = client
        .get(format!("{base}/contacts/export?sort=name"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let (mut bytes, mut lines) = (0usize, 0usize);
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.unwrap();
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
    }
    let took = t.elapsed();
    println!(
        "export of {} contacts: {:.1} MiB in {:.2} s = {:.0} rows/s; server peak memory {} MiB before, {} MiB after",
        lines - 1,
        bytes as f64 / 1_048_576.0,
        took.as_secs_f64(),
        (lines - 1) as f64 / took.as_secs_f64(),
        peak_before / 1024,
        memory_kib(pid, "VmHWM") / 1024
    );
}

/// Undoes the delete and the import in the file, so the seeded database
/// stays reusable.
async fn restore_route(dir: &Path) {
    let mut conn = SqliteConnectOptions::new()
        .filename(dir.join("reads.db"))
        .connect()
        .await
        .unwrap();
    sqlx::query(
        "UPDATE routes SET deleted_at = NULL, active = 1 WHERE id = 'route_b';
         DELETE FROM contacts WHERE phone LIKE '+1303%';
         DELETE FROM imports;",
    )
    .execute(&mut conn)
    .await
    .unwrap();
}

/// Exports the seeded installation and imports it into a new database of
/// `cluster`; returns that database's URL.
async fn move_to_postgres(dir: &Path, sqlite_url: &str, cluster: &str) -> String {
    let target = support::postgres::fresh_database_in(cluster).await;
    let file = dir.join("reads-export.jsonl.gz");
    let run = |database: &str, args: &[&str]| {
        let started = Instant::now();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_closebot-sms"))
            .args(args)
            .env_clear()
            .env("DATABASE_URL", database)
            .env("APP_SECRET", SECRET)
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .status()
            .expect("the binary runs");
        assert!(status.success(), "closebot-sms {args:?} failed");
        started.elapsed()
    };
    let file_arg = file.to_str().unwrap();
    let exported = run(sqlite_url, &["export", file_arg, "--force"]);
    let imported = run(&target, &["import", file_arg]);
    println!(
        "moved to Postgres: export {:.1} s ({} MiB gzip), import {:.1} s",
        exported.as_secs_f64(),
        std::fs::metadata(&file).map(|m| m.len() >> 20).unwrap_or(0),
        imported.as_secs_f64()
    );
    target
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let contacts = env_or("BENCH_CONTACTS", 100_000);
        let messages = env_or("BENCH_MESSAGES", 1_000_000);
        let requests = env_or("BENCH_REQUESTS", 300);
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-reads");
        seed(&dir, contacts, messages).await;

        let sqlite_url = format!("sqlite://{}/reads.db", dir.display());
        let database_url = match std::env::var("BENCH_DATABASE_URL") {
            Ok(cluster) => move_to_postgres(&dir, &sqlite_url, &cluster).await,
            Err(_) => sqlite_url,
        };
        let env = vec![
            ("DATABASE_URL", database_url),
            ("APP_SECRET", SECRET.to_owned()),
            ("ADMIN_EMAIL", ADMIN.0.to_owned()),
            ("ADMIN_PASSWORD", ADMIN.1.to_owned()),
            ("LOG_FORMAT", "json".to_owned()),
            ("RUST_LOG", "warn".to_owned()),
        ];
        let app = AppProcess::start(&dir, Port::reserve().0, &env).await;
        let client = support::client();
        let login = client.post(format!("{}/api/auth/login", app.address)).json(&json!({ "email": ADMIN.0, "password": ADMIN.1 })).send().await.unwrap();
        assert_eq!(login.status(), 200);
        let base = format!("{}/api", app.address);
        println!("dashboard reads on {contacts} contacts / {messages} messages, {requests} sequential requests each");
        let contact = |i: usize| format!("c{:015}", (i * 104_729) % contacts);

        measure(&client, &base, "conversation list, first page", requests, |_| "/conversations?limit=50".into()).await;
        measure(&client, &base, "conversation list, page 40", requests, |_| "/conversations?limit=50&page=40".into()).await;
        measure(&client, &base, "conversation list, status filter", requests, |_| "/conversations?status=qualified".into()).await;
        measure(&client, &base, "conversation list, bot + date filter", requests, |_| {
            "/conversations?bot=bot_a&dateFrom=2020-01-01".into()
        })
        .await;
        measure(&client, &base, "conversation list, route filter", requests, |_| "/conversations?bot=route_b".into()).await;
        measure(&client, &base, "conversation list, search by phone", requests, |i| {
            format!("/conversations?search=(555) {:03}-{:04}", (i * 7) % 1000, i % 10_000)
        })
        .await;
        measure(&client, &base, "conversation list, search by full name", requests, |i| {
            format!("/conversations?search={} {}", FIRST[i % 10], LAST[(i / 10) % 10])
        })
        .await;
        measure(&client, &base, "conversation list, search by rare word", requests, |i| {
            format!("/conversations?search=remodel {}", 900_000 + i)
        })
        .await;
        println!("stress cases: one surname in 10% of contacts; one word in 10% of all messages");
        measure(&client, &base, "conversation list, search by surname", requests / 5, |_| "/conversations?search=Okafor".into()).await;
        measure(&client, &base, "conversation list, search by common word", requests / 5, |_| {
            "/conversations?search=warranty".into()
        })
        .await;
        measure(&client, &base, "conversation thread (latest 100)", requests, |i| format!("/conversations/{}", contact(i))).await;
        measure(&client, &base, "global search, word", requests, |_| "/search?q=estimate".into()).await;
        measure(&client, &base, "global search, phone", requests, |i| format!("/search?q=555-{:03}-{:04}", i % 1000, i)).await;
        measure(&client, &base, "global search, name", requests, |i| format!("/search?q={}", LAST[i % 10])).await;
        measure(&client, &base, "dashboard stats", requests, |_| "/dashboard/stats?timezone=America/New_York".into()).await;
        println!("contacts list at 100,000 contacts (target: p95 <= 50 ms for any filter and sort)");
        measure(&client, &base, "contacts, first page (last contact)", requests, |_| "/contacts".into()).await;
        measure(&client, &base, "contacts, sorted by name, page 100", requests, |_| "/contacts?sort=name&page=100".into()).await;
        measure(&client, &base, "contacts, sorted by messages", requests, |_| "/contacts?sort=messages".into()).await;
        measure(&client, &base, "contacts, sorted by bot", requests, |_| "/contacts?sort=bot&order=desc".into()).await;
        measure(&client, &base, "contacts, status hot, sorted by phone", requests, |_| "/contacts?status=hot&sort=phone".into()).await;
        measure(&client, &base, "contacts, bot + dates, sorted by name", requests, |_| {
            "/contacts?bot=bot_b&dateFrom=2020-01-01&dateTo=2100-01-01&sort=name".into()
        })
        .await;
        measure(&client, &base, "contacts, search by email", requests, |i| format!("/contacts?search=lead{}@", i * 3 + 30_000)).await;
        measure(&client, &base, "contacts, search by surname", requests / 5, |i| format!("/contacts?search={}", LAST[i % 10])).await;
        measure(&client, &base, "bots with their figures", requests, |_| "/bots?timezone=America/New_York".into()).await;
        export_all(&client, &base, app.pid()).await;
        await_backfill(&client, &base, messages).await;
        println!("analytics at {messages} messages (target: p95 <= 150 ms for the overview and a 90-day daily series)");
        let day = |days_ago: i64| (chrono::Utc::now() - chrono::Duration::days(days_ago)).format("%Y-%m-%d").to_string();
        let (ninety, today) = (day(89), day(0));
        measure(&client, &base, "analytics overview, 90 days (cards only)", requests / 3, |_| {
            format!("/analytics/overview?start={ninety}&end={today}")
        })
        .await;
        measure(&client, &base, "analytics overview, 90 days, every chart", requests / 3, |_| {
            format!("/analytics/overview?start={ninety}&end={today}&include=messages,bots,outcomes,leaderboard")
        })
        .await;
        measure(&client, &base, "analytics messages, 90-day daily series", requests / 3, |_| {
            format!("/analytics/messages?start={ninety}&end={today}&resolution=day")
        })
        .await;
        measure(&client, &base, "analytics messages, 2 days hourly", requests / 3, |_| {
            format!("/analytics/messages?start={}&end={today}", day(1))
        })
        .await;
        delete_a_route(&client, &base, messages).await;
        import_rows(&client, &base, env_or("BENCH_IMPORT_ROWS", 100_000)).await;
        drop(app);
        restore_route(&dir).await;
    });
}
