//! Hostile characters in every input of every operation, generated from the API document:
//! each path parameter, each query parameter and each field of each JSON body in turn
//! carries a NUL or another control character. Every answer is a clear JSON error (never a
//! 5xx), on both databases — PostgreSQL refuses NUL in text, so one that slipped through
//! to a query would be a 500.

use serde_json::{json, Map, Value};
use utoipa::OpenApi;

use crate::helpers::TestApp;
use crate::on_both_databases;

on_both_databases!(control_characters_in_every_input_are_refused_cleanly);

/// What goes into a string: NUL, a C0 control, DEL.
const HOSTILE: [&str; 3] = ["a\u{0}b", "a\u{1b}b", "a\u{7f}b"];
/// The same, percent-encoded, for paths and query strings.
const HOSTILE_ENCODED: [&str; 3] = ["a%00b", "a%1Bb", "a%7Fb"];

async fn control_characters_in_every_input_are_refused_cleanly(app: TestApp) {
    let admin = app.register("admin").await;
    let token = admin.auth.access_token.clone();
    let doc = serde_json::to_value(hearth_server::openapi::ApiDoc::openapi()).unwrap();
    let mut cases = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Ok(verb) = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()) else {
                continue;
            };
            let params: Vec<&Value> = op["parameters"]
                .as_array()
                .map(|a| a.iter().collect())
                .unwrap_or_default();
            let body_fields = body_fields(&doc, op);
            for (i, encoded) in HOSTILE_ENCODED.iter().enumerate() {
                // Each path and query parameter in turn, the others harmless.
                for target in &params {
                    let url = address(path, &params, Some(target), encoded);
                    let body = body_fields.as_ref().map(|f| object(f, None, ""));
                    check(&app, &token, verb.clone(), &url, body).await;
                    cases += 1;
                }
                // Each body field in turn.
                for field in body_fields.iter().flatten() {
                    let url = address(path, &params, None, "");
                    let body = object(body_fields.as_ref().unwrap(), Some(field), HOSTILE[i]);
                    check(&app, &token, verb.clone(), &url, Some(body)).await;
                    cases += 1;
                }
            }
        }
    }
    eprintln!("input: {cases} requests with control characters, every one refused cleanly");
    assert!(cases > 100, "the document yielded only {cases} cases");
}

/// The path with its parameters filled in (`target` with `hostile`), and the query string.
fn address(path: &str, params: &[&Value], target: Option<&&Value>, hostile: &str) -> String {
    let mut url = path.to_owned();
    let mut query = Vec::new();
    for p in params {
        let name = p["name"].as_str().unwrap();
        let value = if target.is_some_and(|t| std::ptr::eq(*t, *p)) {
            hostile.to_owned()
        } else {
            harmless(name)
        };
        match p["in"].as_str() {
            Some("path") => url = url.replace(&format!("{{{name}}}"), &value),
            Some("query") if target.is_some_and(|t| std::ptr::eq(*t, *p)) => {
                query.push(format!("{name}={value}"))
            }
            _ => {}
        }
    }
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.join("&"));
    }
    url
}

fn harmless(name: &str) -> String {
    match name {
        "limit" | "since" => "1".into(),
        _ => "x".into(),
    }
}

/// The names of the JSON body's properties, if the operation takes one.
fn body_fields(doc: &Value, op: &Value) -> Option<Vec<String>> {
    let schema = &op["requestBody"]["content"]["application/json"]["schema"];
    if schema.is_null() {
        return None;
    }
    let schema = resolve(doc, schema);
    Some(
        schema["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default(),
    )
}

/// Follows `$ref` (and the first `$ref` of a `oneOf`, for an optional body).
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap();
        return &doc["components"]["schemas"][name];
    }
    if let Some(first) = schema["oneOf"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["$ref"].is_string()))
    {
        return resolve(doc, first);
    }
    schema
}

/// A body with every field a harmless string, except `target`, which holds `hostile`.
fn object(fields: &[String], target: Option<&String>, hostile: &str) -> Value {
    let mut body = Map::new();
    for field in fields {
        let value = if Some(field) == target { hostile } else { "x" };
        body.insert(field.clone(), json!(value));
    }
    Value::Object(body)
}

async fn check(app: &TestApp, token: &str, verb: reqwest::Method, url: &str, body: Option<Value>) {
    let mut request = app.anon.request(verb.clone(), url).bearer_auth(token);
    if let Some(body) = &body {
        request = request.json(body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert!(
        (400..500).contains(&status),
        "{verb} {url} {body:?}: {status} {text}"
    );
    let parsed: Value =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("{verb} {url}: not JSON: {text}"));
    assert!(parsed["error"]["code"].is_string(), "{verb} {url}: {text}");
}
