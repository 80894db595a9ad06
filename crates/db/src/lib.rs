//! Hearth's storage: one diesel schema for SQLite and PostgreSQL, the pooled connection that
//! picks between them from `DATABASE_URL`, the migrations, and the queries of each resource.
//! Everything here is synchronous; the server runs it on its blocking thread pool.

pub mod ambassadors;
pub mod announcements;
pub mod audit;
mod backend;
pub mod bulk;
pub mod comments;
pub mod communities;
pub mod connection;
pub mod conversations;
pub mod error;
pub mod events;
pub mod follows;
pub mod health;
pub mod idempotency;
pub mod link_previews;
pub mod logins;
pub mod media;
pub mod migrations;
pub mod moderation;
pub mod notifications;
pub mod personal_tokens;
pub mod posts;
pub mod reactions;
pub mod schema;
pub mod search;
pub mod settings;
pub mod testing;
pub mod time;
pub mod users;

pub use connection::{Backend, DatabaseUrl, Db, DbConnection};
pub use diesel::result as diesel_error;
pub use error::DbError;

/// A new id: UUIDv7, so ids sort by creation time.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
