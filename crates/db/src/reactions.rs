//! Reactions on posts and on comments: one per person per target, counted on the target's row.
//! Both targets work alike; the macro writes the same code for each pair of tables.

use diesel::prelude::*;
use hearth_common::posts::ReactionKind;

use crate::backend;
use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::{comment_reactions, comments, post_reactions, posts, users};
use crate::users::UserRow;

/// What a reaction request changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Replaced,
    Unchanged,
    Removed,
}

macro_rules! reactions_on {
    ($module:ident, $reactions:ident, $target_col:ident, $targets:ident) => {
        pub mod $module {
            use super::*;

            /// Adds `kind` or replaces the person's other reaction; counts follow.
            pub fn react(
                conn: &mut DbConnection,
                target: &str,
                user: &str,
                kind: ReactionKind,
                now: i64,
            ) -> DbResult<Change> {
                lock_target(conn, target)?;
                let previous: Option<String> = $reactions::table
                    .find((target, user))
                    .select($reactions::kind)
                    .first(conn)
                    .optional()?;
                let change = match previous.as_deref().and_then(ReactionKind::parse) {
                    Some(old) if old == kind => return Ok(Change::Unchanged),
                    Some(old) => {
                        diesel::update($reactions::table.find((target, user)))
                            .set($reactions::kind.eq(kind.as_str()))
                            .execute(conn)?;
                        bump(conn, target, old, -1)?;
                        Change::Replaced
                    }
                    None => {
                        let row = (
                            $reactions::$target_col.eq(target),
                            $reactions::user_id.eq(user),
                            $reactions::kind.eq(kind.as_str()),
                            $reactions::created_at.eq(now),
                        );
                        let statement = diesel::insert_into($reactions::table).values(row);
                        // A simultaneous request of the same person may have added it first.
                        if !backend::insert_if_absent!(conn, statement)? {
                            return react(conn, target, user, kind, now);
                        }
                        Change::Added
                    }
                };
                bump(conn, target, kind, 1)?;
                Ok(change)
            }

            pub fn remove(conn: &mut DbConnection, target: &str, user: &str) -> DbResult<Change> {
                lock_target(conn, target)?;
                let previous: Option<String> = $reactions::table
                    .find((target, user))
                    .select($reactions::kind)
                    .first(conn)
                    .optional()?;
                let Some(old) = previous.as_deref().and_then(ReactionKind::parse) else {
                    return Ok(Change::Unchanged);
                };
                let deleted =
                    diesel::delete($reactions::table.find((target, user))).execute(conn)?;
                if deleted > 0 {
                    bump(conn, target, old, -1)?;
                }
                Ok(Change::Removed)
            }

            pub fn mine(
                conn: &mut DbConnection,
                target: &str,
                user: &str,
            ) -> DbResult<Option<ReactionKind>> {
                let kind: Option<String> = $reactions::table
                    .find((target, user))
                    .select($reactions::kind)
                    .first(conn)
                    .optional()?;
                Ok(kind.as_deref().and_then(ReactionKind::parse))
            }

            /// Who reacted, newest first; `after` is the previous page's last (created_at, user id).
            pub fn list(
                conn: &mut DbConnection,
                target: &str,
                after: Option<(i64, String)>,
                limit: i64,
            ) -> DbResult<Vec<(UserRow, String, i64)>> {
                let mut q = $reactions::table
                    .inner_join(users::table)
                    .filter($reactions::$target_col.eq(target))
                    .select((
                        UserRow::as_select(),
                        $reactions::kind,
                        $reactions::created_at,
                    ))
                    .order(($reactions::created_at.desc(), $reactions::user_id.desc()))
                    .limit(limit)
                    .into_boxed();
                if let Some((at, id)) = after {
                    q = q.filter(
                        $reactions::created_at
                            .le(at)
                            .and($reactions::created_at.lt(at).or($reactions::user_id.lt(id))),
                    );
                }
                Ok(q.load(conn)?)
            }

            /// Reactions to one target change one at a time: what is read here (the person's
            /// reaction) is then still true when the row and the counts are written.
            fn lock_target(conn: &mut DbConnection, target: &str) -> DbResult<()> {
                backend::lock_for_update!(conn, $targets::table.find(target).select($targets::id))?;
                Ok(())
            }

            fn bump(
                conn: &mut DbConnection,
                target: &str,
                kind: ReactionKind,
                delta: i32,
            ) -> DbResult<()> {
                let row = $targets::table.find(target);
                match kind {
                    ReactionKind::Like => diesel::update(row)
                        .set($targets::reactions_like.eq($targets::reactions_like + delta))
                        .execute(conn)?,
                    ReactionKind::Celebrate => diesel::update(row)
                        .set(
                            $targets::reactions_celebrate.eq($targets::reactions_celebrate + delta),
                        )
                        .execute(conn)?,
                    ReactionKind::Support => diesel::update(row)
                        .set($targets::reactions_support.eq($targets::reactions_support + delta))
                        .execute(conn)?,
                    ReactionKind::Insightful => diesel::update(row)
                        .set(
                            $targets::reactions_insightful
                                .eq($targets::reactions_insightful + delta),
                        )
                        .execute(conn)?,
                    ReactionKind::Curious => diesel::update(row)
                        .set($targets::reactions_curious.eq($targets::reactions_curious + delta))
                        .execute(conn)?,
                };
                Ok(())
            }
        }
    };
}

reactions_on!(on_posts, post_reactions, post_id, posts);
reactions_on!(on_comments, comment_reactions, comment_id, comments);
