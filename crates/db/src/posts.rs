//! Posts: writing, editing with history, deleting, and reading feeds.

use std::collections::HashMap;

use diesel::dsl::not;
use diesel::prelude::*;
use hearth_common::posts::ReactionKind;

use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::{post_reactions, post_topics, post_versions, posts, users};
use crate::users::UserRow;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = posts, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct PostRow {
    pub id: String,
    pub author_id: String,
    pub group_id: Option<String>,
    pub title: Option<String>,
    pub body: String,
    pub body_html: String,
    pub topics: String,
    pub mentions: String,
    pub shared_post_id: Option<String>,
    pub reactions_like: i32,
    pub reactions_celebrate: i32,
    pub reactions_support: i32,
    pub reactions_insightful: i32,
    pub reactions_curious: i32,
    pub comment_count: i32,
    pub share_count: i32,
    pub author_suspended: bool,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
    pub created_at: i64,
    pub in_company_feed: bool,
    /// The link its preview card is for.
    pub preview_url: Option<String>,
}

impl PostRow {
    pub fn reaction_counts(&self) -> [(ReactionKind, i32); 5] {
        [
            (ReactionKind::Like, self.reactions_like),
            (ReactionKind::Celebrate, self.reactions_celebrate),
            (ReactionKind::Support, self.reactions_support),
            (ReactionKind::Insightful, self.reactions_insightful),
            (ReactionKind::Curious, self.reactions_curious),
        ]
    }

    pub fn topics(&self) -> Vec<String> {
        serde_json::from_str(&self.topics).unwrap_or_default()
    }

    pub fn mentions(&self) -> Vec<String> {
        serde_json::from_str(&self.mentions).unwrap_or_default()
    }
}

/// A post with its author and the viewer's reaction: one feed item.
#[derive(Debug, Clone)]
pub struct PostView {
    pub post: PostRow,
    pub author: UserRow,
    pub my_reaction: Option<String>,
}

pub struct NewPost<'a> {
    pub id: &'a str,
    pub author_id: &'a str,
    pub group_id: Option<&'a str>,
    pub title: Option<&'a str>,
    pub body: &'a str,
    pub body_html: &'a str,
    pub topics: &'a [String],
    pub mentions: &'a [String],
    pub shared_post_id: Option<&'a str>,
    /// Company-wide, or in an open community.
    pub in_company_feed: bool,
    /// The link its preview card will be for.
    pub preview_url: Option<&'a str>,
    pub now: i64,
}

fn json(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

pub fn insert(conn: &mut DbConnection, new: NewPost<'_>) -> DbResult<()> {
    diesel::insert_into(posts::table)
        .values((
            posts::id.eq(new.id),
            posts::author_id.eq(new.author_id),
            posts::group_id.eq(new.group_id),
            posts::title.eq(new.title),
            posts::body.eq(new.body),
            posts::body_html.eq(new.body_html),
            posts::topics.eq(json(new.topics)),
            posts::mentions.eq(json(new.mentions)),
            posts::shared_post_id.eq(new.shared_post_id),
            posts::reactions_like.eq(0),
            posts::reactions_celebrate.eq(0),
            posts::reactions_support.eq(0),
            posts::reactions_insightful.eq(0),
            posts::reactions_curious.eq(0),
            posts::comment_count.eq(0),
            posts::share_count.eq(0),
            posts::author_suspended.eq(false),
            posts::created_at.eq(new.now),
            posts::in_company_feed.eq(new.in_company_feed),
            posts::preview_url.eq(new.preview_url),
        ))
        .execute(conn)?;
    set_topics(conn, new.id, new.topics, new.now)?;
    crate::search::index_post(conn, new.id, new.title, new.body)?;
    if let Some(original) = new.shared_post_id {
        diesel::update(posts::table.find(original))
            .set(posts::share_count.eq(posts::share_count + 1))
            .execute(conn)?;
    }
    Ok(())
}

fn set_topics(
    conn: &mut DbConnection,
    post_id: &str,
    topics: &[String],
    created_at: i64,
) -> DbResult<()> {
    diesel::delete(post_topics::table.filter(post_topics::post_id.eq(post_id))).execute(conn)?;
    for topic in topics {
        diesel::insert_into(post_topics::table)
            .values((
                post_topics::topic.eq(topic),
                post_topics::post_id.eq(post_id),
                post_topics::created_at.eq(created_at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The post, unless it is deleted.
pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<PostRow>> {
    Ok(posts::table
        .find(id)
        .filter(posts::deleted_at.is_null())
        .select(PostRow::as_select())
        .first(conn)
        .optional()?)
}

/// The post with its author and the viewer's reaction; deleted posts included (the caller's
/// policy decides what to show).
pub fn view(conn: &mut DbConnection, id: &str, viewer: &str) -> DbResult<Option<PostView>> {
    let row = posts::table
        .inner_join(users::table)
        .left_join(
            post_reactions::table.on(post_reactions::post_id
                .eq(posts::id)
                .and(post_reactions::user_id.eq(viewer))),
        )
        .filter(posts::id.eq(id))
        .select((
            PostRow::as_select(),
            UserRow::as_select(),
            post_reactions::kind.nullable(),
        ))
        .first::<(PostRow, UserRow, Option<String>)>(conn)
        .optional()?;
    Ok(row.map(|(post, author, my_reaction)| PostView {
        post,
        author,
        my_reaction,
    }))
}

/// Posts with their authors, by id (the originals that shares embed).
pub fn with_authors(conn: &mut DbConnection, ids: &[String]) -> DbResult<Vec<(PostRow, UserRow)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(posts::table
        .inner_join(users::table)
        .filter(posts::id.eq_any(ids))
        .select((PostRow::as_select(), UserRow::as_select()))
        .load(conn)?)
}

pub struct Edit<'a> {
    pub title: Option<&'a str>,
    pub body: &'a str,
    pub body_html: &'a str,
    pub topics: &'a [String],
    pub mentions: &'a [String],
    pub now: i64,
}

/// Replaces the post's text, keeping the previous version in its history.
pub fn edit(
    conn: &mut DbConnection,
    old: &PostRow,
    edit: Edit<'_>,
    version_id: &str,
) -> DbResult<()> {
    diesel::insert_into(post_versions::table)
        .values((
            post_versions::id.eq(version_id),
            post_versions::post_id.eq(&old.id),
            post_versions::title.eq(&old.title),
            post_versions::body.eq(&old.body),
            post_versions::body_html.eq(&old.body_html),
            post_versions::replaced_at.eq(edit.now),
        ))
        .execute(conn)?;
    diesel::update(posts::table.find(&old.id))
        .set((
            posts::title.eq(edit.title),
            posts::body.eq(edit.body),
            posts::body_html.eq(edit.body_html),
            posts::topics.eq(json(edit.topics)),
            posts::mentions.eq(json(edit.mentions)),
            posts::edited_at.eq(edit.now),
        ))
        .execute(conn)?;
    set_topics(conn, &old.id, edit.topics, old.created_at)?;
    crate::search::index_post(conn, &old.id, edit.title, edit.body)?;
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = post_versions, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct VersionRow {
    pub id: String,
    pub title: Option<String>,
    pub body: String,
    pub body_html: String,
    pub replaced_at: i64,
}

/// Earlier versions, newest first; `after` is the (replaced_at, id) of the previous page's last.
pub fn history(
    conn: &mut DbConnection,
    post_id: &str,
    after: Option<(i64, String)>,
    limit: i64,
) -> DbResult<Vec<VersionRow>> {
    let mut q = post_versions::table
        .filter(post_versions::post_id.eq(post_id))
        .select(VersionRow::as_select())
        .order((post_versions::replaced_at.desc(), post_versions::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(
            post_versions::replaced_at.le(at).and(
                post_versions::replaced_at
                    .lt(at)
                    .or(post_versions::id.lt(id)),
            ),
        );
    }
    Ok(q.load(conn)?)
}

/// Marks the post deleted. Its row stays, so shares of it can say it is gone.
pub fn delete(conn: &mut DbConnection, post: &PostRow, now: i64) -> DbResult<()> {
    diesel::update(posts::table.find(&post.id))
        .set(posts::deleted_at.eq(now))
        .execute(conn)?;
    diesel::delete(post_topics::table.filter(post_topics::post_id.eq(&post.id))).execute(conn)?;
    crate::search::unindex_post(conn, &post.id)?;
    crate::media::release(conn, crate::media::FOR_POST, &post.id, now)?;
    crate::media::release(conn, crate::media::FOR_PREVIEW, &post.id, now)?;
    let comment_ids: Vec<String> = crate::schema::comments::table
        .filter(crate::schema::comments::post_id.eq(&post.id))
        .select(crate::schema::comments::id)
        .load(conn)?;
    crate::media::release_all(conn, crate::media::FOR_COMMENT, &comment_ids, now)?;
    if let Some(original) = &post.shared_post_id {
        diesel::update(posts::table.find(original).filter(posts::share_count.gt(0)))
            .set(posts::share_count.eq(posts::share_count - 1))
            .execute(conn)?;
    }
    Ok(())
}

/// Hides or shows again everything a person posted, when they are suspended or reinstated.
pub fn set_author_suspended(
    conn: &mut DbConnection,
    author_id: &str,
    suspended: bool,
) -> DbResult<()> {
    diesel::update(posts::table.filter(posts::author_id.eq(author_id)))
        .set(posts::author_suspended.eq(suspended))
        .execute(conn)?;
    Ok(())
}

/// Which posts a viewer may see: those in the company feed (company-wide and open
/// communities) if `company`, and those of the communities in `groups`. Decided by the
/// server's post policy.
#[derive(Debug, Clone, Default)]
pub struct Audience {
    pub company: bool,
    pub groups: Vec<String>,
}

/// Where a feed's posts come from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// Company-wide posts (if `company_wide`) and the posts of these communities, and (with
    /// `company_wide`) the company feed's posts of the people in `followed` — the posts they
    /// write in open communities the reader has not joined.
    Home {
        company_wide: bool,
        groups: &'a [String],
        followed: &'a [String],
    },
    /// Company-wide posts and open communities' posts.
    Company,
    /// One community's posts (the caller has checked it may read them).
    Group(&'a str),
    /// One person's posts that the audience covers.
    Author(&'a str),
    /// Posts with a topic that the audience covers.
    Topic(&'a str),
}

/// One page of a feed, newest first: posts that are not deleted and whose author is not
/// suspended, from `source`, after the (created_at, id) key of the previous page, with their
/// authors and the viewer's reactions. The page's keys come first, from index walks alone;
/// then the page's posts, in one query.
pub fn feed(
    conn: &mut DbConnection,
    viewer: &str,
    audience: &Audience,
    source: Source<'_>,
    after: Option<(i64, String)>,
    limit: i64,
) -> DbResult<Vec<PostView>> {
    let keys = feed_keys(conn, audience, source, after, limit)?;
    views(conn, viewer, &keys)
}

/// The topics starting with `prefix` on live posts `audience` may read, in alphabetical
/// order: what to suggest while someone types `#lau`. A topic used only where the reader
/// cannot read is never named. Read along the topic index from `prefix` on.
pub fn topics_starting(
    conn: &mut DbConnection,
    audience: &Audience,
    prefix: &str,
    limit: i64,
) -> DbResult<Vec<String>> {
    // Every topic with this prefix sorts before the prefix followed by the highest char.
    let upper = format!("{prefix}{}", char::MAX);
    let q = post_topics::table
        .inner_join(posts::table)
        .filter(post_topics::topic.ge(prefix))
        .filter(post_topics::topic.lt(&upper))
        .filter(posts::deleted_at.is_null())
        .filter(not(posts::author_suspended))
        .select(post_topics::topic)
        .distinct()
        .order(post_topics::topic)
        .limit(limit)
        .into_boxed();
    let q = match (audience.company, audience.groups.as_slice()) {
        (true, []) => q.filter(posts::in_company_feed),
        (true, groups) => {
            q.filter(posts::in_company_feed.or(posts::group_id.eq_any(groups.to_vec())))
        }
        (false, []) => return Ok(Vec::new()),
        (false, groups) => q.filter(posts::group_id.eq_any(groups.to_vec())),
    };
    Ok(q.load(conn)?)
}

/// The (created_at, id) keys of one page of a feed, newest first.
fn feed_keys(
    conn: &mut DbConnection,
    audience: &Audience,
    source: Source<'_>,
    after: Option<(i64, String)>,
    limit: i64,
) -> DbResult<Vec<(i64, String)>> {
    // The first page is the page after a key later than every post's, so that each walk is
    // one statement, prepared once per connection.
    let (at, id) = after.unwrap_or((i64::MAX, String::new()));
    // A walk in (created_at, id) order, by default along one of the live-post indexes (see
    // the migration `feed_indexes`): their predicate is stated literally, the bare column
    // rather than `= false`, or the databases would not use them.
    macro_rules! walk {
        ($q:expr) => {
            walk!($q, posts::created_at, posts::id)
        };
        ($q:expr, $created_at:expr, $id:expr) => {
            $q.filter(posts::deleted_at.is_null())
                .filter(not(posts::author_suspended))
                .filter($created_at.le(at).and($created_at.lt(at).or($id.lt(&id))))
                .order(($created_at.desc(), $id.desc()))
                .select(($created_at, $id))
                .limit(limit)
        };
    }
    // The audience as a filter, for feeds that narrow by author or topic first.
    macro_rules! visible {
        ($q:expr) => {{
            match (audience.company, audience.groups.as_slice()) {
                (true, []) => $q.filter(posts::in_company_feed),
                (true, groups) => {
                    $q.filter(posts::in_company_feed.or(posts::group_id.eq_any(groups.to_vec())))
                }
                (false, []) => return Ok(Vec::new()),
                (false, groups) => $q.filter(posts::group_id.eq_any(groups.to_vec())),
            }
        }};
    }
    Ok(match source {
        Source::Company => walk!(posts::table.filter(posts::in_company_feed)).load(conn)?,
        Source::Group(group) => walk!(posts::table.filter(posts::group_id.eq(group))).load(conn)?,
        Source::Author(author) => {
            let q = walk!(posts::table.filter(posts::author_id.eq(author))).into_boxed();
            visible!(q).load(conn)?
        }
        // Read along the topic's own index, (topic, created_at, post_id).
        Source::Topic(topic) => {
            let q = walk!(
                post_topics::table
                    .inner_join(posts::table)
                    .filter(post_topics::topic.eq(topic)),
                post_topics::created_at,
                post_topics::post_id
            )
            .into_boxed();
            visible!(q).load(conn)?
        }
        // One walk per source, merged: a `group_id IS NULL OR group_id IN (…)` filter would
        // make both databases sort every matching post.
        Source::Home {
            company_wide,
            groups,
            followed,
        } => {
            let mut merged: Vec<(i64, String)> = Vec::new();
            if company_wide {
                merged.extend(
                    walk!(posts::table.filter(posts::group_id.is_null()))
                        .load::<(i64, String)>(conn)?,
                );
                for person in followed {
                    merged.extend(
                        walk!(posts::table
                            .filter(posts::author_id.eq(person))
                            .filter(posts::in_company_feed))
                        .load::<(i64, String)>(conn)?,
                    );
                }
            }
            for group in groups {
                merged.extend(
                    walk!(posts::table.filter(posts::group_id.eq(group)))
                        .load::<(i64, String)>(conn)?,
                );
            }
            merged.sort_unstable_by(|a, b| b.cmp(a));
            // A followed person's company-wide post is found by two walks.
            merged.dedup();
            merged.truncate(usize::try_from(limit).unwrap_or(0));
            merged
        }
    })
}

/// The live posts with these keys, with their authors and `viewer`'s reactions, in the
/// keys' order.
pub fn views(
    conn: &mut DbConnection,
    viewer: &str,
    keys: &[(i64, String)],
) -> DbResult<Vec<PostView>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<&str> = keys.iter().map(|(_, id)| id.as_str()).collect();
    let rows: Vec<(PostRow, UserRow, Option<String>)> = posts::table
        .inner_join(users::table.on(users::id.eq(posts::author_id)))
        .left_join(
            post_reactions::table.on(post_reactions::post_id
                .eq(posts::id)
                .and(post_reactions::user_id.eq(viewer))),
        )
        .filter(posts::id.eq_any(&ids))
        .filter(posts::deleted_at.is_null())
        .filter(not(posts::author_suspended))
        .select((
            PostRow::as_select(),
            UserRow::as_select(),
            post_reactions::kind.nullable(),
        ))
        .load(conn)?;
    let mut by_id: HashMap<String, PostView> = rows
        .into_iter()
        .map(|(post, author, my_reaction)| {
            (
                post.id.clone(),
                PostView {
                    post,
                    author,
                    my_reaction,
                },
            )
        })
        .collect();
    Ok(keys.iter().filter_map(|(_, id)| by_id.remove(id)).collect())
}
