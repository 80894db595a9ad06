//! The server's one error type, and the only place errors become HTTP responses. Internal
//! causes are logged with the request, never sent: a client sees a code and a sentence.

use std::collections::BTreeMap;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use hearth_common::error::{ErrorBody, ErrorCode, ErrorDetail};
use hearth_common::validation::FieldErrors;
use hearth_db::{diesel_error, DbError};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: malformed JSON, query string or cursor.
    #[error("{message}")]
    BadRequest { code: ErrorCode, message: String },
    /// 401: no credentials, or credentials that are not (or no longer) valid.
    #[error("{message}")]
    Unauthorized { code: ErrorCode, message: String },
    /// 403: signed in, allowed to know the thing exists, but not to do this.
    #[error("{message}")]
    Forbidden { code: ErrorCode, message: String },
    /// 404: missing, or not visible to the caller; the two look exactly alike.
    #[error("not found")]
    NotFound,
    /// 405: the path exists but not with this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 409: taken, full, already done.
    #[error("{message}")]
    Conflict {
        code: ErrorCode,
        message: String,
        fields: FieldErrors,
    },
    /// 413: the request body is over the limit.
    #[error("request body too large")]
    PayloadTooLarge,
    /// 413: an upload is over the limit of its kind.
    #[error("{0}")]
    FileTooLarge(String),
    /// 415: an upload of a kind that is not accepted.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 422 `validation_failed`, with what is wrong with each field.
    #[error("validation failed")]
    Validation(FieldErrors),
    /// 422 with a code of its own, for a request that is well-formed but cannot be done.
    #[error("{message}")]
    Unprocessable { code: ErrorCode, message: String },
    /// 429: too many attempts from this address; `Retry-After` says when to try again.
    #[error("rate limited")]
    RateLimited,
    /// 503: the database is unreachable (readiness).
    #[error("service unavailable")]
    Unavailable,
    /// 500: the cause is logged, not sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }

    pub fn unauthorized(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::Unauthorized {
            code,
            message: message.into(),
        }
    }

    pub fn forbidden(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::Forbidden {
            code,
            message: message.into(),
        }
    }

    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::Conflict {
            code,
            message: message.into(),
            fields: FieldErrors::new(),
        }
    }

    pub fn unprocessable(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::Unprocessable {
            code,
            message: message.into(),
        }
    }

    /// 422 for one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        let mut fields = FieldErrors::new();
        fields.add(field, message);
        ApiError::Validation(fields)
    }

    /// The error body for a status the server produced without an `ApiError` (an unknown
    /// route, a method the route lacks).
    pub fn for_status(status: StatusCode) -> Self {
        match status.as_u16() {
            401 => ApiError::unauthorized(ErrorCode::Unauthorized, "sign in first"),
            404 => ApiError::NotFound,
            405 => ApiError::MethodNotAllowed,
            413 => ApiError::PayloadTooLarge,
            400..=499 => ApiError::bad_request(ErrorCode::BadRequest, "the request is not valid"),
            _ => ApiError::Internal(format!("unhandled status {status}")),
        }
    }

    pub fn body(&self) -> ErrorBody {
        let (code, message, fields): (ErrorCode, String, BTreeMap<String, String>) = match self {
            ApiError::BadRequest { code, message }
            | ApiError::Unauthorized { code, message }
            | ApiError::Forbidden { code, message }
            | ApiError::Unprocessable { code, message } => {
                (*code, message.clone(), BTreeMap::new())
            }
            ApiError::Conflict {
                code,
                message,
                fields,
            } => (*code, message.clone(), fields.0.clone()),
            ApiError::NotFound => (ErrorCode::NotFound, "not found".into(), BTreeMap::new()),
            ApiError::MethodNotAllowed => (
                ErrorCode::MethodNotAllowed,
                "this method is not allowed here".into(),
                BTreeMap::new(),
            ),
            ApiError::PayloadTooLarge => (
                ErrorCode::PayloadTooLarge,
                "the request body is larger than 64 KiB".into(),
                BTreeMap::new(),
            ),
            ApiError::FileTooLarge(message) => {
                (ErrorCode::FileTooLarge, message.clone(), BTreeMap::new())
            }
            ApiError::UnsupportedMediaType(message) => (
                ErrorCode::UnsupportedMediaType,
                message.clone(),
                BTreeMap::new(),
            ),
            ApiError::Validation(fields) => (
                ErrorCode::ValidationFailed,
                "some fields are not valid".into(),
                fields.0.clone(),
            ),
            ApiError::RateLimited => (
                ErrorCode::RateLimited,
                "too many attempts; try again later".into(),
                BTreeMap::new(),
            ),
            ApiError::Unavailable => (
                ErrorCode::Unavailable,
                "the service is not ready".into(),
                BTreeMap::new(),
            ),
            ApiError::Internal(_) => (
                ErrorCode::InternalError,
                "something went wrong on our side".into(),
                BTreeMap::new(),
            ),
        };
        ErrorBody {
            error: ErrorDetail {
                code: code.as_str().to_owned(),
                message,
                fields,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge | ApiError::FileTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Validation(_) | ApiError::Unprocessable { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(%cause, "internal error");
        }
        let mut response = HttpResponse::build(self.status_code());
        if let ApiError::Unauthorized { .. } = self {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.json(self.body())
    }
}

impl From<DbError> for ApiError {
    fn from(err: DbError) -> Self {
        match err {
            DbError::NotFound => ApiError::NotFound,
            DbError::Conflict(what) => {
                tracing::info!(%what, "write refused by a unique constraint");
                ApiError::conflict(
                    ErrorCode::Conflict,
                    "this conflicts with something that exists",
                )
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<diesel_error::Error> for ApiError {
    fn from(err: diesel_error::Error) -> Self {
        ApiError::from(DbError::from(err))
    }
}

impl From<FieldErrors> for ApiError {
    fn from(fields: FieldErrors) -> Self {
        ApiError::Validation(fields)
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(err: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(err.to_string())
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
