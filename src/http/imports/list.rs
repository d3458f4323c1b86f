//! `GET /api/contacts/import`: the latest imports, so any admin in any
//! browser sees one that is running (or just finished).

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::{view, ImportView};
use crate::app_state::AppState;
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::AdminUser;

/// How many of the latest imports the list gives.
const LATEST: i64 = 10;

#[derive(Serialize, ToSchema)]
pub struct ImportList {
    /// Newest first; drafts (never started) are left out.
    pub items: Vec<ImportView>,
}

/// The latest imports, newest first, with their progress and counts.
#[utoipa::path(get,
    operation_id = "listContactImports", path = "/api/contacts/import", tag = "contacts",
    responses((status = 200, body = ImportList), (status = 403, body = ErrorBody)))]
pub async fn list(State(app): State<AppState>, _admin: AdminUser) -> ApiResult<Json<ImportList>> {
    let mut items = Vec::new();
    for record in app.store.recent_imports(LATEST).await? {
        items.push(view(&app, &record.id, None).await?);
    }
    Ok(Json(ImportList { items }))
}
