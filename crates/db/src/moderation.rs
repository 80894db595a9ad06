//! Reports, their decisions, posts hidden by reports, and the moderation log.

use diesel::prelude::*;
use hearth_common::moderation::{LogAction, ReportStatus, ReportTarget};

use crate::backend;
use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::{messages, moderation_log, posts, reports};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reports, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ReportRow {
    pub id: String,
    pub target_kind: String,
    pub target_id: String,
    pub post_id: Option<String>,
    pub conversation_id: Option<String>,
    pub group_id: Option<String>,
    pub author_id: String,
    pub reporter_id: String,
    pub reason: String,
    pub details: String,
    pub excerpt: String,
    pub status: String,
    pub escalated: bool,
    pub created_at: i64,
    pub decided_at: Option<i64>,
    pub decided_by: Option<String>,
}

pub struct NewReport<'a> {
    pub id: &'a str,
    pub target_kind: ReportTarget,
    pub target_id: &'a str,
    pub post_id: Option<&'a str>,
    pub conversation_id: Option<&'a str>,
    pub group_id: Option<&'a str>,
    pub author_id: &'a str,
    pub reporter_id: &'a str,
    pub reason: &'a str,
    pub details: &'a str,
    pub excerpt: &'a str,
    pub now: i64,
}

/// Files the report; false when this person already reported this.
pub fn insert(conn: &mut DbConnection, r: NewReport<'_>) -> DbResult<bool> {
    let row = (
        reports::id.eq(r.id),
        reports::target_kind.eq(r.target_kind.as_str()),
        reports::target_id.eq(r.target_id),
        reports::post_id.eq(r.post_id),
        reports::conversation_id.eq(r.conversation_id),
        reports::group_id.eq(r.group_id),
        reports::author_id.eq(r.author_id),
        reports::reporter_id.eq(r.reporter_id),
        reports::reason.eq(r.reason),
        reports::details.eq(r.details),
        reports::excerpt.eq(r.excerpt),
        reports::status.eq(ReportStatus::Open.as_str()),
        reports::escalated.eq(false),
        reports::created_at.eq(r.now),
    );
    Ok(backend::insert_if_absent!(
        conn,
        diesel::insert_into(reports::table).values(row)
    )?)
}

/// The open reports of one thing, oldest first.
pub fn open_of(
    conn: &mut DbConnection,
    kind: ReportTarget,
    target: &str,
) -> DbResult<Vec<ReportRow>> {
    Ok(reports::table
        .filter(reports::target_kind.eq(kind.as_str()))
        .filter(reports::target_id.eq(target))
        .filter(reports::status.eq(ReportStatus::Open.as_str()))
        .order((reports::created_at.asc(), reports::id.asc()))
        .select(ReportRow::as_select())
        .load(conn)?)
}

/// Every open report, oldest first (the server keeps those the caller handles).
pub fn open(conn: &mut DbConnection) -> DbResult<Vec<ReportRow>> {
    Ok(reports::table
        .filter(reports::status.eq(ReportStatus::Open.as_str()))
        .order((reports::created_at.asc(), reports::id.asc()))
        .select(ReportRow::as_select())
        .load(conn)?)
}

/// A person's own reports, newest first.
pub fn by_reporter(conn: &mut DbConnection, reporter: &str) -> DbResult<Vec<ReportRow>> {
    Ok(reports::table
        .filter(reports::reporter_id.eq(reporter))
        .order((reports::created_at.desc(), reports::id.desc()))
        .limit(100)
        .select(ReportRow::as_select())
        .load(conn)?)
}

/// Closes the open reports of one thing with `status`.
pub fn decide(
    conn: &mut DbConnection,
    kind: ReportTarget,
    target: &str,
    status: ReportStatus,
    by: &str,
    now: i64,
) -> DbResult<usize> {
    Ok(diesel::update(
        reports::table
            .filter(reports::target_kind.eq(kind.as_str()))
            .filter(reports::target_id.eq(target))
            .filter(reports::status.eq(ReportStatus::Open.as_str())),
    )
    .set((
        reports::status.eq(status.as_str()),
        reports::decided_at.eq(now),
        reports::decided_by.eq(by),
    ))
    .execute(conn)?)
}

/// Open reports created before `before` that were not brought to the admins yet; marks them.
pub fn escalate(conn: &mut DbConnection, before: i64) -> DbResult<Vec<ReportRow>> {
    let due: Vec<ReportRow> = reports::table
        .filter(reports::status.eq(ReportStatus::Open.as_str()))
        .filter(reports::escalated.eq(false))
        .filter(reports::created_at.le(before))
        .select(ReportRow::as_select())
        .load(conn)?;
    let ids: Vec<&str> = due.iter().map(|r| r.id.as_str()).collect();
    diesel::update(reports::table.filter(reports::id.eq_any(&ids)))
        .set(reports::escalated.eq(true))
        .execute(conn)?;
    Ok(due)
}

/// Takes the post out of every view until it is decided.
pub fn hide_post(conn: &mut DbConnection, post_id: &str, now: i64) -> DbResult<bool> {
    Ok(diesel::update(
        posts::table
            .find(post_id)
            .filter(posts::deleted_at.is_null()),
    )
    .set((posts::deleted_at.eq(now), posts::hidden_at.eq(now)))
    .execute(conn)?
        > 0)
}

/// Whether the post is hidden by reports.
pub fn is_hidden(conn: &mut DbConnection, post_id: &str) -> DbResult<bool> {
    let hidden: Option<Option<i64>> = posts::table
        .find(post_id)
        .select(posts::hidden_at)
        .first(conn)
        .optional()?;
    Ok(hidden.flatten().is_some())
}

/// Shows a post hidden by reports again (not one its author or a moderator deleted).
pub fn restore_post(conn: &mut DbConnection, post_id: &str) -> DbResult<bool> {
    Ok(diesel::update(
        posts::table
            .find(post_id)
            .filter(posts::hidden_at.is_not_null()),
    )
    .set((
        posts::deleted_at.eq(None::<i64>),
        posts::hidden_at.eq(None::<i64>),
    ))
    .execute(conn)?
        > 0)
}

/// A hidden post that is removed stays deleted for good.
pub fn settle_hidden(conn: &mut DbConnection, post_id: &str) -> DbResult<()> {
    diesel::update(posts::table.find(post_id))
        .set(posts::hidden_at.eq(None::<i64>))
        .execute(conn)?;
    Ok(())
}

/// Replaces a removed message's text.
/// Replaces a removed message's text; its files go with the text.
pub fn blank_message(conn: &mut DbConnection, id: &str, text: &str, now: i64) -> DbResult<()> {
    diesel::update(messages::table.find(id))
        .set((messages::body.eq(text), messages::body_html.eq(text)))
        .execute(conn)?;
    crate::media::release(conn, crate::media::FOR_MESSAGE, id, now)?;
    crate::search::unindex_message(conn, id)?;
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = moderation_log, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct LogRow {
    pub id: String,
    pub group_id: Option<String>,
    pub actor_id: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    pub author_id: String,
    pub reason: String,
    pub note: String,
    pub created_at: i64,
}

pub struct NewLog<'a> {
    pub group_id: Option<&'a str>,
    /// '' for what Hearth did by itself.
    pub actor_id: &'a str,
    pub action: LogAction,
    pub target_kind: &'a str,
    pub target_id: &'a str,
    pub author_id: &'a str,
    pub reason: &'a str,
    pub note: &'a str,
    pub now: i64,
}

pub fn log(conn: &mut DbConnection, l: NewLog<'_>) -> DbResult<()> {
    diesel::insert_into(moderation_log::table)
        .values((
            moderation_log::id.eq(crate::new_id()),
            moderation_log::group_id.eq(l.group_id),
            moderation_log::actor_id.eq(l.actor_id),
            moderation_log::action.eq(l.action.as_str()),
            moderation_log::target_kind.eq(l.target_kind),
            moderation_log::target_id.eq(l.target_id),
            moderation_log::author_id.eq(l.author_id),
            moderation_log::reason.eq(l.reason),
            moderation_log::note.eq(l.note),
            moderation_log::created_at.eq(l.now),
        ))
        .execute(conn)?;
    Ok(())
}

/// A community's log (or, with `None`, that of company-wide content and messages), newest
/// first, after the keyset `after`.
pub fn log_of(
    conn: &mut DbConnection,
    group: Option<&str>,
    after: Option<(i64, String)>,
    limit: i64,
) -> DbResult<Vec<LogRow>> {
    let mut q = moderation_log::table
        .select(LogRow::as_select())
        .order((moderation_log::created_at.desc(), moderation_log::id.desc()))
        .limit(limit)
        .into_boxed();
    q = match group {
        Some(id) => q.filter(moderation_log::group_id.eq(id.to_owned())),
        None => q.filter(moderation_log::group_id.is_null()),
    };
    if let Some((at, id)) = after {
        q = q.filter(
            moderation_log::created_at.le(at).and(
                moderation_log::created_at
                    .lt(at)
                    .or(moderation_log::id.lt(id)),
            ),
        );
    }
    Ok(q.load(conn)?)
}
