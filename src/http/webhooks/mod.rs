//! Public endpoints the providers call. Each checks its caller before
//! touching anything (the extractors in `verified`), stores what it accepts
//! durably, then answers.

pub mod closebot;
pub mod twilio;
pub mod verified;

use futures_util::future::BoxFuture;

use crate::app_state::AppState;
use crate::http::error::{ApiError, ApiResult};
use crate::storage::{StoreResult, Tx};

/// A webhook's write, bounded in time: when the database is stuck, the
/// provider gets a `503` it retries (Twilio then tries the number's fallback
/// URL) instead of a request that hangs. A write that lands after all is
/// harmless: webhooks are idempotent on the provider's ids.
pub async fn write_within<T, F>(app: &AppState, op: F) -> ApiResult<T>
where
    T: Send + 'static,
    F: for<'a> FnOnce(&'a mut Tx) -> BoxFuture<'a, StoreResult<T>> + Send + 'static,
{
    match tokio::time::timeout(app.webhook_write_timeout, app.store.write(op)).await {
        Ok(written) => Ok(written?.0),
        Err(_) => {
            tracing::error!(
                timeout_ms = app.webhook_write_timeout.as_millis() as u64,
                "a webhook's write did not finish in time; answered 503 so the provider retries"
            );
            Err(ApiError::unavailable(
                "The database is not keeping up; try again shortly",
            ))
        }
    }
}
