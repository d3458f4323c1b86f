//! Routes: which CloseBot source (and bot) answers which Twilio number.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use serde::Serialize;
use utoipa::ToSchema;

use super::engine::{on_engine, on_tx, Done, Pool, TxConn};
use super::{json_column, Store, StoreResult, Tx};
use crate::domain::business_hours::BusinessHours;
use crate::domain::csat::SurveySettings;

/// A route as stored and as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    pub id: String,
    #[schema(example = "+15005550006")]
    pub twilio_number: String,
    pub twilio_number_sid: Option<String>,
    pub closebot_source_id: String,
    pub closebot_bot_id: Option<String>,
    pub bot_name: Option<String>,
    pub greeting_message: Option<String>,
    pub after_hours_reply: Option<String>,
    /// `null`: always open.
    pub business_hours: Option<BusinessHours>,
    pub max_concurrent: i64,
    pub active: bool,
    /// The customer-satisfaction survey: whether, what and when it asks.
    pub csat_survey: SurveySettings,
    #[serde(serialize_with = "crate::clock::serialize_ms")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: i64,
    #[serde(serialize_with = "crate::clock::serialize_ms")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: i64,
    /// Set when the route was deleted: it is kept so that its messages and
    /// events still name it, but it routes nothing and is listed nowhere.
    #[serde(skip)]
    pub deleted_at: Option<i64>,
    /// Made in sandbox mode: its number is the simulated Twilio's, and it
    /// goes with "Remove sandbox data". (Always present; optional in the
    /// schema so that clients written before sandbox mode still type-check.)
    #[schema(required = false)]
    pub sandbox: bool,
}

/// How much a route carries (from its contacts).
#[derive(Debug, Clone, Copy, Default)]
pub struct RouteActivity {
    pub conversations: i64,
    pub messages: i64,
    pub last_message_at: Option<i64>,
    /// Conversations with a message since the time asked about.
    pub conversations_since: i64,
}

/// The editable part of a route, already validated.
#[derive(Debug, Clone)]
pub struct RouteInput {
    pub twilio_number: String,
    pub twilio_number_sid: Option<String>,
    pub closebot_source_id: String,
    pub closebot_bot_id: Option<String>,
    pub bot_name: Option<String>,
    pub greeting_message: Option<String>,
    pub after_hours_reply: Option<String>,
    pub business_hours: Option<BusinessHours>,
    pub max_concurrent: i64,
    pub active: bool,
    pub csat_survey: SurveySettings,
}

const COLUMNS: &str = "id, twilio_number, twilio_number_sid, closebot_source_id, closebot_bot_id, bot_name,
    greeting_message, after_hours_reply, business_hours_json, max_concurrent, active, created_at, updated_at, deleted_at,
    csat_survey_json, sandbox";

#[derive(sqlx::FromRow)]
struct RouteRow {
    id: String,
    twilio_number: String,
    twilio_number_sid: Option<String>,
    closebot_source_id: String,
    closebot_bot_id: Option<String>,
    bot_name: Option<String>,
    greeting_message: Option<String>,
    after_hours_reply: Option<String>,
    business_hours_json: Option<String>,
    max_concurrent: i64,
    active: bool,
    created_at: i64,
    updated_at: i64,
    deleted_at: Option<i64>,
    csat_survey_json: Option<String>,
    sandbox: bool,
}

impl TryFrom<RouteRow> for Route {
    type Error = super::StoreError;
    fn try_from(r: RouteRow) -> StoreResult<Self> {
        Ok(Route {
            business_hours: json_column(
                r.business_hours_json.as_deref(),
                "routes.business_hours_json",
            )?,
            csat_survey: json_column(r.csat_survey_json.as_deref(), "routes.csat_survey_json")?
                .unwrap_or_default(),
            id: r.id,
            twilio_number: r.twilio_number,
            twilio_number_sid: r.twilio_number_sid,
            closebot_source_id: r.closebot_source_id,
            closebot_bot_id: r.closebot_bot_id,
            bot_name: r.bot_name,
            greeting_message: r.greeting_message,
            after_hours_reply: r.after_hours_reply,
            max_concurrent: r.max_concurrent,
            active: r.active,
            created_at: r.created_at,
            updated_at: r.updated_at,
            deleted_at: r.deleted_at,
            sandbox: r.sandbox,
        })
    }
}

impl Route {
    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    pub fn input(&self) -> RouteInput {
        RouteInput {
            twilio_number: self.twilio_number.clone(),
            twilio_number_sid: self.twilio_number_sid.clone(),
            closebot_source_id: self.closebot_source_id.clone(),
            closebot_bot_id: self.closebot_bot_id.clone(),
            bot_name: self.bot_name.clone(),
            greeting_message: self.greeting_message.clone(),
            after_hours_reply: self.after_hours_reply.clone(),
            business_hours: self.business_hours.clone(),
            max_concurrent: self.max_concurrent,
            active: self.active,
            csat_survey: self.csat_survey.clone(),
        }
    }
}

/// All routes by id, deleted ones included (their messages still name them).
/// Routes are few and read on every inbound text.
pub(super) type RouteCache = Arc<RwLock<HashMap<String, Route>>>;

/// Replaces the cache with what the database (as seen by `tx`) holds.
pub(super) async fn reload(cache: &RouteCache, tx: &mut TxConn) -> StoreResult<()> {
    let sql = format!("SELECT {COLUMNS} FROM routes");
    let rows: Vec<RouteRow> = on_tx!(tx, |db| sqlx::query_as(&sql).fetch_all(db).await)?;
    fill(cache, rows)
}

/// Replaces the cache with what `pool` sees committed.
pub(super) async fn reload_from(cache: &RouteCache, pool: &Pool) -> StoreResult<()> {
    let sql = format!("SELECT {COLUMNS} FROM routes");
    let rows: Vec<RouteRow> = on_engine!(pool, |db| sqlx::query_as(&sql).fetch_all(db).await)?;
    fill(cache, rows)
}

fn fill(cache: &RouteCache, rows: Vec<RouteRow>) -> StoreResult<()> {
    let routes = rows
        .into_iter()
        .map(Route::try_from)
        .collect::<StoreResult<Vec<_>>>()?;
    *cache.write().expect("route cache lock is never poisoned") =
        routes.into_iter().map(|r| (r.id.clone(), r)).collect();
    Ok(())
}

fn cached(cache: &RouteCache, find: impl Fn(&Route) -> bool) -> Option<Route> {
    cache
        .read()
        .expect("route cache lock is never poisoned")
        .values()
        .find(|r| find(r))
        .cloned()
}

impl Store {
    /// The routes in force (not deleted), oldest first.
    pub fn list_routes(&self) -> Vec<Route> {
        let mut routes = self.list_routes_even_deleted();
        routes.retain(|r| !r.is_deleted());
        routes
    }

    /// Every route, deleted ones too (their messages still count), oldest first.
    pub fn list_routes_even_deleted(&self) -> Vec<Route> {
        let mut routes: Vec<Route> = self
            .routes
            .read()
            .expect("route cache lock is never poisoned")
            .values()
            .cloned()
            .collect();
        routes.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        routes
    }

    /// A route in force.
    pub fn route(&self, id: &str) -> Option<Route> {
        cached(&self.routes, |r| r.id == id && !r.is_deleted())
    }

    /// Per route: its conversations, the messages in them, when it last had
    /// one, and its conversations active since `since_ms` (one pass over
    /// contacts, grouped by route).
    pub async fn route_activity(
        &self,
        since_ms: i64,
    ) -> StoreResult<HashMap<String, RouteActivity>> {
        let rows: Vec<(String, i64, i64, Option<i64>, i64)> = on_engine!(&self.engine, |db| {
            sqlx::query_as(
                "SELECT assigned_route_id, COUNT(*), CAST(SUM(message_count) AS BIGINT), MAX(last_message_at),
                        CAST(SUM(CASE WHEN last_message_at >= $1 THEN 1 ELSE 0 END) AS BIGINT) FROM contacts
                 WHERE assigned_route_id IS NOT NULL GROUP BY assigned_route_id",
            )
            .bind(since_ms)
            .fetch_all(db)
            .await
        })?;
        Ok(rows
            .into_iter()
            .map(|(id, conversations, messages, last_message_at, recent)| {
                let activity = RouteActivity {
                    conversations,
                    messages,
                    last_message_at,
                    conversations_since: recent,
                };
                (id, activity)
            })
            .collect())
    }

    /// A route, also when it was deleted (for what its messages belonged to).
    pub fn route_even_deleted(&self, id: &str) -> Option<Route> {
        cached(&self.routes, |r| r.id == id)
    }
}

impl Tx {
    /// The route in force for a Twilio number.
    pub async fn route_by_number(&mut self, twilio_number: &str) -> StoreResult<Option<Route>> {
        Ok(cached(&self.routes, |r| {
            r.twilio_number == twilio_number && !r.is_deleted()
        }))
    }

    /// A route in force.
    pub async fn route(&mut self, id: &str) -> StoreResult<Option<Route>> {
        Ok(cached(&self.routes, |r| r.id == id && !r.is_deleted()))
    }

    /// A route, also when it was deleted.
    pub async fn route_even_deleted(&mut self, id: &str) -> StoreResult<Option<Route>> {
        Ok(cached(&self.routes, |r| r.id == id))
    }

    /// Reads a route back from the database after writing it, and caches it.
    pub(super) async fn refresh_route(&mut self, id: &str) -> StoreResult<Option<Route>> {
        self.routes_changed = true;
        let row: Option<RouteRow> = on_tx!(&mut self.inner, |db| sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM routes WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(db)
        .await)?;
        let route = row.map(Route::try_from).transpose()?;
        let mut cache = self
            .routes
            .write()
            .expect("route cache lock is never poisoned");
        match &route {
            Some(route) => cache.insert(id.to_owned(), route.clone()),
            None => cache.remove(id),
        };
        Ok(route)
    }

    pub async fn insert_route(
        &mut self,
        id: &str,
        input: &RouteInput,
        now_ms: i64,
    ) -> StoreResult<Route> {
        on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "INSERT INTO routes (id, twilio_number, twilio_number_sid, closebot_source_id, closebot_bot_id, bot_name,
                 greeting_message, after_hours_reply, business_hours_json, max_concurrent, active, created_at, updated_at,
                 csat_survey_json)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            )
            .bind(id)
            .bind(&input.twilio_number)
            .bind(&input.twilio_number_sid)
            .bind(&input.closebot_source_id)
            .bind(&input.closebot_bot_id)
            .bind(&input.bot_name)
            .bind(&input.greeting_message)
            .bind(&input.after_hours_reply)
            .bind(hours_json(input))
            .bind(input.max_concurrent)
            .bind(input.active)
            .bind(now_ms)
            .bind(now_ms)
            .bind(survey_json(input))
            .execute(db)
            .await
            .map(Done::from)
        })?;
        self.refresh_route(id)
            .await?
            .ok_or_else(|| super::StoreError::Corrupt("route vanished after insert".into()))
    }

    pub async fn update_route(
        &mut self,
        id: &str,
        input: &RouteInput,
        now_ms: i64,
    ) -> StoreResult<Option<Route>> {
        let changed = on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE routes SET twilio_number = $1, twilio_number_sid = $2, closebot_source_id = $3, closebot_bot_id = $4,
             bot_name = $5, greeting_message = $6, after_hours_reply = $7, business_hours_json = $8, max_concurrent = $9,
             active = $10, updated_at = $11, csat_survey_json = $12 WHERE id = $13 AND deleted_at IS NULL",
        )
        .bind(&input.twilio_number)
        .bind(&input.twilio_number_sid)
        .bind(&input.closebot_source_id)
        .bind(&input.closebot_bot_id)
        .bind(&input.bot_name)
        .bind(&input.greeting_message)
        .bind(&input.after_hours_reply)
        .bind(hours_json(input))
        .bind(input.max_concurrent)
        .bind(input.active)
        .bind(now_ms)
        .bind(survey_json(input))
        .bind(id)
        .execute(db).await.map(Done::from))?
        .rows_affected();
        if changed == 0 {
            return Ok(None);
        }
        if !input.csat_survey.enabled {
            // Switched on again later, it starts from then, not from now.
            self.forget_quiet_cursor(id).await?;
        }
        self.refresh_route(id).await
    }

    /// Marks the route deleted: one row changes, whatever the route carried
    /// (its messages keep pointing at it), and its number is free again.
    pub async fn delete_route(&mut self, id: &str, now_ms: i64) -> StoreResult<bool> {
        let deleted = on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE routes SET deleted_at = $1, active = FALSE, updated_at = $1 WHERE id = $2 AND deleted_at IS NULL",
            )
            .bind(now_ms)
            .bind(id)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        self.forget_quiet_cursor(id).await?;
        self.refresh_route(id).await?;
        Ok(deleted.rows_affected() > 0)
    }
}

fn survey_json(input: &RouteInput) -> String {
    serde_json::to_string(&input.csat_survey).expect("survey settings always serialise")
}

fn hours_json(input: &RouteInput) -> Option<String> {
    input
        .business_hours
        .as_ref()
        .map(|h| serde_json::to_string(h).expect("business hours always serialise"))
}
