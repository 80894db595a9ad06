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
    // Finding ambassadors, when it is on and a week has passed since the last round.
    crate::ambassadors::round(state, false).await?;
    let ids = state.read(|conn| Ok(communities::all_ids(conn)?)).await?;
    let mut counted = 0;
    for scope in std::iter::once(None).chain(ids.into_iter().map(Some)) {
        for days in WINDOWS {
            let key = scope.clone();
            let fresh = state
                .read(move |conn| {
                    let scope = key.as_deref().map_or(Scope::Organisation, Scope::Community);
                    Ok(insights::windows(conn, scope, days, today)?.fresh())
                })
                .await?;
            counted += fresh.len();
            store(state, scope.clone(), fresh).await?;
        }
    }
    Ok(counted)
}

/// Keeps windows just counted as snapshots.
pub async fn store(
    state: &AppState,
    scope: Option<String>,
    fresh: Vec<(i32, i32, health::PeriodCounts)>,
) -> ApiResult<()> {
    if fresh.is_empty() {
        return Ok(());
    }
    let now = state.now();
    state
        .write(move |conn| {
            let scope = scope
                .as_deref()
                .map_or(Scope::Organisation, Scope::Community);
            for (days, end_day, counts) in &fresh {
                health::store_snapshot(conn, scope, *days, *end_day, counts, now)?;
            }
            Ok(())
        })
        .await
}
