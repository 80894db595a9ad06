//! Counting community health: the members, visits, participation, replies and
//! cross-department interactions of a community (or of the whole organisation) over a window
//! of whole days, and the snapshots that keep those counts after the days with a visit they
//! come from are deleted. Only counts leave this module, never a list of people.

use std::collections::{BTreeMap, HashMap, HashSet};

use diesel::dsl::{case_when, count_star, exists, max, sum};
use diesel::prelude::*;
use diesel::sql_types::Integer;
use hearth_common::insights::ANSWER_HOURS;
use serde::{Deserialize, Serialize};

use crate::backend;
use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::{
    audit_log, comment_reactions, comments, communities, health_snapshots, logins,
    membership_spans, post_reactions, posts, presence_days, users,
};

/// One day in microseconds.
pub const DAY: i64 = 86_400_000_000;
const HOUR: i64 = 3_600_000_000;
/// A post counts as answered when someone else comments within this long.
const ANSWER_WITHIN: i64 = ANSWER_HOURS * HOUR;

/// The day (since the Unix epoch, UTC) a moment falls on.
pub fn day_of(micros: i64) -> i32 {
    i32::try_from(micros.div_euclid(DAY)).unwrap_or(i32::MAX)
}

/// The first moment of a day.
pub fn day_start(day: i32) -> i64 {
    i64::from(day) * DAY
}

/// What is counted: one community, or everyone (employees) and everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    Organisation,
    Community(&'a str),
}

impl Scope<'_> {
    /// The key of its snapshots.
    pub fn key(&self) -> &str {
        match self {
            Scope::Organisation => "",
            Scope::Community(id) => id,
        }
    }
}

/// One department's members and engaged members, before the small ones are hidden.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentCounts {
    pub department: Option<String>,
    pub members: u32,
    pub engaged: u32,
}

/// The raw counts of one window, as stored in a snapshot. Which of them may be shown is the
/// server's decision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PeriodCounts {
    pub members: u32,
    pub active_members: u32,
    pub engaged_members: u32,
    pub posters: u32,
    pub commenters: u32,
    pub reactors: u32,
    pub new_members: u32,
    pub leaving_members: u32,
    pub posts: u32,
    pub comments: u32,
    pub reactions: u32,
    pub unanswered_posts: u32,
    /// Seconds to the first reply by someone else: median and 90th percentile.
    pub first_reply_seconds: Option<(u64, u64)>,
    /// Posts at least 48 hours old at the end, and those answered within 48 hours.
    pub answerable_posts: u32,
    pub answered_in_time: u32,
    /// Comments and reactions between two people who both have a department …
    pub interactions_with_departments: u32,
    /// … and those where the departments differ.
    pub cross_department: u32,
    pub departments: Vec<DepartmentCounts>,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn count_i64(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The counts of one window for the organisation and every community, or for one community.
pub struct Tally {
    /// Counted unless the tally was for one community.
    pub organisation: Option<PeriodCounts>,
    pub communities: HashMap<String, PeriodCounts>,
}

/// Counts `scope` over the days `start_day..end_day`.
pub fn count_period(
    conn: &mut DbConnection,
    scope: Scope<'_>,
    start_day: i32,
    end_day: i32,
) -> DbResult<PeriodCounts> {
    Ok(match scope {
        Scope::Organisation => tally(conn, None, start_day, end_day)?.organisation,
        Scope::Community(id) => tally(conn, Some(id), start_day, end_day)?
            .communities
            .remove(id),
    }
    .unwrap_or_default())
}

/// What one scope's rows add up to, before they become counts.
#[derive(Default)]
struct Scoped {
    members: HashMap<String, Option<String>>,
    /// (written, first answered by someone else).
    posts: Vec<(i64, Option<i64>)>,
    posters: HashSet<String>,
    commenters: HashSet<String>,
    reactors: HashSet<String>,
    comments: i64,
    reactions: i64,
    new_members: i64,
    leaving_members: i64,
    interactions_with_departments: i64,
    cross_department: i64,
}

/// Counts the window for every community and the organisation (`only` none), or for one
/// community: each kind of row is read in one pass over the window and grouped by
/// community, so the cost does not grow with the number of communities.
pub fn tally(
    conn: &mut DbConnection,
    only: Option<&str>,
    start_day: i32,
    end_day: i32,
) -> DbResult<Tally> {
    let (start, end) = (day_start(start_day), day_start(end_day));
    let ids = match only {
        Some(id) => vec![id.to_owned()],
        None => crate::communities::all_ids(conn)?,
    };
    let mut scoped: HashMap<Option<String>, Scoped> = ids
        .into_iter()
        .map(|id| (Some(id), Scoped::default()))
        .collect();
    if only.is_none() {
        // The organisation: every employee, and everything anyone did.
        let employees: Vec<(String, Option<String>)> = users::table
            .filter(users::role.ne("guest"))
            .filter(users::suspended.eq(false))
            .filter(users::created_at.lt(end))
            .select((users::id, users::department))
            .load(conn)?;
        scoped.insert(
            None,
            Scoped {
                members: employees.into_iter().collect(),
                ..Scoped::default()
            },
        );
    }

    let mut spans = membership_spans::table
        .inner_join(users::table)
        .filter(membership_spans::joined_at.lt(end))
        .filter(
            membership_spans::left_at
                .is_null()
                .or(membership_spans::left_at.ge(end)),
        )
        .select((membership_spans::community_id, users::id, users::department))
        .distinct()
        .into_boxed();
    if let Some(id) = only {
        spans = spans.filter(membership_spans::community_id.eq(id));
    }
    for (community, user, department) in spans.load::<(String, String, Option<String>)>(conn)? {
        if let Some(s) = scoped.get_mut(&Some(community)) {
            s.members.insert(user, department);
        }
    }

    let visitors: HashSet<String> = presence_days::table
        .filter(presence_days::day.ge(start_day))
        .filter(presence_days::day.lt(end_day))
        .select(presence_days::user_id)
        .distinct()
        .load::<String>(conn)?
        .into_iter()
        .collect();

    let mut q = posts::table
        .filter(posts::created_at.ge(start))
        .filter(posts::created_at.lt(end))
        .filter(posts::deleted_at.is_null())
        .select((
            posts::author_id,
            posts::group_id,
            posts::created_at,
            posts::answered_at,
        ))
        .into_boxed();
    if let Some(id) = only {
        q = q.filter(posts::group_id.eq(id));
    }
    let window_posts: Vec<(String, Option<String>, i64, Option<i64>)> = q.load(conn)?;
    for (author, group, at, answered_at) in &window_posts {
        // An answer after the window's end was not there yet.
        let answered_at = answered_at.filter(|&t| t < end);
        each(&mut scoped, group, |s| {
            s.posters.insert(author.clone());
            s.posts.push((*at, answered_at));
        });
    }

    type ByPerson = Vec<(Option<String>, String, i64)>;
    let mut q = comments::table
        .inner_join(posts::table)
        .filter(comments::created_at.ge(start))
        .filter(comments::created_at.lt(end))
        .filter(posts::deleted_at.is_null())
        .group_by((posts::group_id, comments::author_id))
        .select((posts::group_id, comments::author_id, count_star()))
        .into_boxed();
    if let Some(id) = only {
        q = q.filter(posts::group_id.eq(id));
    }
    let by_commenter: ByPerson = q.load(conn)?;
    for (group, author, n) in &by_commenter {
        each(&mut scoped, group, |s| {
            s.commenters.insert(author.clone());
            s.comments += n;
        });
    }

    let mut q = post_reactions::table
        .inner_join(posts::table)
        .filter(post_reactions::created_at.ge(start))
        .filter(post_reactions::created_at.lt(end))
        .filter(posts::deleted_at.is_null())
        .group_by((posts::group_id, post_reactions::user_id))
        .select((posts::group_id, post_reactions::user_id, count_star()))
        .into_boxed();
    if let Some(id) = only {
        q = q.filter(posts::group_id.eq(id));
    }
    let mut by_reactor: ByPerson = q.load(conn)?;
    let mut q = comment_reactions::table
        .inner_join(comments::table.inner_join(posts::table))
        .filter(comment_reactions::created_at.ge(start))
        .filter(comment_reactions::created_at.lt(end))
        .filter(posts::deleted_at.is_null())
        .group_by((posts::group_id, comment_reactions::user_id))
        .select((posts::group_id, comment_reactions::user_id, count_star()))
        .into_boxed();
    if let Some(id) = only {
        q = q.filter(posts::group_id.eq(id));
    }
    by_reactor.extend(q.load::<(Option<String>, String, i64)>(conn)?);
    for (group, user, n) in &by_reactor {
        each(&mut scoped, group, |s| {
            s.reactors.insert(user.clone());
            s.reactions += n;
        });
    }

    if only.is_none() {
        let joined: i64 = users::table
            .filter(users::role.ne("guest"))
            .filter(users::created_at.ge(start))
            .filter(users::created_at.lt(end))
            .count()
            .get_result(conn)?;
        let left: i64 = audit_log::table
            .filter(audit_log::action.eq("suspended"))
            .filter(audit_log::created_at.ge(start))
            .filter(audit_log::created_at.lt(end))
            .count()
            .get_result(conn)?;
        if let Some(s) = scoped.get_mut(&None) {
            s.new_members = joined;
            s.leaving_members = left;
        }
    }
    for leaving in [false, true] {
        let mut q = membership_spans::table
            .group_by(membership_spans::community_id)
            .select((membership_spans::community_id, count_star()))
            .into_boxed();
        q = if leaving {
            q.filter(membership_spans::left_at.ge(start))
                .filter(membership_spans::left_at.lt(end))
        } else {
            q.filter(membership_spans::joined_at.ge(start))
                .filter(membership_spans::joined_at.lt(end))
        };
        if let Some(id) = only {
            q = q.filter(membership_spans::community_id.eq(id));
        }
        for (community, n) in q.load::<(String, i64)>(conn)? {
            if let Some(s) = scoped.get_mut(&Some(community)) {
                if leaving {
                    s.leaving_members = n;
                } else {
                    s.new_members = n;
                }
            }
        }
    }

    for (group, both, crossing) in cross_department(conn, only, start, end)? {
        each(&mut scoped, &group, |s| {
            s.interactions_with_departments += both;
            s.cross_department += crossing;
        });
    }

    let answer_by = end - ANSWER_WITHIN;
    let mut tally = Tally {
        organisation: None,
        communities: HashMap::new(),
    };
    for (scope, s) in scoped {
        let counts = finish(s, &visitors, answer_by);
        match scope {
            None => tally.organisation = Some(counts),
            Some(id) => {
                tally.communities.insert(id, counts);
            }
        }
    }
    Ok(tally)
}

/// Adds a row to its community's scope (when it has one) and to the organisation's.
fn each(
    scoped: &mut HashMap<Option<String>, Scoped>,
    group: &Option<String>,
    mut add: impl FnMut(&mut Scoped),
) {
    if group.is_some() {
        if let Some(s) = scoped.get_mut(group) {
            add(s);
        }
    }
    if let Some(s) = scoped.get_mut(&None) {
        add(s);
    }
}

/// One scope's counts from its rows.
fn finish(s: Scoped, visitors: &HashSet<String>, answer_by: i64) -> PeriodCounts {
    let engaged: HashSet<&str> = s
        .posters
        .iter()
        .chain(&s.commenters)
        .chain(&s.reactors)
        .map(String::as_str)
        .filter(|id| s.members.contains_key(*id))
        .collect();
    let active_members = s.members.keys().filter(|id| visitors.contains(*id)).count();
    let (mut delays, mut unanswered, mut answerable, mut in_time) = (Vec::new(), 0, 0, 0);
    for &(created_at, first) in &s.posts {
        if let Some(at) = first {
            delays.push(u64::try_from((at - created_at) / 1_000_000).unwrap_or(0));
        }
        if created_at < answer_by {
            answerable += 1;
            match first {
                None => unanswered += 1,
                Some(at) if at - created_at <= ANSWER_WITHIN => in_time += 1,
                Some(_) => {}
            }
        }
    }
    let mut departments: BTreeMap<Option<String>, DepartmentCounts> = BTreeMap::new();
    for (id, department) in &s.members {
        let row = departments
            .entry(department.clone())
            .or_insert_with(|| DepartmentCounts {
                department: department.clone(),
                ..DepartmentCounts::default()
            });
        row.members += 1;
        row.engaged += u32::from(engaged.contains(id.as_str()));
    }
    PeriodCounts {
        members: count(s.members.len()),
        active_members: count(active_members),
        engaged_members: count(engaged.len()),
        posters: count(s.posters.len()),
        commenters: count(s.commenters.len()),
        reactors: count(s.reactors.len()),
        new_members: count_i64(s.new_members),
        leaving_members: count_i64(s.leaving_members),
        posts: count(s.posts.len()),
        comments: count_i64(s.comments),
        reactions: count_i64(s.reactions),
        unanswered_posts: unanswered,
        first_reply_seconds: hearth_common::insights::median_and_p90(&mut delays),
        answerable_posts: answerable,
        answered_in_time: in_time,
        interactions_with_departments: count_i64(s.interactions_with_departments),
        cross_department: count_i64(s.cross_department),
        departments: departments.into_values().collect(),
    }
}

/// Comments (with the post's author) and reactions (with the post's or comment's author)
/// in the window between two different people who both have a department, by community:
/// (community, how many, how many of them cross departments).
fn cross_department(
    conn: &mut DbConnection,
    only: Option<&str>,
    start: i64,
    end: i64,
) -> DbResult<Vec<(Option<String>, i64, i64)>> {
    let (actor, target) = diesel::alias!(users as actor, users as target);
    let actor_department = actor.field(users::department);
    let target_department = target.field(users::department);
    // Each kind of interaction is read once, counting all and the crossing ones together.
    let crossing = || {
        let one = 1.into_sql::<Integer>();
        sum(case_when(actor_department.ne(target_department), one)
            .otherwise(0.into_sql::<Integer>()))
    };
    type Row = (Option<String>, i64, Option<i64>);
    let mut rows: Vec<Row> = Vec::new();

    let mut q = comments::table
        .inner_join(posts::table)
        .inner_join(actor.on(actor.field(users::id).eq(comments::author_id)))
        .inner_join(target.on(target.field(users::id).eq(posts::author_id)))
        .filter(comments::created_at.ge(start))
        .filter(comments::created_at.lt(end))
        .filter(posts::deleted_at.is_null())
        .filter(comments::author_id.ne(posts::author_id))
        .filter(actor_department.is_not_null())
        .filter(target_department.is_not_null())
        .group_by(posts::group_id)
        .select((posts::group_id, count_star(), crossing()))
        .into_boxed();
    if let Some(id) = only {
        q = q.filter(posts::group_id.eq(id));
    }
    rows.extend(q.load::<Row>(conn)?);

    let mut q = post_reactions::table
        .inner_join(posts::table)
        .inner_join(actor.on(actor.field(users::id).eq(post_reactions::user_id)))
        .inner_join(target.on(target.field(users::id).eq(posts::author_id)))
        .filter(post_reactions::created_at.ge(start))
        .filter(post_reactions::created_at.lt(end))
        .filter(posts::deleted_at.is_null())
        .filter(post_reactions::user_id.ne(posts::author_id))
        .filter(actor_department.is_not_null())
        .filter(target_department.is_not_null())
        .group_by(posts::group_id)
        .select((posts::group_id, count_star(), crossing()))
        .into_boxed();
    if let Some(id) = only {
        q = q.filter(posts::group_id.eq(id));
    }
    rows.extend(q.load::<Row>(conn)?);

    let mut q = comment_reactions::table
        .inner_join(comments::table.inner_join(posts::table))
        .inner_join(actor.on(actor.field(users::id).eq(comment_reactions::user_id)))
        .inner_join(target.on(target.field(users::id).eq(comments::author_id)))
        .filter(comment_reactions::created_at.ge(start))
        .filter(comment_reactions::created_at.lt(end))
        .filter(posts::deleted_at.is_null())
        .filter(comment_reactions::user_id.ne(comments::author_id))
        .filter(actor_department.is_not_null())
        .filter(target_department.is_not_null())
        .group_by(posts::group_id)
        .select((posts::group_id, count_star(), crossing()))
        .into_boxed();
    if let Some(id) = only {
        q = q.filter(posts::group_id.eq(id));
    }
    rows.extend(q.load::<Row>(conn)?);

    let mut by_group: HashMap<Option<String>, (i64, i64)> = HashMap::new();
    for (group, both, crossing) in rows {
        let entry = by_group.entry(group).or_default();
        entry.0 += both;
        entry.1 += crossing.unwrap_or(0);
    }
    Ok(by_group
        .into_iter()
        .map(|(group, (both, crossing))| (group, both, crossing))
        .collect())
}

/// The `window_days` under which the organisation's adoption up to a day is kept (it is not
/// a window: daily, weekly and monthly figures are all in it).
pub const ADOPTION: i32 = 0;

/// Adoption across the organisation, up to (not including) `end_day`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdoptionCounts {
    pub people: u32,
    pub activated: u32,
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
    /// Days with a visit over the 28 days, summed over people (for the average daily count).
    pub visit_days_28: u32,
    /// People with a visit on at least 10 of the 28 days.
    pub regulars: u32,
}

pub fn adoption(conn: &mut DbConnection, end_day: i32) -> DbResult<AdoptionCounts> {
    let employees = || {
        users::table
            .filter(users::role.ne("guest"))
            .filter(users::suspended.eq(false))
            .filter(users::created_at.lt(day_start(end_day)))
    };
    let people: i64 = employees().count().get_result(conn)?;
    let activated: i64 = employees()
        .filter(exists(logins::table.filter(logins::user_id.eq(users::id))))
        .count()
        .get_result(conn)?;
    let employee_ids = || {
        users::table
            .filter(users::role.ne("guest"))
            .filter(users::suspended.eq(false))
            .select(users::id)
    };
    let visitors = |conn: &mut DbConnection, days: i32| -> DbResult<u32> {
        let n: i64 = presence_days::table
            .filter(presence_days::day.ge(end_day - days))
            .filter(presence_days::day.lt(end_day))
            .filter(presence_days::user_id.eq_any(employee_ids()))
            .select(diesel::dsl::count(presence_days::user_id).aggregate_distinct())
            .first(conn)?;
        Ok(count_i64(n))
    };
    let daily = visitors(conn, 1)?;
    let weekly = visitors(conn, 7)?;
    let monthly = visitors(conn, 28)?;
    let visit_days: i64 = presence_days::table
        .filter(presence_days::day.ge(end_day - 28))
        .filter(presence_days::day.lt(end_day))
        .filter(presence_days::user_id.eq_any(employee_ids()))
        .count()
        .get_result(conn)?;
    let regulars: Vec<String> = presence_days::table
        .filter(presence_days::day.ge(end_day - 28))
        .filter(presence_days::day.lt(end_day))
        .filter(presence_days::user_id.eq_any(employee_ids()))
        .group_by(presence_days::user_id)
        .having(count_star().ge(10))
        .select(presence_days::user_id)
        .load(conn)?;
    Ok(AdoptionCounts {
        people: count_i64(people),
        activated: count_i64(activated),
        daily,
        weekly,
        monthly,
        visit_days_28: count_i64(visit_days),
        regulars: count(regulars.len()),
    })
}

/// What the to-do list reads of a community as it is now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Live {
    /// Posts since `since`, older than 48 hours, that nobody but their author has answered.
    pub unanswered_posts: u32,
    /// When its newest post (still there) was written.
    pub last_post_at: Option<i64>,
}

/// Every community's (or `only` one's) `Live` figures at `now`, in one query: for each
/// community, a seek into the unanswered posts' partial index and one into its posts.
pub fn live(
    conn: &mut DbConnection,
    only: Option<&str>,
    since: i64,
    now: i64,
) -> DbResult<HashMap<String, Live>> {
    let unanswered = posts::table
        .filter(posts::group_id.eq(communities::id.nullable()))
        .filter(posts::answered_at.is_null())
        .filter(posts::deleted_at.is_null())
        .filter(posts::created_at.ge(since))
        .filter(posts::created_at.lt(now - ANSWER_WITHIN))
        .select(count_star())
        .single_value();
    let last_post = posts::table
        .filter(posts::group_id.eq(communities::id.nullable()))
        .filter(posts::deleted_at.is_null())
        .select(max(posts::created_at))
        .single_value();
    let mut q = communities::table
        .select((communities::id, unanswered, last_post))
        .into_boxed();
    if let Some(id) = only {
        q = q.filter(communities::id.eq(id));
    }
    let rows: Vec<(String, Option<i64>, Option<i64>)> = q.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, unanswered, last_post_at)| {
            let unanswered_posts = count_i64(unanswered.unwrap_or(0));
            let live = Live {
                unanswered_posts,
                last_post_at,
            };
            (id, live)
        })
        .collect())
}

/// When the community's newest post (still there) was written.
pub fn last_post_at(conn: &mut DbConnection, community: &str) -> DbResult<Option<i64>> {
    Ok(posts::table
        .filter(posts::group_id.eq(community))
        .filter(posts::deleted_at.is_null())
        .select(max(posts::created_at))
        .first(conn)?)
}

/// A day with a visit, once per person per day.
pub fn record_presence(conn: &mut DbConnection, user: &str, day: i32) -> DbResult<()> {
    let row = (presence_days::day.eq(day), presence_days::user_id.eq(user));
    backend::insert_if_absent!(conn, diesel::insert_into(presence_days::table).values(row))?;
    Ok(())
}

/// Deletes every day with a visit (analytics switched off).
pub fn forget_presence(conn: &mut DbConnection) -> DbResult<()> {
    diesel::delete(presence_days::table).execute(conn)?;
    Ok(())
}

/// Deletes days with a visit and snapshots past their retention (in days before `today`).
pub fn purge(
    conn: &mut DbConnection,
    today: i32,
    presence_days_kept: i32,
    snapshot_days_kept: i32,
) -> DbResult<()> {
    diesel::delete(presence_days::table.filter(presence_days::day.lt(today - presence_days_kept)))
        .execute(conn)?;
    diesel::delete(
        health_snapshots::table.filter(health_snapshots::end_day.lt(today - snapshot_days_kept)),
    )
    .execute(conn)?;
    Ok(())
}

/// A kept count: a window's `PeriodCounts`, or (`ADOPTION`) the organisation's
/// `AdoptionCounts`.
pub fn snapshot<T: serde::de::DeserializeOwned>(
    conn: &mut DbConnection,
    scope: Scope<'_>,
    window_days: i32,
    end_day: i32,
) -> DbResult<Option<T>> {
    let data: Option<String> = health_snapshots::table
        .find((scope.key(), window_days, end_day))
        .select(health_snapshots::data)
        .first(conn)
        .optional()?;
    // A snapshot written by another version that no longer reads is counted again.
    Ok(data.and_then(|d| read_snapshot(&d)))
}

/// Every scope's snapshot of a window, by scope key, still as stored (read with
/// `read_snapshot`): a page about many communities reads them in one query.
pub fn snapshots(
    conn: &mut DbConnection,
    window_days: i32,
    end_day: i32,
) -> DbResult<HashMap<String, String>> {
    Ok(health_snapshots::table
        .filter(health_snapshots::end_day.eq(end_day))
        .filter(health_snapshots::window_days.eq(window_days))
        .select((health_snapshots::scope, health_snapshots::data))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// A stored snapshot; none when it was written by another version that no longer reads.
pub fn read_snapshot<T: serde::de::DeserializeOwned>(data: &str) -> Option<T> {
    serde_json::from_str(data).ok()
}

pub fn store_snapshot<T: Serialize>(
    conn: &mut DbConnection,
    scope: Scope<'_>,
    window_days: i32,
    end_day: i32,
    counts: &T,
    now: i64,
) -> DbResult<()> {
    let data = serde_json::to_string(counts).unwrap_or_default();
    let row = (
        health_snapshots::scope.eq(scope.key()),
        health_snapshots::window_days.eq(window_days),
        health_snapshots::end_day.eq(end_day),
        health_snapshots::data.eq(&data),
        health_snapshots::computed_at.eq(now),
    );
    backend::insert_if_absent!(
        conn,
        diesel::insert_into(health_snapshots::table).values(row)
    )?;
    Ok(())
}

/// One person's own activity over a window, with the people they interacted with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnActivity {
    pub posts: u32,
    pub replies_received: u32,
    pub comments: u32,
    pub reactions_given: u32,
    pub reactions_received: u32,
    /// Everyone else they commented on or reacted to, or who did so to them.
    pub others: HashSet<String>,
}

pub fn own_activity(
    conn: &mut DbConnection,
    user: &str,
    start: i64,
    end: i64,
) -> DbResult<OwnActivity> {
    let mut a = OwnActivity::default();
    let posts_written: i64 = posts::table
        .filter(posts::author_id.eq(user))
        .filter(posts::created_at.ge(start))
        .filter(posts::created_at.lt(end))
        .filter(posts::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    a.posts = count_i64(posts_written);
    // Comments by others on my posts, and mine on others'.
    let received: Vec<String> = comments::table
        .inner_join(posts::table)
        .filter(posts::author_id.eq(user))
        .filter(comments::author_id.ne(user))
        .filter(comments::created_at.ge(start))
        .filter(comments::created_at.lt(end))
        .select(comments::author_id)
        .load(conn)?;
    a.replies_received = count(received.len());
    let given: Vec<String> = comments::table
        .inner_join(posts::table)
        .filter(comments::author_id.eq(user))
        .filter(posts::author_id.ne(user))
        .filter(comments::created_at.ge(start))
        .filter(comments::created_at.lt(end))
        .select(posts::author_id)
        .load(conn)?;
    a.comments = count(given.len());
    // Reactions, on posts and on comments, both ways.
    let reacted_to: Vec<String> = post_reactions::table
        .inner_join(posts::table)
        .filter(post_reactions::user_id.eq(user))
        .filter(posts::author_id.ne(user))
        .filter(post_reactions::created_at.ge(start))
        .filter(post_reactions::created_at.lt(end))
        .select(posts::author_id)
        .load(conn)?;
    let reacted_to_comments: Vec<String> = comment_reactions::table
        .inner_join(comments::table)
        .filter(comment_reactions::user_id.eq(user))
        .filter(comments::author_id.ne(user))
        .filter(comment_reactions::created_at.ge(start))
        .filter(comment_reactions::created_at.lt(end))
        .select(comments::author_id)
        .load(conn)?;
    a.reactions_given = count(reacted_to.len() + reacted_to_comments.len());
    let reactors: Vec<String> = post_reactions::table
        .inner_join(posts::table)
        .filter(posts::author_id.eq(user))
        .filter(post_reactions::user_id.ne(user))
        .filter(post_reactions::created_at.ge(start))
        .filter(post_reactions::created_at.lt(end))
        .select(post_reactions::user_id)
        .load(conn)?;
    let comment_reactors: Vec<String> = comment_reactions::table
        .inner_join(comments::table)
        .filter(comments::author_id.eq(user))
        .filter(comment_reactions::user_id.ne(user))
        .filter(comment_reactions::created_at.ge(start))
        .filter(comment_reactions::created_at.lt(end))
        .select(comment_reactions::user_id)
        .load(conn)?;
    a.reactions_received = count(reactors.len() + comment_reactors.len());
    a.others = received
        .into_iter()
        .chain(given)
        .chain(reacted_to)
        .chain(reacted_to_comments)
        .chain(reactors)
        .chain(comment_reactors)
        .collect();
    Ok(a)
}

/// The departments of these people (distinct, known ones).
pub fn departments_of(conn: &mut DbConnection, ids: &[String]) -> DbResult<u32> {
    if ids.is_empty() {
        return Ok(0);
    }
    let departments: Vec<Option<String>> = users::table
        .filter(users::id.eq_any(ids))
        .filter(users::department.is_not_null())
        .select(users::department)
        .distinct()
        .load(conn)?;
    Ok(count(departments.len()))
}

/// Whether the person's own insights may be computed, and setting it.
pub fn personal_insights(conn: &mut DbConnection, user: &str) -> DbResult<bool> {
    Ok(users::table
        .find(user)
        .select(users::personal_insights)
        .first(conn)?)
}

pub fn set_personal_insights(conn: &mut DbConnection, user: &str, on: bool) -> DbResult<()> {
    diesel::update(users::table.find(user))
        .set(users::personal_insights.eq(on))
        .execute(conn)?;
    Ok(())
}

/// How many comments people other than its author wrote on a post.
pub fn answers_by_others(conn: &mut DbConnection, post: &str, author: &str) -> DbResult<i64> {
    Ok(comments::table
        .filter(comments::post_id.eq(post))
        .filter(comments::author_id.ne(author))
        .count()
        .get_result(conn)?)
}

/// The communities with a post written in `from..to` (so turning 48 hours old between
/// `from + 48 h` and `to + 48 h`) that nobody but its author has answered.
pub fn turned_unanswered(conn: &mut DbConnection, from: i64, to: i64) -> DbResult<Vec<String>> {
    let groups: Vec<Option<String>> = posts::table
        .filter(posts::created_at.ge(from))
        .filter(posts::created_at.lt(to))
        .filter(posts::group_id.is_not_null())
        .filter(posts::deleted_at.is_null())
        .filter(posts::answered_at.is_null())
        .select(posts::group_id)
        .distinct()
        .load(conn)?;
    Ok(groups.into_iter().flatten().collect())
}
