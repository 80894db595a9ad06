//! The live stream: who receives what, replays with `since`, and how streams end.

use std::time::{Duration, Instant};

use hearth_client::{Client, EventStream, StreamEnd};
use hearth_common::events::{close_code, Event, EventBody};
use hearth_common::groups::{CreateGroupRequest, Group, Privacy};
use hearth_common::posts::{CreateCommentRequest, CreatePostRequest, Post, ReactionKind};
use hearth_db::diesel_error::Error as DieselError;
use reqwest::Method;

use crate::helpers::{assert_error, spawn_app_with, Backend, Session, TestApp};
use crate::on_both_databases;

on_both_databases!(
    a_message_reaches_the_other_participants_and_nobody_else,
    a_secret_community_s_events_reach_its_members_only,
    reconnecting_with_since_replays_exactly_what_was_missed,
    signing_out_closes_the_stream,
    two_hundred_clients_receive_a_post,
);

/// Long enough for a loaded CI machine; the real delay is reported by the 200-client test.
const PATIENCE: Duration = Duration::from_secs(5);

pub async fn connect(client: &Client, since: Option<u64>) -> EventStream {
    client.stream(since).await.expect("stream opens")
}

pub async fn next_event(stream: &mut EventStream) -> Event {
    tokio::time::timeout(PATIENCE, stream.next())
        .await
        .expect("an event in time")
        .expect("the stream stays open")
}

/// The next event of `kind`, skipping others.
pub async fn next_of(stream: &mut EventStream, kind: &str) -> Event {
    loop {
        let event = next_event(stream).await;
        if event.body.kind() == kind {
            return event;
        }
    }
}

async fn stream_end(stream: &mut EventStream) -> StreamEnd {
    loop {
        match tokio::time::timeout(PATIENCE, stream.next()).await {
            Ok(Ok(_)) => {}
            Ok(Err(end)) => return end,
            Err(_) => panic!("the stream did not close"),
        }
    }
}

pub async fn post(client: &Client, body: &str, group: Option<&Group>) -> Post {
    client
        .create_post(&CreatePostRequest {
            body: body.into(),
            title: None,
            group_id: group.map(|g| g.id.clone()),
            attachments: Vec::new(),
        })
        .await
        .unwrap()
}

fn created_post(event: &Event) -> &Post {
    match &event.body {
        EventBody::PostCreated(post) => post,
        other => panic!("expected post.created, got {other:?}"),
    }
}

async fn community(owner: &Session, name: &str, privacy: Privacy) -> Group {
    owner
        .client
        .create_group(&CreateGroupRequest {
            name: name.into(),
            description: String::new(),
            privacy,
            topics: None,
        })
        .await
        .unwrap()
}

async fn a_message_reaches_the_other_participants_and_nobody_else(app: TestApp) {
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let carol = app.register("carol").await;
    let conversation = ann.client.start_conversation(&[bob.id()]).await.unwrap();
    let mut anns = connect(&ann.client, None).await;
    let mut bobs = connect(&bob.client, None).await;
    let mut carols = connect(&carol.client, None).await;

    let sent_at = Instant::now();
    let message = ann
        .client
        .send_message(&conversation.id, "Coffee?")
        .await
        .unwrap();
    let received = next_of(&mut bobs, "message.created").await;
    let delay = sent_at.elapsed();
    assert!(delay < Duration::from_secs(1), "took {delay:?}");
    let EventBody::MessageCreated(live) = received.body else {
        unreachable!()
    };
    assert_eq!(live, message);

    // Typing reaches the others, not the typist; read receipts reach everyone in it.
    bob.client.typing(&conversation.id).await.unwrap();
    bob.client
        .mark_conversation_read(&conversation.id, &message.id)
        .await
        .unwrap();
    let typing = next_of(&mut anns, "typing").await;
    let EventBody::Typing(typing) = typing.body else {
        unreachable!()
    };
    assert_eq!(typing.user.id, bob.id());
    let EventBody::MessageRead(read) = next_of(&mut anns, "message.read").await.body else {
        unreachable!()
    };
    assert_eq!(read.user_id, bob.id());
    assert_eq!(read.last_read_message_id, message.id);
    let next_for_bob = next_event(&mut bobs).await;
    assert_eq!(
        next_for_bob.body.kind(),
        "message.read",
        "bob's own typing is not echoed"
    );

    // Carol is in none of it: the first thing she receives is a company-wide post.
    let marker = post(&ann.client, "For everyone", None).await;
    assert_eq!(created_post(&next_event(&mut carols).await).id, marker.id);

    // Strangers cannot type into a conversation.
    assert_error(
        carol.client.typing(&conversation.id).await,
        404,
        "not_found",
    );
}

async fn a_secret_community_s_events_reach_its_members_only(app: TestApp) {
    let cast = app.cast().await;
    let owner = app.register("owner").await;
    let insider = app.register("insider").await;
    let secret = community(&owner, "Board", Privacy::Secret).await;
    owner
        .client
        .invite_to_group(&secret.id, insider.id())
        .await
        .unwrap();
    insider.client.join_group(&secret.id).await.unwrap();
    // The guest belongs to a closed community of their own.
    let closed = community(&owner, "Partners", Privacy::Closed).await;
    let invite = owner
        .client
        .guest_invite(&closed.id, "guest2@example.com")
        .await
        .unwrap();
    let guest = app.register_guest("guest2", &invite.invite_code).await;

    let mut insiders = connect(&insider.client, None).await;
    let mut admins = connect(&cast.admin.client, None).await;
    let mut members = connect(&cast.member.client, None).await;
    let mut guests = connect(&guest.client, None).await;

    let hidden = post(&owner.client, "Quarterly numbers", Some(&secret)).await;
    let comment = owner
        .client
        .comment(
            &hidden.id,
            &CreateCommentRequest {
                body: "Draft attached".into(),
                parent_id: None,
                attachments: Vec::new(),
            },
        )
        .await
        .unwrap();
    owner
        .client
        .react(&hidden.id, Some(ReactionKind::Celebrate))
        .await
        .unwrap();
    assert_eq!(created_post(&next_event(&mut insiders).await).id, hidden.id);
    let EventBody::CommentCreated(live) = next_of(&mut insiders, "comment.created").await.body
    else {
        unreachable!()
    };
    assert_eq!(live.id, comment.id);
    let EventBody::PostReactions(reactions) = next_of(&mut insiders, "post.reactions").await.body
    else {
        unreachable!()
    };
    assert_eq!(reactions.reaction_counts[&ReactionKind::Celebrate], 1);

    // Employees who are not members, admins included, and the guest see none of it: their
    // first event is the next thing they may see.
    let company = post(&owner.client, "Town hall on Friday", None).await;
    for stream in [&mut admins, &mut members] {
        assert_eq!(created_post(&next_event(stream).await).id, company.id);
    }
    let partners = post(&owner.client, "Welcome, partners", Some(&closed)).await;
    assert_eq!(created_post(&next_event(&mut guests).await).id, partners.id);

    // Removed from the community, the insider stops receiving its events at once.
    owner
        .client
        .remove_member(&secret.id, insider.id())
        .await
        .unwrap();
    let hidden_now = post(&owner.client, "After the reshuffle", Some(&secret)).await;
    let later = post(&owner.client, "Lunch menu", None).await;
    let mut received = Vec::new();
    while received.last() != Some(&later.id) {
        received.push(
            created_post(&next_of(&mut insiders, "post.created").await)
                .id
                .clone(),
        );
    }
    assert_eq!(received, [company.id, later.id], "not {}", hidden_now.id);
}

async fn reconnecting_with_since_replays_exactly_what_was_missed(app: TestApp) {
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let mut stream = connect(&ann.client, None).await;
    post(&bob.client, "one", None).await;
    let seen = next_event(&mut stream).await;
    stream.close().await;

    let mut missed = Vec::new();
    for body in ["two", "three", "four"] {
        missed.push(post(&bob.client, body, None).await.id);
    }
    let mut resumed = connect(&ann.client, Some(seen.id)).await;
    let mut ids = Vec::new();
    let mut replayed = Vec::new();
    for _ in 0..3 {
        let event = next_event(&mut resumed).await;
        ids.push(event.id);
        replayed.push(created_post(&event).id.clone());
    }
    assert_eq!(replayed, missed, "in order");
    assert!(ids.windows(2).all(|w| w[0] < w[1]) && ids[0] > seen.id);
    let live = post(&bob.client, "five", None).await;
    assert_eq!(
        created_post(&next_event(&mut resumed).await).id,
        live.id,
        "nothing twice"
    );

    // When what was missed is no longer kept, the client is told to reload.
    forget_events_up_to(&app, ids[1]).await;
    let mut stale = connect(&ann.client, Some(seen.id)).await;
    let reset = next_event(&mut stale).await;
    assert_eq!(reset.body.kind(), "stream.reset");
    assert!(reset.id >= ids[2]);
}

async fn forget_events_up_to(app: &TestApp, id: u64) {
    use diesel::prelude::*;
    let url = app.database.clone();
    actix_web::rt::task::spawn_blocking(move || {
        let mut conn = url.connect().unwrap();
        diesel::sql_query(format!("DELETE FROM events WHERE id <= {id}"))
            .execute(&mut conn)
            .map_err(|e: DieselError| e)
            .unwrap();
    })
    .await
    .unwrap();
}

async fn signing_out_closes_the_stream(app: TestApp) {
    let ann = app.register("ann").await;
    let mut stream = connect(&ann.client, None).await;
    ann.client.logout().await.unwrap();
    let end = stream_end(&mut stream).await;
    assert_eq!(end.code, Some(close_code::UNAUTHORIZED), "{end:?}");

    // A revoked token cannot open one either; nor can no token, nor plain HTTP.
    assert_error(ann.client.stream(None).await, 401, "invalid_token");
    assert_error(app.anon.stream(None).await, 401, "missing_token");
    let again = app.login("ann", crate::helpers::PASSWORD).await.unwrap();
    let plain = again
        .client
        .request(Method::GET, "/api/v1/stream")
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 400);
}

/// 200 clients wait for one post; prints the p50/p99 delay from sending it to each client
/// having it (a measurement for the record, not a pass/fail timing).
async fn two_hundred_clients_receive_a_post(app: TestApp) {
    const CLIENTS: usize = 200;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let mut streams = Vec::with_capacity(CLIENTS);
    for _ in 0..CLIENTS {
        streams.push(connect(&bob.client, None).await);
    }
    let (done, mut arrivals) = tokio::sync::mpsc::unbounded_channel();
    for mut stream in streams {
        let done = done.clone();
        actix_web::rt::spawn(async move {
            let event = next_event(&mut stream).await;
            let _ = done.send((Instant::now(), event.id));
        });
    }
    drop(done);
    let sent_at = Instant::now();
    post(&ann.client, "All hands", None).await;
    let mut delays = Vec::with_capacity(CLIENTS);
    let mut ids = Vec::new();
    while let Some((at, id)) = arrivals.recv().await {
        delays.push(at.duration_since(sent_at));
        ids.push(id);
    }
    assert_eq!(delays.len(), CLIENTS, "every client got it");
    assert!(ids.windows(2).all(|w| w[0] == w[1]), "the same event");
    delays.sort();
    let at = |q: f64| delays[((CLIENTS as f64 * q).ceil() as usize).min(CLIENTS) - 1];
    eprintln!(
        "stream delivery to {CLIENTS} clients on {}: p50 {:?}, p99 {:?}, max {:?}",
        match app.database {
            hearth_db::DatabaseUrl::Sqlite(_) => "SQLite",
            hearth_db::DatabaseUrl::Postgres(_) => "PostgreSQL",
        },
        at(0.50),
        at(0.99),
        delays[CLIENTS - 1]
    );
}

#[actix_web::test]
async fn an_expired_token_closes_the_stream() {
    let app = spawn_app_with(Backend::Sqlite, |c| c.access_token_seconds = 1)
        .await
        .unwrap();
    let ann = app.register("ann").await;
    let mut stream = connect(&ann.client, None).await;
    let end = stream_end(&mut stream).await;
    assert_eq!(end.code, Some(close_code::UNAUTHORIZED), "{end:?}");
}

#[actix_web::test]
async fn a_client_that_stops_answering_pings_is_closed() {
    let app = spawn_app_with(Backend::Sqlite, |c| {
        c.stream.heartbeat = Duration::from_millis(50);
        c.stream.idle_timeout = Duration::from_millis(200);
    })
    .await
    .unwrap();
    let ann = app.register("ann").await;
    let mut stream = connect(&ann.client, None).await;
    // Not reading means not answering pings.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let end = stream_end(&mut stream).await;
    assert_eq!(end.code, Some(1001), "{end:?}");
}

/// A client that stops reading is dropped once its queue fills, instead of the server
/// buffering for it without bound, and resumes with `since`.
#[actix_web::test]
async fn a_client_that_stops_reading_is_dropped_and_resumes_with_since() {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::Message;

    const POSTS: usize = 300;
    let app = spawn_app_with(Backend::Sqlite, |c| {
        c.stream.queue = 16;
        c.stream.send_timeout = Duration::from_millis(300);
    })
    .await
    .unwrap();
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;

    // A small receive buffer, so the connection backs up after a few frames.
    let addr = app.anon.base_url().trim_start_matches("http://").to_owned();
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let tcp = socket.connect(addr.parse().unwrap()).await.unwrap();
    let mut request = format!("ws://{addr}/api/v1/stream")
        .into_client_request()
        .unwrap();
    let bearer = format!("Bearer {}", ann.auth.access_token);
    request
        .headers_mut()
        .insert("authorization", bearer.parse().unwrap());
    let (mut slow, _) = tokio_tungstenite::client_async(request, tcp).await.unwrap();

    // Big frames, so the backlog outgrows what the sockets buffer.
    let filler = "a few words of filler ".repeat(700);
    let mut posted = Vec::new();
    for n in 0..POSTS {
        posted.push(
            post(&bob.client, &format!("update number {n}\n\n{filler}"), None)
                .await
                .id,
        );
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    let mut received = Vec::new();
    let mut last_id = 0;
    let close_code = loop {
        let next = tokio::time::timeout(PATIENCE, slow.next()).await;
        let next = next.unwrap_or_else(|_| panic!("still open after {} events", received.len()));
        match next {
            Some(Ok(Message::Text(text))) => {
                let event: Event = serde_json::from_str(text.as_str()).unwrap();
                last_id = event.id;
                received.push(created_post(&event).id.clone());
            }
            Some(Ok(Message::Close(frame))) => break frame.map(|f| u16::from(f.code)),
            Some(Ok(_)) => {}
            Some(Err(_)) | None => break None,
        }
    };
    assert!(
        received.len() < POSTS,
        "the server kept queueing for a client that did not read"
    );
    assert!(
        matches!(close_code, None | Some(close_code::TOO_SLOW)),
        "{close_code:?}"
    );
    assert_eq!(
        received,
        posted[..received.len()],
        "what arrived arrived in order"
    );

    let mut resumed = connect(&ann.client, Some(last_id)).await;
    for expected in &posted[received.len()..] {
        assert_eq!(&created_post(&next_event(&mut resumed).await).id, expected);
    }
}
