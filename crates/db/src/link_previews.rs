//! Link previews: one row per linked address with what its page says about itself, shared by
//! every post that links there. A post names the address of its card in `posts.preview_url`;
//! the card's image is a `media` row of the post's own (`media::FOR_PREVIEW`).

use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::{communities, link_preview_jobs, link_previews, posts};

pub const READY: &str = "ready";
pub const FAILED: &str = "failed";

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = link_previews, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct PreviewRow {
    pub url: String,
    pub status: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub site_name: Option<String>,
    pub image_sha256: Option<String>,
    pub image_content_type: Option<String>,
    pub image_width: Option<i32>,
    pub image_height: Option<i32>,
    /// Of the picture as fetched.
    pub image_bytes: Option<i64>,
    pub fetched_at: i64,
}

pub fn find(conn: &mut DbConnection, url: &str) -> DbResult<Option<PreviewRow>> {
    Ok(link_previews::table
        .find(url)
        .select(PreviewRow::as_select())
        .first(conn)
        .optional()?)
}

/// The ready cards for these addresses.
pub fn ready(conn: &mut DbConnection, urls: &[String]) -> DbResult<Vec<PreviewRow>> {
    if urls.is_empty() {
        return Ok(Vec::new());
    }
    Ok(link_previews::table
        .filter(link_previews::url.eq_any(urls))
        .filter(link_previews::status.eq(READY))
        .select(PreviewRow::as_select())
        .load(conn)?)
}

/// Keeps what was fetched for `row.url`, replacing what was kept before.
pub fn save(conn: &mut DbConnection, row: &PreviewRow) -> DbResult<()> {
    diesel::delete(link_previews::table.find(&row.url)).execute(conn)?;
    diesel::insert_into(link_previews::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Points the post's card at `url` and asks for it to be made, or at none.
pub fn set_post_url(
    conn: &mut DbConnection,
    post_id: &str,
    url: Option<&str>,
    now: i64,
) -> DbResult<()> {
    diesel::update(posts::table.find(post_id))
        .set(posts::preview_url.eq(url))
        .execute(conn)?;
    diesel::delete(link_preview_jobs::table.find(post_id)).execute(conn)?;
    if let Some(url) = url {
        queue(conn, post_id, url, now)?;
    }
    Ok(())
}

/// Asks for the card of a new post that links to `url`.
pub fn queue(conn: &mut DbConnection, post_id: &str, url: &str, now: i64) -> DbResult<()> {
    diesel::insert_into(link_preview_jobs::table)
        .values((
            link_preview_jobs::post_id.eq(post_id),
            link_preview_jobs::url.eq(url),
            link_preview_jobs::due_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Those of `post_ids` whose card is still to be made.
pub fn pending(conn: &mut DbConnection, post_ids: &[String]) -> DbResult<Vec<String>> {
    if post_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(link_preview_jobs::table
        .filter(link_preview_jobs::post_id.eq_any(post_ids))
        .select(link_preview_jobs::post_id)
        .load(conn)?)
}

/// A card to make: the post and its link.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct Job {
    pub post_id: String,
    pub url: String,
}

/// Up to `limit` jobs that are due, each leased until `lease_until` (taken again then if it
/// is still there: its process stopped).
pub fn take_due(
    conn: &mut DbConnection,
    now: i64,
    lease_until: i64,
    limit: i64,
) -> DbResult<Vec<Job>> {
    let jobs: Vec<Job> = link_preview_jobs::table
        .filter(link_preview_jobs::due_at.le(now))
        .order(link_preview_jobs::due_at)
        .limit(limit)
        .select((link_preview_jobs::post_id, link_preview_jobs::url))
        .load(conn)?;
    let mut taken = Vec::with_capacity(jobs.len());
    for job in jobs {
        // Conditional: of two processes, one takes it.
        let leased = diesel::update(
            link_preview_jobs::table
                .find(&job.post_id)
                .filter(link_preview_jobs::due_at.le(now)),
        )
        .set(link_preview_jobs::due_at.eq(lease_until))
        .execute(conn)?;
        if leased == 1 {
            taken.push(job);
        }
    }
    Ok(taken)
}

/// The job is done (whatever came of it), unless it was asked for again meanwhile.
pub fn finish(conn: &mut DbConnection, job: &Job) -> DbResult<()> {
    diesel::delete(
        link_preview_jobs::table
            .find(&job.post_id)
            .filter(link_preview_jobs::url.eq(&job.url)),
    )
    .execute(conn)?;
    Ok(())
}

/// Whether the community shows previews on its posts.
pub fn community_allows(conn: &mut DbConnection, community_id: &str) -> DbResult<bool> {
    Ok(communities::table
        .find(community_id)
        .select(communities::link_previews)
        .first(conn)
        .optional()?
        .unwrap_or(false))
}
