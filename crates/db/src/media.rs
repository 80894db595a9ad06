//! Uploads: one row per upload, the bytes elsewhere (the server's media store) under keys
//! made from their SHA-256. An upload waits unattached until its uploader uses it (a post's
//! attachment, an avatar); claiming it is one conditional update, so two posts never get
//! the same file.

use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};

use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::{media, users};
use crate::users::UserRow;

/// What an upload can belong to (`attached_kind`; `attached_id` names it).
pub const FOR_POST: &str = "post";
pub const FOR_COMMENT: &str = "comment";
pub const FOR_MESSAGE: &str = "message";
/// A person's avatar (`attached_id`: the person).
pub const FOR_AVATAR: &str = "avatar";
/// A community's cover image (`attached_id`: the community).
pub const FOR_COVER: &str = "cover";
/// The image of a post's link preview card (`attached_id`: the post).
pub const FOR_PREVIEW: &str = "preview";

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = media, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct MediaRow {
    pub id: String,
    pub uploader_id: String,
    pub kind: String,
    pub status: String,
    pub content_type: String,
    pub file_name: String,
    pub byte_size: i64,
    pub sha256: String,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub alt_text: String,
    pub attached_kind: Option<String>,
    pub attached_id: Option<String>,
    pub position: i32,
    pub created_at: i64,
    pub deleted_at: Option<i64>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = media)]
pub struct NewMedia<'a> {
    pub id: &'a str,
    pub uploader_id: &'a str,
    pub kind: &'a str,
    pub status: &'a str,
    pub content_type: &'a str,
    pub file_name: &'a str,
    pub byte_size: i64,
    pub sha256: &'a str,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub created_at: i64,
}

pub fn insert(conn: &mut DbConnection, row: &NewMedia<'_>) -> DbResult<()> {
    diesel::insert_into(media::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The upload, unless what it belonged to is gone.
pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<MediaRow>> {
    Ok(media::table
        .find(id)
        .filter(media::deleted_at.is_null())
        .select(MediaRow::as_select())
        .first(conn)
        .optional()?)
}

/// Whether any other row still uses these bytes (so they must stay in the store).
pub fn content_in_use(conn: &mut DbConnection, sha256: &str, except: &str) -> DbResult<bool> {
    let n: i64 = media::table
        .filter(media::sha256.eq(sha256))
        .filter(media::id.ne(except))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Sets the outcome of processing (with the type the copies are served as); false when the
/// row is gone (deleted meanwhile).
pub fn finish(
    conn: &mut DbConnection,
    id: &str,
    status: &str,
    content_type: &str,
    dimensions: Option<(i32, i32)>,
) -> DbResult<bool> {
    let (width, height) = dimensions.unzip();
    let mut changed = diesel::update(media::table.find(id))
        .set((
            media::status.eq(status),
            media::width.eq(width),
            media::height.eq(height),
        ))
        .execute(conn)?;
    if !content_type.is_empty() {
        changed += diesel::update(media::table.find(id))
            .set(media::content_type.eq(content_type))
            .execute(conn)?;
    }
    Ok(changed > 0)
}

pub fn set_alt_text(conn: &mut DbConnection, id: &str, alt_text: &str) -> DbResult<()> {
    diesel::update(media::table.find(id))
        .set(media::alt_text.eq(alt_text))
        .execute(conn)?;
    Ok(())
}

/// Claims the uploader's unused uploads `ids` for `kind`/`owner`, in that order. Returns how
/// many were claimed: fewer than asked means one was not theirs, already used, failed or
/// gone, and the caller rolls back.
pub fn attach(
    conn: &mut DbConnection,
    ids: &[String],
    uploader: &str,
    kind: &str,
    owner: &str,
) -> DbResult<usize> {
    let mut claimed = 0;
    for (position, id) in ids.iter().enumerate() {
        claimed += claim(conn, id, uploader, (kind, owner), position)?;
    }
    Ok(claimed)
}

/// Gives the upload `id` to `owner` at `position` if it is `uploader`'s, unused and not
/// failed: one conditional update, so of two claims one wins. 1 when it was claimed.
fn claim(
    conn: &mut DbConnection,
    id: &str,
    uploader: &str,
    (kind, owner): (&str, &str),
    position: usize,
) -> DbResult<usize> {
    Ok(diesel::update(
        media::table
            .find(id)
            .filter(media::uploader_id.eq(uploader))
            .filter(media::attached_kind.is_null())
            .filter(media::deleted_at.is_null())
            .filter(media::status.ne("failed")),
    )
    .set((
        media::attached_kind.eq(kind),
        media::attached_id.eq(owner),
        media::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
    ))
    .execute(conn)?)
}

/// Makes `ids` the files of `owner`, in this order: those it has keep their place in the
/// new order, the others are claimed from `uploader`'s unused uploads (as `attach` does),
/// and those left out are released. Returns how many new ones there were and how many of
/// them were claimed.
pub fn reattach(
    conn: &mut DbConnection,
    ids: &[String],
    uploader: &str,
    (kind, owner): (&str, &str),
    now: i64,
) -> DbResult<(usize, usize)> {
    let had: Vec<String> = media::table
        .filter(media::attached_kind.eq(kind))
        .filter(media::attached_id.eq(owner))
        .filter(media::deleted_at.is_null())
        .select(media::id)
        .load(conn)?;
    let gone: Vec<&String> = had.iter().filter(|id| !ids.contains(id)).collect();
    diesel::update(media::table.filter(media::id.eq_any(gone)))
        .set(media::deleted_at.eq(now))
        .execute(conn)?;
    let (mut new, mut claimed) = (0, 0);
    for (position, id) in ids.iter().enumerate() {
        if had.contains(id) {
            diesel::update(media::table.find(id))
                .set(media::position.eq(i32::try_from(position).unwrap_or(i32::MAX)))
                .execute(conn)?;
        } else {
            new += 1;
            claimed += claim(conn, id, uploader, (kind, owner), position)?;
        }
    }
    Ok((new, claimed))
}

/// The uploads that belong to these owners, in their order.
pub fn attached_to(
    conn: &mut DbConnection,
    kind: &str,
    owners: &[String],
) -> DbResult<Vec<MediaRow>> {
    if owners.is_empty() {
        return Ok(Vec::new());
    }
    Ok(media::table
        .filter(media::attached_kind.eq(kind))
        .filter(media::attached_id.eq_any(owners))
        .filter(media::deleted_at.is_null())
        .order((media::attached_id, media::position))
        .select(MediaRow::as_select())
        .load(conn)?)
}

/// Marks what belongs to `owner` as gone: it is no longer served, and its bytes are removed
/// after the grace period (`due_for_removal`).
pub fn release(conn: &mut DbConnection, kind: &str, owner: &str, now: i64) -> DbResult<usize> {
    release_all(conn, kind, std::slice::from_ref(&owner), now)
}

/// `release` for several owners of one kind at once.
pub fn release_all<S: AsRef<str>>(
    conn: &mut DbConnection,
    kind: &str,
    owners: &[S],
    now: i64,
) -> DbResult<usize> {
    if owners.is_empty() {
        return Ok(0);
    }
    let owners: Vec<&str> = owners.iter().map(AsRef::as_ref).collect();
    Ok(diesel::update(
        media::table
            .filter(media::attached_kind.eq(kind))
            .filter(media::attached_id.eq_any(owners))
            .filter(media::deleted_at.is_null()),
    )
    .set(media::deleted_at.eq(now))
    .execute(conn)?)
}

/// Marks one upload as gone (its uploader deleted it before using it).
pub fn discard(conn: &mut DbConnection, id: &str, now: i64) -> DbResult<()> {
    diesel::update(media::table.find(id))
        .set(media::deleted_at.eq(now))
        .execute(conn)?;
    Ok(())
}

/// Uploads whose bytes may go: released before `released_before`, or never used and made
/// before `unused_before`; at most `limit`.
pub fn due_for_removal(
    conn: &mut DbConnection,
    released_before: i64,
    unused_before: i64,
    limit: i64,
) -> DbResult<Vec<MediaRow>> {
    Ok(media::table
        .filter(
            media::deleted_at
                .lt(released_before)
                .or(media::attached_kind
                    .is_null()
                    .and(media::created_at.lt(unused_before))),
        )
        .order(media::created_at)
        .limit(limit)
        .select(MediaRow::as_select())
        .load(conn)?)
}

/// Images left processing since before `before` (their process stopped): to process again.
pub fn stuck(conn: &mut DbConnection, before: i64, limit: i64) -> DbResult<Vec<MediaRow>> {
    Ok(media::table
        .filter(media::status.eq("processing"))
        .filter(media::created_at.lt(before))
        .filter(media::deleted_at.is_null())
        .order(media::created_at)
        .limit(limit)
        .select(MediaRow::as_select())
        .load(conn)?)
}

pub fn delete(conn: &mut DbConnection, id: &str) -> DbResult<()> {
    diesel::delete(media::table.find(id)).execute(conn)?;
    Ok(())
}

/// Bytes and files: in all, or of one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    pub bytes: i64,
    pub files: i64,
}

/// Storage kept in all, and for the `top` people who upload the most.
pub fn storage_use(conn: &mut DbConnection, top: i64) -> DbResult<(Usage, Vec<(UserRow, Usage)>)> {
    // SUM of a BIGINT is NUMERIC on PostgreSQL: cast back so both backends read an i64.
    let bytes = || sql::<Nullable<BigInt>>("CAST(SUM(media.byte_size) AS BIGINT)");
    let (total, files): (Option<i64>, i64) = media::table
        .filter(media::deleted_at.is_null())
        .select((bytes(), count_star()))
        .first(conn)?;
    let people: Vec<(String, Option<i64>, i64)> = media::table
        .filter(media::deleted_at.is_null())
        .group_by(media::uploader_id)
        .select((media::uploader_id, bytes(), count_star()))
        .order(bytes().desc())
        .limit(top)
        .load(conn)?;
    let ids: Vec<&String> = people.iter().map(|(id, _, _)| id).collect();
    let rows: Vec<UserRow> = users::table
        .filter(users::id.eq_any(ids))
        .select(UserRow::as_select())
        .load(conn)?;
    let people = people
        .into_iter()
        .filter_map(|(id, b, n)| {
            let user = rows.iter().find(|u| u.id == id)?.clone();
            let usage = Usage {
                bytes: b.unwrap_or(0),
                files: n,
            };
            Some((user, usage))
        })
        .collect();
    let total = Usage {
        bytes: total.unwrap_or(0),
        files,
    };
    Ok((total, people))
}
