//! The signed-in session: kept in a signal for the app and in localStorage so a reload keeps
//! the person signed in.

use hearth_common::auth::AuthResponse;
use hearth_common::users::User;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const STORAGE_KEY: &str = "hearth.session";

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
    pub user: User,
}

impl Session {
    pub fn from_auth(auth: AuthResponse) -> Session {
        Session {
            access_token: auth.access_token,
            refresh_token: auth.refresh_token,
            user: auth.user,
        }
    }
}

/// Keeps a new session (from register, login or refresh) in the app and in storage.
pub fn begin(session: SessionSignal, auth: AuthResponse) {
    let started = Session::from_auth(auth);
    save(&started);
    session.set(Some(started));
}

/// The app-wide session signal, provided by `App`.
pub type SessionSignal = RwSignal<Option<Session>>;

pub fn use_session() -> SessionSignal {
    expect_context::<SessionSignal>()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// What is kept in localStorage.
#[derive(Serialize, Deserialize)]
struct Saved {
    access_token: String,
    refresh_token: String,
}

/// The tokens saved by an earlier visit: (access, refresh).
pub fn load_tokens() -> Option<(String, String)> {
    let raw = storage()?.get_item(STORAGE_KEY).ok()??;
    let saved: Saved = serde_json::from_str(&raw).ok()?;
    Some((saved.access_token, saved.refresh_token))
}

pub fn save(session: &Session) {
    if let Some(storage) = storage() {
        let saved = Saved {
            access_token: session.access_token.clone(),
            refresh_token: session.refresh_token.clone(),
        };
        if let Ok(text) = serde_json::to_string(&saved) {
            let _ = storage.set_item(STORAGE_KEY, &text);
        }
    }
}

pub fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}
