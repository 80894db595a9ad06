//! Reactions and comments.

use hearth_common::page::PageQuery;
use hearth_common::posts::{CreateCommentRequest, ReactionKind, UpdateCommentRequest};

use crate::feeds::post;
use crate::helpers::{assert_error, error_fields, TestApp};
use crate::on_both_databases;

on_both_databases!(
    one_reaction_per_person_counted_on_the_post,
    fifty_simultaneous_likes_count_fifty,
    comments_with_one_level_of_replies,
    the_reaction_body_is_optional_as_documented,
);

async fn one_reaction_per_person_counted_on_the_post(app: TestApp) {
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let p = post(&ann, "react to me").await;
    let r = bob.client.react(&p.id, None).await.unwrap();
    assert_eq!((r.like_count, r.my_reaction), (1, Some(ReactionKind::Like)));
    let r = bob.client.react(&p.id, None).await.unwrap();
    assert_eq!(r.like_count, 1, "idempotent");
    let r = bob
        .client
        .react(&p.id, Some(ReactionKind::Celebrate))
        .await
        .unwrap();
    assert_eq!(r.like_count, 1, "replaced, not added");
    assert_eq!(r.reaction_counts[&ReactionKind::Celebrate], 1);
    assert_eq!(r.reaction_counts[&ReactionKind::Like], 0);
    let r = ann
        .client
        .react(&p.id, Some(ReactionKind::Insightful))
        .await
        .unwrap();
    assert_eq!(
        (r.like_count, r.my_reaction),
        (2, Some(ReactionKind::Insightful))
    );

    let who = ann
        .client
        .reactions(&p.id, &PageQuery::default())
        .await
        .unwrap();
    let listed: Vec<_> = who
        .items
        .iter()
        .map(|r| (r.user.username.as_str(), r.kind))
        .collect();
    assert_eq!(
        listed,
        [
            ("ann", ReactionKind::Insightful),
            ("bob", ReactionKind::Celebrate)
        ]
    );

    let r = bob.client.unreact(&p.id).await.unwrap();
    assert_eq!((r.like_count, r.my_reaction), (1, None));
    let r = bob.client.unreact(&p.id).await.unwrap();
    assert_eq!(r.like_count, 1, "idempotent");
    let seen = bob.client.post(&p.id).await.unwrap();
    assert_eq!((seen.like_count, seen.my_reaction), (1, None));

    let bad = bob
        .client
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/posts/{}/like", p.id),
        )
        .json(&serde_json::json!({"kind": "angry"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert_eq!(bob.client.post(&p.id).await.unwrap().like_count, 1);
}

async fn fifty_simultaneous_likes_count_fifty(app: TestApp) {
    let author = app.register("author").await;
    let p = post(&author, "popular").await;
    let mut people = Vec::new();
    for i in 0..50 {
        people.push(app.register(&format!("fan{i:02}")).await);
    }
    let likes = people.iter().map(|fan| {
        let client = fan.client.clone();
        let id = p.id.clone();
        async move { client.react(&id, None).await }
    });
    let results = futures_join_all(likes).await;
    assert!(
        results.iter().all(|r| r.is_ok()),
        "{:?}",
        results.iter().find(|r| r.is_err())
    );
    assert_eq!(author.client.post(&p.id).await.unwrap().like_count, 50);
    let mut everyone = 0;
    let mut cursor = None;
    loop {
        let page = author
            .client
            .reactions(
                &p.id,
                &PageQuery {
                    limit: Some(100),
                    cursor,
                },
            )
            .await
            .unwrap();
        everyone += page.items.len();
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(everyone, 50);
}

/// Runs the futures at once on this thread's runtime and waits for all of them.
async fn futures_join_all<F: std::future::Future + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: 'static,
{
    let handles: Vec<_> = futures.map(actix_web::rt::spawn).collect();
    let mut out = Vec::with_capacity(handles.len());
    for handle in handles {
        out.push(handle.await.expect("task"));
    }
    out
}

async fn comments_with_one_level_of_replies(app: TestApp) {
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let p = post(&ann, "discuss").await;
    let top = bob
        .client
        .comment(
            &p.id,
            &CreateCommentRequest {
                body: "A *question*".into(),
                parent_id: None,
                attachments: Vec::new(),
            },
        )
        .await
        .unwrap();
    assert_eq!(top.body_html, "<p>A <em>question</em></p>\n");
    let reply = ann
        .client
        .comment(
            &p.id,
            &CreateCommentRequest {
                body: "An answer".into(),
                parent_id: Some(top.id.clone()),
                attachments: Vec::new(),
            },
        )
        .await
        .unwrap();
    assert_eq!(reply.parent_id.as_deref(), Some(top.id.as_str()));
    let nested = CreateCommentRequest {
        body: "deeper".into(),
        parent_id: Some(reply.id.clone()),
        attachments: Vec::new(),
    };
    let err = assert_error(
        bob.client.comment(&p.id, &nested).await,
        422,
        "validation_failed",
    );
    assert_eq!(error_fields(&err), ["parent_id"]);
    let elsewhere = post(&ann, "other").await;
    let wrong_post = CreateCommentRequest {
        body: "x".into(),
        parent_id: Some(top.id.clone()),
        attachments: Vec::new(),
    };
    assert_error(
        bob.client.comment(&elsewhere.id, &wrong_post).await,
        422,
        "validation_failed",
    );
    for bad in ["", "   ", &"x".repeat(5_001)] {
        let request = CreateCommentRequest {
            body: bad.into(),
            parent_id: None,
            attachments: Vec::new(),
        };
        assert_error(
            bob.client.comment(&p.id, &request).await,
            422,
            "validation_failed",
        );
    }
    assert_eq!(ann.client.post(&p.id).await.unwrap().comment_count, 2);

    let listed = ann
        .client
        .comments(&p.id, &PageQuery::default())
        .await
        .unwrap();
    assert_eq!(
        listed
            .items
            .iter()
            .map(|c| c.id.clone())
            .collect::<Vec<_>>(),
        [top.id.clone(), reply.id.clone()]
    );
    let page = ann
        .client
        .comments(
            &p.id,
            &PageQuery {
                limit: Some(1),
                cursor: None,
            },
        )
        .await
        .unwrap();
    let rest = ann
        .client
        .comments(
            &p.id,
            &PageQuery {
                limit: Some(1),
                cursor: page.next_cursor,
            },
        )
        .await
        .unwrap();
    assert_eq!(rest.items[0].id, reply.id, "oldest first");

    let edited = bob
        .client
        .update_comment(
            &top.id,
            &UpdateCommentRequest {
                body: "A better question".into(),
            },
        )
        .await
        .unwrap();
    assert!(edited.edited_at.is_some());
    let r = ann
        .client
        .react_to_comment(&top.id, Some(ReactionKind::Support))
        .await
        .unwrap();
    assert_eq!(
        (r.like_count, r.my_reaction),
        (1, Some(ReactionKind::Support))
    );
    let r = ann.client.unreact_to_comment(&top.id).await.unwrap();
    assert_eq!(r.like_count, 0);

    // Deleting a comment takes its replies with it.
    bob.client.delete_comment(&top.id).await.unwrap();
    assert_eq!(ann.client.post(&p.id).await.unwrap().comment_count, 0);
    assert!(ann
        .client
        .comments(&p.id, &PageQuery::default())
        .await
        .unwrap()
        .items
        .is_empty());
    assert_error(ann.client.delete_comment(&reply.id).await, 404, "not_found");
}

/// The document says the body may be left out: no body, an empty one and JSON `null` are
/// all a like, on posts and on comments.
async fn the_reaction_body_is_optional_as_documented(app: TestApp) {
    let ann = app.register("ann").await;
    let p = post(&ann, "react to me").await;
    let comment = CreateCommentRequest {
        body: "and me".into(),
        parent_id: None,
        attachments: Vec::new(),
    };
    let c = ann.client.comment(&p.id, &comment).await.unwrap();
    for path in [
        format!("/api/v1/posts/{}/like", p.id),
        format!("/api/v1/comments/{}/like", c.id),
    ] {
        for body in [None, Some(""), Some("null")] {
            let mut request = ann.client.request(reqwest::Method::PUT, &path);
            if let Some(body) = body {
                request = request
                    .header("content-type", "application/json")
                    .body(body.to_owned());
            }
            let answer = request.send().await.unwrap();
            assert_eq!(answer.status().as_u16(), 200, "{path} with {body:?}");
            let reactions: serde_json::Value = answer.json().await.unwrap();
            assert_eq!(reactions["my_reaction"], "like", "{path} with {body:?}");
        }
    }
}
