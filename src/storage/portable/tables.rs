//! Every table an export carries, in foreign-key order (a table comes after
//! the tables it points at), with its columns and the key its rows are
//! written in. SQL is only ever built from these names, never from a file's.
//!
//! Left out on purpose: the full-text indexes (`contacts_fts`,
//! `messages_fts` and their shadow tables), rebuilt on import, and the
//! bookkeeping of the engines and sqlx (`sqlite_sequence` and Postgres's
//! identity sequences, carried as the header's `sequences`;
//! `_sqlx_migrations`, the target runs its own).
//! A test below fails when a migration adds a table or a column that is not
//! listed here.

use crate::storage::engine::Kind;

/// One exported table.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    /// The ORDER BY of the export: the primary key (every column where the
    /// table has none), so two databases' rows compare line by line.
    pub order_by: &'static [&'static str],
    /// Carry SQLite's `rowid` (Postgres's `seq` column) as an explicit
    /// field: the analytics' activity sets are bitmaps of contact rowids,
    /// and SQLite's contact search index is keyed by them.
    pub rowid: bool,
}

const fn table(
    name: &'static str,
    columns: &'static [&'static str],
    order_by: &'static [&'static str],
) -> Table {
    Table {
        name,
        columns,
        order_by,
        rowid: false,
    }
}

/// The name of the explicit rowid field.
pub const ROWID: &str = "rowid";

#[rustfmt::skip]
pub static TABLES: &[Table] = &[
    table(
        "users",
        &["id", "email", "password_hash", "role", "created_at", "updated_at", "must_change_password", "last_login_at"],
        &["id"],
    ),
    table("sessions", &["token_hash", "user_id", "created_at", "expires_at"], &["token_hash"]),
    table("login_failures", &["id", "key", "at"], &["id"]),
    table("settings", &["key", "value", "encrypted", "updated_at"], &["key"]),
    table(
        "routes",
        &[
            "id", "twilio_number", "twilio_number_sid", "closebot_source_id", "closebot_bot_id", "bot_name",
            "greeting_message", "after_hours_reply", "business_hours_json", "max_concurrent", "active",
            "created_at", "updated_at", "deleted_at", "csat_survey_json", "sandbox",
        ],
        &["id"],
    ),
    table("closebot_sources", &["source_id", "name", "bot_id", "created_at"], &["source_id"]),
    Table {
        name: "contacts",
        columns: &[
            "id", "phone", "phone_digits", "name", "email", "status", "mode", "closebot_lead_id",
            "assigned_bot_id", "assigned_route_id", "tags", "fields_json", "opted_out_at", "opt_out_keyword",
            "opt_out_message_sid", "first_contact", "last_contact", "message_count", "unread_count",
            "last_message_id", "last_message_at", "last_message_preview", "created_at", "updated_at",
            "company", "awaiting_since", "sandbox",
        ],
        order_by: &["id"],
        rowid: true,
    },
    table(
        "messages",
        &[
            "id", "contact_id", "route_id", "direction", "source", "body", "from_number", "to_number",
            "media_json", "twilio_sid", "twilio_status", "error_code", "error_message", "closebot_message_id",
            "forward_state", "sent_by_user_id", "send_started_at", "created_at", "updated_at", "status_checks",
            "next_status_check_at", "sandbox",
        ],
        &["id"],
    ),
    table("events", &["id", "type", "contact_id", "route_id", "data_json", "created_at"], &["id"]),
    table(
        "after_hours_notices",
        &["contact_id", "route_id", "period_opens_at", "sent_at"],
        &["contact_id", "route_id"],
    ),
    table(
        "early_statuses",
        &["twilio_sid", "status", "error_code", "error_message", "received_at"],
        &["twilio_sid", "received_at", "status", "error_code", "error_message"],
    ),
    table("webhook_rejections", &["id", "endpoint", "reason", "body", "created_at"], &["id"]),
    table(
        "jobs",
        &[
            "id", "kind", "provider", "lane", "payload", "message_id", "route_id", "state", "attempts", "run_at",
            "last_error", "lease_until", "created_at", "updated_at", "sandbox", "request_id",
            "in_doubt_since",
        ],
        &["id"],
    ),
    table("heartbeats", &["name", "at"], &["name"]),
    table("alert_items", &["id", "channel", "kind", "contact_id", "summary", "created_at"], &["id"]),
    table("suppressions", &["phone", "keyword", "message_sid", "opted_out_at"], &["phone"]),
    table(
        "imports",
        &[
            "id", "state", "file_name", "options_json", "total_rows", "rows_done", "created", "updated",
            "skipped", "rejected", "messages_queued", "next_send_at", "error", "created_by", "created_at",
            "updated_at", "finished_at",
        ],
        &["id"],
    ),
    table("import_files", &["import_id", "content"], &["import_id"]),
    table(
        "import_rejections",
        &["import_id", "row_number", "reason", "raw"],
        &["import_id", "row_number"],
    ),
    table(
        "message_counts_hourly",
        &["hour_start", "inbound", "outbound", "bot_replies", "manual"],
        &["hour_start"],
    ),
    table(
        "message_counts_quarter",
        &["bucket_start", "route_id", "inbound", "outbound", "bot_replies", "manual", "responses", "response_ms"],
        &["bucket_start", "route_id"],
    ),
    table(
        "activity_quarters",
        &["bucket_start", "route_id", "contacts", "response_bins"],
        &["bucket_start", "route_id"],
    ),
    table(
        "analytics_backfill",
        &["id", "up_to_id", "done_up_to_id", "total", "done", "finished_at"],
        &["id"],
    ),
    table(
        "contact_status_changes",
        &["id", "contact_id", "status", "previous", "route_id", "changed_at"],
        &["id"],
    ),
    table(
        "csat_surveys",
        &[
            "id", "contact_id", "route_id", "reason", "message_id", "sent_at", "answered_at", "score",
            "answer_message_id", "thank_you_message_id",
        ],
        &["id"],
    ),
    table(
        "csat_candidates",
        &["contact_id", "reason", "quiet_after_message_id", "due_at"],
        &["contact_id"],
    ),
    table("csat_cursors", &["name", "position", "after"], &["name"]),
    table("search_index_state", &["id", "indexed_up_to"], &["id"]),
    table(
        "message_hops",
        &["id", "message_id", "reply_to_id", "kind", "status", "at", "detail_json"],
        &["id"],
    ),
];

/// The table called `name`, if an export carries it.
pub fn find(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

/// A field's column: the rowid as the engine names it (SQLite's `rowid`,
/// Postgres's `seq`), the others as they are.
pub(super) fn column_name(field: &str, kind: Kind) -> &str {
    if field == ROWID {
        kind.contact_seq()
    } else {
        field
    }
}

/// A field in a column list: the rowid as the engine names it, columns quoted.
pub(super) fn column_sql(field: &str, kind: Kind) -> String {
    match column_name(field, kind) {
        "rowid" => "rowid".to_owned(),
        column => quoted(column),
    }
}

/// `"name"`: every identifier is quoted, as some (`after`, `key`) are
/// keywords; double quotes are standard SQL, so Postgres reads them too.
pub fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}

impl Table {
    /// The fields a row of this table has in a file, the rowid first.
    pub fn fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.rowid
            .then_some(ROWID)
            .into_iter()
            .chain(self.columns.iter().copied())
    }

    /// `SELECT <fields> FROM <table> ORDER BY <key>`.
    pub(super) fn select_all(&self, kind: Kind) -> String {
        let fields: Vec<String> = self.fields().map(|f| column_sql(f, kind)).collect();
        let order: Vec<String> = self.order_by.iter().map(|c| quoted(c)).collect();
        format!(
            "SELECT {} FROM {} ORDER BY {}",
            fields.join(", "),
            quoted(self.name),
            order.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Store;

    /// Tables an export leaves out, knowingly (see the module's comment).
    fn left_out(table: &str) -> bool {
        ["_sqlx_migrations", "sqlite_sequence"].contains(&table)
            || ["contacts_fts", "messages_fts"]
                .iter()
                .any(|fts| table == *fts || table.starts_with(&format!("{fts}_")))
    }

    async fn migrated() -> (tempfile::TempDir, sqlx::SqliteConnection) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.db");
        let store = Store::open_sqlite(&path).await.unwrap();
        store.migrate().await.unwrap();
        store.close().await;
        let conn = crate::storage::backup::open_read_only(&path).await.unwrap();
        (dir, conn)
    }

    #[tokio::test]
    async fn every_table_and_column_the_migrations_create_is_exported() {
        let (_dir, mut conn) = migrated().await;
        let schema = super::super::sqlite::schema(&mut conn).await.unwrap();

        for (name, columns) in schema.iter().filter(|(name, _)| !left_out(name)) {
            let table = find(name).unwrap_or_else(|| {
                panic!("table {name} is not exported: add it to portable::tables::TABLES")
            });
            assert_eq!(table.columns, columns.as_slice(), "the columns of {name}");
        }
        for table in TABLES {
            assert!(
                schema.contains_key(table.name),
                "{} is not in the schema",
                table.name
            );
            for key in table.order_by {
                assert!(table.columns.contains(key), "{}.{key}", table.name);
            }
        }
    }

    #[tokio::test]
    async fn every_table_comes_after_the_tables_it_points_at() {
        let (_dir, mut conn) = migrated().await;
        let references: Vec<(String, String)> = sqlx::query_as(
            "SELECT m.name, f.\"table\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
             WHERE m.type = 'table'",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        assert!(!references.is_empty());
        let position = |name: &str| TABLES.iter().position(|t| t.name == name).unwrap();
        for (child, parent) in references {
            assert!(
                position(&parent) < position(&child),
                "{child} before {parent}"
            );
        }
    }
}
