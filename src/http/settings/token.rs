//! `POST /api/settings/rotate-token`: a new CloseBot callback token.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app_state::AppState;
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::AdminUser;
use crate::preferences;
use crate::storage::{JobKind, NewJob, Provider};

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TokenRotated {
    /// The new CloseBot callback URL.
    pub response_url: String,
    /// Sources this app created, queued to be re-pointed at the new URL.
    pub sources_repointed: usize,
    /// Until when the previous token is still accepted (RFC 3339).
    pub previous_valid_until: String,
}

/// Makes a new CloseBot callback token and re-points every source this app
/// created; the previous token is accepted for a day more (admins).
#[utoipa::path(post,
    operation_id = "rotateResponseToken", path = "/api/settings/rotate-token", tag = "settings",
    responses((status = 200, body = TokenRotated), (status = 403, body = ErrorBody)))]
pub async fn rotate_token(
    State(app): State<AppState>,
    _admin: AdminUser,
) -> ApiResult<Json<TokenRotated>> {
    let now = app.clock.now_ms();
    let new = crate::domain::ids::random_hex(24);
    let kept = (
        app.response_token.current(),
        now + crate::security::response_token::GRACE_MS,
    );
    let (token, previous) = (new.clone(), kept.clone());
    let (sources, _) = app
        .store
        .write(move |tx| {
            Box::pin(async move {
                preferences::save_rotation(tx, &token, &previous, now).await?;
                let sources = tx.created_source_ids().await?;
                for source in &sources {
                    let job = NewJob {
                        kind: JobKind::RepointSource,
                        contact_id: source,
                        message_id: None,
                        route_id: None,
                        payload: serde_json::json!({ "sourceId": source }),
                        run_at: now,
                        request_id: None,
                    };
                    tx.enqueue(job, now).await?;
                }
                Ok(sources.len())
            })
        })
        .await?;
    // The tokens as saved, not a rotation of what memory holds now: another
    // instance's save (or this one's, heard back) may have reloaded them
    // since the write, and rotating again would push out the old token.
    app.response_token.replace(new, Some(kept.clone()));
    app.wake(Provider::Closebot);
    crate::sandbox::mode::repoint_demo_source(&app).await;
    Ok(Json(TokenRotated {
        response_url: app.response_webhook_url(),
        sources_repointed: sources,
        previous_valid_until: crate::clock::to_rfc3339(kept.1),
    }))
}
