//! `Idempotency-Key`: a retried write with its key writes once and answers the same; the key
//! with another request is refused; twenty retries at once still write once.

use hearth_common::page::PageQuery;
use reqwest::Method;
use serde_json::{json, Value};

use crate::feeds::post;
use crate::helpers::{Session, TestApp};
use crate::on_both_databases;

on_both_databases!(
    a_retried_write_with_its_key_writes_once,
    twenty_retries_at_once_write_once,
);

/// Sends `body` to `path` with `key`: status, whether it was replayed, and the JSON answer.
async fn send(who: &Session, path: &str, key: &str, body: &Value) -> (u16, bool, Value) {
    let answer = who
        .client
        .request(Method::POST, path)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    let replayed = answer
        .headers()
        .get("idempotent-replayed")
        .is_some_and(|v| v == "true");
    (status, replayed, answer.json().await.unwrap())
}

async fn a_retried_write_with_its_key_writes_once(app: TestApp) {
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let original = post(&ann, "Share me").await;
    let conversation = ann.client.start_conversation(&[bob.id()]).await.unwrap();
    let writes = [
        ("/api/v1/posts".to_string(), json!({"body": "Hello"})),
        (
            format!("/api/v1/posts/{}/comments", original.id),
            json!({"body": "Nice"}),
        ),
        (
            format!("/api/v1/conversations/{}/messages", conversation.id),
            json!({"body": "Hi"}),
        ),
        (
            format!("/api/v1/posts/{}/shares", original.id),
            json!({"body": "Look"}),
        ),
    ];
    // A key is one person's, for one request, whatever the endpoint: one per write here.
    for (n, (path, body)) in writes.iter().enumerate() {
        let key = format!("write-{n}");
        let key = key.as_str();
        let (status, replayed, first) = send(&ann, path, key, body).await;
        assert_eq!((status, replayed), (201, false), "{path}: {first}");
        let (status, replayed, again) = send(&ann, path, key, body).await;
        assert_eq!((status, replayed), (201, true), "{path}");
        assert_eq!(again, first, "{path}: the first answer again");
        // Another request with the key is refused; another person's key is their own.
        let (status, _, refused) = send(&ann, path, key, &json!({"body": "Other"})).await;
        assert_eq!(status, 422, "{path}");
        assert_eq!(refused["error"]["code"], "idempotency_key_reused");
        if !path.contains("conversations") {
            let (status, replayed, theirs) = send(&bob, path, key, body).await;
            assert_eq!((status, replayed), (201, false), "{path}");
            assert_ne!(theirs["id"], first["id"], "{path}");
        }
    }
    // Written once each: ann's post and share, bob's post and share; one comment each;
    // one message.
    let mine = ann
        .client
        .user_posts(ann.id(), &PageQuery::default())
        .await
        .unwrap();
    assert_eq!(mine.items.len(), 3, "the original, one post, one share");
    let comments = ann
        .client
        .comments(&original.id, &PageQuery::default())
        .await
        .unwrap();
    assert_eq!(comments.items.len(), 2, "ann's and bob's");
    let messages = ann
        .client
        .messages(&conversation.id, &PageQuery::default())
        .await
        .unwrap();
    assert_eq!(messages.items.len(), 1);

    // Keys are 1 to 255 visible ASCII characters.
    for bad in ["", "has space", &"k".repeat(256)] {
        let (status, _, body) = send(&ann, "/api/v1/posts", bad, &json!({"body": "x"})).await;
        assert_eq!(status, 400, "{bad:?}");
        assert_eq!(body["error"]["code"], "invalid_idempotency_key");
    }
    // The key of one write on another endpoint is another request.
    let (status, _, _) = send(&ann, "/api/v1/posts", "write-1", &json!({"body": "Nice"})).await;
    assert_eq!(status, 422);
    // A request that failed is not remembered: its retry is tried again.
    let (status, _, _) = send(&ann, "/api/v1/posts", "key-2", &json!({"body": ""})).await;
    assert_eq!(status, 422);
    let (status, replayed, _) = send(&ann, "/api/v1/posts", "key-2", &json!({"body": "ok"})).await;
    assert_eq!((status, replayed), (201, false));
}

async fn twenty_retries_at_once_write_once(app: TestApp) {
    let ann = app.register("ann").await;
    for round in 0..3 {
        let key = format!("burst-{round}");
        let body = json!({"body": format!("Burst {round}")});
        let answers = futures_util::future::join_all(
            (0..20).map(|_| send(&ann, "/api/v1/posts", &key, &body)),
        )
        .await;
        let ids: std::collections::BTreeSet<String> = answers
            .iter()
            .map(|(status, _, post)| {
                assert_eq!(*status, 201, "{post}");
                post["id"].as_str().unwrap().to_owned()
            })
            .collect();
        assert_eq!(
            ids.len(),
            1,
            "round {round}: one post, the same answer to all"
        );
        let fresh = answers.iter().filter(|(_, replayed, _)| !replayed).count();
        assert_eq!(fresh, 1, "round {round}: one did the work");
    }
    let mine = ann
        .client
        .user_posts(ann.id(), &PageQuery::default())
        .await
        .unwrap();
    assert_eq!(mine.items.len(), 3);
}
