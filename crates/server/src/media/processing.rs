//! Making a photo's copies after the upload has been answered (`202`): on the blocking pool,
//! a few at a time, then `media.processed` to the uploader over the live stream. The upload
//! waits in the store under `incoming/<id>` meanwhile, so the timed duties can finish the
//! work of a process that stopped (`resume_stuck`).

use actix_web::web::{self, Bytes};
use hearth_common::events::EventBody;
use hearth_common::media::{MediaStatus, MediaVariant};
use hearth_db::media::{self, MediaRow};

use super::images::{self, Copies};
use super::sniff::{self, Sniffed};
use super::store::{content_key, incoming_key};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::stream::Audience;

/// Uploads left processing this long are taken to be abandoned by their process.
pub const STUCK_AFTER_MICROS: i64 = 2 * 60 * 1_000_000;

/// Processes the upload `row`, whose bytes are `bytes` or, when `None`, waiting in the store.
pub async fn run(state: web::Data<AppState>, row: MediaRow, bytes: Option<Bytes>) {
    let id = row.id.clone();
    if let Err(e) = process(&state, row, bytes).await {
        tracing::error!(media = %id, error = %e, "processing an upload failed");
    }
}

async fn process(state: &AppState, row: MediaRow, bytes: Option<Bytes>) -> ApiResult<()> {
    let media = &state.media;
    let _turn = media
        .jobs
        .acquire()
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let incoming = incoming_key(&row.id);
    let bytes = match bytes {
        Some(bytes) => Some(bytes),
        None => media.store.get(&incoming).await.ok(),
    };
    let copies = match bytes {
        Some(bytes) => web::block(move || copies_of(&bytes)).await?,
        None => None,
    };
    let outcome = match copies {
        Some(copies) => {
            for (variant, file) in copies.files.iter().cloned() {
                media
                    .store
                    .put(&content_key(&row.sha256, variant), Bytes::from(file))
                    .await
                    .map_err(|e| ApiError::Internal(e.to_string()))?;
            }
            Some(copies)
        }
        None => None,
    };
    let id = row.id.clone();
    state
        .write_announcing(move |conn, outbox| {
            let kept = match &outcome {
                Some(c) => media::finish(
                    conn,
                    &id,
                    MediaStatus::Ready.as_str(),
                    c.content_type,
                    Some((dimension(c.width), dimension(c.height))),
                )?,
                None => media::finish(conn, &id, MediaStatus::Failed.as_str(), "", None)?,
            };
            if let (true, Some(done)) = (kept, media::find(conn, &id)?) {
                outbox.push(
                    &EventBody::MediaProcessed(super::present(&done)),
                    Audience::People {
                        ids: vec![done.uploader_id.clone()],
                        actor: None,
                    },
                );
            }
            Ok(())
        })
        .await?;
    // Done with: the copies are what is served.
    let _ = media.store.delete(&incoming).await;
    Ok(())
}

/// The copies, or `None` when the bytes are not a readable image.
fn copies_of(bytes: &[u8]) -> Option<Copies> {
    let head = &bytes[..bytes.len().min(sniff::HEAD)];
    let Some(Sniffed::Image(kind)) = sniff::sniff(head, bytes) else {
        return None;
    };
    match images::make_copies(bytes, kind) {
        Ok(copies) => Some(copies),
        Err(e) => {
            tracing::info!(error = %e, "an uploaded image could not be processed");
            None
        }
    }
}

fn dimension(pixels: u32) -> i32 {
    i32::try_from(pixels).unwrap_or(i32::MAX)
}

/// Starts processing again for uploads whose process stopped part-way.
pub async fn resume_stuck(state: &AppState, now: i64) -> ApiResult<usize> {
    let stuck = state
        .read(move |conn| Ok(media::stuck(conn, now - STUCK_AFTER_MICROS, 20)?))
        .await?;
    let n = stuck.len();
    for row in stuck {
        let id = row.id.clone();
        if let Err(e) = process(state, row, None).await {
            tracing::error!(media = %id, error = %e, "processing an upload again failed");
        }
    }
    Ok(n)
}

/// Removes uploads nobody used within a day, and the files of deleted posts and avatars
/// after a grace period; the stored bytes go once no other upload has the same content.
pub async fn remove_due(state: &AppState, now: i64) -> ApiResult<usize> {
    const GRACE: i64 = 10 * 60 * 1_000_000;
    const UNUSED: i64 = 24 * 3600 * 1_000_000;
    let due = state
        .read(move |conn| {
            Ok(media::due_for_removal(
                conn,
                now - GRACE,
                now - UNUSED,
                100,
            )?)
        })
        .await?;
    let n = due.len();
    for row in due {
        let (id, sha) = (row.id.clone(), row.sha256.clone());
        let in_use = state
            .write(move |conn| {
                media::delete(conn, &id)?;
                Ok(media::content_in_use(conn, &sha, &id)?)
            })
            .await?;
        let store = &state.media.store;
        let _ = store.delete(&incoming_key(&row.id)).await;
        if !in_use {
            for variant in MediaVariant::ALL {
                store
                    .delete(&content_key(&row.sha256, *variant))
                    .await
                    .map_err(|e| ApiError::Internal(e.to_string()))?;
            }
        }
    }
    Ok(n)
}
