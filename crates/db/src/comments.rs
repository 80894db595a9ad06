//! Comments on posts, with one level of replies.

use diesel::dsl::case_when;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};
use hearth_common::posts::ReactionKind;

use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::{comment_reactions, comments, posts, users};
use crate::users::UserRow;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = comments, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct CommentRow {
    pub id: String,
    pub post_id: String,
    pub parent_id: Option<String>,
    pub author_id: String,
    pub body: String,
    pub body_html: String,
    pub reactions_like: i32,
    pub reactions_celebrate: i32,
    pub reactions_support: i32,
    pub reactions_insightful: i32,
    pub reactions_curious: i32,
    pub edited_at: Option<i64>,
    pub created_at: i64,
}

impl CommentRow {
    pub fn reaction_counts(&self) -> [(ReactionKind, i32); 5] {
        [
            (ReactionKind::Like, self.reactions_like),
            (ReactionKind::Celebrate, self.reactions_celebrate),
            (ReactionKind::Support, self.reactions_support),
            (ReactionKind::Insightful, self.reactions_insightful),
            (ReactionKind::Curious, self.reactions_curious),
        ]
    }
}

/// A comment with its author and the viewer's reaction.
#[derive(Debug, Clone)]
pub struct CommentView {
    pub comment: CommentRow,
    pub author: UserRow,
    pub my_reaction: Option<String>,
}

pub struct NewComment<'a> {
    pub id: &'a str,
    pub post_id: &'a str,
    pub parent_id: Option<&'a str>,
    pub author_id: &'a str,
    pub body: &'a str,
    pub body_html: &'a str,
    pub now: i64,
}

pub fn insert(conn: &mut DbConnection, new: NewComment<'_>) -> DbResult<()> {
    diesel::insert_into(comments::table)
        .values((
            comments::id.eq(new.id),
            comments::post_id.eq(new.post_id),
            comments::parent_id.eq(new.parent_id),
            comments::author_id.eq(new.author_id),
            comments::body.eq(new.body),
            comments::body_html.eq(new.body_html),
            comments::reactions_like.eq(0),
            comments::reactions_celebrate.eq(0),
            comments::reactions_support.eq(0),
            comments::reactions_insightful.eq(0),
            comments::reactions_curious.eq(0),
            comments::created_at.eq(new.now),
        ))
        .execute(conn)?;
    crate::search::index_comment(conn, new.id, new.body)?;
    // One statement for the post: its count, and its first answer when this is one.
    let first_answer = posts::author_id.ne(new.author_id).and(
        posts::answered_at
            .is_null()
            .or(posts::answered_at.gt(new.now)),
    );
    diesel::update(posts::table.find(new.post_id))
        .set((
            posts::comment_count.eq(posts::comment_count + 1),
            posts::answered_at.eq(
                case_when(first_answer, new.now.into_sql::<Nullable<BigInt>>())
                    .otherwise(posts::answered_at),
            ),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<CommentRow>> {
    Ok(comments::table
        .find(id)
        .select(CommentRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn view(conn: &mut DbConnection, id: &str, viewer: &str) -> DbResult<Option<CommentView>> {
    let row = comments::table
        .inner_join(users::table.on(users::id.eq(comments::author_id)))
        .left_join(
            comment_reactions::table.on(comment_reactions::comment_id
                .eq(comments::id)
                .and(comment_reactions::user_id.eq(viewer))),
        )
        .filter(comments::id.eq(id))
        .select((
            CommentRow::as_select(),
            UserRow::as_select(),
            comment_reactions::kind.nullable(),
        ))
        .first::<(CommentRow, UserRow, Option<String>)>(conn)
        .optional()?;
    Ok(row.map(|(comment, author, my_reaction)| CommentView {
        comment,
        author,
        my_reaction,
    }))
}

/// These comments with their authors and the viewer's reactions, in no particular order.
pub fn views(conn: &mut DbConnection, ids: &[String], viewer: &str) -> DbResult<Vec<CommentView>> {
    let rows: Vec<(CommentRow, UserRow, Option<String>)> = comments::table
        .inner_join(users::table.on(users::id.eq(comments::author_id)))
        .left_join(
            comment_reactions::table.on(comment_reactions::comment_id
                .eq(comments::id)
                .and(comment_reactions::user_id.eq(viewer))),
        )
        .filter(comments::id.eq_any(ids))
        .select((
            CommentRow::as_select(),
            UserRow::as_select(),
            comment_reactions::kind.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(comment, author, my_reaction)| CommentView {
            comment,
            author,
            my_reaction,
        })
        .collect())
}

/// A post's comments, oldest first (replies in time order among them); `after` is the
/// previous page's last (created_at, id). Comments of suspended people are left out.
pub fn list(
    conn: &mut DbConnection,
    post_id: &str,
    viewer: &str,
    after: Option<(i64, String)>,
    limit: i64,
) -> DbResult<Vec<CommentView>> {
    let mut q = comments::table
        .inner_join(users::table.on(users::id.eq(comments::author_id)))
        .left_join(
            comment_reactions::table.on(comment_reactions::comment_id
                .eq(comments::id)
                .and(comment_reactions::user_id.eq(viewer))),
        )
        .filter(comments::post_id.eq(post_id))
        .filter(users::suspended.eq(false))
        .select((
            CommentRow::as_select(),
            UserRow::as_select(),
            comment_reactions::kind.nullable(),
        ))
        .order((comments::created_at.asc(), comments::id.asc()))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(
            comments::created_at
                .ge(at)
                .and(comments::created_at.gt(at).or(comments::id.gt(id))),
        );
    }
    let rows: Vec<(CommentRow, UserRow, Option<String>)> = q.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(comment, author, my_reaction)| CommentView {
            comment,
            author,
            my_reaction,
        })
        .collect())
}

pub fn edit(
    conn: &mut DbConnection,
    id: &str,
    body: &str,
    body_html: &str,
    now: i64,
) -> DbResult<()> {
    diesel::update(comments::table.find(id))
        .set((
            comments::body.eq(body),
            comments::body_html.eq(body_html),
            comments::edited_at.eq(now),
        ))
        .execute(conn)?;
    crate::search::index_comment(conn, id, body)?;
    Ok(())
}

/// Deletes a comment and its replies; the post's count and first answer follow. Returns the
/// ids of all that went.
pub fn delete(conn: &mut DbConnection, comment: &CommentRow, now: i64) -> DbResult<Vec<String>> {
    let mut gone: Vec<String> = comments::table
        .filter(comments::parent_id.eq(&comment.id))
        .select(comments::id)
        .load(conn)?;
    gone.push(comment.id.clone());
    crate::search::unindex_comments(conn, &gone)?;
    crate::media::release_all(conn, crate::media::FOR_COMMENT, &gone, now)?;
    let replies = diesel::delete(comments::table.filter(comments::parent_id.eq(&comment.id)))
        .execute(conn)?;
    diesel::delete(comments::table.find(&comment.id)).execute(conn)?;
    let removed = i32::try_from(replies + 1).unwrap_or(i32::MAX);
    // This locks the post's row, so the next statement sees every comment committed
    // before it, even one written at the same moment.
    diesel::update(posts::table.find(&comment.post_id))
        .set(posts::comment_count.eq(posts::comment_count - removed))
        .execute(conn)?;
    // The first answer again, from the comments left: when someone other than the author
    // first commented.
    let first = comments::table
        .filter(comments::post_id.eq(posts::id))
        .filter(comments::author_id.ne(posts::author_id))
        .select(diesel::dsl::min(comments::created_at))
        .single_value();
    diesel::update(posts::table.find(&comment.post_id))
        .set(posts::answered_at.eq(first))
        .execute(conn)?;
    Ok(gone)
}
