//! Request extractors of Hearth's own.

use hearth_common::error::ErrorCode;
use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body that may be absent (or `null`). actix's `Option<Json<T>>` also turns a
/// malformed body into `None`; this one answers 400 for it, as for any other malformed JSON.
pub struct OptionalJson<T>(pub Option<T>);

impl<T: DeserializeOwned + 'static> FromRequest for OptionalJson<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        // `Bytes` keeps the app's body size limit (413 above it).
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let body = body.await?;
            // No body, or a JSON `null`: the same absence.
            if body.trim_ascii().is_empty() || body.trim_ascii() == b"null" {
                return Ok(OptionalJson(None));
            }
            serde_json::from_slice(&body)
                .map(|value| OptionalJson(Some(value)))
                .map_err(|e| {
                    ApiError::bad_request(
                        ErrorCode::InvalidJson,
                        format!("the JSON body is not valid: {e}"),
                    )
                    .into()
                })
        })
    }
}
