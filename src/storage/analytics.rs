//! The analytics' reads: quarter-hour counts summed into the caller's
//! buckets in the database, the contacts marked booked in a range, and the
//! contacts' statuses for outcomes.

use sqlx::QueryBuilder;

use super::engine::on_engine;

use super::{Store, StoreResult};

/// One route's counts in one bucket (`bucket` indexes the edges asked for).
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct BucketCounts {
    pub bucket: i64,
    pub route_id: String,
    pub inbound: i64,
    pub outbound: i64,
    pub bot_replies: i64,
    pub manual: i64,
    pub responses: i64,
    pub response_ms: i64,
}

/// A change of a contact's status to booked.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Booking {
    pub contact_id: String,
    pub route_id: Option<String>,
    pub changed_at: i64,
}

/// Contacts that share what their outcome depends on: status, opt-out, and
/// a last message on the same side of the quiet threshold (`last_message_at`
/// is the earliest of the group, so it stands for all of them).
#[derive(Debug, Clone)]
pub struct OutcomeGroup {
    pub status: String,
    pub opted_out: bool,
    pub last_message_at: Option<i64>,
    /// The contacts' rowids (the ids of the activity sets).
    pub members: roaring::RoaringBitmap,
}

#[derive(sqlx::FromRow)]
struct OutcomeGroupRow {
    status: String,
    opted_out: bool,
    last_message_at: Option<i64>,
    rowids: String,
}

impl Store {
    /// Per bucket `[start, end)` and route, the sums of its quarter hours.
    pub async fn bucket_counts(&self, edges: &[(i64, i64)]) -> StoreResult<Vec<BucketCounts>> {
        let mut out = Vec::new();
        // Well under SQLite's limit of bound parameters per statement.
        for (chunk_index, chunk) in edges.chunks(300).enumerate() {
            let counts: Vec<BucketCounts> = on_engine!(&self.engine, |db| {
                let mut query = QueryBuilder::new("WITH b(i, s, e) AS (");
                query.push_values(chunk.iter().enumerate(), |mut row, (i, (start, end))| {
                    row.push_bind((chunk_index * 300 + i) as i64)
                        .push_bind(*start)
                        .push_bind(*end);
                });
                query.push(
                    ") SELECT b.i AS bucket, q.route_id AS route_id, CAST(SUM(q.inbound) AS BIGINT) AS inbound,
                              CAST(SUM(q.outbound) AS BIGINT) AS outbound,
                              CAST(SUM(q.bot_replies) AS BIGINT) AS bot_replies, CAST(SUM(q.manual) AS BIGINT) AS manual,
                              CAST(SUM(q.responses) AS BIGINT) AS responses,
                              CAST(SUM(q.response_ms) AS BIGINT) AS response_ms
                       FROM b JOIN message_counts_quarter q ON q.bucket_start >= b.s AND q.bucket_start < b.e
                       GROUP BY b.i, q.route_id",
                );
                query.build_query_as().fetch_all(db).await
            })?;
            out.extend(counts);
        }
        Ok(out)
    }

    /// The changes to booked in `[from_ms, to_ms)`, oldest first.
    pub async fn bookings_marked(&self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<Booking>> {
        Ok(on_engine!(&self.engine, |db| sqlx::query_as(
            "SELECT contact_id, route_id, changed_at FROM contact_status_changes
             WHERE status = 'booked' AND changed_at >= $1 AND changed_at < $2 ORDER BY changed_at",
        )
        .bind(from_ms)
        .bind(to_ms)
        .fetch_all(db)
        .await)?)
    }

    /// Every contact, grouped by what its outcome depends on: a couple of
    /// dozen groups come back instead of 100,000 rows (decoding those was
    /// most of the outcomes chart's time). One query per side of the quiet
    /// threshold, so each walks `contacts_by_outcome` in its order instead of
    /// sorting every contact into groups (≈35 ms instead of ≈200 ms at 100,000).
    pub async fn outcome_groups(&self, quiet_since_ms: i64) -> StoreResult<Vec<OutcomeGroup>> {
        let kind = self.engine.kind();
        let members = kind.comma_list(kind.contact_seq());
        let sql = format!(
            "SELECT status, opted_out_at IS NOT NULL AS opted_out, NULL AS last_message_at,
                    {members} AS rowids
             FROM contacts WHERE last_message_at IS NULL
             GROUP BY status, opted_out_at IS NOT NULL
             UNION ALL
             SELECT status, opted_out_at IS NOT NULL, MIN(last_message_at), {members}
             FROM contacts WHERE last_message_at < $1
             GROUP BY status, opted_out_at IS NOT NULL
             UNION ALL
             SELECT status, opted_out_at IS NOT NULL, MIN(last_message_at), {members}
             FROM contacts WHERE last_message_at >= $1
             GROUP BY status, opted_out_at IS NOT NULL"
        );
        let rows: Vec<OutcomeGroupRow> = on_engine!(&self.engine, |db| {
            sqlx::query_as(&sql)
                .bind(quiet_since_ms)
                .fetch_all(db)
                .await
        })?;
        Ok(rows
            .into_iter()
            .map(|row| OutcomeGroup {
                members: row
                    .rowids
                    .split(',')
                    .filter_map(|id| id.parse::<u32>().ok())
                    .collect(),
                status: row.status,
                opted_out: row.opted_out,
                last_message_at: row.last_message_at,
            })
            .collect())
    }
}
