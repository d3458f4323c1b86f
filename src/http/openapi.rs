//! The OpenAPI description of the API, generated from the handlers. The web
//! app's TypeScript types are generated from it (`closebot-sms openapi`).

use axum::Json;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    activity, analytics, auth, bots, contacts, conversations, dashboard, imports, numbers, queue,
    routing, sandbox, settings, team, trace, webhooks,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "CloseBot SMS", description = "Twilio SMS ⇄ CloseBot bridge and dashboard API. Sign in with POST /api/auth/login; the session cookie authenticates everything else except webhooks and health."),
    paths(
        super::health::health,
        auth::login, auth::logout, auth::me, auth::change_password,
        team::list, team::create, team::update, team::reset_password, team::delete,
        routing::list, routing::create, routing::read, routing::update, routing::delete,
        contacts::list, contacts::read, contacts::update, contacts::delete, contacts::export,
        imports::list, imports::upload, imports::repreview, imports::start, imports::read, imports::stop, imports::rejected,
        conversations::list, conversations::thread, conversations::send, conversations::resume_bot, conversations::mark_read,
        trace::trace,
        settings::read, settings::update, settings::test_connection, settings::rotate_token, settings::test_email,
        numbers::list, numbers::connect, bots::list, bots::sources, bots::create_source, bots::set_active, bots::create,
        activity::stream, activity::history, dashboard::stats, dashboard::search,
        analytics::overview, analytics::messages, analytics::bots, analytics::outcomes, analytics::leaderboard, analytics::csat,
        queue::stats, queue::failed, queue::retry,
        sandbox::read, sandbox::update, sandbox::remove_data, sandbox::text, sandbox::phone,
        webhooks::twilio::inbound, webhooks::twilio::status, webhooks::closebot::response,
    ),
    modifiers(&SessionCookie),
    tags(
        (name = "auth"), (name = "team"), (name = "routes"), (name = "bots"), (name = "contacts"), (name = "conversations"), (name = "settings"),
        (name = "dashboard"), (name = "analytics"), (name = "queue"), (name = "sandbox"), (name = "webhooks"), (name = "health"),
    )
)]
pub struct ApiDoc;

struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                super::session::COOKIE_NAME,
            ))),
        );
    }
}

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
