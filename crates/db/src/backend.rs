//! The few statements that are spelled differently on SQLite and PostgreSQL. Everything else
//! is written once against the shared schema.

use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::schema::follows;

/// `INSERT … ON CONFLICT DO NOTHING` for a follow; true when a row was added.
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
    let statement = diesel::insert_into(follows::table).values(row);
    let added = match conn {
        DbConnection::Pg(c) => statement.on_conflict_do_nothing().execute(c)?,
        DbConnection::Sqlite(c) => statement.on_conflict_do_nothing().execute(c)?,
    };
    Ok(added > 0)
}

/// Serialises registrations for the rest of the transaction, so two people registering at
/// once on an empty instance cannot both become the first admin. SQLite writers already take
/// turns (see `Db::write`).
pub fn lock_registrations(conn: &mut DbConnection) -> QueryResult<()> {
    match conn {
        DbConnection::Pg(c) => {
            diesel::sql_query("SELECT id FROM instance_settings WHERE id = 1 FOR UPDATE")
                .execute(c)?;
        }
        DbConnection::Sqlite(_) => {}
    }
    Ok(())
}
