//! Uploads carried by posts, comments and direct messages: claimed inside the writer's
//! transaction, and loaded with one query per page of what carries them.

use std::collections::HashMap;

use hearth_common::error::ErrorCode;
use hearth_common::media::{Media, MediaKind, MediaStatus, MediaVariant};
use hearth_db::media::{self, MediaRow};
use hearth_db::DbConnection;

use crate::error::{ApiError, ApiResult};

/// Makes the uploader's unused uploads `ids` belong to `owner` (of `kind`), in that order;
/// 422 `media_not_usable` (and the caller's transaction rolls back) when one is not theirs,
/// already used, failed or gone.
pub fn claim(
    conn: &mut DbConnection,
    ids: &[String],
    uploader: &str,
    kind: &str,
    owner: &str,
) -> ApiResult<()> {
    if media::attach(conn, ids, uploader, kind, owner)? == ids.len() {
        Ok(())
    } else {
        Err(ApiError::unprocessable(
            ErrorCode::MediaNotUsable,
            "attachments must be your own uploads, each used once",
        ))
    }
}

/// Makes `ids` the files of `owner` (those it has kept, new ones claimed, the rest
/// released): 422 `media_not_usable` unless every new one is the uploader's unused upload.
pub fn replace(
    conn: &mut DbConnection,
    ids: &[String],
    uploader: &str,
    kind: &str,
    owner: &str,
    now: i64,
) -> ApiResult<()> {
    let mut unique = ids.to_vec();
    unique.sort();
    unique.dedup();
    let all_claimed = unique.len() == ids.len() && {
        let (new, claimed) = media::reattach(conn, ids, uploader, (kind, owner), now)?;
        new == claimed
    };
    if !all_claimed {
        return Err(ApiError::unprocessable(
            ErrorCode::MediaNotUsable,
            "attachments must be your own uploads, each used once",
        ));
    }
    Ok(())
}

/// Makes the ready image `id` of `uploader` the one picture of `owner` (an avatar or a
/// cover), releasing the picture it had; `None` only releases. Returns the address of its
/// copy to show: the square one for faces, the feed-sized one (which keeps the picture's
/// shape) for covers.
pub fn replace_picture(
    conn: &mut DbConnection,
    id: Option<&str>,
    uploader: &str,
    (kind, shown): (&str, MediaVariant),
    owner: &str,
    now: i64,
) -> ApiResult<Option<String>> {
    media::release(conn, kind, owner, now)?;
    let Some(id) = id else {
        return Ok(None);
    };
    let usable = media::find(conn, id)?.is_some_and(|row| {
        super::kind(&row) == MediaKind::Image && super::status(&row) == MediaStatus::Ready
    });
    if !usable || media::attach(conn, &[id.to_owned()], uploader, kind, owner)? != 1 {
        return Err(ApiError::unprocessable(
            ErrorCode::MediaNotUsable,
            "a picture is a processed image of your own that is not used elsewhere",
        ));
    }
    Ok(Some(super::url(id, shown)))
}

/// The uploads of each owner, in order.
pub fn rows_of(
    conn: &mut DbConnection,
    kind: &str,
    owners: &[String],
) -> ApiResult<HashMap<String, Vec<MediaRow>>> {
    let mut by_owner: HashMap<String, Vec<MediaRow>> = HashMap::new();
    for row in media::attached_to(conn, kind, owners)? {
        let owner = row.attached_id.clone().unwrap_or_default();
        by_owner.entry(owner).or_default().push(row);
    }
    Ok(by_owner)
}

/// `rows_of`, as the API shows them.
pub fn of(
    conn: &mut DbConnection,
    kind: &str,
    owners: &[String],
) -> ApiResult<HashMap<String, Vec<Media>>> {
    Ok(rows_of(conn, kind, owners)?
        .into_iter()
        .map(|(owner, rows)| (owner, rows.iter().map(super::present).collect()))
        .collect())
}

/// Checks the number of files asked for, at the edge.
pub fn check_count(ids: &[String], max: usize) -> ApiResult<()> {
    if ids.len() > max {
        Err(ApiError::invalid_field(
            "attachments",
            format!("at most {max} files"),
        ))
    } else {
        Ok(())
    }
}
