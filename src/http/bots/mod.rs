//! `/api/bots`: CloseBot's bots with the routes that use them and their
//! figures, switching a bot's routes on or off, creating a bot with AI; and
//! `/api/closebot/sources` (`sources`).

mod actions;
mod sources;

pub use actions::*;
pub use sources::*;

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiResult, ErrorBody};
use super::extract::ApiQuery;
use crate::app_state::AppState;
use crate::insights::bot_figures::{figures, windows, BotFigures, Inputs};
use crate::providers::closebot::Bot;
use crate::providers::in_words;
use crate::storage::Route;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotView {
    pub id: String,
    pub name: String,
    #[schema(required = true)]
    pub category: Option<String>,
    pub follow_up_active: bool,
    /// The bot's sources on CloseBot (channels it answers on).
    pub sources: Vec<BotSourceView>,
    /// Our routes (Twilio numbers) this bot answers.
    pub routes: Vec<BotRoute>,
    /// Known only from our routes: CloseBot did not list it just now.
    pub only_in_routes: bool,
    /// Some route of it is switched on (no route: false).
    pub active: bool,
    pub figures: BotFigures,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotSourceView {
    pub id: String,
    #[schema(required = true)]
    pub name: Option<String>,
    #[schema(required = true)]
    pub category: Option<String>,
    pub enabled: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotRoute {
    pub id: String,
    pub twilio_number: String,
    pub closebot_source_id: String,
    pub active: bool,
}

#[derive(Serialize, ToSchema)]
pub struct BotList {
    pub items: Vec<BotView>,
    /// Why CloseBot could not be asked (the bots our routes name are listed).
    #[schema(required = true)]
    pub error: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BotsQuery {
    /// IANA time zone of the 7-day series (default: the business's, from Settings).
    pub timezone: Option<String>,
}

/// CloseBot's bots, each with our routes that use it and its figures.
#[utoipa::path(get,
    operation_id = "listBots", path = "/api/bots", tag = "bots", params(BotsQuery),
    responses((status = 200, body = BotList), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    ApiQuery(query): ApiQuery<BotsQuery>,
) -> ApiResult<Json<BotList>> {
    let tz = super::dashboard::time_zone(&app, query.timezone.as_deref())?;
    let fetched = match app.credentials.closebot() {
        None => Err("The CloseBot API key is not configured: add it in Settings".to_owned()),
        Some(key) => app
            .closebot
            .list_bots(&key)
            .await
            .map_err(|e| in_words("CloseBot", &e)),
    };
    let routes = app.store.list_routes();
    let (bots, error) = match fetched {
        Ok(bots) => (bots, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    let mut items: Vec<BotView> = bots
        .into_iter()
        .filter_map(|bot| bot_view(bot, &routes))
        .collect();
    let known: Vec<BotView> = routes
        .iter()
        .filter_map(|route| route.closebot_bot_id.as_deref().map(|id| (id, route)))
        .filter(|(id, _)| !items.iter().any(|b| b.id == *id))
        .map(|(id, route)| BotView {
            id: id.to_owned(),
            name: route.bot_name.clone().unwrap_or_else(|| id.to_owned()),
            category: None,
            follow_up_active: false,
            sources: Vec::new(),
            routes: routes_of(id, &routes),
            only_in_routes: true,
            active: false,
            figures: empty_figures(),
        })
        .collect();
    for bot in known {
        if !items.iter().any(|b| b.id == bot.id) {
            items.push(bot);
        }
    }
    add_figures(&app, &mut items, &routes, tz).await?;
    Ok(Json(BotList { items, error }))
}

fn bot_view(bot: Bot, routes: &[Route]) -> Option<BotView> {
    let id = bot.id?;
    Some(BotView {
        name: bot.name.unwrap_or_else(|| id.clone()),
        category: bot.category,
        follow_up_active: bot.follow_up_active,
        sources: bot
            .sources
            .unwrap_or_default()
            .into_iter()
            .filter_map(|s| {
                Some(BotSourceView {
                    id: s.id?,
                    name: s.name,
                    category: s.category,
                    enabled: s.enabled,
                })
            })
            .collect(),
        routes: routes_of(&id, routes),
        only_in_routes: false,
        active: false,
        figures: empty_figures(),
        id,
    })
}

fn empty_figures() -> BotFigures {
    BotFigures {
        conversations: 0,
        messages: 0,
        last_active: None,
        last_seven_days: Vec::new(),
        bookings_this_month: None,
        conversations_this_month: 0,
        conversion: None,
        bookings_source: String::new(),
    }
}

/// Each bot's figures from its routes (one read of contacts and of the
/// hourly counts for all bots together).
async fn add_figures(
    app: &AppState,
    items: &mut [BotView],
    routes: &[Route],
    tz: chrono_tz::Tz,
) -> ApiResult<()> {
    let now = app.clock.now_ms();
    let (first_day, week_start, month_start) = windows(tz, now);
    let activity = app.store.route_activity(month_start).await?;
    let ids: Vec<String> = routes.iter().map(|r| r.id.clone()).collect();
    let hours = app.store.route_hours(&ids, week_start, now + 1).await?;
    for bot in items.iter_mut() {
        let own: Vec<&Route> = routes
            .iter()
            .filter(|r| r.closebot_bot_id.as_deref() == Some(bot.id.as_str()))
            .collect();
        bot.active = own.iter().any(|r| r.active);
        let input = Inputs {
            routes: &own,
            activity: &activity,
            hours: &hours,
            first_day,
            tz,
        };
        bot.figures = figures(input, &app.bookings, &app.closebot, &app.credentials, now).await;
    }
    Ok(())
}

fn routes_of(bot_id: &str, routes: &[Route]) -> Vec<BotRoute> {
    routes
        .iter()
        .filter(|r| r.closebot_bot_id.as_deref() == Some(bot_id))
        .map(|r| BotRoute {
            id: r.id.clone(),
            twilio_number: r.twilio_number.clone(),
            closebot_source_id: r.closebot_source_id.clone(),
            active: r.active,
        })
        .collect()
}
