//! One WebSocket client of the live stream: replays what it missed, then forwards the live
//! events its person may receive, pings it, and closes it when its token expires or is
//! revoked, when it stops answering, or when it falls too far behind.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use actix_web::rt::time::{sleep_until, timeout, Instant};
use actix_ws::{CloseCode, CloseReason, Message, MessageStream, Session};
use bytestring::ByteString;
use hearth_common::events::close_code;
use hearth_db::events;
use hearth_db::posts::{self, PostRow};
use hearth_db::users;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::broadcast::Receiver;

use super::outbox::ACCESS_CHANGED;
use super::Delivered;
use crate::auth::caller::authenticate;
use crate::policy::events::{delivery, replay_delivery, Delivery};
use crate::policy::posts::Reader;
use crate::state::{now_seconds, AppState};

/// Events read from the log per query during a replay.
const REPLAY_BATCH: i64 = 500;
/// Access is re-checked this often even without a sign that it changed.
const RECHECK: Duration = Duration::from_secs(60);
/// Kinds a replay leaves out: typing is stale after seconds, and access changes only matter
/// to sessions that were open when they happened.
const NOT_REPLAYED: [&str; 2] = ["typing", ACCESS_CHANGED];

/// The person behind a session and the token they connected with.
pub struct Viewer {
    pub reader: Reader,
    pub token: String,
    pub expires_at: Option<u64>,
}

/// How a session ends.
enum End {
    /// The client closed or vanished: nothing to tell it.
    ClientLeft,
    Close(CloseCode, &'static str),
}

impl End {
    fn unauthorized() -> End {
        End::Close(
            CloseCode::Other(close_code::UNAUTHORIZED),
            "token expired or revoked",
        )
    }
}

/// Serves one client. `live` must be subscribed before the client learns it is connected,
/// so that nothing it causes next can slip by.
pub async fn run(
    state: Arc<AppState>,
    mut session: Session,
    mut messages: MessageStream,
    viewer: Viewer,
    since: Option<i64>,
    live: Receiver<Arc<Delivered>>,
) {
    let end = serve(&state, &mut session, &mut messages, viewer, since, live).await;
    if let End::Close(code, description) = end {
        let reason = CloseReason {
            code,
            description: Some(description.to_owned()),
        };
        let _ = timeout(state.stream.send_timeout, session.close(Some(reason))).await;
    }
}

async fn serve(
    state: &AppState,
    session: &mut Session,
    messages: &mut MessageStream,
    mut viewer: Viewer,
    since: Option<i64>,
    mut live: Receiver<Arc<Delivered>>,
) -> End {
    // `live` was subscribed before the log is read, so nothing falls between the replay and
    // the live events; what both carry is skipped by id.
    let mut last_sent = 0;
    if let Some(since) = since {
        match replay(state, session, &viewer, since).await {
            Ok(last) => last_sent = last,
            Err(end) => return end,
        }
    }

    let timings = state.stream.clone();
    let mut heartbeat = actix_web::rt::time::interval(timings.heartbeat);
    let mut recheck = actix_web::rt::time::interval(RECHECK);
    recheck.tick().await;
    let mut last_heard = Instant::now();
    let expiry = sleep_until(expiry_instant(viewer.expires_at));
    tokio::pin!(expiry);

    loop {
        tokio::select! {
            event = live.recv() => match event {
                Ok(event) if event.id <= last_sent => {}
                Ok(event) => {
                    last_sent = event.id;
                    if event.kind == ACCESS_CHANGED {
                        // Access changes name their people, as messages do.
                        if delivery(&viewer.reader, &event.audience) == Delivery::Full {
                            if let Err(end) = refresh(state, &mut viewer).await {
                                return end;
                            }
                        }
                    } else if let Some(frame) = frame_for(&viewer.reader, &event) {
                        if let Err(end) = send(session, frame, timings.send_timeout).await {
                            return end;
                        }
                    }
                }
                Err(RecvError::Lagged(_)) => {
                    return End::Close(
                        CloseCode::Other(close_code::TOO_SLOW),
                        "too far behind; reconnect with since",
                    )
                }
                Err(RecvError::Closed) => return End::Close(CloseCode::Away, "server stopping"),
            },
            message = messages.recv() => match message {
                Some(Ok(Message::Ping(bytes))) => {
                    last_heard = Instant::now();
                    if session.pong(&bytes).await.is_err() {
                        return End::ClientLeft;
                    }
                }
                Some(Ok(Message::Close(_))) | None => return End::ClientLeft,
                Some(Ok(_)) => last_heard = Instant::now(),
                Some(Err(_)) => return End::Close(CloseCode::Protocol, "protocol error"),
            },
            _ = heartbeat.tick() => {
                if last_heard.elapsed() > timings.idle_timeout {
                    return End::Close(CloseCode::Away, "no answer to pings");
                }
                if timeout(timings.send_timeout, session.ping(b"")).await.map_or(true, |r| r.is_err()) {
                    return End::ClientLeft;
                }
            }
            _ = recheck.tick() => {
                if let Err(end) = refresh(state, &mut viewer).await {
                    return end;
                }
            }
            () = &mut expiry => return End::unauthorized(),
        }
    }
}

/// Sends the events after `since` that the viewer may receive; returns the last id covered.
async fn replay(
    state: &AppState,
    session: &mut Session,
    viewer: &Viewer,
    since: i64,
) -> Result<i64, End> {
    let (oldest, newest) = state
        .read(|conn| Ok((events::oldest_id(conn)?, events::newest_id(conn)?)))
        .await
        .map_err(|_| End::Close(CloseCode::Error, "the event log cannot be read"))?;
    if oldest.is_some_and(|oldest| oldest > since + 1) {
        // Some of what the client missed is no longer kept.
        let frame = format!(r#"{{"id":{newest},"type":"stream.reset","data":{{}}}}"#);
        send(session, frame.into(), state.stream.send_timeout).await?;
        return Ok(newest);
    }
    let mut last = since;
    loop {
        let rows = state
            .read(move |conn| Ok(events::after(conn, last, &NOT_REPLAYED, REPLAY_BATCH)?))
            .await
            .map_err(|_| End::Close(CloseCode::Error, "the event log cannot be read"))?;
        let full = rows.len() as i64 == REPLAY_BATCH;
        if let Some(row) = rows.last() {
            last = row.id;
        }
        let events: Vec<Delivered> = rows.into_iter().filter_map(Delivered::from_row).collect();
        let ids: Vec<String> = events
            .iter()
            .flat_map(|e| e.audience.post_ids().map(str::to_owned))
            .collect();
        let actors: Vec<String> = events
            .iter()
            .filter_map(|e| e.audience.actor().map(str::to_owned))
            .collect();
        let (current, suspended) = state
            .read(move |conn| {
                Ok((
                    posts::with_authors(conn, &ids)?,
                    users::suspended_among(conn, &actors)?,
                ))
            })
            .await
            .map_err(|_| End::Close(CloseCode::Error, "the event log cannot be read"))?;
        let current: HashMap<String, PostRow> = current
            .into_iter()
            .map(|(post, _)| (post.id.clone(), post))
            .collect();
        let suspended: HashSet<String> = suspended.into_iter().collect();
        for event in &events {
            let deletion = event.kind == "post.deleted";
            let delivery = replay_delivery(
                &viewer.reader,
                &event.audience,
                &current,
                &suspended,
                deletion,
            );
            if let Some(frame) = frame_as(event, delivery) {
                send(session, frame, state.stream.send_timeout).await?;
            }
        }
        if !full {
            return Ok(last);
        }
    }
}

/// The frame this reader gets for `event`, if any.
fn frame_for(reader: &Reader, event: &Delivered) -> Option<ByteString> {
    frame_as(event, delivery(reader, &event.audience))
}

fn frame_as(event: &Delivered, delivery: Delivery) -> Option<ByteString> {
    match delivery {
        Delivery::Full => Some(event.frame.clone()),
        Delivery::Redacted => event.redacted_frame.clone(),
        Delivery::Withheld => None,
    }
}

/// Re-checks the token and reloads what the viewer may see.
async fn refresh(state: &AppState, viewer: &mut Viewer) -> Result<(), End> {
    let caller = authenticate(state, viewer.token.clone())
        .await
        .map_err(|_| End::unauthorized())?;
    let reader = state
        .read(move |conn| Reader::load(conn, caller.user))
        .await
        .map_err(|_| End::Close(CloseCode::Error, "access cannot be checked"))?;
    viewer.reader = reader;
    Ok(())
}

async fn send(session: &mut Session, frame: ByteString, within: Duration) -> Result<(), End> {
    match timeout(within, session.text(frame)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(_)) => Err(End::ClientLeft),
        Err(_) => Err(End::Close(
            CloseCode::Other(close_code::TOO_SLOW),
            "not reading; reconnect with since",
        )),
    }
}

fn expiry_instant(expires_at: Option<u64>) -> Instant {
    // Far enough to never fire, near enough not to overflow `Instant`.
    const NEVER: Duration = Duration::from_secs(100 * 365 * 86_400);
    let left = expires_at.map_or(NEVER, |at| {
        Duration::from_secs(at.saturating_sub(now_seconds()))
    });
    Instant::now() + left
}
