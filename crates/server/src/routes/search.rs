//! `/search`: posts, comments and one's own messages by their words, as the reader may see
//! them.

use hearth_common::error::ErrorCode;
use std::collections::HashMap;

use actix_web::web;
use hearth_common::conversations::Message;
use hearth_common::error::ErrorBody;
use hearth_common::page::{Page, PageQuery};
use hearth_common::search::{SearchHit, SearchKind, SearchQuery, MAX_QUERY_CHARS};
use hearth_db::search::terms::{query_words, QueryWord};
use hearth_db::search::{self as index, Hit};
use hearth_db::{comments, communities, conversations, media, posts, DbConnection};

use crate::auth::Caller;
use crate::content::plain_text;
use crate::error::{ApiError, ApiResult};
use crate::media::attachments;
use crate::pagination;
use crate::policy;
use crate::policy::posts::Reader;
use crate::present;
use crate::routes::conversations::messages_json;
use crate::routes::posts::assemble;
use crate::routes::{groups, users};
use crate::search::snippet;
use crate::state::AppState;

/// Matches ranked per query: the most recent this many, ordered by relevance. Pages go
/// through them, so a query matching very many posts still costs a bounded amount.
const RANKED: i64 = 200;

/// Search
///
/// Posts and articles (`type=posts`, the default) or comments (`type=comments`) the caller
/// may read, or messages of the caller's own conversations (`type=messages`), in which
/// every word of `q` appears: as written, in another form, without its
/// accents, or as part of a longer word. Most relevant first (a word in the title counts
/// double), then newest; among the 200 newest matches. `type=people` and
/// `type=communities` find people and communities whose names contain `q`, exactly as the
/// directory and the list of communities do. Hidden things are never found, counted or
/// hinted at. Anyone signed in.
#[utoipa::path(
    get, path = "/api/v1/search", operation_id = "search", tag = "search",
    params(SearchQuery),
    responses(
        (status = 200, description = "A page of what was found", body = Page<SearchHit>),
        (status = 400, description = "`limit` out of range or a cursor this server did not give (`invalid_query`, `invalid_cursor`)", body = ErrorBody),
        (status = 422, description = "`q` empty, without a word, or over 200 characters (`validation_failed`)", body = ErrorBody),
    )
)]
pub async fn search(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<SearchQuery>,
) -> ApiResult<web::Json<Page<SearchHit>>> {
    let SearchQuery {
        q,
        kind,
        limit,
        cursor,
    } = query.into_inner();
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::invalid_field(
            "q",
            format!("must be at most {MAX_QUERY_CHARS} characters"),
        ));
    }
    let words = query_words(&q);
    if words.is_empty() {
        return Err(ApiError::invalid_field("q", "must have a word to look for"));
    }
    let limit = pagination::limit(&PageQuery {
        limit,
        cursor: None,
    })?;
    let kind = kind.unwrap_or(SearchKind::Posts);
    match kind {
        SearchKind::Posts | SearchKind::Comments | SearchKind::Messages => {}
        SearchKind::People | SearchKind::Communities => {
            return Ok(web::Json(
                names(&state, caller, kind, q, limit, cursor).await?,
            ));
        }
    };
    let offset: usize = match cursor.as_deref().map(pagination::decode).transpose()? {
        Some(key) => key.parse().map_err(|_| {
            ApiError::bad_request(
                ErrorCode::InvalidCursor,
                "the cursor is not one this server gave out",
            )
        })?,
        None => 0,
    };
    let viewer = caller.user;
    let page = state
        .read(move |conn| {
            let reader = Reader::load(conn, viewer)?;
            let audience = policy::posts::audience(&reader);
            let mut matching = Vec::with_capacity(words.len());
            for word in &words {
                matching.push(index::matching_terms(conn, word)?);
            }
            let (hits, found) = match kind {
                SearchKind::Comments => {
                    let hits = index::comments(conn, &audience, &matching, RANKED)?;
                    let page = window(&hits, offset, limit);
                    (hits.len(), comment_hits(conn, &reader, page, &words)?)
                }
                SearchKind::Messages => {
                    let hits = index::messages(conn, &reader.user.id, &matching, RANKED)?;
                    let page = window(&hits, offset, limit);
                    (hits.len(), message_hits(conn, page, &words)?)
                }
                _ => {
                    let hits = index::posts(conn, &audience, &matching, RANKED)?;
                    let page = window(&hits, offset, limit);
                    (hits.len(), post_hits(conn, &reader, page, &words)?)
                }
            };
            let next = offset + usize::try_from(limit).unwrap_or(0);
            Ok(Page {
                items: found,
                next_cursor: (next < hits).then(|| pagination::encode(&next.to_string())),
            })
        })
        .await?;
    Ok(web::Json(page))
}

/// People or communities whose names (and the rest the directory and the list of
/// communities search) contain the text: the same pages as `/users?q=` and `/groups?q=`.
async fn names(
    state: &AppState,
    caller: Caller,
    kind: SearchKind,
    q: String,
    limit: i64,
    cursor: Option<String>,
) -> ApiResult<Page<SearchHit>> {
    let q = q.trim().to_owned();
    let viewer = caller.user;
    if kind == SearchKind::People {
        let after = cursor.as_deref().map(pagination::decode).transpose()?;
        let page = state
            .read(move |conn| users::directory_page(conn, &viewer, Some(&q), after, limit))
            .await?;
        return Ok(Page {
            items: page
                .items
                .into_iter()
                .map(|user| SearchHit::Person {
                    user: Box::new(user),
                })
                .collect(),
            next_cursor: page.next_cursor,
        });
    }
    let after = groups::listing_after(cursor.as_deref())?;
    let page = state
        .read(move |conn| {
            let listing = communities::Listing {
                viewer: &viewer.id,
                employee: viewer.role().is_employee(),
                mine: false,
                archived: false,
                query: Some(&q),
                after,
                limit: limit + 1,
            };
            groups::listing_page(conn, listing, limit)
        })
        .await?;
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(|group| SearchHit::Community {
                group: Box::new(group),
            })
            .collect(),
        next_cursor: page.next_cursor,
    })
}

fn window(hits: &[Hit], offset: usize, limit: i64) -> &[Hit] {
    let from = offset.min(hits.len());
    let to = from
        .saturating_add(usize::try_from(limit).unwrap_or(0))
        .min(hits.len());
    &hits[from..to]
}

fn post_hits(
    conn: &mut DbConnection,
    reader: &Reader,
    hits: &[Hit],
    words: &[QueryWord],
) -> ApiResult<Vec<SearchHit>> {
    let keys: Vec<(i64, String)> = hits.iter().map(|h| (h.created_at, h.id.clone())).collect();
    let views: Vec<_> = posts::views(conn, &reader.user.id, &keys)?
        .into_iter()
        .filter(|v| policy::posts::can_see(reader, &v.post))
        .collect();
    Ok(assemble(conn, reader, &views)?
        .into_iter()
        .zip(&views)
        .map(|(post, view)| {
            let title = view.post.title.as_deref().unwrap_or_default();
            let text = format!("{title} {}", plain_text(&view.post.body));
            SearchHit::Post {
                snippet: snippet(text.trim_start(), words),
                post: Box::new(post),
            }
        })
        .collect())
}

fn comment_hits(
    conn: &mut DbConnection,
    reader: &Reader,
    hits: &[Hit],
    words: &[QueryWord],
) -> ApiResult<Vec<SearchHit>> {
    let ids: Vec<String> = hits.iter().map(|h| h.id.clone()).collect();
    let mut found: HashMap<String, _> = comments::views(conn, &ids, &reader.user.id)?
        .into_iter()
        // A guest does not see the comments of employees outside their communities.
        .filter(|v| reader.sees_person(&v.author.id) && !v.author.suspended)
        .map(|v| (v.comment.id.clone(), v))
        .collect();
    let comments: Vec<_> = ids.iter().filter_map(|id| found.remove(id)).collect();
    let comment_ids: Vec<String> = comments.iter().map(|c| c.comment.id.clone()).collect();
    let mut files = attachments::of(conn, media::FOR_COMMENT, &comment_ids)?;
    let keys: Vec<(i64, String)> = comments
        .iter()
        .map(|c| (0, c.comment.post_id.clone()))
        .collect();
    let views = posts::views(conn, &reader.user.id, &keys)?;
    let posts: HashMap<String, _> = assemble(conn, reader, &views)?
        .into_iter()
        .zip(&views)
        .filter(|(_, v)| policy::posts::can_see(reader, &v.post))
        .map(|(post, _)| (post.id.clone(), post))
        .collect();
    Ok(comments
        .iter()
        .filter_map(|c| {
            let post = posts.get(&c.comment.post_id)?.clone();
            Some(SearchHit::Comment {
                post: Box::new(post),
                snippet: snippet(&plain_text(&c.comment.body), words),
                comment: Box::new(present::comment(
                    c,
                    files.remove(&c.comment.id).unwrap_or_default(),
                )),
            })
        })
        .collect())
}

/// Messages found, in the order of `hits` (the query kept them to the caller's
/// conversations).
fn message_hits(
    conn: &mut DbConnection,
    hits: &[Hit],
    words: &[QueryWord],
) -> ApiResult<Vec<SearchHit>> {
    let ids: Vec<String> = hits.iter().map(|h| h.id.clone()).collect();
    let rows = conversations::messages_by_ids(conn, &ids)?;
    let mut found: HashMap<String, Message> = messages_json(conn, rows)?
        .into_iter()
        .map(|m| (m.id.clone(), m))
        .collect();
    Ok(ids
        .iter()
        .filter_map(|id| found.remove(id))
        .map(|message| SearchHit::Message {
            snippet: snippet(&plain_text(&message.body), words),
            message: Box::new(message),
        })
        .collect())
}
