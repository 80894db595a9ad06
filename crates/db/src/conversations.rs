//! Conversations, their participants (with read markers and unread counts) and messages.

use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::{conversation_participants, conversations, messages, users};
use crate::users::UserRow;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = conversation_participants, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ParticipantRow {
    pub conversation_id: String,
    pub user_id: String,
    pub last_read_message_id: Option<String>,
    pub unread_count: i32,
    pub last_activity_at: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = messages, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct MessageRow {
    pub id: String,
    pub conversation_id: String,
    pub author_id: String,
    pub body: String,
    pub body_html: String,
    pub created_at: i64,
}

/// The key that makes a conversation of two people unique.
pub fn pair_key(a: &str, b: &str) -> String {
    if a < b {
        format!("{a}:{b}")
    } else {
        format!("{b}:{a}")
    }
}

pub fn find_pair(conn: &mut DbConnection, key: &str) -> DbResult<Option<String>> {
    Ok(conversations::table
        .filter(conversations::pair_key.eq(key))
        .select(conversations::id)
        .first(conn)
        .optional()?)
}

pub fn create(
    conn: &mut DbConnection,
    id: &str,
    pair_key: Option<&str>,
    people: &[String],
    now: i64,
) -> DbResult<()> {
    diesel::insert_into(conversations::table)
        .values((
            conversations::id.eq(id),
            conversations::pair_key.eq(pair_key),
            conversations::created_at.eq(now),
        ))
        .execute(conn)?;
    for person in people {
        diesel::insert_into(conversation_participants::table)
            .values((
                conversation_participants::conversation_id.eq(id),
                conversation_participants::user_id.eq(person),
                conversation_participants::unread_count.eq(0),
                conversation_participants::last_activity_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn participant(
    conn: &mut DbConnection,
    conversation: &str,
    user: &str,
) -> DbResult<Option<ParticipantRow>> {
    Ok(conversation_participants::table
        .find((conversation, user))
        .select(ParticipantRow::as_select())
        .first(conn)
        .optional()?)
}

/// Everyone in the conversation, in a stable order.
pub fn participants(
    conn: &mut DbConnection,
    conversation: &str,
) -> DbResult<Vec<(ParticipantRow, UserRow)>> {
    Ok(conversation_participants::table
        .inner_join(users::table)
        .filter(conversation_participants::conversation_id.eq(conversation))
        .select((ParticipantRow::as_select(), UserRow::as_select()))
        .order(users::username.asc())
        .load(conn)?)
}

/// A person's conversations, most recent activity first; `after` is the previous page's
/// last (last_activity_at, conversation id).
pub fn inbox(
    conn: &mut DbConnection,
    user: &str,
    after: Option<(i64, String)>,
    limit: i64,
) -> DbResult<Vec<ParticipantRow>> {
    let mut q = conversation_participants::table
        .filter(conversation_participants::user_id.eq(user))
        .select(ParticipantRow::as_select())
        .order((
            conversation_participants::last_activity_at.desc(),
            conversation_participants::conversation_id.desc(),
        ))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(
            conversation_participants::last_activity_at.le(at).and(
                conversation_participants::last_activity_at
                    .lt(at)
                    .or(conversation_participants::conversation_id.lt(id)),
            ),
        );
    }
    Ok(q.load(conn)?)
}

pub struct NewMessage<'a> {
    pub id: &'a str,
    pub conversation_id: &'a str,
    pub author_id: &'a str,
    pub body: &'a str,
    pub body_html: &'a str,
    pub now: i64,
}

/// Stores a message; every participant's activity time moves, and everyone but the author
/// has one more unread.
pub fn add_message(conn: &mut DbConnection, new: NewMessage<'_>) -> DbResult<()> {
    diesel::insert_into(messages::table)
        .values((
            messages::id.eq(new.id),
            messages::conversation_id.eq(new.conversation_id),
            messages::author_id.eq(new.author_id),
            messages::body.eq(new.body),
            messages::body_html.eq(new.body_html),
            messages::created_at.eq(new.now),
        ))
        .execute(conn)?;
    crate::search::index_message(conn, new.id, new.body)?;
    let in_conversation = conversation_participants::conversation_id.eq(new.conversation_id);
    diesel::update(conversation_participants::table.filter(in_conversation))
        .set(conversation_participants::last_activity_at.eq(new.now))
        .execute(conn)?;
    diesel::update(
        conversation_participants::table
            .filter(conversation_participants::conversation_id.eq(new.conversation_id))
            .filter(conversation_participants::user_id.ne(new.author_id)),
    )
    .set(conversation_participants::unread_count.eq(conversation_participants::unread_count + 1))
    .execute(conn)?;
    // The author has read everything up to their own message.
    diesel::update(conversation_participants::table.find((new.conversation_id, new.author_id)))
        .set((
            conversation_participants::last_read_message_id.eq(new.id),
            conversation_participants::unread_count.eq(0),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn message(conn: &mut DbConnection, id: &str) -> DbResult<Option<(MessageRow, UserRow)>> {
    Ok(messages::table
        .inner_join(users::table)
        .filter(messages::id.eq(id))
        .select((MessageRow::as_select(), UserRow::as_select()))
        .first(conn)
        .optional()?)
}

/// These messages with their authors, in no particular order.
pub fn messages_by_ids(
    conn: &mut DbConnection,
    ids: &[String],
) -> DbResult<Vec<(MessageRow, UserRow)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(messages::table
        .inner_join(users::table)
        .filter(messages::id.eq_any(ids))
        .select((MessageRow::as_select(), UserRow::as_select()))
        .load(conn)?)
}

/// Messages, newest first; `after` is the previous page's last (created_at, id).
pub fn messages(
    conn: &mut DbConnection,
    conversation: &str,
    after: Option<(i64, String)>,
    limit: i64,
) -> DbResult<Vec<(MessageRow, UserRow)>> {
    let mut q = messages::table
        .inner_join(users::table)
        .filter(messages::conversation_id.eq(conversation))
        .select((MessageRow::as_select(), UserRow::as_select()))
        .order((messages::created_at.desc(), messages::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(
            messages::created_at
                .le(at)
                .and(messages::created_at.lt(at).or(messages::id.lt(id))),
        );
    }
    Ok(q.load(conn)?)
}

/// Moves the reader's marker to `message`; unread becomes what others wrote after it.
pub fn mark_read(
    conn: &mut DbConnection,
    conversation: &str,
    user: &str,
    message: &MessageRow,
) -> DbResult<()> {
    let later: i64 = messages::table
        .filter(messages::conversation_id.eq(conversation))
        .filter(messages::author_id.ne(user))
        .filter(
            messages::created_at
                .gt(message.created_at)
                .or(messages::created_at
                    .eq(message.created_at)
                    .and(messages::id.gt(&message.id))),
        )
        .count()
        .get_result(conn)?;
    diesel::update(conversation_participants::table.find((conversation, user)))
        .set((
            conversation_participants::last_read_message_id.eq(&message.id),
            conversation_participants::unread_count.eq(i32::try_from(later).unwrap_or(i32::MAX)),
        ))
        .execute(conn)?;
    Ok(())
}
