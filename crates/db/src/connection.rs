//! The database connection: SQLite or PostgreSQL, chosen by the scheme of `DATABASE_URL`,
//! behind one diesel `MultiConnection`, pooled with r2d2.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::R2D2Connection;
use diesel::sqlite::SqliteConnection;
use diesel::Connection;

use crate::error::{DbError, DbResult};
use crate::migrations;

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A parsed `DATABASE_URL`: `sqlite://PATH` or `postgres://…` (`postgresql://…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> DbResult<Self> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(DbError::Url("sqlite:// needs a file path".into()));
            }
            Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url.to_owned()))
        } else {
            Err(DbError::Url(
                "expected sqlite://PATH or postgres://USER@HOST/DATABASE".into(),
            ))
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
            DatabaseUrl::Postgres(_) => Backend::Postgres,
        }
    }

    /// Opens one connection of the right kind, set up for Hearth.
    pub fn connect(&self) -> DbResult<DbConnection> {
        match self {
            DatabaseUrl::Sqlite(path) => {
                let path = path
                    .to_str()
                    .ok_or_else(|| DbError::Url("the SQLite path is not UTF-8".into()))?;
                let mut conn = SqliteConnection::establish(path)
                    .map_err(|e| DbError::Connect(e.to_string()))?;
                // WAL lets readers run beside the writer; NORMAL sync is durable in WAL mode
                // except on power loss; the busy timeout covers other processes (backups).
                // Reading through a memory map instead of read() calls saves a system call
                // and a copy per page, and the pages are shared by every connection.
                conn.batch_execute(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                     PRAGMA mmap_size = 68719476736;",
                )
                .map_err(|e| DbError::Connect(e.to_string()))?;
                Ok(DbConnection::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => PgConnection::establish(url)
                .map(DbConnection::Pg)
                .map_err(|e| DbError::Connect(e.to_string())),
        }
    }
}

struct Manager {
    url: DatabaseUrl,
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = DbError;

    fn connect(&self) -> Result<DbConnection, DbError> {
        self.url.connect()
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), DbError> {
        conn.ping().map_err(DbError::from)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        conn.is_broken()
    }
}

/// The pool and how to use it: `read` for queries, `write` for a transaction.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<Manager>,
    backend: Backend,
    /// SQLite allows one writer at a time; taking turns here is cheaper than SQLite's
    /// sleep-and-retry busy handler and never fails a transaction half-way with SQLITE_BUSY.
    write_turn: Arc<Mutex<()>>,
}

impl Db {
    /// Connects, creating the SQLite file and its folder when missing, and runs the migrations.
    pub fn open(url: &DatabaseUrl, pool_size: u32) -> DbResult<Db> {
        if let DatabaseUrl::Sqlite(path) = url {
            create_parent_dir(path)?;
        }
        let mut first = url.connect()?;
        migrations::run(&mut first)?;
        drop(first);
        let pool = r2d2::Pool::builder()
            .max_size(pool_size.max(1))
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .build(Manager { url: url.clone() })?;
        Ok(Db {
            pool,
            backend: url.backend(),
            write_turn: Arc::new(Mutex::new(())),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs read-only work on a pooled connection. `E` is the caller's error type, so work
    /// can fail with its own errors as well as the database's.
    pub fn read<T, E>(&self, work: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<DbError>,
    {
        let mut conn = self.pool.get().map_err(DbError::from)?;
        work(&mut conn)
    }

    /// Runs `work` in one transaction: all of it is written, or none of it (an `Err` rolls
    /// back).
    pub fn write<T, E>(&self, work: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<DbError> + From<diesel::result::Error>,
    {
        let _turn = match self.backend {
            Backend::Sqlite => Some(self.write_turn.lock().unwrap_or_else(|p| p.into_inner())),
            Backend::Postgres => None,
        };
        let mut pooled = self.pool.get().map_err(DbError::from)?;
        let conn: &mut DbConnection = &mut pooled;
        conn.transaction(work)
    }

    /// True when the database answers.
    pub fn ping(&self) -> bool {
        self.pool
            .get()
            .map(|mut conn| conn.ping().is_ok())
            .unwrap_or(false)
    }
}

fn create_parent_dir(path: &Path) -> DbResult<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir)
            .map_err(|e| DbError::Connect(format!("cannot create {}: {e}", dir.display()))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_pick_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://./data/hearth.db").unwrap(),
            DatabaseUrl::Sqlite("./data/hearth.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/hearth.db").unwrap(),
            DatabaseUrl::Sqlite("/var/lib/hearth.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://u@localhost/h")
                .unwrap()
                .backend(),
            Backend::Postgres
        );
        assert!(DatabaseUrl::parse("mysql://x").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
        assert!(DatabaseUrl::parse("hearth.db").is_err());
    }
}
