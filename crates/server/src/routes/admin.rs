//! `/admin/*`: accounts and instance settings, for admins only.

use actix_web::web;
use hearth_common::admin::{InstanceSettings, UpdateSettingsRequest};
use hearth_common::error::ErrorBody;
use hearth_common::users::{AdminUpdateUserRequest, Role, User};
use hearth_db::{logins, posts, settings, time, users};

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::policy::users::require_admin;
use crate::state::AppState;

const MEMBER_CAP_MIN: u32 = 2;
const MEMBER_CAP_MAX: u32 = 100_000;

/// Change someone's role or suspend them
///
/// Suspension signs the person out everywhere at once. The last active admin cannot be
/// demoted or suspended.
#[utoipa::path(
    patch, path = "/api/v1/admin/users/{id}", operation_id = "admin_update_user", tag = "admin",
    params(("id" = String, Path, description = "User id")),
    request_body = AdminUpdateUserRequest,
    responses(
        (status = 200, description = "The account as it is now", body = User),
        (status = 403, description = "Not an admin (`admin_only`)", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 409, description = "That would leave no active admin (`last_admin`)", body = ErrorBody),
    )
)]
pub async fn update_user(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: web::Json<AdminUpdateUserRequest>,
) -> ApiResult<web::Json<User>> {
    require_admin(&caller.user)?;
    let id = path.into_inner();
    let change = body.into_inner();
    let updated = state
        .write_announcing(move |conn, outbox| {
            let target = users::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            let role = change.role.unwrap_or(target.role());
            let suspended = change.suspended.unwrap_or(target.suspended);
            let was_active_admin = target.role() == Role::Admin && !target.suspended;
            let stays_active_admin = role == Role::Admin && !suspended;
            if was_active_admin && !stays_active_admin && users::count_active_admins(conn)? <= 1 {
                return Err(ApiError::conflict(
                    "last_admin",
                    "this is the last active admin; make someone else admin first",
                ));
            }
            let now = time::now_micros();
            let updated = users::set_role_and_suspension(conn, &id, role, suspended, now)?;
            if suspended != target.suspended {
                posts::set_author_suspended(conn, &id, suspended)?;
            }
            if suspended && !target.suspended {
                logins::revoke_all_of_user(conn, &id, None, now)?;
            }
            // A role decides what the person sees (guests); a suspension ends their streams.
            outbox.access_changed([id]);
            Ok(updated)
        })
        .await?;
    Ok(web::Json(updated.to_api(true)))
}

/// Instance settings
#[utoipa::path(
    get, path = "/api/v1/admin/settings", operation_id = "get_settings", tag = "admin",
    responses(
        (status = 200, description = "The settings", body = InstanceSettings),
        (status = 403, description = "Not an admin (`admin_only`)", body = ErrorBody),
    )
)]
pub async fn get_settings(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<InstanceSettings>> {
    require_admin(&caller.user)?;
    Ok(web::Json(
        state.read(|conn| Ok(settings::get(conn)?)).await?,
    ))
}

/// Change instance settings
///
/// `registration_open: false` lets people register with an invite code only.
/// `group_member_cap` (2 to 100,000) bounds new joins; nobody is removed when it is lowered.
#[utoipa::path(
    patch, path = "/api/v1/admin/settings", operation_id = "update_settings", tag = "admin",
    request_body = UpdateSettingsRequest,
    responses(
        (status = 200, description = "The settings as they are now", body = InstanceSettings),
        (status = 403, description = "Not an admin (`admin_only`)", body = ErrorBody),
        (status = 422, description = "Invalid value (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn update_settings(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<UpdateSettingsRequest>,
) -> ApiResult<web::Json<InstanceSettings>> {
    require_admin(&caller.user)?;
    let change = body.into_inner();
    if change
        .group_member_cap
        .is_some_and(|cap| !(MEMBER_CAP_MIN..=MEMBER_CAP_MAX).contains(&cap))
    {
        return Err(ApiError::invalid_field(
            "group_member_cap",
            format!("must be from {MEMBER_CAP_MIN} to {MEMBER_CAP_MAX}"),
        ));
    }
    let updated = state
        .write(move |conn| {
            let mut current = settings::get(conn)?;
            if let Some(open) = change.registration_open {
                current.registration_open = open;
            }
            if let Some(cap) = change.group_member_cap {
                current.group_member_cap = cap;
            }
            settings::set(conn, &current)?;
            Ok(current)
        })
        .await?;
    Ok(web::Json(updated))
}
