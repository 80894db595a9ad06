//! `/profile`: who is signed in, their profile, editing it, and signing out.

use hearth_common::auth::ChangePasswordRequest;
use hearth_common::media::SetImageRequest;
use hearth_common::users::UserProfile;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form_error::FormError;
use crate::components::media::PictureChooser;
use crate::components::profile_card::ProfileCard;
use crate::components::profile_form::ProfileForm;
use crate::pages::insights::MyInsights;
use crate::session::{self, use_session};

#[component]
pub fn Profile() -> impl IntoView {
    let session = use_session();
    let profile = RwSignal::new(None::<UserProfile>);
    let error = RwSignal::new(None::<String>);
    let editing = RwSignal::new(false);
    spawn_local(async move {
        match api::me(session).await {
            Ok(me) => profile.set(Some(me)),
            Err(err) => error.set(Some(api::describe(&err))),
        }
    });

    let sign_out = move |_| {
        spawn_local(async move {
            // Revoke the login on the server; sign out here whatever it answers.
            let _ = api::authed(session, |c| async move { c.logout().await }).await;
            session::clear();
            session.set(None);
        });
    };
    let on_saved = Callback::new(move |updated: UserProfile| {
        session.update(|s| {
            if let Some(s) = s {
                s.user = updated.user.clone();
            }
        });
        profile.set(Some(updated));
        editing.set(false);
    });

    let picture_error = RwSignal::new(None::<String>);
    let set_picture = Callback::new(move |media_id: Option<String>| {
        let request = SetImageRequest { media_id };
        let call = move |c: hearth_client::Client| {
            let request = request.clone();
            async move { c.set_avatar(&request).await }
        };
        api::act(
            session,
            picture_error,
            call,
            move |user: hearth_common::users::User| {
                picture_error.set(None);
                session.update(|s| {
                    if let Some(s) = s {
                        s.user.avatar_url = user.avatar_url.clone();
                    }
                });
                profile.update(|p| {
                    if let Some(p) = p {
                        p.user.avatar_url = user.avatar_url;
                    }
                });
            },
        );
    });
    let has_picture = Signal::derive(move || {
        profile.with(|p| p.as_ref().is_some_and(|p| p.user.avatar_url.is_some()))
    });

    view! {
        <section class="card">
            <h1>
                "Signed in as "
                <span data-testid="signed-in-name">
                    {move || session.get().map(|s| s.user.display_name).unwrap_or_default()}
                </span>
            </h1>
            <div class="actions">
                <button class="secondary" on:click=move |_| editing.update(|e| *e = !*e)>
                    {move || if editing.get() { "Close editor" } else { "Edit profile" }}
                </button>
                <button class="secondary" on:click=sign_out>"Sign out"</button>
            </div>
            <h2>"Your picture"</h2>
            <p class="notice">"Shown beside everything you write. Without one, your initials are shown."</p>
            <PictureChooser has_picture=has_picture id="avatar-file".to_string() on_chosen=set_picture/>
            <FormError error=picture_error/>
        </section>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        {move || match profile.get() {
            None => view! { <p class="muted">"Loading your profile…"</p> }.into_any(),
            Some(p) if editing.get() => view! { <ProfileForm profile=p on_saved=on_saved/> }.into_any(),
            Some(p) => view! { <ProfileCard profile=p/> }.into_any(),
        }}
        <ChangePassword/>
        <MyInsights/>
    }
}

/// Changing one's password; every other login is signed out by it.
#[component]
fn ChangePassword() -> impl IntoView {
    let session = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        done.set(false);
        let call = move |c: hearth_client::Client| {
            let request = request.clone();
            async move { c.change_password(&request).await }
        };
        api::act(session, error, call, move |()| {
            current.set(String::new());
            new.set(String::new());
            error.set(None);
            done.set(true);
        });
    };
    view! {
        <form class="card" on:submit=submit aria-labelledby="password-heading">
            <h2 id="password-heading">"Change password"</h2>
            <label for="current-password">"Current password"</label>
            <input id="current-password" type="password" autocomplete="current-password" required bind:value=current/>
            <label for="new-password">"New password"</label>
            <input id="new-password" type="password" autocomplete="new-password" required minlength="8" maxlength="128"
                aria-describedby="new-password-hint" bind:value=new/>
            <p id="new-password-hint" class="notice">"At least 8 characters. Your other devices will be signed out."</p>
            <FormError error=error/>
            {move || done.get().then(|| view! { <p class="notice" role="status">"Password changed."</p> })}
            <div class="actions"><button type="submit">"Change password"</button></div>
        </form>
    }
}
