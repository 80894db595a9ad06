//! Pinned posts and must-read announcements: who was asked, who acknowledged, which
//! reminders went out.

use diesel::prelude::*;

use crate::backend;
use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::{must_read_audience, must_reads, pins, users};
use crate::users::UserRow;

/// The scope of a pin: the community's id, or '' for a company-wide post.
pub fn scope_of(group_id: Option<&str>) -> &str {
    group_id.unwrap_or("")
}

/// True when the pin is new.
pub fn pin(
    conn: &mut DbConnection,
    scope: &str,
    post_id: &str,
    by: &str,
    now: i64,
) -> DbResult<bool> {
    let row = (
        pins::scope.eq(scope),
        pins::post_id.eq(post_id),
        pins::pinned_by.eq(by),
        pins::pinned_at.eq(now),
    );
    Ok(backend::insert_if_absent!(
        conn,
        diesel::insert_into(pins::table).values(row)
    )?)
}

pub fn unpin(conn: &mut DbConnection, scope: &str, post_id: &str) -> DbResult<bool> {
    Ok(diesel::delete(pins::table.find((scope, post_id))).execute(conn)? > 0)
}

/// The posts pinned in these scopes, newest pin first.
pub fn pinned(conn: &mut DbConnection, scopes: &[String]) -> DbResult<Vec<String>> {
    if scopes.is_empty() {
        return Ok(Vec::new());
    }
    Ok(pins::table
        .filter(pins::scope.eq_any(scopes))
        .order((pins::pinned_at.desc(), pins::post_id.desc()))
        .select(pins::post_id)
        .load(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = must_reads, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct MustReadRow {
    pub post_id: String,
    pub marked_by: String,
    pub marked_at: i64,
    pub deadline: i64,
    pub reminders_sent: i32,
    pub last_manual_reminder_at: Option<i64>,
}

/// Makes the post a must-read for `audience`, fixed from now on. False when it already is.
pub fn mark(
    conn: &mut DbConnection,
    post_id: &str,
    by: &str,
    deadline: i64,
    audience: &[String],
    now: i64,
) -> DbResult<bool> {
    let row = (
        must_reads::post_id.eq(post_id),
        must_reads::marked_by.eq(by),
        must_reads::marked_at.eq(now),
        must_reads::deadline.eq(deadline),
        must_reads::reminders_sent.eq(0),
    );
    if !backend::insert_if_absent!(conn, diesel::insert_into(must_reads::table).values(row))? {
        return Ok(false);
    }
    let rows: Vec<_> = audience
        .iter()
        .map(|user| {
            (
                must_read_audience::post_id.eq(post_id),
                must_read_audience::user_id.eq(user),
            )
        })
        .collect();
    backend::insert_chunks!(conn, must_read_audience::table, rows, 5_000)?;
    Ok(true)
}

pub fn find(conn: &mut DbConnection, post_id: &str) -> DbResult<Option<MustReadRow>> {
    Ok(must_reads::table
        .find(post_id)
        .select(MustReadRow::as_select())
        .first(conn)
        .optional()?)
}

/// Holds the must-read until the transaction ends (reminders, acknowledgements).
pub fn lock(conn: &mut DbConnection, post_id: &str) -> DbResult<()> {
    backend::lock_for_update!(
        conn,
        must_reads::table.find(post_id).select(must_reads::post_id)
    )?;
    Ok(())
}

pub fn withdraw(conn: &mut DbConnection, post_id: &str) -> DbResult<bool> {
    diesel::delete(must_read_audience::table.filter(must_read_audience::post_id.eq(post_id)))
        .execute(conn)?;
    Ok(diesel::delete(must_reads::table.find(post_id)).execute(conn)? > 0)
}

/// Whether `user` was asked, and when they acknowledged.
pub fn asked(conn: &mut DbConnection, post_id: &str, user: &str) -> DbResult<Option<Option<i64>>> {
    Ok(must_read_audience::table
        .find((post_id, user))
        .select(must_read_audience::acknowledged_at)
        .first(conn)
        .optional()?)
}

/// Records the acknowledgement; the first one counts (acknowledging again changes nothing).
/// True when it is new.
pub fn acknowledge(conn: &mut DbConnection, post_id: &str, user: &str, now: i64) -> DbResult<bool> {
    Ok(diesel::update(
        must_read_audience::table
            .find((post_id, user))
            .filter(must_read_audience::acknowledged_at.is_null()),
    )
    .set(must_read_audience::acknowledged_at.eq(now))
    .execute(conn)?
        > 0)
}

/// The audience with their departments and when each acknowledged.
pub fn audience(conn: &mut DbConnection, post_id: &str) -> DbResult<Vec<(UserRow, Option<i64>)>> {
    Ok(must_read_audience::table
        .inner_join(users::table)
        .filter(must_read_audience::post_id.eq(post_id))
        .order(users::username.asc())
        .select((UserRow::as_select(), must_read_audience::acknowledged_at))
        .load(conn)?)
}

/// (acknowledged, total) of the audience.
pub fn counts(conn: &mut DbConnection, post_id: &str) -> DbResult<(i64, i64)> {
    let of_post = || must_read_audience::table.filter(must_read_audience::post_id.eq(post_id));
    let total: i64 = of_post().count().get_result(conn)?;
    let acknowledged: i64 = of_post()
        .filter(must_read_audience::acknowledged_at.is_not_null())
        .count()
        .get_result(conn)?;
    Ok((acknowledged, total))
}

/// The must-reads `user` was asked to acknowledge and has not, with their deadlines.
pub fn pending_for(conn: &mut DbConnection, user: &str) -> DbResult<Vec<(String, i64)>> {
    Ok(must_read_audience::table
        .inner_join(must_reads::table)
        .filter(must_read_audience::user_id.eq(user))
        .filter(must_read_audience::acknowledged_at.is_null())
        .order(must_reads::deadline.asc())
        .select((must_reads::post_id, must_reads::deadline))
        .load(conn)?)
}

/// Who has not acknowledged yet (and is still active).
pub fn waiting(conn: &mut DbConnection, post_id: &str) -> DbResult<Vec<UserRow>> {
    Ok(must_read_audience::table
        .inner_join(users::table)
        .filter(must_read_audience::post_id.eq(post_id))
        .filter(must_read_audience::acknowledged_at.is_null())
        .filter(users::suspended.eq(false))
        .select(UserRow::as_select())
        .load(conn)?)
}

/// Must-reads whose next automatic reminder is due at `now`.
pub fn reminders_due(conn: &mut DbConnection, now: i64, hours: &[i64]) -> DbResult<Vec<String>> {
    let hour = 3_600_000_000i64;
    let mut due = Vec::new();
    for (sent, after) in hours.iter().enumerate() {
        let sent = i32::try_from(sent).unwrap_or(i32::MAX);
        due.extend(
            must_reads::table
                .filter(must_reads::reminders_sent.eq(sent))
                .filter(must_reads::marked_at.le(now - after * hour))
                .select(must_reads::post_id)
                .load::<String>(conn)?,
        );
    }
    Ok(due)
}

pub fn set_reminders_sent(conn: &mut DbConnection, post_id: &str, sent: i32) -> DbResult<()> {
    diesel::update(must_reads::table.find(post_id))
        .set(must_reads::reminders_sent.eq(sent))
        .execute(conn)?;
    Ok(())
}

pub fn set_manual_reminder(conn: &mut DbConnection, post_id: &str, now: i64) -> DbResult<()> {
    diesel::update(must_reads::table.find(post_id))
        .set(must_reads::last_manual_reminder_at.eq(now))
        .execute(conn)?;
    Ok(())
}
