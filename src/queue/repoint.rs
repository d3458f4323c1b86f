//! Runs a `repoint_source` job: sets a CloseBot source we created to our
//! current callback URL (read when the job runs, so two quick rotations end
//! at the latest token).

use super::{complete, count_refusal, retry_or_give_up, Health, Outbox};
use crate::providers::CallError;
use crate::storage::{Job, StoreResult};

pub async fn run(outbox: &Outbox, job: Job) -> StoreResult<Health> {
    let Some(source_id) = job.payload["sourceId"].as_str().map(str::to_owned) else {
        return complete(outbox, job).await;
    };
    let Some(key) = outbox.credentials.closebot_for(job.sandbox) else {
        let error = CallError::NotConfigured("the CloseBot API key is not configured".into());
        return retry_or_give_up(outbox, job, error, |_, _, _| Box::pin(async { Ok(()) })).await;
    };
    let callback = outbox.response_url();
    match outbox
        .closebot
        .set_source_callback(&key, &source_id, &callback)
        .await
    {
        Ok(()) => {
            complete(outbox, job).await?;
            Ok(Health::Answered)
        }
        Err(error @ CallError::Rejected { .. }) => {
            // The source is gone or refuses: nothing a retry changes.
            count_refusal(outbox, &job, &error);
            tracing::warn!(
                source = source_id,
                message = %error,
                "CloseBot would not re-point a source"
            );
            complete(outbox, job).await?;
            Ok(Health::Answered)
        }
        Err(error) => {
            retry_or_give_up(outbox, job, error, |_, _, _| Box::pin(async { Ok(()) })).await
        }
    }
}
