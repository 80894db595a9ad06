//! `/register`.

use hearth_common::admin::{PublicInstance, RegistrationMode};
use hearth_common::auth::RegisterRequest;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::components::form_error::FormError;
use crate::session::{self, use_session};

#[component]
pub fn Register() -> impl IntoView {
    let session = use_session();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // A guest arrives with `/register?invite=CODE` from the community that invited them.
    let query = use_query_map();
    let invite = RwSignal::new(query.with_untracked(|q| q.get("invite").unwrap_or_default()));
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let instance = LocalResource::new(|| async { api::client().instance().await.ok() });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = RegisterRequest {
            username: username.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
            display_name: display_name.get_untracked(),
            invite_code: Some(invite.get_untracked()).filter(|c| !c.trim().is_empty()),
        };
        let navigate = navigate.clone();
        busy.set(true);
        spawn_local(async move {
            let result = api::client().register(&request).await;
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
            <form class="card" on:submit=submit.clone() aria-labelledby="register-heading">
                <h1 id="register-heading">"Create your Hearth account"</h1>
                {move || instance.get().flatten().map(|i| view! { <p class="notice">{who_may(&i)}</p> })}
                <label for="display_name">"Your name"</label>
                <input id="display_name" name="display_name" autocomplete="name" required maxlength="80" bind:value=display_name/>
                <label for="username">"Username"</label>
                <input id="username" name="username" autocomplete="username" required minlength="3" maxlength="30"
                    pattern="[A-Za-z0-9_.\\-]+" aria-describedby="username-hint" bind:value=username/>
                <p id="username-hint" class="notice">"3 to 30 letters, digits, dots, dashes or underscores."</p>
                <label for="email">"E-mail"</label>
                <input id="email" name="email" type="email" autocomplete="email" required maxlength="254" bind:value=email/>
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="new-password" required minlength="8"
                    aria-describedby="password-hint" bind:value=password/>
                <p id="password-hint" class="notice">"At least 8 characters."</p>
                <label for="invite">"Invite code (guests only)"</label>
                <input id="invite" name="invite" autocomplete="off" aria-describedby="invite-hint" bind:value=invite/>
                <p id="invite-hint" class="notice">"Guests from outside the company get one from the community that invited them."</p>
                <FormError error=error/>
                <div class="actions">
                    <button type="submit" disabled=move || busy.get()>"Create account"</button>
                    <span class="muted">"Have an account? " <A href="/signin">"Sign in"</A></span>
                </div>
            </form>
        </Show>
    }
}

/// Who may register here, said before anyone tries.
fn who_may(instance: &PublicInstance) -> String {
    if instance.needs_admin {
        return "You are the first here: your account becomes the admin, and you then choose how \
            everyone else joins."
            .into();
    }
    match instance.registration {
        RegistrationMode::Open => "Anyone may create an account.".into(),
        RegistrationMode::Domains => format!(
            "Use your work e-mail address (at {}). Guests need an invite code.",
            instance.allowed_domains.join(" or ")
        ),
        RegistrationMode::Invitation => {
            "Accounts are by invitation only: you need an invite code.".into()
        }
        RegistrationMode::Undecided => {
            "Hearth is being set up: registration opens once its admin has chosen how people \
                join."
                .into()
        }
    }
}
