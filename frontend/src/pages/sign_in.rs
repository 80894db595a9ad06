//! `/signin`.

use hearth_common::auth::LoginRequest;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::components::form_error::FormError;
use crate::session::{self, use_session};

#[component]
pub fn SignIn() -> impl IntoView {
    let session = use_session();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = LoginRequest {
            login: login.get_untracked(),
            password: password.get_untracked(),
        };
        let navigate = navigate.clone();
        busy.set(true);
        spawn_local(async move {
            let result = api::client().login(&request).await;
            busy.set(false);
            match result {
                Ok(auth) => {
                    session::begin(session, auth);
                    navigate("/", Default::default());
                }
                Err(err) => error.set(Some(api::describe(&err))),
            }
        });
    };

    view! {
        <Show when=move || session.get().is_none() fallback=|| view! { <Redirect path="/"/> }>
            <form class="card" on:submit=submit.clone() aria-labelledby="signin-heading">
                <h1 id="signin-heading">"Sign in to Hearth"</h1>
                <label for="login">"Username or e-mail"</label>
                <input id="login" name="login" autocomplete="username" required bind:value=login/>
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required bind:value=password/>
                <FormError error=error/>
                <p class="muted">"Forgot your password? Ask one of your Hearth admins to help you back in."</p>
                <div class="actions">
                    <button type="submit" disabled=move || busy.get()>"Sign in"</button>
                    <span class="muted">"New here? " <A href="/register">"Create an account"</A></span>
                </div>
            </form>
        </Show>
    }
}
