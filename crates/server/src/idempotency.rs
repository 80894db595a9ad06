//! `Idempotency-Key` on the writes that mobile clients retry over flaky networks (creating
//! posts, comments, messages and shares): a retry with the same key gets the first answer
//! again, with `Idempotent-Replayed: true`, and writes nothing. The same key with a
//! different request is refused (422 `idempotency_key_reused`). Answers are kept 24 hours;
//! a request that failed is not remembered, so its retry tries again.

use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use hearth_common::error::ErrorCode;
use hearth_db::{idempotency, DbConnection};
use serde::Serialize;

use crate::auth::tokens::token_hash;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::stream::Outbox;

pub const HEADER: &str = "Idempotency-Key";
pub const REPLAYED: &str = "Idempotent-Replayed";
const MAX_KEY: usize = 255;
/// How long an answer is remembered.
pub const KEEP_MICROS: i64 = 24 * 3_600_000_000;

/// The request's key, if it sent one, and its path (a key is per person; the path and body
/// together are what it must always be sent with).
pub struct IdempotencyKey {
    key: Option<String>,
    path: String,
}

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let key = match req.headers().get(HEADER).map(|v| v.to_str()) {
            None => Ok(None),
            Some(Ok(k))
                if (1..=MAX_KEY).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()) =>
            {
                Ok(Some(k.to_owned()))
            }
            Some(_) => Err(ApiError::bad_request(
                ErrorCode::InvalidIdempotencyKey,
                "Idempotency-Key must be 1 to 255 visible ASCII characters",
            )),
        };
        ready(key.map(|key| IdempotencyKey {
            key,
            path: req.path().to_owned(),
        }))
    }
}

enum Answer {
    Fresh(String),
    Replayed(StatusCode, String),
}

/// Runs `work` as `state.write_announcing` does, at most once per key: answers `status`
/// with what it returned, or the remembered answer of an earlier request with this key.
pub async fn once<R, T, F>(
    state: &AppState,
    user: &str,
    key: IdempotencyKey,
    request: &R,
    status: StatusCode,
    work: F,
) -> ApiResult<HttpResponse>
where
    R: Serialize,
    T: Serialize + Send + 'static,
    F: FnOnce(&mut DbConnection, &mut Outbox) -> ApiResult<T> + Send + 'static,
{
    let body = serde_json::to_string(request).map_err(|e| ApiError::Internal(e.to_string()))?;
    let hash = token_hash(&format!("{}\n{body}", key.path));
    let user = user.to_owned();
    let now = state.now();
    let answer = state
        .write_announcing(move |conn, outbox| {
            if let Some(k) = &key.key {
                if let Some(earlier) = idempotency::claim(conn, &user, k, &hash, now)? {
                    if earlier.request_hash != hash {
                        return Err(ApiError::unprocessable(
                            ErrorCode::IdempotencyKeyReused,
                            "this Idempotency-Key was used for a different request",
                        ));
                    }
                    let status = StatusCode::from_u16(u16::try_from(earlier.status).unwrap_or(200))
                        .unwrap_or(StatusCode::OK);
                    return Ok(Answer::Replayed(status, earlier.body));
                }
            }
            let value = work(conn, outbox)?;
            let json =
                serde_json::to_string(&value).map_err(|e| ApiError::Internal(e.to_string()))?;
            if let Some(k) = &key.key {
                idempotency::remember(conn, &user, k, i32::from(status.as_u16()), &json)?;
            }
            Ok(Answer::Fresh(json))
        })
        .await?;
    Ok(match answer {
        Answer::Fresh(json) => HttpResponse::build(status)
            .content_type("application/json")
            .body(json),
        Answer::Replayed(status, json) => HttpResponse::build(status)
            .content_type("application/json")
            .insert_header((REPLAYED, "true"))
            .body(json),
    })
}
