//! The live stream's event log. Every server process appends here and reads back what any
//! process appended, in id order, so that all of them deliver the same events in the same
//! order and a client can resume from an id on any of them.
//!
//! Ids are given out in commit order: an append takes a lock (PostgreSQL: a transaction-level
//! advisory lock; SQLite: the single writer turn) before it reads the highest id, and holds
//! it until commit. So once a reader sees id N, every id below N that will ever exist is
//! already visible, and "everything after the last id I saw" never skips an event.

use diesel::connection::SimpleConnection;
use diesel::dsl::max;
use diesel::pg::PgConnection;
use diesel::prelude::*;

use crate::connection::{DatabaseUrl, DbConnection};
use crate::error::{DbError, DbResult};
use crate::schema::events;

/// The PostgreSQL channel that tells every process "new events are in the log".
pub const CHANNEL: &str = "hearth_events";

/// Any fixed number: it names the lock that orders appends across processes.
const PG_APPEND_LOCK: i64 = 0x4845_4152_5445;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct EventRow {
    pub id: i64,
    pub kind: String,
    pub audience: String,
    pub data: String,
    pub redacted_data: Option<String>,
    pub group_id: Option<String>,
    pub created_at: i64,
}

pub struct NewEvent {
    pub kind: String,
    pub audience: String,
    pub data: String,
    pub redacted_data: Option<String>,
    pub group_id: Option<String>,
}

/// Appends `batch` in order, inside the caller's transaction, and (PostgreSQL) tells the
/// other processes once it commits.
pub fn append(conn: &mut DbConnection, batch: &[NewEvent], now: i64) -> DbResult<()> {
    if batch.is_empty() {
        return Ok(());
    }
    if let DbConnection::Pg(c) = conn {
        c.batch_execute(&format!("SELECT pg_advisory_xact_lock({PG_APPEND_LOCK})"))?;
    }
    let mut id = newest_id(conn)?;
    let rows: Vec<_> = batch
        .iter()
        .map(|event| {
            id += 1;
            (
                events::id.eq(id),
                events::kind.eq(&event.kind),
                events::audience.eq(&event.audience),
                events::data.eq(&event.data),
                events::redacted_data.eq(event.redacted_data.as_deref()),
                events::group_id.eq(event.group_id.as_deref()),
                events::created_at.eq(now),
            )
        })
        .collect();
    // One statement per 100 rows keeps SQLite under its bound-parameter limit.
    for chunk in rows.chunks(100) {
        // Multi-row inserts are spelled per backend (not through the multi-connection).
        let insert = diesel::insert_into(events::table).values(chunk);
        match conn {
            DbConnection::Pg(c) => insert.execute(c)?,
            DbConnection::Sqlite(c) => insert.execute(c)?,
        };
    }
    if let DbConnection::Pg(c) = conn {
        // Delivered at commit, in commit order; the payload is only a hint (the newest id).
        diesel::sql_query("SELECT pg_notify($1, $2)")
            .bind::<diesel::sql_types::Text, _>(CHANNEL)
            .bind::<diesel::sql_types::Text, _>(id.to_string())
            .execute(c)?;
    }
    Ok(())
}

/// The highest id in the log, 0 when it is empty.
pub fn newest_id(conn: &mut DbConnection) -> DbResult<i64> {
    Ok(events::table
        .select(max(events::id))
        .first::<Option<i64>>(conn)?
        .unwrap_or(0))
}

/// The lowest id still kept, if any.
pub fn oldest_id(conn: &mut DbConnection) -> DbResult<Option<i64>> {
    Ok(events::table
        .select(diesel::dsl::min(events::id))
        .first::<Option<i64>>(conn)?)
}

/// Up to `limit` events after `since`, oldest first, leaving out the kinds in `except`.
pub fn after(
    conn: &mut DbConnection,
    since: i64,
    except: &[&str],
    limit: i64,
) -> DbResult<Vec<EventRow>> {
    Ok(events::table
        .filter(events::id.gt(since))
        .filter(events::kind.ne_all(except))
        .order(events::id)
        .limit(limit)
        .select(EventRow::as_select())
        .load(conn)?)
}

/// Forgets events older than `before`, always keeping the newest `keep` of them. Returns how
/// many were removed.
pub fn prune(conn: &mut DbConnection, before: i64, keep: i64) -> DbResult<usize> {
    let newest = newest_id(conn)?;
    Ok(diesel::delete(
        events::table
            .filter(events::created_at.lt(before))
            .filter(events::id.le(newest - keep)),
    )
    .execute(conn)?)
}

/// Forgets every event about the community `group_id`.
pub fn forget_group(conn: &mut DbConnection, group_id: &str) -> DbResult<usize> {
    Ok(diesel::delete(events::table.filter(events::group_id.eq(group_id))).execute(conn)?)
}

/// A PostgreSQL session listening on [`CHANNEL`], outside the pool: it must stay open, and
/// notifications reach only the session that asked for them.
pub struct Listener {
    conn: PgConnection,
}

impl Listener {
    /// `None` for SQLite: there is one process, nothing to listen to.
    pub fn connect(url: &DatabaseUrl) -> DbResult<Option<Listener>> {
        let DatabaseUrl::Postgres(url) = url else {
            return Ok(None);
        };
        let mut conn = PgConnection::establish(url).map_err(|e| DbError::Connect(e.to_string()))?;
        conn.batch_execute(&format!("LISTEN {CHANNEL}"))?;
        Ok(Some(Listener { conn }))
    }

    /// Whether any notification arrived since the last call. Does not wait: libpq only offers
    /// polling here, so the caller polls at a short interval.
    pub fn notified(&mut self) -> DbResult<bool> {
        let mut any = false;
        for notification in self.conn.notifications_iter() {
            notification?;
            any = true;
        }
        Ok(any)
    }
}
