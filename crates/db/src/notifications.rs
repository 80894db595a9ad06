//! Notifications: one row per person told.

use diesel::prelude::*;
use hearth_common::notifications::NotificationKind;

use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::{notifications, users};
use crate::users::UserRow;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notifications, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct NotificationRow {
    pub id: String,
    pub user_id: String,
    pub kind: String,
    pub actor_id: String,
    pub post_id: Option<String>,
    pub comment_id: Option<String>,
    pub group_id: Option<String>,
    pub conversation_id: Option<String>,
    pub is_read: bool,
    pub created_at: i64,
    pub note: Option<String>,
}

pub struct NewNotification<'a> {
    pub id: String,
    pub user_id: &'a str,
    pub kind: NotificationKind,
    pub actor_id: &'a str,
    pub post_id: Option<&'a str>,
    pub comment_id: Option<&'a str>,
    pub group_id: Option<&'a str>,
    pub conversation_id: Option<&'a str>,
    pub note: Option<&'a str>,
    pub now: i64,
}

pub fn insert(conn: &mut DbConnection, new: NewNotification<'_>) -> DbResult<()> {
    diesel::insert_into(notifications::table)
        .values((
            notifications::id.eq(&new.id),
            notifications::user_id.eq(new.user_id),
            notifications::kind.eq(new.kind.as_str()),
            notifications::actor_id.eq(new.actor_id),
            notifications::post_id.eq(new.post_id),
            notifications::comment_id.eq(new.comment_id),
            notifications::group_id.eq(new.group_id),
            notifications::conversation_id.eq(new.conversation_id),
            notifications::is_read.eq(false),
            notifications::created_at.eq(new.now),
            notifications::note.eq(new.note),
        ))
        .execute(conn)?;
    Ok(())
}

/// A person's notifications with their actors, newest first.
pub fn list(
    conn: &mut DbConnection,
    user_id: &str,
    after: Option<(i64, String)>,
    limit: i64,
) -> DbResult<Vec<(NotificationRow, UserRow)>> {
    let mut q = notifications::table
        .inner_join(users::table.on(users::id.eq(notifications::actor_id)))
        .filter(notifications::user_id.eq(user_id))
        .select((NotificationRow::as_select(), UserRow::as_select()))
        .order((notifications::created_at.desc(), notifications::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(
            notifications::created_at.le(at).and(
                notifications::created_at
                    .lt(at)
                    .or(notifications::id.lt(id)),
            ),
        );
    }
    Ok(q.load(conn)?)
}

/// A person's unread notifications with their actors, newest first, at most `limit`.
pub fn unread(
    conn: &mut DbConnection,
    user_id: &str,
    limit: i64,
) -> DbResult<Vec<(NotificationRow, UserRow)>> {
    Ok(notifications::table
        .inner_join(users::table.on(users::id.eq(notifications::actor_id)))
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::is_read.eq(false))
        .select((NotificationRow::as_select(), UserRow::as_select()))
        .order((notifications::created_at.desc(), notifications::id.desc()))
        .limit(limit)
        .load(conn)?)
}

pub fn find(conn: &mut DbConnection, user_id: &str, id: &str) -> DbResult<Option<NotificationRow>> {
    Ok(notifications::table
        .filter(notifications::id.eq(id))
        .filter(notifications::user_id.eq(user_id))
        .select(NotificationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Marks read every notification of the person up to (created_at, id), or all of them.
/// Marks these of the person's notifications read; others' ids change nothing.
pub fn mark_these_read(conn: &mut DbConnection, user_id: &str, ids: &[String]) -> DbResult<()> {
    diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::id.eq_any(ids))
            .filter(notifications::is_read.eq(false)),
    )
    .set(notifications::is_read.eq(true))
    .execute(conn)?;
    Ok(())
}

pub fn mark_read(
    conn: &mut DbConnection,
    user_id: &str,
    up_to: Option<(i64, String)>,
) -> DbResult<()> {
    let unread = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::is_read.eq(false));
    match up_to {
        None => diesel::update(unread)
            .set(notifications::is_read.eq(true))
            .execute(conn)?,
        Some((at, id)) => diesel::update(
            unread.filter(
                notifications::created_at.le(at).and(
                    notifications::created_at
                        .lt(at)
                        .or(notifications::id.le(id)),
                ),
            ),
        )
        .set(notifications::is_read.eq(true))
        .execute(conn)?,
    };
    Ok(())
}
