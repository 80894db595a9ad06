//! `/admin/*`: accounts and instance settings, for admins only.

use actix_web::web;
use hearth_common::admin::{
    AuditAction, AuditEntry, InstanceSettings, PublicInstance, RegistrationMode,
    UpdateSettingsRequest,
};
use hearth_common::error::ErrorBody;
use hearth_common::page::{Page, PageQuery};
use hearth_common::users::{AdminUpdateUserRequest, User};
use hearth_common::validation::EmailDomain;
use hearth_db::audit::{self, AuditRow};
use hearth_db::time::to_datetime;
use hearth_db::{health, settings, users, DbConnection};

use crate::accounts;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::pagination;
use crate::policy::users::require_admin;
use crate::present;
use crate::state::AppState;

const MEMBER_CAP_MIN: u32 = 2;
const MEMBER_CAP_MAX: u32 = 100_000;
const ALLOWED_DOMAINS_MAX: usize = 20;

/// The domains as given, each checked, without repeats, in the order given.
fn allowed_domains(raw: &[String]) -> ApiResult<Vec<String>> {
    if raw.len() > ALLOWED_DOMAINS_MAX {
        return Err(ApiError::invalid_field(
            "allowed_domains",
            format!("at most {ALLOWED_DOMAINS_MAX} domains"),
        ));
    }
    let mut domains: Vec<String> = Vec::new();
    for one in raw {
        let domain =
            EmailDomain::parse(one).map_err(|m| ApiError::invalid_field("allowed_domains", m))?;
        if !domains.iter().any(|d| d == domain.as_str()) {
            domains.push(domain.as_str().to_owned());
        }
    }
    Ok(domains)
}

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
    let now = state.now();
    let admin = caller.user.id.clone();
    let updated = state
        .write_announcing(move |conn, outbox| {
            let target = users::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            let role = change.role.unwrap_or(target.role());
            let suspended = change.suspended.unwrap_or(target.suspended);
            accounts::change(conn, outbox, &admin, &target, role, suspended, now)
        })
        .await?;
    Ok(web::Json(updated.to_api(true)))
}

/// How people join this instance
///
/// For the sign-in and registration pages, before anyone signs in: whether the first
/// account (the admin) is still to be made, and how others may register.
#[utoipa::path(
    get, path = "/api/v1/instance", operation_id = "get_instance", tag = "auth",
    security(()),
    responses(
        (status = 200, description = "How people join", body = PublicInstance),
    )
)]
pub async fn instance(state: web::Data<AppState>) -> ApiResult<web::Json<PublicInstance>> {
    let (settings, people) = state
        .read(|conn| Ok((settings::get(conn)?, users::count(conn)?)))
        .await?;
    let allowed_domains = match settings.registration {
        RegistrationMode::Domains => settings.allowed_domains,
        _ => Vec::new(),
    };
    Ok(web::Json(PublicInstance {
        needs_admin: people == 0,
        registration: settings.registration,
        allowed_domains,
    }))
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
/// `registration` says how people join: `invitation` (guest invite codes only), `domains`
/// (people with an address at one of `allowed_domains`, up to 20) or `open` (anyone); a
/// fresh instance is `undecided`, which lets nobody in, until an admin chooses.
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
    let domains = match &change.allowed_domains {
        Some(raw) => Some(allowed_domains(raw)?),
        None => None,
    };
    if change.registration == Some(RegistrationMode::Undecided) {
        return Err(ApiError::invalid_field(
            "registration",
            "choose how people join: invitation, domains or open",
        ));
    }
    let now = state.now();
    let admin = caller.user.id.clone();
    let (updated, mode_changed) = state
        .write(move |conn| {
            let before = settings::get(conn)?;
            let mut current = before.clone();
            if let Some(registration) = change.registration {
                current.registration = registration;
            }
            if let Some(domains) = domains {
                current.allowed_domains = domains;
            }
            if current.registration == RegistrationMode::Domains
                && current.allowed_domains.is_empty()
            {
                return Err(ApiError::invalid_field(
                    "allowed_domains",
                    "list at least one domain to open registration to",
                ));
            }
            if let Some(cap) = change.group_member_cap {
                current.group_member_cap = cap;
            }
            if let Some(mode) = change.analytics_mode {
                current.analytics_mode = mode;
            }
            settings::set(conn, &current)?;
            let record = |conn: &mut DbConnection, action, detail| {
                audit::record(
                    conn,
                    audit::Entry {
                        actor_id: &admin,
                        action,
                        target_user_id: None,
                        detail,
                        now,
                    },
                )
            };
            let mut changed = Vec::new();
            if current.registration != before.registration {
                changed.push(format!(
                    "registration: {} → {}",
                    before.registration.as_str(),
                    current.registration.as_str()
                ));
            }
            if current.allowed_domains != before.allowed_domains {
                changed.push(format!(
                    "allowed_domains: {} → {}",
                    before.allowed_domains.join(" "),
                    current.allowed_domains.join(" ")
                ));
            }
            if current.group_member_cap != before.group_member_cap {
                changed.push(format!(
                    "group_member_cap: {} → {}",
                    before.group_member_cap, current.group_member_cap
                ));
            }
            if !changed.is_empty() {
                record(conn, AuditAction::SettingsChanged, changed.join(", "))?;
            }
            let mode_changed = current.analytics_mode != before.analytics_mode;
            if mode_changed {
                record(
                    conn,
                    AuditAction::AnalyticsModeChanged,
                    format!(
                        "analytics_mode: {} → {}",
                        before.analytics_mode.as_str(),
                        current.analytics_mode.as_str()
                    ),
                )?;
                // Counting off: nothing is kept that is no longer used.
                if !current.analytics_mode.aggregates() {
                    health::forget_presence(conn)?;
                }
                // No longer finding ambassadors: invitations nobody answered are withdrawn
                // (those who accepted stay ambassadors; it was their choice).
                if !current.analytics_mode.ambassadors() {
                    hearth_db::ambassadors::withdraw_open_invitations(conn)?;
                }
            }
            Ok((current, mode_changed))
        })
        .await?;
    if mode_changed {
        state.visits.reset();
    }
    Ok(web::Json(updated))
}

/// The audit log
///
/// What admins changed — roles, suspensions, instance settings and the analytics mode —
/// newest first. Nothing in it can be changed or deleted.
#[utoipa::path(
    get, path = "/api/v1/admin/audit-log", operation_id = "list_audit_log", tag = "admin",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of entries", body = Page<AuditEntry>),
        (status = 403, description = "Not an admin (`admin_only`)", body = ErrorBody),
    )
)]
pub async fn audit_log(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<Page<AuditEntry>>> {
    require_admin(&caller.user)?;
    let (limit, after) = pagination::time_keyed(&query)?;
    let (rows, people) = state
        .read(move |conn| {
            let rows = audit::list(conn, after, limit + 1)?;
            let mut ids: Vec<String> = rows
                .iter()
                .flat_map(|r| std::iter::once(r.actor_id.clone()).chain(r.target_user_id.clone()))
                .collect();
            ids.sort();
            ids.dedup();
            Ok((rows, users::by_ids(conn, &ids)?))
        })
        .await?;
    let summary = |id: &str| {
        people
            .iter()
            .find(|u| u.id == id)
            .map(present::user_summary)
    };
    let action = |row: &AuditRow| row.action().filter(|_| summary(&row.actor_id).is_some());
    Ok(web::Json(pagination::page(
        rows,
        limit,
        |row| pagination::encode_time_id(row.created_at, &row.id),
        |row| action(row).is_some(),
        |row| AuditEntry {
            id: row.id.clone(),
            // Kept by `keep`: both are there.
            actor: summary(&row.actor_id).expect("kept rows have an actor"),
            action: action(&row).expect("kept rows have an action"),
            target_user: row.target_user_id.as_deref().and_then(summary),
            detail: row.detail,
            created_at: to_datetime(row.created_at),
        },
    )))
}
