//! The routing table: every path of the API and the handler that serves it.

pub mod admin;
pub mod ambassadors;
pub mod announcements;
pub mod auth;
pub mod comments;
pub mod conversations;
pub mod feeds;
pub mod groups;
pub mod health;
pub mod insights;
pub mod me;
pub mod media;
pub mod moderation;
pub mod notifications;
pub mod posts;
pub mod search;
pub mod stream;
pub mod users;

use actix_web::middleware::from_fn;
use actix_web::{web, HttpResponse};
use utoipa::OpenApi;

use crate::error::ApiError;
use crate::openapi::ApiDoc;
use crate::rate_limit;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .service(
                web::resource("/auth/register")
                    .wrap(from_fn(rate_limit::guard))
                    .post(auth::register),
            )
            .service(
                web::resource("/auth/login")
                    .wrap(from_fn(rate_limit::guard))
                    .post(auth::login),
            )
            .service(
                web::resource("/auth/refresh")
                    .wrap(from_fn(rate_limit::guard))
                    .post(auth::refresh),
            )
            .service(web::resource("/auth/logout").post(auth::logout))
            .service(web::resource("/instance").get(admin::instance))
            .service(
                web::resource("/auth/password")
                    .wrap(from_fn(rate_limit::guard))
                    .post(auth::change_password),
            )
            .service(web::resource("/me").get(me::get_me).patch(me::update_me))
            .service(
                web::resource("/me/tokens")
                    .get(me::list_tokens)
                    .post(me::create_token),
            )
            .service(web::resource("/me/tokens/{id}").delete(me::delete_token))
            .service(web::resource("/me/avatar").put(media::set_avatar))
            .service(web::resource("/media").post(media::upload))
            .service(
                web::resource("/media/session")
                    .post(media::create_session)
                    .delete(media::delete_session),
            )
            .service(
                web::resource("/media/{id}")
                    .get(media::get)
                    .patch(media::update)
                    .delete(media::delete),
            )
            .service(web::resource("/media/{id}/{variant}").get(media::fetch))
            .service(web::resource("/admin/storage").get(media::storage_use))
            .service(web::resource("/users").get(users::directory))
            .service(web::resource("/users/{id}").get(users::get_user))
            .service(
                web::resource("/users/{id}/follow")
                    .put(users::follow)
                    .delete(users::unfollow),
            )
            .service(web::resource("/users/{id}/followers").get(users::followers))
            .service(web::resource("/users/{id}/following").get(users::following))
            .service(web::resource("/users/{id}/posts").get(feeds::user_posts))
            .service(web::resource("/posts").post(posts::create_post))
            .service(web::resource("/preview").post(posts::preview))
            .service(
                web::resource("/posts/{id}")
                    .get(posts::get_post)
                    .patch(posts::update_post)
                    .delete(posts::delete_post),
            )
            .service(web::resource("/posts/{id}/preview").delete(posts::remove_preview))
            .service(web::resource("/posts/{id}/history").get(posts::history))
            .service(
                web::resource("/posts/{id}/like")
                    .put(posts::react)
                    .delete(posts::unreact),
            )
            .service(web::resource("/posts/{id}/likes").get(posts::likes))
            .service(
                web::resource("/posts/{id}/comments")
                    .get(comments::list)
                    .post(comments::create),
            )
            .service(web::resource("/posts/{id}/shares").post(posts::share))
            .service(
                web::resource("/comments/{id}")
                    .patch(comments::update)
                    .delete(comments::delete),
            )
            .service(
                web::resource("/comments/{id}/like")
                    .put(comments::react)
                    .delete(comments::unreact),
            )
            .service(web::resource("/feed").get(feeds::home))
            .service(web::resource("/feed/company").get(feeds::company))
            .service(
                web::resource("/groups")
                    .get(groups::list)
                    .post(groups::create),
            )
            .service(
                web::resource("/groups/{id}")
                    .get(groups::get)
                    .patch(groups::update)
                    .delete(groups::delete),
            )
            .service(web::resource("/groups/{id}/posts").get(feeds::group_posts))
            .service(web::resource("/groups/{id}/cover").put(groups::set_cover))
            .service(web::resource("/groups/{id}/join").post(groups::join))
            .service(web::resource("/groups/{id}/leave").post(groups::leave))
            .service(web::resource("/groups/{id}/members").get(groups::members))
            .service(
                web::resource("/groups/{id}/members/{user_id}")
                    .patch(groups::update_member)
                    .delete(groups::remove_member),
            )
            .service(web::resource("/groups/{id}/requests").get(groups::requests))
            .service(web::resource("/groups/{id}/requests/{user_id}/approve").post(groups::approve))
            .service(web::resource("/groups/{id}/requests/{user_id}/deny").post(groups::deny))
            .service(web::resource("/groups/{id}/invites").post(groups::invite))
            .service(web::resource("/groups/{id}/guest-invites").post(groups::guest_invite))
            .service(web::resource("/topics").get(feeds::topics))
            .service(web::resource("/search").get(search::search))
            .service(web::resource("/topics/{topic}/posts").get(feeds::topic_posts))
            .service(
                web::resource("/conversations")
                    .get(conversations::list)
                    .post(conversations::create),
            )
            .service(web::resource("/conversations/{id}").get(conversations::get))
            .service(
                web::resource("/conversations/{id}/messages")
                    .get(conversations::messages)
                    .post(conversations::send),
            )
            .service(web::resource("/conversations/{id}/read").post(conversations::mark_read))
            .service(web::resource("/conversations/{id}/typing").post(conversations::typing))
            .service(web::resource("/stream").get(stream::stream))
            .service(web::resource("/notifications").get(notifications::list))
            .service(web::resource("/notifications/unread_count").get(notifications::unread_count))
            .service(web::resource("/notifications/read").post(notifications::mark_read))
            .service(web::resource("/admin/users/{id}").patch(admin::update_user))
            .service(web::resource("/admin/audit-log").get(admin::audit_log))
            .service(
                web::resource("/posts/{id}/pin")
                    .put(announcements::pin)
                    .delete(announcements::unpin),
            )
            .service(
                web::resource("/posts/{id}/must-read")
                    .get(announcements::get)
                    .put(announcements::mark)
                    .delete(announcements::withdraw),
            )
            .service(web::resource("/posts/{id}/must-read/reminders").post(announcements::remind))
            .service(
                web::resource("/posts/{id}/must-read/acknowledgements")
                    .get(announcements::acknowledgements),
            )
            .service(web::resource("/posts/{id}/acknowledge").post(announcements::acknowledge))
            .service(web::resource("/feed/pinned").get(announcements::home_pinned))
            .service(
                web::resource("/reports")
                    .get(moderation::mine)
                    .post(moderation::create),
            )
            .service(web::resource("/moderation/queue").get(moderation::get_queue))
            .service(web::resource("/moderation/open_count").get(moderation::open_count))
            .service(web::resource("/moderation/decisions").post(moderation::decide))
            .service(web::resource("/moderation/log").get(moderation::log))
            .service(web::resource("/groups/{id}/pinned").get(announcements::group_pinned))
            .service(web::resource("/departments").get(users::departments))
            .service(web::resource("/insights/organisation").get(insights::organisation))
            .service(web::resource("/insights/communities").get(insights::communities_list))
            .service(web::resource("/insights/communities/{id}").get(insights::community))
            .service(web::resource("/insights/todo").get(insights::todo))
            .service(web::resource("/insights/about").get(insights::about))
            .service(web::resource("/insights/me").get(insights::me))
            .service(web::resource("/insights/me/settings").put(insights::set_mine))
            .service(
                web::resource("/ambassadors/me")
                    .get(ambassadors::me)
                    .delete(ambassadors::step_down),
            )
            .service(web::resource("/ambassadors/me/accept").post(ambassadors::accept))
            .service(web::resource("/ambassadors/me/decline").post(ambassadors::decline))
            .service(web::resource("/ambassadors").get(ambassadors::programme))
            .service(web::resource("/ambassadors/rounds").post(ambassadors::run_round))
            .service(web::resource("/ambassadors/message").post(ambassadors::message))
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
