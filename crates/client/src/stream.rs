//! The live stream (`/api/v1/stream`) as a sequence of [`Event`]s: over tokio-tungstenite
//! natively, over the browser's `WebSocket` in wasm32. Both send the token the way their
//! platform allows (a header natively, `?access_token=` in browsers).

use hearth_common::events::Event;

/// Why the stream ended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stream closed ({code:?}): {reason}")]
pub struct StreamEnd {
    /// The WebSocket close code, when the server sent one (see `events::close_code`).
    pub code: Option<u16>,
    pub reason: String,
}

impl StreamEnd {
    fn broken(reason: impl ToString) -> StreamEnd {
        StreamEnd {
            code: None,
            reason: reason.to_string(),
        }
    }
}

/// The path and query of the stream, without the token.
fn stream_path(since: Option<u64>) -> String {
    match since {
        Some(id) => format!("/api/v1/stream?since={id}"),
        None => "/api/v1/stream".to_owned(),
    }
}

/// `http(s)://…` → `ws(s)://…`.
fn ws_url(base_url: &str, path_and_query: &str) -> String {
    let base = if let Some(rest) = base_url.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = base_url.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        base_url.to_owned()
    };
    format!("{base}{path_and_query}")
}

/// A frame with its `data` still unread.
#[derive(serde::Deserialize)]
struct Frame<'a> {
    id: u64,
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(borrow)]
    data: &'a serde_json::value::RawValue,
}

/// Reads a frame in two steps, `type` first, then `data` as that type: the same parsing
/// the REST answers use, instead of a second, much larger one for the tagged enum (which
/// matters in the web app's size). A type this client does not know is `None`, to be
/// skipped: servers add event types, and an older client must carry on.
fn parse(text: &str) -> Result<Option<Event>, StreamEnd> {
    use hearth_common::events::EventBody as B;
    let unreadable = |e: serde_json::Error| StreamEnd::broken(format!("unreadable event: {e}"));
    let frame: Frame<'_> = serde_json::from_str(text).map_err(unreadable)?;
    let data = frame.data.get();
    let body = match frame.kind {
        "post.created" => B::PostCreated(serde_json::from_str(data).map_err(unreadable)?),
        "post.updated" => B::PostUpdated(serde_json::from_str(data).map_err(unreadable)?),
        "post.preview" => B::PostPreview(serde_json::from_str(data).map_err(unreadable)?),
        "post.deleted" => B::PostDeleted(serde_json::from_str(data).map_err(unreadable)?),
        "post.reactions" => B::PostReactions(serde_json::from_str(data).map_err(unreadable)?),
        "comment.created" => B::CommentCreated(serde_json::from_str(data).map_err(unreadable)?),
        "message.created" => B::MessageCreated(serde_json::from_str(data).map_err(unreadable)?),
        "message.read" => B::MessageRead(serde_json::from_str(data).map_err(unreadable)?),
        "typing" => B::Typing(serde_json::from_str(data).map_err(unreadable)?),
        "notification.created" => {
            B::NotificationCreated(serde_json::from_str(data).map_err(unreadable)?)
        }
        "must_read.acknowledged" => {
            B::MustReadAcknowledged(serde_json::from_str(data).map_err(unreadable)?)
        }
        "report.opened" => B::ReportOpened(serde_json::from_str(data).map_err(unreadable)?),
        "insights.todo_changed" => B::TodoChanged(serde_json::from_str(data).map_err(unreadable)?),
        "media.processed" => B::MediaProcessed(serde_json::from_str(data).map_err(unreadable)?),
        "stream.reset" => B::StreamReset(serde_json::from_str(data).map_err(unreadable)?),
        _ => return Ok(None),
    };
    Ok(Some(Event { id: frame.id, body }))
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use futures_util::StreamExt;
    use hearth_common::events::Event;
    use tokio::net::TcpStream;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::http::HeaderValue;
    use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

    use super::{parse, stream_path, ws_url, StreamEnd};
    use crate::{Client, ClientError};

    /// An open live stream.
    #[derive(Debug)]
    pub struct EventStream {
        socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    }

    impl Client {
        /// Opens the live stream; with `since`, the events after that id come first.
        pub async fn stream(&self, since: Option<u64>) -> Result<EventStream, ClientError> {
            let url = ws_url(self.base_url(), &stream_path(since));
            let mut request = url.into_client_request().map_err(unexpected)?;
            if let Some(token) = self.token() {
                let value =
                    HeaderValue::from_str(&format!("Bearer {token}")).map_err(unexpected)?;
                request.headers_mut().insert("authorization", value);
            }
            match tokio_tungstenite::connect_async(request).await {
                Ok((socket, _)) => Ok(EventStream { socket }),
                Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                    let status = response.status().as_u16();
                    let body = response.into_body().unwrap_or_default();
                    Err(match serde_json::from_slice(&body) {
                        Ok(body) => ClientError::Api { status, body },
                        Err(_) => ClientError::Unexpected {
                            status,
                            message: String::from_utf8_lossy(&body).into_owned(),
                        },
                    })
                }
                Err(e) => Err(unexpected(e)),
            }
        }
    }

    fn unexpected(e: impl ToString) -> ClientError {
        ClientError::Unexpected {
            status: 0,
            message: e.to_string(),
        }
    }

    impl EventStream {
        /// The next event, or why the stream ended.
        pub async fn next(&mut self) -> Result<Event, StreamEnd> {
            loop {
                match self.socket.next().await {
                    Some(Ok(Message::Text(text))) => {
                        if let Some(event) = parse(text.as_str()).transpose() {
                            return event;
                        }
                    }
                    Some(Ok(Message::Close(frame))) => {
                        return Err(match frame {
                            Some(frame) => StreamEnd {
                                code: Some(u16::from(frame.code))
                                    .filter(|_| frame.code != CloseCode::Status),
                                reason: frame.reason.to_string(),
                            },
                            None => StreamEnd::broken("closed"),
                        })
                    }
                    // Pings are answered by the library; nothing else is sent.
                    Some(Ok(_)) => {}
                    Some(Err(e)) => return Err(StreamEnd::broken(e)),
                    None => return Err(StreamEnd::broken("closed")),
                }
            }
        }

        /// Closes the stream politely.
        pub async fn close(mut self) {
            let _ = self.socket.close(None).await;
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use futures_channel::mpsc;
    use futures_util::StreamExt;
    use hearth_common::events::Event;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{CloseEvent, MessageEvent, WebSocket};

    use super::{parse, stream_path, ws_url, StreamEnd};
    use crate::{Client, ClientError};

    #[derive(Debug)]
    enum Incoming {
        Opened,
        Text(String),
        Closed(StreamEnd),
    }

    /// An open live stream. Dropping it closes the socket.
    #[derive(Debug)]
    pub struct EventStream {
        socket: WebSocket,
        incoming: mpsc::UnboundedReceiver<Incoming>,
        _on_open: Closure<dyn FnMut()>,
        _on_message: Closure<dyn FnMut(MessageEvent)>,
        _on_close: Closure<dyn FnMut(CloseEvent)>,
    }

    impl Client {
        /// Opens the live stream; with `since`, the events after that id come first. The
        /// token travels as `?access_token=`, since browsers cannot set headers here.
        pub async fn stream(&self, since: Option<u64>) -> Result<EventStream, ClientError> {
            let mut path = stream_path(since);
            if let Some(token) = self.token() {
                let separator = if path.contains('?') { '&' } else { '?' };
                path = format!("{path}{separator}access_token={}", encode(token));
            }
            let socket = WebSocket::new(&ws_url(self.base_url(), &path)).map_err(|e| {
                ClientError::Unexpected {
                    status: 0,
                    message: format!("{e:?}"),
                }
            })?;
            let (sender, mut incoming) = mpsc::unbounded();
            let on_open = {
                let sender = sender.clone();
                Closure::<dyn FnMut()>::new(move || {
                    let _ = sender.unbounded_send(Incoming::Opened);
                })
            };
            let on_message = {
                let sender = sender.clone();
                Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                    if let Some(text) = event.data().as_string() {
                        let _ = sender.unbounded_send(Incoming::Text(text));
                    }
                })
            };
            let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |event: CloseEvent| {
                let code = Some(event.code()).filter(|c| *c != 1005 && *c != 1006);
                let _ = sender.unbounded_send(Incoming::Closed(StreamEnd {
                    code,
                    reason: event.reason(),
                }));
            });
            socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
            socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
            // Open means the server is already following events for this client.
            match incoming.next().await {
                Some(Incoming::Opened) => Ok(EventStream {
                    socket,
                    incoming,
                    _on_open: on_open,
                    _on_message: on_message,
                    _on_close: on_close,
                }),
                other => Err(ClientError::Unexpected {
                    status: 0,
                    message: match other {
                        Some(Incoming::Closed(end)) => end.to_string(),
                        _ => "the stream did not open".into(),
                    },
                }),
            }
        }
    }

    /// Tokens are base64url and dots, but encode anything else to be safe.
    fn encode(token: &str) -> String {
        token
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }

    impl EventStream {
        /// The next event, or why the stream ended.
        pub async fn next(&mut self) -> Result<Event, StreamEnd> {
            loop {
                return match self.incoming.next().await {
                    Some(Incoming::Text(text)) => match parse(&text).transpose() {
                        Some(event) => event,
                        None => continue,
                    },
                    Some(Incoming::Closed(end)) => Err(end),
                    Some(Incoming::Opened) => continue,
                    None => Err(StreamEnd::broken("closed")),
                };
            }
        }

        pub async fn close(self) {
            let _ = self.socket.close();
        }
    }

    impl Drop for EventStream {
        fn drop(&mut self) {
            self.socket.set_onopen(None);
            self.socket.set_onmessage(None);
            self.socket.set_onclose(None);
            let _ = self.socket.close();
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::EventStream;
#[cfg(not(target_arch = "wasm32"))]
pub use native::EventStream;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_read_as_the_tagged_enum_does() {
        let text = r#"{"id":9,"type":"typing","data":{"conversation_id":"c","user":{"id":"u","username":"ann","display_name":"Ann","role":"member","title":null,"avatar_url":null}}}"#;
        let expected: Event = serde_json::from_str(text).unwrap();
        assert_eq!(parse(text).unwrap(), Some(expected));
        assert_eq!(
            parse(r#"{"id":1,"type":"from.a.newer.server","data":{}}"#).unwrap(),
            None,
            "skipped"
        );
        assert!(parse(r#"{"id":1,"type":"typing","data":{}}"#).is_err());
        let acknowledged = r#"{"id":3,"type":"must_read.acknowledged","data":{"post_id":"p","acknowledged":1,"total":2}}"#;
        let expected: Event = serde_json::from_str(acknowledged).unwrap();
        assert_eq!(parse(acknowledged).unwrap(), Some(expected));
    }

    #[test]
    fn stream_urls() {
        assert_eq!(
            ws_url("http://127.0.0.1:8080", &stream_path(Some(42))),
            "ws://127.0.0.1:8080/api/v1/stream?since=42"
        );
        assert_eq!(
            ws_url("https://hearth.example", &stream_path(None)),
            "wss://hearth.example/api/v1/stream"
        );
    }
}
