//! The signed-in session: kept in a signal for the app and in localStorage so a reload keeps
//! the person signed in.

use hearth_common::auth::AuthResponse;
use hearth_common::users::User;
use leptos::prelude::*;
use serde_json::json;

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

/// The tokens saved by an earlier visit: (access, refresh).
pub fn load_tokens() -> Option<(String, String)> {
    let raw = storage()?.get_item(STORAGE_KEY).ok()??;
    let value: serde_json::Value = serde_json::from_str(&raw).ok()?;
    Some((
        value["access_token"].as_str()?.to_owned(),
        value["refresh_token"].as_str()?.to_owned(),
    ))
}

pub fn save(session: &Session) {
    if let Some(storage) = storage() {
        let value = json!({
            "access_token": session.access_token,
            "refresh_token": session.refresh_token,
        });
        let _ = storage.set_item(STORAGE_KEY, &value.to_string());
    }
}

pub fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}
