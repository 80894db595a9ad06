//! `/posts`: writing, reading, editing and deleting posts; reactions and shares.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use hearth_common::error::ErrorBody;
use hearth_common::events::{EventBody, PostDeleted, PostEdited, ReactionsChanged};
use hearth_common::groups::Privacy;
use hearth_common::media::MAX_ATTACHMENTS;
use hearth_common::notifications::NotificationKind;
use hearth_common::page::{Page, PageQuery};
use hearth_common::posts::{
    CreatePostRequest, Post, PostVersion, Preview, PreviewRequest, ReactRequest, Reaction,
    ReactionKind, Reactions, ShareRequest, UpdatePostRequest,
};
use hearth_common::validation::{self, FieldErrors, PostBody};
use hearth_db::communities::{self, CommunityRow};
use hearth_db::posts::{self, Edit, NewPost, PostRow, PostView};
use hearth_db::reactions::{self, Change};
use hearth_db::time::to_datetime;
use hearth_db::users::{self, UserRow};
use hearth_db::{link_previews, media, new_id, DbConnection};

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
use crate::policy::users::People;
use crate::present::{self, Context};
use crate::previews;
use crate::state::AppState;
use crate::stream::{Audience, Outbox, Place};

/// The post if the reader may see it; 404 otherwise, whether it is missing or hidden.
pub fn visible_post(conn: &mut DbConnection, reader: &Reader, id: &str) -> ApiResult<PostView> {
    match posts::view(conn, id, &reader.user.id)? {
        Some(view) if policy::posts::can_see(reader, &view.post) => Ok(view),
        _ => Err(ApiError::NotFound),
    }
}

/// `visible_post` for responding to it (commenting, reacting, editing): 409
/// `group_archived` while its community is archived.
pub fn open_post(conn: &mut DbConnection, reader: &Reader, id: &str) -> ApiResult<PostView> {
    let view = visible_post(conn, reader, id)?;
    require_open_place(conn, &view.post)?;
    Ok(view)
}

/// The post's community, if it has one, still takes responses.
pub fn require_open_place(conn: &mut DbConnection, post: &PostRow) -> ApiResult<()> {
    match post.group_id.as_deref() {
        Some(id) => match communities::find(conn, id)? {
            Some(community) => policy::groups::require_not_archived(&community),
            None => Ok(()),
        },
        None => Ok(()),
    }
}

/// The community a post is to be written in, which must exist.
fn target_group(
    conn: &mut DbConnection,
    group_id: Option<&str>,
) -> ApiResult<Option<CommunityRow>> {
    match group_id {
        Some(id) => Ok(Some(
            communities::find(conn, id)?.ok_or(ApiError::NotFound)?,
        )),
        None => Ok(None),
    }
}

/// API posts for feed rows, with the originals that shares embed and the communities they
/// were posted in (one query each for the page).
pub fn assemble(
    conn: &mut DbConnection,
    reader: &Reader,
    views: &[PostView],
) -> ApiResult<Vec<Post>> {
    let ids: Vec<String> = views
        .iter()
        .filter_map(|v| v.post.shared_post_id.clone())
        .collect();
    let originals: HashMap<String, (PostRow, UserRow)> = posts::with_authors(conn, &ids)?
        .into_iter()
        .map(|(post, author)| (post.id.clone(), (post, author)))
        .collect();
    let group_ids: Vec<String> = views
        .iter()
        .map(|v| &v.post)
        .chain(originals.values().map(|(p, _)| p))
        .filter_map(|p| p.group_id.clone())
        .collect();
    let groups = communities::summaries(conn, &group_ids)?
        .into_iter()
        .map(|g| (g.id.clone(), g))
        .collect();
    let post_ids: Vec<String> = views.iter().map(|v| v.post.id.clone()).collect();
    let attachments = attachments::rows_of(conn, media::FOR_POST, &post_ids)?;
    let rows: Vec<&PostRow> = views.iter().map(|v| &v.post).collect();
    let previews = previews::of(conn, &rows)?;
    let context = Context {
        originals,
        groups,
        attachments,
        previews,
    };
    Ok(views
        .iter()
        .map(|v| present::post(reader, v, &context))
        .collect())
}

fn one(conn: &mut DbConnection, reader: &Reader, id: &str) -> ApiResult<Post> {
    let view = visible_post(conn, reader, id)?;
    Ok(assemble(conn, reader, std::slice::from_ref(&view))?.remove(0))
}

/// Rendered text and its tags, ready to store.
struct Written {
    body: String,
    html: String,
    topics: Vec<String>,
    mentions: Vec<String>,
    /// The address of the card its first web link gets.
    link: Option<String>,
}

/// Renders `body` on the blocking pool, before any write transaction starts: rendering is
/// the costliest step of a write, and must not hold the database's write turn.
async fn write_up(body: String) -> ApiResult<Written> {
    let tags = content::tags(&body);
    Ok(Written {
        html: content::render_apart(body.clone()).await?,
        link: content::first_web_link(&body).and_then(|l| previews::card_address(&l)),
        body,
        topics: tags.topics,
        mentions: tags.mentions,
    })
}

impl Written {
    /// A post's body as it is, when an edit changes only the title.
    fn kept(post: &PostRow) -> Written {
        let tags = content::tags(&post.body);
        Written {
            body: post.body.clone(),
            html: post.body_html.clone(),
            topics: tags.topics,
            mentions: tags.mentions,
            link: content::first_web_link(&post.body).and_then(|l| previews::card_address(&l)),
        }
    }
}

/// The people behind `usernames` whom `author` may see: a guest cannot mention, or learn
/// the existence of, anyone outside their communities.
fn mentionable(
    conn: &mut DbConnection,
    author: &UserRow,
    usernames: &[String],
) -> ApiResult<Vec<UserRow>> {
    let people = People::load(conn, author)?;
    Ok(users::by_usernames(conn, usernames)?
        .into_iter()
        .filter(|u| people.can_view(u))
        .collect())
}

/// The mentioned people who exist (their usernames), telling those not in `already`.
fn mention(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    actor: &UserRow,
    post: &posts::PostRow,
    mentioned: &[String],
    already: &[String],
    now: i64,
) -> ApiResult<Vec<String>> {
    let people = mentionable(conn, actor, mentioned)?;
    for person in people.iter().filter(|p| !already.contains(&p.username)) {
        let about = About::new(NotificationKind::Mention, actor, now).post(post);
        notify::tell(conn, outbox, person, &about)?;
    }
    // In the order they were written.
    Ok(mentioned
        .iter()
        .filter(|name| people.iter().any(|p| &p.username == *name))
        .cloned()
        .collect())
}

/// A post about to be stored.
struct Draft<'a> {
    title: Option<String>,
    written: Written,
    group: Option<&'a CommunityRow>,
    shared_post_id: Option<&'a str>,
}

/// Stores a new post (or share) and tells the people it mentions.
fn publish(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    author: &UserRow,
    draft: Draft<'_>,
    now: i64,
) -> ApiResult<PostRow> {
    let Draft {
        title,
        written,
        group,
        shared_post_id,
    } = draft;
    let id = new_id();
    let preview_url = written
        .link
        .clone()
        .filter(|_| group.is_none_or(|g| g.link_previews));
    let known_mentions: Vec<String> = mentionable(conn, author, &written.mentions)?
        .into_iter()
        .map(|u| u.username)
        .collect();
    let mentions: Vec<String> = written
        .mentions
        .iter()
        .filter(|m| known_mentions.contains(m))
        .cloned()
        .collect();
    posts::insert(
        conn,
        NewPost {
            id: &id,
            author_id: &author.id,
            group_id: group.map(|g| g.id.as_str()),
            title: title.as_deref(),
            body: &written.body,
            body_html: &written.html,
            topics: &written.topics,
            mentions: &mentions,
            shared_post_id,
            in_company_feed: group.is_none_or(|g| g.privacy() == Privacy::Open),
            preview_url: preview_url.as_deref(),
            now,
        },
    )?;
    if let Some(url) = &preview_url {
        link_previews::queue(conn, &id, url, now)?;
    }
    let stored = posts::view(conn, &id, &author.id)?
        .ok_or(ApiError::NotFound)?
        .post;
    mention(conn, outbox, author, &stored, &mentions, &[], now)?;
    Ok(stored)
}

/// Write a post
///
/// A short update, or an article when it has a title. Without `group_id` it is company-wide
/// (employees only). `#topics` and `@usernames` in the body are recognised; mentioned people
/// who can see the post are notified.
#[utoipa::path(
    post, path = "/api/v1/posts", operation_id = "create_post", tag = "posts",
    request_body = CreatePostRequest,
    responses(
        (status = 201, description = "Posted", body = Post),
        (status = 403, description = "Guests cannot post company-wide (`company_wide_not_allowed`)", body = ErrorBody),
        (status = 404, description = "No such community, or not visible", body = ErrorBody),
        (status = 422, description = "Invalid body, title or attachments (`validation_failed`), or an attachment that is not the author's unused upload (`media_not_usable`)", body = ErrorBody),
    )
)]
pub async fn create_post(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreatePostRequest>,
) -> ApiResult<HttpResponse> {
    let request = body.into_inner();
    let mut errors = FieldErrors::new();
    let text = errors.check("body", PostBody::parse(&request.body));
    let title = errors.check(
        "title",
        validation::title(request.title.as_deref().unwrap_or("")),
    );
    if request.attachments.len() > MAX_ATTACHMENTS {
        errors.add("attachments", format!("at most {MAX_ATTACHMENTS} files"));
    }
    errors.clone().finish()?;
    let (Some(text), Some(title)) = (text, title) else {
        return Err(errors.into());
    };
    let written = write_up(text.into_inner()).await?;
    let has_link = written.link.is_some();
    let author = caller.user;
    let now = state.now();
    let (user_id, asked) = (author.id.clone(), request.clone());
    let answer = idempotency::once(
        &state,
        &user_id,
        key,
        &asked,
        StatusCode::CREATED,
        move |conn, outbox| {
            let reader = Reader::load(conn, author)?;
            let group = target_group(conn, request.group_id.as_deref())?;
            policy::posts::can_post_to(&reader, group.as_ref())?;
            let quiet_until_now = match &group {
                Some(g) => todo::ends_quiet_spell(conn, &g.id, now)?,
                None => false,
            };
            let draft = Draft {
                title,
                written,
                group: group.as_ref(),
                shared_post_id: None,
            };
            let row = publish(conn, outbox, &reader.user, draft, now)?;
            let files = &request.attachments;
            attachments::claim(conn, files, &reader.user.id, media::FOR_POST, &row.id)?;
            if let (true, Some(g)) = (quiet_until_now, &group) {
                todo::changed(conn, outbox, &g.id)?;
            }
            let post = one(conn, &reader, &row.id)?;
            outbox.push(
                &EventBody::PostCreated(Box::new(post.clone())),
                Audience::post(&row),
            );
            Ok(post)
        },
    )
    .await?;
    if has_link {
        state.previews.wake();
    }
    Ok(answer)
}

/// Preview a post
///
/// Renders Markdown exactly as a post's body would be, without saving anything: for the
/// composer's preview.
#[utoipa::path(
    post, path = "/api/v1/preview", operation_id = "preview_post", tag = "posts",
    request_body = PreviewRequest,
    responses(
        (status = 200, description = "The rendered body and its tags", body = Preview),
        (status = 422, description = "Empty or too long (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn preview(
    _caller: Caller,
    body: web::Json<PreviewRequest>,
) -> ApiResult<web::Json<Preview>> {
    let text = PostBody::parse(&body.body).map_err(|m| ApiError::invalid_field("body", m))?;
    let written = write_up(text.into_inner()).await?;
    Ok(web::Json(Preview {
        body_html: written.html,
        topics: written.topics,
        mentions: written.mentions,
    }))
}

/// Read a post
#[utoipa::path(
    get, path = "/api/v1/posts/{id}", operation_id = "get_post", tag = "posts",
    params(("id" = String, Path, description = "Post id")),
    responses(
        (status = 200, description = "The post", body = Post),
        (status = 404, description = "No such post, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn get_post(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<Post>> {
    let id = path.into_inner();
    let viewer = caller.user;
    Ok(web::Json(
        state
            .read(move |conn| {
                let reader = Reader::load(conn, viewer)?;
                one(conn, &reader, &id)
            })
            .await?,
    ))
}

/// Edit a post
///
/// By the author only. The previous version is kept in the post's history and `edited_at`
/// is set. People newly mentioned are notified. `attachments` replaces the post's files.
#[utoipa::path(
    patch, path = "/api/v1/posts/{id}", operation_id = "update_post", tag = "posts",
    params(("id" = String, Path, description = "Post id")),
    request_body = UpdatePostRequest,
    responses(
        (status = 200, description = "The edited post", body = Post),
        (status = 403, description = "Not the author (`not_author`)", body = ErrorBody),
        (status = 404, description = "No such post, or not visible to the caller", body = ErrorBody),
        (status = 422, description = "Invalid body or title (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn update_post(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: web::Json<UpdatePostRequest>,
) -> ApiResult<web::Json<Post>> {
    let request = body.into_inner();
    let mut errors = FieldErrors::new();
    let text = match &request.body {
        Some(raw) => errors.check("body", PostBody::parse(raw)).map(Some),
        None => Some(None),
    };
    let title = match &request.title {
        Some(raw) => errors.check("title", validation::title(raw)).map(Some),
        None => Some(None),
    };
    if let Some(files) = &request.attachments {
        if files.len() > MAX_ATTACHMENTS {
            errors.add("attachments", format!("at most {MAX_ATTACHMENTS} files"));
        }
    }
    errors.clone().finish()?;
    let (Some(text), Some(title)) = (text, title) else {
        return Err(errors.into());
    };
    let files = request.attachments.clone();

    let written = match text {
        Some(text) => Some(write_up(text.into_inner()).await?),
        None => None,
    };
    let id = path.into_inner();
    let editor = caller.user;
    let now = state.now();
    let (post, card) = state
        .write_announcing(move |conn, outbox| {
            let reader = Reader::load(conn, editor)?;
            let old = open_post(conn, &reader, &id)?.post;
            policy::posts::can_edit(&reader.user, &old.author_id)?;
            let written = written.unwrap_or_else(|| Written::kept(&old));
            let card = new_card(conn, outbox, &old, &written, now)?;
            if let Some(files) = &files {
                attachments::replace(conn, files, &reader.user.id, media::FOR_POST, &old.id, now)?;
            }
            let title = title.unwrap_or_else(|| old.title.clone());
            let already = old.mentions();
            let mentions = mention(
                conn,
                outbox,
                &reader.user,
                &old,
                &written.mentions,
                &already,
                now,
            )?;
            posts::edit(
                conn,
                &old,
                Edit {
                    title: title.as_deref(),
                    body: &written.body,
                    body_html: &written.html,
                    topics: &written.topics,
                    mentions: &mentions,
                    now,
                },
                &new_id(),
            )?;
            let post = one(conn, &reader, &id)?;
            let edited = PostEdited {
                post_id: post.id.clone(),
                title: post.title.clone(),
                body: post.body.clone(),
                body_html: post.body_html.clone(),
                topics: post.topics.clone(),
                mentions: post.mentions.clone(),
                attachments: post.attachments.clone(),
                edited_at: post.edited_at.unwrap_or(post.created_at),
            };
            outbox.push(&EventBody::PostUpdated(edited), Audience::post(&old));
            Ok((post, card))
        })
        .await?;
    if card {
        state.previews.wake();
    }
    Ok(web::Json(post))
}

/// When an edit changes the post's first web link: the old card goes, and a new one is
/// asked for (unless the community has previews off). True when one is asked for.
fn new_card(
    conn: &mut DbConnection,
    outbox: &mut Outbox,
    old: &PostRow,
    written: &Written,
    now: i64,
) -> ApiResult<bool> {
    let before = content::first_web_link(&old.body).and_then(|l| previews::card_address(&l));
    if written.link == before {
        return Ok(false);
    }
    let allowed = match &old.group_id {
        Some(group) => link_previews::community_allows(conn, group)?,
        None => true,
    };
    let url = written.link.as_deref().filter(|_| allowed);
    media::release(conn, media::FOR_PREVIEW, &old.id, now)?;
    link_previews::set_post_url(conn, &old.id, url, now)?;
    if old.preview_url.is_some() {
        let (event, audience) = previews::removed(old);
        outbox.push(&event, audience);
    }
    Ok(url.is_some())
}

/// Delete a post
///
/// By its author, an admin or a community manager (and a moderator of its community).
/// Shares of it stay, showing the original as no longer available.
#[utoipa::path(
    delete, path = "/api/v1/posts/{id}", operation_id = "delete_post", tag = "posts",
    params(("id" = String, Path, description = "Post id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not the author or a moderator (`not_allowed`)", body = ErrorBody),
        (status = 404, description = "No such post, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn delete_post(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let viewer = caller.user;
    let now = state.now();
    state
        .write_announcing(move |conn, outbox| {
            let reader = Reader::load(conn, viewer)?;
            let post = visible_post(conn, &reader, &id)?.post;
            policy::posts::can_delete_post(&reader, &post)?;
            posts::delete(conn, &post, now)?;
            let deleted = PostDeleted {
                post_id: post.id.clone(),
            };
            outbox.push(&EventBody::PostDeleted(deleted), Audience::post(&post));
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove a post's link preview
///
/// By the post's author: the card under the post goes (for everyone, at once over the
/// stream) and does not come back unless the post is edited to link somewhere else.
#[utoipa::path(
    delete, path = "/api/v1/posts/{id}/preview", operation_id = "remove_link_preview", tag = "posts",
    params(("id" = String, Path, description = "Post id")),
    responses(
        (status = 204, description = "Removed (or there was none)"),
        (status = 403, description = "Not the author (`not_author`)", body = ErrorBody),
        (status = 404, description = "No such post, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn remove_preview(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let viewer = caller.user;
    let now = state.now();
    state
        .write_announcing(move |conn, outbox| {
            let reader = Reader::load(conn, viewer)?;
            let post = visible_post(conn, &reader, &id)?.post;
            policy::posts::can_edit(&reader.user, &post.author_id)?;
            if post.preview_url.is_some() {
                media::release(conn, media::FOR_PREVIEW, &post.id, now)?;
                link_previews::set_post_url(conn, &post.id, None, now)?;
                let (event, audience) = previews::removed(&post);
                outbox.push(&event, audience);
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Earlier versions of a post
///
/// Newest first: what the post said before each edit.
#[utoipa::path(
    get, path = "/api/v1/posts/{id}/history", operation_id = "post_history", tag = "posts",
    params(("id" = String, Path, description = "Post id"), PageQuery),
    responses(
        (status = 200, description = "A page of earlier versions", body = Page<PostVersion>),
        (status = 404, description = "No such post, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn history(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<Page<PostVersion>>> {
    let (limit, after) = pagination::time_keyed(&query)?;
    let id = path.into_inner();
    let viewer = caller.user;
    let rows = state
        .read(move |conn| {
            let reader = Reader::load(conn, viewer)?;
            visible_post(conn, &reader, &id)?;
            Ok(posts::history(conn, &id, after, limit + 1)?)
        })
        .await?;
    Ok(web::Json(pagination::page(
        rows,
        limit,
        |v| pagination::encode_time_id(v.replaced_at, &v.id),
        |_| true,
        |v| PostVersion {
            title: v.title,
            body: v.body,
            body_html: v.body_html,
            replaced_at: to_datetime(v.replaced_at),
        },
    )))
}

/// React to a post
///
/// One reaction per person: reacting again with another kind replaces it. The body is
/// optional; without it the reaction is `like`.
#[utoipa::path(
    put, path = "/api/v1/posts/{id}/like", operation_id = "react_to_post", tag = "posts",
    params(("id" = String, Path, description = "Post id")),
    request_body(content = ReactRequest, description = "`{kind}`; optional: no body (or `null`) is a like"),
    responses(
        (status = 200, description = "The post's reactions now", body = Reactions),
        (status = 404, description = "No such post, or not visible to the caller", body = ErrorBody),
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
            let post = open_post(conn, &reader, &id)?.post;
            let change = reactions::on_posts::react(conn, &id, &reader.user.id, kind, now)?;
            if change == Change::Added {
                let author = users::get(conn, &post.author_id)?;
                let about = About::new(NotificationKind::Like, &reader.user, now).post(&post);
                notify::tell(conn, outbox, &author, &about)?;
            }
            let reactions = post_reactions(conn, &reader.user, &id)?;
            announce_reactions(outbox, &post, None, &reader.user, &reactions);
            Ok(reactions)
        })
        .await?;
    Ok(web::Json(reactions))
}

/// Tells everyone who may see `post` that its (or its comment's) reactions changed.
pub fn announce_reactions(
    outbox: &mut Outbox,
    post: &PostRow,
    comment_id: Option<&str>,
    actor: &UserRow,
    now: &Reactions,
) {
    let changed = ReactionsChanged {
        post_id: post.id.clone(),
        comment_id: comment_id.map(str::to_owned),
        like_count: now.like_count,
        reaction_counts: now.reaction_counts.clone(),
        user_id: Some(actor.id.clone()),
        reaction: now.my_reaction,
    };
    // Those who may not see who reacted (guests) get the counts alone.
    let anonymous = ReactionsChanged {
        user_id: None,
        reaction: None,
        ..changed.clone()
    };
    outbox.push_redactable(
        &EventBody::PostReactions(changed),
        &EventBody::PostReactions(anonymous),
        Audience::post(post).by(&actor.id),
    );
}

fn post_reactions(conn: &mut DbConnection, viewer: &UserRow, id: &str) -> ApiResult<Reactions> {
    let view = posts::view(conn, id, &viewer.id)?.ok_or(ApiError::NotFound)?;
    let mine = view.my_reaction.as_deref().and_then(ReactionKind::parse);
    Ok(present::reactions(view.post.reaction_counts(), mine))
}

/// Take back my reaction to a post
#[utoipa::path(
    delete, path = "/api/v1/posts/{id}/like", operation_id = "unreact_to_post", tag = "posts",
    params(("id" = String, Path, description = "Post id")),
    responses(
        (status = 200, description = "The post's reactions now", body = Reactions),
        (status = 404, description = "No such post, or not visible to the caller", body = ErrorBody),
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
            let post = open_post(conn, &reader, &id)?.post;
            reactions::on_posts::remove(conn, &id, &reader.user.id)?;
            let reactions = post_reactions(conn, &reader.user, &id)?;
            announce_reactions(outbox, &post, None, &reader.user, &reactions);
            Ok(reactions)
        })
        .await?;
    Ok(web::Json(reactions))
}

/// Who reacted to a post
///
/// Newest first.
#[utoipa::path(
    get, path = "/api/v1/posts/{id}/likes", operation_id = "list_post_reactions", tag = "posts",
    params(("id" = String, Path, description = "Post id"), PageQuery),
    responses(
        (status = 200, description = "A page of reactions", body = Page<Reaction>),
        (status = 404, description = "No such post, or not visible to the caller", body = ErrorBody),
    )
)]
pub async fn likes(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<Page<Reaction>>> {
    let (limit, after) = pagination::time_keyed(&query)?;
    let id = path.into_inner();
    let viewer = caller.user;
    let (rows, reader) = state
        .read(move |conn| {
            let reader = Reader::load(conn, viewer)?;
            visible_post(conn, &reader, &id)?;
            Ok((
                reactions::on_posts::list(conn, &id, after, limit + 1)?,
                reader,
            ))
        })
        .await?;
    Ok(web::Json(pagination::page(
        rows,
        limit,
        |(user, _, at)| pagination::encode_time_id(*at, &user.id),
        |(user, _, _)| reader.people().can_view(user),
        |(user, kind, at)| Reaction {
            user: present::user_summary(&user),
            kind: ReactionKind::parse(&kind).unwrap_or(ReactionKind::Like),
            created_at: to_datetime(at),
        },
    )))
}

/// Share a post
///
/// Makes a new post that embeds this one, with an optional comment, company-wide or in a
/// community. Only what the caller can see can be shared, and a post of a closed or secret
/// community cannot be shared outside it.
#[utoipa::path(
    post, path = "/api/v1/posts/{id}/shares", operation_id = "share_post", tag = "posts",
    params(("id" = String, Path, description = "Post id")),
    request_body = ShareRequest,
    responses(
        (status = 201, description = "The new post, with `shared_post`", body = Post),
        (status = 403, description = "Not allowed to share there (`share_not_allowed`, `company_wide_not_allowed`)", body = ErrorBody),
        (status = 404, description = "No such post, or not visible to the caller", body = ErrorBody),
        (status = 422, description = "Invalid body (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn share(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    key: IdempotencyKey,
    body: web::Json<ShareRequest>,
) -> ApiResult<HttpResponse> {
    let request = body.into_inner();
    let text = match request.body.as_deref().filter(|b| !b.trim().is_empty()) {
        Some(raw) => PostBody::parse(raw)
            .map_err(|m| ApiError::invalid_field("body", m))?
            .into_inner(),
        None => String::new(),
    };
    let written = write_up(text).await?;
    let id = path.into_inner();
    let sharer = caller.user;
    let now = state.now();
    let (user_id, asked) = (sharer.id.clone(), request.clone());
    idempotency::once(
        &state,
        &user_id,
        key,
        &asked,
        StatusCode::CREATED,
        move |conn, outbox| {
            let reader = Reader::load(conn, sharer)?;
            let original = visible_post(conn, &reader, &id)?.post;
            let target = target_group(conn, request.group_id.as_deref())?;
            policy::posts::can_share(&reader, &original, target.as_ref())?;
            let draft = Draft {
                title: None,
                written,
                group: target.as_ref(),
                shared_post_id: Some(&id),
            };
            let row = publish(conn, outbox, &reader.user, draft, now)?;
            let author = users::get(conn, &original.author_id)?;
            let about = About::new(NotificationKind::Share, &reader.user, now).post(&original);
            notify::tell(conn, outbox, &author, &about)?;
            let post = one(conn, &reader, &row.id)?;
            let mut redacted = post.clone();
            redacted.shared_post = Some(present::unavailable(&id));
            let audience = Audience::Post {
                place: Place::of(&row),
                original: Some(Place::of(&original)),
                actor: None,
            };
            outbox.push_redactable(
                &EventBody::PostCreated(Box::new(post.clone())),
                &EventBody::PostCreated(Box::new(redacted)),
                audience,
            );
            Ok(post)
        },
    )
    .await
}
