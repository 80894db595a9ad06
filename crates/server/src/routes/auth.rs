//! `/auth/*`: register, login, refresh, logout, password change.

use actix_web::{web, HttpResponse};
use hearth_common::auth::{
    AuthResponse, ChangePasswordRequest, LoginRequest, RefreshRequest, RegisterRequest,
};
use hearth_common::error::ErrorBody;
use hearth_common::error::ErrorCode;
use hearth_common::validation::{
    DisplayName, Email, FieldErrors, Password, Username, PASSWORD_MAX,
};
use hearth_db::logins::{self, Refresh};
use hearth_db::users::{self, NewUser, UserRow};
use hearth_db::{communities, new_id, settings, time, DbConnection};

use crate::auth::tokens::{new_refresh_token, token_hash};
use crate::auth::{password, Caller};
use crate::error::{ApiError, ApiResult};
use crate::membership;
use crate::policy::registration::{self, Arrival};
use crate::rate_limit::{too_many, RateLimiter};
use crate::state::{now_seconds, AppState};

/// Starts a login for `user`: stores its first refresh token, returns the token.
fn start_login(
    conn: &mut DbConnection,
    user_id: &str,
    refresh_micros: i64,
) -> ApiResult<(String, String)> {
    let now = time::now_micros();
    let login_id = new_id();
    logins::create(conn, &login_id, user_id, now)?;
    let refresh = new_refresh_token();
    logins::add_refresh_token(
        conn,
        &login_id,
        &token_hash(&refresh),
        now,
        now + refresh_micros,
    )?;
    Ok((login_id, refresh))
}

fn auth_response(
    state: &AppState,
    user: &UserRow,
    login_id: &str,
    refresh_token: String,
) -> AuthResponse {
    AuthResponse {
        user: user.to_api(true),
        access_token: state.jwt.issue(
            &user.id,
            login_id,
            now_seconds(),
            state.access_token_seconds,
        ),
        refresh_token,
        expires_in: state.access_token_seconds,
    }
}

async fn hash_password(password: Password) -> ApiResult<String> {
    web::block(move || password::hash(password.expose()))
        .await?
        .map_err(ApiError::Internal)
}

/// Register an account
///
/// The first account of an instance becomes `admin`; until that admin chooses how people join
/// (`PATCH /admin/settings`, `registration`), nobody else can register. After that: anyone
/// (`open`), people with an address at one of the `allowed_domains` (`domains`), and always
/// guests with an invite code (who become `guest`).
#[utoipa::path(
    post, path = "/api/v1/auth/register", operation_id = "register", tag = "auth",
    request_body = RegisterRequest,
    security(()),
    responses(
        (status = 201, description = "Registered and signed in", body = AuthResponse),
        (status = 403, description = "Registration is closed (`registration_closed`), or not open to this e-mail domain (`email_domain_not_allowed`)", body = ErrorBody),
        (status = 409, description = "Username or e-mail already taken (`already_taken`)", body = ErrorBody),
        (status = 422, description = "Invalid fields (`validation_failed`)", body = ErrorBody),
        (status = 429, description = "Too many attempts from this address (`rate_limited`); see `Retry-After`", body = ErrorBody),
    )
)]
pub async fn register(
    state: web::Data<AppState>,
    body: web::Json<RegisterRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let mut errors = FieldErrors::new();
    let username = errors.check("username", Username::parse(&body.username));
    let email = errors.check("email", Email::parse(&body.email));
    let password = errors.check("password", Password::parse(&body.password));
    let display_name = errors.check("display_name", DisplayName::parse(&body.display_name));
    errors.clone().finish()?;
    let (Some(username), Some(email), Some(password), Some(display_name)) =
        (username, email, password, display_name)
    else {
        return Err(errors.into());
    };

    let invite_code = body.invite_code;
    let password_hash = hash_password(password).await?;
    let refresh_micros = state.refresh_token_micros;
    let now = state.now();
    let (user, login_id, refresh) = state
        .write_announcing(move |conn, outbox| {
            users::lock_registrations(conn)?;
            let invite = match invite_code.as_deref() {
                Some(code) => Some(check_guest_invite(conn, code, &email)?),
                None => None,
            };
            let arrival = if invite.is_some() {
                Arrival::Invited
            } else if users::count(conn)? == 0 {
                Arrival::First
            } else {
                Arrival::Uninvited
            };
            let role = registration::role_for(&settings::get(conn)?, arrival, &email)?;
            let (username_taken, email_taken) =
                users::taken(conn, username.as_str(), email.as_str())?;
            if username_taken || email_taken {
                let mut fields = FieldErrors::new();
                if username_taken {
                    fields.add("username", "already taken");
                }
                if email_taken {
                    fields.add("email", "already taken");
                }
                return Err(ApiError::Conflict {
                    code: ErrorCode::AlreadyTaken,
                    message: "an account already uses this".into(),
                    fields,
                });
            }
            let id = new_id();
            let user = users::insert(
                conn,
                NewUser {
                    id: &id,
                    username: &username,
                    email: &email,
                    password_hash: &password_hash,
                    display_name: &display_name,
                    role,
                    now,
                },
            )?;
            if let Some((code_hash, community)) = invite {
                membership::admit_guest(conn, outbox, &community, &user.id, now)?;
                communities::use_guest_invite(conn, &code_hash, time::now_micros())?;
            }
            let (login_id, refresh) = start_login(conn, &user.id, refresh_micros)?;
            Ok((user, login_id, refresh))
        })
        .await?;
    Ok(HttpResponse::Created().json(auth_response(&state, &user, &login_id, refresh)))
}

/// A guest invite code that works: unknown, used and expired codes are refused, and so is an
/// e-mail address other than the one invited. Gives the code's hash and the community.
fn check_guest_invite(
    conn: &mut DbConnection,
    code: &str,
    email: &Email,
) -> ApiResult<(String, String)> {
    let hash = token_hash(code.trim());
    let invite = communities::guest_invite(conn, &hash)?
        .ok_or_else(|| ApiError::invalid_field("invite_code", "is not a valid invite code"))?;
    if invite.used_at.is_some() {
        return Err(ApiError::invalid_field(
            "invite_code",
            "has already been used",
        ));
    }
    if invite.expires_at <= time::now_micros() {
        return Err(ApiError::invalid_field(
            "invite_code",
            "has expired; ask for a new one",
        ));
    }
    if invite.email != email.as_str() {
        return Err(ApiError::invalid_field(
            "email",
            "must be the address the invitation was sent to",
        ));
    }
    Ok((hash, invite.community_id))
}

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized(
        ErrorCode::InvalidCredentials,
        "wrong username, e-mail or password",
    )
}

/// Sign in
///
/// `login` is a username or an e-mail address. Wrong credentials get the same answer whether
/// or not the account exists.
#[utoipa::path(
    post, path = "/api/v1/auth/login", operation_id = "login", tag = "auth",
    request_body = LoginRequest,
    security(()),
    responses(
        (status = 200, description = "Signed in", body = AuthResponse),
        (status = 401, description = "Wrong credentials (`invalid_credentials`)", body = ErrorBody),
        (status = 403, description = "The account is suspended (`account_suspended`)", body = ErrorBody),
        (status = 429, description = "Too many attempts from this address (`rate_limited`); see `Retry-After`", body = ErrorBody),
    )
)]
pub async fn login(
    state: web::Data<AppState>,
    limiter: Option<web::Data<RateLimiter>>,
    body: web::Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let LoginRequest { login, password } = body.into_inner();
    // Bounded before hashing: no valid password is longer.
    if password.chars().count() > PASSWORD_MAX || login.chars().count() > 254 {
        return Err(invalid_credentials());
    }
    let login = login.trim().to_lowercase();
    if let Some(limiter) = &limiter {
        if let Err(wait) = limiter.account_may_try(&login) {
            return Ok(too_many(wait));
        }
    }
    let account = login.clone();
    let found = state
        .read(move |conn| Ok(users::find_for_login(conn, &login)?))
        .await?;
    let verified = web::block(move || match found {
        Some((user, hash)) => password::verify(&password, &hash).then_some(user),
        None => {
            password::verify_against_nobody(&password);
            None
        }
    })
    .await?;
    let Some(user) = verified else {
        if let Some(limiter) = &limiter {
            limiter.account_failed(&account);
        }
        return Err(invalid_credentials());
    };
    if user.suspended {
        return Err(ApiError::forbidden(
            ErrorCode::AccountSuspended,
            "this account is suspended",
        ));
    }
    let refresh_micros = state.refresh_token_micros;
    let user_id = user.id.clone();
    let (login_id, refresh) = state
        .write(move |conn| start_login(conn, &user_id, refresh_micros))
        .await?;
    Ok(HttpResponse::Ok().json(auth_response(&state, &user, &login_id, refresh)))
}

/// Exchange a refresh token for a new pair
///
/// Each refresh token works once. Presenting one that was already used revokes its whole
/// login: whoever holds the newer token is signed out too.
#[utoipa::path(
    post, path = "/api/v1/auth/refresh", operation_id = "refresh", tag = "auth",
    request_body = RefreshRequest,
    security(()),
    responses(
        (status = 200, description = "A new access and refresh token", body = AuthResponse),
        (status = 401, description = "Unknown, expired, revoked (`invalid_token`) or reused (`refresh_token_reused`) token", body = ErrorBody),
        (status = 429, description = "Too many attempts from this address (`rate_limited`); see `Retry-After`", body = ErrorBody),
    )
)]
pub async fn refresh(
    state: web::Data<AppState>,
    limiter: Option<web::Data<RateLimiter>>,
    body: web::Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let presented = token_hash(body.refresh_token.trim());
    if let Some(limiter) = &limiter {
        if let Err(wait) = limiter.refresh_token_used(&presented) {
            return Ok(too_many(wait));
        }
    }
    let refresh_micros = state.refresh_token_micros;
    let grace = state.refresh_grace_micros;
    // The reuse revocation must be committed, so the outcome is judged after the transaction.
    let outcome = state
        .write(move |conn| {
            let now = time::now_micros();
            let outcome = logins::use_refresh_token(conn, &presented, now, grace)?;
            if let Refresh::Rotated { login_id, user_id } = &outcome {
                let user = users::get(conn, user_id)?;
                if user.suspended {
                    logins::revoke(conn, login_id, now)?;
                    return Ok(None);
                }
                let next = new_refresh_token();
                logins::add_refresh_token(
                    conn,
                    login_id,
                    &token_hash(&next),
                    now,
                    now + refresh_micros,
                )?;
                return Ok(Some(Ok((user, login_id.clone(), next))));
            }
            Ok(Some(Err(outcome)))
        })
        .await?;
    match outcome {
        Some(Ok((user, login_id, next))) => {
            Ok(HttpResponse::Ok().json(auth_response(&state, &user, &login_id, next)))
        }
        Some(Err(Refresh::Reused)) => Err(ApiError::unauthorized(
            ErrorCode::RefreshTokenReused,
            "this refresh token was already used; the login has been revoked for safety",
        )),
        _ => Err(ApiError::unauthorized(
            ErrorCode::InvalidToken,
            "the refresh token is not valid; sign in again",
        )),
    }
}

/// Sign out
///
/// Revokes the current login: its refresh tokens and access tokens stop working at once.
#[utoipa::path(
    post, path = "/api/v1/auth/logout", operation_id = "logout", tag = "auth",
    responses((status = 204, description = "Signed out"))
)]
pub async fn logout(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    if let Some(login_id) = caller.login_id {
        let user_id = caller.user.id;
        state
            .write_announcing(move |conn, outbox| {
                logins::revoke(conn, &login_id, time::now_micros())?;
                // Open streams of this login close at once.
                outbox.access_changed([user_id]);
                Ok(())
            })
            .await?;
    }
    Ok(HttpResponse::NoContent().finish())
}

/// Change my password
///
/// Every other login of the account is revoked; this one stays signed in.
#[utoipa::path(
    post, path = "/api/v1/auth/password", operation_id = "change_password", tag = "auth",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 422, description = "Wrong current password or invalid new one (`validation_failed`)", body = ErrorBody),
        (status = 429, description = "Too many attempts from this address (`rate_limited`); see `Retry-After`", body = ErrorBody),
    )
)]
pub async fn change_password(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    let ChangePasswordRequest {
        current_password,
        new_password,
    } = body.into_inner();
    let new_password =
        Password::parse(&new_password).map_err(|m| ApiError::invalid_field("new_password", m))?;
    if current_password.chars().count() > PASSWORD_MAX {
        return Err(ApiError::invalid_field(
            "current_password",
            "is not correct",
        ));
    }
    let user_id = caller.user.id.clone();
    let stored = state
        .read(move |conn| Ok(users::password_hash(conn, &user_id)?))
        .await?;
    let correct = web::block(move || password::verify(&current_password, &stored)).await?;
    if !correct {
        return Err(ApiError::invalid_field(
            "current_password",
            "is not correct",
        ));
    }
    let new_hash = hash_password(new_password).await?;
    let user_id = caller.user.id.clone();
    let keep = caller.login_id.clone();
    state
        .write_announcing(move |conn, outbox| {
            let now = time::now_micros();
            users::set_password_hash(conn, &user_id, &new_hash, now)?;
            logins::revoke_all_of_user(conn, &user_id, keep.as_deref(), now)?;
            outbox.access_changed([user_id]);
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
