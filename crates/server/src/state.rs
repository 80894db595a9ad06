//! What every handler shares: the database and the token keys.

use actix_web::web;
use hearth_db::{Db, DbConnection};

use crate::auth::tokens::JwtKeys;
use crate::error::ApiResult;

pub struct AppState {
    pub db: Db,
    pub jwt: JwtKeys,
    pub access_token_seconds: u64,
    pub refresh_token_micros: i64,
}

impl AppState {
    /// Runs read-only database work on the blocking pool, off the async runtime.
    pub async fn read<T, F>(&self, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> ApiResult<T> + Send + 'static,
    {
        let db = self.db.clone();
        web::block(move || db.read(work)).await?
    }

    /// Runs database work in one transaction on the blocking pool; an `Err` rolls it back.
    pub async fn write<T, F>(&self, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> ApiResult<T> + Send + 'static,
    {
        let db = self.db.clone();
        web::block(move || db.write(work)).await?
    }
}

/// Seconds since the Unix epoch, for token lifetimes.
pub fn now_seconds() -> u64 {
    u64::try_from(hearth_db::time::now_micros() / 1_000_000).unwrap_or(0)
}
