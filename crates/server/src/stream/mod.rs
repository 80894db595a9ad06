//! The live stream. Handlers record events in an [`Outbox`] inside their transaction, which
//! appends them to the database's event log before it commits; every process's relay
//! ([`Hub`]) reads the log back in id order and fans each event out to its WebSocket
//! sessions, which send it only to the people the event's [`Audience`] admits.

mod audience;
mod hub;
mod outbox;
pub mod session;
mod typing;

pub use audience::{Audience, Place};
pub use hub::{Delivered, Hub};
pub use outbox::Outbox;
pub use typing::TypingGate;

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct StreamConfig {
    /// Events a session may fall behind before it is dropped (close code 4008).
    pub queue: usize,
    /// Events are kept for `?since=` replays at least this long…
    pub keep_for: Duration,
    /// …and the newest `keep_last` of them always.
    pub keep_last: i64,
    /// A ping is sent this often…
    pub heartbeat: Duration,
    /// …and a client silent for this long is closed.
    pub idle_timeout: Duration,
    /// A frame the client's connection cannot take within this long ends the session
    /// (close code 4008).
    pub send_timeout: Duration,
}

impl Default for StreamConfig {
    fn default() -> Self {
        StreamConfig {
            queue: 1024,
            keep_for: Duration::from_secs(15 * 60),
            keep_last: 10_000,
            heartbeat: Duration::from_secs(15),
            idle_timeout: Duration::from_secs(45),
            send_timeout: Duration::from_secs(10),
        }
    }
}
