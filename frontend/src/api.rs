//! Calls to the API: one client for the page's own origin, with the session's token, and a
//! transparent refresh when the access token has expired.

use std::future::Future;
use std::pin::Pin;

use hearth_client::{Client, ClientError};
use hearth_common::users::UserProfile;
use leptos::prelude::*;

use crate::session::{self, Session, SessionSignal};

/// The server that served this page.
pub fn client() -> Client {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    Client::new(&origin)
}

/// A person-readable sentence for an error, with the fields that were wrong.
pub fn describe(err: &ClientError) -> String {
    match err.body() {
        Some(body) if !body.error.fields.is_empty() => {
            let fields: Vec<String> = body
                .error
                .fields
                .iter()
                .map(|(field, problem)| format!("{}: {problem}", field.replace('_', " ")))
                .collect();
            format!("{} ({})", body.error.message, fields.join("; "))
        }
        Some(body) => capitalised(&body.error.message),
        None => "Hearth could not be reached. Check your connection and try again.".into(),
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One API call, boxed: the retry logic below is compiled once per answer type rather than
/// once per call site, which keeps the app smaller.
type Call<T> = Box<dyn Fn(Client) -> Pin<Box<dyn Future<Output = Result<T, ClientError>>>>>;

/// Runs `call` with the session's access token; on a 401 it refreshes the tokens once and
/// tries again. When the refresh fails too, the person is signed out.
pub async fn authed<T, F, Fut>(session: SessionSignal, call: F) -> Result<T, ClientError>
where
    T: 'static,
    F: Fn(Client) -> Fut + 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    let call: Call<T> = Box::new(move |c| Box::pin(call(c)));
    with_fresh_token(session, call).await
}

async fn with_fresh_token<T>(session: SessionSignal, call: Call<T>) -> Result<T, ClientError> {
    let Some(current) = session.get_untracked() else {
        return Err(ClientError::Unexpected {
            status: 401,
            message: "signed out".into(),
        });
    };
    let base = client();
    match call(base.with_token(&current.access_token)).await {
        Err(err) if err.status() == Some(401) => match renew(session, &base, &current).await {
            Some(token) => call(base.with_token(&token)).await,
            None => Err(err),
        },
        other => other,
    }
}

/// New tokens for the session, or `None` (and signed out) when the login is gone. When
/// another call of this tab, or another tab (they share storage), has renewed them since
/// `current` was read, those are used instead of refreshing again; calls that still refresh
/// at the same moment are all answered by the server's grace for a just-used token.
async fn renew(session: SessionSignal, base: &Client, current: &Session) -> Option<String> {
    if let Some(newer) = session
        .get_untracked()
        .filter(|s| s.refresh_token != current.refresh_token)
    {
        return Some(newer.access_token);
    }
    if let Some((access, refresh)) = session::load_tokens() {
        if refresh != current.refresh_token {
            let adopted = Session {
                access_token: access.clone(),
                refresh_token: refresh,
                ..current.clone()
            };
            session.set(Some(adopted));
            return Some(access);
        }
    }
    match base.refresh(&current.refresh_token).await {
        Ok(auth) => {
            let renewed = Session::from_auth(auth);
            session::save(&renewed);
            let token = renewed.access_token.clone();
            session.set(Some(renewed));
            Some(token)
        }
        Err(_) => {
            session::clear();
            session.set(None);
            None
        }
    }
}

/// Loads something into `target` in the background; a failure lands in `error` as a
/// sentence.
pub fn load_into<T, F, Fut>(
    session: SessionSignal,
    target: RwSignal<Option<T>>,
    error: RwSignal<Option<String>>,
    call: F,
) where
    T: Send + Sync + 'static,
    F: Fn(Client) -> Fut + 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    leptos::task::spawn_local(async move {
        match authed(session, call).await {
            Ok(value) => target.set(Some(value)),
            Err(err) => error.set(Some(describe(&err))),
        }
    });
}

/// Runs a change in the background: `done` with its answer, or its error in `error`.
pub fn act<T, F, Fut>(
    session: SessionSignal,
    error: RwSignal<Option<String>>,
    call: F,
    done: impl FnOnce(T) + 'static,
) where
    T: 'static,
    F: Fn(Client) -> Fut + 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    leptos::task::spawn_local(async move {
        match authed(session, call).await {
            Ok(value) => done(value),
            Err(err) => error.set(Some(describe(&err))),
        }
    });
}

/// Restores the session saved by an earlier visit, if its tokens still work.
pub async fn restore(session: SessionSignal) {
    let Some((access_token, refresh_token)) = session::load_tokens() else {
        return;
    };
    let base = client();
    let restored = match base.with_token(&access_token).me().await {
        Ok(me) => Some(Session {
            access_token,
            refresh_token,
            user: me.user,
        }),
        Err(err) if err.status() == Some(401) => base
            .refresh(&refresh_token)
            .await
            .ok()
            .map(Session::from_auth),
        Err(_) => None,
    };
    match &restored {
        Some(s) => session::save(s),
        None => session::clear(),
    }
    session.set(restored);
}

pub async fn me(session: SessionSignal) -> Result<UserProfile, ClientError> {
    authed(session, |c| async move { c.me().await }).await
}
