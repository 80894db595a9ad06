//! `/groups`: communities, membership, join requests, invitations and guest invites.

use actix_web::{web, HttpResponse};
use hearth_common::error::ErrorBody;
use hearth_common::error::ErrorCode;
use hearth_common::groups::{
    CreateGroupRequest, Group, GroupQuery, GuestInvite, GuestInviteRequest, InviteRequest, Member,
    Membership, MembershipStatus, UpdateGroupRequest, UpdateMemberRequest,
};
use hearth_common::media::{MediaVariant, SetImageRequest};
use hearth_common::page::{Page, PageQuery};
use hearth_common::validation::{self, Email, FieldErrors};
use hearth_db::communities::{self, CommunityRow, Fields, MemberRow};
use hearth_db::time::to_datetime;
use hearth_db::users::UserRow;
use hearth_db::{events, media, new_id, time, DbConnection};

use crate::auth::tokens::{new_guest_invite_code, token_hash};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::media::attachments::replace_picture;
use crate::membership::{self, Community, Joined};
use crate::pagination;
use crate::policy::groups as policy;
use crate::present;
use crate::state::AppState;

/// How long a guest invite code works.
const GUEST_INVITE_DAYS: i64 = 7;
const QUERY_MAX: usize = 100;

fn to_json(community: &CommunityRow, membership: Option<&MemberRow>, cap: i64) -> Group {
    Group {
        id: community.id.clone(),
        name: community.name.clone(),
        description: community.description.clone(),
        privacy: community.privacy(),
        topics: community.topics(),
        member_count: u64::try_from(community.member_count).unwrap_or(0),
        member_cap: u64::try_from(cap).unwrap_or(0),
        my_membership: membership.map(|m| Membership {
            role: m.role(),
            status: m.status(),
        }),
        created_at: to_datetime(community.created_at),
        archived_at: community.archived_at.map(to_datetime),
        cover_url: community.cover_url.clone(),
        link_previews: community.link_previews,
    }
}

fn reload(conn: &mut DbConnection, id: &str, user: &UserRow) -> ApiResult<Group> {
    let loaded = Community::load(conn, id, user)?;
    let cap = membership::member_cap(conn)?;
    Ok(to_json(&loaded.row, loaded.membership.as_ref(), cap))
}

struct Checked {
    name: String,
    description: String,
    topics: Vec<String>,
}

fn check_fields(name: &str, description: &str, topics: &[String]) -> ApiResult<Checked> {
    let mut errors = FieldErrors::new();
    let name = errors.check("name", validation::group_name(name));
    let description = errors.check("description", validation::group_description(description));
    let topics = errors.check("topics", validation::group_topics(topics));
    errors.clone().finish()?;
    match (name, description, topics) {
        (Some(name), Some(description), Some(topics)) => Ok(Checked {
            name,
            description,
            topics,
        }),
        _ => Err(errors.into()),
    }
}

/// Communities
///
/// By name. Secret communities appear only to their members (and to people invited); a
/// guest sees only their own. `mine=true` keeps those I am a member of.
#[utoipa::path(
    get, path = "/api/v1/groups", operation_id = "list_groups", tag = "communities",
    params(GroupQuery),
    responses((status = 200, description = "A page of communities", body = Page<Group>))
)]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<GroupQuery>,
) -> ApiResult<web::Json<Page<Group>>> {
    let GroupQuery {
        q,
        mine,
        archived,
        limit,
        cursor,
    } = query.into_inner();
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
    let after = listing_after(cursor.as_deref())?;
    let viewer = caller.user;
    let page = state
        .read(move |conn| {
            let listing = communities::Listing {
                viewer: &viewer.id,
                employee: viewer.role().is_employee(),
                mine: mine.unwrap_or(false),
                archived: archived.unwrap_or(false),
                query: q.as_deref(),
                after,
                limit: limit + 1,
            };
            listing_page(conn, listing, limit)
        })
        .await?;
    Ok(web::Json(page))
}

/// The (name, id) after which a listing of communities goes on, from its cursor.
pub fn listing_after(cursor: Option<&str>) -> ApiResult<Option<(String, String)>> {
    let Some(key) = cursor.map(pagination::decode).transpose()? else {
        return Ok(None);
    };
    let (name, id) = key.split_once('\n').ok_or_else(|| {
        ApiError::bad_request(
            ErrorCode::InvalidCursor,
            "the cursor is not one this server gave out",
        )
    })?;
    Ok(Some((name.to_owned(), id.to_owned())))
}

/// One page of communities as the listing's viewer may see them (`limit + 1` asked of the
/// listing): for `/groups` and `/search?type=communities`.
pub fn listing_page(
    conn: &mut DbConnection,
    listing: communities::Listing<'_>,
    limit: i64,
) -> ApiResult<Page<Group>> {
    let rows = communities::list(conn, listing)?;
    let cap = membership::member_cap(conn)?;
    Ok(pagination::page(
        rows,
        limit,
        |(c, _)| pagination::encode(&format!("{}\n{}", c.name, c.id)),
        |_| true,
        |(c, m)| to_json(&c, m.as_ref(), cap),
    ))
}

/// Create a community
///
/// The creator becomes its owner. Employees only.
#[utoipa::path(
    post, path = "/api/v1/groups", operation_id = "create_group", tag = "communities",
    request_body = CreateGroupRequest,
    responses(
        (status = 201, description = "Created", body = Group),
        (status = 403, description = "Guests cannot create communities (`employees_only`)", body = ErrorBody),
        (status = 422, description = "Invalid fields (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateGroupRequest>,
) -> ApiResult<HttpResponse> {
    policy::can_create(&caller.user)?;
    let request = body.into_inner();
    let checked = check_fields(
        &request.name,
        &request.description,
        request.topics.as_deref().unwrap_or_default(),
    )?;
    let owner = caller.user;
    let now = state.now();
    let group = state
        .write(move |conn| {
            let id = new_id();
            let fields = Fields {
                name: &checked.name,
                description: &checked.description,
                privacy: request.privacy,
                topics: &checked.topics,
            };
            communities::insert(conn, &id, fields, &owner.id, now)?;
            reload(conn, &id, &owner)
        })
        .await?;
    Ok(HttpResponse::Created().json(group))
}

/// A community
#[utoipa::path(
    get, path = "/api/v1/groups/{id}", operation_id = "get_group", tag = "communities",
    params(("id" = String, Path, description = "Community id")),
    responses(
        (status = 200, description = "The community, with my membership", body = Group),
        (status = 404, description = "No such community, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<Group>> {
    let id = path.into_inner();
    let viewer = caller.user;
    let group = state
        .read(move |conn| {
            let loaded = Community::load(conn, &id, &viewer)?;
            policy::require_visible(&loaded.standing(&viewer))?;
            reload(conn, &id, &viewer)
        })
        .await?;
    Ok(web::Json(group))
}

/// Change a community
///
/// Owners and admins. Making a community open shows its posts company-wide; closing it
/// hides them from non-members at once. `archived: true` makes it read-only (its open join
/// requests and invitations end); `archived: false` reopens it. `link_previews: false`
/// hides link preview cards on its posts.
#[utoipa::path(
    patch, path = "/api/v1/groups/{id}", operation_id = "update_group", tag = "communities",
    params(("id" = String, Path, description = "Community id")),
    request_body = UpdateGroupRequest,
    responses(
        (status = 200, description = "The community as it is now", body = Group),
        (status = 403, description = "Not an owner or admin (`owners_only`)", body = ErrorBody),
        (status = 404, description = "No such community, or not visible to the caller", body = ErrorBody),
        (status = 422, description = "Invalid fields (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: web::Json<UpdateGroupRequest>,
) -> ApiResult<web::Json<Group>> {
    let id = path.into_inner();
    let request = body.into_inner();
    let viewer = caller.user;
    let now = state.now();
    let group = state
        .write(move |conn| {
            let loaded = Community::lock(conn, &id, &viewer)?;
            policy::require_manager(&loaded.standing(&viewer))?;
            let c = &loaded.row;
            if request.privacy.is_some_and(|p| p != c.privacy()) {
                // Stream replays must not show its past posts to those who can no longer see
                // them.
                events::forget_group(conn, &id)?;
            }
            let checked = check_fields(
                request.name.as_deref().unwrap_or(&c.name),
                request.description.as_deref().unwrap_or(&c.description),
                &request.topics.clone().unwrap_or_else(|| c.topics()),
            )?;
            let fields = Fields {
                name: &checked.name,
                description: &checked.description,
                privacy: request.privacy.unwrap_or(c.privacy()),
                topics: &checked.topics,
            };
            communities::update(conn, &id, fields, now)?;
            match request.archived {
                Some(true) if !c.is_archived() => {
                    communities::set_archived(conn, &id, Some(now), now)?;
                    // Nobody can be let in any more: open requests and invitations end.
                    communities::drop_open_requests(conn, &id)?;
                }
                Some(false) if c.is_archived() => communities::set_archived(conn, &id, None, now)?,
                _ => {}
            }
            if let Some(on) = request.link_previews.filter(|on| *on != c.link_previews) {
                communities::set_link_previews(conn, &id, on, now)?;
            }
            reload(conn, &id, &viewer)
        })
        .await?;
    Ok(web::Json(group))
}

/// Set a community's cover
///
/// Owners and admins. `media_id` is a processed image the caller uploaded and has not used
/// elsewhere; `null` removes the cover. Seen by whoever may see the community.
#[utoipa::path(
    put, path = "/api/v1/groups/{id}/cover", operation_id = "set_group_cover", tag = "communities",
    params(("id" = String, Path, description = "Community id")),
    request_body = SetImageRequest,
    responses(
        (status = 200, description = "The community, with its new `cover_url`", body = Group),
        (status = 403, description = "Not an owner or admin (`owners_only`)", body = ErrorBody),
        (status = 404, description = "No such community, or not visible to the caller", body = ErrorBody),
        (status = 422, description = "Not a ready image of the caller's own, or already used (`media_not_usable`)", body = ErrorBody),
    )
)]
pub async fn set_cover(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: web::Json<SetImageRequest>,
) -> ApiResult<web::Json<Group>> {
    let id = path.into_inner();
    let media_id = body.into_inner().media_id;
    let viewer = caller.user;
    let now = state.now();
    let group = state
        .write(move |conn| {
            let loaded = Community::lock(conn, &id, &viewer)?;
            policy::require_manager(&loaded.standing(&viewer))?;
            let image = media_id.as_deref();
            let url = replace_picture(
                conn,
                image,
                &viewer.id,
                (media::FOR_COVER, MediaVariant::Thumb),
                &id,
                now,
            )?;
            communities::set_cover(conn, &id, url.as_deref(), now)?;
            reload(conn, &id, &viewer)
        })
        .await?;
    Ok(web::Json(group))
}

/// Delete a community
///
/// Owners and admins. Its posts go with it.
#[utoipa::path(
    delete, path = "/api/v1/groups/{id}", operation_id = "delete_group", tag = "communities",
    params(("id" = String, Path, description = "Community id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not an owner or admin (`owners_only`)", body = ErrorBody),
        (status = 404, description = "No such community, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let viewer = caller.user;
    let now = state.now();
    state
        .write_announcing(move |conn, outbox| {
            let loaded = Community::lock(conn, &id, &viewer)?;
            policy::require_manager(&loaded.standing(&viewer))?;
            let members = membership::active_members(conn, &id)?;
            communities::delete(conn, &id, now)?;
            outbox.access_changed(members.into_iter().map(|u| u.id));
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Join a community
///
/// Open: a member at once (200). Closed: a request for the owners and moderators to
/// approve (202). Secret: only with an invitation (404 otherwise). Past the member cap:
/// 409 `group_full`.
#[utoipa::path(
    post, path = "/api/v1/groups/{id}/join", operation_id = "join_group", tag = "communities",
    params(("id" = String, Path, description = "Community id")),
    responses(
        (status = 200, description = "A member now", body = Group),
        (status = 202, description = "Request sent; membership `pending`", body = Group),
        (status = 404, description = "No such community, or not visible to the caller", body = ErrorBody),
        (status = 409, description = "Already a member (`already_member`) or full (`group_full`)", body = ErrorBody),
    )
)]
pub async fn join(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let viewer = caller.user;
    let now = state.now();
    let (group, joined) = state
        .write_announcing(move |conn, outbox| {
            let joined = membership::join(conn, outbox, &id, &viewer, now)?;
            Ok((reload(conn, &id, &viewer)?, joined))
        })
        .await?;
    let mut response = if joined == Joined::Member {
        HttpResponse::Ok()
    } else {
        HttpResponse::Accepted()
    };
    Ok(response.json(group))
}

/// Leave a community
///
/// Also withdraws a pending request or declines an invitation. The last owner cannot leave
/// (409 `last_owner`): make someone else owner first.
#[utoipa::path(
    post, path = "/api/v1/groups/{id}/leave", operation_id = "leave_group", tag = "communities",
    params(("id" = String, Path, description = "Community id")),
    responses(
        (status = 204, description = "Left"),
        (status = 404, description = "No such community, or not visible to the caller", body = ErrorBody),
        (status = 409, description = "Not a member (`not_member`), or the last owner (`last_owner`)", body = ErrorBody),
    )
)]
pub async fn leave(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let viewer = caller.user;
    let now = state.now();
    state
        .write_announcing(move |conn, outbox| membership::leave(conn, outbox, &id, &viewer, now))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

fn member_page(rows: Vec<(MemberRow, UserRow)>, limit: i64) -> Page<Member> {
    pagination::page(
        rows,
        limit,
        |(m, u)| pagination::encode_time_id(m.created_at, &u.id),
        |_| true,
        |(m, u)| Member {
            user: present::user_summary(&u),
            role: m.role(),
            status: m.status(),
            since: to_datetime(m.created_at),
        },
    )
}

/// A community's members
///
/// In the order they joined. Open communities' members are listed to every employee; closed
/// and secret ones' to members only.
#[utoipa::path(
    get, path = "/api/v1/groups/{id}/members", operation_id = "list_members", tag = "communities",
    params(("id" = String, Path, description = "Community id"), PageQuery),
    responses(
        (status = 200, description = "A page of members", body = Page<Member>),
        (status = 403, description = "Members only (`members_only`)", body = ErrorBody),
        (status = 404, description = "No such community, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn members(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<Page<Member>>> {
    list_members(
        state,
        caller,
        path.into_inner(),
        query.into_inner(),
        MembershipStatus::Active,
    )
    .await
}

/// Pending join requests
///
/// Owners and moderators.
#[utoipa::path(
    get, path = "/api/v1/groups/{id}/requests", operation_id = "list_join_requests", tag = "communities",
    params(("id" = String, Path, description = "Community id"), PageQuery),
    responses(
        (status = 200, description = "A page of people waiting", body = Page<Member>),
        (status = 403, description = "Owners and moderators only (`moderators_only`)", body = ErrorBody),
        (status = 404, description = "No such community, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn requests(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<Page<Member>>> {
    list_members(
        state,
        caller,
        path.into_inner(),
        query.into_inner(),
        MembershipStatus::Pending,
    )
    .await
}

async fn list_members(
    state: web::Data<AppState>,
    caller: Caller,
    id: String,
    query: PageQuery,
    status: MembershipStatus,
) -> ApiResult<web::Json<Page<Member>>> {
    let (limit, after) = pagination::time_keyed(&query)?;
    let viewer = caller.user;
    let rows = state
        .read(move |conn| {
            let loaded = Community::load(conn, &id, &viewer)?;
            let standing = loaded.standing(&viewer);
            match status {
                MembershipStatus::Active => policy::require_reader(&standing)?,
                _ => policy::require_moderator(&standing)?,
            }
            Ok(communities::members(conn, &id, status, after, limit + 1)?)
        })
        .await?;
    Ok(web::Json(member_page(rows, limit)))
}

/// Approve a join request
///
/// Owners and moderators. Past the member cap: 409 `group_full`.
#[utoipa::path(
    post, path = "/api/v1/groups/{id}/requests/{user_id}/approve", operation_id = "approve_join_request", tag = "communities",
    params(("id" = String, Path, description = "Community id"), ("user_id" = String, Path, description = "Who asked")),
    responses(
        (status = 204, description = "A member now"),
        (status = 403, description = "Owners and moderators only (`moderators_only`)", body = ErrorBody),
        (status = 404, description = "No such community or request", body = ErrorBody),
        (status = 409, description = "Full (`group_full`)", body = ErrorBody),
    )
)]
pub async fn approve(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    decide(state, caller, path.into_inner(), true).await
}

/// Deny a join request
#[utoipa::path(
    post, path = "/api/v1/groups/{id}/requests/{user_id}/deny", operation_id = "deny_join_request", tag = "communities",
    params(("id" = String, Path, description = "Community id"), ("user_id" = String, Path, description = "Who asked")),
    responses(
        (status = 204, description = "Denied"),
        (status = 403, description = "Owners and moderators only (`moderators_only`)", body = ErrorBody),
        (status = 404, description = "No such community or request", body = ErrorBody),
    )
)]
pub async fn deny(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    decide(state, caller, path.into_inner(), false).await
}

async fn decide(
    state: web::Data<AppState>,
    caller: Caller,
    (id, user_id): (String, String),
    approve: bool,
) -> ApiResult<HttpResponse> {
    let viewer = caller.user;
    let now = state.now();
    state
        .write_announcing(move |conn, outbox| {
            membership::decide(conn, outbox, &id, &viewer, &user_id, approve, now)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Invite an employee
///
/// Owners and moderators. The person is notified and joins with `POST /groups/{id}/join`;
/// secret communities are joined this way. Guests are invited with a guest invite instead.
#[utoipa::path(
    post, path = "/api/v1/groups/{id}/invites", operation_id = "invite_to_group", tag = "communities",
    params(("id" = String, Path, description = "Community id")),
    request_body = InviteRequest,
    responses(
        (status = 204, description = "Invited"),
        (status = 403, description = "Owners and moderators only (`moderators_only`)", body = ErrorBody),
        (status = 404, description = "No such community, or no such person", body = ErrorBody),
        (status = 409, description = "Already a member (`already_member`)", body = ErrorBody),
        (status = 422, description = "Guests are invited with a guest invite (`guest_invite_needed`)", body = ErrorBody),
    )
)]
pub async fn invite(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: web::Json<InviteRequest>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let invitee_id = body.into_inner().user_id;
    let viewer = caller.user;
    let now = state.now();
    state
        .write_announcing(move |conn, outbox| {
            membership::invite(conn, outbox, &id, &viewer, &invitee_id, now)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Change a member's role
///
/// Owners. Guests can only be members; the last owner cannot be demoted.
#[utoipa::path(
    patch, path = "/api/v1/groups/{id}/members/{user_id}", operation_id = "update_member", tag = "communities",
    params(("id" = String, Path, description = "Community id"), ("user_id" = String, Path, description = "Member")),
    request_body = UpdateMemberRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 403, description = "Owners only (`owners_only`)", body = ErrorBody),
        (status = 404, description = "No such community or member", body = ErrorBody),
        (status = 409, description = "The last owner (`last_owner`)", body = ErrorBody),
        (status = 422, description = "A guest can only be a member (`guest_cannot_moderate`)", body = ErrorBody),
    )
)]
pub async fn update_member(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    body: web::Json<UpdateMemberRequest>,
) -> ApiResult<HttpResponse> {
    let (id, user_id) = path.into_inner();
    let role = body.into_inner().role;
    let viewer = caller.user;
    state
        .write(move |conn| membership::set_role(conn, &id, &viewer, &user_id, role))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove a member
///
/// Owners. Removal takes effect at once: the person no longer sees a closed or secret
/// community's posts.
#[utoipa::path(
    delete, path = "/api/v1/groups/{id}/members/{user_id}", operation_id = "remove_member", tag = "communities",
    params(("id" = String, Path, description = "Community id"), ("user_id" = String, Path, description = "Member")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Owners only (`owners_only`)", body = ErrorBody),
        (status = 404, description = "No such community or member", body = ErrorBody),
        (status = 409, description = "The last owner (`last_owner`)", body = ErrorBody),
    )
)]
pub async fn remove_member(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (id, user_id) = path.into_inner();
    let viewer = caller.user;
    let now = state.now();
    state
        .write_announcing(move |conn, outbox| {
            membership::remove(conn, outbox, &id, &viewer, &user_id, now)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Invite a guest
///
/// Owners and moderators. Gives a code, valid for 7 days and once, with which the person
/// registers as a guest who is a member of this community (and sees nothing else).
#[utoipa::path(
    post, path = "/api/v1/groups/{id}/guest-invites", operation_id = "create_guest_invite", tag = "communities",
    params(("id" = String, Path, description = "Community id")),
    request_body = GuestInviteRequest,
    responses(
        (status = 201, description = "The code to give the guest", body = GuestInvite),
        (status = 403, description = "Owners and moderators only (`moderators_only`)", body = ErrorBody),
        (status = 404, description = "No such community, or not visible to the caller", body = ErrorBody),
        (status = 422, description = "Invalid e-mail address (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn guest_invite(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: web::Json<GuestInviteRequest>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let email = Email::parse(&body.email).map_err(|m| ApiError::invalid_field("email", m))?;
    let viewer = caller.user;
    let code = new_guest_invite_code();
    let hash = token_hash(&code);
    let expires_at = state
        .write(move |conn| {
            let loaded = Community::load(conn, &id, &viewer)?;
            policy::require_moderator(&loaded.standing(&viewer))?;
            policy::require_not_archived(&loaded.row)?;
            let now = time::now_micros();
            let expires_at = now + GUEST_INVITE_DAYS * 86_400_000_000;
            communities::add_guest_invite(
                conn,
                &hash,
                &id,
                email.as_str(),
                &viewer.id,
                now,
                expires_at,
            )?;
            Ok(expires_at)
        })
        .await?;
    Ok(HttpResponse::Created().json(GuestInvite {
        invite_code: code,
        expires_at: to_datetime(expires_at),
    }))
}
