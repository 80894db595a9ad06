//! `/media`: uploading files, describing them, fetching them, the browser's media cookie,
//! and one's avatar.

use std::ops::Range;

use actix_multipart::Multipart;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use futures_util::StreamExt;
use hearth_common::error::{ErrorBody, ErrorCode};
use hearth_common::media::{
    self as kinds, Media, MediaKind, MediaStatus, MediaVariant, SetImageRequest, StorageUse,
    UpdateMediaRequest, MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES,
};
use hearth_common::users::User;
use hearth_db::media::{self, MediaRow, NewMedia};
use hearth_db::users::{self, UserRow};
use hearth_db::{comments, communities, conversations, logins, new_id, posts, DbConnection};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::auth::caller::{authenticate, bearer_token};
use crate::auth::tokens::hex;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::media::attachments::replace_picture;
use crate::media::images::{self, ImageError};
use crate::media::sniff::{self, Sniffed};
use crate::media::store::{content_key, incoming_key};
use crate::media::{self as service, cookie, processing};
use crate::policy;
use crate::policy::media::Owner;
use crate::policy::posts::Reader;
use crate::present;
use crate::rate_limit::too_many;
use crate::state::{now_seconds, AppState};

/// Upload a file
///
/// `multipart/form-data` with the file in a part named `file` (and optionally `alt_text`).
/// What it is is read from its bytes: images (JPEG, PNG, WebP, GIF) up to 20 MiB and 40
/// megapixels, documents (PDF, Office, text, CSV) up to 25 MiB. A document is ready at once
/// (`201`); an image answers `202` with `status: processing`, and `media.processed` follows
/// on the live stream. An upload not used (attached to a post, made an avatar) within 24
/// hours is removed.
#[utoipa::path(
    post, path = "/api/v1/media", operation_id = "upload_media", tag = "media",
    request_body(content_type = "multipart/form-data", description = "A `file` part, and an optional `alt_text` part"),
    responses(
        (status = 201, description = "Stored and ready (documents)", body = Media),
        (status = 202, description = "Stored; the image is being processed", body = Media),
        (status = 400, description = "Not multipart, or no `file` part (`bad_request`)", body = ErrorBody),
        (status = 413, description = "Over the limit of its kind (`file_too_large`)", body = ErrorBody),
        (status = 415, description = "Not a kind Hearth accepts (`unsupported_media_type`)", body = ErrorBody),
        (status = 422, description = "Over 40 megapixels (`image_too_large`), or invalid alt text (`validation_failed`)", body = ErrorBody),
        (status = 429, description = "Too many uploads; `Retry-After` says when (`rate_limited`)", body = ErrorBody),
    )
)]
pub async fn upload(
    state: web::Data<AppState>,
    caller: Caller,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    if let Some(limiter) = &state.media.uploads {
        if let Err(wait) = limiter.person_uploads(caller.id()) {
            return Ok(too_many(wait));
        }
    }
    let received = receive(&state, payload).await?;
    let alt_text =
        kinds::alt_text(&received.alt_text).map_err(|m| ApiError::invalid_field("alt_text", m))?;
    let bytes = received.bytes;
    let head = &bytes[..bytes.len().min(sniff::HEAD)];
    let sniffed = sniff::sniff(head, &bytes).ok_or_else(|| {
        ApiError::UnsupportedMediaType(
            "accepted: JPEG, PNG, WebP and GIF images; PDF, Office, text and CSV documents".into(),
        )
    })?;
    let size = bytes.len() as u64;
    let id = new_id();
    let sha = hex(&Sha256::digest(&bytes));
    let now = state.now();
    let uploader = caller.user.id.clone();
    let (status, content_type, dimensions) = match sniffed {
        Sniffed::Image(kind) => {
            if size > MAX_IMAGE_BYTES {
                return Err(ApiError::FileTooLarge("images are at most 20 MiB".into()));
            }
            let header = bytes.clone();
            let dimensions = web::block(move || images::check_dimensions(&header, kind))
                .await?
                .map_err(|e| match e {
                    ImageError::TooLarge(_) => {
                        ApiError::unprocessable(ErrorCode::ImageTooLarge, e.to_string())
                    }
                    ImageError::Unreadable(_) => {
                        ApiError::UnsupportedMediaType("the image cannot be read".into())
                    }
                })?;
            store(&state, &incoming_key(&id), bytes.clone()).await?;
            (MediaStatus::Processing, "image/jpeg", Some(dimensions))
        }
        Sniffed::Document(content_type) => {
            store(
                &state,
                &content_key(&sha, MediaVariant::File),
                bytes.clone(),
            )
            .await?;
            (MediaStatus::Ready, content_type, None)
        }
    };
    let fallback = match sniffed.kind() {
        MediaKind::Image => "photo",
        MediaKind::Document => "file",
    };
    let file_name = service::clean_file_name(&received.file_name, fallback);
    let kind = sniffed.kind();
    let row = state
        .write(move |conn| {
            media::insert(
                conn,
                &NewMedia {
                    id: &id,
                    uploader_id: &uploader,
                    kind: kind.as_str(),
                    status: status.as_str(),
                    content_type,
                    file_name: &file_name,
                    byte_size: i64::try_from(size).unwrap_or(i64::MAX),
                    sha256: &sha,
                    width: dimensions.map(|(w, _)| i32::try_from(w).unwrap_or(i32::MAX)),
                    height: dimensions.map(|(_, h)| i32::try_from(h).unwrap_or(i32::MAX)),
                    created_at: now,
                },
            )?;
            media::set_alt_text(conn, &id, &alt_text)?;
            media::find(conn, &id)?.ok_or(ApiError::NotFound)
        })
        .await?;
    let answer = service::present(&row);
    if status == MediaStatus::Processing {
        actix_web::rt::spawn(processing::run(state.clone(), row, Some(bytes)));
        return Ok(HttpResponse::Accepted().json(answer));
    }
    Ok(HttpResponse::Created().json(answer))
}

async fn store(state: &AppState, key: &object_store::path::Path, bytes: Bytes) -> ApiResult<()> {
    state
        .media
        .store
        .put(key, bytes)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))
}

struct Received {
    bytes: Bytes,
    file_name: String,
    alt_text: String,
}

/// Removes a spooled upload however the request ends.
struct Spooled(std::path::PathBuf);

impl Drop for Spooled {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Reads the form: the `file` part is written to the spool as it arrives and refused as soon
/// as it passes the largest limit, so a huge upload never fills memory or disk.
async fn receive(state: &AppState, mut form: Multipart) -> ApiResult<Received> {
    let not_a_form = |e: actix_multipart::MultipartError| {
        ApiError::bad_request(
            ErrorCode::BadRequest,
            format!("send multipart/form-data with a `file` part: {e}"),
        )
    };
    let mut file: Option<(Spooled, String)> = None;
    let mut alt_text = String::new();
    while let Some(part) = form.next().await {
        let mut part = part.map_err(not_a_form)?;
        match part.name() {
            Some("file") if file.is_none() => {
                let name = part
                    .content_disposition()
                    .and_then(|d| d.get_filename())
                    .unwrap_or("")
                    .to_owned();
                tokio::fs::create_dir_all(&state.media.spool)
                    .await
                    .map_err(|e| ApiError::Internal(e.to_string()))?;
                let spooled = Spooled(state.media.spool.join(new_id()));
                let mut out = tokio::fs::File::create(&spooled.0)
                    .await
                    .map_err(|e| ApiError::Internal(e.to_string()))?;
                let mut written: u64 = 0;
                while let Some(chunk) = part.next().await {
                    let chunk = chunk.map_err(not_a_form)?;
                    written += chunk.len() as u64;
                    if written > MAX_DOCUMENT_BYTES {
                        return Err(ApiError::FileTooLarge(
                            "files are at most 25 MiB (images 20 MiB)".into(),
                        ));
                    }
                    out.write_all(&chunk)
                        .await
                        .map_err(|e| ApiError::Internal(e.to_string()))?;
                }
                out.flush()
                    .await
                    .map_err(|e| ApiError::Internal(e.to_string()))?;
                file = Some((spooled, name));
            }
            Some("alt_text") => {
                let mut text = Vec::new();
                while let Some(chunk) = part.next().await {
                    text.extend_from_slice(&chunk.map_err(not_a_form)?);
                    if text.len() > 8 * 1024 {
                        return Err(ApiError::invalid_field("alt_text", "is too long"));
                    }
                }
                alt_text = String::from_utf8(text)
                    .map_err(|_| ApiError::invalid_field("alt_text", "must be UTF-8 text"))?;
            }
            // Anything else is read and dropped.
            _ => {
                while let Some(chunk) = part.next().await {
                    chunk.map_err(not_a_form)?;
                }
            }
        }
    }
    let (spooled, file_name) = file.ok_or_else(|| {
        ApiError::bad_request(ErrorCode::BadRequest, "the form has no `file` part")
    })?;
    let bytes = tokio::fs::read(&spooled.0)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    if bytes.is_empty() {
        return Err(ApiError::UnsupportedMediaType("the file is empty".into()));
    }
    Ok(Received {
        bytes: Bytes::from(bytes),
        file_name,
        alt_text,
    })
}

/// What the upload belongs to, for the visibility check.
fn owner(conn: &mut DbConnection, row: &MediaRow, viewer: &str) -> ApiResult<Owner> {
    Ok(
        match (row.attached_kind.as_deref(), row.attached_id.as_deref()) {
            (None, _) => Owner::Unused,
            // A preview card's picture is the post's, like its attachments.
            (Some(media::FOR_POST | media::FOR_PREVIEW), Some(id)) => {
                match posts::view(conn, id, viewer)? {
                    Some(view) => Owner::Post(view.post),
                    None => Owner::Gone,
                }
            }
            (Some(media::FOR_COMMENT), Some(id)) => {
                let comment = comments::find(conn, id)?;
                let post = match &comment {
                    Some(c) => posts::view(conn, &c.post_id, viewer)?,
                    None => None,
                };
                match (comment, post) {
                    (Some(c), Some(view)) => Owner::Comment {
                        post: view.post,
                        author_id: c.author_id,
                    },
                    _ => Owner::Gone,
                }
            }
            (Some(media::FOR_MESSAGE), Some(id)) => match conversations::message(conn, id)? {
                Some((message, _)) => Owner::Message {
                    participant: conversations::participant(
                        conn,
                        &message.conversation_id,
                        viewer,
                    )?
                    .is_some(),
                },
                None => Owner::Gone,
            },
            (Some(media::FOR_AVATAR), Some(id)) => match users::find(conn, id)? {
                Some(person) => Owner::Avatar(person),
                None => Owner::Gone,
            },
            (Some(media::FOR_COVER), Some(id)) => match communities::find(conn, id)? {
                Some(community) => Owner::Cover {
                    membership: communities::membership(conn, id, viewer)?,
                    community,
                },
                None => Owner::Gone,
            },
            _ => Owner::Gone,
        },
    )
}

/// The upload if `viewer` may see it; 404 otherwise, whether it is missing or hidden.
fn visible(conn: &mut DbConnection, viewer: UserRow, id: &str) -> ApiResult<(Reader, MediaRow)> {
    let row = media::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let owner = owner(conn, &row, &viewer.id)?;
    let reader = Reader::load(conn, viewer)?;
    if !policy::media::can_see(&reader, &row.uploader_id, &owner) {
        return Err(ApiError::NotFound);
    }
    Ok((reader, row))
}

/// Read an upload's details
#[utoipa::path(
    get, path = "/api/v1/media/{id}", operation_id = "get_media", tag = "media",
    params(("id" = String, Path, description = "Upload id")),
    responses(
        (status = 200, description = "The upload", body = Media),
        (status = 404, description = "No such upload, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<Media>> {
    let id = path.into_inner();
    let viewer = caller.user;
    let row = state
        .read(move |conn| Ok(visible(conn, viewer, &id)?.1))
        .await?;
    Ok(web::Json(service::present(&row)))
}

/// Describe an upload
///
/// Sets the alt text (what an image shows, for people who cannot see it). The uploader only.
#[utoipa::path(
    patch, path = "/api/v1/media/{id}", operation_id = "update_media", tag = "media",
    params(("id" = String, Path, description = "Upload id")),
    request_body = UpdateMediaRequest,
    responses(
        (status = 200, description = "The upload", body = Media),
        (status = 403, description = "Not the uploader (`not_author`)", body = ErrorBody),
        (status = 404, description = "No such upload, or not visible to the caller", body = ErrorBody),
        (status = 422, description = "Invalid alt text (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: web::Json<UpdateMediaRequest>,
) -> ApiResult<web::Json<Media>> {
    let alt_text =
        kinds::alt_text(&body.alt_text).map_err(|m| ApiError::invalid_field("alt_text", m))?;
    let id = path.into_inner();
    let viewer = caller.user;
    let row = state
        .write(move |conn| {
            let (reader, row) = visible(conn, viewer, &id)?;
            if !policy::media::can_describe(&reader, &row.uploader_id) {
                return Err(ApiError::forbidden(
                    ErrorCode::NotAuthor,
                    "only the uploader describes a file",
                ));
            }
            media::set_alt_text(conn, &id, &alt_text)?;
            media::find(conn, &id)?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(web::Json(service::present(&row)))
}

/// Delete an unused upload
///
/// The uploader's own, before it is used; a post's files go with the post.
#[utoipa::path(
    delete, path = "/api/v1/media/{id}", operation_id = "delete_media", tag = "media",
    params(("id" = String, Path, description = "Upload id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such upload, not the caller's, or already used", body = ErrorBody),
    )
)]
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let viewer = caller.user;
    let now = state.now();
    state
        .write(move |conn| {
            let row = media::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            if row.uploader_id != viewer.id || row.attached_kind.is_some() {
                return Err(ApiError::NotFound);
            }
            Ok(media::discard(conn, &id, now)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Fetch a file
///
/// The bytes of an upload in one of its `variant`s: images as `large`, `thumb` or `square`
/// (re-encoded copies; the upload itself is never served), documents as `file` (always a
/// download). Authenticated by the bearer token, or in browsers by the media cookie (see
/// `create_media_session`). Visible exactly when what it belongs to is visible; otherwise
/// 404. Supports `Range` and `If-None-Match`.
#[utoipa::path(
    get, path = "/api/v1/media/{id}/{variant}", operation_id = "fetch_media", tag = "media",
    params(
        ("id" = String, Path, description = "Upload id"),
        ("variant" = MediaVariant, Path, description = "Which copy"),
    ),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 206, description = "The requested range", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 304, description = "Not modified (the `ETag` matched)"),
        (status = 401, description = "Neither a token nor a media cookie (`missing_token`, `invalid_token`)", body = ErrorBody),
        (status = 404, description = "No such upload or variant, not ready, or not visible", body = ErrorBody),
        (status = 416, description = "The range is outside the file (`range_not_satisfiable`)", body = ErrorBody),
    )
)]
pub async fn fetch(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (id, variant) = path.into_inner();
    let variant = MediaVariant::parse(&variant).ok_or(ApiError::NotFound)?;
    let viewer = viewer(&state, &req).await?;
    let row = state
        .read(move |conn| Ok(visible(conn, viewer, &id)?.1))
        .await?;
    let kind = service::kind(&row);
    if !service::serves(kind, variant) || service::status(&row) != MediaStatus::Ready {
        return Err(ApiError::NotFound);
    }
    let etag = format!("\"{}-{}\"", &row.sha256[..32], variant.as_str());
    let answer = |status: StatusCode| {
        let mut builder = HttpResponse::build(status);
        builder
            .insert_header((header::ETAG, etag.clone()))
            .insert_header((header::CACHE_CONTROL, "private, max-age=604800"))
            .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .insert_header((
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; sandbox",
            ))
            .insert_header(("Cross-Origin-Resource-Policy", "same-origin"))
            .insert_header((header::ACCEPT_RANGES, "bytes"));
        builder
    };
    let not_modified = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        });
    if not_modified {
        return Ok(answer(StatusCode::NOT_MODIFIED).finish());
    }
    let key = content_key(&row.sha256, variant);
    let store = &state.media.store;
    let failed = |e: crate::media::store::StoreError| ApiError::Internal(e.to_string());
    let range = match req
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
    {
        Some(asked) => {
            let size = store.size(&key).await.map_err(failed)?;
            match byte_range(asked, size) {
                Ok(range) => range,
                Err(()) => {
                    let refusal =
                        ApiError::bad_request(ErrorCode::RangeNotSatisfiable, "outside the file");
                    return Ok(answer(StatusCode::RANGE_NOT_SATISFIABLE)
                        .insert_header((header::CONTENT_RANGE, format!("bytes */{size}")))
                        .json(refusal.body()));
                }
            }
        }
        None => None,
    };
    let partial = range.is_some();
    let read = store.read(&key, range).await.map_err(failed)?;
    let mut response = answer(if partial {
        StatusCode::PARTIAL_CONTENT
    } else {
        StatusCode::OK
    });
    if partial {
        response.insert_header((
            header::CONTENT_RANGE,
            format!(
                "bytes {}-{}/{}",
                read.range.start,
                read.range.end.saturating_sub(1),
                read.size
            ),
        ));
    }
    let (disposition, name) = match kind {
        MediaKind::Image => (DispositionType::Inline, served_name(&row)),
        MediaKind::Document => (DispositionType::Attachment, row.file_name.clone()),
    };
    response
        .insert_header((header::CONTENT_TYPE, row.content_type.clone()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            ContentDisposition {
                disposition,
                parameters: vec![DispositionParam::Filename(name)],
            },
        ))
        .no_chunking(read.range.end - read.range.start);
    Ok(response.streaming(read.body))
}

/// An image's name with the extension of what it is served as.
fn served_name(row: &MediaRow) -> String {
    let stem = row
        .file_name
        .rsplit_once('.')
        .map_or(row.file_name.as_str(), |(stem, _)| stem);
    let extension = if row.content_type == "image/png" {
        "png"
    } else {
        "jpg"
    };
    format!("{stem}.{extension}")
}

/// One `bytes=` range of a file of `size` bytes: `None` for a form that is not used (several
/// ranges: the whole file is sent), `Err` when it lies outside the file.
fn byte_range(header: &str, size: u64) -> Result<Option<Range<u64>>, ()> {
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let Some((start, end)) = spec.trim().split_once('-') else {
        return Ok(None);
    };
    let range = match (start.trim(), end.trim()) {
        ("", "") => return Ok(None),
        ("", suffix) => {
            let n: u64 = suffix.parse().map_err(|_| ())?;
            if n == 0 {
                return Err(());
            }
            size.saturating_sub(n)..size
        }
        (start, "") => start.parse().map_err(|_| ())?..size,
        (start, end) => {
            let (start, end): (u64, u64) =
                (start.parse().map_err(|_| ())?, end.parse().map_err(|_| ())?);
            if end < start {
                return Err(());
            }
            start..(end + 1).min(size)
        }
    };
    if range.start >= size {
        return Err(());
    }
    Ok(Some(range))
}

/// Who is fetching: the bearer token's person, or the media cookie's.
async fn viewer(state: &AppState, req: &HttpRequest) -> ApiResult<UserRow> {
    if let Some(token) = bearer_token(req) {
        return Ok(authenticate(state, token).await?.user);
    }
    let invalid = || ApiError::unauthorized(ErrorCode::InvalidToken, "sign in again");
    let value = media_cookie(req).ok_or_else(|| {
        ApiError::unauthorized(
            ErrorCode::MissingToken,
            "send Authorization: Bearer <token>, or get a media cookie first",
        )
    })?;
    let holder = state
        .media
        .cookies
        .check(&value, now_seconds())
        .ok_or_else(invalid)?;
    let user = state
        .read(move |conn| Ok(logins::live_user(conn, &holder.login_id, &holder.user_id)?))
        .await?
        .ok_or_else(invalid)?;
    if user.suspended {
        return Err(invalid());
    }
    Ok(user)
}

fn media_cookie(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get_all(header::COOKIE)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == cookie::NAME)
        .map(|(_, value)| value.to_owned())
}

/// Get a media cookie
///
/// For browsers, whose `<img>` sends no bearer token: sets the `hearth_media` cookie
/// (`HttpOnly`, `SameSite=Strict`, sent to `/api/v1/media` only) for 12 hours. Call it after
/// signing in and after each token refresh. Personal access tokens cannot get one.
#[utoipa::path(
    post, path = "/api/v1/media/session", operation_id = "create_media_session", tag = "media",
    responses(
        (status = 204, description = "The cookie is set (`Set-Cookie`)"),
        (status = 403, description = "Called with a personal access token (`not_allowed`)", body = ErrorBody),
    )
)]
pub async fn create_session(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let login_id = caller.login_id.clone().ok_or_else(|| {
        ApiError::forbidden(
            ErrorCode::NotAllowed,
            "media cookies are for browser sign-ins; send the token instead",
        )
    })?;
    let holder = cookie::Holder {
        login_id,
        user_id: caller.user.id.clone(),
    };
    let value = state
        .media
        .cookies
        .issue(&holder, now_seconds() + cookie::LIFETIME_SECONDS);
    Ok(HttpResponse::NoContent()
        .insert_header((
            header::SET_COOKIE,
            set_cookie(&req, &value, cookie::LIFETIME_SECONDS),
        ))
        .finish())
}

/// Drop the media cookie
///
/// On signing out.
#[utoipa::path(
    delete, path = "/api/v1/media/session", operation_id = "delete_media_session", tag = "media",
    responses((status = 204, description = "The cookie is cleared")),
    security(())
)]
pub async fn delete_session(req: HttpRequest) -> HttpResponse {
    HttpResponse::NoContent()
        .insert_header((header::SET_COOKIE, set_cookie(&req, "", 0)))
        .finish()
}

fn set_cookie(req: &HttpRequest, value: &str, max_age: u64) -> String {
    let secure = if req.connection_info().scheme() == "https" {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{}={value}; Path={}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}",
        cookie::NAME,
        cookie::PATH
    )
}

/// Set one's avatar
///
/// A ready image of one's own, not used elsewhere; `media_id: null` goes back to initials.
/// Shown wherever the person appears (its `square` copy, at `avatar_url`).
#[utoipa::path(
    put, path = "/api/v1/me/avatar", operation_id = "set_avatar", tag = "media",
    request_body = SetImageRequest,
    responses(
        (status = 200, description = "The account, with its new `avatar_url`", body = User),
        (status = 422, description = "Not a ready image of the caller's own, or already used (`media_not_usable`)", body = ErrorBody),
    )
)]
pub async fn set_avatar(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<SetImageRequest>,
) -> ApiResult<web::Json<User>> {
    let media_id = body.into_inner().media_id;
    let person = caller.user.id.clone();
    let now = state.now();
    let user = state
        .write(move |conn| {
            let id = media_id.as_deref();
            let url = replace_picture(
                conn,
                id,
                &person,
                (media::FOR_AVATAR, MediaVariant::Square),
                &person,
                now,
            )?;
            users::set_avatar(conn, &person, url.as_deref())?;
            users::find(conn, &person)?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(web::Json(user.to_api(true)))
}

/// Storage used
///
/// Bytes and files kept, in all and for the 50 people who upload the most. Admins only.
#[utoipa::path(
    get, path = "/api/v1/admin/storage", operation_id = "storage_use", tag = "admin",
    responses(
        (status = 200, description = "Storage used", body = StorageUse),
        (status = 403, description = "Not an admin (`admin_only`)", body = ErrorBody),
    )
)]
pub async fn storage_use(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<StorageUse>> {
    policy::users::require_admin(&caller.user)?;
    let (total, people) = state.read(|conn| Ok(media::storage_use(conn, 50)?)).await?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    Ok(web::Json(StorageUse {
        total_bytes: count(total.bytes),
        total_files: count(total.files),
        people: people
            .iter()
            .map(|(user, usage)| kinds::PersonStorage {
                user: present::user_summary(user),
                bytes: count(usage.bytes),
                files: count(usage.files),
            })
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::byte_range;

    #[test]
    fn byte_ranges() {
        type Expected = Result<Option<std::ops::Range<u64>>, ()>;
        let cases: &[(&str, Expected)] = &[
            ("bytes=0-99", Ok(Some(0..100))),
            ("bytes=100-", Ok(Some(100..1000))),
            ("bytes=-10", Ok(Some(990..1000))),
            ("bytes=-5000", Ok(Some(0..1000))),
            ("bytes=900-5000", Ok(Some(900..1000))),
            ("bytes=1000-", Err(())),
            ("bytes=5-4", Err(())),
            ("bytes=-0", Err(())),
            ("bytes=x-4", Err(())),
            ("bytes=0-1,5-6", Ok(None)),
            ("items=0-1", Ok(None)),
            ("bytes=-", Ok(None)),
        ];
        for (header, expected) in cases {
            assert_eq!(&byte_range(header, 1000), expected, "{header}");
        }
    }
}
