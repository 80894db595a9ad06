//! What has to happen at a time rather than on a request, run by every process every
//! minute: must-read reminders and escalating reports left open for 48 hours. Each takes the
//! locks that keep two processes from doing the same thing twice.

use std::time::Duration;

use actix_web::web;

use crate::error::ApiResult;
use crate::state::AppState;
use crate::{announcements, moderation};

pub async fn run(state: web::Data<AppState>, every: Duration) {
    loop {
        if let Err(e) = once(&state).await {
            tracing::warn!(error = %e, "timed duties failed; trying again later");
        }
        actix_web::rt::time::sleep(every).await;
    }
}

pub async fn once(state: &AppState) -> ApiResult<()> {
    announcements::remind_due(state).await?;
    let now = state.now();
    state
        .write_announcing(move |conn, outbox| {
            // Reports are locked by the update that marks them escalated.
            moderation::escalate_due(conn, outbox, now)
        })
        .await?;
    Ok(())
}
