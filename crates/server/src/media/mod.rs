//! Uploads: photos and documents, stored by content, served through Hearth's own handler to
//! exactly those who may see what they belong to.
//!
//! - `sniff` decides what a file is from its bytes; `images` makes the served copies of a
//!   photo (upright, re-encoded, metadata gone); `store` keeps bytes on the file system or in
//!   S3; `processing` runs the image work off the request threads and announces the result;
//!   `cookie` lets browsers fetch with `<img>`.
//! - The HTTP side is `routes::media`; who may see an upload is `policy::media`.

pub mod attachments;
pub mod cookie;
pub mod images;
pub mod processing;
pub mod sniff;
pub mod store;

use std::path::PathBuf;
use std::sync::Arc;

use hearth_common::media::{Media, MediaKind, MediaStatus, MediaVariant};
use hearth_db::media::MediaRow;
use tokio::sync::Semaphore;

use crate::rate_limit::RateLimiter;
use cookie::CookieKey;
use store::MediaStore;

/// Images processed at once in one process: decoding is heavy on CPU and memory.
const PARALLEL_JOBS: usize = 2;

pub struct MediaService {
    pub store: MediaStore,
    pub cookies: CookieKey,
    /// Per person; `None` in tests that upload freely.
    pub uploads: Option<RateLimiter>,
    /// Where uploads are written while they arrive.
    pub spool: PathBuf,
    jobs: Arc<Semaphore>,
}

impl MediaService {
    pub fn new(
        store: MediaStore,
        cookies: CookieKey,
        uploads: Option<RateLimiter>,
        spool: PathBuf,
    ) -> MediaService {
        MediaService {
            store,
            cookies,
            uploads,
            spool,
            jobs: Arc::new(Semaphore::new(PARALLEL_JOBS)),
        }
    }
}

/// The path an upload's `variant` is served at.
pub fn url(id: &str, variant: MediaVariant) -> String {
    format!("/api/v1/media/{id}/{}", variant.as_str())
}

pub fn kind(row: &MediaRow) -> MediaKind {
    MediaKind::parse(&row.kind).unwrap_or(MediaKind::Document)
}

pub fn status(row: &MediaRow) -> MediaStatus {
    MediaStatus::parse(&row.status).unwrap_or(MediaStatus::Failed)
}

/// The variants an upload is served in.
pub fn serves(kind: MediaKind, variant: MediaVariant) -> bool {
    match kind {
        MediaKind::Image => variant != MediaVariant::File,
        MediaKind::Document => variant == MediaVariant::File,
    }
}

pub fn present(row: &MediaRow) -> Media {
    let kind = kind(row);
    let ready = status(row) == MediaStatus::Ready;
    let (main, thumb) = match kind {
        MediaKind::Image => (MediaVariant::Large, Some(MediaVariant::Thumb)),
        MediaKind::Document => (MediaVariant::File, None),
    };
    Media {
        id: row.id.clone(),
        kind,
        status: status(row),
        content_type: row.content_type.clone(),
        file_name: row.file_name.clone(),
        byte_size: u64::try_from(row.byte_size).unwrap_or(0),
        width: row.width.and_then(|w| u32::try_from(w).ok()),
        height: row.height.and_then(|h| u32::try_from(h).ok()),
        alt_text: row.alt_text.clone(),
        url: ready.then(|| url(&row.id, main)),
        thumb_url: thumb.filter(|_| ready).map(|v| url(&row.id, v)),
    }
}

/// A file name safe to store and to put in `Content-Disposition`: the last part of any path,
/// without control characters, at most 200 characters; `fallback` when nothing is left.
pub fn clean_file_name(raw: &str, fallback: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.is_empty() {
        fallback.to_owned()
    } else {
        cleaned.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_paths_and_control_characters() {
        for (raw, clean) in [
            ("report.pdf", "report.pdf"),
            ("C:\\Users\\ann\\Q3 plan.xlsx", "Q3 plan.xlsx"),
            ("../../etc/passwd", "passwd"),
            ("a\u{0}b\nc\"d.txt", "abcd.txt"),
            ("  ", "file"),
            ("...", "file"),
            (".hidden", "hidden"),
            ("Überstunden März.csv", "Überstunden März.csv"),
        ] {
            assert_eq!(clean_file_name(raw, "file"), clean, "{raw:?}");
        }
        assert_eq!(clean_file_name(&"x".repeat(300), "file").len(), 200);
    }
}
