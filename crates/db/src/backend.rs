//! The few statements that are spelled differently on SQLite and PostgreSQL. Everything else
//! is written once against the shared schema.

use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::schema::follows;

/// Runs an `INSERT` statement as `INSERT … ON CONFLICT DO NOTHING` on the connection's own
/// backend; evaluates to `QueryResult<bool>`, true when a row was added.
macro_rules! insert_if_absent {
    ($conn:expr, $statement:expr) => {{
        use diesel::RunQueryDsl;
        let statement = $statement;
        let added: diesel::QueryResult<usize> = match $conn {
            $crate::connection::DbConnection::Pg(c) => {
                statement.on_conflict_do_nothing().execute(c)
            }
            $crate::connection::DbConnection::Sqlite(c) => {
                statement.on_conflict_do_nothing().execute(c)
            }
        };
        added.map(|n| n > 0)
    }};
}
pub(crate) use insert_if_absent;

/// A follow, unless it exists; true when a row was added.
pub fn insert_follow_if_absent(
    conn: &mut DbConnection,
    follower: &str,
    followee: &str,
    now: i64,
) -> QueryResult<bool> {
    let row = (
        follows::follower_id.eq(follower),
        follows::followee_id.eq(followee),
        follows::created_at.eq(now),
    );
    insert_if_absent!(conn, diesel::insert_into(follows::table).values(row))
}

/// Locks the instance's settings row for the rest of the transaction, on PostgreSQL: what
/// must happen once across processes takes turns on it (the first admin of two people
/// registering at once, the ambassadors' space, a batch of the search backfill). SQLite
/// writers already take turns (see `Db::write`).
pub fn lock_instance_settings(conn: &mut DbConnection) -> QueryResult<()> {
    match conn {
        DbConnection::Pg(c) => {
            diesel::sql_query("SELECT id FROM instance_settings WHERE id = 1 FOR UPDATE")
                .execute(c)?;
        }
        DbConnection::Sqlite(_) => {}
    }
    Ok(())
}

/// Locks the rows `$query` selects until the transaction ends, on PostgreSQL
/// (`SELECT … FOR UPDATE`): a check made after it, and the write that follows, then act on
/// rows nobody else is changing meanwhile. SQLite writers already take turns (`Db::write`).
/// Evaluates to `QueryResult<()>`.
macro_rules! lock_for_update {
    ($conn:expr, $query:expr) => {{
        use diesel::RunQueryDsl;
        match $conn {
            $crate::connection::DbConnection::Pg(c) => diesel::QueryDsl::for_update($query)
                .load::<String>(c)
                .map(|_| ()),
            $crate::connection::DbConnection::Sqlite(_) => Ok(()),
        }
    }};
}
pub(crate) use lock_for_update;

/// Inserts `rows` in statements of `per_statement` rows (SQLite allows 32,766 bound values
/// per statement), on the connection's own backend.
macro_rules! insert_chunks {
    ($conn:expr, $table:expr, $rows:expr, $per_statement:expr) => {{
        for chunk in $rows.chunks($per_statement) {
            let insert = diesel::insert_into($table).values(chunk);
            match $conn {
                $crate::connection::DbConnection::Pg(c) => insert.execute(c)?,
                $crate::connection::DbConnection::Sqlite(c) => insert.execute(c)?,
            };
        }
        $crate::error::DbResult::Ok(())
    }};
}
pub(crate) use insert_chunks;
