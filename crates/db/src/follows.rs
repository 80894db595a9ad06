//! Who follows whom.

use diesel::prelude::*;

use crate::backend;
use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::{follows, users};
use crate::users::UserRow;

/// True when the follow is new.
pub fn follow(conn: &mut DbConnection, follower: &str, followee: &str, now: i64) -> DbResult<bool> {
    Ok(backend::insert_follow_if_absent(
        conn, follower, followee, now,
    )?)
}

pub fn unfollow(conn: &mut DbConnection, follower: &str, followee: &str) -> DbResult<bool> {
    let deleted = diesel::delete(follows::table.find((follower, followee))).execute(conn)?;
    Ok(deleted > 0)
}

/// The people `follower` follows.
pub fn followee_ids(conn: &mut DbConnection, follower: &str) -> DbResult<Vec<String>> {
    Ok(follows::table
        .filter(follows::follower_id.eq(follower))
        .select(follows::followee_id)
        .load(conn)?)
}

pub struct Counts {
    pub followers: i64,
    pub following: i64,
    pub followed_by_viewer: bool,
}

pub fn counts(conn: &mut DbConnection, user: &str, viewer: &str) -> DbResult<Counts> {
    let followers = follows::table
        .filter(follows::followee_id.eq(user))
        .count()
        .get_result(conn)?;
    let following = follows::table
        .filter(follows::follower_id.eq(user))
        .count()
        .get_result(conn)?;
    let followed_by_viewer =
        diesel::select(diesel::dsl::exists(follows::table.find((viewer, user))))
            .get_result(conn)?;
    Ok(Counts {
        followers,
        following,
        followed_by_viewer,
    })
}

/// Which side of the follows of `user` to list.
#[derive(Debug, Clone, Copy)]
pub enum Direction {
    Followers,
    Following,
}

/// A page of people following `user` (or followed by them), newest follow first. `after` is
/// the (follow time, person id) of the last row of the previous page.
pub fn list(
    conn: &mut DbConnection,
    user: &str,
    direction: Direction,
    after: Option<(i64, String)>,
    limit: i64,
) -> DbResult<Vec<(UserRow, i64)>> {
    // The two directions are one query with the columns swapped: `listed` is the person
    // on each row, `fixed` is `user`.
    macro_rules! page {
        ($listed:expr, $fixed:expr) => {{
            let mut q = follows::table
                .inner_join(users::table.on(users::id.eq($listed)))
                .filter($fixed.eq(user))
                .select((UserRow::as_select(), follows::created_at))
                .order((follows::created_at.desc(), $listed.desc()))
                .limit(limit)
                .into_boxed();
            if let Some((at, id)) = after {
                q = q.filter(
                    follows::created_at
                        .lt(at)
                        .or(follows::created_at.eq(at).and($listed.lt(id))),
                );
            }
            q.load(conn)?
        }};
    }
    let rows = match direction {
        Direction::Followers => page!(follows::follower_id, follows::followee_id),
        Direction::Following => page!(follows::followee_id, follows::follower_id),
    };
    Ok(rows)
}
