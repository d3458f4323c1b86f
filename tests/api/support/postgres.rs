//! The whole API suite runs on Postgres too: when `TEST_DATABASE_URL` names
//! a cluster (scripts/test.sh starts a throw-away one), every test app gets
//! a database of its own, created empty from `template0`. The cluster is
//! removed whole at the end of the run, so databases are not dropped one by one.

use sqlx::Connection;

/// The cluster the suite runs on, when it runs on Postgres.
pub fn cluster_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
}

/// A new, empty database's URL, or `None` on SQLite.
pub async fn fresh_database() -> Option<String> {
    Some(fresh_database_in(&cluster_url()?).await)
}

/// A new, empty database in the cluster at `cluster`.
pub async fn fresh_database_in(cluster: &str) -> String {
    let name = format!("api_{}", closebot_sms::domain::ids::random_hex(8));
    let mut admin = sqlx::PgConnection::connect(cluster)
        .await
        .expect("TEST_DATABASE_URL names a reachable Postgres cluster");
    sqlx::query(&format!("CREATE DATABASE {name} TEMPLATE template0"))
        .execute(&mut admin)
        .await
        .expect("a test database is created");
    let _ = admin.close().await;
    database_url(cluster, &name)
}

/// `cluster` with its database replaced by `name`.
pub fn database_url(cluster: &str, name: &str) -> String {
    let mut url = url::Url::parse(cluster).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}
