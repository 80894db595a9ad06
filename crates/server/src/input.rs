//! The checks every request's raw input passes before any handler sees it: no control
//! characters in the path, the query string or the JSON body, and a JSON body that is an
//! object (every operation that takes a body takes an object; the optional reaction body may
//! also be `null`).
//!
//! One place, so that no id, cursor, search text or sign-in name with a NUL reaches a query
//! (PostgreSQL refuses NUL in text, which would be a 500), and no name or post carries an
//! invisible control character. Line breaks and tabs stay allowed in bodies.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use actix_web::HttpMessage;
use actix_web::ResponseError;
use futures_util::StreamExt;
use hearth_common::error::ErrorCode;

use crate::error::ApiError;
use crate::startup::BODY_LIMIT;

pub async fn check_input(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let uri = req.uri();
    let address_ok = !has_encoded_control(uri.path().as_bytes())
        && !uri
            .query()
            .is_some_and(|q| has_encoded_control(q.as_bytes()));
    if !address_ok {
        return Ok(refuse(
            req,
            ApiError::bad_request(
                ErrorCode::InvalidCharacters,
                "the address contains a control character",
            ),
        ));
    }
    if !is_json(&req) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let body = match read_body(req.take_payload()).await {
        Ok(body) => body,
        Err(e) => return Ok(refuse(req, e)),
    };
    if let Err(e) = check_json(&body) {
        return Ok(refuse(req, e));
    }
    req.set_payload(Payload::from(body));
    Ok(next.call(req).await?.map_into_boxed_body())
}

fn refuse(req: ServiceRequest, error: ApiError) -> ServiceResponse<BoxBody> {
    req.into_response(error.error_response())
}

fn is_json(req: &ServiceRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let v = v.trim_start().to_ascii_lowercase();
            v.starts_with("application/json") || v.contains("+json")
        })
}

async fn read_body(mut payload: Payload) -> Result<Bytes, ApiError> {
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::bad_request(ErrorCode::InvalidJson, "the request body could not be read")
        })?;
        if body.len() + chunk.len() > BODY_LIMIT {
            return Err(ApiError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// A body that is empty, `null` or an object, with no control character but line breaks
/// and tabs in its strings. Malformed JSON is left to the extractor's own error.
fn check_json(body: &[u8]) -> Result<(), ApiError> {
    let text = body.trim_ascii();
    let first = text.first().copied();
    if !(first.is_none() || first == Some(b'{') || text == b"null") && looks_like_json(first) {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidJson,
            "the JSON body must be an object",
        ));
    }
    if has_escaped_control(text) {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidCharacters,
            "the body contains a control character (only line breaks and tabs are allowed)",
        ));
    }
    Ok(())
}

/// A first byte that starts a JSON value other than an object.
fn looks_like_json(first: Option<u8>) -> bool {
    matches!(
        first,
        Some(b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n')
    )
}

/// A control character, which a path or query string can only carry percent-encoded (or
/// raw, where a client sends it anyway).
fn has_encoded_control(raw: &[u8]) -> bool {
    let mut i = 0;
    while i < raw.len() {
        let byte = match raw[i] {
            b'%' if i + 2 < raw.len() => {
                let hex = std::str::from_utf8(&raw[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(decoded) => {
                        i += 2;
                        decoded
                    }
                    None => b'%',
                }
            }
            other => other,
        };
        if is_control(byte) {
            return true;
        }
        i += 1;
    }
    false
}

/// A control character other than a line break or tab inside a JSON string. JSON can only
/// carry them escaped (`\u0000`, `\b`, `\f`), and a backslash only occurs inside strings, so
/// walking the escapes finds every one.
fn has_escaped_control(json: &[u8]) -> bool {
    let mut i = 0;
    while i < json.len() {
        if json[i] != b'\\' {
            if is_control(json[i]) && !matches!(json[i], b'\n' | b'\t' | b'\r') {
                return true;
            }
            i += 1;
            continue;
        }
        match json.get(i + 1) {
            Some(b'b' | b'f') => return true,
            Some(b'u') => {
                let code = json
                    .get(i + 2..i + 6)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u16::from_str_radix(h, 16).ok());
                if let Some(code) = code {
                    if code < 0x80 && is_control(code as u8) && !matches!(code, 0x0a | 0x09 | 0x0d)
                    {
                        return true;
                    }
                }
                i += 6;
            }
            _ => i += 2,
        }
    }
    false
}

fn is_control(byte: u8) -> bool {
    byte < 0x20 || byte == 0x7f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_in_addresses() {
        for bad in [
            "/api/v1/posts/%00",
            "/a%1Fb",
            "q=a%7fb",
            "cursor=%0a",
            "a\u{1}b",
        ] {
            assert!(has_encoded_control(bad.as_bytes()), "{bad}");
        }
        for good in [
            "/api/v1/posts/abc",
            "q=caf%C3%A9",
            "q=100%25",
            "q=%",
            "q=%2",
            "q=%zz",
        ] {
            assert!(!has_encoded_control(good.as_bytes()), "{good}");
        }
    }

    #[test]
    fn control_characters_in_bodies() {
        for bad in [
            r#"{"login":"a\u0000b"}"#,
            r#"{"body":"\u001F"}"#,
            r#"{"body":"\u007f"}"#,
            r#"{"body":"\b"}"#,
            r#"{"body":"x\f"}"#,
            r#"{"body":"\\\u0001"}"#,
        ] {
            assert!(has_escaped_control(bad.as_bytes()), "{bad}");
        }
        for good in [
            r#"{"body":"line\nbreak\ttab\r"}"#,
            r#"{"body":"\u000a\u0009 caf\u00e9 \ud83d\ude00"}"#,
            r#"{"body":"\\u0000 is how NUL is written"}"#,
            "{\n\t\"body\": \"x\"\r\n}",
        ] {
            assert!(!has_escaped_control(good.as_bytes()), "{good}");
        }
    }

    #[test]
    fn bodies_are_objects() {
        for good in ["", "  ", "{}", " {\"a\":1}", "null"] {
            assert!(check_json(good.as_bytes()).is_ok(), "{good}");
        }
        for bad in ["[null,null]", "[]", "\"x\"", "1", "true", "nullx"] {
            assert!(check_json(bad.as_bytes()).is_err(), "{bad}");
        }
        // Not JSON at all: the extractor's own 400 says so.
        assert!(check_json(b"<xml>").is_ok());
    }
}
