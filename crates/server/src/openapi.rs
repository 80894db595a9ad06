//! The OpenAPI document, generated from the handlers' annotations. `openapi.yaml` at the
//! repository root is this, written by `cargo xtask openapi` and checked by a test.

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{ArrayBuilder, Discriminator, ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::Required;
use utoipa::openapi::{Ref, RefOr};
use utoipa::{Modify, OpenApi};

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Hearth API",
        description = "The JSON API of Hearth, the social intranet. Ids are strings, times are \
            RFC 3339 in UTC. Lists take `limit` (1–100, default 20) and an opaque `cursor`, and \
            answer `{items, next_cursor}`. Every error answers with `ErrorBody`. What changed \
            between versions: docs/API-CHANGELOG.md in the repository.",
        version = "0.5.0",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
        contact(name = "The Hearth maintainers, through the project's issue tracker")
    ),
    paths(
        routes::auth::register,
        routes::admin::instance,
        routes::auth::login,
        routes::auth::refresh,
        routes::auth::logout,
        routes::auth::change_password,
        routes::me::list_tokens,
        routes::me::create_token,
        routes::me::delete_token,
        routes::me::get_me,
        routes::me::update_me,
        routes::users::directory,
        routes::users::get_user,
        routes::users::follow,
        routes::users::unfollow,
        routes::users::followers,
        routes::users::following,
        routes::users::departments,
        routes::posts::create_post,
        routes::posts::preview,
        routes::posts::get_post,
        routes::posts::update_post,
        routes::posts::delete_post,
        routes::posts::remove_preview,
        routes::posts::history,
        routes::posts::react,
        routes::posts::unreact,
        routes::posts::likes,
        routes::posts::share,
        routes::comments::list,
        routes::comments::create,
        routes::comments::update,
        routes::comments::delete,
        routes::comments::react,
        routes::comments::unreact,
        routes::feeds::home,
        routes::feeds::company,
        routes::feeds::user_posts,
        routes::feeds::topic_posts,
        routes::feeds::topics,
        routes::feeds::group_posts,
        routes::search::search,
        routes::groups::list,
        routes::groups::create,
        routes::groups::get,
        routes::groups::update,
        routes::groups::set_cover,
        routes::groups::delete,
        routes::groups::join,
        routes::groups::leave,
        routes::groups::members,
        routes::groups::requests,
        routes::groups::approve,
        routes::groups::deny,
        routes::groups::invite,
        routes::groups::update_member,
        routes::groups::remove_member,
        routes::groups::guest_invite,
        routes::conversations::list,
        routes::conversations::create,
        routes::conversations::get,
        routes::conversations::messages,
        routes::conversations::send,
        routes::conversations::mark_read,
        routes::conversations::typing,
        routes::stream::stream,
        routes::notifications::list,
        routes::notifications::unread_count,
        routes::notifications::mark_read,
        routes::admin::update_user,
        routes::admin::get_settings,
        routes::admin::update_settings,
        routes::admin::audit_log,
        routes::announcements::pin,
        routes::announcements::unpin,
        routes::announcements::mark,
        routes::announcements::withdraw,
        routes::announcements::get,
        routes::announcements::acknowledge,
        routes::announcements::remind,
        routes::announcements::acknowledgements,
        routes::announcements::home_pinned,
        routes::announcements::group_pinned,
        routes::moderation::create,
        routes::moderation::mine,
        routes::moderation::get_queue,
        routes::moderation::open_count,
        routes::moderation::decide,
        routes::moderation::log,
        routes::insights::organisation,
        routes::insights::communities_list,
        routes::insights::community,
        routes::insights::todo,
        routes::insights::about,
        routes::insights::me,
        routes::insights::set_mine,
        routes::ambassadors::me,
        routes::ambassadors::accept,
        routes::ambassadors::decline,
        routes::ambassadors::step_down,
        routes::ambassadors::programme,
        routes::ambassadors::run_round,
        routes::ambassadors::message,
        routes::media::upload,
        routes::media::get,
        routes::media::update,
        routes::media::delete,
        routes::media::fetch,
        routes::media::create_session,
        routes::media::delete_session,
        routes::media::set_avatar,
        routes::media::storage_use,
        routes::health::healthz,
        routes::health::readyz,
    ),
    components(schemas(
        hearth_common::error::ErrorBody,
        hearth_common::events::Event,
        hearth_common::search::SearchKind,
        hearth_common::media::MediaVariant,
        routes::health::Health
    )),
    tags(
        (name = "auth", description = "Accounts, sign-in and tokens"),
        (name = "people", description = "Profiles, the directory and follows"),
        (name = "posts", description = "Posts and articles, reactions and shares"),
        (name = "comments", description = "Comments and replies"),
        (name = "feeds", description = "Activity streams"),
        (name = "media", description = "Photos and files: uploads, attachments, avatars"),
        (name = "search", description = "Posts and comments by their words"),
        (name = "communities", description = "Communities, membership and guests"),
        (name = "messages", description = "Direct messages"),
        (name = "notifications", description = "What concerns me"),
        (name = "stream", description = "Live events over a WebSocket"),
        (name = "insights", description = "Community health and adoption, counted for groups of at least 5 people, never for one person"),
        (name = "ambassadors", description = "Informal leaders, found by their place in the interaction graph and invited by Hearth; managers see how many and who accepted, never a ranking"),
        (name = "moderation", description = "Reports, the moderation queue, decisions and the log"),
        (name = "admin", description = "Accounts, settings and the audit log, for admins"),
        (name = "operations", description = "Health probes"),
    ),
    servers((url = "/", description = "The Hearth server that serves this document")),
    modifiers(&CommonResponses)
)]
pub struct ApiDoc;

/// Adds the bearer scheme, and to every operation the error answers any of them can give:
/// 400 and 413 where there is input, 401 where a token is needed, 500 everywhere.
struct CommonResponses;

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A JWT access token from /auth/login, or a personal access token",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "access_token",
            SecurityScheme::ApiKey(ApiKey::Query(ApiKeyValue::with_description(
                "access_token",
                "The access token as a query parameter, for WebSocket clients that cannot \
                 set headers (browsers); only the stream takes it",
            ))),
        );
        components.add_security_scheme(
            "media_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "hearth_media",
                "The media cookie from POST /media/session, for browsers' <img>; only \
                 fetching media takes it",
            ))),
        );
        ref_page_items(components);
        name_event_frames(components);
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                add_common_responses(operation);
                declare_headers(operation);
                if IDEMPOTENT.contains(&operation.operation_id.as_deref().unwrap_or("")) {
                    declare_idempotency(operation);
                }
                declare_security(operation);
                if OPTIONAL_BODIES.contains(&operation.operation_id.as_deref().unwrap_or("")) {
                    if let Some(body) = operation.request_body.as_mut() {
                        body.required = Some(Required::False);
                    }
                }
            }
        }
    }
}

/// `Page_Post` and the like list `$ref`s to their item's own schema, instead of a copy of it
/// that generators would name `PagePostItemsItem`.
fn ref_page_items(components: &mut utoipa::openapi::Components) {
    let names: Vec<String> = components.schemas.keys().cloned().collect();
    for name in names {
        let Some(item) = name.strip_prefix("Page_") else {
            continue;
        };
        if !components.schemas.contains_key(item) {
            continue;
        }
        if let Some(RefOr::T(Schema::Object(page))) = components.schemas.get_mut(&name) {
            page.properties.insert(
                "items".to_owned(),
                RefOr::T(Schema::Array(
                    ArrayBuilder::new()
                        .items(Ref::from_schema_name(item))
                        .build(),
                )),
            );
        }
    }
}

/// The headers every answer carries (`X-Request-Id`, to quote when reporting a problem; the
/// server logs it) and those of 429 (`Retry-After`, in seconds).
fn declare_headers(operation: &mut Operation) {
    let header = |kind: Type, description: &str| {
        HeaderBuilder::new()
            .schema(ObjectBuilder::new().schema_type(kind))
            .description(Some(description))
            .build()
    };
    for (status, response) in operation.responses.responses.iter_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        response.headers.insert(
            "X-Request-Id".to_owned(),
            header(
                Type::String,
                "This request's id, also in the server's log: quote it when reporting a problem",
            ),
        );
        if status == "429" {
            response.headers.insert(
                "Retry-After".to_owned(),
                header(Type::Integer, "Seconds to wait before trying again"),
            );
        }
    }
}

/// Each stream frame of `EventBody` gets a schema of its own (`PostCreatedFrame` for
/// `post.created`) and the union a discriminator on `type`, so that generators make one
/// class per event instead of dropping the union.
fn name_event_frames(components: &mut utoipa::openapi::Components) {
    let Some(RefOr::T(Schema::OneOf(mut union))) = components.schemas.remove("EventBody") else {
        return;
    };
    let mut discriminator = Discriminator::new("type");
    for item in union.items.iter_mut() {
        let RefOr::T(Schema::Object(frame)) = item else {
            continue;
        };
        let Some(RefOr::T(Schema::Object(kind))) = frame.properties.get("type") else {
            continue;
        };
        let Some(kind) = kind
            .enum_values
            .as_ref()
            .and_then(|v| v.first())
            .and_then(|v| v.as_str())
            .map(str::to_owned)
        else {
            continue;
        };
        let name: String = kind
            .split(['.', '_'])
            .map(|w| {
                let mut chars = w.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                    .unwrap_or_default()
            })
            .chain(["Frame".to_owned()])
            .collect();
        let frame = std::mem::replace(item, RefOr::Ref(Ref::from_schema_name(&name)));
        components.schemas.insert(name.clone(), frame);
        discriminator
            .mapping
            .insert(kind, format!("#/components/schemas/{name}"));
    }
    union.discriminator = Some(discriminator);
    components
        .schemas
        .insert("EventBody".to_owned(), RefOr::T(Schema::OneOf(union)));
}

/// Writes that take an `Idempotency-Key` (see `idempotency`).
const IDEMPOTENT: [&str; 4] = [
    "create_post",
    "create_comment",
    "send_message",
    "share_post",
];

fn declare_idempotency(operation: &mut Operation) {
    let key = ParameterBuilder::new()
        .name(crate::idempotency::HEADER)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "Any unique string (1 to 255 visible ASCII characters, a UUID is best) to make \
             retries safe: a retry with the same key and request gets the first answer again \
             (with `Idempotent-Replayed: true`) and writes nothing; the same key with another \
             request answers 422 `idempotency_key_reused`. Kept 24 hours; failed requests are \
             not remembered.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(255)),
        ))
        .build();
    operation.parameters.get_or_insert_with(Vec::new).push(key);
    let replayed = HeaderBuilder::new()
        .schema(ObjectBuilder::new().schema_type(Type::String))
        .description(Some(
            "`true` when this is the remembered answer to an earlier request",
        ))
        .build();
    for response in operation.responses.responses.values_mut() {
        if let RefOr::T(response) = response {
            response
                .headers
                .insert(crate::idempotency::REPLAYED.to_owned(), replayed.clone());
        }
    }
}

/// Operations whose JSON body may be left out (or be `null`).
const OPTIONAL_BODIES: [&str; 2] = ["react_to_post", "react_to_comment"];

/// Each operation says what it needs itself, rather than inheriting a document-wide
/// requirement that public ones would have to cancel (which generators misread): the bearer
/// token, none for public operations (`security(())` in their annotation), and for the
/// stream the bearer token or the `access_token` query parameter.
fn declare_security(operation: &mut Operation) {
    let public = operation
        .security
        .as_ref()
        .is_some_and(|s| s.iter().all(|r| r == &Default::default()));
    let bearer = SecurityRequirement::new("bearer", Vec::<String>::new());
    operation.security = if public {
        None
    } else if operation.operation_id.as_deref() == Some("stream") {
        Some(vec![
            bearer,
            SecurityRequirement::new("access_token", Vec::<String>::new()),
        ])
    } else if operation.operation_id.as_deref() == Some("fetch_media") {
        Some(vec![
            bearer,
            SecurityRequirement::new("media_cookie", Vec::<String>::new()),
        ])
    } else {
        Some(vec![bearer])
    };
}

fn error_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build(),
    )
}

fn add_common_responses(operation: &mut Operation) {
    // `security(())` on an operation marks it public.
    let public = operation
        .security
        .as_ref()
        .is_some_and(|s| s.iter().all(|r| r == &Default::default()));
    let has_body = operation.request_body.is_some();
    let has_params = operation.parameters.as_ref().is_some_and(|p| !p.is_empty());
    let responses = &mut operation.responses.responses;
    let mut add = |status: &str, description: &str| {
        responses
            .entry(status.to_owned())
            .or_insert_with(|| error_response(description));
    };
    if has_body || has_params {
        add(
            "400",
            "Malformed JSON or a body that is not an object (`invalid_json`), a bad query string \
             or cursor (`invalid_query`, `invalid_cursor`), or a control character in the \
             path, query or body (`invalid_characters`; bodies may hold line breaks and tabs)",
        );
    }
    if !public {
        add(
            "401",
            "Missing, invalid, expired or revoked token (`missing_token`, `invalid_token`)",
        );
    }
    if has_body {
        add("413", "Request body over 64 KiB (`payload_too_large`)");
    }
    add(
        "500",
        "Something went wrong on the server (`internal_error`)",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_named_summarised_tagged_and_has_errors() {
        let doc = ApiDoc::openapi();
        let mut count = 0;
        for (path, item) in &doc.paths.paths {
            let operations = [&item.get, &item.put, &item.post, &item.delete, &item.patch];
            for op in operations.into_iter().flatten() {
                count += 1;
                assert!(op.operation_id.is_some(), "{path}: operationId");
                assert!(
                    op.summary.as_ref().is_some_and(|s| !s.is_empty()),
                    "{path}: summary"
                );
                assert!(
                    op.tags.as_ref().is_some_and(|t| !t.is_empty()),
                    "{path}: tag"
                );
                assert!(op.responses.responses.contains_key("500"), "{path}: errors");
            }
        }
        assert!(count >= 43, "only {count} operations documented");
    }

    #[test]
    fn the_version_is_the_changelogs_newest() {
        let changelog = include_str!("../../../docs/API-CHANGELOG.md");
        let newest = changelog
            .lines()
            .find_map(|l| l.strip_prefix("## "))
            .and_then(|l| l.split_whitespace().next())
            .expect("a version heading");
        assert_eq!(ApiDoc::openapi().info.version, newest);
    }

    /// What generated clients stumbled over: the stream's parameters in the query and
    /// optional, optional reaction bodies without a `null` schema, public operations without
    /// a security requirement, and one request schema per name.
    #[test]
    fn what_generated_clients_need_is_declared() {
        let doc = ApiDoc::openapi();
        let json = serde_json::to_value(&doc).unwrap();
        let op = |path: &str, method: &str| json["paths"][path][method].clone();
        let stream = op("/api/v1/stream", "get");
        for p in stream["parameters"].as_array().unwrap() {
            assert_eq!(
                (p["in"].as_str(), p["required"].as_bool()),
                (Some("query"), Some(false)),
                "{p}"
            );
        }
        assert_eq!(
            stream["security"].as_array().unwrap().len(),
            2,
            "bearer or access_token"
        );
        for (path, method) in [
            ("/api/v1/posts/{id}/like", "put"),
            ("/api/v1/comments/{id}/like", "put"),
        ] {
            let body = &op(path, method)["requestBody"];
            assert_eq!(body["required"], false, "{path}");
            assert_eq!(
                body["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ReactRequest",
                "{path}"
            );
        }
        for (path, method) in [
            ("/api/v1/auth/login", "post"),
            ("/api/v1/auth/register", "post"),
            ("/healthz", "get"),
        ] {
            assert!(
                op(path, method).get("security").is_none(),
                "{path} is public"
            );
        }
        assert!(
            json.get("security").is_none(),
            "no document-wide requirement"
        );
        assert_eq!(
            op("/api/v1/conversations/{id}/read", "post")["requestBody"]["content"]
                ["application/json"]["schema"]["$ref"],
            "#/components/schemas/MarkConversationReadRequest"
        );
        for page in [
            "Page_Post",
            "Page_Member",
            "Page_Reaction",
            "Page_PostVersion",
        ] {
            let item = page.trim_start_matches("Page_");
            assert_eq!(
                json["components"]["schemas"][page]["properties"]["items"]["items"]["$ref"],
                format!("#/components/schemas/{item}"),
                "{page}"
            );
        }
        assert_eq!(
            op("/healthz", "get")["responses"]["200"]["content"]["application/json"]["schema"]
                ["$ref"],
            "#/components/schemas/Health"
        );
    }
}
