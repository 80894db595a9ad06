//! Community health and adoption: windows of whole days up to the start of today, counted
//! once per day and scope (then kept as a snapshot), and shown only as figures about groups
//! of at least 5 people (`anonymity`). Who may see which scope is `policy::insights`.

pub mod anonymity;
pub mod job;
pub mod network;
pub mod presence;
pub mod signals;
pub mod todo;

use hearth_common::error::ErrorCode;
use hearth_common::insights::{
    Adoption, Health, Participation, Period, Signal, SignalKind, WINDOWS,
};
use hearth_db::communities::CommunityRow;
use hearth_db::health::{self, day_start, AdoptionCounts, PeriodCounts, Scope, DAY};
use hearth_db::time::to_datetime;
use hearth_db::DbConnection;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

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
            ErrorCode::InvalidQuery,
            "window must be 7, 28 or 90 (days)",
        )),
    }
}

/// A window's counts of one scope (`None`: the organisation), counted just now: to keep as
/// a snapshot.
type Key = (Option<String>, i32, i32);

/// Counts windows as they are asked for: from their snapshots, or by one tally of every
/// scope per window (or of the one community a page is about), so that a page listing 200
/// communities counts each window once, not 200 times. What it counted is kept afterwards
/// (`counted`), so the next request reads snapshots.
pub struct Counter {
    only: Option<String>,
    /// Every scope's stored snapshots of a window (days, end day), read at once.
    kept: HashMap<(i32, i32), HashMap<String, String>>,
    fresh: HashMap<Key, PeriodCounts>,
    tallied: HashSet<(i32, i32)>,
    adoption: Option<(i32, AdoptionCounts)>,
}

/// What a `Counter` counted, to keep.
pub struct Counted {
    /// (community or none, window days, end day, counts).
    pub windows: Vec<(Option<String>, i32, i32, PeriodCounts)>,
    /// The organisation's adoption up to a day.
    pub adoption: Option<(i32, AdoptionCounts)>,
}

impl Counter {
    /// Counts the organisation and every community together.
    pub fn everything() -> Counter {
        Counter {
            only: None,
            kept: HashMap::new(),
            fresh: HashMap::new(),
            tallied: HashSet::new(),
            adoption: None,
        }
    }

    /// Counts one community alone (its own page).
    pub fn community(id: &str) -> Counter {
        Counter {
            only: Some(id.to_owned()),
            ..Counter::everything()
        }
    }

    /// The counts of `scope` over the `days` days before `end_day`.
    pub fn counts(
        &mut self,
        conn: &mut DbConnection,
        scope: Scope<'_>,
        days: i32,
        end_day: i32,
    ) -> ApiResult<PeriodCounts> {
        let kept = if self.only.is_some() {
            health::snapshot(conn, scope, days, end_day)?
        } else {
            let all = match self.kept.entry((days, end_day)) {
                Entry::Occupied(all) => all.into_mut(),
                Entry::Vacant(slot) => slot.insert(health::snapshots(conn, days, end_day)?),
            };
            all.get(scope.key()).and_then(|d| health::read_snapshot(d))
        };
        if let Some(counts) = kept {
            return Ok(counts);
        }
        let key = (scope_key(scope), days, end_day);
        if let Some(counts) = self.fresh.get(&key) {
            return Ok(counts.clone());
        }
        // A page about one community must not count all of them, nor the organisation.
        let only = match (scope, &self.only) {
            (Scope::Community(id), Some(_)) => Some(id),
            _ => None,
        };
        if self.tallied.insert((days, end_day)) || only.is_some() {
            let tally = health::tally(conn, only, end_day - days, end_day)?;
            if let Some(counts) = tally.organisation {
                self.fresh.insert((None, days, end_day), counts);
            }
            for (id, counts) in tally.communities {
                self.fresh.insert((Some(id), days, end_day), counts);
            }
        }
        // A community made after the tally has nothing in it yet.
        Ok(self.fresh.entry(key).or_default().clone())
    }

    /// The organisation's adoption up to `end_day`: kept once a day, like the windows.
    pub fn adoption(&mut self, conn: &mut DbConnection, end_day: i32) -> ApiResult<AdoptionCounts> {
        let kept = health::snapshot(conn, Scope::Organisation, health::ADOPTION, end_day)?;
        if let Some(counts) = kept {
            return Ok(counts);
        }
        let counts = health::adoption(conn, end_day)?;
        self.adoption = Some((end_day, counts.clone()));
        Ok(counts)
    }

    /// What was counted, to keep as snapshots.
    pub fn counted(self) -> Counted {
        Counted {
            windows: self
                .fresh
                .into_iter()
                .map(|((scope, days, end_day), counts)| (scope, days, end_day, counts))
                .collect(),
            adoption: self.adoption,
        }
    }
}

fn scope_key(scope: Scope<'_>) -> Option<String> {
    match scope {
        Scope::Organisation => None,
        Scope::Community(id) => Some(id.to_owned()),
    }
}

/// A window and the one before it.
pub struct Windows {
    pub days: u16,
    pub end_day: i32,
    pub current: PeriodCounts,
    pub previous: PeriodCounts,
}

pub fn windows(
    counter: &mut Counter,
    conn: &mut DbConnection,
    scope: Scope<'_>,
    days: u16,
    end_day: i32,
) -> ApiResult<Windows> {
    let n = i32::from(days);
    Ok(Windows {
        days,
        end_day,
        current: counter.counts(conn, scope, n, end_day)?,
        previous: counter.counts(conn, scope, n, end_day - n)?,
    })
}

impl Windows {
    pub fn health(&self) -> Health {
        let days = i32::from(self.days);
        Health {
            window_days: self.days,
            current: period(&self.current, self.end_day - days, self.end_day),
            previous: period(&self.previous, self.end_day - 2 * days, self.end_day - days),
        }
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

pub fn adoption(
    counter: &mut Counter,
    conn: &mut DbConnection,
    end_day: i32,
) -> ApiResult<Adoption> {
    let a = counter.adoption(conn, end_day)?;
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

/// Every community's (or `only` one's) unanswered posts of the last 28 days and newest
/// post, as they are now.
pub fn live(
    conn: &mut DbConnection,
    only: Option<&str>,
    now: i64,
) -> ApiResult<HashMap<String, health::Live>> {
    let since = now - i64::from(SIGNAL_WINDOW) * DAY;
    Ok(health::live(conn, only, since, now)?)
}

/// A community's signals, from its 28-day windows and what is live now (from `live`); none
/// while it is archived.
pub fn community_signals(
    row: &CommunityRow,
    month: &Windows,
    live: &HashMap<String, health::Live>,
    now: i64,
) -> Vec<Signal> {
    if row.is_archived() {
        // Closed on purpose: quiet is expected, and nothing about it is on anyone's to-do list.
        return Vec::new();
    }
    let live = live.get(&row.id).copied().unwrap_or_default();
    let current = &month.current;
    let previous = &month.previous;
    let largest_department = current
        .departments
        .iter()
        .filter_map(|d| Some((d.department.clone()?, u64::from(d.members))))
        .max_by_key(|(_, n)| *n);
    let last_post = live.last_post_at.unwrap_or(row.created_at);
    let facts = signals::Facts {
        community: present::group_summary(row),
        members: u64::try_from(row.member_count).unwrap_or(0),
        largest_department,
        days_quiet: (now - last_post).max(0) / DAY,
        unanswered_posts: live.unanswered_posts,
        engaged_share: share(current.engaged_members, current.members).unwrap_or(0.0),
        previous_engaged_share: share(previous.engaged_members, previous.members),
        first_reply_median_seconds: current.first_reply_seconds.map(|(median, _)| median),
    };
    signals::signals(&facts)
}
