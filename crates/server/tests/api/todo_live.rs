//! The to-do list, live: those who look after a community hear `insights.todo_changed` when
//! a post there waits 48 hours for an answer, when someone answers it, and when a quiet
//! community comes back; nobody else does, and managers hear nothing of a secret community
//! they are not in (checked on the live stream and on a replay of every event).

use std::time::Duration;

use hearth_client::{Client, EventStream};
use hearth_common::events::EventBody;
use hearth_common::groups::{CreateGroupRequest, Privacy};
use hearth_common::insights::SignalKind;
use hearth_common::posts::{CreateCommentRequest, CreatePostRequest};
use hearth_db::health::day_start;

use crate::helpers::{spawn_app_with, Backend, TestApp};
use crate::on_both_databases;
use crate::stream::{connect, next_of};

const HOUR: i64 = 3_600_000_000;
const KIND: &str = "insights.todo_changed";

fn t0() -> i64 {
    day_start(20_514) + 9 * HOUR
}

async fn spawn(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |config| {
        config.clock = hearth_server::clock::Clock::manual(t0());
        config.duties_every = Some(Duration::from_millis(50));
    })
    .await
}

async fn community(client: &Client, name: &str, privacy: Privacy) -> String {
    client
        .create_group(&CreateGroupRequest {
            name: name.into(),
            description: format!("{name} talk"),
            privacy,
            topics: None,
        })
        .await
        .unwrap()
        .id
}

async fn post_in(client: &Client, group: &str, body: &str) -> String {
    client
        .create_post(&CreatePostRequest {
            body: body.into(),
            title: None,
            group_id: Some(group.into()),
            attachments: Vec::new(),
        })
        .await
        .unwrap()
        .id
}

/// The next to-do change on the stream, with its community.
async fn next_change(stream: &mut EventStream) -> String {
    match next_of(stream, KIND).await.body {
        EventBody::TodoChanged(c) => c.group_id,
        other => panic!("{other:?}"),
    }
}

/// Every to-do change a replay from the start holds for this person.
async fn replayed(client: &Client) -> Vec<String> {
    let mut stream = connect(client, Some(0)).await;
    let mut found = Vec::new();
    while let Ok(Ok(event)) = tokio::time::timeout(Duration::from_millis(700), stream.next()).await
    {
        if let EventBody::TodoChanged(c) = event.body {
            found.push(c.group_id);
        }
    }
    found
}

async fn unanswered_in(client: &Client, group: &str) -> bool {
    client
        .insights_todo()
        .await
        .unwrap()
        .items
        .iter()
        .any(|s| s.kind == SignalKind::UnansweredPosts && s.community.id == group)
}

async fn the_todo_list_follows_along(app: TestApp) {
    let cast = app.cast().await;
    let olga = app.register("olga").await;
    let sec = app.register("sec").await;
    let cycling = community(&olga.client, "Cycling", Privacy::Open).await;
    cast.member.client.join_group(&cycling).await.unwrap();
    let board = community(&sec.client, "Board", Privacy::Secret).await;
    let mut manager = connect(&cast.manager.client, None).await;
    let mut owner = connect(&olga.client, None).await;

    let question = post_in(&olga.client, &cycling, "Who rides on Sunday?").await;
    post_in(&sec.client, &board, "Agenda for the board").await;
    assert!(!unanswered_in(&cast.manager.client, &cycling).await);

    // 49 hours later nobody has answered: the owner and the manager are told.
    app.clock.set(t0() + 49 * HOUR);
    assert_eq!(next_change(&mut manager).await, cycling);
    assert_eq!(next_change(&mut owner).await, cycling);
    assert!(unanswered_in(&cast.manager.client, &cycling).await);

    // An answer by someone else takes it off the list, live.
    cast.member
        .client
        .comment(&question, &answer("Me!"))
        .await
        .unwrap();
    assert_eq!(next_change(&mut manager).await, cycling);
    assert!(!unanswered_in(&cast.manager.client, &cycling).await);
    // A second answer changes nothing more.
    olga.client
        .comment(&question, &answer("Great"))
        .await
        .unwrap();

    // Fifteen quiet days, then a post: the community is back.
    app.clock.set(t0() + 16 * 24 * HOUR);
    post_in(&olga.client, &cycling, "Back from holiday").await;
    assert_eq!(next_change(&mut manager).await, cycling);

    // Replayed: the manager and the admin heard of Cycling three times and never of the
    // secret Board; its owner heard of it; a plain member heard nothing.
    for who in [&cast.manager.client, &cast.admin.client] {
        assert_eq!(
            replayed(who).await,
            [cycling.clone(), cycling.clone(), cycling.clone()]
        );
    }
    assert_eq!(replayed(&sec.client).await, vec![board]);
    assert!(replayed(&cast.member.client).await.is_empty());
    assert!(replayed(&cast.guest.client).await.is_empty());
}

fn answer(body: &str) -> CreateCommentRequest {
    CreateCommentRequest {
        body: body.into(),
        parent_id: None,
        attachments: Vec::new(),
    }
}

on_both_databases!(spawn = super::spawn; the_todo_list_follows_along);
