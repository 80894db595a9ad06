//! Link preview cards: for the first web link in a post, Hearth reads the page (through
//! `outbound`, never the reader's browser), keeps its title, description, site and picture
//! once per address, and shows them as a card under every post that links there. The card
//! arrives after the post, as `post.preview` to those who see the post.
//!
//! The picture is processed like an upload (decoded and encoded again, metadata gone) and
//! stored once by its hash; each post that shows it gets a `media` row of its own
//! (`FOR_PREVIEW`), so it is served exactly to who may see that post.

pub mod page;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use actix_web::web::{self, Bytes};
use hearth_common::events::EventBody;
use hearth_common::media::MediaStatus;
use hearth_common::posts::{LinkPreview, PostPreview};
use hearth_db::link_previews::{self, Job, PreviewRow, FAILED, READY};
use hearth_db::media::{self, MediaRow, NewMedia};
use hearth_db::posts::{self, PostRow};
use hearth_db::{new_id, DbConnection};
use reqwest::Url;
use sha2::{Digest, Sha256};
use tokio::sync::{Notify, Semaphore};

use crate::auth::tokens::hex;
use crate::error::{ApiError, ApiResult};
use crate::media::images;
use crate::media::sniff::{self, Sniffed};
use crate::media::store::content_key;
use crate::outbound::{Outbound, OutboundError, Wanted};
use crate::state::AppState;
use crate::stream::Audience;

/// Pages read at once in one process.
const PARALLEL_FETCHES: usize = 2;
/// A card is read again after a week; a page that gave none, after an hour.
const READY_FOR: Duration = Duration::from_secs(7 * 86_400);
const FAILED_FOR: Duration = Duration::from_secs(3_600);
const PAGE: Wanted = Wanted {
    types: &["text/html", "application/xhtml+xml"],
    max_bytes: 512 * 1024,
};
const PICTURE: Wanted = Wanted {
    types: &["image/"],
    max_bytes: 5 * 1024 * 1024,
};
/// Longest link that gets a card.
const MAX_URL_LEN: usize = 2_000;
/// How often the worker looks for jobs when nobody wakes it.
const POLL: Duration = Duration::from_secs(30);
/// How long a taken job is left to its process before another takes it.
const LEASE: Duration = Duration::from_secs(120);

pub struct PreviewService {
    pub outbound: Outbound,
    jobs: Arc<Semaphore>,
    wake: Notify,
}

impl PreviewService {
    pub fn new(outbound: Outbound) -> PreviewService {
        PreviewService {
            outbound,
            jobs: Arc::new(Semaphore::new(PARALLEL_FETCHES)),
            wake: Notify::new(),
        }
    }

    /// A post asking for a card was committed: the worker takes it now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// The address a card is kept under: a web link without its fragment, or `None` for what
/// gets no card.
pub fn card_address(link: &str) -> Option<String> {
    if link.len() > MAX_URL_LEN {
        return None;
    }
    let mut url = Url::parse(link).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    url.set_fragment(None);
    Some(url.to_string())
}

/// The card of each post that has one ready, by post id.
pub fn of(conn: &mut DbConnection, posts: &[&PostRow]) -> ApiResult<HashMap<String, LinkPreview>> {
    let urls: Vec<String> = posts.iter().filter_map(|p| p.preview_url.clone()).collect();
    if urls.is_empty() {
        return Ok(HashMap::new());
    }
    let cards: HashMap<String, PreviewRow> = link_previews::ready(conn, &urls)?
        .into_iter()
        .map(|row| (row.url.clone(), row))
        .collect();
    let linked: Vec<String> = posts
        .iter()
        .filter(|p| {
            p.preview_url
                .as_ref()
                .is_some_and(|u| cards.contains_key(u))
        })
        .map(|p| p.id.clone())
        .collect();
    // A post whose job has not run yet shows no card: the kept one arrives with its picture,
    // at once, when the job gives the post its own copy.
    let pending = link_previews::pending(conn, &linked)?;
    let with_card: Vec<String> = linked
        .into_iter()
        .filter(|id| !pending.contains(id))
        .collect();
    let mut pictures: HashMap<String, MediaRow> =
        media::attached_to(conn, media::FOR_PREVIEW, &with_card)?
            .into_iter()
            .filter_map(|row| Some((row.attached_id.clone()?, row)))
            .collect();
    Ok(posts
        .iter()
        .filter(|p| with_card.contains(&p.id))
        .filter_map(|p| {
            let card = cards.get(p.preview_url.as_ref()?)?;
            Some((p.id.clone(), present(card, pictures.remove(&p.id).as_ref())))
        })
        .collect())
}

fn present(card: &PreviewRow, picture: Option<&MediaRow>) -> LinkPreview {
    LinkPreview {
        url: card.url.clone(),
        title: card.title.clone(),
        description: card.description.clone(),
        site_name: card.site_name.clone(),
        image: picture.map(crate::media::present),
    }
}

/// Makes the cards asked for: at once when woken (`PreviewService::wake`, after a post's
/// commit), and every half minute for jobs a stopped process left.
pub async fn worker(state: web::Data<AppState>) {
    loop {
        if let Err(e) = start_due(&state).await {
            tracing::error!(error = %e, "taking link preview jobs failed");
        }
        let _ = tokio::time::timeout(POLL, state.previews.wake.notified()).await;
    }
}

async fn start_due(state: &web::Data<AppState>) -> ApiResult<()> {
    let now = state.now();
    let lease_until = now + LEASE.as_micros() as i64;
    let jobs = state
        .write(move |conn| Ok(link_previews::take_due(conn, now, lease_until, 20)?))
        .await?;
    for job in jobs {
        let state = state.clone();
        actix_web::rt::spawn(async move {
            if let Err(e) = make(&state, &job).await {
                tracing::error!(post = %job.post_id, error = %e, "making a link preview failed");
            }
            // Done whatever came of it (a card shown has finished it already).
            let done = job.clone();
            if let Err(e) = state
                .write(move |conn| Ok(link_previews::finish(conn, &done)?))
                .await
            {
                tracing::error!(post = %job.post_id, error = %e, "finishing a link preview job failed");
            }
        });
    }
    Ok(())
}

async fn make(state: &AppState, job: &Job) -> ApiResult<()> {
    let url = job.url.as_str();
    let _turn = state
        .previews
        .jobs
        .acquire()
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let now = state.now();
    let key = url.to_owned();
    let kept = state
        .read(move |conn| Ok(link_previews::find(conn, &key)?))
        .await?;
    let fresh = |row: &PreviewRow| {
        let age = if row.status == READY {
            READY_FOR
        } else {
            FAILED_FOR
        };
        now - row.fetched_at < age.as_micros() as i64
    };
    let card = match kept {
        Some(row) if fresh(&row) => row,
        _ => {
            let row = read_page(state, url, now).await;
            let saved = row.clone();
            state
                .write(move |conn| Ok(link_previews::save(conn, &saved)?))
                .await?;
            row
        }
    };
    if card.status != READY {
        return Ok(());
    }
    let job = job.clone();
    state
        .write_announcing(move |conn, outbox| {
            // The job ends with the card: from this commit on, the post shows it.
            link_previews::finish(conn, &job)?;
            let Some(post) = posts::find(conn, &job.post_id)? else {
                return Ok(());
            };
            let url = &job.url;
            // Edited to another link, or the card removed, while the page was read.
            if post.preview_url.as_deref() != Some(url.as_str()) {
                return Ok(());
            }
            let picture = picture_for(conn, &post, &card, now)?;
            let preview = present(&card, picture.as_ref());
            outbox.push(
                &EventBody::PostPreview(PostPreview {
                    post_id: post.id.clone(),
                    preview: Some(preview),
                }),
                Audience::post(&post),
            );
            Ok(())
        })
        .await
}

/// The post's own `media` row for the card's picture (replacing one it had).
fn picture_for(
    conn: &mut DbConnection,
    post: &PostRow,
    card: &PreviewRow,
    now: i64,
) -> ApiResult<Option<MediaRow>> {
    media::release(conn, media::FOR_PREVIEW, &post.id, now)?;
    let (Some(sha), Some(content_type)) = (&card.image_sha256, &card.image_content_type) else {
        return Ok(None);
    };
    let id = new_id();
    media::insert(
        conn,
        &NewMedia {
            id: &id,
            uploader_id: &post.author_id,
            kind: "image",
            status: MediaStatus::Ready.as_str(),
            content_type,
            file_name: "preview",
            byte_size: card.image_bytes.unwrap_or(0),
            sha256: sha,
            width: card.image_width,
            height: card.image_height,
            created_at: now,
        },
    )?;
    media::attach(
        conn,
        std::slice::from_ref(&id),
        &post.author_id,
        media::FOR_PREVIEW,
        &post.id,
    )?;
    Ok(media::find(conn, &id)?)
}

/// What the page at `url` says about itself, with its picture stored; a `failed` row when
/// it cannot be read or says nothing.
async fn read_page(state: &AppState, url: &str, now: i64) -> PreviewRow {
    let mut row = PreviewRow {
        url: url.to_owned(),
        status: FAILED.to_owned(),
        title: None,
        description: None,
        site_name: None,
        image_sha256: None,
        image_content_type: None,
        image_width: None,
        image_height: None,
        image_bytes: None,
        fetched_at: now,
    };
    let page = match state.previews.outbound.get(url, PAGE).await {
        Ok(page) => page,
        Err(e) => {
            tracing::info!(url, error = %e, "a linked page could not be read");
            return row;
        }
    };
    let facts = match web::block(move || {
        let html = String::from_utf8_lossy(&page.body);
        page::facts(&html, &page.url)
    })
    .await
    {
        Ok(facts) if !facts.is_empty() => facts,
        _ => return row,
    };
    if let Some(image) = &facts.image {
        match store_picture(state, image.as_str()).await {
            Ok(Some(stored)) => {
                row.image_sha256 = Some(stored.sha256);
                row.image_content_type = Some(stored.content_type.to_owned());
                row.image_width = Some(stored.width);
                row.image_height = Some(stored.height);
                row.image_bytes = Some(stored.bytes);
            }
            Ok(None) => {}
            Err(e) => tracing::info!(url, error = %e, "a linked page's picture could not be read"),
        }
    }
    row.status = READY.to_owned();
    row.title = facts.title;
    row.description = facts.description;
    row.site_name = facts.site_name;
    row
}

struct StoredPicture {
    sha256: String,
    bytes: i64,
    content_type: &'static str,
    width: i32,
    height: i32,
}

/// Fetches, checks and processes a page's picture into the served copies; `None` when it is
/// not an image Hearth reads.
async fn store_picture(
    state: &AppState,
    url: &str,
) -> Result<Option<StoredPicture>, OutboundError> {
    let fetched = state.previews.outbound.get(url, PICTURE).await?;
    let bytes: Bytes = fetched.body;
    let head = &bytes[..bytes.len().min(sniff::HEAD)];
    let Some(Sniffed::Image(kind)) = sniff::sniff(head, &bytes) else {
        return Ok(None);
    };
    let sha256 = hex(&Sha256::digest(&bytes));
    let size = bytes.len() as i64;
    let copies = match web::block(move || images::make_copies(&bytes, kind)).await {
        Ok(Ok(copies)) => copies,
        _ => return Ok(None),
    };
    for (variant, file) in copies.files {
        let stored = state
            .media
            .store
            .put(&content_key(&sha256, variant), Bytes::from(file))
            .await;
        if stored.is_err() {
            return Ok(None);
        }
    }
    let dimension = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    Ok(Some(StoredPicture {
        sha256,
        bytes: size,
        content_type: copies.content_type,
        width: dimension(copies.width),
        height: dimension(copies.height),
    }))
}

/// Shows a removed card as gone to those who see the post.
pub fn removed(post: &PostRow) -> (EventBody, Audience) {
    (
        EventBody::PostPreview(PostPreview {
            post_id: post.id.clone(),
            preview: None,
        }),
        Audience::post(post),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_addresses() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "https://example.com/a?b=1#top",
                Some("https://example.com/a?b=1"),
            ),
            ("http://Example.COM", Some("http://example.com/")),
            ("ftp://example.com/file", None),
            ("mailto:ann@example.com", None),
            ("javascript:alert(1)", None),
            ("https://", None),
            ("not a link", None),
        ];
        for (link, address) in cases {
            assert_eq!(card_address(link).as_deref(), *address, "{link}");
        }
        assert_eq!(
            card_address(&format!("https://example.com/{}", "a".repeat(MAX_URL_LEN))),
            None
        );
    }
}
