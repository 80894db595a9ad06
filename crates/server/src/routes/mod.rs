//! The routing table: every path of the API and the handler that serves it.

pub mod admin;
pub mod auth;
pub mod health;
pub mod me;
pub mod users;

use actix_web::{web, HttpResponse};
use utoipa::OpenApi;

use crate::error::ApiError;
use crate::openapi::ApiDoc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .service(web::resource("/auth/register").post(auth::register))
            .service(web::resource("/auth/login").post(auth::login))
            .service(web::resource("/auth/refresh").post(auth::refresh))
            .service(web::resource("/auth/logout").post(auth::logout))
            .service(web::resource("/auth/password").post(auth::change_password))
            .service(web::resource("/me").get(me::get_me).patch(me::update_me))
            .service(
                web::resource("/me/tokens")
                    .get(me::list_tokens)
                    .post(me::create_token),
            )
            .service(web::resource("/me/tokens/{id}").delete(me::delete_token))
            .service(web::resource("/users").get(users::directory))
            .service(web::resource("/users/{id}").get(users::get_user))
            .service(
                web::resource("/users/{id}/follow")
                    .put(users::follow)
                    .delete(users::unfollow),
            )
            .service(web::resource("/users/{id}/followers").get(users::followers))
            .service(web::resource("/users/{id}/following").get(users::following))
            .service(web::resource("/admin/users/{id}").patch(admin::update_user))
            .service(
                web::resource("/admin/settings")
                    .get(admin::get_settings)
                    .patch(admin::update_settings),
            )
            .default_service(web::to(not_found)),
    )
    .service(web::resource("/api/openapi.json").get(openapi_json))
    .service(web::resource("/healthz").get(health::healthz))
    .service(web::resource("/readyz").get(health::readyz));
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
