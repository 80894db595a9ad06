//! Loading many rows at once, for the benchmark data set: multi-row inserts of complete rows
//! (counts already right), spelled per backend. Nothing here checks permissions or keeps
//! counts itself; the caller hands over a consistent data set.

use diesel::prelude::*;

use crate::backend::insert_chunks;
use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::{
    comments, communities, community_members, follows, membership_spans, post_reactions,
    post_topics, posts, presence_days, users,
};

pub struct UserRecord {
    pub id: String,
    pub username: String,
    pub email: String,
    pub password_hash: String,
    pub display_name: String,
    pub role: &'static str,
    pub title: Option<String>,
    pub department: Option<String>,
    pub skills: Vec<String>,
    pub created_at: i64,
}

pub struct CommunityRecord {
    pub id: String,
    pub name: String,
    pub description: String,
    pub privacy: &'static str,
    pub topics: Vec<String>,
    pub member_count: i32,
    pub created_at: i64,
}

pub struct MemberRecord {
    pub community_id: String,
    pub user_id: String,
    pub role: &'static str,
    pub created_at: i64,
}

pub struct PostRecord {
    pub id: String,
    pub author_id: String,
    pub group_id: Option<String>,
    pub title: Option<String>,
    pub body: String,
    pub body_html: String,
    pub topics: Vec<String>,
    pub shared_post_id: Option<String>,
    /// like, celebrate, support, insightful, curious
    pub reactions: [i32; 5],
    pub comment_count: i32,
    pub share_count: i32,
    pub in_company_feed: bool,
    pub created_at: i64,
    /// When someone other than the author first commented.
    pub answered_at: Option<i64>,
}

pub struct ReactionRecord {
    pub post_id: String,
    pub user_id: String,
    pub kind: &'static str,
    pub created_at: i64,
}

pub struct CommentRecord {
    pub id: String,
    pub post_id: String,
    pub parent_id: Option<String>,
    pub author_id: String,
    pub body: String,
    pub body_html: String,
    pub created_at: i64,
}

pub fn users(conn: &mut DbConnection, records: &[UserRecord]) -> DbResult<()> {
    let rows: Vec<_> = records
        .iter()
        .map(|u| {
            let profile = crate::users::Profile {
                display_name: u.display_name.clone(),
                title: u.title.clone(),
                department: u.department.clone(),
                location: None,
                bio: None,
                skills: u.skills.clone(),
            };
            (
                users::id.eq(&u.id),
                users::username.eq(&u.username),
                users::email.eq(&u.email),
                users::password_hash.eq(&u.password_hash),
                users::display_name.eq(&u.display_name),
                users::role.eq(u.role),
                users::title.eq(&u.title),
                users::department.eq(&u.department),
                users::skills.eq(serde_json::to_string(&u.skills).unwrap_or_else(|_| "[]".into())),
                users::search_text.eq(crate::users::search_text(&u.username, &profile)),
                users::suspended.eq(false),
                users::created_at.eq(u.created_at),
                users::updated_at.eq(u.created_at),
            )
        })
        .collect();
    insert_chunks!(conn, users::table, rows, 1000)
}

pub fn follows(conn: &mut DbConnection, pairs: &[(String, String, i64)]) -> DbResult<()> {
    let rows: Vec<_> = pairs
        .iter()
        .map(|(follower, followee, at)| {
            (
                follows::follower_id.eq(follower),
                follows::followee_id.eq(followee),
                follows::created_at.eq(*at),
            )
        })
        .collect();
    insert_chunks!(conn, follows::table, rows, 5000)
}

pub fn communities(conn: &mut DbConnection, records: &[CommunityRecord]) -> DbResult<()> {
    let rows: Vec<_> = records
        .iter()
        .map(|c| {
            (
                communities::id.eq(&c.id),
                communities::name.eq(&c.name),
                communities::description.eq(&c.description),
                communities::privacy.eq(c.privacy),
                communities::topics
                    .eq(serde_json::to_string(&c.topics).unwrap_or_else(|_| "[]".into())),
                communities::search_text.eq(crate::communities::search_text(
                    &c.name,
                    &c.description,
                    &c.topics,
                )),
                communities::member_count.eq(c.member_count),
                communities::created_at.eq(c.created_at),
                communities::updated_at.eq(c.created_at),
            )
        })
        .collect();
    insert_chunks!(conn, communities::table, rows, 1000)
}

/// Days with a visit: (day, person).
pub fn presence(conn: &mut DbConnection, days: &[(i32, String)]) -> DbResult<()> {
    let rows: Vec<_> = days
        .iter()
        .map(|(day, user)| (presence_days::day.eq(day), presence_days::user_id.eq(user)))
        .collect();
    insert_chunks!(conn, presence_days::table, rows, 10_000)
}

pub fn members(conn: &mut DbConnection, records: &[MemberRecord]) -> DbResult<()> {
    let rows: Vec<_> = records
        .iter()
        .map(|m| {
            (
                community_members::community_id.eq(&m.community_id),
                community_members::user_id.eq(&m.user_id),
                community_members::role.eq(m.role),
                community_members::status.eq("active"),
                community_members::created_at.eq(m.created_at),
            )
        })
        .collect();
    insert_chunks!(conn, community_members::table, rows, 5000)?;
    let spans: Vec<_> = records
        .iter()
        .map(|m| {
            (
                membership_spans::community_id.eq(&m.community_id),
                membership_spans::user_id.eq(&m.user_id),
                membership_spans::joined_at.eq(m.created_at),
            )
        })
        .collect();
    insert_chunks!(conn, membership_spans::table, spans, 5000)
}

pub fn posts(conn: &mut DbConnection, records: &[PostRecord]) -> DbResult<()> {
    let rows: Vec<_> = records
        .iter()
        .map(|p| {
            (
                (
                    posts::id.eq(&p.id),
                    posts::author_id.eq(&p.author_id),
                    posts::group_id.eq(&p.group_id),
                    posts::title.eq(&p.title),
                    posts::body.eq(&p.body),
                    posts::body_html.eq(&p.body_html),
                    posts::topics
                        .eq(serde_json::to_string(&p.topics).unwrap_or_else(|_| "[]".into())),
                    posts::mentions.eq("[]"),
                    posts::shared_post_id.eq(&p.shared_post_id),
                    posts::reactions_like.eq(p.reactions[0]),
                    posts::reactions_celebrate.eq(p.reactions[1]),
                ),
                (
                    posts::reactions_support.eq(p.reactions[2]),
                    posts::reactions_insightful.eq(p.reactions[3]),
                    posts::reactions_curious.eq(p.reactions[4]),
                    posts::comment_count.eq(p.comment_count),
                    posts::share_count.eq(p.share_count),
                    posts::author_suspended.eq(false),
                    posts::created_at.eq(p.created_at),
                    posts::in_company_feed.eq(p.in_company_feed),
                    posts::answered_at.eq(p.answered_at),
                ),
            )
        })
        .collect();
    insert_chunks!(conn, posts::table, rows, 1000)?;
    let topics: Vec<_> = records
        .iter()
        .flat_map(|p| {
            p.topics.iter().map(move |t| {
                (
                    post_topics::topic.eq(t),
                    post_topics::post_id.eq(&p.id),
                    post_topics::created_at.eq(p.created_at),
                )
            })
        })
        .collect();
    insert_chunks!(conn, post_topics::table, topics, 5000)
}

pub fn reactions(conn: &mut DbConnection, records: &[ReactionRecord]) -> DbResult<()> {
    let rows: Vec<_> = records
        .iter()
        .map(|r| {
            (
                post_reactions::post_id.eq(&r.post_id),
                post_reactions::user_id.eq(&r.user_id),
                post_reactions::kind.eq(r.kind),
                post_reactions::created_at.eq(r.created_at),
            )
        })
        .collect();
    insert_chunks!(conn, post_reactions::table, rows, 5000)
}

pub fn comments(conn: &mut DbConnection, records: &[CommentRecord]) -> DbResult<()> {
    let rows: Vec<_> = records
        .iter()
        .map(|c| {
            (
                comments::id.eq(&c.id),
                comments::post_id.eq(&c.post_id),
                comments::parent_id.eq(&c.parent_id),
                comments::author_id.eq(&c.author_id),
                comments::body.eq(&c.body),
                comments::body_html.eq(&c.body_html),
                comments::reactions_like.eq(0),
                comments::reactions_celebrate.eq(0),
                comments::reactions_support.eq(0),
                comments::reactions_insightful.eq(0),
                comments::reactions_curious.eq(0),
                comments::created_at.eq(c.created_at),
            )
        })
        .collect();
    insert_chunks!(conn, comments::table, rows, 2000)
}

/// The database's size on disk in bytes, as the database reports it.
pub fn database_size(conn: &mut DbConnection) -> DbResult<i64> {
    #[derive(QueryableByName)]
    struct Size {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        bytes: i64,
    }
    let size: Size = match conn {
        DbConnection::Pg(c) => {
            diesel::sql_query("SELECT pg_database_size(current_database()) AS bytes")
                .get_result(c)?
        }
        DbConnection::Sqlite(c) => diesel::sql_query(
            "SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()",
        )
        .get_result(c)?,
    };
    Ok(size.bytes)
}

/// The ids of the open communities, for load that reads community feeds.
pub fn open_community_ids(conn: &mut DbConnection) -> DbResult<Vec<String>> {
    Ok(communities::table
        .filter(communities::privacy.eq("open"))
        .select(communities::id)
        .load(conn)?)
}

/// The newest company-wide posts, for load that reacts to and comments on posts everyone sees.
pub fn recent_company_post_ids(conn: &mut DbConnection, count: i64) -> DbResult<Vec<String>> {
    Ok(posts::table
        .filter(posts::group_id.is_null())
        .filter(posts::deleted_at.is_null())
        .filter(diesel::dsl::not(posts::author_suspended))
        .order((posts::created_at.desc(), posts::id.desc()))
        .select(posts::id)
        .limit(count)
        .load(conn)?)
}

/// Refreshes the planner's statistics after a bulk load: without them PostgreSQL takes the
/// freshly filled tables for tiny ones and sorts whole feeds instead of walking their indexes.
pub fn analyze(conn: &mut DbConnection) -> DbResult<()> {
    use diesel::connection::SimpleConnection;
    match conn {
        DbConnection::Pg(c) => c.batch_execute("ANALYZE")?,
        DbConnection::Sqlite(c) => c.batch_execute("ANALYZE")?,
    }
    Ok(())
}
