//! The daily counting, run by every process at start and then every hour: deletes days with
//! a visit after 90 days and snapshots after two years, and counts each window ending today
//! (and the one before it) for the organisation and every community, so that insights pages
//! read snapshots, and 90-day comparisons outlive the visits they were counted from. Two
//! processes counting the same window store it once. It also starts the weekly round of
//! finding ambassadors (`crate::ambassadors`) when that is on.

use std::time::Duration;

use actix_web::web;
use hearth_common::insights::{COUNTS_RETENTION_DAYS, PRESENCE_RETENTION_DAYS, WINDOWS};
use hearth_db::health::{self, Scope};
use hearth_db::{communities, settings};

use crate::error::ApiResult;
use crate::insights;
use crate::state::AppState;

pub async fn run(state: web::Data<AppState>, every: Duration) {
    loop {
        if let Err(e) = once(&state).await {
            tracing::warn!(error = %e, "counting community health failed; trying again later");
        }
        actix_web::rt::time::sleep(every).await;
    }
}

/// One round: purge, then count what has no snapshot yet. Returns how many windows it counted.
pub async fn once(state: &AppState) -> ApiResult<usize> {
    let now = state.now();
    let today = health::day_of(now);
    let mode = state
        .write(move |conn| {
            health::purge(
                conn,
                today,
                i32::try_from(PRESENCE_RETENTION_DAYS).unwrap_or(90),
                i32::try_from(COUNTS_RETENTION_DAYS).unwrap_or(730),
            )?;
            Ok(settings::get(conn)?.analytics_mode)
        })
        .await?;
    if !mode.aggregates() {
        return Ok(0);
    }

    let counted = state
        .read(move |conn| {
            let ids = communities::all_ids(conn)?;
            let mut counter = insights::Counter::everything();
            for scope in std::iter::once(None).chain(ids.iter().map(Some)) {
                let scope = scope.map_or(Scope::Organisation, |id| Scope::Community(id));
                for days in WINDOWS {
                    insights::windows(&mut counter, conn, scope, days, today)?;
                }
            }
            counter.adoption(conn, today)?;
            Ok(counter.counted())
        })
        .await?;
    let n = counted.windows.len();
    keep(state, counted).await?;
    // Finding ambassadors, when it is on and a week has passed since the last round.
    crate::ambassadors::round(state, false).await?;
    Ok(n)
}

/// Keeps what was just counted as snapshots.
pub async fn keep(state: &AppState, counted: insights::Counted) -> ApiResult<()> {
    if counted.windows.is_empty() && counted.adoption.is_none() {
        return Ok(());
    }
    let now = state.now();
    state
        .write(move |conn| {
            for (scope, days, end_day, counts) in &counted.windows {
                let scope = scope
                    .as_deref()
                    .map_or(Scope::Organisation, Scope::Community);
                health::store_snapshot(conn, scope, *days, *end_day, counts, now)?;
            }
            if let Some((end_day, counts)) = &counted.adoption {
                let scope = Scope::Organisation;
                health::store_snapshot(conn, scope, health::ADOPTION, *end_day, counts, now)?;
            }
            Ok(())
        })
        .await
}
