//! What has to happen at a time rather than on a request, run by every process every
//! minute: must-read reminders, escalating reports left open for 48 hours, telling
//! community managers of posts that just waited 48 hours for an answer, indexing for
//! search the posts written before search existed, forgetting idempotency keys after
//! 24 hours, removing unused and released uploads, and finishing image processing that a
//! stopped process left. Each takes the locks
//! that keep two processes from doing the same thing twice (the last is a hint to reload a
//! list, harmless when two processes both send it).

use std::time::Duration;

use actix_web::web;

use crate::error::ApiResult;
use crate::insights::todo;
use crate::state::AppState;
use crate::{announcements, moderation};

/// Posts indexed per transaction, and transactions per round, by the search backfill.
const BACKFILL_BATCH: i64 = 250;
const BACKFILL_BATCHES: usize = 20;

pub async fn run(state: web::Data<AppState>, every: Duration) {
    let mut since = state.now();
    loop {
        match once(&state, since).await {
            Ok(now) => since = now,
            Err(e) => tracing::warn!(error = %e, "timed duties failed; trying again later"),
        }
        actix_web::rt::time::sleep(every).await;
    }
}

/// One round; `since` is when the last one ran. Returns when this one did.
pub async fn once(state: &AppState, since: i64) -> ApiResult<i64> {
    announcements::remind_due(state).await?;
    let now = state.now();
    state
        .write_announcing(move |conn, outbox| {
            // Reports are locked by the update that marks them escalated.
            moderation::escalate_due(conn, outbox, now)?;
            todo::turned_unanswered(conn, outbox, since, now)
        })
        .await?;
    let remembered_since = now - crate::idempotency::KEEP_MICROS;
    state
        .write(move |conn| {
            Ok(hearth_db::idempotency::forget_before(
                conn,
                remembered_since,
            )?)
        })
        .await?;
    crate::media::processing::remove_due(state, now).await?;
    crate::media::processing::resume_stuck(state, now).await?;
    // A few thousand posts a minute, in short transactions that leave room for requests.
    for _ in 0..BACKFILL_BATCHES {
        let more = state
            .write(|conn| Ok(hearth_db::search::backfill(conn, BACKFILL_BATCH)?))
            .await?;
        if !more {
            break;
        }
    }
    Ok(now)
}
