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
    let rows = match direction {
        Direction::Followers => {
            let mut q = follows::table
                .inner_join(users::table.on(users::id.eq(follows::follower_id)))
                .filter(follows::followee_id.eq(user))
                .select((UserRow::as_select(), follows::created_at))
                .order((follows::created_at.desc(), follows::follower_id.desc()))
                .limit(limit)
                .into_boxed();
            if let Some((at, id)) = after {
                q = q.filter(
                    follows::created_at
                        .lt(at)
                        .or(follows::created_at.eq(at).and(follows::follower_id.lt(id))),
                );
            }
            q.load(conn)?
        }
        Direction::Following => {
            let mut q = follows::table
                .inner_join(users::table.on(users::id.eq(follows::followee_id)))
                .filter(follows::follower_id.eq(user))
                .select((UserRow::as_select(), follows::created_at))
                .order((follows::created_at.desc(), follows::followee_id.desc()))
                .limit(limit)
                .into_boxed();
            if let Some((at, id)) = after {
                q = q.filter(
                    follows::created_at
                        .lt(at)
                        .or(follows::created_at.eq(at).and(follows::followee_id.lt(id))),
                );
            }
            q.load(conn)?
        }
    };
    Ok(rows)
}
