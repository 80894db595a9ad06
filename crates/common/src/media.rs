//! Uploaded files: photos (re-encoded by the server) and documents (served as downloads),
//! attached to posts or used as a person's avatar.

use serde::{Deserialize, Serialize};

string_enum!(
    /// What an upload turned out to be, from its bytes (never from its name or the type the
    /// client claimed).
    MediaKind {
        /// A JPEG, PNG, WebP or GIF photo: served only as the server's re-encoded copies.
        Image = "image",
        /// Anything else accepted (PDF, Office, text, CSV): served as a download.
        Document = "document",
    }
);

string_enum!(
    /// Where an upload is in its processing.
    MediaStatus {
        /// An image whose copies are being made; `media.ready` follows on the live stream.
        Processing = "processing",
        Ready = "ready",
        /// The image could not be decoded; it can be deleted and uploaded again.
        Failed = "failed",
    }
);

string_enum!(
    /// The sizes an image is served in.
    MediaVariant {
        /// At most 2,048 pixels on the longer side.
        Large = "large",
        /// At most 640 pixels on the longer side: for feeds.
        Thumb = "thumb",
        /// 256 × 256, cropped to the centre: for avatars.
        Square = "square",
        /// A document as it was uploaded (never an image: its metadata would go along).
        File = "file",
    }
);

/// An uploaded file as its viewers see it. The URLs are paths on this server; they answer
/// a request with the caller's bearer token (apps) or the media cookie (browsers, see
/// `POST /api/v1/media/session`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Media {
    pub id: String,
    pub kind: MediaKind,
    pub status: MediaStatus,
    /// The type it is served as.
    pub content_type: String,
    /// The name it was uploaded with, cleaned of paths and control characters.
    pub file_name: String,
    /// Of the file as uploaded.
    pub byte_size: u64,
    /// Images: pixels, upright (after the camera's orientation is applied).
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Images: what it shows, for people who cannot see it. Empty until the uploader writes it.
    pub alt_text: String,
    /// Images: the large copy; documents: the file. `null` until ready.
    pub url: Option<String>,
    /// Images: the feed-sized copy. `null` for documents and until ready.
    pub thumb_url: Option<String>,
}

/// Change an upload's alt text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateMediaRequest {
    /// Up to 1,500 characters; empty clears it.
    #[cfg_attr(feature = "openapi", schema(max_length = 1500))]
    pub alt_text: String,
}

/// Make an uploaded image one's avatar, or a community's cover; `null` removes it (initials
/// are shown instead).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetImageRequest {
    pub media_id: Option<String>,
}

/// Who uploaded how much, for administrators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StorageUse {
    /// Bytes of every upload that is kept, as uploaded.
    pub total_bytes: u64,
    pub total_files: u64,
    /// The 50 people who use the most, most first.
    pub people: Vec<PersonStorage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonStorage {
    pub user: crate::posts::UserSummary,
    pub bytes: u64,
    pub files: u64,
}

/// Files a post, or a direct message, may carry.
pub const MAX_ATTACHMENTS: usize = 10;
/// Files a comment may carry.
pub const MAX_COMMENT_ATTACHMENTS: usize = 4;
/// Largest image upload: 20 MiB.
pub const MAX_IMAGE_BYTES: u64 = 20 * 1024 * 1024;
/// Largest document upload: 25 MiB.
pub const MAX_DOCUMENT_BYTES: u64 = 25 * 1024 * 1024;
/// Largest image, in pixels (width × height), before anything is decoded.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;
const ALT_TEXT_MAX: usize = 1500;

/// Alt text: trimmed, up to 1,500 characters, line breaks allowed, no other control
/// characters.
pub fn alt_text(raw: &str) -> Result<String, String> {
    let value = raw.trim();
    if value.chars().count() > ALT_TEXT_MAX {
        return Err(format!("must be at most {ALT_TEXT_MAX} characters"));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err("contains control characters".into());
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_texts() {
        assert_eq!(
            alt_text("  The team at the lake \n").unwrap(),
            "The team at the lake"
        );
        assert_eq!(alt_text("two\nlines").unwrap(), "two\nlines");
        assert_eq!(alt_text("").unwrap(), "");
        assert!(alt_text("bell\u{7}").is_err());
        assert!(alt_text("tab\there").is_err());
        assert!(alt_text(&"x".repeat(1501)).is_err());
        assert!(alt_text(&"é".repeat(1500)).is_ok());
    }
}
