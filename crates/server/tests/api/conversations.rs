//! Direct messages: conversations, unread counts, read receipts, and who may message whom.

use hearth_common::groups::{CreateGroupRequest, Privacy};
use hearth_common::page::PageQuery;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{assert_error, error_fields, TestApp};
use crate::on_both_databases;

on_both_databases!(
    two_people_have_one_conversation_with_unread_counts_and_receipts,
    group_conversations_and_bad_requests,
    strangers_to_a_conversation_find_nothing,
    guests_message_only_people_sharing_a_community,
);

async fn two_people_have_one_conversation_with_unread_counts_and_receipts(app: TestApp) {
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let started = ann.client.start_conversation(&[bob.id()]).await.unwrap();
    let again = bob.client.start_conversation(&[ann.id()]).await.unwrap();
    assert_eq!(
        started.id, again.id,
        "one conversation per pair, whoever starts it"
    );
    let raw = ann
        .client
        .request(Method::POST, "/api/v1/conversations")
        .json(&json!({"participant_ids": [bob.id()]}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        raw.status(),
        200,
        "the existing one is returned, not created"
    );

    let first = ann
        .client
        .send_message(&started.id, "Hi *Bob*")
        .await
        .unwrap();
    assert_eq!(first.body_html, "<p>Hi <em>Bob</em></p>\n");
    let second = ann
        .client
        .send_message(&started.id, "Lunch?")
        .await
        .unwrap();
    let inbox = bob
        .client
        .conversations(&PageQuery::default())
        .await
        .unwrap();
    assert_eq!(inbox.items.len(), 1);
    assert_eq!(inbox.items[0].unread_count, 2);
    assert_eq!(inbox.items[0].last_message.as_ref().unwrap().id, second.id);
    assert_eq!(
        ann.client
            .conversation(&started.id)
            .await
            .unwrap()
            .unread_count,
        0,
        "own messages are read"
    );

    let page = bob
        .client
        .messages(
            &started.id,
            &PageQuery {
                limit: Some(1),
                cursor: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(page.items[0].id, second.id, "newest first");
    let rest = bob
        .client
        .messages(
            &started.id,
            &PageQuery {
                limit: Some(1),
                cursor: page.next_cursor,
            },
        )
        .await
        .unwrap();
    assert_eq!(rest.items[0].id, first.id);

    bob.client
        .mark_conversation_read(&started.id, &first.id)
        .await
        .unwrap();
    assert_eq!(
        bob.client
            .conversation(&started.id)
            .await
            .unwrap()
            .unread_count,
        1
    );
    bob.client
        .mark_conversation_read(&started.id, &second.id)
        .await
        .unwrap();
    let seen = ann.client.conversation(&started.id).await.unwrap();
    let bobs = seen
        .participants
        .iter()
        .find(|p| p.user.username == "bob")
        .unwrap();
    assert_eq!(
        bobs.last_read_message_id.as_deref(),
        Some(second.id.as_str()),
        "read receipt"
    );
    assert_eq!(
        bob.client
            .conversation(&started.id)
            .await
            .unwrap()
            .unread_count,
        0
    );

    // The messages badge says it once: messages raise no notifications as well.
    let told = bob
        .client
        .notifications(&PageQuery::default())
        .await
        .unwrap()
        .items;
    assert!(told.is_empty(), "{told:?}");
    assert_eq!(bob.client.unread_notifications().await.unwrap(), 0);

    // Newer activity comes first.
    let cid = app.register("cid").await;
    let other = ann.client.start_conversation(&[cid.id()]).await.unwrap();
    ann.client.send_message(&other.id, "hello").await.unwrap();
    let order: Vec<String> = ann
        .client
        .conversations(&PageQuery::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(order, [other.id.clone(), started.id.clone()]);

    for bad in ["", "  ", &"x".repeat(5_001)] {
        let err = assert_error(
            ann.client.send_message(&started.id, bad).await,
            422,
            "validation_failed",
        );
        assert_eq!(error_fields(&err), ["body"]);
    }
    assert_eq!(
        bob.client
            .messages(&started.id, &PageQuery::default())
            .await
            .unwrap()
            .items
            .len(),
        2
    );
    assert_error(
        bob.client
            .mark_conversation_read(&started.id, "no-such-message")
            .await,
        404,
        "not_found",
    );
    assert_error(
        bob.client
            .mark_conversation_read(
                &started.id,
                &other.last_message.map(|m| m.id).unwrap_or_default(),
            )
            .await,
        404,
        "not_found",
    );
}

async fn group_conversations_and_bad_requests(app: TestApp) {
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let cid = app.register("cid").await;
    let group = ann
        .client
        .start_conversation(&[bob.id(), cid.id(), bob.id()])
        .await
        .unwrap();
    assert_eq!(group.participants.len(), 3);
    let again = ann
        .client
        .start_conversation(&[bob.id(), cid.id()])
        .await
        .unwrap();
    assert_ne!(
        group.id, again.id,
        "group conversations are not deduplicated"
    );
    let m = bob.client.send_message(&group.id, "team!").await.unwrap();
    assert_eq!(
        ann.client
            .conversation(&group.id)
            .await
            .unwrap()
            .unread_count,
        1
    );
    assert_eq!(
        cid.client
            .conversation(&group.id)
            .await
            .unwrap()
            .unread_count,
        1
    );
    cid.client
        .mark_conversation_read(&group.id, &m.id)
        .await
        .unwrap();
    assert_eq!(
        ann.client
            .conversation(&group.id)
            .await
            .unwrap()
            .unread_count,
        1,
        "each reader has their own"
    );

    for ids in [vec![], vec![ann.id()], vec!["no-such-user"]] {
        let err = assert_error(
            ann.client.start_conversation(&ids).await,
            422,
            "validation_failed",
        );
        assert_eq!(error_fields(&err), ["participant_ids"]);
    }
    let many: Vec<String> = (0..50).map(|i| format!("id{i}")).collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_error(
        ann.client.start_conversation(&refs).await,
        422,
        "validation_failed",
    );
    assert_eq!(
        ann.client
            .conversations(&PageQuery::default())
            .await
            .unwrap()
            .items
            .len(),
        2,
        "nothing made"
    );
}

async fn strangers_to_a_conversation_find_nothing(app: TestApp) {
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let eve = app.register("eve").await;
    let c = ann.client.start_conversation(&[bob.id()]).await.unwrap();
    let m = ann.client.send_message(&c.id, "private").await.unwrap();
    for id in [c.id.as_str(), "no-such-conversation"] {
        assert_error(eve.client.conversation(id).await, 404, "not_found");
        assert_error(
            eve.client.messages(id, &PageQuery::default()).await,
            404,
            "not_found",
        );
        assert_error(
            eve.client.send_message(id, "let me in").await,
            404,
            "not_found",
        );
        assert_error(
            eve.client.mark_conversation_read(id, &m.id).await,
            404,
            "not_found",
        );
    }
    assert!(eve
        .client
        .conversations(&PageQuery::default())
        .await
        .unwrap()
        .items
        .is_empty());
    assert_eq!(
        bob.client
            .messages(&c.id, &PageQuery::default())
            .await
            .unwrap()
            .items
            .len(),
        1,
        "nothing was added"
    );
    assert_error(
        app.anon.conversations(&PageQuery::default()).await,
        401,
        "missing_token",
    );
}

async fn guests_message_only_people_sharing_a_community(app: TestApp) {
    let owner = app.register("owner").await;
    let colleague = app.register("colleague").await;
    let request = CreateGroupRequest {
        name: "Project".into(),
        description: "".into(),
        privacy: Privacy::Closed,
        topics: None,
    };
    let g = owner.client.create_group(&request).await.unwrap();
    let code = owner
        .client
        .guest_invite(&g.id, "guest@example.com")
        .await
        .unwrap()
        .invite_code;
    let guest = app.register_guest("guest", &code).await;
    let c = guest
        .client
        .start_conversation(&[owner.id()])
        .await
        .unwrap();
    guest
        .client
        .send_message(&c.id, "hello from the client")
        .await
        .unwrap();
    let err = assert_error(
        guest.client.start_conversation(&[colleague.id()]).await,
        422,
        "validation_failed",
    );
    assert_eq!(error_fields(&err), ["participant_ids"]);
    assert_error(
        guest
            .client
            .start_conversation(&[owner.id(), colleague.id()])
            .await,
        422,
        "validation_failed",
    );
    assert_eq!(
        guest
            .client
            .conversations(&PageQuery::default())
            .await
            .unwrap()
            .items
            .len(),
        1
    );
}
