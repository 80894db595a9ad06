//! Remembered answers to writes sent with an `Idempotency-Key`: claimed in the write's own
//! transaction before it does anything, filled in before it commits.

use diesel::prelude::*;

use crate::backend::insert_if_absent;
use crate::connection::DbConnection;
use crate::error::DbResult;
use crate::schema::idempotency_keys;

/// A remembered answer: the hash of the request it answered, its status and JSON body.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct Remembered {
    pub request_hash: String,
    pub status: i32,
    pub body: String,
}

/// Claims `key` for this request, or returns the answer remembered for it. On PostgreSQL a
/// claim made by a transaction still in flight waits for it to end, so two simultaneous
/// requests with one key never both do the work.
pub fn claim(
    conn: &mut DbConnection,
    user: &str,
    key: &str,
    request_hash: &str,
    now: i64,
) -> DbResult<Option<Remembered>> {
    let row = (
        idempotency_keys::user_id.eq(user),
        idempotency_keys::key.eq(key),
        idempotency_keys::request_hash.eq(request_hash),
        idempotency_keys::status.eq(0),
        idempotency_keys::body.eq(""),
        idempotency_keys::created_at.eq(now),
    );
    if insert_if_absent!(
        conn,
        diesel::insert_into(idempotency_keys::table).values(row)
    )? {
        return Ok(None);
    }
    Ok(Some(
        idempotency_keys::table
            .find((user, key))
            .select((
                idempotency_keys::request_hash,
                idempotency_keys::status,
                idempotency_keys::body,
            ))
            .first(conn)?,
    ))
}

/// Fills in the answer of a claimed key.
pub fn remember(
    conn: &mut DbConnection,
    user: &str,
    key: &str,
    status: i32,
    body: &str,
) -> DbResult<()> {
    diesel::update(idempotency_keys::table.find((user, key)))
        .set((
            idempotency_keys::status.eq(status),
            idempotency_keys::body.eq(body),
        ))
        .execute(conn)?;
    Ok(())
}

/// Forgets answers older than `before`.
pub fn forget_before(conn: &mut DbConnection, before: i64) -> DbResult<usize> {
    Ok(
        diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(before)))
            .execute(conn)?,
    )
}
