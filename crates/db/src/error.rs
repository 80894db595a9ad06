//! The storage layer's one error type. The server maps it to HTTP in one place.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("row not found")]
    NotFound,
    /// A unique constraint refused the write (a race the caller's own checks did not catch).
    #[error("unique constraint violated: {0}")]
    Conflict(String),
    #[error("query failed: {0}")]
    Query(DieselError),
    #[error("no database connection: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error("migrations failed: {0}")]
    Migration(String),
    #[error("bad DATABASE_URL: {0}")]
    Url(String),
}

impl From<DieselError> for DbError {
    fn from(err: DieselError) -> Self {
        match err {
            DieselError::NotFound => DbError::NotFound,
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                DbError::Conflict(info.message().to_owned())
            }
            other => DbError::Query(other),
        }
    }
}

pub type DbResult<T> = Result<T, DbError>;
