//! What every handler shares: the database, the token keys and the live stream's hub.

use actix_web::web;
use hearth_db::{events, time, Db, DbConnection};

use crate::auth::tokens::JwtKeys;
use crate::clock::Clock;
use crate::error::ApiResult;
use crate::insights::presence::Visits;
use crate::media::MediaService;
use crate::stream::{Hub, Outbox, StreamConfig, TypingGate};

pub struct AppState {
    pub db: Db,
    pub hub: Hub,
    pub stream: StreamConfig,
    pub typing: TypingGate,
    pub jwt: JwtKeys,
    pub access_token_seconds: u64,
    pub refresh_token_micros: i64,
    pub refresh_grace_micros: i64,
    pub clock: Clock,
    pub visits: Visits,
    pub media: MediaService,
    pub previews: crate::previews::PreviewService,
}

impl AppState {
    /// The time of what a request does (see `Clock`).
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

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

    /// As `write`, with an outbox for live events. They are appended to the event log in the
    /// same transaction, so a change and its events are kept together or not at all, and
    /// the relay hands them to the sessions once it has committed.
    pub async fn write_announcing<T, F>(&self, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection, &mut Outbox) -> ApiResult<T> + Send + 'static,
    {
        let db = self.db.clone();
        let (value, announced) = web::block(move || {
            db.write(|conn| {
                let mut outbox = Outbox::default();
                let value = work(conn, &mut outbox)?;
                let announced = !outbox.is_empty();
                // The log's own time (system clock): it decides retention, across processes.
                events::append(conn, &outbox.into_events(), time::now_micros())?;
                Ok::<_, crate::error::ApiError>((value, announced))
            })
        })
        .await??;
        if announced {
            self.hub.appended();
        }
        Ok(value)
    }

    /// Events that follow no change of their own (typing).
    pub async fn announce(&self, outbox: Outbox) -> ApiResult<()> {
        self.write_announcing(move |_, events| {
            *events = outbox;
            Ok(())
        })
        .await
    }
}

/// Seconds since the Unix epoch, for token lifetimes.
pub fn now_seconds() -> u64 {
    u64::try_from(hearth_db::time::now_micros() / 1_000_000).unwrap_or(0)
}
