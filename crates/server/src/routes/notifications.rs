//! `/notifications`: what concerns me, newest first.

use std::collections::HashMap;

use actix_web::{web, HttpResponse};
use hearth_common::error::ErrorBody;
use hearth_common::notifications::{
    count_lines, line_key, MarkReadRequest, Notification, NotificationKind, UnreadCount,
};
use hearth_common::page::{Page, PageQuery};
use hearth_db::communities::{self, CommunityRow};
use hearth_db::notifications::NotificationRow;
use hearth_db::users::UserRow;
use hearth_db::{notifications, posts};

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::pagination;
use crate::policy;
use crate::policy::posts::Reader;
use crate::present;
use crate::state::AppState;

/// Unread notifications counted at most; a badge shows "999+" long before.
const UNREAD_COUNTED: i64 = 1000;

/// What decides whether a notification is shown, for one page of them: the list and the
/// unread count apply the same rule, so the count is what the list would show. A
/// notification is left out when its actor is someone the reader may not see (a guest's
/// colleague outside their communities), or its post is gone or no longer visible to them.
struct Shown {
    reader: Reader,
    posts: HashMap<String, posts::PostRow>,
    groups: HashMap<String, CommunityRow>,
}

impl Shown {
    fn load(
        conn: &mut hearth_db::DbConnection,
        viewer: UserRow,
        rows: &[(NotificationRow, UserRow)],
    ) -> ApiResult<Shown> {
        let reader = Reader::load(conn, viewer)?;
        let post_ids: Vec<String> = rows.iter().filter_map(|(n, _)| n.post_id.clone()).collect();
        let posts = posts::with_authors(conn, &post_ids)?
            .into_iter()
            .map(|(p, _)| (p.id.clone(), p))
            .collect();
        let group_ids: Vec<String> = rows
            .iter()
            .filter_map(|(n, _)| n.group_id.clone())
            .collect();
        let groups = communities::summaries(conn, &group_ids)?
            .into_iter()
            .map(|g| (g.id.clone(), g))
            .collect();
        Ok(Shown {
            reader,
            posts,
            groups,
        })
    }

    fn keeps(&self, n: &NotificationRow, actor: &UserRow) -> bool {
        self.reader.people().can_view(actor)
            && n.post_id.as_ref().is_none_or(|id| {
                self.posts
                    .get(id)
                    .is_some_and(|p| policy::posts::can_see(&self.reader, p))
            })
    }

    fn present(&self, n: &NotificationRow, actor: &UserRow) -> Notification {
        let post = n.post_id.as_ref().and_then(|id| self.posts.get(id));
        let group = n.group_id.as_ref().and_then(|id| self.groups.get(id));
        present::notification(n, actor, post, group)
    }
}

/// My notifications
///
/// Newest first. Notifications about posts that are gone or no longer visible are left out.
#[utoipa::path(
    get, path = "/api/v1/notifications", operation_id = "list_notifications", tag = "notifications",
    params(PageQuery),
    responses((status = 200, description = "A page of notifications", body = Page<Notification>))
)]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<Page<Notification>>> {
    let (limit, after) = pagination::time_keyed(&query)?;
    let viewer = caller.user;
    let page = state
        .read(move |conn| {
            let rows = notifications::list(conn, &viewer.id, after, limit + 1)?;
            let shown = Shown::load(conn, viewer, &rows)?;
            Ok(pagination::page(
                rows,
                limit,
                |(n, _)| pagination::encode_time_id(n.created_at, &n.id),
                |(n, actor)| shown.keeps(n, actor),
                |(n, actor)| shown.present(&n, &actor),
            ))
        })
        .await?;
    Ok(web::Json(page))
}

/// How many notifications I have not read
///
/// Counted as the list shows them: twelve reactions to one post are one line.
#[utoipa::path(
    get, path = "/api/v1/notifications/unread_count", operation_id = "unread_notifications", tag = "notifications",
    responses((status = 200, description = "The count", body = UnreadCount))
)]
pub async fn unread_count(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<UnreadCount>> {
    let viewer = caller.user;
    let count = state
        .read(move |conn| {
            let rows = notifications::unread(conn, &viewer.id, UNREAD_COUNTED)?;
            let shown = Shown::load(conn, viewer, &rows)?;
            let kept = rows.iter().filter(|(n, actor)| shown.keeps(n, actor));
            Ok(count_lines(kept.map(|(n, _)| {
                NotificationKind::parse(&n.kind)
                    .and_then(|k| line_key(k, n.post_id.as_deref(), n.group_id.as_deref()))
            })))
        })
        .await?;
    Ok(web::Json(UnreadCount {
        count: u64::try_from(count).unwrap_or(0),
    }))
}

const MARK_IDS_MAX: usize = 100;

/// Mark notifications read
///
/// Up to and including `up_to` (and everything older), exactly those in `ids` (one
/// notification, or a group of them, opened), or all of them.
#[utoipa::path(
    post, path = "/api/v1/notifications/read", operation_id = "mark_notifications_read", tag = "notifications",
    request_body = MarkReadRequest,
    responses(
        (status = 204, description = "Marked"),
        (status = 404, description = "`up_to` is not one of my notifications", body = ErrorBody),
        (status = 422, description = "`up_to` together with `ids`, or more than 100 `ids` (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn mark_read(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<MarkReadRequest>,
) -> ApiResult<HttpResponse> {
    let MarkReadRequest { up_to, ids } = body.into_inner();
    if ids.len() > MARK_IDS_MAX {
        return Err(ApiError::invalid_field(
            "ids",
            format!("at most {MARK_IDS_MAX} at a time"),
        ));
    }
    if up_to.is_some() && !ids.is_empty() {
        return Err(ApiError::invalid_field("ids", "give either ids or up_to"));
    }
    let user_id = caller.user.id;
    state
        .write(move |conn| {
            if !ids.is_empty() {
                return Ok(notifications::mark_these_read(conn, &user_id, &ids)?);
            }
            let key = match up_to {
                Some(id) => {
                    let n = notifications::find(conn, &user_id, &id)?.ok_or(ApiError::NotFound)?;
                    Some((n.created_at, n.id))
                }
                None => None,
            };
            Ok(notifications::mark_read(conn, &user_id, key)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
