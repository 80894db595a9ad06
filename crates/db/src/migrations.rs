//! The two migration trees (`migrations/sqlite`, `migrations/postgres`, same version names),
//! embedded in the binary and run at start-up on the inner connection of the backend.

use diesel::connection::SimpleConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::connection::DbConnection;
use crate::error::{DbError, DbResult};

pub const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
pub const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// Any fixed number: it names the lock that keeps two processes starting at once from running
/// the same migration twice.
const PG_MIGRATION_LOCK: i64 = 0x4845_4152_5448;

pub fn run(conn: &mut DbConnection) -> DbResult<()> {
    let failed = |e: Box<dyn std::error::Error + Send + Sync>| DbError::Migration(e.to_string());
    match conn {
        DbConnection::Sqlite(c) => {
            c.run_pending_migrations(SQLITE).map_err(failed)?;
        }
        DbConnection::Pg(c) => {
            c.batch_execute(&format!("SELECT pg_advisory_lock({PG_MIGRATION_LOCK})"))?;
            let outcome = c
                .run_pending_migrations(POSTGRES)
                .map(|_| ())
                .map_err(failed);
            c.batch_execute(&format!("SELECT pg_advisory_unlock({PG_MIGRATION_LOCK})"))?;
            outcome?;
        }
    }
    Ok(())
}

/// Reverts every migration, newest first (for the up/down test).
pub fn revert_all(conn: &mut DbConnection) -> DbResult<()> {
    let failed = |e: Box<dyn std::error::Error + Send + Sync>| DbError::Migration(e.to_string());
    match conn {
        DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE).map(|_| ()).map_err(failed),
        DbConnection::Pg(c) => c
            .revert_all_migrations(POSTGRES)
            .map(|_| ())
            .map_err(failed),
    }
}
