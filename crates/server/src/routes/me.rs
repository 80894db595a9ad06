//! `/me` and `/me/tokens`: my own profile and my personal access tokens.

use actix_web::{web, HttpResponse};
use hearth_common::auth::{CreateTokenRequest, CreatedToken, PersonalToken};
use hearth_common::error::ErrorBody;
use hearth_common::error::ErrorCode;
use hearth_common::users::{UpdateProfileRequest, UserProfile};
use hearth_common::validation::{self, DisplayName, FieldErrors, TokenName};
use hearth_db::personal_tokens::{self, NewToken};
use hearth_db::users::{self, Profile};
use hearth_db::{new_id, time};

use crate::auth::tokens::{new_personal_token, token_hash};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::routes::users::profile_of;
use crate::state::AppState;

/// A person needs a handful; the cap keeps a leaked session from minting thousands.
const MAX_TOKENS_PER_USER: i64 = 50;

/// My profile
#[utoipa::path(
    get, path = "/api/v1/me", operation_id = "get_me", tag = "people",
    responses((status = 200, description = "My profile, with my e-mail address", body = UserProfile))
)]
pub async fn get_me(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<UserProfile>> {
    let me = caller.user.clone();
    Ok(web::Json(profile_of(&state, &caller.user, me).await?))
}

/// Edit my profile
///
/// Only the fields sent change; an empty string clears an optional field.
#[utoipa::path(
    patch, path = "/api/v1/me", operation_id = "update_me", tag = "people",
    request_body = UpdateProfileRequest,
    responses(
        (status = 200, description = "The updated profile", body = UserProfile),
        (status = 422, description = "Invalid fields (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn update_me(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<UpdateProfileRequest>,
) -> ApiResult<web::Json<UserProfile>> {
    let changes = body.into_inner();
    let mut profile = Profile::of(&caller.user);
    let mut errors = FieldErrors::new();
    if let Some(name) = &changes.display_name {
        if let Some(name) = errors.check("display_name", DisplayName::parse(name)) {
            profile.display_name = name.into_inner();
        }
    }
    let lines = [
        ("title", &changes.title, &mut profile.title),
        ("department", &changes.department, &mut profile.department),
        ("location", &changes.location, &mut profile.location),
    ];
    for (field, change, slot) in lines {
        if let Some(raw) = change {
            if let Some(value) = errors.check(field, validation::profile_line(raw)) {
                *slot = value;
            }
        }
    }
    if let Some(raw) = &changes.bio {
        if let Some(bio) = errors.check("bio", validation::bio(raw)) {
            profile.bio = bio;
        }
    }
    if let Some(raw) = &changes.skills {
        if let Some(skills) = errors.check("skills", validation::skills(raw)) {
            profile.skills = skills;
        }
    }
    errors.finish()?;

    let row = caller.user.clone();
    let now = state.now();
    let updated = state
        .write(move |conn| Ok(users::update_profile(conn, &row, &profile, now)?))
        .await?;
    Ok(web::Json(
        profile_of(&state, &updated, updated.clone()).await?,
    ))
}

/// My personal access tokens
#[utoipa::path(
    get, path = "/api/v1/me/tokens", operation_id = "list_tokens", tag = "auth",
    responses((status = 200, description = "My tokens, newest first, without their secrets", body = Vec<PersonalToken>))
)]
pub async fn list_tokens(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Vec<PersonalToken>>> {
    let user_id = caller.user.id;
    let rows = state
        .read(move |conn| Ok(personal_tokens::list(conn, &user_id)?))
        .await?;
    Ok(web::Json(rows.iter().map(|r| r.to_api()).collect()))
}

/// Create a personal access token
///
/// For integrators: use it as `Authorization: Bearer <token>`. The token is shown in this
/// answer only.
#[utoipa::path(
    post, path = "/api/v1/me/tokens", operation_id = "create_token", tag = "auth",
    request_body = CreateTokenRequest,
    responses(
        (status = 201, description = "Created; `token` is shown this once", body = CreatedToken),
        (status = 422, description = "Invalid name or expiry, or too many tokens", body = ErrorBody),
    )
)]
pub async fn create_token(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateTokenRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let mut errors = FieldErrors::new();
    let name = errors.check("name", TokenName::parse(&body.name));
    let now = time::now_micros();
    let expires_at = body.expires_at.map(time::from_datetime);
    if expires_at.is_some_and(|at| at <= now) {
        errors.add("expires_at", "must be in the future");
    }
    errors.clone().finish()?;
    let Some(name) = name else {
        return Err(errors.into());
    };

    let token = new_personal_token();
    let hash = token_hash(&token);
    let user_id = caller.user.id;
    let row = state
        .write(move |conn| {
            if personal_tokens::count(conn, &user_id)? >= MAX_TOKENS_PER_USER {
                return Err(ApiError::unprocessable(
                    ErrorCode::TooManyTokens,
                    format!("at most {MAX_TOKENS_PER_USER} tokens; revoke one first"),
                ));
            }
            let id = new_id();
            Ok(personal_tokens::insert(
                conn,
                NewToken {
                    id: &id,
                    user_id: &user_id,
                    name: name.as_str(),
                    token_hash: &hash,
                    now,
                    expires_at,
                },
            )?)
        })
        .await?;
    Ok(HttpResponse::Created().json(CreatedToken {
        info: row.to_api(),
        token,
    }))
}

/// Revoke a personal access token
#[utoipa::path(
    delete, path = "/api/v1/me/tokens/{id}", operation_id = "delete_token", tag = "auth",
    params(("id" = String, Path, description = "Token id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such token of mine", body = ErrorBody),
    )
)]
pub async fn delete_token(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let user_id = caller.user.id;
    let deleted = state
        .write_announcing(move |conn, outbox| {
            let deleted = personal_tokens::delete(conn, &user_id, &id)?;
            outbox.access_changed([user_id]);
            Ok(deleted)
        })
        .await?;
    if !deleted {
        return Err(ApiError::NotFound);
    }
    Ok(HttpResponse::NoContent().finish())
}
