//! Migrations are additive (README, "Upgrading"): an instance of the previous
//! version keeps running, and may restart, on a database a newer
//! `closebot-sms migrate` has moved on. Hence the migrator ignores applied
//! migrations it does not know, and the rules below are checked on every
//! migration written since the policy began.

/// The last migration written before the policy; later ones must follow it.
#[cfg(test)]
const POLICY_SINCE: i64 = 10;

/// What an older instance could not survive, if a migration did it.
#[cfg(test)]
fn breaks_older_instances(sql: &str) -> Option<&'static str> {
    let sql = sql
        .lines()
        .map(|line| line.split("--").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_uppercase();
    let words: Vec<&str> = sql.split_whitespace().collect();
    let has = |phrase: &[&str]| words.windows(phrase.len()).any(|w| w == phrase);
    if has(&["DROP", "TABLE"]) || has(&["DROP", "COLUMN"]) {
        return Some("drops what older instances read");
    }
    if has(&["RENAME"]) {
        return Some("renames what older instances name");
    }
    // A NOT NULL column without a default fails the inserts of older instances.
    for statement in sql.split(';').filter(|s| s.contains("ADD COLUMN")) {
        if statement.contains("NOT NULL") && !statement.contains("DEFAULT") {
            return Some("adds a NOT NULL column without a default");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{Store, MIGRATOR};

    #[test]
    fn every_migration_since_the_policy_is_additive() {
        for migration in MIGRATOR.iter().filter(|m| m.version > POLICY_SINCE) {
            assert_eq!(
                breaks_older_instances(&migration.sql),
                None,
                "migration {} ({})",
                migration.version,
                migration.description
            );
        }
    }

    #[test]
    fn the_rules_catch_what_breaks_older_instances() {
        for sql in [
            "DROP TABLE contacts;",
            "ALTER TABLE contacts DROP COLUMN email;",
            "ALTER TABLE contacts RENAME TO people;",
            "ALTER TABLE contacts ADD COLUMN score INTEGER NOT NULL;",
        ] {
            assert!(breaks_older_instances(sql).is_some(), "{sql}");
        }
        for sql in [
            "ALTER TABLE contacts ADD COLUMN score INTEGER NOT NULL DEFAULT 0;",
            "ALTER TABLE contacts ADD COLUMN nickname TEXT; -- DROP TABLE in a comment",
            "CREATE INDEX contacts_score ON contacts(score);",
        ] {
            assert_eq!(breaks_older_instances(sql), None, "{sql}");
        }
    }

    #[tokio::test]
    async fn an_older_instance_starts_on_a_database_a_newer_one_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.db");
        let newer = Store::open_sqlite(&path).await.unwrap();
        newer.migrate().await.unwrap();
        // What a newer version's additive migration leaves behind.
        let crate::storage::engine::Pool::Sqlite(migrator) = &newer.migrator_pool else {
            unreachable!("opened on SQLite")
        };
        let mut conn = migrator.acquire().await.unwrap();
        sqlx::query("CREATE TABLE later_feature (id INTEGER PRIMARY KEY)")
            .execute(&mut *conn)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
             VALUES (99999, 'later feature', 1, x'00', 0)",
        )
        .execute(&mut *conn)
        .await
        .unwrap();
        drop(conn);
        newer.close().await;

        let older = Store::open_sqlite(&path).await.unwrap();
        older.migrate().await.unwrap();
        older
            .write(|tx| Box::pin(async move { tx.put_setting("probe", "1", false, 0).await }))
            .await
            .unwrap();
        older.close().await;
    }
}
