//! Community health and adoption: windows of whole days up to the start of today, counted
//! once per day and scope (then kept as a snapshot), and shown only as figures about groups
//! of at least 5 people (`anonymity`). Who may see which scope is `policy::insights`.

pub mod anonymity;
pub mod job;
pub mod network;
pub mod presence;
pub mod signals;

use hearth_common::insights::{
    Adoption, Health, Participation, Period, Signal, SignalKind, WINDOWS,
};
use hearth_db::communities::CommunityRow;
use hearth_db::health::{self, day_start, PeriodCounts, Scope, DAY};
use hearth_db::time::to_datetime;
use hearth_db::DbConnection;

use crate::error::{ApiError, ApiResult};
use crate::present;

/// The window used for signals and the communities list.
pub const SIGNAL_WINDOW: u16 = 28;

/// `?window=`: 7, 28 (default) or 90 days.
pub fn window(requested: Option<u16>) -> ApiResult<u16> {
    match requested {
        None => Ok(SIGNAL_WINDOW),
        Some(days) if WINDOWS.contains(&days) => Ok(days),
        Some(_) => Err(ApiError::bad_request(
            "invalid_query",
            "window must be 7, 28 or 90 (days)",
        )),
    }
}

/// The counts of `scope` over the `days` days before `end_day`: from the snapshot, or
/// counted now. A counted window is returned with `fresh` so the caller can keep it.
pub struct Counted {
    pub counts: PeriodCounts,
    pub fresh: bool,
}

pub fn counts(
    conn: &mut DbConnection,
    scope: Scope<'_>,
    days: u16,
    end_day: i32,
) -> ApiResult<Counted> {
    let days = i32::from(days);
    if let Some(counts) = health::snapshot(conn, scope, days, end_day)? {
        return Ok(Counted {
            counts,
            fresh: false,
        });
    }
    Ok(Counted {
        counts: health::count_period(conn, scope, end_day - days, end_day)?,
        fresh: true,
    })
}

/// A window and the one before it, as counts (with whether each was counted just now).
pub struct Windows {
    pub days: u16,
    pub end_day: i32,
    pub current: Counted,
    pub previous: Counted,
}

pub fn windows(
    conn: &mut DbConnection,
    scope: Scope<'_>,
    days: u16,
    end_day: i32,
) -> ApiResult<Windows> {
    Ok(Windows {
        days,
        end_day,
        current: counts(conn, scope, days, end_day)?,
        previous: counts(conn, scope, days, end_day - i32::from(days))?,
    })
}

impl Windows {
    pub fn health(&self) -> Health {
        let days = i32::from(self.days);
        Health {
            window_days: self.days,
            current: period(&self.current.counts, self.end_day - days, self.end_day),
            previous: period(
                &self.previous.counts,
                self.end_day - 2 * days,
                self.end_day - days,
            ),
        }
    }

    /// The windows counted now, to keep as snapshots: (window days, end day, counts).
    pub fn fresh(&self) -> Vec<(i32, i32, PeriodCounts)> {
        let days = i32::from(self.days);
        [
            (&self.current, self.end_day),
            (&self.previous, self.end_day - days),
        ]
        .into_iter()
        .filter(|(c, _)| c.fresh)
        .map(|(c, end)| (days, end, c.counts.clone()))
        .collect()
    }
}

fn share(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

/// The API's view of a window's counts: figures about visits of fewer than 5 people hidden.
pub fn period(c: &PeriodCounts, start_day: i32, end_day: i32) -> Period {
    let engaged_share = share(c.engaged_members, c.members).unwrap_or(0.0);
    Period {
        start: to_datetime(day_start(start_day)),
        end: to_datetime(day_start(end_day)),
        members: c.members,
        active_members: anonymity::people(c.active_members),
        engaged_members: c.engaged_members,
        engaged_share,
        participation: Participation::of(engaged_share),
        posters: c.posters,
        commenters: c.commenters,
        reactors: c.reactors,
        new_members: c.new_members,
        leaving_members: c.leaving_members,
        posts: c.posts,
        comments: c.comments,
        reactions: c.reactions,
        unanswered_posts: c.unanswered_posts,
        first_reply_median_seconds: c.first_reply_seconds.map(|(median, _)| median),
        first_reply_p90_seconds: c.first_reply_seconds.map(|(_, p90)| p90),
        response_rate: share(c.answered_in_time, c.answerable_posts),
        cross_department_share: share(c.cross_department, c.interactions_with_departments),
    }
}

pub fn adoption(conn: &mut DbConnection, end_day: i32) -> ApiResult<Adoption> {
    let a = health::adoption(conn, end_day)?;
    let monthly = anonymity::people(a.monthly);
    Ok(Adoption {
        people: a.people,
        daily_active: anonymity::people(a.daily),
        weekly_active: anonymity::people(a.weekly),
        monthly_active: monthly,
        stickiness: monthly
            .filter(|&m| m > 0)
            .map(|m| f64::from(a.visit_days_28) / 28.0 / f64::from(m)),
        activated_share: share(a.activated, a.people).unwrap_or(0.0),
        regulars: anonymity::people(a.regulars),
    })
}

/// Where a signal goes in a to-do list: people waiting for an answer first.
pub fn urgency(kind: SignalKind) -> u8 {
    match kind {
        SignalKind::UnansweredPosts => 0,
        SignalKind::SlowReplies => 1,
        SignalKind::OverSize => 2,
        SignalKind::LowParticipation => 3,
        SignalKind::MirrorsOrgChart => 4,
        SignalKind::Dormant => 5,
        SignalKind::Quiet => 6,
        SignalKind::ApproachingSize => 7,
    }
}

/// A community's signals, from its 28-day windows and what is live now.
pub fn community_signals(
    conn: &mut DbConnection,
    row: &CommunityRow,
    month: &Windows,
    now: i64,
) -> ApiResult<Vec<Signal>> {
    let current = &month.current.counts;
    let previous = &month.previous.counts;
    let largest_department = current
        .departments
        .iter()
        .filter_map(|d| Some((d.department.clone()?, u64::from(d.members))))
        .max_by_key(|(_, n)| *n);
    let last_post = health::last_post_at(conn, &row.id)?.unwrap_or(row.created_at);
    let since = now - i64::from(SIGNAL_WINDOW) * DAY;
    let facts = signals::Facts {
        community: present::group_summary(row),
        members: u64::try_from(row.member_count).unwrap_or(0),
        largest_department,
        days_quiet: (now - last_post).max(0) / DAY,
        unanswered_posts: health::unanswered_now(conn, Scope::Community(&row.id), since, now)?,
        engaged_share: share(current.engaged_members, current.members).unwrap_or(0.0),
        previous_engaged_share: share(previous.engaged_members, previous.members),
        first_reply_median_seconds: current.first_reply_seconds.map(|(median, _)| median),
    };
    Ok(signals::signals(&facts))
}
