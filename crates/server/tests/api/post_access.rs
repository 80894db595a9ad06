//! The authorization matrix of posts, comments, reactions and shares: a post the caller may
//! not see is 404 on every endpoint; a visible one they may not change is 403.

use hearth_common::posts::{CreateCommentRequest, Post};
use reqwest::Method;
use serde_json::json;

use crate::feeds::post;
use crate::helpers::{Session, TestApp};
use crate::on_both_databases;

on_both_databases!(
    hidden_posts_are_not_found_everywhere,
    strangers_cannot_change_what_is_not_theirs
);

/// Every endpoint about one post or comment, with a valid body.
fn endpoints(post_id: &str, comment_id: &str) -> Vec<(Method, String, Option<serde_json::Value>)> {
    vec![
        (Method::GET, format!("/api/v1/posts/{post_id}"), None),
        (
            Method::PATCH,
            format!("/api/v1/posts/{post_id}"),
            Some(json!({"body": "changed"})),
        ),
        (Method::DELETE, format!("/api/v1/posts/{post_id}"), None),
        (
            Method::GET,
            format!("/api/v1/posts/{post_id}/history"),
            None,
        ),
        (
            Method::PUT,
            format!("/api/v1/posts/{post_id}/like"),
            Some(json!({"kind": "celebrate"})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/posts/{post_id}/like"),
            None,
        ),
        (Method::GET, format!("/api/v1/posts/{post_id}/likes"), None),
        (
            Method::GET,
            format!("/api/v1/posts/{post_id}/comments"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/posts/{post_id}/comments"),
            Some(json!({"body": "hi"})),
        ),
        (
            Method::POST,
            format!("/api/v1/posts/{post_id}/shares"),
            Some(json!({"body": "look"})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/comments/{comment_id}"),
            Some(json!({"body": "changed"})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/comments/{comment_id}"),
            None,
        ),
        (
            Method::PUT,
            format!("/api/v1/comments/{comment_id}/like"),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/v1/comments/{comment_id}/like"),
            None,
        ),
    ]
}

async fn status_and_code(
    who: &Session,
    method: &Method,
    path: &str,
    body: &Option<serde_json::Value>,
) -> (u16, String) {
    let mut request = who.client.request(method.clone(), path);
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let code = response
        .json::<serde_json::Value>()
        .await
        .ok()
        .and_then(|v| v["error"]["code"].as_str().map(str::to_owned))
        .unwrap_or_default();
    (status, code)
}

async fn with_comment(author: &Session, commenter: &Session, body: &str) -> (Post, String) {
    let p = post(author, body).await;
    let request = CreateCommentRequest {
        body: "first".into(),
        parent_id: None,
        attachments: Vec::new(),
    };
    let c = commenter.client.comment(&p.id, &request).await.unwrap();
    (p, c.id)
}

async fn hidden_posts_are_not_found_everywhere(app: TestApp) {
    let cast = app.cast().await;
    // Hidden from the guest: a company-wide post. Hidden from everyone: a deleted post and the
    // post of a suspended author.
    let (company, company_comment) =
        with_comment(&cast.member, &cast.manager, "company-wide").await;
    let (deleted, deleted_comment) = with_comment(&cast.member, &cast.manager, "to delete").await;
    let gone = app.register("gone").await;
    let (suspended, suspended_comment) =
        with_comment(&gone, &cast.manager, "by someone suspended").await;
    cast.member.client.delete_post(&deleted.id).await.unwrap();
    let suspend = hearth_common::users::AdminUpdateUserRequest {
        role: None,
        suspended: Some(true),
    };
    cast.admin
        .client
        .admin_update_user(gone.id(), &suspend)
        .await
        .unwrap();

    let cases = [
        (&cast.guest, &company.id, &company_comment),
        (&cast.guest, &deleted.id, &deleted_comment),
        (&cast.member, &deleted.id, &deleted_comment),
        (&cast.admin, &deleted.id, &deleted_comment),
        (&cast.member, &suspended.id, &suspended_comment),
        (
            &cast.guest,
            &"no-such-post".to_string(),
            &"no-such-comment".to_string(),
        ),
    ];
    let mut cells = 0;
    for (who, post_id, comment_id) in cases {
        for (method, path, body) in endpoints(post_id, comment_id) {
            let got = status_and_code(who, &method, &path, &body).await;
            assert_eq!(
                got,
                (404, "not_found".to_string()),
                "{} {method} {path}",
                who.user.username
            );
            cells += 1;
        }
    }
    assert_eq!(cells, 6 * 14);
    // Nothing was changed by any of them.
    let seen = cast.manager.client.post(&company.id).await.unwrap();
    assert_eq!(
        (seen.like_count, seen.comment_count, seen.share_count),
        (0, 1, 0)
    );
    assert_eq!(seen.body, "company-wide");
}

async fn strangers_cannot_change_what_is_not_theirs(app: TestApp) {
    let cast = app.cast().await;
    let stranger = app.register("stranger").await;
    let (p, comment_id) = with_comment(&cast.member, &cast.manager, "mine").await;
    let forbidden = [
        (
            Method::PATCH,
            format!("/api/v1/posts/{}", p.id),
            Some(json!({"body": "changed"})),
            "not_author",
        ),
        (
            Method::DELETE,
            format!("/api/v1/posts/{}", p.id),
            None,
            "not_allowed",
        ),
        (
            Method::PATCH,
            format!("/api/v1/comments/{comment_id}"),
            Some(json!({"body": "changed"})),
            "not_author",
        ),
        (
            Method::DELETE,
            format!("/api/v1/comments/{comment_id}"),
            None,
            "not_allowed",
        ),
    ];
    for (method, path, body, code) in &forbidden {
        let got = status_and_code(&stranger, method, path, body).await;
        assert_eq!(got, (403, code.to_string()), "{method} {path}");
    }
    // Moderators may delete but not edit others' words.
    for who in [&cast.admin, &cast.manager] {
        let (status, _) = status_and_code(
            who,
            &Method::PATCH,
            &format!("/api/v1/posts/{}", p.id),
            &Some(json!({"body": "x"})),
        )
        .await;
        assert_eq!(status, 403);
    }
    let seen = stranger.client.post(&p.id).await.unwrap();
    assert_eq!(
        (seen.body.as_str(), seen.comment_count),
        ("mine", 1),
        "nothing changed"
    );
    // Anyone who sees a post may react to it, comment on it and share it.
    stranger.client.react(&p.id, None).await.unwrap();
    stranger
        .client
        .comment(
            &p.id,
            &CreateCommentRequest {
                body: "nice".into(),
                parent_id: None,
                attachments: Vec::new(),
            },
        )
        .await
        .unwrap();
    stranger
        .client
        .share(&p.id, &Default::default())
        .await
        .unwrap();
    // A guest cannot post company-wide at all.
    let guest_post = hearth_common::posts::CreatePostRequest {
        body: "hello".into(),
        ..Default::default()
    };
    let err = cast
        .guest
        .client
        .create_post(&guest_post)
        .await
        .unwrap_err();
    assert_eq!(
        (err.status(), err.code()),
        (Some(403), Some("company_wide_not_allowed"))
    );
    // Moderators may delete.
    cast.manager
        .client
        .delete_comment(&comment_id)
        .await
        .unwrap();
    cast.admin.client.delete_post(&p.id).await.unwrap();
}
