//! The error body everywhere: malformed input, unknown routes, wrong methods, large bodies.

use hearth_common::error::ErrorBody;
use reqwest::{Method, StatusCode};

use crate::helpers::TestApp;
use crate::on_both_databases;

on_both_databases!(
    framework_errors_use_the_error_body,
    health_and_headers,
    every_protected_endpoint_needs_a_valid_token,
);

/// Every endpoint that needs a signed-in caller, with a body that would be valid.
fn protected_endpoints(user_id: &str) -> Vec<(Method, String, Option<serde_json::Value>)> {
    use serde_json::json;
    vec![
        (Method::POST, "/api/v1/auth/logout".into(), None),
        (
            Method::POST,
            "/api/v1/auth/password".into(),
            Some(json!({"current_password": "x", "new_password": "long enough"})),
        ),
        (Method::GET, "/api/v1/me".into(), None),
        (
            Method::PATCH,
            "/api/v1/me".into(),
            Some(json!({"title": "x"})),
        ),
        (Method::GET, "/api/v1/me/tokens".into(), None),
        (
            Method::POST,
            "/api/v1/me/tokens".into(),
            Some(json!({"name": "x"})),
        ),
        (Method::DELETE, "/api/v1/me/tokens/some-id".into(), None),
        (Method::GET, "/api/v1/users".into(), None),
        (Method::GET, format!("/api/v1/users/{user_id}"), None),
        (Method::PUT, format!("/api/v1/users/{user_id}/follow"), None),
        (
            Method::DELETE,
            format!("/api/v1/users/{user_id}/follow"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/users/{user_id}/followers"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/users/{user_id}/following"),
            None,
        ),
        (
            Method::PATCH,
            format!("/api/v1/admin/users/{user_id}"),
            Some(json!({"suspended": true})),
        ),
        (Method::GET, "/api/v1/admin/settings".into(), None),
        (
            Method::PATCH,
            "/api/v1/admin/settings".into(),
            Some(json!({"registration": "invitation"})),
        ),
    ]
}

async fn every_protected_endpoint_needs_a_valid_token(app: TestApp) {
    let ann = app.register("ann").await;
    let callers = [
        (app.anon.clone(), "missing_token"),
        (app.anon.with_token("garbage"), "invalid_token"),
        (app.anon.with_token("hpat_no-such-token"), "invalid_token"),
    ];
    for (method, path, body) in protected_endpoints(ann.id()) {
        for (client, code) in &callers {
            let mut request = client.request(method.clone(), &path);
            if let Some(body) = &body {
                request = request.json(body);
            }
            let response = request.send().await.unwrap();
            assert_eq!(
                response.headers()["www-authenticate"],
                "Bearer",
                "{method} {path}"
            );
            let (status, got) = error_of(response).await;
            assert_eq!(
                (status.as_u16(), got.as_str()),
                (401, *code),
                "{method} {path}"
            );
        }
    }
    // Nothing was changed by any of them.
    let me = ann.client.me().await.unwrap();
    assert!(!me.user.suspended && me.user.title.is_none());
    assert_eq!(
        ann.client.settings().await.unwrap().registration,
        hearth_common::admin::RegistrationMode::Domains
    );
}

async fn error_of(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let body: ErrorBody = response.json().await.expect("an error body");
    (status, body.error.code)
}

async fn framework_errors_use_the_error_body(app: TestApp) {
    let ann = app.register("ann").await;
    let c = &ann.client;
    let cases = [
        (
            c.request(Method::POST, "/api/v1/auth/login")
                .header("content-type", "application/json")
                .body("{bad"),
            400,
            "invalid_json",
        ),
        (
            c.request(Method::POST, "/api/v1/auth/login")
                .json(&serde_json::json!({"login": "ann"})),
            400,
            "invalid_json",
        ),
        (
            c.request(Method::POST, "/api/v1/auth/login")
                .body("login=ann"),
            400,
            "invalid_json",
        ),
        (
            c.request(Method::PATCH, "/api/v1/me")
                .json(&serde_json::json!({"display_name": 5})),
            400,
            "invalid_json",
        ),
        (
            c.request(Method::GET, "/api/v1/users?limit=many"),
            400,
            "invalid_query",
        ),
        (
            c.request(Method::GET, "/api/v1/no-such-thing"),
            404,
            "not_found",
        ),
        (c.request(Method::GET, "/no-web-app-here"), 404, "not_found"),
        (
            c.request(Method::DELETE, "/api/v1/me"),
            405,
            "method_not_allowed",
        ),
        (
            c.request(Method::PATCH, "/api/v1/me")
                .header("content-type", "application/json")
                .body(format!("{{\"bio\": \"{}\"}}", "x".repeat(70_000))),
            413,
            "payload_too_large",
        ),
    ];
    for (request, status, code) in cases {
        let (got_status, got_code) = error_of(request.send().await.unwrap()).await;
        assert_eq!((got_status.as_u16(), got_code.as_str()), (status, code));
    }
    assert_eq!(c.me().await.unwrap().user.bio, None, "nothing was changed");
}

async fn health_and_headers(app: TestApp) {
    let healthz = app
        .anon
        .request(Method::GET, "/healthz")
        .send()
        .await
        .unwrap();
    assert_eq!(healthz.status(), 200);
    assert!(app.anon.ready().await.unwrap());
    let ann = app.register("ann").await;
    let me = ann
        .client
        .request(Method::GET, "/api/v1/me")
        .send()
        .await
        .unwrap();
    assert_eq!(me.headers()["cache-control"], "private, no-store");
    assert!(me.headers().contains_key("x-request-id"));
    let spec: serde_json::Value = app
        .anon
        .request(Method::GET, "/api/openapi.json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(spec["info"]["title"], "Hearth API");
    assert!(spec["paths"]["/api/v1/auth/register"]["post"].is_object());
}
