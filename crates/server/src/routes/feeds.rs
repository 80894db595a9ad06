//! The activity streams: home, company, a person's posts, a topic, a community. Newest first,
//! keyset pagination on (created_at, id), only what the caller may see.

use actix_web::web;
use hearth_common::error::ErrorBody;
use hearth_common::error::ErrorCode;
use hearth_common::page::{Page, PageQuery};
use hearth_common::posts::{Post, TopicList, TopicQuery};
use hearth_db::posts::{self, Source};
use hearth_db::users::UserRow;
use hearth_db::{communities, follows, DbConnection};

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::pagination;
use crate::policy::groups::Standing;
use crate::policy::posts::Reader;
use crate::policy::{self};
use crate::routes::posts::assemble;
use crate::routes::users::visible;
use crate::state::AppState;

/// Which feed a page comes from.
pub enum Feed {
    Home,
    Company,
    Author(String),
    Topic(String),
    Group(String),
}

/// Checks the caller may read the feed at all; 404 or 403 otherwise.
fn check_access(conn: &mut DbConnection, viewer: &UserRow, feed: &Feed) -> ApiResult<()> {
    match feed {
        Feed::Company if !viewer.role().is_employee() => Err(ApiError::forbidden(
            ErrorCode::EmployeesOnly,
            "the company feed is for employees",
        )),
        Feed::Author(id) => visible(conn, viewer, id).map(|_| ()),
        Feed::Group(id) => {
            let community = communities::find(conn, id)?.ok_or(ApiError::NotFound)?;
            let membership = communities::membership(conn, id, &viewer.id)?;
            let standing = Standing {
                user: viewer,
                community: &community,
                membership: membership.as_ref(),
            };
            policy::groups::require_reader(&standing)
        }
        _ => Ok(()),
    }
}

/// One page of `feed` as `viewer` may see it: everything a feed request does between
/// authentication and JSON. Public so the benchmark can time it without the web layer.
pub fn load_page(
    conn: &mut DbConnection,
    viewer: UserRow,
    feed: &Feed,
    query: &PageQuery,
) -> ApiResult<Page<Post>> {
    let (limit, after) = pagination::time_keyed(query)?;
    check_access(conn, &viewer, feed)?;
    let reader = Reader::load(conn, viewer)?;
    let audience = policy::posts::audience(&reader);
    let groups = reader.group_ids();
    let followed = match feed {
        Feed::Home => follows::followee_ids(conn, &reader.user.id)?,
        _ => Vec::new(),
    };
    let source = match feed {
        Feed::Home => policy::posts::home(&reader, &groups, &followed),
        Feed::Company => Source::Company,
        Feed::Author(id) => Source::Author(id),
        Feed::Topic(topic) => Source::Topic(topic),
        Feed::Group(id) => Source::Group(id),
    };
    let mut rows = posts::feed(conn, &reader.user.id, &audience, source, after, limit + 1)?;
    let limit = usize::try_from(limit).unwrap_or(0);
    let next_cursor = (rows.len() > limit)
        .then(|| rows.get(limit - 1))
        .flatten()
        .map(|v| pagination::encode_time_id(v.post.created_at, &v.post.id));
    rows.truncate(limit);
    Ok(Page {
        items: assemble(conn, &reader, &rows)?,
        next_cursor,
    })
}

async fn page(
    state: &AppState,
    viewer: UserRow,
    feed: Feed,
    query: PageQuery,
) -> ApiResult<Page<Post>> {
    state
        .read(move |conn| load_page(conn, viewer, &feed, &query))
        .await
}

/// My home feed
///
/// Company-wide posts and the posts of the communities I belong to (mine and the people I
/// follow included).
#[utoipa::path(
    get, path = "/api/v1/feed", operation_id = "home_feed", tag = "feeds",
    params(PageQuery),
    responses((status = 200, description = "A page of posts, newest first", body = Page<Post>))
)]
pub async fn home(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<Page<Post>>> {
    Ok(web::Json(
        page(&state, caller.user, Feed::Home, query.into_inner()).await?,
    ))
}

/// The company feed
///
/// Every company-wide post and the posts of open communities. Employees only.
#[utoipa::path(
    get, path = "/api/v1/feed/company", operation_id = "company_feed", tag = "feeds",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of posts, newest first", body = Page<Post>),
        (status = 403, description = "Guests do not see the company feed (`employees_only`)", body = ErrorBody),
    )
)]
pub async fn company(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<Page<Post>>> {
    Ok(web::Json(
        page(&state, caller.user, Feed::Company, query.into_inner()).await?,
    ))
}

/// Someone's posts
///
/// Their posts that the caller may see.
#[utoipa::path(
    get, path = "/api/v1/users/{id}/posts", operation_id = "user_posts", tag = "feeds",
    params(("id" = String, Path, description = "User id"), PageQuery),
    responses(
        (status = 200, description = "A page of posts, newest first", body = Page<Post>),
        (status = 404, description = "No such person, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn user_posts(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<Page<Post>>> {
    Ok(web::Json(
        page(
            &state,
            caller.user,
            Feed::Author(path.into_inner()),
            query.into_inner(),
        )
        .await?,
    ))
}

/// Posts about a topic
///
/// Posts with `#topic` that the caller may see.
#[utoipa::path(
    get, path = "/api/v1/topics/{topic}/posts", operation_id = "topic_posts", tag = "feeds",
    params(("topic" = String, Path, description = "The topic, without `#`; any case"), PageQuery),
    responses((status = 200, description = "A page of posts, newest first", body = Page<Post>))
)]
pub async fn topic_posts(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<Page<Post>>> {
    let topic = path.into_inner().trim_start_matches('#').to_lowercase();
    Ok(web::Json(
        page(&state, caller.user, Feed::Topic(topic), query.into_inner()).await?,
    ))
}

const TOPIC_SUGGESTIONS_DEFAULT: u32 = 8;
const TOPIC_SUGGESTIONS_MAX: u32 = 20;
const TOPIC_QUERY_MAX: usize = 50;

/// Topics that start with…
///
/// Suggestions while someone types `#…`: the topics in use on posts the caller may read
/// (never one used only where they cannot), alphabetically. Anyone signed in.
#[utoipa::path(
    get, path = "/api/v1/topics", operation_id = "suggest_topics", tag = "feeds",
    params(TopicQuery),
    responses(
        (status = 200, description = "Matching topics", body = TopicList),
        (status = 422, description = "An empty or too long `q`, or `limit` outside 1–20 (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn topics(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<TopicQuery>,
) -> ApiResult<web::Json<TopicList>> {
    let TopicQuery { q, limit } = query.into_inner();
    let raw = q.trim();
    let prefix = raw.trim_start_matches('#').to_lowercase();
    if prefix.is_empty() || raw.chars().count() > TOPIC_QUERY_MAX {
        return Err(ApiError::invalid_field(
            "q",
            format!("must be 1 to {TOPIC_QUERY_MAX} characters"),
        ));
    }
    let limit = limit.unwrap_or(TOPIC_SUGGESTIONS_DEFAULT);
    if !(1..=TOPIC_SUGGESTIONS_MAX).contains(&limit) {
        return Err(ApiError::invalid_field(
            "limit",
            format!("must be from 1 to {TOPIC_SUGGESTIONS_MAX}"),
        ));
    }
    let viewer = caller.user;
    let topics = state
        .read(move |conn| {
            let reader = Reader::load(conn, viewer)?;
            let audience = policy::posts::audience(&reader);
            Ok(posts::topics_starting(
                conn,
                &audience,
                &prefix,
                i64::from(limit),
            )?)
        })
        .await?;
    Ok(web::Json(TopicList { topics }))
}

/// A community's posts
///
/// Members, and every employee for an open community.
#[utoipa::path(
    get, path = "/api/v1/groups/{id}/posts", operation_id = "group_posts", tag = "feeds",
    params(("id" = String, Path, description = "Community id"), PageQuery),
    responses(
        (status = 200, description = "A page of posts, newest first", body = Page<Post>),
        (status = 403, description = "A closed community's posts are for members (`members_only`)", body = ErrorBody),
        (status = 404, description = "No such community, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn group_posts(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<Page<Post>>> {
    Ok(web::Json(
        page(
            &state,
            caller.user,
            Feed::Group(path.into_inner()),
            query.into_inner(),
        )
        .await?,
    ))
}
