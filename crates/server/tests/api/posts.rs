//! Writing, rendering, editing, deleting and sharing posts.

use hearth_common::page::PageQuery;
use hearth_common::posts::{CreatePostRequest, ShareRequest, UpdatePostRequest};

use crate::feeds::post;
use crate::helpers::{assert_error, error_fields, TestApp};
use crate::on_both_databases;

on_both_databases!(
    a_preview_renders_like_a_post_and_saves_nothing,
    posts_render_markdown_and_parse_tags,
    hostile_or_invalid_bodies_are_refused_or_defused,
    edits_keep_the_history,
    shares_embed_the_original_and_survive_its_deletion,
);

async fn posts_render_markdown_and_parse_tags(app: TestApp) {
    let ann = app.register("ann").await;
    app.register("bob").await;
    let article = CreatePostRequest {
        body: "Hello **team**, see [the plan](https://example.com/plan). #Roadmap with @bob and @nobody".into(),
        title: Some("Q3 plan".into()),
        group_id: None,
        attachments: Vec::new(),
    };
    let p = ann.client.create_post(&article).await.unwrap();
    assert_eq!(p.title.as_deref(), Some("Q3 plan"));
    assert!(
        p.body_html.contains("<strong>team</strong>"),
        "{}",
        p.body_html
    );
    assert!(
        p.body_html.contains("rel=\"nofollow noopener noreferrer\""),
        "{}",
        p.body_html
    );
    assert_eq!(p.topics, ["roadmap"]);
    assert_eq!(p.mentions, ["bob"], "only people who exist");
    assert_eq!((p.like_count, p.comment_count, p.share_count), (0, 0, 0));
    assert_eq!(p.author.username, "ann");
    assert!(p.group.is_none() && p.shared_post.is_none() && p.edited_at.is_none());
    assert_eq!(ann.client.post(&p.id).await.unwrap(), p);
    assert_error(ann.client.post("no-such-post").await, 404, "not_found");
}

async fn hostile_or_invalid_bodies_are_refused_or_defused(app: TestApp) {
    let ann = app.register("ann").await;
    let hostile = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "<a href=\"JAVASCRIPT:alert(1)\">x</a>",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<div><p><span onmouseover=\"x()\">nested <b>html</b></span></p></div>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<svg onload=alert(1)>",
    ];
    for body in hostile {
        let p = post(&ann, body).await;
        let html = p.body_html.to_lowercase();
        for bad in [
            "<script",
            "onerror",
            "onmouseover",
            "onload",
            "javascript:",
            "data:",
            "<iframe",
            "<svg",
        ] {
            assert!(!html.contains(bad), "{body:?} rendered {html:?}");
        }
    }
    let invalid = [
        (
            CreatePostRequest {
                body: "x".repeat(20_001),
                ..Default::default()
            },
            "body",
        ),
        (
            CreatePostRequest {
                body: "".into(),
                ..Default::default()
            },
            "body",
        ),
        (
            CreatePostRequest {
                body: "  \n\t ".into(),
                ..Default::default()
            },
            "body",
        ),
        (
            CreatePostRequest {
                body: "ok".into(),
                title: Some("t".repeat(201)),
                group_id: None,
                attachments: Vec::new(),
            },
            "title",
        ),
    ];
    for (request, field) in invalid {
        let err = assert_error(
            ann.client.create_post(&request).await,
            422,
            "validation_failed",
        );
        assert_eq!(error_fields(&err), [field]);
    }
    let feed = ann.client.home_feed(&PageQuery::default()).await.unwrap();
    assert_eq!(
        feed.items.len(),
        hostile.len(),
        "refused posts were not stored"
    );
    assert!(post(&ann, &"x".repeat(20_000)).await.body.len() == 20_000);
}

async fn edits_keep_the_history(app: TestApp) {
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let original = post(&ann, "First draft #draft").await;
    let edit = UpdatePostRequest {
        body: Some("Second draft #final".into()),
        title: Some("Now an article".into()),
        attachments: None,
    };
    let edited = ann.client.update_post(&original.id, &edit).await.unwrap();
    assert_eq!(edited.body, "Second draft #final");
    assert_eq!(edited.title.as_deref(), Some("Now an article"));
    assert_eq!(edited.topics, ["final"]);
    assert!(edited.edited_at.is_some());
    assert_eq!(edited.created_at, original.created_at);
    let untitle = UpdatePostRequest {
        body: None,
        title: Some("".into()),
        attachments: None,
    };
    let third = ann
        .client
        .update_post(&original.id, &untitle)
        .await
        .unwrap();
    assert_eq!(
        (third.title, third.body.as_str()),
        (None, "Second draft #final")
    );

    let history = bob
        .client
        .post_history(&original.id, &PageQuery::default())
        .await
        .unwrap();
    let bodies: Vec<_> = history
        .items
        .iter()
        .map(|v| (v.title.clone(), v.body.as_str()))
        .collect();
    assert_eq!(
        bodies,
        [
            (Some("Now an article".to_string()), "Second draft #final"),
            (None, "First draft #draft")
        ]
    );
    // Topic feeds follow the edit.
    assert!(bob
        .client
        .topic_posts("draft", &PageQuery::default())
        .await
        .unwrap()
        .items
        .is_empty());
    assert_eq!(
        bob.client
            .topic_posts("final", &PageQuery::default())
            .await
            .unwrap()
            .items
            .len(),
        1
    );

    let bad = UpdatePostRequest {
        body: Some(" ".into()),
        title: None,
        attachments: None,
    };
    assert_error(
        ann.client.update_post(&original.id, &bad).await,
        422,
        "validation_failed",
    );
    assert_eq!(
        ann.client.post(&original.id).await.unwrap().body,
        "Second draft #final"
    );
}

async fn shares_embed_the_original_and_survive_its_deletion(app: TestApp) {
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let original = post(&ann, "Worth reading").await;
    let share = bob
        .client
        .share(
            &original.id,
            &ShareRequest {
                body: Some("Agreed!".into()),
                group_id: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(share.body, "Agreed!");
    let embedded = share.shared_post.clone().unwrap();
    assert!(embedded.available);
    assert_eq!(embedded.id, original.id);
    assert_eq!(embedded.author.unwrap().username, "ann");
    assert_eq!(ann.client.post(&original.id).await.unwrap().share_count, 1);
    let silent = bob
        .client
        .share(&original.id, &ShareRequest::default())
        .await
        .unwrap();
    assert_eq!(silent.body, "");
    assert_eq!(ann.client.post(&original.id).await.unwrap().share_count, 2);

    ann.client.delete_post(&original.id).await.unwrap();
    let after = bob.client.post(&share.id).await.unwrap();
    let gone = after.shared_post.unwrap();
    assert!(
        !gone.available,
        "the original shows as gone, not as a broken reference"
    );
    assert_eq!(gone.id, original.id);
    assert!(gone.body_html.is_none() && gone.author.is_none());
    assert_error(
        bob.client
            .share(&original.id, &ShareRequest::default())
            .await,
        404,
        "not_found",
    );
    let too_long = ShareRequest {
        body: Some("x".repeat(20_001)),
        group_id: None,
    };
    assert_error(
        bob.client.share(&share.id, &too_long).await,
        422,
        "validation_failed",
    );
}

async fn a_preview_renders_like_a_post_and_saves_nothing(app: TestApp) {
    let ann = app.register("ann").await;
    let preview = ann
        .client
        .preview("**Bold** plan for #launch with @ann <script>alert(1)</script>")
        .await
        .unwrap();
    assert!(preview.body_html.contains("<strong>Bold</strong>"));
    assert!(
        !preview.body_html.contains("<script"),
        "{}",
        preview.body_html
    );
    assert_eq!(preview.topics, ["launch"]);
    assert_eq!(preview.mentions, ["ann"]);
    let feed = ann.client.home_feed(&Default::default()).await.unwrap();
    assert!(feed.items.is_empty(), "nothing was posted");
    let err = assert_error(ann.client.preview("   ").await, 422, "validation_failed");
    assert_eq!(error_fields(&err), ["body"]);
    assert_error(app.anon.preview("hello").await, 401, "missing_token");
}
