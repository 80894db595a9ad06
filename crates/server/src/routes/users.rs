//! `/users`: the directory, profiles and follows.

use actix_web::{web, HttpResponse};
use hearth_common::error::ErrorBody;
use hearth_common::error::ErrorCode;
use hearth_common::notifications::NotificationKind;
use hearth_common::page::{Page, PageQuery};
use hearth_common::users::{DepartmentList, DirectoryQuery, User, UserProfile};
use hearth_db::follows::{self, Direction};
use hearth_db::users::{self, UserRow};
use hearth_db::DbConnection;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::notify::{self, About};
use crate::pagination;
use crate::policy;
use crate::policy::users::People;
use crate::state::AppState;

const QUERY_MAX: usize = 100;

/// `target` as a profile page for `viewer`, with follow counts.
pub async fn profile_of(
    state: &AppState,
    viewer: &UserRow,
    target: UserRow,
) -> ApiResult<UserProfile> {
    let (user_id, viewer_id) = (target.id.clone(), viewer.id.clone());
    let counts = state
        .read(move |conn| Ok(follows::counts(conn, &user_id, &viewer_id)?))
        .await?;
    Ok(UserProfile {
        user: target.to_api(policy::users::can_see_email(viewer, &target)),
        follower_count: u64::try_from(counts.followers).unwrap_or(0),
        following_count: u64::try_from(counts.following).unwrap_or(0),
        followed_by_me: counts.followed_by_viewer,
    })
}

/// The person with this id, if the caller may see them; 404 otherwise.
async fn visible_user(state: &AppState, caller: &Caller, id: String) -> ApiResult<UserRow> {
    let viewer = caller.user.clone();
    state.read(move |conn| visible(conn, &viewer, &id)).await
}

pub fn visible(
    conn: &mut hearth_db::DbConnection,
    viewer: &UserRow,
    id: &str,
) -> ApiResult<UserRow> {
    // `@username` names someone as a mention in a post does.
    let found = match id.strip_prefix('@') {
        Some(username) => users::by_usernames(conn, &[username.to_lowercase()])?
            .into_iter()
            .next(),
        None => users::find(conn, id)?,
    };
    match found {
        Some(target) if People::load(conn, viewer)?.can_view(&target) => Ok(target),
        _ => Err(ApiError::NotFound),
    }
}

/// The directory
///
/// Everyone the caller may see, by username. `q` matches name, username, title, department
/// and skills. Guests see only people who share a community with them.
#[utoipa::path(
    get, path = "/api/v1/users", operation_id = "list_users", tag = "people",
    params(DirectoryQuery),
    responses((status = 200, description = "A page of people", body = Page<User>))
)]
pub async fn directory(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DirectoryQuery>,
) -> ApiResult<web::Json<Page<User>>> {
    let DirectoryQuery { q, limit, cursor } = query.into_inner();
    let limit = pagination::limit(&PageQuery {
        limit,
        cursor: None,
    })?;
    let q = q.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty());
    if q.as_ref().is_some_and(|q| q.chars().count() > QUERY_MAX) {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidQuery,
            "q must be at most 100 characters",
        ));
    }
    let after = cursor.as_deref().map(pagination::decode).transpose()?;
    let viewer = caller.user;
    let page = state
        .read(move |conn| directory_page(conn, &viewer, q.as_deref(), after, limit))
        .await?;
    Ok(web::Json(page))
}

/// One page of the directory as `viewer` may see it, matching `q`, after the username
/// `after`: for `/users` and `/search?type=people`.
pub fn directory_page(
    conn: &mut DbConnection,
    viewer: &UserRow,
    q: Option<&str>,
    after: Option<String>,
    limit: i64,
) -> ApiResult<Page<User>> {
    let audience = People::load(conn, viewer)?.directory();
    let rows = users::directory(conn, audience, q, after.as_deref(), limit + 1)?;
    Ok(pagination::page(
        rows,
        limit,
        |r| pagination::encode(&r.username),
        |_| true,
        |r| r.to_api(policy::users::can_see_email(viewer, &r)),
    ))
}

/// A profile
#[utoipa::path(
    get, path = "/api/v1/users/{id}", operation_id = "get_user", tag = "people",
    params(("id" = String, Path, description = "User id, or `@username`")),
    responses(
        (status = 200, description = "The profile", body = UserProfile),
        (status = 404, description = "No such person, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn get_user(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<UserProfile>> {
    let target = visible_user(&state, &caller, path.into_inner()).await?;
    Ok(web::Json(profile_of(&state, &caller.user, target).await?))
}

/// Follow someone
///
/// Idempotent: following again changes nothing. The person is notified of a new follower.
#[utoipa::path(
    put, path = "/api/v1/users/{id}/follow", operation_id = "follow_user", tag = "people",
    params(("id" = String, Path, description = "User id")),
    responses(
        (status = 204, description = "Following"),
        (status = 404, description = "No such person, or not visible to the caller", body = ErrorBody),
        (status = 422, description = "Cannot follow yourself (`cannot_follow_self`)", body = ErrorBody),
    )
)]
pub async fn follow(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let target = visible_user(&state, &caller, path.into_inner()).await?;
    if target.id == caller.user.id {
        return Err(ApiError::unprocessable(
            ErrorCode::CannotFollowSelf,
            "you cannot follow yourself",
        ));
    }
    let follower = caller.user;
    let now = state.now();
    state
        .write_announcing(move |conn, outbox| {
            if follows::follow(conn, &follower.id, &target.id, now)? {
                let about = About::new(NotificationKind::Follow, &follower, now);
                notify::tell(conn, outbox, &target, &about)?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Unfollow someone
///
/// Idempotent: unfollowing someone not followed changes nothing.
#[utoipa::path(
    delete, path = "/api/v1/users/{id}/follow", operation_id = "unfollow_user", tag = "people",
    params(("id" = String, Path, description = "User id")),
    responses(
        (status = 204, description = "Not following"),
        (status = 404, description = "No such person, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn unfollow(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let target = visible_user(&state, &caller, path.into_inner()).await?;
    let follower = caller.user.id;
    state
        .write(move |conn| Ok(follows::unfollow(conn, &follower, &target.id)?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

async fn follow_list(
    state: web::Data<AppState>,
    caller: Caller,
    id: String,
    query: PageQuery,
    direction: Direction,
) -> ApiResult<web::Json<Page<User>>> {
    let (limit, after) = pagination::time_keyed(&query)?;
    let target = visible_user(&state, &caller, id).await?;
    let viewer = caller.user;
    let (rows, people) = {
        let viewer = viewer.clone();
        state
            .read(move |conn| {
                let rows = follows::list(conn, &target.id, direction, after, limit + 1)?;
                Ok((rows, People::load(conn, &viewer)?))
            })
            .await?
    };
    Ok(web::Json(pagination::page(
        rows,
        limit,
        |(user, at)| pagination::encode_time_id(*at, &user.id),
        |(user, _)| people.can_view(user),
        |(user, _)| user.to_api(policy::users::can_see_email(&viewer, &user)),
    )))
}

/// Who follows someone
///
/// Newest first; only people the caller may see are listed.
#[utoipa::path(
    get, path = "/api/v1/users/{id}/followers", operation_id = "list_followers", tag = "people",
    params(("id" = String, Path, description = "User id"), PageQuery),
    responses(
        (status = 200, description = "A page of followers", body = Page<User>),
        (status = 404, description = "No such person, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn followers(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<Page<User>>> {
    follow_list(
        state,
        caller,
        path.into_inner(),
        query.into_inner(),
        Direction::Followers,
    )
    .await
}

/// Whom someone follows
///
/// Newest first; only people the caller may see are listed.
#[utoipa::path(
    get, path = "/api/v1/users/{id}/following", operation_id = "list_following", tag = "people",
    params(("id" = String, Path, description = "User id"), PageQuery),
    responses(
        (status = 200, description = "A page of followed people", body = Page<User>),
        (status = 404, description = "No such person, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn following(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<Page<User>>> {
    follow_list(
        state,
        caller,
        path.into_inner(),
        query.into_inner(),
        Direction::Following,
    )
    .await
}

/// The departments
///
/// The departments people have put on their profiles, by name, without counts: for the
/// hint that a community built around a theme does better than one mirroring a department.
/// Employees only.
#[utoipa::path(
    get, path = "/api/v1/departments", operation_id = "list_departments", tag = "people",
    responses(
        (status = 200, description = "The departments", body = DepartmentList),
        (status = 403, description = "Guests do not see the organisation (`employees_only`)", body = ErrorBody),
    )
)]
pub async fn departments(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<DepartmentList>> {
    policy::users::require_employee(&caller.user)?;
    let items = state.read(|conn| Ok(users::departments(conn)?)).await?;
    Ok(web::Json(DepartmentList { items }))
}
