//! The `Caller` extractor: a handler that takes one only runs for a signed-in, live,
//! non-suspended account. Every request re-checks the login and the account, so logout,
//! password change and suspension take effect at once.

use hearth_common::error::ErrorCode;
use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use hearth_common::users::Role;
use hearth_db::users::UserRow;
use hearth_db::{logins, personal_tokens, time};

use crate::auth::tokens::{token_hash, PERSONAL_TOKEN_PREFIX};
use crate::error::{ApiError, ApiResult};
use crate::state::{now_seconds, AppState};

/// `last_used_at` of a personal token is refreshed at most this often (microseconds), so
/// that using a token is not a write on every request.
const TOKEN_TOUCH_INTERVAL: i64 = 60 * 1_000_000;

pub struct Caller {
    pub user: UserRow,
    /// The login behind a JWT; `None` for a personal access token.
    pub login_id: Option<String>,
    /// When the token stops being valid (seconds since the Unix epoch), if it does.
    pub expires_at: Option<u64>,
}

impl Caller {
    pub fn id(&self) -> &str {
        &self.user.id
    }

    pub fn role(&self) -> Role {
        self.user.role()
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = ApiResult<Caller>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer_token(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal("no app state".into()))?;
            let token = token.ok_or_else(|| {
                ApiError::unauthorized(
                    ErrorCode::MissingToken,
                    "send Authorization: Bearer <token>",
                )
            })?;
            let caller = authenticate(&state, token).await?;
            crate::insights::presence::visited(&state, caller.id()).await?;
            Ok(caller)
        })
    }
}

pub(crate) fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty())
        .then(|| token.trim().to_owned())
}

fn invalid_token() -> ApiError {
    ApiError::unauthorized(
        ErrorCode::InvalidToken,
        "the token is not valid; sign in again",
    )
}

/// Checks a token (JWT or personal access token) against the database, as every request does.
pub(crate) async fn authenticate(state: &AppState, token: String) -> ApiResult<Caller> {
    if token.starts_with(PERSONAL_TOKEN_PREFIX) {
        return authenticate_personal_token(state, &token).await;
    }
    let claims = state
        .jwt
        .check(&token, now_seconds())
        .ok_or_else(invalid_token)?;
    let (login_id, user_id) = (claims.sid.clone(), claims.sub.clone());
    let lookup_login = login_id.clone();
    let user = state
        .read(move |conn| Ok(logins::live_user(conn, &lookup_login, &user_id)?))
        .await?
        .ok_or_else(invalid_token)?;
    if user.suspended {
        return Err(invalid_token());
    }
    Ok(Caller {
        user,
        login_id: Some(login_id),
        expires_at: Some(claims.exp),
    })
}

async fn authenticate_personal_token(state: &AppState, token: &str) -> ApiResult<Caller> {
    let hash = token_hash(token);
    let (row, user) = state
        .read(move |conn| Ok(personal_tokens::find_by_hash(conn, &hash)?))
        .await?
        .ok_or_else(invalid_token)?;
    let now = time::now_micros();
    if row.expires_at.is_some_and(|at| at <= now) || user.suspended {
        return Err(invalid_token());
    }
    if row
        .last_used_at
        .is_none_or(|at| now - at > TOKEN_TOUCH_INTERVAL)
    {
        let id = row.id.clone();
        state
            .write(move |conn| Ok(personal_tokens::touch(conn, &id, now)?))
            .await?;
    }
    Ok(Caller {
        user,
        login_id: None,
        expires_at: row
            .expires_at
            .map(|at| u64::try_from(at / 1_000_000).unwrap_or(0)),
    })
}
