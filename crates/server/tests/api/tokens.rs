//! Personal access tokens.

use hearth_common::auth::CreateTokenRequest;

use crate::helpers::{assert_error, error_fields, TestApp};
use crate::on_both_databases;

on_both_databases!(
    personal_tokens_work_as_bearer_and_can_be_revoked,
    personal_token_input_is_checked
);

async fn personal_tokens_work_as_bearer_and_can_be_revoked(app: TestApp) {
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let request = CreateTokenRequest {
        name: "CI bot".into(),
        expires_at: None,
    };
    let created = ann.client.create_token(&request).await.unwrap();
    assert!(created.token.starts_with("hpat_"));
    assert_eq!(created.info.name, "CI bot");

    let listed = ann.client.tokens().await.unwrap();
    assert_eq!(listed.len(), 1);
    let listed_json = serde_json::to_string(&listed).unwrap();
    assert!(
        !listed_json.contains(&created.token),
        "the secret is shown once only"
    );

    let integrator = app.anon.with_token(&created.token);
    assert_eq!(integrator.me().await.unwrap().user.id, ann.user.id);
    assert!(ann.client.tokens().await.unwrap()[0].last_used_at.is_some());

    assert_error(
        bob.client.delete_token(&created.info.id).await,
        404,
        "not_found",
    );
    integrator.me().await.unwrap();
    ann.client.delete_token(&created.info.id).await.unwrap();
    assert_error(integrator.me().await, 401, "invalid_token");
    assert_error(
        ann.client.delete_token(&created.info.id).await,
        404,
        "not_found",
    );
    assert!(ann.client.tokens().await.unwrap().is_empty());
    assert_error(app.anon.tokens().await, 401, "missing_token");
}

async fn personal_token_input_is_checked(app: TestApp) {
    let ann = app.register("ann").await;
    let unnamed = CreateTokenRequest {
        name: "  ".into(),
        expires_at: None,
    };
    let err = assert_error(
        ann.client.create_token(&unnamed).await,
        422,
        "validation_failed",
    );
    assert_eq!(error_fields(&err), ["name"]);
    let past = CreateTokenRequest {
        name: "old".into(),
        expires_at: Some(chrono::Utc::now() - chrono::Duration::hours(1)),
    };
    let err = assert_error(
        ann.client.create_token(&past).await,
        422,
        "validation_failed",
    );
    assert_eq!(error_fields(&err), ["expires_at"]);
    assert!(
        ann.client.tokens().await.unwrap().is_empty(),
        "nothing was created"
    );

    let soon = CreateTokenRequest {
        name: "short-lived".into(),
        expires_at: Some(chrono::Utc::now() + chrono::Duration::seconds(2)),
    };
    let created = ann.client.create_token(&soon).await.unwrap();
    let integrator = app.anon.with_token(&created.token);
    integrator.me().await.unwrap();
    actix_web::rt::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_error(integrator.me().await, 401, "invalid_token");
}
