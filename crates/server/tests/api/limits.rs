//! The text limits the API document states are the server's: for each limited field of the
//! main writes, a value exactly at the document's `maxLength` is accepted and one character
//! more is refused with 422, and a field with a `minLength` refuses an empty value. The
//! limits are read from the document, so a limit changed on one side only fails here.

use reqwest::Method;
use serde_json::{json, Value};
use utoipa::OpenApi;

use crate::helpers::TestApp;
use crate::on_both_databases;

on_both_databases!(the_documents_text_limits_are_the_servers);

/// A limited field and the request that carries it: (schema, field, method, path, body with
/// `"{}"` where the value goes).
type Case = (&'static str, &'static str, Method, String, Value);

async fn the_documents_text_limits_are_the_servers(app: TestApp) {
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let token = ann.auth.access_token.clone();
    let post = ann
        .client
        .create_post(&hearth_common::posts::CreatePostRequest {
            body: "a post".into(),
            title: None,
            group_id: None,
            attachments: Vec::new(),
        })
        .await
        .unwrap();
    let conversation = ann.client.start_conversation(&[bob.id()]).await.unwrap();
    let doc = serde_json::to_value(hearth_server::openapi::ApiDoc::openapi()).unwrap();
    let slot = json!("{}");
    let cases: Vec<Case> = vec![
        (
            "CreatePostRequest",
            "body",
            Method::POST,
            "/api/v1/posts".into(),
            json!({"body": slot}),
        ),
        (
            "CreatePostRequest",
            "title",
            Method::POST,
            "/api/v1/posts".into(),
            json!({"body": "x", "title": slot}),
        ),
        (
            "UpdatePostRequest",
            "body",
            Method::PATCH,
            format!("/api/v1/posts/{}", post.id),
            json!({"body": slot}),
        ),
        (
            "PreviewRequest",
            "body",
            Method::POST,
            "/api/v1/preview".into(),
            json!({"body": slot}),
        ),
        (
            "CreateCommentRequest",
            "body",
            Method::POST,
            format!("/api/v1/posts/{}/comments", post.id),
            json!({"body": slot}),
        ),
        (
            "ShareRequest",
            "body",
            Method::POST,
            format!("/api/v1/posts/{}/shares", post.id),
            json!({"body": slot}),
        ),
        (
            "SendMessageRequest",
            "body",
            Method::POST,
            format!("/api/v1/conversations/{}/messages", conversation.id),
            json!({"body": slot}),
        ),
        (
            "UpdateProfileRequest",
            "display_name",
            Method::PATCH,
            "/api/v1/me".into(),
            json!({"display_name": slot}),
        ),
        (
            "UpdateProfileRequest",
            "title",
            Method::PATCH,
            "/api/v1/me".into(),
            json!({"title": slot}),
        ),
        (
            "UpdateProfileRequest",
            "department",
            Method::PATCH,
            "/api/v1/me".into(),
            json!({"department": slot}),
        ),
        (
            "UpdateProfileRequest",
            "location",
            Method::PATCH,
            "/api/v1/me".into(),
            json!({"location": slot}),
        ),
        (
            "UpdateProfileRequest",
            "bio",
            Method::PATCH,
            "/api/v1/me".into(),
            json!({"bio": slot}),
        ),
        (
            "CreateGroupRequest",
            "name",
            Method::POST,
            "/api/v1/groups".into(),
            json!({"name": slot, "privacy": "open"}),
        ),
        (
            "CreateGroupRequest",
            "description",
            Method::POST,
            "/api/v1/groups".into(),
            json!({"name": "x", "description": slot, "privacy": "open"}),
        ),
        (
            "CreateTokenRequest",
            "name",
            Method::POST,
            "/api/v1/me/tokens".into(),
            json!({"name": slot}),
        ),
        (
            "AmbassadorMessageRequest",
            "body",
            Method::POST,
            "/api/v1/ambassadors/message".into(),
            json!({"body": slot}),
        ),
    ];
    let mut checked = 0;
    for (schema, field, method, path, template) in cases {
        let property = &doc["components"]["schemas"][schema]["properties"][field];
        let max = property["maxLength"]
            .as_u64()
            .unwrap_or_else(|| panic!("{schema}.{field} states no maxLength"))
            as usize;
        let send = |value: String| {
            let body = fill(&template, &value);
            let request = app
                .anon
                .request(method.clone(), &path)
                .bearer_auth(&token)
                .json(&body);
            async move { request.send().await.unwrap().status().as_u16() }
        };
        let at_limit = send("a".repeat(max)).await;
        assert!(
            (200..300).contains(&at_limit),
            "{schema}.{field}: {max} characters (the document's maxLength) refused with {at_limit}"
        );
        // Characters, not bytes: the limit holds for text beyond ASCII too.
        let wide = send("é".repeat(max)).await;
        assert!(
            (200..300).contains(&wide),
            "{schema}.{field}: {max} × 'é' refused with {wide}"
        );
        let over = send("a".repeat(max + 1)).await;
        assert_eq!(over, 422, "{schema}.{field}: {} characters", max + 1);
        if property["minLength"].as_u64().is_some_and(|min| min >= 1) {
            assert_eq!(send(String::new()).await, 422, "{schema}.{field}: empty");
        }
        checked += 1;
    }
    eprintln!("limits: {checked} fields checked at their document limits");
}

/// `template` with every `"{}"` string replaced by `value`.
fn fill(template: &Value, value: &str) -> Value {
    match template {
        Value::String(s) if s == "{}" => Value::String(value.to_owned()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), fill(v, value)))
                .collect(),
        ),
        other => other.clone(),
    }
}
