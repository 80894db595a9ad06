//! Comments on posts (`/posts/{id}/comments`, `/comments/{id}`), with one level of replies.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use hearth_common::error::ErrorBody;
use hearth_common::events::EventBody;
use hearth_common::media::MAX_COMMENT_ATTACHMENTS;
use hearth_common::notifications::NotificationKind;
use hearth_common::page::{Page, PageQuery};
use hearth_common::posts::{
    Comment, CreateCommentRequest, ReactRequest, ReactionKind, Reactions, UpdateCommentRequest,
};
use hearth_common::validation::CommentBody;
use hearth_db::comments::{self, CommentRow, NewComment};
use hearth_db::posts::PostRow;
use hearth_db::reactions::{self, Change};
use hearth_db::users::{self, UserRow};
use hearth_db::{media, new_id, DbConnection};

use crate::auth::Caller;
use crate::content;
use crate::error::{ApiError, ApiResult};
use crate::extract::OptionalJson;
use crate::idempotency::{self, IdempotencyKey};
use crate::insights::todo;
use crate::media::attachments;
use crate::notify::{self, About};
use crate::pagination;
use crate::policy;
use crate::policy::posts::Reader;
use crate::present;
use crate::routes::posts::{announce_reactions, open_post, require_open_place, visible_post};
use crate::state::AppState;
use crate::stream::Audience;

/// The comment and its post, if the viewer may see the post; 404 otherwise.
fn visible_comment(
    conn: &mut DbConnection,
    viewer: &Reader,
    id: &str,
) -> ApiResult<(CommentRow, PostRow)> {
    let comment = comments::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let post = visible_post(conn, viewer, &comment.post_id)?.post;
    Ok((comment, post))
}

fn one(conn: &mut DbConnection, viewer: &UserRow, id: &str) -> ApiResult<Comment> {
    let view = comments::view(conn, id, &viewer.id)?.ok_or(ApiError::NotFound)?;
    let mut files = attachments::of(
        conn,
        media::FOR_COMMENT,
        std::slice::from_ref(&view.comment.id),
    )?;
    Ok(present::comment(
        &view,
        files.remove(id).unwrap_or_default(),
    ))
}

fn parse_body(raw: &str) -> ApiResult<CommentBody> {
    CommentBody::parse(raw).map_err(|m| ApiError::invalid_field("body", m))
}

/// A post's comments
///
/// Oldest first; replies carry `parent_id`.
#[utoipa::path(
    get, path = "/api/v1/posts/{id}/comments", operation_id = "list_comments", tag = "comments",
    params(("id" = String, Path, description = "Post id"), PageQuery),
    responses(
        (status = 200, description = "A page of comments", body = Page<Comment>),
        (status = 404, description = "No such post, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<Page<Comment>>> {
    let (limit, after) = pagination::time_keyed(&query)?;
    let post_id = path.into_inner();
    let viewer = caller.user;
    let (rows, reader, files) = state
        .read(move |conn| {
            let reader = Reader::load(conn, viewer)?;
            visible_post(conn, &reader, &post_id)?;
            let rows = comments::list(conn, &post_id, &reader.user.id, after, limit + 1)?;
            let ids: Vec<String> = rows.iter().map(|v| v.comment.id.clone()).collect();
            let files = attachments::of(conn, media::FOR_COMMENT, &ids)?;
            Ok((rows, reader, files))
        })
        .await?;
    Ok(web::Json(pagination::page(
        rows,
        limit,
        |v| pagination::encode_time_id(v.comment.created_at, &v.comment.id),
        |v| reader.sees_person(&v.author.id),
        |v| {
            let own = files.get(&v.comment.id).cloned().unwrap_or_default();
            present::comment(&v, own)
        },
    )))
}

/// Comment on a post
///
/// With `parent_id`, a reply to that comment (replies cannot be replied to). The post's
/// author is notified, and the parent comment's author for a reply.
#[utoipa::path(
    post, path = "/api/v1/posts/{id}/comments", operation_id = "create_comment", tag = "comments",
    params(("id" = String, Path, description = "Post id")),
    request_body = CreateCommentRequest,
    responses(
        (status = 201, description = "The comment", body = Comment),
        (status = 404, description = "No such post, or not visible to the caller", body = ErrorBody),
        (status = 422, description = "Invalid body, or a parent that is not a top-level comment of this post (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    key: IdempotencyKey,
    body: web::Json<CreateCommentRequest>,
) -> ApiResult<HttpResponse> {
    let request = body.into_inner();
    let text = parse_body(&request.body)?;
    attachments::check_count(&request.attachments, MAX_COMMENT_ATTACHMENTS)?;
    let html = content::render_apart(text.as_str().to_owned()).await?;
    let post_id = path.into_inner();
    let author = caller.user;
    let now = state.now();
    let (user_id, asked) = (author.id.clone(), request.clone());
    idempotency::once(
        &state,
        &user_id,
        key,
        &asked,
        StatusCode::CREATED,
        move |conn, outbox| {
            let reader = Reader::load(conn, author)?;
            let post = open_post(conn, &reader, &post_id)?.post;
            let parent = match request.parent_id.as_deref() {
                Some(parent_id) => match comments::find(conn, parent_id)? {
                    Some(p) if p.post_id == post.id && p.parent_id.is_none() => Some(p),
                    _ => {
                        return Err(ApiError::invalid_field(
                            "parent_id",
                            "must be a top-level comment of this post",
                        ))
                    }
                },
                None => None,
            };
            let id = new_id();
            comments::insert(
                conn,
                NewComment {
                    id: &id,
                    post_id: &post.id,
                    parent_id: parent.as_ref().map(|p| p.id.as_str()),
                    author_id: &reader.user.id,
                    body: text.as_str(),
                    body_html: &html,
                    now,
                },
            )?;
            let files = &request.attachments;
            attachments::claim(conn, files, &reader.user.id, media::FOR_COMMENT, &id)?;
            todo::after_comment(conn, outbox, &post, &reader.user.id, now)?;
            let post_author = users::get(conn, &post.author_id)?;
            if let Some(parent) = &parent {
                let parent_author = users::get(conn, &parent.author_id)?;
                let about = About::new(NotificationKind::Reply, &reader.user, now)
                    .post(&post)
                    .comment(&id);
                notify::tell(conn, outbox, &parent_author, &about)?;
            }
            // The post's author hears of a reply to their own comment once, as a reply.
            if parent
                .as_ref()
                .is_none_or(|p| p.author_id != post_author.id)
            {
                let about = About::new(NotificationKind::Comment, &reader.user, now)
                    .post(&post)
                    .comment(&id);
                notify::tell(conn, outbox, &post_author, &about)?;
            }
            let comment = one(conn, &reader.user, &id)?;
            outbox.push(
                &EventBody::CommentCreated(comment.clone()),
                Audience::post(&post).by(&reader.user.id),
            );
            Ok(comment)
        },
    )
    .await
}

/// Edit a comment
///
/// By its author only.
#[utoipa::path(
    patch, path = "/api/v1/comments/{id}", operation_id = "update_comment", tag = "comments",
    params(("id" = String, Path, description = "Comment id")),
    request_body = UpdateCommentRequest,
    responses(
        (status = 200, description = "The edited comment", body = Comment),
        (status = 403, description = "Not the author (`not_author`)", body = ErrorBody),
        (status = 404, description = "No such comment, or its post is not visible", body = ErrorBody),
        (status = 422, description = "Invalid body (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: web::Json<UpdateCommentRequest>,
) -> ApiResult<web::Json<Comment>> {
    let text = parse_body(&body.body)?;
    let html = content::render_apart(text.as_str().to_owned()).await?;
    let id = path.into_inner();
    let editor = caller.user;
    let now = state.now();
    let comment = state
        .write(move |conn| {
            let reader = Reader::load(conn, editor)?;
            let (comment, post) = visible_comment(conn, &reader, &id)?;
            require_open_place(conn, &post)?;
            policy::posts::can_edit(&reader.user, &comment.author_id)?;
            comments::edit(conn, &id, text.as_str(), &html, now)?;
            one(conn, &reader.user, &id)
        })
        .await?;
    Ok(web::Json(comment))
}

/// Delete a comment
///
/// By its author, an admin or a community manager (and a moderator of the post's
/// community). Its replies go with it.
#[utoipa::path(
    delete, path = "/api/v1/comments/{id}", operation_id = "delete_comment", tag = "comments",
    params(("id" = String, Path, description = "Comment id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not the author or a moderator (`not_allowed`)", body = ErrorBody),
        (status = 404, description = "No such comment, or its post is not visible", body = ErrorBody),
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
            let reader = Reader::load(conn, viewer)?;
            let (comment, post) = visible_comment(conn, &reader, &id)?;
            policy::posts::can_delete_comment(&reader, &comment, &post)?;
            comments::delete(conn, &comment, now)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

fn comment_reactions(conn: &mut DbConnection, viewer: &UserRow, id: &str) -> ApiResult<Reactions> {
    let view = comments::view(conn, id, &viewer.id)?.ok_or(ApiError::NotFound)?;
    let mine = view.my_reaction.as_deref().and_then(ReactionKind::parse);
    Ok(present::reactions(view.comment.reaction_counts(), mine))
}

/// React to a comment
#[utoipa::path(
    put, path = "/api/v1/comments/{id}/like", operation_id = "react_to_comment", tag = "comments",
    params(("id" = String, Path, description = "Comment id")),
    request_body(content = ReactRequest, description = "`{kind}`; optional: no body (or `null`) is a like"),
    responses(
        (status = 200, description = "The comment's reactions now", body = Reactions),
        (status = 404, description = "No such comment, or its post is not visible", body = ErrorBody),
    )
)]
pub async fn react(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: OptionalJson<ReactRequest>,
) -> ApiResult<web::Json<Reactions>> {
    let kind = body.0.and_then(|b| b.kind).unwrap_or(ReactionKind::Like);
    let id = path.into_inner();
    let actor = caller.user;
    let now = state.now();
    let reactions = state
        .write_announcing(move |conn, outbox| {
            let reader = Reader::load(conn, actor)?;
            let (comment, post) = visible_comment(conn, &reader, &id)?;
            require_open_place(conn, &post)?;
            let change = reactions::on_comments::react(conn, &id, &reader.user.id, kind, now)?;
            if change == Change::Added {
                let author = users::get(conn, &comment.author_id)?;
                let about = About::new(NotificationKind::Like, &reader.user, now)
                    .post(&post)
                    .comment(&id);
                notify::tell(conn, outbox, &author, &about)?;
            }
            let reactions = comment_reactions(conn, &reader.user, &id)?;
            announce_reactions(outbox, &post, Some(&id), &reader.user, &reactions);
            Ok(reactions)
        })
        .await?;
    Ok(web::Json(reactions))
}

/// Take back my reaction to a comment
#[utoipa::path(
    delete, path = "/api/v1/comments/{id}/like", operation_id = "unreact_to_comment", tag = "comments",
    params(("id" = String, Path, description = "Comment id")),
    responses(
        (status = 200, description = "The comment's reactions now", body = Reactions),
        (status = 404, description = "No such comment, or its post is not visible", body = ErrorBody),
    )
)]
pub async fn unreact(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<Reactions>> {
    let id = path.into_inner();
    let actor = caller.user;
    let reactions = state
        .write_announcing(move |conn, outbox| {
            let reader = Reader::load(conn, actor)?;
            let (_, post) = visible_comment(conn, &reader, &id)?;
            require_open_place(conn, &post)?;
            reactions::on_comments::remove(conn, &id, &reader.user.id)?;
            let reactions = comment_reactions(conn, &reader.user, &id)?;
            announce_reactions(outbox, &post, Some(&id), &reader.user, &reactions);
            Ok(reactions)
        })
        .await?;
    Ok(web::Json(reactions))
}
