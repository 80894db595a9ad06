//! Pinned posts (`/posts/{id}/pin`, `/feed/pinned`, `/groups/{id}/pinned`) and must-read
//! announcements (`/posts/{id}/must-read`, `/posts/{id}/acknowledge`).

use actix_web::{web, HttpResponse};
use hearth_common::announcements::{
    Acknowledgement, MarkMustReadRequest, MustRead, MustReadAcknowledged, MustReadProgress, Pinned,
    PinnedPost, DEADLINE_DAYS, MANUAL_REMINDER_HOURS,
};
use hearth_common::error::ErrorBody;
use hearth_common::error::ErrorCode;
use hearth_common::events::EventBody;
use hearth_common::notifications::NotificationKind;
use hearth_db::announcements::{self, MustReadRow};
use hearth_db::health::{DepartmentCounts, DAY};
use hearth_db::posts::PostRow;
use hearth_db::time::to_datetime;
use hearth_db::users::{self, UserRow};
use hearth_db::DbConnection;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::insights::anonymity;
use crate::membership::{self, Community};
use crate::notify::{self, About};
use crate::policy::announcements as policy;
use crate::policy::groups as group_policy;
use crate::policy::posts::Reader;
use crate::present;
use crate::routes::posts::{assemble, visible_post};
use crate::state::AppState;
use crate::stream::Audience;

const HOUR: i64 = 3_600_000_000;

/// The post, if the caller may see it (404 otherwise), with the caller as a reader.
fn load(conn: &mut DbConnection, user: UserRow, id: &str) -> ApiResult<(Reader, PostRow)> {
    let reader = Reader::load(conn, user)?;
    let post = visible_post(conn, &reader, id)?.post;
    Ok((reader, post))
}

fn must_read_of(conn: &mut DbConnection, id: &str) -> ApiResult<MustReadRow> {
    announcements::find(conn, id)?.ok_or(ApiError::NotFound)
}

/// Pin a post
///
/// At the top of its community's feed, or of everyone's home feed for a company-wide post.
/// Company-wide posts: admins and community managers; a community's: its owners and
/// moderators.
#[utoipa::path(
    put, path = "/api/v1/posts/{id}/pin", operation_id = "pin_post", tag = "posts",
    params(("id" = String, Path, description = "Post id")),
    responses(
        (status = 204, description = "Pinned (or already was)"),
        (status = 403, description = "Not someone who pins here (`not_allowed`)", body = ErrorBody),
        (status = 404, description = "No such post, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn pin(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let now = state.now();
    state
        .write(move |conn| {
            let (reader, post) = load(conn, caller.user, &id)?;
            policy::can_pin(&reader, &post)?;
            let scope = announcements::scope_of(post.group_id.as_deref());
            announcements::pin(conn, scope, &post.id, &reader.user.id, now)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Unpin a post
#[utoipa::path(
    delete, path = "/api/v1/posts/{id}/pin", operation_id = "unpin_post", tag = "posts",
    params(("id" = String, Path, description = "Post id")),
    responses(
        (status = 204, description = "Not pinned (any more)"),
        (status = 403, description = "Not someone who pins here (`not_allowed`)", body = ErrorBody),
        (status = 404, description = "No such post, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn unpin(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    state
        .write(move |conn| {
            let (reader, post) = load(conn, caller.user, &id)?;
            policy::can_pin(&reader, &post)?;
            announcements::unpin(conn, announcements::scope_of(post.group_id.as_deref()), &id)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Make a post a must-read
///
/// Everyone who may read it now — every employee for a company-wide post, the members of
/// its community otherwise — is asked to acknowledge it within `deadline_days` (1–7); that
/// audience stays fixed. It is pinned at the top of their home feed until they do, and they
/// are reminded after 24 and 72 hours. Company-wide: admins and community managers; in a
/// community: its owners.
#[utoipa::path(
    put, path = "/api/v1/posts/{id}/must-read", operation_id = "mark_must_read", tag = "posts",
    params(("id" = String, Path, description = "Post id")),
    request_body = MarkMustReadRequest,
    responses(
        (status = 201, description = "Now a must-read", body = MustRead),
        (status = 403, description = "Not someone who may (`not_allowed`)", body = ErrorBody),
        (status = 404, description = "No such post, or not visible to the caller", body = ErrorBody),
        (status = 409, description = "Already a must-read (`already_must_read`)", body = ErrorBody),
        (status = 422, description = "Deadline not 1 to 7 days (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn mark(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: web::Json<MarkMustReadRequest>,
) -> ApiResult<HttpResponse> {
    let days = body.deadline_days;
    if !DEADLINE_DAYS.contains(&days) {
        return Err(ApiError::invalid_field(
            "deadline_days",
            "must be from 1 to 7 days",
        ));
    }
    let id = path.into_inner();
    let now = state.now();
    let status = state
        .write_announcing(move |conn, outbox| {
            let (reader, post) = load(conn, caller.user, &id)?;
            policy::can_mark_must_read(&reader, &post)?;
            let audience = match post.group_id.as_deref() {
                None => users::active_employees(conn)?,
                Some(group) => membership::active_members(conn, group)?,
            };
            let ids: Vec<String> = audience.iter().map(|u| u.id.clone()).collect();
            let deadline = now + i64::from(days) * DAY;
            if !announcements::mark(conn, &post.id, &reader.user.id, deadline, &ids, now)? {
                return Err(ApiError::conflict(
                    ErrorCode::AlreadyMustRead,
                    "this post is already a must-read",
                ));
            }
            let about = About::new(NotificationKind::MustRead, &reader.user, now).post(&post);
            notify::tell_audience(conn, outbox, &audience, &about)?;
            status(conn, &reader, &post)
        })
        .await?;
    Ok(HttpResponse::Created().json(status))
}

/// Withdraw a must-read
///
/// The post stays; nobody is asked to acknowledge it any more.
#[utoipa::path(
    delete, path = "/api/v1/posts/{id}/must-read", operation_id = "withdraw_must_read", tag = "posts",
    params(("id" = String, Path, description = "Post id")),
    responses(
        (status = 204, description = "Not a must-read (any more)"),
        (status = 403, description = "Not someone who may (`not_allowed`)", body = ErrorBody),
        (status = 404, description = "No such post, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn withdraw(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    state
        .write(move |conn| {
            let (reader, post) = load(conn, caller.user, &id)?;
            policy::can_mark_must_read(&reader, &post)?;
            announcements::withdraw(conn, &post.id)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A must-read's state
///
/// For everyone who may see the post: the deadline and whether they were asked and
/// acknowledged. For those who follow it up (its author, whoever made it a must-read,
/// community managers, admins, the community's owners and moderators) also how many
/// acknowledged, overall and by department (groups of at least 5).
#[utoipa::path(
    get, path = "/api/v1/posts/{id}/must-read", operation_id = "get_must_read", tag = "posts",
    params(("id" = String, Path, description = "Post id")),
    responses(
        (status = 200, description = "The must-read", body = MustRead),
        (status = 404, description = "No such post, not visible, or not a must-read", body = ErrorBody),
    )
)]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<MustRead>> {
    let id = path.into_inner();
    let status = state
        .read(move |conn| {
            let (reader, post) = load(conn, caller.user, &id)?;
            status(conn, &reader, &post)
        })
        .await?;
    Ok(web::Json(status))
}

fn status(conn: &mut DbConnection, reader: &Reader, post: &PostRow) -> ApiResult<MustRead> {
    let must_read = must_read_of(conn, &post.id)?;
    let asked = announcements::asked(conn, &post.id, &reader.user.id)?;
    let progress = if policy::follows_up(reader, post, &must_read) {
        let audience = announcements::audience(conn, &post.id)?;
        let mut departments: Vec<DepartmentCounts> = Vec::new();
        for (person, acknowledged) in &audience {
            match departments
                .iter_mut()
                .find(|d| d.department == person.department)
            {
                Some(d) => {
                    d.members += 1;
                    d.engaged += u32::from(acknowledged.is_some());
                }
                None => departments.push(DepartmentCounts {
                    department: person.department.clone(),
                    members: 1,
                    engaged: u32::from(acknowledged.is_some()),
                }),
            }
        }
        departments.sort_by(|a, b| a.department.cmp(&b.department));
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Some(MustReadProgress {
            acknowledged: count(audience.iter().filter(|(_, at)| at.is_some()).count()),
            total: count(audience.len()),
            departments: anonymity::departments(&departments),
            names_visible: policy::sees_names(reader, post, &must_read),
        })
    } else {
        None
    };
    let marked_by = users::get(conn, &must_read.marked_by)?;
    Ok(MustRead {
        post_id: post.id.clone(),
        marked_by: present::user_summary(&marked_by),
        marked_at: to_datetime(must_read.marked_at),
        deadline: to_datetime(must_read.deadline),
        asked_me: asked.is_some(),
        acknowledged_at: asked.flatten().map(to_datetime),
        progress,
    })
}

/// "I have read this"
///
/// Acknowledges a must-read the caller was asked to read; the first acknowledgement counts,
/// again changes nothing.
#[utoipa::path(
    post, path = "/api/v1/posts/{id}/acknowledge", operation_id = "acknowledge_must_read", tag = "posts",
    params(("id" = String, Path, description = "Post id")),
    responses(
        (status = 204, description = "Acknowledged"),
        (status = 404, description = "No such post, not visible, or not a must-read", body = ErrorBody),
        (status = 409, description = "The caller was not asked (they joined after it was published) (`not_asked`)", body = ErrorBody),
    )
)]
pub async fn acknowledge(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let now = state.now();
    state
        .write_announcing(move |conn, outbox| {
            let (reader, post) = load(conn, caller.user, &id)?;
            let must_read = must_read_of(conn, &post.id)?;
            if announcements::asked(conn, &post.id, &reader.user.id)?.is_none() {
                return Err(ApiError::conflict(
                    ErrorCode::NotAsked,
                    "you were not asked to acknowledge this post",
                ));
            }
            if announcements::acknowledge(conn, &post.id, &reader.user.id, now)? {
                let (acknowledged, total) = announcements::counts(conn, &post.id)?;
                let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
                outbox.push(
                    &EventBody::MustReadAcknowledged(MustReadAcknowledged {
                        post_id: post.id.clone(),
                        acknowledged: count(acknowledged),
                        total: count(total),
                    }),
                    Audience::people([must_read.marked_by.clone(), post.author_id.clone()]),
                );
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remind those who have not acknowledged
///
/// A notification to everyone asked who has not acknowledged yet; at most once a day.
#[utoipa::path(
    post, path = "/api/v1/posts/{id}/must-read/reminders", operation_id = "remind_must_read", tag = "posts",
    params(("id" = String, Path, description = "Post id")),
    responses(
        (status = 204, description = "Reminded"),
        (status = 403, description = "Not someone who follows it up (`not_allowed`)", body = ErrorBody),
        (status = 404, description = "No such post, not visible, or not a must-read", body = ErrorBody),
        (status = 409, description = "Reminded less than a day ago (`reminded_recently`)", body = ErrorBody),
    )
)]
pub async fn remind(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let now = state.now();
    state
        .write_announcing(move |conn, outbox| {
            let (reader, post) = load(conn, caller.user, &id)?;
            announcements::lock(conn, &post.id)?;
            let must_read = must_read_of(conn, &post.id)?;
            policy::require_follows_up(&reader, &post, &must_read)?;
            if must_read
                .last_manual_reminder_at
                .is_some_and(|at| now - at < MANUAL_REMINDER_HOURS * HOUR)
            {
                return Err(ApiError::conflict(
                    ErrorCode::RemindedRecently,
                    "a reminder went out less than a day ago",
                ));
            }
            announcements::set_manual_reminder(conn, &post.id, now)?;
            crate::announcements::remind(conn, outbox, &post.id, &reader.user.id, now)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Who acknowledged
///
/// Everyone asked, by username, with when they acknowledged (or `null`). Only for the
/// post's author, whoever made it a must-read, and admins — the one place Hearth shows what
/// one person did, because it was asked of them explicitly. `?format=csv` gives a CSV file.
#[utoipa::path(
    get, path = "/api/v1/posts/{id}/must-read/acknowledgements", operation_id = "list_acknowledgements", tag = "posts",
    params(
        ("id" = String, Path, description = "Post id"),
        ("format" = Option<String>, Query, description = "`csv` for a CSV file"),
    ),
    responses(
        (status = 200, description = "Everyone asked", body = Vec<Acknowledgement>),
        (status = 403, description = "Not the author or an admin (`names_not_visible`)", body = ErrorBody),
        (status = 404, description = "No such post, not visible, or not a must-read", body = ErrorBody),
    )
)]
pub async fn acknowledgements(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<FormatQuery>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let csv = match query.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidQuery,
                "format must be json or csv",
            ))
        }
    };
    let rows = state
        .read(move |conn| {
            let (reader, post) = load(conn, caller.user, &id)?;
            let must_read = must_read_of(conn, &post.id)?;
            policy::require_sees_names(&reader, &post, &must_read)?;
            Ok(announcements::audience(conn, &post.id)?)
        })
        .await?;
    let items: Vec<Acknowledgement> = rows
        .iter()
        .map(|(person, at)| Acknowledgement {
            user: present::user_summary(person),
            department: person.department.clone(),
            acknowledged_at: at.map(to_datetime),
        })
        .collect();
    if !csv {
        return Ok(HttpResponse::Ok().json(items));
    }
    let mut out = String::from("username,name,department,acknowledged_at\r\n");
    for item in &items {
        let cells = [
            item.user.username.clone(),
            item.user.display_name.clone(),
            item.department.clone().unwrap_or_default(),
            item.acknowledged_at
                .map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_default(),
        ];
        let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"acknowledgements.csv\"",
        ))
        .body(out))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct FormatQuery {
    pub format: Option<String>,
}

/// A CSV cell: quoted, and never read as a formula by a spreadsheet.
fn csv_cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// Pinned posts and must-reads for my home feed
///
/// Must-reads I have not acknowledged (soonest deadline first), then company-wide pins (for
/// employees) and the pins of my communities, newest pin first.
#[utoipa::path(
    get, path = "/api/v1/feed/pinned", operation_id = "home_pinned", tag = "feeds",
    responses((status = 200, description = "What goes above the home feed", body = Pinned))
)]
pub async fn home_pinned(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Pinned>> {
    let pinned = state
        .read(move |conn| {
            let reader = Reader::load(conn, caller.user)?;
            let pending = announcements::pending_for(conn, &reader.user.id)?;
            let mut scopes = reader.group_ids();
            if reader.user.role().is_employee() {
                scopes.push(String::new());
            }
            let pins = announcements::pinned(conn, &scopes)?;
            pinned_posts(conn, &reader, pending, pins)
        })
        .await?;
    Ok(web::Json(pinned))
}

/// A community's pinned posts
#[utoipa::path(
    get, path = "/api/v1/groups/{id}/pinned", operation_id = "group_pinned", tag = "communities",
    params(("id" = String, Path, description = "Community id")),
    responses(
        (status = 200, description = "Its pinned posts, newest pin first", body = Pinned),
        (status = 403, description = "Members only (`members_only`)", body = ErrorBody),
        (status = 404, description = "No such community, or not visible", body = ErrorBody),
    )
)]
pub async fn group_pinned(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<Pinned>> {
    let id = path.into_inner();
    let pinned = state
        .read(move |conn| {
            let community = Community::load(conn, &id, &caller.user)?;
            group_policy::require_reader(&community.standing(&caller.user))?;
            let reader = Reader::load(conn, caller.user)?;
            let pins = announcements::pinned(conn, &[id])?;
            pinned_posts(conn, &reader, Vec::new(), pins)
        })
        .await?;
    Ok(web::Json(pinned))
}

/// The posts, as `reader` sees them: pending must-reads first, then pins; what the reader
/// may no longer see is left out.
fn pinned_posts(
    conn: &mut DbConnection,
    reader: &Reader,
    pending: Vec<(String, i64)>,
    pins: Vec<String>,
) -> ApiResult<Pinned> {
    let mut order: Vec<(String, Option<i64>, bool)> = pending
        .iter()
        .map(|(id, deadline)| (id.clone(), Some(*deadline), pins.contains(id)))
        .collect();
    for id in pins {
        if !order.iter().any(|(seen, _, _)| *seen == id) {
            order.push((id, None, true));
        }
    }
    let mut items = Vec::new();
    for (id, deadline, pinned) in order {
        let Ok(view) = visible_post(conn, reader, &id) else {
            continue;
        };
        let Some(post) = assemble(conn, reader, &[view])?.pop() else {
            continue;
        };
        items.push(PinnedPost {
            post,
            pinned,
            must_read_deadline: deadline.map(to_datetime),
        });
    }
    Ok(Pinned { items })
}
