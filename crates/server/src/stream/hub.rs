//! The hub: one relay thread per process that reads the event log back, in id order, as any
//! process appends to it, and hands each event to this process's sessions through a
//! broadcast channel. Events are appended by the transaction that caused them
//! (`AppState::write_announcing`): a change and its events are committed together, or not at
//! all, even when the process is killed right after.
//!
//! With PostgreSQL the relay listens on the log's channel, so an event appended by another
//! process arrives within one poll interval; with SQLite there is one process and the relay
//! reads back only after its own appends.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytestring::ByteString;
use hearth_db::events::{self, EventRow, Listener};
use hearth_db::{time, DatabaseUrl, Db, DbError};
use tokio::sync::broadcast;

use super::{Audience, StreamConfig};

/// How often the relay asks PostgreSQL for notifications (libpq offers no blocking wait here).
const POLL: Duration = Duration::from_millis(5);
/// With PostgreSQL, the log is read at least this often even without a notification, in case
/// one was lost while the listener reconnected.
const SAFETY_READ: Duration = Duration::from_secs(1);
const PRUNE_EVERY: Duration = Duration::from_secs(60);
/// Events read back per query.
const READ_BATCH: i64 = 1000;

/// One event as the sessions receive it: its audience, and the frame ready to send.
#[derive(Debug)]
pub struct Delivered {
    pub id: i64,
    pub kind: String,
    pub audience: Audience,
    pub frame: ByteString,
    /// The frame for those who may see the event but not all of it.
    pub redacted_frame: Option<ByteString>,
}

impl Delivered {
    /// `None` when the stored audience cannot be read: such an event goes to nobody.
    pub fn from_row(row: EventRow) -> Option<Delivered> {
        let audience = match serde_json::from_str(&row.audience) {
            Ok(audience) => audience,
            Err(e) => {
                tracing::error!(event = row.id, "unreadable event audience: {e}");
                return None;
            }
        };
        let frame = |data: &str| -> ByteString {
            format!(r#"{{"id":{},"type":"{}","data":{data}}}"#, row.id, row.kind).into()
        };
        Some(Delivered {
            id: row.id,
            frame: frame(&row.data),
            redacted_frame: row.redacted_data.as_deref().map(frame),
            kind: row.kind,
            audience,
        })
    }
}

pub struct Hub {
    to_relay: mpsc::Sender<()>,
    live: broadcast::Sender<Arc<Delivered>>,
}

impl Hub {
    /// Starts the relay thread, which runs until the hub is dropped.
    pub fn start(db: Db, url: DatabaseUrl, config: StreamConfig) -> std::io::Result<Hub> {
        let newest = db
            .read(events::newest_id)
            .map_err(|e: DbError| std::io::Error::other(e.to_string()))?;
        let (to_relay, inbox) = mpsc::channel();
        let (live, _) = broadcast::channel(config.queue.max(1));
        let relay = Relay {
            db,
            url,
            listener: None,
            inbox,
            live: live.clone(),
            last_seen: newest,
            config,
        };
        std::thread::Builder::new()
            .name("hearth-relay".into())
            .spawn(move || relay.run())?;
        Ok(Hub { to_relay, live })
    }

    /// Tells the relay that this process committed events to the log.
    pub fn appended(&self) {
        if self.to_relay.send(()).is_err() {
            tracing::error!("the stream relay has stopped");
        }
    }

    /// Every event from now on, in id order.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Delivered>> {
        self.live.subscribe()
    }
}

struct Relay {
    db: Db,
    url: DatabaseUrl,
    listener: Option<Listener>,
    inbox: mpsc::Receiver<()>,
    live: broadcast::Sender<Arc<Delivered>>,
    last_seen: i64,
    config: StreamConfig,
}

impl Relay {
    fn run(mut self) {
        let postgres = matches!(self.url, DatabaseUrl::Postgres(_));
        let wait = if postgres { POLL } else { PRUNE_EVERY };
        let mut last_read = Instant::now();
        let mut last_prune = Instant::now();
        loop {
            let mut appended = false;
            match self.inbox.recv_timeout(wait) {
                Ok(()) => {
                    while self.inbox.try_recv().is_ok() {}
                    appended = true;
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            let notified = postgres && self.notified();
            if appended || notified || (postgres && last_read.elapsed() >= SAFETY_READ) {
                self.read_back();
                last_read = Instant::now();
            }
            if last_prune.elapsed() >= PRUNE_EVERY {
                self.prune();
                last_prune = Instant::now();
            }
        }
    }

    /// Whether another process appended something; (re)connects the listener as needed. A
    /// new listener counts as a notification, since any could have been missed before it.
    fn notified(&mut self) -> bool {
        if let Some(listener) = &mut self.listener {
            match listener.notified() {
                Ok(any) => return any,
                Err(e) => {
                    tracing::warn!("stream listener lost: {e}");
                    self.listener = None;
                }
            }
        }
        match Listener::connect(&self.url) {
            Ok(listener) => {
                self.listener = listener;
                true
            }
            Err(e) => {
                tracing::warn!("stream listener cannot connect: {e}");
                std::thread::sleep(SAFETY_READ);
                false
            }
        }
    }

    /// Hands every event after `last_seen` to the sessions.
    fn read_back(&mut self) {
        loop {
            let since = self.last_seen;
            let rows = match self
                .db
                .read(|conn| events::after(conn, since, &[], READ_BATCH))
            {
                Ok(rows) => rows,
                Err(e) => {
                    tracing::error!("could not read the event log: {e}");
                    return;
                }
            };
            let full = rows.len() as i64 == READ_BATCH;
            for row in rows {
                self.last_seen = row.id;
                if let Some(event) = Delivered::from_row(row) {
                    // No receivers is fine: nobody is connected to this process.
                    let _ = self.live.send(Arc::new(event));
                }
            }
            if !full {
                return;
            }
        }
    }

    fn prune(&self) {
        let keep_for = i64::try_from(self.config.keep_for.as_micros()).unwrap_or(i64::MAX);
        let before = time::now_micros().saturating_sub(keep_for);
        let keep = self.config.keep_last;
        if let Err(e) = self.db.write(|conn| events::prune(conn, before, keep)) {
            tracing::warn!("could not prune the event log: {e}");
        }
    }
}
