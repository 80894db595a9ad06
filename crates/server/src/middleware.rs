//! Around every request: a request id, one log line, `Cache-Control` on API answers, and the
//! API's error body on error responses that the framework produced without one (unknown
//! route, wrong method, body too large).

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use std::sync::OnceLock;

use actix_web::dev::ResourceDef;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::ResponseError;

use crate::error::ApiError;
use crate::openapi::ApiDoc;

pub async fn around_request(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let request_id = uuid::Uuid::now_v7().to_string();
    let method = req.method().clone();
    // The path only: query strings can carry tokens.
    let path = req.path().to_owned();
    let mut res = next.call(req).await?.map_into_boxed_body();

    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let replacement = ApiError::for_status(status).error_response();
        res = res.into_response(replacement);
    }

    let allow = (status == StatusCode::METHOD_NOT_ALLOWED)
        .then(|| allowed_methods(&path))
        .flatten();
    let headers = res.headers_mut();
    if let Some(allow) = allow {
        headers.insert(header::ALLOW, allow);
    }
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        headers.insert(header::HeaderName::from_static("x-request-id"), value);
    }
    if path.starts_with("/api/") {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    tracing::info!(
        request_id,
        %method,
        path,
        status = res.status().as_u16(),
        micros = started.elapsed().as_micros() as u64,
        "request"
    );
    Ok(res)
}

/// The `Allow` header of a 405: the methods the API document lists for the path.
fn allowed_methods(path: &str) -> Option<HeaderValue> {
    static TABLE: OnceLock<Vec<(ResourceDef, String)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        use utoipa::OpenApi;
        ApiDoc::openapi()
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let methods: Vec<&str> = [
                    ("GET", item.get.is_some()),
                    ("PUT", item.put.is_some()),
                    ("POST", item.post.is_some()),
                    ("DELETE", item.delete.is_some()),
                    ("PATCH", item.patch.is_some()),
                ]
                .into_iter()
                .filter_map(|(m, has)| has.then_some(m))
                .collect();
                (ResourceDef::new(template.as_str()), methods.join(", "))
            })
            .collect()
    });
    let (_, methods) = table.iter().find(|(def, _)| def.is_match(path))?;
    HeaderValue::from_str(methods).ok()
}
