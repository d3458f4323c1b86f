//! `/api/contacts/import` (admins): upload a CSV (a draft with a guessed
//! mapping and a preview), preview again with a changed mapping, start it,
//! follow its progress, stop it, and download the rows not imported.

mod list;

pub use list::*;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AdminUser, ApiJson, ApiQuery, CurrentUser};
use crate::app_state::AppState;
use crate::domain::ids::new_id;
use crate::imports::columns::{self, Target};
use crate::imports::runner::STATUSES;
use crate::imports::{preview, read_sheet, ImportOptions, PreviewRow};
use crate::storage::{ImportRecord, NewImport};

/// Uploads may be this large (the rest of the API: 1 MiB).
pub const MAX_UPLOAD_BYTES: usize = 50 * 1024 * 1024;
const PREVIEW_ROWS: usize = 10;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportView {
    pub id: String,
    /// draft, running, done, stopped or failed.
    pub state: String,
    pub file_name: String,
    pub headers: Vec<String>,
    pub options: ImportOptions,
    pub total_rows: i64,
    pub rows_done: i64,
    pub created: i64,
    pub updated: i64,
    /// Duplicates of an earlier row of the file.
    pub skipped: i64,
    pub rejected: i64,
    pub messages_queued: i64,
    /// First messages still waiting for their turn (stoppable).
    pub messages_pending: i64,
    #[schema(required = true)]
    pub error: Option<String>,
    /// The first rows read through the options (drafts only).
    pub preview: Vec<PreviewRow>,
    pub created_at: String,
    #[schema(required = true)]
    pub finished_at: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct UploadQuery {
    /// The file's name, to show in the list of imports.
    pub file_name: Option<String>,
}

/// Uploads a CSV file (the body, up to 50 MiB): a draft import with a
/// guessed mapping and a preview of its first rows.
#[utoipa::path(post,
    operation_id = "uploadContactImport", path = "/api/contacts/import", tag = "contacts", params(UploadQuery),
    request_body(content_type = "text/csv", content = String),
    responses((status = 201, body = ImportView), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn upload(
    State(app): State<AppState>,
    CurrentUser(user): CurrentUser,
    _admin: AdminUser,
    ApiQuery(query): ApiQuery<UploadQuery>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<ImportView>)> {
    let sheet = read_sheet(&body).map_err(ApiError::validation)?;
    if sheet.rows.is_empty() {
        return Err(ApiError::validation("the file has a header but no rows"));
    }
    let options = ImportOptions {
        columns: columns::guess(&sheet.headers),
        default_country: "US".into(),
        default_status: "new".into(),
        first_message: None,
    };
    let file_name = query
        .file_name
        .map(|n| n.chars().take(200).collect::<String>())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "contacts.csv".into());
    let (id, now) = (new_id(), app.clock.now_ms());
    let json = serde_json::to_string(&options).expect("options serialise");
    let (import_id, total) = (id.clone(), sheet.rows.len() as i64);
    let content = body.to_vec();
    app.store
        .write(move |tx| {
            Box::pin(async move {
                let new = NewImport {
                    id: &import_id,
                    file_name: &file_name,
                    content: &content,
                    total_rows: total,
                    options_json: &json,
                    created_by: &user.id,
                };
                tx.create_import(new, now).await
            })
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(view(&app, &id, Some(&options)).await?),
    ))
}

/// Previews the draft again with other options.
#[utoipa::path(post,
    operation_id = "previewContactImport", path = "/api/contacts/import/{id}/preview", tag = "contacts",
    params(("id" = String, Path)), request_body = ImportOptions,
    responses((status = 200, body = ImportView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn repreview(
    State(app): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<String>,
    ApiJson(options): ApiJson<ImportOptions>,
) -> ApiResult<Json<ImportView>> {
    Ok(Json(view(&app, &id, Some(&options)).await?))
}

/// Starts the draft with these options.
#[utoipa::path(post,
    operation_id = "startContactImport", path = "/api/contacts/import/{id}/start", tag = "contacts",
    params(("id" = String, Path)), request_body = ImportOptions,
    responses((status = 202, body = ImportView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn start(
    State(app): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<String>,
    ApiJson(options): ApiJson<ImportOptions>,
) -> ApiResult<(StatusCode, Json<ImportView>)> {
    let record = found(&app, &id).await?;
    let content = app.store.import_file(&id).await?.unwrap_or_default();
    let sheet = read_sheet(&content).map_err(ApiError::validation)?;
    check(&app, &options, sheet.headers.len())?;
    let (json, now, starting) = (
        serde_json::to_string(&options).expect("options serialise"),
        app.clock.now_ms(),
        id.clone(),
    );
    let (started, _) = app
        .store
        .write(move |tx| Box::pin(async move { tx.start_import(&starting, &json, now).await }))
        .await?;
    if !started {
        return Err(ApiError::conflict(
            "import_not_draft",
            format!("This import is {} already", record.state),
        ));
    }
    app.imports.start(id.clone());
    Ok((StatusCode::ACCEPTED, Json(view(&app, &id, None).await?)))
}

/// An import's progress and counts.
#[utoipa::path(get,
    operation_id = "getContactImport", path = "/api/contacts/import/{id}", tag = "contacts", params(("id" = String, Path)),
    responses((status = 200, body = ImportView), (status = 404, body = ErrorBody)))]
pub async fn read(
    State(app): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<String>,
) -> ApiResult<Json<ImportView>> {
    Ok(Json(view(&app, &id, None).await?))
}

/// Stops an import (while it runs, or while its first messages still wait):
/// its first messages not yet sent are canceled.
#[utoipa::path(post,
    operation_id = "stopContactImport", path = "/api/contacts/import/{id}/stop", tag = "contacts", params(("id" = String, Path)),
    responses((status = 200, body = ImportView), (status = 404, body = ErrorBody)))]
pub async fn stop(
    State(app): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<String>,
) -> ApiResult<Json<ImportView>> {
    found(&app, &id).await?;
    let (now, stopping) = (app.clock.now_ms(), id.clone());
    app.store
        .write(move |tx| {
            Box::pin(async move {
                tx.stop_import(&stopping, now).await?;
                tx.cancel_import_sends(&stopping, "Not sent: the import was stopped", now)
                    .await
            })
        })
        .await?;
    Ok(Json(view(&app, &id, None).await?))
}

/// The rows not imported (skipped or rejected) with their reasons, as CSV.
#[utoipa::path(get,
    operation_id = "downloadImportRejections", path = "/api/contacts/import/{id}/rejected.csv", tag = "contacts",
    params(("id" = String, Path)),
    responses((status = 200, content_type = "text/csv", description = "row, reason, the row as it was"), (status = 404, body = ErrorBody)))]
pub async fn rejected(
    State(app): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    found(&app, &id).await?;
    let mut text = String::from("\u{feff}row,reason,original row\r\n");
    for (row, reason, raw) in app.store.import_rejections(&id).await? {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let cells = [
            row.to_string(),
            super::contacts::neutralised(&reason),
            super::contacts::neutralised(&raw),
        ];
        writer
            .write_record(&cells)
            .expect("writing CSV into memory cannot fail");
        text.push_str(
            &String::from_utf8_lossy(&writer.into_inner().unwrap_or_default())
                .replace('\n', "\r\n"),
        );
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"rows-not-imported.csv\"",
            ),
        ],
        text,
    )
        .into_response())
}

async fn found(app: &AppState, id: &str) -> ApiResult<ImportRecord> {
    app.store
        .import(id)
        .await?
        .ok_or_else(|| ApiError::not_found("The import"))
}

fn check(app: &AppState, options: &ImportOptions, columns: usize) -> ApiResult<()> {
    columns::check(&options.columns, columns).map_err(ApiError::validation)?;
    crate::imports::country(&options.default_country).map_err(ApiError::validation)?;
    if !STATUSES.contains(&options.default_status.as_str()) {
        return Err(ApiError::validation(format!(
            "defaultStatus must be one of {}",
            STATUSES.join(", ")
        )));
    }
    for target in &options.columns {
        if let Target::Field(name) = target {
            if name.trim().is_empty() || name.chars().count() > 100 {
                return Err(ApiError::validation(
                    "a field's name must be 1 to 100 characters",
                ));
            }
        }
    }
    if let Some(first) = &options.first_message {
        let route = app
            .store
            .route(&first.route_id)
            .ok_or_else(|| ApiError::validation("firstMessage.routeId: no such route"))?;
        if !route.active {
            return Err(ApiError::validation(
                "firstMessage.routeId: that route is switched off",
            ));
        }
        let body = first.body.trim();
        if body.is_empty() || body.chars().count() > crate::domain::segments::MAX_BODY_CHARS {
            return Err(ApiError::validation(
                "firstMessage.body must be 1 to 1,600 characters",
            ));
        }
        if !(0.05..=100.0).contains(&first.segments_per_second) {
            return Err(ApiError::validation(
                "firstMessage.segmentsPerSecond must be between 0.05 and 100",
            ));
        }
    }
    Ok(())
}

/// The import as the page shows it; `preview_with`: preview the first rows.
async fn view(
    app: &AppState,
    id: &str,
    preview_with: Option<&ImportOptions>,
) -> ApiResult<ImportView> {
    let record = found(app, id).await?;
    let stored: ImportOptions = serde_json::from_str(&record.options_json)
        .map_err(|e| ApiError::validation(e.to_string()))?;
    let content = app.store.import_file(id).await?;
    let sheet = content
        .as_deref()
        .map(read_sheet)
        .transpose()
        .map_err(ApiError::validation)?;
    let headers = sheet
        .as_ref()
        .map(|s| s.headers.clone())
        .unwrap_or_default();
    let rows = match (&sheet, preview_with) {
        (Some(sheet), Some(options)) => {
            columns::check(&options.columns, sheet.headers.len()).map_err(ApiError::validation)?;
            let phones = crate::imports::phones(sheet, options, &STATUSES, PREVIEW_ROWS);
            let (known, suppressed) = app.store.known_phones(&phones).await?;
            preview(sheet, options, &STATUSES, &known, &suppressed, PREVIEW_ROWS)
                .map_err(ApiError::validation)?
        }
        _ => Vec::new(),
    };
    Ok(ImportView {
        id: record.id,
        state: record.state,
        file_name: record.file_name,
        headers,
        options: preview_with.cloned().unwrap_or(stored),
        total_rows: record.total_rows,
        rows_done: record.rows_done,
        created: record.created,
        updated: record.updated,
        skipped: record.skipped,
        rejected: record.rejected,
        messages_queued: record.messages_queued,
        messages_pending: app.store.pending_import_sends(id).await?,
        error: record.error,
        preview: rows,
        created_at: crate::clock::to_rfc3339(record.created_at),
        finished_at: record.finished_at.map(crate::clock::to_rfc3339),
    })
}
