//! Health probes for load balancers and orchestrators.

use actix_web::{web, HttpResponse};
use hearth_common::error::ErrorBody;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// A probe's answer.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` (the process is up) or `ready` (and its database answers).
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The process is up
#[utoipa::path(
    get, path = "/healthz", operation_id = "healthz", tag = "operations",
    security(()),
    responses((status = 200, description = "Up", body = Health))
)]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database is reachable
#[utoipa::path(
    get, path = "/readyz", operation_id = "readyz", tag = "operations",
    security(()),
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 503, description = "The database does not answer (`unavailable`)", body = ErrorBody),
    )
)]
pub async fn readyz(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let db = state.db.clone();
    if web::block(move || db.ping()).await? {
        Ok(HttpResponse::Ok().json(Health { status: "ready" }))
    } else {
        Err(ApiError::Unavailable)
    }
}
