//! Ambassadors: the interaction graph they are found in (replies, reactions and mentions;
//! never direct messages), the invitations and answers, the rounds of finding them, and their
//! space. No score or ranking is stored: only who was invited and what they answered.

use diesel::prelude::*;
use hearth_common::ambassadors::AmbassadorStatus;

use crate::backend::{self, insert_if_absent};
use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::{
    ambassador_rounds, ambassador_spaces, ambassadors, comment_reactions, comments, post_reactions,
    posts, users,
};
use crate::users::UserRow;

/// A person who may be part of the graph: an employee who is not suspended.
pub struct Person {
    pub id: String,
    pub username: String,
    pub department: Option<String>,
    /// Whether they let their own insights be computed (those who opted out are never
    /// candidates).
    pub personal_insights: bool,
}

pub fn people(conn: &mut DbConnection) -> DbResult<Vec<Person>> {
    let rows: Vec<(String, String, Option<String>, bool)> = users::table
        .filter(users::role.ne("guest"))
        .filter(users::suspended.eq(false))
        .select((
            users::id,
            users::username,
            users::department,
            users::personal_insights,
        ))
        .order(users::id)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, username, department, personal_insights)| Person {
            id,
            username,
            department,
            personal_insights,
        })
        .collect())
}

/// Who acted on whom since `since`, each pair once: comments on a post (to its author),
/// replies (to the parent comment's author), reactions to posts and to comments (to their
/// authors). Mentions are read separately (`mentions_since`), as usernames.
pub fn interactions_since(conn: &mut DbConnection, since: i64) -> DbResult<Vec<(String, String)>> {
    let mut pairs: Vec<(String, String)> = comments::table
        .inner_join(posts::table)
        .filter(comments::created_at.ge(since))
        .filter(comments::parent_id.is_null())
        .filter(comments::author_id.ne(posts::author_id))
        .select((comments::author_id, posts::author_id))
        .distinct()
        .load(conn)?;
    let (reply, parent) = diesel::alias!(comments as reply, comments as parent);
    pairs.extend(
        reply
            .inner_join(
                parent.on(reply
                    .field(comments::parent_id)
                    .eq(parent.field(comments::id).nullable())),
            )
            .filter(reply.field(comments::created_at).ge(since))
            .filter(
                reply
                    .field(comments::author_id)
                    .ne(parent.field(comments::author_id)),
            )
            .select((
                reply.field(comments::author_id),
                parent.field(comments::author_id),
            ))
            .distinct()
            .load::<(String, String)>(conn)?,
    );
    pairs.extend(
        post_reactions::table
            .inner_join(posts::table)
            .filter(post_reactions::created_at.ge(since))
            .filter(post_reactions::user_id.ne(posts::author_id))
            .select((post_reactions::user_id, posts::author_id))
            .distinct()
            .load::<(String, String)>(conn)?,
    );
    pairs.extend(
        comment_reactions::table
            .inner_join(comments::table)
            .filter(comment_reactions::created_at.ge(since))
            .filter(comment_reactions::user_id.ne(comments::author_id))
            .select((comment_reactions::user_id, comments::author_id))
            .distinct()
            .load::<(String, String)>(conn)?,
    );
    Ok(pairs)
}

/// Posts since `since` that mention someone: (author, JSON array of usernames).
pub fn mentions_since(conn: &mut DbConnection, since: i64) -> DbResult<Vec<(String, String)>> {
    Ok(posts::table
        .filter(posts::created_at.ge(since))
        .filter(posts::mentions.ne("[]"))
        .select((posts::author_id, posts::mentions))
        .load(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ambassadors, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct AmbassadorRow {
    pub user_id: String,
    pub status: String,
    pub invited_at: i64,
    pub answered_at: Option<i64>,
}

impl AmbassadorRow {
    pub fn status(&self) -> AmbassadorStatus {
        // Only valid statuses are written.
        AmbassadorStatus::parse(&self.status).unwrap_or(AmbassadorStatus::Declined)
    }
}

pub fn find(conn: &mut DbConnection, user: &str) -> DbResult<Option<AmbassadorRow>> {
    Ok(ambassadors::table
        .find(user)
        .select(AmbassadorRow::as_select())
        .first(conn)
        .optional()?)
}

/// Holds the person's row until the transaction ends (PostgreSQL), for an answer.
pub fn lock(conn: &mut DbConnection, user: &str) -> DbResult<()> {
    backend::lock_for_update!(
        conn,
        ambassadors::table.find(user).select(ambassadors::user_id)
    )?;
    Ok(())
}

/// Invites `user` unless they were ever invited; true when this call invited them.
pub fn invite_if_new(conn: &mut DbConnection, user: &str, now: i64) -> DbResult<bool> {
    let row = (
        ambassadors::user_id.eq(user),
        ambassadors::status.eq(AmbassadorStatus::Invited.as_str()),
        ambassadors::invited_at.eq(now),
    );
    Ok(insert_if_absent!(
        conn,
        diesel::insert_into(ambassadors::table).values(row)
    )?)
}

/// Records an answer (or stepping down), and the badge that goes with it.
pub fn answer(
    conn: &mut DbConnection,
    user: &str,
    status: AmbassadorStatus,
    now: i64,
) -> DbResult<()> {
    diesel::update(ambassadors::table.find(user))
        .set((
            ambassadors::status.eq(status.as_str()),
            ambassadors::answered_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(users::table.find(user))
        .set(users::ambassador.eq(status == AmbassadorStatus::Accepted))
        .execute(conn)?;
    Ok(())
}

/// Accepted ambassadors who are not suspended, by name.
pub fn accepted(conn: &mut DbConnection) -> DbResult<Vec<UserRow>> {
    Ok(users::table
        .filter(users::ambassador.eq(true))
        .filter(users::suspended.eq(false))
        .select(UserRow::as_select())
        .order((users::display_name, users::id))
        .load(conn)?)
}

/// Those who declined the invitation or stepped down.
pub fn declined(conn: &mut DbConnection) -> DbResult<Vec<String>> {
    Ok(ambassadors::table
        .filter(ambassadors::status.eq_any([
            AmbassadorStatus::Declined.as_str(),
            AmbassadorStatus::SteppedDown.as_str(),
        ]))
        .select(ambassadors::user_id)
        .load(conn)?)
}

/// How many invitations wait for an answer.
pub fn open_invitations(conn: &mut DbConnection) -> DbResult<u32> {
    let n: i64 = ambassadors::table
        .filter(ambassadors::status.eq(AmbassadorStatus::Invited.as_str()))
        .count()
        .get_result(conn)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Withdraws the invitations nobody answered (finding ambassadors was switched off).
pub fn withdraw_open_invitations(conn: &mut DbConnection) -> DbResult<()> {
    diesel::delete(
        ambassadors::table.filter(ambassadors::status.eq(AmbassadorStatus::Invited.as_str())),
    )
    .execute(conn)?;
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ambassador_rounds, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct RoundRow {
    pub day: i32,
    pub ran_at: i64,
    pub people: i32,
    pub candidates: i32,
    pub betweenness: String,
    pub millis: i64,
}

pub fn latest_round(conn: &mut DbConnection) -> DbResult<Option<RoundRow>> {
    Ok(ambassador_rounds::table
        .select(RoundRow::as_select())
        .order(ambassador_rounds::day.desc())
        .first(conn)
        .optional()?)
}

/// Claims `day` for a round: true for the one process (or request) that gets it.
pub fn claim_round(conn: &mut DbConnection, day: i32, now: i64) -> DbResult<bool> {
    let row = (
        ambassador_rounds::day.eq(day),
        ambassador_rounds::ran_at.eq(now),
        ambassador_rounds::people.eq(0),
        ambassador_rounds::candidates.eq(0),
        ambassador_rounds::betweenness.eq(""),
        ambassador_rounds::millis.eq(0),
    );
    Ok(insert_if_absent!(
        conn,
        diesel::insert_into(ambassador_rounds::table).values(row)
    )?)
}

/// What a round found (how many, never whom).
pub fn record_round(conn: &mut DbConnection, round: &RoundRow) -> DbResult<()> {
    diesel::update(ambassador_rounds::table.find(round.day))
        .set((
            ambassador_rounds::ran_at.eq(round.ran_at),
            ambassador_rounds::people.eq(round.people),
            ambassador_rounds::candidates.eq(round.candidates),
            ambassador_rounds::betweenness.eq(&round.betweenness),
            ambassador_rounds::millis.eq(round.millis),
        ))
        .execute(conn)?;
    Ok(())
}

/// The ambassadors' community, once there is one.
pub fn space(conn: &mut DbConnection) -> DbResult<Option<String>> {
    Ok(ambassador_spaces::table
        .select(ambassador_spaces::community_id)
        .order(ambassador_spaces::created_at)
        .first(conn)
        .optional()?)
}

pub fn set_space(conn: &mut DbConnection, community: &str, now: i64) -> DbResult<()> {
    diesel::insert_into(ambassador_spaces::table)
        .values((
            ambassador_spaces::community_id.eq(community),
            ambassador_spaces::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Holds the creation of the space for the rest of the transaction, so two people accepting
/// at once on PostgreSQL create one space (SQLite writers take turns).
pub fn lock_space_creation(conn: &mut DbConnection) -> DbResult<()> {
    backend::lock_instance_settings(conn)?;
    Ok(())
}

/// Admins and community managers (not suspended), oldest account first: the owners of the
/// ambassadors' space when it is created.
pub fn overseers(conn: &mut DbConnection) -> DbResult<Vec<String>> {
    Ok(users::table
        .filter(users::role.eq_any(["admin", "community_manager"]))
        .filter(users::suspended.eq(false))
        .select(users::id)
        .order((users::created_at, users::id))
        .load(conn)?)
}
