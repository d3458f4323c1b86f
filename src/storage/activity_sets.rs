//! Per route and quarter hour: which contacts were in conversation (a
//! roaring bitmap of contact rowids) and how long the bot took to answer (a
//! response-time histogram). Merged into `activity_quarters` at each group
//! commit, so a range's distinct conversations and median response time are
//! unions of a few rows instead of scans of its messages.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use roaring::RoaringBitmap;
use sqlx::{QueryBuilder, Row};

use super::engine::{on_engine, on_tx, Done, TxConn};
use super::StoreResult;
use crate::domain::analytics::contact_set;
use crate::domain::analytics::response_times::ResponseTimes;

type Key = (i64, String);
/// A row's two blobs as stored (either may be NULL).
type Blobs = (Option<Vec<u8>>, Option<Vec<u8>>);

#[derive(Debug, Default)]
pub(super) struct ActivitySets {
    contacts: BTreeMap<Key, BTreeSet<String>>,
    waits: BTreeMap<Key, ResponseTimes>,
}

/// One route's quarter hour, read back.
#[derive(Debug, Clone)]
pub struct ActivityQuarter {
    pub bucket_start: i64,
    pub route_id: String,
    pub contacts: RoaringBitmap,
    pub waits: ResponseTimes,
}

impl ActivitySets {
    pub fn record(&mut self, quarter: i64, route: &str, contact_id: &str, wait_ms: Option<i64>) {
        let key = (quarter, route.to_owned());
        if let Some(wait) = wait_ms {
            self.waits.entry(key.clone()).or_default().add(wait);
        }
        self.contacts
            .entry(key)
            .or_default()
            .insert(contact_id.to_owned());
    }

    pub fn absorb(&mut self, other: ActivitySets) {
        for (key, ids) in other.contacts {
            self.contacts.entry(key).or_default().extend(ids);
        }
        for (key, waits) in other.waits {
            self.waits.entry(key).or_default().merge(&waits);
        }
    }

    pub async fn flush(self, conn: &mut TxConn) -> StoreResult<()> {
        if self.contacts.is_empty() {
            return Ok(());
        }
        let ids: BTreeSet<&String> = self.contacts.values().flatten().collect();
        let rowids = contact_rowids(conn, ids).await?;
        for (key, members) in &self.contacts {
            let (mut set, mut waits) = read_quarter(conn, key).await?;
            set.extend(
                members
                    .iter()
                    .filter_map(|id| rowids.get(id.as_str()).copied()),
            );
            if let Some(new) = self.waits.get(key) {
                waits.merge(new);
            }
            write_quarter(conn, key, &set, &waits).await?;
        }
        Ok(())
    }
}

async fn contact_rowids(
    conn: &mut TxConn,
    ids: BTreeSet<&String>,
) -> StoreResult<HashMap<String, u32>> {
    let mut out = HashMap::with_capacity(ids.len());
    let ids: Vec<&String> = ids.into_iter().collect();
    for chunk in ids.chunks(500) {
        let select = format!(
            "SELECT id, {} FROM contacts WHERE id IN (",
            conn.kind().contact_seq()
        );
        on_tx!(&mut *conn, |db| {
            let mut query = QueryBuilder::new(&select);
            let mut list = query.separated(", ");
            for id in chunk {
                list.push_bind(id.as_str());
            }
            query.push(")");
            for row in query.build().fetch_all(db).await? {
                let rowid: i64 = row.get(1);
                if let Ok(rowid) = u32::try_from(rowid) {
                    out.insert(row.get(0), rowid);
                }
            }
        });
    }
    Ok(out)
}

async fn read_quarter(
    conn: &mut TxConn,
    (quarter, route): &Key,
) -> StoreResult<(RoaringBitmap, ResponseTimes)> {
    let row: Option<Blobs> = on_tx!(&mut *conn, |db| {
        sqlx::query_as("SELECT contacts, response_bins FROM activity_quarters WHERE bucket_start = $1 AND route_id = $2")
            .bind(quarter)
            .bind(route)
            .fetch_optional(db).await
    })?;
    let (contacts, bins) = row.unwrap_or_default();
    Ok((
        contact_set::from_bytes(contacts.as_deref()),
        ResponseTimes::from_bytes(bins.as_deref().unwrap_or_default()),
    ))
}

async fn write_quarter(
    conn: &mut TxConn,
    (quarter, route): &Key,
    set: &RoaringBitmap,
    waits: &ResponseTimes,
) -> StoreResult<()> {
    on_tx!(&mut *conn, |db| {
        sqlx::query(
            "INSERT INTO activity_quarters (bucket_start, route_id, contacts, response_bins) VALUES ($1, $2, $3, $4)
             ON CONFLICT (bucket_start, route_id) DO UPDATE SET contacts = excluded.contacts, response_bins = excluded.response_bins",
        )
        .bind(quarter)
        .bind(route)
        .bind(contact_set::to_bytes(set))
        .bind(waits.to_bytes())
        .execute(db)
        .await
        .map(Done::from)
    })?;
    Ok(())
}

impl super::Store {
    /// Every route's quarter hours in `[from_ms, to_ms)`.
    pub async fn activity_quarters(
        &self,
        from_ms: i64,
        to_ms: i64,
    ) -> StoreResult<Vec<ActivityQuarter>> {
        #[derive(sqlx::FromRow)]
        struct Stored {
            bucket_start: i64,
            route_id: String,
            contacts: Option<Vec<u8>>,
            response_bins: Option<Vec<u8>>,
        }
        let rows: Vec<Stored> = on_engine!(&self.engine, |db| sqlx::query_as(
            "SELECT bucket_start, route_id, contacts, response_bins FROM activity_quarters
             WHERE bucket_start >= $1 AND bucket_start < $2",
        )
        .bind(from_ms)
        .bind(to_ms)
        .fetch_all(db)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|row| ActivityQuarter {
                bucket_start: row.bucket_start,
                route_id: row.route_id,
                contacts: contact_set::from_bytes(row.contacts.as_deref()),
                waits: ResponseTimes::from_bytes(row.response_bins.as_deref().unwrap_or_default()),
            })
            .collect())
    }
}
