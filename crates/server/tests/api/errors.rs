//! The error body everywhere: malformed input, unknown routes, wrong methods, large bodies.

use hearth_common::error::ErrorBody;
use reqwest::{Method, StatusCode};

use crate::helpers::TestApp;
use crate::on_both_databases;

on_both_databases!(framework_errors_use_the_error_body, health_and_headers);

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
