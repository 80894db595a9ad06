//! `/conversations`: direct messages between two to fifty people.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use hearth_common::conversations::{
    Conversation, CreateConversationRequest, MarkConversationReadRequest, Message, Participant,
    SendMessageRequest,
};
use hearth_common::error::ErrorBody;
use hearth_common::error::ErrorCode;
use hearth_common::events::{EventBody, MessageRead, Typing};
use hearth_common::media::{Media, MAX_ATTACHMENTS};
use hearth_common::page::{Page, PageQuery};
use hearth_common::validation::CommentBody;
use hearth_db::conversations::{self, MessageRow, NewMessage, ParticipantRow};
use hearth_db::time::to_datetime;
use hearth_db::users::{self, UserRow};
use hearth_db::{media, new_id, DbConnection};

use crate::auth::Caller;
use crate::content;
use crate::error::{ApiError, ApiResult};
use crate::idempotency::{self, IdempotencyKey};
use crate::media::attachments;
use crate::pagination;
use crate::policy::conversations::{can_message, may_talk, require_participant};
use crate::policy::users::People;
use crate::present::user_summary;
use crate::state::AppState;
use crate::stream::{Audience, Outbox};

/// Others in one conversation, at most.
const MAX_OTHERS: usize = 49;

fn message_json(row: &MessageRow, author: &UserRow, attachments: Vec<Media>) -> Message {
    Message {
        id: row.id.clone(),
        conversation_id: row.conversation_id.clone(),
        author: user_summary(author),
        body: row.body.clone(),
        body_html: row.body_html.clone(),
        attachments,
        created_at: to_datetime(row.created_at),
    }
}

/// Messages with their files.
pub(crate) fn messages_json(
    conn: &mut DbConnection,
    rows: Vec<(MessageRow, UserRow)>,
) -> ApiResult<Vec<Message>> {
    let ids: Vec<String> = rows.iter().map(|(m, _)| m.id.clone()).collect();
    let mut files = attachments::of(conn, media::FOR_MESSAGE, &ids)?;
    Ok(rows
        .into_iter()
        .map(|(m, author)| {
            let own = files.remove(&m.id).unwrap_or_default();
            message_json(&m, &author, own)
        })
        .collect())
}

/// The conversation as the caller (`mine`) sees it.
fn conversation_json(conn: &mut DbConnection, mine: &ParticipantRow) -> ApiResult<Conversation> {
    let id = &mine.conversation_id;
    let participants = conversations::participants(conn, id)?
        .into_iter()
        .map(|(p, user)| Participant {
            user: user_summary(&user),
            last_read_message_id: p.last_read_message_id,
        })
        .collect();
    let last = conversations::messages(conn, id, None, 1)?;
    let last_message = messages_json(conn, last)?.pop();
    Ok(Conversation {
        id: id.clone(),
        participants,
        unread_count: u64::try_from(mine.unread_count).unwrap_or(0),
        last_message,
        last_activity_at: to_datetime(mine.last_activity_at),
    })
}

fn mine(conn: &mut DbConnection, id: &str, user: &UserRow) -> ApiResult<ParticipantRow> {
    require_participant(conversations::participant(conn, id, &user.id)?)
}

/// My conversations
///
/// Most recent activity first, each with my unread count and its last message.
#[utoipa::path(
    get, path = "/api/v1/conversations", operation_id = "list_conversations", tag = "messages",
    params(PageQuery),
    responses((status = 200, description = "A page of conversations", body = Page<Conversation>))
)]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<Page<Conversation>>> {
    let (limit, after) = pagination::time_keyed(&query)?;
    let user = caller.user;
    let page = state
        .read(move |conn| {
            let rows = conversations::inbox(conn, &user.id, after, limit + 1)?;
            let keyed: Vec<(String, ParticipantRow)> = rows
                .into_iter()
                .map(|p| {
                    (
                        pagination::encode_time_id(p.last_activity_at, &p.conversation_id),
                        p,
                    )
                })
                .collect();
            let page = pagination::page(keyed, limit, |(key, _)| key.clone(), |_| true, |(_, p)| p);
            let items = page
                .items
                .iter()
                .map(|p| conversation_json(conn, p))
                .collect::<ApiResult<_>>()?;
            Ok(Page {
                items,
                next_cursor: page.next_cursor,
            })
        })
        .await?;
    Ok(web::Json(page))
}

/// Start a conversation
///
/// With 1 to 49 others. With one person, the existing conversation of the two is returned
/// (200) rather than a new one. Everyone must be someone the caller may see: a guest can
/// message only people who share a community with them.
#[utoipa::path(
    post, path = "/api/v1/conversations", operation_id = "create_conversation", tag = "messages",
    request_body = CreateConversationRequest,
    responses(
        (status = 200, description = "The existing conversation of the two", body = Conversation),
        (status = 201, description = "Started", body = Conversation),
        (status = 422, description = "No one, too many, or someone the caller cannot message (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateConversationRequest>,
) -> ApiResult<HttpResponse> {
    let mut others: Vec<String> = body.into_inner().participant_ids;
    others.sort();
    others.dedup();
    others.retain(|id| id != &caller.user.id);
    if others.is_empty() || others.len() > MAX_OTHERS {
        return Err(ApiError::invalid_field(
            "participant_ids",
            format!("name 1 to {MAX_OTHERS} other people"),
        ));
    }
    let user = caller.user;
    // Two people starting the same 1:1 conversation at once: one insert wins, the other meets
    // the unique pair key, and its second attempt finds the conversation.
    let mut attempts = 0;
    let (conversation, created) = loop {
        attempts += 1;
        match start(&state, user.clone(), others.clone()).await {
            Err(ApiError::Conflict {
                code: ErrorCode::Conflict,
                ..
            }) if attempts < 2 => continue,
            outcome => break outcome?,
        }
    };
    let mut response = if created {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(response.json(conversation))
}

async fn start(
    state: &AppState,
    user: UserRow,
    others: Vec<String>,
) -> ApiResult<(Conversation, bool)> {
    let now = state.now();
    state
        .write(move |conn| {
            let people = People::load(conn, &user)?;
            let mut everyone = vec![user.clone()];
            for id in &others {
                match users::find(conn, id)?.filter(|target| can_message(&people, target)) {
                    Some(target) => everyone.push(target),
                    None => {
                        return Err(ApiError::invalid_field(
                            "participant_ids",
                            "includes someone you cannot message",
                        ))
                    }
                }
            }
            if !may_talk(conn, &everyone)? {
                return Err(ApiError::invalid_field(
                    "participant_ids",
                    "includes someone you cannot message",
                ));
            }
            let pair = (others.len() == 1).then(|| conversations::pair_key(&user.id, &others[0]));
            if let Some(existing) = pair
                .as_deref()
                .map(|key| conversations::find_pair(conn, key))
                .transpose()?
                .flatten()
            {
                let me = mine(conn, &existing, &user)?;
                return Ok((conversation_json(conn, &me)?, false));
            }
            let id = new_id();
            let mut everyone = others.clone();
            everyone.push(user.id.clone());
            conversations::create(conn, &id, pair.as_deref(), &everyone, now)?;
            let me = mine(conn, &id, &user)?;
            Ok((conversation_json(conn, &me)?, true))
        })
        .await
}

/// A conversation
///
/// With every participant's `last_read_message_id` (read receipts).
#[utoipa::path(
    get, path = "/api/v1/conversations/{id}", operation_id = "get_conversation", tag = "messages",
    params(("id" = String, Path, description = "Conversation id")),
    responses(
        (status = 200, description = "The conversation", body = Conversation),
        (status = 404, description = "No such conversation of mine", body = ErrorBody),
    )
)]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<Conversation>> {
    let id = path.into_inner();
    let user = caller.user;
    let conversation = state
        .read(move |conn| {
            let me = mine(conn, &id, &user)?;
            conversation_json(conn, &me)
        })
        .await?;
    Ok(web::Json(conversation))
}

/// Messages of a conversation
///
/// Newest first.
#[utoipa::path(
    get, path = "/api/v1/conversations/{id}/messages", operation_id = "list_messages", tag = "messages",
    params(("id" = String, Path, description = "Conversation id"), PageQuery),
    responses(
        (status = 200, description = "A page of messages", body = Page<Message>),
        (status = 404, description = "No such conversation of mine", body = ErrorBody),
    )
)]
pub async fn messages(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> ApiResult<web::Json<Page<Message>>> {
    let (limit, after) = pagination::time_keyed(&query)?;
    let id = path.into_inner();
    let user = caller.user;
    let rows = state
        .read(move |conn| {
            mine(conn, &id, &user)?;
            let rows = conversations::messages(conn, &id, after, limit + 1)?;
            let ids: Vec<String> = rows.iter().map(|(m, _)| m.id.clone()).collect();
            let files = attachments::of(conn, media::FOR_MESSAGE, &ids)?;
            Ok((rows, files))
        })
        .await?;
    let (rows, files) = rows;
    Ok(web::Json(pagination::page(
        rows,
        limit,
        |(m, _)| pagination::encode_time_id(m.created_at, &m.id),
        |_| true,
        |(m, author)| {
            let own = files.get(&m.id).cloned().unwrap_or_default();
            message_json(&m, &author, own)
        },
    )))
}

/// Send a message
///
/// Markdown, rendered and sanitised as comments are. The others are notified.
#[utoipa::path(
    post, path = "/api/v1/conversations/{id}/messages", operation_id = "send_message", tag = "messages",
    params(("id" = String, Path, description = "Conversation id")),
    request_body = SendMessageRequest,
    responses(
        (status = 201, description = "Sent", body = Message),
        (status = 404, description = "No such conversation of mine", body = ErrorBody),
        (status = 422, description = "Empty or too long (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn send(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    key: IdempotencyKey,
    body: web::Json<SendMessageRequest>,
) -> ApiResult<HttpResponse> {
    let text = CommentBody::parse(&body.body).map_err(|m| ApiError::invalid_field("body", m))?;
    attachments::check_count(&body.attachments, MAX_ATTACHMENTS)?;
    let html = content::render_apart(text.as_str().to_owned()).await?;
    let id = path.into_inner();
    let user = caller.user;
    let now = state.now();
    let (user_id, asked) = (user.id.clone(), body.into_inner());
    let asked_files = asked.attachments.clone();
    idempotency::once(
        &state,
        &user_id,
        key,
        &asked,
        StatusCode::CREATED,
        move |conn, outbox| {
            mine(conn, &id, &user)?;
            let message_id = new_id();
            let new = NewMessage {
                id: &message_id,
                conversation_id: &id,
                author_id: &user.id,
                body: text.as_str(),
                body_html: &html,
                now,
            };
            conversations::add_message(conn, new)?;
            let files = &asked_files;
            attachments::claim(conn, files, &user.id, media::FOR_MESSAGE, &message_id)?;
            let sent = conversations::message(conn, &message_id)?.ok_or(ApiError::NotFound)?;
            let message = messages_json(conn, vec![sent])?.remove(0);
            let everyone = conversations::participants(conn, &id)?;
            let people: Vec<UserRow> = everyone.iter().map(|(_, u)| u.clone()).collect();
            if !may_talk(conn, &people)? {
                return Err(ApiError::forbidden(
                    ErrorCode::CannotMessage,
                    "someone in this conversation no longer shares a community with a guest in it",
                ));
            }
            outbox.push(
                &EventBody::MessageCreated(message.clone()),
                Audience::people(everyone.iter().map(|(_, u)| &u.id)),
            );
            Ok(message)
        },
    )
    .await
}

/// Mark a conversation read
///
/// Up to and including `message_id`; the others see it as my `last_read_message_id`.
#[utoipa::path(
    post, path = "/api/v1/conversations/{id}/read", operation_id = "mark_conversation_read", tag = "messages",
    params(("id" = String, Path, description = "Conversation id")),
    request_body = MarkConversationReadRequest,
    responses(
        (status = 204, description = "Marked"),
        (status = 404, description = "No such conversation of mine, or no such message in it", body = ErrorBody),
    )
)]
pub async fn mark_read(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: web::Json<MarkConversationReadRequest>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let message_id = body.into_inner().message_id;
    let user = caller.user;
    state
        .write_announcing(move |conn, outbox| {
            mine(conn, &id, &user)?;
            let (message, _) = conversations::message(conn, &message_id)?
                .filter(|(m, _)| m.conversation_id == id)
                .ok_or(ApiError::NotFound)?;
            conversations::mark_read(conn, &id, &user.id, &message)?;
            let read = MessageRead {
                conversation_id: id.clone(),
                user_id: user.id.clone(),
                last_read_message_id: message.id,
            };
            let everyone = conversations::participants(conn, &id)?;
            let people: Vec<UserRow> = everyone.iter().map(|(_, u)| u.clone()).collect();
            if !may_talk(conn, &people)? {
                return Err(ApiError::forbidden(
                    ErrorCode::CannotMessage,
                    "someone in this conversation no longer shares a community with a guest in it",
                ));
            }
            outbox.push(
                &EventBody::MessageRead(read),
                Audience::people(everyone.iter().map(|(_, u)| &u.id)),
            );
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// I am typing
///
/// Tells the other participants, live, that the caller is typing. Send it every few seconds
/// while typing; the others get at most one `typing` event per person every 3 seconds.
#[utoipa::path(
    post, path = "/api/v1/conversations/{id}/typing", operation_id = "conversation_typing", tag = "messages",
    params(("id" = String, Path, description = "Conversation id")),
    responses(
        (status = 204, description = "Told (or told recently enough)"),
        (status = 404, description = "No such conversation of mine", body = ErrorBody),
    )
)]
pub async fn typing(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let user = caller.user;
    let lookup = (id.clone(), user.clone());
    let others: Vec<String> = state
        .read(move |conn| {
            let (id, user) = lookup;
            mine(conn, &id, &user)?;
            Ok(conversations::participants(conn, &id)?
                .into_iter()
                .map(|(_, u)| u.id)
                .filter(|other| *other != user.id)
                .collect())
        })
        .await?;
    if state.typing.admit(&user.id, &id) {
        let mut outbox = Outbox::default();
        let typing = Typing {
            conversation_id: id,
            user: user_summary(&user),
        };
        outbox.push(&EventBody::Typing(typing), Audience::people(others));
        state.announce(outbox).await?;
    }
    Ok(HttpResponse::NoContent().finish())
}
