//! The activity streams: home, company, a person's posts, a topic. Newest first, keyset
//! pagination on (created_at, id), only what the caller may see.

use actix_web::web;
use hearth_common::error::ErrorBody;
use hearth_common::page::{Page, PageQuery};
use hearth_common::posts::Post;
use hearth_db::posts::{self, Audience, Source};
use hearth_db::users::{self, UserRow};

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::pagination;
use crate::policy;
use crate::routes::posts::assemble;
use crate::state::AppState;

enum Feed {
    All,
    Author(String),
    Topic(String),
}

async fn page(
    state: &AppState,
    viewer: UserRow,
    audience: Audience,
    feed: Feed,
    query: PageQuery,
) -> ApiResult<Page<Post>> {
    let limit = pagination::limit(&query)?;
    let after = query
        .cursor
        .as_deref()
        .map(pagination::decode_time_id)
        .transpose()?;
    state
        .read(move |conn| {
            let source = match &feed {
                Feed::All => Source::All,
                Feed::Author(id) => Source::Author(id),
                Feed::Topic(topic) => Source::Topic(topic),
            };
            let mut rows = posts::feed(conn, &viewer.id, &audience, source, after, limit + 1)?;
            let limit = usize::try_from(limit).unwrap_or(0);
            let next_cursor = (rows.len() > limit)
                .then(|| rows.get(limit - 1))
                .flatten()
                .map(|v| pagination::encode_time_id(v.post.created_at, &v.post.id));
            rows.truncate(limit);
            Ok(Page {
                items: assemble(conn, &viewer, &rows)?,
                next_cursor,
            })
        })
        .await
}

/// My home feed
///
/// My own posts, people I follow, the communities I belong to, and company-wide posts.
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
    let audience = policy::posts::audience(&caller.user);
    Ok(web::Json(
        page(&state, caller.user, audience, Feed::All, query.into_inner()).await?,
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
    if !caller.role().is_employee() {
        return Err(ApiError::forbidden(
            "employees_only",
            "the company feed is for employees",
        ));
    }
    let audience = policy::posts::audience(&caller.user);
    Ok(web::Json(
        page(&state, caller.user, audience, Feed::All, query.into_inner()).await?,
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
    let id = path.into_inner();
    let lookup = id.clone();
    let target = state
        .read(move |conn| Ok(users::find(conn, &lookup)?))
        .await?;
    if !target.is_some_and(|t| policy::users::can_view(&caller.user, &t)) {
        return Err(ApiError::NotFound);
    }
    let audience = policy::posts::audience(&caller.user);
    Ok(web::Json(
        page(
            &state,
            caller.user,
            audience,
            Feed::Author(id),
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
    let audience = policy::posts::audience(&caller.user);
    Ok(web::Json(
        page(
            &state,
            caller.user,
            audience,
            Feed::Topic(topic),
            query.into_inner(),
        )
        .await?,
    ))
}
